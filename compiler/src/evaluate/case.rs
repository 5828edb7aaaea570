//! A case to evaluate: the inputs of the agreement and the contract's dates, read from JSON
//! (`entrees`, `contrat`) or from a CSV row, validated against one version with errors that
//! name the field.

pub use super::achievements::Achievements;
pub use super::cells::{inexact_number, parse_date, parse_decimal};
use super::select::describe_json as describe;
use crate::ir::{MissionId, Version};
use crate::types::Type;
use crate::value::Value;
use chrono::NaiveDate;
use clause_grammar::ast::{DatePolicy, MissionKind};
use rust_decimal::Decimal;
use serde_json::Value as Json;
use std::collections::BTreeSet;

pub use super::json_errors::json_error_french;

#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// One slot per input of the version.
    pub inputs: Vec<Option<Value>>,
    /// One entry per mission of the version: engaged, started, achievement.
    pub missions: Vec<MissionCase>,
    /// The contract's dates; without them only the band and the yearly amounts are computed.
    pub contract: Option<Contract>,
}

impl Case {
    /// A case with the inputs given and the version's mandatory missions engaged.
    pub fn with_inputs(version: &Version, inputs: Vec<Option<Value>>) -> Case {
        Case {
            inputs,
            missions: default_missions(version),
            contract: None,
        }
    }
}

