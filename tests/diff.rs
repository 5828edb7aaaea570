//! Comparisons by meaning: what an amendment adds and nothing spurious, a change of bands
//! explained by population ranges, amounts with their deltas, every format.

use clause_cli::workspace::load;
use clause_compiler::diff::columns::amount_columns;
use clause_compiler::diff::{
    compare, html, json, markdown, split_named, text, Category, Comparison, Nature,
};
use clause_compiler::document::{build_document, Document};
use clause_compiler::{analyze, SourceDb};
use rust_decimal::Decimal;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn agreements() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../agreements")
}

fn documents(ids: [&str; 2]) -> (Document, Document) {
    let db = load(&[agreements()]).expect("agreements load");
    let analysis = analyze(&db);
    let doc = |id: &str| build_document(analysis.version(id).expect("version"), &db);
    (doc(ids[0]), doc(ids[1]))
}

fn comparison(old: &str, new: &str) -> Comparison {
    let (a, b) = documents([old, new]);
    compare(&a, &b)
}

fn paths(c: &Comparison, category: Category, nature: Nature) -> BTreeSet<String> {
    c.changes_in(category)
        .filter(|x| x.nature == nature)
        .map(|x| x.path.clone())
        .collect()
}

#[test]
fn amendment_adds_its_mission_and_envelopes_and_nothing_spurious() {
    let c = comparison("aci_cpts_2019", "avenant_2_proposition_2020");
    let added_lines: BTreeSet<String> = [
        "lettre_intention",
        "supplement_amorcage",
        "redaction_plan",
        "mise_a_jour_plan",
        "survenue_crise",
    ]
    .iter()
    .map(|n| format!("lignes/{n}"))
    .collect();
    assert_eq!(paths(&c, Category::Lines, Nature::Added), added_lines);
    assert_eq!(
        paths(&c, Category::Missions, Nature::Added),
        BTreeSet::from(["missions/crise_sanitaire".to_string()])
    );
    assert_eq!(
        paths(&c, Category::Derived, Nature::Added),
        BTreeSet::from(["valeurs/amorcage_total".to_string()])
    );
    // Nothing of the base changed: no amount, no line, no mission, no band, no payment rule.
    for category in [
        Category::Amounts,
        Category::Lines,
        Category::Missions,
        Category::Bands,
        Category::Payments,
        Category::Derived,
    ] {
        let other: Vec<_> = c
            .changes_in(category)
            .filter(|x| x.nature != Nature::Added)
            .map(|x| x.path.clone())
            .collect();
        assert!(other.is_empty(), "{category:?}: {other:?}");
    }
    assert!(
        c.band_mapping.is_none(),
        "same bands: no correspondence to explain"
    );
    assert_eq!(c.unchanged.lines, 7);
    assert_eq!(c.unchanged.missions, 5);
    assert_eq!(c.unchanged.bands, 4);
    // Status and dates: the consolidated version is the amendment's proposal.
    let status = c
        .changes
        .iter()
        .find(|x| x.path == "entete/statut")
        .expect("status change");
    assert_eq!(
        (
            status.before.as_ref().map(|s| s.text.as_str()),
            status.after.as_ref().map(|s| s.text.as_str())
        ),
        (Some("signé"), Some("proposé"))
    );
    assert!(c
        .changes
        .iter()
        .any(|x| x.path == "entete/propose_le" && x.nature == Nature::Added));
}

