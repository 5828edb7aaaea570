//! The script for Spark SQL: each step of the query (a CTE for DuckDB and PostgreSQL) is a
//! temporary view of its own, defined after the ones it reads. Spark analyzes a query as one
//! tree: the hundred nested steps of a version such as `aci_cpts_2019` (a megabyte of SQL)
//! exhaust the analyzer's iterations, then its memory. A view whose analyzed plan is stored
//! (`spark.sql.legacy.storeAnalyzedPlanForView`, set by the script) is analyzed once.

use super::scan::{closing, skip_comment, skip_literal, steps, top_comma};

/// The session settings the script starts with: ANSI mode (an overflow stops the query
/// instead of giving NULL, taken for a refusal of the engine) and each view analyzed once.
/// Whole-stage code generation is off: the Java source of a step's thousands of expressions
/// is too large to compile, and each failed attempt costs seconds before Spark falls back.
/// Adaptive execution is off: it plans the rest of the query again after each of its stages
/// (the subqueries of `crises`, the sort), and planning the hundred steps is what costs.
/// Expressions are interpreted (`spark.sql.codegen.factoryMode = NO_CODEGEN`): Spark otherwise
/// compiles a Java class for each projection, and compiling thousands of expressions a step
/// costs a fixed minute of processor time for `aci_cpts_2019` (80 s CPU to collect 30 rows,
/// 28 s interpreted; docs/performance.md), far more than interpreting them row by row costs a
/// batch of thousands of rows.
const SETTINGS: &str = "-- Réglages de la session : mode ANSI (un dépassement arrête la requête au lieu de rendre NULL,\n-- pris pour un refus du moteur) ; chaque vue analysée une fois (plan analysé gardé) ; pas de\n-- génération de code par étage (le code Java des milliers d'expressions d'une étape est trop long) ;\n-- pas d'exécution adaptative (elle replanifierait toutes les étapes après chaque phase) ;\n-- expressions interprétées (compiler celles d'une étape coûte plus que les calculer pour un lot).\nSET spark.sql.ansi.enabled = true;\nSET spark.sql.legacy.storeAnalyzedPlanForView = true;\nSET spark.sql.codegen.wholeStage = false;\nSET spark.sql.adaptive.enabled = false;\nSET spark.sql.codegen.factoryMode = NO_CODEGEN;\n\n";

/// `head` then `CREATE OR REPLACE TEMPORARY VIEW resultats AS WITH name AS (…), … SELECT …`
/// rewritten as one `CREATE OR REPLACE TEMPORARY VIEW name AS …;` per step, then `resultats`.
/// The script's literals hold no backslash (`dialect::string`) and its comments are lines.
pub fn views(script: &str) -> String {
    const START: &str = "CREATE OR REPLACE TEMPORARY VIEW resultats AS\nWITH\n";
    let Some((head, body)) = script.split_once(START) else {
        return script.to_string();
    };
    let Some((steps, tail)) = steps(body) else {
        return script.to_string();
    };
    let mut out = String::with_capacity(script.len() + 4096);
    out.push_str(head);
    out.push_str(SETTINGS);
    for (n, step) in steps.iter().enumerate() {
        // The comment lines before a step stay before its view.
        out.push_str(step.comments);
        let query = step.query.trim_end();
        let barrier = if (n + 1) % BARRIER_EVERY == 0 {
            barrier(query, n + 1)
        } else {
            None
        };
        out.push_str(&format!(
            "CREATE OR REPLACE TEMPORARY VIEW {} AS\n{};\n\n",
            step.name,
            barrier.as_deref().unwrap_or(query)
        ));
    }
    // The last step, the one `resultats` reads, kept in memory (`CACHE TABLE`, eager): the
    // final sort samples its input to split it into ranges, then reads it, and without the
    // cache each of the two computes the whole chain.
    if let Some(last) = steps.last() {
        out.push_str(&format!(
            "-- La dernière étape gardée en mémoire : le tri final la lit deux fois (échantillon, puis lignes).\nCACHE TABLE {};\n\n",
            last.name
        ));
    }
    out.push_str("CREATE OR REPLACE TEMPORARY VIEW resultats AS\n");
    out.push_str(tail.trim_start_matches('\n'));
    out
}

/// Every how many steps a view reads its predecessor through a barrier (`barrier`).
const BARRIER_EVERY: usize = 10;

