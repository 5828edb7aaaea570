//! A structure-aware generator: libFuzzer's bytes become a well-formed agreement (through
//! `arbitrary`), so the resolver, the type checker, the band and example checks and the
//! evaluator are reached on most inputs instead of stopping at the first syntax error. Names are
//! drawn from small pools so that references mostly resolve; amounts range from cents to the
//! largest literal, so overflow and rounding are exercised too.

use crate::case::CaseInput;
use crate::expressions::{Amount, Condition, Money, Scope};
use arbitrary::Arbitrary;
use std::fmt::Write as _;

const MISSIONS: [&str; 3] = ["acces", "qualite", "crise"];

#[derive(Debug, Arbitrary)]
pub struct Agreement {
    status: u8,
    signed: Date,
    duration: Option<(u8, bool)>,
    count_input: bool,
    date_input: bool,
    thresholds: Vec<u32>,
    open_last: bool,
    envelopes: Vec<Envelope>,
    missions: Vec<Mission>,
    values: Vec<Money>,
    assertions: Vec<Condition>,
    examples: Vec<ExampleCase>,
    pub case: CaseInput,
    /// `dates ambiguës : …` (last, so that the seeds written before it decode as they did).
    date_policy: Option<u8>,
    /// The spelling of the bounds (after `date_policy`, for the same reason): upper bounds
    /// included (`jusqu'à`, `de plus de … à …`, `plus de`), or a declared domain.
    band_style: Option<u8>,
    /// An amendment of the agreement changing amounts relative to it (after the fields above,
    /// for the same reason); none when empty.
    amendment: Vec<AmountChange>,
}

/// One operation of the generated amendment, on the line drawn by its first number.
#[derive(Debug, Arbitrary)]
enum AmountChange {
    /// `remplace montant x = x de la base + N €`
    Plus(u8, Amount),
    /// `remplace montant x = x de la base × N %`
    Times(u8, u16),
    /// `remplace montant x = …` over the lines `y de la base` and the version's names.
    Formula(u8, Money, u8),
    /// `revalorise x de N %`
    Revalue(u8, u16),
}

#[derive(Debug, Arbitrary)]
struct Date {
    year: u16,
    month: u8,
    day: u8,
}

#[derive(Debug, Arbitrary)]
struct Envelope {
    definition: Definition,
    payments: Payments,
    fixed_share: Option<u8>,
    /// A rule in time under the line: `réservé …` or `à compter du … [au prorata]`.
    in_time: Option<(u8, Date)>,
}

/// The payment rules: mostly one of the schedules the agreements use, sometimes any list.
#[derive(Debug, Arbitrary)]
enum Payments {
    Usual(u8, u8),
    Any(Vec<Rule>),
}

#[derive(Debug, Arbitrary)]
enum Definition {
    Table(Vec<Option<Amount>>),
    Formula(Money),
    /// A table of rules over the population twice (`selon habitants et habitants { … }`): three
    /// rules cut at two thresholds, open or closed, so gaps and overlaps come up.
    Rules(u32, u32, bool, [Option<Amount>; 3]),
    /// A table by two criteria (`par taille et zone { … }`): rows alternately positional and
    /// named, `None` cells written `non précisé`; the last row's second cell left out when the
    /// flag is set, so a missing cell (E0401) comes up too.
    Grid(Vec<Option<Amount>>, bool),
}

#[derive(Debug, Arbitrary)]
enum Rule {
    AdvanceAtSignature(u8),
    AdvanceEachAnniversary(u8),
    AdvanceAtStart(u8, bool),
    Balance,
    Variable,
    AtSignature,
    FirstYear,
    FollowingYears,
    EachCrisis,
    LetterOfIntent,
    EachYear,
}

#[derive(Debug, Arbitrary)]
struct Mission {
    optional: bool,
    start: Option<(u16, u8)>,
    effective: Option<(u16, u8)>,
    envelopes: Vec<Envelope>,
}

#[derive(Debug, Arbitrary)]
struct ExampleCase {
    inhabitants: u32,
    expected: Vec<(u8, Amount)>,
}

