//! The rules of time as the generated code's data (docs/evaluation.md, « Le temps des
//! avenants »): the version's date of effect and its own `applicable aux contrats signés avant
//! le`, each line's `à compter du … [au prorata]` and `réservé …`, the amendment that added a
//! mission, and the bases of an amendment (root first) with their own bands, values, lines and
//! conditions: the values in force before the amendment's date of effect.

use super::Model;
use crate::emit::{Item, Lit};
use clause_compiler::evaluate::adding_version;
use clause_compiler::ir::{Mission, ValueItem};
use clause_compiler::value::french_date;
use clause_grammar::ast::Reservation;

impl Model<'_> {
    /// `applicable aux contrats signés avant le`, when this version writes it: its own lines
    /// are not paid to a contract signed later (a base's applies to the base's lines only).
    pub(super) fn applicable_before(&self) -> Lit {
        self.version()
            .own_applicable_before()
            .map_or(Lit::Null, Lit::Date)
    }

    pub(super) fn applicable_before_comment(&self) -> Vec<String> {
        let header = &self.version().header;
        match header
            .applicable_before
            .as_ref()
            .filter(|d| d.origin.declared_in == self.version().name)
        {
            Some(d) => vec![format!(
                "ses lignes sont réservées aux contrats signés avant le {} ({})",
                french_date(d.value),
                self.at(d.origin.span)
            )],
            None => vec!["aucune réserve de la version sur la date de signature".into()],
        }
    }

    /// The date its own values count from: `en vigueur le`, else its latest date of the header.
    pub(super) fn date_of_effect(&self) -> Lit {
        self.version().date_of_effect().map_or(Lit::Null, Lit::Date)
    }

    pub(super) fn date_of_effect_comment(&self) -> Vec<String> {
        let version = self.version();
        match version.date_of_effect_line() {
            Some(d) if !version.bases.is_empty() => vec![format!(
                "date d'effet de ses valeurs : le {} ({}) ; avant elle, les valeurs de sa base",
                french_date(d.value),
                self.at(d.origin.span)
            )],
            Some(d) => vec![format!(
                "date de la version : le {} ({}) ; sans base, ses valeurs valent depuis toujours",
                french_date(d.value),
                self.at(d.origin.span)
            )],
            None => vec!["pas de date d'effet".into()],
        }
    }

    /// A value's rules of time: the version that wrote it, `à compter du`, `réservé …`.
    pub(super) fn value_time(&self, value: &ValueItem) -> Vec<(&'static str, Lit)> {
        vec![
            ("declared_in", Lit::Str(value.origin.declared_in.clone())),
            (
                "effect",
                value.effect.as_ref().map_or(Lit::Null, |e| {
                    Lit::Tuple(vec![Lit::Date(e.date), Lit::Bool(e.prorated)])
                }),
            ),
            (
                "reserved",
                Lit::List(
                    value
                        .reserved
                        .iter()
                        .map(|rule| Item {
                            comments: Vec::new(),
                            lit: match &rule.value {
                                Reservation::SignedBefore(d) => {
                                    Lit::Tuple(vec![Lit::Str("before".into()), Lit::Date(*d)])
                                }
                                Reservation::SignedAfter(d) => {
                                    Lit::Tuple(vec![Lit::Str("after".into()), Lit::Date(*d)])
                                }
                                Reservation::If(name) => Lit::Tuple(vec![
                                    Lit::Str("if".into()),
                                    Lit::Str(name.node.clone()),
                                ]),
                            },
                        })
                        .collect(),
                ),
            ),
        ]
    }

    pub(super) fn value_time_comments(&self, value: &ValueItem) -> Vec<String> {
        let mut comments = Vec::new();
        if value.origin.declared_in != self.version().name {
            comments.push(format!("écrite par `{}`", value.origin.declared_in));
        }
        if let Some(effect) = &value.effect {
            comments.push(format!(
                "à compter du {}{}",
                french_date(effect.date),
                if effect.prorated {
                    " au prorata (l'année de contrat qui chevauche la date est partagée par jours)"
                } else {
                    ""
                }
            ));
        }
        for rule in &value.reserved {
            let what = match &rule.value {
                Reservation::SignedBefore(d) => {
                    format!("réservé aux contrats signés avant le {}", french_date(*d))
                }
                Reservation::SignedAfter(d) => {
                    format!("réservé aux contrats signés après le {}", french_date(*d))
                }
                Reservation::If(name) => format!("réservé si {}", name.node),
            };
            comments.push(format!("{what} ({})", self.at(rule.origin.span)));
        }
        comments
    }

    /// For a mission an amendment adds: that amendment's name, date of effect (its deadlines
    /// count from the later of it and the signature) and own `applicable … avant le`.
    pub(super) fn added_by(&self, mission: &Mission) -> Lit {
        match adding_version(self.version(), mission) {
            None => Lit::Null,
            Some(adder) => Lit::Tuple(vec![
                Lit::Str(adder.name.clone()),
                adder.date_of_effect().map_or(Lit::Null, Lit::Date),
                adder.own_applicable_before().map_or(Lit::Null, Lit::Date),
            ]),
        }
    }

    pub(super) fn added_comment(&self, mission: &Mission) -> Vec<String> {
        adding_version(self.version(), mission)
            .map(|adder| {
                format!(
                    "ajoutée par `{}` : ses échéances courent de sa date d'effet{} si la signature est antérieure",
                    adder.name,
                    adder
                        .date_of_effect()
                        .map_or(String::new(), |d| format!(" ({})", french_date(d)))
                )
            })
            .into_iter()
            .collect()
    }

    pub(super) fn history_comment(&self) -> Vec<String> {
        if self.compiled.history.is_empty() {
            return vec!["aucune base : toutes les valeurs sont celles de cette version".into()];
        }
        vec![
            "les bases de l'avenant, de la racine à la plus proche : chacune avec ses tranches, ses valeurs, ses lignes et ses conditions.".into(),
            "Une ligne vaut la valeur de la base avant la date d'effet de la version qui l'a réécrite (evaluate/timeline.rs).".into(),
        ]
    }

    /// Each base of the chain, root first, as the data of a stage.
    pub(super) fn history(&self) -> Lit {
        Lit::List(
            self.compiled
                .history
                .iter()
                .rev()
                .map(|base| {
                    let model = Model::new(base, self.sources, self.writer);
                    let version = base.version;
                    let mut comments = vec![format!(
                        "base `{}`{}",
                        version.name,
                        version
                            .title
                            .as_ref()
                            .map_or(String::new(), |t| format!(" — {t}"))
                    )];
                    comments.extend(model.date_of_effect_comment());
                    comments.extend(model.applicable_before_comment());
                    let mut entries = vec![
                        ("name", Lit::Str(version.name.clone())),
                        (
                            "inputs",
                            Lit::List(
                                version
                                    .inputs
                                    .iter()
                                    .map(|input| {
                                        Item::plain(
                                            self.version()
                                                .input_named(&input.name)
                                                .map_or(Lit::Null, |i| Lit::Int(i as i64)),
                                        )
                                    })
                                    .collect(),
                            ),
                        ),
                    ];
                    entries.extend(model.stage_defs());
                    Item {
                        comments,
                        lit: Lit::Map(entries),
                    }
                })
                .collect(),
        )
    }

    /// What a base needs to be a stage: the constants its own module would define.
    fn stage_defs(&self) -> Vec<(&'static str, Lit)> {
        let compiled = self.compiled;
        vec![
            ("applicable_before", self.applicable_before()),
            ("effect", self.date_of_effect()),
            ("band_sets", self.band_sets()),
            (
                "band_set",
                compiled.band_set.map_or(Lit::Null, |s| Lit::Int(s as i64)),
            ),
            ("values", self.values()),
            (
                "evaluation_order",
                Lit::List(
                    self.version()
                        .evaluation_order
                        .iter()
                        .map(|i| Item::plain(Lit::Int(*i as i64)))
                        .collect(),
                ),
            ),
            ("needs_inputs", Lit::Bool(compiled.needs_inputs)),
            ("static", self.static_values()),
            ("lines", self.lines()),
            ("conditions", self.conditions()),
        ]
    }
}
