//! Where the payment engine (`payments`) hands each payment: the cents of a batch row's
//! contract years (`Years`), or the worded lines of an evaluation (`worded::Worded`). One
//! engine computes the numbers; a sink that words them is given the closures that say why, and
//! a batch's sink drops them unread (they are never called, so never cost a row anything).

use super::plans::PlanPeriod;
use super::result::Nature;
use super::timeline::Period;
use chrono::NaiveDate;

/// What the engine tells its output.
pub(super) trait Sink {
    /// The output words its payments: the engine then pays year by year, each part of a year
    /// apart (advance, balance, variable part), and says why nothing is paid. A constant, so
    /// that a batch's code keeps no test of it.
    const WORDS: bool;

    /// A payment of `cents` on `date`, in contract year `year` (0: before the first year), of
    /// `period`'s amount: nothing after the contract's `until`, nothing of zero. `why` says how
    /// it is computed, from the period in words (`timeline::Period`) and the line's periods in
    /// words, index for index with the engine's (a year's pieces name theirs).
    fn pay(
        &mut self,
        when: (NaiveDate, u32),
        cents: i128,
        nature: Nature,
        period: &PlanPeriod,
        why: impl FnOnce(&Period<'_>, &[Period<'_>]) -> Vec<String>,
    );

    /// A note of the evaluation (kept once).
    fn note(&mut self, note: impl FnOnce() -> String);

    /// A note about `period` (its version, its date of effect).
    fn note_on(&mut self, period: &PlanPeriod, note: impl FnOnce(&Period<'_>) -> String);

    /// `period` is in force but pays nothing: a hole of its version, or an amount negative for
    /// this case (`Payer::usable`'s notes).
    fn unusable(&mut self, period: &PlanPeriod);

    /// The contract is refused every period of the line (`Timeline::refusal`).
    fn refused(&mut self);

    /// The contract's last day: nothing after it is paid.
    fn until(&self) -> NaiveDate;

    /// The batch's years, when the output is only their cents: the engine's counted paths
    /// (`mission_years`) add to them directly.
    fn years(&mut self) -> Option<Years<'_>>;
}

/// The cents of a row's years (as `Payer::add_cents`: nothing after `until`, nothing of zero).
pub(super) struct Years<'a> {
    pub(super) years: &'a mut [i128],
    pub(super) until: NaiveDate,
}

impl Years<'_> {
    /// Adding zero changes nothing: not tested (some ninety adds a row).
    #[inline]
    pub(super) fn add(&mut self, date: NaiveDate, year: u32, cents: i128) {
        if date > self.until {
            return;
        }
        if let Some(total) = self.years.get_mut(year as usize) {
            *total += cents;
        }
    }
}

impl Sink for Years<'_> {
    const WORDS: bool = false;

    #[inline(always)]
    fn pay(
        &mut self,
        (date, year): (NaiveDate, u32),
        cents: i128,
        _: Nature,
        _: &PlanPeriod,
        _: impl FnOnce(&Period<'_>, &[Period<'_>]) -> Vec<String>,
    ) {
        self.add(date, year, cents);
    }

    #[inline(always)]
    fn note(&mut self, _: impl FnOnce() -> String) {}

    #[inline(always)]
    fn note_on(&mut self, _: &PlanPeriod, _: impl FnOnce(&Period<'_>) -> String) {}

    #[inline(always)]
    fn unusable(&mut self, _: &PlanPeriod) {}

    #[inline(always)]
    fn refused(&mut self) {}

    #[inline(always)]
    fn until(&self) -> NaiveDate {
        self.until
    }

    #[inline(always)]
    fn years(&mut self) -> Option<Years<'_>> {
        Some(Years {
            years: &mut *self.years,
            until: self.until,
        })
    }
}