impl Agreement {
    /// The agreement's text.
    pub fn render(&self) -> String {
        let mut out = String::from("accord genere \"Accord généré\" {\n");
        let status = ["signé", "proposé", "projet"][usize::from(self.status % 3)];
        let _ = writeln!(out, "  statut {status}");
        let _ = writeln!(out, "  signé le {}", self.signed.render());
        // Half the agreements cite a declared reference, the others keep a free text.
        if self.status.is_multiple_of(2) {
            let _ = writeln!(
                out,
                "  référence generateur \"Document généré\" {{ émetteur \"Générateur\" date {} fichier \"genere.txt\" }}",
                self.signed.render()
            );
            let _ = writeln!(out, "  source generateur, page {}", self.status / 2 + 1);
        } else {
            let _ = writeln!(out, "  source \"générateur\"");
        }
        if let Some((amount, months)) = self.duration {
            let unit = if months { "mois" } else { "ans" };
            let _ = writeln!(out, "  durée du contrat {} {unit}", amount % 12 + 1);
        }
        if let Some(policy) = self.date_policy {
            let words = [
                "dates ambiguës : fin de mois",
                "dates ambiguës : début du mois suivant",
                "dates ambiguës : erreur",
                "dates ambigues : debut du mois suivant",
            ];
            let _ = writeln!(out, "  {}", words[usize::from(policy % 4)]);
        }
        let _ = writeln!(out, "  entrée habitants \"Population\" : nombre");
        if self.count_input {
            let _ = writeln!(out, "  entrée professionnels : nombre");
        }
        if self.date_input {
            let _ = writeln!(out, "  entrée ouverture : date");
        }
        if self.uses_grid() {
            let _ = writeln!(
                out,
                "  énumération type_zone {{ urbaine \"Zone urbaine\", rurale }}"
            );
            let _ = writeln!(out, "  entrée zone : type_zone");
        }
        let bands = self.render_bands(&mut out);
        let mut scope = Scope { names: Vec::new() };
        for (index, envelope) in self.envelopes.iter().take(6).enumerate() {
            let name = format!("enveloppe_{index}");
            envelope.render(&mut out, "  ", &name, bands, &scope, false);
            scope.names.push(name);
        }
        for (index, mission) in self.missions.iter().take(3).enumerate() {
            let kind = if mission.optional {
                "optionnelle"
            } else {
                "socle"
            };
            let _ = writeln!(
                out,
                "  mission {} \"Mission {index}\" {kind} {{",
                MISSIONS[index]
            );
            for (keyword, deadline) in [
                ("démarrage", mission.start),
                ("déploiement", mission.effective),
            ] {
                match deadline {
                    None => {
                        let _ = writeln!(out, "    {keyword} libre");
                    }
                    Some((amount, unit)) => {
                        let unit = ["mois", "ans", "jours"][usize::from(unit % 3)];
                        let _ = writeln!(
                            out,
                            "    {keyword} au plus tard {} {unit} après signature",
                            amount % 40 + 1
                        );
                    }
                }
            }
            for (number, envelope) in mission.envelopes.iter().take(3).enumerate() {
                let name = format!("{}_{number}", MISSIONS[index]);
                envelope.render(&mut out, "    ", &name, bands, &scope, true);
                scope.names.push(name);
            }
            let _ = writeln!(out, "  }}");
        }
        for (index, value) in self.values.iter().take(4).enumerate() {
            let _ = writeln!(out, "  valeur valeur_{index} = {}", value.render(&scope, 0));
            scope.names.push(format!("valeur_{index}"));
        }
        for (index, assertion) in self.assertions.iter().take(3).enumerate() {
            let _ = writeln!(
                out,
                "  vérifier \"Vérification {index}\" : {}",
                assertion.render(&scope, 0)
            );
        }
        for (index, example) in self.examples.iter().take(3).enumerate() {
            let mut outcome: Vec<String> = example
                .expected
                .iter()
                .take(3)
                .filter_map(|(name, amount)| {
                    Some(format!("{} = {}", scope.name(*name)?, amount.render()))
                })
                .collect();
            if outcome.is_empty() {
                outcome.push("non éligible".into());
            }
            let _ = writeln!(
                out,
                "  exemple \"Cas {index}\" : habitants = {} ⇒ {}",
                example.inhabitants,
                outcome.join(", ")
            );
        }
        out.push_str("}\n");
        self.render_amendment(&mut out, &scope);
        out
    }

    /// `avenant genere_avenant … modifie genere { … }` when the amendment has operations.
    fn render_amendment(&self, out: &mut String, scope: &Scope) {
        if self.amendment.is_empty() || scope.names.is_empty() {
            return;
        }
        out.push_str("avenant genere_avenant \"Avenant généré\" modifie genere {\n");
        let _ = writeln!(out, "  statut projet\n  source \"générateur\"");
        for change in self.amendment.iter().take(4) {
            let line = match change {
                AmountChange::Plus(n, amount) => {
                    let name = scope.name(*n).unwrap_or("enveloppe_0");
                    format!(
                        "remplace montant {name} = {name} de la base + {}",
                        amount.render()
                    )
                }
                AmountChange::Times(n, rate) => {
                    let name = scope.name(*n).unwrap_or("enveloppe_0");
                    format!(
                        "remplace montant {name} = {name} de la base × {} %",
                        rate % 300
                    )
                }
                AmountChange::Formula(n, money, base) => {
                    let name = scope.name(*n).unwrap_or("enveloppe_0");
                    let read = scope.name(*base).unwrap_or("enveloppe_0");
                    format!(
                        "remplace montant {name} = {read} de la base + {}",
                        money.render(scope, 3)
                    )
                }
                AmountChange::Revalue(n, rate) => {
                    let name = scope.name(*n).unwrap_or("enveloppe_0");
                    format!("revalorise {name} de {},{} %", rate / 10 % 100, rate % 10)
                }
            };
            let _ = writeln!(out, "  {line}");
        }
        out.push_str("}\n");
    }

