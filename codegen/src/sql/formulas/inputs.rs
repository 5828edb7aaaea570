//! The case's inputs as the formulas read them (`formules_entrees`): each cell as the engine
//! reads it from the CSV (evaluate/cells.rs), NULL when it is missing or refused.

use super::shape::{masks, Out, MASK_BITS};
use crate::sql::dialect::string;
use crate::sql::Parts;
use clause_compiler::types::Type;

/// The column of mask `c` of set input `i` (the first keeps the name of a variant's index).
fn mask_column(i: usize, c: usize) -> String {
    if c == 0 {
        format!("in{i}_k")
    } else {
        format!("in{i}_k{c}")
    }
}

/// The case's input `i` of this version, as read by `columns`.
pub(super) fn input(p: &Parts<'_>, i: usize, ty: Type) -> Result<Out, String> {
    Ok(match ty {
        Type::Money | Type::Count | Type::Rate | Type::Decimal => {
            Out::Num(format!("in{i}_m"), format!("in{i}_e"))
        }
        Type::Bool => Out::Bool(format!("in{i}_b")),
        Type::Date => Out::Date(format!("in{i}_d")),
        Type::Text => Out::Text(format!("in{i}_t")),
        Type::Enum(_) => Out::Int(format!("in{i}_k")),
        Type::Set(e) => {
            let variants = p
                .compiled
                .version
                .enums
                .get(e)
                .map_or(0, |e| e.variants.len());
            Out::Set((0..masks(variants)).map(|c| mask_column(i, c)).collect())
        }
        // No CSV cell holds a duration: the row is refused (`cells`), its formulas read NULL.
        Type::Duration => super::null_of(p.d, p.compiled.version, ty)?,
        // The checker reports an input of an unknown type (E0207): no such version compiles.
        Type::Error => return Err(super::refuse("cette entrée")),
    })
}

/// The columns reading each input of the version that the CSV has.
pub(super) fn columns(p: &Parts<'_>) -> Vec<String> {
    let version = p.compiled.version;
    let d = p.d;
    let mut cols = Vec::new();
    for (i, input) in version.inputs.iter().enumerate() {
        let Some(k) = p.col(&input.name) else {
            continue;
        };
        let given = format!("s{k} <> '' AND x{k} IS NULL");
        match input.ty {
            Type::Money | Type::Count | Type::Rate | Type::Decimal => {
                // A read cell is one rust_decimal holds exactly (`Parts::unheld`): its mantissa
                // and scale as its `from_str` gives them, zeros past the 28th decimal (or past
                // 2^96) dropped.
                let scale = Parts::kept_decimals(k);
                let digits = format!("ltrim(w{k} || left(f{k}, {scale}), '0')");
                // The cast guarded all the same: a refused cell's digits may not fit the type.
                let mantissa = format!(
                    "CASE WHEN length({digits}) <= 29 THEN CAST(coalesce(nullif({digits}, ''), '0') AS {}) END",
                    d.int()
                );
                cols.push(format!(
                    "CASE WHEN {given} THEN CASE WHEN neg{k} THEN -1 ELSE 1 END * {mantissa} END AS in{i}_m"
                ));
                cols.push(format!("CASE WHEN {given} THEN {scale} END AS in{i}_e"));
            }
            Type::Bool => cols.push(format!(
                "CASE WHEN s{k} IN ('true', 'vrai', '1', 'oui') THEN TRUE WHEN s{k} IN ('false', 'faux', '0', 'non') THEN FALSE END AS in{i}_b"
            )),
            Type::Date => {
                let (value, _) = p.date(k);
                cols.push(format!("CASE WHEN {given} THEN {value} END AS in{i}_d"));
            }
            Type::Text => cols.push(format!("CASE WHEN s{k} <> '' THEN t{k} END AS in{i}_t")),
            // A variant's index.
            Type::Enum(e) => {
                let mut case = format!("CASE s{k}");
                for (v, variant) in version.enums[e].variants.iter().enumerate() {
                    case.push_str(&format!(
                        " WHEN {} THEN CAST({v} AS BIGINT)",
                        string(&variant.name)
                    ));
                }
                case.push_str(" END");
                cols.push(format!("CASE WHEN {given} THEN {case} END AS in{i}_k"));
            }
            // A set as the masks of its variants (bit v of mask c: variant 62 c + v).
            Type::Set(e) => {
                let variants = &version.enums[e].variants;
                let listed = format!(
                    "'|' || {} || '|'",
                    d.replace_all(&format!("s{k}"), " *[|] *", "|")
                );
                for c in 0..masks(variants.len()) {
                    let bits: Vec<String> = variants
                        .iter()
                        .enumerate()
                        .skip(c * MASK_BITS)
                        .take(MASK_BITS)
                        .map(|(v, variant)| {
                            format!(
                                "CASE WHEN {} > 0 THEN CAST({} AS BIGINT) ELSE CAST(0 AS BIGINT) END",
                                d.find(&listed, &string(&format!("|{}|", variant.name))),
                                1i64 << (v % MASK_BITS)
                            )
                        })
                        .collect();
                    let value = if bits.is_empty() {
                        "CAST(0 AS BIGINT)".to_string()
                    } else {
                        bits.join(" + ")
                    };
                    cols.push(format!(
                        "CASE WHEN {given} THEN {value} END AS {}",
                        mask_column(i, c)
                    ));
                }
            }
            // A duration has no CSV form: its cell is refused or missing, the row with it
            // (`cells`), and the formulas read NULL.
            _ => {}
        }
    }
    cols
}
