//! Batch evaluation of CSV rows: the header is resolved once into a plan (which column is which
//! input, date, mission flag or achievement rate); each row then costs a band lookup and, when
//! no contract date is given, one multiplication and one addition.

use super::case::{
    check_rate, default_missions, parse_date, parse_decimal, Case, CaseError, Contract, MissionCase,
};
use super::compiled::CompiledVersion;
use super::run::evaluate;
use crate::ir::MissionId;
use crate::types::Type;
use crate::value::Value;
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
    /// `taux_atteinte`: the achievement of every variable part, every year.
    Achievement,
    AchievementOf(MissionId),
    /// Any other column is copied to the output.
    Passthrough,
}

/// The fields of one CSV row, as bytes (the reader need not validate or copy them).
pub trait Fields {
    fn count(&self) -> usize;
    fn get(&self, index: usize) -> &[u8];
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
            } else if let Some(mission) = name.strip_prefix("taux_atteinte.") {
                match version.mission_named(mission) {
                    Some(m) => Column::AchievementOf(m),
                    None => {
                        errors.push(CaseError {
                            field: header.clone(),
                            message: format!("mission inconnue `{mission}`"),
                        });
                        Column::Passthrough
                    }
                }
            } else if let Some(mission) = name.strip_prefix("debut.") {
                match version.mission_named(mission) {
                    Some(m) => Column::Start(m),
                    None => {
                        errors.push(CaseError {
                            field: header.clone(),
                            message: format!("mission inconnue `{mission}`"),
                        });
                        Column::Passthrough
                    }
                }
            } else {
                match name {
                    "signature" => Column::Signature,
                    "jusqu_au" => Column::Until,
                    "lettre_intention" => Column::LetterOfIntent,
                    "taux_atteinte" => Column::Achievement,
                    other => match version.mission_named(other) {
                        Some(m) => Column::Engaged(m),
                        None => Column::Passthrough,
                    },
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
            && !columns
                .iter()
                .any(|c| matches!(c, Column::AchievementOf(_) | Column::Start(_)))
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
        for index in 0..fields.count() {
            match std::str::from_utf8(fields.get(index)) {
                Ok(text) => texts.push(text),
                Err(_) => {
                    return Err(vec![self.error(
                        index,
                        "texte invalide : le fichier n'est pas en UTF-8".into(),
                    )])
                }
            }
        }
        let case = self.case_of(&texts)?;
        let evaluation = evaluate(self.compiled, &case, false);
        let full_year = evaluation
            .resultats
            .iter()
            .find(|r| r.nom == "financement_annee_pleine")
            .and_then(|r| r.valeur.amount());
        // A row without a signature has no contract years.
        let mut years = if case.contract.is_some() {
            vec![Decimal::ZERO; self.year_columns]
        } else {
            Vec::new()
        };
        for total in &evaluation.totaux_par_annee {
            if let Some(slot) = (total.annee as usize)
                .checked_sub(1)
                .and_then(|i| years.get_mut(i))
            {
                *slot = total.amount;
            }
        }
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
                            format!(
                                "un nombre entier positif est attendu, pas `{}`",
                                String::from_utf8_lossy(field)
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
                        format!(
                            "un taux d'atteinte entre 0 et 1 est attendu, pas `{}`",
                            String::from_utf8_lossy(field)
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
        let date = |index: usize, field: &str, errors: &mut Vec<CaseError>| {
            if field.trim().is_empty() {
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
                Column::Engaged(m) => match parse_bool(field) {
                    Some(flag) => missions[*m].engaged = flag,
                    None => errors.push(self.error(
                        index,
                        format!("`true` ou `false` est attendu, pas `{field}`"),
                    )),
                },
                Column::Achievement | Column::AchievementOf(_) => {
                    if field.trim().is_empty() {
                        continue;
                    }
                    match parse_decimal(field).map(|r| check_rate(r, &self.headers[index])) {
                        Some(Ok(rate)) => match column {
                            Column::AchievementOf(m) => {
                                missions[*m].default_achievement = Some(rate)
                            }
                            _ => default_rate = Some(rate),
                        },
                        Some(Err(e)) => errors.push(e),
                        None => errors.push(self.error(
                            index,
                            format!("un taux d'atteinte entre 0 et 1 est attendu, pas `{field}`"),
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
                        let dates: Vec<super::dates::MissionDates> = missions
                            .iter()
                            .map(|m| super::dates::MissionDates {
                                engaged: m.engaged,
                                start: m.start,
                            })
                            .collect();
                        let refused = super::dates::refused(version, signature, until, &dates);
                        errors.extend(refused.into_iter().map(|(field, message)| CaseError {
                            field: field.trim_start_matches("contrat.").into(),
                            message,
                        }));
                        Some(Contract {
                            signature,
                            letter_of_intent,
                            crises: Vec::new(),
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

/// An empty cell of an input (`evaluate::select::missing_inputs`).
fn missing(version: &crate::ir::Version, input: usize) -> String {
    format!(
        "champ manquant : la version déclare l'entrée `{}`",
        version.inputs[input].name
    )
}

fn csv_input(version: &crate::ir::Version, ty: Type, field: &str) -> Result<Option<Value>, String> {
    if field.trim().is_empty() {
        return Ok(None);
    }
    match ty {
        Type::Count => parse_count(field)
            .map(|n| Some(Value::Count(n)))
            .ok_or_else(|| format!("un nombre entier positif est attendu, pas `{field}`")),
        Type::Money => parse_decimal(field)
            .map(|n| Some(Value::Money(n)))
            .ok_or_else(|| format!("un montant est attendu, pas `{field}`")),
        Type::Rate => parse_decimal(field)
            .map(|n| Some(Value::Rate(n)))
            .ok_or_else(|| format!("un taux est attendu, pas `{field}`")),
        Type::Decimal => parse_decimal(field)
            .map(|n| Some(Value::Decimal(n)))
            .ok_or_else(|| format!("un nombre est attendu, pas `{field}`")),
        Type::Bool => parse_bool(field)
            .map(|b| Some(Value::Bool(b)))
            .ok_or_else(|| format!("`true` ou `false` est attendu, pas `{field}`")),
        Type::Date => parse_date(field)
            .map(|d| Some(Value::Date(d)))
            .ok_or_else(|| format!("date invalide `{field}`")),
        Type::Text => Ok(Some(Value::Text(field.to_string()))),
        // A variant by its name; a set as its names separated by `|` (docs/evaluation.md).
        Type::Enum(e) => csv_variant(version, e, field.trim()).map(|v| Some(Value::Variant(e, v))),
        Type::Set(e) => {
            let mut set = std::collections::BTreeSet::new();
            for item in field.trim().split('|') {
                set.insert(csv_variant(version, e, item.trim())?);
            }
            Ok(Some(Value::Set(e, set)))
        }
        _ => Err("type d'entrée non pris en charge en CSV".into()),
    }
}

/// A variant of enumeration `e` named in a CSV field (the generated SQL names the variants
/// too: no suggestion, the list of the names).
fn csv_variant(version: &crate::ir::Version, e: usize, name: &str) -> Result<usize, String> {
    let variants = &version.enums[e].variants;
    variants.iter().position(|v| v.name == name).ok_or_else(|| {
        let known: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
        format!(
            "`{name}` n'est pas une valeur de `{}` ; valeurs possibles : {}",
            version.enums[e].name,
            known.join(", ")
        )
    })
}

/// A non-negative whole number (digits only; spaces as thousands separators allowed).
fn parse_count(field: &str) -> Option<Decimal> {
    let field = field.trim();
    if !field.is_empty() && field.len() <= 18 && field.bytes().all(|b| b.is_ascii_digit()) {
        return field.parse::<u64>().ok().map(Decimal::from);
    }
    let value = parse_decimal(field)?;
    (value.fract().is_zero() && !value.is_sign_negative()).then_some(value)
}

/// Digits only: a non-negative whole number (the common form of a population column).
fn count_of_bytes(field: &[u8]) -> Option<u64> {
    let field = field.trim_ascii();
    if field.is_empty() || field.len() > 18 || !field.iter().all(u8::is_ascii_digit) {
        return std::str::from_utf8(field)
            .ok()
            .and_then(parse_count)
            .and_then(|d| u64::try_from(d).ok());
    }
    Some(
        field
            .iter()
            .fold(0u64, |n, digit| n * 10 + u64::from(digit - b'0')),
    )
}

/// `0.1234` or `0,1234` or `1`: a decimal written with at most 18 digits, read without allocating.
fn rate_of_bytes(field: &[u8]) -> Option<Decimal> {
    let field = field.trim_ascii();
    let mut mantissa: i64 = 0;
    let mut scale: Option<u32> = None;
    let mut digits = 0;
    for &byte in field {
        match byte {
            b'0'..=b'9' => {
                digits += 1;
                if digits > 18 {
                    return None;
                }
                mantissa = mantissa * 10 + i64::from(byte - b'0');
                if let Some(s) = scale.as_mut() {
                    *s += 1;
                }
            }
            b'.' | b',' if scale.is_none() => scale = Some(0),
            _ => return None,
        }
    }
    (digits > 0).then(|| Decimal::new(mantissa, scale.unwrap_or(0)))
}

fn bool_of_bytes(field: &[u8]) -> Option<bool> {
    match field.trim_ascii() {
        b"true" | b"vrai" | b"1" | b"oui" => Some(true),
        b"false" | b"faux" | b"0" | b"non" | b"" => Some(false),
        _ => None,
    }
}

fn parse_bool(field: &str) -> Option<bool> {
    match field.trim() {
        "true" | "vrai" | "1" | "oui" => Some(true),
        "false" | "faux" | "0" | "non" | "" => Some(false),
        _ => None,
    }
}

/// The separator a CSV header line uses: the most frequent of `,`, `;` and tab outside quotes
/// (a comma when there is none: a single column). French spreadsheets save with semicolons.
pub fn detect_separator(header: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for byte in header {
        match byte {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let separators = [b',', b';', b'\t'];
    let best = (0..3)
        .max_by_key(|i| (counts[*i], std::cmp::Reverse(*i)))
        .unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        separators[best]
    }
}
