//! A mission's achievements by contract year, as a case gives them: the first years in a fixed
//! array indexed by the year (a batch row sets some twenty-five of them, one store each, and a
//! payment reads one by its index), later years, rare, in a list.

use rust_decimal::Decimal;

/// Years held in the array: a contract's years, nearly always (five for a CPTS).
const HELD: usize = 8;

/// The achievements of a mission by contract year.
#[derive(Debug, Clone, Default)]
pub struct Achievements {
    /// Bit `y - 1`: year `y` (1..=8) is given, its rate in `rates[y - 1]`.
    given: u8,
    rates: [Decimal; HELD],
    /// Years past the eighth, in the order of the years.
    later: Vec<(u32, Decimal)>,
}

impl Achievements {
    /// No year given (a `const`: the missions a line outside any mission reads are statics).
    pub const NONE: Achievements = Achievements {
        given: 0,
        rates: [Decimal::ZERO; HELD],
        later: Vec::new(),
    };

    /// Sets the achievement of a year (replacing one given before).
    #[inline]
    pub fn insert(&mut self, year: u32, rate: Decimal) {
        match slot(year) {
            Some(at) => {
                self.rates[at] = rate;
                self.given |= 1 << at;
            }
            None => match self.later.binary_search_by_key(&year, |(y, _)| *y) {
                Ok(at) => self.later[at].1 = rate,
                Err(at) => self.later.insert(at, (year, rate)),
            },
        }
    }

    #[inline]
    pub fn get(&self, year: &u32) -> Option<&Decimal> {
        match slot(*year) {
            Some(at) => (self.given & (1 << at) != 0).then(|| &self.rates[at]),
            None => self
                .later
                .iter()
                .find(|(y, _)| y == year)
                .map(|(_, rate)| rate),
        }
    }

    /// The years given, in order.
    pub fn keys(&self) -> impl Iterator<Item = &u32> {
        const YEARS: [u32; HELD] = [1, 2, 3, 4, 5, 6, 7, 8];
        let given = self.given;
        YEARS
            .iter()
            .enumerate()
            .filter(move |(at, _)| given & (1 << at) != 0)
            .map(|(_, year)| year)
            .chain(self.later.iter().map(|(year, _)| year))
    }

    pub fn is_empty(&self) -> bool {
        self.given == 0 && self.later.is_empty()
    }

    /// Forgets every year (a batch worker's case, filled again for the next row).
    pub fn clear(&mut self) {
        self.given = 0;
        self.later.clear();
    }
}

/// The array's index of a year, when it holds it.
fn slot(year: u32) -> Option<usize> {
    let at = (year as usize).checked_sub(1)?;
    (at < HELD).then_some(at)
}

/// Equal when the same years have the same rates (the array's unused slots do not count).
impl PartialEq for Achievements {
    fn eq(&self, other: &Self) -> bool {
        self.keys().eq(other.keys()) && self.keys().all(|year| self.get(year) == other.get(year))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_are_kept_in_order_replaced_and_cleared() {
        let rate = |n: i64| Decimal::new(n, 2);
        let mut a = Achievements::default();
        assert!(a.is_empty());
        for year in [12, 3, 1, 9, 8, 3] {
            a.insert(year, rate(i64::from(year)));
        }
        a.insert(3, rate(50));
        assert_eq!(a.keys().copied().collect::<Vec<_>>(), [1, 3, 8, 9, 12]);
        assert_eq!(a.get(&3), Some(&rate(50)));
        assert_eq!(a.get(&12), Some(&rate(12)));
        assert_eq!(a.get(&2), None);
        assert_eq!(a.get(&0), None);
        // A slot written then forgotten is no year, and makes no difference.
        let mut b = a.clone();
        b.insert(2, rate(7));
        assert_ne!(a, b);
        b.clear();
        assert!(b.is_empty() && b.get(&2).is_none());
        for year in [1, 3, 8, 9, 12] {
            b.insert(year, *a.get(&year).unwrap_or(&Decimal::ZERO));
        }
        assert_eq!(a, b);
    }
}
