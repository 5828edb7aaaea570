//! Builds the reference document of a version: evaluates every value per band, lays the envelopes
//! out as the sources' funding table, and gathers calendar, rules, checks and hypotheses.

use super::cells::{
    cell_of, judge_cells, periodicity, total_row, verdict_of, worst_verdict, Evaluations,
};
use super::model::*;
use super::{prose, words};

mod facts;
use crate::check::examples::run_examples;
use crate::interpret::EvalError;
use crate::ir::{
    self, Citation, Definition, Entry, ExampleOutcome, ExprKind, MissionId, Origin, ValueId,
    Version, VersionKind,
};
use crate::source_db::SourceDb;
use crate::value::Value;
use clause_grammar::ast::{MissionKind, PaymentKind, ValueKind};
use clause_grammar::Span;

/// The reference document of `version`. `db` gives the source text of formulas.
pub fn build_document(version: &Version, db: &SourceDb) -> Document {
    Builder::new(version, db).build()
}

struct Builder<'a> {
    version: &'a Version,
    db: &'a SourceDb,
    evaluations: Evaluations<'a>,
    hypotheses: Vec<HypothesisDoc>,
}

impl<'a> Builder<'a> {
    fn new(version: &'a Version, db: &'a SourceDb) -> Self {
        Builder {
            version,
            db,
            evaluations: Evaluations::new(version),
            hypotheses: Vec::new(),
        }
    }

    /// The source text of an expression, on one line, typeset for print.
    fn text(&self, span: Span) -> String {
        let source = self.db.text(span.file);
        words::typeset(
            &source
                .get(span.start..span.end)
                .unwrap_or("?")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        )
    }

    /// Numbers a hypothesis, once per distinct text, remembering what it concerns.
    fn hypothesis(&mut self, text: &str, concerns: &str) -> usize {
        if let Some(existing) = self.hypotheses.iter_mut().find(|h| h.text == text) {
            if !existing.concerns.iter().any(|c| c == concerns) {
                existing.concerns.push(concerns.to_string());
            }
            return existing.number;
        }
        let number = self.hypotheses.len() + 1;
        self.hypotheses.push(HypothesisDoc {
            number,
            text: text.to_string(),
            concerns: vec![concerns.to_string()],
        });
        number
    }

    fn hypotheses_of(&mut self, texts: &[String], concerns: &str) -> Vec<usize> {
        texts.iter().map(|t| self.hypothesis(t, concerns)).collect()
    }

    fn provenance(&self, sources: &[Citation], origin: &Origin) -> Provenance {
        let setter = match &self.version.kind {
            VersionKind::Consolidated { .. } => Some(Setter {
                declared_in: origin.declared_in.clone(),
                change: origin.change,
                is_base: origin.declared_in != self.version.name,
            }),
            VersionKind::Agreement => None,
        };
        Provenance {
            sources: sources.to_vec(),
            setter,
        }
    }

    fn value_label(&self, id: ValueId) -> String {
        let value = &self.version.values[id];
        value.label.clone().unwrap_or_else(|| value.name.clone())
    }

    /// « Prévention — Moyens »: an envelope's label with its mission's, when they differ.
    fn qualified_label(&self, id: ValueId) -> String {
        let label = self.value_label(id);
        match self.version.values[id]
            .mission
            .map(|m| &self.version.missions[m])
        {
            Some(mission) => {
                let mission_label = mission
                    .label
                    .clone()
                    .unwrap_or_else(|| mission.name.clone());
                if mission_label == label {
                    label
                } else {
                    format!("{mission_label} — {label}")
                }
            }
            None => label,
        }
    }

