//! The tables by two criteria compared cell by cell (a cell matched by the labels of its row and
//! column), and the tables of rules rule by rule (a rule matched by its two intervals).

use super::compare::Comparer;
use super::model::{Category, Nature};
use super::sides::{cell_side, text};

impl Comparer<'_> {
    pub(super) fn cells(&mut self) {
        let (old, new) = (self.old, self.new);
        for table in &new.two_way {
            let path = format!("cases/{}", table.name);
            let Some(before) = old.two_way.iter().find(|t| t.name == table.name) else {
                continue;
            };
            for (r, row) in table.rows.iter().enumerate() {
                for (c, column) in table.columns.iter().enumerate() {
                    let find = |t: &crate::document::TwoWayTable| {
                        let r = t.rows.iter().position(|x| x == row)?;
                        let c = t.columns.iter().position(|x| x == column)?;
                        t.cells.get(r)?.get(c).map(cell_side)
                    };
                    let after = table
                        .cells
                        .get(r)
                        .and_then(|cells| cells.get(c))
                        .map(cell_side);
                    self.compare_field(
                        Category::Amounts,
                        format!("{path}/{row}/{column}"),
                        format!("{} — {row} × {column}", table.label),
                        find(before),
                        after,
                    );
                }
            }
        }
        for table in &new.rule_tables {
            let path = format!("regles/{}", table.name);
            let Some(before) = old.rule_tables.iter().find(|t| t.name == table.name) else {
                continue;
            };
            let side = |rules: &[[String; 3]], rule: &[String; 3]| {
                rules
                    .iter()
                    .find(|r| r[0] == rule[0] && r[1] == rule[1])
                    .map(|r| text(r[2].clone()))
            };
            for rule in &table.rules {
                self.compare_field(
                    Category::Amounts,
                    format!("{path}/{} × {}", rule[0], rule[1]),
                    format!("{} — {} × {}", table.label, rule[0], rule[1]),
                    side(&before.rules, rule),
                    side(&table.rules, rule),
                );
            }
            for rule in &before.rules {
                if side(&table.rules, rule).is_none() {
                    self.push(
                        Nature::Removed,
                        Category::Amounts,
                        format!("{path}/{} × {}", rule[0], rule[1]),
                        format!("{} — {} × {}", table.label, rule[0], rule[1]),
                        Some(text(rule[2].clone())),
                        None,
                    );
                }
            }
        }
    }
}
