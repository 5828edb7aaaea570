//! The simulator page of a version: a form (inputs, signature, missions, achievement, crises)
//! that runs the version's generated JavaScript in the page — the only page with a script,
//! inlined, no network — and shows the payments, the yearly totals and the deadlines.

use clause_codegen::{generate, Target};
use clause_compiler::document::style::page;
use clause_compiler::evaluate::CompiledVersion;
use clause_compiler::ir::Version;
use clause_compiler::types::Type;
use clause_compiler::SourceDb;
use clause_grammar::ast::MissionKind;
use maud::{html, Markup, PreEscaped};

/// The page's own code: reads the form, calls `evaluate`, writes the tables.
const UI: &str = include_str!("simulator.js");

pub fn simulator_page(version: &Version, db: &SourceDb) -> String {
    let compiled = CompiledVersion::new(version, db);
    let title = format!("Simulateur — {}", version.name);
    // A version the generated code could not evaluate as `clause eval` does would get no
    // simulator rather than one giving other amounts: the page would say why. (The JavaScript
    // target carries every rule of the language today, the rules of time included.)
    let module = match generate(&compiled, db, Target::JavaScript, env!("CARGO_PKG_VERSION")) {
        Ok(generated) => generated.code,
        Err(message) => {
            let body = html! {
                nav.crumbs { a href="index.html" { "← " (version.name) } }
                h1 { (title) }
                p { "Le simulateur de cette version n'est pas encore disponible : " (message) "." }
            };
            return page(&title, body);
        }
    };
    // Inside a <script> element, `</` and `<!--` would end or confuse it: escaped, the
    // JavaScript means the same (`"<\/"` is `"</"`).
    let script = format!("{module}\n{UI}")
        .replace("</", "<\\/")
        .replace("<!--", "<\\!--");
    let body = html! {
        nav.crumbs { a href="index.html" { "← " (version.name) } }
        h1 { (title) }
        p { "Ce simulateur calcule dans votre navigateur, sans rien envoyer, ce que verse "
            code { (version.name) } (version.title.as_ref().map_or(String::new(), |t| format!(" ({t})")))
            " : le code est produit par " code { "clause compile" } " et rend les montants de " code { "clause eval" } "." }
        form #simulateur novalidate {
            fieldset {
                legend { "Entrées" }
                @for input in &version.inputs { (input_control(version, input)) }
            }
            fieldset {
                legend { "Contrat" }
                (field("signature", "Date de signature du contrat", "date", "", Some("AAAA-MM-JJ ; sans elle, seuls la tranche et les montants annuels sont calculés")))
                (field("jusqu_au", "Versements listés jusqu'au (facultatif)", "date", "", None))
                (field("lettre_intention", "Validation de la lettre d'intention (facultatif)", "date", "", None))
                (field("crises", "Crises sanitaires déclarées (dates séparées par des virgules)", "text", "", None))
            }
            @for mission in &version.missions {
                fieldset data-mission=(mission.name) {
                    legend { "Mission " (mission.label.as_deref().unwrap_or(&mission.name)) }
                    @if mission.kind == MissionKind::Optional {
                        div.champ {
                            input type="checkbox" id={ "engage-" (mission.name) } name="engage";
                            label for={ "engage-" (mission.name) } { " Mission optionnelle engagée" }
                        }
                    }
                    (field(&format!("debut-{}", mission.name), "Démarrage de la mission", "date", "debut", None))
                    (field(&format!("atteinte-{}", mission.name), "Taux d'atteinte des indicateurs (0 à 1)", "text", "atteinte", Some("un taux pour toutes les années, par exemple 0,8")))
                }
            }
            button type="submit" { "Calculer" }
        }
        div #erreurs role="alert" {}
        section #resultat aria-live="polite" {}
        script type="module" { (PreEscaped(script)) }
    };
    page(&title, body)
}

fn field(id: &str, label: &str, kind: &str, role: &str, hint: Option<&str>) -> Markup {
    let hint_id = format!("{id}-aide");
    html! {
        div.champ {
            label for=(id) { (label) }
            " "
            @if let Some(hint) = hint {
                input type=(kind) id=(id) name=(id) data-role=(role) aria-describedby=(hint_id);
                " " small id=(hint_id) { (hint) }
            } @else {
                input type=(kind) id=(id) name=(id) data-role=(role);
            }
        }
    }
}

fn input_control(version: &Version, input: &clause_compiler::ir::Input) -> Markup {
    let id = format!("entree-{}", input.name);
    let label = input.label.clone().unwrap_or_else(|| input.name.clone());
    match input.ty {
        Type::Set(e) | Type::Enum(e) => {
            let multiple = matches!(input.ty, Type::Set(_));
            html! {
                fieldset data-input=(input.name) data-type=(if multiple { "set" } else { "enum" }) {
                    legend { (label) }
                    @for variant in &version.enums[e].variants {
                        div.champ {
                            input type=(if multiple { "checkbox" } else { "radio" }) id={ (id) "-" (variant.name) } name=(id) value=(variant.name);
                            label for={ (id) "-" (variant.name) } { " " (variant.label.as_deref().unwrap_or(&variant.name)) }
                        }
                    }
                }
            }
        }
        Type::Bool => html! {
            div.champ data-input=(input.name) data-type="bool" {
                input type="checkbox" id=(id) name=(id);
                label for=(id) { " " (label) }
            }
        },
        _ => html! {
            div.champ data-input=(input.name) data-type="text" {
                label for=(id) { (label) }
                " "
                input type="text" inputmode="decimal" id=(id) name=(id);
            }
        },
    }
}
