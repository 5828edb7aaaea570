//! Exact band analysis by sort and sweep: the domain `[start, ∞)` cut at every bound into
//! elementary pieces (a point, or the open interval between two bounds), each piece with the set
//! of bands that cover it, neighbours with the same set merged. Gaps (no band) and overlaps (two
//! bands or more) then fall out for any band set, in any order, with open or closed bounds.

pub use crate::interval::{Bound, Interval};
use rust_decimal::Decimal;

/// A maximal stretch of the domain covered by the same bands (indices into the input, ascending).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    pub interval: Interval,
    pub bands: Vec<usize>,
}

/// The regions of the domain, in increasing order, covering it exactly once.
pub fn sweep(bands: &[Interval], domain: Interval) -> Vec<Region> {
    let inside = |v: Decimal| v > domain.low.value && domain.high.is_none_or(|h| v < h.value);
    let mut points: Vec<Decimal> = bands
        .iter()
        .flat_map(|b| std::iter::once(b.low.value).chain(b.high.map(|h| h.value)))
        .filter(|v| inside(*v))
        .collect();
    points.push(domain.low.value);
    points.extend(domain.high.map(|h| h.value));
    points.sort();
    points.dedup();
    let mut pieces: Vec<Region> = Vec::new();
    for (i, &p) in points.iter().enumerate() {
        let next = points.get(i + 1).copied();
        if domain.contains(p) {
            let at: Vec<usize> = (0..bands.len()).filter(|&k| bands[k].contains(p)).collect();
            push(&mut pieces, Bound::closed(p), Some(Bound::closed(p)), at);
        }
        // The stretch after the last point exists only when the domain goes on forever.
        if next.is_some() || domain.high.is_none() {
            let between: Vec<usize> = (0..bands.len())
                .filter(|&k| bands[k].covers_open(p, next))
                .collect();
            push(&mut pieces, Bound::open(p), next.map(Bound::open), between);
        }
    }
    pieces
}

/// Appends a piece, merged with the previous one when the same bands cover both.
fn push(regions: &mut Vec<Region>, low: Bound, high: Option<Bound>, bands: Vec<usize>) {
    if let Some(last) = regions.last_mut() {
        if last.bands == bands {
            last.interval.high = high;
            return;
        }
    }
    regions.push(Region {
        interval: Interval { low, high },
        bands,
    });
}

/// The regions with no band (gaps) or with two bands or more (overlaps); for whole-number bands
/// (`Interval::whole`) a region holding no whole number is dropped.
pub fn faults(bands: &[Interval], domain: Interval, whole: bool) -> Vec<Region> {
    sweep(bands, domain)
        .into_iter()
        .filter(|r| r.bands.len() != 1)
        .filter(|r| !whole || first_whole(&r.interval).is_some())
        .collect()
}

/// The smallest whole number in the interval, if any (for the regions of whole-number bands).
pub fn first_whole(i: &Interval) -> Option<Decimal> {
    let low = if i.low.closed && i.low.value.fract().is_zero() {
        i.low.value
    } else {
        i.low.value.floor() + Decimal::ONE
    };
    i.contains(low).then_some(low)
}

