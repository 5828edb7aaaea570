//! The agreements written for the SQL tests of what the shipped versions do not exercise
//! (tables by two criteria and of rules, bases computed from the inputs, dates moved by a
//! duration): shared by their DuckDB and PostgreSQL tests and the Spark test.

/// Tables by two criteria (a band set × an enumeration with a cell `non précisé`, two band sets),
/// a table by a second band set, a formula over a grid, a table of rules over a whole number × a
/// rate (bounds open and closed, a rule `non précisé`).
pub const CRITERES: &str = r#"accord criteres_2024 "Deux critères" {
  statut proposé
  proposé le 2024-01-15
  durée du contrat 3 ans
  source "essai"

  énumération type_zone { urbaine "Zone urbaine", rurale "Zone rurale", montagne "Zone de montagne" }
  entrée habitants "Population" : nombre
  entrée zone "Zone" : type_zone
  entrée atteinte "Atteinte" : taux
  entrée surface "Surface en km²" : décimal
  tranches taille selon habitants {
    taille_1 "Taille 1" : moins de 40 000
    taille_2 "Taille 2" : de 40 000 à moins de 100 000
    taille_3 "Taille 3" : à partir de 100 000
  }
  tranches etendue selon surface {
    compacte : moins de 12,5
    vaste : à partir de 12,5
  }
  enveloppe fonctionnement "Fonctionnement" par taille [50 000 €, 60 000 €, 70 000 €]
    versement chaque année
  enveloppe installation "Installation" par taille et zone {
    taille_1 : [10 000 €, 12 000 €, 14 000 €]
    taille_2 : { rurale : 18 000 €, urbaine : 15 000 €, montagne : non précisé }
    taille_3 : [20 000 €, 21 000 €, 22 000,50 €]
  }
    versement chaque année
  enveloppe deplacements "Déplacements" par taille et etendue {
    taille_1 : [1 000 €, 2 500 €]
    taille_2 : [1 500 €, 3 000 €]
    taille_3 : { vaste : 4 000,01 €, compacte : 2 000 € }
  }
    versement chaque année
  enveloppe relief "Relief" par etendue [0 €, 3 333,33 €]
    versement chaque année
  enveloppe total "Fonctionnement et installation, au tiers" = arrondi au centime((fonctionnement + installation) / 3)
    versement chaque année
  enveloppe bonus "Bonus" selon habitants et atteinte {
    jusqu'à 40 000, moins de 50 % : 0 €
    jusqu'à 40 000, à partir de 50 % : 1 000 €
    plus de 40 000, de 0 % à 50 % : 500 €
    plus de 40 000, de plus de 50 % à 100 % : arrondi au centime(2 000 € × atteinte)
    plus de 40 000, plus de 100 % : non précisé
  }
    versement chaque année
}
"#;

/// A base whose yearly line and one-off line are computed from the inputs, an amendment that
/// replaces them with amounts by band from its date of effect (the amendment itself computed
/// from the band only), and a second amendment that revalues the first's yearly line `au
/// prorata` and keeps its base's formula for a third line.
///
/// By hand, 50 000 inhabitants (grande) and 9 doctors, signed 2020-03-01, under `avenant_e`:
/// year 1 (2020-03-01 → 2021-03-01) starts before 2021-01-01, so the base pays it:
/// fonctionnement = arrondi au centime(60 000 € + 1 234,56 € × 9 / 7) = 60 000 + 1 587,29 =
/// 61 587,29 €; year 2 starts after: 66 000 € (the amendment's `grande`).
pub const COMPUTED_BASE: [(&str, &str); 3] = [
    (
        "agreements/computed_base.clause",
        r#"accord base_e "Base calculée" {
  statut signé
  signé le 2019-06-20
  source "s"
  durée du contrat 5 ans
  entrée habitants : nombre
  entrée medecins : nombre
  tranches taille selon habitants {
    petite : moins de 40 000
    grande : à partir de 40 000
  }
  valeur forfait par taille [50 000 €, 60 000 €]
  enveloppe fonctionnement = arrondi au centime(forfait + 1 234,56 € × min(medecins, 30) / 7)
    versement chaque année
  enveloppe accueil = 100 € × medecins
    versement à la signature
  enveloppe equipement = 10 € × arrondi inférieur(habitants / 1 000)
    versement chaque année
}
"#,
    ),
    (
        "agreements/computed_base_e.clause",
        r#"avenant avenant_e "Montants par tranche" modifie base_e {
  statut proposé
  en vigueur le 2021-01-01
  source "s"
  remplace enveloppe fonctionnement par taille [55 000 €, 66 000 €]
    versement chaque année
  remplace enveloppe accueil = 1 500 €
    versement à la signature
  remplace enveloppe equipement par taille [400 €, 800 €]
    versement chaque année
}
"#,
    ),
    (
        "agreements/computed_base_f.clause",
        r#"avenant avenant_f "Revalorisation au prorata" modifie base_e {
  statut proposé
  en vigueur le 2021-01-01
  source "s"
  remplace enveloppe fonctionnement = arrondi au centime(forfait × 110 % + 25 € × medecins)
    versement chaque année
    à compter du 2021-04-01 au prorata
  remplace enveloppe accueil = 150 € × medecins
    versement à la signature
}
"#,
    ),
];

