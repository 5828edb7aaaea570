//! The parts of a line whose amount is computed row by row (`formulas`): fixed and variable
//! parts as `split` gives them, the fixed part due and its advance in cents, as `pay` reads
//! them for a band's static amounts.

use super::exact::{self, Plan, Rounding};
use super::Parts;
use clause_compiler::evaluate::compiled::Schedule;
use rust_decimal::Decimal;

/// A line's parts from its amount (m, e), in the columns `{x}_…`: fixed and variable parts
/// (mantissa and scale, split by `schedule` and `share` as `split` splits), the fixed part due
/// and its `advance` in cents; a negative amount pays nothing.
pub fn plan(
    p: &Parts<'_>,
    x: &str,
    (schedule, share): (&Schedule, Option<Decimal>),
    advance: Decimal,
    amount: &(String, String),
) -> Plan {
    let d = p.d;
    let (m, e) = (&amount.0, &amount.1);
    let zero = || ("CAST(0 AS INTEGER)".to_string(), "0".to_string());
    let mut plan: Plan = Vec::new();
    let (fixed, variable) = match (schedule, share) {
        (Schedule::Mission { variable: true, .. }, Some(share)) => {
            let s = (p.decimal(share, share.scale()), share.scale().to_string());
            plan.extend(exact::mul(d, &format!("{x}_f"), (m, e), (&s.0, &s.1)));
            let sub = exact::add(
                d,
                &format!("{x}_v"),
                (m, e),
                (&format!("{x}_f_m"), &format!("{x}_f_e")),
                true,
            );
            plan.extend(sub);
            (
                (format!("{x}_f_m"), format!("{x}_f_e")),
                (format!("{x}_v_m"), format!("{x}_v_e")),
            )
        }
        (Schedule::VariableOnly, _) => (zero(), (m.clone(), e.clone())),
        _ => ((m.clone(), e.clone()), zero()),
    };
    let adv = (
        p.decimal(advance, advance.scale()),
        advance.scale().to_string(),
    );
    let mut tail = exact::merge(vec![
        exact::mul(d, &format!("{x}_a"), (&fixed.0, &fixed.1), (&adv.0, &adv.1)),
        exact::round(
            d,
            &format!("{x}_c"),
            (&fixed.0, &fixed.1),
            2,
            Rounding::HalfAwayFromZero,
        ),
    ]);
    tail.extend(exact::round(
        d,
        &format!("{x}_ac"),
        (&format!("{x}_a_m"), &format!("{x}_a_e")),
        2,
        Rounding::HalfAwayFromZero,
    ));
    plan.extend(tail);
    let cents = |m: &str, e: &str| format!("{m} * {}", exact::p10(d, &format!("2 - {e}")));
    let positive = format!("({m} >= 0)");
    let part = |v: String| format!("CASE WHEN {positive} THEN {v} ELSE 0 END");
    plan.push(vec![
        format!("{} AS {x}_fixe", part(fixed.0.clone())),
        format!("{} AS {x}_fe", part(fixed.1.clone())),
        format!("{} AS {x}_var", part(variable.0.clone())),
        format!("{} AS {x}_ve", part(variable.1.clone())),
        format!(
            "{} AS {x}_du",
            part(cents(&format!("{x}_c_m"), &format!("{x}_c_e")))
        ),
        format!(
            "{} AS {x}_av",
            part(cents(&format!("{x}_ac_m"), &format!("{x}_ac_e")))
        ),
        format!("CAST({m} AS {}) AS {x}_am", d.int()),
        format!("CAST({e} AS INTEGER) AS {x}_ae"),
        format!("({m} IS NOT NULL) AS {x}_ok"),
    ]);
    plan
}