/// `query` (`… FROM prev`) reading `prev` through `LATERAL VIEW explode(array(0))`: one row
/// for each row, but a node that is neither a projection nor a filter. Several rules of
/// Spark's optimizer and its planner, at each projection of the plan, walk down the
/// projections below it to the table they read: across a hundred steps, that walk made two
/// fifths of the optimizer's time and most of the planner's (`aci_cpts_2019`: those rules
/// 23 s → 2 s, planning 25 s → 9 s of wall time). A barrier every ten steps stops each walk
/// within ten. None if `query` does not end with `FROM name`.
fn barrier(query: &str, step: usize) -> Option<String> {
    let (select, from) = query.rsplit_once("\n  FROM ")?;
    let simple = !from.is_empty() && from.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    simple.then(|| {
        format!("{select}\n  FROM {from} LATERAL VIEW explode(array(0)) clause_barriere_{step} AS clause_barriere_{step}")
    })
}

/// Spark's `ltrim` and `rtrim` of two arguments take the characters first (`ltrim('0', x)`),
/// DuckDB's and PostgreSQL's last: each call outside literals and comments gets its two
/// arguments swapped.
pub fn trims(script: &str) -> String {
    let bytes = script.as_bytes();
    let mut out = String::with_capacity(script.len());
    let mut i = 0;
    let mut copied = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\'' => i = skip_literal(bytes, i),
            b'-' if bytes.get(i + 1) == Some(&b'-') => i = skip_comment(bytes, i),
            b'l' | b'r'
                if script[i..].starts_with("ltrim(") || script[i..].starts_with("rtrim(") =>
            {
                let word =
                    i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
                let open = i + 6;
                if let (true, Some(end)) = (word, closing(script, open)) {
                    if let Some(comma) = top_comma(script, open, end) {
                        out.push_str(&script[copied..open]);
                        out.push_str(&trims(script[comma + 1..end].trim_start()));
                        out.push_str(", ");
                        out.push_str(&trims(&script[open..comma]));
                        copied = end;
                        i = end;
                        continue;
                    }
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    out.push_str(&script[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_step_becomes_a_view_and_literals_and_comments_keep_their_parentheses() {
        let script = "-- tête\nCREATE OR REPLACE TEMPORARY VIEW resultats AS\nWITH\n-- a\na AS (\n  SELECT ')' AS x -- (\n  FROM cas\n),\nb AS (\n  SELECT (1) AS y FROM a\n)\nSELECT * FROM b;\n";
        let views = views(script);
        assert!(views.starts_with("-- tête\n-- Réglages"));
        assert!(views.contains(
            "-- a\nCREATE OR REPLACE TEMPORARY VIEW a AS\n  SELECT ')' AS x -- (\n  FROM cas;\n"
        ));
        assert!(
            views.contains("CREATE OR REPLACE TEMPORARY VIEW b AS\n  SELECT (1) AS y FROM a;\n")
        );
        assert!(views.ends_with(
            "CACHE TABLE b;\n\nCREATE OR REPLACE TEMPORARY VIEW resultats AS\nSELECT * FROM b;\n"
        ));
        assert!(views.contains("SET spark.sql.codegen.factoryMode = NO_CODEGEN;\n"));
    }

    #[test]
    fn every_tenth_step_reads_its_predecessor_through_a_barrier() {
        let mut script = String::from("CREATE OR REPLACE TEMPORARY VIEW resultats AS\nWITH\ns0 AS (\n  SELECT 1 AS c0\n  FROM cas\n)");
        for k in 1..12 {
            script.push_str(&format!(
                ",\ns{k} AS (\n  SELECT s{}.*, 1 AS c{k}\n  FROM s{}\n)",
                k - 1,
                k - 1
            ));
        }
        script.push_str("\nSELECT * FROM s11;\n");
        let views = views(&script);
        assert!(views.contains("SET spark.sql.adaptive.enabled = false;\n"));
        assert!(views.contains("VIEW s9 AS\n  SELECT s8.*, 1 AS c9\n  FROM s8 LATERAL VIEW explode(array(0)) clause_barriere_10 AS clause_barriere_10;\n"));
        assert_eq!(views.matches("LATERAL VIEW").count(), 1);
    }

    #[test]
    fn trims_take_the_characters_first_in_spark() {
        assert_eq!(
            trims(
                "x AND rtrim(lpad(a, 3, '0'), '0') = '' -- ltrim(b, '0')\n, ltrim(w || ', ', '0')"
            ),
            "x AND rtrim('0', lpad(a, 3, '0')) = '' -- ltrim(b, '0')\n, ltrim('0', w || ', ')"
        );
    }
}
