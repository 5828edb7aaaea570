//! Lowering of the tables by two criteria (`par taille et zone { … }`) and of the tables of
//! rules over two inputs (`selon habitants et atteinte { … }`).

use super::*;

impl Lowerer<'_> {
    /// `par ROWS et COLUMNS { key : table … }` (`span`: the enclosing item's, for what is missing).
    pub(super) fn grid(&mut self, pair: Pair<'_, Rule>, span: Span) -> Grid {
        let mut names = Vec::new();
        let mut entries = Vec::new();
        let mut grid_span = self.span(&pair);
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::ident => names.push(self.ident(child)),
                Rule::grid_row => {
                    let row_span = self.span(&child);
                    let mut parts = child.into_inner();
                    let key = parts
                        .next()
                        .map_or(Spanned::new(String::new(), row_span), |p| self.ident(p));
                    let table = parts
                        .next()
                        .map_or_else(|| empty_table(row_span), |p| self.table(p));
                    entries.push(GridRow {
                        key,
                        table,
                        span: row_span,
                    });
                }
                _ => {}
            }
        }
        if let Some(last) = names.last() {
            // The braces: from after the second criterion to the end of the definition.
            grid_span = Span::new(grid_span.file, last.span.end, grid_span.end);
        }
        let mut names = names.into_iter();
        let empty = Spanned::new(String::new(), span);
        Grid {
            rows: names.next().unwrap_or_else(|| empty.clone()),
            columns: names.next().unwrap_or(empty),
            entries,
            span: grid_span,
        }
    }

    /// `selon A et B { RANGE, RANGE : value … }`.
    pub(super) fn rule_table(&mut self, pair: Pair<'_, Rule>, span: Span) -> RuleTable {
        let mut names = Vec::new();
        let mut rules = Vec::new();
        let mut table_span = self.span(&pair);
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::ident => names.push(self.ident(child)),
                Rule::rule_row => {
                    let rule_span = self.span(&child);
                    let mut ranges = Vec::new();
                    let mut value = None;
                    for part in child.into_inner() {
                        match part.as_rule() {
                            Rule::band_range => {
                                let (range, unit, _) = self.band_range(part);
                                ranges.push(RuleRange {
                                    range,
                                    percent: unit.percent,
                                    euro: unit.euro,
                                });
                            }
                            Rule::table_entry => value = Some(self.table_entry(part, None)),
                            _ => {}
                        }
                    }
                    let mut ranges = ranges.into_iter();
                    let missing = || RuleRange {
                        range: Spanned::new(BandRange::From(Decimal::ZERO), rule_span),
                        percent: false,
                        euro: false,
                    };
                    let first = ranges.next().unwrap_or_else(missing);
                    let second = ranges.next().unwrap_or_else(missing);
                    rules.push(DecisionRule {
                        ranges: [first, second],
                        value: value.unwrap_or(TableEntry {
                            band: None,
                            value: EntryValue::Hole,
                            span: rule_span,
                        }),
                        span: rule_span,
                    });
                }
                _ => {}
            }
        }
        if let Some(last) = names.last() {
            table_span = Span::new(table_span.file, last.span.end, table_span.end);
        }
        let mut names = names.into_iter();
        let empty = Spanned::new(String::new(), span);
        RuleTable {
            inputs: [
                names.next().unwrap_or_else(|| empty.clone()),
                names.next().unwrap_or(empty),
            ],
            rules,
            span: table_span,
        }
    }
}
