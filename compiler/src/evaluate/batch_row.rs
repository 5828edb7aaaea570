//! A batch row read into a case in place: a worker's `Case` is emptied and filled again for each
//! row (no allocation once warm), its cells read from their bytes by the column plan — dates
//! written `AAAA-MM-JJ`, rates of plain digits, `true`/`false` — and any other spelling read as
//! a case file reads it, with the same words when it is refused. A line without quotes is read
//! in one walk (`fill_line`): each cell's usual spelling recognised where it starts, the next
//! separator found only for the others.

use super::batch::{BatchPlan, Column, Fields, RowScratch};
use super::case::{check_rate, parse_date, parse_decimal, Case, CaseError, Contract, MissionCase};
use super::cells::{
    csv_input, list_items, list_items_of_ascii, missing, number_refused, parse_bool, plain_count,
    plain_rate, rate_of_bytes, trimmed,
};
use super::date_memo::DateMemo;
use crate::types::Type;
use crate::value::Value;
use chrono::NaiveDate;
use clause_grammar::ast::{DatePolicy, MissionKind};
use rust_decimal::Decimal;

/// What a row's cells fill, the case's parts borrowed: shared by the two readers (`fill_case`
/// over cut fields, `fill_line` over a line), so that both fill the same case in the same order.
struct Filling<'a> {
    inputs: &'a mut [Option<Value>],
    missions: &'a mut [MissionCase],
    crises: Vec<NaiveDate>,
    memo: &'a mut DateMemo,
    signature: Option<NaiveDate>,
    until: Option<NaiveDate>,
    letter_of_intent: Option<NaiveDate>,
    default_rate: Option<Decimal>,
    errors: Vec<CaseError>,
}

impl<'a> Filling<'a> {
    /// A row's filling of an emptied case (`emptied`), nothing read yet.
    fn of(
        inputs: &'a mut [Option<Value>],
        missions: &'a mut [MissionCase],
        crises: Vec<NaiveDate>,
        memo: &'a mut DateMemo,
    ) -> Self {
        Filling {
            inputs,
            missions,
            crises,
            memo,
            signature: None,
            until: None,
            letter_of_intent: None,
            default_rate: None,
            errors: Vec::new(),
        }
    }
}

/// The scratch's case emptied for a row of `version`: its inputs unknown, its mandatory missions
/// engaged (a scratch filled for another version first gets this one's missions), and the
/// crises' list taken back from the contract.
fn emptied<'a>(
    version: &crate::ir::Version,
    case: &'a mut Option<Case>,
    kept_crises: &mut Vec<NaiveDate>,
) -> (&'a mut Case, Vec<NaiveDate>) {
    let case = case.get_or_insert_with(|| Case {
        inputs: Vec::new(),
        missions: super::case::default_missions(version),
        contract: None,
    });
    if case.missions.len() != version.missions.len() {
        case.missions = super::case::default_missions(version);
    }
    // Each input unknown: the slots cleared in place when the case has the version's number.
    if case.inputs.len() == version.inputs.len() {
        case.inputs.iter_mut().for_each(|input| *input = None);
    } else {
        case.inputs.clear();
        case.inputs.resize(version.inputs.len(), None);
    }
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
    (case, crises)
}

