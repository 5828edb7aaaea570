//! Amounts an amendment writes relative to its base (docs/language.md § 12.8): `x de la base`
//! and `remplace montant`, hand-computed band by band; and W0709, a revaluation without rounding
//! past the cent, with its fix only when provably harmless.

use clause_compiler::check::examples::run_examples;
use clause_compiler::diff::{compare, markdown};
use clause_compiler::document::build_document;
use clause_compiler::evaluate::result::euros;
use clause_compiler::evaluate::{evaluate, Case, CompiledVersion};
use clause_compiler::{analyze, Analysis, Code, Severity, SourceDb};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The shipped agreements and `extra` texts.
fn workspace(extra: &[(&str, &str)]) -> (SourceDb, Analysis) {
    let mut db = clause_cli::workspace::load(&[root().join("agreements")]).expect("agreements");
    for (name, text) in extra {
        db.add(*name, *text);
    }
    let analysis = analyze(&db);
    (db, analysis)
}

fn worked_example() -> (SourceDb, Analysis) {
    let text = std::fs::read_to_string(root().join("tests/amendments/montant_de_la_base.clause"))
        .expect("example");
    let mut db = clause_cli::workspace::load(&[root().join("agreements")]).expect("agreements");
    db.add("montant_de_la_base.clause", text);
    let analysis = analyze(&db);
    (db, analysis)
}

fn errors(analysis: &Analysis) -> Vec<String> {
    analysis
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{}: {}", d.code.as_str(), d.message))
        .collect()
}

/// The line's static value in each band of its set, in euros.
fn per_band(analysis: &Analysis, version: &str, line: &str) -> Vec<String> {
    let version = analysis.version(version).expect("version");
    let id = version.value_named(line).expect("line");
    version
        .static_values
        .of_set(version.values[id].band_set)
        .map(|s| match s.value(id) {
            Ok(clause_compiler::value::Value::Money(m)) => euros(m),
            other => format!("{other:?}"),
        })
        .collect()
}

#[test]
fn amounts_written_relative_to_the_base_are_computed_band_by_band() {
    let (_, analysis) = worked_example();
    assert_eq!(errors(&analysis), Vec::<String>::new());
    let expected = [
        // ACI 2019, per band: fonctionnement 50 000 / 60 000 / 75 000 / 90 000 €, + 2 000 € each.
        (
            "montants_2025",
            "fonctionnement",
            ["52000.00", "62000.00", "77000.00", "92000.00"],
        ),
        // parcours 50 000 / 70 000 / 90 000 / 100 000 € × 105 % = 52 500 / 73 500 / 94 500 /
        // 105 000 €.
        (
            "montants_2025",
            "parcours",
            ["52500.00", "73500.00", "94500.00", "105000.00"],
        ),
        // prévention: the new table as written.
        (
            "montants_2025",
            "prevention",
            ["22000.00", "32000.00", "37000.00", "42000.00"],
        ),
        // total: the base's 220 000 / 287 000 / 370 000 / 450 000 € + 2 000 + the parcours' 5 %
        // (2 500 / 3 500 / 4 500 / 5 000) + 2 000 of prévention = 226 500 / 294 500 / 378 500 /
        // 459 000 €.
        (
            "montants_2025",
            "total_maximum",
            ["226500.00", "294500.00", "378500.00", "459000.00"],
        ),
        // The base is untouched.
        (
            "aci_cpts_2019",
            "fonctionnement",
            ["50000.00", "60000.00", "75000.00", "90000.00"],
        ),
    ];
    for (version, line, amounts) in expected {
        assert_eq!(
            per_band(&analysis, version, line),
            amounts,
            "{version}: {line}"
        );
    }
    let version = analysis.version("montants_2025").expect("version");
    let reports = run_examples(version);
    assert_eq!(reports.len(), 3);
    assert!(reports.iter().all(|r| r.passed), "{reports:#?}");
}

#[test]
fn a_new_amount_keeps_the_payment_rule_fixed_part_and_sources_of_the_line() {
    let (db, analysis) = worked_example();
    let version = analysis.version("montants_2025").expect("version");
    let base = analysis.version("aci_cpts_2019").expect("base");
    for line in ["fonctionnement", "parcours", "prevention"] {
        let new = &version.values[version.value_named(line).expect("line")];
        let old = &base.values[base.value_named(line).expect("line")];
        assert_eq!(new.payments.len(), old.payments.len(), "{line}");
        assert_eq!(new.sources, old.sources, "{line}");
        assert_eq!(new.hypotheses, old.hypotheses, "{line}");
        assert_eq!(
            new.fixed_share.is_some(),
            old.fixed_share.is_some(),
            "{line}"
        );
        assert!(new.amount_replaced, "{line}");
    }
    // The advance of 75 % at signature, the base's rule, now of 52 000 €: 39 000 €.
    let case = Case::from_json(
        version,
        r#"{ "entrees": { "habitants": 35000 }, "contrat": { "signature": "2026-01-01" } }"#,
    )
    .expect("case");
    let evaluation = evaluate(&CompiledVersion::new(version, &db), &case, true);
    let first = evaluation
        .versements
        .iter()
        .find(|p| p.ligne == "fonctionnement")
        .expect("a payment");
    assert_eq!(euros(first.amount), "39000.00");
}

#[test]
fn documents_and_the_diff_say_the_amount_as_the_text_does() {
    let (db, analysis) = worked_example();
    let new = build_document(analysis.version("montants_2025").expect("v"), &db);
    let old = build_document(analysis.version("aci_cpts_2019").expect("v"), &db);
    let shown = markdown::render_markdown(&compare(&old, &new), &old, &new)
        .replace(['\u{202f}', '\u{a0}'], " ");
    let base = "« Accord conventionnel interprofessionnel CPTS »";
    assert!(
        shown.contains(&format!("montant de {base} + 2 000 €")),
        "{shown}"
    );
    assert!(
        shown.contains(&format!("montant de {base} × 105 %")),
        "{shown}"
    );
    // With the amounts: 50 000 € → 52 000 € (+2 000 €) in taille 1.
    assert!(
        shown.contains("| 50 000 € | 52 000 € | +2 000 € |"),
        "{shown}"
    );
}

