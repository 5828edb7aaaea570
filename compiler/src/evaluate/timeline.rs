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
use super::compiled::{CompiledVersion, Line};
use crate::interpret::{Env, EvalError};
use crate::ir::{Reservation, ValueItem, Version};
use crate::value::Value;
use chrono::NaiveDate;
use rust_decimal::Decimal;
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
    /// Each `condition` of the version for this case (`None`: an input is missing).
    pub conditions: Vec<Option<bool>>,
}

impl<'c, 'v> Stage<'c, 'v> {
    pub fn new(compiled: &'c CompiledVersion<'v>, inputs: &[Option<Value>]) -> Self {
        let version = compiled.version;
        let (band, values) = values_for(compiled, inputs);
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
            conditions,
        }
    }

    /// Whether every condition of the version holds for this case.
    pub fn eligible(&self) -> bool {
        self.conditions.iter().all(|c| *c == Some(true))
    }
}

/// The case's values in a version: from the per-band table when the band is all they need
/// (borrowed, not copied), else computed.
pub fn values_for<'c>(
    compiled: &'c CompiledVersion<'_>,
    inputs: &[Option<Value>],
) -> (Option<usize>, StageValues<'c>) {
    let version = compiled.version;
    // The band as `Env::for_inputs` chooses it.
    let band = compiled.band_set.and_then(|set| {
        let set = &version.band_sets[set];
        let value = inputs.get(set.dimension?)?.as_ref()?.number()?;
        set.band_of(value)
    });
    let values = if compiled.needs_inputs {
        let mut env = Env::for_inputs(version, inputs.to_vec());
        env.compute_all();
        Cow::Owned(env.values)
    } else {
        match band
            .or(if compiled.band_set.is_none() {
                Some(0)
            } else {
                None
            })
            .and_then(|b| compiled.static_values.get(b))
        {
            Some(row) => Cow::Borrowed(row.as_slice()),
            None => Cow::Owned(vec![None; version.values.len()]),
        }
    };
    (band, values)
}

/// The bases of `compiled` (root first), each with the case's inputs read by name.
pub fn base_stages<'c, 'v>(compiled: &'c CompiledVersion<'v>, case: &Case) -> Vec<Stage<'c, 'v>> {
    let version = compiled.version;
    compiled
        .history
        .iter()
        .rev()
        .map(|base| {
            let inputs = base
                .version
                .inputs
                .iter()
                .map(|input| {
                    version
                        .input_named(&input.name)
                        .and_then(|id| case.inputs.get(id).cloned().flatten())
                })
                .collect::<Vec<_>>();
            Stage::new(base, &inputs)
        })
        .collect()
}

/// A value of a line in force from a date.
#[derive(Debug, Clone)]
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
    pub refused: Option<String>,
    /// `au prorata`: the contract year that straddles `from` is prorated by days.
    pub prorated: bool,
}

impl Period<'_> {
    fn starts_by(&self, date: NaiveDate) -> bool {
        self.from.is_none_or(|from| from <= date)
    }
}

/// The periods of one line, in the order of the chain.
#[derive(Debug, Clone)]
pub struct Timeline<'a> {
    pub periods: Vec<Period<'a>>,
}

impl<'a> Timeline<'a> {
    /// The periods of the line `line` of the last stage, over every stage that wrote it.
    pub fn of(stages: &'a [Stage<'_, '_>], line: &'a Line, contract: Option<&Contract>) -> Self {
        let last = stages.len().saturating_sub(1);
        let name = stages
            .last()
            .map(|s| s.compiled.version.values[line.value].name.as_str())
            .unwrap_or_default();
        let mut periods = Vec::new();
        for (index, stage) in stages.iter().enumerate() {
            let version = stage.compiled.version;
            let Some(id) = version.value_named(name) else {
                continue;
            };
            let item = &version.values[id];
            // Inherited unchanged: the period of the version that wrote it goes on.
            if index > 0 && item.origin.declared_in != version.name {
                continue;
            }
            let from = match (&item.effect, index) {
                (Some(effect), _) => Some(effect.date),
                (None, 0) => None,
                (None, _) => version.date_of_effect(),
            };
            let own_line = if index == last {
                Some(line)
            } else {
                stage.compiled.lines.iter().find(|l| l.value == id)
            };
            let (amount, hole) = match stage.values.get(id) {
                Some(Some(Ok(Value::Money(d)))) => (Some(*d), false),
                Some(Some(Err(EvalError::Hole(_)))) => (None, true),
                _ => (None, false),
            };
            let refused = contract
                .and_then(|c| refusal(version, c.signature))
                .or_else(|| line_refusal(stage, item, contract));
            periods.push(Period {
                from,
                version: &version.name,
                amount,
                hole,
                line: own_line.unwrap_or(line),
                provenance: &stage.compiled.provenance[id],
                citations: &stage.compiled.citations[id],
                refused,
                prorated: item.effect.as_ref().is_some_and(|e| e.prorated),
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
    pub fn refusal(&self) -> Option<&str> {
        if self.periods.iter().all(|p| p.refused.is_some()) {
            self.periods.last().and_then(|p| p.refused.as_deref())
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
fn line_refusal(
    stage: &Stage<'_, '_>,
    item: &ValueItem,
    contract: Option<&Contract>,
) -> Option<String> {
    let version = stage.compiled.version;
    item.reserved.iter().find_map(|rule| {
        let why = match (&rule.value, contract) {
            (Reservation::SignedBefore(limit), Some(c)) if c.signature >= *limit => format!(
                "`{}` le réserve aux contrats signés avant le {limit} (signature : {})",
                version.name, c.signature
            ),
            (Reservation::SignedAfter(limit), Some(c)) if c.signature <= *limit => format!(
                "`{}` le réserve aux contrats signés après le {limit} (signature : {})",
                version.name, c.signature
            ),
            (Reservation::If(name), _) => {
                let id = version
                    .conditions
                    .iter()
                    .position(|c| c.name == name.node)?;
                match stage.conditions.get(id).copied().flatten() {
                    Some(true) => return None,
                    Some(false) => format!(
                        "`{}` le réserve aux cas où la condition `{}` est remplie",
                        version.name, name.node
                    ),
                    None => format!(
                        "la condition `{}` ne peut pas être évaluée : une entrée manque",
                        name.node
                    ),
                }
            }
            _ => return None,
        };
        Some(why)
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
