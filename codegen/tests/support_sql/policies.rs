//! One agreement written under each `dates ambiguës` policy, its generated batch and a row
//! written by hand run through the SQL on DuckDB and PostgreSQL against `clause eval --cases`:
//! the frame of the date tests (`sql_dates`, `sql_durations`).

use super::draws::{hand_row, rows_for};
use super::{columns_of, Engines};
use clause_compiler::evaluate::CompiledVersion;
use clause_compiler::{analyze, SourceDb};

/// How a version's batch is drawn: rows, seed, each column's pool of texts.
pub type Draw = (usize, u64, fn(&str) -> &'static [&'static str]);

/// What a test under each policy gives: per version (`fin de mois`, `début du mois suivant`,
/// `erreur`, in that order), the first contract year's total of the hand row, and whether the
/// batch had a refused row.
pub struct UnderEachPolicy {
    pub first_years: Vec<Option<String>>,
    pub refused_rows: Vec<bool>,
}

/// `agreement(name, policy)` as `{prefix}_fin`, `{prefix}_suivant`, `{prefix}_erreur`; each
/// version's `count` rows drawn from `pool` with `seed`, then the row of `hand` cells.
pub fn under_each_policy(
    test: &str,
    prefix: &str,
    agreement: fn(&str, &str) -> String,
    (count, seed, pool): Draw,
    hand: &[(&str, &str)],
) -> UnderEachPolicy {
    let versions = [
        (format!("{prefix}_fin"), ""),
        (
            format!("{prefix}_suivant"),
            "dates ambiguës : début du mois suivant",
        ),
        (format!("{prefix}_erreur"), "dates ambiguës : erreur"),
    ];
    let mut db = SourceDb::new();
    for (name, policy) in &versions {
        db.add(format!("agreements/{name}.clause"), agreement(name, policy));
    }
    let analysis = analyze(&db);
    assert!(!analysis.has_errors(), "{:#?}", analysis.diagnostics);
    let mut engines = Engines::start(test);
    let mut out = UnderEachPolicy {
        first_years: Vec::new(),
        refused_rows: Vec::new(),
    };
    for (name, _) in &versions {
        let version = analysis.version(name).expect("version");
        let compiled = CompiledVersion::new(version, &db);
        let headers = columns_of(version);
        let mut rows = rows_for(&headers, count, seed, pool);
        rows.push(hand_row(&headers, hand));
        let want = engines.compare_with_engine(&compiled, &db, &rows);
        let accepted = want.iter().filter(|r| r.last() == Some(&None)).count();
        assert!(accepted * 4 > want.len(), "{name}: too few accepted rows");
        out.refused_rows.push(accepted < want.len());
        let last = want.last().expect("row");
        out.first_years.push(last[headers.len() + 3].clone());
    }
    out
}
