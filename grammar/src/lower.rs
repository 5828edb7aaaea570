//! Turns pest's pairs into the owned syntax tree (spans converted once, here).

use crate::ast::*;
use crate::limits::{MAX_NESTING, MAX_NUMBER_DIGITS};
use crate::parse::GrammarRule as Rule;
use crate::span::{FileId, Span, Spanned};
use crate::syntax_error::{SyntaxError, SyntaxErrorKind};
use chrono::NaiveDate;
use pest::iterators::Pair;
use pest::pratt_parser::{Assoc, Op, PrattParser};
use rust_decimal::Decimal;
use std::str::FromStr;
use std::sync::OnceLock;

/// Most binary operators in one expression: deeper trees would be walked recursively.
const MAX_OPERATORS: usize = 512;

/// Deepest expression tree, brackets included: every later pass (types, evaluation, formatting)
/// walks expressions recursively, and a tree this deep stays well within a 2 MiB thread stack.
const MAX_TREE_DEPTH: usize = 512;

struct Lowerer<'e> {
    file: FileId,
    /// Where pest's input starts in the file: an incremental re-parse hands pest a suffix.
    base: usize,
    errors: &'e mut Vec<SyntaxError>,
}

pub(crate) fn declarations(
    file: FileId,
    root: Pair<'_, Rule>,
    errors: &mut Vec<SyntaxError>,
) -> Vec<Declaration> {
    let mut lowerer = Lowerer {
        file,
        base: 0,
        errors,
    };
    root.into_inner()
        .filter(|pair| matches!(pair.as_rule(), Rule::agreement | Rule::amendment))
        .map(|pair| lowerer.declaration(pair))
        .collect()
}

/// A declaration from its head alone (`agreement_head`, `amendment_head`), parsed by pest from
/// `base` in the file: its entries and the end of its span are the caller's (`entries.rs`).
pub(crate) fn declaration_head(
    file: FileId,
    base: usize,
    head: Pair<'_, Rule>,
    errors: &mut Vec<SyntaxError>,
) -> Declaration {
    Lowerer { file, base, errors }.declaration(head)
}

/// One entry of a declaration's body, parsed by pest from `base` in the file (`entries.rs`).
pub(crate) fn body_entry(
    file: FileId,
    base: usize,
    entry: Pair<'_, Rule>,
    errors: &mut Vec<SyntaxError>,
) -> Option<Item> {
    let mut lowerer = Lowerer { file, base, errors };
    let pair = entry.into_inner().next()?;
    Some(match pair.as_rule() {
        Rule::amendment_op => lowerer.amendment_op(pair),
        _ => lowerer.item(pair),
    })
}

fn expr_parser() -> &'static PrattParser<Rule> {
    static PARSER: OnceLock<PrattParser<Rule>> = OnceLock::new();
    PARSER.get_or_init(|| {
        PrattParser::new()
            .op(Op::infix(Rule::or, Assoc::Left))
            .op(Op::infix(Rule::and, Assoc::Left))
            .op(Op::prefix(Rule::not))
            .op(Op::infix(Rule::eq, Assoc::Left)
                | Op::infix(Rule::ne, Assoc::Left)
                | Op::infix(Rule::lt, Assoc::Left)
                | Op::infix(Rule::le, Assoc::Left)
                | Op::infix(Rule::gt, Assoc::Left)
                | Op::infix(Rule::ge, Assoc::Left)
                | Op::infix(Rule::contains, Assoc::Left)
                | Op::postfix(Rule::between))
            .op(Op::infix(Rule::add, Assoc::Left) | Op::infix(Rule::sub, Assoc::Left))
            .op(Op::infix(Rule::mul, Assoc::Left) | Op::infix(Rule::div, Assoc::Left))
            .op(Op::prefix(Rule::neg))
    })
}

