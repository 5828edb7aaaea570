//! Amendments in time: the periods of each line's value. An amendment's value of a line counts
//! from the amendment's date of effect; before it, the base's value (or nothing, for a line the
//! amendment adds). A line's rule of eligibility (`applicable aux contrats signés avant le …`
//! written in the amendment that set the line) decides whether a contract gets that period's
//! value: a contract outside it keeps the previous period's value, or nothing.
//!
//! The periods of a line are the versions of the amendment's chain (root first) that wrote the
//! line: each is a scenario of values of its own (`Version::static_values`), read by name since
//! value ids differ from version to version.

use super::case::{Case, Contract};
use super::compiled::{CompiledVersion, Line, Parts, Schedule};
use super::prorated::FirstYears;
use crate::interpret::{Env, EvalError};
use crate::ir::{Reservation, ValueItem, Version};
use crate::value::Value;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use smallvec::SmallVec;
use std::borrow::Cow;

pub type Values = Vec<Option<Result<Value, EvalError>>>;

/// A case's values in one version: borrowed from the per-band table, or computed.
pub type StageValues<'c> = Cow<'c, [Option<Result<Value, EvalError>>]>;

/// One version of the chain, with the values it gives this case.
pub struct Stage<'c, 'v> {
    pub compiled: &'c CompiledVersion<'v>,
    /// The per-band row of the compiled version, borrowed, when the band is all the values need;
    /// else computed for this case.
    pub values: StageValues<'c>,
    /// The band chosen in this version's band set.
    pub band: Option<usize>,
    /// The row of `static_values` that `values` borrows, when it does.
    pub row: Option<usize>,
    /// Each `condition` of the version for this case (`None`: an input is missing).
    pub conditions: Vec<Option<bool>>,
}

impl<'c, 'v> Stage<'c, 'v> {
    pub fn new(compiled: &'c CompiledVersion<'v>, inputs: &[Option<Value>]) -> Self {
        let version = compiled.version;
        let (band, values, row) = values_for(compiled, inputs);
        let conditions = if version.conditions.is_empty() {
            Vec::new()
        } else {
            let mut env = Env::for_inputs(version, inputs.to_vec());
            env.values = values.to_vec();
            version
                .conditions
                .iter()
                .map(|c| match env.eval(&c.expr) {
                    Ok(Value::Bool(b)) => Some(b),
                    _ => None,
                })
                .collect()
        };
        Stage {
            compiled,
            values,
            band,
            row,
            conditions,
        }
    }

    /// Whether every condition of the version holds for this case.
    pub fn eligible(&self) -> bool {
        self.conditions.iter().all(|c| *c == Some(true))
    }
}

/// The case's values in a version: from the per-band table when the band is all they need
/// (borrowed, not copied, with the row borrowed), else computed.
pub fn values_for<'c>(
    compiled: &'c CompiledVersion<'_>,
    inputs: &[Option<Value>],
) -> (Option<usize>, StageValues<'c>, Option<usize>) {
    let version = compiled.version;
    let band = band_of_inputs(compiled, |input| inputs.get(input)?.as_ref()?.number());
    if compiled.needs_inputs {
        let mut env = Env::for_inputs(version, inputs.to_vec());
        env.compute_all();
        return (band, Cow::Owned(env.values), None);
    }
    let row = band.or(if compiled.band_set.is_none() {
        Some(0)
    } else {
        None
    });
    match row.and_then(|b| Some((b, compiled.static_values.get(b)?))) {
        Some((row, values)) => (band, Cow::Borrowed(values.as_slice()), Some(row)),
        None => (band, Cow::Owned(vec![None; version.values.len()]), None),
    }
}

/// The band of `compiled`'s band set holding the dimension's value (`number` reads an input),
/// as `Env::for_inputs` chooses it.
#[inline]
pub fn band_of_inputs(
    compiled: &CompiledVersion<'_>,
    number: impl FnOnce(usize) -> Option<Decimal>,
) -> Option<usize> {
    let set = &compiled.version.band_sets[compiled.band_set?];
    let value = number(set.dimension?)?;
    // A whole number of a count's bands: integer bounds (`band_of_count`), the same band.
    // A count written without decimals (scale 0, as a batch cell reads `12000`) read from
    // its mantissa, without `Decimal`'s `fract` and conversion (once per version and row).
    let count = if value.scale() == 0 && !value.is_sign_negative() {
        u64::try_from(value.mantissa()).ok()
    } else {
        u64::try_from(value)
            .ok()
            .filter(|_| value.fract().is_zero())
    };
    match count {
        Some(count) if set.whole => compiled.band_of_count(count),
        _ => set.band_of(value),
    }
}

/// The row of `static_values` a stage of band `band` borrows (`values_for`), when its values
/// need no more than the band.
pub fn static_row(compiled: &CompiledVersion<'_>, band: Option<usize>) -> Option<usize> {
    if compiled.needs_inputs {
        return None;
    }
    let row = band.or(if compiled.band_set.is_none() {
        Some(0)
    } else {
        None
    })?;
    compiled.static_values.get(row).map(|_| row)
}

