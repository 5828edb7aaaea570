//! Batch evaluation of CSV rows: the header is resolved once into a plan (which column is which
//! input, date, mission flag or achievement rate); each row then costs a band lookup and, when
//! no contract date is given, one multiplication and one addition.

use super::case::{
    check_rate, default_missions, parse_date, parse_decimal, Case, CaseError, Contract, MissionCase,
};
pub use super::cells::detect_separator;
use super::cells::{
    bool_of_bytes, count_of_bytes, csv_input, list_items, missing, number_refused, parse_bool,
    rate_of_bytes, trimmed,
};
use super::compiled::CompiledVersion;
use super::numbers::numbers_in_cents;
use crate::ir::MissionId;
use chrono::NaiveDate;
use clause_grammar::ast::DatePolicy;
use rust_decimal::Decimal;

#[derive(Debug, Clone, PartialEq)]
enum Column {
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

    /// Every field as text into `out`, else the index of the first field that is not UTF-8.
    /// (A reader holding the row's bytes in one buffer checks them at once.)
    fn texts<'a>(&'a self, out: &mut Vec<&'a str>) -> Result<(), usize> {
        for index in 0..self.count() {
            out.push(std::str::from_utf8(self.get(index)).map_err(|_| index)?);
        }
        Ok(())
    }
}

impl Fields for [&str] {
    fn count(&self) -> usize {
        self.len()
    }