    /// Writes the band set (thresholds sorted and made distinct) and returns its band count.
    fn render_bands(&self, out: &mut String) -> usize {
        let mut thresholds: Vec<u32> = self.thresholds.iter().take(5).copied().collect();
        thresholds.sort_unstable();
        thresholds.dedup();
        thresholds.retain(|t| *t > 0);
        if thresholds.is_empty() {
            return 0;
        }
        let style = self.band_style.map(|s| s % 3);
        // A declared domain from half the first threshold on: `moins de` starts there.
        let domain = match style {
            Some(2) => format!(", à partir de {}", thresholds[0] / 2),
            _ => String::new(),
        };
        let _ = writeln!(out, "  tranches taille selon habitants{domain} {{");
        let inclusive = style == Some(1);
        let mut low = 0;
        for (index, high) in thresholds.iter().enumerate() {
            let _ = match (low == 0, inclusive) {
                (true, false) => writeln!(out, "    taille_{} : moins de {high}", index + 1),
                (false, false) => {
                    writeln!(out, "    taille_{} : de {low} à moins de {high}", index + 1)
                }
                // The same partition, upper bounds included: `jusqu'à 9`, `de plus de 9 à 19`.
                (true, true) => writeln!(out, "    taille_{} : jusqu'à {}", index + 1, high - 1),
                (false, true) => writeln!(
                    out,
                    "    taille_{} : de plus de {} à {}",
                    index + 1,
                    low - 1,
                    high - 1
                ),
            };
            low = *high;
        }
        let count = if self.open_last {
            let _ = if inclusive {
                writeln!(
                    out,
                    "    taille_{} : plus de {}",
                    thresholds.len() + 1,
                    low - 1
                )
            } else {
                writeln!(
                    out,
                    "    taille_{} : à partir de {low}",
                    thresholds.len() + 1
                )
            };
            thresholds.len() + 1
        } else {
            thresholds.len()
        };
        out.push_str("  }\n");
        count
    }
}

impl Date {
    fn render(&self) -> String {
        // Mostly valid dates, the calendar's last day now and then (deadlines run past it).
        if self.month == u8::MAX {
            return "9999-12-31".into();
        }
        format!(
            "{:04}-{:02}-{:02}",
            1 + self.year % 9999,
            1 + self.month % 12,
            1 + self.day % 28
        )
    }
}

