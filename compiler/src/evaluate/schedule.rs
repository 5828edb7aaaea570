//! How a line is paid (`Schedule`), read once from its `versement` rules: what the payments of
//! a case follow, and the rule's wording.

use crate::ir::Payment;
use clause_grammar::ast::PaymentKind;
use rust_decimal::Decimal;

/// How a line is paid, from its `versement` rules.
#[derive(Debug, Clone, PartialEq)]
pub enum Schedule {
    /// The year's amount: an advance at signature and at each anniversary, the balance at the next.
    Annual {
        advance: Decimal,
        balance: bool,
    },
    /// A mission's envelope: an advance of the fixed part at the mission's start (prorated to
    /// the anniversary), the balance at the next anniversary, the variable part by achievement.
    Mission {
        advance: Decimal,
        prorated: bool,
        balance: bool,
        variable: bool,
    },
    /// The whole amount once, at signature.
    AtSignature,
    /// The whole amount once, at the mission's start (or signature), in the first year.
    FirstYear,
    /// The whole amount at each anniversary after the first year.
    FollowingYears,
    EachCrisis,
    LetterOfIntent,
    /// A yearly flat amount, paid at each anniversary.
    EachYear,
    /// Only a variable part, paid after each year by achievement.
    VariableOnly,
    /// No payment rule: a value listed in results only.
    None,
}

impl Schedule {
    pub fn from_rules(payments: &[Payment]) -> Schedule {
        let find = |f: &dyn Fn(&PaymentKind) -> bool| payments.iter().any(|p| f(&p.kind));
        let balance = find(&|k| matches!(k, PaymentKind::BalanceNextAnniversary));
        let variable = find(&|k| matches!(k, PaymentKind::VariableByAchievement));
        for payment in payments {
            match payment.kind {
                PaymentKind::AdvanceAtStart { percent, prorated } => {
                    return Schedule::Mission {
                        advance: percent / Decimal::ONE_HUNDRED,
                        prorated,
                        balance,
                        variable,
                    };
                }
                PaymentKind::AdvanceAtSignature(percent)
                | PaymentKind::AdvanceEachAnniversary(percent) => {
                    return Schedule::Annual {
                        advance: percent / Decimal::ONE_HUNDRED,
                        balance,
                    };
                }
                _ => {}
            }
        }
        match payments.first().map(|p| &p.kind) {
            Some(PaymentKind::AtSignature) => Schedule::AtSignature,
            Some(PaymentKind::FirstYear) => Schedule::FirstYear,
            Some(PaymentKind::FollowingYears) => Schedule::FollowingYears,
            Some(PaymentKind::EachCrisis) => Schedule::EachCrisis,
            Some(PaymentKind::LetterOfIntent) => Schedule::LetterOfIntent,
            Some(PaymentKind::EachYear) => Schedule::EachYear,
            Some(PaymentKind::VariableByAchievement) => Schedule::VariableOnly,
            _ => Schedule::None,
        }
    }

    /// Whether the line is paid every contract year, and so counts in the yearly totals
    /// (`total_annuel`, `financement_annee_pleine`): the same lines as the documents' yearly
    /// total (`document::cells::periodicity`).
    pub fn is_annual(&self) -> bool {
        matches!(
            self,
            Schedule::Annual { .. }
                | Schedule::Mission { .. }
                | Schedule::EachYear
                | Schedule::VariableOnly
        )
    }

    /// The rule in words, as the result's `regle` shows it.
    pub fn describe(&self, fixed_share: Option<Decimal>) -> String {
        let pct = |d: Decimal| {
            format!(
                "{} %",
                crate::value::french_number(d * Decimal::ONE_HUNDRED, " ")
            )
        };
        match self {
            Schedule::Annual { advance, balance } => {
                let mut text = format!(
                    "avance de {} à la signature puis à chaque anniversaire",
                    pct(*advance)
                );
                if *balance {
                    text.push_str(", solde à l'anniversaire suivant");
                }
                text
            }
            Schedule::Mission {
                advance,
                prorated,
                balance,
                variable,
            } => {
                let share = fixed_share.map_or_else(
                    || "la part fixe".to_string(),
                    |s| format!("la part fixe ({})", pct(s)),
                );
                let mut text = format!("avance de {} de {share} au démarrage", pct(*advance));
                if *prorated {
                    text.push_str(" au prorata jusqu'à l'anniversaire");
                }
                if *balance {
                    text.push_str(", solde à l'anniversaire suivant");
                }
                if *variable {
                    text.push_str(", part variable selon l'atteinte des indicateurs après l'année");
                }
                text
            }
            Schedule::AtSignature => "versé en une fois à la signature".into(),
            Schedule::FirstYear => "versé la première année, au démarrage de la mission".into(),
            Schedule::FollowingYears => {
                "versé à chaque anniversaire pour l'année suivante, à partir de la deuxième année"
                    .into()
            }
            Schedule::EachCrisis => "versé à chaque crise sanitaire déclarée par l'ARS".into(),
            Schedule::LetterOfIntent => {
                "versé à la validation de la lettre d'intention par l'ARS".into()
            }
            Schedule::EachYear => "versé chaque année, à l'anniversaire".into(),
            Schedule::VariableOnly => "part variable selon l'atteinte des indicateurs".into(),
            Schedule::None => "aucune règle de versement".into(),
        }
    }
}
