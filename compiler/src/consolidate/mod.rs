//! Consolidation: applies each amendment's `ajoute`/`remplace`/`retire` to its base's items,
//! giving every version a flat list of parts that remember which declaration set them.

pub mod blame;
mod part;
mod revalue;
mod warnings;

use part::item_target;
pub use part::{BaseParts, Part, PartKind};
use revalue::{replace_amount, revalue};

use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use crate::ir::{Change, Origin};
use crate::suggest::did_you_mean;
use clause_grammar::ast::{Declaration, DeclarationKind, ItemKind, TargetKind, ValueDef};
use clause_grammar::Span;
use std::collections::HashMap;
use std::rc::Rc;

/// A version before resolution: its declaration and its consolidated parts.
#[derive(Debug, Clone)]
pub struct VersionSource<'a> {
    pub declaration: &'a Declaration,
    /// For an amendment: its bases, nearest first.
    pub chain: Vec<String>,
    pub parts: Vec<Part<'a>>,
    /// Parts an amendment removed, with the span of the `retire` (to explain later errors).
    pub removed: Vec<(String, Span)>,
}

/// Consolidates every declaration. Declarations with a duplicate name are skipped after the
/// first (reported); an amendment whose base is unknown or cyclic yields no version.
pub fn consolidate<'a>(
    declarations: &[&'a Declaration],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<VersionSource<'a>> {
    let mut by_name: HashMap<&str, &'a Declaration> = HashMap::new();
    for declaration in declarations {
        let name = declaration.name.node.as_str();
        if let Some(first) = by_name.get(name) {
            diagnostics.push(
                Diagnostic::new(
                    Code::DuplicateVersion,
                    format!("la version `{name}` est déclarée deux fois"),
                    declaration.name.span,
                    "deuxième déclaration",
                )
                .with_secondary(first.name.span, "première déclaration")
                .with_help(
                    "donnez à chaque version un identifiant unique, par exemple avec sa date",
                ),
            );
        } else {
            by_name.insert(name, declaration);
        }
    }
    let mut versions = Vec::new();
    for declaration in declarations {
        if !by_name
            .get(declaration.name.node.as_str())
            .is_some_and(|d| std::ptr::eq(*d, *declaration))
        {
            continue;
        }
        let mut visiting = Vec::new();
        if let Some(version) = build(declaration, &by_name, &mut visiting, diagnostics, true) {
            versions.push(version);
        }
    }
    versions
}

fn build<'a>(
    declaration: &'a Declaration,
    by_name: &HashMap<&str, &'a Declaration>,
    visiting: &mut Vec<String>,
    diagnostics: &mut Vec<Diagnostic>,
    report: bool,
) -> Option<VersionSource<'a>> {
    let name = declaration.name.node.clone();
    if declaration.kind == DeclarationKind::Agreement {
        return Some(VersionSource {
            declaration,
            chain: Vec::new(),
            parts: own_parts(declaration, &name),
            removed: Vec::new(),
        });
    }
    let base_ident = declaration.base.as_ref()?;
    if report {
        if let Some(cycle) = amendment_cycle(declaration, by_name) {
            diagnostics.push(
                Diagnostic::new(
                    Code::AmendmentCycle,
                    format!("l'avenant `{name}` se modifie lui-même par une chaîne d'avenants"),
                    base_ident.span,
                    "cette base mène en boucle à cet avenant",
                )
                .with_note(format!("chaîne : {}", cycle.join(" → ")))
                .with_help("un avenant modifie une version antérieure : faites remonter la chaîne jusqu'à un accord"),
            );
            return None;
        }
    }
    if visiting.contains(&name) || visiting.len() > 64 {
        if report {
            diagnostics.push(
                Diagnostic::new(
                    Code::AmendmentCycle,
                    format!("l'avenant `{name}` se modifie lui-même par une chaîne d'avenants"),
                    base_ident.span,
                    "cette base mène en boucle à cet avenant",
                )
                .with_note(format!("chaîne : {} → {name}", visiting.join(" → "))),
            );
        }
        return None;
    }
    let Some(base_declaration) = by_name.get(base_ident.node.as_str()) else {
        if report {
            let candidates: Vec<&str> = by_name.keys().copied().collect();
            let mut diagnostic = Diagnostic::new(
                Code::UnknownVersion,
                format!("la version de base `{}` est introuvable", base_ident.node),
                base_ident.span,
                "version inconnue",
            );
            if let Some(suggestion) = did_you_mean(&base_ident.node, candidates.iter().copied()) {
                if let Some(suggested) = by_name.get(suggestion) {
                    diagnostic = diagnostic.with_secondary(
                        suggested.name.span,
                        format!("`{suggestion}` est déclarée ici"),
                    );
                }
                diagnostic = diagnostic
                    .with_help(format!("vouliez-vous dire `{suggestion}` ?"))
                    .with_fix(
                        format!("remplacer par `{suggestion}`"),
                        vec![crate::diagnostic::Edit {
                            span: base_ident.span,
                            replacement: suggestion.to_string(),
                        }],
                    );
            } else {
                diagnostic = diagnostic
                    .with_help("donnez à `clause` le fichier qui déclare la version de base");
            }
            diagnostics.push(diagnostic);
        }
        return None;
    };
    visiting.push(name.clone());
    // Diagnostics of the base's own consolidation are reported when the base itself is built.
    let base = build(base_declaration, by_name, visiting, diagnostics, false);
    visiting.pop();
    let base = match base {
        Some(base) => base,
        None => {
            if report && visiting.is_empty() && base_declaration.kind == DeclarationKind::Amendment
            {
                // The base amendment failed: its own diagnostics say why.
            }
            return None;
        }
    };
    let mut chain = vec![base_declaration.name.node.clone()];
    chain.extend(base.chain.iter().cloned());
    let mut parts = base.parts;
    let mut removed = base.removed;
    apply_amendment(
        declaration,
        &mut parts,
        &mut removed,
        if report { Some(diagnostics) } else { None },
    );
    Some(VersionSource {
        declaration,
        chain,
        parts,
        removed,
    })
}

