//! The one place dates are shifted by months, years and days, under the version's declared
//! policy for dates that do not exist (`dates ambiguës : fin de mois | début du mois suivant |
//! erreur`). The rules are those of Catala's dates-calc: years and months are added together and
//! rounded once (adding n years and m months is adding 12n + m months), then days are added.

use chrono::{Datelike, Days, NaiveDate};
use clause_grammar::ast::{DatePolicy, Duration, DurationUnit};

/// A period of whole years, months and days (each may be negative).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Period {
    pub years: i64,
    pub months: i64,
    pub days: i64,
}

impl Period {
    /// A duration as a period; `None` for a fractional amount (half a month has no date).
    pub fn of(duration: &Duration) -> Option<Self> {
        // A whole amount (`5 ans`, scale 0) read from its mantissa, without `Decimal`'s `fract`
        // and conversion (a batch asks for the contract's end at every row without `jusqu_au`).
        let whole = match duration.amount.scale() {
            0 => i64::try_from(duration.amount.mantissa()).ok(),
            _ => None,
        };
        let amount: i64 = match whole {
            Some(amount) => amount,
            None => {
                if !duration.amount.fract().is_zero() {
                    return None;
                }
                duration.amount.try_into().ok()?
            }
        };
        Some(match duration.unit {
            DurationUnit::Years => Period {
                years: amount,
                ..Period::default()
            },
            DurationUnit::Months => Period {
                months: amount,
                ..Period::default()
            },
            DurationUnit::Days => Period {
                days: amount,
                ..Period::default()
            },
        })
    }

    /// The period in French words: `1 an et 2 mois`, `-3 jours`.
    pub fn french(&self) -> String {
        let mut parts = Vec::new();
        if self.years != 0 {
            let unit = if self.years.abs() == 1 { "an" } else { "ans" };
            parts.push(format!("{} {unit}", self.years));
        }
        if self.months != 0 {
            parts.push(format!("{} mois", self.months));
        }
        if self.days != 0 || parts.is_empty() {
            let unit = if self.days.abs() == 1 {
                "jour"
            } else {
                "jours"
            };
            parts.push(format!("{} {unit}", self.days));
        }
        parts.join(" et ")
    }
}

/// Why a date could not be computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// Under `dates ambiguës : erreur`: the date reached has no such day (`day` of `month`/`year`).
    Ambiguous {
        from: NaiveDate,
        period: Period,
        year: i32,
        month: u32,
        day: u32,
    },
    /// Outside years 1 to 9999, or a fractional or too large duration.
    OutOfCalendar,
}

impl DateError {
    /// The French sentence naming the ambiguous date: « 2012-01-31 + 1 mois tombe le 31 février
    /// 2012, qui n'existe pas ».
    pub fn french(&self) -> String {
        match self {
            DateError::Ambiguous {
                from,
                period,
                year,
                month,
                day,
            } => {
                let month_name = crate::value::MONTHS
                    .get(*month as usize - 1)
                    .copied()
                    .unwrap_or("?");
                format!(
                    "date ambiguë : {from} + {} tombe le {day} {month_name} {year}, qui n'existe pas \
                     (la version déclare « dates ambiguës : erreur »)",
                    period.french()
                )
            }
            DateError::OutOfCalendar => "date hors du calendrier (années 1 à 9999)".into(),
        }
    }
}

/// The policy as a document states it: its words, and what they do to 31 January + 1 month.
pub fn policy_statement(policy: DatePolicy) -> String {
    let effect = match policy {
        DatePolicy::EndOfMonth => "31 janvier + 1 mois = dernier jour de février",
        DatePolicy::FirstOfNextMonth => "31 janvier + 1 mois = 1er mars",
        DatePolicy::Refuse => {
            "une date qui n'existe pas, comme 31 janvier + 1 mois, est refusée et nommée"
        }
    };
    format!("{} ({effect})", policy.french())
}

