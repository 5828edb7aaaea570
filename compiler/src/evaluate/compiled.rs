//! A version compiled for evaluation: the band lookup, every value per band computed once,
//! the payment plan of each line, its provenance, and the sums that make a batch fast.

use super::cents::{cent_product, in_cents, to_cent};
use super::plans::Plans;
pub use super::plans::{Parts, Split};
use super::prorated::FirstYears;
use crate::interpret::EvalError;
use crate::ir::*;
use crate::source_db::SourceDb;
use crate::value::Value;
use chrono::NaiveDate;
use clause_grammar::ast::{MissionKind, ValueKind};
use rust_decimal::Decimal;

pub use super::schedule::Schedule;

/// A line of funding the evaluator may pay.
#[derive(Debug, Clone)]
pub struct Line {
    pub value: ValueId,
    pub mission: Option<MissionId>,
    pub schedule: Schedule,
    /// The fixed share as a fraction (`0.5`); the rest is variable.
    pub fixed_share: Option<Decimal>,
    pub hypotheses: Vec<String>,
    pub rule: String,
    /// The versions of the chain that wrote the line (`links`): its periods.
    pub links: Vec<Link>,
    /// For each link, the `Parts` of each amount its version's bands give the line, and the
    /// memo of its prorated first years.
    pub parts: Vec<Vec<(Decimal, Parts, FirstYears)>>,
    /// For each link, for each band of its version (its row of `static_values`), where that
    /// band's amount stands in `parts`: a case whose values are that row finds its parts
    /// without comparing amounts.
    pub band_parts: Vec<Vec<Option<usize>>>,
}

#[derive(Debug, Clone)]
pub struct CompiledVersion<'v> {
    pub version: &'v Version,
    /// The band set the case's band is chosen from (the first one with a dimension).
    pub band_set: Option<BandSetId>,
    /// The values of each band (index = band; a single row when there is no band set), read from
    /// `Version::static_values`.
    pub static_values: Vec<Vec<Option<Result<Value, EvalError>>>>,
    /// Whether some value needs more than the band (then each case is computed in full).
    pub needs_inputs: bool,
    pub lines: Vec<Line>,
    /// `file:line` of each value.
    pub provenance: Vec<String>,
    /// The citations of each value (its mission's when it has none): what the documents show.
    pub citations: Vec<Vec<String>>,
    /// Optional missions, in the order of the bits of an engagement mask.
    pub optional_missions: Vec<MissionId>,
    /// Per band and engagement mask: (sum of fixed parts, sum of variable parts) of annual lines.
    annual_sums: Vec<Vec<(Decimal, Decimal)>>,
    /// The same sums in cents when they are whole cents: the batch then multiplies integers.
    annual_sums_cents: Vec<Vec<Option<(i64, i64)>>>,
    /// Lines that failed to compute for a band (a hole), by band.
    pub incomplete: Vec<bool>,
    lows: Vec<Decimal>,
    /// The same bounds as integers, for the batch's byte-level path.
    lows_u64: Vec<u64>,
    highs_u64: Vec<Option<u64>>,
    /// The bases of an amendment compiled alike, nearest first (`Version::bases`): the values a
    /// payment uses before the amendment's date of effect.
    pub history: Vec<CompiledVersion<'v>>,
    /// For each base of `history`, each of its inputs' id in this version (read by name once).
    pub history_inputs: Vec<Vec<Option<InputId>>>,
    /// The dated payment plans of a batch, per band of each version of the chain, built on
    /// first use (`evaluate::plan`).
    pub(super) plans: Plans,
}

