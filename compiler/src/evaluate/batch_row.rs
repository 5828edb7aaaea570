//! A batch row read into a case in place: a worker's `Case` is emptied and filled again for each
//! row (no allocation once warm), its cells read from their bytes by the column plan — dates
//! written `AAAA-MM-JJ`, rates of plain digits, `true`/`false` — and any other spelling read as
//! a case file reads it, with the same words when it is refused.

use super::batch::{BatchPlan, Column, Fields, RowScratch};
use super::case::{check_rate, parse_date, parse_decimal, Case, CaseError, Contract};
use super::cells::{
    csv_input, list_items, list_items_of_ascii, missing, number_refused, parse_bool, plain_count,
    plain_rate, rate_of_bytes, trimmed,
};
use crate::types::Type;
use crate::value::Value;
use chrono::NaiveDate;
use clause_grammar::ast::{DatePolicy, MissionKind};
use rust_decimal::Decimal;

impl BatchPlan<'_, '_> {
    /// The full case a row describes (what `row` evaluates; the costing evaluates it in full).
    pub fn case_of(&self, fields: &[&str]) -> Result<Case, Vec<CaseError>> {
        let mut scratch = RowScratch::default();
        self.fill_case(fields, &mut scratch)?;
        // `fill_case` always leaves a case.
        Ok(scratch
            .case
            .unwrap_or_else(|| Case::with_inputs(self.compiled.version, Vec::new())))
    }