impl Envelope {
    fn render(
        &self,
        out: &mut String,
        indent: &str,
        name: &str,
        bands: usize,
        scope: &Scope,
        in_mission: bool,
    ) {
        let definition = match &self.definition {
            Definition::Table(entries) if bands > 0 => {
                let cells: Vec<String> = (0..bands)
                    .map(|i| match entries.get(i) {
                        Some(Some(amount)) => amount.render(),
                        Some(None) => "non précisé".into(),
                        None => "1 000 €".into(),
                    })
                    .collect();
                format!("par taille [{}]", cells.join(", "))
            }
            Definition::Table(entries) => {
                format!(
                    "= {}",
                    entries
                        .first()
                        .and_then(Option::as_ref)
                        .map_or("0 €".into(), Amount::render)
                )
            }
            Definition::Grid(cells, leave_out) if bands > 0 => {
                let cell = |i: usize| match cells.get(i) {
                    Some(Some(amount)) => amount.render(),
                    Some(None) => "non précisé".into(),
                    None => "1 000 €".into(),
                };
                let rows: Vec<String> = (0..bands)
                    .map(|band| {
                        let (urban, rural) = (cell(2 * band), cell(2 * band + 1));
                        let row = match (band + 1 == bands && *leave_out, band % 2) {
                            (true, _) => format!("{{ urbaine : {urban} }}"),
                            (false, 0) => format!("[{urban}, {rural}]"),
                            (false, _) => format!("{{ rurale : {rural}, urbaine : {urban} }}"),
                        };
                        format!("{indent}    taille_{} : {row}", band + 1)
                    })
                    .collect();
                format!("par taille et zone {{\n{}\n{indent}  }}", rows.join("\n"))
            }
            Definition::Grid(cells, _) => {
                format!(
                    "= {}",
                    cells
                        .first()
                        .and_then(Option::as_ref)
                        .map_or("0 €".into(), Amount::render)
                )
            }
            Definition::Formula(money) => format!("= {}", money.render(scope, 0)),
            Definition::Rules(s, t, closed, amounts) => {
                let cell =
                    |a: &Option<Amount>| a.as_ref().map_or("non précisé".into(), Amount::render);
                let (s, t) = (s % 200_000, t % 200_000);
                let below = if *closed { "jusqu'à" } else { "moins de" };
                format!(
                    "selon habitants et habitants {{\n{indent}    {below} {s}, {below} {t} : {}\n{indent}    {below} {s}, plus de {t} : {}\n{indent}    à partir de {s}, à partir de 0 : {}\n{indent}  }}",
                    cell(&amounts[0]),
                    cell(&amounts[1]),
                    cell(&amounts[2])
                )
            }
        };
        let _ = writeln!(out, "{indent}enveloppe {name} {definition}");
        let (usual, rules) = match &self.payments {
            Payments::Usual(schedule, advance) => {
                (true, vec![usual_schedule(*schedule, *advance, in_mission)])
            }
            Payments::Any(rules) => (false, rules.iter().take(4).map(Rule::render).collect()),
        };
        let variable = rules.iter().any(|r| r.contains("variable"));
        match self.fixed_share {
            Some(share) if !usual || variable => {
                let _ = writeln!(out, "{indent}  part fixe {} %", share % 101);
            }
            _ => {}
        }
        if !rules.is_empty() {
            let _ = writeln!(out, "{indent}  versement {}", rules.join(", "));
        }
        if let Some((kind, date)) = &self.in_time {
            let date = date.render();
            let line = match kind % 4 {
                0 => format!("réservé aux contrats signés avant le {date}"),
                1 => format!("reserve aux contrats signes apres le {date}"),
                2 => format!("à compter du {date}"),
                _ => format!("a compter du {date} au prorata"),
            };
            let _ = writeln!(out, "{indent}  {line}");
        }
    }
}

/// A payment schedule as the shipped agreements write them.
fn usual_schedule(schedule: u8, advance: u8, in_mission: bool) -> String {
    let advance = advance % 100 + 1;
    let schedules: &[String] = &if in_mission {
        vec![
            format!("avance {advance} % au démarrage au prorata, solde à l'anniversaire suivant, variable selon atteinte"),
            format!("avance {advance} % au démarrage, solde à l'anniversaire suivant"),
            "chaque année".into(),
            "variable selon atteinte".into(),
        ]
    } else {
        vec![
            "à la signature".into(),
            format!("avance {advance} % à la signature, solde à l'anniversaire suivant"),
            format!("avance {advance} % à la signature, puis avance {advance} % à chaque anniversaire, solde à l'anniversaire suivant"),
            "chaque année".into(),
            "la première année, chaque année suivante".into(),
            "à chaque crise déclarée".into(),
            "à la validation de la lettre d'intention".into(),
        ]
    };
    schedules[usize::from(schedule) % schedules.len()].clone()
}

impl Rule {
    fn render(&self) -> String {
        match self {
            Rule::AdvanceAtSignature(p) => format!("avance {} % à la signature", p % 101),
            Rule::AdvanceEachAnniversary(p) => {
                format!("avance {} % à chaque anniversaire", p % 101)
            }
            Rule::AdvanceAtStart(p, prorated) => {
                format!(
                    "avance {} % au démarrage{}",
                    p % 101,
                    if *prorated { " au prorata" } else { "" }
                )
            }
            Rule::Balance => "solde à l'anniversaire suivant".into(),
            Rule::Variable => "variable selon atteinte".into(),
            Rule::AtSignature => "à la signature".into(),
            Rule::FirstYear => "la première année".into(),
            Rule::FollowingYears => "chaque année suivante".into(),
            Rule::EachCrisis => "à chaque crise déclarée".into(),
            Rule::LetterOfIntent => "à la validation de la lettre d'intention".into(),
            Rule::EachYear => "chaque année".into(),
        }
    }
}

impl Agreement {
    /// The generated case as the JSON `clause eval` reads.
    pub fn case_json(&self) -> String {
        self.case.json(
            self.count_input,
            self.date_input,
            self.uses_grid(),
            &MISSIONS[..self.missions.len().min(MISSIONS.len())],
        )
    }

    /// Whether a rendered envelope is a table by two criteria (the agreement then declares the
    /// enumeration `type_zone` and the input `zone`, and the case gives a zone).
    fn uses_grid(&self) -> bool {
        let grid = |e: &Envelope| matches!(e.definition, Definition::Grid(..));
        self.envelopes.iter().take(6).any(grid)
            || self
                .missions
                .iter()
                .take(3)
                .any(|m| m.envelopes.iter().take(3).any(grid))
    }
}
