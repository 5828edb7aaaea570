//! The language's keywords, each with its ASCII spelling and a short French explanation shown on
//! hover and in completion.

/// One keyword: its accented spelling, its ASCII spelling and what it means.
#[derive(Debug, Clone, Copy)]
pub struct Keyword {
    pub word: &'static str,
    pub ascii: &'static str,
    pub doc: &'static str,
    /// Reserved: never an identifier (`taux`, `date`, `le`… are keywords only in context).
    pub reserved: bool,
}

const fn kw(word: &'static str, ascii: &'static str, reserved: bool, doc: &'static str) -> Keyword {
    Keyword {
        word,
        ascii,
        doc,
        reserved,
    }
}

pub const KEYWORDS: &[Keyword] = &[
    kw("accord", "accord", true, "Déclare une version d'accord : `accord nom \"titre\" { … }`."),
    kw("avenant", "avenant", true, "Déclare un avenant, consolidé sur sa base : `avenant nom \"titre\" modifie base { … }`."),
    kw("modifie", "modifie", true, "Nomme la version qu'un avenant modifie."),
    kw("statut", "statut", true, "Le statut de la version : `projet`, `proposé` ou `signé`."),
    kw("projet", "projet", false, "Statut d'un projet : les valeurs non précisées sont des avertissements."),
    kw("proposé", "propose", false, "Statut d'une proposition ; `proposé le AAAA-MM-JJ` date la proposition."),
    kw("signé", "signe", false, "Statut d'une version signée (toutes ses valeurs doivent être précisées) ; `signé le AAAA-MM-JJ` date la signature."),
    kw("publié", "publie", false, "`publié le AAAA-MM-JJ` : date de publication au Journal officiel."),
    kw("vigueur", "vigueur", false, "`en vigueur le AAAA-MM-JJ` : date d'entrée en vigueur."),
    kw("durée", "duree", false, "`durée du contrat 5 ans` : durée du contrat tripartite ; type `durée` d'une entrée."),
    kw("applicable", "applicable", false, "`applicable aux contrats signés avant le AAAA-MM-JJ` : réserve les lignes que l'avenant écrit aux contrats signés avant une date."),
    kw("dates ambiguës", "dates ambigues", false, "`dates ambiguës : fin de mois` (par défaut : 2012-01-31 + 1 mois = 2012-02-29), `début du mois suivant` (2012-03-01) ou `erreur` (la date est refusée et nommée) : comment se calcule une date qui n'existe pas ; un avenant hérite de celle de sa base, sauf s'il en déclare une."),
    kw("dates", "dates", false, "`dates ambiguës : fin de mois` (par défaut : 2012-01-31 + 1 mois = 2012-02-29), `début du mois suivant` (2012-03-01) ou `erreur` (la date est refusée et nommée) : comment se calcule une date qui n'existe pas ; un avenant hérite de celle de sa base, sauf s'il en déclare une."),
    kw("ambiguës", "ambigues", false, "`dates ambiguës : fin de mois` (par défaut : 2012-01-31 + 1 mois = 2012-02-29), `début du mois suivant` (2012-03-01) ou `erreur` (la date est refusée et nommée) : comment se calcule une date qui n'existe pas ; un avenant hérite de celle de sa base, sauf s'il en déclare une."),
    kw("fin", "fin", false, "`dates ambiguës : fin de mois` : une date qui n'existe pas devient le dernier jour du mois (2012-01-31 + 1 mois = 2012-02-29) ; le choix par défaut."),
    kw("début", "debut", false, "`dates ambiguës : début du mois suivant` : une date qui n'existe pas devient le premier jour du mois suivant (2012-01-31 + 1 mois = 2012-03-01)."),
    kw("erreur", "erreur", false, "`dates ambiguës : erreur` : une date qui n'existe pas (31 février) est refusée et nommée : E0608 dans les calculs, cas refusé par `clause eval` (code de sortie 1)."),
    kw("réservé", "reserve", false, "Sous une ligne : `réservé aux contrats signés avant le AAAA-MM-JJ` (ou `après le`), ou `réservé si condition` : seuls ces contrats reçoivent la ligne ; les autres gardent la valeur de la version précédente, ou rien."),
    kw("compter", "compter", false, "Sous une ligne d'un avenant : `à compter du AAAA-MM-JJ` : la date d'effet de l'opération (avant elle, la valeur de la base) ; `au prorata` : l'année à cheval est payée au prorata des jours."),
    kw("source", "source", true, "Cite le document d'où vient une valeur : `source \"fichier, page\"`."),
    kw("hypothèse", "hypothese", true, "Marque une valeur que les sources ne donnent pas : `hypothèse \"pourquoi\"`."),
    kw("énumération", "enumeration", true, "Déclare une énumération : `énumération nom { a \"A\", b \"B\" }`."),
    kw("entrée", "entree", true, "Déclare une donnée du cas évalué : `entrée habitants \"Population\" : nombre`."),
    kw("ensemble", "ensemble", false, "Type ensemble : `ensemble de profession`."),
    kw("nombre", "nombre", false, "Type d'un entier (habitants, patients)."),
    kw("montant", "montant", false, "Type d'un montant en euros, décimal exact."),
    kw("taux", "taux", false, "Type d'un taux (`75 %`)."),
    kw("décimal", "decimal", false, "Type d'un décimal sans unité (`0,5`)."),
    kw("date", "date", false, "Type d'une date (AAAA-MM-JJ)."),
    kw("booléen", "booleen", false, "Type `vrai` ou `faux`."),
    kw("texte", "texte", false, "Type d'un texte."),
    kw("tranches", "tranches", true, "Découpe une dimension entière en tranches qui doivent la partitionner : `tranches taille selon habitants { … }`."),
    kw("selon", "selon", true, "Nomme l'entrée que découpent les tranches."),
    kw("moins", "moins", false, "`moins de N` : de 0 à N exclu."),
    kw("plus", "plus", false, "`plus de N` : au-delà de N, N exclu ; `au plus tard` dans une échéance."),
    kw("enveloppe", "enveloppe", true, "Déclare un montant versé par l'accord : `enveloppe nom par taille [...]` ou `= formule`."),
    kw("valeur", "valeur", true, "Déclare une valeur intermédiaire nommée."),
    kw("résultat", "resultat", true, "Déclare un résultat d'évaluation nommé."),
    kw("par", "par", true, "`par taille [...]` : un montant par tranche."),
    kw("attendu", "attendu", true, "Les valeurs que le texte imprime : le vérificateur prouve qu'elles égalent la formule, tranche par tranche."),
    kw("part", "part", false, "`part fixe 50 %` : part fixe (moyens) de l'enveloppe d'une mission."),
    kw("fixe", "fixe", false, "`part fixe 50 %` : part fixe (moyens) de l'enveloppe d'une mission."),
    kw("non", "non", true, "Négation ; `non précisé` : valeur que les sources ne donnent pas ; `non éligible` dans un exemple."),
    kw("précisé", "precise", false, "`non précisé` : valeur que les sources ne donnent pas (avertissement dans un projet, erreur dans une version signée)."),
    kw("versement", "versement", true, "Les règles de versement : `versement avance 75 % à la signature, solde à l'anniversaire suivant`."),
    kw("avance", "avance", false, "`avance N % …` : avance d'une part de l'enveloppe."),
    kw("solde", "solde", false, "`solde à l'anniversaire suivant` : le reste de l'année est versé à l'anniversaire suivant."),
    kw("anniversaire", "anniversaire", false, "Date anniversaire du contrat."),
    kw("prorata", "prorata", false, "`au prorata` : avance proratisée jusqu'à l'anniversaire du contrat."),
    kw("mission", "mission", true, "Déclare une mission : `mission nom \"Libellé\" socle { … }`."),
    kw("socle", "socle", true, "Mission obligatoire."),
    kw("optionnelle", "optionnelle", true, "Mission optionnelle (complémentaire)."),
    kw("indicateur", "indicateur", true, "Un indicateur de la part variable de la mission."),
    kw("démarrage", "demarrage", true, "`démarrage au plus tard 6 mois après signature` : échéance de démarrage de la mission."),
    kw("déploiement", "deploiement", true, "`déploiement au plus tard 18 mois après signature` : échéance de déploiement effectif."),
    kw("libre", "libre", false, "Échéance libre : aucune date imposée."),
    kw("après", "apres", false, "`… après signature` ou `… après démarrage` : l'événement d'où court le délai."),
    kw("signature", "signature", false, "La signature du contrat."),
    kw("condition", "condition", true, "Déclare une condition d'éligibilité : `condition nom : expression`."),
    kw("vérifier", "verifier", true, "Une vérification prouvée pour chaque tranche : `vérifier \"libellé\" : expression`."),
    kw("exemple", "exemple", true, "Un exemple calculé, exécuté par `clause test` : `exemple \"libellé\" : entrée = valeur ⇒ valeur = résultat`."),
    kw("éligible", "eligible", false, "`non éligible` : l'exemple attend que le cas ne soit pas éligible."),
    kw("ajoute", "ajoute", true, "Dans un avenant : ajoute un élément absent de la base."),
    kw("remplace", "remplace", true, "Dans un avenant : remplace un élément de la base du même nom."),
    kw("retire", "retire", true, "Dans un avenant : retire un élément de la base (`retire enveloppe nom`)."),
    kw("revalorise", "revalorise", true, "Dans un avenant : change les montants de lignes de la base d'un taux, en gardant leur règle de versement, part fixe, sources et hypothèses : `revalorise fonctionnement, parcours de 5 % arrondi`."),
    kw("et", "et", true, "Et logique."),
    kw("ou", "ou", true, "Ou logique."),
    kw("entre", "entre", true, "`x entre a et b` : a ≤ x ≤ b."),
    kw("contient", "contient", true, "`ensemble contient {a, b}` : l'ensemble contient ces valeurs."),
    kw("si", "si", true, "`si condition alors a sinon b`."),
    kw("alors", "alors", true, "`si condition alors a sinon b`."),
    kw("sinon", "sinon", true, "`si condition alors a sinon b`."),
    kw("vrai", "vrai", true, "Le booléen vrai."),
    kw("faux", "faux", true, "Le booléen faux."),
    kw("min", "min", true, "Le plus petit de ses arguments."),
    kw("max", "max", true, "Le plus grand de ses arguments."),
    kw("arrondi", "arrondi", true, "`arrondi(x)` : à l'entier le plus proche ; `arrondi inférieur`, `arrondi supérieur`, `arrondi au centime`."),
    kw("inférieur", "inferieur", false, "`arrondi inférieur(x)` : vers −∞, à l'entier."),
    kw("supérieur", "superieur", false, "`arrondi supérieur(x)` : vers +∞, à l'entier."),
    kw("centime", "centime", false, "`arrondi au centime(x)` : au centime le plus proche."),
    kw("mois", "mois", false, "Unité de durée ; un mois ajouté au 31 tombe sur la fin du mois suivant."),
    kw("ans", "ans", false, "Unité de durée (années)."),
    kw("jours", "jours", false, "Unité de durée (jours)."),
    kw("euros", "euros", false, "Unité monétaire (comme `€`)."),
];

/// The keyword spelled `word` (accented or ASCII).
pub fn keyword(word: &str) -> Option<&'static Keyword> {
    KEYWORDS.iter().find(|k| k.word == word || k.ascii == word)
}

/// Words of the grammar not documented above but still highlighted as keywords.
const MINOR_WORDS: &[&str] = &[
    "le",
    "la",
    "en",
    "du",
    "contrat",
    "aux",
    "contrats",
    "signés",
    "signes",
    "avant",
    "de",
    "à",
    "a",
    "partir",
    "jusqu",
    "puis",
    "au",
    "suivant",
    "variable",
    "atteinte",
    "première",
    "premiere",
    "année",
    "annee",
    "suivante",
    "chaque",
    "crise",
    "déclarée",
    "declaree",
    "validation",
    "lettre",
    "intention",
    "d",
    "l",
    "sans",
    "tard",
    "euro",
    "an",
    "années",
    "annees",
    "jour",
    "ambigües",
];

pub fn is_keyword(word: &str) -> bool {
    keyword(word).is_some() || MINOR_WORDS.contains(&word)
}

/// Whether `word` can never be an identifier.
pub fn is_reserved(word: &str) -> bool {
    keyword(word).is_some_and(|k| k.reserved)
}