/// A base whose lines are `réservé si` its conditions, and an amendment that replaces one of
/// them (`equipee`: 5 doctors instead of 3) and keeps the other, which reads a value
/// (`grande_cpts`: forfait ≥ 55 000 €): each period the base pays reads the base's condition,
/// computed in the base's scope, as the engine's `base_stages` computes it.
///
/// By hand, 50 000 inhabitants (grande) and 6 doctors, signed 2020-03-01, under `avenant_g`
/// (both its conditions hold): year 1 (before 2021-01-01) pays the base's 60 000 €, `materiel`
/// 2 000 € and `rayonnement` 700 € at the signature: 62 700 €; year 2 the amendment's
/// 63 000 € and `materiel` 2 000 €: 65 000 €.
pub const RESERVED_BASE: [(&str, &str); 2] = [
    (
        "agreements/reserved_base.clause",
        r#"accord base_g "Base conditionnelle" {
  statut signé
  signé le 2019-06-20
  source "s"
  durée du contrat 3 ans
  entrée habitants : nombre
  entrée medecins : nombre
  tranches taille selon habitants {
    petite : moins de 40 000
    grande : à partir de 40 000
  }
  valeur forfait par taille [50 000 €, 60 000 €]
  condition equipee "Au moins 3 médecins" : medecins ≥ 3
  condition grande_cpts "Forfait d'au moins 55 000 €" : forfait ≥ 55 000 €
  enveloppe fonctionnement = forfait
    versement chaque année
  enveloppe materiel = 2 000 €
    versement chaque année
    réservé si equipee
  enveloppe rayonnement = 700 €
    versement à la signature
    réservé si grande_cpts
}
"#,
    ),
    (
        "agreements/reserved_base_g.clause",
        r#"avenant avenant_g "Condition relevée" modifie base_g {
  statut proposé
  en vigueur le 2021-01-01
  source "s"
  remplace condition equipee "Au moins 5 médecins" : medecins ≥ 5
  remplace enveloppe fonctionnement par taille [52 000 €, 63 000 €]
    versement chaque année
}
"#,
    ),
];

/// The agreement under the policy `policy` (empty: the default, `fin de mois`).
pub fn dates(name: &str, policy: &str) -> String {
    format!(
        r#"accord {name} "Dates déplacées" {{
  statut proposé
  proposé le 2024-01-01
  durée du contrat 2 ans
  source "essai"
  {policy}
  entrée ouverture "Ouverture du centre" : date
  entrée habitants : nombre
  condition ouverte_tot "Ouvert au plus tard six mois après le 31 août 2023" : ouverture ≤ 2023-08-31 + 6 mois
  enveloppe installation "Installation" = si ouverture + 6 mois ≤ 2024-08-31 alors 1 000 € sinon 500 €
    versement à la signature
  enveloppe rattrapage "Rattrapage" = si ouverture - 1 an ≥ 2022-02-28 alors 2 000 € sinon 0 €
    versement chaque année
  enveloppe delai "Délai" = si ouverture + 45 jours > 2023-03-01 alors 300 € sinon 100 €
    versement chaque année
  enveloppe recul "Recul" = si ouverture - 2 mois - 10 jours < 2023-01-01 alors 50 € sinon 70 €
    versement chaque année
  valeur attente "Délai de mise en service" = 3 mois
  enveloppe service "Mise en service" = si ouverture + attente ≥ 2024-05-31 alors 400 € sinon 0 €
    versement chaque année
}}
"#
    )
}

