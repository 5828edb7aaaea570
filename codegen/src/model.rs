//! The compiled version as the generated code's data, target-neutral: bands, values per band
//! (or the formulas when a value needs more than the band), payment plans, missions and their
//! deadlines, conditions — each with the comment that names its clause, sources, hypotheses.

use crate::emit::{Item, Lit};
use crate::expr::{unit, ExprWriter};
use crate::headings;
use clause_compiler::evaluate::compiled::{CompiledVersion, Schedule};
use clause_compiler::interpret::EvalError;
use clause_compiler::ir::{DeadlineRule, Definition, Sourced, Version};
use clause_compiler::value::Value;
use clause_compiler::{SourceDb, Span};
use clause_grammar::ast::{DatePolicy, DurationUnit, Event, MissionKind, ValueKind};
use rust_decimal::Decimal;

mod time;

/// A top-level constant of the generated module.
pub struct Def {
    pub name: &'static str,
    pub comments: Vec<String>,
    pub lit: Lit,
}

pub struct Model<'a> {
    compiled: &'a CompiledVersion<'a>,
    sources: &'a SourceDb,
    writer: &'a dyn ExprWriter,
}

impl<'a> Model<'a> {
    pub fn new(
        compiled: &'a CompiledVersion<'a>,
        sources: &'a SourceDb,
        writer: &'a dyn ExprWriter,
    ) -> Self {
        Model {
            compiled,
            sources,
            writer,
        }
    }

