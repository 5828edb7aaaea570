//! Turns pest's pairs into the owned syntax tree (spans converted once, here).

use crate::ast::*;
use crate::limits::MAX_NUMBER_DIGITS;
use crate::rules::GrammarRule as Rule;
use crate::span::{FileId, Span, Spanned};
use crate::syntax_error::{SyntaxError, SyntaxErrorKind};
use chrono::NaiveDate;
use pest::iterators::Pair;
use rust_decimal::Decimal;
use std::str::FromStr;

mod bands;
mod citations;
mod criteria;
mod expressions;
mod missions;
mod values;

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
                kind: ItemKind::Source(SourceRef::empty(span)),
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
            Rule::op_replace_amount => self.replace_amount(inner, span),
            _ => {
                let target = inner.next().map(|p| self.item(p));
                let target = Box::new(target.unwrap_or(Item {
                    kind: ItemKind::Source(SourceRef::empty(span)),
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
            Rule::source_attr => ItemKind::Source(self.source_ref(pair, span)),
            Rule::reference_def => ItemKind::Reference(self.reference_def(pair, span)),
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
            _ => ItemKind::Source(SourceRef::empty(span)),
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
                let source = self.source_ref(pair, span);
                attributes.sources.push(source);
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

    // ------------------------------------------------------------ expressions
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
