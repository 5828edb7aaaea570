//! The rules of time in SQL (docs/evaluation.md, « Le temps des avenants »; the engine's
//! evaluate/timeline.rs): each line's periods — one per version of the chain that wrote it,
//! each with the day it counts from (the amendment's date of effect or the line's `à compter
//! du … [au prorata]`), the contracts it is reserved to (`applicable aux contrats signés avant
//! le` of that version, `réservé aux contrats signés avant/après le`, `réservé si`) and the
//! columns of its amounts: this version's (`l{l}_…`), or a base's, by that base's band
//! (`l{l}p{j}_…`, `periods`).

use super::Parts;
use chrono::{Datelike, NaiveDate};
use clause_compiler::evaluate::compiled::Line;
use clause_compiler::evaluate::CompiledVersion;
use clause_compiler::ir::{Expr, ExprKind};
use clause_compiler::value::french_date;
use clause_grammar::ast::Reservation;

/// One period of a line: from when, for whom, and where its amounts are.
pub struct PeriodTime {
    pub from: Option<NaiveDate>,
    refusals: Vec<String>,
    /// `au prorata`: the contract year that straddles `from` is shared by days.
    pub prorated: bool,
    /// The suffix of its columns after `l{l}`: "" for this version's own amounts, `p{j}` for
    /// a base's.
    pub suffix: String,
    /// For a base's amounts: the stage (index in the chain, root first) and the value's id there.
    pub base: Option<(usize, usize)>,
    /// A base's amounts computed from the case's inputs (`formulas::bases`), not by its band.
    pub computed: bool,
    /// The conditions of a base (stage, condition) its `réservé si` reads, computed in that
    /// base's scope (`h{stage}_cond{i}`, `formulas::bases`).
    pub conditions: Vec<(usize, usize)>,
}

impl PeriodTime {
    /// The SQL predicate: the contract may be paid this period's value.
    pub fn open(&self) -> String {
        if self.refusals.is_empty() {
            "TRUE".into()
        } else {
            format!("NOT ({})", self.refusals.join(" OR "))
        }
    }

    /// The SQL predicate: the period has started on `day`.
    pub fn started(&self, day: &str) -> String {
        match self.from {
            None => "TRUE".into(),
            Some(f) => format!("{} <= {day}", date(f)),
        }
    }
}

/// A line's periods, in the order of the chain, and the comments on them.
pub struct LineTime {
    pub periods: Vec<PeriodTime>,
    pub comments: Vec<String>,
}

/// A date as SQL (the same in DuckDB and PostgreSQL).
pub fn date(d: NaiveDate) -> String {
    format!("make_date({}, {}, {})", d.year(), d.month(), d.day())
}

impl LineTime {
    /// One period, of this version's amounts: the rules of `pay_totals` as they were.
    pub fn single(&self) -> Option<&PeriodTime> {
        match &self.periods[..] {
            [one] if one.base.is_none() => Some(one),
            _ => None,
        }
    }

    /// The day the single period counts from.
    pub fn from(&self) -> Option<NaiveDate> {
        self.single().and_then(|p| p.from)
    }

    /// The SQL predicate: the contract is refused the line (single period).
    pub fn refused(&self) -> Option<String> {
        self.single()
            .filter(|p| !p.refusals.is_empty())
            .map(|p| p.refusals.join(" OR "))
    }

    /// The SQL predicate: the line is in force on `day` (single period).
    pub fn in_force(&self, day: &str) -> String {
        self.single().map_or("TRUE".into(), |p| p.started(day))
    }

    /// The SQL index of the period in force on `day` for this contract (the latest open one
    /// that has started), NULL when none is.
    pub fn at(&self, day: &str) -> String {
        let mut case = String::from("CASE");
        for (j, period) in self.periods.iter().enumerate().rev() {
            case.push_str(&format!(
                " WHEN {} AND {} THEN {j}",
                period.open(),
                period.started(day)
            ));
        }
        case.push_str(" END");
        case
    }
}

