//! The costing report in words: the report is laid out once as French sections (a title,
//! sentences, a table), which the text, Markdown and HTML renderers print each their way;
//! JSON is the report itself and CSV lists every contract.

pub mod charts;
pub mod csv;
pub mod html;
pub mod markdown;
pub mod text;

use crate::report::{CostReport, Money};
use rust_decimal::Decimal;

/// A part of the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub title: String,
    pub sentences: Vec<String>,
    pub table: Option<Table>,
    /// Bulleted items after the table (hypotheses, refused rows).
    pub items: Vec<String>,
}

/// A table whose numeric columns are right-aligned.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub headers: Vec<String>,
    pub numeric: Vec<bool>,
    pub rows: Vec<Vec<String>>,
    /// A last row of totals, set apart.
    pub total: Option<Vec<String>>,
}

/// `1 234 567,89 €` with the given thousands separator: always the cents, so that columns of
/// amounts line up and read alike.
pub fn euros(amount: Decimal, grouping: &str) -> String {
    let cents =
        amount.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    let whole = cents.trunc();
    let fraction = ((cents - whole).abs() * Decimal::ONE_HUNDRED).trunc();
    let integer = clause_compiler::value::french_number(whole.abs(), grouping);
    let sign = if cents.is_sign_negative() && !cents.is_zero() {
        "-"
    } else {
        ""
    };
    format!("{sign}{integer},{fraction:0>2}\u{a0}€")
}

/// A difference with its sign: `+1 234,00 €`, `−56,10 €` (a real minus sign), `0,00 €`.
pub fn signed_euros(amount: Decimal, grouping: &str) -> String {
    let text = euros(amount.abs(), grouping);
    if amount.is_zero() {
        text
    } else if amount.is_sign_negative() {
        format!("−{text}")
    } else {
        format!("+{text}")
    }
}

fn plural(count: usize, one: &str, many: &str) -> String {
    let number = french_money_count(count);
    if count <= 1 {
        format!("{number} {one}")
    } else {
        format!("{number} {many}")
    }
}

fn french_money_count(count: usize) -> String {
    clause_compiler::value::french_number(Decimal::from(count), "\u{202f}")
}

fn band(name: &Option<String>, label: &Option<String>) -> String {
    match (label, name) {
        (Some(label), _) => label.clone(),
        (None, Some(name)) => name.clone(),
        (None, None) => "hors tranche".into(),
    }
}

/// A band's label from its name, in a version's band list.
fn band_label(bands: &[crate::contract::Named], name: &Option<String>) -> String {
    let label = bands
        .iter()
        .find(|(n, _)| Some(n) == name.as_ref())
        .and_then(|(_, l)| l.clone());
    band(name, &label)
}

fn version_title(side: &crate::report::SideReport) -> String {
    let title = side.titre.clone().unwrap_or_else(|| side.version.clone());
    match &side.statut {
        Some(status) => format!("{title} ({status})"),
        None => title,
    }
}