/// The chain of bases from an amendment back to itself, when its bases loop (`a → b → a`).
/// Nested builds do not report, so the cycle is found here, before recursing.
fn amendment_cycle(
    declaration: &Declaration,
    by_name: &HashMap<&str, &Declaration>,
) -> Option<Vec<String>> {
    let name = declaration.name.node.as_str();
    let mut chain = vec![name.to_string()];
    let mut current = declaration;
    while let Some(base) = current.base.as_ref() {
        chain.push(base.node.clone());
        if base.node == name {
            return Some(chain);
        }
        if chain.len() > by_name.len() + 1 {
            // A loop that does not pass through this amendment: its members report it.
            return None;
        }
        current = by_name.get(base.node.as_str())?;
    }
    None
}

/// The parts a declaration writes itself (for an agreement: all of them).
fn own_parts<'a>(declaration: &'a Declaration, name: &str) -> Vec<Part<'a>> {
    let mut parts = Vec::new();
    for item in &declaration.items {
        push_item(
            &mut parts,
            &item.kind,
            origin(name, item.span, Change::Original),
            None,
        );
    }
    parts
}

fn origin(name: &str, span: Span, change: Change) -> Origin {
    Origin {
        declared_in: name.to_string(),
        span,
        change,
    }
}

/// Pushes an item's parts; `base`: the parts of the version an amendment writing it modifies.
fn push_item<'a>(
    parts: &mut Vec<Part<'a>>,
    kind: &'a ItemKind,
    origin: Origin,
    base: Option<&Rc<BaseParts<'a>>>,
) {
    let written = |part: Part<'a>| match base {
        Some(base) => part.in_amendment(base),
        None => part,
    };
    match kind {
        ItemKind::Mission(mission) => {
            parts.push(written(Part::new(
                PartKind::Mission(mission),
                origin.clone(),
            )));
            for envelope in &mission.envelopes {
                let envelope_origin = Origin {
                    span: envelope_span(envelope),
                    ..origin.clone()
                };
                let mission = &mission.name.node;
                let kind = PartKind::Envelope {
                    def: envelope,
                    mission,
                };
                parts.push(written(Part::new(kind, envelope_origin)));
            }
        }
        ItemKind::Add(_)
        | ItemKind::Replace(_)
        | ItemKind::Remove(_)
        | ItemKind::Revalue(_)
        | ItemKind::ReplaceAmount(_) => {}
        other => parts.push(written(Part::new(PartKind::Item(other), origin))),
    }
}

fn envelope_span(def: &ValueDef) -> Span {
    def.name
        .as_ref()
        .map_or(def.keyword_span, |n| def.keyword_span.to(n.span))
}

