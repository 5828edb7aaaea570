//! The values a table chooses, row by row, as the interpreter chooses them
//! (compiler/src/interpret/mod.rs: `entry`, `grid_cell`, `rule`): by the case's band
//! (`par taille [ … ]`), by two criteria (`par taille et zone { … }`: a band or an input's variant
//! each), or by the first rule whose two intervals hold the case's two inputs
//! (`selon habitants et atteinte { … }`), each bound compared exactly. NULL where the engine
//! fails: a missing input, no band, a cell or rule `non précisé`, no rule.

use super::super::{bands, comment_lines, exact, Parts};
use super::{scalar, Graph, Out};
use clause_compiler::interval::Bound;
use clause_compiler::ir::{Axis, Entry, GridDef, RuleTableDef};
use clause_compiler::types::Type;

/// The column of the band chosen in `set`: `tranche_n` for the case's band set, `band{set}` for
/// another (`band_columns`), NULL for a set without a dimension (the engine finds no band).
pub(super) fn band_column(p: &Parts<'_>, set: usize) -> String {
    if p.compiled.band_set == Some(set) {
        return "tranche_n".into();
    }
    match p
        .compiled
        .version
        .band_sets
        .get(set)
        .and_then(|s| s.dimension)
    {
        Some(_) => format!("band{set}"),
        None => "CAST(NULL AS INTEGER)".into(),
    }
}

/// The band of each band set other than the case's, chosen by its own dimension as the engine
/// chooses every band set's (`Env::for_inputs`): `band{set}`, NULL when no band holds it.
pub(super) fn band_columns(p: &Parts<'_>, cols: &mut Vec<String>) {
    let version = p.compiled.version;
    for (s, set) in version.band_sets.iter().enumerate() {
        if p.compiled.band_set == Some(s) {
            continue;
        }
        let Some(k) = set.dimension.and_then(|i| p.col(&version.inputs[i].name)) else {
            continue;
        };
        let mut head = String::new();
        comment_lines(
            &[format!(
                "tranches {} selon {} ({})",
                set.name,
                set.dimension_name,
                p.at(set.name_span)
            )],
            &mut head,
        );
        let choice = bands::choice(p, set, k, "      ", |_, band| {
            let mut c = String::new();
            comment_lines(
                &[format!("tranche {} ({})", band.name, p.at(band.name_span))],
                &mut c,
            );
            c
        });
        let head: Vec<&str> = head.lines().collect();
        cols.push(format!("{}\n    {choice} AS band{s}", head.join("\n    ")));
    }
}

/// What a comment adds about an entry: ` : non précisé` for a hole (NULL), nothing for a value.
fn words(entry: &Entry) -> &'static str {
    match entry {
        Entry::Value(_) => "",
        Entry::Hole(_) | Entry::Missing => " : non précisé",
    }
}

/// The exact test of `x` (mantissa and scale columns) against a bound: one comparison per
/// distinct bound, shared by the rules that repeat it.
struct Bounds {
    /// (input, bound's value as written, its comparison's column).
    seen: Vec<(usize, String, String)>,
    plan: Vec<exact::Plan>,
}

