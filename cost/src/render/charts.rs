//! The report's charts as inline SVG, drawn by the `charts-rs` crate: totals by calendar year,
//! the difference by band, the distribution of the differences. Readable in black and white
//! (grey and black bars, named series, titled axes). The exact amounts are in the tables
//! beside each chart; a chart draws whole thousands of euros, which the crate's `f32`
//! coordinates hold exactly.

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

/// Whole thousands of euros (rounded half away from zero), as the chart's coordinate.
fn thousands(amount: Decimal) -> f32 {
    let k = (amount / Decimal::ONE_THOUSAND)
        .round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    // |k| < 2^24 for any national total below 16 billion euros: exact in f32.
    k.to_i64().map_or(0.0, |k| k as f32)
}

fn bar_chart(
    title: &str,
    y_name: &str,
    categories: Vec<String>,
    series: Vec<(String, Vec<f32>, Color)>,
) -> Option<String> {
    let colors = series.iter().map(|(_, _, c)| *c).collect();
    let series_list: Vec<Series> = series
        .into_iter()
        .map(|(name, data, _)| Series::new(name, data))
        .collect();
    let mut chart = BarChart::new(series_list, categories);
    chart.title.text = title.to_string();
    chart.width = 720.0;
    chart.height = 360.0;
    chart.series.colors = colors;
    if let Some(axis) = chart.y_axis_configs.first_mut() {
        axis.title = Some(y_name.to_string());
    }
    chart.svg().ok()
}

/// The three charts (fewer when the population is empty).
pub fn charts(report: &CostReport) -> Vec<Chart> {
    let mut charts = Vec::new();
    let (old, new) = (&report.avant.version, &report.apres.version);
    let years = &report.ecart.par_annee_civile;
    if !years.is_empty() {
        if let Some(svg) = bar_chart(
            "Total versé par année civile (k€)",
            "k€",
            years.iter().map(|y| y.annee.to_string()).collect(),
            vec![
                (
                    format!("Avant : {old}"),
                    years.iter().map(|y| thousands(y.avant.0)).collect(),
                    GREY,
                ),
                (
                    format!("Après : {new}"),
                    years.iter().map(|y| thousands(y.apres.0)).collect(),
                    BLACK,
                ),
            ],
        ) {
            charts.push(Chart {
                caption: format!("Total versé chaque année civile, avant ({old}, barres grises) et après ({new}, barres noires), en milliers d’euros."),
                svg,
            });
        }
    }
    let bands = &report.ecart.par_tranche;
    if !bands.is_empty() {
        if let Some(svg) = bar_chart(
            "Écart par tranche (k€)",
            "k€",
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
        ) {
            charts.push(Chart {
                caption: "Écart total (après − avant) des contrats de chaque tranche de la version après, en milliers d’euros.".into(),
                svg,
            });
        }
    }
    if let Some((labels, counts)) = histogram(report) {
        if let Some(svg) = bar_chart(
            "Distribution des écarts par contrat",
            "contrats",
            labels,
            vec![("Contrats".into(), counts, BLACK)],
        ) {
            charts.push(Chart {
                caption: "Nombre de contrats par tranche d’écart (après − avant, en milliers d’euros, bornes supérieures incluses).".into(),
                svg,
            });
        }
    }
    charts
}

/// Ten bins of equal width between the smallest and the largest difference, computed in
/// decimals; a single bin when every contract changes by the same amount.
fn histogram(report: &CostReport) -> Option<(Vec<String>, Vec<f32>)> {
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
            format!("≤ {}", super::french_money_count_signed(thousands(upper)))
        })
        .collect();
    Some((labels, counts.into_iter().map(|c| c as f32).collect()))
}
