//! The costing of a population under two versions: rows are evaluated in parallel chunks and
//! folded into totals (all, per contract year, per calendar year, per band, per line), the
//! difference of each contract is kept (in cents) for the distribution and the largest
//! changes, and `finish` gives the report every output renders.
//!
//! Conventions (also in docs/cost.md):
//! - a contract is costed only when both versions accept its row; a row either refuses is
//!   listed with the reasons and left out of both totals, so the two sides always cover the
//!   same contracts;
//! - quantiles are exact, by the nearest-rank method on the sorted differences
//!   (q = the ⌈p·n⌉-th smallest), so each is the difference of a real contract;
//! - the mean is rounded to the cent, half away from zero.

use crate::contract::{ContractCost, Costed, Named, Side};
pub use crate::distribution::Distribution;
pub use crate::money::{money, Money};
use crate::population::Record;
use clause_compiler::evaluate::parallel::map_into;
use clause_compiler::evaluate::{CaseError, CompiledVersion};
use clause_compiler::ir::Version;
use clause_compiler::value::french_duration;
use clause_grammar::ast::Status;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// How many contracts with the largest changes the report names.
pub const LARGEST_CHANGES: usize = 10;
/// How many refused rows the report details (all are counted).
pub const REFUSALS_SHOWN: usize = 20;

/// A costing in progress.
pub struct Costing<'c, 'v> {
    old: Side<'c, 'v>,
    new: Side<'c, 'v>,
    /// The column naming each contract (`id`, `nom`…), if the population has one.
    id_column: Option<usize>,
    old_totals: SideTotals,
    new_totals: SideTotals,
    contracts: Vec<ContractDelta>,
    refused: Vec<Refusal>,
    refused_count: usize,
    /// Contracts outside one version's scope, costed by the other on both sides.
    outside: usize,
    rows: usize,
}

/// One costed contract, compactly: a million of them fit in a few tens of megabytes.
#[derive(Debug, Clone, PartialEq)]
pub struct ContractDelta {
    /// The line of the population file.
    pub line: usize,
    pub id: Box<str>,
    pub old_band: Option<usize>,
    pub new_band: Option<usize>,
    pub old_total: Decimal,
    pub new_total: Decimal,
}

impl ContractDelta {
    pub fn difference(&self) -> Decimal {
        self.new_total - self.old_total
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Refusal {
    pub ligne: usize,
    pub version: String,
    pub erreurs: Vec<String>,
}

#[derive(Debug, Clone, Default)]
struct SideTotals {
    total: Decimal,
    eligible: usize,
    by_contract_year: BTreeMap<u32, Decimal>,
    by_calendar_year: BTreeMap<i32, Decimal>,
    by_line: BTreeMap<usize, Decimal>,
    /// Per band of this version: contracts and amount.
    by_band: BTreeMap<Option<usize>, (usize, Decimal)>,
    hypotheses: Vec<String>,
}

impl SideTotals {
    fn add(&mut self, cost: &ContractCost) {
        self.total += cost.total;
        self.eligible += usize::from(cost.eligible);
        for (year, amount) in &cost.by_contract_year {
            *self.by_contract_year.entry(*year).or_default() += amount;
        }
        for (year, amount) in &cost.by_calendar_year {
            *self.by_calendar_year.entry(*year).or_default() += amount;
        }
        for (line, amount) in &cost.by_line {
            *self.by_line.entry(*line).or_default() += amount;
        }
        let band = self.by_band.entry(cost.band).or_default();
        band.0 += 1;
        band.1 += cost.total;
        for hypothesis in &cost.hypotheses {
            if !self.hypotheses.contains(hypothesis) {
                self.hypotheses.push(hypothesis.clone());
            }
        }
    }
}

/// Why a costing cannot start: the population's header does not fit a version.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderError {
    pub version: String,
    pub errors: Vec<CaseError>,
}

impl<'c, 'v> Costing<'c, 'v> {
    pub fn new(
        old: &'c CompiledVersion<'v>,
        new: &'c CompiledVersion<'v>,
        headers: &[String],
        renames: &[(String, String)],
    ) -> Result<Self, Vec<HeaderError>> {
        let side = |compiled: &'c CompiledVersion<'v>| {
            Side::new(compiled, headers, renames).map_err(|errors| HeaderError {
                version: compiled.version.name.clone(),
                errors,
            })
        };
        let (old, new) = match (side(old), side(new)) {
            (Ok(old), Ok(new)) => (old, new),
            (old, new) => {
                return Err([old.err(), new.err()].into_iter().flatten().collect());
            }
        };
        let id_column = ["id", "nom", "cpts", "identifiant"]
            .iter()
            .find_map(|name| headers.iter().position(|h| h == name));
        Ok(Costing {
            old,
            new,
            id_column,
            old_totals: SideTotals::default(),
            new_totals: SideTotals::default(),
            contracts: Vec::new(),
            refused: Vec::new(),
            refused_count: 0,
            outside: 0,
            rows: 0,
        })
    }

