//! Each step keeps only the columns a later step reads. The steps are written as
//! `SELECT prev.*, <new columns> FROM prev`: the two thousand columns of `aci_cpts_2019` went
//! through ninety steps, 155 000 columns in all, which Spark's optimizer walked rule after rule
//! (48 s) before pruning them. Here `prev.*` becomes the list of its columns that a later step
//! or the final SELECT names (18 000 columns in all); a step whose list cannot be read stays as
//! written, and so do the steps that read it with `*`.

use super::scan::{skip_comment, skip_literal, steps};
use std::collections::HashMap;

/// `body` (the steps `name AS (…),` then the final SELECT, as after `WITH`) with each
/// `prev.*` of a step narrowed to the columns of `prev` read after that step.
pub fn prune(body: &str) -> String {
    let Some((steps, tail)) = steps(body) else {
        return body.to_string();
    };
    // The last step that names each word (the final SELECT: `steps.len()`): a column is read
    // after step i when its name is one of those words, later than i. A word that is not a
    // column (a function, an alias of a subquery) keeps nothing it should not.
    let mut last_use: HashMap<String, usize> = HashMap::new();
    for (i, query) in steps
        .iter()
        .map(|s| s.query.as_str())
        .chain([tail])
        .enumerate()
    {
        for word in words(query) {
            last_use.insert(word, i);
        }
    }
    let mut columns: HashMap<&str, Vec<String>> = HashMap::new();
    let mut out = String::with_capacity(body.len());
    for (i, step) in steps.iter().enumerate() {
        let read_after = |c: &String| last_use.get(c).is_some_and(|&last| last > i);
        let narrowed = narrow(&step.query, &columns, read_after);
        let query = match narrowed {
            Some((query, cols)) => {
                columns.insert(step.name, cols);
                query
            }
            None => step.query.clone(),
        };
        out.push_str(step.comments);
        out.push_str(&format!("{} AS (\n{query})", step.name));
        if step.comma {
            out.push_str(",\n");
        }
    }
    out.push_str(tail);
    out
}

