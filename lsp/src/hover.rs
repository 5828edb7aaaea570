//! Hover: what a name is (kind, type, label), its value per band, a formula's computed values,
//! where it comes from (source, hypothesis, base or amendment), and the docs of keywords.

use crate::keywords;
use crate::navigation::Target;
use crate::snapshot::Snapshot;
use crate::text::word_at;
use crate::values::{Computed, Outcome};
use clause_compiler::ir::{
    Change, Citation, DeadlineRule, Definition, Origin, Symbol, Version, VersionKind,
};
use clause_compiler::value::{french_date, french_duration, french_number, plural};
use clause_compiler::{FileId, Span};
use clause_grammar::ast::{Event, MissionKind};
use std::fmt::Write as _;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hover {
    /// The word the hover is about.
    pub span: Span,
    /// Markdown, in French.
    pub markdown: String,
}

pub fn hover(snapshot: &Snapshot, file: FileId, offset: usize) -> Option<Hover> {
    if let Some(occurrence) = snapshot.index.at(file, offset) {
        let version_index = occurrence.version?;
        let version = snapshot.analysis.versions.get(version_index)?;
        let markdown = match occurrence.target.as_ref()? {
            Target::Version(name) => version_hover(snapshot, snapshot.analysis.version(name)?),
            Target::Band(set, band) => band_hover(version, *set, *band)?,
            Target::Reference { name, citation } => {
                crate::citations::hover(version, name, citation.as_deref())?
            }
            Target::Symbol(symbol) => symbol_hover(snapshot, version_index, version, *symbol)?,
        };
        return Some(Hover {
            span: occurrence.span,
            markdown,
        });
    }
    let (span, word) = word_at(snapshot.text(file), offset)?;
    let keyword = keywords::keyword(word)?;
    Some(Hover {
        span: Span::new(file, span.0, span.1),
        markdown: format!("**mot-clé** `{}`\n\n{}", keyword.word, keyword.doc),
    })
}

fn version_hover(snapshot: &Snapshot, version: &Version) -> String {
    let mut out = String::new();
    let kind = match &version.kind {
        VersionKind::Agreement => "accord".to_string(),
        VersionKind::Consolidated { base, .. } => format!("avenant consolidé sur `{base}`"),
    };
    let _ = write!(out, "**{kind}** `{}`", version.name);
    if let Some(title) = &version.title {
        let _ = write!(out, "\n\n« {title} »");
    }
    let mut facts = Vec::new();
    if let Some(status) = &version.header.status {
        facts.push(format!("statut : {}", status.value.french()));
    }
    for (word, date) in [
        ("proposé le", &version.header.proposed_on),
        ("signé le", &version.header.signed_on),
        ("publié le", &version.header.published_on),
        ("en vigueur le", &version.header.in_force_on),
        (
            "applicable aux contrats signés avant le",
            &version.header.applicable_before,
        ),
    ] {
        if let Some(date) = date {
            facts.push(format!("{word} {}", french_date(date.value)));
        }
    }
    if let Some(date) = version.date_of_effect() {
        facts.push(format!("date d'effet : {}", french_date(date)));
    }
    if let Some(duration) = &version.header.contract_duration {
        facts.push(format!(
            "durée du contrat : {}",
            french_duration(&duration.value)
        ));
    }
    // The policy in force, declared or inherited, and said even when it is the default.
    let inherited = match &version.header.date_policy {
        Some(declared) if declared.origin.declared_in != version.name => {
            format!(" (de `{}`)", declared.origin.declared_in)
        }
        Some(_) => String::new(),
        None => " (par défaut)".into(),
    };
    facts.push(format!(
        "dates ambiguës : {}{inherited}",
        version.date_policy().french()
    ));
    facts.push(format!(
        "{}, {} (enveloppes et valeurs), {}",
        plural(version.missions.len(), "mission", "missions"),
        plural(version.values.len(), "élément", "éléments"),
        plural(version.inputs.len(), "entrée", "entrées")
    ));
    for fact in facts {
        let _ = write!(out, "\n- {fact}");
    }
    let _ = write!(out, "\n\n{}", location(snapshot, version.name_span));
    out
}