    /// Costs a chunk of rows on every core, then folds them in file order.
    pub fn add(&mut self, records: &[Record]) {
        type Outcome = (
            Result<Costed, Vec<CaseError>>,
            Result<Costed, Vec<CaseError>>,
        );
        let mut outcomes: Vec<Outcome> =
            vec![(Ok(Costed::Outside), Ok(Costed::Outside)); records.len()];
        let (old, new) = (&self.old, &self.new);
        map_into(records, &mut outcomes, |record| {
            let fields: Vec<&str> = record.fields.iter().collect();
            (old.cost(&fields), new.cost(&fields))
        });
        for (record, outcome) in records.iter().zip(outcomes) {
            self.rows += 1;
            // A contract outside one version's scope stays under the other: no difference.
            let (old_cost, new_cost) = match outcome {
                (Ok(Costed::Paid(old)), Ok(Costed::Paid(new))) => (old, new),
                (Ok(Costed::Paid(old)), Ok(Costed::Outside)) => {
                    self.outside += 1;
                    (old.clone(), old)
                }
                (Ok(Costed::Outside), Ok(Costed::Paid(new))) => {
                    self.outside += 1;
                    (new.clone(), new)
                }
                (old_outcome, new_outcome) => {
                    self.refused_count += 1;
                    for (side, outcome) in [(&self.old, old_outcome), (&self.new, new_outcome)] {
                        let errors = match outcome {
                            Err(errors) => errors.iter().map(ToString::to_string).collect(),
                            Ok(Costed::Outside) => vec![format!(
                                "la version ne s'applique pas à ce contrat (signé après sa limite)"
                            )],
                            Ok(Costed::Paid(_)) => continue,
                        };
                        if self.refused.len() < REFUSALS_SHOWN {
                            self.refused.push(Refusal {
                                ligne: record.line,
                                version: side.compiled.version.name.clone(),
                                erreurs: errors,
                            });
                        }
                    }
                    continue;
                }
            };
            self.old_totals.add(&old_cost);
            self.new_totals.add(&new_cost);
            let id = match self.id_column.and_then(|c| record.fields.get(c)) {
                Some(id) if !id.trim().is_empty() => id.trim().into(),
                _ => format!("ligne {}", record.line).into(),
            };
            self.contracts.push(ContractDelta {
                line: record.line,
                id,
                old_band: old_cost.band,
                new_band: new_cost.band,
                old_total: old_cost.total,
                new_total: new_cost.total,
            });
        }
    }