/// `date + period` under `policy`: years and months first, rounded once, then days.
pub fn add_period(
    date: NaiveDate,
    period: Period,
    policy: DatePolicy,
) -> Result<NaiveDate, DateError> {
    let total_months = period
        .years
        .checked_mul(12)
        .and_then(|m| m.checked_add(period.months))
        .ok_or(DateError::OutOfCalendar)?;
    let index = i64::from(date.year())
        .checked_mul(12)
        .and_then(|m| m.checked_add(i64::from(date.month0())))
        .and_then(|m| m.checked_add(total_months))
        .ok_or(DateError::OutOfCalendar)?;
    let year = i32::try_from(index.div_euclid(12)).map_err(|_| DateError::OutOfCalendar)?;
    let month = u32::try_from(index.rem_euclid(12)).map_err(|_| DateError::OutOfCalendar)? + 1;
    if !(1..=9999).contains(&year) {
        return Err(DateError::OutOfCalendar);
    }
    let day = date.day();
    let shifted = match NaiveDate::from_ymd_opt(year, month, day) {
        Some(exact) => exact,
        None => match policy {
            DatePolicy::EndOfMonth => last_day_of(year, month)?,
            DatePolicy::FirstOfNextMonth => last_day_of(year, month)?
                .succ_opt()
                .ok_or(DateError::OutOfCalendar)?,
            DatePolicy::Refuse => {
                return Err(DateError::Ambiguous {
                    from: date,
                    period,
                    year,
                    month,
                    day,
                })
            }
        },
    };
    let days = Days::new(period.days.unsigned_abs());
    let shifted = if period.days >= 0 {
        shifted.checked_add_days(days)
    } else {
        shifted.checked_sub_days(days)
    }
    .ok_or(DateError::OutOfCalendar)?;
    if (1..=9999).contains(&shifted.year()) {
        Ok(shifted)
    } else {
        Err(DateError::OutOfCalendar)
    }
}

/// `date + duration` under `policy`; a fractional duration is out of the calendar.
pub fn add_duration(
    date: NaiveDate,
    duration: &Duration,
    policy: DatePolicy,
) -> Result<NaiveDate, DateError> {
    add_period(
        date,
        Period::of(duration).ok_or(DateError::OutOfCalendar)?,
        policy,
    )
}

/// `date - duration` under `policy`.
pub fn sub_duration(
    date: NaiveDate,
    duration: &Duration,
    policy: DatePolicy,
) -> Result<NaiveDate, DateError> {
    let negated = Duration {
        amount: -duration.amount,
        unit: duration.unit,
    };
    add_duration(date, &negated, policy)
}

/// The `n`th anniversary of a date (0: the date itself).
/// (`add_duration` of `n ans`, without going through a decimal amount.)
pub fn anniversary(date: NaiveDate, n: u32, policy: DatePolicy) -> Result<NaiveDate, DateError> {
    // Any day but the 29th of February exists in every year: the same date under every policy,
    // without the month arithmetic (a batch computes a contract's anniversaries at every row).
    if (date.month(), date.day()) != (2, 29) {
        let year = i32::try_from(n)
            .ok()
            .and_then(|n| date.year().checked_add(n));
        if let Some(shifted) = year
            .filter(|y| (1..=9999).contains(y))
            .and_then(|y| date.with_year(y))
        {
            return Ok(shifted);
        }
    }
    add_period(
        date,
        Period {
            years: i64::from(n),
            ..Period::default()
        },
        policy,
    )
}

