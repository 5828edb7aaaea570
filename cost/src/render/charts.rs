//! The report's charts as inline SVG, drawn by the `charts-rs` crate: totals by calendar year,
//! the difference by band, the distribution of the differences. Readable in black and white
//! (grey and black bars, named series, titled axes). The exact amounts are in the tables
//! beside each chart; a chart only draws them, in thousands or millions of euros on an axis
//! whose ticks are whole numbers (so that the crate's English number format never shows).

use crate::report::{CostReport, Money};
use charts_rs::{BarChart, Color, Series};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// A chart: its SVG and a sentence saying what it shows (the figure's caption and alt text).
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub caption: String,
    pub svg: String,
}

const GREY: Color = Color {
    r: 0xa0,
    g: 0xa0,
    b: 0xa0,
    a: 0xff,
};
const BLACK: Color = Color {
    r: 0x20,
    g: 0x20,
    b: 0x20,
    a: 0xff,
};

/// Whole thousands of euros (rounded half away from zero).
fn thousands(amount: Decimal) -> i64 {
    (amount / Decimal::ONE_THOUSAND)
        .round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        .to_i64()
        .unwrap_or(0)
}

/// An axis whose ticks are whole numbers: a step of 1, 2 or 5 × 10ⁿ, at most 8 steps, and the
/// unit (k€ or M€) that keeps the numbers under a thousand.
#[derive(Debug, Clone, PartialEq)]
struct Axis {
    unit: &'static str,
    /// Thousands of euros per unit (1 for k€, 1 000 for M€).
    per_unit: i64,
    min: i64,
    max: i64,
    steps: usize,
}

