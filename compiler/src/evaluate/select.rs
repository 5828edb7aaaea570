//! Chooses the version in force at a date for a contract (`--at DATE`): signed agreements and
//! the amendments built on them, the latest whose date has come, skipping an amendment
//! restricted to contracts signed before a date the contract does not meet.

use crate::ir::{Version, VersionKind};
use chrono::NaiveDate;
use clause_grammar::ast::Status;

/// The date from which a version counts: in force, else published, else signed, else proposed.
pub fn effective_date(version: &Version) -> Option<NaiveDate> {
    let h = &version.header;
    h.in_force_on
        .as_ref()
        .or(h.published_on.as_ref())
        .or(h.signed_on.as_ref())
        .or(h.proposed_on.as_ref())
        .map(|d| d.value)
}

/// Whether the version applies to a contract signed on `signature`.
pub fn applies_to(version: &Version, signature: NaiveDate) -> bool {
    version
        .header
        .applicable_before
        .as_ref()
        .is_none_or(|limit| signature < limit.value)
}

/// The candidates for `--at`: signed agreements and amendments whose base chain ends in one.
fn is_contract_version(version: &Version, all: &[Version]) -> bool {
    match &version.kind {
        VersionKind::Agreement => version.status() == Some(Status::Signed),
        VersionKind::Consolidated { chain, .. } => chain
            .last()
            .and_then(|root| all.iter().find(|v| &v.name == root))
            .is_some_and(|root| root.status() == Some(Status::Signed)),
    }
}

/// The version in force at `at` for a contract signed on `signature`, and why the others were not.
pub fn version_at(
    versions: &[Version],
    at: NaiveDate,
    signature: NaiveDate,
) -> Result<(&Version, Vec<String>), String> {
    let mut reasons = Vec::new();
    let mut best: Option<(&Version, NaiveDate)> = None;
    for version in versions.iter().filter(|v| is_contract_version(v, versions)) {
        let Some(date) = effective_date(version) else {
            continue;
        };
        if date > at {
            reasons.push(format!(
                "`{}` n'est pas encore en vigueur au {at} (date : {date})",
                version.name
            ));
            continue;
        }
        if !applies_to(version, signature) {
            let limit = applicable_limit(version);
            reasons.push(format!("`{}` ne s'applique qu'aux contrats signés avant le {limit} (signature : {signature})", version.name));
            continue;
        }
        if best.is_none_or(|(_, best_date)| date > best_date) {
            best = Some((version, date));
        }
    }
    best.map(|(v, _)| (v, reasons.clone())).ok_or_else(|| {
        let mut message = format!("aucune version signée n'est en vigueur au {at}");
        if !reasons.is_empty() {
            message.push_str(&format!(" : {}", reasons.join(" ; ")));
        }
        message
    })
}

/// The date before which a version's contracts must be signed (`applicable aux contrats signés
/// avant le …`), as text; empty when it has none.
pub fn applicable_limit(version: &Version) -> String {
    version
        .header
        .applicable_before
        .as_ref()
        .map(|l| l.value.to_string())
        .unwrap_or_default()
}