    fn version(&self) -> &'a Version {
        self.compiled.version
    }

    fn at(&self, span: Span) -> String {
        let (line, _) = self.sources.line_column(span.file, span.start);
        format!("{}:{line}", self.sources.path(span.file))
    }

    /// Every constant, in the order the module defines them.
    pub fn defs(&self) -> Vec<Def> {
        let version = self.version();
        let header = &version.header;
        let duration = header.contract_duration.as_ref();
        vec![
            def("VERSION", vec![], Lit::Str(version.name.clone())),
            def(
                "CONTRACT_DURATION",
                sourced_comment("durée du contrat", duration, self),
                duration.map_or(Lit::Null, |d| {
                    Lit::Tuple(vec![Lit::Dec(d.value.amount), Lit::Str(unit(d.value.unit))])
                }),
            ),
            def(
                "DATE_POLICY",
                vec![format!(
                    "dates ambiguës : {}",
                    clause_compiler::calendar::policy_statement(version.date_policy())
                )],
                Lit::Str(
                    match version.date_policy() {
                        DatePolicy::EndOfMonth => "end",
                        DatePolicy::FirstOfNextMonth => "next",
                        DatePolicy::Refuse => "refuse",
                    }
                    .into(),
                ),
            ),
            def(
                "CONTRACT_YEARS",
                vec!["années du contrat : la durée en années entières (arrondie au-dessus)".into()],
                contract_years(version).map_or(Lit::Null, Lit::Int),
            ),
            def(
                "APPLICABLE_BEFORE",
                self.applicable_before_comment(),
                self.applicable_before(),
            ),
            def(
                "DATE_OF_EFFECT",
                self.date_of_effect_comment(),
                self.date_of_effect(),
            ),
            def("ENUMS", vec![], self.enums()),
            def("INPUTS", vec!["les entrées d'un cas".into()], self.inputs()),
            def("BAND_SETS", vec![], self.band_sets()),
            def(
                "BAND_SET",
                vec!["le jeu de tranches qui choisit la tranche d'un cas".into()],
                self.compiled
                    .band_set
                    .map_or(Lit::Null, |s| Lit::Int(s as i64)),
            ),
            def("MISSIONS", vec![], self.missions()),
            def("VALUES", vec![], self.values()),
            def(
                "EVALUATION_ORDER",
                vec!["chaque valeur après celles qu'elle utilise".into()],
                Lit::List(
                    version
                        .evaluation_order
                        .iter()
                        .map(|i| Item::plain(Lit::Int(*i as i64)))
                        .collect(),
                ),
            ),
            def(
                "NEEDS_INPUTS",
                vec!["vrai : les valeurs se calculent pour chaque cas (elles demandent plus que la tranche)".into()],
                Lit::Bool(self.compiled.needs_inputs),
            ),
            def("STATIC", self.static_comment(), self.static_values()),
            def("LINES", vec![], self.lines()),
            def(
                "UNPAID",
                vec!["les enveloppes sans règle de versement : jamais versées, l'évaluation le note".into()],
                Lit::List(
                    version
                        .values
                        .iter()
                        .enumerate()
                        .filter(|(_, v)| v.kind == ValueKind::Envelope && v.payments.is_empty())
                        .map(|(id, _)| Item::plain(Lit::Int(id as i64)))
                        .collect(),
                ),
            ),
            def("CONDITIONS", vec![], self.conditions()),
            def("HISTORY", self.history_comment(), self.history()),
        ]
    }

    fn enums(&self) -> Lit {
        Lit::List(
            self.version()
                .enums
                .iter()
                .map(|e| Item {
                    comments: vec![format!("énumération {} ({})", e.name, self.at(e.name_span))],
                    lit: Lit::Map(vec![
                        ("name", Lit::Str(e.name.clone())),
                        (
                            "variants",
                            Lit::List(
                                e.variants
                                    .iter()
                                    .map(|v| Item::plain(Lit::Str(v.name.clone())))
                                    .collect(),
                            ),
                        ),
                    ]),
                })
                .collect(),
        )
    }

    fn inputs(&self) -> Lit {
        Lit::List(
            self.version()
                .inputs
                .iter()
                .map(|input| {
                    let (ty, enumeration) = type_name(input.ty);
                    Item {
                        comments: vec![format!(
                            "{} ({}){}",
                            input.name,
                            self.at(input.name_span),
                            input
                                .label
                                .as_ref()
                                .map_or(String::new(), |l| format!(" : {l}"))
                        )],
                        lit: Lit::Map(vec![
                            ("name", Lit::Str(input.name.clone())),
                            ("type", Lit::Str(ty.into())),
                            (
                                "enum",
                                enumeration.map_or(Lit::Null, |e| Lit::Int(e as i64)),
                            ),
                        ]),
                    }
                })
                .collect(),
        )
    }

    fn band_sets(&self) -> Lit {
        let version = self.version();
        Lit::List(
            version
                .band_sets
                .iter()
                .map(|set| {
                    let bands = set
                        .bands
                        .iter()
                        .map(|band| {
                            let comments = headings::band(set, band, self.at(band.name_span));
                            Item {
                                comments,
                                lit: Lit::Map(vec![
                                    ("name", Lit::Str(band.name.clone())),
                                    ("label", opt_str(&band.label)),
                                    ("low", Lit::Dec(band.low)),
                                    ("high", band.high.map_or(Lit::Null, Lit::Dec)),
                                    // Exact bounds (decimals, rates): `plus de`, `moins de`.
                                    ("low_open", Lit::Bool(band.low_open)),
                                    ("high_open", Lit::Bool(band.high_open)),
                                    ("hypotheses", strings(&band.hypotheses)),
                                    // (bound, hypothesis): who owns the bound.
                                    (
                                        "bound_hypotheses",
                                        Lit::List(
                                            band.bound_hypotheses
                                                .iter()
                                                .map(|(v, h)| Item {
                                                    comments: Vec::new(),
                                                    lit: Lit::Tuple(vec![
                                                        Lit::Dec(*v),
                                                        Lit::Str(h.clone()),
                                                    ]),
                                                })
                                                .collect(),
                                        ),
                                    ),
                                ]),
                            }
                        })
                        .collect();
                    Item {
                        comments: vec![format!(
                            "tranches {} selon {} ({})",
                            set.name,
                            set.dimension_name,
                            self.at(set.name_span)
                        )],
                        lit: Lit::Map(vec![
                            ("name", Lit::Str(set.name.clone())),
                            (
                                "dimension",
                                set.dimension.map_or(Lit::Null, |d| Lit::Int(d as i64)),
                            ),
                            ("dimension_name", Lit::Str(set.dimension_name.clone())),
                            // Two bands meet one apart (whole numbers) or at the same value.
                            ("step", Lit::Dec(Decimal::from(u8::from(set.whole)))),
                            ("bands", Lit::List(bands)),
                        ]),
                    }
                })
                .collect(),
        )
    }

    fn missions(&self) -> Lit {
        Lit::List(
            self.version()
                .missions
                .iter()
                .map(|mission| {
                    let mut comments = vec![format!(
                        "mission {} ({}), {}",
                        mission.name,
                        self.at(mission.name_span),
                        if mission.kind == MissionKind::Optional {
                            "optionnelle"
                        } else {
                            "socle"
                        }
                    )];
                    comments.extend(mission.sources.iter().map(|s| format!("source : {s}")));
                    comments.extend(
                        mission
                            .hypotheses
                            .iter()
                            .map(|h| format!("hypothèse : {h}")),
                    );
                    for (what, rule) in [
                        ("démarrage", &mission.start),
                        ("déploiement", &mission.effective),
                    ] {
                        if let Some(rule) = rule {
                            comments.push(format!("{what} ({})", self.at(rule.origin.span)));
                        }
                    }
                    comments.extend(self.added_comment(mission));
                    Item {
                        comments,
                        lit: Lit::Map(vec![
                            ("name", Lit::Str(mission.name.clone())),
                            ("optional", Lit::Bool(mission.kind == MissionKind::Optional)),
                            ("start", deadline(mission.start.as_ref())),
                            ("effective", deadline(mission.effective.as_ref())),
                            ("added", self.added_by(mission)),
                        ]),
                    }
                })
                .collect(),
        )
    }

    fn value_comments(&self, id: usize) -> Vec<String> {
        let value = &self.version().values[id];
        headings::value(id, value, "", &self.compiled.provenance[id])
    }

    fn values(&self) -> Lit {
        let version = self.version();
        let needs_inputs = self.compiled.needs_inputs;
        Lit::List(
            version
                .values
                .iter()
                .enumerate()
                .map(|(id, value)| {
                    let mut entries = vec![
                        ("name", Lit::Str(value.name.clone())),
                        ("label", opt_str(&value.label)),
                        ("source", Lit::Str(self.compiled.provenance[id].clone())),
                        ("citations", strings(&self.compiled.citations[id])),
                    ];
                    entries.extend(self.value_time(value));
                    if needs_inputs {
                        let body = match &value.definition {
                            Definition::Table {
                                band_set, entries, ..
                            } => self.writer.table(*band_set, entries),
                            Definition::Formula(expr) => self.writer.expr(expr),
                            Definition::Grid(grid) => self.writer.grid(version, grid),
                            Definition::Rules(rules) => self.writer.rules(rules),
                        };
                        entries.push(("compute", Lit::Code(self.writer.lambda("env", &body))));
                    }
                    let mut comments = self.value_comments(id);
                    comments.extend(self.value_time_comments(value));
                    Item {
                        comments,
                        lit: Lit::Map(entries),
                    }
                })
                .collect(),
        )
    }

    fn static_comment(&self) -> Vec<String> {
        if self.compiled.needs_inputs {
            return vec![
                "les valeurs demandent les entrées du cas : elles sont calculées par VALUES[i].compute"
                    .into(),
            ];
        }
        vec![
            "valeurs calculées une fois par tranche : [tranche][valeur] = (\"ok\", valeur) ou (\"err\", cause)"
                .into(),
        ]
    }

    fn static_values(&self) -> Lit {
        if self.compiled.needs_inputs {
            return Lit::List(Vec::new());
        }
        let version = self.version();
        let band_names: Vec<String> = self
            .compiled
            .band_set
            .map(|s| {
                version.band_sets[s]
                    .bands
                    .iter()
                    .map(|b| b.name.clone())
                    .collect()
            })
            .unwrap_or_default();
        Lit::List(
            self.compiled
                .static_values
                .iter()
                .enumerate()
                .map(|(band, values)| Item {
                    comments: vec![band_names
                        .get(band)
                        .map_or("sans tranche".to_string(), |n| format!("tranche {n}"))],
                    lit: Lit::List(
                        values
                            .iter()
                            .enumerate()
                            .map(|(id, result)| Item {
                                comments: vec![format!(
                                    "{} ({})",
                                    version.values[id].name, self.compiled.provenance[id]
                                )],
                                lit: self.result(result.as_ref()),
                            })
                            .collect(),
                    ),
                })
                .collect(),
        )
    }

    fn result(&self, result: Option<&Result<Value, EvalError>>) -> Lit {
        match result {
            None => Lit::Null,
            Some(Ok(value)) => Lit::Tuple(vec![Lit::Str("ok".into()), self.writer.value(value)]),
            Some(Err(error)) => Lit::Tuple(vec![
                Lit::Str("err".into()),
                Lit::Str(error_kind(error).into()),
            ]),
        }
    }

    fn lines(&self) -> Lit {
        let version = self.version();
        Lit::List(
            self.compiled
                .lines
                .iter()
                .enumerate()
                .map(|(index, line)| {
                    let value = &version.values[line.value];
                    let comments = headings::line(
                        index,
                        value,
                        &self.compiled.provenance[line.value],
                        &line.rule,
                        value.payments.iter().map(|payment| self.at(payment.span)),
                        &line.hypotheses,
                    );
                    Item {
                        comments,
                        lit: Lit::Map(vec![
                            ("value", Lit::Int(line.value as i64)),
                            (
                                "mission",
                                line.mission.map_or(Lit::Null, |m| Lit::Int(m as i64)),
                            ),
                            ("schedule", schedule(&line.schedule)),
                            ("fixed_share", line.fixed_share.map_or(Lit::Null, Lit::Dec)),
                            ("hypotheses", strings(&line.hypotheses)),
                            ("rule", Lit::Str(line.rule.clone())),
                            (
                                "source",
                                Lit::Str(self.compiled.provenance[line.value].clone()),
                            ),
                        ]),
                    }
                })
                .collect(),
        )
    }

    fn conditions(&self) -> Lit {
        Lit::List(
            self.version()
                .conditions
                .iter()
                .map(|condition| Item {
                    comments: vec![format!(
                        "condition {} ({})",
                        condition.name,
                        self.at(condition.origin.span)
                    )],
                    lit: Lit::Map(vec![
                        ("name", Lit::Str(condition.name.clone())),
                        ("label", opt_str(&condition.label)),
                        (
                            "test",
                            Lit::Code(
                                self.writer
                                    .lambda("env", &self.writer.expr(&condition.expr)),
                            ),
                        ),
                    ]),
                })
                .collect(),
        )
    }
}

