//! Generated evaluators: the rules of one compiled version as a standalone Python module or
//! JavaScript ES module that returns exactly what `clause eval` returns. Pure: the caller
//! writes the text where it wants.
#![forbid(unsafe_code)]

mod emit;
mod expr;
mod headings;
mod javascript;
mod model;
mod python;
mod sql;

pub use sql::Dialect;

use clause_compiler::evaluate::CompiledVersion;
use clause_compiler::ir::Version;
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

/// Why `target` cannot be generated for `version` before its code is written: no version, since
/// every target computes every definition, tables by two criteria and tables of rules included.
/// Python, JavaScript and SQL carry the rules of time of an amendment (docs/evaluation.md); the
/// few the SQL target does not carry yet (a year shared `au prorata` between more than two values
/// or by a mission's line) and the formulas it does not compute (durations, the calculation on
/// dates) are refused when the script is written (`sql::periods`, `sql::formulas`). Each target carries the version's
/// `dates ambiguës` policy (the runtimes' date arithmetic, `sql::policy`).
pub fn refusal(_version: &Version, _target: Target) -> Option<String> {
    None
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
