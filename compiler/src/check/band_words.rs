//! The words of the band diagnostics, shared by the whole-number checks (`bands.rs`) and the
//! exact ones (`band_domain.rs`): a bound in French, the bands a fault involves.

use crate::ir::Band;
use crate::value::french_number;
use rust_decimal::Decimal;

/// A bound or value in French digits (`175 000`, `2,5`).
pub(super) fn n(value: Decimal) -> String {
    french_number(value, " ")
}

/// `a`, `b` et `c`
pub(super) fn names(bands: &[&Band]) -> String {
    let quoted: Vec<String> = bands.iter().map(|b| format!("`{}`", b.name)).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} et {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}
