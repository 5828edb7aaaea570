//! The JavaScript target: one ES module (Node and browsers, no dependency) exporting
//! `evaluate(caseObject)`, exact with BigInt mantissas, and its TypeScript declarations.

use crate::emit::{comments, render, string, Syntax};
use crate::expr::Writer;
use crate::model::Model;
use chrono::NaiveDate;
use clause_compiler::evaluate::CompiledVersion;
use clause_compiler::SourceDb;

const RUNTIME: [&str; 6] = [
    include_str!("../runtime/javascript/core.js"),
    include_str!("../runtime/javascript/values.js"),
    include_str!("../runtime/javascript/case.js"),
    include_str!("../runtime/javascript/timeline.js"),
    include_str!("../runtime/javascript/engine.js"),
    include_str!("../runtime/javascript/batch.js"),
];
const DECLARATIONS: &str = include_str!("../runtime/javascript/evaluator.d.ts");

pub struct JavaScript;

impl Syntax for JavaScript {
    fn comment_marker(&self) -> &'static str {
        "//"
    }
    fn null(&self) -> &'static str {
        "null"
    }
    fn boolean(&self, value: bool) -> &'static str {
        if value {
            "true"
        } else {
            "false"
        }
    }
    fn key(&self, key: &str) -> String {
        format!("{key}: ")
    }
    fn date(&self, date: NaiveDate) -> String {
        let (y, m, d) = crate::emit::ymd(date);
        format!("ymd({y}, {m}, {d})")
    }
    fn set(&self, items: &[usize]) -> String {
        let items: Vec<String> = items.iter().map(usize::to_string).collect();
        format!("new Set([{}])", items.join(", "))
    }
    fn tuple(&self, items: &[String]) -> String {
        format!("[{}]", items.join(", "))
    }
    fn lambda(&self, params: &str, body: &str) -> String {
        format!("({params}) => {body}")
    }
}

pub fn module(compiled: &CompiledVersion<'_>, sources: &SourceDb, clause_version: &str) -> String {
    let syntax = JavaScript;
    let mut out = String::new();
    comments(
        &syntax,
        &crate::header(
            compiled,
            clause_version,
            "Module ES (Node 18 ou plus, navigateurs)",
        ),
        0,
        &mut out,
    );
    out.push_str(&format!(
        "\nexport const CLAUSE_VERSION = {};\nexport const SCHEMA_VERSION = {};\nexport const STATUS = {};\n\n",
        string(clause_version),
        string(crate::SCHEMA_VERSION),
        string(compiled.version.status().map_or("", |s| s.french())),
    ));
    for part in RUNTIME {
        out.push_str(part);
        out.push('\n');
    }
    out.push_str("// ---------------------------------------------------------------------------------------------\n// The version: its data and formulas.\n// ---------------------------------------------------------------------------------------------\n\n");
    let writer = Writer { syntax: &syntax };
    for def in Model::new(compiled, sources, &writer).defs() {
        comments(&syntax, &def.comments, 0, &mut out);
        let export = if def.name == "VERSION" { "export " } else { "" };
        out.push_str(&format!("{export}const {} = ", def.name));
        out.push_str(&render(&syntax, &def.lit, 0));
        out.push_str(";\n\n");
    }
    out
}

/// The `.d.ts` beside the module: the case and result types of the schemas.
pub fn declarations(compiled: &CompiledVersion<'_>, clause_version: &str) -> String {
    let mut out = String::new();
    comments(
        &JavaScript,
        &crate::header(compiled, clause_version, "Déclarations TypeScript"),
        0,
        &mut out,
    );
    out.push_str(DECLARATIONS);
    out
}
