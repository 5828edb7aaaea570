//! Reference documents of the shipped versions: the funding tables equal the figures of the
//! sources (domain.md, source 001 and 002), the CSV is what spreadsheets expect, worked examples
//! are marked verified, holes and hypotheses are visible, and text from the sources is escaped.

use clause_cli::workspace::load;
use clause_compiler::document::{
    build_document, csv, html, markdown, Cell, Document, FundingRow, Periodicity, Verdict,
};
use clause_compiler::value::Value;
use clause_compiler::{analyze, SourceDb};
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};

fn agreements() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../agreements")
}

fn document(id: &str) -> Document {
    let db = load(&[agreements()]).expect("agreements load");
    let analysis = analyze(&db);
    assert!(!analysis.has_errors(), "the shipped agreements check");
    build_document(analysis.version(id).expect("version exists"), &db)
}

fn euros(cells: &[Cell]) -> Vec<Option<i64>> {
    cells
        .iter()
        .map(|c| match c {
            Cell::Value(Value::Money(d)) => Some(i64::try_from(*d).expect("whole euros")),
            _ => None,
        })
        .collect()
}

fn thousands(values: &[i64]) -> Vec<Option<i64>> {
    values.iter().map(|v| Some(v * 1000)).collect()
}

fn rows(doc: &Document) -> Vec<&FundingRow> {
    doc.funding
        .iter()
        .chain(&doc.other_payments)
        .flat_map(|t| t.groups.iter().flat_map(|g| &g.rows))
        .collect()
}

fn row<'a>(doc: &'a Document, name: &str) -> &'a FundingRow {
    rows(doc)
        .into_iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("line {name} in {}", doc.id))
}

#[test]
fn aci_funding_table_equals_source_001_figure_for_figure() {
    let doc = document("aci_cpts_2019");
    assert_eq!(doc.funding.len(), 1, "one yearly table, by taille");
    let table = &doc.funding[0];
    assert_eq!(
        table.columns,
        ["Taille 1", "Taille 2", "Taille 3", "Taille 4"]
    );
    // domain.md, « Funding table, € per year, by band » (source 001, diapo 9), in its order.
    let expected: [(&str, [i64; 4]); 7] = [
        ("fonctionnement", [50, 60, 75, 90]),
        ("acces_aux_soins", [40, 47, 65, 80]),
        ("regulation_snp", [35, 45, 55, 70]),
        ("parcours", [50, 70, 90, 100]),
        ("prevention", [20, 30, 35, 40]),
        ("qualite", [15, 20, 30, 40]),
        ("accompagnement", [10, 15, 20, 30]),
    ];
    let lines: Vec<&FundingRow> = table.groups.iter().flat_map(|g| &g.rows).collect();
    assert_eq!(
        lines.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
        expected.iter().map(|(n, _)| *n).collect::<Vec<_>>()
    );
    for (line, (name, amounts)) in lines.iter().zip(&expected) {
        assert_eq!(euros(&line.cells), thousands(amounts), "{name}");
    }
    let total = table.total.as_ref().expect("a total row");
    assert_eq!(euros(&total.cells), thousands(&[220, 287, 370, 450]));
    assert!(
        doc.other_payments.is_empty(),
        "the signed ACI has no one-off envelope"
    );
    // The total row says what it adds up.
    assert!(total.note.contains("7 lignes"), "{}", total.note);
}

#[test]
fn published_figures_use_french_typography() {
    let doc = document("aci_cpts_2019");
    let md = markdown::render_markdown(&doc);
    let page = html::render_html(&doc);
    for text in [&md, &page] {
        assert!(
            text.contains("220\u{202F}000\u{A0}€"),
            "narrow no-break space between thousands"
        );
        assert!(text.contains("450\u{202F}000\u{A0}€"));
        assert!(
            text.contains("20\u{A0}juin\u{A0}2019"),
            "long French date, never broken across lines"
        );
        assert!(!text.contains("l'"), "typographic apostrophes");
        assert!(text.contains("75\u{A0}%"), "percentages");
    }
    let funding = md
        .split("## Financement")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("funding section");
    assert!(
        !funding.contains("0 000 €") && !funding.contains(" €"),
        "no ordinary space in the table's figures"
    );
}

