//! The periods of a plan line a contract is eligible to, read by date as `Timeline::at` reads
//! them (`Eligible`), and the same read along a line's years without walking the periods again
//! each year (`Cursor`). Apart from `plan`, which builds the plans, and `payments`, which pays
//! their lines.

#[cfg(test)]
use super::plans::Amount;
use super::plans::PlanPeriod;
use chrono::NaiveDate;
use smallvec::SmallVec;

/// The periods of a plan line for one contract: which it is eligible to (bit `i`: period `i`).
pub(super) struct Eligible<'p> {
    periods: &'p [PlanPeriod],
    pub(super) mask: u32,
}

impl<'p> Eligible<'p> {
    /// The periods not refused to a contract signed on `signature` (at most 32: `plan::periods`
    /// plans no line of more).
    pub(super) fn of(periods: &'p [PlanPeriod], signature: NaiveDate) -> Self {
        let mask = periods.iter().enumerate().fold(0u32, |mask, (i, p)| {
            let refused =
                p.before.is_some_and(|l| signature >= l) || p.after.is_some_and(|l| signature <= l);
            if refused {
                mask
            } else {
                mask | 1 << i
            }
        });
        Eligible { periods, mask }
    }

    /// The periods `mask` of a line without limits on the signature (`PlanLine::every_contract`).
    pub(super) fn every(periods: &'p [PlanPeriod], mask: u32) -> Self {
        Eligible { periods, mask }
    }

    /// The only period eligible, when there is one (nearly every line).
    #[inline]
    pub(super) fn single(&self) -> Option<&'p PlanPeriod> {
        if !self.mask.is_power_of_two() {
            return None;
        }
        self.periods.get(self.mask.trailing_zeros() as usize)
    }

    fn eligible(&self) -> impl DoubleEndedIterator<Item = &'p PlanPeriod> + '_ {
        self.periods
            .iter()
            .enumerate()
            .filter(|(i, _)| self.mask & 1 << i != 0)
            .map(|(_, p)| p)
    }

    /// `Timeline::at`: the latest eligible period in force on `day`. The mask's bits walked from
    /// the highest (a row asks at every year of every line: no iterator over every period).
    pub(super) fn at(&self, day: NaiveDate) -> Option<&'p PlanPeriod> {
        self.at_index(day).map(|(_, period)| period)
    }

    /// `at`, with the period's index.
    fn at_index(&self, day: NaiveDate) -> Option<(usize, &'p PlanPeriod)> {
        let mut mask = self.mask;
        while mask != 0 {
            let i = (31 - mask.leading_zeros()) as usize;
            let period = self.periods.get(i)?;
            if period.from.is_none_or(|f| f <= day) {
                return Some((i, period));
            }
            mask &= !(1 << i);
        }
        None
    }

    /// `Payer::on`: that period's amount, when it can be paid (what the tests read).
    #[cfg(test)]
    pub(super) fn on(&self, day: NaiveDate) -> Option<&'p Amount> {
        self.at(day)?.pay.as_ref()
    }

    /// `Payer::once`: the period in force on `day`, else the first eligible period after it,
    /// paid on its date of effect (the date given is then after `day`).
    pub(super) fn once(&self, day: NaiveDate) -> Option<(&'p PlanPeriod, NaiveDate)> {
        if let Some(period) = self.at(day) {
            return Some((period, day));
        }
        let period = self.eligible().find(|p| p.from.is_some_and(|f| f > day))?;
        Some((period, period.from?))
    }

    /// `Timeline::within`: the changes of value within `[start, end)` for this contract, each
    /// with the day it counts from and its period's index: the period in force on `start`
    /// first (if any), then each eligible one starting inside.
    pub(super) fn within(
        &self,
        start: NaiveDate,
        end: NaiveDate,
    ) -> SmallVec<[(NaiveDate, usize); 4]> {
        let mut pieces = SmallVec::new();
        if let Some((index, _)) = self.at_index(start) {
            pieces.push((start, index));
        }
        let mut day = start;
        while let Some(next) = self
            .eligible()
            .filter_map(|p| p.from)
            .filter(|from| *from > day && *from < end)
            .min()
        {
            day = next;
            if let Some((index, _)) = self.at_index(day) {
                pieces.push((day, index));
            }
        }
        pieces
    }

    /// The period of index `index`.
    pub(super) fn period(&self, index: usize) -> Option<&'p PlanPeriod> {
        self.periods.get(index)
    }

    /// The period `at(day)` gives and the first later day on which it may give another: the
    /// earliest date of effect after `day` of an eligible period of a higher index (`None`:
    /// none, the same period until the end). A period of a lower index never takes over from a
    /// higher one in force, and one of a higher index in force on a later day has its date of
    /// effect after `day` (else it would be in force on `day` already).
    pub(super) fn at_until(&self, day: NaiveDate) -> (Option<&'p PlanPeriod>, Option<NaiveDate>) {
        let found = self.at_index(day);
        let above = match found {
            Some((i, _)) => self.mask & !((2u64 << i) - 1) as u32,
            None => self.mask,
        };
        let next = self
            .periods
            .iter()
            .enumerate()
            .filter(|(i, _)| above & 1 << i != 0)
            .filter_map(|(_, p)| p.from.filter(|f| *f > day))
            .min();
        (found.map(|(_, period)| period), next)
    }
}

