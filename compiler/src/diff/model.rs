//! The comparison of two versions by meaning: a list of changes (what was added, removed or
//! modified, with old and new values) plus how the bands of the two versions correspond.

use rust_decimal::Decimal;

#[derive(Debug, Clone)]
pub struct Comparison {
    pub old: VersionSummary,
    pub new: VersionSummary,
    /// How the bands correspond, when the two versions cut the population differently.
    pub band_mapping: Option<BandMapping>,
    pub changes: Vec<Change>,
    pub unchanged: Unchanged,
}

#[derive(Debug, Clone)]
pub struct VersionSummary {
    pub id: String,
    pub title: String,
    pub status: Option<String>,
    pub kind: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Nature {
    Added,
    Removed,
    Modified,
}

impl Nature {
    /// The word of the JSON output.
    pub fn json(self) -> &'static str {
        match self {
            Nature::Added => "ajout",
            Nature::Removed => "suppression",
            Nature::Modified => "modification",
        }
    }

    /// The mark of the text output: `+`, `-`, `~`.
    pub fn mark(self) -> &'static str {
        match self {
            Nature::Added => "+",
            Nature::Removed => "-",
            Nature::Modified => "~",
        }
    }
}

/// The sections of a comparison, in the order they are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Category {
    Header,
    Bands,
    Missions,
    Lines,
    Amounts,
    Payments,
    Derived,
    Checks,
    Hypotheses,
}

impl Category {
    pub fn title(self) -> &'static str {
        match self {
            Category::Header => "Statut, dates et sources",
            Category::Bands => "Tranches",
            Category::Missions => "Missions et échéances",
            Category::Lines => "Lignes de financement",
            Category::Amounts => "Montants",
            Category::Payments => "Modalités de versement",
            Category::Derived => "Montants dérivés",
            Category::Checks => "Vérifications et exemples",
            Category::Hypotheses => "Hypothèses et lacunes",
        }
    }

    pub const ALL: [Category; 9] = [
        Category::Header,
        Category::Bands,
        Category::Missions,
        Category::Lines,
        Category::Amounts,
        Category::Payments,
        Category::Derived,
        Category::Checks,
        Category::Hypotheses,
    ];
}

#[derive(Debug, Clone)]
pub struct Change {
    pub nature: Nature,
    pub category: Category,
    /// A stable path to the item: `lignes/fonctionnement/montant/taille_1`.
    pub path: String,
    /// What changed, for people: « Rémunération du fonctionnement — Taille 1 ».
    pub subject: String,
    pub before: Option<Side>,
    pub after: Option<Side>,
    /// For an amount: new − old, and the change in percent of the old amount.
    pub delta: Option<Delta>,
}

/// One side of a change: as people read it, and as JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct Side {
    pub text: String,
    pub json: serde_json::Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delta {
    pub amount: Decimal,
    pub percent: Option<Decimal>,
}

/// How the bands of the two versions correspond, by population ranges.
#[derive(Debug, Clone)]
pub struct BandMapping {
    pub dimension: String,
    pub segments: Vec<Segment>,
}

/// A range of the dimension that lies in one band of each version.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// The segment's values, exactly (`low`, `high`: its bounds, whose openness it gives).
    pub interval: crate::interval::Interval,
    /// The dimension counts whole units: `low` and `high` are closed whole bounds.
    pub whole: bool,
    pub percent: bool,
    pub low: Decimal,
    pub high: Option<Decimal>,
    pub range_text: String,
    pub old_band: usize,
    pub new_band: usize,
    pub old_label: String,
    pub new_label: String,
    pub old_name: String,
    pub new_name: String,
}

/// What stayed the same, counted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Unchanged {
    pub bands: usize,
    pub missions: usize,
    pub lines: usize,
    pub derived: usize,
}

impl Comparison {
    pub fn changes_in(&self, category: Category) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(move |c| c.category == category)
    }

    /// « 7 lignes de financement, 5 missions et 4 tranches inchangées ».
    pub fn unchanged_text(&self) -> String {
        let u = &self.unchanged;
        let mut parts = Vec::new();
        let count =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n > 1 { many } else { one });
        if u.lines > 0 {
            parts.push(count(
                u.lines,
                "ligne de financement",
                "lignes de financement",
            ));
        }
        if u.missions > 0 {
            parts.push(count(u.missions, "mission", "missions"));
        }
        if u.bands > 0 {
            parts.push(count(u.bands, "tranche", "tranches"));
        }
        if u.derived > 0 {
            parts.push(count(u.derived, "montant dérivé", "montants dérivés"));
        }
        match parts.len() {
            0 => "aucun élément inchangé".to_string(),
            1 => format!("inchangé : {}", parts[0]),
            _ => {
                let last = parts.pop().unwrap_or_default();
                format!("inchangés : {} et {last}", parts.join(", "))
            }
        }
    }
}