    /// The report, with the population's own hypotheses (its `#` lines).
    pub fn finish(mut self, population_notes: Vec<String>) -> CostReport {
        let old = side_report(&self.old, &self.old_totals);
        let new = side_report(&self.new, &self.new_totals);
        let difference = difference_report(&self);
        let mut differences: Vec<Decimal> = self
            .contracts
            .iter()
            .map(ContractDelta::difference)
            .collect();
        differences.sort();
        let counts = Counts {
            lignes: self.rows,
            chiffres: self.contracts.len(),
            refuses: self.refused_count,
            hors_champ: self.outside,
            gagnants: differences
                .iter()
                .filter(|d| d.is_sign_positive() && !d.is_zero())
                .count(),
            perdants: differences
                .iter()
                .filter(|d| d.is_sign_negative() && !d.is_zero())
                .count(),
            inchanges: differences.iter().filter(|d| d.is_zero()).count(),
        };
        let distribution = Distribution::of(&differences);
        // Largest changes first; equal changes in file order (the sort is stable).
        self.contracts
            .sort_by_key(|c| std::cmp::Reverse(c.difference().abs()));
        let largest = self
            .contracts
            .iter()
            .take(LARGEST_CHANGES)
            .map(|c| self.contract_row(c))
            .collect();
        self.contracts.sort_by_key(|c| c.line);
        CostReport {
            avant: old,
            apres: new,
            ecart: difference,
            contrats: counts,
            distribution,
            plus_grands_ecarts: largest,
            refus: std::mem::take(&mut self.refused),
            population: PopulationReport {
                hypotheses: population_notes,
            },
            contracts: std::mem::take(&mut self.contracts),
            band_names: (self.old.bands.clone(), self.new.bands.clone()),
        }
    }