/// Every mandatory mission engaged, optional ones not.
pub fn default_missions(version: &Version) -> Vec<MissionCase> {
    version
        .missions
        .iter()
        .map(|m| MissionCase {
            engaged: m.kind == MissionKind::Mandatory,
            ..MissionCase::default()
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq)]
pub struct Contract {
    pub signature: NaiveDate,
    /// Validation of the letter of intent by the ARS, when the case gives it.
    pub letter_of_intent: Option<NaiveDate>,
    pub crises: Vec<NaiveDate>,
    /// Payments after this date are not listed; deadlines are judged at this date.
    pub until: NaiveDate,
    /// How the contract's dates are computed (the version's `dates ambiguës`).
    pub policy: DatePolicy,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct MissionCase {
    pub engaged: bool,
    pub start: Option<NaiveDate>,
    pub effective: Option<NaiveDate>,
    /// Achievement of the variable part by contract year (1-based).
    pub achievement: Achievements,
    /// Achievement for years not listed (a batch's `taux_atteinte`).
    pub default_achievement: Option<Decimal>,
}

impl MissionCase {
    /// A mission the case says nothing of, engaged or not.
    pub const fn unsaid(engaged: bool) -> MissionCase {
        MissionCase {
            engaged,
            start: None,
            effective: None,
            achievement: Achievements::NONE,
            default_achievement: None,
        }
    }

    /// The achievement of a contract year and whether it was given.
    #[inline]
    pub fn achievement_of(&self, year: u32) -> (Decimal, bool) {
        match self
            .achievement
            .get(&year)
            .copied()
            .or(self.default_achievement)
        {
            Some(rate) => (rate, true),
            None => (Decimal::ZERO, false),
        }
    }
}

/// A problem with a case: the field's path (`contrat.missions.qualite.debut`) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CaseError {
    pub field: String,
    pub message: String,
}

impl std::fmt::Display for CaseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}` : {}", self.field, self.message)
    }
}

fn error(field: impl Into<String>, message: impl Into<String>) -> CaseError {
    CaseError {
        field: field.into(),
        message: message.into(),
    }
}

/// The version a case names in its `version` field, if any.
pub fn version_named_in(json: &Json) -> Option<String> {
    json.get("version")?.as_str().map(str::to_string)
}

/// The contract's signature date a case gives (`contrat.signature`), if valid.
pub fn signature_in(json: &Json) -> Option<NaiveDate> {
    json.get("contrat")?
        .get("signature")?
        .as_str()
        .and_then(parse_date)
}

/// Parses a case file's JSON text, once; a syntax error names its line and column in French.
pub fn parse_json(text: &str) -> Result<Json, CaseError> {
    serde_json::from_str(text).map_err(|e| {
        error(
            "(document)",
            format!(
                "JSON invalide ligne {}, colonne {} : {}",
                e.line(),
                e.column(),
                json_error_french(&e)
            ),
        )
    })
}

impl Case {
    /// Reads a case from its JSON text. Every problem is reported, each naming its field.
    pub fn from_json(version: &Version, text: &str) -> Result<Case, Vec<CaseError>> {
        let json = parse_json(text).map_err(|e| vec![e])?;
        Case::from_value(version, &json)
    }

    /// Reads a case from its parsed JSON document.
    pub fn from_value(version: &Version, json: &Json) -> Result<Case, Vec<CaseError>> {
        let Json::Object(root) = json else {
            return Err(vec![error(
                "(document)",
                "un objet JSON `{ … }` est attendu",
            )]);
        };
        let mut errors = Vec::new();
        for key in root.keys() {
            if !super::select::CASE_FIELDS.contains(&key.as_str()) {
                errors.push(unknown_field(key, key, super::select::CASE_FIELDS));
            }
        }
        let mut inputs = vec![None; version.inputs.len()];
        match root.get("entrees") {
            Some(Json::Object(entries)) => {
                for (name, value) in entries {
                    let field = format!("entrees.{name}");
                    match version.input_named(name) {
                        Some(id) => {
                            match input_value(version, version.inputs[id].ty, value, &field) {
                                Ok(v) => inputs[id] = Some(v),
                                Err(e) => errors.push(e),
                            }
                        }
                        None => {
                            let known: Vec<&str> =
                                version.inputs.iter().map(|i| i.name.as_str()).collect();
                            errors.push(unknown_field(&field, name, &known));
                        }
                    }
                }
            }
            Some(_) => errors.push(error(
                "entrees",
                "un objet `{ \"nom\": valeur }` est attendu",
            )),
            None if !version.inputs.is_empty() => errors.push(error("entrees", "champ manquant")),
            None => {}
        }
        if matches!(root.get("entrees"), Some(Json::Object(_))) {
            let missing: Vec<_> = super::select::missing_inputs(version, &inputs)
                .filter(|(field, _)| errors.iter().all(|e| &e.field != field))
                .collect();
            errors.extend(
                missing
                    .into_iter()
                    .map(|(field, message)| error(field, message)),
            );
        }
        let mut missions = default_missions(version);
        let contract = match root.get("contrat") {
            Some(Json::Object(contract)) => {
                parse_contract(version, contract, &mut missions, &mut errors)
            }
            Some(Json::Null) | None => None,
            Some(_) => {
                errors.push(error(
                    "contrat",
                    "un objet `{ \"signature\": … }` est attendu",
                ));
                None
            }
        };
        if errors.is_empty() {
            Ok(Case {
                inputs,
                missions,
                contract,
            })
        } else {
            Err(errors)
        }
    }
}

fn unknown_field(field: &str, name: &str, known: &[&str]) -> CaseError {
    let hint = match crate::suggest::did_you_mean(name, known.iter().copied()) {
        Some(s) => format!(" ; vouliez-vous dire `{s}` ?"),
        None if known.is_empty() => String::new(),
        None => format!(" ; champs connus : {}", known.join(", ")),
    };
    error(field, format!("champ inconnu{hint}"))
}

