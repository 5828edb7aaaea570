//! Exact gap and overlap analysis of a table of rules over two inputs: each axis cut by
//! `band_sweep::sweep` into pieces covered by the same rules' intervals, the product of the
//! pieces into elementary cells (a cell's rules: those covering both its pieces), then the cells
//! with no rule (gaps) or several (overlaps) merged into rectangles for the wording.

use super::band_sweep::{first_whole, sweep, Interval};

/// A rectangle of the product space covered by the same rules (indices into the input).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rect {
    pub x: Interval,
    pub y: Interval,
    pub rules: Vec<usize>,
}

/// The gaps (no rule) and overlaps (two rules or more) of `rules` (each an interval on each
/// axis) within `domains`, as rectangles: disjoint, together holding exactly the faulty points.
/// On a whole-number axis (`whole`), a piece holding no whole number is left out.
pub fn faults(rules: &[[Interval; 2]], domains: [Interval; 2], whole: [bool; 2]) -> Vec<Rect> {
    let axis = |k: usize| {
        let intervals: Vec<Interval> = rules.iter().map(|r| r[k]).collect();
        sweep(&intervals, domains[k])
            .into_iter()
            .filter(|piece| !whole[k] || first_whole(&piece.interval).is_some())
            .collect::<Vec<_>>()
    };
    let (xs, ys) = (axis(0), axis(1));
    // The rules of each cell (`xs` × `ys`), and whether it is already in a rectangle.
    let cell = |i: usize, j: usize| -> Vec<usize> {
        xs[i]
            .bands
            .iter()
            .copied()
            .filter(|r| ys[j].bands.contains(r))
            .collect()
    };
    let rules_of: Vec<Vec<Vec<usize>>> = (0..xs.len())
        .map(|i| (0..ys.len()).map(|j| cell(i, j)).collect())
        .collect();
    let mut taken = vec![vec![false; ys.len()]; xs.len()];
    let mut rects = Vec::new();
    for i in 0..xs.len() {
        for j in 0..ys.len() {
            let rules = &rules_of[i][j];
            if taken[i][j] || rules.len() == 1 {
                continue;
            }
            let same = |a: usize, b: usize| !taken[a][b] && rules_of[a][b] == *rules;
            // Grow along y, then along x while the whole strip stays the same.
            let mut j_end = j;
            while j_end + 1 < ys.len()
                && (whole[1] || contiguous(&ys[j_end].interval, &ys[j_end + 1].interval))
                && same(i, j_end + 1)
            {
                j_end += 1;
            }
            let mut i_end = i;
            while i_end + 1 < xs.len()
                && (whole[0] || contiguous(&xs[i_end].interval, &xs[i_end + 1].interval))
                && (j..=j_end).all(|b| same(i_end + 1, b))
            {
                i_end += 1;
            }
            for row in taken.iter_mut().take(i_end + 1).skip(i) {
                for t in row.iter_mut().take(j_end + 1).skip(j) {
                    *t = true;
                }
            }
            rects.push(Rect {
                x: span(&xs[i].interval, &xs[i_end].interval),
                y: span(&ys[j].interval, &ys[j_end].interval),
                rules: rules.clone(),
            });
        }
    }
    rects
}

/// Whether `b` starts where `a` stops (no piece left out between them; on a whole-number axis
/// the pieces left out hold no whole number, so any two neighbours join).
fn contiguous(a: &Interval, b: &Interval) -> bool {
    a.high
        .is_some_and(|h| h.value == b.low.value && h.closed != b.low.closed)
}