fn band_hover(version: &Version, set: usize, band: usize) -> Option<String> {
    let band_set = version.band_sets.get(set)?;
    let band = band_set.bands.get(band)?;
    let range = match band.high {
        // Decimals and rates: the range as written, open or closed bounds.
        _ if !band_set.whole => format!(
            "{} `{}`",
            band.interval().words(band.percent),
            band_set.dimension_name
        ),
        Some(high) => format!(
            "de {} à {} `{}`",
            french_number(band.low, " "),
            french_number(high, " "),
            band_set.dimension_name
        ),
        None => format!(
            "à partir de {} `{}`",
            french_number(band.low, " "),
            band_set.dimension_name
        ),
    };
    let mut out = format!("**tranche** `{}` de `{}`", band.name, band_set.name);
    if let Some(label) = &band.label {
        let _ = write!(out, "\n\n« {label} »");
    }
    // Whole numbers: both bounds in the band; exact bounds say so in their words.
    let closed = if band_set.whole {
        " (bornes comprises)"
    } else {
        ""
    };
    let _ = write!(out, "\n\n{range}{closed}");
    // A hypothesis written on a bound is shown with its bound.
    let mut hypotheses = band.hypotheses.clone();
    hypotheses.extend(band.bound_hypotheses.iter().map(|(bound, h)| {
        let shown = clause_compiler::interval::Interval {
            low: clause_compiler::interval::Bound::closed(*bound),
            high: Some(clause_compiler::interval::Bound::closed(*bound)),
        };
        format!("seuil {} : {h}", shown.words(band.percent))
    }));
    attributes(&mut out, &band.sources, &hypotheses);
    Some(out)
}

