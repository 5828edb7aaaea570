//! Batch evaluation of CSV rows: the header is resolved once into a plan (which column is which
//! input, date, mission flag or achievement rate); each row then costs a band lookup and, when
//! no contract date is given, one multiplication and one addition.

use super::case::{check_rate, parse_decimal, CaseError};
pub use super::cells::detect_separator;
use super::cells::{bool_of_bytes, count_of_bytes, number_refused, rate_of_bytes};
use super::compiled::CompiledVersion;
use super::numbers::numbers_in_cents;
use crate::ir::MissionId;
use rust_decimal::Decimal;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Column {
    Input(usize),
    Signature,
    Until,
    LetterOfIntent,
    /// `true`/`false`: an optional mission is engaged.
    Engaged(MissionId),
    /// A start date for a mission (`debut.<mission>`).
    Start(MissionId),
    /// A deployment date for a mission (`deploiement.<mission>`).
    Effective(MissionId),
    /// The crises declared by the ARS: dates in one cell (`crises`).
    Crises,
    /// `taux_atteinte`: the achievement of every variable part, every year.
    Achievement,
    AchievementOf(MissionId),
    /// `taux_atteinte.<mission>.<année>`: one mission's achievement in one contract year.
    AchievementIn(MissionId, u32),
    /// Any other column is copied to the output.
    Passthrough,
}

/// The fields of one CSV row, as bytes (the reader need not validate or copy them).
pub trait Fields {
    fn count(&self) -> usize;
    fn get(&self, index: usize) -> &[u8];

    /// The index of the first field that is not UTF-8, if any. (A reader holding the row's
    /// bytes in one buffer checks them at once.)
    fn utf8_error(&self) -> Option<usize> {
        (0..self.count()).find(|index| std::str::from_utf8(self.get(*index)).is_err())
    }

    /// The fields in order (a reader that cuts a line at its separators walks them at once,
    /// without finding each field's start again).
    fn cells(&self) -> impl Iterator<Item = &[u8]> {
        (0..self.count()).map(|index| self.get(index))
    }
}

impl Fields for [&str] {
    fn count(&self) -> usize {
        self.len()
    }

    fn get(&self, index: usize) -> &[u8] {
        self.get(index).map_or(&[], |f| f.as_bytes())
    }

    fn utf8_error(&self) -> Option<usize> {
        None
    }
}

/// What a row gives: the band and the totals, or the errors naming its columns.
#[derive(Debug, Clone, PartialEq)]
pub struct RowResult {
    /// The band's index in the band set (`BatchPlan::band_name` gives its name).
    pub band: Option<usize>,
    pub full_year: Option<Decimal>,
    /// Totals by contract year 1..=n (empty without a signature column).
    pub years: Vec<Decimal>,
}

/// What a batch worker keeps from one row to the next: the case it fills
/// (`batch_row`: `BatchPlan::fill_case`) and the years it pays.
#[derive(Debug, Default)]
pub struct RowScratch {
    pub(super) case: Option<super::case::Case>,
    /// The crises' list, kept while the case has no contract.
    pub(super) crises: Vec<chrono::NaiveDate>,
    /// What is paid in each contract year, in cents (`numbers_in_cents`).
    pub(super) paid: Vec<i128>,
    /// The dates read in the worker's rows (`AAAA-MM-JJ` cells found again by their bytes).
    pub(super) dates: super::date_memo::DateMemo,
}

/// `RowResult` as a worker's scratch holds it: the years in cents, borrowed.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RowNumbers<'s> {
    pub band: Option<usize>,
    pub full_year: Option<Decimal>,
    /// Cents paid in contract years 1..=n (empty without a signature column).
    pub years: &'s [i128],
}

#[derive(Debug, Clone)]
pub struct BatchPlan<'c, 'v> {
    pub(super) compiled: &'c CompiledVersion<'v>,
    pub(super) columns: Vec<Column>,
    pub headers: Vec<String>,
    /// Output year columns (`annee_1`…): the contract's years when rows give a signature.
    pub year_columns: usize,
    /// The undated fast path (`fast_row`): a few columns read, no case filled.
    pub(super) fast: bool,
    dimension_column: Option<usize>,
}

