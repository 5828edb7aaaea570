//! Reading the cells of `cas` as `clause eval --cases` reads them (evaluate/batch.rs,
//! evaluate/cells.rs): decimals taken apart, dates, rates of achievement, the variants of an
//! enumeration or a set, the dates of the cell `crises`; each with its refusal in French.

use super::dialect::{string, Dialect};
use super::{Kind, Parts};
use clause_compiler::evaluate::case::inexact_number;
use clause_compiler::types::Type;

impl Parts<'_> {
    /// Text normalized as the engine reads a decimal: spaces (also non-breaking) removed, a
    /// French comma read as a point; then its syntax checked and its parts taken apart.
    pub(crate) fn decimal_parts(&self, k: usize, out: &mut Vec<String>) {
        let n = format!(
            "replace(replace(replace(replace({}, ' ', ''), chr(160), ''), chr(8239), ''), ',', '.')",
            self.d.trim(&format!("t{k}"))
        );
        out.push(format!("{n} AS n{k}"));
    }

    pub(crate) fn decimal_split(&self, k: usize) -> Vec<String> {
        let syntax = self
            .d
            .matches(&format!("n{k}"), "[+-]?([0-9][0-9_]*)?([.][0-9_]*)?");
        vec![
            format!(
                "({syntax} AND {} > 0) AS ok{k}",
                self.d.find(&format!("translate(n{k}, '0123456789', '##########')"), "'#'")
            ),
            format!("(left(n{k}, 1) = '-') AS neg{k}"),
            format!(
                "replace({}, '_', '') AS w{k}",
                self.d.replace_all(&format!("n{k}"), "^[+-]?([0-9_]*).*$", "\\1")
            ),
            format!(
                "replace(CASE WHEN {dot} > 0 THEN substr(n{k}, {dot} + 1) ELSE '' END, '_', '') AS f{k}",
                dot = self.d.find(&format!("n{k}"), "'.'")
            ),
        ]
    }

    /// The items of `lu`'s steps: normalized texts, their parts, the values and refusals, and
    /// what `lu` keeps of the first two.
    #[allow(clippy::type_complexity)]
    pub(crate) fn lu_parts(&self) -> (Vec<String>, Vec<String>, Vec<String>, Vec<String>) {
        let version = self.compiled.version;
        let mut norm = Vec::new();
        // What `lu` keeps of the text of a cell: the inputs' (the formulas and the bands read
        // them), the crises' list; of the other cells, only their values and refusals, so that
        // each later step copies narrower rows.
        let mut kept = vec!["clause_numero".to_string(), "clause_ligne".to_string()];
        for (k, col) in self.cols.iter().enumerate() {
            norm.push(format!("{} AS s{k}", self.d.trim(&format!("t{k}"))));
            let numeric = match col.kind {
                Kind::Input(i) => matches!(
                    version.inputs[i].ty,
                    Type::Count | Type::Money | Type::Rate | Type::Decimal
                ),
                Kind::Rate => true,
                _ => false,
            };
            if numeric {
                self.decimal_parts(k, &mut norm);
            }
            match col.kind {
                Kind::Input(_) if numeric => {
                    kept.extend(["t", "s", "n", "ok", "neg", "w", "f"].map(|x| format!("{x}{k}")))
                }
                Kind::Input(_) => kept.extend([format!("t{k}"), format!("s{k}")]),
                Kind::Crises => {
                    norm.push(format!("{} AS cn{k}", self.crisis_list(k)));
                    kept.extend([format!("cn{k}"), format!("cc{k}")]);
                }
                _ => {}
            }
        }
        let mut split = Vec::new();
        let mut parsed = Vec::new();
        for (k, col) in self.cols.iter().enumerate() {
            let shown = format!("'`' || t{k} || '`'");
            let header = string(&col.header);
            let error = |cond: String, message: String| {
                format!("CASE WHEN {cond} THEN {header} || ' : ' || {message} END AS x{k}")
            };
            match &col.kind {
                Kind::Input(i) => {
                    let ty = version.inputs[*i].ty;
                    // An empty cell is a missing input, as the engine says
                    // (`evaluate::select::missing_inputs`); then the type's own check.
                    let missing = string(&format!(
                        "champ manquant : la version déclare l'entrée `{}`",
                        version.inputs[*i].name
                    ));
                    let error = |cond: String, message: String| {
                        format!("CASE WHEN s{k} = '' THEN {header} || ' : ' || {missing} WHEN {cond} THEN {header} || ' : ' || {message} END AS x{k}")
                    };
                    match ty {
                        Type::Count => {
                            split.extend(self.decimal_split(k));
                            let good = format!(
                                "(ok{k} AND rtrim(f{k}, '0') = '' AND NOT (neg{k} AND ltrim(w{k}, '0') <> '') AND length(ltrim(w{k}, '0')) <= 30 AND NOT {})",
                                Self::unheld(k)
                            );
                            parsed.push(format!(
                                "CASE WHEN s{k} <> '' AND {good} THEN CAST(coalesce(nullif(ltrim(w{k}, '0'), ''), '0') AS {}) END AS v{k}",
                                self.d.int()
                            ));
                            parsed.push(error(
                                format!("s{k} <> '' AND NOT {good}"),
                                Self::number_refused(k, &shown, "un nombre entier positif"),
                            ));
                        }
                        Type::Money | Type::Rate | Type::Decimal => {
                            split.extend(self.decimal_split(k));
                            let what = match ty {
                                Type::Money => "un montant",
                                Type::Rate => "un taux",
                                _ => "un nombre",
                            };
                            parsed.push(error(
                                format!("s{k} <> '' AND (NOT ok{k} OR {})", Self::unheld(k)),
                                Self::number_refused(k, &shown, what),
                            ));
                        }
                        Type::Bool => parsed.push(error(
                            format!("s{k} NOT IN ('true', 'vrai', '1', 'oui', 'false', 'faux', '0', 'non', '')"),
                            format!("'`true` ou `false` est attendu, pas ' || {shown}"),
                        )),
                        Type::Date => {
                            let (_, valid) = self.date(k);
                            parsed.push(error(
                                format!("s{k} <> '' AND NOT {valid}"),
                                format!("'date invalide ' || {shown}"),
                            ));
                        }
                        Type::Text => parsed.push(error("FALSE".into(), "''".into())),
                        // A variant by its name, a set as its names separated by `|`
                        // (docs/evaluation.md): the first name that is not a variant is refused.
                        Type::Enum(e) | Type::Set(e) => {
                            let bad = self.first_unknown(k, e, matches!(ty, Type::Set(_)));
                            let enumeration = &version.enums[e];
                            let known: Vec<&str> =
                                enumeration.variants.iter().map(|v| v.name.as_str()).collect();
                            let tail = string(&format!(
                                "` n'est pas une valeur de `{}` ; valeurs possibles : {}",
                                enumeration.name,
                                known.join(", ")
                            ));
                            parsed.push(error(
                                format!("({bad}) IS NOT NULL"),
                                format!("'`' || ({bad}) || {tail}"),
                            ));
                        }
                        _ => parsed.push(error(
                            format!("s{k} <> ''"),
                            "'type d''entrée non pris en charge en CSV'".into(),
                        )),
                    }
                }
                Kind::Date => {
                    let (value, valid) = self.date(k);
                    parsed.push(format!(
                        "CASE WHEN s{k} <> '' AND {valid} THEN {value} END AS v{k}"
                    ));
                    parsed.push(error(
                        format!("s{k} <> '' AND NOT {valid}"),
                        format!("'date invalide ' || {shown} || ' : format AAAA-MM-JJ attendu'"),
                    ));
                }
                Kind::Engaged(_) => {
                    parsed.push(format!("(s{k} IN ('true', 'vrai', '1', 'oui')) AS v{k}"));
                    parsed.push(error(
                        format!("s{k} NOT IN ('true', 'vrai', '1', 'oui', 'false', 'faux', '0', 'non', '')"),
                        format!("'`true` ou `false` est attendu, pas ' || {shown}"),
                    ));
                }
                Kind::Rate => {
                    split.extend(self.decimal_split(k));
                    self.rate(k, &shown, &header, &mut parsed);
                }
                // Each item that is not a date is refused, in the cell's order
                // (evaluate/batch.rs: `date invalide` for each).
                Kind::Crises => {
                    split.push(format!(
                        "CASE WHEN cn{k} = '' THEN 0 ELSE length(cn{k}) - length(replace(cn{k}, ' ', '')) + 1 END AS cc{k}"
                    ));
                    let (_, valid) = self.date_of("clause_element");
                    let message = string(&format!("{} : date invalide `", col.header));
                    let text =
                        format!("{message} || clause_element || '` : format AAAA-MM-JJ attendu'");
                    let refused = match self
                        .crisis_texts_spark(k, &format!("CASE WHEN NOT {valid} THEN {text} END"))
                    {
                        Some(texts) => texts,
                        None => format!(
                            "(SELECT {} FROM ({}) AS clause_elements WHERE NOT {valid})",
                            self.d.string_agg(&text, "' ; '", "clause_i"),
                            self.crisis_items(k)
                        ),
                    };
                    parsed.push(format!("{refused} AS x{k}"));
                }
            }
        }
        (norm, split, parsed, kept)
    }

    /// The first name of the cell `s{k}` that is not a variant of enumeration `e` (a set: each
    /// of its names separated by `|`, spaces around them dropped), NULL when each is one.
    pub(crate) fn first_unknown(&self, k: usize, e: usize, set: bool) -> String {
        let names: Vec<String> = self.compiled.version.enums[e]
            .variants
            .iter()
            .map(|v| string(&v.name))
            .collect();
        let names = names.join(", ");
        if !set {
            return format!("CASE WHEN s{k} NOT IN ({names}) THEN s{k} END");
        }
        let item = format!("trim(split_part(s{k}, '|', CAST(i AS INTEGER)))");
        format!(
            "SELECT {item} FROM {} WHERE {item} NOT IN ({names}) ORDER BY i LIMIT 1",
            self.d.series(
                &format!("length(s{k}) - length(replace(s{k}, '|', '')) + 1"),
                "i"
            )
        )
    }

    /// Whether the number of the decimal cell `k` is one rust_decimal cannot hold exactly: once
    /// the zeros that only pad its decimals are dropped, more than 28 decimals or a mantissa of
    /// 2^96 or more. Its `from_str` would round it (`12,4999999999999999999999999999` read
    /// 12,5) or overflow; the engine refuses the cell, in its own words (`number_refused`).
    pub(crate) fn unheld(k: usize) -> String {
        let fraction = format!("rtrim(f{k}, '0')");
        let digits = format!("ltrim(w{k} || {fraction}, '0')");
        format!(
            "(length({fraction}) > 28 OR length({digits}) > 29 OR (length({digits}) = 29 AND {digits} >= '79228162514264337593543950336'))"
        )
    }

    /// The words for the refused number cell `k`: `what` is expected, unless the cell is written
    /// as a number (`ok`) rust_decimal cannot hold exactly (`unheld`): then the engine's own
    /// words for it (`inexact_number`), the same in every evaluator.
    fn number_refused(k: usize, shown: &str, what: &str) -> String {
        let words = inexact_number("\u{1}");
        let (before, after) = words.split_once('\u{1}').unwrap_or((&words, ""));
        format!(
            "CASE WHEN ok{k} AND {} THEN {} || {shown} || {} ELSE {} || {shown} END",
            Self::unheld(k),
            string(before),
            string(after),
            string(&format!("{what} est attendu, pas ")),
        )
    }

    /// The decimals rust_decimal keeps of the held decimal cell `k`: digits until the 28th or
    /// until one more would take the mantissa to 2^96; the ones it drops are zeros that pad.
    pub(crate) fn kept_decimals(k: usize) -> String {
        let fraction = format!("rtrim(f{k}, '0')");
        let digits = format!("ltrim(w{k} || {fraction}, '0')");
        // The padding zeros it could keep: up to the 28th decimal, as many as were written.
        let room = format!(
            "(CASE WHEN length(f{k}) < 28 THEN length(f{k}) ELSE 28 END - length({fraction}))"
        );
        let short = format!("(28 - length({digits}))");
        format!(
            "(length({fraction}) + CASE WHEN 29 - length({digits}) <= {room} AND {digits} || repeat('0', 29 - length({digits})) < '79228162514264337593543950336' THEN 29 - length({digits}) WHEN {short} < {room} THEN {short} ELSE {room} END)"
        )
    }

    /// A rate of achievement: its mantissa (r) and scale (e), trailing zeros dropped.
    pub(crate) fn rate(&self, k: usize, shown: &str, header: &str, parsed: &mut Vec<String>) {
        let whole = format!("ltrim(w{k}, '0')");
        let frac = format!("rtrim(f{k}, '0')");
        let negative = format!("(neg{k} AND ({whole} <> '' OR {frac} <> ''))");
        let over = format!(
            "(length({whole}) > 1 OR ({whole} <> '' AND {whole} > '1') OR ({whole} = '1' AND {frac} <> ''))"
        );
        let dstr = format!(
            "CASE WHEN {negative} THEN '-' ELSE '' END || coalesce(nullif({whole}, ''), '0') || CASE WHEN f{k} <> '' THEN '.' || f{k} ELSE '' END"
        );
        let good = format!("(ok{k} AND NOT {negative} AND NOT {over} AND length({frac}) <= 28)");
        parsed.push(format!(
            "CASE WHEN s{k} <> '' AND {good} THEN CAST(coalesce(nullif({whole} || {frac}, ''), '0') AS {}) END AS r{k}",
            self.d.int()
        ));
        parsed.push(format!(
            "CASE WHEN s{k} <> '' AND {good} THEN length({frac}) END AS e{k}"
        ));
        parsed.push(format!(
            "CASE WHEN s{k} = '' THEN NULL \
             WHEN NOT ok{k} OR {} THEN {header} || ' : ' || {} \
             WHEN {negative} OR {over} THEN {header} || ' : le taux d''atteinte ' || {dstr} || ' sort de [0, 1]' END AS x{k}",
            Self::unheld(k),
            Self::number_refused(k, shown, "un taux d'atteinte entre 0 et 1")
        ));
    }

    /// The cell `crises` as its dates separated by one space: the blanks of Rust's
    /// `char::is_whitespace` (Unicode ones first made spaces), `|`, `,` and `;` are separators
    /// (evaluate/cells.rs, `list_items`).
    pub(crate) fn crisis_list(&self, k: usize) -> String {
        const UNICODE_BLANKS: [u32; 19] = [
            0x85, 0xA0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007,
            0x2008, 0x2009, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000,
        ];
        let blanks: Vec<String> = UNICODE_BLANKS.iter().map(|c| format!("chr({c})")).collect();
        let spaces = " ".repeat(blanks.len());
        let spaced = format!("translate(t{k}, {}, '{spaces}')", blanks.join(" || "));
        let separators = format!("[{}|,;]+", self.d.space_class());
        self.d.trim(&self.d.replace_all(&spaced, &separators, " "))
    }

    /// The items of the cell `crises` (column `k`), numbered: `clause_i`, `clause_element`.
    pub(crate) fn crisis_items(&self, k: usize) -> String {
        format!(
            "SELECT clause_i, clause_element FROM {}",
            self.d.numbered_words(&format!("cn{k}"), &format!("cc{k}"))
        )
    }

    /// The crises of the row that are dates (`clause_i`, `clause_crise`), for a subquery's
    /// FROM; `None` when the version reads no `crises` column.
    pub(crate) fn crisis_dates(&self) -> Option<String> {
        let k = self.col("crises")?;
        let (value, valid) = self.date_of("clause_element");
        Some(format!(
            "SELECT clause_i, clause_crise FROM (SELECT clause_i, CASE WHEN {valid} THEN {value} END AS clause_crise FROM ({}) AS clause_elements) AS clause_dates WHERE clause_crise IS NOT NULL",
            self.crisis_items(k)
        ))
    }

    /// Spark: the items of the cell `crises` (column `k`) as an array, in the cell's order.
    /// Spark rewrites a correlated subquery as a join with the distinct values of the outer
    /// row's columns it reads, computed from a copy of the whole chain of steps below it; each
    /// further subquery of the same projection copies the plan that already holds the previous
    /// ones (`RewriteCorrelatedScalarSubquery.constructLeftJoins` folds the subqueries over the
    /// plan, each domain join rewritten on the plan built so far): the fifteen crisis
    /// subqueries of `avenant_2_proposition_2020`'s totals made 2^15 copies of its hundred
    /// steps, which the optimizer never finished. A higher-order function over the array reads
    /// the row in place. None for the other engines.
    fn crisis_array(&self, k: usize) -> Option<String> {
        (self.d == Dialect::Spark).then(|| format!("split(nullif(cn{k}, ''), ' ')"))
    }

    /// Spark: the texts `text` of the items of the cell `crises` (each the lambda variable
    /// `clause_element`; NULL to leave it out) joined by ` ; ` in the cell's order, NULL when
    /// there is none, as the other engines' `string_agg` (`array_join` skips NULLs).
    pub(crate) fn crisis_texts_spark(&self, k: usize, text: &str) -> Option<String> {
        let items = self.crisis_array(k)?;
        Some(format!(
            "nullif(array_join(transform({items}, clause_element -> {text}), ' ; '), '')"
        ))
    }

    /// Spark: the crises of the row that are dates, in the cell's order, as an array; None
    /// for the other engines (`crisis_dates`) or without a `crises` column.
    pub(crate) fn crisis_dates_spark(&self) -> Option<String> {
        let items = self.crisis_array(self.col("crises")?)?;
        let (value, valid) = self.date_of("clause_element");
        Some(format!(
            "filter(transform({items}, clause_element -> CASE WHEN {valid} THEN {value} END), clause_crise -> clause_crise IS NOT NULL)"
        ))
    }

    /// A date `AAAA-MM-JJ` of the calendar in the cell `s{k}`: (its value, whether the text
    /// is one).
    pub(crate) fn date(&self, k: usize) -> (String, String) {
        self.date_of(&format!("s{k}"))
    }

    /// A date `AAAA-MM-JJ` of the calendar in the text `s`: (its value, whether it is one).
    pub(crate) fn date_of(&self, s: &str) -> (String, String) {
        let part = |i: usize| format!("CAST(split_part({s}, '-', {i}) AS INTEGER)");
        let (y, m, d) = (part(1), part(2), part(3));
        let leap = format!("(({y}) % 4 = 0 AND (({y}) % 100 <> 0 OR ({y}) % 400 = 0))");
        let days = format!(
            "CASE WHEN {m} = 2 THEN CASE WHEN {leap} THEN 29 ELSE 28 END WHEN {m} IN (4, 6, 9, 11) THEN 30 ELSE 31 END"
        );
        let shape = self.d.matches(s, "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}");
        let valid = format!(
            "({shape} AND CASE WHEN {shape} THEN {y} >= 1 AND {m} BETWEEN 1 AND 12 AND {d} >= 1 AND {d} <= ({days}) ELSE FALSE END)"
        );
        (format!("make_date({y}, {m}, {d})"), valid)
    }
}
