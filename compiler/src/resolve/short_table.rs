//! A table by band with values missing (E0401). A named table says which bands lack a value. A
//! positional table one value short does not: its values are read in band order, so every value
//! after the gap would be one band off. The table is then not used at all (no check computed
//! from a shifted table), and the missing value is blamed where it most likely is: amounts grow
//! with the size of the band, steadily; where one step between neighbours is more than twice as
//! large as every other step, the value between them is the one missing; otherwise the last.

use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Edit};
use crate::ir::{Band, Entry};
use crate::value::plural;
use clause_grammar::ast::{self, EntryValue, ExprKind};
use clause_grammar::Span;
use rust_decimal::Decimal;

/// What the table lacks, described for E0401.
pub(crate) struct Short<'a> {
    pub table: &'a ast::Table,
    pub bands: &'a [Band],
    pub set_span: Span,
    /// Whether `non précisé` may fill a gap (not in a signed version: E0610).
    pub holes_allowed: bool,
}

impl Short<'_> {
    /// The diagnostic for the bands of `entries` left `Missing`, if any beyond `unknown` (named
    /// entries with an unknown band, whose own fix fills them). For a positional table, every
    /// entry is made `Missing`: its values cannot be put in their bands.
    pub(crate) fn check(&self, entries: &mut [Entry], unknown: usize) -> Option<Diagnostic> {
        let missing: Vec<usize> = (0..entries.len())
            .filter(|i| matches!(entries[*i], Entry::Missing))
            .collect();
        if missing.len() <= unknown {
            return None;
        }
        let given = self.bands.len() - missing.len();
        let label = format!(
            "{} pour {} tranches",
            plural(given, "valeur", "valeurs"),
            self.bands.len()
        );
        let d = if self.table.named || given == 0 {
            let names: Vec<&str> = missing
                .iter()
                .map(|i| self.bands[*i].name.as_str())
                .collect();
            let list = names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let message = if names.len() == 1 {
                format!("il manque la valeur de la tranche {list}")
            } else {
                format!("il manque les valeurs des tranches {list}")
            };
            let d = Diagnostic::new(Code::TableMissing, message, self.table.span, label)
                .with_secondary(self.set_span, "tranches déclarées ici")
                .with_help("ajoutez la valeur, ou `non précisé` si la source ne la donne pas");
            if self.holes_allowed {
                d.with_fix(
                    "ajouter les valeurs manquantes (non précisé)",
                    vec![self.fill(&names)],
                )
            } else {
                d
            }
        } else {
            let blamed = self.blamed(missing.len());
            for entry in entries.iter_mut() {
                *entry = Entry::Missing;
            }
            let count = plural(missing.len(), "valeur", "valeurs");
            let mut d = Diagnostic::new(
                Code::TableMissing,
                format!("il manque {count} dans ce tableau par tranche : {label}"),
                self.table.span,
                label.clone(),
            )
            .with_secondary(self.set_span, "tranches déclarées ici");
            d = match blamed {
                Some((index, previous, next)) => d
                    .with_secondary(
                        Span::new(previous.file, previous.end, next.start),
                        format!("la valeur de `{}` manque probablement ici", self.bands[index].name),
                    )
                    .with_note("les montants croissent avec la taille : l'écart entre ces deux valeurs est plus du double de tous les autres"),
                None => d.with_note(format!(
                    "les valeurs sont lues dans l'ordre des tranches : telles qu'écrites, {} manque",
                    plural_names(&self.bands[given..])
                )),
            };
            d.with_note("le tableau n'est pas utilisé tant qu'il est incomplet : aucune vérification n'est faite avec des valeurs décalées")
                .with_help("écrivez la valeur à sa place, ou nommez les tranches : `{ taille_1: …, taille_2: … }`")
        };
        Some(d)
    }

    /// Where one value is missing from a positional table: the band and the entries around the
    /// gap, when one step between neighbours is more than twice every other one.
    fn blamed(&self, missing: usize) -> Option<(usize, Span, Span)> {
        if missing != 1 {
            return None;
        }
        let amounts: Vec<Decimal> = self
            .table
            .entries
            .iter()
            .map(|e| match &e.value {
                EntryValue::Expr(expr) => match expr.kind {
                    ExprKind::Money(v) | ExprKind::Number(v) | ExprKind::Percent(v) => Some(v),
                    _ => None,
                },
                EntryValue::Hole => None,
            })
            .collect::<Option<_>>()?;
        let steps: Vec<Decimal> = amounts.windows(2).map(|w| w[1] - w[0]).collect();
        if steps.len() < 2 || steps.iter().any(|s| s.is_sign_negative()) {
            return None;
        }
        let (widest, step) = steps.iter().enumerate().max_by(|a, b| a.1.cmp(b.1))?;
        let twice = steps
            .iter()
            .enumerate()
            .all(|(i, s)| i == widest || *s * Decimal::TWO < *step);
        twice.then(|| {
            let entries = &self.table.entries;
            (widest + 1, entries[widest].span, entries[widest + 1].span)
        })
    }

    /// The edit that writes `non précisé` for the named bands, before the closing bracket.
    fn fill(&self, names: &[&str]) -> Edit {
        let insertion: String = if self.table.named {
            names
                .iter()
                .map(|n| format!(", {n}: non précisé"))
                .collect()
        } else {
            ", non précisé".repeat(names.len())
        };
        let insertion = if self.table.entries.is_empty() {
            insertion.trim_start_matches(", ").to_string()
        } else {
            insertion
        };
        let at = self.table.span.end.saturating_sub(1);
        Edit {
            span: Span::new(self.table.span.file, at, at),
            replacement: insertion,
        }
    }
}

fn plural_names(bands: &[Band]) -> String {
    let names: Vec<String> = bands.iter().map(|b| format!("`{}`", b.name)).collect();
    match names.as_slice() {
        [one] => format!("la valeur de {one}"),
        _ => format!("les valeurs de {}", names.join(", ")),
    }
}
