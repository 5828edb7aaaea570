//! Lowering of missions (their deadlines and envelopes) and of examples (`exemple … : entrées ⇒ résultats`).

use super::*;

impl Lowerer<'_> {
    pub(super) fn mission(&mut self, pair: Pair<'_, Rule>) -> MissionDef {
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

    pub(super) fn deadline(&mut self, pair: Pair<'_, Rule>) -> Spanned<Deadline> {
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

    pub(super) fn example(&mut self, pair: Pair<'_, Rule>) -> ExampleDef {
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

    pub(super) fn binding(&mut self, pair: Pair<'_, Rule>) -> Binding {
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
}