#[test]
fn band_change_from_the_january_draft_is_explained_by_population_ranges() {
    let c = comparison("cpts_projet_2019_01", "aci_cpts_2019");
    let mapping = c.band_mapping.as_ref().expect("the bands differ");
    let described: Vec<(String, &str, &str)> = mapping
        .segments
        .iter()
        .map(|s| {
            (
                s.range_text.replace('\u{202F}', " "),
                s.old_name.as_str(),
                s.new_name.as_str(),
            )
        })
        .collect();
    assert_eq!(
        described,
        vec![
            ("moins de 30 000".to_string(), "taille_1", "taille_1"),
            ("de 30 000 à 39 999".to_string(), "taille_2", "taille_1"),
            ("de 40 000 à 79 999".to_string(), "taille_2", "taille_2"),
            ("80 000".to_string(), "taille_2", "taille_3"),
            ("de 80 001 à 174 999".to_string(), "taille_3", "taille_3"),
            ("175 000 et plus".to_string(), "taille_3", "taille_4"),
        ]
    );
    assert_eq!(
        paths(&c, Category::Bands, Nature::Added),
        BTreeSet::from(["tranches/taille/taille_4".to_string()])
    );
    assert_eq!(paths(&c, Category::Bands, Nature::Modified).len(), 3);
    // Prévention, 80 001 to 174 999 inhabitants: 20 000 € in the draft's taille 3, 35 000 € in the ACI's taille 3.
    let change = c
        .changes
        .iter()
        .find(|x| x.path == "lignes/prevention/montant/80001-174999")
        .expect("segment change");
    let delta = change.delta.expect("delta");
    assert_eq!(delta.amount, Decimal::from(15_000));
    assert_eq!(delta.percent, Some(Decimal::from(75)));
    // A hole in the draft is a change without a delta.
    let filled = c
        .changes
        .iter()
        .find(|x| x.path == "lignes/prevention/montant/40000-79999")
        .expect("hole filled");
    assert!(filled.delta.is_none());
    assert_eq!(
        filled.before.as_ref().map(|s| s.text.as_str()),
        Some("non précisé")
    );
    // « 2 ans » and « 24 mois » are the same deadline: no change reported.
    assert!(!c
        .changes
        .iter()
        .any(|x| x.path == "missions/prevention/deploiement"));
    assert!(c
        .changes
        .iter()
        .any(|x| x.path == "missions/prevention/demarrage"));
}

const BASE: &str = r#"accord v1 "Version 1" {
  statut signé
  signé le 2020-01-01
  source "s"
  entrée habitants : nombre
  tranches taille selon habitants {
    petite : moins de 10 000
    grande : à partir de 10 000
  }
  enveloppe fonctionnement "Fonctionnement" par taille [50 000 €, 80 000 €]
    versement avance 75 % à la signature, puis avance 75 % à chaque anniversaire
  enveloppe retiree "Retirée" par taille [1 000 €, 2 000 €]
}
"#;

const AMENDMENT: &str = r#"avenant v2 "Version 2" modifie v1 {
  statut proposé
  proposé le 2021-01-01
  source "s2"
  remplace enveloppe fonctionnement "Fonctionnement" par taille [60 000 €, 72 000 €]
    versement à la signature
  retire enveloppe retiree
}
"#;

fn amended() -> Comparison {
    let mut db = SourceDb::new();
    db.add("v1.clause", BASE);
    db.add("v2.clause", AMENDMENT);
    let analysis = analyze(&db);
    assert!(!analysis.has_errors(), "{:#?}", analysis.diagnostics);
    compare(
        &build_document(analysis.version("v1").expect("v1"), &db),
        &build_document(analysis.version("v2").expect("v2"), &db),
    )
}

#[test]
fn every_changed_amount_has_old_new_delta_and_percentage() {
    let c = amended();
    let amounts: Vec<(String, String, String, Decimal, Option<Decimal>)> = c
        .changes_in(Category::Amounts)
        .map(|x| {
            let d = x.delta.expect("delta");
            (
                x.path.clone(),
                x.before
                    .as_ref()
                    .expect("before")
                    .text
                    .replace(['\u{202F}', '\u{A0}'], " "),
                x.after
                    .as_ref()
                    .expect("after")
                    .text
                    .replace(['\u{202F}', '\u{A0}'], " "),
                d.amount,
                d.percent,
            )
        })
        .collect();
    assert_eq!(
        amounts,
        vec![
            (
                "lignes/fonctionnement/montant/petite".into(),
                "50 000 €".into(),
                "60 000 €".into(),
                Decimal::from(10_000),
                Some(Decimal::from(20))
            ),
            (
                "lignes/fonctionnement/montant/grande".into(),
                "80 000 €".into(),
                "72 000 €".into(),
                Decimal::from(-8_000),
                Some(Decimal::from(-10))
            ),
        ]
    );
    assert_eq!(
        paths(&c, Category::Lines, Nature::Removed),
        BTreeSet::from(["lignes/retiree".to_string()])
    );
    assert!(
        c.changes
            .iter()
            .any(|x| x.path == "versements/fonctionnement"),
        "the payment rule changed"
    );
    let rendered = text::render_text(&c);
    assert!(
        rendered.contains("+10\u{202F}000\u{A0}€, +20\u{A0}%"),
        "{rendered}"
    );
    assert!(
        rendered.contains("−8\u{202F}000\u{A0}€, −10\u{A0}%"),
        "{rendered}"
    );
}

