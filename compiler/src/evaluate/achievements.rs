//! A mission's achievements by contract year, as a case gives them: a handful, in the order of
//! the years, held without allocating (a batch row gives them for every mission).

use rust_decimal::Decimal;
use smallvec::SmallVec;

/// The achievements of a mission by contract year, in the order of the years.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Achievements(SmallVec<[(u32, Decimal); 6]>);

impl Achievements {
    /// Sets the achievement of a year (replacing one given before).
    pub fn insert(&mut self, year: u32, rate: Decimal) {
        // Years given in order (a batch row's columns): appended.
        if self.0.last().is_none_or(|(last, _)| *last < year) {
            self.0.push((year, rate));
            return;
        }
        match self.0.binary_search_by_key(&year, |(y, _)| *y) {
            Ok(at) => self.0[at].1 = rate,
            Err(at) => self.0.insert(at, (year, rate)),
        }
    }

    pub fn get(&self, year: &u32) -> Option<&Decimal> {
        self.0.iter().find(|(y, _)| y == year).map(|(_, rate)| rate)
    }

    /// The years given, in order.
    pub fn keys(&self) -> impl Iterator<Item = &u32> {
        self.0.iter().map(|(year, _)| year)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
