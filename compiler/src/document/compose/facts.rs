//! The header facts of a document: status dates, date of effect, duration, applicability, the
//! date policy (declared, inherited or the default).

use super::super::model::Fact;
use super::super::words;
use super::Builder;
use crate::value::{french_date, french_duration};

impl Builder<'_> {
    pub(super) fn facts(&self) -> Vec<Fact> {
        let header = &self.version.header;
        let mut facts = Vec::new();
        let dates = [
            ("propose_le", "Proposé le", &header.proposed_on),
            ("signe_le", "Signé le", &header.signed_on),
            ("publie_le", "Publié le", &header.published_on),
            ("en_vigueur_le", "En vigueur le", &header.in_force_on),
        ];
        for (key, label, date) in dates {
            if let Some(date) = date {
                facts.push(Fact {
                    key,
                    label,
                    text: french_date(date.value),
                    provenance: self.provenance(&[], &date.origin),
                });
            }
        }
        // The date from which the version's values are paid (docs/evaluation.md).
        if let Some(date) = self.version.date_of_effect_line() {
            facts.push(Fact {
                key: "date_d_effet",
                label: "Date d'effet",
                text: french_date(date.value),
                provenance: self.provenance(&[], &date.origin),
            });
        }
        if let Some(duration) = &header.contract_duration {
            facts.push(Fact {
                key: "duree_du_contrat",
                label: "Durée du contrat",
                text: french_duration(&duration.value),
                provenance: self.provenance(&[], &duration.origin),
            });
        }
        if let Some(date) = &header.applicable_before {
            facts.push(Fact {
                key: "applicable_avant",
                label: "Applicable aux contrats signés avant le",
                text: french_date(date.value),
                provenance: self.provenance(&[], &date.origin),
            });
        }
        let declared = header.date_policy.as_ref();
        let provenance = declared.map(|d| self.provenance(&[], &d.origin));
        facts.push(words::date_policy(self.version, provenance));
        facts
    }
}
