
/** Version of the case and result JSON Schemas this module implements. */
export declare const SCHEMA_VERSION: string;
export declare const CLAUSE_VERSION: string;
export declare const STATUS: string;
export declare const VERSION: string;

/** A case, as `clause eval --case` reads it (docs/schemas/cas.schema.json). */
export interface Cas {
  version?: string;
  entrees?: Record<string, number | string | boolean | string[]>;
  contrat?: {
    signature: string;
    jusqu_au?: string | null;
    lettre_intention?: string | null;
    crises?: string[] | null;
    missions?: Record<string, boolean | {
      debut?: string | null;
      deploiement?: string | null;
      atteinte?: number | string | Record<string, number | string> | null;
    }> | null;
  } | null;
}

/** The result of `clause eval --format json` (docs/schemas/resultat.schema.json). */
export interface Resultat {
  version: string;
  tranche: string | null;
  eligible: boolean;
  resultats: { nom: string; libelle: string | null; valeur: string }[];
  versements: {
    date: string;
    annee: number;
    ligne: string;
    libelle: string | null;
    nature: "avance" | "solde" | "variable" | "forfait" | "ponctuel";
    /** Euros, exact, as a decimal string with a dot (`56250.00`). */
    montant: string;
    regle: string;
    /** The version whose value is paid (an amendment, or its base before its date of effect). */
    version: string;
    source: string;
    hypotheses: string[];
  }[];
  totaux_par_annee: { annee: number; debut: string | null; fin: string | null; montant: string }[];
  echeances: {
    mission: string;
    nature: "démarrage" | "déploiement";
    date: string | null;
    statut: "respectée" | "manquée" | "à venir" | "libre" | "non précisée" | "non renseignée";
    detail: string;
  }[];
  hypotheses: string[];
  notes: string[];
}

/** A refused case: each error names its field, in French. */
export declare class CaseErrors extends Error {
  errors: { champ: string; message: string }[];
  /** For a refused batch header: its line in the file. */
  headerLine?: number;
}

/** A row of a batch left out: its line, column and message, as `clause eval --cases` says. */
export interface ErreurDeLigne {
  ligne: number;
  colonne: string;
  message: string;
}

/** Evaluates a case exactly as `clause eval VERSION --case F --format json`; throws CaseErrors. */
export declare function evaluate(caseObject: Cas): Resultat;

/** The text of `clause eval VERSION --cases` for a batch CSV's text (Node and browsers);
 *  a refused header throws CaseErrors. */
export declare function evaluateRows(text: string): { output: string; count: number; errors: ErreurDeLigne[] };

/** `clause eval VERSION --cases IN --out OUT` in Node (20.16 or later): writes OUT, nothing when
 *  the header is refused (CaseErrors). */
export declare function evaluateCsv(inPath: string, outPath: string): { count: number; errors: ErreurDeLigne[] };