/// `Eligible::on` along the increasing days of a line's years: the period found at one day
/// serves every later day before the next date of effect that may change it (most lines have a
/// single period: one look a line instead of one a year).
pub(super) struct Cursor<'e, 'p> {
    timeline: &'e Eligible<'p>,
    /// `(since, until, period)`: `at(day)` is `period` for `since <= day < until`.
    known: Option<(NaiveDate, Option<NaiveDate>, Option<&'p PlanPeriod>)>,
}

impl<'e, 'p> Cursor<'e, 'p> {
    pub(super) fn new(timeline: &'e Eligible<'p>) -> Self {
        // A single eligible period (nearly every line): in force from its date of effect on,
        // for good; no lookup at all.
        let single = timeline
            .mask
            .is_power_of_two()
            .then(|| {
                timeline
                    .periods
                    .get(timeline.mask.trailing_zeros() as usize)
            })
            .flatten();
        let known =
            single.map(|period| (period.from.unwrap_or(NaiveDate::MIN), None, Some(period)));
        Cursor { timeline, known }
    }

    /// `timeline.on(day)`, the same amount on any day (an earlier day than the last asked for
    /// is looked up again).
    #[cfg(test)]
    pub(super) fn on(&mut self, day: NaiveDate) -> Option<&'p Amount> {
        self.span(day).0?.pay.as_ref()
    }

    /// `Eligible::at_until(day)`: the period in force on `day` and the first later day on which
    /// another may be, from what the cursor knows when it covers `day`.
    #[inline(always)]
    pub(super) fn span(&mut self, day: NaiveDate) -> (Option<&'p PlanPeriod>, Option<NaiveDate>) {
        match self.known {
            Some((since, until, period)) if since <= day && until.is_none_or(|u| day < u) => {
                (period, until)
            }
            _ => {
                let (period, until) = self.timeline.at_until(day);
                self.known = Some((day, until, period));
                (period, until)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Cursor, Eligible};
    use crate::evaluate::plans::{Amount, PlanPeriod, Split};
    use chrono::{Days, NaiveDate};
    use rust_decimal::Decimal;

    fn day(n: u64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2020, 1, 1)
            .and_then(|d| d.checked_add_days(Days::new(n)))
            .expect("a date")
    }

    /// Random lines of up to six periods (dates of effect in any order, some none, limits on
    /// the signature, holes) read along increasing days with jumps back: the cursor gives the
    /// amount `Eligible::on` gives on every day.
    #[test]
    fn a_cursor_reads_what_the_timeline_reads() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        let mut changes = 0;
        for _ in 0..3_000 {
            let periods: Vec<PlanPeriod> = (0..=next(6))
                .map(|i| PlanPeriod {
                    from: (next(4) != 0).then(|| day(next(400))),
                    before: (next(5) == 0).then(|| day(next(400))),
                    after: (next(5) == 0).then(|| day(next(400))),
                    prorated: false,
                    split: Split::Fixed,
                    pay: (next(6) != 0).then(|| Amount {
                        amount: Decimal::from(i),
                        cents: i128::from(i),
                        parts: None,
                        variable: None,
                        by_rate: None,
                        memo: None,
                    }),
                })
                .collect();
            let timeline = Eligible::of(&periods, day(next(400)));
            let mut cursor = Cursor::new(&timeline);
            let mut at = next(100);
            for _ in 0..40 {
                at = if next(8) == 0 {
                    at.saturating_sub(next(60))
                } else {
                    at + next(40)
                };
                let expected = timeline.on(day(at)).map(|a| a.cents);
                let previous = cursor.known.map(|(_, _, p)| p.map(|p| p as *const _));
                assert_eq!(cursor.on(day(at)).map(|a| a.cents), expected, "{at}");
                // The span: the same period every day until its end, another on that day.
                let (period, until) = cursor.span(day(at));
                let end = until.map_or(at + 120, |u| (u - day(0)).num_days() as u64);
                let cents = period.and_then(|p| p.pay.as_ref()).map(|a| a.cents);
                for later in at..end.min(at + 120) {
                    assert_eq!(
                        timeline.on(day(later)).map(|a| a.cents),
                        cents,
                        "{at} {later}"
                    );
                }
                if let Some(until) = until {
                    let next = timeline.at(until).map(|p| p as *const _);
                    assert_ne!(next, period.map(|p| p as *const _), "{at} {until}");
                }
                let now = cursor.known.map(|(_, _, p)| p.map(|p| p as *const _));
                changes += usize::from(previous.is_some() && previous != now);
            }
        }
        // The lines do change period along their days: the test reaches the lookups again.
        assert!(changes > 1_000, "{changes}");
    }
}