#[test]
fn json_is_a_list_of_changes_with_nature_path_before_after() {
    let c = amended();
    let value: serde_json::Value =
        serde_json::from_str(&json::render_json(&c)).expect("valid JSON");
    let list = value.as_array().expect("a list");
    assert_eq!(list.len(), c.changes.len());
    for change in list {
        let nature = change["nature"].as_str().expect("nature");
        assert!(["ajout", "suppression", "modification"].contains(&nature));
        assert!(change["chemin"].is_string());
        assert!(change.get("avant").is_some() && change.get("apres").is_some());
        match nature {
            "ajout" => assert!(change["avant"].is_null()),
            "suppression" => assert!(change["apres"].is_null()),
            _ => assert!(!change["avant"].is_null() && !change["apres"].is_null()),
        }
    }
    let amount = list
        .iter()
        .find(|c| c["chemin"] == "lignes/fonctionnement/montant/petite")
        .expect("amount");
    assert_eq!(amount["avant"], serde_json::json!(50000));
    assert_eq!(amount["apres"], serde_json::json!(60000));
    assert_eq!(amount["ecart"], serde_json::json!(10000));
    assert_eq!(amount["variation_pourcentage"], serde_json::json!(20));
}

#[test]
fn text_output_fits_a_100_column_terminal() {
    for (old, new) in [
        ("aci_cpts_2019", "avenant_2_proposition_2020"),
        ("cpts_projet_2019_01", "aci_cpts_2019"),
        ("esp_proposition_2020", "aci_cpts_2019"),
    ] {
        let rendered = text::render_text(&comparison(old, new));
        for line in rendered.lines() {
            assert!(
                line.chars().count() <= 100,
                "{old} → {new}: {} columns: {line}",
                line.chars().count()
            );
        }
    }
}

#[test]
fn lines_sharing_a_label_are_told_apart_by_their_mission_in_every_format() {
    // The January draft has four lines « Moyens », one under each mission; two of them are
    // matched with the signed ACI's « Coordination des parcours » and « Prévention », the two
    // others (médecin traitant, soins non programmés) are removed.
    let (a, b) = documents(["cpts_projet_2019_01", "aci_cpts_2019"]);
    let c = compare(&a, &b);
    let qualified = [
        "Accès facilité à un médecin traitant — Moyens",
        "Accès à des plages de soins non programmés — Moyens",
    ];
    let columns = amount_columns(&c, &a, &b);
    let labels: Vec<&str> = columns.rows.iter().map(|r| r.label.as_str()).collect();
    let distinct: BTreeSet<&str> = labels.iter().copied().collect();
    assert_eq!(
        distinct.len(),
        labels.len(),
        "one label per row: {labels:?}"
    );
    for label in qualified {
        assert!(labels.contains(&label), "{label} in {labels:?}");
    }
    // A label no other line bears stays as it is.
    assert!(
        labels.contains(&"Rémunération du fonctionnement"),
        "{labels:?}"
    );
    // The removed lines' subjects, in the list of changes.
    let removed: BTreeSet<&str> = c
        .changes_in(Category::Lines)
        .filter(|x| x.nature == Nature::Removed)
        .map(|x| split_named(&x.subject).0)
        .collect();
    for label in qualified {
        assert!(removed.contains(label), "{label} in {removed:?}");
    }
    // The draft's formula « Moyens » + « Moyens » names its two lines apart.
    let sum = c
        .changes_in(Category::Derived)
        .find(|x| x.subject.starts_with("Moyens des deux missions"))
        .and_then(|x| x.before.as_ref())
        .expect("the draft's derived value, removed");
    for label in qualified {
        assert!(
            sum.text.contains(&format!("«\u{a0}{label}\u{a0}»")),
            "{label} in {}",
            sum.text
        );
    }
    // Every format says it, the tables' first column included (as many rows as lines).
    let html = html::render_html(&c, &a, &b);
    let md = markdown::render_markdown(&c, &a, &b);
    let pdf = clause_pdf::comparison_source(&c, &a, &b);
    for (format, page) in [("HTML", &html), ("Markdown", &md), ("PDF", &pdf)] {
        for label in qualified {
            assert!(page.contains(label), "{format}: {label}");
        }
    }
    assert!(
        !md.lines().any(|l| l.starts_with("| Moyens |")),
        "no bare « Moyens » row in the Markdown table"
    );
    assert!(
        !html.contains("<th scope=\"row\">Moyens</th>"),
        "no bare « Moyens » row in the HTML tables"
    );
}

#[test]
fn comparison_outputs_match_their_snapshots() {
    for (old, new) in [
        ("aci_cpts_2019", "avenant_2_proposition_2020"),
        ("cpts_projet_2019_01", "aci_cpts_2019"),
    ] {
        let c = comparison(old, new);
        let (a, b) = documents([old, new]);
        insta::with_settings!({ snapshot_path => "snapshots/diff", prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!(format!("{old}__{new}.txt"), text::render_text(&c));
            insta::assert_snapshot!(format!("{old}__{new}.md"), markdown::render_markdown(&c, &a, &b));
        });
    }
}