/// The report as sections, shared by every human-readable output. `grouping` is the thousands
/// separator (a narrow no-break space in published documents, a space in a terminal).
pub fn sections(report: &CostReport, grouping: &str) -> Vec<Section> {
    let money = |m: Money| euros(m.0, grouping);
    let signed = |m: Money| signed_euros(m.0, grouping);
    let (old, new, diff) = (&report.avant, &report.apres, &report.ecart);
    let three = |first: &str| {
        vec![
            first.to_string(),
            "Avant".to_string(),
            "Après".to_string(),
            "Écart".to_string(),
        ]
    };
    let mut sections = Vec::new();

    let counts = &report.contrats;
    let mut summary = vec![
        format!(
            "Avant : {} — version `{}`.",
            version_title(old),
            old.version
        ),
        format!(
            "Après : {} — version `{}`.",
            version_title(new),
            new.version
        ),
        format!(
            "Population : {} ; {} par les deux versions{}.",
            plural(counts.lignes, "contrat", "contrats"),
            plural(counts.chiffres, "chiffré", "chiffrés"),
            if counts.refuses > 0 {
                format!(
                    ", {} (voir « Lignes refusées »)",
                    plural(counts.refuses, "refusé", "refusés")
                )
            } else {
                String::new()
            }
        ),
        format!("Durée des contrats avant : {}.", old.duree),
        format!("Durée des contrats après : {}.", new.duree),
    ];
    for side in [old, new] {
        if !side.colonnes_ignorees.is_empty() {
            summary.push(format!(
                "La version `{}` n’a pas les missions des colonnes {} : elle les ignore.",
                side.version,
                side.colonnes_ignorees
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    if counts.hors_champ > 0 {
        summary.push(format!(
            "{} hors du champ d’une des versions (« applicable aux contrats signés avant le … ») : {} par l’autre texte des deux côtés, sans écart.",
            plural(counts.hors_champ, "contrat", "contrats"),
            if counts.hors_champ > 1 { "payés" } else { "payé" }
        ));
    }
    if counts.chiffres > 0 {
        let verb = |count: usize, one: &str, many: &str| {
            format!(
                "{} {}",
                french_money_count(count),
                if count > 1 { many } else { one }
            )
        };
        summary.push(format!(
            "Sur les contrats chiffrés, {} ; {} ; {}.",
            verb(counts.gagnants, "gagne", "gagnent"),
            verb(counts.perdants, "perd", "perdent"),
            verb(counts.inchanges, "ne change pas", "ne changent pas")
        ));
    }
    sections.push(Section {
        title: "Synthèse".into(),
        sentences: summary,
        table: Some(Table {
            headers: three(""),
            numeric: vec![false, true, true, true],
            rows: vec![vec![
                "Total versé sur la durée des contrats".into(),
                money(old.total),
                money(new.total),
                signed(diff.total),
            ]],
            total: None,
        }),
        items: Vec::new(),
    });

    let year_table = |first: &str, rows: Vec<Vec<String>>| Table {
        headers: three(first),
        numeric: vec![false, true, true, true],
        rows,
        total: Some(vec![
            "Total".into(),
            money(old.total),
            money(new.total),
            signed(diff.total),
        ]),
    };
    sections.push(Section {
        title: "Par année de contrat".into(),
        sentences: vec!["L’année 1 commence à la signature ; l’année 0 regroupe ce qui est versé avant (lettre d’intention).".into()],
        table: Some(year_table(
            "Année",
            diff.par_annee_contrat
                .iter()
                .map(|y| vec![format!("année {}", y.annee), money(y.avant), money(y.apres), signed(y.ecart)])
                .collect(),
        )),
        items: Vec::new(),
    });
    sections.push(Section {
        title: "Par année civile".into(),
        sentences: vec!["Chaque versement compte pour l’année de sa date.".into()],
        table: Some(year_table(
            "Année",
            diff.par_annee_civile
                .iter()
                .map(|y| {
                    vec![
                        y.annee.to_string(),
                        money(y.avant),
                        money(y.apres),
                        signed(y.ecart),
                    ]
                })
                .collect(),
        )),
        items: Vec::new(),
    });
    sections.push(Section {
        title: "Par tranche".into(),
        sentences: vec![format!(
            "Les contrats sont classés dans les tranches de la version après ; la colonne « Tranches avant » dit d’où ils viennent."
        )],
        table: Some(Table {
            headers: vec![
                "Tranche".into(),
                "Contrats".into(),
                "Tranches avant".into(),
                "Avant".into(),
                "Après".into(),
                "Écart".into(),
            ],
            numeric: vec![false, true, false, true, true, true],
            rows: diff
                .par_tranche
                .iter()
                .map(|b| {
                    let origins: Vec<String> = b
                        .tranches_avant
                        .iter()
                        .map(|o| {
                            format!(
                                "{} ({})",
                                band_label(&report.band_names.0, &o.tranche),
                                french_money_count(o.contrats)
                            )
                        })
                        .collect();
                    vec![
                        band(&b.tranche, &b.libelle),
                        french_money_count(b.contrats),
                        origins.join(", "),
                        money(b.avant),
                        money(b.apres),
                        signed(b.ecart),
                    ]
                })
                .collect(),
            total: None,
        }),
        items: Vec::new(),
    });
    sections.push(Section {
        title: "Par ligne de financement".into(),
        sentences: vec!["Les lignes qui font l’écart viennent en premier.".into()],
        table: Some(Table {
            headers: three("Ligne"),
            numeric: vec![false, true, true, true],
            rows: diff
                .par_ligne
                .iter()
                .map(|l| {
                    vec![
                        l.libelle.clone().unwrap_or_else(|| l.ligne.clone()),
                        money(l.avant),
                        money(l.apres),
                        signed(l.ecart),
                    ]
                })
                .collect(),
            total: None,
        }),
        items: Vec::new(),
    });
    if let Some(q) = &report.distribution {
        sections.push(Section {
            title: "Distribution des écarts par contrat".into(),
            sentences: vec!["Quantiles exacts (rang le plus proche : chacun est l’écart d’un contrat réel) ; moyenne arrondie au centime.".into()],
            table: Some(Table {
                headers: vec!["Minimum", "10 %", "25 %", "Médiane", "75 %", "90 %", "Maximum", "Moyenne"]
                    .into_iter()
                    .map(String::from)
                    .collect(),
                numeric: vec![true; 8],
                rows: vec![[q.minimum, q.q10, q.q25, q.mediane, q.q75, q.q90, q.maximum, q.moyenne]
                    .into_iter()
                    .map(signed)
                    .collect()],
                total: None,
            }),
            items: Vec::new(),
        });
    }
    if !report.plus_grands_ecarts.is_empty() {
        sections.push(Section {
            title: "Plus grands écarts".into(),
            sentences: Vec::new(),
            table: Some(Table {
                headers: vec![
                    "Contrat",
                    "Ligne du fichier",
                    "Tranche avant",
                    "Tranche après",
                    "Avant",
                    "Après",
                    "Écart",
                ]
                .into_iter()
                .map(String::from)
                .collect(),
                numeric: vec![false, true, false, false, true, true, true],
                rows: report
                    .plus_grands_ecarts
                    .iter()
                    .map(|c| {
                        vec![
                            c.id.clone(),
                            c.ligne.to_string(),
                            band_label(&report.band_names.0, &c.tranche_avant),
                            band_label(&report.band_names.1, &c.tranche_apres),
                            money(c.avant),
                            money(c.apres),
                            signed(c.ecart),
                        ]
                    })
                    .collect(),
                total: None,
            }),
            items: Vec::new(),
        });
    }
    let mut hypotheses = Vec::new();
    for (who, list) in [
        (format!("version `{}`", old.version), &old.hypotheses),
        (format!("version `{}`", new.version), &new.hypotheses),
        ("population".to_string(), &report.population.hypotheses),
    ] {
        hypotheses.extend(list.iter().map(|h| format!("{who} : {h}")));
    }
    sections.push(Section {
        title: "Ce sur quoi le chiffrage repose".into(),
        sentences: vec![if hypotheses.is_empty() {
            "Aucune hypothèse : chaque montant versé vient d’un chiffre des sources.".into()
        } else {
            "Les hypothèses des versions dont dépend un versement de la population, puis celles de la population :".into()
        }],
        table: None,
        items: hypotheses,
    });
    if !report.refus.is_empty() {
        sections.push(Section {
            title: "Lignes refusées".into(),
            sentences: vec![format!(
                "{} : ni l’une ni l’autre version ne les compte.",
                plural(counts.refuses, "ligne refusée", "lignes refusées")
            )],
            table: None,
            items: report
                .refus
                .iter()
                .map(|r| {
                    format!(
                        "ligne {} ({}) : {}",
                        r.ligne,
                        r.version,
                        r.erreurs.join(" ; ")
                    )
                })
                .collect(),
        });
    }
    sections
}

/// The report's title.
pub fn title(report: &CostReport) -> String {
    format!(
        "Chiffrage : {} → {}",
        report
            .avant
            .titre
            .as_deref()
            .unwrap_or(&report.avant.version),
        report
            .apres
            .titre
            .as_deref()
            .unwrap_or(&report.apres.version)
    )
}

/// A whole number with its sign for a chart's label: `+12`, `−3`, `0`.
fn signed_whole(value: i64) -> String {
    let text = french_money_count(usize::try_from(value.unsigned_abs()).unwrap_or(usize::MAX));
    match value.signum() {
        1 => format!("+{text}"),
        -1 => format!("−{text}"),
        _ => text,
    }
}
