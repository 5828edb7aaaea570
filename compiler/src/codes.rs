//! The stable diagnostic codes, their default severity, title and documented explanation.

use serde::Serialize;

macro_rules! codes {
    ($($name:ident = $code:literal, $severity:ident, $title:literal;)*) => {
        /// A stable diagnostic code; its page is `docs/diagnostics/CODE.md`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $($name),* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$name),*];

            pub fn as_str(self) -> &'static str {
                match self { $(Code::$name => $code),* }
            }

            pub fn severity(self) -> Severity {
                match self { $(Code::$name => Severity::$severity),* }
            }

            /// A short French title.
            pub fn title(self) -> &'static str {
                match self { $(Code::$name => $title),* }
            }

            /// The full documented explanation (`clause explain CODE`).
            pub fn explanation(self) -> &'static str {
                match self { $(Code::$name => include_str!(concat!("../../docs/diagnostics/", $code, ".md"))),* }
            }

            pub fn parse(text: &str) -> Option<Code> {
                let text = text.trim().to_ascii_uppercase();
                Code::ALL.iter().copied().find(|code| code.as_str() == text)
            }
        }
    };
}

codes! {
    Syntax = "E0001", Error, "erreur de syntaxe";
    TooDeep = "E0002", Error, "imbrication trop profonde";
    FileTooLarge = "E0003", Error, "fichier trop volumineux";
    InvalidNumber = "E0004", Error, "nombre invalide";
    InvalidDate = "E0005", Error, "date inexistante";
    InvalidEscape = "E0006", Error, "séquence d'échappement inconnue";
    RepeatedAttribute = "E0007", Error, "attribut répété";
    ThreeDecimalAmount = "W0008", Warning, "montant à trois décimales";
    UnknownName = "E0101", Error, "nom inconnu";
    DuplicateName = "E0102", Error, "nom déjà défini";
    UnknownVersion = "E0103", Error, "version de base inconnue";
    DuplicateVersion = "E0104", Error, "identifiant de version en double";
    CyclicDefinition = "E0105", Error, "définition circulaire";
    DuplicateHeader = "E0106", Error, "en-tête répété";
    BareItemInAmendment = "E0107", Error, "élément d'avenant sans `ajoute` ni `remplace`";
    AmendmentCycle = "E0108", Error, "avenants en cycle";
    NotAValue = "E0109", Error, "ce nom ne désigne pas une valeur";
    UnknownReference = "E0110", Error, "référence inconnue";
    UnusedReference = "W0111", Warning, "référence jamais citée";
    TypeMismatch = "E0201", Error, "types incompatibles";
    ExpectedMoney = "E0202", Error, "un montant est attendu";
    ImplicitRounding = "E0203", Error, "arrondi implicite";
    ExpectedBoolean = "E0204", Error, "une condition est attendue";
    WrongArity = "E0205", Error, "nombre d'arguments incorrect";
    ExampleInputType = "E0206", Error, "valeur d'exemple du mauvais type";
    UnknownType = "E0207", Error, "type inconnu";
    MixedBandSets = "E0208", Error, "découpages en tranches mélangés";
    RateOutOfRange = "E0209", Error, "taux hors de [0 %, 100 %]";
    PaymentRules = "E0210", Error, "règles de versement incohérentes";
    UnpaidLine = "W0211", Warning, "enveloppe sans règle de versement";
    BandGap = "E0301", Error, "trou entre les tranches";
    BandOverlap = "E0302", Error, "tranches qui se chevauchent";
    BandOrder = "E0303", Error, "tranches dans le désordre";
    BandStart = "E0304", Error, "tranches ne commençant pas à 0";
    BandBoundedLast = "E0305", Error, "dernière tranche bornée";
    BandEmpty = "E0306", Error, "tranche vide";
    BandDimension = "E0307", Error, "dimension des tranches invalide";
    BandNotInteger = "E0308", Error, "borne de tranche non entière";
    TooManyBands = "E0309", Error, "trop de tranches";
    BandOutsideDomain = "E0310", Error, "tranche hors du domaine déclaré";
    BandUnit = "E0311", Error, "unité de borne incohérente avec la dimension";
    RuleGap = "E0312", Error, "trou dans une table de règles";
    RuleOverlap = "E0313", Error, "règles qui se chevauchent";
    TableMissing = "E0401", Error, "valeur de tranche manquante";
    TableExtra = "E0402", Error, "valeur de tranche en trop";
    TableDuplicate = "E0403", Error, "tranche répétée dans un tableau";
    TableUnknownBand = "E0404", Error, "tranche inconnue dans un tableau";
    TableDecreasing = "W0405", Warning, "montant décroissant avec la taille";
    TableCriterion = "E0406", Error, "critère de tableau invalide";
    DeadlineOrder = "E0501", Error, "démarrage après le déploiement";
    DeadlineBeyondContract = "E0502", Error, "échéance au-delà du contrat";
    DuplicateDeadline = "E0503", Error, "échéance répétée";
    MissingDeadline = "W0504", Warning, "mission socle sans échéance";
    ExpectedMismatch = "E0601", Error, "valeur attendue différente de la formule";
    AssertionFailed = "E0602", Error, "vérification en échec";
    Overflow = "E0603", Error, "dépassement de capacité";
    DivisionByZero = "E0604", Error, "division par zéro";
    ExampleFailed = "E0605", Error, "exemple en échec";
    ExampleMissingInput = "E0606", Error, "entrée manquante dans un exemple";
    NegativeEnvelope = "E0607", Error, "enveloppe négative";
    AmbiguousDate = "E0608", Error, "date ambiguë refusée";
    HoleInSigned = "E0610", Error, "valeur non précisée dans une version signée";
    HoleInDraft = "W0611", Warning, "valeur non précisée";
    UncheckableHole = "W0612", Warning, "vérification impossible : valeur non précisée";
    MissingTarget = "E0701", Error, "élément absent de la base";
    AlreadyInBase = "E0702", Error, "élément déjà présent dans la base";
    TargetKindMismatch = "E0703", Error, "genre d'élément différent";
    RemovedStillUsed = "E0704", Error, "élément retiré encore utilisé";
    ReplacementDrops = "W0705", Warning, "remplacement qui perd une règle de la base";
    RepeatedLabel = "W0706", Warning, "libellé déjà présent dans la base";
    BaseValueOutsideAmendment = "E0707", Error, "valeur de la base hors d'un avenant";
    UnknownBaseLine = "E0708", Error, "ligne absente de la base";
    RevaluationPastCent = "W0709", Warning, "revalorisation au-delà du centime";
    MissingStatus = "E0801", Error, "statut manquant";
    SignedWithoutDate = "E0802", Error, "version signée sans date de signature";
    DatesOutOfOrder = "E0803", Error, "dates dans le désordre";
    MissingSource = "W0804", Warning, "version sans source";
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How bad a diagnostic is; each code has a default (`Code::severity`), some are lowered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
}
