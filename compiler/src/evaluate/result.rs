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
    /// The value; written as text, money as a decimal in euros with a dot (`56250.00`).
    pub valeur: ResultValue,
}

/// A named result's value: money kept exact, anything else as the text the JSON shows.
#[derive(Debug, Clone, PartialEq)]
pub enum ResultValue {
    Money(Decimal),
    Text(String),
}

impl ResultValue {
    /// The amount, when the value is money.
    pub fn amount(&self) -> Option<Decimal> {
        match self {
            ResultValue::Money(amount) => Some(*amount),
            ResultValue::Text(_) => None,
        }
    }
}

impl std::fmt::Display for ResultValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ResultValue::Money(amount) => f.write_str(&euros(*amount)),
            ResultValue::Text(text) => f.write_str(text),
        }
    }
}

impl Serialize for ResultValue {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Money in the JSON output: `euros(amount)`, a string.
fn serialize_euros<S: serde::Serializer>(
    amount: &Decimal,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_str(&euros(*amount))
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PaymentLine {
    pub date: NaiveDate,
    /// The contract year the payment is for (0: before the contract, e.g. a letter of intent).
    pub annee: u32,
    pub ligne: String,
    pub libelle: Option<String>,
    pub nature: Nature,
    /// Euros, rounded to the cent; written as a decimal string with a dot.
    #[serde(rename = "montant", serialize_with = "serialize_euros")]
    pub amount: Decimal,
    /// The payment rule in words.
    pub regle: String,
    /// The version whose value is paid: the amendment, or its base before the amendment's date
    /// of effect (or for a contract outside the amendment's eligibility).
    pub version: String,
    /// Where that version writes the line: `file:line`.
    pub source: String,
    /// Where the figure comes from, as the documents cite it (`Titre, émetteur, date,
    /// diapositive 9`).
    pub citations: Vec<String>,
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
    /// Written as a decimal string with a dot.
    #[serde(rename = "montant", serialize_with = "serialize_euros")]
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
    let mut text = Vec::with_capacity(24);
    push_euros(&mut text, amount);
    String::from_utf8(text).unwrap_or_default()
}

/// Appends `euros(amount)` to a byte buffer without an intermediate string: a batch writes
/// millions of them.
pub fn push_euros(buffer: &mut Vec<u8>, amount: Decimal) {
    let negative = amount.is_sign_negative() && !amount.is_zero();
    let mut scale = amount.scale();
    // Amounts fit in 64 bits in practice; 64-bit division is several times faster than 128-bit.
    let mut mantissa = match u64::try_from(amount.mantissa().unsigned_abs()) {
        Ok(small) => u128::from(small),
        Err(_) => amount.mantissa().unsigned_abs(),
    };
    if let Ok(mut small) = u64::try_from(mantissa) {
        while scale > 2 && small % 10 == 0 {
            small /= 10;
            scale -= 1;
        }
        mantissa = u128::from(small);
    }
    while scale > 2 && mantissa % 10 == 0 {
        mantissa /= 10;
        scale -= 1;
    }
    while scale < 2 {
        mantissa *= 10;
        scale += 1;
    }
    if negative {
        buffer.push(b'-');
    }
    let mut digits = [0u8; 48];
    let mut at = digits.len();
    let mut written = 0;
    let mut push_digit = |digit: u8, written: &mut u32| {
        if *written == scale && *written > 0 {
            at -= 1;
            digits[at] = b'.';
        }
        at -= 1;
        digits[at] = b'0' + digit;
        *written += 1;
    };
    match u64::try_from(mantissa) {
        Ok(mut rest) => {
            // At least one digit before the point.
            while rest > 0 || written <= scale {
                push_digit((rest % 10) as u8, &mut written);
                rest /= 10;
            }
        }
        Err(_) => {
            let mut rest = mantissa;
            while rest > 0 || written <= scale {
                push_digit((rest % 10) as u8, &mut written);
                rest /= 10;
            }
        }
    }
    buffer.extend_from_slice(&digits[at..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn euros_have_a_dot_and_at_least_two_decimals() {
        let cases = [
            ("0", "0.00"),
            ("5", "5.00"),
            ("0.5", "0.50"),
            ("287000.25", "287000.25"),
            ("-12.3", "-12.30"),
            ("1.23456", "1.23456"),
            ("1.2300", "1.23"),
            ("0.07", "0.07"),
        ];
        for (input, expected) in cases {
            assert_eq!(
                euros(Decimal::from_str(input).expect("decimal")),
                expected,
                "{input}"
            );
        }
    }
}
