//! Chooses the version in force at a date (`--at DATE`): of the case's agreement (the chain of
//! amendments from one `accord`), the latest version whose date of effect has come, among the
//! signed ones unless a status threshold lets proposals or drafts in (signé < proposé < projet).
//! Whether each line reaches the contract is then the lines' own rules of eligibility
//! (`evaluate::timeline`), not the choice of version.

use crate::ir::{Reservation, Version, VersionKind};
use chrono::NaiveDate;
use clause_grammar::ast::Status;
use serde_json::Value as Json;

/// A case's top-level fields: the version or the root `accord` it is evaluated under, its
/// inputs, its contract.
pub const CASE_FIELDS: &[&str] = &["version", "accord", "entrees", "contrat"];

/// The agreement a case names for `--at`: its `accord` field, else its `version` field.
pub fn agreement_named_in(json: &Json) -> Option<String> {
    ["accord", "version"]
        .iter()
        .find_map(|field| json.get(*field).and_then(Json::as_str))
        .map(str::to_string)
}

/// The names of the inputs a case gives (`entrees`).
pub fn input_names_in(json: &Json) -> Vec<&str> {
    match json.get("entrees") {
        Some(Json::Object(entries)) => entries.keys().map(String::as_str).collect(),
        _ => Vec::new(),
    }
}

/// How far from a signed text a version may be to be chosen: `Signed` takes signed versions
/// only, `Proposed` also proposals, `Draft` every version.
pub fn within(status: Option<Status>, threshold: Status) -> bool {
    let rank = |s: Status| match s {
        Status::Signed => 0,
        Status::Proposed => 1,
        Status::Draft => 2,
    };
    status.is_some_and(|s| rank(s) <= rank(threshold))
}

/// The root `accord` of a version's chain.
pub fn agreement_of(version: &Version) -> &str {
    match &version.kind {
        VersionKind::Agreement => &version.name,
        VersionKind::Consolidated { chain, .. } => chain.last().map_or(&version.name, |r| r),
    }
}

/// Whether a version's own lines reach a contract signed on `signature`: false when the
/// version reserves them (`applicable aux contrats signés avant le …`) to older contracts.
pub fn applies_to(version: &Version, signature: NaiveDate) -> bool {
    version
        .own_applicable_before()
        .is_none_or(|limit| signature < limit)
}

/// Whether any line a version writes itself (an amendment's `ajoute` and `remplace`) reaches a
/// contract signed on `signature`, by the version's `applicable aux contrats signés avant le`
/// and each line's `réservé aux contrats signés avant|après le` (`réservé si` counts as
/// reaching: it depends on the case). A contract it does not reach is outside the amendment.
pub fn reaches(version: &Version, signature: NaiveDate) -> bool {
    applies_to(version, signature)
        && version
            .values
            .iter()
            .filter(|v| v.origin.declared_in == version.name)
            .any(|v| {
                v.reserved.iter().all(|rule| match &rule.value {
                    Reservation::SignedBefore(limit) => signature < *limit,
                    Reservation::SignedAfter(limit) => signature > *limit,
                    Reservation::If(_) => true,
                })
            })
}

/// What the choice is made from: the date, the case's agreement (an `accord` or a version
/// of it) or the input names it gives, and the status threshold.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub at: NaiveDate,
    pub agreement: Option<&'a str>,
    /// The input names the case gives (used when it names no agreement).
    pub inputs: Vec<&'a str>,
    pub threshold: Status,
}

/// The version chosen and why, in French sentences.
#[derive(Debug, Clone)]
pub struct Choice<'v> {
    pub version: &'v Version,
    pub reasons: Vec<String>,
}

/// The status of a version and of every base of its chain: a signed amendment of a proposal is
/// no more than a proposal.
fn chain_within(version: &Version, versions: &[Version], threshold: Status) -> bool {
    let bases: Vec<&str> = match &version.kind {
        VersionKind::Agreement => Vec::new(),
        VersionKind::Consolidated { chain, .. } => chain.iter().map(String::as_str).collect(),
    };
    within(version.status(), threshold)
        && bases.iter().all(|name| {
            versions
                .iter()
                .find(|v| v.name == *name)
                .is_some_and(|v| within(v.status(), threshold))
        })
}