/// The largest whole number in the interval (`None` when it goes on forever or holds none).
pub fn last_whole(i: &Interval) -> Option<Decimal> {
    let h = i.high?;
    let high = if h.closed && h.value.fract().is_zero() {
        h.value
    } else {
        h.value.ceil() - Decimal::ONE
    };
    i.contains(high).then_some(high)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(n: i64) -> Decimal {
        Decimal::from(n)
    }

    fn whole(low: i64, high: Option<i64>) -> Interval {
        Interval::whole(d(low), high.map(d))
    }

    /// Each fault as (first whole number, last whole number, bands).
    fn summary(bands: &[Interval]) -> Vec<(Option<Decimal>, Option<Decimal>, Vec<usize>)> {
        faults(bands, Interval::NATURAL, true)
            .into_iter()
            .map(|r| (first_whole(&r.interval), last_whole(&r.interval), r.bands))
            .collect()
    }

    /// The first example: `[2..4] [3..4] [6..8] [6..7]`: gap 0–1, overlap 3–4 (two
    /// bands), gap 5, overlap 6–7 (two bands), 8 in `[6..8]` alone, gap from 9 on.
    #[test]
    fn neighbours_are_not_enough() {
        let bands = [
            whole(2, Some(4)),
            whole(3, Some(4)),
            whole(6, Some(8)),
            whole(6, Some(7)),
        ];
        let f = summary(&bands);
        assert_eq!(
            f,
            vec![
                (Some(d(0)), Some(d(1)), vec![]),
                (Some(d(3)), Some(d(4)), vec![0, 1]),
                (Some(d(5)), Some(d(5)), vec![]),
                (Some(d(6)), Some(d(7)), vec![2, 3]),
                (Some(d(9)), None, vec![]),
            ]
        );
    }

    /// `de 0 à 10`, `de 2 à 3`, `à partir de 5`: no gap at 4 (it is in `de 0 à 10`); 2–3 and
    /// 5–10 in two bands.
    #[test]
    fn no_false_gap_inside_a_wide_band() {
        let bands = [whole(0, Some(10)), whole(2, Some(3)), whole(5, None)];
        let f = summary(&bands);
        assert_eq!(
            f,
            vec![
                (Some(d(2)), Some(d(3)), vec![0, 1]),
                (Some(d(5)), Some(d(10)), vec![0, 2]),
            ]
        );
    }

    /// A bound of random sign, precision (whole numbers, tenths) and closedness.
    fn bound() -> impl Strategy<Value = Bound> {
        (-30i64..60, any::<bool>(), any::<bool>()).prop_map(|(v, tenth, closed)| Bound {
            value: if tenth {
                Decimal::new(v, 1)
            } else {
                Decimal::from(v / 6)
            },
            closed,
        })
    }

    fn interval() -> impl Strategy<Value = Interval> {
        (bound(), proptest::option::weighted(0.8, bound()))
            .prop_map(|(low, high)| Interval { low, high })
    }

    /// The brute-force model: the bands holding `x`, band by band.
    fn model(bands: &[Interval], x: Decimal) -> Vec<usize> {
        (0..bands.len()).filter(|&k| bands[k].contains(x)).collect()
    }

    proptest! {
        /// Sweep = brute force: at every bound, between and around bounds (every region is one of
        /// these pieces or a union of them), the region holding `x` names exactly the bands
        /// holding `x`; the regions tile `[0, ∞)` in order.
        #[test]
        fn sweep_matches_brute_force(
            bands in proptest::collection::vec(interval(), 0..7),
            domain in proptest::option::weighted(0.5, interval()),
        ) {
            let domain = domain.filter(|d| !d.is_empty()).unwrap_or(Interval::NATURAL);
            let regions = sweep(&bands, domain);
            let mut probes: Vec<Decimal> = vec![Decimal::ZERO, d(100)];
            for b in bands.iter().chain([&domain]) {
                for v in std::iter::once(b.low.value).chain(b.high.map(|h| h.value)) {
                    let e = Decimal::new(1, 3);
                    probes.extend([v, v - e, v + e]);
                }
            }
            for x in probes {
                let holding: Vec<&Region> =
                    regions.iter().filter(|r| r.interval.contains(x)).collect();
                if !domain.contains(x) {
                    prop_assert!(holding.is_empty(), "{} hors du domaine", x);
                    continue;
                }
                prop_assert_eq!(holding.len(), 1, "{} dans une seule région", x);
                prop_assert_eq!(&holding[0].bands, &model(&bands, x), "à {}", x);
            }
            for pair in regions.windows(2) {
                let h = pair[0].interval.high.expect("only the last region is open");
                prop_assert_eq!(h.value, pair[1].interval.low.value);
                prop_assert_ne!(h.closed, pair[1].interval.low.closed);
                prop_assert_ne!(&pair[0].bands, &pair[1].bands);
            }
        }

        /// Whole-number bands: every whole number from 0 to past the last bound is in a fault
        /// region exactly when it is in no band or in several, with the same bands.
        #[test]
        fn whole_faults_match_brute_force(
            raw in proptest::collection::vec((0i64..30, proptest::option::weighted(0.8, 0i64..30)), 0..7)
        ) {
            let bands: Vec<Interval> = raw.iter().map(|&(l, h)| whole(l, h)).collect();
            let faults = faults(&bands, Interval::NATURAL, true);
            for x in (0..35).map(d) {
                let holding: Vec<&Region> =
                    faults.iter().filter(|r| r.interval.contains(x)).collect();
                let expected = model(&bands, x);
                if expected.len() == 1 {
                    prop_assert!(holding.is_empty(), "{} n'est pas une faute", x);
                } else {
                    prop_assert_eq!(holding.len(), 1);
                    prop_assert_eq!(&holding[0].bands, &expected);
                }
            }
        }
    }
}
