//! Snapshot tests: every construct and every comment position, formatted.

use super::*;

/// Formats `text`, checking on the way that formatting again changes nothing.
fn fmt(text: &str) -> String {
    let once = match format_source(FileId(0), text) {
        Ok(out) => out,
        Err(errors) => panic!("does not format: {errors:?}\n{text}"),
    };
    let twice = format_source(FileId(0), &once);
    assert_eq!(twice.as_deref(), Ok(once.as_str()), "not idempotent");
    once
}

#[test]
fn header_items_in_ascii_spellings() {
    insta::assert_snapshot!(fmt(r#"accord   aci "Titre"{statut signe
signe le 2019-06-20 publie le 2019-08-24 propose le 2019-05-01
en   vigueur le 2019-08-25 duree du contrat 5 annees
applicable aux contrats signes avant le 2024-01-01
source "001.txt"}"#));
}

#[test]
fn date_policies_in_every_spelling() {
    insta::assert_snapshot!(fmt(
        r#"accord a { dates   ambigues :debut du   mois suivant }
accord b { dates ambigües : fin de mois }
avenant c modifie a { dates ambiguës: erreur }"#
    ));
}

#[test]
fn status_spellings() {
    insta::assert_snapshot!(fmt(
        "accord a { statut propose }\naccord b { statut projet }\navenant c modifie a { statut signé }"
    ));
}

#[test]
fn enumerations() {
    insta::assert_snapshot!(fmt(r#"accord a {
  enumeration forme "Forme juridique" { association "Association", sisa "SISA" , }
  énumération forme {
    association "Association loi 1901 à but non lucratif", societe_interprofessionnelle "Société interprofessionnelle de soins ambulatoires"
  }
}"#));
}

#[test]
fn inputs_of_every_type() {
    insta::assert_snapshot!(fmt(r#"accord a {
  entree n "Nombre": nombre
  entrée m : montant source "s" hypothese "h"
  entrée t : taux
  entrée d : decimal
  entrée u : duree
  entrée j : date
  entrée b : booleen
  entrée x : texte
  entrée s : forme
  entrée e : ensemble de forme
}"#));
}

#[test]
fn bands_of_every_range_form_aligned() {
    insta::assert_snapshot!(fmt(r#"accord a {
  tranches taille selon habitants {
    t1 "Taille 1" : moins de 40000 source "diapo 9"
    taille_2 : de 40 000 a moins de 80 000
    t3 "Troisième" : de 80 000 à 175 000 hypothese "bornes incluses"
    t4 : jusqu'a 1 000 000
    t5 "T5" : a partir de 175 000
    t6 : plus de 1 000 000
  }
  tranches vide selon habitants { }
}"#));
}

#[test]
fn envelopes_by_table() {
    insta::assert_snapshot!(fmt(r#"accord a {
  enveloppe fonctionnement "Rémunération du fonctionnement" par taille [50 000 €, 60 000 euros, 75000€, 90 000 €]
  enveloppe courte par taille [1 €, 2 €]
  enveloppe trous par taille { taille_1: 10 000 €, taille_2: non precise, taille_3 : non précisé }
  enveloppe longue "Une enveloppe au nom assez long pour que le tableau aille à la ligne" par taille [50 000 €, 60 000 €, 75 000 €, 90 000 €, 100 000 €, 110 000 €]
  enveloppe vide par taille []
}"#));
}

#[test]
fn formulas_with_expected_values_and_fixed_share() {
    insta::assert_snapshot!(fmt(r#"accord a {
  valeur total "Total" = a + b attendu [1 €, 2 €] source "s"
  resultat r = total * 0,50 attendu { taille_1: 10 €, taille_2: non precise }
  enveloppe e par taille [1 €, 2 €]
    part fixe 50 % hypothese "répartition non précisée"
  valeur total_maximum "Financement total maximum" = fonctionnement + acces_aux_soins + regulation_snp + parcours + prevention + qualite + accompagnement
}"#));
}

#[test]
fn every_payment_rule() {
    insta::assert_snapshot!(fmt(r#"accord a {
  enveloppe e = 1 €
    versement avance 75 % a la signature, puis avance 75 % a chaque anniversaire, solde a l'anniversaire suivant
    versement avance 50% au demarrage au prorata, avance 50 % au démarrage, variable selon atteinte
    versement a la signature, la premiere annee, chaque annee suivante
    versement a chaque crise declaree
    versement a la validation de la lettre d’intention, puis chaque année
}"#));
}

#[test]
fn missions_with_every_deadline_form() {
    insta::assert_snapshot!(fmt(r#"accord a {
  mission acces "Accès aux soins" socle {
    source "diapos 7 et 8"
    demarrage au plus tard 6 mois apres signature
    deploiement au plus tard 1 an après demarrage
    enveloppe "Accès" par taille [40 000 €, 47 000 €]
      part fixe 50 % hypothèse "h"
      versement avance 75 % au démarrage au prorata, solde à l'anniversaire suivant, variable selon atteinte
    indicateur "Patients sans médecin traitant"
  }
  mission qualite optionnelle { démarrage libre déploiement non precise }
  mission crise "Crises sanitaires" optionnelle sans indicateur {
    démarrage au plus tard 30 jours après signature
    démarrage libre
    hypothese "h"
  }
  mission vide socle {}
}"#));
}

#[test]
fn conditions_assertions_and_examples() {
    insta::assert_snapshot!(fmt(r#"accord a {
  condition eligible "Éligible" : habitants >= 10 000 et forme != association
  verifier total > 0
  vérifier "Financement total possible entre 220 000 € et 450 000 € (001, diapo 9)" : total_maximum entre 220 000 € et 450 000 €
  exemple "petite" : habitants = 5 000 => non eligible
  exemple "CPTS de 35 000 habitants" : habitants = 35 000 ⇒ fonctionnement = 50 000 €, total_maximum = 220 000 €
  exemple "Seuil" : habitants = 40000, forme = association ⇒ total = 1 €
}"#));
}

#[test]
fn amendments() {
    insta::assert_snapshot!(fmt(r#"avenant avenant_1 "Avenant 1" modifie aci_2019 {
  statut signe
  ajoute enveloppe crise "Crises" = 10 000 € versement a chaque crise declaree
  remplace mission parcours socle { demarrage libre }
  remplace entree habitants : nombre
  ajoute tranches t selon habitants { petit : moins de 10 }
  ajoute enumeration e { a, b }
  remplace condition c : vrai
  ajoute valeur v = 1
  ajoute resultat r = 2
  retire enveloppe fonctionnement
  retire resultat r
  retire entree habitants
  retire enumeration e
  retire tranches taille
  retire mission qualite
  retire valeur v
  retire condition c
}"#));
}

#[test]
fn every_expression_form() {
    insta::assert_snapshot!(fmt(r#"accord a {
  valeur nombres = 40000 + 1 000 000 + 0,50 + 2019 + 12,125
  valeur unites = 37 500 euros + 75% + 6 mois + 1 an + 2 ans + 1 jour + 3 jours
  valeur dates = 2019-06-20
  valeur textes = "guillemets \"dedans\", barre \\ et\nligne"
  valeur booleens = vrai ou faux et non vrai
  valeur ensembles = forme contient {association, sisa} et {} = {}
  valeur tableau = [1, 2, non precise]
  valeur unaires = - 3 - -x
  valeur comparaisons = a = b ou a != b ou a < b ou a <= b ou a > b ou a >= b
  valeur arithmetique = a + b - c * d / e
  valeur parentheses = (a + b) * (c - (d / e))
  valeur entre_bornes = x entre 1 et 2 + 3
  valeur conditionnelle = si a > 1 alors 2 sinon si a > 0 alors 1 sinon 0
  valeur appels = min(a, b) + max(1, 2, 3) + arrondi(x) + arrondi inferieur(x / 3) + arrondi superieur(x) + arrondi au centime(x * 0,333)
  valeur longue = si habitants_de_la_communaute >= 175 000 alors montant_de_base_de_la_taille_quatre sinon montant_de_base
}"#));
}

#[test]
fn long_lines_break() {
    insta::assert_snapshot!(fmt(r#"accord a {
  valeur somme = premier_terme_assez_long + deuxieme_terme_assez_long + troisieme_terme_assez_long + quatrieme_terme_assez_long + cinquieme
  valeur melange = (premier_terme_assez_long + deuxieme_terme_assez_long) * troisieme_terme_assez_long - quatrieme_terme_assez_long * cinquieme_terme
  condition longue "Une condition dont le libellé est long" : habitants >= 10 000 et forme_juridique != association et nombre_de_professionnels > 20
  valeur appel = arrondi au centime(premier_terme_assez_long * deuxieme_terme_assez_long, troisieme_terme_assez_long, quatrieme)
  exemple "Un exemple dont les entrées sont nombreuses" : habitants = 35 000, forme = association, professionnels = 25, territoire = rural ⇒ fonctionnement = 50 000 €, total_maximum = 220 000 €, acces = 40 000 €
  enveloppe e = 1 € versement avance 75 % à la signature, puis avance 75 % à chaque anniversaire, solde à l'anniversaire suivant, variable selon atteinte
}"#));
}

#[test]
fn blank_lines_kept_at_most_one() {
    insta::assert_snapshot!(fmt("accord a {\n\n\n  statut signé\n  signé le 2019-06-20\n\n\n\n  source \"s\"\n  entrée x : nombre\n\n}\n\n\n\naccord b {}\n"));
}

#[test]
fn comments_in_every_position() {
    insta::assert_snapshot!(fmt(r#"# En-tête du fichier
# sur deux lignes

accord a "Titre" { # après l'accolade
  statut signé # au bout de la ligne
  signé le 2019-06-20          # alignés
  en vigueur le 2019-08-25     # sur une colonne

  # avant un élément
  entrée x : nombre
    # entre l'élément et son attribut
    source "s" # après l'attribut
    # entre deux attributs
    hypothèse "h"
  tranches t selon x {
    # avant la première tranche
    petit "Petit" : moins de 10 # au bout d'une tranche
    # entre deux tranches
    grand : à partir de 10
    # avant l'accolade fermante
  }
  enveloppe e par t [
    10 €, # premier montant
    # avant le second
    20 €,
  ]
    versement avance 75 % à la signature, # après une règle
      solde à l'anniversaire suivant
  valeur v = a # après a
    + b
  valeur w = c
    # avant d
    + d
  exemple "e" : x = 1 # après l'entrée
    ⇒ v = 2
  mission m socle { # après l'accolade de la mission
    démarrage libre
    # fin de mission
  }
  # dernier de l'accord
} # après l'accord
# fin de fichier sans saut de ligne   "#));
}

#[test]
fn comments_keep_their_text_verbatim() {
    insta::assert_snapshot!(fmt(
        "accord a { #sans espace\n  #\n  ##  double dièse « guillemets » \"chaîne\" \n  #\tavec tabulation\n}\n"
    ));
}

#[test]
fn comment_only_file_and_empty_file() {
    assert_eq!(fmt(""), "");
    assert_eq!(fmt("# seul\n\n\n# encore   \n"), "# seul\n\n# encore\n");
}

#[test]
fn a_file_that_does_not_parse_is_returned_as_errors() {
    let text = "accord a { statut }";
    let result = format_source(FileId(0), text);
    assert!(
        matches!(&result, Err(errors) if !errors.is_empty()),
        "{result:?}"
    );
}

#[test]
fn a_repeated_expected_line_is_refused_not_lost() {
    let text = "accord a { valeur v = 1 attendu [1] attendu [2] }";
    let result = format_source(FileId(0), text);
    match result {
        Err(errors) => assert_eq!(errors.len(), 1),
        Ok(out) => panic!("the first `attendu` would be lost:\n{out}"),
    }
}

#[test]
fn the_cpts_agreement() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../agreements/aci_cpts_2019.clause"
    );
    let Ok(text) = std::fs::read_to_string(path) else {
        return;
    };
    insta::assert_snapshot!(fmt(&text));
}

#[test]
fn syntax_shape_ignores_spans_and_layout() {
    let one = clause_grammar::parse(
        FileId(0),
        "accord a { valeur v = 40000 € # c\n mission m socle sans indicateur { } }",
    );
    let two = clause_grammar::parse(
        FileId(1),
        "accord   a {\n\n valeur v=40 000 euros\n mission m socle sans indicateur {} }",
    );
    let (Some(one), Some(two)) = (one.file, two.file) else {
        panic!("does not parse")
    };
    assert_eq!(syntax_shape(&one), syntax_shape(&two));
    let shape = syntax_shape(&one).to_string();
    assert!(
        !shape.contains("\"span\"") && !shape.contains("\"file\""),
        "{shape}"
    );
}

#[test]
fn tables_by_two_criteria_and_tables_of_rules_with_comments() {
    insta::assert_snapshot!(fmt(r#"accord a {
  enveloppe installation "Installation" par taille et zone { # par zone
    # la première ligne
    taille_1 : [10 000 €,12 000 €]
    taille_2 : { rurale: 18 000 €, urbaine : non precise } # à préciser
    # avant la fin
  }
  valeur bonus selon habitants et atteinte {
    moins de 40 000 , moins de 50 % : 0 €
    de plus de 40 000 à 80 000, de 50 % à moins de 80 % : 2 × 1 000 € # double
    à partir de 80 000 euros, plus de 80 % : non précisé
  }
  tranches structure selon budget {
    petite : moins de 10 000 euros
    grande : à partir de 10 000 €
  }
}"#));
}