/// Converts a JSON value to the input's declared type.
pub fn input_value(
    version: &Version,
    ty: Type,
    json: &Json,
    field: &str,
) -> Result<Value, CaseError> {
    let number = |json: &Json| -> Option<Decimal> {
        match json {
            Json::Number(n) => super::cells::json_number(n),
            Json::String(s) => parse_decimal(s),
            _ => None,
        }
    };
    match ty {
        Type::Count => {
            let n = number(json).ok_or_else(|| number_refused(json, field, "un nombre entier"))?;
            if !n.fract().is_zero() {
                return Err(error(
                    field,
                    format!("un nombre entier est attendu, pas {n}"),
                ));
            }
            if n.is_sign_negative() && !n.is_zero() {
                return Err(error(
                    field,
                    format!("un nombre positif est attendu, pas {n}"),
                ));
            }
            Ok(Value::Count(n))
        }
        Type::Money => number(json)
            .map(Value::Money)
            .ok_or_else(|| number_refused(json, field, "un montant")),
        Type::Rate => number(json)
            .map(Value::Rate)
            .ok_or_else(|| number_refused(json, field, "un taux (0 à 1)")),
        Type::Decimal => number(json)
            .map(Value::Decimal)
            .ok_or_else(|| number_refused(json, field, "un nombre")),
        Type::Bool => json.as_bool().map(Value::Bool).ok_or_else(|| {
            error(
                field,
                format!("`true` ou `false` est attendu, pas {}", describe(json)),
            )
        }),
        Type::Text => json
            .as_str()
            .map(|s| Value::Text(s.to_string()))
            .ok_or_else(|| {
                error(
                    field,
                    format!("un texte est attendu, pas {}", describe(json)),
                )
            }),
        Type::Date => json
            .as_str()
            .and_then(parse_date)
            .map(Value::Date)
            .ok_or_else(|| {
                error(
                    field,
                    format!("une date AAAA-MM-JJ est attendue, pas {}", describe(json)),
                )
            }),
        Type::Enum(e) => {
            let name = json.as_str().ok_or_else(|| {
                error(
                    field,
                    format!(
                        "une valeur de `{}` est attendue, pas {}",
                        version.enums[e].name,
                        describe(json)
                    ),
                )
            })?;
            variant(version, e, name, field).map(|v| Value::Variant(e, v))
        }
        Type::Set(e) => {
            let items = json.as_array().ok_or_else(|| {
                error(
                    field,
                    format!(
                        "une liste de valeurs de `{}` est attendue, pas {}",
                        version.enums[e].name,
                        describe(json)
                    ),
                )
            })?;
            let mut set = BTreeSet::new();
            for (i, item) in items.iter().enumerate() {
                let name = item.as_str().ok_or_else(|| {
                    error(
                        format!("{field}[{i}]"),
                        format!("un nom de `{}` est attendu", version.enums[e].name),
                    )
                })?;
                set.insert(variant(version, e, name, &format!("{field}[{i}]"))?);
            }
            Ok(Value::Set(e, set))
        }
        Type::Duration | Type::Error => {
            Err(error(field, "type d'entrée non pris en charge dans un cas"))
        }
    }
}

fn variant(version: &Version, e: usize, name: &str, field: &str) -> Result<usize, CaseError> {
    let variants = &version.enums[e].variants;
    variants.iter().position(|v| v.name == name).ok_or_else(|| {
        let known: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
        let hint = match crate::suggest::did_you_mean(name, known.iter().copied()) {
            Some(s) => format!("vouliez-vous dire `{s}` ?"),
            None => format!("valeurs possibles : {}", known.join(", ")),
        };
        error(
            field,
            format!(
                "`{name}` n'est pas une valeur de `{}` ; {hint}",
                version.enums[e].name
            ),
        )
    })
}

fn date_field(json: Option<&Json>, field: &str, errors: &mut Vec<CaseError>) -> Option<NaiveDate> {
    match json? {
        Json::String(s) => match parse_date(s) {
            Some(date) => Some(date),
            None => {
                errors.push(error(
                    field,
                    format!("date invalide \"{s}\" : format AAAA-MM-JJ attendu"),
                ));
                None
            }
        },
        Json::Null => None,
        other => {
            errors.push(error(
                field,
                format!("une date AAAA-MM-JJ est attendue, pas {}", describe(other)),
            ));
            None
        }
    }
}

