//! The payment engine: the dated payments of one line of a case, from the line's periods
//! (`PlanPeriod`: a band's plan compiled once for a batch, or the case's own periods read from
//! its `Timeline`), each handed to a `Sink`. The same code pays a batch row's years
//! (`sink::Years`), `--case` and `--explain` (`worded::Worded`): the words are closures the
//! engine gives with each number, called only by an output that words it. A batch takes the
//! counted paths of `mission_years` where a line's years allow (each tested against the
//! year-by-year loop here that it replaces).

use super::case::{Case, Contract};
use super::cents::{cent_product, cent_product_in_cents, in_cents, to_cent, Factor};
use super::common::{mission_case, shown_money as money, Calendar};
use super::compiled::{Line, Parts, Schedule};
use super::eligible::{Cursor, Eligible};
use super::mission_years::{annual_years, following_years, mission_year, WholeYears};
use super::plans::{Amount, PlanPeriod};
use super::result::Nature;
use super::sink::Sink;
use super::timeline::Period;
use crate::ir::Version;
use crate::value::{french_date, french_number};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use smallvec::SmallVec;

/// Which periods of a line a contract is eligible to.
#[derive(Debug, Clone, Copy)]
pub(super) enum Mask {
    /// These (bit `i`: period `i`), whatever the signature: a plan line without limits on the
    /// signature, or a case's own periods (its refusals known).
    Known(u32),
    /// Those whose limits on the signature (`PlanPeriod::before`, `after`) admit the contract's.
    BySignature,
}

/// A line of the version `version` and its periods for this case.
pub(super) struct LinePeriods<'p> {
    pub(super) version: &'p Version,
    pub(super) line: &'p Line,
    pub(super) periods: &'p [PlanPeriod],
    pub(super) mask: Mask,
    /// A value of the line takes effect `au prorata` (a case's own periods only: a band's plan
    /// holds no such line paid by year): a year it starts in is paid each value by its days.
    pub(super) pieces: bool,
}

impl<'p> LinePeriods<'p> {
    /// A line's own periods for one case (`plan::periods_of_case`: the eligible ones known), a
    /// year paid by its pieces when one of them takes effect `au prorata`.
    pub(super) fn of_case(
        version: &'p Version,
        line: &'p Line,
        periods: &'p [PlanPeriod],
        mask: u32,
    ) -> Self {
        LinePeriods {
            version,
            line,
            periods,
            mask: Mask::Known(mask),
            pieces: periods.iter().any(|p| p.prorated),
        }
    }
}

/// The amount of `period`, when it pays one; else the sink hears why not.
#[inline(always)]
fn usable<'p, S: Sink>(
    period: Option<&'p PlanPeriod>,
    out: &mut S,
) -> Option<(&'p PlanPeriod, &'p Amount)> {
    let period = period?;
    match &period.pay {
        Some(amount) => Some((period, amount)),
        None => {
            out.unusable(period);
            None
        }
    }
}

/// A one-off payment whose event falls on `day` (`Payer::once`): the period in force that day,
/// else the first one after it, paid on its date of effect (noted).
fn once<'p, S: Sink>(
    timeline: &Eligible<'p>,
    day: NaiveDate,
    name: impl FnOnce() -> String,
    out: &mut S,
) -> Option<(&'p PlanPeriod, &'p Amount, NaiveDate)> {
    let (period, date) = timeline.once(day)?;
    if date != day {
        out.note_on(period, |p| {
            format!(
                "`{}` : l'événement du {} précède la date d'effet de `{}` : versé le {}",
                name(),
                french_date(day),
                p.version,
                french_date(date)
            )
        });
    }
    let (period, amount) = usable(Some(period), out)?;
    Some((period, amount, date))
}

/// A year's amount (`Payer::year`): the period in force on its first day, or, when a value
/// taking effect within the year says `au prorata`, each value by its days.
enum Year<'p> {
    Whole(&'p PlanPeriod, &'p Amount),
    /// The last piece's period and the year's amount.
    Pieces(&'p PlanPeriod, Box<Prorated>),
}

/// A year paid each value by its days.
struct Prorated {
    /// The sum, unrounded, and its parts (`Parts::split` by the last period's line).
    amount: Amount,
    /// Each piece: its first day, the day after its last, its period's index, its value.
    pieces: SmallVec<[(NaiveDate, NaiveDate, usize, Decimal); 4]>,
    /// The year's days.
    total: i64,
}