fn last_day_of(year: i32, month: u32) -> Result<NaiveDate, DateError> {
    let (next_year, next_month) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(next_year, next_month, 1)
        .and_then(|d| d.pred_opt())
        .ok_or(DateError::OutOfCalendar)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Months;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn months(n: i64) -> Period {
        Period {
            months: n,
            ..Period::default()
        }
    }

    #[test]
    fn each_policy_on_the_issue_examples() {
        // 2019-08-31 + 6 mois: February 2020 has 29 days.
        assert_eq!(
            add_period(date(2019, 8, 31), months(6), DatePolicy::EndOfMonth),
            Ok(date(2020, 2, 29))
        );
        // 2012-01-31 + 1 mois: no 31 February, the first of March.
        assert_eq!(
            add_period(date(2012, 1, 31), months(1), DatePolicy::FirstOfNextMonth),
            Ok(date(2012, 3, 1))
        );
        let refused = add_period(date(2012, 1, 31), months(1), DatePolicy::Refuse);
        assert_eq!(
            refused.map_err(|e| e.french()),
            Err(
                "date ambiguë : 2012-01-31 + 1 mois tombe le 31 février 2012, qui n'existe pas \
                  (la version déclare « dates ambiguës : erreur »)"
                    .to_string()
            )
        );
    }

    #[test]
    fn years_and_months_round_once() {
        // 2011-01-31 + 1 an + 1 mois = 13 months = 2012-02-31: rounded once to 2012-02-29 (or
        // 2012-03-01). Rounding after the year (2012-01-31, exact) then the month would agree
        // here; it is 2012-02-29 + 1 an + 0 mois that shows the single rounding: 2013-02-29
        // does not exist, rounded once.
        let p = Period {
            years: 1,
            months: 1,
            days: 0,
        };
        assert_eq!(
            add_period(date(2011, 1, 31), p, DatePolicy::EndOfMonth),
            Ok(date(2012, 2, 29))
        );
        assert_eq!(
            add_period(date(2011, 1, 31), p, DatePolicy::FirstOfNextMonth),
            Ok(date(2012, 3, 1))
        );
        // 2012-02-29 + 1 an + 11 mois = 2014-01-29, exact: an intermediate rounding of the year
        // (2013-02-28, or 2013-03-01 rounded up) would give 2014-01-28 or 2014-02-01.
        let p = Period {
            years: 1,
            months: 11,
            days: 0,
        };
        for policy in [
            DatePolicy::EndOfMonth,
            DatePolicy::FirstOfNextMonth,
            DatePolicy::Refuse,
        ] {
            assert_eq!(
                add_period(date(2012, 2, 29), p, policy),
                Ok(date(2014, 1, 29))
            );
        }
    }

    #[test]
    fn the_calendar_ends_at_9999_without_panicking() {
        assert_eq!(
            add_period(date(9999, 12, 31), months(1), DatePolicy::EndOfMonth),
            Err(DateError::OutOfCalendar)
        );
        assert_eq!(
            add_period(date(1, 1, 1), months(-1), DatePolicy::EndOfMonth),
            Err(DateError::OutOfCalendar)
        );
        let huge = Period {
            years: i64::MAX,
            ..Period::default()
        };
        assert_eq!(
            add_period(date(2019, 1, 1), huge, DatePolicy::EndOfMonth),
            Err(DateError::OutOfCalendar)
        );
    }

    #[test]
    fn a_duration_is_the_same_period_however_its_amount_is_written() {
        use rust_decimal::Decimal;
        let of = |amount: Decimal, unit| Period::of(&Duration { amount, unit });
        let years = |years| Period {
            years,
            ..Period::default()
        };
        // `5 ans` (scale 0, read from the mantissa), `5,0 ans` and `-2 ans` (read as decimals).
        assert_eq!(of(Decimal::new(5, 0), DurationUnit::Years), Some(years(5)));
        assert_eq!(of(Decimal::new(50, 1), DurationUnit::Years), Some(years(5)));
        assert_eq!(
            of(Decimal::new(-2, 0), DurationUnit::Years),
            Some(years(-2))
        );
        assert_eq!(
            of(Decimal::new(18, 0), DurationUnit::Months),
            Some(months(18))
        );
        // Half a year has no date; nor has an amount beyond `i64`.
        assert_eq!(of(Decimal::new(15, 1), DurationUnit::Years), None);
        assert_eq!(of(Decimal::MAX, DurationUnit::Days), None);
    }

    proptest! {
        /// `fin de mois` is chrono's clamp (chrono's `checked_add_months` as the reference), for
        /// any date and any month count, forwards and backwards.
        #[test]
        fn end_of_month_is_chronos_clamp(
            days_from_epoch in 0i64..3_000_000,
            count in -2_400i64..2_400,
        ) {
            let start = date(1, 1, 1) + chrono::Duration::days(days_from_epoch);
            let magnitude = Months::new(u32::try_from(count.unsigned_abs()).unwrap());
            let reference = if count >= 0 {
                start.checked_add_months(magnitude)
            } else {
                start.checked_sub_months(magnitude)
            }
            .filter(|d| (1..=9999).contains(&d.year()));
            let ours = add_period(start, months(count), DatePolicy::EndOfMonth).ok();
            prop_assert_eq!(ours, reference);
        }

        /// The three policies agree whenever the day exists; when it does not, `début du mois
        /// suivant` is the day after `fin de mois` and `erreur` refuses.
        #[test]
        fn the_policies_differ_only_on_a_missing_day(
            days_from_epoch in 0i64..3_000_000,
            count in -2_400i64..2_400,
        ) {
            let start = date(1, 1, 1) + chrono::Duration::days(days_from_epoch);
            let down = add_period(start, months(count), DatePolicy::EndOfMonth);
            let up = add_period(start, months(count), DatePolicy::FirstOfNextMonth);
            let refuse = add_period(start, months(count), DatePolicy::Refuse);
            match (&down, &refuse) {
                (Ok(d), Ok(r)) => { prop_assert_eq!(d, r); prop_assert_eq!(&up, &Ok(*d)); }
                (Ok(d), Err(DateError::Ambiguous { .. })) => {
                    prop_assert!(d.day() < start.day());
                    prop_assert_eq!(up.ok(), d.succ_opt());
                }
                _ => prop_assert!(down.is_err()),
            }
        }
    }
}