#[test]
fn consolidated_amendment_shows_supplement_and_crisis_lines_apart_from_the_yearly_total() {
    let doc = document("avenant_2_proposition_2020");
    let supplement = row(&doc, "supplement_amorcage");
    assert_eq!(
        euros(&supplement.cells),
        vec![Some(37_500), Some(45_000), Some(56_250), Some(67_500)]
    );
    assert_eq!(
        supplement.formula.as_deref(),
        Some("75\u{A0}% de «\u{A0}Rémunération du fonctionnement\u{A0}»"),
        "derived amounts show their formula"
    );
    assert_eq!(supplement.periodicity, Periodicity::OneOff);

    let crisis = doc.other_payments[0]
        .groups
        .iter()
        .find(|g| {
            g.mission
                .as_ref()
                .is_some_and(|m| m.name == "crise_sanitaire")
        })
        .expect("crisis mission group");
    let crisis_lines: Vec<(&str, Vec<Option<i64>>)> = crisis
        .rows
        .iter()
        .map(|r| (r.name.as_str(), euros(&r.cells)))
        .collect();
    assert_eq!(
        crisis_lines,
        vec![
            ("redaction_plan", thousands(&[25, 35, 45, 50])),
            (
                "mise_a_jour_plan",
                vec![Some(12_500), Some(17_500), Some(22_500), Some(25_000)]
            ),
            (
                "survenue_crise",
                vec![Some(37_500), Some(52_500), Some(67_500), Some(75_000)]
            ),
        ]
    );
    // One-off and conditional envelopes do not inflate the yearly total.
    let total = doc.funding[0].total.as_ref().expect("total");
    assert_eq!(euros(&total.cells), thousands(&[220, 287, 370, 450]));
    assert!(doc.funding[0]
        .groups
        .iter()
        .flat_map(|g| &g.rows)
        .all(|r| r.periodicity == Periodicity::Yearly));

    // Provenance: the base's lines and the amendment's additions are told apart.
    let base = row(&doc, "fonctionnement")
        .provenance
        .setter
        .as_ref()
        .expect("setter");
    assert!(base.is_base && base.declared_in == "aci_cpts_2019");
    let added = supplement.provenance.setter.as_ref().expect("setter");
    assert_eq!(added.change, clause_compiler::ir::Change::Added);
    let md = markdown::render_markdown(&doc);
    // In words: the header names the amendment and its base (discreet references).
    assert!(md.contains("ajouté par l’avenant"));
    assert!(md.contains("accord de base"));
    assert!(md.contains("<sub>réf. `aci_cpts_2019`</sub>"));
}

#[test]
fn worked_examples_and_assertions_are_marked_verified() {
    for id in [
        "aci_cpts_2019",
        "avenant_2_proposition_2020",
        "cpts_projet_2019_01",
        "esp_proposition_2020",
    ] {
        let doc = document(id);
        assert!(!doc.examples.is_empty(), "{id} has examples");
        assert!(
            doc.examples.iter().all(|e| e.verdict == Verdict::Verified),
            "{id}: {:?}",
            doc.examples
                .iter()
                .map(|e| (&e.label, e.verdict))
                .collect::<Vec<_>>()
        );
        assert!(
            doc.assertions
                .iter()
                .all(|a| a.verdict == Verdict::Verified),
            "{id}"
        );
    }
    let aci = document("aci_cpts_2019");
    assert_eq!(aci.assertions.len(), 2);
    assert_eq!(
        aci.assertions[1].detail.as_deref(),
        Some("pour chaque tranche")
    );
}