    /// Fills the scratch's case from a row whose fields are UTF-8 (`Fields::utf8_error`).
    /// Errors come in the order of the columns, then the contract's, as a case file's.
    pub(super) fn fill_case<F: Fields + ?Sized>(
        &self,
        fields: &F,
        scratch: &mut RowScratch,
    ) -> Result<(), Vec<CaseError>> {
        let version = self.compiled.version;
        let RowScratch {
            case,
            crises: kept_crises,
            dates: memo,
            ..
        } = scratch;
        let case = case.get_or_insert_with(|| Case {
            inputs: Vec::new(),
            missions: super::case::default_missions(version),
            contract: None,
        });
        // The case emptied: the version's inputs unknown, its mandatory missions engaged (a
        // scratch filled for another version first gets this one's missions).
        if case.missions.len() != version.missions.len() {
            case.missions = super::case::default_missions(version);
        }
        case.inputs.clear();
        case.inputs.resize(version.inputs.len(), None);
        for (mission, declared) in case.missions.iter_mut().zip(&version.missions) {
            mission.engaged = declared.kind == MissionKind::Mandatory;
            mission.start = None;
            mission.effective = None;
            mission.achievement.clear();
            mission.default_achievement = None;
        }
        let mut crises = match case.contract.take() {
            Some(contract) => contract.crises,
            None => std::mem::take(kept_crises),
        };
        crises.clear();
        let missions = &mut case.missions;
        let mut errors = Vec::new();
        let (mut signature, mut until, mut letter_of_intent) = (None, None, None);
        let mut default_rate = None;
        // A field's text: the row was checked as UTF-8 (`row`); `case_of`'s fields are text.
        let text = |index: usize| std::str::from_utf8(fields.get(index)).unwrap_or_default();
        let mut date = |index: usize, cell: &[u8], errors: &mut Vec<CaseError>| {
            let parsed = match memo.iso_date(cell) {
                Some(parsed) => parsed,
                None if cell.is_empty() => return None,
                None => {
                    let field = std::str::from_utf8(cell).unwrap_or_default();
                    if trimmed(field).is_empty() {
                        return None;
                    }
                    parse_date(field)
                }
            };
            if parsed.is_none() {
                let field = String::from_utf8_lossy(cell);
                errors.push(self.error(
                    index,
                    format!("date invalide `{field}` : format AAAA-MM-JJ attendu"),
                ));
            }
            parsed
        };
        // `row_in` checked that there are as many fields as columns.
        for ((index, column), cell) in self.columns.iter().enumerate().zip(fields.cells()) {
            match column {
                Column::Input(id) => {
                    let ty = version.inputs[*id].ty;
                    // A count in plain digits (a population): no text, no trimming.
                    if let (Type::Count, Some(count)) = (ty, plain_count(cell)) {
                        case.inputs[*id] = Some(Value::Count(Decimal::from(count)));
                        continue;
                    }
                    match csv_input(version, ty, text(index)) {
                        Ok(None) => errors.push(self.error(index, missing(version, *id))),
                        Ok(value) => case.inputs[*id] = value,
                        Err(message) => errors.push(self.error(index, message)),
                    }
                }
                Column::Signature => signature = date(index, cell, &mut errors),
                Column::Until => until = date(index, cell, &mut errors),
                Column::LetterOfIntent => letter_of_intent = date(index, cell, &mut errors),
                Column::Start(m) => missions[*m].start = date(index, cell, &mut errors),
                Column::Effective(m) => missions[*m].effective = date(index, cell, &mut errors),
                Column::Crises => match list_items_of_ascii(cell) {
                    Some(items) => {
                        for item in items {
                            crises.extend(date(index, item, &mut errors));
                        }
                    }
                    None => {
                        for item in list_items(text(index)) {
                            crises.extend(date(index, item.as_bytes(), &mut errors));
                        }
                    }
                },
                Column::Engaged(m) => match cell {
                    b"true" => missions[*m].engaged = true,
                    b"false" => missions[*m].engaged = false,
                    _ => match parse_bool(text(index)) {
                        Some(flag) => missions[*m].engaged = flag,
                        None => errors.push(self.error(
                            index,
                            format!("`true` ou `false` est attendu, pas `{}`", text(index)),
                        )),
                    },
                },
                Column::Achievement | Column::AchievementOf(_) | Column::AchievementIn(..) => {
                    let rate = match plain_rate(cell) {
                        Some(Ok(rate)) => rate,
                        // An empty cell (a rate not given, as common as `1`): nothing to read.
                        None if cell.is_empty() => continue,
                        Some(Err(rate)) => {
                            errors.extend(check_rate(rate, &self.headers[index]).err());
                            continue;
                        }
                        None => {
                            let field = text(index);
                            if trimmed(field).is_empty() {
                                continue;
                            }
                            match rate_of_bytes(cell)
                                .or_else(|| parse_decimal(field))
                                .map(|r| check_rate(r, &self.headers[index]))
                            {
                                Some(Ok(rate)) => rate,
                                Some(Err(e)) => {
                                    errors.push(e);
                                    continue;
                                }
                                None => {
                                    errors.push(self.error(
                                        index,
                                        number_refused(field, "un taux d'atteinte entre 0 et 1"),
                                    ));
                                    continue;
                                }
                            }
                        }
                    };
                    match column {
                        Column::AchievementOf(m) => missions[*m].default_achievement = Some(rate),
                        Column::AchievementIn(m, year) => {
                            missions[*m].achievement.insert(*year, rate);
                        }
                        _ => default_rate = Some(rate),
                    }
                }
                Column::Passthrough => {}
            }
        }
        if let Some(rate) = default_rate {
            for mission in missions.iter_mut() {
                mission.default_achievement.get_or_insert(rate);
            }
        }
        case.contract = match signature {
            Some(signature) => self.contract(
                signature,
                until,
                letter_of_intent,
                &crises,
                missions,
                &mut errors,
            ),
            None => None,
        };
        if let Some(contract) = &mut case.contract {
            std::mem::swap(&mut contract.crises, &mut crises);
        }
        *kept_crises = crises;
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// The contract of a row that gives a signature, its dates checked as a case file's.
    fn contract(
        &self,
        signature: NaiveDate,
        until: Option<NaiveDate>,
        letter_of_intent: Option<NaiveDate>,
        crises: &[NaiveDate],
        missions: &[super::case::MissionCase],
        errors: &mut Vec<CaseError>,
    ) -> Option<Contract> {
        let version = self.compiled.version;
        let until = match until {
            Some(until) => until,
            None => {
                match super::dates::contract_end(version, signature) {
                    Ok(Some(until)) => until,
                    Ok(None) => {
                        errors.push(CaseError { field: "jusqu_au".into(), message: "date de fin manquante : la version ne donne pas de durée de contrat".into() });
                        return None;
                    }
                    Err(message) => {
                        errors.push(CaseError {
                            field: "signature".into(),
                            message,
                        });
                        return None;
                    }
                }
            }
        };
        if until < signature {
            errors.push(CaseError {
                field: "jusqu_au".into(),
                message: format!("le {until} précède la signature du {signature}"),
            });
            return None;
        }
        // As in a case file: no deployment or crisis before the signature.
        let before = |what: &str, date: NaiveDate| CaseError {
            field: what.into(),
            message: format!("le {date} précède la signature du {signature}"),
        };
        for (id, mission) in missions.iter().enumerate() {
            if let Some(effective) = mission.effective.filter(|d| *d < signature) {
                let name = &version.missions[id].name;
                errors.push(before(&format!("deploiement.{name}"), effective));
            }
        }
        for crisis in crises.iter().filter(|d| **d < signature) {
            errors.push(before("crises", *crisis));
        }
        // Only `dates ambiguës : erreur` refuses a date (`dates::refused`).
        if version.date_policy() == DatePolicy::Refuse {
            let dates = super::case::mission_dates(missions);
            let refused = super::dates::refused(version, signature, until, &dates);
            errors.extend(refused.into_iter().map(|(field, message)| CaseError {
                field: field.trim_start_matches("contrat.").into(),
                message,
            }));
        }
        Some(Contract {
            signature,
            letter_of_intent,
            crises: Vec::new(),
            until,
            policy: version.date_policy(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::cells::{iso_date, plain_rate, rate_of_bytes};
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    /// Texts shaped like a date and near misses: a day past the month's end (31 April, 29
    /// February of a common year), month 0 or 13, a sign, a short field, blanks, a letter.
    fn date_like() -> impl Strategy<Value = String> {
        prop_oneof![
            (0u32..10_000, 0u32..14, 0u32..33)
                .prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
            (1899u32..2101, 1u32..13, 27u32..33)
                .prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
            "[ +0-9]{0,5}-[0-9]{1,3}-[0-9 ]{1,3}",
            "[0-9]{4}[-/.][0-9]{2}[-/.][0-9]{2}",
            "[0-9a-z-]{10}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        /// The hand-written reader of `AAAA-MM-JJ` gives chrono's date, or refuses with it.
        #[test]
        fn a_date_is_read_as_chrono_reads_it(text in date_like()) {
            let chrono = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok();
            prop_assert_eq!(parse_date(&text), chrono, "{}", text);
            if let Some(read) = iso_date(text.as_bytes()) {
                prop_assert_eq!(read, chrono, "{}", text);
            }
        }

        /// A rate of plain digits is read as the general reader reads it (value and scale, as
        /// `Decimal` parses it), and refused when out of [0, 1] as `check_rate` refuses it.
        #[test]
        fn a_plain_rate_is_read_as_the_general_reader_reads_it(
            text in prop_oneof!["[0-9]{0,3}[.,]?[0-9]{0,20}", "[0-9.,]{0,6}", "1[.,]0{0,19}1?"]
        ) {
            let general = rate_of_bytes(text.as_bytes())
                .or_else(|| parse_decimal(&text))
                .map(|rate| check_rate(rate, "t").map_err(|_| rate));
            if let Some(plain) = plain_rate(text.as_bytes()) {
                let value = |r: &Result<Decimal, Decimal>| match r { Ok(d) | Err(d) => *d };
                let parsed = Decimal::from_str(&text.replace(',', ".")).ok();
                prop_assert_eq!(Some(value(&plain)), parsed, "{}", text);
                prop_assert_eq!(value(&plain).scale(), parsed.map_or(99, |d| d.scale()));
                prop_assert_eq!(Some(plain), general, "{}", text);
            }
        }
    }

    /// Every year of 0–9999, month of 0–13 and day of 0–32: the date chrono's `%Y-%m-%d` gives
    /// (`from_ymd_opt`, compared with `parse_from_str` itself on the years around today's).
    #[test]
    fn every_date_of_four_digits_is_read_as_chrono_reads_it() {
        for year in 0..10_000 {
            for month in 0..14 {
                for day in 0..33 {
                    let text = format!("{year:04}-{month:02}-{day:02}");
                    let chrono = NaiveDate::from_ymd_opt(year, month, day);
                    assert_eq!(iso_date(text.as_bytes()), Some(chrono), "{text}");
                    if (1890..2110).contains(&year) {
                        let parsed = NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok();
                        assert_eq!(parsed, chrono, "{text}");
                    }
                }
            }
        }
    }

    /// Each byte of a date replaced by every other byte, the text cut or lengthened, a sign or
    /// blanks around: `iso_date` reads exactly the ten-byte form and leaves the rest to chrono.
    #[test]
    fn any_other_form_is_left_to_the_general_reader() {
        for text in [
            "2021-02-28",
            "2000-02-29",
            "1999-12-31",
            "0000-01-01",
            "9999-12-31",
        ] {
            let bytes = text.as_bytes();
            for at in 0..bytes.len() {
                for byte in 0..=255u8 {
                    let mut changed = bytes.to_vec();
                    changed[at] = byte;
                    let digit_expected = !matches!(at, 4 | 7);
                    let same_form = if digit_expected {
                        byte.is_ascii_digit()
                    } else {
                        byte == b'-'
                    };
                    let read = iso_date(&changed);
                    assert_eq!(read.is_some(), same_form, "{changed:?}");
                    if let (Some(read), Ok(changed)) = (read, std::str::from_utf8(&changed)) {
                        let chrono = NaiveDate::parse_from_str(changed, "%Y-%m-%d").ok();
                        assert_eq!(read, chrono, "{changed}");
                    }
                }
            }
            for other in [
                &text[..9],
                &text[1..],
                "",
                &format!("{text} "),
                &format!(" {text}"),
                &format!("+{text}"),
                &format!("-{text}"),
                &format!("{text}0"),
                &format!("0{text}"),
                &text.replace('-', "/"),
                &text.replace('-', "."),
            ] {
                assert_eq!(iso_date(other.as_bytes()), None, "{other}");
            }
        }
    }

    #[test]
    fn dates_that_do_not_exist_are_refused_by_their_reader() {
        for text in [
            "2021-04-31",
            "2021-02-29",
            "1900-02-29",
            "2021-13-01",
            "2021-00-10",
            "2021-01-00",
        ] {
            assert_eq!(iso_date(text.as_bytes()), Some(None), "{text}");
        }
        assert_eq!(
            iso_date(b"2000-02-29"),
            Some(NaiveDate::from_ymd_opt(2000, 2, 29))
        );
        // Another spelling is left to chrono's reader.
        assert_eq!(iso_date(b"2021-4-30"), None);
        assert_eq!(
            parse_date("2021-4-30"),
            NaiveDate::from_ymd_opt(2021, 4, 30)
        );
    }
}
