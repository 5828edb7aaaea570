//! Canonical layout of the tables by two criteria (`par taille et zone { … }`, one row per
//! line) and of the tables of rules (`selon habitants et atteinte { … }`, one rule per line).

use super::attach::Blanks;
use super::doc::{concat, indent, text, Doc};
use super::items::{Formatter, INDENT};
use super::literals;
use clause_grammar::ast::*;
use clause_grammar::Span;

impl Formatter<'_> {
    /// `header par ROWS et COLUMNS {`, a row per line, `}`.
    pub(super) fn grid(&mut self, header: String, grid: &Grid) -> Doc {
        let header = format!("{header} par {} et {}", grid.rows.node, grid.columns.node);
        let rows: Vec<(Span, Doc)> = grid
            .entries
            .iter()
            .map(|row| {
                let table = self.table(&row.table);
                let doc = concat(vec![text(format!("{} : ", row.key.node)), table]);
                (row.span, doc)
            })
            .collect();
        let open = self.find(grid.columns.span.end, '{');
        self.rows_block(header, open, grid.span, rows)
    }

    /// `header selon A et B {`, a rule per line (`RANGE, RANGE : value`), `}`.
    pub(super) fn rules(&mut self, header: String, rules: &RuleTable) -> Doc {
        let [a, b] = &rules.inputs;
        let header = format!("{header} selon {} et {}", a.node, b.node);
        let lines: Vec<(Span, Doc)> = rules
            .rules
            .iter()
            .map(|rule| {
                let [x, y] = &rule.ranges;
                let words = |r: &RuleRange| {
                    literals::band_range_in(
                        &r.range.node,
                        literals::bound_unit(r.percent, r.euro),
                        &[],
                    )
                };
                let value = match &rule.value.value {
                    EntryValue::Hole => text("non précisé"),
                    EntryValue::Expr(expr) => self.expr(expr),
                };
                let doc = concat(vec![text(format!("{}, {} : ", words(x), words(y))), value]);
                (rule.span, doc)
            })
            .collect();
        let open = self.find(b.span.end, '{');
        self.rows_block(header, open, rules.span, lines)
    }

    /// `header {`, each row on its own line with its comments, `}`.
    fn rows_block(
        &mut self,
        header: String,
        open: usize,
        span: Span,
        rows: Vec<(Span, Doc)>,
    ) -> Doc {
        let close = span.end.saturating_sub(1);
        let mut inner = vec![self.comments.trailing(open + 1)];
        let mut first = true;
        for (row_span, doc) in rows {
            inner.push(Doc::HardLine);
            inner.push(
                self.comments
                    .leading(row_span.start, Blanks::Keep { first }),
            );
            first = false;
            inner.push(doc);
            inner.push(self.comments.trailing(row_span.end));
        }
        inner.push(self.comments.before(close, Blanks::Keep { first }));
        concat(vec![
            text(header),
            text(" {"),
            indent(INDENT, concat(inner)),
            Doc::HardLine,
            text("}"),
        ])
    }
}