/// Which header line an item sets: a version has each at most once (E0106), and an amendment's
/// replaces its base's. The one list of header keys, read by consolidation and resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HeaderKey {
    Status,
    SignedOn,
    PublishedOn,
    ProposedOn,
    InForceOn,
    ContractDuration,
    ApplicableBefore,
    DatePolicy,
}

pub fn header_key(kind: &ItemKind) -> Option<HeaderKey> {
    Some(match kind {
        ItemKind::Status(_) => HeaderKey::Status,
        ItemKind::SignedOn(_) => HeaderKey::SignedOn,
        ItemKind::PublishedOn(_) => HeaderKey::PublishedOn,
        ItemKind::ProposedOn(_) => HeaderKey::ProposedOn,
        ItemKind::InForceOn(_) => HeaderKey::InForceOn,
        ItemKind::ContractDuration(_) => HeaderKey::ContractDuration,
        ItemKind::ApplicableBefore(_) => HeaderKey::ApplicableBefore,
        ItemKind::DatePolicy(_) => HeaderKey::DatePolicy,
        _ => return None,
    })
}

/// Items an amendment writes without `ajoute`, kept with the base's: its sources and the
/// references they cite.
fn carried(kind: &ItemKind) -> bool {
    matches!(kind, ItemKind::Source(_) | ItemKind::Reference(_))
}

