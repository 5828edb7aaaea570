//! The rules of time in SQL (docs/evaluation.md, « Le temps des avenants »; the engine's
//! evaluate/timeline.rs): each line's period — the version of the chain that wrote it, the day
//! it counts from (the amendment's date of effect or the line's `à compter du`) and the
//! contracts it is reserved to (`applicable aux contrats signés avant le` of that version,
//! `réservé aux contrats signés avant/après le` of the line). A line has one period here: a
//! line whose value changes along the chain (a base's value, then the amendment's) is refused.

use super::Parts;
use chrono::{Datelike, NaiveDate};
use clause_compiler::evaluate::compiled::Line;
use clause_compiler::evaluate::CompiledVersion;
use clause_compiler::value::french_date;
use clause_grammar::ast::Reservation;

/// A line's single period: the day it counts from (None: from always) and the predicates on
/// the signature that refuse it to a contract, each with its comment.
pub struct LineTime {
    pub from: Option<NaiveDate>,
    refusals: Vec<String>,
    pub comments: Vec<String>,
}

/// A date as SQL (the same in DuckDB and PostgreSQL).
pub fn date(d: NaiveDate) -> String {
    format!("make_date({}, {}, {})", d.year(), d.month(), d.day())
}

impl LineTime {
    /// The SQL predicate: the contract is refused the line.
    pub fn refused(&self) -> Option<String> {
        if self.refusals.is_empty() {
            None
        } else {
            Some(self.refusals.join(" OR "))
        }
    }

    /// The SQL predicate: the line is in force on `day`.
    pub fn in_force(&self, day: &str) -> String {
        match self.from {
            None => "TRUE".into(),
            Some(f) => format!("{} <= {day}", date(f)),
        }
    }
}

fn refuse(version: &str, why: String) -> String {
    format!(
        "la version `{version}` ne peut pas encore être compilée en SQL : {why} ; le script SQL \
         généré, qui doit rendre exactement ce que rend `clause eval`, ne reproduit pas encore \
         cette règle de temps : évaluez-la avec `clause eval {version}`, ou compilez-la en Python \
         ou en JavaScript (`--target python|javascript`)"
    )
}

/// The period of line `l` over the chain (root first, then this version), as the engine's
/// `timeline` finds them; an error (in French) when the line has more than one.
pub fn line_time(p: &Parts<'_>, l: usize) -> Result<LineTime, String> {
    let c = p.compiled;
    let line = &c.lines[l];
    let name = &c.version.values[line.value].name;
    let stages: Vec<&CompiledVersion<'_>> = c.history.iter().rev().chain([c]).collect();
    let last = stages.len() - 1;
    let mut periods = Vec::new();
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
        periods.push((index, *stage, position, from));
    }
    let own = &c.version.name;
    let [(index, stage, position, from)] = periods[..] else {
        let names: Vec<String> = periods
            .iter()
            .map(|(_, s, _, _)| format!("`{}`", s.version.name))
            .collect();
        return Err(refuse(
            own,
            format!(
                "la ligne `{name}` change de valeur le long des versions ({}) : une valeur avant la date d'effet, une autre après",
                names.join(" puis ")
            ),
        ));
    };
    let item = &stage.version.values[position];
    if index != last {
        same_as_base(c, line, stage, position).map_err(|why| {
            refuse(
                own,
                format!(
                    "la ligne `{name}`, héritée de `{}`, {why}",
                    stage.version.name
                ),
            )
        })?;
    }
    let sig = format!("v{}", p.signature());
    let mut refusals = Vec::new();
    let mut comments = Vec::new();
    if index != last {
        comments.push(format!("écrite par `{}`", stage.version.name));
    }
    if let Some(f) = from {
        let at = match &item.effect {
            Some(_) => format!("à compter du {}", french_date(f)),
            None => format!(
                "date d'effet de `{}` ({})",
                stage.version.name,
                french_date(f)
            ),
        };
        comments.push(format!(
            "{at} : versée pour une année ou un événement de ce jour ou après ; un versement unique antérieur est reporté à ce jour (yf{l} : son année de contrat)"
        ));
        if item.effect.as_ref().is_some_and(|e| e.prorated) {
            // With a single period, the year that straddles the date has no earlier value to
            // share it with: as the engine, it pays from the year that starts after it.
            comments.push("au prorata : sans valeur antérieure, rien à partager".into());
        }
    }
    if let Some(limit) = stage.version.own_applicable_before() {
        refusals.push(format!("{sig} >= {}", date(limit)));
        comments.push(format!(
            "`{}` réserve ses lignes aux contrats signés avant le {}",
            stage.version.name,
            french_date(limit)
        ));
    }
    for rule in &item.reserved {
        let at = p.at(rule.origin.span);
        match &rule.value {
            Reservation::SignedBefore(d) => {
                refusals.push(format!("{sig} >= {}", date(*d)));
                comments.push(format!("réservé aux contrats signés avant le {} ({at})", french_date(*d)));
            }
            Reservation::SignedAfter(d) => {
                refusals.push(format!("{sig} <= {}", date(*d)));
                comments.push(format!("réservé aux contrats signés après le {} ({at})", french_date(*d)));
            }
            Reservation::If(condition) => {
                return Err(refuse(
                    own,
                    format!(
                        "la ligne `{name}` est réservée aux cas où la condition `{}` est remplie ({at})",
                        condition.node
                    ),
                ))
            }
        }
    }
    Ok(LineTime {
        from,
        refusals,
        comments,
    })
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
        .map(|l| &l.schedule);
    if schedule != Some(&line.schedule) {
        return Err("y est versée autrement".into());
    }
    Ok(())
}
