//! Exact real intervals with open or closed ends: a band's values, a band set's domain, the
//! regions of the band analysis (`check/band_sweep.rs`).

use crate::value::french_number;
use clause_grammar::ast::BandRange;
use rust_decimal::Decimal;

/// One end of an interval: its value and whether the value itself belongs to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bound {
    pub value: Decimal,
    pub closed: bool,
}

impl Bound {
    pub fn closed(value: Decimal) -> Self {
        Bound {
            value,
            closed: true,
        }
    }
    pub fn open(value: Decimal) -> Self {
        Bound {
            value,
            closed: false,
        }
    }
}

/// A real interval; `high: None` goes on forever.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub low: Bound,
    pub high: Option<Bound>,
}

impl Interval {
    /// `[0, ∞)`: the domain of a band set that declares none.
    pub const NATURAL: Interval = Interval {
        low: Bound {
            value: Decimal::ZERO,
            closed: true,
        },
        high: None,
    };

    /// A band of whole numbers `[low, high]` as the real interval `[low, high + 1)`: every region
    /// of the sweep then starts and stops at whole numbers, and `[a, b)` holds `a ..= b - 1`.
    pub fn whole(low: Decimal, high: Option<Decimal>) -> Self {
        Interval {
            low: Bound::closed(low),
            high: high.map(|h| Bound::open(h + Decimal::ONE)),
        }
    }

    pub fn contains(&self, x: Decimal) -> bool {
        let above = x > self.low.value || (self.low.closed && x == self.low.value);
        let below = self
            .high
            .is_none_or(|h| x < h.value || (h.closed && x == h.value));
        above && below
    }

    /// Whether the interval holds every value strictly between `a` and `b` (`a < b`).
    pub fn covers_open(&self, a: Decimal, b: Option<Decimal>) -> bool {
        self.low.value <= a
            && match (self.high, b) {
                (None, _) => true,
                (Some(_), None) => false,
                (Some(h), Some(b)) => h.value >= b,
            }
    }

    /// Whether `self` holds every value of `other`.
    pub fn includes(&self, other: &Interval) -> bool {
        let low_ok = self.low.value < other.low.value
            || (self.low.value == other.low.value && (self.low.closed || !other.low.closed));
        let high_ok = match (self.high, other.high) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(h), Some(o)) => {
                h.value > o.value || (h.value == o.value && (h.closed || !o.closed))
            }
        };
        low_ok && high_ok
    }

    /// Whether the interval holds no value.
    pub fn is_empty(&self) -> bool {
        self.high.is_some_and(|h| {
            h.value < self.low.value
                || (h.value == self.low.value && !(h.closed && self.low.closed))
        })
    }
}

impl Interval {
    /// The interval as a band range would write it (`de plus de 50 % à 80 %`), its values times
    /// 100 when `percent`.
    pub fn as_range(&self, percent: bool) -> BandRange {
        let v = |b: Bound| {
            if percent {
                b.value * Decimal::ONE_HUNDRED
            } else {
                b.value
            }
        };
        let (low, closed) = (v(self.low), self.low.closed);
        match self.high {
            None if closed => BandRange::From(low),
            None => BandRange::Above(low),
            Some(h) => match (closed, h.closed) {
                (true, true) => BandRange::FromTo(low, v(h)),
                (true, false) => BandRange::FromToBelow(low, v(h)),
                (false, true) => BandRange::AboveTo(low, v(h)),
                (false, false) => BandRange::AboveToBelow(low, v(h)),
            },
        }
    }

    /// The interval in words, as a band range writes it; a single value alone (`50 %`).
    pub fn words(&self, percent: bool) -> String {
        match self.high {
            Some(h) if h.value == self.low.value => {
                let v = if percent {
                    h.value * Decimal::ONE_HUNDRED
                } else {
                    h.value
                };
                let n = french_number(v, " ");
                if percent {
                    format!("{n} %")
                } else {
                    n
                }
            }
            _ => crate::format::literals::band_range(&self.as_range(percent), percent, &[]),
        }
    }
}
