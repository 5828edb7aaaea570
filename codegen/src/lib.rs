//! Generated evaluators: the rules of one compiled version as a standalone Python module or
//! JavaScript ES module that returns exactly what `clause eval` returns. Pure: the caller
//! writes the text where it wants.
#![forbid(unsafe_code)]

mod emit;
mod expr;
mod javascript;
mod model;
mod python;
mod sql;

pub use sql::Dialect;

use clause_compiler::evaluate::CompiledVersion;
use clause_compiler::ir::Version;
use clause_compiler::value::french_date;
use clause_compiler::SourceDb;

/// The version of the case and result JSON Schemas (`docs/schemas/`) the generated code implements.
pub const SCHEMA_VERSION: &str = "2.1.0";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Python,
    JavaScript,
    /// The SQL script of a dialect (the same as [`generate_sql`]).
    Sql(Dialect),
}

/// The generated text: the module, and for JavaScript its TypeScript declarations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    pub code: String,
    pub declarations: Option<String>,
}

/// Generates the evaluator of `compiled` for `target`. `sources` gives the `file:line` of each
/// clause; `clause_version` is the generator's version, written in the header. An error (in
/// French) for a version the target cannot evaluate as `clause eval` does ([`refusal`]).
pub fn generate(
    compiled: &CompiledVersion<'_>,
    sources: &SourceDb,
    target: Target,
    clause_version: &str,
) -> Result<Generated, String> {
    if let Some(message) = refusal(compiled.version, target) {
        return Err(message);
    }
    Ok(match target {
        Target::Sql(dialect) => Generated {
            code: generate_sql(compiled, sources, dialect, clause_version)?,
            declarations: None,
        },
        Target::Python => Generated {
            code: python::module(compiled, sources, clause_version),
            declarations: None,
        },
        Target::JavaScript => Generated {
            code: javascript::module(compiled, sources, clause_version),
            declarations: Some(javascript::declarations(compiled, clause_version)),
        },
    })
}

/// Why `target` cannot be generated for `version`. Python and JavaScript carry every rule of
/// time of an amendment (docs/evaluation.md) and refuse nothing. The SQL target carries a
/// line's date of effect (the amendment's, or `à compter du`), `applicable aux contrats signés
/// avant le` and `réservé aux contrats signés avant/après le`; it refuses a line reserved by a
/// condition (`réservé si`) and a paid line whose value an amendment rewrites (two periods:
/// the base's value, then the amendment's), since a generated evaluator must return exactly
/// what `clause eval` returns. (An inherited line whose amount differs from its base's is
/// refused when the script is written, `sql::time`.) Every target clamps ambiguous dates to
/// the month's end (`fin de mois`, the default): another declared policy is refused.
pub fn refusal(version: &Version, target: Target) -> Option<String> {
    let policy = version.date_policy();
    if policy != clause_grammar::ast::DatePolicy::EndOfMonth {
        return Some(format!(
            "la version `{}` ne peut pas encore être compilée : elle déclare « dates ambiguës : \
             {} », que les évaluateurs générés ne reproduisent pas encore (ils comptent en fin de \
             mois) : évaluez-la avec `clause eval {}`",
            version.name,
            policy.french(),
            version.name
        ));
    }
    match target {
        Target::Python | Target::JavaScript => None,
        Target::Sql(_) => sql_time_refusal(version),
    }
}

/// The rules of time the SQL target does not carry yet.
fn sql_time_refusal(version: &Version) -> Option<String> {
    let chain = std::iter::once(version).chain(version.bases.iter());
    let reserved_if = chain.flat_map(|v| &v.values).find_map(|value| {
        value.reserved.iter().find_map(|rule| match &rule.value {
            clause_grammar::ast::Reservation::If(name) => {
                Some((value.name.clone(), name.node.clone()))
            }
            _ => None,
        })
    });
    let why = if let Some((line, condition)) = reserved_if {
        format!("la ligne `{line}` est réservée aux cas où la condition `{condition}` est remplie (`réservé si`)")
    } else if let Some((value, writers)) = version.values.iter().find_map(|value| {
        // The versions of the chain (root first) that write this paid line: one period each.
        let chain: Vec<&Version> = version.bases.iter().rev().chain([version]).collect();
        let writers: Vec<&str> = chain
            .iter()
            .enumerate()
            .filter(|(i, v)| {
                v.values
                    .iter()
                    .any(|b| b.name == value.name && (*i == 0 || b.origin.declared_in == v.name))
            })
            .map(|(_, v)| v.name.as_str())
            .collect();
        (!value.payments.is_empty() && writers.len() > 1).then_some((value, writers))
    }) {
        if writers.last() == Some(&version.name.as_str()) {
            let effect = version
                .date_of_effect()
                .map_or(String::new(), |d| format!(" au {}", french_date(d)));
            format!(
                "elle change la valeur de la ligne `{}`{effect} (la valeur de la base avant cette date, la sienne après)",
                value.name
            )
        } else {
            format!(
                "la ligne `{}` change de valeur le long de ses bases (`{}`) : chacune la paie à partir de sa date d'effet",
                value.name,
                writers.join("` puis `")
            )
        }
    } else {
        return None;
    };
    Some(format!(
        "la version `{}` ne peut pas encore être compilée en SQL : {why} ; le script SQL généré, \
         qui doit rendre exactement ce que rend `clause eval`, ne reproduit pas encore cette \
         règle de temps : évaluez-la avec `clause eval {}`, ou compilez-la en Python ou en \
         JavaScript (`--target python|javascript`)",
        version.name, version.name
    ))
}

/// The SQL script of `compiled` for `dialect` (`clause compile --target sql`): the view
/// `resultats` over a table `cas`; an error (in French) when this target cannot write it.
pub fn generate_sql(
    compiled: &CompiledVersion<'_>,
    sources: &SourceDb,
    dialect: Dialect,
    clause_version: &str,
) -> Result<String, String> {
    if let Some(message) = refusal(compiled.version, Target::Sql(dialect)) {
        return Err(message);
    }
    sql::script(compiled, sources, dialect, clause_version)
}

/// The header lines every target writes (as comments): what, from which version, by whom.
fn header(compiled: &CompiledVersion<'_>, clause_version: &str, language: &str) -> Vec<String> {
    let version = compiled.version;
    let status = version.status().map_or("sans statut", |s| s.french());
    vec![
        format!("Évaluateur généré par Clause {clause_version} (`clause compile`) : ne pas modifier à la main."),
        format!("Version : {}{}", version.name, version.title.as_ref().map_or(String::new(), |t| format!(" — {t}"))),
        format!("Statut : {status}"),
        format!("Schémas du cas et du résultat : version {SCHEMA_VERSION} (docs/schemas/ du dépôt Clause)"),
        format!("{language}, bibliothèque standard seulement. Montants, taux et dates exacts : entiers et décimaux, jamais de flottants."),
        "Chaque tranche, valeur et règle de versement porte en commentaire sa clause (fichier:ligne), ses sources et ses hypothèses.".into(),
    ]
}