/// The chain of `c`, root first, `c` last.
pub fn stages<'a>(c: &'a CompiledVersion<'a>) -> Vec<&'a CompiledVersion<'a>> {
    c.history.iter().rev().chain([c]).collect()
}

/// The periods of line `l` over the chain (root first, then this version), as the engine's
/// `timeline` finds them (every rule of time is carried: no error).
pub fn line_time(p: &Parts<'_>, l: usize) -> LineTime {
    let c = p.compiled;
    let line = &c.lines[l];
    let name = &c.version.values[line.value].name;
    let stages = stages(c);
    let last = stages.len() - 1;
    let sig = format!("v{}", p.signature());
    let mut periods = Vec::new();
    let mut comments = Vec::new();
    for (index, stage) in stages.iter().enumerate() {
        let version = stage.version;
        let Some(position) = version.values.iter().position(|v| &v.name == name) else {
            continue;
        };
        let item = &version.values[position];
        // Inherited unchanged: the period of the version that wrote it goes on.
        if index > 0 && item.origin.declared_in != version.name {
            continue;
        }
        let from = match &item.effect {
            Some(effect) => Some(effect.date),
            None if index == 0 => None,
            None => version.date_of_effect(),
        };
        let j = periods.len();
        // A base's amounts: this version's columns when they are the same, else the base's
        // own by its band, or computed from the case's inputs in the base's scope.
        let base = if index == last || same_as_base(c, line, stage, position).is_ok() {
            None
        } else {
            Some((index, position))
        };
        let computed =
            base.is_some() && stage.needs_inputs && !static_in_every_band(stage, position);
        let suffix = if base.is_some() {
            format!("p{j}")
        } else {
            String::new()
        };
        let mut head = if index != last {
            format!("période {j} : écrite par `{}`", version.name)
        } else {
            format!("période {j} : écrite par cette version")
        };
        match from {
            None => head.push_str(", depuis toujours"),
            Some(f) => match &item.effect {
                Some(e) => head.push_str(&format!(
                    ", à compter du {}{}",
                    french_date(f),
                    if e.prorated { " au prorata (l'année de contrat qui chevauche la date est partagée par jours)" } else { "" }
                )),
                None => head.push_str(&format!(
                    ", date d'effet de `{}` ({}) : versée pour une année ou un événement de ce jour ou après ; un versement unique antérieur est reporté à ce jour",
                    version.name,
                    french_date(f)
                )),
            },
        }
        comments.push(head);
        let mut refusals = Vec::new();
        let mut conditions = Vec::new();
        if let Some(limit) = version.own_applicable_before() {
            refusals.push(format!("{sig} >= {}", date(limit)));
            comments.push(format!(
                "  `{}` réserve ses lignes aux contrats signés avant le {}",
                version.name,
                french_date(limit)
            ));
        }
        for rule in &item.reserved {
            let at = p.at(rule.origin.span);
            match &rule.value {
                Reservation::SignedBefore(d) => {
                    refusals.push(format!("{sig} >= {}", date(*d)));
                    comments.push(format!(
                        "  réservé aux contrats signés avant le {} ({at})",
                        french_date(*d)
                    ));
                }
                Reservation::SignedAfter(d) => {
                    refusals.push(format!("{sig} <= {}", date(*d)));
                    comments.push(format!(
                        "  réservé aux contrats signés après le {} ({at})",
                        french_date(*d)
                    ));
                }
                Reservation::If(condition) => {
                    // This version's conditions are computed with its formulas
                    // (`clause_cond{i}`; NULL: an input is missing, refused as the engine does);
                    // a base's condition too when this version has it unchanged (the same
                    // declaration, on the inputs alone: the same value on each row).
                    let id = version
                        .conditions
                        .iter()
                        .position(|x| x.name == condition.node);
                    let here = id.and_then(|i| {
                        if index == last {
                            return Some(i);
                        }
                        let theirs = &version.conditions[i];
                        c.version.conditions.iter().position(|x| {
                            x.name == theirs.name
                                && x.origin.declared_in == theirs.origin.declared_in
                                && on_inputs_only(&x.expr)
                                && on_inputs_only(&theirs.expr)
                        })
                    });
                    match (id, here) {
                        (Some(_), Some(i)) if c.needs_inputs => {
                            refusals.push(format!("NOT coalesce(clause_cond{i}, FALSE)"));
                            comments.push(format!(
                                "  réservé aux cas où la condition `{}` est remplie ({at})",
                                condition.node
                            ));
                        }
                        // A base's condition that this version replaced, or that reads
                        // values: computed in the base's scope, with its values.
                        (Some(i), _) => {
                            refusals.push(format!("NOT coalesce(h{index}_cond{i}, FALSE)"));
                            conditions.push((index, i));
                            comments.push(format!(
                                "  réservé aux cas où la condition `{}` de `{}` est remplie ({at})",
                                condition.node, version.name
                            ));
                        }
                        // A condition the version does not have: never refused (the engine's
                        // `line_refusal` finds no condition).
                        (None, _) => {}
                    }
                }
            }
        }
        periods.push(PeriodTime {
            from,
            refusals,
            prorated: item.effect.as_ref().is_some_and(|e| e.prorated),
            suffix,
            base,
            computed,
            conditions,
        });
    }
    if periods.len() == 1 && periods[0].prorated {
        // With a single period, the year that straddles the date has no earlier value to
        // share it with: as the engine, it pays from the year that starts after it.
        comments.push("au prorata : sans valeur antérieure, rien à partager".into());
    }
    LineTime { periods, comments }
}

