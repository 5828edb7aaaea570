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
    use super::super::cells::parse_date;
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

    /// Texts shaped like a date and near misses: a day past the month's end (31 April, 29
    /// February of a common year), month 0 or 13, a sign, a short field, blanks, a letter.
    fn date_like() -> impl Strategy<Value = String> {
        prop_oneof![
            (0u32..10_000, 0u32..14, 0u32..33)
                .prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
            (1899u32..2101, 1u32..13, 27u32..33)
                .prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
            "[ +0-9]{0,5}-[0-9]{1,3}-[0-9 ]{1,3}",
            "[0-9]{4}[-/.][0-9]{2}[-/.][0-9]{2}",
            "[0-9a-z-]{10}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        /// The hand-written reader of `AAAA-MM-JJ` gives chrono's date, or refuses with it.
        #[test]
        fn a_date_is_read_as_chrono_reads_it(text in date_like()) {
            let chrono = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok();
            prop_assert_eq!(parse_date(&text), chrono, "{}", text);
            if let Some(read) = iso_date(text.as_bytes()) {
                prop_assert_eq!(read, chrono, "{}", text);
            }
        }
    }

    /// Every year of 0–9999, month of 0–13 and day of 0–32: the date chrono's `%Y-%m-%d` gives
    /// (`from_ymd_opt`, compared with `parse_from_str` itself on the years around today's).
    #[test]
    fn every_date_of_four_digits_is_read_as_chrono_reads_it() {
        for year in 0..10_000 {
            for month in 0..14 {
                for day in 0..33 {
                    let text = format!("{year:04}-{month:02}-{day:02}");
                    let chrono = NaiveDate::from_ymd_opt(year, month, day);
                    assert_eq!(iso_date(text.as_bytes()), Some(chrono), "{text}");
                    if (1890..2110).contains(&year) {
                        let parsed = NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok();
                        assert_eq!(parsed, chrono, "{text}");
                    }
                }
            }
        }
    }

    /// Each byte of a date replaced by every other byte, the text cut or lengthened, a sign or
    /// blanks around: `iso_date` reads exactly the ten-byte form and leaves the rest to chrono.
    #[test]
    fn any_other_form_is_left_to_the_general_reader() {
        for text in [
            "2021-02-28",
            "2000-02-29",
            "1999-12-31",
            "0000-01-01",
            "9999-12-31",
        ] {
            let bytes = text.as_bytes();
            for at in 0..bytes.len() {
                for byte in 0..=255u8 {
                    let mut changed = bytes.to_vec();
                    changed[at] = byte;
                    let digit_expected = !matches!(at, 4 | 7);
                    let same_form = if digit_expected {
                        byte.is_ascii_digit()
                    } else {
                        byte == b'-'
                    };
                    let read = iso_date(&changed);
                    assert_eq!(read.is_some(), same_form, "{changed:?}");
                    if let (Some(read), Ok(changed)) = (read, std::str::from_utf8(&changed)) {
                        let chrono = NaiveDate::parse_from_str(changed, "%Y-%m-%d").ok();
                        assert_eq!(read, chrono, "{changed}");
                    }
                }
            }
            for other in [
                &text[..9],
                &text[1..],
                "",
                &format!("{text} "),
                &format!(" {text}"),
                &format!("+{text}"),
                &format!("-{text}"),
                &format!("{text}0"),
                &format!("0{text}"),
                &text.replace('-', "/"),
                &text.replace('-', "."),
            ] {
                assert_eq!(iso_date(other.as_bytes()), None, "{other}");
            }
        }
    }

    #[test]
    fn dates_that_do_not_exist_are_refused_by_their_reader() {
        for text in [
            "2021-04-31",
            "2021-02-29",
            "1900-02-29",
            "2021-13-01",
            "2021-00-10",
            "2021-01-00",
        ] {
            assert_eq!(iso_date(text.as_bytes()), Some(None), "{text}");
        }
        assert_eq!(
            iso_date(b"2000-02-29"),
            Some(NaiveDate::from_ymd_opt(2000, 2, 29))
        );
        // Another spelling is left to chrono's reader.
        assert_eq!(iso_date(b"2021-4-30"), None);
        assert_eq!(
            parse_date("2021-4-30"),
            NaiveDate::from_ymd_opt(2021, 4, 30)
        );
    }
}
