//! The Python target: one module (3.9+, standard library only) with `evaluate(case) -> dict`,
//! `evaluate_csv(in_path, out_path)` and a command line for batches of JSON cases.

use crate::emit::{comments, render, Syntax};
use crate::expr::Writer;
use crate::model::Model;
use chrono::NaiveDate;
use clause_compiler::evaluate::CompiledVersion;
use clause_compiler::SourceDb;

const RUNTIME: [&str; 6] = [
    include_str!("../runtime/python/core.py"),
    include_str!("../runtime/python/values.py"),
    include_str!("../runtime/python/case.py"),
    include_str!("../runtime/python/timeline.py"),
    include_str!("../runtime/python/engine.py"),
    include_str!("../runtime/python/batch.py"),
];
const MAIN: &str = include_str!("../runtime/python/main.py");

pub struct Python;

impl Syntax for Python {
    fn comment_marker(&self) -> &'static str {
        "#"
    }
    fn null(&self) -> &'static str {
        "None"
    }
    fn boolean(&self, value: bool) -> &'static str {
        if value {
            "True"
        } else {
            "False"
        }
    }
    fn key(&self, key: &str) -> String {
        format!("\"{key}\": ")
    }
    fn date(&self, date: NaiveDate) -> String {
        let (y, m, d) = crate::emit::ymd(date);
        format!("_dt.date({y}, {m}, {d})")
    }
    fn set(&self, items: &[usize]) -> String {
        let items: Vec<String> = items.iter().map(usize::to_string).collect();
        format!("frozenset([{}])", items.join(", "))
    }
    fn tuple(&self, items: &[String]) -> String {
        if items.len() == 1 {
            format!("({},)", items[0])
        } else {
            format!("({})", items.join(", "))
        }
    }
    fn lambda(&self, params: &str, body: &str) -> String {
        if params.is_empty() {
            format!("lambda: {body}")
        } else {
            format!("lambda {params}: {body}")
        }
    }
}

pub fn module(compiled: &CompiledVersion<'_>, sources: &SourceDb, clause_version: &str) -> String {
    let syntax = Python;
    let mut out = String::new();
    comments(
        &syntax,
        &crate::header(compiled, clause_version, "Python 3.9 ou plus"),
        0,
        &mut out,
    );
    out.push_str(&format!(
        "\nCLAUSE_VERSION = {}\nSCHEMA_VERSION = {}\nSTATUS = {}\n\n",
        crate::emit::string(clause_version),
        crate::emit::string(crate::SCHEMA_VERSION),
        crate::emit::string(compiled.version.status().map_or("", |s| s.french())),
    ));
    for part in RUNTIME {
        out.push_str(part);
        out.push_str("\n\n");
    }
    out.push_str("# ---------------------------------------------------------------------------------------------\n# The version: its data and formulas.\n# ---------------------------------------------------------------------------------------------\n\n");
    let writer = Writer { syntax: &syntax };
    for def in Model::new(compiled, sources, &writer).defs() {
        comments(&syntax, &def.comments, 0, &mut out);
        out.push_str(def.name);
        out.push_str(" = ");
        out.push_str(&render(&syntax, &def.lit, 0));
        out.push_str("\n\n");
    }
    out.push_str(MAIN);
    out
}