/// An achievement rate in [0, 1].
pub fn achievement_rate(json: &Json, field: &str) -> Result<Decimal, CaseError> {
    let rate = match json {
        Json::Number(n) => super::cells::json_number(n),
        Json::String(s) => parse_decimal(s),
        _ => None,
    }
    .ok_or_else(|| number_refused(json, field, "un taux d'atteinte entre 0 et 1"))?;
    check_rate(rate, field)
}

/// The error for a value not read as a number: `what` is expected, unless it is a number
/// `Decimal` cannot hold exactly (a JSON number `json_number` refuses, a text `cells::unheld`
/// refuses), which has its own words.
fn number_refused(json: &Json, field: &str, what: &str) -> CaseError {
    let unheld = match json {
        Json::Number(_) => true,
        Json::String(s) => super::cells::unheld(s),
        _ => false,
    };
    if unheld {
        error(field, super::cells::inexact_number(&describe(json)))
    } else {
        error(field, format!("{what} est attendu, pas {}", describe(json)))
    }
}

pub fn check_rate(rate: Decimal, field: &str) -> Result<Decimal, CaseError> {
    // `0 <= rate <= 1` on the mantissa: `m / 10^s <= 1` is `m <= 10^s`.
    // The unit from a table (a batch checks some twenty rates a row), else computed.
    let unit = match super::cents::POWERS.get(rate.scale() as usize) {
        Some(unit) => Some(i128::from(*unit)),
        None => 10i128.checked_pow(rate.scale()),
    };
    let within = rate.is_zero()
        || (rate.is_sign_positive() && unit.is_none_or(|unit| rate.mantissa() <= unit));
    if !within {
        return Err(error(
            field,
            format!("le taux d'atteinte {rate} sort de [0, 1]"),
        ));
    }
    Ok(rate)
}

fn parse_contract(
    version: &Version,
    contract: &serde_json::Map<String, Json>,
    missions: &mut [MissionCase],
    errors: &mut Vec<CaseError>,
) -> Option<Contract> {
    const FIELDS: [&str; 5] = [
        "signature",
        "lettre_intention",
        "missions",
        "crises",
        "jusqu_au",
    ];
    for key in contract.keys() {
        if !FIELDS.contains(&key.as_str()) {
            errors.push(unknown_field(&format!("contrat.{key}"), key, &FIELDS));
        }
    }
    let signature = match contract.get("signature") {
        None => {
            errors.push(error(
                "contrat.signature",
                "champ manquant : la date de signature du contrat",
            ));
            None
        }
        some => date_field(some, "contrat.signature", errors),
    };
    let letter_of_intent = date_field(
        contract.get("lettre_intention"),
        "contrat.lettre_intention",
        errors,
    );
    match contract.get("missions") {
        Some(Json::Object(entries)) => {
            for (name, entry) in entries {
                let field = format!("contrat.missions.{name}");
                let Some(id) = version.mission_named(name) else {
                    let known: Vec<&str> =
                        version.missions.iter().map(|m| m.name.as_str()).collect();
                    errors.push(unknown_field(&field, name, &known));
                    continue;
                };
                parse_mission(entry, &field, &mut missions[id], errors);
            }
        }
        Some(Json::Null) | None => {}
        Some(other) => errors.push(error(
            "contrat.missions",
            format!(
                "un objet `{{ \"mission\": {{ … }} }}` est attendu, pas {}",
                describe(other)
            ),
        )),
    }
    let mut crises = Vec::new();
    match contract.get("crises") {
        Some(Json::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                if let Some(date) = date_field(Some(item), &format!("contrat.crises[{i}]"), errors)
                {
                    crises.push(date);
                }
            }
        }
        Some(Json::Null) | None => {}
        Some(other) => errors.push(error(
            "contrat.crises",
            format!("une liste de dates est attendue, pas {}", describe(other)),
        )),
    }
    let until = date_field(contract.get("jusqu_au"), "contrat.jusqu_au", errors);
    let signature = signature?;
    let until = match until {
        Some(until) => Some(until),
        None => match super::dates::contract_end(version, signature) {
            Ok(end) => end,
            Err(message) => {
                errors.push(error("contrat.signature", message));
                return None;
            }
        },
    };
    let Some(until) = until else {
        errors.push(error(
            "contrat.jusqu_au",
            "champ manquant : la version ne donne pas de durée de contrat",
        ));
        return None;
    };
    // Dates of the contract cannot precede its signature.
    let mut before_signature = |field: String, date: NaiveDate| {
        if date < signature {
            errors.push(error(
                field,
                format!("le {date} précède la signature du {signature}"),
            ));
        }
    };
    before_signature("contrat.jusqu_au".into(), until);
    for (id, mission) in missions.iter().enumerate() {
        let name = &version.missions[id].name;
        if let Some(start) = mission.start {
            before_signature(format!("contrat.missions.{name}.debut"), start);
        }
        if let Some(effective) = mission.effective {
            before_signature(format!("contrat.missions.{name}.deploiement"), effective);
        }
    }
    for (i, crisis) in crises.iter().enumerate() {
        before_signature(format!("contrat.crises[{i}]"), *crisis);
    }
    let dates = mission_dates(missions);
    let refused = super::dates::refused(version, signature, until, &dates);
    if !refused.is_empty() {
        errors.extend(
            refused
                .into_iter()
                .map(|(field, message)| error(field, message)),
        );
        return None;
    }
    Some(Contract {
        signature,
        letter_of_intent,
        crises,
        until,
        policy: version.date_policy(),
    })
}