/// A case's stages: an agreement and up to two amendments held inline (a batch builds them at
/// every row: no allocation).
pub type Stages<'c, 'v> = SmallVec<[Stage<'c, 'v>; 3]>;

/// The bases of `compiled` (root first), each with the case's inputs read by name, then the
/// version's own stage.
pub fn stages<'c, 'v>(compiled: &'c CompiledVersion<'v>, case: &Case) -> Stages<'c, 'v> {
    let mut stages = Stages::new();
    for (base, ids) in compiled.history.iter().zip(&compiled.history_inputs).rev() {
        // A version's few inputs, held inline.
        let inputs: SmallVec<[Option<Value>; 8]> = ids
            .iter()
            .map(|id| id.and_then(|id| case.inputs.get(id).cloned().flatten()))
            .collect();
        stages.push(Stage::new(base, &inputs));
    }
    stages.push(Stage::new(compiled, &case.inputs));
    stages
}

/// Why a contract gets no value from a period: worded only when an output shows it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Refusal<'a> {
    /// The version reserves its own lines to contracts signed before `limit`.
    Version {
        version: &'a str,
        limit: NaiveDate,
        signature: NaiveDate,
    },
    /// `réservé aux contrats signés avant` / `après` (`before`).
    Signed {
        version: &'a str,
        before: bool,
        limit: NaiveDate,
        signature: NaiveDate,
    },
    /// `réservé si` a condition that does not hold (`known`) or cannot be evaluated.
    Condition {
        version: &'a str,
        condition: &'a str,
        known: bool,
    },
}

impl std::fmt::Display for Refusal<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Refusal::Version { version, limit, signature } => write!(f, "`{version}` réserve ses lignes aux contrats signés avant le {limit} (signature : {signature})"),
            Refusal::Signed { version, before, limit, signature } => write!(f, "`{version}` le réserve aux contrats signés {} le {limit} (signature : {signature})", if before { "avant" } else { "après" }),
            Refusal::Condition { version, condition, known: true } => write!(f, "`{version}` le réserve aux cas où la condition `{condition}` est remplie"),
            Refusal::Condition { condition, known: false, .. } => write!(f, "la condition `{condition}` ne peut pas être évaluée : une entrée manque"),
        }
    }
}

/// A value of a line in force from a date.
#[derive(Debug, Clone, Copy)]
pub struct Period<'a> {
    /// The date of effect (`None`: from the start, the root's values).
    pub from: Option<NaiveDate>,
    /// The version whose value this is.
    pub version: &'a str,
    pub amount: Option<Decimal>,
    /// The hole or error, when the amount is not computed.
    pub hole: bool,
    pub line: &'a Line,
    /// `file:line` of the value in that version.
    pub provenance: &'a str,
    /// The value's citations in that version.
    pub citations: &'a [String],
    /// Whether the contract may be paid this period's value, and why not.
    pub refused: Option<Refusal<'a>>,
    /// `au prorata`: the contract year that straddles `from` is prorated by days.
    pub prorated: bool,
    /// The amount's parts, computed once for every year that pays it whole.
    pub parts: Option<Parts>,
    /// The memo of the line's prorated first years for this amount, when compiled for its band.
    pub first_years: Option<&'a FirstYears>,
}

impl Period<'_> {
    fn starts_by(&self, date: NaiveDate) -> bool {
        self.from.is_none_or(|from| from <= date)
    }
}

/// The periods of one line, in the order of the chain (an agreement and one amendment are held
/// without allocating).
#[derive(Debug, Clone)]
pub struct Timeline<'a> {
    pub periods: SmallVec<[Period<'a>; 2]>,
}

