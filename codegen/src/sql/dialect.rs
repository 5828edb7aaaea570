//! What differs between the SQL engines the target writes for: the exact integer type, integer
//! division, regular expressions, month arithmetic, date formatting, aggregates in order and
//! series of integers. Everything else in the generated script is standard SQL that DuckDB,
//! PostgreSQL and Spark SQL read alike.

/// The SQL engine a script is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    DuckDb,
    Postgres,
    /// Spark SQL 4 in its default ANSI mode (`spark.sql.ansi.enabled`): an overflow stops the
    /// query instead of giving NULL, taken for a refusal of the engine.
    Spark,
}

impl Dialect {
    pub fn name(self) -> &'static str {
        match self {
            Dialect::DuckDb => "DuckDB",
            Dialect::Postgres => "PostgreSQL",
            Dialect::Spark => "Spark SQL",
        }
    }

    /// The exact integer type of mantissas: DuckDB's 128-bit HUGEINT, PostgreSQL's NUMERIC
    /// (arbitrary precision, used for integers only), Spark's widest decimal: 38 digits, enough
    /// for every step of `exact.rs` (each under 10^38).
    pub fn int(self) -> &'static str {
        match self {
            Dialect::DuckDb => "HUGEINT",
            Dialect::Postgres => "NUMERIC",
            Dialect::Spark => "DECIMAL(38, 0)",
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
            // Spark's `div` gives a 64-bit BIGINT and its decimal quotient is rounded: divide
            // what is divisible (exact), then back to the integer type (the quotient's type
            // has 6 decimals).
            Dialect::Spark => {
                format!("CAST((({a}) - ({a}) % ({b})) / ({b}) AS {})", self.int())
            }
        }
    }

    /// Whether the whole of `text` matches `pattern` (written without anchors).
    pub fn matches(self, text: &str, pattern: &str) -> String {
        match self {
            Dialect::DuckDb => format!("regexp_full_match({text}, '{pattern}')"),
            Dialect::Postgres => format!("({text} ~ '^(?:{pattern})$')"),
            Dialect::Spark => format!("({text} RLIKE '^(?:{pattern})$')"),
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
            Dialect::Spark => format!("add_months({date}, CAST({months} AS INTEGER))"),
        }
    }

    /// The columns of a whole row kept as one value (`whole_row`): a STRUCT in DuckDB and
    /// Spark, a composite in PostgreSQL.
    pub fn row_columns(self, row: &str) -> String {
        match self {
            Dialect::DuckDb | Dialect::Spark => format!("{row}.*"),
            Dialect::Postgres => format!("({row}).*"),
        }
    }

    /// The whole row of `table` as one value.
    pub fn whole_row(self, table: &str) -> String {
        match self {
            Dialect::DuckDb | Dialect::Postgres => table.to_string(),
            Dialect::Spark => format!("struct({table}.*)"),
        }
    }

    /// The rows numbered in their reading order. Spark numbers no row without an order of
    /// its own: its increasing identifiers keep the order of the partitions and of each.
    pub fn row_number(self) -> &'static str {
        match self {
            Dialect::DuckDb | Dialect::Postgres => "row_number() OVER ()",
            Dialect::Spark => "monotonically_increasing_id()",
        }
    }

    /// The texts `item` of the rows, in the order of `order`, separated by `separator`.
    pub fn string_agg(self, item: &str, separator: &str, order: &str) -> String {
        match self {
            Dialect::DuckDb | Dialect::Postgres => {
                format!("string_agg({item}, {separator} ORDER BY {order})")
            }
            Dialect::Spark => {
                format!("string_agg({item}, {separator}) WITHIN GROUP (ORDER BY {order})")
            }
        }
    }

    /// The integers 1 to `count` (at least 1) as a FROM item with the column `name`.
    pub fn series(self, count: &str, name: &str) -> String {
        match self {
            Dialect::DuckDb | Dialect::Postgres => {
                format!("generate_series(1, {count}) AS g({name})")
            }
            Dialect::Spark => format!("(SELECT explode(sequence(1, {count})) AS {name}) AS g"),
        }
    }

    /// The place of `needle` in `text`, from 1 (0: absent).
    pub fn find(self, text: &str, needle: &str) -> String {
        match self {
            Dialect::DuckDb | Dialect::Postgres => format!("strpos({text}, {needle})"),
            Dialect::Spark => format!("instr({text}, {needle})"),
        }
    }

    /// Each match of `pattern` in `text` replaced (`with` names the first group `\\1`).
    pub fn replace_all(self, text: &str, pattern: &str, with: &str) -> String {
        match self {
            Dialect::DuckDb | Dialect::Postgres => {
                format!("regexp_replace({text}, '{pattern}', '{with}', 'g')")
            }
            // Java's regular expressions: `$1` for the first group, every match replaced.
            Dialect::Spark => format!(
                "regexp_replace({text}, '{}', '{}')",
                pattern.replace('\\', "\\\\"),
                with.replace("\\1", "$1")
            ),
        }
    }

    /// The class of blanks of POSIX `[:space:]` inside a bracket expression.
    pub fn space_class(self) -> &'static str {
        match self {
            Dialect::DuckDb | Dialect::Postgres => "[:space:]",
            // Java's `\s`: the same six characters (written `\\s` in a Spark literal).
            Dialect::Spark => "\\s",
        }
    }

    /// -1, 0 or 1 as the sign of an exact integer (Spark's `sign` gives a DOUBLE).
    pub fn sign(self, x: &str) -> String {
        match self {
            Dialect::DuckDb | Dialect::Postgres => format!("sign({x})"),
            Dialect::Spark => format!("CASE WHEN {x} > 0 THEN 1 WHEN {x} < 0 THEN -1 ELSE 0 END"),
        }
    }

    /// A quoted identifier: double quotes (backquotes in Spark), that quote doubled.
    pub fn ident(self, name: &str) -> String {
        let quote = match self {
            Dialect::DuckDb | Dialect::Postgres => '"',
            Dialect::Spark => '`',
        };
        let mut out = String::from(quote);
        for c in name.chars() {
            match c {
                '\0' => {}
                c if c == quote => {
                    out.push(quote);
                    out.push(quote);
                }
                c => out.push(c),
            }
        }
        out.push(quote);
        out
    }

    /// The words of `list` (separated by single spaces, none at its ends; `count` of them),
    /// numbered from 1: a FROM item with the columns `clause_i` and `clause_element`.
    /// PostgreSQL unnests an array: its planner counts 10 rows for one, 1 000 for a
    /// `generate_series` of unknown bounds, enough to make a plan with JIT compilation of
    /// each expression, many times slower than the query itself. Spark's script reads the
    /// cell as an array instead (`Parts::crisis_dates_spark`); its arm here is not written.
    pub fn numbered_words(self, list: &str, count: &str) -> String {
        match self {
            Dialect::DuckDb => format!(
                "(SELECT i AS clause_i, split_part({list}, ' ', CAST(i AS INTEGER)) AS clause_element FROM generate_series(1, {count}) AS g(i))"
            ),
            Dialect::Postgres => format!(
                "unnest(string_to_array(nullif({list}, ''), ' ')) WITH ORDINALITY AS g(clause_element, clause_i)"
            ),
            Dialect::Spark => format!(
                "(SELECT clause_i0 + 1 AS clause_i, clause_element FROM (SELECT posexplode(split(nullif({list}, ''), ' ')) AS (clause_i0, clause_element)) AS g)"
            ),
        }
    }

    /// A date as `AAAA-MM-JJ`.
    pub fn iso(self, date: &str) -> String {
        match self {
            Dialect::DuckDb => format!("strftime({date}, '%Y-%m-%d')"),
            Dialect::Postgres => format!("to_char({date}, 'YYYY-MM-DD')"),
            Dialect::Spark => format!("date_format({date}, 'yyyy-MM-dd')"),
        }
    }

    /// Text trimmed of the blanks Python's and Rust's `trim` remove in a CSV field.
    pub fn trim(self, text: &str) -> String {
        let blanks = "' ' || chr(9) || chr(10) || chr(13)";
        match self {
            Dialect::DuckDb => format!("trim({text}, {blanks})"),
            Dialect::Postgres | Dialect::Spark => format!("btrim({text}, {blanks})"),
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
            Dialect::Spark => "STRING",
        }
    }
}

/// A SQL string literal: single quotes, a quote doubled. Nothing else ends it: a backslash,
/// a plain character in standard SQL strings (DuckDB, PostgreSQL) but an escape in Spark's,
/// is written `chr(92)` outside the quotes, the same text on every engine (the whole in
/// parentheses then: one operand wherever it stands).
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    let joined = text.contains(['\\', '\0']);
    if joined {
        out.push('(');
    }
    out.push('\'');
    for c in text.chars() {
        match c {
            '\'' => out.push_str("''"),
            '\\' => out.push_str("' || chr(92) || '"),
            // A NUL byte is refused by PostgreSQL: shown as its escape.
            '\0' => out.push_str("' || chr(92) || 'u0000"),
            c => out.push(c),
        }
    }
    out.push('\'');
    if joined {
        out.push(')');
    }
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
        assert_eq!(Dialect::DuckDb.ident("a\"b"), "\"a\"\"b\"");
        assert_eq!(Dialect::Spark.ident("a`b"), "`a``b`");
        assert_eq!(string("a\\'"), "('a' || chr(92) || '''')");
    }
}
