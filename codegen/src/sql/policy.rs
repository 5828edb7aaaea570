//! The version's policy for dates that do not exist (`dates ambiguës`, compiler/src/calendar.rs):
//! a month added in SQL clamps to the month's end (`to_months`, `make_interval`); `début du
//! mois suivant` moves such a date to the next day (the 1st of the next month); under `erreur`
//! a case whose contract end, anniversaries or missions' deadlines would need one is refused,
//! the date named as `clause eval --cases` names it (evaluate/dates.rs).

use super::{string, Parts};
use chrono::NaiveDate;
use clause_compiler::calendar::Period;
use clause_compiler::evaluate::adding_version;
use clause_compiler::ir::DeadlineRule;
use clause_compiler::value::MONTHS;
use clause_grammar::ast::{DatePolicy, Event};

impl Parts<'_> {
    pub fn policy(&self) -> DatePolicy {
        self.compiled.version.date_policy()
    }

    /// `date` plus `months` months under the version's policy (under `erreur`, the clamped
    /// date: a case that needs an ambiguous one is refused, `refusals`).
    pub fn shift(&self, date: &str, months: &str) -> String {
        let clamped = self.d.add_months(date, months);
        match self.policy() {
            DatePolicy::FirstOfNextMonth => format!(
                "CASE WHEN extract(day FROM {clamped}) < extract(day FROM {date}) THEN CAST({clamped} + 1 AS DATE) ELSE {clamped} END"
            ),
            _ => clamped,
        }
    }

    /// Under `erreur`: the refusal of a case whose `from + months` does not exist, as the
    /// engine words it (`what : date ambiguë : 2020-08-31 + 6 mois tombe le 31 février 2021, qui
    /// n'existe pas (…)`), NULL when it exists; `period` is the period in French (SQL text).
    fn ambiguous(
        &self,
        field: &str,
        what: &str,
        (from, months): (&str, &str),
        period: &str,
    ) -> String {
        let d = self.d;
        let clamped = d.add_months(from, months);
        let mut month = String::from("CASE extract(month FROM ");
        month.push_str(&clamped);
        month.push(')');
        for (i, name) in MONTHS.iter().enumerate() {
            month.push_str(&format!(" WHEN {} THEN {}", i + 1, string(name)));
        }
        month.push_str(" END");
        let int = |x: String| d.text(&format!("CAST({x} AS INTEGER)"));
        format!(
            "CASE WHEN extract(day FROM {clamped}) < extract(day FROM {from}) THEN {} || ' : ' || {} || ' : date ambiguë : ' || {} || ' + ' || {period} || ' tombe le ' || {} || ' ' || {month} || ' ' || {} || ', qui n''existe pas (la version déclare « dates ambiguës : erreur »)' END",
            string(field),
            string(what),
            d.iso(from),
            int(format!("extract(day FROM {from})")),
            int(format!("extract(year FROM {clamped})")),
        )
    }

    /// Under `erreur`, the refusal of a contract whose end, computed from the signature, does
    /// not exist (`None` under another policy or without a duration).
    pub fn end_refused(&self, sig: &str) -> Option<String> {
        if self.policy() != DatePolicy::Refuse {
            return None;
        }
        let duration = self.compiled.version.header.contract_duration.as_ref()?;
        let period = Period::of(&duration.value)?;
        let months = period.years * 12 + period.months;
        if months == 0 {
            return None;
        }
        Some(self.ambiguous(
            "signature",
            "fin du contrat",
            (sig, &months.to_string()),
            &string(&period.french()),
        ))
    }

    /// Under `erreur`, the refusals of a contract from `sig` to `fin` (`fin` ≥ `sig`): each
    /// anniversary up to the contract's end, then each engaged mission's deadlines, joined as
    /// the batch joins them (`None` under another policy).
    pub fn dates_refused(&self, sig: &str, fin: &str) -> Option<String> {
        if self.policy() != DatePolicy::Refuse {
            return None;
        }
        let d = self.d;
        let version = self.compiled.version;
        let mut parts = Vec::new();
        // Anniversary k of a 29 February signature falls on 29 February of a year that may not
        // have one; the years run until the (clamped) anniversary reaches the end.
        let year = format!("CAST(extract(year FROM {sig}) AS INTEGER) + k");
        let leap = format!("(({year}) % 4 = 0 AND (({year}) % 100 <> 0 OR ({year}) % 400 = 0))");
        let before = d.add_months(sig, "12 * (k - 1)");
        let message = format!(
            "'signature : anniversaire ' || {k} || ' du contrat : date ambiguë : ' || {} || ' + ' || {k} || CASE WHEN k = 1 THEN ' an' ELSE ' ans' END || ' tombe le 29 février ' || {} || ', qui n''existe pas (la version déclare « dates ambiguës : erreur »)'",
            d.iso(sig),
            d.text(&year),
            k = d.text("k"),
        );
        parts.push(format!(
            "CASE WHEN extract(month FROM {sig}) = 2 AND extract(day FROM {sig}) = 29 THEN (SELECT {} FROM (SELECT k, {message} AS clause_texte FROM {} WHERE NOT {leap} AND (k = 1 OR {before} < {fin})) AS clause_refus) END",
            d.string_agg("clause_texte", "' ; '", "k"),
            d.series("200", "k")
        ));
        for (m, mission) in version.missions.iter().enumerate() {
            let adder = adding_version(version, mission);
            let mut skip = vec![format!("NOT v{}", self.mission_col(m, "engage"))];
            if let Some(limit) = adder.and_then(|v| v.own_applicable_before()) {
                skip.push(format!("{sig} >= {}", date(limit)));
            }
            for (nature, rule) in [
                ("démarrage", &mission.start),
                ("déploiement", &mission.effective),
            ] {
                let Some(DeadlineRule::After { delay, event }) = rule.as_ref().map(|r| &r.value)
                else {
                    continue;
                };
                let Some(period) = Period::of(delay) else {
                    continue;
                };
                let months = period.years * 12 + period.months;
                if months == 0 {
                    continue;
                }
                let (from, field) = match event {
                    Event::Signature => (
                        match adder.and_then(|v| v.date_of_effect()) {
                            Some(effect) => format!("greatest({sig}, {})", date(effect)),
                            None => sig.to_string(),
                        },
                        "signature".to_string(),
                    ),
                    Event::MissionStart => (
                        format!("v{}", self.mission_col(m, "debut")),
                        format!("missions.{}.debut", mission.name),
                    ),
                };
                let refusal = self.ambiguous(
                    &field,
                    &format!("échéance de {nature} de la mission `{}`", mission.name),
                    (&from, &months.to_string()),
                    &string(&period.french()),
                );
                parts.push(format!(
                    "CASE WHEN {} THEN NULL ELSE {refusal} END",
                    skip.join(" OR ")
                ));
            }
        }
        Some(format!(
            "nullif(concat_ws(' ; ', {}), '')",
            parts.join(", ")
        ))
    }
}

fn date(d: NaiveDate) -> String {
    super::time::date(d)
}