fn symbol_hover(
    snapshot: &Snapshot,
    version_index: usize,
    version: &Version,
    symbol: Symbol,
) -> Option<String> {
    let mut out = String::new();
    match symbol {
        Symbol::Value(id) => value_hover(snapshot, version_index, version, id, &mut out)?,
        Symbol::Mission(id) => {
            let mission = version.missions.get(id)?;
            let kind = match mission.kind {
                MissionKind::Mandatory => "socle",
                MissionKind::Optional => "optionnelle",
            };
            let _ = write!(out, "**mission** `{}` ({kind})", mission.name);
            label(&mut out, mission.label.as_deref());
            for (word, deadline) in [
                ("démarrage", &mission.start),
                ("déploiement", &mission.effective),
            ] {
                if let Some(deadline) = deadline {
                    let text = match &deadline.value {
                        DeadlineRule::Free => "libre".to_string(),
                        DeadlineRule::Unspecified => "non précisé".to_string(),
                        DeadlineRule::After {
                            delay,
                            event: Event::Signature,
                        } => format!("au plus tard {} après signature", french_duration(delay)),
                        DeadlineRule::After {
                            delay,
                            event: Event::MissionStart,
                        } => format!("au plus tard {} après démarrage", french_duration(delay)),
                    };
                    let _ = write!(out, "\n- {word} : {text}");
                }
            }
            if let Some(values) = snapshot.values(version_index) {
                for &envelope in &mission.envelopes {
                    let Some(value) = version.values.get(envelope) else {
                        continue;
                    };
                    let summary = values
                        .get(envelope)
                        .and_then(Computed::summary)
                        .unwrap_or_else(|| "—".to_string());
                    let _ = write!(out, "\n- enveloppe `{}` : {summary}", value.name);
                }
            }
            if !mission.indicators.is_empty() {
                let count = plural(mission.indicators.len(), "indicateur", "indicateurs");
                let _ = write!(out, "\n- {count}");
            }
            attributes(&mut out, &mission.sources, &mission.hypotheses);
            provenance(
                &mut out,
                snapshot,
                version,
                &mission.origin,
                mission.name_span,
            );
        }
        Symbol::Input(id) => {
            let input = version.inputs.get(id)?;
            let _ = write!(
                out,
                "**entrée** `{}` : {}",
                input.name,
                type_name(version, input.ty)
            );
            label(&mut out, input.label.as_deref());
            attributes(&mut out, &input.sources, &input.hypotheses);
            provenance(&mut out, snapshot, version, &input.origin, input.name_span);
        }
        Symbol::BandSet(id) => {
            let set = version.band_sets.get(id)?;
            let _ = writeln!(
                out,
                "**tranches** `{}` selon `{}`",
                set.name, set.dimension_name
            );
            if set.domain_span.is_some() {
                let percent = set.bands.iter().any(|b| b.percent);
                let _ = writeln!(out, "\ndomaine : {}", set.domain.words(percent));
            }
            for band in &set.bands {
                let range = match band.high {
                    _ if !set.whole => band.interval().words(band.percent),
                    Some(high) => format!(
                        "{} à {}",
                        french_number(band.low, " "),
                        french_number(high, " ")
                    ),
                    None => format!("{} et plus", french_number(band.low, " ")),
                };
                let _ = write!(out, "\n- `{}` : {range}", band.name);
            }
            provenance(&mut out, snapshot, version, &set.origin, set.name_span);
        }
        Symbol::Enum(id) => {
            let enumeration = version.enums.get(id)?;
            let _ = write!(out, "**énumération** `{}`", enumeration.name);
            label(&mut out, enumeration.label.as_deref());
            for variant in &enumeration.variants {
                let _ = write!(
                    out,
                    "\n- `{}`{}",
                    variant.name,
                    variant
                        .label
                        .as_ref()
                        .map_or(String::new(), |l| format!(" « {l} »"))
                );
            }
            provenance(
                &mut out,
                snapshot,
                version,
                &enumeration.origin,
                enumeration.name_span,
            );
        }
        Symbol::Variant(e, v) => {
            let enumeration = version.enums.get(e)?;
            let variant = enumeration.variants.get(v)?;
            let _ = write!(
                out,
                "**valeur d'énumération** `{}` de `{}`",
                variant.name, enumeration.name
            );
            label(&mut out, variant.label.as_deref());
        }
        Symbol::Condition(id) => {
            let condition = version.conditions.get(id)?;
            let _ = write!(out, "**condition** `{}` : booléen", condition.name);
            label(&mut out, condition.label.as_deref());
            let _ = write!(
                out,
                "\n\n```clause\n{}\n```",
                one_line(snapshot.span_text(condition.expr.span))
            );
            provenance(
                &mut out,
                snapshot,
                version,
                &condition.origin,
                condition.origin.span,
            );
        }
    }
    Some(out)
}

