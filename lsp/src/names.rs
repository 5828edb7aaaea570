//! What a written name is: its kind, what it resolves to, and one of its occurrences in the
//! sources (read by the navigation index and by the citations in it).

use clause_compiler::ir::{BandSetId, Symbol};
use clause_compiler::Span;
use clause_grammar::ast::ValueKind;

/// What kind of thing a name names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum NameKind {
    Version,
    Enum,
    Variant,
    Input,
    BandSet,
    Band,
    Envelope,
    Value,
    Result,
    Mission,
    Condition,
    /// A source declared once (`référence`).
    Reference,
}

impl NameKind {
    pub fn french(self) -> &'static str {
        match self {
            NameKind::Version => "version",
            NameKind::Enum => "énumération",
            NameKind::Variant => "valeur d'énumération",
            NameKind::Input => "entrée",
            NameKind::BandSet => "tranches",
            NameKind::Band => "tranche",
            NameKind::Envelope => "enveloppe",
            NameKind::Value => "valeur",
            NameKind::Result => "résultat",
            NameKind::Mission => "mission",
            NameKind::Condition => "condition",
            NameKind::Reference => "référence",
        }
    }

    pub(crate) fn of_value(kind: ValueKind) -> NameKind {
        match kind {
            ValueKind::Envelope => NameKind::Envelope,
            ValueKind::Value => NameKind::Value,
            ValueKind::Result => NameKind::Result,
        }
    }
}

/// What a name resolves to in its version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Version(String),
    Symbol(Symbol),
    Band(BandSetId, usize),
    /// A reference, and for a citation its words (`Titre, …, diapositive 9`).
    Reference {
        name: String,
        citation: Option<String>,
    },
}

/// One written name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// The name's text.
    pub span: Span,
    pub name: String,
    pub kind: NameKind,
    pub is_definition: bool,
    /// The definition this name resolves to in its version (for a definition: itself).
    pub definition: Span,
    /// The identity shared by a definition and every reference (across `remplace`).
    pub key: Span,
    /// The version the name is read in (index in `Analysis::versions`).
    pub version: Option<usize>,
    pub target: Option<Target>,
}