/// Durations computed in formulas under the policy `policy` (empty: `fin de mois`): a
/// multiple (`2 × attente`), an opposite, a duration chosen by `si` (years or months), `min`
/// and `max`, a sum of years and months (66 months), comparisons, equality and `entre` across
/// years and months, days that meet months (an error), a fractional duration (an error when a
/// date moves by it) and moves that leave the calendar.
pub fn durations(name: &str, policy: &str) -> String {
    format!(
        r#"accord {name} "Durées calculées" {{
  statut proposé
  proposé le 2024-01-01
  durée du contrat 2 ans
  source "essai"
  {policy}
  entrée ouverture "Ouverture du centre" : date
  entrée medecins "Médecins" : nombre
  valeur attente "Attente" = 3 mois
  valeur double "Deux attentes" = 2 × attente
  valeur recul "Recul" = -(6 mois)
  valeur delai "Délai" = si medecins ≥ 5 alors 1 an sinon medecins × 2 mois
  valeur long "Le plus long" = max(delai, 10 mois, attente)
  valeur court "Le plus court" = min(delai, 2 ans)
  valeur total "Délai et cinq ans et demi" = delai + 5 ans + 6 mois
  valeur jours "Jours" = si medecins ≥ 8 alors medecins × 10 jours sinon delai
  valeur fraction "Mois et demi" = medecins × 1,5 mois
  enveloppe installation "Installation" = si ouverture + double ≤ 2024-08-31 alors 1 000 € sinon 500 €
    versement à la signature
  enveloppe retour "Retour" = si ouverture + recul ≥ 2023-01-31 alors 200 € sinon 100 €
    versement chaque année
  enveloppe echeance "Échéance" = si ouverture + delai < 2024-06-30 alors 300 € sinon 150 €
    versement chaque année
  enveloppe plafond "Plafond" = si long > 11 mois alors 40 € sinon 30 €
    versement chaque année
  enveloppe plancher "Plancher" = si court entre 4 mois et 1 an alors 21 € sinon 12 €
    versement chaque année
  enveloppe annuel "Un an" = si delai = 12 mois alors 11 € sinon 13 €
    versement chaque année
  enveloppe cumul "Cumul" = si ouverture - total ≥ 2018-01-31 alors 9 € sinon 8 €
    versement chaque année
  enveloppe mixte "Mixte" = si jours + attente > 6 mois alors 7 € sinon 3 €
    versement chaque année
  enveloppe decale "Décalé" = si ouverture + jours ≤ 2024-01-15 alors 6 € sinon 4 €
    versement chaque année
  enveloppe demi "Demi" = si ouverture + fraction < 2024-03-31 alors 5 € sinon 2 €
    versement chaque année
}}
"#
    )
}

/// An enumeration of 70 variants `v0` … `v69` (past one 62-bit mask), a set of it as an input,
/// an input of it, and set literals, choices and tests on both sides of the 62nd variant.
pub fn large_set() -> String {
    let variants: Vec<String> = (0..70).map(|v| format!("v{v}")).collect();
    format!(
        r#"accord ensembles_70 "Grand ensemble" {{
  statut proposé
  proposé le 2024-01-01
  durée du contrat 2 ans
  source "essai"
  énumération metier {{ {} }}
  entrée equipe "Équipe" : ensemble de metier
  entrée referent "Référent" : metier
  entrée medecins "Médecins" : nombre
  valeur cible "Cible" = si medecins ≥ 5 alors {{v1, v62, v69}} sinon {{v61}}
  enveloppe haut "Haut" = si equipe contient v65 alors 1 000 € sinon 500 €
    versement chaque année
  enveloppe paire "Paire" = si equipe contient {{v1, v64}} alors 300 € sinon 100 €
    versement chaque année
  enveloppe exacte "Exacte" = si equipe = {{v3, v69}} alors 70 € sinon 30 €
    versement chaque année
  enveloppe autre "Autre" = si equipe ≠ cible alors 20 € sinon 10 €
    versement chaque année
  enveloppe inclus "Inclus" = si cible contient equipe alors 9 € sinon 8 €
    versement chaque année
  enveloppe membre "Membre" = si equipe contient referent alors 7 € sinon 6 €
    versement chaque année
  enveloppe choisi "Choisi" = si cible contient referent alors 5 € sinon 4 €
    versement chaque année
}}
"#,
        variants.join(", ")
    )
}

