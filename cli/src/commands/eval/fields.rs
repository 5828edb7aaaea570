//! The fields of a batch row as the batch plan reads them: a line without quotes cut at its
//! separators (found eight bytes at a time), or a record of the csv crate.

use clause_compiler::evaluate::batch::Fields;

/// A line without quotes as the batch plan reads it: its fields end at `ends` (the separators'
/// offsets, then the line's length).
pub(super) struct LineFields<'r> {
    pub(super) raw: &'r [u8],
    pub(super) ends: &'r [usize],
    /// Whether the line is known to be UTF-8 (its run was checked).
    pub(super) checked: bool,
}

impl Fields for LineFields<'_> {
    fn count(&self) -> usize {
        self.ends.len()
    }

    fn get(&self, index: usize) -> &[u8] {
        let start = match index.checked_sub(1) {
            Some(before) => self.ends.get(before).map_or(self.raw.len(), |end| end + 1),
            None => 0,
        };
        let end = self.ends.get(index).copied().unwrap_or(start);
        self.raw.get(start..end).unwrap_or_default()
    }

    /// The fields cut at the separators' offsets, walked in order.
    fn cells(&self) -> impl Iterator<Item = &[u8]> {
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            let cell = self.raw.get(start..end).unwrap_or_default();
            start = end + 1;
            cell
        })
    }

    /// The line checked as UTF-8 at once (a separator is ASCII: each field is then UTF-8).
    fn utf8_error(&self) -> Option<usize> {
        if self.checked || std::str::from_utf8(self.raw).is_ok() {
            return None;
        }
        (0..self.count()).find(|index| std::str::from_utf8(self.get(*index)).is_err())
    }
}

/// A CSV record as the batch plan reads it: bytes, unchecked and uncopied.
pub(super) struct RecordFields<'r>(pub(super) &'r csv::ByteRecord);

impl Fields for RecordFields<'_> {
    fn count(&self) -> usize {
        self.0.len()
    }

    fn get(&self, index: usize) -> &[u8] {
        self.0.get(index).unwrap_or_default()
    }

    /// The record's bytes checked at once, else field by field.
    fn utf8_error(&self) -> Option<usize> {
        if std::str::from_utf8(self.0.as_slice()).is_ok() {
            return None;
        }
        (0..self.0.len()).find(|index| std::str::from_utf8(self.get(*index)).is_err())
    }
}

/// The offsets of `separator` in `line`, in order, into `ends`: eight bytes at a time (a field
/// is a few bytes long: `memchr` called per field costs more than it scans).
pub(super) fn separators(line: &[u8], separator: u8, ends: &mut Vec<usize>) {
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let pattern = u64::from_ne_bytes([separator; 8]);
    let mut words = line.chunks_exact(8);
    let mut base = 0;
    for chunk in &mut words {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(chunk);
        // A byte of `x` is zero where the separator stands; its high bit in `found` then, and
        // only then (no carry crosses a byte: `(x & 0x7f) + 0x7f` is at most 0xfe).
        let x = u64::from_le_bytes(bytes) ^ pattern;
        let mut found = !(((x & LOW) + LOW) | x | LOW);
        while found != 0 {
            ends.push(base + (found.trailing_zeros() / 8) as usize);
            found &= found - 1;
        }
        base += 8;
    }
    for (offset, byte) in words.remainder().iter().enumerate() {
        if *byte == separator {
            ends.push(base + offset);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::separators;
    use proptest::prelude::*;

    proptest! {
        /// The separators found eight bytes at a time are those a byte-by-byte scan finds.
        #[test]
        fn separators_are_found_as_a_scan_finds_them(
            line in proptest::collection::vec(prop_oneof![Just(b','), Just(b';'), Just(b'\t'), any::<u8>()], 0..80),
            separator in prop_oneof![Just(b','), Just(b';'), Just(b'\t')],
        ) {
            let mut ends = vec![];
            separators(&line, separator, &mut ends);
            let scanned: Vec<usize> = line.iter().enumerate().filter(|(_, b)| **b == separator).map(|(i, _)| i).collect();
            prop_assert_eq!(ends, scanned);
        }
    }
}
