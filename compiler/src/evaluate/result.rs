//! The result of evaluating one case: band, named results, dated payments with the clause
//! behind each, totals per contract year, deadlines, notes. Field names are the French ones
//! of the JSON output.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    pub version: String,
    /// The band selected, by name (`taille_3`).
    pub tranche: Option<String>,
    pub eligible: bool,
    /// Named values: every envelope, value and result computable for this case, and
    /// `total_annuel` (see docs/evaluation.md for what it sums).
    pub resultats: Vec<NamedResult>,
    pub versements: Vec<PaymentLine>,
    pub totaux_par_annee: Vec<YearTotal>,
    pub echeances: Vec<DeadlineStatus>,
    pub hypotheses: Vec<String>,
    pub notes: Vec<String>,
    /// The reasoning behind the band and the totals (filled with `--explain`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub explication: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NamedResult {
    pub nom: String,
    pub libelle: Option<String>,
    /// The value as text: money as a decimal in euros with a dot (`56250.00`).
    pub valeur: String,
    #[serde(skip)]
    pub amount: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PaymentLine {
    pub date: NaiveDate,
    /// The contract year the payment is for (0: before the contract, e.g. a letter of intent).
    pub annee: u32,
    pub ligne: String,
    pub libelle: Option<String>,
    pub nature: Nature,
    /// Euros, rounded to the cent, as a decimal string with a dot.
    pub montant: String,
    #[serde(skip)]
    pub amount: Decimal,
    /// The payment rule in words.
    pub regle: String,
    /// Where the line is written: `file:line`.
    pub source: String,
    pub hypotheses: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub explication: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Nature {
    Avance,
    Solde,
    Variable,
    Forfait,
    Ponctuel,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearTotal {
    pub annee: u32,
    pub debut: Option<NaiveDate>,
    pub fin: Option<NaiveDate>,
    pub montant: String,
    #[serde(skip)]
    pub amount: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeadlineStatus {
    pub mission: String,
    /// `démarrage` or `déploiement`.
    pub nature: String,
    pub date: Option<NaiveDate>,
    /// `respectée`, `manquée`, `à venir`, `libre`, `non précisée`, `non renseignée`.
    pub statut: String,
    pub detail: String,
}

/// Euros as the JSON and CSV outputs write them: a dot, at least two decimals.
pub fn euros(amount: Decimal) -> String {
    let mut value = amount.normalize();
    if value.scale() < 2 {
        value.rescale(2);
    }
    value.to_string()
}