#[test]
fn draft_holes_are_shown_as_not_stated_and_leave_the_total_open() {
    let doc = document("cpts_projet_2019_01");
    assert_eq!(
        euros(&row(&doc, "prevention").cells),
        vec![Some(10_000), None, Some(20_000)]
    );
    assert_eq!(row(&doc, "prevention").cells[1], Cell::Hole);
    let total = doc.funding[0].total.as_ref().expect("total");
    assert_eq!(
        total.cells[1],
        Cell::Hole,
        "a band with a hole has no total"
    );
    // taille_1: the two access missions, parcours, prévention, and the two result ceilings.
    assert_eq!(
        total.cells[0],
        Cell::Value(Value::Money(Decimal::from(
            18_000 + 18_000 + 14_000 + 10_000 + 17_000 + 14_000
        )))
    );
    assert!(
        doc.holes
            .iter()
            .any(|h| h.contains("Prévention") && h.contains("Taille 2")),
        "{:?}",
        doc.holes
    );
    let md = markdown::render_markdown(&doc);
    assert!(md.contains("*non précisé*"));
    let page = html::render_html(&doc);
    assert!(page.contains(r#"<td class="num hole">non précisé</td>"#));
    // Hypotheses are numbered and referenced.
    assert!(doc
        .hypotheses
        .iter()
        .any(|h| h.text.contains("montant unique")));
    assert!(md.contains("(H1)") && md.contains("**H1**"));
}

#[test]
fn funding_csv_is_long_format_with_plain_decimals() {
    let doc = document("avenant_2_proposition_2020");
    let text = csv::render_funding_csv(&doc, csv::Dialect::Rfc4180).expect("rows");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("version,ligne,tranche,montant,libelle_ligne,libelle_mission,libelle_tranche")
    );
    // No label of this version holds a comma or a quote: a plain split reads its fields.
    let records: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    // 7 yearly lines + 5 added envelopes, 4 bands each.
    assert_eq!(records.len(), 12 * 4);
    assert!(records
        .iter()
        .all(|r| r.len() == 7 && r[0] == "avenant_2_proposition_2020"));
    assert!(records.contains(&vec![
        "avenant_2_proposition_2020",
        "supplement_amorcage",
        "taille_3",
        "56250",
        "Supplément d'amorçage après signature (+75 %)",
        "",
        "Taille 3"
    ]));
    // A line of a mission names it: the crisis mission's plan.
    assert!(records.iter().any(|r| r[1] == "redaction_plan"
        && r[5] == "Réponse aux crises sanitaires graves"
        && r[2] == "taille_1"));
    // The yearly lines add up to the published totals, band by band.
    let yearly: Vec<String> = doc.funding[0]
        .groups
        .iter()
        .flat_map(|g| &g.rows)
        .map(|r| r.name.clone())
        .collect();
    for (band, total) in [
        ("taille_1", 220_000),
        ("taille_2", 287_000),
        ("taille_3", 370_000),
        ("taille_4", 450_000),
    ] {
        let sum: Decimal = records
            .iter()
            .filter(|r| r[2] == band && yearly.iter().any(|y| y == r[1]))
            .map(|r| r[3].parse::<Decimal>().expect("plain decimal"))
            .sum();
        assert_eq!(sum, Decimal::from(total), "{band}");
    }
}

#[test]
fn french_csv_uses_semicolons_decimal_commas_and_a_bom() {
    let doc = document("avenant_2_proposition_2020");
    let text = csv::render_funding_csv(&doc, csv::Dialect::French).expect("rows");
    assert!(text.starts_with(
        "\u{feff}version;ligne;tranche;montant;libelle_ligne;libelle_mission;libelle_tranche\n"
    ));
    assert!(text.contains("avenant_2_proposition_2020;supplement_amorcage;taille_3;56250;"));
    // A decimal amount takes a comma: 12.5 months would read 12,5.
    assert_eq!(
        csv::Dialect::French.number(Decimal::new(125, 1)),
        "12,5",
        "decimal comma"
    );
    // A field holding the separator is quoted.
    assert_eq!(csv::Dialect::French.field("a;b"), "\"a;b\"");
    assert_eq!(csv::Dialect::French.field("a,b"), "a,b");
}

#[test]
fn a_table_without_rows_gives_no_csv() {
    // The ESP proposal has no mission: no calendar, and no file holding only a header.
    let doc = document("esp_proposition_2020");
    assert!(doc.calendar.is_empty());
    assert_eq!(csv::render_calendar_csv(&doc, csv::Dialect::French), None);
    assert_eq!(csv::render_calendar_csv(&doc, csv::Dialect::Rfc4180), None);
}

#[test]
fn calendar_csv_gives_deadlines_in_months() {
    let doc = document("cpts_projet_2019_01");
    let text = csv::render_calendar_csv(&doc, csv::Dialect::Rfc4180).expect("rows");
    assert_eq!(
        text,
        "version,mission,nature,demarrage_mois,deploiement_mois,libelle_mission\n\
         cpts_projet_2019_01,medecin_traitant,socle,6,24,Accès facilité à un médecin traitant\n\
         cpts_projet_2019_01,soins_non_programmes,socle,6,24,Accès à des plages de soins non programmés\n\
         cpts_projet_2019_01,parcours,socle,,24,Organisation des parcours pluriprofessionnels\n\
         cpts_projet_2019_01,prevention,socle,,24,Prévention\n"
    );
    let aci =
        csv::render_calendar_csv(&document("aci_cpts_2019"), csv::Dialect::Rfc4180).expect("rows");
    assert!(
        aci.contains("aci_cpts_2019,qualite,optionnelle,,,Qualité et pertinence\n"),
        "free deadlines are empty"
    );
    assert!(aci.contains("aci_cpts_2019,acces_aux_soins,socle,6,18,Accès aux soins\n"));
}

const HOSTILE: &str = r#"accord piege "Accord <script>alert('x')</script> & Cie" {
  statut projet
  proposé le 2020-01-01
  source "note <b>interne</b> & annexe | colonne"
  entrée habitants "Habitants & <i>co</i>" : nombre
  tranches taille selon habitants {
    petite "Petite <taille>" : moins de 10 000
    grande "Grande & forte" : à partir de 10 000
  }
  enveloppe fonctionnement "Fonctionnement <script>x</script> & frais" par taille [1 000 €, 2 000 €]
    hypothèse "montant <inventé> & invérifiable"
    versement avance 75 % à la signature, puis avance 75 % à chaque anniversaire
  mission m "Mission <img src=x onerror=alert(1)>" socle {
    démarrage au plus tard 6 mois après signature
    déploiement au plus tard 12 mois après signature
    enveloppe "Moyens & <em>plus</em>" par taille [3 000 €, 4 000 €]
    indicateur "Indicateur <script>y</script>"
  }
  exemple "Exemple <script>z</script> & co" : habitants = 5 000 ⇒ fonctionnement = 1 000 €
}
"#;