impl<'c, 'v> BatchPlan<'c, 'v> {
    /// Resolves the header. `renames` maps a CSV column to an input name (`population=habitants`).
    pub fn new(
        compiled: &'c CompiledVersion<'v>,
        headers: &[String],
        renames: &[(String, String)],
    ) -> Result<Self, Vec<CaseError>> {
        let version = compiled.version;
        let mut errors = Vec::new();
        let mut columns = Vec::with_capacity(headers.len());
        for header in headers {
            let name = renames
                .iter()
                .find(|(from, _)| from == header)
                .map_or(header.as_str(), |(_, to)| to.as_str());
            let column = if let Some(input) = version.input_named(name) {
                Column::Input(input)
            } else {
                match header_column(version, name) {
                    Ok(column) => column,
                    Err(message) => {
                        errors.push(CaseError {
                            field: header.clone(),
                            message,
                        });
                        Column::Passthrough
                    }
                }
            };
            columns.push(column);
        }
        let dimension = compiled
            .band_set
            .and_then(|s| version.band_sets[s].dimension);
        let dimension_column =
            dimension.and_then(|d| columns.iter().position(|c| *c == Column::Input(d)));
        if let (Some(d), None) = (dimension, dimension_column) {
            errors.push(CaseError { field: "(en-tête)".into(), message: format!("colonne `{}` manquante : elle choisit la tranche (ou renommez une colonne avec --renomme COLONNE={})", version.inputs[d].name, version.inputs[d].name) });
        }
        // Every declared input is needed, as for `--case` (`common::missing_inputs`).
        for (id, input) in version.inputs.iter().enumerate() {
            if Some(id) != dimension && !columns.contains(&Column::Input(id)) {
                errors.push(CaseError { field: "(en-tête)".into(), message: format!("colonne `{}` manquante : la version déclare cette entrée (ou renommez une colonne avec --renomme COLONNE={})", input.name, input.name) });
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let has_signature = columns.contains(&Column::Signature);
        let year_columns = if has_signature {
            version
                .header
                .contract_duration
                .as_ref()
                .map_or(0, |d| match d.value.unit {
                    clause_grammar::ast::DurationUnit::Years => {
                        u32::try_from(d.value.amount.ceil()).unwrap_or(0) as usize
                    }
                    clause_grammar::ast::DurationUnit::Months => {
                        u32::try_from((d.value.amount / Decimal::from(12)).ceil()).unwrap_or(0)
                            as usize
                    }
                    clause_grammar::ast::DurationUnit::Days => 0,
                })
        } else {
            0
        };
        // The fast path: no dates, every value known from the band, one achievement for all.
        let fast = !has_signature
            && !compiled.needs_inputs
            // The fast path reads the dimension as a whole number: a count's bands only.
            && compiled.band_set.is_none_or(|s| compiled.version.band_sets[s].whole)
            && !columns.iter().any(|c| {
                matches!(
                    c,
                    Column::AchievementOf(_) | Column::AchievementIn(..) | Column::Start(_)
                )
            })
            && columns
                .iter()
                .all(|c| !matches!(c, Column::Input(i) if Some(*i) != dimension));
        Ok(BatchPlan {
            compiled,
            columns,
            headers: headers.to_vec(),
            year_columns,
            fast,
            dimension_column,
        })
    }

    /// The name of a band of the version's band set.
    pub fn band_name(&self, band: usize) -> &'v str {
        let version: &'v crate::ir::Version = self.compiled.version;
        self.compiled
            .band_set
            .and_then(|s| version.band_sets[s].bands.get(band))
            .map_or("", |b| b.name.as_str())
    }

    /// Evaluates one row. Errors name the column; nothing is computed for a row in error.
    pub fn row<F: Fields + ?Sized>(&self, fields: &F) -> Result<RowResult, Vec<CaseError>> {
        let mut scratch = RowScratch::default();
        let row = self.row_in(fields, &mut scratch)?;
        Ok(RowResult {
            band: row.band,
            full_year: row.full_year,
            years: row
                .years
                .iter()
                .map(|cents| Decimal::from_i128_with_scale(*cents, 2))
                .collect(),
        })
    }

    /// `row`, on a worker's scratch: the case is filled in place and the years are given in
    /// cents, borrowed from the scratch (what a batch writes, without allocating per row).
    pub fn row_in<'s, F: Fields + ?Sized>(
        &self,
        fields: &F,
        scratch: &'s mut RowScratch,
    ) -> Result<RowNumbers<'s>, Vec<CaseError>> {
        if fields.count() != self.columns.len() {
            return Err(vec![CaseError {
                field: "(ligne)".into(),
                message: format!(
                    "{} champs pour {} colonnes",
                    fields.count(),
                    self.columns.len()
                ),
            }]);
        }
        if self.fast {
            return self.fast_row(fields);
        }
        if let Some(index) = fields.utf8_error() {
            return Err(vec![self.error(
                index,
                "texte invalide : le fichier n'est pas en UTF-8".into(),
            )]);
        }
        self.fill_case(fields, scratch)?;
        Ok(self.numbers_in(scratch))
    }

    /// The numbers of the case the scratch holds, filled by `fill_case` or `fill_line`: the
    /// band, the full year and the years in cents, borrowed from the scratch.
    pub fn numbers_in<'s>(&self, scratch: &'s mut RowScratch) -> RowNumbers<'s> {
        let RowScratch { case, paid, .. } = scratch;
        let Some(case) = case.as_ref() else {
            return RowNumbers::default();
        };
        // The numbers only: no words are written for a batch row.
        let full_year = numbers_in_cents(self.compiled, case, paid).full_year;
        // A row without a signature has no contract years; year 0 (before the first) is not shown.
        let years = if case.contract.is_some() {
            if paid.len() <= self.year_columns {
                paid.resize(self.year_columns + 1, 0);
            }
            &paid[1..=self.year_columns]
        } else {
            &[]
        };
        let band = self.compiled.band_set.and_then(|set| {
            let dimension = self.compiled.version.band_sets[set].dimension?;
            case.inputs
                .get(dimension)?
                .as_ref()?
                .number()
                .and_then(|n| self.compiled.band_of_number(n))
        });
        RowNumbers {
            band,
            full_year,
            years,
        }
    }

    /// The batch fast path: bytes parsed in place, one band lookup, one multiplication.
    fn fast_row<'s, F: Fields + ?Sized>(
        &self,
        fields: &F,
    ) -> Result<RowNumbers<'s>, Vec<CaseError>> {
        let mut errors = Vec::new();
        let mut band = None;
        let mut achievement = Decimal::ZERO;
        let mut engaged = 0usize;
        for (index, column) in self.columns.iter().enumerate() {
            let field = fields.get(index);
            match column {
                Column::Input(_) if Some(index) == self.dimension_column => {
                    match count_of_bytes(field) {
                        Some(value) => {
                            band = self.compiled.band_of_count(value);
                            if band.is_none() {
                                errors.push(
                                    self.error(index, format!("{value} n'est dans aucune tranche")),
                                );
                            }
                        }
                        None => errors.push(self.error(
                            index,
                            number_refused(
                                &String::from_utf8_lossy(field),
                                "un nombre entier positif",
                            ),
                        )),
                    }
                }
                Column::Engaged(m) => match bool_of_bytes(field) {
                    Some(true) => {
                        if let Some(bit) =
                            self.compiled.optional_missions.iter().position(|o| o == m)
                        {
                            engaged |= 1 << bit;
                        }
                    }
                    Some(false) => {}
                    None => errors.push(self.error(
                        index,
                        format!(
                            "`true` ou `false` est attendu, pas `{}`",
                            String::from_utf8_lossy(field)
                        ),
                    )),
                },
                Column::Achievement => match rate_of_bytes(field)
                    .or_else(|| std::str::from_utf8(field).ok().and_then(parse_decimal))
                {
                    Some(rate) => match check_rate(rate, &self.headers[index]) {
                        Ok(rate) => achievement = rate,
                        Err(e) => errors.push(e),
                    },
                    None => errors.push(self.error(
                        index,
                        number_refused(
                            &String::from_utf8_lossy(field),
                            "un taux d'atteinte entre 0 et 1",
                        ),
                    )),
                },
                _ => {}
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let full_year = match band {
            Some(band) if self.compiled.has_annual_lines() => {
                self.compiled
                    .annual_total_uniform(band, engaged, achievement)
            }
            _ => None,
        };
        Ok(RowNumbers {
            band,
            full_year,
            years: &[],
        })
    }

    pub(super) fn error(&self, index: usize, message: String) -> CaseError {
        CaseError {
            field: self.headers[index].clone(),
            message,
        }
    }
}