    fn get(&self, index: usize) -> &[u8] {
        self.get(index).map_or(&[], |f| f.as_bytes())
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

#[derive(Debug, Clone)]
pub struct BatchPlan<'c, 'v> {
    compiled: &'c CompiledVersion<'v>,
    columns: Vec<Column>,
    pub headers: Vec<String>,
    /// Output year columns (`annee_1`…): the contract's years when rows give a signature.
    pub year_columns: usize,
    fast: bool,
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
        let mut texts = Vec::with_capacity(fields.count());
        if let Err(index) = fields.texts(&mut texts) {
            return Err(vec![self.error(
                index,
                "texte invalide : le fichier n'est pas en UTF-8".into(),
            )]);
        }
        let case = self.case_of(&texts)?;
        // The numbers only: no words are written for a batch row.
        let mut paid = Vec::new();
        let full_year = numbers_in_cents(self.compiled, &case, &mut paid).full_year;
        // A row without a signature has no contract years; year 0 (before the first) is not shown.
        let years = if case.contract.is_some() {
            (1..=self.year_columns)
                .map(|year| Decimal::from_i128_with_scale(paid.get(year).copied().unwrap_or(0), 2))
                .collect()
        } else {
            Vec::new()
        };
        let band = self.compiled.band_set.and_then(|set| {
            let dimension = self.compiled.version.band_sets[set].dimension?;
            case.inputs
                .get(dimension)?
                .as_ref()?
                .number()
                .and_then(|n| self.compiled.band_of(n))
        });
        Ok(RowResult {
            band,
            full_year,
            years,
        })
    }

    /// The batch fast path: bytes parsed in place, one band lookup, one multiplication.
    fn fast_row<F: Fields + ?Sized>(&self, fields: &F) -> Result<RowResult, Vec<CaseError>> {
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
        Ok(RowResult {
            band,
            full_year,
            years: Vec::new(),
        })
    }

    fn error(&self, index: usize, message: String) -> CaseError {
        CaseError {
            field: self.headers[index].clone(),
            message,
        }
    }

    /// The full case a row describes (what `row` evaluates; the costing evaluates it in full).
    pub fn case_of(&self, fields: &[&str]) -> Result<Case, Vec<CaseError>> {
        let version = self.compiled.version;
        let mut errors = Vec::new();
        let mut inputs = vec![None; version.inputs.len()];
        let mut signature = None;
        let mut until = None;
        let mut letter_of_intent = None;
        let mut missions: Vec<MissionCase> = default_missions(version);
        let mut default_rate = None;
        let mut crises = Vec::new();
        let date = |index: usize, field: &str, errors: &mut Vec<CaseError>| {
            if trimmed(field).is_empty() {
                return None;
            }
            let parsed = parse_date(field);
            if parsed.is_none() {
                errors.push(self.error(
                    index,
                    format!("date invalide `{field}` : format AAAA-MM-JJ attendu"),
                ));
            }
            parsed
        };
        for (index, column) in self.columns.iter().enumerate() {
            let field = fields[index];
            match column {
                Column::Input(id) => match csv_input(version, version.inputs[*id].ty, field) {
                    Ok(None) => errors.push(self.error(index, missing(version, *id))),
                    Ok(value) => inputs[*id] = value,
                    Err(message) => errors.push(self.error(index, message)),
                },
                Column::Signature => signature = date(index, field, &mut errors),
                Column::Until => until = date(index, field, &mut errors),
                Column::LetterOfIntent => letter_of_intent = date(index, field, &mut errors),
                Column::Start(m) => missions[*m].start = date(index, field, &mut errors),
                Column::Effective(m) => missions[*m].effective = date(index, field, &mut errors),
                Column::Crises => {
                    for item in list_items(field) {
                        if let Some(crisis) = date(index, item, &mut errors) {
                            crises.push(crisis);
                        }
                    }
                }
                Column::Engaged(m) => match parse_bool(field) {
                    Some(flag) => missions[*m].engaged = flag,
                    None => errors.push(self.error(
                        index,
                        format!("`true` ou `false` est attendu, pas `{field}`"),
                    )),
                },
                Column::Achievement | Column::AchievementOf(_) | Column::AchievementIn(..) => {
                    if trimmed(field).is_empty() {
                        continue;
                    }
                    match rate_of_bytes(field.as_bytes())
                        .or_else(|| parse_decimal(field))
                        .map(|r| check_rate(r, &self.headers[index]))
                    {
                        Some(Ok(rate)) => match column {
                            Column::AchievementOf(m) => {
                                missions[*m].default_achievement = Some(rate)
                            }
                            Column::AchievementIn(m, year) => {
                                missions[*m].achievement.insert(*year, rate);
                            }
                            _ => default_rate = Some(rate),
                        },
                        Some(Err(e)) => errors.push(e),
                        None => errors.push(self.error(
                            index,
                            number_refused(field, "un taux d'atteinte entre 0 et 1"),
                        )),
                    }
                }
                Column::Passthrough => {}
            }
        }
        if let Some(rate) = default_rate {
            for mission in &mut missions {
                mission.default_achievement.get_or_insert(rate);
            }
        }
        let contract = match signature {
            Some(signature) => {
                let mut refused_end = false;
                let until = match until {
                    Some(until) => Some(until),
                    None => {
                        super::dates::contract_end(version, signature).unwrap_or_else(|message| {
                            refused_end = true;
                            errors.push(CaseError {
                                field: "signature".into(),
                                message,
                            });
                            None
                        })
                    }
                };
                match until {
                    Some(until) if until < signature => {
                        errors.push(CaseError {
                            field: "jusqu_au".into(),
                            message: format!("le {until} précède la signature du {signature}"),
                        });
                        None
                    }
                    Some(until) => {
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
                        let refused = if version.date_policy() == DatePolicy::Refuse {
                            let dates = super::case::mission_dates(&missions);
                            super::dates::refused(version, signature, until, &dates)
                        } else {
                            Vec::new()
                        };
                        errors.extend(refused.into_iter().map(|(field, message)| CaseError {
                            field: field.trim_start_matches("contrat.").into(),
                            message,
                        }));
                        Some(Contract {
                            signature,
                            letter_of_intent,
                            crises: std::mem::take(&mut crises),
                            until,
                            policy: version.date_policy(),
                        })
                    }
                    None if refused_end => None,
                    None => {
                        errors.push(CaseError { field: "jusqu_au".into(), message: "date de fin manquante : la version ne donne pas de durée de contrat".into() });
                        None
                    }
                }
            }
            None => None,
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Case {
            inputs,
            missions,
            contract,
        })
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