/// Two signed versions of one agreement, compared.
fn versions(old: &str, new: &str) -> Comparison {
    let mut db = SourceDb::new();
    db.add("old.clause", old);
    db.add("new.clause", new);
    let analysis = analyze(&db);
    assert!(!analysis.has_errors(), "{:#?}", analysis.diagnostics);
    compare(
        &build_document(analysis.version("ancien").expect("ancien"), &db),
        &build_document(analysis.version("nouveau").expect("nouveau"), &db),
    )
}

fn agreement(id: &str, body: &str) -> String {
    format!(
        "accord {id} \"Accord\" {{\n  statut signé\n  signé le 2024-01-15\n  source \"s\"\n{body}}}\n"
    )
}

fn described(c: &Comparison) -> Vec<(String, String, String)> {
    c.band_mapping
        .as_ref()
        .expect("the bands differ")
        .segments
        .iter()
        .map(|s| {
            (
                s.range_text.replace('\u{202F}', " "),
                s.old_name.clone(),
                s.new_name.clone(),
            )
        })
        .collect()
}

#[test]
fn exact_bands_are_compared_by_exact_segments() {
    // An amendment moves a rate bound from 50 % to 60 %: [0, 50 %) stays bas; [50 %, 60 %) was
    // moyen and is bas; [60 %, 80 %] stays moyen; (80 %, 100 %] stays haut, its bound excluded.
    let rate = |cut: &str, amounts: &str| {
        format!(
            "  entrée atteinte : taux
  tranches niveau selon atteinte, de 0 % à 100 % {{
    bas : moins de {cut} %
    moyen : de {cut} % à 80 %
    haut : de plus de 80 % à 100 %
  }}
  enveloppe fonctionnement \"Fonctionnement\" par niveau [{amounts}]
"
        )
    };
    let c = versions(
        &agreement("ancien", &rate("50", "1 000 €, 2 000 €, 3 000 €")),
        &agreement("nouveau", &rate("60", "1 000 €, 2 000 €, 3 000 €")),
    );
    let s = |r: &str, o: &str, n: &str| (r.to_string(), o.to_string(), n.to_string());
    assert_eq!(
        described(&c),
        vec![
            s("de 0 % à moins de 50 %", "bas", "bas"),
            s("de 50 % à moins de 60 %", "moyen", "bas"),
            s("de 60 % à 80 %", "moyen", "moyen"),
            s("de plus de 80 % à 100 %", "haut", "haut"),
        ]
    );
    // Only [50 %, 60 %) changes its amount: 2 000 € (moyen) → 1 000 € (bas), −1 000 €, −50 %.
    let amounts: Vec<(&str, Option<Decimal>)> = c
        .changes_in(Category::Amounts)
        .map(|x| (x.path.as_str(), x.delta.map(|d| d.amount)))
        .collect();
    assert_eq!(
        amounts,
        vec![(
            "lignes/fonctionnement/montant/[0.5-0.6[",
            Some(Decimal::from(-1000))
        )]
    );
    // A decimal dimension: `plus de 2,5` is cut into `de plus de 2,5 à 4` (2,5 excluded, 4
    // included) and `plus de 4`; 2,5 itself stays in bas.
    let ratio = |bands: &str, amounts: &str| {
        format!(
            "  entrée ratio : décimal
  tranches palier selon ratio {{
{bands}  }}
  enveloppe fonctionnement \"Fonctionnement\" par palier [{amounts}]
"
        )
    };
    let c = versions(
        &agreement(
            "ancien",
            &ratio(
                "    bas : jusqu'à 2,5\n    haut : plus de 2,5\n",
                "100 €, 200 €",
            ),
        ),
        &agreement(
            "nouveau",
            &ratio(
                "    bas : jusqu'à 2,5\n    moyen : de plus de 2,5 à 4\n    haut : plus de 4\n",
                "100 €, 150 €, 200 €",
            ),
        ),
    );
    assert_eq!(
        described(&c),
        vec![
            s("de 0 à 2,5", "bas", "bas"),
            s("de plus de 2,5 à 4", "haut", "moyen"),
            s("plus de 4", "haut", "haut"),
        ]
    );
    insta::with_settings!({ snapshot_path => "snapshots/diff", prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!("exact_bands_ratio.txt", text::render_text(&c));
    });
}