/// The column a header names, when it is not an input: a contract's date, a mission's flag,
/// start, deployment or achievement (as a case file's `contrat` says them).
fn header_column(version: &crate::ir::Version, name: &str) -> Result<Column, String> {
    let mission = |name: &str| {
        version
            .mission_named(name)
            .ok_or_else(|| format!("mission inconnue `{name}`"))
    };
    if let Some(rest) = name.strip_prefix("taux_atteinte.") {
        if let Some(m) = version.mission_named(rest) {
            return Ok(Column::AchievementOf(m));
        }
        return match rest.rsplit_once('.') {
            Some((name, year)) => {
                let m = mission(name)?;
                match year.parse::<u32>() {
                    Ok(year) if year >= 1 => Ok(Column::AchievementIn(m, year)),
                    _ => Err(format!(
                        "`{year}` : l'année du contrat est un entier à partir de 1"
                    )),
                }
            }
            None => mission(rest).map(Column::AchievementOf),
        };
    }
    if let Some(rest) = name.strip_prefix("debut.") {
        return mission(rest).map(Column::Start);
    }
    if let Some(rest) = name.strip_prefix("deploiement.") {
        return mission(rest).map(Column::Effective);
    }
    Ok(match name {
        "signature" => Column::Signature,
        "jusqu_au" => Column::Until,
        "lettre_intention" => Column::LetterOfIntent,
        "taux_atteinte" => Column::Achievement,
        "crises" => Column::Crises,
        other => version
            .mission_named(other)
            .map_or(Column::Passthrough, Column::Engaged),
    })
}
