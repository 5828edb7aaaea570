//! The syntax tree: what the source says, with a span on every node, before any resolution.

use crate::span::{Span, Spanned};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

pub type Ident = Spanned<String>;
pub type Text = Spanned<String>;

mod citations;
pub use citations::*;

/// One parsed `.clause` file: its declarations and its comments (kept for the formatter).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceFile {
    pub declarations: Vec<Declaration>,
    pub comments: Vec<Comment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comment {
    /// The comment's text after `#`, without the line end.
    pub text: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Declaration {
    pub kind: DeclarationKind,
    pub name: Ident,
    pub title: Option<Text>,
    /// For an amendment: the version it modifies.
    pub base: Option<Ident>,
    pub items: Vec<Item>,
    /// Span of the keyword `accord`/`avenant`.
    pub keyword_span: Span,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DeclarationKind {
    Agreement,
    Amendment,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
pub enum Status {
    Draft,
    Proposed,
    Signed,
}

impl Status {
    pub fn french(self) -> &'static str {
        match self {
            Status::Draft => "projet",
            Status::Proposed => "proposé",
            Status::Signed => "signé",
        }
    }
}

/// How month and year arithmetic treats a day the target month lacks (31 January + 1 month,
/// 29 February + 1 year), as Catala's dates-calc rounds: down, up, or not at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
pub enum DatePolicy {
    /// `fin de mois`: the last day of the target month (2012-01-31 + 1 mois = 2012-02-29).
    #[default]
    EndOfMonth,
    /// `début du mois suivant`: the first day of the month after (2012-01-31 + 1 mois = 2012-03-01).
    FirstOfNextMonth,
    /// `erreur`: the computation is refused and the date named.
    Refuse,
}

impl DatePolicy {
    /// The words written after `dates ambiguës :`.
    pub fn french(self) -> &'static str {
        match self {
            DatePolicy::EndOfMonth => "fin de mois",
            DatePolicy::FirstOfNextMonth => "début du mois suivant",
            DatePolicy::Refuse => "erreur",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    pub kind: ItemKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum ItemKind {
    Status(Spanned<Status>),
    SignedOn(Spanned<NaiveDate>),
    PublishedOn(Spanned<NaiveDate>),
    ProposedOn(Spanned<NaiveDate>),
    InForceOn(Spanned<NaiveDate>),
    ContractDuration(Spanned<Duration>),
    ApplicableBefore(Spanned<NaiveDate>),
    /// `dates ambiguës : …`: how a date that does not exist is computed.
    DatePolicy(Spanned<DatePolicy>),
    Source(SourceRef),
    Reference(ReferenceDef),
    Enum(EnumDef),
    Input(InputDef),
    BandSet(BandSetDef),
    Value(ValueDef),
    Mission(MissionDef),
    Condition(ConditionDef),
    Assertion(AssertionDef),
    Example(ExampleDef),
    Add(Box<Item>),
    Replace(Box<Item>),
    Remove(RemoveDef),
    Revalue(RevalueDef),
    /// `remplace montant a par taille […]` / `remplace montant a = …`.
    ReplaceAmount(ReplaceAmountDef),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnumDef {
    pub name: Ident,
    pub label: Option<Text>,
    pub variants: Vec<EnumVariant>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnumVariant {
    pub name: Ident,
    pub label: Option<Text>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputDef {
    pub name: Ident,
    pub label: Option<Text>,
    pub ty: Spanned<TypeExpr>,
    pub attributes: Attributes,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum TypeExpr {
    Count,
    Money,
    Rate,
    Decimal,
    Duration,
    Date,
    Boolean,
    Text,
    /// A named enumeration.
    Named(String),
    SetOf(Ident),
}

/// `source "…"` and `hypothèse "…"` lines attached to an item.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Attributes {
    pub sources: Vec<SourceRef>,
    pub hypotheses: Vec<Text>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BandSetDef {
    pub name: Ident,
    pub dimension: Ident,
    /// The dimension's declared domain (`selon medecins, à partir de 10`), when written.
    pub domain: Option<BandDomain>,
    pub bands: Vec<BandDef>,
}

/// A band set's declared domain: the values its bands divide.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BandDomain {
    pub range: Spanned<BandRange>,
    /// The bounds are written in percent (`de 0 % à 100 %`).
    pub percent: bool,
    /// The bounds are written in euros (`à partir de 10 000 €`).
    pub euro: bool,
    /// Each written bound's `(hypothèse "…")`, in the order of `BandRange::written`.
    pub bound_hypotheses: Vec<Option<Text>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BandDef {
    pub name: Ident,
    pub label: Option<Text>,
    pub range: Spanned<BandRange>,
    /// The bounds are written in percent (`de 0 % à moins de 50 %`): the values are those written.
    pub percent: bool,
    /// The bounds are written in euros (`de 0 € à moins de 10 000 €`).
    pub euro: bool,
    /// Each written bound's `(hypothèse "…")` (which band owns it), in the order of
    /// `BandRange::written`.
    pub bound_hypotheses: Vec<Option<Text>>,
    pub attributes: Attributes,
}

/// A band's range as written (the numbers as written, in percent for a rate band); `moins de`
/// and `jusqu'à` start at the domain's start (0 unless declared).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum BandRange {
    /// `moins de N`: `[0, N)`
    Below(Decimal),
    /// `jusqu'à N`: `[0, N]`
    UpTo(Decimal),
    /// `de A à moins de B`: `[A, B)`
    FromToBelow(Decimal, Decimal),
    /// `de A à B`: `[A, B]`
    FromTo(Decimal, Decimal),
    /// `à partir de A`: `[A, ∞)`
    From(Decimal),
    /// `plus de A`: `(A, ∞)`
    Above(Decimal),
    /// `de plus de A à B`: `(A, B]`
    AboveTo(Decimal, Decimal),
    /// `de plus de A à moins de B`: `(A, B)`
    AboveToBelow(Decimal, Decimal),
}

impl BandRange {
    /// The bounds as written, in order.
    pub fn written(&self) -> Vec<Decimal> {
        match *self {
            BandRange::Below(a) | BandRange::UpTo(a) | BandRange::From(a) | BandRange::Above(a) => {
                vec![a]
            }
            BandRange::FromToBelow(a, b)
            | BandRange::FromTo(a, b)
            | BandRange::AboveTo(a, b)
            | BandRange::AboveToBelow(a, b) => vec![a, b],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ValueKind {
    /// `enveloppe`: money paid by the agreement.
    Envelope,
    /// `valeur`: a named intermediate value.
    Value,
    /// `résultat`: a named result of an evaluation.
    Result,
}

impl ValueKind {
    pub fn keyword(self) -> &'static str {
        match self {
            ValueKind::Envelope => "enveloppe",
            ValueKind::Value => "valeur",
            ValueKind::Result => "résultat",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValueDef {
    pub kind: ValueKind,
    /// Absent for a mission's own envelope, which takes the mission's name.
    pub name: Option<Ident>,
    pub label: Option<Text>,
    pub definition: Definition,
    pub expected: Option<Table>,
    pub fixed_share: Option<FixedShare>,
    pub payments: Vec<PaymentRule>,
    /// `réservé …`: the contracts this line reaches.
    pub reserved: Vec<Spanned<Reservation>>,
    /// `à compter du …`: the date of effect of the operation that writes this line.
    pub effect: Option<Spanned<LineEffect>>,
    pub attributes: Attributes,
    pub keyword_span: Span,
}

/// A rule of eligibility on one line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Reservation {
    /// `réservé aux contrats signés avant le DATE`
    SignedBefore(NaiveDate),
    /// `réservé aux contrats signés après le DATE`
    SignedAfter(NaiveDate),
    /// `réservé si CONDITION`
    If(Ident),
}

/// `à compter du DATE [au prorata]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineEffect {
    pub date: NaiveDate,
    /// The contract year that straddles the date is prorated by days (else: the amount in
    /// force on the year's first day).
    pub prorated: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Definition {
    /// `par taille [..]`
    Table { band_set: Ident, table: Table },
    /// `= expr`
    Formula(Expr),
    /// `par taille et zone { taille_1 : […], … }`: a table by two criteria.
    Grid(Grid),
    /// `selon habitants et atteinte { de 0 à moins de 40 000, moins de 50 % : … }`.
    Rules(RuleTable),
}

/// A table by two criteria: one row per value of the first (a band or a variant), each a table
/// over the second.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grid {
    pub rows: Ident,
    pub columns: Ident,
    pub entries: Vec<GridRow>,
    /// From `{` to `}`.
    pub span: Span,
}

/// `taille_1 : [10 000 €, 12 000 €]` or `taille_1 : { urbaine : 10 000 €, … }`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GridRow {
    pub key: Ident,
    pub table: Table,
    pub span: Span,
}

/// A table of rules over two inputs (DMN-style decision table).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleTable {
    pub inputs: [Ident; 2],
    pub rules: Vec<DecisionRule>,
    /// From `{` to `}`.
    pub span: Span,
}

/// One rule: an interval on each input, and the value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecisionRule {
    pub ranges: [RuleRange; 2],
    pub value: TableEntry,
    pub span: Span,
}

/// One condition of a rule: the interval as written, in percent when its bounds are.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleRange {
    pub range: Spanned<BandRange>,
    pub percent: bool,
    pub euro: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub entries: Vec<TableEntry>,
    pub named: bool,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableEntry {
    /// The band's name in a named table `{ taille_1: … }`.
    pub band: Option<Ident>,
    pub value: EntryValue,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum EntryValue {
    Expr(Expr),
    /// `non précisé`: the sources do not state this value.
    Hole,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FixedShare {
    pub share: Expr,
    pub hypothesis: Option<Text>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum PaymentKind {
    /// `avance N % à la signature`
    AdvanceAtSignature(Decimal),
    /// `avance N % à chaque anniversaire`
    AdvanceEachAnniversary(Decimal),
    /// `avance N % au démarrage [au prorata]`
    AdvanceAtStart { percent: Decimal, prorated: bool },
    /// `solde à l'anniversaire suivant`
    BalanceNextAnniversary,
    /// `variable selon atteinte`
    VariableByAchievement,
    /// `à la signature`
    AtSignature,
    /// `la première année`
    FirstYear,
    /// `chaque année suivante`
    FollowingYears,
    /// `à chaque crise déclarée`
    EachCrisis,
    /// `à la validation de la lettre d'intention`
    LetterOfIntent,
    /// `chaque année`
    EachYear,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PaymentRule {
    pub kind: PaymentKind,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum MissionKind {
    Mandatory,
    Optional,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MissionDef {
    pub name: Ident,
    pub label: Option<Text>,
    pub kind: Spanned<MissionKind>,
    pub without_indicator: Option<Span>,
    pub start: Option<Spanned<Deadline>>,
    pub effective: Option<Spanned<Deadline>>,
    pub envelopes: Vec<ValueDef>,
    pub indicators: Vec<Text>,
    pub attributes: Attributes,
    /// Spans of a second `démarrage` or `déploiement` line, reported as duplicates.
    pub duplicate_deadlines: Vec<Span>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Deadline {
    /// `libre`: no deadline.
    Free,
    /// `non précisé`: the sources do not say.
    Unspecified,
    After {
        delay: Spanned<Duration>,
        event: Spanned<Event>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Event {
    Signature,
    MissionStart,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum DurationUnit {
    Days,
    Months,
    Years,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Duration {
    pub amount: Decimal,
    pub unit: DurationUnit,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConditionDef {
    pub name: Ident,
    pub label: Option<Text>,
    pub condition: Expr,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssertionDef {
    pub label: Option<Text>,
    pub condition: Expr,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExampleDef {
    pub label: Text,
    pub inputs: Vec<Binding>,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Binding {
    pub name: Ident,
    pub value: Expr,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Outcome {
    NotEligible(Span),
    Values(Vec<Binding>),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RemoveDef {
    pub kind: Spanned<TargetKind>,
    /// The item's name; for a `vérifier` or an `exemple`, its label.
    pub name: Ident,
}

/// `revalorise a, b de 5 % [arrondi …]`: the amounts of the base's lines `a`, `b` times
/// (1 + rate), each line keeping its payment rule, fixed part, sources and hypotheses.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RevalueDef {
    pub targets: Vec<Ident>,
    /// The rate in percent (`5` for `5 %`, `-2,5` for `-2,5 %`).
    pub percent: Spanned<Decimal>,
    /// The rounding written after the rate (`arrondi`, `arrondi au centime`…), if any.
    pub rounding: Option<Spanned<Function>>,
}

/// `remplace montant a par taille […]` or `remplace montant a = a de la base + 2 000 €`: a new
/// amount for the base's line `a`, which keeps its payment rule, fixed part, sources and
/// hypotheses.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReplaceAmountDef {
    pub target: Ident,
    pub definition: Definition,
}

/// The kind of item an amendment names in `retire KIND name`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum TargetKind {
    Envelope,
    Value,
    Result,
    Mission,
    Input,
    BandSet,
    Enum,
    Condition,
    /// A `vérifier`, named by its label.
    Assertion,
    /// An `exemple`, named by its label.
    Example,
}

impl TargetKind {
    pub fn keyword(self) -> &'static str {
        match self {
            TargetKind::Envelope => "enveloppe",
            TargetKind::Value => "valeur",
            TargetKind::Result => "résultat",
            TargetKind::Mission => "mission",
            TargetKind::Input => "entrée",
            TargetKind::BandSet => "tranches",
            TargetKind::Enum => "énumération",
            TargetKind::Condition => "condition",
            TargetKind::Assertion => "vérifier",
            TargetKind::Example => "exemple",
        }
    }
}

// ---------------------------------------------------------------- expressions

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum ExprKind {
    Number(Decimal),
    Money(Decimal),
    /// A rate as written in percent: `75 %` is `Percent(75)`.
    Percent(Decimal),
    Duration(Duration),
    Date(NaiveDate),
    Text(String),
    Bool(bool),
    Name(String),
    /// `fonctionnement de la base`: in an amendment, the line's value in the version it modifies.
    BaseValue(Ident),
    Set(Vec<Ident>),
    Table(Table),
    Unary(UnaryOp, Box<Expr>),
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    Between {
        value: Box<Expr>,
        low: Box<Expr>,
        high: Box<Expr>,
    },
    Call(Spanned<Function>, Vec<Expr>),
    If {
        condition: Box<Expr>,
        then: Box<Expr>,
        otherwise: Box<Expr>,
    },
    /// Parenthesised, kept so the formatter prints the parentheses back.
    Paren(Box<Expr>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum UnaryOp {
    Neg,
    Not,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum BinaryOp {
    Add,
    Sub,
    Mul,
    Div,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
    Contains,
}

impl BinaryOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "×",
            BinaryOp::Div => "/",
            BinaryOp::Eq => "=",
            BinaryOp::Ne => "≠",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "≤",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => "≥",
            BinaryOp::And => "et",
            BinaryOp::Or => "ou",
            BinaryOp::Contains => "contient",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Function {
    Min,
    Max,
    /// `arrondi inférieur`: towards −∞, to an integer.
    Floor,
    /// `arrondi supérieur`: towards +∞, to an integer.
    Ceil,
    /// `arrondi`: to the nearest integer, half away from zero.
    Round,
    /// `arrondi au centime`: money to the cent, half away from zero.
    RoundCent,
}

impl Function {
    pub fn french(self) -> &'static str {
        match self {
            Function::Min => "min",
            Function::Max => "max",
            Function::Floor => "arrondi inférieur",
            Function::Ceil => "arrondi supérieur",
            Function::Round => "arrondi",
            Function::RoundCent => "arrondi au centime",
        }
    }
}
