//! Which comparisons the site shows: each amendment against its base, and each version against
//! the previous one on the same subject (successive proposals, a draft and the signed text).

use clause_compiler::ir::{Symbol, Version, VersionKind};
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    pub old: String,
    pub new: String,
    pub reason: String,
    /// The two versions' titles (else identifiers): what the pages show.
    pub old_title: String,
    pub new_title: String,
}

/// A version's title for a reader: its `titre`, else its identifier.
fn title(versions: &[Version], name: &str) -> String {
    versions
        .iter()
        .find(|v| v.name == name)
        .and_then(|v| v.title.clone())
        .unwrap_or_else(|| name.to_string())
}

/// The date that places a version in time: proposal, else signature, else publication.
fn date(version: &Version) -> Option<chrono::NaiveDate> {
    let h = &version.header;
    h.proposed_on
        .as_ref()
        .or(h.signed_on.as_ref())
        .or(h.published_on.as_ref())
        .map(|d| d.value)
}

/// Names of bands sets, missions and values: two versions that share one speak of the same thing.
fn vocabulary(version: &Version) -> BTreeSet<&str> {
    version
        .symbols
        .iter()
        .filter(|(_, symbol)| {
            matches!(
                symbol,
                Symbol::BandSet(_) | Symbol::Mission(_) | Symbol::Value(_)
            )
        })
        .map(|(name, _)| name.as_str())
        .collect()
}

fn base_of(version: &Version) -> Option<&str> {
    match &version.kind {
        VersionKind::Consolidated { base, .. } => Some(base.as_str()),
        VersionKind::Agreement => None,
    }
}

pub fn comparisons(versions: &[Version]) -> Vec<Pair> {
    let mut pairs = Vec::new();
    for version in versions {
        if let Some(base) = base_of(version) {
            pairs.push(Pair {
                old: base.to_string(),
                new: version.name.clone(),
                reason: "l’avenant face à son accord de base".to_string(),
                old_title: title(versions, base),
                new_title: title(versions, &version.name),
            });
        }
    }
    // Successive versions: the same kind (agreements together, amendments of the same base
    // together), on the same subject, ordered by date.
    let mut dated: Vec<&Version> = versions.iter().filter(|v| date(v).is_some()).collect();
    dated.sort_by_key(|v| (date(v), v.name.clone()));
    for (i, version) in dated.iter().enumerate() {
        let words = vocabulary(version);
        let previous = dated[..i].iter().rev().find(|earlier| {
            base_of(earlier) == base_of(version) && !vocabulary(earlier).is_disjoint(&words)
        });
        if let Some(previous) = previous {
            if !pairs
                .iter()
                .any(|p| p.old == previous.name && p.new == version.name)
            {
                pairs.push(Pair {
                    old: previous.name.clone(),
                    new: version.name.clone(),
                    reason: "versions successives".to_string(),
                    old_title: title(versions, &previous.name),
                    new_title: title(versions, &version.name),
                });
            }
        }
    }
    pairs
}