    fn build(mut self) -> Document {
        let version = self.version;
        let band_sets = self.band_sets();
        let (funding, other_payments) = self.funding_tables();
        let calendar = self.calendar();
        let payment_rules = self.payment_rules();
        let derived = self.derived();
        let assertions = self.assertions();
        let examples = self.examples();
        let inputs = version
            .inputs
            .iter()
            .map(|input| InputDoc {
                name: input.name.clone(),
                label: input.label.clone(),
                type_name: input.ty.french().to_string(),
            })
            .collect();
        for input in &version.inputs {
            let concerns = input.label.clone().unwrap_or_else(|| input.name.clone());
            self.hypotheses_of(&input.hypotheses, &concerns);
        }
        let conditions = version
            .conditions
            .iter()
            .map(|c| Formula {
                name: c.name.clone(),
                label: c.label.clone(),
                text: prose::in_words(version, &c.expr),
            })
            .collect();
        let (kind, bases) = match &version.kind {
            VersionKind::Agreement => ("Accord".to_string(), Vec::new()),
            // The base is named by the discreet reference the renderers add from `bases`.
            VersionKind::Consolidated { chain, .. } => (
                "Avenant consolidé sur son accord de base".to_string(),
                chain.clone(),
            ),
        };
        Document {
            id: version.name.clone(),
            title: version.title.clone(),
            kind,
            bases,
            status: version.status().map(|s| s.french().to_string()),
            facts: self.facts(),
            sources: version
                .header
                .sources
                .iter()
                .map(|s| Sourced {
                    text: s.value.text.clone(),
                    provenance: self.provenance(std::slice::from_ref(&s.value), &s.origin),
                })
                .collect(),
            references: version
                .cited_references()
                .into_iter()
                .map(|r| r.entry())
                .collect(),
            inputs,
            conditions,
            band_sets,
            funding,
            other_payments,
            calendar,
            payment_rules,
            derived,
            assertions,
            examples,
            holes: self.holes(),
            boundaries: super::boundaries::tables(self.version),
            two_way: super::two_way::tables(self.version),
            rule_tables: super::two_way::rule_tables(self.version),
            hypotheses: self.hypotheses,
            date: [
                &version.header.signed_on,
                &version.header.proposed_on,
                &version.header.published_on,
            ]
            .into_iter()
            .find_map(|d| d.as_ref().map(|d| d.value)),
        }
    }

    fn band_sets(&mut self) -> Vec<BandSetDoc> {
        let version = self.version;
        version
            .band_sets
            .iter()
            .map(|set| {
                let dimension_label = set
                    .dimension
                    .and_then(|i| version.inputs.get(i))
                    .and_then(|i| i.label.clone());
                let bands = set
                    .bands
                    .iter()
                    .map(|band| {
                        let label = band.label.clone().unwrap_or_else(|| band.name.clone());
                        let hypotheses = self.hypotheses_of(&band.hypotheses, &label);
                        BandDoc {
                            name: band.name.clone(),
                            label,
                            low: band.low,
                            high: band.high,
                            range_text: if set.whole {
                                words::band_range(band.low, band.high)
                            } else {
                                band.interval().words(band.percent)
                            },
                            hypotheses,
                            interval: band.interval(),
                            percent: band.percent,
                        }
                    })
                    .collect();
                BandSetDoc {
                    name: set.name.clone(),
                    dimension: set.dimension_name.replace('_', " "),
                    dimension_label,
                    bands,
                    whole: set.whole,
                }
            })
            .collect()
    }

    /// The value's figure per band of `set` (the same figure in every column for a band-free value).
    fn cells(&self, id: ValueId, set: Option<usize>) -> (Vec<Cell>, bool) {
        let value = &self.version.values[id];
        let columns = set.map_or(1, |s| self.version.band_sets[s].bands.len());
        match (value.band_set, set) {
            (Some(own), Some(_)) => {
                let cells = self
                    .evaluations
                    .per_band
                    .get(own)
                    .map(|envs| {
                        envs.iter()
                            .map(|env| cell_of(self.version, env.value(id)))
                            .collect()
                    })
                    .unwrap_or_default();
                (cells, false)
            }
            _ => (
                vec![cell_of(self.version, self.evaluations.bandless.value(id)); columns],
                true,
            ),
        }
    }

    /// Items in the order of the sources: a mission at the place of its first envelope.
    fn layout(&self) -> Vec<(Option<MissionId>, Vec<ValueId>)> {
        let version = self.version;
        let mut layout: Vec<(Option<MissionId>, Vec<ValueId>)> = Vec::new();
        for (id, value) in version.values.iter().enumerate() {
            if value.kind != ValueKind::Envelope {
                continue;
            }
            match value.mission {
                None => layout.push((None, vec![id])),
                Some(mission) => {
                    if !layout.iter().any(|(m, _)| *m == Some(mission)) {
                        layout.push((Some(mission), version.missions[mission].envelopes.clone()));
                    }
                }
            }
        }
        layout
    }