impl Graph<'_, '_> {
    /// The value of the entry whose `WHEN` holds (`cases`: the test, what it is in the text's
    /// words (a comment before it, in the first column only), the entry; in order, the first
    /// that holds is taken, a hole or a missing entry then gives NULL), computed from `deps`.
    fn choose(
        &mut self,
        mut deps: Vec<usize>,
        cases: Vec<(String, Option<String>, &Entry)>,
        ty: Type,
    ) -> Result<(Vec<usize>, Out), String> {
        let mut outs = Vec::new();
        for (when, note, entry) in cases {
            let note = note.map(|n| {
                let mut c = String::new();
                comment_lines(&[n], &mut c);
                c
            });
            match entry {
                Entry::Value(expr) => {
                    let (d, out) = self.expr(expr)?;
                    deps.extend(d);
                    outs.push((when, note, Some(out)));
                }
                Entry::Hole(_) | Entry::Missing => outs.push((when, note, None)),
            }
        }
        let null = self.null(ty)?;
        let x = self.name();
        let case = |part: &dyn Fn(&Out) -> String, noted: bool| {
            let mut case = String::from("CASE");
            for (when, note, out) in &outs {
                let then = out.as_ref().map_or_else(|| part(&null), part);
                match note.as_ref().filter(|_| noted) {
                    Some(note) => {
                        for line in note.lines() {
                            case.push_str(&format!("\n      {line}"));
                        }
                        case.push_str(&format!("\n      WHEN {when} THEN {then}"));
                    }
                    None => case.push_str(&format!(" WHEN {when} THEN {then}")),
                }
            }
            case.push_str(if outs.iter().any(|o| o.1.is_some()) && noted {
                "\n    END"
            } else {
                " END"
            });
            case
        };
        // Each part of the result chosen by the same cases; the notes on the first.
        let (names, out) = null.named(&x);
        let cols = names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let part = |o: &Out| o.parts().get(i).map_or("NULL".into(), |s| s.to_string());
                format!("{} AS {name}", case(&part, i == 0))
            })
            .collect();
        let id = self.node(deps, vec![cols]);
        Ok((vec![id], out))
    }

    /// A value per band of `set`: the entry of the case's band.
    pub(super) fn table(
        &mut self,
        set: usize,
        entries: &[Entry],
        ty: Type,
    ) -> Result<(Vec<usize>, Out), String> {
        let band = self.band(set);
        let cases = entries
            .iter()
            .enumerate()
            .map(|(b, entry)| (format!("{band} = {b}"), None, entry))
            .collect();
        self.choose(Vec::new(), cases, ty)
    }

    /// `par ROWS et COLUMNS { … }`: the cell of the row's and the column's keys, each the band
    /// of a band set or the variant of an input of an enumeration.
    pub(super) fn grid(&mut self, grid: &GridDef, ty: Type) -> Result<(Vec<usize>, Out), String> {
        let key = |axis: Axis| match axis {
            Axis::Bands(set) => self.band(set),
            Axis::Variants(input, e) => scalar(
                &self
                    .input(input, Type::Enum(e))
                    .unwrap_or_else(|_| Out::Int("NULL".into())),
            )
            .to_string(),
        };
        let (row, column) = (key(grid.axes.rows), key(grid.axes.columns));
        let version = self.scope.compiled.version;
        let (rows, columns) = (
            grid.axes.rows.keys(version),
            grid.axes.columns.keys(version),
        );
        let width = grid.columns.max(1);
        let cases = grid
            .cells
            .iter()
            .enumerate()
            .map(|(k, entry)| {
                let (r, c) = (k / width, k % width);
                let name = |keys: &[String], i: usize| keys.get(i).cloned().unwrap_or_default();
                (
                    format!("{row} = {r} AND {column} = {c}"),
                    Some(format!(
                        "case {} : {} × {}{}",
                        grid.axes.words(version),
                        name(&rows, r),
                        name(&columns, c),
                        words(entry)
                    )),
                    entry,
                )
            })
            .collect();
        self.choose(Vec::new(), cases, ty)
    }

    /// `selon A et B { … }`: the first rule whose intervals hold both inputs. Each bound is
    /// compared exactly with the input (`exact::compare`); a missing input matches no rule.
    pub(super) fn rules(
        &mut self,
        table: &RuleTableDef,
        ty: Type,
    ) -> Result<(Vec<usize>, Out), String> {
        let x = self.name();
        let mut bounds = Bounds {
            seen: Vec::new(),
            plan: Vec::new(),
        };
        let d = self.p.d;
        let p = self.p;
        let numbers: Vec<(String, String)> = table
            .inputs
            .iter()
            .map(|&i| match self.input(i, Type::Decimal) {
                Ok(Out::Num(m, e)) => (m, e),
                _ => ("NULL".into(), "NULL".into()),
            })
            .collect();
        // The sign of `input − bound`, NULL when the input is missing.
        let mut sign = |axis: usize, bound: &Bound| {
            let input = table.inputs[axis];
            let written = bound.value.normalize().to_string();
            if let Some((_, _, c)) = bounds
                .seen
                .iter()
                .find(|(i, w, _)| *i == input && *w == written)
            {
                return c.clone();
            }
            let name = format!("{x}_b{}", bounds.seen.len());
            let scale = bound.value.normalize().scale();
            let value = p.decimal(bound.value, scale);
            bounds.plan.push(exact::compare(
                d,
                &name,
                (&numbers[axis].0, &numbers[axis].1),
                (&value, &scale.to_string()),
            ));
            let c = format!("{name}_c");
            bounds.seen.push((input, written, c.clone()));
            c
        };
        let mut cases = Vec::new();
        for rule in &table.rules {
            let mut tests = Vec::new();
            for (axis, range) in rule.ranges.iter().enumerate() {
                let low = sign(axis, &range.low);
                tests.push(if range.low.closed {
                    format!("{low} >= 0")
                } else {
                    format!("{low} > 0")
                });
                if let Some(high) = &range.high {
                    let c = sign(axis, high);
                    tests.push(if high.closed {
                        format!("{c} <= 0")
                    } else {
                        format!("{c} < 0")
                    });
                }
            }
            let inputs = &self.scope.compiled.version.inputs;
            let name = |axis: usize| {
                inputs
                    .get(table.inputs[axis])
                    .map_or(String::new(), |i| i.name.clone())
            };
            let note = format!(
                "règle {} {}, {} {}{} ({})",
                name(0),
                rule.ranges[0].words(table.percent[0]),
                name(1),
                rule.ranges[1].words(table.percent[1]),
                words(&rule.value),
                self.p.at(rule.span)
            );
            cases.push((tests.join(" AND "), Some(note), &rule.value));
        }
        let compared = self.node(Vec::new(), exact::merge(bounds.plan));
        self.choose(vec![compared], cases, ty)
    }
}