/// The words of `query` outside literals and comments, in lower case (quoted identifiers:
/// their text), each once.
fn words(query: &str) -> Vec<String> {
    let bytes = query.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\'' => i = skip_literal(bytes, i),
            b'-' if bytes.get(i + 1) == Some(&b'-') => i = skip_comment(bytes, i),
            b'"' | b'`' => {
                let end = skip_quoted(bytes, i);
                out.push(query[i + 1..end.saturating_sub(1).max(i + 1)].to_lowercase());
                i = end;
            }
            b if b.is_ascii_alphabetic() || b == b'_' => {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                out.push(query[start..i].to_lowercase());
            }
            b if b.is_ascii_digit() => {
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The place after the quoted identifier that starts at `i` (its quote doubled inside).
fn skip_quoted(bytes: &[u8], i: usize) -> usize {
    let quote = bytes[i];
    let mut j = i + 1;
    while j < bytes.len() {
        if bytes[j] == quote {
            if bytes.get(j + 1) == Some(&quote) {
                j += 2;
                continue;
            }
            return j + 1;
        }
        j += 1;
    }
    j
}

/// `query` (`  SELECT items\n  FROM …`) with each `step.*` item whose step's columns are
/// known narrowed to the columns `keep` accepts, and its own columns; None when an item is
/// neither `step.*` nor named (`… AS name`, a bare column), or the query has more than a
/// SELECT list and a FROM (a set operation would no longer match its other branch).
fn narrow(
    query: &str,
    columns: &HashMap<&str, Vec<String>>,
    keep: impl Fn(&String) -> bool,
) -> Option<(String, Vec<String>)> {
    let list_start = query.find("SELECT ")? + "SELECT ".len();
    if !query[..list_start - "SELECT ".len()].trim().is_empty() {
        return None;
    }
    let (items, from) = select_list(query, list_start)?;
    let rest = &query[from..];
    let upper = rest.to_uppercase();
    if ["UNION", "INTERSECT", "EXCEPT", "GROUP BY", "DISTINCT"]
        .iter()
        .any(|w| upper.contains(w))
    {
        // A word in a literal or a comment is enough to leave the step as written.
        return None;
    }
    let mut cols = Vec::new();
    let mut kept_items = Vec::new();
    for item in items {
        let code = code_of(item);
        if let Some(step) = code.strip_suffix(".*").filter(|s| is_ident(s)) {
            let all = columns.get(step)?;
            let kept: Vec<String> = all.iter().filter(|c| keep(c)).cloned().collect();
            if kept.len() == all.len() {
                kept_items.push(item.to_string());
            } else if !kept.is_empty() {
                let list: Vec<String> = kept.iter().map(|c| format!("{step}.{c}")).collect();
                kept_items.push(item.replacen(&code, &list.join(", "), 1));
            }
            cols.extend(kept);
        } else {
            cols.push(name_of(&code)?);
            kept_items.push(item.to_string());
        }
    }
    if kept_items.is_empty() {
        return None;
    }
    let first = kept_items[0].trim_start().to_string();
    kept_items[0] = first;
    Some((
        format!("{}{}{rest}", &query[..list_start], kept_items.join(",")),
        cols,
    ))
}

/// The items of the SELECT list that starts at `start` (each with the comment lines before
/// it) and the place of the ` FROM` that ends it, outside parentheses, literals and comments.
fn select_list(query: &str, start: usize) -> Option<(Vec<&str>, usize)> {
    let bytes = query.as_bytes();
    let mut items = Vec::new();
    let mut item_start = start;
    let mut depth = 0usize;
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'\'' => {
                i = skip_literal(bytes, i);
                continue;
            }
            b'"' | b'`' => {
                i = skip_quoted(bytes, i);
                continue;
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                i = skip_comment(bytes, i);
                continue;
            }
            b'(' => depth += 1,
            b')' => depth = depth.checked_sub(1)?,
            b',' if depth == 0 => {
                items.push(&query[item_start..i]);
                item_start = i + 1;
            }
            b'\n' if depth == 0 && query[i..].trim_start().starts_with("FROM ") => {
                items.push(&query[item_start..i]);
                return Some((items, i));
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// An item without its comment lines, trimmed.
fn code_of(item: &str) -> String {
    item.lines()
        .filter(|line| !line.trim_start().starts_with("--"))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// The name of the column an item makes: `… AS name`, or a bare column.
fn name_of(code: &str) -> Option<String> {
    if is_ident(code) {
        return Some(code.to_lowercase());
    }
    let (_, name) = code.rsplit_once(" AS ")?;
    is_ident(name).then(|| name.to_lowercase())
}

fn is_ident(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHAIN: &str = "a AS (\n  SELECT x AS p, y AS q, 'r, s' AS r\n  FROM cas\n),\n-- b: q (in a comment) is not a read\nb AS (\n  SELECT a.*,\n    -- p, twice\n    p + p AS t\n  FROM a\n),\nc AS (\n  SELECT b.*, t * 2 AS u\n  FROM b\n)\n-- the end\nSELECT r, u FROM c;\n";

    #[test]
    fn each_step_passes_on_only_the_columns_read_after_it() {
        let pruned = prune(CHAIN);
        // `q` is read by no one, `p` only by b, `t` only by c: a passes r on to b, b r and t
        // to c, c r and u to the end.
        assert!(
            pruned.contains("b AS (\n  SELECT a.r,\n    -- p, twice\n    p + p AS t\n  FROM a\n),")
        );
        assert!(pruned.contains(
            "c AS (\n  SELECT b.r, t * 2 AS u\n  FROM b\n)\n-- the end\nSELECT r, u FROM c;\n"
        ));
        // The first step passes nothing on: written as it was.
        assert!(pruned
            .starts_with("a AS (\n  SELECT x AS p, y AS q, 'r, s' AS r\n  FROM cas\n),\n-- b: q"));
    }

    #[test]
    fn a_step_whose_columns_cannot_be_read_is_left_as_written_and_so_are_its_readers() {
        let chain = "a AS (\n  SELECT cas.*, 1 AS k\n  FROM cas\n),\nb AS (\n  SELECT a.*, k + 1\n  FROM a\n),\nc AS (\n  SELECT b.*, 2 AS m\n  FROM b\n)\nSELECT m FROM c;\n";
        assert_eq!(prune(chain), chain);
        let union = "a AS (\n  SELECT 1 AS k, 2 AS l\n  FROM cas\n),\nb AS (\n  SELECT a.*\n  FROM a UNION ALL SELECT 1, 2\n)\nSELECT k FROM b;\n";
        assert_eq!(prune(union), union);
    }

    #[test]
    fn a_step_that_passes_nothing_on_keeps_its_own_columns() {
        let chain = "a AS (\n  SELECT 1 AS k\n  FROM cas\n),\nb AS (\n  SELECT a.*, 2 AS m\n  FROM a\n)\nSELECT m FROM b;\n";
        assert!(prune(chain).contains("b AS (\n  SELECT 2 AS m\n  FROM a\n)"));
    }
}
