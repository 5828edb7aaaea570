//! A synthetic but plausible population of CPTS contracts, for costing amendments
//! (`clause cost`): the batch CSV of `clause eval --cases`, preceded by `#` lines that state
//! every assumption. Deterministic: the same count and seed give the same file.
//!
//! What it rests on (public figures, `../shared/domain.md`, "Facts for costing"):
//! - sizes: source 003 counts 131 contracts signed by 17 June 2021 covering 12 million people,
//!   93 000 on average; the mixture below (a quarter under 40 000, 30 % from 40 000 to 80 000,
//!   30 % from 80 000 to 175 000, 15 % from 175 000 to 230 000, uniform within each) has a mean
//!   of about 94 000 — a modelling choice, the sources give no distribution;
//! - signatures: the first contract follows the ACI of 20 June 2019; the first 13.1 % of the
//!   contracts (131 of 1 000) are signed by 17 June 2021 (source 003), the rest evenly until
//!   31 December 2022, to reach the national target of 1 000 CPTS (source 001); source 004
//!   (PACA-Corse: 25 contracts in 2021, 46 in 2022) shows the same acceleration;
//! - missions: the mandatory ones start within their deadlines (access to care within 6 months
//!   of the signature, pathways and prevention within 12), each day equally likely; each optional
//!   mission is engaged by half the contracts, started within 12 months;
//! - achievement: one rate for every variable part, from 50 % to 100 % in steps of 5 %.

use chrono::{Datelike, NaiveDate};
use std::io::Write;

/// The columns, as `clause eval --cases` reads them.
pub const HEADER: &str = "id,habitants,signature,debut.acces_aux_soins,debut.parcours,debut.prevention,qualite,debut.qualite,accompagnement,debut.accompagnement,taux_atteinte";

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny, well-studied generator, enough to spread
/// synthetic contracts reproducibly without a dependency.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `low..high` (`high > low`).
    fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.next() % (high - low)
    }
}

fn day(year: i32, month: u32, day: u32) -> i64 {
    NaiveDate::from_ymd_opt(year, month, day).map_or(0, |d| i64::from(d.num_days_from_ce()))
}

fn date(days: i64) -> String {
    i32::try_from(days)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .map_or_else(String::new, |d| d.format("%Y-%m-%d").to_string())
}

/// Writes `count` contracts. `seed` changes the draw, not the assumptions.
pub fn write_population(out: &mut impl Write, count: usize, seed: u64) -> std::io::Result<()> {
    let mut random = SplitMix(seed);
    let first = day(2019, 7, 1);
    let by_june_2021 = day(2021, 6, 17);
    let end_2022 = day(2022, 12, 31);
    // 131 of 1 000 contracts signed by 17 June 2021, in proportion for any count.
    let early = (count * 131).div_ceil(1000);
    writeln!(out, "# Population synthétique de {count} CPTS (graine {seed}), produite par `cargo run -p clause-gen --bin population -- {count} {seed}`.")?;
    writeln!(out, "# Hypothèse (taille) : 25 % de moins de 40 000 habitants, 30 % de 40 000 à 80 000, 30 % de 80 000 à 175 000, 15 % de 175 000 à 230 000, uniformes dans chaque groupe : moyenne d’environ 94 000 (Le Quotidien du médecin, 2 juillet 2021 : 93 000 en moyenne pour 131 contrats) ; la répartition est un choix de modélisation.")?;
    writeln!(out, "# Hypothèse (signatures) : 13,1 % des contrats signés du 1er juillet 2019 au 17 juin 2021 (Le Quotidien du médecin, 2 juillet 2021 : 131 contrats à cette date), les autres régulièrement jusqu’au 31 décembre 2022 (CPAM de l’Isère, atelier du 24 septembre 2019 : objectif de 1 000 CPTS ; Assurance Maladie PACA-Corse, rapport annuel 2022 : de 25 à 46 ACI signés de 2021 à 2022).")?;
    writeln!(out, "# Hypothèse (missions) : missions socles démarrées dans leur délai (accès aux soins sous 6 mois, parcours et prévention sous 12 mois), chaque jour également probable ; chaque mission optionnelle engagée par un contrat sur deux, démarrée sous 12 mois.")?;
    writeln!(out, "# Hypothèse (atteinte) : un taux d’atteinte unique par contrat, de 50 % à 100 % par pas de 5 %.")?;
    writeln!(out, "{HEADER}")?;
    for index in 0..count {
        let signature = if index < early {
            first + (by_june_2021 - first) * index as i64 / early.max(1) as i64
        } else {
            by_june_2021
                + 1
                + (end_2022 - by_june_2021 - 1) * (index - early) as i64
                    / (count - early).max(1) as i64
        };
        let group = random.between(0, 100);
        let inhabitants = match group {
            0..=24 => random.between(10_000, 40_000),
            25..=54 => random.between(40_000, 80_000),
            55..=84 => random.between(80_000, 175_000),
            _ => random.between(175_000, 230_000),
        };
        // A month is at most 31 days: "within 6 months" drawn within 181 days stays inside.
        let access = signature + random.between(0, 181) as i64;
        let pathways = signature + random.between(0, 365) as i64;
        let prevention = signature + random.between(0, 365) as i64;
        let quality = random.next().is_multiple_of(2);
        let quality_start = signature + random.between(0, 365) as i64;
        let support = random.next().is_multiple_of(2);
        let support_start = signature + random.between(0, 365) as i64;
        let rate = 50 + 5 * random.between(0, 11);
        let optional = |engaged: bool, start: i64| {
            if engaged {
                ("true", date(start))
            } else {
                ("false", String::new())
            }
        };
        let (quality, quality_start) = optional(quality, quality_start);
        let (support, support_start) = optional(support, support_start);
        let rate = if rate == 100 {
            "1".to_string()
        } else {
            format!("0.{rate}")
        };
        writeln!(
            out,
            "CPTS-{:06},{inhabitants},{},{},{},{},{quality},{quality_start},{support},{support_start},{rate}",
            index + 1,
            date(signature),
            date(access),
            date(pathways),
            date(prevention),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_population_follows_its_stated_assumptions() {
        let mut out = Vec::new();
        write_population(&mut out, 1000, 7).expect("written");
        let text = String::from_utf8(out).expect("utf-8");
        let rows: Vec<Vec<&str>> = text
            .lines()
            .filter(|l| !l.starts_with('#'))
            .skip(1)
            .map(|l| l.split(',').collect())
            .collect();
        assert_eq!(rows.len(), 1000);
        // 131 signed by 17 June 2021 (ISO dates compare as text).
        let early = rows.iter().filter(|r| r[2] <= "2021-06-17").count();
        assert_eq!(early, 131);
        assert!(rows
            .iter()
            .all(|r| r[2] >= "2019-07-01" && r[2] <= "2022-12-31"));
        let mean: u64 = rows
            .iter()
            .map(|r| r[1].parse::<u64>().expect("n"))
            .sum::<u64>()
            / 1000;
        assert!((85_000..=100_000).contains(&mean), "mean {mean}");
        // The access-to-care mission starts within 6 months of the signature.
        assert!(rows.iter().all(|r| r[3] >= r[2]));
        let mut again = Vec::new();
        write_population(&mut again, 1000, 7).expect("written");
        assert_eq!(text.as_bytes(), again.as_slice(), "deterministic");
    }
}
