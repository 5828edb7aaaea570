//! The case a generated agreement is evaluated on, written as the JSON `clause eval` reads.

use arbitrary::Arbitrary;

/// The case evaluated against the generated agreement.
#[derive(Debug, Arbitrary)]
pub struct CaseInput {
    pub inhabitants: u32,
    pub professionals: u16,
    pub signature: (u16, u8, u8),
    pub until_years: u8,
    pub engaged: Vec<bool>,
    pub starts: Vec<u16>,
    pub achievement: Vec<u8>,
    pub crises: Vec<u16>,
}

impl CaseInput {
    pub(crate) fn json(
        &self,
        count_input: bool,
        date_input: bool,
        zone_input: bool,
        missions: &[&str],
    ) -> String {
        let (year, month, day) = self.signature;
        let signature = format!(
            "{:04}-{:02}-{:02}",
            1990 + year % 60,
            month % 12 + 1,
            day % 28 + 1
        );
        let until = format!(
            "{:04}-01-01",
            1990 + year % 60 + u16::from(self.until_years % 12)
        );
        let mut inputs = vec![format!("\"habitants\": {}", self.inhabitants)];
        if count_input {
            inputs.push(format!("\"professionnels\": {}", self.professionals));
        }
        if date_input {
            inputs.push(format!("\"ouverture\": \"{signature}\""));
        }
        if zone_input {
            let zone = if self.inhabitants.is_multiple_of(2) {
                "urbaine"
            } else {
                "rurale"
            };
            inputs.push(format!("\"zone\": \"{zone}\""));
        }
        let missions: Vec<String> = missions
            .iter()
            .enumerate()
            .filter(|(i, _)| self.engaged.get(*i).copied().unwrap_or(true))
            .map(|(i, name)| {
                let start = self.starts.get(i).map_or(String::new(), |days| {
                    format!("\"debut\": \"{}\", ", shift(&signature, *days))
                });
                let rate = self.achievement.get(i).map_or(100, |r| r % 101);
                format!(
                    "\"{name}\": {{ {start}\"atteinte\": {{ \"1\": {}, \"2\": 1 }} }}",
                    f64::from(rate) / 100.0
                )
            })
            .collect();
        let crises: Vec<String> = self
            .crises
            .iter()
            .take(3)
            .map(|d| format!("\"{}\"", shift(&signature, *d)))
            .collect();
        format!(
            "{{ \"version\": \"genere\", \"entrees\": {{ {} }}, \"contrat\": {{ \"signature\": \"{signature}\", \"lettre_intention\": \"{signature}\", \"missions\": {{ {} }}, \"crises\": [{}], \"jusqu_au\": \"{until}\" }} }}",
            inputs.join(", "),
            missions.join(", "),
            crises.join(", ")
        )
    }
}

/// The date `days % 2000` days after `date` (`AAAA-MM-JJ`).
fn shift(date: &str, days: u16) -> String {
    chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.checked_add_days(chrono::Days::new(u64::from(days % 2000))))
        .map_or_else(|| date.to_string(), |d| d.format("%Y-%m-%d").to_string())
}