fn def(name: &'static str, comments: Vec<String>, lit: Lit) -> Def {
    Def {
        name,
        comments,
        lit,
    }
}

fn sourced_comment<T>(what: &str, item: Option<&Sourced<T>>, model: &Model<'_>) -> Vec<String> {
    item.map_or_else(Vec::new, |i| {
        vec![format!("{what} ({})", model.at(i.origin.span))]
    })
}

fn opt_str(text: &Option<String>) -> Lit {
    text.as_ref().map_or(Lit::Null, |t| Lit::Str(t.clone()))
}

fn strings(items: &[String]) -> Lit {
    Lit::List(
        items
            .iter()
            .map(|s| Item::plain(Lit::Str(s.clone())))
            .collect(),
    )
}

/// The contract's years from its duration, as the engine counts them (months / 12, rounded up).
fn contract_years(version: &Version) -> Option<i64> {
    let duration = &version.header.contract_duration.as_ref()?.value;
    let months = match duration.unit {
        DurationUnit::Years => duration.amount * Decimal::from(12),
        DurationUnit::Months => duration.amount,
        DurationUnit::Days => return None,
    };
    i64::try_from((months / Decimal::from(12)).ceil()).ok()
}

pub fn type_name(ty: clause_compiler::types::Type) -> (&'static str, Option<usize>) {
    use clause_compiler::types::Type;
    match ty {
        Type::Money => ("money", None),
        Type::Count => ("count", None),
        Type::Rate => ("rate", None),
        Type::Decimal => ("decimal", None),
        Type::Duration => ("duration", None),
        Type::Date => ("date", None),
        Type::Bool => ("bool", None),
        Type::Text => ("text", None),
        Type::Enum(e) => ("enum", Some(e)),
        Type::Set(e) => ("set", Some(e)),
        Type::Error => ("error", None),
    }
}

