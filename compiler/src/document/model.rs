//! The reference document of one version, independent of its output format: what the HTML,
//! Markdown and CSV renderers print, and what the comparison of two versions reads.

use crate::ir::Change;
use crate::value::Value;
use rust_decimal::Decimal;

#[derive(Debug, Clone)]
pub struct Document {
    pub id: String,
    pub title: Option<String>,
    /// « Accord » or « Avenant consolidé sur … ».
    pub kind: String,
    /// For a consolidated amendment, the bases it was applied to (nearest first).
    pub bases: Vec<String>,
    pub status: Option<String>,
    /// Dated facts in the order of the header: « signé le », « publié le »…
    pub facts: Vec<Fact>,
    pub sources: Vec<Sourced>,
    /// The full entries of the references the version cites (title, issuer, date, where it
    /// lives): the list at the end of the documents.
    pub references: Vec<String>,
    pub inputs: Vec<InputDoc>,
    pub conditions: Vec<Formula>,
    pub band_sets: Vec<BandSetDoc>,
    /// The yearly funding lines, grouped by mission, with their total.
    pub funding: Vec<FundingTable>,
    /// One-off, conditional or year-dependent envelopes: never summed with the yearly lines.
    pub other_payments: Vec<FundingTable>,
    pub calendar: Vec<CalendarRow>,
    pub payment_rules: Vec<PaymentRuleDoc>,
    /// Values and results that are not envelopes (`valeur`, `résultat`).
    pub derived: Vec<DerivedDoc>,
    pub assertions: Vec<CheckDoc>,
    pub examples: Vec<CheckDoc>,
    pub hypotheses: Vec<HypothesisDoc>,
    pub holes: Vec<String>,
    /// The values at every band boundary (`boundaries.rs`).
    pub boundaries: Vec<BoundaryTable>,
    /// The values varying with two criteria, as two-way tables (`two_way.rs`).
    pub two_way: Vec<TwoWayTable>,
    /// The tables of rules over two inputs, a row per rule (`two_way.rs`).
    pub rule_tables: Vec<RuleTableDoc>,
    /// The date that places the version (signature, else proposal, else publication): the PDF's
    /// metadata date.
    pub date: Option<chrono::NaiveDate>,
}

/// One payment statement and every envelope it applies to: the same three-line rule is said
/// once, followed by its lines.
#[derive(Debug, Clone)]
pub struct FactoredRule<'d> {
    pub text: &'d str,
    pub fixed_share: Option<&'d str>,
    pub hypotheses: &'d [usize],
    pub labels: Vec<&'d str>,
}

impl Document {
    /// The payment rules with identical statements merged, in the order first written.
    pub fn factored_payment_rules(&self) -> Vec<FactoredRule<'_>> {
        let mut factored: Vec<FactoredRule<'_>> = Vec::new();
        for rule in &self.payment_rules {
            let fixed = rule.fixed_share.as_deref();
            match factored.iter_mut().find(|f| {
                f.text == rule.text && f.fixed_share == fixed && f.hypotheses == rule.hypotheses
            }) {
                Some(existing) => existing.labels.push(&rule.label),
                None => factored.push(FactoredRule {
                    text: &rule.text,
                    fixed_share: fixed,
                    hypotheses: &rule.hypotheses,
                    labels: vec![&rule.label],
                }),
            }
        }
        factored
    }
}

/// A header line: « Signé le » → « 20 juin 2019 ».
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    /// Stable key used by the comparison (`signe_le`).
    pub key: &'static str,
    pub label: &'static str,
    pub text: String,
    pub provenance: Provenance,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Sourced {
    pub text: String,
    pub provenance: Provenance,
}

/// Where a figure comes from: the documents it cites and, in a consolidated version, whether the
/// base or the amendment set it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Provenance {
    pub sources: Vec<crate::citation::Citation>,
    /// Empty for an item of a plain agreement; « accord de base `…` », « ajouté par l'avenant `…` »…
    pub setter: Option<Setter>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Setter {
    pub declared_in: String,
    pub change: Change,
    /// Whether the declaration is the version's own (the amendment) or a base.
    pub is_base: bool,
}

#[derive(Debug, Clone)]
pub struct InputDoc {
    pub name: String,
    pub label: Option<String>,
    pub type_name: String,
}