fn hostile_document() -> Document {
    let mut db = SourceDb::new();
    db.add("piege.clause", HOSTILE);
    let analysis = analyze(&db);
    assert!(!analysis.has_errors(), "{:#?}", analysis.diagnostics);
    build_document(analysis.version("piege").expect("version"), &db)
}

#[test]
fn labels_with_markup_are_escaped_in_every_format() {
    let doc = hostile_document();
    let page = html::render_html(&doc);
    assert!(!page.contains("<script"), "no script element in the HTML");
    assert!(!page.contains("<img"), "no injected element");
    assert!(!page.contains("<b>") && !page.contains("<i>") && !page.contains("<em>"));
    assert!(page.contains("Accord &lt;script&gt;alert(’x’)&lt;/script&gt; &amp; Cie"));
    assert!(page.contains("Fonctionnement &lt;script&gt;x&lt;/script&gt; &amp; frais"));
    assert!(page.contains("Mission &lt;img src=x onerror=alert(1)&gt;"));

    let md = markdown::render_markdown(&doc);
    assert!(!md.contains("<script") && !md.contains("<img") && !md.contains("<b>"));
    assert!(md.contains("Accord &lt;script&gt;alert(’x’)&lt;/script&gt; &amp; Cie"));
    assert!(
        md.contains("note &lt;b&gt;interne&lt;/b&gt; &amp; annexe \\| colonne"),
        "a pipe cannot break a table row"
    );
    // Every table row keeps its number of cells.
    for table in md.split("\n\n").filter(|b| b.starts_with('|')) {
        let counts: Vec<usize> = table
            .lines()
            .map(|l| l.replace("\\|", "").matches('|').count())
            .collect();
        assert!(counts.windows(2).all(|w| w[0] == w[1]), "{table}");
    }

    // A CSV is data, not markup: the labels as written, each in its column.
    let funding = csv::render_funding_csv(&doc, csv::Dialect::Rfc4180).expect("rows");
    assert_eq!(funding.lines().count(), 1 + 2 * 2);
    assert!(funding.contains(
        "piege,fonctionnement,petite,1000,Fonctionnement <script>x</script> & frais,,Petite <taille>\n"
    ));
    assert!(funding.contains(",Moyens & <em>plus</em>,Mission <img src=x onerror=alert(1)>,"));
    assert!(
        funding.lines().all(|l| !l.contains('"')),
        "nothing to quote here"
    );
}

