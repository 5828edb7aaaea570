//! Lowering of values and envelopes (`enveloppe`, `valeur`, `résultat`): definitions by band table or formula, `attendu`, `part fixe`, payment rules.

use super::*;

impl Lowerer<'_> {
    /// A `par tranches […]` table or a `= formula` (`span`: the enclosing item's, for what is
    /// missing).
    pub(super) fn definition(&mut self, child: Pair<'_, Rule>, span: Span) -> Option<Definition> {
        match child.as_rule() {
            Rule::band_table => {
                let mut parts = child.into_inner();
                parts.next(); // `par`
                let band_set = parts
                    .next()
                    .map_or(Spanned::new(String::new(), span), |p| self.ident(p));
                let table = parts
                    .next()
                    .map_or_else(|| empty_table(span), |p| self.table(p));
                Some(Definition::Table { band_set, table })
            }
            Rule::formula => child
                .into_inner()
                .next()
                .map(|expr| Definition::Formula(self.expr(expr))),
            Rule::grid_table => Some(Definition::Grid(self.grid(child, span))),
            Rule::rule_table => Some(Definition::Rules(self.rule_table(child, span))),
            _ => None,
        }
    }

    /// `remplace montant a par taille […]` / `= …`, after its keywords.
    pub(super) fn replace_amount(
        &mut self,
        inner: pest::iterators::Pairs<'_, Rule>,
        span: Span,
    ) -> ItemKind {
        let mut target = Spanned::new(String::new(), span);
        let mut definition = Definition::Formula(bool_expr(span));
        for child in inner {
            match child.as_rule() {
                Rule::ident => target = self.ident(child),
                Rule::band_table | Rule::grid_table | Rule::rule_table | Rule::formula => {
                    if let Some(d) = self.definition(child, span) {
                        definition = d;
                    }
                }
                _ => {}
            }
        }
        ItemKind::ReplaceAmount(ReplaceAmountDef { target, definition })
    }

    pub(super) fn value_def(&mut self, pair: Pair<'_, Rule>) -> ValueDef {
        let span = self.span(&pair);
        let kind = match pair.as_rule() {
            Rule::value_def => ValueKind::Value,
            Rule::result_def => ValueKind::Result,
            _ => ValueKind::Envelope,
        };
        let mut inner = pair.into_inner();
        let keyword_span = inner.next().map_or(span, |p| self.span(&p));
        let mut def = ValueDef {
            kind,
            name: None,
            label: None,
            definition: Definition::Formula(bool_expr(span)),
            expected: None,
            fixed_share: None,
            payments: Vec::new(),
            reserved: Vec::new(),
            effect: None,
            attributes: Attributes::default(),
            keyword_span,
        };
        for child in inner {
            match child.as_rule() {
                Rule::ident => def.name = Some(self.ident(child)),
                Rule::string => def.label = Some(self.text(child)),
                Rule::band_table | Rule::grid_table | Rule::rule_table | Rule::formula => {
                    if let Some(definition) = self.definition(child, span) {
                        def.definition = definition;
                    }
                }
                Rule::expected => {
                    let here = self.span(&child);
                    if let Some(first) = &def.expected {
                        let first = first.span;
                        self.errors.push(SyntaxError {
                            kind: SyntaxErrorKind::RepeatedAttribute {
                                attribute: "attendu",
                                first,
                            },
                            span: here,
                            suggestion: None,
                        });
                        continue;
                    }
                    let table = child.into_inner().find(|p| p.as_rule() == Rule::table);
                    def.expected = Some(table.map_or_else(|| empty_table(span), |p| self.table(p)));
                }
                Rule::fixed_share => {
                    let share_span = self.span(&child);
                    if let Some(first) = &def.fixed_share {
                        let first = first.span;
                        self.errors.push(SyntaxError {
                            kind: SyntaxErrorKind::RepeatedAttribute {
                                attribute: "part fixe",
                                first,
                            },
                            span: share_span,
                            suggestion: None,
                        });
                        continue;
                    }
                    let mut share = None;
                    let mut hypothesis = None;
                    for part in child.into_inner() {
                        match part.as_rule() {
                            Rule::expr => share = Some(self.expr(part)),
                            Rule::hypothesis_attr => {
                                hypothesis = Some(self.attribute_text(part, share_span))
                            }
                            _ => {}
                        }
                    }
                    def.fixed_share = Some(FixedShare {
                        share: share.unwrap_or_else(|| bool_expr(share_span)),
                        hypothesis,
                        span: share_span,
                    });
                }
                Rule::payment => {
                    for rule in child
                        .into_inner()
                        .filter(|p| p.as_rule() == Rule::payment_rule)
                    {
                        if let Some(payment) = self.payment_rule(rule) {
                            def.payments.push(payment);
                        }
                    }
                }
                Rule::line_reserved => {
                    let here = self.span(&child);
                    let Some(form) = child.into_inner().find(|p| {
                        matches!(
                            p.as_rule(),
                            Rule::reserved_before | Rule::reserved_after | Rule::reserved_if
                        )
                    }) else {
                        continue;
                    };
                    let rule = form.as_rule();
                    let last = form.into_inner().last();
                    let reservation = match (rule, last) {
                        (Rule::reserved_if, Some(name)) => Reservation::If(self.ident(name)),
                        (Rule::reserved_before, Some(date)) => {
                            Reservation::SignedBefore(self.date(date).node)
                        }
                        (_, Some(date)) => Reservation::SignedAfter(self.date(date).node),
                        (_, None) => continue,
                    };
                    def.reserved.push(Spanned::new(reservation, here));
                }
                Rule::line_effect => {
                    let here = self.span(&child);
                    if let Some(first) = &def.effect {
                        let first = first.span;
                        self.errors.push(SyntaxError {
                            kind: SyntaxErrorKind::RepeatedAttribute {
                                attribute: "à compter du",
                                first,
                            },
                            span: here,
                            suggestion: None,
                        });
                        continue;
                    }
                    let mut date = None;
                    let mut prorated = false;
                    for part in child.into_inner() {
                        match part.as_rule() {
                            Rule::date => date = Some(self.date(part).node),
                            Rule::prorated => prorated = true,
                            _ => {}
                        }
                    }
                    if let Some(date) = date {
                        def.effect = Some(Spanned::new(LineEffect { date, prorated }, here));
                    }
                }
                Rule::source_attr | Rule::hypothesis_attr => {
                    self.attributes_into(child, &mut def.attributes)
                }
                _ => {}
            }
        }
        def
    }

    pub(super) fn payment_rule(&mut self, pair: Pair<'_, Rule>) -> Option<PaymentRule> {
        let form = pair.into_inner().next()?;
        let span = self.span(&form);
        let rule = form.as_rule();
        let mut percent = Decimal::ZERO;
        let mut prorated = false;
        for child in form.into_inner() {
            match child.as_rule() {
                Rule::percent => {
                    if let Some(number) = child.into_inner().next() {
                        percent = self.number(number);
                    }
                }
                Rule::prorated => prorated = true,
                _ => {}
            }
        }
        let kind = match rule {
            Rule::pay_advance_at_signature => PaymentKind::AdvanceAtSignature(percent),
            Rule::pay_advance_each_anniversary => PaymentKind::AdvanceEachAnniversary(percent),
            Rule::pay_advance_at_start => PaymentKind::AdvanceAtStart { percent, prorated },
            Rule::pay_balance_next_anniversary => PaymentKind::BalanceNextAnniversary,
            Rule::pay_variable => PaymentKind::VariableByAchievement,
            Rule::pay_at_signature => PaymentKind::AtSignature,
            Rule::pay_first_year => PaymentKind::FirstYear,
            Rule::pay_following_years => PaymentKind::FollowingYears,
            Rule::pay_each_crisis => PaymentKind::EachCrisis,
            Rule::pay_letter_of_intent => PaymentKind::LetterOfIntent,
            _ => PaymentKind::EachYear,
        };
        Some(PaymentRule { kind, span })
    }

    pub(super) fn table(&mut self, pair: Pair<'_, Rule>) -> Table {
        let span = self.span(&pair);
        let Some(form) = pair.into_inner().next() else {
            return empty_table(span);
        };
        let named = form.as_rule() == Rule::named_table;
        let mut entries = Vec::new();
        for child in form.into_inner() {
            match child.as_rule() {
                Rule::table_entry => entries.push(self.table_entry(child, None)),
                Rule::named_entry => {
                    let entry_span = self.span(&child);
                    let mut parts = child.into_inner();
                    let band = parts.next().map(|p| self.ident(p));
                    if let Some(value) = parts.next() {
                        let mut entry = self.table_entry(value, band);
                        entry.span = entry_span;
                        entries.push(entry);
                    }
                }
                _ => {}
            }
        }
        Table {
            entries,
            named,
            span,
        }
    }

    pub(super) fn table_entry(&mut self, pair: Pair<'_, Rule>, band: Option<Ident>) -> TableEntry {
        let span = self.span(&pair);
        let value = match pair.into_inner().next() {
            Some(p) if p.as_rule() == Rule::hole => EntryValue::Hole,
            Some(p) => EntryValue::Expr(self.expr(p)),
            None => EntryValue::Hole,
        };
        TableEntry { band, value, span }
    }
}