/// A named expression with its source text: a condition, a formula.
#[derive(Debug, Clone)]
pub struct Formula {
    pub name: String,
    pub label: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct BandSetDoc {
    pub name: String,
    pub dimension: String,
    pub dimension_label: Option<String>,
    pub bands: Vec<BandDoc>,
    /// The dimension counts whole units: `low` and `high` are the closed whole bounds.
    pub whole: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BandDoc {
    pub name: String,
    pub label: String,
    pub low: Decimal,
    pub high: Option<Decimal>,
    /// « moins de 40 000 », « de 40 000 à 79 999 », « 175 000 et plus ».
    pub range_text: String,
    pub hypotheses: Vec<usize>,
    /// The band's exact values, with the openness of each bound.
    pub interval: crate::interval::Interval,
    /// A rate: the bounds are shown in percent.
    pub percent: bool,
}

/// One table of envelopes: columns are the bands of `band_set` (a single « montant » column for a
/// version without bands).
#[derive(Debug, Clone)]
pub struct FundingTable {
    pub band_set: Option<String>,
    pub columns: Vec<String>,
    pub groups: Vec<FundingGroup>,
    /// The total row (yearly table only) and what it sums.
    pub total: Option<TotalRow>,
}

/// The envelopes of one mission, or the envelopes outside any mission (`mission` is `None`).
#[derive(Debug, Clone)]
pub struct FundingGroup {
    pub mission: Option<MissionRef>,
    pub rows: Vec<FundingRow>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MissionRef {
    pub name: String,
    pub label: String,
    pub nature: String,
}

#[derive(Debug, Clone)]
pub struct FundingRow {
    pub name: String,
    pub label: String,
    pub mission: Option<String>,
    pub cells: Vec<Cell>,
    /// The same amount whatever the band (a value without band table).
    pub uniform: bool,
    /// The formula's text when the amount is computed (`75 % × fonctionnement`).
    pub formula: Option<String>,
    /// When the envelope is paid, for the table of non-yearly payments.
    pub timing: String,
    pub periodicity: Periodicity,
    pub provenance: Provenance,
    /// Indexes into `Document::hypotheses`.
    pub hypotheses: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Periodicity {
    /// Paid every contract year: counts in the yearly total.
    Yearly,
    FirstYear,
    FollowingYears,
    OneOff,
    OnEvent,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// A number, an amount, a rate, a date.
    Value(Value),
    /// Any other value, already written out (an enumeration variant, a set, a boolean).
    Text(String),
    /// `non précisé` in the sources.
    Hole,
    /// Depends on the inputs of a case: no static figure.
    DependsOnInputs,
    /// A computation that failed (already reported by the checker).
    Invalid,
}

impl Cell {
    pub fn amount(&self) -> Option<Decimal> {
        match self {
            Cell::Value(value) => value.number(),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct TotalRow {
    pub label: String,
    /// What the total adds up, in words.
    pub note: String,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone)]
pub struct CalendarRow {
    pub mission: String,
    pub label: String,
    pub nature: String,
    pub mandatory: bool,
    pub start: Deadline,
    pub effective: Deadline,
    pub indicators: Vec<String>,
    pub provenance: Provenance,
    pub hypotheses: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Deadline {
    /// « au plus tard 6 mois après la signature », « libre », « non précisé ».
    pub text: String,
    /// Months after the event, when a delay is set.
    pub months: Option<Decimal>,
    pub is_hole: bool,
}

#[derive(Debug, Clone)]
pub struct PaymentRuleDoc {
    pub name: String,
    pub label: String,
    /// The rules in words, in the order written.
    pub text: String,
    /// « part fixe 50 % », with its hypothesis when the sources do not state it.
    pub fixed_share: Option<String>,
    pub hypotheses: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct DerivedDoc {
    pub name: String,
    pub label: String,
    pub keyword: String,
    pub formula: String,
    /// Band labels for the cells (empty when the value does not vary with a band).
    pub columns: Vec<String>,
    pub cells: Vec<Cell>,
    pub provenance: Provenance,
    pub hypotheses: Vec<usize>,
}

/// A `vérifier` or an `exemple`, with whether it holds.
#[derive(Debug, Clone)]
pub struct CheckDoc {
    pub label: String,
    pub statement: String,
    pub verdict: Verdict,
    pub detail: Option<String>,
    pub provenance: Provenance,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Verified,
    Failed,
    /// Depends on a value the sources leave `non précisé`.
    Unverifiable,
    /// Depends on the inputs of a case: checked in each example only.
    PerCase,
}

impl Verdict {
    pub fn french(self) -> &'static str {
        match self {
            Verdict::Verified => "vérifié",
            Verdict::Failed => "en échec",
            Verdict::Unverifiable => "non vérifiable",
            Verdict::PerCase => "vérifié dans chaque exemple",
        }
    }
}

#[derive(Debug, Clone)]
pub struct HypothesisDoc {
    /// 1-based number shown as « H1 ».
    pub number: usize,
    pub text: String,
    /// The items the hypothesis is written on.
    pub concerns: Vec<String>,
}

/// The boundary table of one band set.
#[derive(Debug, Clone, PartialEq)]
pub struct BoundaryTable {
    pub band_set: String,
    pub dimension: String,
    /// The columns of amounts: each value that varies with the band set (its label, or name).
    pub lines: Vec<String>,
    pub rows: Vec<BoundaryRow>,
}

/// One value of the dimension near a bound.
#[derive(Debug, Clone, PartialEq)]
pub struct BoundaryRow {
    /// The bound as written (`175 000`).
    pub bound: String,
    /// « juste en dessous », « au seuil », « juste au-dessus ».
    pub position: &'static str,
    /// The value itself (`174 999`).
    pub value: String,
    /// The band's name and label; `None`: no band holds the value.
    pub band: Option<(String, String)>,
    /// One cell per entry of `lines`.
    pub amounts: Vec<Cell>,
    /// On the row of the bound itself: the hypotheses that decide which band owns it.
    pub hypotheses: Vec<String>,
}

/// A value varying with two criteria, as a two-way table.
#[derive(Debug, Clone)]
pub struct TwoWayTable {
    pub name: String,
    pub label: String,
    /// The criteria's names: rows, then columns (`taille`, `zone`).
    pub criteria: [String; 2],
    pub rows: Vec<String>,
    pub columns: Vec<String>,
    /// `cells[row][column]`.
    pub cells: Vec<Vec<Cell>>,
}

/// A table of rules: each rule's two intervals in words, and its value (`Cell::Text` for a
/// computed one).
#[derive(Debug, Clone)]
pub struct RuleTableDoc {
    pub name: String,
    pub label: String,
    pub inputs: [String; 2],
    pub rules: Vec<[String; 3]>,
}