impl<'v> CompiledVersion<'v> {
    pub fn new(version: &'v Version, sources: &SourceDb) -> Self {
        let band_set = version.band_sets.iter().position(|s| s.dimension.is_some());
        // The values per band were computed once by the analysis (`Version::static_values`).
        // A scenario it left out (past the band limit, E0309) has no row of static values: each
        // case is then computed in full.
        let keys: Vec<ValueKey> = match band_set {
            Some(set) => (0..version.band_sets[set].bands.len().max(1))
                .map(|band| ValueKey::band(set, band))
                .collect(),
            None => vec![ValueKey::GENERAL],
        };
        let mut static_values = Vec::with_capacity(keys.len());
        let mut needs_inputs = false;
        for key in keys {
            match version.static_values.scenario(key) {
                Some(scenario) => {
                    needs_inputs |= scenario
                        .values
                        .iter()
                        .any(|v| matches!(v, Some(Err(EvalError::MissingInput(..)))));
                    static_values.push(scenario.values.clone());
                }
                None => {
                    needs_inputs = true;
                    static_values.push(vec![None; version.values.len()]);
                }
            }
        }
        needs_inputs |= !version.conditions.is_empty();
        let lines: Vec<Line> = version
            .values
            .iter()
            .enumerate()
            .filter(|(_, v)| v.kind != ValueKind::Value && !v.payments.is_empty())
            .map(|(id, v)| {
                let schedule = Schedule::from_rules(&v.payments);
                let fixed_share = v.fixed_share.as_ref().and_then(|f| match f.share.kind {
                    ExprKind::Literal(Value::Rate(rate)) => Some(rate),
                    _ => None,
                });
                let mut hypotheses = v.hypotheses.clone();
                if let Some(h) = v.fixed_share.as_ref().and_then(|f| f.hypothesis.clone()) {
                    hypotheses.push(format!("part fixe : {h}"));
                }
                if let Some(m) = v.mission {
                    hypotheses.extend(version.missions[m].hypotheses.iter().cloned());
                }
                let rule = schedule.describe(fixed_share);
                Line {
                    value: id,
                    mission: v.mission,
                    schedule,
                    fixed_share,
                    hypotheses,
                    rule,
                    links: Vec::new(),
                    parts: Vec::new(),
                    band_parts: Vec::new(),
                }
            })
            .collect();
        let provenance = version
            .values
            .iter()
            .map(|v| {
                let span = v.origin.span;
                let offset = v.name_span.start.max(span.start);
                let (line, _) = sources.line_column(span.file, offset);
                format!("{}:{line}", sources.path(span.file))
            })
            .collect();
        let citations = version
            .values
            .iter()
            .map(|v| {
                let own = &v.sources;
                let cited = match v.mission {
                    Some(m) if own.is_empty() => &version.missions[m].sources,
                    _ => own,
                };
                cited.iter().map(|c| c.text.clone()).collect()
            })
            .collect();
        let optional_missions: Vec<MissionId> = version
            .missions
            .iter()
            .enumerate()
            .filter(|(_, m)| m.kind == MissionKind::Optional)
            .map(|(i, _)| i)
            .collect();
        let lows: Vec<Decimal> = band_set
            .map(|s| version.band_sets[s].bands.iter().map(|b| b.low).collect())
            .unwrap_or_default();
        // The whole-number path only for a count, whose bounds are closed whole numbers.
        let whole = band_set.is_some_and(|s| version.band_sets[s].whole);
        let lows_u64 = lows
            .iter()
            .filter(|_| whole)
            .filter_map(|low| u64::try_from(*low).ok())
            .collect();
        let highs_u64 = band_set
            .map(|s| {
                version.band_sets[s]
                    .bands
                    .iter()
                    .map(|b| b.high.and_then(|h| u64::try_from(h).ok()))
                    .collect()
            })
            .unwrap_or_default();
        let history: Vec<CompiledVersion<'v>> = version
            .bases
            .iter()
            .map(|base| CompiledVersion::new(base, sources))
            .collect();
        let history_inputs = history
            .iter()
            .map(|base| {
                base.version
                    .inputs
                    .iter()
                    .map(|input| version.input_named(&input.name))
                    .collect()
            })
            .collect();
        let mut compiled = CompiledVersion {
            version,
            band_set,
            static_values,
            needs_inputs,
            lines,
            provenance,
            citations,
            optional_missions,
            annual_sums: Vec::new(),
            annual_sums_cents: Vec::new(),
            incomplete: Vec::new(),
            lows,
            lows_u64,
            highs_u64,
            history,
            history_inputs,
            plans: Plans::default(),
        };
        let links: Vec<Vec<Link>> = compiled
            .lines
            .iter()
            .map(|line| links(&compiled, line.value))
            .collect();
        for (line, links) in compiled.lines.iter_mut().zip(links) {
            line.links = links;
        }
        let parts: Vec<LinkParts> = compiled
            .lines
            .iter()
            .map(|line| compiled.link_parts(line))
            .collect();
        for (line, parts) in compiled.lines.iter_mut().zip(parts) {
            (line.parts, line.band_parts) = parts.into_iter().unzip();
        }
        compiled.precompute_annual_sums();
        // The chain's versions root first (`history` is nearest first), as a case's stages.
        let chain = compiled.history.iter().rev().chain([&compiled]);
        let every_stage_static = chain.clone().all(|c| !c.needs_inputs);
        let rows = chain.map(|c| c.static_values.len()).collect();
        compiled.plans = Plans::new(rows, every_stage_static);
        compiled
    }