impl<'a> Timeline<'a> {
    /// The periods of the line `line` of the last stage, over every stage that wrote it.
    pub fn of(stages: &'a [Stage<'_, '_>], line: &'a Line, contract: Option<&Contract>) -> Self {
        let mut periods = SmallVec::new();
        for (index, link) in line.links.iter().enumerate() {
            let Some(stage) = stages.get(link.stage) else {
                continue;
            };
            let id = link.id;
            let own_line = match link.own_line {
                Some(own) => stage.compiled.lines.get(own),
                None => None,
            };
            let (amount, hole) = match stage.values.get(id) {
                Some(Some(Ok(Value::Money(d)))) => (Some(*d), false),
                Some(Some(Err(EvalError::Hole(_)))) => (None, true),
                _ => (None, false),
            };
            let written = stage.compiled.version;
            let item = &written.values[id];
            let version = written.name.as_str();
            let own = own_line.unwrap_or(line);
            // Only an amount that can be paid (`pay::Payer::usable`) has parts.
            let yearly = matches!(
                line.schedule,
                Schedule::Annual { .. } | Schedule::Mission { .. }
            );
            let (parts, first_years) = match amount {
                Some(a) if yearly && (a.is_zero() || !a.is_sign_negative()) => {
                    // Compiled with the version for the amounts of its bands: found by the
                    // band's row when the values are that row, else by the amount's bits.
                    let all = line.parts.get(index);
                    let by_row = stage.row.and_then(|row| {
                        let at = line.band_parts.get(index)?.get(row).copied().flatten()?;
                        all?.get(at)
                    });
                    let compiled = by_row.or_else(|| {
                        let bits = a.serialize();
                        all?.iter().find(|(amount, ..)| amount.serialize() == bits)
                    });
                    match compiled {
                        Some((_, parts, first_years)) => (Some(*parts), Some(first_years)),
                        None => (Some(Parts::of(a, own, line)), None),
                    }
                }
                _ => (None, None),
            };
            let refused = match (contract, link.applicable_before) {
                (Some(c), Some(limit)) if c.signature >= limit => Some(Refusal::Version {
                    version,
                    limit,
                    signature: c.signature,
                }),
                _ => line_refusal(stage, item, contract),
            };
            periods.push(Period {
                from: link.from,
                version,
                amount,
                hole,
                line: own,
                provenance: &stage.compiled.provenance[id],
                citations: &stage.compiled.citations[id],
                refused,
                prorated: item.effect.as_ref().is_some_and(|e| e.prorated),
                parts,
                first_years,
            });
        }
        Timeline { periods }
    }

    /// The period in force on `date` for this contract: the latest the contract is eligible to
    /// whose date of effect has come.
    pub fn at(&self, date: NaiveDate) -> Option<&Period<'a>> {
        self.periods
            .iter()
            .rev()
            .find(|p| p.refused.is_none() && p.starts_by(date))
    }

    /// The first period the contract is eligible to that starts after `date`: where a one-off
    /// payment whose event came before any period is paid.
    pub fn first_after(&self, date: NaiveDate) -> Option<&Period<'a>> {
        self.periods
            .iter()
            .find(|p| p.refused.is_none() && !p.starts_by(date))
    }

    /// Why the contract gets none of the line's periods, when it is refused each of them.
    pub fn refusal(&self) -> Option<Refusal<'a>> {
        if self.periods.iter().all(|p| p.refused.is_some()) {
            self.periods.last().and_then(|p| p.refused)
        } else {
            None
        }
    }

    /// The changes of value within `[start, end)` for this contract, with the day each counts
    /// from: the period on `start` first (if any), then each one starting inside.
    pub fn within(&self, start: NaiveDate, end: NaiveDate) -> Vec<(NaiveDate, &Period<'a>)> {
        let mut out = Vec::new();
        if let Some(first) = self.at(start) {
            out.push((start, first));
        }
        let mut day = start;
        while let Some(next) = self
            .periods
            .iter()
            .filter(|p| p.refused.is_none())
            .filter_map(|p| p.from.map(|f| (f, p)))
            .filter(|(f, _)| *f > day && *f < end)
            .min_by_key(|(f, _)| *f)
        {
            day = next.0;
            if let Some(current) = self.at(day) {
                out.push((day, current));
            }
        }
        out
    }
}

/// Why a line's own rules (`réservé …`) keep it from this case.
fn line_refusal<'a>(
    stage: &'a Stage<'_, '_>,
    item: &'a ValueItem,
    contract: Option<&Contract>,
) -> Option<Refusal<'a>> {
    if item.reserved.is_empty() {
        return None;
    }
    let version = stage.compiled.version;
    let written_by = version.name.as_str();
    item.reserved
        .iter()
        .find_map(|rule| match (&rule.value, contract) {
            (Reservation::SignedBefore(limit), Some(c)) if c.signature >= *limit => {
                Some(Refusal::Signed {
                    version: written_by,
                    before: true,
                    limit: *limit,
                    signature: c.signature,
                })
            }
            (Reservation::SignedAfter(limit), Some(c)) if c.signature <= *limit => {
                Some(Refusal::Signed {
                    version: written_by,
                    before: false,
                    limit: *limit,
                    signature: c.signature,
                })
            }
            (Reservation::If(name), _) => {
                let id = version
                    .conditions
                    .iter()
                    .position(|c| c.name == name.node)?;
                let known = match stage.conditions.get(id).copied().flatten() {
                    Some(true) => return None,
                    Some(false) => true,
                    None => false,
                };
                Some(Refusal::Condition {
                    version: written_by,
                    condition: &name.node,
                    known,
                })
            }
            _ => None,
        })
}

/// Why a version's own lines do not apply to a contract signed on `signature`.
pub fn refusal(version: &Version, signature: NaiveDate) -> Option<String> {
    let limit = version.own_applicable_before()?;
    (signature >= limit).then(|| {
        format!(
            "`{}` réserve ses lignes aux contrats signés avant le {limit} (signature : {signature})",
            version.name
        )
    })
}