fn deadline(rule: Option<&Sourced<DeadlineRule>>) -> Lit {
    match rule.map(|r| &r.value) {
        None => Lit::Null,
        Some(DeadlineRule::Free) => Lit::Tuple(vec![Lit::Str("free".into()), Lit::Null]),
        Some(DeadlineRule::Unspecified) => {
            Lit::Tuple(vec![Lit::Str("unspecified".into()), Lit::Null])
        }
        Some(DeadlineRule::After { delay, event }) => Lit::Tuple(vec![
            Lit::Str("after".into()),
            Lit::Dec(delay.amount),
            Lit::Str(unit(delay.unit)),
            Lit::Str(
                match event {
                    Event::Signature => "signature",
                    Event::MissionStart => "mission_start",
                }
                .into(),
            ),
        ]),
    }
}

fn schedule(schedule: &Schedule) -> Lit {
    let kind = |k: &str| ("kind", Lit::Str(k.into()));
    Lit::Map(match schedule {
        Schedule::Annual { advance, balance } => vec![
            kind("annual"),
            ("advance", Lit::Dec(*advance)),
            ("balance", Lit::Bool(*balance)),
        ],
        Schedule::Mission {
            advance,
            prorated,
            balance,
            variable,
        } => vec![
            kind("mission"),
            ("advance", Lit::Dec(*advance)),
            ("prorated", Lit::Bool(*prorated)),
            ("balance", Lit::Bool(*balance)),
            ("variable", Lit::Bool(*variable)),
        ],
        Schedule::AtSignature => vec![kind("at_signature")],
        Schedule::FirstYear => vec![kind("first_year")],
        Schedule::FollowingYears => vec![kind("following_years")],
        Schedule::EachCrisis => vec![kind("each_crisis")],
        Schedule::LetterOfIntent => vec![kind("letter_of_intent")],
        Schedule::EachYear => vec![kind("each_year")],
        Schedule::VariableOnly => vec![kind("variable_only")],
        Schedule::None => vec![kind("none")],
    })
}

pub fn error_kind(error: &EvalError) -> &'static str {
    match error {
        EvalError::Hole(_) => "hole",
        EvalError::MissingInput(..) => "missing_input",
        EvalError::NoBand(..) => "no_band",
        EvalError::NoRule(_) => "no_rule",
        EvalError::Overflow(_) => "overflow",
        EvalError::DivisionByZero(_) => "division_by_zero",
        EvalError::Invalid(_) => "invalid",
        EvalError::Cycle(_) => "cycle",
        EvalError::MixedDurations(_) => "mixed_durations",
        EvalError::AmbiguousDate(..) => "ambiguous_date",
    }
}
