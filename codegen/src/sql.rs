//! The SQL target: a script that, over a table `cas` holding a batch CSV's columns as text,
//! creates the view `resultats` with the rows of `clause eval VERSION --cases`: band, yearly
//! funding, totals per contract year, and an `erreur` column where the engine refuses a row.
//! Exact integers only (mantissas with a known scale), rounded as rust_decimal rounds.

mod bands;
mod cells;
mod contract_years;
mod dialect;
mod exact;
mod formulas;
mod line_parts;
mod live;
mod pay;
mod pay_totals;
mod periods;
mod policy;
mod prorata;
mod scan;
mod spark;
mod time;

use dialect::string;
pub use dialect::Dialect;

use crate::emit::comment_text;
use crate::headings;
use clause_compiler::evaluate::CompiledVersion;
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
    if dialect == Dialect::Spark {
        // `cas` is a temporary view (`createOrReplaceTempView`): only a temporary view reads
        // it. Its steps become views of their own (`spark::views`).
        out.push_str("CREATE OR REPLACE TEMPORARY VIEW resultats AS\nWITH\n");
    } else {
        out.push_str("CREATE OR REPLACE VIEW resultats AS\nWITH\n");
    }
    let chain_start = out.len();
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
    // Each step passes on only the columns read after it (`live`): fewer columns for every
    // engine to carry, and for Spark's optimizer to walk through each step.
    let chain = live::prune(&out[chain_start..]);
    out.truncate(chain_start);
    out.push_str(&chain);
    if dialect == Dialect::Postgres {
        // PostgreSQL would inline each step into the next and plan an expression tree that
        // grows with every step: each step is computed once instead.
        out = out.replace(" AS (\n  SELECT", " AS MATERIALIZED (\n  SELECT");
    }
    if dialect == Dialect::Spark {
        out = spark::trims(&spark::views(&out));
        // A Spark comment that ends with a backslash goes on to the next line: a label's
        // last character cannot swallow the code below its comment.
        out = out
            .lines()
            .map(|line| {
                if line.ends_with('\\') {
                    format!("{line} \n")
                } else {
                    format!("{line}\n")
                }
            })
            .collect();
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
        let spark = self.d == Dialect::Spark;
        let places: Vec<String> = self
            .cols
            .iter()
            .enumerate()
            .map(|(k, col)| {
                let name = string(&col.header);
                if spark {
                    format!("coalesce(nullif(array_position(clause_colonnes, {name}), 0), {k}) AS p{k}")
                } else {
                    format!(
                        "coalesce((SELECT min(ordinal_position) FROM information_schema.columns WHERE table_name = 'cas' AND table_schema = current_schema() AND column_name = {name}), {k}) AS p{k}"
                    )
                }
            })
            .collect();
        out.push_str(&places.join(",\n    "));
        if spark {
            // Spark has no catalog of a temporary view's columns in SQL: the names of a row
            // of `cas` made JSON, in its order (an empty `cas` gives no row, and no result).
            out.push_str("\n  FROM (SELECT json_object_keys(to_json(struct(cas.*), map('ignoreNullFields', 'false'))) AS clause_colonnes FROM cas LIMIT 1) AS clause_noms");
        }
        out.push_str("\n),\n");
        out.push_str(
            "-- Chaque ligne de `cas`, numérotée et gardée entière (ses colonnes inconnues de la version\n-- ressortent telles quelles, à leur place, comme `clause eval --cases` les recopie) ; une\n-- cellule absente (NULL) est un champ vide.\nbrut AS (\n  SELECT ",
        );
        out.push_str(&format!(
            "{} AS clause_numero, {} AS clause_ligne",
            self.d.row_number(),
            self.d.whole_row("cas")
        ));
        for (k, col) in self.cols.iter().enumerate() {
            out.push_str(&format!(
                ",\n    coalesce({c}, '') AS t{k}",
                c = self.d.ident(&col.header)
            ));
        }
        out.push_str("\n  FROM cas\n),\n");
        out
    }

    /// The columns of `choix`, the step the formulas start from: what `lu` keeps and reads,
    /// the contract's end and refusal, the band.
    pub fn choix_columns(&self) -> Vec<String> {
        let (_, _, parsed, mut kept) = self.lu_parts();
        kept.extend(
            parsed
                .iter()
                .filter_map(|item| item.rsplit_once(" AS ").map(|(_, alias)| alias.to_string())),
        );
        kept.extend(["fin", "x_contrat", "tranche_n"].map(String::from));
        kept
    }

    fn lu(&self) -> String {
        let (norm, split, parsed, kept) = self.lu_parts();
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
            // Each message made in a projection, then joined: Spark aggregates no expression
            // that reads both the subquery's rows and the outer row.
            // Spark: over the array of the row's crises (`Parts::crisis_dates_spark`).
            let text = format!(
                "'crises : le ' || {} || ' précède la signature du ' || {si}",
                self.d.iso("clause_crise")
            );
            later.push(match self.crisis_dates_spark() {
                Some(dates) => format!(
                    "nullif(array_join(transform({dates}, clause_crise -> CASE WHEN clause_crise < {sig} THEN {text} END), ' ; '), '')"
                ),
                None => format!(
                    "(SELECT {} FROM (SELECT clause_i, {text} AS clause_texte FROM ({crises}) AS clause_crises WHERE clause_crise < {sig}) AS clause_refus)",
                    self.d.string_agg("clause_texte", "' ; '", "clause_i"),
                ),
            });
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
                        let lines = headings::band(set, band, self.at(band.name_span));
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
        let erreur = if self.d == Dialect::Spark {
            // Spark reads no column of the row in a VALUES list: the refusals as an array of
            // (place, message), sorted on the place, the NULL ones left out.
            let pairs: Vec<String> = (0..self.cols.len())
                .map(|k| format!("named_struct('o', p{k}, 'm', x{k})"))
                .chain(["named_struct('o', 100000, 'm', x_contrat)".to_string()])
                .collect();
            format!(
                "nullif(array_join(transform(array_sort(filter(array({}), r -> r.m IS NOT NULL)), r -> r.m), ' ; '), '')",
                pairs.join(", ")
            )
        } else {
            format!(
                "(SELECT string_agg(m, ' ; ' ORDER BY o) FROM (VALUES {}) AS refus(m, o) WHERE m IS NOT NULL)",
                errors.join(", ")
            )
        };
        out.push_str(&format!(
            "\n  erreur\nFROM (SELECT {}, {erreur} AS erreur FROM totaux CROSS JOIN ordre_colonnes) AS fin_des_calculs\nORDER BY clause_numero;\n",
            shown.join(", "),
        ));
        out
    }
}
