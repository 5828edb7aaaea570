//! Sums over a `clause eval --cases` output, for the tests and benchmarks that compare a
//! costing's totals with the batch's.

use rust_decimal::Decimal;
use std::str::FromStr;

/// The sum of the `annee_*` columns of a batch's CSV output (comma-separated).
pub fn yearly_sum(csv: &str) -> Decimal {
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let years: Vec<usize> = (0..header.len())
        .filter(|&i| header[i].starts_with("annee_"))
        .collect();
    lines
        .map(|line| {
            let fields: Vec<&str> = line.split(',').collect();
            years
                .iter()
                .map(|&i| Decimal::from_str(fields[i]).expect("amount"))
                .sum::<Decimal>()
        })
        .sum()
}