impl Year<'_> {
    /// The period whose words a payment of the year carries, and the year's amount.
    fn paid(&self) -> (&PlanPeriod, &Amount) {
        match self {
            Year::Whole(period, amount) => (period, amount),
            Year::Pieces(period, prorated) => (period, &prorated.amount),
        }
    }

    /// Each piece in words (`periods`: the line's, index for index with the engine's); none for
    /// a whole year.
    fn pieces_in_words(&self, periods: &[Period<'_>]) -> Vec<String> {
        let Year::Pieces(_, prorated) = self else {
            return Vec::new();
        };
        let total = prorated.total;
        let version = |index: usize| periods.get(index).map_or("", |p| p.version);
        let piece = |(from, until, index, value): &(NaiveDate, NaiveDate, usize, Decimal)| {
            let days = (*until - *from).num_days();
            let (from, until) = (french_date(*from), french_date(*until));
            let version = version(*index);
            format!(
                "{} × {days}/{total} jours (du {from} au {until}, `{version}`)",
                money(*value)
            )
        };
        prorated.pieces.iter().map(piece).collect()
    }
}

/// The amount of the year `[start, end)` of a line (`pieces`: a value of it takes effect `au
/// prorata`), when one is paid; the sink hears why not.
#[inline(always)]
fn year_amount<'p, S: Sink>(
    timeline: &Eligible<'p>,
    cursor: &mut Cursor<'_, 'p>,
    (pieces, line): (bool, &Line),
    (start, end): (NaiveDate, NaiveDate),
    out: &mut S,
) -> Option<Year<'p>> {
    if pieces {
        if let Some(year) = prorated_year(timeline, line, (start, end), out) {
            return year;
        }
    }
    let (period, amount) = usable(cursor.span(start).0, out)?;
    Some(Year::Whole(period, amount))
}

/// The year `[start, end)` paid each value by its days, when a value `au prorata` takes effect
/// within it (`None`: none does, the year is whole); `Some(None)` when a piece pays nothing.
fn prorated_year<'p, S: Sink>(
    timeline: &Eligible<'p>,
    line: &Line,
    (start, end): (NaiveDate, NaiveDate),
    out: &mut S,
) -> Option<Option<Year<'p>>> {
    let within = timeline.within(start, end);
    let changes = within.iter().skip(1);
    if !changes
        .filter_map(|(_, i)| timeline.period(*i))
        .any(|p| p.prorated)
    {
        return None;
    }
    let total = (end - start).num_days().max(1);
    let mut amount = Decimal::ZERO;
    let mut pieces = SmallVec::new();
    for (index, (from, at)) in within.iter().enumerate() {
        let until = within.get(index + 1).map_or(end, |(next, _)| *next);
        let days = (until - *from).num_days();
        let Some((_, value)) = usable(timeline.period(*at), out) else {
            return Some(None);
        };
        amount += value.amount * Decimal::from(days) / Decimal::from(total);
        pieces.push((*from, until, *at, value.amount));
    }
    let last = timeline.period(within.last()?.1)?;
    let yearly = matches!(
        line.schedule,
        Schedule::Annual { .. } | Schedule::Mission { .. }
    );
    let parts = yearly.then(|| Parts::split(amount, last.split, line));
    let amount = Amount {
        amount,
        cents: in_cents(to_cent(amount)),
        parts,
        variable: parts.and_then(|p| Factor::of(p.variable)),
        by_rate: None,
        memo: None,
    };
    let prorated = Prorated {
        amount,
        pieces,
        total,
    };
    Some(Some(Year::Pieces(last, Box::new(prorated))))
}

/// A year's flat amount (`Schedule::FollowingYears`, `Schedule::EachYear`), paid on `date`.
fn pay_flat_year<S: Sink>((date, year): (NaiveDate, u32), paid: &Year<'_>, out: &mut S) {
    let (period, amount) = paid.paid();
    out.pay(
        (date, year),
        amount.cents,
        Nature::Forfait,
        period,
        |_, _| vec![format!("année {year} : {}", money(amount.amount))],
    );
}

