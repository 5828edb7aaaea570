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
        let open = self.find(grid.columns.span.end, '{');
        let span_of = |row: &GridRow| row.span;
        self.rows_block(header, open, grid.span, &grid.entries, span_of, |f, row| {
            let table = f.table(&row.table);
            concat(vec![text(format!("{} : ", row.key.node)), table])
        })
    }

    /// `header selon A et B {`, a rule per line (`RANGE, RANGE : value`), `}`.
    pub(super) fn rules(&mut self, header: String, rules: &RuleTable) -> Doc {
        let [a, b] = &rules.inputs;
        let header = format!("{header} selon {} et {}", a.node, b.node);
        let open = self.find(b.span.end, '{');
        let span_of = |rule: &DecisionRule| rule.span;
        self.rows_block(
            header,
            open,
            rules.span,
            &rules.rules,
            span_of,
            |f, rule| {
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
                    EntryValue::Expr(expr) => f.expr(expr),
                };
                concat(vec![text(format!("{}, {} : ", words(x), words(y))), value])
            },
        )
    }

    /// `header {`, each row on its own line with its comments (read in the order of the text:
    /// a row is rendered after the comments before it), `}`.
    fn rows_block<T>(
        &mut self,
        header: String,
        open: usize,
        span: Span,
        rows: &[T],
        span_of: impl Fn(&T) -> Span,
        mut render: impl FnMut(&mut Self, &T) -> Doc,
    ) -> Doc {
        let close = span.end.saturating_sub(1);
        let mut inner = vec![self.comments.trailing(open + 1)];
        let mut first = true;
        for row in rows {
            inner.push(Doc::HardLine);
            let row_span = span_of(row);
            inner.push(
                self.comments
                    .leading(row_span.start, Blanks::Keep { first }),
            );
            first = false;
            inner.push(render(self, row));
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
