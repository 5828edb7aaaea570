//! Resolves the tables by two criteria (`par taille et zone { … }`: each criterion a band set
//! or an enumerated input, every cell aligned as a band table's, E0401–E0404) and the tables of
//! rules over two numeric inputs (`selon habitants et atteinte { … }`), E0406 for a criterion
//! that is neither.

use super::band_sets::exact;
use super::names::Resolver;
use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use crate::interval::Interval;
use crate::ir::*;
use crate::types::Type;
use clause_grammar::ast;
use clause_grammar::Span;
use std::collections::HashMap;

impl Resolver<'_> {
    /// A table by two criteria, or an error expression when a criterion is not one.
    pub(super) fn grid(&self, grid: &ast::Grid, found: &mut Vec<Diagnostic>) -> Definition {
        let (Some(rows), Some(columns)) = (
            self.axis(&grid.rows, found),
            self.axis(&grid.columns, found),
        ) else {
            return Definition::Formula(error_expr(grid.rows.span));
        };
        let axes = GridAxes { rows, columns };
        let row_keys = rows.keys(self.version);
        let column_keys = columns.keys(self.version);
        let mut cells: Vec<Entry> = (0..row_keys.len() * column_keys.len())
            .map(|_| Entry::Missing)
            .collect();
        let mut seen: HashMap<usize, Span> = HashMap::new();
        let row_name = rows.name(self.version);
        let column_name = columns.name(self.version);
        for row in &grid.entries {
            let Some(r) = row_keys.iter().position(|k| *k == row.key.node) else {
                found.push(unknown_key(&row.key, &row_name, &row_keys));
                continue;
            };
            if let Some(first) = seen.insert(r, row.span) {
                found.push(
                    Diagnostic::new(
                        Code::TableDuplicate,
                        format!("la ligne `{}` est écrite deux fois", row.key.node),
                        row.key.span,
                        "deuxième ligne",
                    )
                    .with_secondary(first, "première ligne"),
                );
                continue;
            }
            let mut filled = vec![false; column_keys.len()];
            let mut columns_seen: HashMap<usize, Span> = HashMap::new();
            for (index, entry) in row.table.entries.iter().enumerate() {
                let c = match (&entry.band, row.table.named) {
                    (Some(name), true) => {
                        let Some(c) = column_keys.iter().position(|k| *k == name.node) else {
                            found.push(unknown_key(name, &column_name, &column_keys));
                            continue;
                        };
                        if let Some(first) = columns_seen.insert(c, entry.span) {
                            found.push(
                                Diagnostic::new(
                                    Code::TableDuplicate,
                                    format!(
                                        "la case `{}`, `{}` a deux valeurs",
                                        row.key.node, name.node
                                    ),
                                    entry.span,
                                    "deuxième valeur",
                                )
                                .with_secondary(first, "première valeur"),
                            );
                            continue;
                        }
                        c
                    }
                    _ if index < column_keys.len() => index,
                    _ => {
                        found.push(
                            Diagnostic::new(
                                Code::TableExtra,
                                format!(
                                    "valeur en trop dans la ligne `{}` : `{column_name}` n'a que {} valeurs",
                                    row.key.node,
                                    column_keys.len()
                                ),
                                entry.span,
                                "aucune colonne pour cette valeur",
                            )
                            .with_help(format!("les colonnes : {}", quoted(&column_keys))),
                        );
                        continue;
                    }
                };
                filled[c] = true;
                cells[r * column_keys.len() + c] = self.entry(entry, found);
            }
            let missing: Vec<String> = column_keys
                .iter()
                .zip(&filled)
                .filter(|(_, f)| !**f)
                .map(|(k, _)| k.clone())
                .collect();
            if !missing.is_empty() {
                found.push(
                    Diagnostic::new(
                        Code::TableMissing,
                        format!("case manquante : `{}` × {}", row.key.node, quoted(&missing)),
                        row.table.span,
                        out_of(
                            column_keys.len() - missing.len(),
                            column_keys.len(),
                            "valeur",
                        ),
                    )
                    .with_note(format!(
                        "un tableau par {} donne une valeur pour chaque case",
                        axes.words(self.version)
                    ))
                    .with_help(format!(
                        "ajoutez {} à la ligne `{}`, ou `non précisé` si la source ne le dit pas",
                        quoted(&missing),
                        row.key.node
                    )),
                );
            }
        }
        let missing_rows: Vec<String> = row_keys
            .iter()
            .enumerate()
            .filter(|(r, _)| !seen.contains_key(r))
            .map(|(_, k)| k.clone())
            .collect();
        if !missing_rows.is_empty() {
            found.push(
                Diagnostic::new(
                    Code::TableMissing,
                    format!(
                        "ligne manquante : {} × `{column_name}`",
                        quoted(&missing_rows)
                    ),
                    grid.span,
                    out_of(row_keys.len() - missing_rows.len(), row_keys.len(), "ligne"),
                )
                .with_note(format!(
                    "un tableau par {} donne une valeur pour chaque case",
                    axes.words(self.version)
                ))
                .with_help(format!(
                    "ajoutez la ligne {} : [{}]",
                    quoted(&missing_rows),
                    column_keys.join(", ")
                )),
            );
        }
        Definition::Grid(GridDef {
            axes,
            columns: column_keys.len(),
            cells,
            span: grid.span,
        })
    }

    /// A criterion: a band set, or an input of an enumeration (E0406 otherwise).
    fn axis(&self, name: &ast::Ident, found: &mut Vec<Diagnostic>) -> Option<Axis> {
        match self.version.symbols.get(&name.node) {
            Some(Symbol::BandSet(set)) => Some(Axis::Bands(*set)),
            Some(Symbol::Input(input)) => match self.version.inputs[*input].ty {
                Type::Enum(e) => Some(Axis::Variants(*input, e)),
                ty => {
                    found.push(criterion(name, format!("l'entrée `{}` est {}", name.node, ty.with_article()))
                        .with_help("un critère est un découpage en tranches (`tranches … selon …`) ou une entrée d'une énumération"));
                    None
                }
            },
            _ => {
                found.push(
                    criterion(name, format!("`{}` n'est ni un découpage en tranches ni une entrée", name.node))
                        .with_help("un critère est un découpage en tranches (`tranches … selon …`) ou une entrée d'une énumération"),
                );
                None
            }
        }
    }

    /// A table of rules over two numeric inputs.
    pub(super) fn rule_table(
        &self,
        table: &ast::RuleTable,
        found: &mut Vec<Diagnostic>,
    ) -> Definition {
        let mut inputs = [0; 2];
        let mut whole = [true; 2];
        let mut percent = [false; 2];
        for (k, name) in table.inputs.iter().enumerate() {
            match self.version.symbols.get(&name.node) {
                Some(Symbol::Input(i)) if self.version.inputs[*i].ty.is_numeric() => {
                    inputs[k] = *i;
                    whole[k] = self.version.inputs[*i].ty == Type::Count;
                    percent[k] = self.version.inputs[*i].ty == Type::Rate;
                }
                _ => {
                    found.push(
                        criterion(name, format!("`{}` n'est pas une entrée numérique", name.node))
                            .with_help("une table de règles porte sur deux entrées de type `nombre`, `décimal`, `taux` ou `montant`"),
                    );
                    return Definition::Formula(error_expr(name.span));
                }
            }
        }
        let mut rules = Vec::new();
        for rule in &table.rules {
            let mut ranges = [Interval::NATURAL; 2];
            for (k, range) in rule.ranges.iter().enumerate() {
                if range.percent != percent[k] {
                    let input = &table.inputs[k].node;
                    let message = if percent[k] {
                        format!("`{input}` est un taux : ses bornes s'écrivent en pourcentage")
                    } else {
                        format!("`{input}` n'est pas un taux : ses bornes ne s'écrivent pas en pourcentage")
                    };
                    found.push(Diagnostic::new(
                        Code::BandUnit,
                        message,
                        range.range.span,
                        "unité de la borne",
                    ));
                }
                if range.euro && self.version.inputs[inputs[k]].ty != Type::Money {
                    found.push(super::band_sets::euro_bound(
                        range.range.span,
                        &table.inputs[k].node,
                    ));
                }
                ranges[k] = exact(&range.range.node, percent[k], Interval::NATURAL.low);
            }
            rules.push(RuleDef {
                ranges,
                range_spans: [rule.ranges[0].range.span, rule.ranges[1].range.span],
                value: self.entry(&rule.value, found),
                span: rule.span,
            });
        }
        Definition::Rules(RuleTableDef {
            inputs,
            whole,
            percent,
            rules,
            span: table.span,
            header: Span::new(
                table.span.file,
                table.inputs[0].span.start,
                table.inputs[1].span.end,
            ),
        })
    }
}

fn criterion(name: &ast::Ident, message: String) -> Diagnostic {
    Diagnostic::new(Code::TableCriterion, message, name.span, "critère invalide")
}

fn unknown_key(name: &ast::Ident, axis: &str, keys: &[String]) -> Diagnostic {
    let mut d = Diagnostic::new(
        Code::TableUnknownBand,
        format!("`{}` n'est pas une valeur de `{axis}`", name.node),
        name.span,
        "inconnu",
    );
    if let Some(s) = crate::suggest::did_you_mean(&name.node, keys.iter().map(String::as_str)) {
        d = d.with_help(format!("vouliez-vous dire `{s}` ?")).with_fix(
            format!("remplacer par `{s}`"),
            vec![crate::diagnostic::Edit {
                span: name.span,
                replacement: s.to_string(),
            }],
        );
    } else {
        d = d.with_help(format!("les valeurs de `{axis}` : {}", quoted(keys)));
    }
    d
}

/// « 1 valeur sur 2 », « 2 lignes sur 3 ».
fn out_of(found: usize, of: usize, what: &str) -> String {
    let s = if found > 1 { "s" } else { "" };
    format!("{found} {what}{s} sur {of}")
}

fn quoted(keys: &[String]) -> String {
    keys.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