impl Axis {
    fn for_thousands(values: &[i64], units: [(&'static str, i64); 2]) -> Axis {
        let top = values.iter().map(|v| v.abs()).max().unwrap_or(0);
        let (unit, per_unit) = if top >= 1000 { units[1] } else { units[0] };
        let scaled = |v: i64| v.div_euclid(per_unit);
        let high = values
            .iter()
            .map(|&v| -scaled(-v))
            .max()
            .unwrap_or(0)
            .max(0);
        let low = values.iter().map(|&v| scaled(v)).min().unwrap_or(0).min(0);
        let span = (high - low).max(1);
        let mut step = 1;
        'search: for power in [1, 10, 100, 1_000, 10_000, 100_000] {
            for factor in [1, 2, 5] {
                step = factor * power;
                if ceil_div(span, step) <= 8 {
                    break 'search;
                }
            }
        }
        let max = ceil_div(high, step) * step;
        let min = -(ceil_div(-low, step) * step);
        Axis {
            unit,
            per_unit,
            min,
            max,
            steps: usize::try_from((max - min) / step).unwrap_or(1).max(1),
        }
    }

    /// A bar's height in the axis's unit (geometry only: the tables hold the amounts).
    fn height(&self, thousands: i64) -> f32 {
        thousands as f32 / self.per_unit as f32
    }
}

/// ⌈a / b⌉ for a ≥ 0, b > 0.
fn ceil_div(a: i64, b: i64) -> i64 {
    (a + b - 1) / b
}

const EUROS: [(&str, i64); 2] = [("k€", 1), ("M€", 1000)];
const CONTRACTS: [(&str, i64); 2] = [("contrats", 1), ("milliers de contrats", 1000)];

fn bar_chart(
    title: &str,
    categories: Vec<String>,
    series: Vec<(String, Vec<i64>, Color)>,
    units: [(&'static str, i64); 2],
) -> Option<(String, &'static str)> {
    let all: Vec<i64> = series
        .iter()
        .flat_map(|(_, v, _)| v.iter().copied())
        .collect();
    let axis = Axis::for_thousands(&all, units);
    let colors = series.iter().map(|(_, _, c)| *c).collect();
    let series_list: Vec<Series> = series
        .into_iter()
        .map(|(name, data, _)| Series::new(name, data.iter().map(|&v| axis.height(v)).collect()))
        .collect();
    let mut chart = BarChart::new(series_list, categories);
    chart.title.text = format!("{title} ({})", axis.unit);
    chart.width = 720.0;
    chart.height = 360.0;
    chart.series.colors = colors;
    if let Some(y) = chart.y_axis_configs.first_mut() {
        y.title = Some(axis.unit.to_string());
        y.min = Some(axis.min as f32);
        y.max = Some(axis.max as f32);
        y.split_number = axis.steps;
    }
    chart.svg().ok().map(|svg| (svg, axis.unit))
}

/// The three charts (fewer when the population is empty).
pub fn charts(report: &CostReport) -> Vec<Chart> {
    let mut charts = Vec::new();
    let title = |side: &crate::report::SideReport| {
        side.titre.clone().unwrap_or_else(|| side.version.clone())
    };
    let (old, new) = (title(&report.avant), title(&report.apres));
    let years = &report.ecart.par_annee_civile;
    if !years.is_empty() {
        if let Some((svg, unit)) = bar_chart(
            "Total versé par année civile",
            years.iter().map(|y| y.annee.to_string()).collect(),
            vec![
                (
                    "Avant".to_string(),
                    years.iter().map(|y| thousands(y.avant.0)).collect(),
                    GREY,
                ),
                (
                    "Après".to_string(),
                    years.iter().map(|y| thousands(y.apres.0)).collect(),
                    BLACK,
                ),
            ],
            EUROS,
        ) {
            charts.push(Chart {
                caption: format!("Total versé chaque année civile, avant (« {old} », barres grises) et après (« {new} », barres noires), en {unit}."),
                svg,
            });
        }
    }
    let bands = &report.ecart.par_tranche;
    if !bands.is_empty() {
        if let Some((svg, unit)) = bar_chart(
            "Écart par tranche",
            bands
                .iter()
                .map(|b| {
                    b.libelle
                        .clone()
                        .or_else(|| b.tranche.clone())
                        .unwrap_or_else(|| "hors tranche".into())
                })
                .collect(),
            vec![(
                "Écart".into(),
                bands.iter().map(|b| thousands(b.ecart.0)).collect(),
                BLACK,
            )],
            EUROS,
        ) {
            charts.push(Chart {
                caption: format!("Écart total (après − avant) des contrats de chaque tranche de la version après, en {unit}."),
                svg,
            });
        }
    }
    if let Some((labels, counts)) = histogram(report) {
        if let Some((svg, unit)) = bar_chart(
            "Distribution des écarts par contrat",
            labels,
            vec![("Contrats".into(), counts, BLACK)],
            CONTRACTS,
        ) {
            charts.push(Chart {
                caption: format!("Nombre de {unit} par classe d’écart (après − avant, en k€, bornes supérieures incluses)."),
                svg,
            });
        }
    }
    charts
}

/// Ten bins of equal width between the smallest and the largest difference, computed in
/// decimals; a single bin when every contract changes by the same amount.
fn histogram(report: &CostReport) -> Option<(Vec<String>, Vec<i64>)> {
    let q = report.distribution.as_ref()?;
    let (Money(low), Money(high)) = (q.minimum, q.maximum);
    let bins = if low == high { 1 } else { 10 };
    let width = (high - low) / Decimal::from(bins);
    let mut counts = vec![0usize; bins];
    for contract in &report.contracts {
        let difference = contract.difference();
        let bin = if width.is_zero() {
            0
        } else {
            // Upper bounds included: the first bin also takes the minimum.
            let position = ((difference - low) / width).ceil().to_usize().unwrap_or(1);
            position.clamp(1, bins) - 1
        };
        counts[bin] += 1;
    }
    let labels = (0..bins)
        .map(|i| {
            let upper = low + width * Decimal::from(i + 1);
            format!("≤ {}", super::signed_whole(thousands(upper)))
        })
        .collect();
    Some((
        labels,
        counts
            .into_iter()
            .map(|c| i64::try_from(c).unwrap_or(i64::MAX))
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_have_whole_ticks_in_a_unit_under_a_thousand() {
        // 314 412 k€ at most: millions (314 M€); step 50 → 0..350 in 7 steps.
        let axis = Axis::for_thousands(&[2_475, 314_412], EUROS);
        assert_eq!(
            (axis.unit, axis.min, axis.max, axis.steps),
            ("M€", 0, 350, 7)
        );
        // 7 144 k€: 8 M€ in 8 steps of 1.
        let axis = Axis::for_thousands(&[4_312, 7_144], EUROS);
        assert_eq!((axis.unit, axis.min, axis.max, axis.steps), ("M€", 0, 8, 8));
        // Small differences stay in k€, a negative one opens the axis below zero.
        let axis = Axis::for_thousands(&[-37, 56], EUROS);
        assert_eq!(
            (axis.unit, axis.min, axis.max, axis.steps),
            ("k€", -40, 60, 5)
        );
        // Counts of contracts.
        let axis = Axis::for_thousands(&[579, 0, 60], CONTRACTS);
        assert_eq!(
            (axis.unit, axis.min, axis.max, axis.steps),
            ("contrats", 0, 600, 6)
        );
    }
}