#[test]
fn markdown_documents_match_their_snapshots() {
    for id in [
        "aci_cpts_2019",
        "avenant_2_proposition_2020",
        "cpts_projet_2019_01",
        "esp_proposition_2020",
    ] {
        let md = markdown::render_markdown(&document(id));
        insta::with_settings!({ snapshot_path => "snapshots/documents", prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!(id, md);
        });
    }
}

#[test]
fn the_boundary_table_gives_each_bound_below_at_and_above_with_band_amounts_and_hypothesis() {
    let doc = document("aci_cpts_2019");
    let table = &doc.boundaries[0];
    assert_eq!(table.band_set, "taille");
    // Three bounds written (40 000, 80 000, 175 000), three values each.
    assert_eq!(table.rows.len(), 9);
    let at = |value: &str| {
        table
            .rows
            .iter()
            .find(|r| r.value.replace('\u{202f}', " ") == value)
            .unwrap_or_else(|| panic!("{value} absent"))
    };
    // 174 999 is in taille_3 (fonctionnement 75 000 €), 175 000 and 175 001 in taille_4
    // (90 000 €): source 001, diapo 9.
    let first = table
        .lines
        .iter()
        .position(|l| l == "Rémunération du fonctionnement")
        .expect("fonctionnement");
    for (value, band, amount) in [
        ("174 999", "taille_3", 75_000),
        ("175 000", "taille_4", 90_000),
        ("175 001", "taille_4", 90_000),
        ("39 999", "taille_1", 50_000),
        ("40 000", "taille_2", 60_000),
    ] {
        let row = at(value);
        assert_eq!(
            row.band.as_ref().map(|b| b.0.as_str()),
            Some(band),
            "{value}"
        );
        assert_eq!(
            euros(&row.amounts[first..=first]),
            [Some(amount)],
            "{value}"
        );
    }
    // Which band owns 175 000 is the hypothesis of taille_3, named on the bound's row only.
    assert_eq!(
        at("175 000").hypotheses,
        ["175 000 appartient à la taille 4 : les sources ne tranchent pas"]
    );
    assert!(at("175 001").hypotheses.is_empty());
    assert!(at("174 999").hypotheses.is_empty());
}

#[test]
fn every_shipped_version_shows_its_boundary_table_in_every_format() {
    let db = load(&[agreements()]).expect("agreements load");
    let analysis = analyze(&db);
    for version in &analysis.versions {
        let doc = build_document(version, &db);
        // Every version with bands has its table; one without says it has no bound.
        assert_eq!(
            doc.boundaries.is_empty(),
            version.band_sets.is_empty(),
            "{}",
            version.name
        );
        assert!(
            markdown::render_markdown(&doc).contains("## Valeurs aux seuils"),
            "{}",
            version.name
        );
        assert!(
            html::render_html(&doc).contains("<section id=\"seuils\">"),
            "{}",
            version.name
        );
        let csv = csv::render_boundaries_csv(&doc, csv::Dialect::Rfc4180);
        // A version without bands has no boundary table: no CSV (not a header alone).
        assert_eq!(
            csv.is_some(),
            !version.band_sets.is_empty(),
            "{}",
            version.name
        );
        if let Some(csv) = csv {
            assert!(csv.starts_with(
                "version,tranches,seuil,position,valeur,tranche,ligne,montant,hypothese\n"
            ));
        }
    }
    // The CSV in plain numbers: 175 000 at the bound, taille_4, fonctionnement 90 000.
    let aci = document("aci_cpts_2019");
    let csv = csv::render_boundaries_csv(&aci, csv::Dialect::Rfc4180).unwrap();
    assert!(
        csv.contains("aci_cpts_2019,taille,175000,au seuil,175000,taille_4,Rémunération du fonctionnement,90000,175 000 appartient à la taille 4 : les sources ne tranchent pas\n"),
        "{csv}"
    );
    // The published (French) dialect: BOM, semicolons, the same plain numbers.
    let french = csv::render_boundaries_csv(&aci, csv::Dialect::French).unwrap();
    assert!(
        french.starts_with("\u{feff}version;tranches;seuil;"),
        "{french}"
    );
    assert!(
        french.contains("aci_cpts_2019;taille;175000;au seuil;175000;taille_4;Rémunération du fonctionnement;90000;"),
        "{french}"
    );
}