fn apply_amendment<'a>(
    declaration: &'a Declaration,
    parts: &mut Vec<Part<'a>>,
    removed: &mut Vec<(String, Span)>,
    mut diagnostics: Option<&mut Vec<Diagnostic>>,
) {
    let name = declaration.name.node.as_str();
    // What `x de la base` reads in the parts this amendment writes.
    let base = Rc::new(BaseParts {
        name: declaration
            .base
            .as_ref()
            .map_or_else(String::new, |b| b.node.clone()),
        parts: parts.clone(),
    });
    let mut report = |d: Diagnostic| {
        if let Some(list) = diagnostics.as_deref_mut() {
            list.push(d.in_version(name));
        }
    };
    // The consolidated version's status and dates are the amendment's own: a proposal built on a
    // signed base is a proposal. The contract's duration and the date policy carry over unless
    // the amendment sets them; an amendment's date policy then rules its whole consolidated version.
    parts.retain(|p| !matches!(&p.kind, PartKind::Item(k) if header_key(k).is_some_and(|key| !matches!(key, HeaderKey::ContractDuration | HeaderKey::DatePolicy))));
    let mut header_parts = Vec::new();
    for item in &declaration.items {
        if let Some(key) = header_key(&item.kind) {
            parts.retain(|p| !matches!(&p.kind, PartKind::Item(k) if header_key(k) == Some(key)));
            header_parts.push(Part::new(
                PartKind::Item(&item.kind),
                origin(name, item.span, Change::Original),
            ));
        } else if carried(&item.kind) {
            header_parts.push(Part::new(
                PartKind::Item(&item.kind),
                origin(name, item.span, Change::Original),
            ));
        }
    }
    let insert_at = parts
        .iter()
        .take_while(
            |p| matches!(&p.kind, PartKind::Item(k) if header_key(k).is_some() || carried(k)),
        )
        .count();
    for (offset, part) in header_parts.into_iter().enumerate() {
        parts.insert(insert_at + offset, part);
    }

    for item in &declaration.items {
        match &item.kind {
            ItemKind::Add(target) => {
                let Some((target_name, _, target_span)) = item_target(&target.kind) else {
                    continue;
                };
                if let Some(existing) = parts
                    .iter()
                    .find(|p| p.target().is_some_and(|(n, _, _)| n == target_name))
                {
                    let diagnostic = Diagnostic::new(
                        Code::AlreadyInBase,
                        format!("`{target_name}` existe déjà dans la base"),
                        target_span,
                        "ajouté ici",
                    )
                    .with_secondary(
                        existing
                            .target()
                            .map_or(existing.origin.span, |(_, _, s)| s),
                        format!("défini dans `{}`", existing.origin.declared_in),
                    )
                    // Two readings, no machine fix: the amendment modifies the base's item
                    // (`remplace`, whose consequences only the checks and examples tell), or adds
                    // a new one that needs a name of its own.
                    .with_help("pour modifier l'élément de la base, écrivez `remplace` ; pour en ajouter un autre, donnez-lui un autre nom");
                    report(diagnostic);
                    continue;
                }
                if let Some(d) = warnings::repeated_label(parts, &target.kind, target_name) {
                    report(d);
                }
                push_item(
                    parts,
                    &target.kind,
                    origin(name, item.span, Change::Added),
                    Some(&base),
                );
            }
            ItemKind::Replace(target) => {
                let Some((target_name, target_kind, target_span)) = item_target(&target.kind)
                else {
                    continue;
                };
                let Some(position) = find_target(
                    parts,
                    target_name,
                    target_kind,
                    target_span,
                    false,
                    &mut report,
                ) else {
                    continue;
                };
                let change_origin = origin(name, item.span, Change::Replaced);
                for (def, span) in replaced_lines(&target.kind) {
                    let (line, line_span) = def
                        .name
                        .as_ref()
                        .map_or((target_name, span), |n| (n.node.as_str(), n.span));
                    let old = parts.iter().find(|p| {
                        p.target()
                            .is_some_and(|(n, kind, _)| n == line && kind != TargetKind::Mission)
                    });
                    if let Some(d) = old
                        .and_then(|old| warnings::dropped_by_replacement(old, def, line, line_span))
                    {
                        report(d);
                    }
                }
                match (&parts[position].kind, &target.kind) {
                    (PartKind::Envelope { mission, .. }, ItemKind::Value(def)) => {
                        let mission = *mission;
                        parts[position] =
                            Part::new(PartKind::Envelope { def, mission }, change_origin)
                                .in_amendment(&base);
                    }
                    (PartKind::Mission(_), ItemKind::Mission(_)) => {
                        remove_target(parts, position);
                        let mut replacement = Vec::new();
                        push_item(&mut replacement, &target.kind, change_origin, Some(&base));
                        let at = position.min(parts.len());
                        parts.splice(at..at, replacement);
                    }
                    _ => {
                        parts[position] = Part::new(PartKind::Item(&target.kind), change_origin)
                            .in_amendment(&base)
                    }
                }
            }
            ItemKind::Remove(remove) => {
                let Some(position) = find_target(
                    parts,
                    &remove.name.node,
                    remove.kind.node,
                    remove.name.span,
                    true,
                    &mut report,
                ) else {
                    continue;
                };
                remove_target(parts, position);
                removed.push((remove.name.node.clone(), item.span));
            }
            ItemKind::Revalue(def) => {
                let base = declaration.base.as_ref().map_or("", |b| b.node.as_str());
                revalue(parts, def, name, base, item.span, &mut report);
            }
            ItemKind::ReplaceAmount(def) => {
                replace_amount(
                    parts,
                    def,
                    &base,
                    origin(name, item.span, Change::Replaced),
                    &mut report,
                );
            }
            ItemKind::Assertion(_) | ItemKind::Example(_) => {
                parts.push(
                    Part::new(
                        PartKind::Item(&item.kind),
                        origin(name, item.span, Change::Added),
                    )
                    .in_amendment(&base),
                );
            }
            kind if header_key(kind).is_some() || carried(kind) => {}
            kind => {
                let label = item_target(kind)
                    .map_or_else(|| "cet élément".to_string(), |(n, _, _)| format!("`{n}`"));
                let span = item_target(kind).map_or(item.span, |(_, _, s)| s);
                report(
                    Diagnostic::new(
                        Code::BareItemInAmendment,
                        format!("dans un avenant, {label} doit être introduit par `ajoute` ou `remplace`"),
                        span,
                        "ni `ajoute` ni `remplace`",
                    )
                    .with_help("écrivez `ajoute` devant un nouvel élément, `remplace` devant un élément de la base")
                    .with_fix("écrire `ajoute` devant", vec![crate::diagnostic::Edit {
                        span: Span::new(item.span.file, item.span.start, item.span.start),
                        replacement: "ajoute ".into(),
                    }]),
                );
                push_item(
                    parts,
                    kind,
                    origin(name, item.span, Change::Added),
                    Some(&base),
                );
            }
        }
    }
}

/// The lines a `remplace` writes: the line itself, or a mission's envelopes (with the span
/// that names each).
fn replaced_lines(kind: &ItemKind) -> Vec<(&ValueDef, Span)> {
    match kind {
        ItemKind::Value(def) => vec![(def, def.keyword_span)],
        ItemKind::Mission(mission) => mission
            .envelopes
            .iter()
            .map(|def| (def, mission.name.span))
            .collect(),
        _ => Vec::new(),
    }
}