    /// The `Parts` of each amount a line's links give for the bands of their versions: what
    /// `Timeline::of` would compute for a case of that band.
    fn link_parts(&self, line: &Line) -> LinkParts {
        if !matches!(
            line.schedule,
            Schedule::Annual { .. } | Schedule::Mission { .. }
        ) {
            return Vec::new();
        }
        let last = self.history.len();
        line.links
            .iter()
            .map(|link| {
                let stage = match last.checked_sub(link.stage + 1) {
                    Some(from_nearest) => self.history.get(from_nearest),
                    None => Some(self),
                };
                let Some(stage) = stage.filter(|s| !s.needs_inputs) else {
                    return (Vec::new(), Vec::new());
                };
                let own = link
                    .own_line
                    .and_then(|own| stage.lines.get(own))
                    .unwrap_or(line);
                let mut all: Vec<(Decimal, Parts, FirstYears)> = Vec::new();
                let mut by_band = vec![None; stage.static_values.len()];
                for (band, at) in by_band.iter_mut().enumerate() {
                    let Some(amount) = stage.static_amount(band, link.id) else {
                        continue;
                    };
                    // A negative amount is not paid (`pay::Payer::usable`): no parts.
                    if amount.is_sign_negative() && !amount.is_zero() {
                        continue;
                    }
                    let bits = amount.serialize();
                    *at = Some(match all.iter().position(|(a, ..)| a.serialize() == bits) {
                        Some(found) => found,
                        None => {
                            let parts = Parts::of(amount, own, line);
                            all.push((amount, parts, FirstYears::default()));
                            all.len() - 1
                        }
                    });
                }
                (all, by_band)
            })
            .collect()
    }

    /// For each band and each combination of optional missions, the annual lines' sums, so
    /// that a batch case costs one band lookup, one multiplication and one addition.
    fn precompute_annual_sums(&mut self) {
        let masks = if self.optional_missions.len() <= 12 {
            1usize << self.optional_missions.len()
        } else {
            0
        };
        let mut sums = Vec::with_capacity(self.static_values.len());
        let mut incomplete = Vec::with_capacity(self.static_values.len());
        for band in 0..self.static_values.len() {
            let mut per_mask = Vec::with_capacity(masks);
            let mut band_incomplete = false;
            for mask in 0..masks {
                let mut fixed = Decimal::ZERO;
                let mut variable = Decimal::ZERO;
                for line in self.lines.iter().filter(|l| l.schedule.is_annual()) {
                    if !self.engaged_in_mask(line.mission, mask) {
                        continue;
                    }
                    match self.static_amount(band, line.value) {
                        Some(amount) => {
                            let (f, v) = split(amount, line);
                            fixed += f;
                            variable += v;
                        }
                        None => band_incomplete = true,
                    }
                }
                per_mask.push((fixed, variable));
            }
            sums.push(per_mask);
            incomplete.push(band_incomplete);
        }
        self.annual_sums_cents = sums
            .iter()
            .map(|per_mask| {
                per_mask
                    .iter()
                    .map(|(f, v)| Some((whole_cents(*f)?, whole_cents(*v)?)))
                    .collect()
            })
            .collect();
        self.annual_sums = sums;
        self.incomplete = incomplete;
    }

