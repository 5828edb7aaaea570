//! Generates large valid agreements: the same kinds of items as the shipped ones (bands,
//! envelopes with payment rules, missions with deadlines, values, checks, examples), repeated in
//! blocks with distinct names until the requested number of lines, so that checking them
//! measures how the compiler scales.
#![forbid(unsafe_code)]

pub mod population;

use std::fmt::Write as _;

/// Lines of one block of `block`.
const BLOCK_LINES: usize = 22;

/// The monetary cells of the block `index`, one per band (all distinct, all round).
fn amounts(index: usize, factor: usize) -> String {
    let base = 1_000 + (index % 50) * 100;
    let cells: Vec<String> = (1..=4)
        .map(|band| format!("{} €", group(base * band * factor)))
        .collect();
    cells.join(", ")
}

/// `1234567` as `1 234 567`, the way the shipped agreements write amounts.
fn group(value: usize) -> String {
    let digits = value.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// One block: an envelope paid in advance and balance, a value over it, an optional mission
/// with its deadlines and a variable envelope, a check and an example.
fn block(out: &mut String, index: usize) {
    let amounts_1 = amounts(index, 1);
    let amounts_2 = amounts(index, 2);
    let amounts_3 = amounts(index, 3);
    // Examples take one population per band in turn, as written agreements do.
    let band = index % 4;
    let inhabitants = ["35 000", "50 000", "100 000", "200 000"][band];
    let expected = group((1_000 + (index % 50) * 100) * (band + 1) * 2);
    let _ = write!(
        out,
        r#"
  # Bloc {index} : une enveloppe, une valeur, une mission, une vérification, un exemple.
  enveloppe fonctionnement_{index} "Fonctionnement, bloc {index}" par taille [{amounts_1}]
    source "generateur, bloc {index}"
    versement avance 75 % à la signature, puis avance 75 % à chaque anniversaire, solde à l'anniversaire suivant
  valeur double_{index} "Double du fonctionnement, bloc {index}" = 2 × fonctionnement_{index}
    attendu [{amounts_2}]
  mission mission_{index} "Mission du bloc {index}" optionnelle {{
    source "generateur, bloc {index}"
    démarrage au plus tard 6 mois après signature
    déploiement au plus tard 18 mois après signature
    enveloppe moyens_{index} "Moyens, bloc {index}" par taille [{amounts_3}]
      part fixe 50 %
      versement avance 75 % au démarrage au prorata, solde à l'anniversaire suivant, variable selon atteinte
    indicateur "Indicateur du bloc {index}"
  }}
  vérifier "Le double du bloc {index} reste borné" : double_{index} entre 0 € et 10 000 000 €
  exemple "Bloc {index}" : habitants = {inhabitants} ⇒ double_{index} = {expected} €
  valeur somme_{index} "Somme du bloc {index}"
    = fonctionnement_{index} + moyens_{index}
  résultat reste_{index} "Reste du bloc {index}"
    = max(somme_{index} - double_{index}, 0 €)
"#
    );
}

/// An agreement of about `lines` lines (at least one block).
pub fn agreement(lines: usize) -> String {
    generate(lines, false)
}

/// The same agreement with one error per block (a misspelt name, which also brings a
/// suggestion), to measure the diagnostics' cost: sorting, suggestions, rendering.
pub fn agreement_with_errors(lines: usize) -> String {
    generate(lines, true)
}

fn generate(lines: usize, with_errors: bool) -> String {
    let mut out = String::with_capacity(lines * 64);
    out.push_str(
        r#"# Accord généré pour mesurer le passage à l'échelle du compilateur (clause-gen).

accord genere "Accord généré" {
  statut signé
  signé le 2019-06-20
  publié le 2019-08-24
  en vigueur le 2019-08-25
  durée du contrat 5 ans
  source "generateur"

  entrée habitants "Population couverte (habitants)" : nombre

  tranches taille selon habitants {
    taille_1 "Taille 1" : moins de 40 000
    taille_2 "Taille 2" : de 40 000 à moins de 80 000
    taille_3 "Taille 3" : de 80 000 à moins de 175 000
    taille_4 "Taille 4" : à partir de 175 000
  }
"#,
    );
    let blocks = (lines.saturating_sub(20) / BLOCK_LINES).max(1);
    for index in 1..=blocks {
        block(&mut out, index);
        if with_errors {
            let _ = writeln!(out, "  valeur faute_{index} = 3 × fonctionnemen_{index}");
        }
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_count_is_close_to_the_one_asked() {
        for lines in [1_000, 10_000] {
            let count = agreement(lines).lines().count();
            assert!(
                count.abs_diff(lines) <= BLOCK_LINES + 20,
                "{count} lines for {lines}"
            );
        }
    }

    #[test]
    fn amounts_are_grouped_by_three() {
        assert_eq!(group(1_234_567), "1 234 567");
        assert_eq!(group(900), "900");
    }
}

#[cfg(test)]
mod checked {
    use super::agreement;
    use clause_compiler::check::examples::run_examples;
    use clause_compiler::{analyze, Code, SourceDb};

    #[test]
    fn a_generated_agreement_checks_clean_and_its_examples_pass() {
        let mut db = SourceDb::new();
        db.add("genere.clause", agreement(2_000));
        let analysis = analyze(&db);
        assert!(
            analysis.diagnostics.is_empty(),
            "{:?}",
            analysis.diagnostics.first().map(|d| &d.message)
        );
        let version = analysis.version("genere").expect("the generated version");
        let reports = run_examples(version);
        assert!(reports.len() > 80, "{} examples", reports.len());
        assert!(
            reports.iter().all(|r| r.passed),
            "{:?}",
            reports.iter().find(|r| !r.passed)
        );
    }

    #[test]
    fn examples_sharing_their_inputs_each_report_a_failed_assertion() {
        let text = r#"accord a "A" {
  statut signé
  signé le 2019-06-20
  source "essai"
  entrée habitants : nombre
  valeur moyens = habitants × 1 €
  vérifier "Moyens sous 10 000 €" : moyens < 10 000 €
  exemple "Premier" : habitants = 20 000 ⇒ moyens = 20 000 €
  exemple "Second" : habitants = 20 000 ⇒ moyens = 20 000 €
  exemple "Petit" : habitants = 500 ⇒ moyens = 500 €
}
"#;
        let mut db = SourceDb::new();
        db.add("a.clause", text);
        let analysis = analyze(&db);
        let version = analysis.version("a").expect("version a");
        let reports = run_examples(version);
        let failed: Vec<&str> = reports
            .iter()
            .filter(|r| !r.passed)
            .map(|r| r.label.as_str())
            .collect();
        assert_eq!(failed, ["Premier", "Second"]);
        for report in reports.iter().filter(|r| !r.passed) {
            let assertion = report
                .diagnostics
                .iter()
                .find(|d| d.code == Code::AssertionFailed)
                .expect("the failed assertion");
            assert_eq!(
                assertion.secondary[0].span, report.span,
                "the diagnostic points at its own example"
            );
        }
    }
}

#[cfg(test)]
mod suggestions {
    use super::agreement_with_errors;
    use clause_compiler::{analyze, Code, SourceDb};

    fn unknown_names(lines: usize) -> (usize, usize) {
        let mut db = SourceDb::new();
        db.add("genere.clause", agreement_with_errors(lines));
        let analysis = analyze(&db);
        let unknown: Vec<_> = analysis
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::UnknownName)
            .collect();
        let suggested = unknown
            .iter()
            .filter(|d| {
                d.help
                    .as_deref()
                    .is_some_and(|h| h.starts_with("vouliez-vous dire `fonctionnement_"))
            })
            .count();
        (unknown.len(), suggested)
    }

    #[test]
    fn each_misspelt_name_gets_the_right_suggestion() {
        let (unknown, suggested) = unknown_names(1_000);
        assert!(unknown > 30);
        assert_eq!(suggested, unknown);
    }

    #[test]
    fn suggestions_stop_when_their_comparisons_would_make_the_check_quadratic() {
        // 10 000 lines: about 450 misspelt names among about 2 700 names. A budget of 200 000
        // comparisons pays for about 70 suggestions; the others get the plain help.
        let (unknown, suggested) = unknown_names(10_000);
        assert!(unknown > 400, "{unknown} unknown names");
        assert!((50..100).contains(&suggested), "{suggested} suggestions");
    }
}
