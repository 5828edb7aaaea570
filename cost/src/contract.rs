//! One contract under one version: the full dated evaluation of its row (the same engine as
//! `clause eval --cases`), summed by contract year, calendar year and line of funding.

use chrono::Datelike;
use clause_compiler::evaluate::select::reaches;
use clause_compiler::evaluate::{evaluate, BatchPlan, CaseError, CompiledVersion};
use rust_decimal::Decimal;

/// An identifier and its label (a band, a line of funding).
pub type Named = (String, Option<String>);

/// What one version pays one contract.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ContractCost {
    /// The contract's band in this version (index in its band set).
    pub band: Option<usize>,
    pub eligible: bool,
    pub total: Decimal,
    /// (contract year, amount): year 0 holds what is paid before the contract (a letter of
    /// intent), as `clause eval` numbers it.
    pub by_contract_year: Vec<(u32, Decimal)>,
    pub by_calendar_year: Vec<(i32, Decimal)>,
    /// (line index in `Side::lines`, amount).
    pub by_line: Vec<(usize, Decimal)>,
    /// The hypotheses the payments of this contract rest on.
    pub hypotheses: Vec<String>,
}

/// A version ready to cost rows: its compiled form, the header resolved once, its lines.
pub struct Side<'c, 'v> {
    pub compiled: &'c CompiledVersion<'v>,
    pub plan: BatchPlan<'c, 'v>,
    /// Every line of funding the version can pay: (name, label), in the version's order.
    pub lines: Vec<Named>,
    /// The band names of the version's band set, in order.
    pub bands: Vec<Named>,
    /// Columns about missions the version does not have, left aside.
    pub ignored: Vec<String>,
}

impl<'c, 'v> Side<'c, 'v> {
    pub fn new(
        compiled: &'c CompiledVersion<'v>,
        headers: &[String],
        renames: &[(String, String)],
    ) -> Result<Self, Vec<CaseError>> {
        let version = compiled.version;
        // A column about a mission this version does not have (one an amendment adds, such as
        // `debut.crise_sanitaire` costed against the base) is not this version's business.
        let mut ignored = Vec::new();
        let headers: Vec<String> = headers
            .iter()
            .map(|header| {
                let mission = header
                    .strip_prefix("debut.")
                    .or_else(|| header.strip_prefix("taux_atteinte."));
                match mission {
                    Some(mission) if version.mission_named(mission).is_none() => {
                        ignored.push(header.clone());
                        format!("(ignorée) {header}")
                    }
                    _ => header.clone(),
                }
            })
            .collect();
        let plan = BatchPlan::new(compiled, &headers, renames)?;
        let lines = compiled
            .lines
            .iter()
            .map(|line| {
                let value = &version.values[line.value];
                (value.name.clone(), value.label.clone())
            })
            .collect();
        let bands = compiled
            .band_set
            .map(|set| {
                version.band_sets[set]
                    .bands
                    .iter()
                    .map(|b| (b.name.clone(), b.label.clone()))
                    .collect()
            })
            .unwrap_or_default();
        Ok(Side {
            compiled,
            plan,
            lines,
            bands,
            ignored,
        })
    }

    /// The payments of one row, summed. A row without a signature cannot be costed over time;
    /// a contract no line of the version reaches (`applicable aux contrats signés avant le …`,
    /// `réservé aux contrats signés …` on each line it writes) is `Outside` it: it stays under
    /// the text that governs it.
    pub fn cost(&self, fields: &[&str]) -> Result<Costed, Vec<CaseError>> {
        let case = self.plan.case_of(fields)?;
        let Some(contract) = &case.contract else {
            return Err(vec![CaseError {
                field: "signature".into(),
                message:
                    "date de signature manquante : le chiffrage suit chaque contrat dans le temps"
                        .into(),
            }]);
        };
        if !reaches(self.compiled.version, contract.signature) {
            return Ok(Costed::Outside);
        }
        let evaluation = evaluate(self.compiled, &case, false);
        let mut cost = ContractCost {
            band: evaluation
                .tranche
                .as_deref()
                .and_then(|name| self.bands.iter().position(|(b, _)| b == name)),
            eligible: evaluation.eligible,
            ..ContractCost::default()
        };
        for payment in &evaluation.versements {
            cost.total += payment.amount;
            add(&mut cost.by_contract_year, payment.annee, payment.amount);
            add(
                &mut cost.by_calendar_year,
                payment.date.year(),
                payment.amount,
            );
            let line = self
                .lines
                .iter()
                .position(|(name, _)| *name == payment.ligne)
                .unwrap_or(usize::MAX);
            add(&mut cost.by_line, line, payment.amount);
            for hypothesis in &payment.hypotheses {
                if !cost.hypotheses.contains(hypothesis) {
                    cost.hypotheses.push(hypothesis.clone());
                }
            }
        }
        for hypothesis in evaluation.hypotheses {
            if !cost.hypotheses.contains(&hypothesis) {
                cost.hypotheses.push(hypothesis);
            }
        }
        Ok(Costed::Paid(cost))
    }
}

/// A contract under one version.
#[derive(Debug, Clone, PartialEq)]
pub enum Costed {
    Paid(ContractCost),
    /// The version does not apply to the contract (signed after its limit).
    Outside,
}

/// Adds `amount` to the entry of `key` (a short list: a few years or lines per contract).
pub fn add<K: PartialEq>(sums: &mut Vec<(K, Decimal)>, key: K, amount: Decimal) {
    match sums.iter_mut().find(|(k, _)| *k == key) {
        Some((_, sum)) => *sum += amount,
        None => sums.push((key, amount)),
    }
}
