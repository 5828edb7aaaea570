//! Compares the reference documents of two versions item by item, matching items by their
//! identifiers and bands by population ranges.

use super::model::*;
use super::sides::*;
use crate::document::words;
use crate::document::{Document, FundingRow};
use serde_json::{json, Value as Json};
use std::collections::BTreeSet;

pub fn compare(old: &Document, new: &Document) -> Comparison {
    let mut comparer = Comparer {
        old,
        new,
        changes: Vec::new(),
        unchanged: Unchanged::default(),
    };
    comparer.header();
    let band_mapping = comparer.bands();
    comparer.missions();
    comparer.lines(band_mapping.as_ref());
    comparer.payments();
    comparer.derived();
    comparer.cells();
    comparer.checks();
    comparer.hypotheses();
    let mut changes = comparer.changes;
    // Stable order: by section, keeping the documents' order within each.
    changes.sort_by_key(|c| c.category);
    let unchanged = comparer.unchanged;
    // A mapping is worth showing only when the two versions cut the population differently.
    let band_mapping = band_mapping.filter(|m| {
        !m.segments
            .iter()
            .all(|s| s.old_band == s.new_band && s.old_name == s.new_name)
            || has_range_change(old, new)
    });
    Comparison {
        old: summary(old),
        new: summary(new),
        band_mapping,
        changes,
        unchanged,
    }
}

fn has_range_change(old: &Document, new: &Document) -> bool {
    match (old.band_sets.first(), new.band_sets.first()) {
        (Some(a), Some(b)) => {
            a.bands.len() != b.bands.len()
                || a.bands.iter().zip(&b.bands).any(|(x, y)| {
                    x.low != y.low || x.high != y.high || x.range_text != y.range_text
                })
        }
        _ => false,
    }
}

fn summary(doc: &Document) -> VersionSummary {
    VersionSummary {
        id: doc.id.clone(),
        title: doc.title.clone().unwrap_or_else(|| doc.id.clone()),
        status: doc.status.clone(),
        kind: doc.kind.clone(),
    }
}

pub(super) struct Comparer<'a> {
    pub(super) old: &'a Document,
    pub(super) new: &'a Document,
    pub(super) changes: Vec<Change>,
    pub(super) unchanged: Unchanged,
}