fn parse_mission(
    entry: &Json,
    field: &str,
    mission: &mut MissionCase,
    errors: &mut Vec<CaseError>,
) {
    mission.engaged = true;
    let entry = match entry {
        Json::Object(entry) => entry,
        Json::Bool(engaged) => {
            mission.engaged = *engaged;
            return;
        }
        other => {
            errors.push(error(
                field,
                format!(
                    "un objet `{{ \"debut\": …, \"atteinte\": … }}` est attendu, pas {}",
                    describe(other)
                ),
            ));
            return;
        }
    };
    const FIELDS: [&str; 3] = ["debut", "deploiement", "atteinte"];
    for key in entry.keys() {
        if !FIELDS.contains(&key.as_str()) {
            errors.push(unknown_field(&format!("{field}.{key}"), key, &FIELDS));
        }
    }
    mission.start = date_field(entry.get("debut"), &format!("{field}.debut"), errors);
    mission.effective = date_field(
        entry.get("deploiement"),
        &format!("{field}.deploiement"),
        errors,
    );
    match entry.get("atteinte") {
        Some(Json::Object(years)) => {
            for (year, rate) in years {
                let year_field = format!("{field}.atteinte.{year}");
                match year.parse::<u32>() {
                    Ok(y) if y >= 1 => match achievement_rate(rate, &year_field) {
                        Ok(rate) => {
                            mission.achievement.insert(y, rate);
                        }
                        Err(e) => errors.push(e),
                    },
                    _ => errors.push(error(
                        year_field,
                        "l'année du contrat est un entier à partir de 1",
                    )),
                }
            }
        }
        Some(Json::Null) | None => {}
        Some(other) => match achievement_rate(other, &format!("{field}.atteinte")) {
            // One rate for every year.
            Ok(rate) => mission.default_achievement = Some(rate),
            Err(e) => errors.push(e),
        },
    }
}

/// The mission ids a case engages.
pub fn engaged_missions(case: &Case) -> impl Iterator<Item = MissionId> + '_ {
    case.missions
        .iter()
        .enumerate()
        .filter(|(_, m)| m.engaged)
        .map(|(i, _)| i)
}

/// The dates of each mission of a case, as the date policy reads them (`dates::refused`).
pub(super) fn mission_dates(missions: &[MissionCase]) -> Vec<super::dates::MissionDates> {
    missions
        .iter()
        .map(|m| super::dates::MissionDates {
            engaged: m.engaged,
            start: m.start,
        })
        .collect()
}