    fn contract_row(&self, contract: &ContractDelta) -> ContractRow {
        ContractRow {
            ligne: contract.line,
            id: contract.id.to_string(),
            tranche_avant: band_name(&self.old.bands, contract.old_band),
            tranche_apres: band_name(&self.new.bands, contract.new_band),
            avant: money(contract.old_total),
            apres: money(contract.new_total),
            ecart: money(contract.difference()),
        }
    }
}

fn band_name(bands: &[Named], band: Option<usize>) -> Option<String> {
    band.and_then(|b| bands.get(b))
        .map(|(name, _)| name.clone())
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostReport {
    pub avant: SideReport,
    pub apres: SideReport,
    pub ecart: DifferenceReport,
    pub contrats: Counts,
    pub distribution: Option<Distribution>,
    pub plus_grands_ecarts: Vec<ContractRow>,
    pub refus: Vec<Refusal>,
    pub population: PopulationReport,
    /// Every costed contract, in file order (the CSV output), not in the JSON.
    #[serde(skip)]
    pub contracts: Vec<ContractDelta>,
    /// Each version's band names, to name the contracts' bands.
    #[serde(skip)]
    pub band_names: (Vec<Named>, Vec<Named>),
}

impl CostReport {
    pub fn old_band(&self, contract: &ContractDelta) -> Option<&str> {
        contract
            .old_band
            .and_then(|b| self.band_names.0.get(b))
            .map(|(n, _)| n.as_str())
    }

    pub fn new_band(&self, contract: &ContractDelta) -> Option<&str> {
        contract
            .new_band
            .and_then(|b| self.band_names.1.get(b))
            .map(|(n, _)| n.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SideReport {
    pub version: String,
    pub titre: Option<String>,
    pub statut: Option<String>,
    /// The contract's duration and whether the text provides a renewal.
    pub duree: String,
    pub total: Money,
    pub contrats_eligibles: usize,
    pub par_annee_contrat: Vec<YearAmount<u32>>,
    pub par_annee_civile: Vec<YearAmount<i32>>,
    pub par_tranche: Vec<BandAmount>,
    pub par_ligne: Vec<LineAmount>,
    pub hypotheses: Vec<String>,
    /// Population columns about missions this version does not have.
    pub colonnes_ignorees: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearAmount<Y> {
    pub annee: Y,
    pub montant: Money,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BandAmount {
    pub tranche: Option<String>,
    pub libelle: Option<String>,
    pub contrats: usize,
    pub montant: Money,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineAmount {
    pub ligne: String,
    pub libelle: Option<String>,
    pub montant: Money,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DifferenceReport {
    pub total: Money,
    pub par_annee_contrat: Vec<YearDifference<u32>>,
    pub par_annee_civile: Vec<YearDifference<i32>>,
    /// By the new version's bands, naming the old bands of the same contracts.
    pub par_tranche: Vec<BandDifference>,
    /// By line of funding, the lines that move most first.
    pub par_ligne: Vec<LineDifference>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearDifference<Y> {
    pub annee: Y,
    pub avant: Money,
    pub apres: Money,
    pub ecart: Money,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BandDifference {
    pub tranche: Option<String>,
    pub libelle: Option<String>,
    pub contrats: usize,
    /// The old version's bands of these contracts, with how many contracts each.
    pub tranches_avant: Vec<OldBand>,
    pub avant: Money,
    pub apres: Money,
    pub ecart: Money,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OldBand {
    pub tranche: Option<String>,
    pub contrats: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineDifference {
    pub ligne: String,
    pub libelle: Option<String>,
    pub avant: Money,
    pub apres: Money,
    pub ecart: Money,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Counts {
    /// Rows of the population.
    pub lignes: usize,
    /// Contracts costed (accepted by both versions).
    pub chiffres: usize,
    pub refuses: usize,
    /// Contracts one version does not apply to: paid by the other on both sides.
    pub hors_champ: usize,
    pub gagnants: usize,
    pub perdants: usize,
    pub inchanges: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContractRow {
    pub ligne: usize,
    pub id: String,
    pub tranche_avant: Option<String>,
    pub tranche_apres: Option<String>,
    pub avant: Money,
    pub apres: Money,
    pub ecart: Money,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PopulationReport {
    /// The population's own assumptions (the `#` lines of its file).
    pub hypotheses: Vec<String>,
}

fn status(version: &Version) -> Option<String> {
    version
        .header
        .status
        .as_ref()
        .map(|s| match s.value {
            Status::Draft => "projet",
            Status::Proposed => "proposé",
            Status::Signed => "signé",
        })
        .map(String::from)
}

/// The contract's duration in words; no Clause text provides a renewal today, and the report
/// says so rather than assume one.
fn duration(version: &Version) -> String {
    match &version.header.contract_duration {
        Some(d) => format!(
            "{} à compter de la signature, sans renouvellement (le texte n'en prévoit pas)",
            french_duration(&d.value)
        ),
        None => "durée non précisée : les versements jusqu'à la date `jusqu_au` de chaque contrat"
            .into(),
    }
}

fn side_report(side: &Side<'_, '_>, totals: &SideTotals) -> SideReport {
    let version = side.compiled.version;
    SideReport {
        version: version.name.clone(),
        titre: version.title.clone(),
        statut: status(version),
        duree: duration(version),
        total: Money(totals.total),
        contrats_eligibles: totals.eligible,
        par_annee_contrat: totals
            .by_contract_year
            .iter()
            .map(|(&annee, &m)| YearAmount {
                annee,
                montant: Money(m),
            })
            .collect(),
        par_annee_civile: totals
            .by_calendar_year
            .iter()
            .map(|(&annee, &m)| YearAmount {
                annee,
                montant: Money(m),
            })
            .collect(),
        par_tranche: totals
            .by_band
            .iter()
            .map(|(band, (count, amount))| {
                let named = band.and_then(|b| side.bands.get(b));
                BandAmount {
                    tranche: named.map(|(n, _)| n.clone()),
                    libelle: named.and_then(|(_, l)| l.clone()),
                    contrats: *count,
                    montant: Money(*amount),
                }
            })
            .collect(),
        par_ligne: totals
            .by_line
            .iter()
            .map(|(line, amount)| {
                let (name, label) = line_name(side, *line);
                LineAmount {
                    ligne: name,
                    libelle: label,
                    montant: Money(*amount),
                }
            })
            .collect(),
        hypotheses: totals.hypotheses.clone(),
        colonnes_ignorees: side.ignored.clone(),
    }
}

fn line_name(side: &Side<'_, '_>, line: usize) -> (String, Option<String>) {
    side.lines
        .get(line)
        .cloned()
        .unwrap_or_else(|| ("autre".into(), Some("Autres versements".into())))
}

fn years<Y: Ord + Copy>(
    old: &BTreeMap<Y, Decimal>,
    new: &BTreeMap<Y, Decimal>,
) -> Vec<YearDifference<Y>> {
    let mut keys: Vec<Y> = old.keys().chain(new.keys()).copied().collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .map(|annee| {
            let before = old.get(&annee).copied().unwrap_or_default();
            let after = new.get(&annee).copied().unwrap_or_default();
            YearDifference {
                annee,
                avant: Money(before),
                apres: Money(after),
                ecart: Money(after - before),
            }
        })
        .collect()
}

/// Contracts of one new band: count, (old band, count) pairs, old and new totals.
type BandSums = (usize, Vec<(Option<usize>, usize)>, Decimal, Decimal);

fn difference_report(costing: &Costing<'_, '_>) -> DifferenceReport {
    let (old, new) = (&costing.old_totals, &costing.new_totals);
    // By the new version's band: contracts, both totals, and the old bands they came from.
    let mut bands: BTreeMap<Option<usize>, BandSums> = BTreeMap::new();
    for contract in &costing.contracts {
        let entry = bands.entry(contract.new_band).or_default();
        entry.0 += 1;
        match entry
            .1
            .iter_mut()
            .find(|(band, _)| *band == contract.old_band)
        {
            Some((_, count)) => *count += 1,
            None => entry.1.push((contract.old_band, 1)),
        }
        entry.2 += contract.old_total;
        entry.3 += contract.new_total;
    }
    let par_tranche = bands
        .into_iter()
        .map(|(band, (count, mut old_bands, before, after))| {
            old_bands.sort();
            let named = band.and_then(|b| costing.new.bands.get(b));
            BandDifference {
                tranche: named.map(|(n, _)| n.clone()),
                libelle: named.and_then(|(_, l)| l.clone()),
                contrats: count,
                tranches_avant: old_bands
                    .into_iter()
                    .map(|(b, contrats)| OldBand {
                        tranche: band_name(&costing.old.bands, b),
                        contrats,
                    })
                    .collect(),
                avant: Money(before),
                apres: Money(after),
                ecart: Money(after - before),
            }
        })
        .collect();
    // Lines by name across both versions (an amendment keeps its base's names).
    let mut lines: Vec<(String, Option<String>, Decimal, Decimal)> = Vec::new();
    let mut put = |name: String, label: Option<String>, before: Decimal, after: Decimal| match lines
        .iter_mut()
        .find(|(n, ..)| *n == name)
    {
        Some(entry) => {
            entry.2 += before;
            entry.3 += after;
            if entry.1.is_none() {
                entry.1 = label;
            }
        }
        None => lines.push((name, label, before, after)),
    };
    for (line, amount) in &old.by_line {
        let (name, label) = line_name(&costing.old, *line);
        put(name, label, *amount, Decimal::ZERO);
    }
    for (line, amount) in &new.by_line {
        let (name, label) = line_name(&costing.new, *line);
        put(name, label, Decimal::ZERO, *amount);
    }
    // The lines that drive the difference first; equal ones in the versions' order.
    lines.sort_by_key(|(_, _, before, after)| std::cmp::Reverse((after - before).abs()));
    DifferenceReport {
        total: Money(new.total - old.total),
        par_annee_contrat: years(&old.by_contract_year, &new.by_contract_year),
        par_annee_civile: years(&old.by_calendar_year, &new.by_calendar_year),
        par_tranche,
        par_ligne: lines
            .into_iter()
            .map(|(ligne, libelle, before, after)| LineDifference {
                ligne,
                libelle,
                avant: Money(before),
                apres: Money(after),
                ecart: Money(after - before),
            })
            .collect(),
    }
}