/// A base and two amendments that revalue its yearly lines `au prorata` within a few months
/// of each other, so that one contract year may hold three values: `fonctionnement` (advance
/// and balance) 60 000 €, 66 000 € from 2021-03-01, 70 000 € from 2021-09-15 (grande);
/// `forfait` (each year) 10 000 €, 11 111,11 € from 2021-02-01 `au prorata`, 12 345,67 € from
/// 2021-08-01 without (shared all the same: a piece after the first says `au prorata`);
/// `suivi` (each following year) revalued twice; `resultats` (a mission's variable part alone)
/// like `fonctionnement`; `accueil` (at the signature) and `crise` (at each crisis) revalued
/// `au prorata`, which a payment on a day ignores.
pub const PRORATA_CHAIN: [(&str, &str); 3] = [
    (
        "agreements/prorata_base.clause",
        r#"accord base_p "Base" {
  statut signé
  signé le 2019-06-20
  source "s"
  durée du contrat 3 ans
  entrée habitants : nombre
  tranches taille selon habitants {
    petite : moins de 40 000
    grande : à partir de 40 000
  }
  enveloppe fonctionnement par taille [50 000 €, 60 000 €]
    versement avance 75 % à la signature, puis avance 75 % à chaque anniversaire,
        solde à l'anniversaire suivant
  enveloppe forfait = 10 000 €
    versement chaque année
  enveloppe suivi = 4 000 €
    versement chaque année suivante
  enveloppe accueil = 1 000 €
    versement à la signature
  enveloppe crise = 500 €
    versement à chaque crise déclarée
  mission qualite "Qualité" socle {
    démarrage libre
    déploiement libre
    enveloppe resultats = 3 000 €
      versement variable selon atteinte
  }
}
"#,
    ),
    (
        "agreements/prorata_a.clause",
        r#"avenant avenant_pa "Première revalorisation" modifie base_p {
  statut proposé
  en vigueur le 2021-01-01
  source "s"
  remplace enveloppe fonctionnement par taille [55 000 €, 66 000 €]
    versement avance 75 % à la signature, puis avance 75 % à chaque anniversaire,
        solde à l'anniversaire suivant
    à compter du 2021-03-01 au prorata
  remplace enveloppe forfait = 11 111,11 €
    versement chaque année
    à compter du 2021-02-01 au prorata
  remplace enveloppe suivi = 4 444,44 €
    versement chaque année suivante
    à compter du 2021-04-01 au prorata
  remplace enveloppe accueil = 1 500 €
    versement à la signature
    à compter du 2021-02-01 au prorata
  remplace enveloppe crise = 600 €
    versement à chaque crise déclarée
    à compter du 2021-02-01 au prorata
  remplace enveloppe resultats = 3 300 €
    versement variable selon atteinte
    à compter du 2021-03-01 au prorata
}
"#,
    ),
    (
        "agreements/prorata_b.clause",
        r#"avenant avenant_pb "Seconde revalorisation" modifie avenant_pa {
  statut proposé
  en vigueur le 2021-06-01
  source "s"
  remplace enveloppe fonctionnement par taille [57 777,77 €, 70 000 €]
    versement avance 75 % à la signature, puis avance 75 % à chaque anniversaire,
        solde à l'anniversaire suivant
    à compter du 2021-09-15 au prorata
  remplace enveloppe forfait = 12 345,67 €
    versement chaque année
    à compter du 2021-08-01
  remplace enveloppe suivi = 4 999,99 €
    versement chaque année suivante
    à compter du 2021-10-01 au prorata
  remplace enveloppe resultats = 3 650 €
    versement variable selon atteinte
    à compter du 2021-09-15 au prorata
}
"#,
    ),
];

