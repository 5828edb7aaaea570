//! Lowering of band sets (`tranches … selon …`): the declared domain, each band's range with
//! its bounds as written (negative, decimal, in percent).

use super::*;

impl Lowerer<'_> {
    pub(super) fn band_set(&mut self, pair: Pair<'_, Rule>) -> BandSetDef {
        let span = self.span(&pair);
        let mut idents = Vec::new();
        let mut bands = Vec::new();
        let mut domain = None;
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::ident => idents.push(self.ident(child)),
                Rule::band => bands.push(self.band(child)),
                Rule::band_domain => {
                    if let Some(range) = child.into_inner().next() {
                        let (range, unit, bound_hypotheses) = self.band_range(range);
                        domain = Some(BandDomain {
                            range,
                            percent: unit.percent,
                            euro: unit.euro,
                            bound_hypotheses,
                        });
                    }
                }
                _ => {}
            }
        }
        let mut idents = idents.into_iter();
        let empty = Spanned::new(String::new(), span);
        BandSetDef {
            name: idents.next().unwrap_or_else(|| empty.clone()),
            dimension: idents.next().unwrap_or(empty),
            domain,
            bands,
        }
    }

    fn band(&mut self, pair: Pair<'_, Rule>) -> BandDef {
        let span = self.span(&pair);
        let mut name = None;
        let mut label = None;
        let mut range = Spanned::new(BandRange::From(Decimal::ZERO), span);
        let mut unit = BoundUnit::default();
        let mut bound_hypotheses = Vec::new();
        let mut attributes = Attributes::default();
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::ident => name = Some(self.ident(child)),
                Rule::string => label = Some(self.text(child)),
                Rule::band_range => (range, unit, bound_hypotheses) = self.band_range(child),
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
            percent: unit.percent,
            euro: unit.euro,
            bound_hypotheses,
            attributes,
        }
    }

    /// The range, the unit it is written in (any of its bounds with `%`, or with `€`), and
    /// each bound's hypothesis.
    pub(super) fn band_range(
        &mut self,
        pair: Pair<'_, Rule>,
    ) -> (Spanned<BandRange>, BoundUnit, Vec<Option<Text>>) {
        let span = self.span(&pair);
        let Some(form) = pair.into_inner().next() else {
            let range = Spanned::new(BandRange::From(Decimal::ZERO), span);
            return (range, BoundUnit::default(), Vec::new());
        };
        let rule = form.as_rule();
        let mut unit = BoundUnit::default();
        let mut numbers = Vec::new();
        let mut hypotheses = Vec::new();
        for bound in form
            .into_inner()
            .filter(|p| p.as_rule() == Rule::bound_value)
        {
            let mut negative = false;
            let mut value = Decimal::ZERO;
            let mut hypothesis = None;
            for part in bound.into_inner() {
                match part.as_rule() {
                    Rule::neg => negative = true,
                    Rule::number => value = self.number(part),
                    Rule::pct => unit.percent = true,
                    Rule::euro => unit.euro = true,
                    Rule::bound_hypothesis => {
                        hypothesis = part
                            .into_inner()
                            .find(|p| p.as_rule() == Rule::string)
                            .map(|p| self.text(p));
                    }
                    _ => {}
                }
            }
            hypotheses.push(hypothesis);
            // `- 0` is 0: no negative zero, which the formatter writes `0`.
            numbers.push(if negative && !value.is_zero() {
                -value
            } else {
                value
            });
        }
        let first = numbers.first().copied().unwrap_or_default();
        let second = numbers.get(1).copied().unwrap_or_default();
        let range = match rule {
            Rule::range_below => BandRange::Below(first),
            Rule::range_up_to => BandRange::UpTo(first),
            Rule::range_from_to_below => BandRange::FromToBelow(first, second),
            Rule::range_from_to => BandRange::FromTo(first, second),
            Rule::range_above_to => BandRange::AboveTo(first, second),
            Rule::range_above_to_below => BandRange::AboveToBelow(first, second),
            Rule::range_from => BandRange::From(first),
            _ => BandRange::Above(first),
        };
        // No hypothesis anywhere: an empty list, as a range without bounds lowers.
        if hypotheses.iter().all(Option::is_none) {
            hypotheses.clear();
        }
        // A range with a bound in percent is in percent, as a bare bound beside it is: its `€`,
        // if any, is not kept (the canonical spelling has one unit per range).
        unit.euro &= !unit.percent;
        (Spanned::new(range, span), unit, hypotheses)
    }
}

/// The unit a range's bounds are written in.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct BoundUnit {
    pub(super) percent: bool,
    pub(super) euro: bool,
}