    fn engaged_in_mask(&self, mission: Option<MissionId>, mask: usize) -> bool {
        match mission {
            None => true,
            Some(m) => match self.optional_missions.iter().position(|o| *o == m) {
                Some(bit) => mask & (1 << bit) != 0,
                None => true,
            },
        }
    }

    /// A line's money amount for a band, when it does not depend on other inputs.
    pub fn static_amount(&self, band: usize, value: ValueId) -> Option<Decimal> {
        match self.static_values.get(band)?.get(value)? {
            Some(Ok(Value::Money(amount))) => Some(*amount),
            _ => None,
        }
    }

    /// The band holding a dimension value (bands partition the dimension: the last band whose
    /// lower bound is at most the value, or the one before when that bound is excluded).
    pub fn band_of(&self, dimension: Decimal) -> Option<usize> {
        let set = &self.version.band_sets[self.band_set?];
        let index = self
            .lows
            .partition_point(|low| *low <= dimension)
            .checked_sub(1)?;
        // At a bound the band above excludes (`plus de 50 %`), the value is the band below's.
        [Some(index), index.checked_sub(1)]
            .into_iter()
            .flatten()
            .find(|&i| set.bands.get(i).is_some_and(|b| b.contains(dimension)))
    }

    /// `band_of`, on integers (`band_of_count`) for a number written without decimals (a batch
    /// cell's count: its band for the output at every row).
    pub fn band_of_number(&self, dimension: Decimal) -> Option<usize> {
        if dimension.scale() == 0 && !dimension.is_sign_negative() {
            if let Ok(count) = u64::try_from(dimension.mantissa()) {
                return self.band_of_count(count);
            }
        }
        self.band_of(dimension)
    }

    /// `band_of` for a whole number, without decimal arithmetic.
    pub fn band_of_count(&self, dimension: u64) -> Option<usize> {
        if self.lows_u64.len() != self.lows.len() {
            return self.band_of(Decimal::from(dimension));
        }
        let index = self
            .lows_u64
            .partition_point(|low| *low <= dimension)
            .checked_sub(1)?;
        self.highs_u64
            .get(index)?
            .is_none_or(|high| dimension <= high)
            .then_some(index)
    }

    /// The full-year funding of a batch case: every engaged annual line, its variable part at
    /// the same achievement. `None` when a value the total needs is not stated for this band.
    pub fn annual_total_uniform(
        &self,
        band: usize,
        mask: usize,
        achievement: Decimal,
    ) -> Option<Decimal> {
        if self.incomplete.get(band).copied().unwrap_or(true) {
            return None;
        }
        // Exact fixed-point path: fixed and variable sums in whole cents, the rate m / 10^s:
        // total = (fixed × 10^s + variable × m) / 10^(s+2), computed on integers.
        if let Some(Some((fixed, variable))) =
            self.annual_sums_cents.get(band).and_then(|m| m.get(mask))
        {
            let scale = achievement.scale();
            // 64-bit arithmetic when it cannot overflow (rates of up to 6 decimals), else 128-bit.
            if scale <= 6 {
                if let Ok(mantissa) = i64::try_from(achievement.mantissa()) {
                    let total = fixed.checked_mul(10i64.pow(scale)).and_then(|f| {
                        variable
                            .checked_mul(mantissa)
                            .and_then(|v| f.checked_add(v))
                    });
                    if let Some(total) = total {
                        return Some(Decimal::new(total, scale + 2));
                    }
                }
            }
            if scale <= 16 {
                let total = i128::from(*fixed) * 10i128.pow(scale)
                    + i128::from(*variable) * achievement.mantissa();
                if let Ok(exact) = Decimal::try_from_i128_with_scale(total, scale + 2) {
                    return Some(exact);
                }
            }
        }
        let (fixed, variable) = self.annual_sums.get(band)?.get(mask)?;
        fixed.checked_add(variable.checked_mul(achievement)?)
    }

    /// The bit of an optional mission in an engagement mask.
    pub fn optional_bit(&self, mission: MissionId) -> Option<usize> {
        self.optional_missions.iter().position(|m| *m == mission)
    }