fn value_hover(
    snapshot: &Snapshot,
    version_index: usize,
    version: &Version,
    id: usize,
    out: &mut String,
) -> Option<()> {
    let value = version.values.get(id)?;
    let ty = match value.band_set.and_then(|s| version.band_sets.get(s)) {
        Some(set) => format!("{} par `{}`", type_name(version, value.ty), set.name),
        None => match value.grid {
            Some(axes) => format!(
                "{} par `{}` et `{}`",
                type_name(version, value.ty),
                axes.rows.name(version),
                axes.columns.name(version)
            ),
            None => type_name(version, value.ty),
        },
    };
    let _ = write!(out, "**{}** `{}` : {ty}", value.kind.keyword(), value.name);
    if let Some(mission) = value.mission.and_then(|m| version.missions.get(m)) {
        let _ = write!(out, " — mission `{}`", mission.name);
    }
    label(out, value.label.as_deref());
    if let Definition::Formula(expr) = &value.definition {
        let _ = write!(
            out,
            "\n\n```clause\n= {}\n```",
            one_line(snapshot.span_text(expr.span))
        );
    }
    if let Some(table) = crate::values::two_way_markdown(version, id) {
        let _ = write!(out, "\n\n{table}");
    } else if let Some(computed) = snapshot
        .values(version_index)
        .and_then(|values| values.get(id))
    {
        match computed {
            Computed::Single(outcome) if outcome.is_value() => {
                let _ = write!(out, "\n\nvaut **{}**", outcome.text());
            }
            Computed::Single(Outcome::DependsOnInput) => {
                let _ = write!(out, "\n\nvaut : selon les entrées du cas évalué");
            }
            Computed::Single(_) => {}
            Computed::PerBand { band_set, bands } => {
                let set = version.band_sets.get(*band_set);
                let _ = write!(out, "\n\n| tranche | {} |\n|---|--:|", value.name);
                for (index, (band, outcome)) in bands.iter().enumerate() {
                    let label = set
                        .and_then(|s| s.bands.get(index))
                        .and_then(|b| b.label.clone())
                        .map_or(String::new(), |l| format!(" ({l})"));
                    let _ = write!(out, "\n| `{band}`{label} | {} |", outcome.text());
                }
            }
        }
    }
    if let Some(fixed) = &value.fixed_share {
        let _ = write!(
            out,
            "\n\npart fixe : {}",
            one_line(snapshot.span_text(fixed.share.span))
        );
        if let Some(hypothesis) = &fixed.hypothesis {
            let _ = write!(out, " (hypothèse : {hypothesis})");
        }
    }
    let in_time = clause_compiler::document::words::line_in_time(value);
    if let Some(rules) = in_time.strip_prefix(" ; ") {
        let _ = write!(out, "\n\n{rules}");
    }
    attributes(out, &value.sources, &value.hypotheses);
    provenance(out, snapshot, version, &value.origin, value.name_span);
    Some(())
}

fn type_name(version: &Version, ty: clause_compiler::types::Type) -> String {
    use clause_compiler::types::Type;
    match ty {
        Type::Enum(e) => version
            .enums
            .get(e)
            .map_or("énumération".to_string(), |en| format!("`{}`", en.name)),
        Type::Set(e) => version.enums.get(e).map_or("ensemble".to_string(), |en| {
            format!("ensemble de `{}`", en.name)
        }),
        other => other.french().to_string(),
    }
}

fn label(out: &mut String, label: Option<&str>) {
    if let Some(label) = label {
        let _ = write!(out, "\n\n« {label} »");
    }
}

fn attributes(out: &mut String, sources: &[Citation], hypotheses: &[String]) {
    for source in sources {
        let _ = write!(out, "\n\nsource : {source}");
    }
    for hypothesis in hypotheses {
        let _ = write!(out, "\n\n⚠ hypothèse : {hypothesis}");
    }
}

fn provenance(
    out: &mut String,
    snapshot: &Snapshot,
    version: &Version,
    origin: &Origin,
    name_span: Span,
) {
    let written = match origin.change {
        Change::Original if origin.declared_in == version.name => {
            format!("défini dans `{}`", origin.declared_in)
        }
        Change::Original => format!("hérité de la base `{}`", origin.declared_in),
        Change::Added => format!("ajouté par l'avenant `{}`", origin.declared_in),
        Change::Replaced => format!("remplacé par l'avenant `{}`", origin.declared_in),
    };
    let _ = write!(out, "\n\n{written} — {}", location(snapshot, name_span));
}

fn location(snapshot: &Snapshot, span: Span) -> String {
    let path = snapshot.db.path(span.file);
    let file_name = std::path::Path::new(path)
        .file_name()
        .map_or(path.to_string(), |n| n.to_string_lossy().into_owned());
    let line = snapshot.position(span.file, span.start).line + 1;
    format!("{file_name}:{line}")
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
