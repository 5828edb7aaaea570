//! The text form of one evaluation (`clause eval --case … --format text`): band, results,
//! payments, totals per contract year, deadlines, assumptions, in French money.

use clause_compiler::evaluate::result::{Evaluation, ResultValue};
use clause_compiler::ir::Version;

/// The human-readable form of an evaluation.
pub fn table(evaluation: &Evaluation, version: &Version, explain: bool) -> String {
    let mut out = String::new();
    let money = |amount: rust_decimal::Decimal| clause_compiler::value::french_money(amount, " ");
    out.push_str(&format!(
        "Version : {} — {}\n",
        evaluation.version,
        version.title.as_deref().unwrap_or("")
    ));
    out.push_str(&format!(
        "Tranche : {}\n",
        evaluation.tranche.as_deref().unwrap_or("aucune")
    ));
    if !evaluation.eligible {
        out.push_str("Éligible : non\n");
    }
    if explain {
        for line in &evaluation.explication {
            out.push_str(&format!("  ↳ {line}\n"));
        }
    }
    out.push_str("\nRésultats\n");
    for result in &evaluation.resultats {
        let value = match &result.valeur {
            ResultValue::Money(amount) => money(*amount),
            ResultValue::Text(text) => text.clone(),
        };
        out.push_str(&format!(
            "  {:<28} {:>16}  {}\n",
            result.nom,
            value,
            result.libelle.as_deref().unwrap_or("")
        ));
    }
    if !evaluation.versements.is_empty() {
        out.push_str("\nVersements\n");
        out.push_str(&format!(
            "  {:<10}  {:>5}  {:<22} {:<9} {:>15}  {}\n",
            "date", "année", "ligne", "nature", "montant", "source"
        ));
        for payment in &evaluation.versements {
            let nature = serde_json::to_value(payment.nature)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            out.push_str(&format!(
                "  {:<10}  {:>5}  {:<22} {:<9} {:>15}  {}\n",
                payment.date,
                payment.annee,
                payment.ligne,
                nature,
                money(payment.amount),
                payment.source
            ));
            if explain {
                for line in &payment.explication {
                    out.push_str(&format!("      ↳ {line}\n"));
                }
            }
        }
    }
    if !evaluation.totaux_par_annee.is_empty() {
        out.push_str("\nTotaux par année du contrat\n");
        for total in &evaluation.totaux_par_annee {
            let period = match (total.debut, total.fin) {
                (Some(start), Some(end)) => format!("du {start} au {end}"),
                (None, Some(end)) => format!("avant le {end}"),
                _ => String::new(),
            };
            out.push_str(&format!(
                "  année {:<2} {:<28} {:>15}\n",
                total.annee,
                period,
                money(total.amount)
            ));
        }
    }
    if !evaluation.echeances.is_empty() {
        out.push_str("\nÉchéances\n");
        for deadline in &evaluation.echeances {
            out.push_str(&format!(
                "  {:<18} {:<12} {:<15} {}\n",
                deadline.mission, deadline.nature, deadline.statut, deadline.detail
            ));
        }
    }
    for (title, items) in [
        ("Hypothèses", &evaluation.hypotheses),
        ("Notes", &evaluation.notes),
    ] {
        if !items.is_empty() {
            out.push_str(&format!("\n{title}\n"));
            for item in items {
                out.push_str(&format!("  - {item}\n"));
            }
        }
    }
    out
}
