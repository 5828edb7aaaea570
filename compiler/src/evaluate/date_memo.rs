//! A batch worker's memo of the dates it read: a cell `AAAA-MM-JJ` seen before is found by its
//! ten bytes in a direct-mapped table instead of being read again (a batch's dates are a few
//! thousand days over millions of cells).

use super::cells::iso_date;
use chrono::NaiveDate;

/// Slots of a worker's table (16 bytes each: 256 KiB, allocated once the memo starts).
const SLOTS_LOG2: u32 = 14;

/// Dates read before the memo starts: a small batch (or a case file) never allocates it.
const WARM_UP: u32 = 64;

/// One slot: the cell's first eight bytes and last two, and its date (`None`: an empty slot;
/// only days that exist are kept, a refused date is read again, as it is rare).
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    head: u64,
    tail: u16,
    date: Option<NaiveDate>,
}

/// `iso_date` with a memory of the cells read (`DateMemo::iso_date` answers what it answers).
#[derive(Debug, Default)]
pub struct DateMemo {
    slots: Vec<Slot>,
    /// Dates read while the table is not yet allocated.
    read: u32,
    /// The number of slots' log2 (`SLOTS_LOG2` once started; a test sets fewer).
    log2: u32,
}

impl DateMemo {
    /// A memo of `2^log2` slots that starts at once (tests: few slots, many collisions).
    #[cfg(test)]
    fn with_slots(log2: u32) -> Self {
        DateMemo {
            slots: vec![Slot::default(); 1 << log2],
            read: WARM_UP,
            log2,
        }
    }

    /// What `iso_date(cell)` gives.
    #[inline]
    pub fn iso_date(&mut self, cell: &[u8]) -> Option<Option<NaiveDate>> {
        let &[a, b, c, d, e, f, g, h, i, j] = cell else {
            return iso_date(cell);
        };
        if self.slots.is_empty() {
            return self.warm_up(cell);
        }
        let head = u64::from_le_bytes([a, b, c, d, e, f, g, h]);
        let tail = u16::from_le_bytes([i, j]);
        // The day's digits put over the dashes (bytes 4 and 7): one word that differs for any
        // two dates, mixed by a product into the high bits taken as the index.
        let key = head ^ (u64::from(i) << 32) ^ (u64::from(j) << 56);
        let at = (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - self.log2)) as usize;
        let slot = self.slots.get_mut(at)?;
        if slot.head == head && slot.tail == tail {
            if let Some(date) = slot.date {
                return Some(Some(date));
            }
        }
        let read = iso_date(cell);
        if let Some(Some(date)) = read {
            *slot = Slot {
                head,
                tail,
                date: Some(date),
            };
        }
        read
    }

    /// The first dates read without the table, which is allocated after `WARM_UP` of them.
    #[cold]
    fn warm_up(&mut self, cell: &[u8]) -> Option<Option<NaiveDate>> {
        self.read += 1;
        if self.read >= WARM_UP {
            self.log2 = SLOTS_LOG2;
            self.slots = vec![Slot::default(); 1 << SLOTS_LOG2];
        }
        iso_date(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;
    use proptest::prelude::*;

    /// Ten-byte cells, dates and near misses, from few values (the same cells come back).
    fn cell() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            (1990u32..2035, 0u32..14, 0u32..33)
                .prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}").into_bytes()),
            proptest::collection::vec(
                prop_oneof![Just(b'0'), Just(b'1'), Just(b'2'), Just(b'-'), Just(b' ')],
                9..12
            ),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// The memo answers what `iso_date` answers, in a table of 4 to 64 slots (every cell
        /// collides with others) and in a started table of the batch's size.
        #[test]
        fn the_memo_answers_what_the_reader_answers(
            cells in proptest::collection::vec(cell(), 1..400),
            log2 in 2u32..7,
        ) {
            let mut small = DateMemo::with_slots(log2);
            let mut full = DateMemo::default();
            for cell in cells.iter().chain(&cells) {
                prop_assert_eq!(small.iso_date(cell), iso_date(cell), "{:?}", cell);
                prop_assert_eq!(full.iso_date(cell), iso_date(cell), "{:?}", cell);
            }
        }
    }

    #[test]
    fn the_table_starts_after_the_warm_up() {
        let mut memo = DateMemo::default();
        for day in 1..=WARM_UP {
            let cell = format!("2021-01-{:02}", day % 28 + 1);
            assert!(memo.slots.is_empty() || day == WARM_UP);
            assert_eq!(memo.iso_date(cell.as_bytes()), iso_date(cell.as_bytes()));
        }
        assert_eq!(memo.slots.len(), 1 << SLOTS_LOG2);
        // Every day of 2000–2030 read twice: the second time from the table, the same dates.
        for round in 0..2 {
            let mut day = NaiveDate::from_ymd_opt(2000, 1, 1);
            while let Some(date) = day.filter(|d| d.year_ce().1 <= 2030) {
                let cell = date.format("%Y-%m-%d").to_string();
                assert_eq!(memo.iso_date(cell.as_bytes()), Some(Some(date)), "{round}");
                day = date.succ_opt();
            }
        }
    }
}