    fn mission_ref(&self, mission: MissionId) -> MissionRef {
        let m = &self.version.missions[mission];
        MissionRef {
            name: m.name.clone(),
            label: m.label.clone().unwrap_or_else(|| m.name.clone()),
            nature: nature(m),
        }
    }

    /// A revalued line as the amendment says it, with the base's title (a published page names
    /// no identifier): « montant de l'Accord conventionnel … +5 % ».
    fn revaluation_words(&self, revaluation: &crate::ir::Revaluation) -> String {
        let base = prose::base_title(self.version, &revaluation.base);
        format!("montant de {base} {}", revaluation.words())
    }

    fn funding_row(&mut self, id: ValueId, set: Option<usize>) -> FundingRow {
        let version = self.version;
        let value = &version.values[id];
        let label = self.value_label(id);
        let (cells, uniform) = self.cells(id, set);
        let formula = match (&value.revaluation, &value.definition) {
            // As the amendment says it: « montant de `aci_cpts_2019` +5 % ».
            (Some(r), _) => Some(self.revaluation_words(r)),
            (None, Definition::Formula(expr)) if !matches!(expr.kind, ExprKind::Literal(_)) => {
                Some(prose::line_in_words(version, expr, &value.name))
            }
            _ => None,
        };
        let mut sources = value.sources.clone();
        if sources.is_empty() {
            if let Some(mission) = value.mission {
                sources = version.missions[mission].sources.clone();
            }
        }
        let kinds: Vec<&PaymentKind> = value.payments.iter().map(|p| &p.kind).collect();
        FundingRow {
            name: value.name.clone(),
            label: label.clone(),
            mission: value.mission.map(|m| version.missions[m].name.clone()),
            cells,
            uniform,
            formula,
            timing: words::timing(kinds.iter().copied()),
            periodicity: periodicity(&kinds),
            provenance: self.provenance(&sources, &value.origin),
            hypotheses: self.hypotheses_of(&value.hypotheses, &label),
        }
    }

    fn funding_tables(&mut self) -> (Vec<FundingTable>, Vec<FundingTable>) {
        let version = self.version;
        let table_count = version.band_sets.len().max(1);
        let set_of_table = |t: usize| {
            if version.band_sets.is_empty() {
                None
            } else {
                Some(t)
            }
        };
        let mut yearly: Vec<Vec<FundingGroup>> = vec![Vec::new(); table_count];
        let mut other: Vec<Vec<FundingGroup>> = vec![Vec::new(); table_count];
        for (mission, ids) in self.layout() {
            let mission_ref = mission.map(|m| self.mission_ref(m));
            for id in ids {
                let table = version.values[id]
                    .band_set
                    .unwrap_or(0)
                    .min(table_count - 1);
                let row = self.funding_row(id, set_of_table(table));
                let groups = if row.periodicity == Periodicity::Yearly {
                    &mut yearly[table]
                } else {
                    &mut other[table]
                };
                match groups.last_mut() {
                    Some(group) if group.mission == mission_ref => group.rows.push(row),
                    _ => groups.push(FundingGroup {
                        mission: mission_ref.clone(),
                        rows: vec![row],
                    }),
                }
            }
        }
        let columns = |t: usize| match set_of_table(t) {
            Some(set) => version.band_sets[set]
                .bands
                .iter()
                .map(|b| b.label.clone().unwrap_or_else(|| b.name.clone()))
                .collect(),
            None => vec!["Montant".to_string()],
        };
        let band_set_name = |t: usize| set_of_table(t).map(|s| version.band_sets[s].name.clone());
        let funding = yearly
            .into_iter()
            .enumerate()
            .filter(|(_, groups)| !groups.is_empty())
            .map(|(t, groups)| {
                let columns = columns(t);
                let total = total_row(&groups, columns.len());
                FundingTable {
                    band_set: band_set_name(t),
                    columns,
                    groups,
                    total: Some(total),
                }
            })
            .collect();
        let other_payments = other
            .into_iter()
            .enumerate()
            .filter(|(_, groups)| !groups.is_empty())
            .map(|(t, groups)| FundingTable {
                band_set: band_set_name(t),
                columns: columns(t),
                groups,
                total: None,
            })
            .collect();
        (funding, other_payments)
    }