/// Pays the line `line` of a contract into `out`.
#[inline(always)]
pub(super) fn pay_planned<S: Sink>(
    (case, contract, calendar): (&Case, &Contract, &Calendar),
    line: LinePeriods<'_>,
    out: &mut S,
) {
    let LinePeriods {
        version,
        line,
        periods,
        mask,
        pieces,
    } = line;
    let mission = mission_case(case, line.mission);
    if !mission.engaged || matches!(line.schedule, Schedule::None) {
        return;
    }
    let timeline = match mask {
        Mask::Known(mask) => Eligible::every(periods, mask),
        Mask::BySignature => Eligible::of(periods, contract.signature),
    };
    // Refused every period (`Timeline::refusal`): nothing paid.
    if timeline.mask == 0 {
        out.refused();
        return;
    }
    let name = || version.values[line.value].name.clone();
    let years = calendar.years;
    match &line.schedule {
        Schedule::Annual { advance, balance } => {
            if let Some(mut cents) = out.years().filter(|_| !pieces) {
                if annual_years(calendar, contract, &timeline, *balance, &mut cents) {
                    return;
                }
            }
            let mut cursor = Cursor::new(&timeline);
            for year in 1..=years {
                let Some((start, end)) = calendar.bounds(contract, year) else {
                    break;
                };
                let by_days = (pieces, line);
                let Some(paid) = year_amount(&timeline, &mut cursor, by_days, (start, end), out)
                else {
                    continue;
                };
                let (period, amount) = paid.paid();
                let Some(parts) = amount.parts.as_ref() else {
                    continue;
                };
                out.pay(
                    (start, year),
                    parts.advanced_cents,
                    Nature::Avance,
                    period,
                    |_, periods| {
                        let mut why = paid.pieces_in_words(periods);
                        let (amount, advance) =
                            (money(amount.amount), super::common::percent(*advance));
                        why.push(format!(
                            "année {year} : {amount} × {advance} = {}",
                            money(parts.advanced)
                        ));
                        why
                    },
                );
                if *balance {
                    out.pay(
                        (end, year),
                        parts.balance_cents,
                        Nature::Solde,
                        period,
                        |_, _| {
                            let (due, paid) = (money(parts.due), money(parts.advanced));
                            vec![format!(
                                "solde de l'année {year} : {due} − {paid} = {}",
                                money(parts.balance)
                            )]
                        },
                    );
                }
            }
        }
        Schedule::Mission {
            prorated,
            balance,
            variable,
            ..
        } => {
            let Some(start) = mission.start else {
                if let Some(m) = line.mission {
                    out.note(|| {
                        let mission = &version.missions[m].name;
                        format!("mission `{mission}` non démarrée au {} : aucun versement pour ses enveloppes", contract.until)
                    });
                }
                return;
            };
            let first_year = calendar.year_of(contract, start);
            if first_year > years {
                out.note(|| format!("`{}` : la mission démarre après la fin du contrat", name()));
                return;
            }
            // The first year, from the mission's start; without its bounds, no year is paid.
            let Some((year_start, year_end)) = calendar.bounds(contract, first_year) else {
                return;
            };
            let mut cursor = Cursor::new(&timeline);
            let by_days = (pieces, line);
            let first = year_amount(&timeline, &mut cursor, by_days, (start, year_end), out);
            if let Some(paid) = first.as_ref().map(Year::paid) {
                let prorated = *prorated && start > year_start;
                let bounds = (start, year_start, year_end);
                mission_year(
                    version,
                    line,
                    &mission,
                    (paid, prorated),
                    bounds,
                    first_year,
                    out,
                );
            }
            match out.years().filter(|_| !pieces) {
                Some(mut cents) => {
                    let paid = WholeYears {
                        calendar,
                        contract,
                        mission: &mission,
                        change: None,
                    };
                    following_mission_years(
                        paid,
                        first_year,
                        (&mut cursor, *balance, *variable),
                        &mut cents,
                    );
                }
                // Each following year whole, from its first day.
                None => {
                    for year in (first_year + 1)..=years {
                        let Some((year_start, year_end)) = calendar.bounds(contract, year) else {
                            break;
                        };
                        let bounds = (year_start, year_end);
                        let Some(paid) = year_amount(&timeline, &mut cursor, by_days, bounds, out)
                        else {
                            continue;
                        };
                        let bounds = (year_start, year_start, year_end);
                        let paid = (paid.paid(), false);
                        mission_year(version, line, &mission, paid, bounds, year, out);
                    }
                }
            }
        }
        Schedule::AtSignature => {
            if let Some((period, amount, date)) = once(&timeline, contract.signature, name, out) {
                let year = calendar.year_of(contract, date);
                out.pay(
                    (date, year),
                    amount.cents,
                    Nature::Ponctuel,
                    period,
                    |_, _| {
                        vec![format!(
                            "{} à la signature, le {}",
                            money(amount.amount),
                            french_date(date)
                        )]
                    },
                );
            }
        }
        Schedule::FirstYear => {
            let date = if line.mission.is_some() {
                mission.start
            } else {
                Some(contract.signature)
            };
            let Some(date) = date else {
                out.note(|| {
                    format!(
                        "`{}` : la mission n'a pas démarré, rien n'est versé",
                        name()
                    )
                });
                return;
            };
            if let Some((period, amount, date)) = once(&timeline, date, name, out) {
                let year = calendar.year_of(contract, date);
                out.pay(
                    (date, year),
                    amount.cents,
                    Nature::Forfait,
                    period,
                    |_, _| {
                        vec![format!(
                            "{} la première année, le {}",
                            money(amount.amount),
                            french_date(date)
                        )]
                    },
                );
            }
        }
        Schedule::FollowingYears => {
            let Some(start) = (if line.mission.is_some() {
                mission.start
            } else {
                Some(contract.signature)
            }) else {
                return;
            };
            let first_year = calendar.year_of(contract, start);
            if let Some(mut cents) = out.years().filter(|_| !pieces) {
                if following_years(calendar, &timeline, first_year, &mut cents) {
                    return;
                }
            }
            let mut cursor = Cursor::new(&timeline);
            for year in (first_year + 1)..=years {
                let Some(bounds) = calendar.bounds(contract, year) else {
                    continue;
                };
                let date = bounds.0;
                let paid = year_amount(&timeline, &mut cursor, (pieces, line), bounds, out);
                if let Some(paid) = paid.as_ref() {
                    pay_flat_year((date, year), paid, out);
                }
            }
        }
        Schedule::EachCrisis => {
            for crisis in &contract.crises {
                let year = calendar.year_of(contract, *crisis);
                if let Some((period, amount)) = usable(timeline.at(*crisis), out) {
                    out.pay(
                        (*crisis, year),
                        amount.cents,
                        Nature::Ponctuel,
                        period,
                        |_, _| {
                            let (date, amount) = (french_date(*crisis), money(amount.amount));
                            vec![format!("crise déclarée le {date} : {amount}")]
                        },
                    );
                }
            }
        }
        Schedule::LetterOfIntent => {
            let Some(date) = contract.letter_of_intent else {
                out.note(|| format!("`{}` : date de validation de la lettre d'intention non donnée (`contrat.lettre_intention`), rien n'est versé", name()));
                return;
            };
            if let Some((period, amount, paid_on)) = once(&timeline, date, name, out) {
                // Validated before the signature's year: year 0, unless paid later.
                let year = if paid_on == date {
                    0
                } else {
                    calendar.year_of(contract, paid_on)
                };
                out.pay(
                    (paid_on, year),
                    amount.cents,
                    Nature::Ponctuel,
                    period,
                    |_, _| {
                        let (date, amount) = (french_date(date), money(amount.amount));
                        vec![format!("lettre d'intention validée le {date} : {amount}")]
                    },
                );
            }
        }
        Schedule::EachYear | Schedule::VariableOnly => {
            let variable = matches!(line.schedule, Schedule::VariableOnly);
            let mut cursor = Cursor::new(&timeline);
            for year in 1..=years {
                let Some(bounds) = calendar.bounds(contract, year) else {
                    continue;
                };
                let date = bounds.1;
                let Some(paid) = year_amount(&timeline, &mut cursor, (pieces, line), bounds, out)
                else {
                    continue;
                };
                if !variable {
                    pay_flat_year((date, year), &paid, out);
                    continue;
                }
                let (period, amount) = paid.paid();
                let rate = mission.achievement_of(year).0;
                let cents = cent_product_in_cents(amount.amount, rate)
                    .unwrap_or_else(|| in_cents(cent_product(amount.amount, rate)));
                out.pay((date, year), cents, Nature::Variable, period, |_, _| {
                    let (amount, rate) = (money(amount.amount), french_number(rate, " "));
                    vec![format!("année {year} : {amount} × atteinte {rate}")]
                });
            }
        }
        Schedule::None => {}
    }
}

/// A mission line's years after its first, whole, for a batch: the period in force found once
/// for all the years it covers, which `WholeYears::pay` pays from the calendar's counts.
#[inline(always)]
fn following_mission_years(
    mut paid: WholeYears<'_>,
    first_year: u32,
    (cursor, balance, variable): (&mut Cursor<'_, '_>, bool, bool),
    out: &mut super::sink::Years<'_>,
) {
    let calendar = paid.calendar;
    let mut year = first_year + 1;
    while year <= calendar.years {
        let Some((year_start, _)) = calendar.bounds(paid.contract, year) else {
            break;
        };
        let (period, change) = cursor.span(year_start);
        // Borrowed: `Parts` is 128 bytes.
        let Some((amount, parts)) = period
            .and_then(|p| p.pay.as_ref())
            .and_then(|a| Some((a, a.parts.as_ref()?)))
        else {
            year += 1;
            continue;
        };
        paid.change = change;
        match paid.pay(year, (amount, parts), (balance, variable), out) {
            Some(next) => year = next,
            None => break,
        }
    }
}