impl Lowerer<'_> {
    /// The pair's span without the whitespace and comments pest may have skipped after its
    /// last token (a trailing optional that did not match leaves them inside the pair).
    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let start = self.base + pair.as_span().start();
        Span::new(self.file, start, start + content_end(pair.as_str()))
    }

    fn ident(&self, pair: Pair<'_, Rule>) -> Ident {
        Spanned::new(pair.as_str().to_string(), self.span(&pair))
    }

    fn text(&mut self, pair: Pair<'_, Rule>) -> Text {
        let span = self.span(&pair);
        let inner = pair.into_inner().next();
        let raw_start = inner
            .as_ref()
            .map_or(span.start, |i| self.base + i.as_span().start());
        let raw = inner.map_or("", |inner| inner.as_str());
        let mut out = String::with_capacity(raw.len());
        let mut chars = raw.char_indices();
        while let Some((offset, c)) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some((_, '"')) => out.push('"'),
                Some((_, '\\')) => out.push('\\'),
                Some((_, 'n')) => out.push('\n'),
                other => {
                    let escaped = other.map(|(_, e)| e);
                    let text = format!("\\{}", escaped.map(String::from).unwrap_or_default());
                    // The label points at the escape itself, not the whole string.
                    let start = raw_start + offset;
                    let end = start + 1 + escaped.map_or(0, char::len_utf8);
                    self.errors.push(SyntaxError {
                        kind: SyntaxErrorKind::InvalidEscape { text },
                        span: Span::new(self.file, start, end),
                        suggestion: None,
                    });
                }
            }
        }
        Spanned::new(out, span)
    }

    fn number(&mut self, pair: Pair<'_, Rule>) -> Decimal {
        let span = self.span(&pair);
        let digits: String = pair
            .as_str()
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == ',')
            .collect();
        if digits.chars().filter(char::is_ascii_digit).count() > MAX_NUMBER_DIGITS {
            self.errors.push(SyntaxError {
                kind: SyntaxErrorKind::NumberTooLong {
                    limit: MAX_NUMBER_DIGITS,
                },
                span,
                suggestion: None,
            });
            return Decimal::ZERO;
        }
        match Decimal::from_str(&digits.replace(',', ".")) {
            Ok(value) => value.normalize(),
            Err(_) => {
                self.errors.push(SyntaxError {
                    kind: SyntaxErrorKind::InvalidNumber {
                        text: pair.as_str().to_string(),
                    },
                    span,
                    suggestion: None,
                });
                Decimal::ZERO
            }
        }
    }

    fn date(&mut self, pair: Pair<'_, Rule>) -> Spanned<NaiveDate> {
        let span = self.span(&pair);
        let text = pair.as_str();
        // Clause's calendar runs from year 1 to 9999 (`AAAA`): year 0 is no date.
        let parsed = NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()
            .filter(|d| chrono::Datelike::year(d) >= 1);
        let date = parsed.ok_or(()).unwrap_or_else(|_| {
            self.errors.push(SyntaxError {
                kind: SyntaxErrorKind::InvalidDate {
                    text: text.to_string(),
                },
                span,
                suggestion: None,
            });
            NaiveDate::MIN
        });
        Spanned::new(date, span)
    }

    fn declaration(&mut self, pair: Pair<'_, Rule>) -> Declaration {
        let span = self.span(&pair);
        let kind = if matches!(pair.as_rule(), Rule::agreement | Rule::agreement_head) {
            DeclarationKind::Agreement
        } else {
            DeclarationKind::Amendment
        };
        let mut inner = pair.into_inner();
        let keyword_span = inner.next().map_or(span, |p| self.span(&p));
        let mut name = None;
        let mut title = None;
        let mut base = None;
        let mut items = Vec::new();
        for child in inner {
            match child.as_rule() {
                Rule::ident if name.is_none() => name = Some(self.ident(child)),
                Rule::ident => base = Some(self.ident(child)),
                Rule::string => title = Some(self.text(child)),
                Rule::kw_modifie => {}
                Rule::amendment_op => items.push(self.amendment_op(child)),
                _ => items.push(self.item(child)),
            }
        }
        Declaration {
            kind,
            name: name.unwrap_or_else(|| Spanned::new(String::new(), keyword_span)),
            title,
            base,
            items,
            keyword_span,
            span,
        }
    }

    fn amendment_op(&mut self, pair: Pair<'_, Rule>) -> Item {
        let span = self.span(&pair);
        let Some(op) = pair.into_inner().next() else {
            return Item {
                kind: ItemKind::Source(Spanned::new(String::new(), span)),
                span,
            };
        };
        let rule = op.as_rule();
        let mut inner = op.into_inner();
        inner.next(); // the keyword
        let kind = match rule {
            Rule::op_remove
                if inner
                    .peek()
                    .is_some_and(|p| p.as_rule() == Rule::removed_check) =>
            {
                // `retire vérifier "…"` / `retire exemple "…"`: a check named by its label.
                let check = inner.next().map(|p| {
                    let mut parts = p.into_inner();
                    let keyword = parts.next();
                    let kind_span = keyword.as_ref().map_or(span, |k| self.span(k));
                    let kind = if keyword.is_some_and(|k| k.as_rule() == Rule::kw_exemple) {
                        TargetKind::Example
                    } else {
                        TargetKind::Assertion
                    };
                    let label = parts
                        .next()
                        .map_or(Spanned::new(String::new(), span), |l| self.text(l));
                    (Spanned::new(kind, kind_span), label)
                });
                let (kind, name) = check.unwrap_or((
                    Spanned::new(TargetKind::Assertion, span),
                    Spanned::new(String::new(), span),
                ));
                ItemKind::Remove(RemoveDef { kind, name })
            }
            Rule::op_remove => {
                let kind_pair = inner.next();
                let name_pair = inner.next();
                let kind = kind_pair.map(|p| {
                    let s = self.span(&p);
                    let k = match p.into_inner().next().map(|k| k.as_rule()) {
                        Some(Rule::kw_valeur) => TargetKind::Value,
                        Some(Rule::kw_resultat) => TargetKind::Result,
                        Some(Rule::kw_mission) => TargetKind::Mission,
                        Some(Rule::kw_entree) => TargetKind::Input,
                        Some(Rule::kw_tranches) => TargetKind::BandSet,
                        Some(Rule::kw_enumeration) => TargetKind::Enum,
                        Some(Rule::kw_condition) => TargetKind::Condition,
                        _ => TargetKind::Envelope,
                    };
                    Spanned::new(k, s)
                });
                ItemKind::Remove(RemoveDef {
                    kind: kind.unwrap_or(Spanned::new(TargetKind::Envelope, span)),
                    name: name_pair.map_or(Spanned::new(String::new(), span), |p| self.ident(p)),
                })
            }
            Rule::op_revalue => self.revalue(inner, span),
            _ => {
                let target = inner.next().map(|p| self.item(p));
                let target = Box::new(target.unwrap_or(Item {
                    kind: ItemKind::Source(Spanned::new(String::new(), span)),
                    span,
                }));
                if rule == Rule::op_add {
                    ItemKind::Add(target)
                } else {
                    ItemKind::Replace(target)
                }
            }
        };
        Item { kind, span }
    }

    /// `revalorise a, b de 5 % [arrondi …]`, after its keyword.
    fn revalue(&mut self, inner: pest::iterators::Pairs<'_, Rule>, span: Span) -> ItemKind {
        let mut targets = Vec::new();
        let mut percent = Spanned::new(Decimal::ZERO, span);
        let mut rounding = None;
        for part in inner {
            match part.as_rule() {
                Rule::ident => targets.push(self.ident(part)),
                Rule::signed_percent => {
                    let percent_span = self.span(&part);
                    let mut negative = false;
                    for child in part.into_inner() {
                        match child.as_rule() {
                            Rule::neg => negative = true,
                            Rule::number => {
                                let n = self.number(child);
                                // `- 0 %` is 0 %: no negative zero, which the formatter (rightly) writes `0 %`.
                                let signed = if negative && !n.is_zero() { -n } else { n };
                                percent = Spanned::new(signed, percent_span);
                            }
                            _ => {}
                        }
                    }
                }
                Rule::revalue_rounding => {
                    let rounding_span = self.span(&part);
                    let function = match part.into_inner().next().map(|f| f.as_rule()) {
                        Some(Rule::fn_round_down) => Function::Floor,
                        Some(Rule::fn_round_up) => Function::Ceil,
                        Some(Rule::fn_round_cent) => Function::RoundCent,
                        _ => Function::Round,
                    };
                    rounding = Some(Spanned::new(function, rounding_span));
                }
                _ => {}
            }
        }
        ItemKind::Revalue(RevalueDef {
            targets,
            percent,
            rounding,
        })
    }

    fn item(&mut self, pair: Pair<'_, Rule>) -> Item {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let kind = match rule {
            Rule::status_item => {
                let status = pair.into_inner().nth(1);
                let status_span = status.as_ref().map_or(span, |p| self.span(p));
                let value = match status
                    .and_then(|p| p.into_inner().next())
                    .map(|p| p.as_rule())
                {
                    Some(Rule::kw_signe_st) => Status::Signed,
                    Some(Rule::kw_propose) => Status::Proposed,
                    _ => Status::Draft,
                };
                ItemKind::Status(Spanned::new(value, status_span))
            }
            Rule::signed_on
            | Rule::published_on
            | Rule::proposed_on
            | Rule::in_force_on
            | Rule::applicable_before => {
                let date_pair = pair.into_inner().find(|p| p.as_rule() == Rule::date);
                let date = match date_pair {
                    Some(p) => self.date(p),
                    None => Spanned::new(NaiveDate::MIN, span),
                };
                match rule {
                    Rule::signed_on => ItemKind::SignedOn(date),
                    Rule::published_on => ItemKind::PublishedOn(date),
                    Rule::proposed_on => ItemKind::ProposedOn(date),
                    Rule::in_force_on => ItemKind::InForceOn(date),
                    _ => ItemKind::ApplicableBefore(date),
                }
            }
            Rule::date_policy_item => {
                let policy = pair.into_inner().find(|p| p.as_rule() == Rule::date_policy);
                let policy_span = policy.as_ref().map_or(span, |p| self.span(p));
                let value = match policy
                    .and_then(|p| p.into_inner().next())
                    .map(|p| p.as_rule())
                {
                    Some(Rule::policy_next_month) => DatePolicy::FirstOfNextMonth,
                    Some(Rule::policy_refuse) => DatePolicy::Refuse,
                    _ => DatePolicy::EndOfMonth,
                };
                ItemKind::DatePolicy(Spanned::new(value, policy_span))
            }
            Rule::contract_duration => {
                let duration = pair.into_inner().find(|p| p.as_rule() == Rule::duration);
                ItemKind::ContractDuration(match duration {
                    Some(p) => self.duration(p),
                    None => Spanned::new(
                        Duration {
                            amount: Decimal::ZERO,
                            unit: DurationUnit::Years,
                        },
                        span,
                    ),
                })
            }
            Rule::source_attr => ItemKind::Source(self.attribute_text(pair, span)),
            Rule::enum_def => ItemKind::Enum(self.enum_def(pair)),
            Rule::input_def => ItemKind::Input(self.input_def(pair)),
            Rule::band_set => ItemKind::BandSet(self.band_set(pair)),
            Rule::envelope_def | Rule::value_def | Rule::result_def => {
                ItemKind::Value(self.value_def(pair))
            }
            Rule::mission => ItemKind::Mission(self.mission(pair)),
            Rule::condition => {
                let mut name = None;
                let mut label = None;
                let mut condition = None;
                for child in pair.into_inner() {
                    match child.as_rule() {
                        Rule::ident => name = Some(self.ident(child)),
                        Rule::string => label = Some(self.text(child)),
                        Rule::expr => condition = Some(self.expr(child)),
                        _ => {}
                    }
                }
                ItemKind::Condition(ConditionDef {
                    name: name.unwrap_or_else(|| Spanned::new(String::new(), span)),
                    label,
                    condition: condition.unwrap_or_else(|| bool_expr(span)),
                })
            }
            Rule::assertion => {
                let mut label = None;
                let mut condition = None;
                for child in pair.into_inner() {
                    match child.as_rule() {
                        Rule::string => label = Some(self.text(child)),
                        Rule::expr => condition = Some(self.expr(child)),
                        _ => {}
                    }
                }
                ItemKind::Assertion(AssertionDef {
                    label,
                    condition: condition.unwrap_or_else(|| bool_expr(span)),
                })
            }
            Rule::example => ItemKind::Example(self.example(pair)),
            _ => ItemKind::Source(Spanned::new(String::new(), span)),
        };
        Item { kind, span }
    }

    fn attribute_text(&mut self, pair: Pair<'_, Rule>, span: Span) -> Text {
        match pair.into_inner().find(|p| p.as_rule() == Rule::string) {
            Some(p) => self.text(p),
            None => Spanned::new(String::new(), span),
        }
    }

    fn attributes_into(&mut self, pair: Pair<'_, Rule>, attributes: &mut Attributes) {
        let span = self.span(&pair);
        match pair.as_rule() {
            Rule::source_attr => {
                let text = self.attribute_text(pair, span);
                attributes.sources.push(text);
            }
            Rule::hypothesis_attr => {
                let text = self.attribute_text(pair, span);
                attributes.hypotheses.push(text);
            }
            _ => {}
        }
    }

    fn duration(&mut self, pair: Pair<'_, Rule>) -> Spanned<Duration> {
        let span = self.span(&pair);
        let mut amount = Decimal::ZERO;
        let mut unit = DurationUnit::Months;
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::number => amount = self.number(child),
                Rule::unit_years => unit = DurationUnit::Years,
                Rule::unit_days => unit = DurationUnit::Days,
                Rule::unit_months => unit = DurationUnit::Months,
                _ => {}
            }
        }
        Spanned::new(Duration { amount, unit }, span)
    }

    fn enum_def(&mut self, pair: Pair<'_, Rule>) -> EnumDef {
        let span = self.span(&pair);
        let mut name = None;
        let mut label = None;
        let mut variants = Vec::new();
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::ident => name = Some(self.ident(child)),
                Rule::string => label = Some(self.text(child)),
                Rule::enum_variant => {
                    let mut inner = child.into_inner();
                    let variant_name = inner.next().map(|p| self.ident(p));
                    let variant_label = inner.next().map(|p| self.text(p));
                    if let Some(variant_name) = variant_name {
                        variants.push(EnumVariant {
                            name: variant_name,
                            label: variant_label,
                        });
                    }
                }
                _ => {}
            }
        }
        EnumDef {
            name: name.unwrap_or_else(|| Spanned::new(String::new(), span)),
            label,
            variants,
        }
    }

    fn input_def(&mut self, pair: Pair<'_, Rule>) -> InputDef {
        let span = self.span(&pair);
        let mut name = None;
        let mut label = None;
        let mut ty = Spanned::new(TypeExpr::Count, span);
        let mut attributes = Attributes::default();
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::ident => name = Some(self.ident(child)),
                Rule::string => label = Some(self.text(child)),
                Rule::type_expr => ty = self.type_expr(child),
                Rule::source_attr | Rule::hypothesis_attr => {
                    self.attributes_into(child, &mut attributes)
                }
                _ => {}
            }
        }
        InputDef {
            name: name.unwrap_or_else(|| Spanned::new(String::new(), span)),
            label,
            ty,
            attributes,
        }
    }

    fn type_expr(&mut self, pair: Pair<'_, Rule>) -> Spanned<TypeExpr> {
        let span = self.span(&pair);
        let Some(inner) = pair.into_inner().next() else {
            return Spanned::new(TypeExpr::Count, span);
        };
        let ty = match inner.as_rule() {
            Rule::set_type => {
                let element = inner.into_inner().find(|p| p.as_rule() == Rule::ident);
                TypeExpr::SetOf(
                    element.map_or(Spanned::new(String::new(), span), |p| self.ident(p)),
                )
            }
            _ => match inner.into_inner().next() {
                Some(word) => match word.as_rule() {
                    Rule::kw_nombre => TypeExpr::Count,
                    Rule::kw_montant => TypeExpr::Money,
                    Rule::kw_taux => TypeExpr::Rate,
                    Rule::kw_decimal => TypeExpr::Decimal,
                    Rule::kw_duree => TypeExpr::Duration,
                    Rule::kw_date => TypeExpr::Date,
                    Rule::kw_booleen => TypeExpr::Boolean,
                    Rule::kw_texte => TypeExpr::Text,
                    _ => TypeExpr::Named(word.as_str().to_string()),
                },
                None => TypeExpr::Count,
            },
        };
        Spanned::new(ty, span)
    }

    fn band_set(&mut self, pair: Pair<'_, Rule>) -> BandSetDef {
        let span = self.span(&pair);
        let mut idents = Vec::new();
        let mut bands = Vec::new();
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::ident => idents.push(self.ident(child)),
                Rule::band => bands.push(self.band(child)),
                _ => {}
            }
        }
        let mut idents = idents.into_iter();
        let empty = Spanned::new(String::new(), span);
        BandSetDef {
            name: idents.next().unwrap_or_else(|| empty.clone()),
            dimension: idents.next().unwrap_or(empty),
            bands,
        }
    }

    fn band(&mut self, pair: Pair<'_, Rule>) -> BandDef {
        let span = self.span(&pair);
        let mut name = None;
        let mut label = None;
        let mut range = Spanned::new(BandRange::From(Decimal::ZERO), span);
        let mut attributes = Attributes::default();
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::ident => name = Some(self.ident(child)),
                Rule::string => label = Some(self.text(child)),
                Rule::band_range => range = self.band_range(child),
                Rule::source_attr | Rule::hypothesis_attr => {
                    self.attributes_into(child, &mut attributes)
                }
                _ => {}
            }
        }
        BandDef {
            name: name.unwrap_or_else(|| Spanned::new(String::new(), span)),
            label,
            range,
            attributes,
        }
    }

    fn band_range(&mut self, pair: Pair<'_, Rule>) -> Spanned<BandRange> {
        let span = self.span(&pair);
        let Some(form) = pair.into_inner().next() else {
            return Spanned::new(BandRange::From(Decimal::ZERO), span);
        };
        let rule = form.as_rule();
        let numbers: Vec<Decimal> = form
            .into_inner()
            .filter(|p| p.as_rule() == Rule::number)
            .map(|p| self.number(p))
            .collect();
        let first = numbers.first().copied().unwrap_or_default();
        let second = numbers.get(1).copied().unwrap_or_default();
        let range = match rule {
            Rule::range_below => BandRange::Below(first),
            Rule::range_up_to => BandRange::UpTo(first),
            Rule::range_from_to_below => BandRange::FromToBelow(first, second),
            Rule::range_from_to => BandRange::FromTo(first, second),
            Rule::range_from => BandRange::From(first),
            _ => BandRange::Above(first),
        };
        Spanned::new(range, span)
    }

    fn value_def(&mut self, pair: Pair<'_, Rule>) -> ValueDef {
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
                Rule::band_table => {
                    let mut parts = child.into_inner();
                    parts.next(); // `par`
                    let band_set = parts
                        .next()
                        .map_or(Spanned::new(String::new(), span), |p| self.ident(p));
                    let table = parts
                        .next()
                        .map_or_else(|| empty_table(span), |p| self.table(p));
                    def.definition = Definition::Table { band_set, table };
                }
                Rule::formula => {
                    if let Some(expr) = child.into_inner().next() {
                        def.definition = Definition::Formula(self.expr(expr));
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

    fn payment_rule(&mut self, pair: Pair<'_, Rule>) -> Option<PaymentRule> {
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

    fn table(&mut self, pair: Pair<'_, Rule>) -> Table {
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

    fn table_entry(&mut self, pair: Pair<'_, Rule>, band: Option<Ident>) -> TableEntry {
        let span = self.span(&pair);
        let value = match pair.into_inner().next() {
            Some(p) if p.as_rule() == Rule::hole => EntryValue::Hole,
            Some(p) => EntryValue::Expr(self.expr(p)),
            None => EntryValue::Hole,
        };
        TableEntry { band, value, span }
    }

    fn mission(&mut self, pair: Pair<'_, Rule>) -> MissionDef {
        let span = self.span(&pair);
        let mut mission = MissionDef {
            name: Spanned::new(String::new(), span),
            label: None,
            kind: Spanned::new(MissionKind::Mandatory, span),
            without_indicator: None,
            start: None,
            effective: None,
            envelopes: Vec::new(),
            indicators: Vec::new(),
            attributes: Attributes::default(),
            duplicate_deadlines: Vec::new(),
        };
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::ident => mission.name = self.ident(child),
                Rule::string => mission.label = Some(self.text(child)),
                Rule::mission_kind => {
                    let kind_span = self.span(&child);
                    let optional = child
                        .into_inner()
                        .next()
                        .is_some_and(|p| p.as_rule() == Rule::kw_optionnelle);
                    let kind = if optional {
                        MissionKind::Optional
                    } else {
                        MissionKind::Mandatory
                    };
                    mission.kind = Spanned::new(kind, kind_span);
                }
                Rule::no_indicator => mission.without_indicator = Some(self.span(&child)),
                Rule::start_deadline | Rule::effective_deadline => {
                    let is_start = child.as_rule() == Rule::start_deadline;
                    let line_span = self.span(&child);
                    let deadline = child
                        .into_inner()
                        .find(|p| p.as_rule() == Rule::deadline)
                        .map(|p| self.deadline(p));
                    let slot = if is_start {
                        &mut mission.start
                    } else {
                        &mut mission.effective
                    };
                    if slot.is_some() {
                        mission.duplicate_deadlines.push(line_span);
                    } else {
                        *slot = deadline;
                    }
                }
                Rule::envelope_def => mission.envelopes.push(self.value_def(child)),
                Rule::indicator => {
                    let indicator_span = self.span(&child);
                    let text = self.attribute_text(child, indicator_span);
                    mission.indicators.push(text);
                }
                Rule::source_attr | Rule::hypothesis_attr => {
                    self.attributes_into(child, &mut mission.attributes)
                }
                _ => {}
            }
        }
        mission
    }

    fn deadline(&mut self, pair: Pair<'_, Rule>) -> Spanned<Deadline> {
        let span = self.span(&pair);
        let Some(form) = pair.into_inner().next() else {
            return Spanned::new(Deadline::Free, span);
        };
        match form.as_rule() {
            Rule::deadline_free => return Spanned::new(Deadline::Free, span),
            Rule::hole => return Spanned::new(Deadline::Unspecified, span),
            _ => {}
        }
        let mut delay = Spanned::new(
            Duration {
                amount: Decimal::ZERO,
                unit: DurationUnit::Months,
            },
            span,
        );
        let mut event = Spanned::new(Event::Signature, span);
        for child in form.into_inner() {
            match child.as_rule() {
                Rule::duration => delay = self.duration(child),
                Rule::event => {
                    let event_span = self.span(&child);
                    let start = child
                        .into_inner()
                        .next()
                        .is_some_and(|p| p.as_rule() == Rule::kw_demarrage);
                    event = Spanned::new(
                        if start {
                            Event::MissionStart
                        } else {
                            Event::Signature
                        },
                        event_span,
                    );
                }
                _ => {}
            }
        }
        Spanned::new(Deadline::After { delay, event }, span)
    }

    fn example(&mut self, pair: Pair<'_, Rule>) -> ExampleDef {
        let span = self.span(&pair);
        let mut label = Spanned::new(String::new(), span);
        let mut inputs = Vec::new();
        let mut outcome = Outcome::Values(Vec::new());
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::string => label = self.text(child),
                Rule::binding => inputs.push(self.binding(child)),
                Rule::outcome => {
                    let mut bindings = Vec::new();
                    for part in child.into_inner() {
                        match part.as_rule() {
                            Rule::not_eligible => outcome = Outcome::NotEligible(self.span(&part)),
                            Rule::binding => bindings.push(self.binding(part)),
                            _ => {}
                        }
                    }
                    if !bindings.is_empty() {
                        outcome = Outcome::Values(bindings);
                    }
                }
                _ => {}
            }
        }
        ExampleDef {
            label,
            inputs,
            outcome,
        }
    }

    fn binding(&mut self, pair: Pair<'_, Rule>) -> Binding {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let name = inner
            .next()
            .map_or(Spanned::new(String::new(), span), |p| self.ident(p));
        let value = inner
            .next()
            .map_or_else(|| bool_expr(span), |p| self.expr(p));
        Binding { name, value, span }
    }

    // ------------------------------------------------------------ expressions

    fn expr(&mut self, pair: Pair<'_, Rule>) -> Expr {
        let span = self.span(&pair);
        let operators = pair
            .clone()
            .into_inner()
            .filter(|p| is_operator(p.as_rule()))
            .count();
        if operators > MAX_OPERATORS {
            self.errors.push(SyntaxError {
                kind: SyntaxErrorKind::TooDeep { limit: MAX_NESTING },
                span,
                suggestion: None,
            });
            return bool_expr(span);
        }
        let (file, base) = (self.file, self.base);
        // The closures of the Pratt parser cannot borrow `self` mutably more than once, so
        // errors found inside are collected in a cell and moved out after.
        let errors = std::cell::RefCell::new(Vec::new());
        let result = expr_parser()
            .map_primary(|primary| {
                let mut nested = Vec::new();
                let expr = Lowerer {
                    file,
                    base,
                    errors: &mut nested,
                }
                .primary(primary);
                errors.borrow_mut().extend(nested);
                expr
            })
            .map_prefix(|op, operand| {
                let span = Span::new(file, base + op.as_span().start(), operand.span.end);
                let unary = if op.as_rule() == Rule::not {
                    UnaryOp::Not
                } else {
                    UnaryOp::Neg
                };
                Expr {
                    kind: ExprKind::Unary(unary, Box::new(operand)),
                    span,
                }
            })
            .map_postfix(|value, op| {
                let op_span = op.as_span();
                let mut nested = Vec::new();
                let mut bounds = op
                    .into_inner()
                    .filter(|p| p.as_rule() == Rule::arith)
                    .map(|p| {
                        Lowerer {
                            file,
                            base,
                            errors: &mut nested,
                        }
                        .arith(p)
                    })
                    .collect::<Vec<_>>()
                    .into_iter();
                errors.borrow_mut().extend(nested);
                let fallback = Span::new(file, base + op_span.start(), base + op_span.end());
                let low = bounds.next().unwrap_or_else(|| bool_expr(fallback));
                let high = bounds.next().unwrap_or_else(|| bool_expr(fallback));
                let span = value.span.to(high.span);
                Expr {
                    kind: ExprKind::Between {
                        value: Box::new(value),
                        low: Box::new(low),
                        high: Box::new(high),
                    },
                    span,
                }
            })
            .map_infix(|left, op, right| binary(left, op.as_rule(), right))
            .parse(pair.into_inner());
        self.errors.extend(errors.into_inner());
        // Each bracket level is checked as it is lowered, so a tree found too deep here is at
        // most one level's operators past the limit, and dropping it is still safe.
        if tree_depth(&result) > MAX_TREE_DEPTH {
            self.errors.push(SyntaxError {
                kind: SyntaxErrorKind::TooDeep { limit: MAX_NESTING },
                span,
                suggestion: None,
            });
            return bool_expr(span);
        }
        result
    }

    fn arith(&mut self, pair: Pair<'_, Rule>) -> Expr {
        let (file, base) = (self.file, self.base);
        let errors = std::cell::RefCell::new(Vec::new());
        let result = expr_parser()
            .map_primary(|primary| {
                let mut nested = Vec::new();
                let expr = Lowerer {
                    file,
                    base,
                    errors: &mut nested,
                }
                .primary(primary);
                errors.borrow_mut().extend(nested);
                expr
            })
            .map_prefix(|op, operand| {
                let span = Span::new(file, base + op.as_span().start(), operand.span.end);
                Expr {
                    kind: ExprKind::Unary(UnaryOp::Neg, Box::new(operand)),
                    span,
                }
            })
            .map_infix(|left, op, right| binary(left, op.as_rule(), right))
            .parse(pair.into_inner());
        self.errors.extend(errors.into_inner());
        result
    }

    fn primary(&mut self, pair: Pair<'_, Rule>) -> Expr {
        let span = self.span(&pair);
        let kind = match pair.as_rule() {
            Rule::paren => match pair.into_inner().next() {
                Some(inner) => ExprKind::Paren(Box::new(self.expr(inner))),
                None => ExprKind::Bool(false),
            },
            Rule::conditional => {
                let mut parts = pair
                    .into_inner()
                    .filter(|p| p.as_rule() == Rule::expr)
                    .map(|p| self.expr(p));
                let condition = parts.next().unwrap_or_else(|| bool_expr(span));
                let then = parts.next().unwrap_or_else(|| bool_expr(span));
                let otherwise = parts.next().unwrap_or_else(|| bool_expr(span));
                ExprKind::If {
                    condition: Box::new(condition),
                    then: Box::new(then),
                    otherwise: Box::new(otherwise),
                }
            }
            Rule::call => {
                let mut inner = pair.into_inner();
                let function_pair = inner.next();
                let function = function_pair.map_or(Spanned::new(Function::Min, span), |p| {
                    let function_span = self.span(&p);
                    let function = match p.into_inner().next().map(|f| f.as_rule()) {
                        Some(Rule::kw_max) => Function::Max,
                        Some(Rule::fn_round_down) => Function::Floor,
                        Some(Rule::fn_round_up) => Function::Ceil,
                        Some(Rule::fn_round_cent) => Function::RoundCent,
                        Some(Rule::fn_round) => Function::Round,
                        _ => Function::Min,
                    };
                    Spanned::new(function, function_span)
                });
                let arguments = inner
                    .filter(|p| p.as_rule() == Rule::expr)
                    .map(|p| self.expr(p))
                    .collect();
                ExprKind::Call(function, arguments)
            }
            Rule::date_lit => match pair.into_inner().next() {
                Some(date) => ExprKind::Date(self.date(date).node),
                None => ExprKind::Bool(false),
            },
            Rule::quantity => {
                let mut inner = pair.into_inner();
                let value = inner.next().map(|p| self.number(p)).unwrap_or_default();
                match inner
                    .next()
                    .and_then(|unit| unit.into_inner().next())
                    .map(|u| u.as_rule())
                {
                    Some(Rule::euro) => ExprKind::Money(value),
                    Some(Rule::pct) => ExprKind::Percent(value),
                    Some(Rule::unit_months) => ExprKind::Duration(Duration {
                        amount: value,
                        unit: DurationUnit::Months,
                    }),
                    Some(Rule::unit_years) => ExprKind::Duration(Duration {
                        amount: value,
                        unit: DurationUnit::Years,
                    }),
                    Some(Rule::unit_days) => ExprKind::Duration(Duration {
                        amount: value,
                        unit: DurationUnit::Days,
                    }),
                    _ => ExprKind::Number(value),
                }
            }
            Rule::string => ExprKind::Text(self.text(pair).node),
            Rule::set_lit => ExprKind::Set(pair.into_inner().map(|p| self.ident(p)).collect()),
            Rule::table_lit => match pair.into_inner().next() {
                Some(positional) => {
                    let span = self.span(&positional);
                    let entries = positional
                        .into_inner()
                        .map(|entry| self.table_entry(entry, None))
                        .collect();
                    ExprKind::Table(Table {
                        entries,
                        named: false,
                        span,
                    })
                }
                None => ExprKind::Table(empty_table(span)),
            },
            Rule::boolean => ExprKind::Bool(
                pair.into_inner()
                    .next()
                    .is_some_and(|p| p.as_rule() == Rule::kw_vrai),
            ),
            Rule::ident => ExprKind::Name(pair.as_str().to_string()),
            _ => ExprKind::Bool(false),
        };
        Expr { kind, span }
    }
}

