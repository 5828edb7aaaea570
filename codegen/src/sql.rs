//! The SQL target: a script that, over a table `cas` holding a batch CSV's columns as text,
//! creates the view `resultats` with the rows of `clause eval VERSION --cases`: band, yearly
//! funding, totals per contract year, and an `erreur` column where the engine refuses a row.
//! Exact integers only (mantissas with a known scale), rounded as rust_decimal rounds.

mod bands;
mod dialect;
mod exact;
mod formulas;
mod line_parts;
mod pay;
mod pay_totals;
mod periods;
mod policy;
mod time;

pub use dialect::Dialect;
use dialect::{ident, string};

use crate::emit::comment_text;
use clause_compiler::evaluate::CompiledVersion;
use clause_compiler::types::Type;
use clause_compiler::SourceDb;
use clause_grammar::ast::{DurationUnit, MissionKind};
use rust_decimal::Decimal;

/// What one column of `cas` is to the engine.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Input(usize),
    Date,
    Rate,
    Engaged(usize),
    /// `crises`: dates in one cell, separated by blanks, `|`, `,` or `;`.
    Crises,
}

pub(crate) struct Column {
    pub header: String,
    kind: Kind,
}

/// The columns the script expects, in order (`years`: the contract years of the yearly
/// achievements `taux_atteinte.<mission>.<année>`, at least year 1, the full-year funding's).
fn columns(compiled: &CompiledVersion<'_>, years: usize) -> Vec<Column> {
    let version = compiled.version;
    let mut out: Vec<Column> = version
        .inputs
        .iter()
        .enumerate()
        .map(|(i, input)| Column {
            header: input.name.clone(),
            kind: Kind::Input(i),
        })
        .collect();
    for header in ["signature", "jusqu_au", "lettre_intention"] {
        out.push(Column {
            header: header.into(),
            kind: Kind::Date,
        });
    }
    out.push(Column {
        header: "crises".into(),
        kind: Kind::Crises,
    });
    out.push(Column {
        header: "taux_atteinte".into(),
        kind: Kind::Rate,
    });
    for (m, mission) in version.missions.iter().enumerate() {
        out.push(Column {
            header: mission.name.clone(),
            kind: Kind::Engaged(m),
        });
        for what in ["debut", "deploiement"] {
            out.push(Column {
                header: format!("{what}.{}", mission.name),
                kind: Kind::Date,
            });
        }
        out.push(Column {
            header: format!("taux_atteinte.{}", mission.name),
            kind: Kind::Rate,
        });
        for y in 1..=years.max(1) {
            out.push(Column {
                header: format!("taux_atteinte.{}.{y}", mission.name),
                kind: Kind::Rate,
            });
        }
    }
    out
}

/// The contract years of the CSV's `annee_N` columns (0: none).
fn contract_years(compiled: &CompiledVersion<'_>) -> (usize, Option<i64>) {
    let Some(duration) = compiled.version.header.contract_duration.as_ref() else {
        return (0, None);
    };
    let months = match duration.value.unit {
        DurationUnit::Years => duration.value.amount * Decimal::from(12),
        DurationUnit::Months => duration.value.amount,
        DurationUnit::Days => return (0, None),
    };
    let whole = if months.fract().is_zero() {
        i64::try_from(months).ok()
    } else {
        None
    };
    let years = usize::try_from((months / Decimal::from(12)).ceil()).unwrap_or(0);
    (years, whole)
}

