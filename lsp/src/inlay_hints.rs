//! Inlay hints: band names before positional table entries, computed values after formulas, and
//! (when a sample signature date is given) each mission deadline as a date.

use crate::snapshot::Snapshot;
use crate::values::Computed;
use chrono::NaiveDate;
use clause_compiler::calendar::add_duration;
use clause_compiler::ir::Version;
use clause_compiler::value::french_date;
use clause_compiler::FileId;
use clause_grammar::ast::DatePolicy;
use clause_grammar::ast::{
    Deadline, Definition, EntryValue, Event, Expr, ExprKind, ItemKind, Table, ValueDef,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum HintKind {
    /// A band name before an entry.
    Parameter,
    /// A computed value or date.
    Value,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct InlayHint {
    /// Byte offset where the hint shows.
    pub offset: usize,
    pub label: String,
    pub kind: HintKind,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct HintOptions {
    /// Show each deadline's date for a contract signed on this date.
    pub sample_signature: Option<NaiveDate>,
}

/// The hints of `file` between the byte offsets `start` and `end`.
pub fn inlay_hints(
    snapshot: &Snapshot,
    file: FileId,
    start: usize,
    end: usize,
    options: HintOptions,
) -> Vec<InlayHint> {
    let Some(tree) = snapshot.tree(file) else {
        return Vec::new();
    };
    let mut hints = Vec::new();
    for declaration in &tree.declarations {
        if declaration.span.end < start || declaration.span.start > end {
            continue;
        }
        let Some(version_index) =
            snapshot.analysis.versions.iter().position(|v| {
                v.name == declaration.name.node && v.name_span == declaration.name.span
            })
        else {
            continue;
        };
        let version = &snapshot.analysis.versions[version_index];
        let mut walker = Walker {
            snapshot,
            version,
            version_index,
            hints: &mut hints,
            options,
        };
        for item in &declaration.items {
            if item.span.end < start || item.span.start > end {
                continue;
            }
            walker.item(&item.kind);
        }
    }
    hints.retain(|h| h.offset >= start && h.offset <= end);
    hints.sort_by_key(|h| h.offset);
    hints
}

struct Walker<'a, 'h> {
    snapshot: &'a Snapshot,
    version: &'a Version,
    version_index: usize,
    hints: &'h mut Vec<InlayHint>,
    options: HintOptions,
}

impl Walker<'_, '_> {
    fn item(&mut self, kind: &ItemKind) {
        match kind {
            ItemKind::Value(def) => self.value(def, None),
            ItemKind::Mission(mission) => {
                for envelope in &mission.envelopes {
                    self.value(envelope, Some(&mission.name.node));
                }
                if let Some(signature) = self.options.sample_signature {
                    let policy = self.version.date_policy();
                    let start = mission.start.as_ref().and_then(|d| {
                        deadline_date(&d.node, signature, None, policy)
                            .map(|date| (d.span.end, date))
                    });
                    if let Some((offset, date)) = start {
                        self.hints.push(InlayHint {
                            offset,
                            label: format!("→ {}", french_date(date)),
                            kind: HintKind::Value,
                        });
                    }
                    if let Some(effective) = &mission.effective {
                        if let Some(date) =
                            deadline_date(&effective.node, signature, start.map(|(_, d)| d), policy)
                        {
                            self.hints.push(InlayHint {
                                offset: effective.span.end,
                                label: format!("→ {}", french_date(date)),
                                kind: HintKind::Value,
                            });
                        }
                    }
                }
            }
            ItemKind::Assertion(def) => self.expr(&def.condition),
            ItemKind::Condition(def) => self.expr(&def.condition),
            ItemKind::Add(inner) | ItemKind::Replace(inner) => self.item(&inner.kind),
            _ => {}
        }
    }

    fn value(&mut self, def: &ValueDef, mission: Option<&str>) {
        let Some(name) = def.name.as_ref().map(|n| n.node.as_str()).or(mission) else {
            return;
        };
        let id = self.version.value_named(name);
        let band_set = id.and_then(|id| self.version.values.get(id)?.band_set);
        match &def.definition {
            Definition::Table { table, .. } => self.positional(table, band_set),
            Definition::Formula(expr) => {
                self.expr(expr);
                let summary = id.and_then(|id| {
                    self.snapshot
                        .values(self.version_index)?
                        .get(id)
                        .and_then(Computed::summary)
                });
                if let Some(summary) = summary {
                    self.hints.push(InlayHint {
                        offset: expr.span.end,
                        label: format!("= {summary}"),
                        kind: HintKind::Value,
                    });
                }
            }
            // A row's positional cells follow the second criterion: hinted when it is a band set.
            Definition::Grid(grid) => {
                let columns = self.version.symbols.get(&grid.columns.node);
                let set = match columns {
                    Some(clause_compiler::ir::Symbol::BandSet(set)) => Some(*set),
                    _ => None,
                };
                for row in &grid.entries {
                    self.positional(&row.table, set);
                }
            }
            Definition::Rules(rules) => {
                for rule in &rules.rules {
                    if let EntryValue::Expr(expr) = &rule.value.value {
                        self.expr(expr);
                    }
                }
            }
        }
        if let Some(expected) = &def.expected {
            self.positional(expected, band_set);
        }
    }

    fn positional(&mut self, table: &Table, band_set: Option<usize>) {
        if table.named {
            return;
        }
        let Some(set) = band_set.and_then(|s| self.version.band_sets.get(s)) else {
            return;
        };
        for (entry, band) in table.entries.iter().zip(&set.bands) {
            self.hints.push(InlayHint {
                offset: entry.span.start,
                label: format!("{}:", band.name),
                kind: HintKind::Parameter,
            });
            if let EntryValue::Expr(expr) = &entry.value {
                self.expr(expr);
            }
        }
    }

    fn expr(&mut self, expr: &Expr) {
        match &expr.kind {
            // A table literal in an expression is indexed by the version's band set when it has one.
            ExprKind::Table(table) if self.version.band_sets.len() == 1 => {
                self.positional(table, Some(0))
            }
            ExprKind::Unary(_, e) | ExprKind::Paren(e) => self.expr(e),
            ExprKind::Binary(_, l, r) => {
                self.expr(l);
                self.expr(r);
            }
            ExprKind::Between { value, low, high } => {
                self.expr(value);
                self.expr(low);
                self.expr(high);
            }
            ExprKind::Call(_, args) => args.iter().for_each(|a| self.expr(a)),
            ExprKind::If {
                condition,
                then,
                otherwise,
            } => {
                self.expr(condition);
                self.expr(then);
                self.expr(otherwise);
            }
            _ => {}
        }
    }
}

fn deadline_date(
    deadline: &Deadline,
    signature: NaiveDate,
    start: Option<NaiveDate>,
    policy: DatePolicy,
) -> Option<NaiveDate> {
    match deadline {
        Deadline::After { delay, event } => {
            let from = match event.node {
                Event::Signature => signature,
                Event::MissionStart => start?,
            };
            // Under `dates ambiguës : erreur` an ambiguous deadline has no date to show.
            add_duration(from, &delay.node, policy).ok()
        }
        _ => None,
    }
}
