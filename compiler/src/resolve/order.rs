//! Orders values so that each follows those it uses (iteratively); reports cycles (E0105).

use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use crate::ir::*;

use super::Builder;

impl Builder<'_> {
    /// Orders values so each follows those it uses; reports cycles.
    pub(super) fn order_values(&mut self) {
        let count = self.version.values.len();
        let dependencies: Vec<Vec<ValueId>> =
            self.version.values.iter().map(value_dependencies).collect();
        // Iterative depth-first search: deep chains of values must not overflow the stack.
        let mut state = vec![0u8; count]; // 0 new, 1 on stack, 2 done
        let mut order = Vec::with_capacity(count);
        let mut in_cycle = vec![false; count];
        for root in 0..count {
            if state[root] != 0 {
                continue;
            }
            let mut stack: Vec<(ValueId, usize)> = vec![(root, 0)];
            state[root] = 1;
            while let Some(&mut (node, ref mut next)) = stack.last_mut() {
                if let Some(&dependency) = dependencies[node].get(*next) {
                    *next += 1;
                    match state[dependency] {
                        0 => {
                            state[dependency] = 1;
                            stack.push((dependency, 0));
                        }
                        1 => {
                            let start = stack
                                .iter()
                                .position(|(n, _)| *n == dependency)
                                .unwrap_or(0);
                            let cycle: Vec<ValueId> =
                                stack[start..].iter().map(|(n, _)| *n).collect();
                            for member in &cycle {
                                in_cycle[*member] = true;
                            }
                            self.report_cycle(&cycle);
                        }
                        _ => {}
                    }
                } else {
                    state[node] = 2;
                    stack.pop();
                    order.push(node);
                }
            }
        }
        self.version.evaluation_order = order.into_iter().filter(|v| !in_cycle[*v]).collect();
    }

    pub(super) fn report_cycle(&mut self, cycle: &[ValueId]) {
        let names: Vec<String> = cycle
            .iter()
            .map(|v| format!("`{}`", self.version.values[*v].name))
            .collect();
        let first = &self.version.values[cycle[0]];
        let mut d = Diagnostic::new(
            Code::CyclicDefinition,
            format!(
                "définition circulaire : {} → `{}`",
                names.join(" → "),
                first.name
            ),
            first.name_span,
            "dépend de lui-même",
        )
        .with_help("une valeur ne peut pas dépendre d'elle-même : cassez la boucle");
        for member in &cycle[1..] {
            let value = &self.version.values[*member];
            d = d.with_secondary(
                value.name_span,
                format!("`{}` fait partie de la boucle", value.name),
            );
        }
        self.report(d);
    }
}