/// The agreement a case is evaluated under: named (an `accord`, or a version of it), else the
/// one whose inputs the case gives; several is an ambiguity.
fn agreement<'v>(versions: &'v [Version], request: &Request<'_>) -> Result<&'v str, String> {
    if let Some(name) = request.agreement {
        return versions
            .iter()
            .find(|v| v.name == name)
            .map(agreement_of)
            .ok_or_else(|| format!("aucun accord ni aucune version ne s'appelle `{name}`"));
    }
    let roots: Vec<&Version> = versions
        .iter()
        .filter(|v| v.kind == VersionKind::Agreement && within(v.status(), request.threshold))
        .filter(|root| {
            let known = |input: &str| {
                versions
                    .iter()
                    .filter(|v| agreement_of(v) == root.name)
                    .any(|v| v.input_named(input).is_some())
            };
            root.inputs
                .iter()
                .all(|i| request.inputs.contains(&i.name.as_str()))
                && request.inputs.iter().all(|i| known(i))
        })
        .collect();
    match roots.as_slice() {
        [root] => Ok(&root.name),
        [] => Err(format!(
            "aucun accord ({}) ne prend les entrées du cas ({}) : nommez l'accord dans le champ `accord` du cas",
            threshold_words(request.threshold),
            request.inputs.join(", ")
        )),
        several => Err(format!(
            "le cas convient à plusieurs accords ({}) : nommez le sien dans le champ `accord` du cas",
            several
                .iter()
                .map(|v| format!("`{}`", v.name))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

fn threshold_words(threshold: Status) -> &'static str {
    match threshold {
        Status::Signed => "signé",
        Status::Proposed => "signé ou proposé",
        Status::Draft => "signé, proposé ou projet",
    }
}

/// The version in force at `request.at`, and why; an error in French when there is none.
pub fn version_in_force<'v>(
    versions: &'v [Version],
    request: &Request<'_>,
) -> Result<Choice<'v>, String> {
    let root = agreement(versions, request)?;
    let at = request.at;
    let mut reasons = Vec::new();
    let mut best: Option<(&Version, NaiveDate, usize)> = None;
    for version in versions.iter().filter(|v| agreement_of(v) == root) {
        if !chain_within(version, versions, request.threshold) {
            let status = version.status().map_or("sans statut", Status::french);
            reasons.push(format!(
                "`{}` écarté : statut {status} (versions retenues : {} ; `--status` pour simuler une négociation)",
                version.name,
                threshold_words(request.threshold)
            ));
            continue;
        }
        let Some(date) = version.date_of_effect() else {
            reasons.push(format!("`{}` écarté : aucune date d'effet", version.name));
            continue;
        };
        if date > at {
            reasons.push(format!(
                "`{}` écarté : pas encore en vigueur au {at} (date d'effet : {date})",
                version.name
            ));
            continue;
        }
        let depth = match &version.kind {
            VersionKind::Agreement => 0,
            VersionKind::Consolidated { chain, .. } => chain.len(),
        };
        if best.is_none_or(|(_, d, n)| (date, depth) > (d, n)) {
            best = Some((version, date, depth));
        }
    }
    match best {
        Some((version, date, _)) => {
            reasons.push(format!(
                "version en vigueur au {at} pour l'accord `{root}` : `{}` ({}, date d'effet {date}), la plus récente des versions retenues",
                version.name,
                version.status().map_or("sans statut", Status::french)
            ));
            Ok(Choice { version, reasons })
        }
        None => {
            let mut message = format!(
                "aucune version de l'accord `{root}` ({}) n'est en vigueur au {at}",
                threshold_words(request.threshold)
            );
            if !reasons.is_empty() {
                message.push_str(&format!(" : {}", reasons.join(" ; ")));
            }
            Err(message)
        }
    }
}

/// The date before which a version's own lines' contracts must be signed, as text; empty when
/// it sets none.
pub fn applicable_limit(version: &Version) -> String {
    version
        .own_applicable_before()
        .map(|d| d.to_string())
        .unwrap_or_default()
}

/// The inputs a case leaves out: every input the version declares is needed, since without one
/// the band, the eligibility and the amounts would be computed on nothing and paid as 0 € in
/// silence. Each with its field (`entrees.habitants`) and message, for `--case` and the batch.
pub fn missing_inputs<'v, T>(
    version: &'v Version,
    inputs: &'v [Option<T>],
) -> impl Iterator<Item = (String, String)> + 'v {
    inputs
        .iter()
        .zip(&version.inputs)
        .filter(|(input, _)| input.is_none())
        .map(|(_, declared)| {
            (
                format!("entrees.{}", declared.name),
                format!(
                    "champ manquant : la version déclare l'entrée `{}`",
                    declared.name
                ),
            )
        })
}

/// A JSON value as a case's error messages name it.
pub(crate) fn describe_json(json: &Json) -> String {
    match json {
        Json::Null => "`null`".into(),
        Json::Bool(b) => format!("`{b}`"),
        Json::Number(n) => format!("`{n}`"),
        Json::String(s) => format!("le texte \"{s}\""),
        Json::Array(_) => "une liste".into(),
        Json::Object(_) => "un objet".into(),
    }
}