/// The depth of an expression tree, walked with an explicit stack (the tree may be the one too
/// deep to recurse into).
fn tree_depth(root: &Expr) -> usize {
    let mut deepest = 0;
    let mut pending = vec![(root, 1usize)];
    while let Some((expr, depth)) = pending.pop() {
        deepest = deepest.max(depth);
        let children: Vec<&Expr> = match &expr.kind {
            ExprKind::Unary(_, operand) | ExprKind::Paren(operand) => vec![operand],
            ExprKind::Binary(_, left, right) => vec![left, right],
            ExprKind::Between { value, low, high } => vec![value, low, high],
            ExprKind::If {
                condition,
                then,
                otherwise,
            } => vec![condition, then, otherwise],
            ExprKind::Call(_, arguments) => arguments.iter().collect(),
            ExprKind::Table(table) => table
                .entries
                .iter()
                .filter_map(|entry| match &entry.value {
                    EntryValue::Expr(value) => Some(value),
                    EntryValue::Hole => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        pending.extend(children.into_iter().map(|child| (child, depth + 1)));
    }
    deepest
}

/// The length of `text` up to its last character that is neither whitespace nor in a comment.
fn content_end(text: &str) -> usize {
    let last = text.trim_end();
    if !last.contains('#') {
        return last.len();
    }
    let (mut end, mut in_string, mut in_comment, mut escaped) = (0, false, false, false);
    for (offset, ch) in text.char_indices() {
        if in_comment {
            in_comment = ch != '\n';
            continue;
        }
        if in_string {
            match ch {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' | '\n' => in_string = false,
                _ => {}
            }
            end = offset + ch.len_utf8();
            continue;
        }
        match ch {
            '#' => in_comment = true,
            '"' => {
                in_string = true;
                end = offset + 1;
            }
            c if c.is_whitespace() => {}
            c => end = offset + c.len_utf8(),
        }
    }
    end
}

fn is_operator(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::or
            | Rule::and
            | Rule::eq
            | Rule::ne
            | Rule::lt
            | Rule::le
            | Rule::gt
            | Rule::ge
            | Rule::contains
            | Rule::add
            | Rule::sub
            | Rule::mul
            | Rule::div
            | Rule::between
    )
}

fn binary(left: Expr, rule: Rule, right: Expr) -> Expr {
    let op = match rule {
        Rule::or => BinaryOp::Or,
        Rule::and => BinaryOp::And,
        Rule::eq => BinaryOp::Eq,
        Rule::ne => BinaryOp::Ne,
        Rule::lt => BinaryOp::Lt,
        Rule::le => BinaryOp::Le,
        Rule::gt => BinaryOp::Gt,
        Rule::ge => BinaryOp::Ge,
        Rule::contains => BinaryOp::Contains,
        Rule::add => BinaryOp::Add,
        Rule::sub => BinaryOp::Sub,
        Rule::mul => BinaryOp::Mul,
        _ => BinaryOp::Div,
    };
    let span = left.span.to(right.span);
    Expr {
        kind: ExprKind::Binary(op, Box::new(left), Box::new(right)),
        span,
    }
}

fn bool_expr(span: Span) -> Expr {
    Expr {
        kind: ExprKind::Bool(false),
        span,
    }
}

fn empty_table(span: Span) -> Table {
    Table {
        entries: Vec::new(),
        named: false,
        span,
    }
}