impl Comparer<'_> {
    pub(super) fn push(
        &mut self,
        nature: Nature,
        category: Category,
        path: String,
        subject: String,
        before: Option<Side>,
        after: Option<Side>,
    ) {
        self.changes.push(Change {
            nature,
            category,
            path,
            subject,
            before,
            after,
            delta: None,
        });
    }

    /// Records `before → after` when they differ (an addition or a removal when one is absent).
    pub(super) fn compare_field(
        &mut self,
        category: Category,
        path: String,
        subject: String,
        before: Option<Side>,
        after: Option<Side>,
    ) -> bool {
        let nature = match (&before, &after) {
            (None, None) => return false,
            (Some(a), Some(b)) if a == b => return false,
            (None, Some(_)) => Nature::Added,
            (Some(_), None) => Nature::Removed,
            _ => Nature::Modified,
        };
        self.push(nature, category, path, subject, before, after);
        true
    }

    fn header(&mut self) {
        let (old, new) = (self.old, self.new);
        self.compare_field(
            Category::Header,
            "entete/titre".into(),
            "Titre".into(),
            old.title.clone().map(text),
            new.title.clone().map(text),
        );
        self.compare_field(
            Category::Header,
            "entete/nature".into(),
            "Nature de la version".into(),
            Some(text(&old.kind)),
            Some(text(&new.kind)),
        );
        self.compare_field(
            Category::Header,
            "entete/statut".into(),
            "Statut".into(),
            old.status.clone().map(text),
            new.status.clone().map(text),
        );
        let mut keys: Vec<(&'static str, &'static str)> = Vec::new();
        for fact in old.facts.iter().chain(&new.facts) {
            if !keys.iter().any(|(k, _)| *k == fact.key) {
                keys.push((fact.key, fact.label));
            }
        }
        for (key, label) in keys {
            let find = |doc: &Document| {
                doc.facts
                    .iter()
                    .find(|f| f.key == key)
                    .map(|f| text(&f.text))
            };
            self.compare_field(
                Category::Header,
                format!("entete/{key}"),
                label.to_string(),
                find(old),
                find(new),
            );
        }
        let old_sources: Vec<&str> = old.sources.iter().map(|s| s.text.as_str()).collect();
        let new_sources: Vec<&str> = new.sources.iter().map(|s| s.text.as_str()).collect();
        for source in &old_sources {
            if !new_sources.contains(source) {
                self.push(
                    Nature::Removed,
                    Category::Header,
                    "entete/sources".into(),
                    "Source".into(),
                    Some(text(*source)),
                    None,
                );
            }
        }
        for source in &new_sources {
            if !old_sources.contains(source) {
                self.push(
                    Nature::Added,
                    Category::Header,
                    "entete/sources".into(),
                    "Source".into(),
                    None,
                    Some(text(*source)),
                );
            }
        }
    }

    fn missions(&mut self) {
        let (old, new) = (self.old, self.new);
        for mission in &old.calendar {
            if !new.calendar.iter().any(|m| m.mission == mission.mission) {
                let summary = format!("mission {}", mission.nature);
                self.push(
                    Nature::Removed,
                    Category::Missions,
                    format!("missions/{}", mission.mission),
                    mission.label.clone(),
                    Some(text(summary)),
                    None,
                );
            }
        }
        for mission in &new.calendar {
            let path = format!("missions/{}", mission.mission);
            let Some(before) = old.calendar.iter().find(|m| m.mission == mission.mission) else {
                let summary = format!(
                    "mission {} ; démarrage {} ; déploiement {}",
                    mission.nature, mission.start.text, mission.effective.text
                );
                self.push(
                    Nature::Added,
                    Category::Missions,
                    path,
                    mission.label.clone(),
                    None,
                    Some(text(summary)),
                );
                continue;
            };
            let subject = |what: &str| format!("{} — {what}", mission.label);
            let mut changed = false;
            changed |= self.compare_field(
                Category::Missions,
                format!("{path}/libelle"),
                subject("libellé"),
                Some(text(&before.label)),
                Some(text(&mission.label)),
            );
            changed |= self.compare_field(
                Category::Missions,
                format!("{path}/nature"),
                subject("nature"),
                Some(text(&before.nature)),
                Some(text(&mission.nature)),
            );
            for (key, word, a, b) in [
                ("demarrage", "démarrage", &before.start, &mission.start),
                (
                    "deploiement",
                    "déploiement",
                    &before.effective,
                    &mission.effective,
                ),
            ] {
                // « 2 ans » and « 24 mois » are the same deadline.
                if !same_deadline(a, b) {
                    changed |= self.compare_field(
                        Category::Missions,
                        format!("{path}/{key}"),
                        subject(word),
                        Some(text(&a.text)),
                        Some(text(&b.text)),
                    );
                }
            }
            let list = |items: &[String]| Side {
                text: if items.is_empty() {
                    "aucun".to_string()
                } else {
                    items.join(" ; ")
                },
                json: json!(items),
            };
            changed |= self.compare_field(
                Category::Missions,
                format!("{path}/indicateurs"),
                subject("indicateurs"),
                Some(list(&before.indicators)),
                Some(list(&mission.indicators)),
            );
            if !changed {
                self.unchanged.missions += 1;
            }
        }
    }

    fn lines(&mut self, mapping: Option<&BandMapping>) {
        let (old, new) = (self.old, self.new);
        let old_rows = rows(old);
        let new_rows = rows(new);
        for (row, set) in &old_rows {
            if !new_rows.iter().any(|(r, _)| r.name == row.name) {
                self.push(
                    Nature::Removed,
                    Category::Lines,
                    format!("lignes/{}", row.name),
                    named(&line_title(old, new, row), &row.name),
                    Some(amounts_side(row, *set)),
                    None,
                );
            }
        }
        for (row, set) in &new_rows {
            let path = format!("lignes/{}", row.name);
            let Some((before, old_set)) = old_rows.iter().find(|(r, _)| r.name == row.name) else {
                self.push(
                    Nature::Added,
                    Category::Lines,
                    path,
                    named(&line_title(old, new, row), &row.name),
                    None,
                    Some(amounts_side(row, *set)),
                );
                continue;
            };
            let title = line_title(old, new, row);
            let subject = |what: &str| format!("{title} — {what}");
            let mut changed = false;
            changed |= self.compare_field(
                Category::Lines,
                format!("{path}/libelle"),
                subject("libellé"),
                Some(text(&before.label)),
                Some(text(&row.label)),
            );
            let mission = |r: &FundingRow| r.mission.clone().map_or(Json::Null, Json::String);
            let mission_text = |r: &FundingRow| {
                r.mission
                    .clone()
                    .unwrap_or_else(|| "hors mission".to_string())
            };
            changed |= self.compare_field(
                Category::Lines,
                format!("{path}/mission"),
                subject("mission"),
                Some(Side {
                    text: mission_text(before),
                    json: mission(before),
                }),
                Some(Side {
                    text: mission_text(row),
                    json: mission(row),
                }),
            );
            let formula = |r: &FundingRow| {
                r.formula
                    .clone()
                    .map(text)
                    .unwrap_or_else(|| text("tableau par tranche"))
            };
            changed |= self.compare_field(
                Category::Lines,
                format!("{path}/formule"),
                subject("formule"),
                Some(formula(before)),
                Some(formula(row)),
            );
            changed |= self.compare_field(
                Category::Lines,
                format!("{path}/versement"),
                subject("versement"),
                Some(text(&before.timing)),
                Some(text(&row.timing)),
            );
            changed |= self.amounts(&path, before, *old_set, row, *set, mapping);
            if !changed {
                self.unchanged.lines += 1;
            }
        }
    }

    fn payments(&mut self) {
        let (old, new) = (self.old, self.new);
        for rule in &new.payment_rules {
            let Some(before) = old.payment_rules.iter().find(|r| r.name == rule.name) else {
                continue;
            };
            let path = format!("versements/{}", rule.name);
            self.compare_field(
                Category::Payments,
                path.clone(),
                format!("{} — versement", rule.label),
                Some(text(&before.text)),
                Some(text(&rule.text)),
            );
            self.compare_field(
                Category::Payments,
                format!("{path}/part_fixe"),
                format!("{} — part fixe", rule.label),
                before.fixed_share.clone().map(text),
                rule.fixed_share.clone().map(text),
            );
        }
    }

    fn derived(&mut self) {
        let (old, new) = (self.old, self.new);
        let figures = |d: &crate::document::DerivedDoc| {
            let cells: Vec<String> = d.cells.iter().map(words::cell).collect();
            Side {
                text: cells.join(" / "),
                json: Json::Array(d.cells.iter().map(|c| cell_side(c).json).collect()),
            }
        };
        for value in &old.derived {
            if !new.derived.iter().any(|d| d.name == value.name) {
                self.push(
                    Nature::Removed,
                    Category::Derived,
                    format!("valeurs/{}", value.name),
                    value.label.clone(),
                    Some(text(value.formula.clone())),
                    None,
                );
            }
        }
        for value in &new.derived {
            let path = format!("valeurs/{}", value.name);
            let Some(before) = old.derived.iter().find(|d| d.name == value.name) else {
                self.push(
                    Nature::Added,
                    Category::Derived,
                    path,
                    value.label.clone(),
                    None,
                    Some(text(format!("{} : {}", value.formula, figures(value).text))),
                );
                continue;
            };
            let mut changed = self.compare_field(
                Category::Derived,
                format!("{path}/formule"),
                format!("{} — formule", value.label),
                Some(text(&before.formula)),
                Some(text(&value.formula)),
            );
            changed |= self.compare_field(
                Category::Derived,
                format!("{path}/valeurs"),
                format!("{} — valeurs", value.label),
                Some(figures(before)),
                Some(figures(value)),
            );
            if !changed {
                self.unchanged.derived += 1;
            }
        }
    }

    fn checks(&mut self) {
        let (old, new) = (self.old, self.new);
        for (kind, path, before, after) in [
            (
                "Vérification",
                "verifications",
                &old.assertions,
                &new.assertions,
            ),
            ("Exemple", "exemples", &old.examples, &new.examples),
        ] {
            let old_labels: BTreeSet<&str> = before.iter().map(|c| c.label.as_str()).collect();
            let new_labels: BTreeSet<&str> = after.iter().map(|c| c.label.as_str()).collect();
            for check in before
                .iter()
                .filter(|c| !new_labels.contains(c.label.as_str()))
            {
                self.push(
                    Nature::Removed,
                    Category::Checks,
                    format!("{path}/{}", check.label),
                    format!("{kind} « {} »", check.label),
                    Some(text(&check.statement)),
                    None,
                );
            }
            for check in after
                .iter()
                .filter(|c| !old_labels.contains(c.label.as_str()))
            {
                self.push(
                    Nature::Added,
                    Category::Checks,
                    format!("{path}/{}", check.label),
                    format!("{kind} « {} »", check.label),
                    None,
                    Some(text(&check.statement)),
                );
            }
        }
    }

    fn hypotheses(&mut self) {
        let (old, new) = (self.old, self.new);
        for h in &old.hypotheses {
            if !new.hypotheses.iter().any(|n| n.text == h.text) {
                self.push(
                    Nature::Removed,
                    Category::Hypotheses,
                    "hypotheses".into(),
                    format!("Hypothèse ({})", h.concerns.join(", ")),
                    Some(text(&h.text)),
                    None,
                );
            }
        }
        for h in &new.hypotheses {
            if !old.hypotheses.iter().any(|o| o.text == h.text) {
                self.push(
                    Nature::Added,
                    Category::Hypotheses,
                    "hypotheses".into(),
                    format!("Hypothèse ({})", h.concerns.join(", ")),
                    None,
                    Some(text(&h.text)),
                );
            }
        }
        for hole in &old.holes {
            if !new.holes.contains(hole) {
                self.push(
                    Nature::Removed,
                    Category::Hypotheses,
                    "lacunes".into(),
                    "Lacune comblée".into(),
                    Some(text(hole)),
                    None,
                );
            }
        }
        for hole in &new.holes {
            if !old.holes.contains(hole) {
                self.push(
                    Nature::Added,
                    Category::Hypotheses,
                    "lacunes".into(),
                    "Nouvelle lacune".into(),
                    None,
                    Some(text(hole)),
                );
            }
        }
    }
}