/// Removes a part, and a mission's envelopes with it.
fn remove_target(parts: &mut Vec<Part<'_>>, position: usize) {
    if let PartKind::Mission(mission) = parts[position].kind {
        let mission_name = mission.name.node.as_str();
        parts.retain(
            |p| !matches!(&p.kind, PartKind::Envelope { mission, .. } if *mission == mission_name),
        );
        if let Some(at) = parts
            .iter()
            .position(|p| matches!(&p.kind, PartKind::Mission(m) if m.name.node == mission_name))
        {
            parts.remove(at);
        }
    } else {
        parts.remove(position);
    }
}

fn find_target(
    parts: &[Part<'_>],
    name: &str,
    kind: TargetKind,
    span: Span,
    removing: bool,
    report: &mut impl FnMut(Diagnostic),
) -> Option<usize> {
    // A mission and its unnamed envelope share a name: prefer the part of the kind asked for.
    let matching: Vec<usize> = parts
        .iter()
        .enumerate()
        .filter(|(_, p)| p.target().is_some_and(|(n, _, _)| n == name))
        .map(|(i, _)| i)
        .collect();
    if let Some(&position) = matching
        .iter()
        .find(|&&i| parts[i].target().is_some_and(|(_, k, _)| k == kind))
    {
        return Some(position);
    }
    if let Some(&position) = matching.first() {
        let part = &parts[position];
        let (_, found_kind, found_span) = part.target()?;
        report(
            Diagnostic::new(
                Code::TargetKindMismatch,
                format!(
                    "`{name}` est {} dans la base, pas {}",
                    with_article(found_kind),
                    with_article(kind)
                ),
                span,
                format!("visé comme {}", with_article(kind)),
            )
            .with_secondary(
                found_span,
                format!(
                    "{} dans `{}`",
                    with_article(found_kind),
                    part.origin.declared_in
                ),
            )
            .with_help(format!(
                "écrivez `{}` pour viser cet élément",
                found_kind.keyword()
            )),
        );
        return None;
    }
    let candidates = parts
        .iter()
        .filter_map(|p| p.target().filter(|(_, k, _)| *k == kind).map(|(n, _, _)| n));
    let none = with_article(kind)
        .replacen("une ", "aucune ", 1)
        .replacen("un ", "aucun ", 1);
    let mut diagnostic = Diagnostic::new(
        Code::MissingTarget,
        format!("`{name}` : {none} de ce nom dans la base"),
        span,
        "absent de la base",
    );
    if let Some(suggestion) = did_you_mean(name, candidates) {
        if let Some(part) = parts.iter().find(|p| {
            p.target()
                .is_some_and(|(n, k, _)| n == suggestion && k == kind)
        }) {
            let defined_at = part.target().map_or(part.origin.span, |(_, _, s)| s);
            diagnostic = diagnostic.with_secondary(
                defined_at,
                format!(
                    "`{suggestion}` est défini ici, dans `{}`",
                    part.origin.declared_in
                ),
            );
        }
        // No machine fix: the amendment then changes another item than the one written, whose
        // consequences (its checks, its examples) this diagnostic cannot foresee.
        diagnostic = diagnostic.with_help(format!(
            "vouliez-vous dire `{suggestion}` ? vérifiez que c'est bien l'élément que l'avenant modifie"
        ));
    } else if removing {
        diagnostic = diagnostic.with_help(
            "la base n'a rien de ce nom à retirer : vérifiez le nom, ou supprimez cette ligne",
        );
    } else {
        diagnostic = diagnostic.with_help("pour un nouvel élément, écrivez `ajoute`");
    }
    report(diagnostic);
    None
}

fn with_article(kind: TargetKind) -> String {
    match kind {
        TargetKind::Envelope => "une enveloppe".into(),
        TargetKind::Value => "une valeur".into(),
        TargetKind::Result => "un résultat".into(),
        TargetKind::Mission => "une mission".into(),
        TargetKind::Input => "une entrée".into(),
        TargetKind::BandSet => "un découpage en tranches".into(),
        TargetKind::Enum => "une énumération".into(),
        TargetKind::Condition => "une condition".into(),
        TargetKind::Assertion => "une vérification".into(),
        TargetKind::Example => "un exemple".into(),
    }
}
