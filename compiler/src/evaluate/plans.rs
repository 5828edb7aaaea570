//! The data of the dated payment plans (`evaluate::plan` builds and reads them): per version,
//! one plan per combination of the bands of its chain's versions, each line's periods with their
//! amounts in cents. Apart from `compiled`, which holds the table and the parts of a line's
//! amounts (`Parts`, whose computation stays there), so that neither imports the other.

use super::cents::{ByRate, Factor};
use super::totals::AnnualTerm;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use smallvec::SmallVec;
use std::sync::OnceLock;

/// At most this many plans per version (the product of the bands of the chain's versions):
/// beyond, every row takes `pay_line`.
const MAX_PLANS: usize = 4096;

/// The plans of a version, one per combination of the bands of its chain's versions, built the
/// first time a row needs one and shared by the batch's threads.
#[derive(Debug, Clone, Default)]
pub struct Plans {
    /// The number of band rows of each version of the chain, root first.
    rows: SmallVec<[usize; 4]>,
    table: Box<[OnceLock<Plan>]>,
}

impl Plans {
    /// The empty table for a version whose chain's versions have `rows` band rows each (root
    /// first); none when a stage's values need more than its band.
    pub fn new(rows: SmallVec<[usize; 4]>, every_stage_static: bool) -> Self {
        let count = rows
            .iter()
            .try_fold(1usize, |n, r| n.checked_mul(*r))
            .filter(|n| every_stage_static && *n <= MAX_PLANS)
            .unwrap_or(0);
        Plans {
            rows,
            table: (0..count).map(|_| OnceLock::new()).collect(),
        }
    }

    /// The plan of the band rows `rows` (one per version of the chain, root first; `None`: a
    /// version whose values are computed for the case), built by `build` on first use.
    pub fn get(
        &self,
        rows: impl ExactSizeIterator<Item = Option<usize>>,
        build: impl FnOnce(&[usize]) -> Plan,
    ) -> Option<&Plan> {
        if self.table.is_empty() || rows.len() != self.rows.len() {
            return None;
        }
        let mut key = 0usize;
        let mut given = SmallVec::<[usize; 4]>::new();
        for (row, count) in rows.zip(&self.rows) {
            let row = row.filter(|r| r < count)?;
            key = key * count + row;
            given.push(row);
        }
        let slot = self.table.get(key)?;
        Some(slot.get_or_init(|| build(&given)))
    }
}

/// The plan of one combination of bands: a plan line per line of the version.
#[derive(Debug, Clone)]
pub struct Plan {
    pub lines: Vec<PlanLine>,
    /// Every line is planned: a row pays without the case's `Context` (`plan::numbers_planned`).
    pub complete: bool,
    /// `financement_annee_pleine`'s terms for the version's bands: `None` when the version has
    /// no annual line (no total), `Some(None)` when a term leaves the integers (the row then
    /// takes the general path).
    pub annual: Option<Option<Vec<AnnualTerm>>>,
}

#[derive(Debug, Clone)]
pub struct PlanLine {
    /// `None`: the line is paid by `pay_line` (a case the plan does not hold; see `plan::periods`).
    pub periods: Option<SmallVec<[PlanPeriod; 2]>>,
    /// The periods every contract is eligible to (bit `i`: period `i`) when none has a limit on
    /// the signature (nearly every line): a row then tests no limit (`eligible::Eligible`).
    pub every_contract: Option<u32>,
}

/// A period of a line for the plan's bands: `timeline::Period` without its words.
#[derive(Debug, Clone)]
pub struct PlanPeriod {
    pub from: Option<NaiveDate>,
    /// Refused to a contract signed on or after this day (`applicable aux contrats signés
    /// avant`, `réservé aux contrats signés avant`: the earliest).
    pub before: Option<NaiveDate>,
    /// Refused to a contract signed on or before this day (`réservé … après`: the latest).
    pub after: Option<NaiveDate>,
    /// What it pays, `None` when nothing can be (a hole, a negative envelope: `Payer::usable`).
    pub pay: Option<Amount>,
    /// `au prorata`: a contract year that straddles `from` is paid each value by its days.
    pub prorated: bool,
    /// How the period's own line splits an amount (a year's pieces are split when summed).
    pub split: Split,
}

#[derive(Debug, Clone)]
pub struct Amount {
    pub amount: Decimal,
    /// `in_cents(to_cent(amount))`: a one-off or flat payment.
    pub cents: i128,
    /// A yearly line's parts (`Timeline::of`'s), whole years.
    pub parts: Option<Parts>,
    /// The whole year's variable part (`parts.variable`) unpacked for its products by a rate.
    pub variable: Option<Factor>,
    /// `variable`'s products by the usual rates, in cents (`None`: a product out of 64 bits).
    pub by_rate: Option<Box<ByRate>>,
    /// Where the memo of prorated first years of this amount stands: `(link, index)` in
    /// `Line::parts` (the memo shared with `pay_line`).
    pub memo: Option<(usize, usize)>,
}

/// How a line splits its amounts into fixed and variable parts (`compiled::split`), kept with a
/// period whose line is an earlier version's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Split {
    /// All fixed.
    Fixed,
    /// All variable (`Schedule::VariableOnly`).
    Variable,
    /// A mission's fixed share; the rest variable.
    Share(Decimal),
}

impl Split {
    pub fn apply(self, amount: Decimal) -> (Decimal, Decimal) {
        match self {
            Split::Share(share) => {
                let fixed = amount * share;
                (fixed, amount - fixed)
            }
            Split::Variable => (Decimal::ZERO, amount),
            Split::Fixed => (amount, Decimal::ZERO),
        }
    }
}

/// What a period's amount gives each year it is paid whole (`pay`): computed once with the
/// version for the amounts of its bands (`Line::parts`), else once per case and period, instead
/// of once per year; the same numbers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Parts {
    /// `split(amount, line)`.
    pub fixed: Decimal,
    pub variable: Decimal,
    /// `to_cent(amount)`.
    pub due: Decimal,
    /// `to_cent(fixed)`.
    pub fixed_due: Decimal,
    /// The advance of the paying line: `to_cent(amount × advance)` for a yearly line,
    /// `to_cent(fixed × advance)` for a mission's.
    pub advanced: Decimal,
    /// The balance after the advance: `due − advanced` for a yearly line, `fixed_due −
    /// advanced` for a mission's.
    pub balance: Decimal,
    /// `advanced` and `balance` in cents, what a batch adds to its years.
    pub advanced_cents: i128,
    pub balance_cents: i128,
}
