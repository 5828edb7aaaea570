//! What differs between the SQL engines the target writes for: the exact integer type, integer
//! division, regular expressions, month arithmetic and date formatting. Everything else in the
//! generated script is standard SQL that DuckDB and PostgreSQL read alike.

/// The SQL engine a script is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    DuckDb,
    Postgres,
}

impl Dialect {
    pub fn name(self) -> &'static str {
        match self {
            Dialect::DuckDb => "DuckDB",
            Dialect::Postgres => "PostgreSQL",
        }
    }

    /// The exact integer type of mantissas: DuckDB's 128-bit HUGEINT, PostgreSQL's NUMERIC
    /// (arbitrary precision, used for integers only).
    pub fn int(self) -> &'static str {
        match self {
            Dialect::DuckDb => "HUGEINT",
            Dialect::Postgres => "NUMERIC",
        }
    }

    /// An exact integer literal.
    pub fn lit(self, n: &str) -> String {
        format!("CAST('{n}' AS {})", self.int())
    }

    /// Integer division of non-negative integers, truncated.
    pub fn idiv(self, a: &str, b: &str) -> String {
        match self {
            Dialect::DuckDb => format!("(({a}) // ({b}))"),
            Dialect::Postgres => format!("div({a}, {b})"),
        }
    }

    /// Whether the whole of `text` matches `pattern` (written without anchors).
    pub fn matches(self, text: &str, pattern: &str) -> String {
        match self {
            Dialect::DuckDb => format!("regexp_full_match({text}, '{pattern}')"),
            Dialect::Postgres => format!("({text} ~ '^(?:{pattern})$')"),
        }
    }

    /// The date `months` months after `date`, clamped to the month's end (31 January + 1
    /// month = 28 or 29 February), as the engine's date policy says.
    pub fn add_months(self, date: &str, months: &str) -> String {
        match self {
            Dialect::DuckDb => {
                format!("CAST({date} + to_months(CAST({months} AS INTEGER)) AS DATE)")
            }
            Dialect::Postgres => {
                format!("CAST({date} + make_interval(months => CAST({months} AS INTEGER)) AS DATE)")
            }
        }
    }

    /// The columns of a whole row kept as one value (`cas AS clause_ligne`): a STRUCT in
    /// DuckDB, a composite in PostgreSQL.
    pub fn row_columns(self, row: &str) -> String {
        match self {
            Dialect::DuckDb => format!("{row}.*"),
            Dialect::Postgres => format!("({row}).*"),
        }
    }

    /// The words of `list` (separated by single spaces, none at its ends; `count` of them),
    /// numbered from 1: a FROM item with the columns `clause_i` and `clause_element`.
    /// PostgreSQL unnests an array: its planner counts 10 rows for one, 1 000 for a
    /// `generate_series` of unknown bounds, enough to make a plan with JIT compilation of
    /// each expression, many times slower than the query itself.
    pub fn numbered_words(self, list: &str, count: &str) -> String {
        match self {
            Dialect::DuckDb => format!(
                "(SELECT i AS clause_i, split_part({list}, ' ', CAST(i AS INTEGER)) AS clause_element FROM generate_series(1, {count}) AS g(i))"
            ),
            Dialect::Postgres => format!(
                "unnest(string_to_array(nullif({list}, ''), ' ')) WITH ORDINALITY AS g(clause_element, clause_i)"
            ),
        }
    }

    /// A date as `AAAA-MM-JJ`.
    pub fn iso(self, date: &str) -> String {
        match self {
            Dialect::DuckDb => format!("strftime({date}, '%Y-%m-%d')"),
            Dialect::Postgres => format!("to_char({date}, 'YYYY-MM-DD')"),
        }
    }

    /// Text trimmed of the blanks Python's and Rust's `trim` remove in a CSV field.
    pub fn trim(self, text: &str) -> String {
        let blanks = "' ' || chr(9) || chr(10) || chr(13)";
        match self {
            Dialect::DuckDb => format!("trim({text}, {blanks})"),
            Dialect::Postgres => format!("btrim({text}, {blanks})"),
        }
    }

    /// The text of an integer.
    pub fn text(self, expr: &str) -> String {
        format!("CAST({expr} AS {})", self.text_type())
    }

    pub fn text_type(self) -> &'static str {
        match self {
            Dialect::DuckDb => "VARCHAR",
            Dialect::Postgres => "TEXT",
        }
    }
}

/// A SQL string literal: single quotes, a quote doubled. Nothing else ends it (backslashes are
/// plain characters in standard SQL strings, DuckDB and PostgreSQL alike).
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        match c {
            '\'' => out.push_str("''"),
            // A NUL byte is refused by PostgreSQL: shown as its escape.
            '\0' => out.push_str("\\u0000"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// A quoted identifier: double quotes, a quote doubled.
pub fn ident(name: &str) -> String {
    let mut out = String::from("\"");
    for c in name.chars() {
        match c {
            '"' => out.push_str("\"\""),
            '\0' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_and_identifiers_cannot_be_ended_by_their_text() {
        assert_eq!(
            string("'); DROP TABLE cas; --"),
            "'''); DROP TABLE cas; --'"
        );
        assert_eq!(ident("a\"b"), "\"a\"\"b\"");
        assert_eq!(string("a\\'"), "'a\\'''");
    }
}