/// The SQL script of `compiled` for `dialect`, or why this target cannot write it (in French).
pub fn script(
    compiled: &CompiledVersion<'_>,
    sources: &SourceDb,
    dialect: Dialect,
    clause_version: &str,
) -> Result<String, String> {
    let version = compiled.version;
    let (years, months) = contract_years(compiled);
    let cols = columns(compiled, years);
    let mut out = String::new();
    let mut header = crate::header(compiled, clause_version, "SQL");
    header[4] = format!(
        "SQL {}, sans fonction ni extension. Montants, taux et dates exacts : entiers (mantisses d'échelle connue) et dates, jamais DOUBLE ni REAL.",
        dialect.name()
    );
    header.push(String::new());
    header.push("Entrée : une table `cas` dont les colonnes (texte, comme read_csv(…, all_varchar = true) ou COPY les donnent) sont :".into());
    for col in &cols {
        let note = match col.kind {
            Kind::Engaged(m) if version.missions[m].kind != MissionKind::Optional => {
                " (mission socle : une colonne absente du lot se remplit de true)"
            }
            _ => "",
        };
        header.push(format!("  {}{note}", col.header));
    }
    header.push("Ces colonnes doivent exister, dans un ordre quelconque (une colonne absente du lot s'ajoute vide : NULL) ; la vue garde l'ordre de lecture de `cas` (triez sur une clé à vous).".into());
    header.push("Sortie : la vue `resultats` : toutes les colonnes de `cas` dans leur ordre (celles que la version ne connaît pas sont recopiées, comme `clause eval --cases` les recopie), puis version, tranche, financement_annee_pleine, annee_1… (comme `clause eval --cases`) et erreur (NULL si la ligne est acceptée ; sinon les résultats sont NULL).".into());
    comment_lines(&header, &mut out);
    out.push('\n');
    if dialect == Dialect::Postgres {
        // The plan has thousands of expressions: compiling them (JIT, on by default above a
        // plan's cost) takes longer than running the query on a batch of 10 000 rows.
        out.push_str("-- Pour cette session : pas de compilation JIT du plan (ses milliers d'expressions coûtent plus à compiler qu'à exécuter).\nSET jit = off;\n\n");
    }
    out.push_str("CREATE OR REPLACE VIEW resultats AS\nWITH\n");
    let p = Parts {
        compiled,
        sources,
        d: dialect,
        cols: &cols,
        years,
        months,
    };
    out.push_str(&p.brut());
    out.push_str(&p.lu());
    out.push_str(&p.contrat());
    out.push_str(&p.tranche());
    out.push_str(&pay::ctes(&p)?);
    out.push_str(&p.select());
    if dialect == Dialect::Postgres {
        // PostgreSQL would inline each step into the next and plan an expression tree that
        // grows with every step: each step is computed once instead.
        out = out.replace(" AS (\n  SELECT", " AS MATERIALIZED (\n  SELECT");
    }
    Ok(out)
}

pub(crate) struct Parts<'a> {
    pub compiled: &'a CompiledVersion<'a>,
    pub sources: &'a SourceDb,
    pub d: Dialect,
    pub(crate) cols: &'a [Column],
    pub years: usize,
    months: Option<i64>,
}

pub(crate) fn comment_lines(lines: &[String], out: &mut String) {
    for line in lines {
        out.push_str("--");
        if !line.is_empty() {
            out.push(' ');
            out.push_str(&comment_text(line));
        }
        out.push('\n');
    }
}