    fn calendar(&mut self) -> Vec<CalendarRow> {
        let version = self.version;
        version
            .missions
            .iter()
            .map(|mission| {
                let label = mission
                    .label
                    .clone()
                    .unwrap_or_else(|| mission.name.clone());
                CalendarRow {
                    mission: mission.name.clone(),
                    label: label.clone(),
                    nature: nature(mission),
                    mandatory: mission.kind == MissionKind::Mandatory,
                    start: words::deadline(mission.start.as_ref().map(|s| &s.value)),
                    effective: words::deadline(mission.effective.as_ref().map(|s| &s.value)),
                    indicators: mission.indicators.clone(),
                    provenance: self.provenance(&mission.sources, &mission.origin),
                    hypotheses: self.hypotheses_of(&mission.hypotheses, &label),
                }
            })
            .collect()
    }

    fn payment_rules(&mut self) -> Vec<PaymentRuleDoc> {
        let version = self.version;
        let mut rules = Vec::new();
        for (_, ids) in self.layout() {
            for id in ids {
                let value = &version.values[id];
                let label = self.value_label(id);
                let text = if value.payments.is_empty() {
                    "Modalités de versement non précisées".to_string()
                } else {
                    words::payments(value.payments.iter().map(|p| &p.kind))
                } + &words::line_in_time(value);
                let mut hypotheses = Vec::new();
                let fixed_share = value.fixed_share.as_ref().map(|fixed| {
                    let share = match self.evaluations.bandless.eval(&fixed.share) {
                        Ok(Value::Rate(r)) => words::rate(r),
                        _ => self.text(fixed.share.span),
                    };
                    if let Some(h) = &fixed.hypothesis {
                        hypotheses.push(self.hypothesis(h, &label));
                    }
                    format!("part fixe {share}, part variable le reste")
                });
                rules.push(PaymentRuleDoc {
                    name: value.name.clone(),
                    label,
                    text,
                    fixed_share,
                    hypotheses,
                });
            }
        }
        rules
    }

    fn derived(&mut self) -> Vec<DerivedDoc> {
        let version = self.version;
        let mut derived = Vec::new();
        for (id, value) in version.values.iter().enumerate() {
            if value.kind == ValueKind::Envelope {
                continue;
            }
            let label = self.value_label(id);
            let formula = match (&value.revaluation, &value.definition) {
                (Some(r), _) => self.revaluation_words(r),
                (None, Definition::Formula(expr)) => {
                    prose::line_in_words(version, expr, &value.name)
                }
                (None, Definition::Table { .. }) => "montant fixé pour chaque tranche".to_string(),
                (None, Definition::Grid(grid)) => format!(
                    "montant fixé pour chaque case du tableau par {}",
                    grid.axes.words(version)
                ),
                (None, Definition::Rules(_)) => "valeur donnée par une table de règles".to_string(),
            };
            let (columns, cells) = match value.band_set {
                Some(set) => (
                    version.band_sets[set]
                        .bands
                        .iter()
                        .map(|b| b.label.clone().unwrap_or_else(|| b.name.clone()))
                        .collect(),
                    self.cells(id, Some(set)).0,
                ),
                None => (
                    Vec::new(),
                    vec![cell_of(self.version, self.evaluations.bandless.value(id))],
                ),
            };
            derived.push(DerivedDoc {
                name: value.name.clone(),
                label: label.clone(),
                keyword: value.kind.keyword().to_string(),
                formula,
                columns,
                cells,
                provenance: self.provenance(&value.sources, &value.origin),
                hypotheses: self.hypotheses_of(&value.hypotheses, &label),
            });
        }
        derived
    }

    fn assertions(&self) -> Vec<CheckDoc> {
        let version = self.version;
        version
            .assertions
            .iter()
            .map(|assertion| {
                let statement = prose::in_words(version, &assertion.expr);
                let (verdict, detail) = self.judge(&assertion.expr);
                CheckDoc {
                    label: assertion.label.clone().unwrap_or_else(|| statement.clone()),
                    statement,
                    verdict,
                    detail,
                    provenance: self.provenance(&[], &assertion.origin),
                }
            })
            .collect()
    }