/// From the start of `a` to the end of `b`.
fn span(a: &Interval, b: &Interval) -> Interval {
    Interval {
        low: a.low,
        high: b.high,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interval::Bound;
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    fn d(n: i64) -> Decimal {
        Decimal::from(n)
    }

    fn closed_open(a: i64, b: Option<i64>) -> Interval {
        Interval {
            low: Bound::closed(d(a)),
            high: b.map(|b| Bound::open(d(b))),
        }
    }

    /// The example: habitants × atteinte (in hundredths), the rule for
    /// [40 000, 80 000) × [50, 80) left out: one gap, exactly that rectangle.
    #[test]
    fn one_missing_rule_is_one_gap_rectangle() {
        let h = [(0, Some(40_000)), (40_000, Some(80_000)), (80_000, None)];
        let a = [(0, Some(50)), (50, Some(80)), (80, None)];
        let mut rules = Vec::new();
        for (i, x) in h.iter().enumerate() {
            for (j, y) in a.iter().enumerate() {
                if (i, j) != (1, 1) {
                    rules.push([closed_open(x.0, x.1), closed_open(y.0, y.1)]);
                }
            }
        }
        let faults = faults(&rules, [Interval::NATURAL; 2], [true, false]);
        assert_eq!(
            faults,
            vec![Rect {
                x: closed_open(40_000, Some(80_000)),
                y: closed_open(50, Some(80)),
                rules: vec![],
            }]
        );
    }

    /// Two rules overlapping on a corner: the overlap is the corner, named with both rules;
    /// the rest of the space is a gap, in rectangles.
    #[test]
    fn corner_overlap_names_both_rules() {
        let rules = [
            [closed_open(0, Some(10)), closed_open(0, Some(10))],
            [closed_open(5, None), closed_open(5, None)],
        ];
        let faults = faults(&rules, [Interval::NATURAL; 2], [false, false]);
        let overlaps: Vec<&Rect> = faults.iter().filter(|r| r.rules.len() > 1).collect();
        assert_eq!(overlaps.len(), 1);
        assert_eq!(overlaps[0].x, closed_open(5, Some(10)));
        assert_eq!(overlaps[0].y, closed_open(5, Some(10)));
        assert_eq!(overlaps[0].rules, vec![0, 1]);
    }

    fn bound() -> impl Strategy<Value = Bound> {
        (-10i64..40, any::<bool>(), any::<bool>()).prop_map(|(v, tenth, closed)| Bound {
            value: if tenth {
                Decimal::new(v, 1)
            } else {
                Decimal::from(v / 4)
            },
            closed,
        })
    }

    fn interval() -> impl Strategy<Value = Interval> {
        (bound(), proptest::option::weighted(0.8, bound()))
            .prop_map(|(low, high)| Interval { low, high })
    }

    /// The brute-force model: the rules holding the point, rule by rule.
    fn model(rules: &[[Interval; 2]], x: Decimal, y: Decimal) -> Vec<usize> {
        (0..rules.len())
            .filter(|&k| rules[k][0].contains(x) && rules[k][1].contains(y))
            .collect()
    }

    /// Every bound of the rules and domains, and points just around each.
    fn probes(intervals: impl Iterator<Item = Interval>) -> Vec<Decimal> {
        let mut probes = vec![Decimal::ZERO, d(50)];
        let e = Decimal::new(1, 3);
        for i in intervals {
            for v in std::iter::once(i.low.value).chain(i.high.map(|h| h.value)) {
                probes.extend([v, v - e, v + e]);
            }
        }
        probes.sort();
        probes.dedup();
        // The midpoints between neighbouring probes too.
        let mids: Vec<Decimal> = probes.windows(2).map(|w| (w[0] + w[1]) / d(2)).collect();
        probes.extend(mids);
        probes
    }

    proptest! {
        /// 2-D sweep = brute force: at every bound, around it and between bounds on each axis,
        /// a point of the domains is in a fault rectangle exactly when no rule or several hold
        /// it, in exactly one rectangle, naming exactly those rules; a point outside the domains
        /// is in none.
        #[test]
        fn faults_match_brute_force(
            rules in proptest::collection::vec((interval(), interval()), 0..5),
            domains in proptest::option::weighted(0.4, (interval(), interval())),
        ) {
            let rules: Vec<[Interval; 2]> = rules.into_iter().map(|(x, y)| [x, y]).collect();
            let domains = match domains {
                Some((x, y)) if !x.is_empty() && !y.is_empty() => [x, y],
                _ => [Interval::NATURAL; 2],
            };
            let rects = faults(&rules, domains, [false, false]);
            let xs = probes(rules.iter().map(|r| r[0]).chain([domains[0]]));
            let ys = probes(rules.iter().map(|r| r[1]).chain([domains[1]]));
            for &x in &xs {
                for &y in &ys {
                    let holding: Vec<&Rect> = rects
                        .iter()
                        .filter(|r| r.x.contains(x) && r.y.contains(y))
                        .collect();
                    if !(domains[0].contains(x) && domains[1].contains(y)) {
                        prop_assert!(holding.is_empty(), "({}, {}) hors du domaine", x, y);
                        continue;
                    }
                    let expected = model(&rules, x, y);
                    if expected.len() == 1 {
                        prop_assert!(holding.is_empty(), "({}, {}) n'est pas une faute", x, y);
                    } else {
                        prop_assert_eq!(holding.len(), 1, "({}, {}) dans un seul rectangle", x, y);
                        prop_assert_eq!(&holding[0].rules, &expected, "à ({}, {})", x, y);
                    }
                }
            }
        }

        /// Whole-number axes: every pair of whole numbers is in a fault rectangle exactly when
        /// no rule or several hold it.
        #[test]
        fn whole_faults_match_brute_force(
            raw in proptest::collection::vec(
                ((0i64..12, proptest::option::weighted(0.8, 0i64..12)),
                 (0i64..12, proptest::option::weighted(0.8, 0i64..12))), 0..5)
        ) {
            let rules: Vec<[Interval; 2]> = raw
                .iter()
                .map(|&((a, b), (c, e))| [
                    Interval::whole(d(a), b.map(d)),
                    Interval::whole(d(c), e.map(d)),
                ])
                .collect();
            let rects = faults(&rules, [Interval::NATURAL; 2], [true, true]);
            for x in (0..15).map(d) {
                for y in (0..15).map(d) {
                    let holding: Vec<&Rect> = rects
                        .iter()
                        .filter(|r| r.x.contains(x) && r.y.contains(y))
                        .collect();
                    let expected = model(&rules, x, y);
                    if expected.len() == 1 {
                        prop_assert!(holding.is_empty());
                    } else {
                        prop_assert_eq!(holding.len(), 1);
                        prop_assert_eq!(&holding[0].rules, &expected);
                    }
                }
            }
        }
    }
}