    /// The engagement mask of a case (bit i: the i-th optional mission is engaged).
    pub fn mask_of(&self, engaged: impl Fn(MissionId) -> bool) -> usize {
        self.optional_missions
            .iter()
            .enumerate()
            .filter(|(_, m)| engaged(**m))
            .fold(0, |mask, (bit, _)| mask | (1 << bit))
    }

    pub fn has_annual_lines(&self) -> bool {
        self.lines.iter().any(|l| l.schedule.is_annual())
    }
}

/// An amount as a whole number of cents, if it is one and fits.
fn whole_cents(amount: Decimal) -> Option<i64> {
    let cents = amount.checked_mul(Decimal::ONE_HUNDRED)?;
    if !cents.fract().is_zero() {
        return None;
    }
    i64::try_from(cents).ok()
}

/// For each link of a line, the parts of its bands' amounts and where each band's stands.
type LinkParts = Vec<(Vec<(Decimal, Parts, FirstYears)>, Vec<Option<usize>>)>;

/// A line's amount split into its fixed and variable parts.
pub fn split(amount: Decimal, line: &Line) -> (Decimal, Decimal) {
    split_of(line).apply(amount)
}

/// How `line` splits its amounts (`split`).
pub fn split_of(line: &Line) -> Split {
    match (&line.schedule, line.fixed_share) {
        (Schedule::Mission { variable: true, .. }, Some(share)) => Split::Share(share),
        (Schedule::VariableOnly, _) => Split::Variable,
        _ => Split::Fixed,
    }
}

/// A period of a line, compiled once with the version (`CompiledVersion::new`): which version
/// of the chain wrote the line, from when, with which rules of eligibility. A case's `Timeline`
/// is read from these links without looking up a name.
#[derive(Debug, Clone)]
pub struct Link {
    /// The stage (version of the chain, root first) that wrote the line.
    pub stage: usize,
    /// The line's value in that version.
    pub id: ValueId,
    /// The line as that version pays it (`None`: the line itself, or a value it does not pay).
    pub own_line: Option<usize>,
    pub from: Option<NaiveDate>,
    /// The version's own `applicable aux contrats signés avant`.
    pub applicable_before: Option<NaiveDate>,
}

/// The links of the line `value` of `compiled`, over every version of its chain that wrote it.
pub fn links(compiled: &CompiledVersion<'_>, value: ValueId) -> Vec<Link> {
    let name = compiled.version.values[value].name.as_str();
    let stages = compiled
        .history
        .iter()
        .rev()
        .map(|c| (c.version, &c.lines[..]))
        .chain([(compiled.version, &[][..])]);
    let last = compiled.history.len();
    let mut links = Vec::new();
    for (index, (version, lines)) in stages.enumerate() {
        let Some(id) = (if index == last {
            Some(value)
        } else {
            version.value_named(name)
        }) else {
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
        links.push(Link {
            stage: index,
            id,
            own_line: lines.iter().position(|l| l.value == id),
            from,
            applicable_before: version.own_applicable_before(),
        });
    }
    links
}

impl Parts {
    pub fn of(amount: Decimal, own: &Line, paying: &Line) -> Parts {
        Parts::split(amount, split_of(own), paying)
    }

    /// `of`, the own line's split given.
    pub fn split(amount: Decimal, split: Split, paying: &Line) -> Parts {
        let (fixed, variable) = split.apply(amount);
        let advanced = match paying.schedule {
            Schedule::Annual { advance, .. } => cent_product(amount, advance),
            Schedule::Mission { advance, .. } => cent_product(fixed, advance),
            _ => Decimal::ZERO,
        };
        let (due, fixed_due) = (to_cent(amount), to_cent(fixed));
        let balance = match paying.schedule {
            Schedule::Mission { .. } => fixed_due - advanced,
            _ => due - advanced,
        };
        Parts {
            fixed,
            variable,
            due,
            fixed_due,
            advanced,
            balance,
            advanced_cents: in_cents(advanced),
            balance_cents: in_cents(balance),
        }
    }
}