/// A base and two amendments that revalue the envelopes of a mission `au prorata` within
/// months of each other, so that the part of a contract year a mission's envelope is paid for
/// (from the mission's start in its first year) may hold three values: `coordination` (fixed
/// part 50 %, advance 75 % at the start `au prorata`, balance, variable part) 50 000 / 70 000
/// €, 55 000 / 77 000 € from 2021-03-01 with a fixed part of 60 %, 57 777,77 / 80 000 € from
/// 2021-09-15 back to 50 % (the last value's fixed part splits the year); `appui` (advance
/// 60 % at the start, not prorated, balance) 8 000 €, 8 888,88 € from 2021-04-01 `au
/// prorata`, 9 999,99 € from 2021-10-01 without; `demarche` of an optional mission (advance
/// 100 % at the start `au prorata`, variable part, no balance) revalued once, from 2021-05-01.
pub const PRORATA_MISSIONS: [(&str, &str); 3] = [
    (
        "agreements/prorata_missions_base.clause",
        r#"accord base_m "Base des missions" {
  statut signé
  signé le 2019-06-20
  source "s"
  durée du contrat 3 ans
  entrée habitants : nombre
  tranches taille selon habitants {
    petite : moins de 40 000
    grande : à partir de 40 000
  }
  mission parcours "Parcours" socle {
    démarrage libre
    déploiement libre
    enveloppe coordination par taille [50 000 €, 70 000 €]
      part fixe 50 %
      versement avance 75 % au démarrage au prorata, solde à l'anniversaire suivant,
          variable selon atteinte
    enveloppe appui = 8 000 €
      versement avance 60 % au démarrage, solde à l'anniversaire suivant
  }
  mission qualite "Qualité" optionnelle {
    démarrage libre
    déploiement libre
    enveloppe demarche = 12 000 €
      part fixe 40 %
      versement avance 100 % au démarrage au prorata, variable selon atteinte
  }
}
"#,
    ),
    (
        "agreements/prorata_missions_a.clause",
        r#"avenant avenant_ma "Première revalorisation des missions" modifie base_m {
  statut proposé
  en vigueur le 2021-01-01
  source "s"
  remplace enveloppe coordination par taille [55 000 €, 77 000 €]
    part fixe 60 %
    versement avance 75 % au démarrage au prorata, solde à l'anniversaire suivant,
        variable selon atteinte
    à compter du 2021-03-01 au prorata
  remplace enveloppe appui = 8 888,88 €
    versement avance 60 % au démarrage, solde à l'anniversaire suivant
    à compter du 2021-04-01 au prorata
  remplace enveloppe demarche = 13 333,33 €
    part fixe 40 %
    versement avance 100 % au démarrage au prorata, variable selon atteinte
    à compter du 2021-05-01 au prorata
}
"#,
    ),
    (
        "agreements/prorata_missions_b.clause",
        r#"avenant avenant_mb "Seconde revalorisation des missions" modifie avenant_ma {
  statut proposé
  en vigueur le 2021-06-01
  source "s"
  remplace enveloppe coordination par taille [57 777,77 €, 80 000 €]
    part fixe 50 %
    versement avance 75 % au démarrage au prorata, solde à l'anniversaire suivant,
        variable selon atteinte
    à compter du 2021-09-15 au prorata
  remplace enveloppe appui = 9 999,99 €
    versement avance 60 % au démarrage, solde à l'anniversaire suivant
    à compter du 2021-10-01
}
"#,
    ),
];

/// A table of `non précisé` only, an amount that is never given, in a sum and in a branch of
/// `si`.
pub const UNSPECIFIED: &str = r#"accord non_precise_2024 "Tables jamais précisées" {
  statut proposé
  source "s"
  durée du contrat 3 ans
  entrée habitants : nombre
  tranches taille selon habitants {
    petite : moins de 40 000
    grande : à partir de 40 000
  }
  condition ouverte : habitants > 10
  enveloppe equipement = si habitants < 500 alors 700 € sinon 900 €
    versement chaque année
  enveloppe lacune = [non précisé, non précisé] + 1 €
    versement chaque année
  enveloppe reste = si habitants > 30 000 alors 400 € sinon [non précisé, non précisé]
    versement chaque année
}
"#;