/// Whether the value `position` of `stage` has an amount in every band that the analysis
/// computed without the case's inputs (a version computed from its inputs for another value,
/// or for its conditions): its period reads them by the base's band (`periods`).
fn static_in_every_band(stage: &CompiledVersion<'_>, position: usize) -> bool {
    !stage.static_values.is_empty()
        && (0..stage.static_values.len()).all(|b| stage.static_amount(b, position).is_some())
}

/// Whether an expression reads the case's inputs and literals only (no value, no table).
fn on_inputs_only(expr: &Expr) -> bool {
    match &expr.kind {
        ExprKind::Literal(_) | ExprKind::Input(_) => true,
        ExprKind::Value(_) | ExprKind::Table(..) | ExprKind::Error => false,
        ExprKind::Unary(_, a) => on_inputs_only(a),
        ExprKind::Binary(_, a, b) => on_inputs_only(a) && on_inputs_only(b),
        ExprKind::Between { value, low, high } => {
            on_inputs_only(value) && on_inputs_only(low) && on_inputs_only(high)
        }
        ExprKind::Call(_, args) => args.iter().all(on_inputs_only),
        ExprKind::If {
            condition,
            then,
            otherwise,
        } => on_inputs_only(condition) && on_inputs_only(then) && on_inputs_only(otherwise),
    }
}

/// Whether a line inherited from `base` pays there what it pays in this version: the same
/// bands, the same amount in each, the same schedule (else why not, in French).
fn same_as_base(
    c: &CompiledVersion<'_>,
    line: &Line,
    base: &CompiledVersion<'_>,
    position: usize,
) -> Result<(), String> {
    if c.needs_inputs || base.needs_inputs {
        return Err("y est calculée depuis les entrées du cas".into());
    }
    let bounds = |v: &CompiledVersion<'_>| {
        v.band_set.map(|s| {
            let set = &v.version.band_sets[s];
            (
                set.dimension_name.clone(),
                set.bands
                    .iter()
                    .map(|b| (b.low, b.high))
                    .collect::<Vec<_>>(),
            )
        })
    };
    if bounds(c) != bounds(base) {
        return Err("y a d'autres tranches".into());
    }
    let same_values = c.static_values.len() == base.static_values.len()
        && (0..c.static_values.len())
            .all(|b| c.static_values[b].get(line.value) == base.static_values[b].get(position));
    if !same_values {
        return Err("y a un autre montant".into());
    }
    let schedule = base
        .lines
        .iter()
        .find(|l| l.value == position)
        .map(|l| (&l.schedule, l.fixed_share));
    if schedule != Some((&line.schedule, line.fixed_share)) {
        return Err("y est versée autrement".into());
    }
    Ok(())
}