#[test]
fn reading_the_line_itself_in_the_base_is_no_circular_definition() {
    // The same text with the line's own name instead of `… de la base`: E0105.
    let circular = "avenant circulaire \"Circulaire\" modifie aci_cpts_2019 {\n  statut projet\n  source \"test\"\n  remplace montant fonctionnement = fonctionnement + 2 000 €\n}\n";
    let (_, analysis) = workspace(&[("circulaire.clause", circular)]);
    assert!(
        analysis
            .diagnostics
            .iter()
            .any(|d| d.code == Code::CyclicDefinition),
        "{:?}",
        errors(&analysis)
    );
    let (_, analysis) = worked_example();
    assert!(!analysis
        .diagnostics
        .iter()
        .any(|d| d.code == Code::CyclicDefinition));
}

#[test]
fn down_a_chain_the_base_is_the_nearest_version_with_its_own_changes() {
    // revalorisation (5 %, arrondi) on the ACI, then + 1 000 € on the revalued amount:
    // 50 000 × 1,05 = 52 500 + 1 000 = 53 500 € ; 60 000 × 1,05 = 63 000 + 1 000 = 64 000 € ;
    // 75 000 × 1,05 = 78 750 + 1 000 = 79 750 € ; 90 000 × 1,05 = 94 500 + 1 000 = 95 500 €.
    let first = "avenant premier \"Premier\" modifie aci_cpts_2019 {\n  statut projet\n  source \"test\"\n  revalorise fonctionnement de 5 % arrondi\n  retire vérifier \"Total maximum par taille (Le Quotidien du médecin, 21 novembre 2019)\"\n  retire vérifier \"Financement total possible entre 220 000 € et 450 000 € (CPAM de l'Isère, diapositive 9)\"\n}\n";
    let second = "avenant second \"Second\" modifie premier {\n  statut projet\n  source \"test\"\n  remplace montant fonctionnement = fonctionnement de la base + 1 000 €\n}\n";
    let (_, analysis) = workspace(&[("premier.clause", first), ("second.clause", second)]);
    assert_eq!(errors(&analysis), Vec::<String>::new());
    assert_eq!(
        per_band(&analysis, "second", "fonctionnement"),
        ["53500.00", "64000.00", "79750.00", "95500.00"]
    );
}

#[test]
fn a_base_value_must_be_a_value_of_the_right_type() {
    // A line of the base is an amount: compared with a count, it is a type error.
    let text = "avenant types \"Types\" modifie aci_cpts_2019 {\n  statut projet\n  source \"test\"\n  remplace montant fonctionnement = fonctionnement de la base + 2\n}\n";
    let (_, analysis) = workspace(&[("types.clause", text)]);
    assert!(
        analysis
            .diagnostics
            .iter()
            .any(|d| d.code == Code::TypeMismatch),
        "{:?}",
        errors(&analysis)
    );
}

/// W0709 on a revaluation of 2,5 % of [12 345, 23 456, 34 567] € paid by `rules`.
fn past_cent(rules: &str) -> Vec<clause_compiler::Diagnostic> {
    let base = format!("accord accord_2024 \"Accord\" {{\n  statut signé\n  signé le 2024-01-15\n  source \"test\"\n  entrée habitants \"Habitants\" : nombre\n  tranches taille selon habitants {{\n    taille_1 : moins de 40 000\n    taille_2 : de 40 000 à moins de 80 000\n    taille_3 : à partir de 80 000\n  }}\n  enveloppe fonctionnement \"Fonctionnement\" par taille [12 345 €, 23 456 €, 34 567 €]\n    versement {rules}\n}}\n");
    let amendment = "avenant revalorisation \"Revalorisation\" modifie accord_2024 {\n  statut projet\n  source \"test\"\n  revalorise fonctionnement de 2,5 %\n}\n";
    let mut db = SourceDb::new();
    db.add("base.clause", base);
    db.add("avenant.clause", amendment);
    analyze(&db)
        .diagnostics
        .into_iter()
        .filter(|d| d.code == Code::RevaluationPastCent)
        .collect()
}

#[test]
fn a_revaluation_past_the_cent_is_a_warning_with_a_fix_only_when_provably_harmless() {
    // 12 345 × 1,025 = 12 653,625 € and 34 567 × 1,025 = 35 431,175 € (23 456 × 1,025 =
    // 24 042,40 € is whole cents). Paid whole each year, rounding to the cent changes nothing
    // paid: the fix is offered.
    let found = past_cent("chaque année");
    assert_eq!(found.len(), 1);
    assert!(
        found[0].message.contains("12 653,625"),
        "{}",
        found[0].message
    );
    assert!(found[0].fix.is_some());
    // An advance of 75 %: 75 % × 12 653,625 = 9 490,21875 → 9 490,22 and 75 % × 12 653,63 =
    // 9 490,2225 → 9 490,22, the same; but 75 % × 35 431,175 = 26 573,38125 → 26 573,38 while
    // 75 % × 35 431,18 = 26 573,385 → 26 573,39: a cent apart, so no fix.
    let found = past_cent("avance 75 % à la signature, puis avance 75 % à chaque anniversaire, solde à l'anniversaire suivant");
    assert_eq!(found.len(), 1);
    assert!(found[0].fix.is_none(), "{:?}", found[0].fix);
}