    /// Whether a `vérifier` holds: without bands if it can, else band by band, or cell by cell
    /// when it reads a value by two criteria.
    fn judge(&self, expr: &ir::Expr) -> (Verdict, Option<String>) {
        if let Some(axes) = crate::check::expr_grid(self.version, expr) {
            return judge_cells(self.version, axes, expr);
        }
        match self.evaluations.bandless.eval(expr) {
            Err(EvalError::NoBand(set, _)) => {
                let bands = &self.version.band_sets[set].bands;
                let verdicts: Vec<(String, Verdict)> = self.evaluations.per_band[set]
                    .iter()
                    .zip(bands)
                    .map(|(env, band)| {
                        (
                            band.label.clone().unwrap_or_else(|| band.name.clone()),
                            verdict_of(env.eval(expr)),
                        )
                    })
                    .collect();
                worst_verdict(&verdicts, "pour chaque tranche")
            }
            result => (verdict_of(result), None),
        }
    }

    fn examples(&self) -> Vec<CheckDoc> {
        let version = self.version;
        let shown = |expr: &ir::Expr| match self.evaluations.bandless.eval(expr) {
            Ok(
                value @ (Value::Money(_)
                | Value::Count(_)
                | Value::Rate(_)
                | Value::Decimal(_)
                | Value::Date(_)),
            ) => words::value(&value),
            Ok(_) | Err(_) => prose::in_words(version, expr),
        };
        let reports = run_examples(version);
        version
            .examples
            .iter()
            .zip(reports)
            .map(|(example, report)| {
                let inputs: Vec<String> = example
                    .inputs
                    .iter()
                    .map(|(input, expr)| {
                        let input = &version.inputs[*input];
                        let name = input.label.as_deref().unwrap_or(&input.name);
                        format!("«\u{A0}{name}\u{A0}» = {}", shown(expr))
                    })
                    .collect();
                let outcome = match &example.outcome {
                    ExampleOutcome::NotEligible(_) => "non éligible".to_string(),
                    ExampleOutcome::Values(values) => values
                        .iter()
                        .map(|v| {
                            let name = prose::value_title(version, v.value);
                            format!("«\u{A0}{name}\u{A0}» = {}", shown(&v.expected))
                        })
                        .collect::<Vec<_>>()
                        .join(", "),
                };
                let detail = report.diagnostics.first().map(|d| d.message.clone());
                CheckDoc {
                    label: example.label.clone(),
                    statement: format!("{} ⇒ {outcome}", inputs.join(", ")),
                    verdict: if report.passed {
                        Verdict::Verified
                    } else {
                        Verdict::Failed
                    },
                    detail,
                    provenance: self.provenance(&[], &example.origin),
                }
            })
            .collect()
    }

    fn holes(&self) -> Vec<String> {
        let version = self.version;
        let mut holes = Vec::new();
        for (id, value) in version.values.iter().enumerate() {
            if let Definition::Table {
                band_set, entries, ..
            } = &value.definition
            {
                for (index, entry) in entries.iter().enumerate() {
                    if let Entry::Hole(_) = entry {
                        let band = version.band_sets[*band_set].bands.get(index).map_or_else(
                            || "?".to_string(),
                            |b| b.label.clone().unwrap_or_else(|| b.name.clone()),
                        );
                        holes.push(format!(
                            "{} : montant pour {band}",
                            self.qualified_label(id)
                        ));
                    }
                }
            }
        }
        for mission in &version.missions {
            let label = mission
                .label
                .clone()
                .unwrap_or_else(|| mission.name.clone());
            for (word, deadline) in [
                ("échéance de démarrage", &mission.start),
                ("échéance de déploiement", &mission.effective),
            ] {
                if matches!(
                    deadline,
                    Some(ir::Sourced {
                        value: ir::DeadlineRule::Unspecified,
                        ..
                    })
                ) {
                    holes.push(format!("{label} : {word}"));
                }
            }
        }
        holes
    }
}

fn nature(mission: &ir::Mission) -> String {
    let kind = match mission.kind {
        MissionKind::Mandatory => "socle",
        MissionKind::Optional => "optionnelle",
    };
    if mission.without_indicator {
        format!("{kind}, sans indicateur")
    } else {
        kind.to_string()
    }
}