impl Filling<'_> {
    /// A date cell: the memo's date when it holds the cell (a batch's dates, nearly always),
    /// else read as a case file reads it (`date_read`, out of line).
    #[inline(always)]
    fn date(&mut self, plan: &BatchPlan<'_, '_>, index: usize, cell: &[u8]) -> Option<NaiveDate> {
        match self.memo.iso_date(cell) {
            Some(Some(date)) => Some(date),
            _ => self.date_read(plan, index, cell),
        }
    }

    /// `date` for a cell the memo does not give: empty, blank, refused or of another spelling.
    #[inline(never)]
    fn date_read(
        &mut self,
        plan: &BatchPlan<'_, '_>,
        index: usize,
        cell: &[u8],
    ) -> Option<NaiveDate> {
        let parsed = match self.memo.iso_date(cell) {
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
            self.errors.push(plan.error(
                index,
                format!("date invalide `{field}` : format AAAA-MM-JJ attendu"),
            ));
        }
        parsed
    }

    /// Stores a date where its column says.
    #[inline(always)]
    fn set_date(&mut self, column: &Column, date: Option<NaiveDate>) {
        match column {
            Column::Signature => self.signature = date,
            Column::Until => self.until = date,
            Column::LetterOfIntent => self.letter_of_intent = date,
            Column::Start(m) => self.missions[*m].start = date,
            Column::Effective(m) => self.missions[*m].effective = date,
            _ => {}
        }
    }

    /// Stores an achievement rate where its column says.
    #[inline(always)]
    fn set_rate(&mut self, column: &Column, rate: Decimal) {
        match column {
            Column::AchievementOf(m) => self.missions[*m].default_achievement = Some(rate),
            Column::AchievementIn(m, year) => self.missions[*m].achievement.insert(*year, rate),
            _ => self.default_rate = Some(rate),
        }
    }
}

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
        let RowScratch {
            case,
            crises: kept_crises,
            dates: memo,
            ..
        } = scratch;
        let (case, crises) = emptied(self.compiled.version, case, kept_crises);
        let mut filling = Filling::of(&mut case.inputs, &mut case.missions, crises, memo);
        // `row_in` checked that there are as many fields as columns.
        for ((index, column), cell) in self.columns.iter().enumerate().zip(fields.cells()) {
            self.read_cell(&mut filling, index, column, cell);
        }
        let errors = self.finish(case_parts(filling), case, kept_crises);
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Fills the scratch's case from a line without quotes, known UTF-8 when `checked`, cut at
    /// `separator` as it is read: each cell's usual spelling (`0.47`, `1`, empty, `AAAA-MM-JJ`
    /// in the memo, `true`, `false`) recognised where it starts, followed by the separator or
    /// the line's end; any other cell cut at the next separator and read by `read_cell`, as
    /// `fill_case` reads it. `true` when the row is read without an error; `false` leaves the
    /// row to `row_in` (fields cut first), which gives its errors in its order: a line not
    /// UTF-8, with another number of fields, or with a cell refused.
    pub fn fill_line(
        &self,
        line: &[u8],
        separator: u8,
        checked: bool,
        scratch: &mut RowScratch,
    ) -> bool {
        // The fast plan reads its few columns itself; a line not checked is checked here.
        if self.fast || !(checked || std::str::from_utf8(line).is_ok()) {
            return false;
        }
        let RowScratch {
            case,
            crises: kept_crises,
            dates: memo,
            ..
        } = scratch;
        let (case, crises) = emptied(self.compiled.version, case, kept_crises);
        let mut filling = Filling::of(&mut case.inputs, &mut case.missions, crises, memo);
        let walked = self.walk(line, separator, &mut filling) && filling.errors.is_empty();
        let mut parts = case_parts(filling);
        if !walked {
            // No contract computed for a row read again by `row_in`.
            parts.signature = None;
        }
        let errors = self.finish(parts, case, kept_crises);
        walked && errors.is_empty()
    }

    /// `fill_line`'s walk over the cells; `false` when the line has fewer or more fields than
    /// columns.
    #[inline(always)]
    fn walk(&self, line: &[u8], separator: u8, filling: &mut Filling<'_>) -> bool {
        // A cell of `length` bytes at the start of `rest` ends there: the separator or the line's
        // end follows it (and none stands inside: the spellings recognised hold none).
        let ends = |rest: &[u8], length: usize| match rest.get(length) {
            Some(byte) => *byte == separator,
            None => rest.len() == length,
        };
        let digit = |byte: u8| byte.wrapping_sub(b'0');
        // What makes a rate's comma a point, when the comma is not the separator.
        let point = if separator == b',' { 0 } else { 0x0200 };
        // A rate's usual spellings, and its length: `0.47` (`0,47`), `1` or `0`, or none given
        // (an empty cell). `0.47` is read as one word (the first byte low): `0`, a point (a
        // comma, unless it is the separator: `| 0x0200` makes `,` a `.`, no other byte), two
        // digits (high nibble 3, and still 3 once 6 is added).
        let usual_rate = |rest: &[u8]| {
            let word = rest
                .first_chunk::<4>()
                .map_or(0, |w| u32::from_le_bytes(*w));
            if (word | point) & 0xf0f0_ffff == 0x3030_2e30
                && word.wrapping_add(0x0606_0000) & 0xf0f0_0000 == 0x3030_0000
                && ends(rest, 4)
            {
                let mantissa = ((word >> 16) & 0xf) * 10 + ((word >> 24) & 0xf);
                return Some((Some(Decimal::from_parts(mantissa, 0, 0, false, 2)), 4));
            }
            match *rest {
                [one, ..] if digit(one) <= 1 && ends(rest, 1) => {
                    let rate = Decimal::from_parts(u32::from(digit(one)), 0, 0, false, 0);
                    Some((Some(rate), 1))
                }
                _ if ends(rest, 0) => Some((None, 0)),
                _ => None,
            }
        };
        // A date's usual spellings, and its length: `AAAA-MM-JJ` found in the memo, or none
        // given (an empty cell). Any other (a day read for the first time) is `read_cell`'s.
        let usual_date = |rest: &[u8], memo: &mut DateMemo| match rest.get(..10) {
            Some(cell) if ends(rest, 10) => match memo.iso_date(cell) {
                Some(Some(date)) => Some((Some(date), 10)),
                _ => None,
            },
            _ if ends(rest, 0) => Some((None, 0)),
            _ => None,
        };
        // The start of the current cell; past the line's end by one once its last cell is read.
        let mut at = 0;
        for (index, column) in self.columns.iter().enumerate() {
            // The previous cell ended the line: fewer fields than columns.
            let Some(rest) = line.get(at..) else {
                return false;
            };
            match column {
                Column::AchievementIn(m, year) => {
                    if let Some((rate, length)) = usual_rate(rest) {
                        if let Some(rate) = rate {
                            filling.missions[*m].achievement.insert(*year, rate);
                        }
                        at += length + 1;
                        continue;
                    }
                }
                Column::AchievementOf(_) | Column::Achievement => {
                    if let Some((rate, length)) = usual_rate(rest) {
                        if let Some(rate) = rate {
                            filling.set_rate(column, rate);
                        }
                        at += length + 1;
                        continue;
                    }
                }
                Column::Start(m) => {
                    if let Some((date, length)) = usual_date(rest, filling.memo) {
                        filling.missions[*m].start = date;
                        at += length + 1;
                        continue;
                    }
                }
                Column::Signature
                | Column::Until
                | Column::LetterOfIntent
                | Column::Effective(_) => {
                    if let Some((date, length)) = usual_date(rest, filling.memo) {
                        filling.set_date(column, date);
                        at += length + 1;
                        continue;
                    }
                }
                Column::Engaged(m) => {
                    if rest.starts_with(b"true") && ends(rest, 4) {
                        filling.missions[*m].engaged = true;
                        at += 5;
                        continue;
                    }
                    if rest.starts_with(b"false") && ends(rest, 5) {
                        filling.missions[*m].engaged = false;
                        at += 6;
                        continue;
                    }
                }
                _ => {}
            }
            // Any other cell: cut at the next separator, read as `fill_case` reads it.
            let length = rest
                .iter()
                .position(|byte| *byte == separator)
                .unwrap_or(rest.len());
            let cell = rest.get(..length).unwrap_or_default();
            self.read_cell(filling, index, column, cell);
            at += length + 1;
        }
        // The last cell ended the line: else more fields than columns.
        at == line.len() + 1
    }

    /// Reads one cell into the case, as its column says (a refusal goes to `filling.errors`).
    #[inline(never)]
    fn read_cell(&self, filling: &mut Filling<'_>, index: usize, column: &Column, cell: &[u8]) {
        let version = self.compiled.version;
        // The cell's text: the row was checked as UTF-8 (`row_in`, `fill_line`).
        let text = || std::str::from_utf8(cell).unwrap_or_default();
        match column {
            Column::Input(id) => {
                let ty = version.inputs[*id].ty;
                // A count in plain digits (a population): no text, no trimming.
                if let (Type::Count, Some(count)) = (ty, plain_count(cell)) {
                    filling.inputs[*id] = Some(Value::Count(Decimal::from(count)));
                    return;
                }
                match csv_input(version, ty, text()) {
                    Ok(None) => filling
                        .errors
                        .push(self.error(index, missing(version, *id))),
                    Ok(value) => filling.inputs[*id] = value,
                    Err(message) => filling.errors.push(self.error(index, message)),
                }
            }
            Column::Signature
            | Column::Until
            | Column::LetterOfIntent
            | Column::Start(_)
            | Column::Effective(_) => {
                let date = filling.date(self, index, cell);
                filling.set_date(column, date);
            }
            Column::Crises => match list_items_of_ascii(cell) {
                Some(items) => {
                    for item in items {
                        let date = filling.date(self, index, item);
                        filling.crises.extend(date);
                    }
                }
                None => {
                    for item in list_items(text()) {
                        let date = filling.date(self, index, item.as_bytes());
                        filling.crises.extend(date);
                    }
                }
            },
            Column::Engaged(m) => match cell {
                b"true" => filling.missions[*m].engaged = true,
                b"false" => filling.missions[*m].engaged = false,
                _ => match parse_bool(text()) {
                    Some(flag) => filling.missions[*m].engaged = flag,
                    None => filling.errors.push(self.error(
                        index,
                        format!("`true` ou `false` est attendu, pas `{}`", text()),
                    )),
                },
            },
            Column::Achievement | Column::AchievementOf(_) | Column::AchievementIn(..) => {
                let rate = match plain_rate(cell) {
                    Some(Ok(rate)) => rate,
                    // An empty cell (a rate not given, as common as `1`): nothing to read.
                    None if cell.is_empty() => return,
                    Some(Err(rate)) => {
                        filling
                            .errors
                            .extend(check_rate(rate, &self.headers[index]).err());
                        return;
                    }
                    None => {
                        let field = text();
                        if trimmed(field).is_empty() {
                            return;
                        }
                        match rate_of_bytes(cell)
                            .or_else(|| parse_decimal(field))
                            .map(|r| check_rate(r, &self.headers[index]))
                        {
                            Some(Ok(rate)) => rate,
                            Some(Err(e)) => {
                                filling.errors.push(e);
                                return;
                            }
                            None => {
                                filling.errors.push(self.error(
                                    index,
                                    number_refused(field, "un taux d'atteinte entre 0 et 1"),
                                ));
                                return;
                            }
                        }
                    }
                };
                filling.set_rate(column, rate);
            }
            Column::Passthrough => {}
        }
    }

    /// After the cells: the default rate given to the missions without one, the contract built
    /// from the dates read, the crises' list kept. The errors of the row, in order.
    fn finish(
        &self,
        parts: CaseParts,
        case: &mut Case,
        kept_crises: &mut Vec<NaiveDate>,
    ) -> Vec<CaseError> {
        let CaseParts {
            mut crises,
            signature,
            until,
            letter_of_intent,
            default_rate,
            mut errors,
        } = parts;
        let missions = &mut case.missions;
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
        errors
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

/// What a `Filling` read besides the case's inputs and missions, taken from it once the cells
/// are read (its borrows of the case then end).
struct CaseParts {
    crises: Vec<NaiveDate>,
    signature: Option<NaiveDate>,
    until: Option<NaiveDate>,
    letter_of_intent: Option<NaiveDate>,
    default_rate: Option<Decimal>,
    errors: Vec<CaseError>,
}

fn case_parts(filling: Filling<'_>) -> CaseParts {
    CaseParts {
        crises: filling.crises,
        signature: filling.signature,
        until: filling.until,
        letter_of_intent: filling.letter_of_intent,
        default_rate: filling.default_rate,
        errors: filling.errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Random lines in every separator, their cells drawn from usual spellings and others
    /// (blanks, refused dates and rates, a separator too many or too few, a comma that is the
    /// separator inside a rate): `fill_line` either leaves the row to `row_in` or fills the case
    /// `row_in` fills from the same line cut first, with the same numbers; and a scratch it left
    /// gives `row_in` the result of a fresh one.
    #[test]
    fn a_line_read_in_one_walk_is_the_row_cut_first() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../agreements");
        let mut db = crate::SourceDb::new();
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .expect("agreements")
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.extension().is_some_and(|e| e == "clause"))
            .collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path).expect("an agreement");
            db.add(path.display().to_string(), text);
        }
        let analysis = crate::analyze(&db);
        let version = analysis
            .versions
            .iter()
            .find(|v| v.name == "avenant_2_proposition_2020")
            .expect("the version");
        let compiled = super::super::CompiledVersion::new(version, &db);
        let header = "habitants,signature,lettre_intention,qualite,accompagnement,crises,\
            debut.acces_aux_soins,deploiement.crise_sanitaire,commune,\
            taux_atteinte.acces_aux_soins.1,taux_atteinte.parcours.2,taux_atteinte.qualite,\
            taux_atteinte,jusqu_au";
        let headers: Vec<String> = header.split(',').map(str::to_string).collect();
        let plan = BatchPlan::new(&compiled, &headers, &[]).expect("the header resolves");
        let spellings: [&[&str]; 14] = [
            &["372410", "56016", "", "12 000", "-4", "0007", " 5000"],
            &[
                "2020-06-26",
                "2021-02-12",
                "2021-02-30",
                "",
                "2021-2-3",
                " 2020-06-26",
                "2019-05-19",
            ],
            &["2020-04-10", "", "2020-03-01", "2020-04-10 "],
            &["true", "false", "vrai", " true", "x", ""],
            &["false", "true", "0", "1"],
            &[
                "",
                "2024-03-02",
                "2021-12-31 2022-06-02",
                "x",
                "2020-01-01|2023-05-05",
            ],
            &["2020-12-16", "2021-06-15", "", "2019-01-01"],
            &["2020-12-24", "", "2022-02-29"],
            &["Paris", "", "é", "0.47", "2020-06-26"],
            &[
                "0.47", "0,47", "1", "0", "", "2", "1.0", ".5", " 0.5", "0.475", "1,5", "0.4",
            ],
            &["0.98", "1", "", "0,10", "0.9x", "00.5"],
            &["0.20", "", "1", "0.99"],
            &["0.33", "", "1"],
            &["", "2026-06-30", "2019-01-01"],
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let (mut walked, mut left) = (RowScratch::default(), RowScratch::default());
        let mut cut = RowScratch::default();
        let (mut read, mut refused) = (0, 0);
        for _ in 0..20_000 {
            let separator = [b',', b';', b'\t'][next(3)];
            let mut cells: Vec<&str> = spellings.iter().map(|s| s[next(s.len())]).collect();
            match next(20) {
                0 => {
                    cells.pop();
                }
                1 => cells.push("de trop"),
                _ => {}
            }
            let line = cells.join(&char::from(separator).to_string());
            let fields: Vec<&str> = line.split(char::from(separator)).collect();
            let expected = plan
                .row_in(fields.as_slice(), &mut cut)
                .map(|row| (row.band, row.full_year, row.years.to_vec()));
            if plan.fill_line(line.as_bytes(), separator, true, &mut walked) {
                read += 1;
                assert_eq!(walked.case, cut.case, "{line}");
                let row = plan.numbers_in(&mut walked);
                let numbers = (row.band, row.full_year, row.years.to_vec());
                assert_eq!(Ok(numbers), expected, "{line}");
            } else {
                refused += 1;
                // The scratch the walk left, read again as the batch reads it.
                let again = plan
                    .row_in(fields.as_slice(), &mut walked)
                    .map(|row| (row.band, row.full_year, row.years.to_vec()));
                assert_eq!(again, expected, "{line}");
                // (A row refused before its cells are read leaves the case as it was.)
                if expected.is_ok() {
                    assert_eq!(walked.case, cut.case, "{line}");
                }
            }
            // A scratch that only `row_in` fills, after the walk's: the same.
            let alone = plan
                .row_in(fields.as_slice(), &mut left)
                .map(|row| (row.band, row.full_year, row.years.to_vec()));
            assert_eq!(alone, expected, "{line}");
        }
        assert!(
            read > 1_000 && refused > 1_000,
            "{read} read, {refused} refused"
        );
    }
}