impl Parts<'_> {
    pub fn at(&self, span: clause_compiler::Span) -> String {
        let (line, _) = self.sources.line_column(span.file, span.start);
        format!("{}:{line}", self.sources.path(span.file))
    }

    pub(crate) fn col(&self, header: &str) -> Option<usize> {
        self.cols.iter().position(|c| c.header == header)
    }

    /// The alias of a mission's column of `kind` (`engage`, `debut`, `deploiement`, `taux`,
    /// `taux.<année>`).
    pub fn mission_col(&self, m: usize, what: &str) -> usize {
        let name = &self.compiled.version.missions[m].name;
        let header = match what {
            "debut" | "deploiement" => format!("{what}.{name}"),
            "taux" => format!("taux_atteinte.{name}"),
            _ => match what.strip_prefix("taux.") {
                Some(year) => format!("taux_atteinte.{name}.{year}"),
                None => name.clone(),
            },
        };
        self.col(&header).unwrap_or(0)
    }

    pub fn signature(&self) -> usize {
        self.col("signature").unwrap_or(0)
    }

    fn brut(&self) -> String {
        // The place of each column in `cas`, read once from the catalog when the view runs:
        // the refusals are listed in that order, as `clause eval --cases` lists them.
        let mut out = String::from(
            "-- La place de chaque colonne attendue dans `cas` (l'ordre des refus).\nordre_colonnes AS (\n  SELECT ",
        );
        let places: Vec<String> = self
            .cols
            .iter()
            .enumerate()
            .map(|(k, col)| {
                format!(
                    "coalesce((SELECT min(ordinal_position) FROM information_schema.columns WHERE table_name = 'cas' AND table_schema = current_schema() AND column_name = {}), {k}) AS p{k}",
                    string(&col.header)
                )
            })
            .collect();
        out.push_str(&places.join(",\n    "));
        out.push_str("\n),\n");
        out.push_str(
            "-- Chaque ligne de `cas`, numérotée et gardée entière (ses colonnes inconnues de la version\n-- ressortent telles quelles, à leur place, comme `clause eval --cases` les recopie) ; une\n-- cellule absente (NULL) est un champ vide.\nbrut AS (\n  SELECT row_number() OVER () AS clause_numero, cas AS clause_ligne",
        );
        for (k, col) in self.cols.iter().enumerate() {
            out.push_str(&format!(
                ",\n    coalesce({c}, '') AS t{k}",
                c = ident(&col.header)
            ));
        }
        out.push_str("\n  FROM cas\n),\n");
        out
    }

    /// Text normalized as the engine reads a decimal: spaces (also non-breaking) removed, a
    /// French comma read as a point; then its syntax checked and its parts taken apart.
    fn decimal_parts(&self, k: usize, out: &mut Vec<String>) {
        let n = format!(
            "replace(replace(replace(replace({}, ' ', ''), chr(160), ''), chr(8239), ''), ',', '.')",
            self.d.trim(&format!("t{k}"))
        );
        out.push(format!("{n} AS n{k}"));
    }

    fn decimal_split(&self, k: usize) -> Vec<String> {
        let syntax = self
            .d
            .matches(&format!("n{k}"), "[+-]?([0-9][0-9_]*)?([.][0-9_]*)?");
        vec![
            format!("({syntax} AND strpos(translate(n{k}, '0123456789', '##########'), '#') > 0) AS ok{k}"),
            format!("(left(n{k}, 1) = '-') AS neg{k}"),
            format!("replace(regexp_replace(n{k}, '^[+-]?([0-9_]*).*$', '\\1'), '_', '') AS w{k}"),
            format!("replace(CASE WHEN strpos(n{k}, '.') > 0 THEN substr(n{k}, strpos(n{k}, '.') + 1) ELSE '' END, '_', '') AS f{k}"),
        ]
    }

    fn lu(&self) -> String {
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
                                "(ok{k} AND rtrim(f{k}, '0') = '' AND NOT (neg{k} AND ltrim(w{k}, '0') <> '') AND length(ltrim(w{k}, '0')) <= 30)"
                            );
                            parsed.push(format!(
                                "CASE WHEN s{k} <> '' AND {good} THEN CAST(coalesce(nullif(ltrim(w{k}, '0'), ''), '0') AS {}) END AS v{k}",
                                self.d.int()
                            ));
                            parsed.push(error(
                                format!("s{k} <> '' AND NOT {good}"),
                                format!("'un nombre entier positif est attendu, pas ' || {shown}"),
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
                                format!("s{k} <> '' AND (NOT ok{k} OR {})", Self::overflows(k)),
                                format!("'{what} est attendu, pas ' || {shown}"),
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
                    parsed.push(format!(
                        "(SELECT string_agg({message} || clause_element || '` : format AAAA-MM-JJ attendu', ' ; ' ORDER BY clause_i) FROM ({}) AS clause_elements WHERE NOT {valid}) AS x{k}",
                        self.crisis_items(k)
                    ));
                }
            }
        }
        let mut out = String::from("-- Chaque champ lu comme `clause eval --cases` le lit (v : la valeur, x : le refus, en français).\nnorme AS (\n  SELECT brut.*");
        for item in &norm {
            out.push_str(&format!(",\n    {item}"));
        }
        out.push_str("\n  FROM brut\n),\ndecoupe AS (\n  SELECT norme.*");
        for item in &split {
            out.push_str(&format!(",\n    {item}"));
        }
        out.push_str(&format!(
            "\n  FROM norme\n),\nlu AS (\n  SELECT {}",
            kept.join(", ")
        ));
        for item in &parsed {
            out.push_str(&format!(",\n    {item}"));
        }
        out.push_str("\n  FROM decoupe\n),\n");
        out
    }

    /// The first name of the cell `s{k}` that is not a variant of enumeration `e` (a set: each
    /// of its names separated by `|`, spaces around them dropped), NULL when each is one.
    fn first_unknown(&self, k: usize, e: usize, set: bool) -> String {
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
            "SELECT {item} FROM generate_series(1, length(s{k}) - length(replace(s{k}, '|', '')) + 1) AS g(i) WHERE {item} NOT IN ({names}) ORDER BY i LIMIT 1"
        )
    }

    /// Whether the whole part of the decimal cell `k` reaches 2^96 (more than 28 digits, or 29
    /// from 79228162514264337593543950336): rust_decimal cannot read it (its `from_str`
    /// overflows), the engine refuses the cell as it refuses a text that is not a number.
    fn overflows(k: usize) -> String {
        let whole = format!("ltrim(w{k}, '0')");
        format!(
            "(length({whole}) > 29 OR (length({whole}) = 29 AND {whole} >= '79228162514264337593543950336'))"
        )
    }

    /// A rate of achievement: its mantissa (r) and scale (e), trailing zeros dropped.
    fn rate(&self, k: usize, shown: &str, header: &str, parsed: &mut Vec<String>) {
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
             WHEN NOT ok{k} OR {} THEN {header} || ' : un taux d''atteinte entre 0 et 1 est attendu, pas ' || {shown} \
             WHEN {negative} OR {over} THEN {header} || ' : le taux d''atteinte ' || {dstr} || ' sort de [0, 1]' \
             WHEN length({frac}) > 28 THEN {header} || ' : taux d''atteinte à plus de 28 décimales' END AS x{k}",
            Self::overflows(k)
        ));
    }

    /// The cell `crises` as its dates separated by one space: the blanks of Rust's
    /// `char::is_whitespace` (Unicode ones first made spaces), `|`, `,` and `;` are separators
    /// (evaluate/cells.rs, `list_items`).
    fn crisis_list(&self, k: usize) -> String {
        const UNICODE_BLANKS: [u32; 19] = [
            0x85, 0xA0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007,
            0x2008, 0x2009, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000,
        ];
        let blanks: Vec<String> = UNICODE_BLANKS.iter().map(|c| format!("chr({c})")).collect();
        let spaces = " ".repeat(blanks.len());
        let spaced = format!("translate(t{k}, {}, '{spaces}')", blanks.join(" || "));
        self.d.trim(&format!(
            "regexp_replace({spaced}, '[[:space:]|,;]+', ' ', 'g')"
        ))
    }

    /// The items of the cell `crises` (column `k`), numbered: `clause_i`, `clause_element`.
    fn crisis_items(&self, k: usize) -> String {
        format!(
            "SELECT clause_i, clause_element FROM {}",
            self.d.numbered_words(&format!("cn{k}"), &format!("cc{k}"))
        )
    }

    /// The crises of the row that are dates (`clause_i`, `clause_crise`), for a subquery's
    /// FROM; `None` when the version reads no `crises` column.
    pub fn crisis_dates(&self) -> Option<String> {
        let k = self.col("crises")?;
        let (value, valid) = self.date_of("clause_element");
        Some(format!(
            "SELECT clause_i, clause_crise FROM (SELECT clause_i, CASE WHEN {valid} THEN {value} END AS clause_crise FROM ({}) AS clause_elements) AS clause_dates WHERE clause_crise IS NOT NULL",
            self.crisis_items(k)
        ))
    }

    /// A date `AAAA-MM-JJ` of the calendar in the cell `s{k}`: (its value, whether the text
    /// is one).
    fn date(&self, k: usize) -> (String, String) {
        self.date_of(&format!("s{k}"))
    }

    /// A date `AAAA-MM-JJ` of the calendar in the text `s`: (its value, whether it is one).
    fn date_of(&self, s: &str) -> (String, String) {
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

    /// The contract: its end (given, or the signature plus the contract's duration) and the
    /// errors of the engine on it.
    fn contrat(&self) -> String {
        let sig = format!("v{}", self.signature());
        let until = format!("v{}", self.col("jusqu_au").unwrap_or(0));
        let computed = match self.months {
            Some(months) => self.shift(&sig, &months.to_string()),
            None => "CAST(NULL AS DATE)".into(),
        };
        let (si, ui) = (self.d.iso(&sig), self.d.iso("fin"));
        let mut comment = vec![
            "Le contrat : la fin est `jusqu_au`, ou la signature plus la durée du contrat."
                .to_string(),
        ];
        if let Some(duration) = &self.compiled.version.header.contract_duration {
            comment.push(format!(
                "durée du contrat ({})",
                self.at(duration.origin.span)
            ));
        }
        let mut out = String::new();
        comment_lines(&comment, &mut out);
        out.push_str(&format!(
            "contrat AS (\n  SELECT lu.*,\n    CASE WHEN {sig} IS NOT NULL THEN coalesce({until}, {computed}) END AS fin\n  FROM lu\n),\n"
        ));

        // Under `dates ambiguës : erreur`, an end, anniversary or deadline that does not exist.
        let end_refused = self.end_refused(&sig).map_or(String::new(), |r| {
            format!("WHEN {sig} IS NOT NULL AND {until} IS NULL AND ({r}) IS NOT NULL THEN {r} ")
        });
        // A contract that ends after its signature: no deployment or crisis before the
        // signature (evaluate/batch.rs, as in a case file), then the dates the policy refuses.
        let mut later = Vec::new();
        for (m, mission) in self.compiled.version.missions.iter().enumerate() {
            let k = self.mission_col(m, "deploiement");
            later.push(format!(
                "CASE WHEN v{k} < {sig} THEN {} || {} || ' précède la signature du ' || {si} END",
                string(&format!("deploiement.{} : le ", mission.name)),
                self.d.iso(&format!("v{k}"))
            ));
        }
        if let Some(crises) = self.crisis_dates() {
            later.push(format!(
                "(SELECT string_agg('crises : le ' || {} || ' précède la signature du ' || {si}, ' ; ' ORDER BY clause_i) FROM ({crises}) AS clause_crises WHERE clause_crise < {sig})",
                self.d.iso("clause_crise")
            ));
        }
        later.extend(self.dates_refused(&sig, "fin"));
        let dates_refused = if later.is_empty() {
            String::new()
        } else {
            format!(
                " WHEN {sig} IS NOT NULL THEN nullif(concat_ws(' ; ', {}), '')",
                later.join(", ")
            )
        };
        out.push_str(&format!(
            "contrat_lu AS (\n  SELECT contrat.*,\n    CASE {end_refused}WHEN {sig} IS NOT NULL AND fin IS NULL THEN 'jusqu_au : date de fin manquante : la version ne donne pas de durée de contrat' \
             WHEN {sig} IS NOT NULL AND fin < {sig} THEN 'jusqu_au : le ' || {ui} || ' précède la signature du ' || {si}{dates_refused} END AS x_contrat\n  FROM contrat\n),\n"
        ));
        out
    }

    /// The band chosen by the dimension input: the first whose bounds hold it.
    fn tranche(&self) -> String {
        let version = self.compiled.version;
        let mut out = String::new();
        let choice = match self.compiled.band_set {
            None => "0".to_string(),
            Some(s) => {
                let set = &version.band_sets[s];
                comment_lines(
                    &[format!(
                        "tranches {} selon {} ({})",
                        set.name,
                        set.dimension_name,
                        self.at(set.name_span)
                    )],
                    &mut out,
                );
                match set
                    .dimension
                    .and_then(|i| self.col(&version.inputs[i].name))
                {
                    None => "NULL".to_string(),
                    Some(k) => bands::choice(self, set, k, "      ", |_, band| {
                        let range = if set.whole {
                            match band.high {
                                Some(high) => format!("de {} à {high} inclus", band.low),
                                None => format!("à partir de {}", band.low),
                            }
                        } else {
                            band.interval().words(band.percent)
                        };
                        let mut lines = vec![format!(
                            "tranche {}{} : {} {range} ({})",
                            band.name,
                            band.label
                                .as_ref()
                                .map_or(String::new(), |l| format!(" « {l} »")),
                            set.dimension_name,
                            self.at(band.name_span)
                        )];
                        lines.extend(band.sources.iter().map(|s| format!("source : {s}")));
                        let mut c = String::new();
                        comment_lines(&lines, &mut c);
                        c
                    }),
                }
            }
        };
        out.push_str(&format!(
            "choix AS (\n  SELECT contrat_lu.*,\n    {choice} AS tranche_n\n  FROM contrat_lu\n),\n"
        ));
        out
    }

    /// A decimal as an exact integer mantissa at `scale` (its value times 10^scale).
    pub fn decimal(&self, value: Decimal, scale: u32) -> String {
        let mut v = value;
        v.rescale(scale);
        let mantissa = v.mantissa();
        if mantissa.abs() < 1_000_000_000 {
            format!("CAST({mantissa} AS {})", self.d.int())
        } else {
            self.d.lit(&mantissa.to_string())
        }
    }

    fn select(&self) -> String {
        let version = self.compiled.version;
        let mut out =
            String::from("-- Les colonnes de `clause eval --cases`, puis l'erreur.\nSELECT");
        // Every column of `cas`, in its order, known to the version or not.
        out.push_str(&format!("\n  {},", self.d.row_columns("clause_ligne")));
        // The refusals in the order of the columns of `cas` (`ordre_colonnes`), as
        // `clause eval --cases` lists them, the contract's last.
        let errors: Vec<String> = (0..self.cols.len())
            .map(|k| format!("(x{k}, p{k})"))
            .chain(["(x_contrat, 100000)".to_string()])
            .collect();
        // Only what the view shows is taken from `totaux` (PostgreSQL allows 1 664 columns).
        let shown: Vec<String> = [
            "clause_numero",
            "clause_ligne",
            "tranche_n",
            "financement_annee_pleine",
        ]
        .into_iter()
        .map(String::from)
        .chain((1..=self.years).map(|y| format!("annee_{y}")))
        .collect();
        let band_names = match self.compiled.band_set {
            Some(s) => {
                let mut case = String::from("CASE tranche_n");
                for (b, band) in version.band_sets[s].bands.iter().enumerate() {
                    case.push_str(&format!(" WHEN {b} THEN {}", string(&band.name)));
                }
                case.push_str(" END");
                case
            }
            None => "NULL".into(),
        };
        out.push_str(&format!(
            "\n  {} AS version,\n  CASE WHEN erreur IS NULL THEN {band_names} END AS tranche,\n  CASE WHEN erreur IS NULL THEN financement_annee_pleine END AS financement_annee_pleine,",
            string(&version.name)
        ));
        for y in 1..=self.years {
            out.push_str(&format!(
                "\n  CASE WHEN erreur IS NULL THEN annee_{y} END AS annee_{y},"
            ));
        }
        out.push_str(&format!(
            "\n  erreur\nFROM (SELECT {}, (SELECT string_agg(m, ' ; ' ORDER BY o) FROM (VALUES {}) AS refus(m, o) WHERE m IS NOT NULL) AS erreur FROM totaux CROSS JOIN ordre_colonnes) AS fin_des_calculs\nORDER BY clause_numero;\n",
            shown.join(", "),
            errors.join(", ")
        ));
        out
    }
}
