//! The distribution of the differences over the contracts: exact nearest-rank quantiles (each
//! the difference of a real contract) and the mean rounded to the cent, half away from zero.

use crate::money::Money;
use rust_decimal::Decimal;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Distribution {
    pub minimum: Money,
    pub q10: Money,
    pub q25: Money,
    pub mediane: Money,
    pub q75: Money,
    pub q90: Money,
    pub maximum: Money,
    pub moyenne: Money,
}

impl Distribution {
    /// Nearest-rank quantiles of sorted differences; `None` for an empty population.
    pub fn of(sorted: &[Decimal]) -> Option<Distribution> {
        let n = sorted.len();
        if n == 0 {
            return None;
        }
        // The ⌈p·n⌉-th smallest, with p = percent / 100, in integers.
        let rank = |percent: usize| sorted[(percent * n).div_ceil(100).clamp(1, n) - 1];
        let sum: Decimal = sorted.iter().sum();
        let mean = (sum / Decimal::from(n))
            .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        Some(Distribution {
            minimum: Money(sorted[0]),
            q10: Money(rank(10)),
            q25: Money(rank(25)),
            mediane: Money(rank(50)),
            q75: Money(rank(75)),
            q90: Money(rank(90)),
            maximum: Money(sorted[n - 1]),
            moyenne: Money(mean),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Money;

    fn d(text: &str) -> Decimal {
        text.parse().expect("decimal")
    }

    #[test]
    fn nearest_rank_quantiles_are_differences_of_real_contracts() {
        // Ten sorted differences 1..=10: q10 is the 1st (⌈0.1·10⌉ = 1), q25 the 3rd
        // (⌈2.5⌉ = 3), the median the 5th, q75 the 8th (⌈7.5⌉), q90 the 9th; mean 55/10 = 5.5.
        let sorted: Vec<Decimal> = (1..=10).map(Decimal::from).collect();
        let q = Distribution::of(&sorted).expect("some");
        let got = [
            q.minimum, q.q10, q.q25, q.mediane, q.q75, q.q90, q.maximum, q.moyenne,
        ];
        let want = ["1", "1", "3", "5", "8", "9", "10", "5.50"].map(|t| Money(d(t)));
        assert_eq!(got, want);
        assert_eq!(Distribution::of(&[]), None);
        // One contract: every quantile is its difference.
        let one = Distribution::of(&[d("-12.34")]).expect("some");
        assert_eq!(one.q10, Money(d("-12.34")));
        assert_eq!(one.maximum, Money(d("-12.34")));
    }

    #[test]
    fn the_mean_rounds_half_away_from_zero_to_the_cent() {
        // (0.01 + 0.02) / 2 = 0.015 → 0.02; (-0.01 - 0.02) / 2 = -0.015 → -0.02.
        let up = Distribution::of(&[d("0.01"), d("0.02")]).expect("some");
        assert_eq!(up.moyenne, Money(d("0.02")));
        let down = Distribution::of(&[d("-0.02"), d("-0.01")]).expect("some");
        assert_eq!(down.moyenne, Money(d("-0.02")));
    }
}
