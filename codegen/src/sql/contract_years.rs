//! A row's contract years as SQL expressions: the year a day falls in, and a mission's
//! achievement in a year. Read by the payments, their totals, the periods and the shared years
//! (`au prorata`) alike, so they live apart from each of them.

use super::Parts;

/// The contract year of `day` (the engine's `year_of`): 1 plus the anniversaries passed on it.
pub fn year_of(p: &Parts<'_>, day: &str) -> String {
    let mut out = String::from("(1");
    for k in 1..=p.years {
        out.push_str(&format!(" + CASE WHEN a{k} <= {day} THEN 1 ELSE 0 END"));
    }
    out.push(')');
    out
}

/// Mission `m`'s achievement in the contract year `year` (a number or a column), as operands
/// (mantissa, scale): the year's own rate (`taux_atteinte.<mission>.<année>`), else the
/// mission's, else the batch's `taux_atteinte`, else 0 (evaluate/case.rs, `achievement_of`).
/// Expressions, not columns: PostgreSQL allows 1 664 columns in a row.
pub fn achievement(p: &Parts<'_>, m: usize, year: &str) -> (String, String) {
    let general = p.col("taux_atteinte").unwrap_or(0);
    let own = p.mission_col(m, "taux");
    let pick = |value: &str, zero: &str| {
        let mut case = format!("CASE {year}");
        for y in 1..=p.years.max(1) {
            let k = p.mission_col(m, &format!("taux.{y}"));
            case.push_str(&format!(" WHEN {y} THEN {value}{k}"));
        }
        format!("coalesce({case} END, {value}{own}, {value}{general}, {zero})")
    };
    (
        pick("r", &format!("CAST(0 AS {})", p.d.int())),
        pick("e", "0"),
    )
}
