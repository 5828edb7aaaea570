//! The CSV side of a batch: the header and its separator (comma, semicolon or tab, detected on
//! the header line or given), the input cut in chunks of whole records, the rows written back,
//! and CSV errors in French.

use clause_compiler::evaluate::result::{euros, push_euros};
use clause_compiler::evaluate::{BatchPlan, RowNumbers};
use std::io::Read;
use std::sync::Mutex;

/// Bytes read at a time; the output of a chunk is held in memory until written.
pub const CHUNK: usize = 1 << 18;

pub use clause_compiler::evaluate::batch::detect_separator;

/// The header of a batch: its columns, its separator and the file line it stands on.
pub struct Header {
    pub columns: Vec<String>,
    pub separator: u8,
    /// 1, or more when `#` lines come first (a population's stated assumptions).
    pub line: u64,
}

/// Reads up to the end of the header line (the bytes read past it stay in `pending`) and
/// returns the column names and the separator (`given`, else detected). Lines starting with
/// `#` before the header are comments: a population file states its assumptions there.
pub fn read_header(
    input: &mut impl Read,
    pending: &mut Vec<u8>,
    given: Option<u8>,
) -> Result<Header, String> {
    let mut line = 1;
    let end = loop {
        if let Some(end) = record_end(pending, 0) {
            let text = pending
                .strip_prefix("\u{feff}".as_bytes())
                .unwrap_or(pending);
            if text.starts_with(b"#") {
                pending.drain(..end);
                line += 1;
                continue;
            }
            break end;
        }
        let before = pending.len();
        pending.resize(before + CHUNK, 0);
        let read = input
            .read(&mut pending[before..])
            .map_err(|e| format!("lecture impossible ({})", crate::output::io_reason(&e)))?;
        pending.truncate(before + read);
        if read == 0 {
            break pending.len();
        }
    };
    let separator = given.unwrap_or_else(|| detect_separator(&pending[..end]));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(separator)
        .from_reader(&pending[..end]);
    let mut record = csv::StringRecord::new();
    match reader.read_record(&mut record) {
        Ok(true) => {}
        Ok(false) => return Err("fichier vide : une ligne d'en-tête est attendue".into()),
        Err(error) => {
            return Err(format!(
                "ligne {line} : en-tête illisible : {}",
                csv_error(&error)
            ))
        }
    }
    let headers = record
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
        .collect();
    pending.drain(..end);
    Ok(Header {
        columns: headers,
        separator,
        line,
    })
}

/// A CSV reading error in French (the csv crate writes English).
pub fn csv_error(error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::Utf8 { err, .. } => format!(
            "le champ {} n'est pas en UTF-8 valide (enregistrez le fichier en UTF-8)",
            err.field() + 1
        ),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("{len} colonnes au lieu de {expected_len}"),
        csv::ErrorKind::Io(e) => format!("lecture impossible ({})", crate::output::io_reason(e)),
        _ => "CSV illisible".to_string(),
    }
}

/// A run of whole records and the file line of its first one.
pub struct Chunk {
    pub bytes: Vec<u8>,
    pub first_line: u64,
}

/// Buffers handed back once used, to be filled again. A batch's chunk and output buffers are
/// hundreds of KiB: allocated anew for each chunk, glibc raises its mmap threshold after the
/// first frees and serves them from the threads' arenas, where they fragment and the peak
/// memory grows with the file's length. Reused, they are allocated once.
#[derive(Default)]
pub struct Buffers(Mutex<Vec<Vec<u8>>>);

/// More buffers than ever in flight at once (queues, workers and reorder window).
const KEPT_BUFFERS: usize = 32;

impl Buffers {
    /// An empty buffer, with the capacity it had when given back.
    pub fn take(&self) -> Vec<u8> {
        self.0
            .lock()
            .ok()
            .and_then(|mut free| free.pop())
            .unwrap_or_default()
    }

    /// Keeps `buffer` for a later `take`.
    pub fn give(&self, mut buffer: Vec<u8>) {
        buffer.clear();
        if let Ok(mut free) = self.0.lock() {
            if free.len() < KEPT_BUFFERS {
                free.push(buffer);
            }
        }
    }
}

/// The input cut in chunks of whole records (the header is line 1, already read).
pub struct Chunks<'b, R> {
    input: R,
    pending: Vec<u8>,
    at_end: bool,
    line: u64,
    /// Where a chunk's buffer comes back once evaluated; the next pending bytes go into one.
    buffers: &'b Buffers,
}

impl<'b, R: Read> Chunks<'b, R> {
    /// The records after the header, which stands on file line `header_line`.
    pub fn new(input: R, pending: Vec<u8>, header_line: u64, buffers: &'b Buffers) -> Self {
        Chunks {
            input,
            pending,
            at_end: false,
            line: header_line + 1,
            buffers,
        }
    }
}

impl<R: Read> Iterator for Chunks<'_, R> {
    type Item = std::io::Result<Chunk>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.at_end && self.pending.len() < CHUNK {
            // Read into the buffer's spare capacity: no zeroes written first (`resize` wrote
            // the 256 KiB of every chunk before the read overwrote them). `Take` stops at
            // `CHUNK`: fewer bytes mean the end of the file.
            let read = match (&mut self.input)
                .take(CHUNK as u64)
                .read_to_end(&mut self.pending)
            {
                Ok(read) => read,
                Err(error) => return Some(Err(error)),
            };
            self.at_end = read < CHUNK;
        }
        if self.pending.is_empty() {
            return None;
        }
        // Cut at the last complete record (everything, at the end of the file).
        let cut = if self.at_end {
            self.pending.len()
        } else {
            last_record_end(&self.pending).unwrap_or(self.pending.len())
        };
        // The rest goes into a reused buffer: no allocation once the first chunks came back.
        let mut rest = self.buffers.take();
        rest.extend_from_slice(self.pending.get(cut..).unwrap_or_default());
        self.pending.truncate(cut);
        let bytes = std::mem::replace(&mut self.pending, rest);
        let first_line = self.line;
        self.line += memchr::memchr_iter(b'\n', &bytes).count() as u64;
        Some(Ok(Chunk { bytes, first_line }))
    }
}

/// The offset just past the first record end (a newline outside quotes) at or after `from`.
pub fn record_end(data: &[u8], from: usize) -> Option<usize> {
    let mut quoted = false;
    for (offset, byte) in data.iter().enumerate().skip(from) {
        match byte {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => return Some(offset + 1),
            _ => {}
        }
    }
    None
}

/// The offset just past the last record end in `data`, scanning quotes from the start.
fn last_record_end(data: &[u8]) -> Option<usize> {
    // Without quotes every newline ends a record: search from the end, vectorised.
    if memchr::memchr(b'"', data).is_none() {
        return memchr::memrchr(b'\n', data).map(|at| at + 1);
    }
    let mut quoted = false;
    let mut last = None;
    for (offset, byte) in data.iter().enumerate() {
        match byte {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => last = Some(offset + 1),
            _ => {}
        }
    }
    last
}

/// How the batch's CSV output is spelled: its separator, and whether amounts take a decimal
/// comma (the French spreadsheet dialect, `--csv-fr`).
#[derive(Debug, Clone, Copy)]
pub struct OutputDialect {
    pub separator: u8,
    pub decimal_comma: bool,
}

/// An amount in euros with two decimals, with a decimal comma when asked.
fn push_amount(buffer: &mut Vec<u8>, amount: rust_decimal::Decimal, decimal_comma: bool) {
    let start = buffer.len();
    push_euros(buffer, amount);
    if decimal_comma {
        if let Some(dot) = buffer[start..].iter().position(|b| *b == b'.') {
            buffer[start + dot] = b',';
        }
    }
}

/// An amount given in cents, written as `push_amount` writes it (`-1234.05`, `0.00`): its
/// digits straight from the integer, without a `Decimal`.
#[inline(always)]
fn push_cents(buffer: &mut Vec<u8>, cents: i128, decimal_comma: bool) {
    let magnitude = cents.unsigned_abs();
    if let Ok(small) = u64::try_from(magnitude) {
        return push_small_cents(buffer, small, cents < 0, decimal_comma);
    }
    // Past 64 bits (never for an amount of the agreements): one digit per 128-bit division.
    let (mut whole, fraction) = (magnitude / 100, (magnitude % 100) as usize);
    // The text written from its end (sign, 39 digits at most, point, two decimals).
    let mut text = [0u8; 48];
    let mut at = text.len() - 2;
    text[at..].copy_from_slice(&PAIRS[fraction * 2..fraction * 2 + 2]);
    at -= 1;
    text[at] = if decimal_comma { b',' } else { b'.' };
    loop {
        at -= 1;
        text[at] = b'0' + (whole % 10) as u8;
        whole /= 10;
        if whole == 0 {
            break;
        }
    }
    if cents < 0 {
        at -= 1;
        text[at] = b'-';
    }
    buffer.extend_from_slice(&text[at..]);
}

/// `push_cents` for an amount whose cents fit 64 bits (always, in practice): the text written
/// from its start into a fixed array, its length known from the number of digits, and the
/// whole array appended then cut to that length (a copy of a known size, inlined: a copy of
/// the text's own length is a call to `memcpy`).
#[inline(always)]
fn push_small_cents(buffer: &mut Vec<u8>, cents: u64, negative: bool, decimal_comma: bool) {
    let (mut whole, fraction) = (cents / 100, (cents % 100) as usize);
    // Sign, 18 digits at most (2^64 / 100 < 10^18), point and two decimals.
    let mut text = [0u8; 24];
    let sign = usize::from(negative);
    text[0] = b'-';
    // The number of digits from the number of bits (`1233 / 4096` ≈ log10 2: `guess` is that
    // count or one less), without `ilog10`'s divisions by steps; `| 1`: 0 has one digit.
    let bits = 64 - (whole | 1).leading_zeros();
    let guess = (bits * 1233) >> 12;
    let digits = guess as usize + usize::from(whole | 1 >= POWERS_OF_TEN[guess as usize]);
    let mut at = sign + digits;
    text[at] = if decimal_comma { b',' } else { b'.' };
    text[at + 1..at + 3].copy_from_slice(&PAIRS[fraction * 2..fraction * 2 + 2]);
    let length = at + 3;
    while whole >= 100 {
        let pair = (whole % 100) as usize * 2;
        whole /= 100;
        at -= 2;
        text[at..at + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
    }
    if whole >= 10 {
        let pair = whole as usize * 2;
        text[at - 2..at].copy_from_slice(&PAIRS[pair..pair + 2]);
    } else {
        text[at - 1] = b'0' + whole as u8;
    }
    let start = buffer.len();
    buffer.extend_from_slice(&text);
    buffer.truncate(start + length);
}

/// 10^0 … 10^19, the powers of ten a `u64` holds.
const POWERS_OF_TEN: [u64; 20] = {
    let mut powers = [1u64; 20];
    let mut n = 1;
    while n < 20 {
        powers[n] = powers[n - 1] * 10;
        n += 1;
    }
    powers
};

/// `00`, `01`, … `99`: the digits of each number below 100.
const PAIRS: [u8; 200] = {
    let mut pairs = [0u8; 200];
    let mut n = 0;
    while n < 100 {
        pairs[2 * n] = b'0' + (n / 10) as u8;
        pairs[2 * n + 1] = b'0' + (n % 10) as u8;
        n += 1;
    }
    pairs
};

pub fn write_csv_row(
    buffer: &mut Vec<u8>,
    dialect: OutputDialect,
    line: &[u8],
    version: &str,
    plan: &BatchPlan<'_, '_>,
    result: &RowNumbers<'_>,
    year_columns: usize,
) {
    let separator = dialect.separator;
    buffer.extend_from_slice(line);
    buffer.push(separator);
    buffer.extend_from_slice(version.as_bytes());
    buffer.push(separator);
    if let Some(band) = result.band {
        buffer.extend_from_slice(plan.band_name(band).as_bytes());
    }
    buffer.push(separator);
    if let Some(total) = result.full_year {
        // In cents (nearly always, `totals::exact_full_year`): written as the years are, the
        // same text (`cents_are_written_as_their_decimal`).
        if total.scale() == 2 {
            push_cents(buffer, total.mantissa(), dialect.decimal_comma);
        } else {
            push_amount(buffer, total, dialect.decimal_comma);
        }
    }
    for year in 0..year_columns {
        buffer.push(separator);
        if let Some(cents) = result.years.get(year) {
            push_cents(buffer, *cents, dialect.decimal_comma);
        }
    }
    buffer.push(b'\n');
}

pub fn push_csv_field(buffer: &mut Vec<u8>, field: &[u8], separator: u8) {
    if field
        .iter()
        .any(|b| *b == separator || matches!(b, b'"' | b'\n' | b'\r'))
    {
        buffer.push(b'"');
        for &byte in field {
            if byte == b'"' {
                buffer.push(b'"');
            }
            buffer.push(byte);
        }
        buffer.push(b'"');
    } else {
        buffer.extend_from_slice(field);
    }
}

pub fn write_json_row(
    buffer: &mut Vec<u8>,
    headers: &[String],
    record: &csv::ByteRecord,
    version: &str,
    plan: &BatchPlan<'_, '_>,
    result: &RowNumbers<'_>,
    first_in_part: bool,
) {
    let mut object = serde_json::Map::new();
    for (header, field) in headers.iter().zip(record.iter()) {
        object.insert(
            header.clone(),
            serde_json::Value::String(String::from_utf8_lossy(field).into_owned()),
        );
    }
    object.insert("version".into(), version.into());
    object.insert(
        "tranche".into(),
        result.band.map_or(serde_json::Value::Null, |b| {
            serde_json::Value::String(plan.band_name(b).to_string())
        }),
    );
    object.insert(
        "financement_annee_pleine".into(),
        result.full_year.map_or(serde_json::Value::Null, |t| {
            serde_json::Value::String(euros(t))
        }),
    );
    let years: Vec<serde_json::Value> = result
        .years
        .iter()
        .map(|cents| {
            serde_json::Value::String(euros(rust_decimal::Decimal::from_i128_with_scale(
                *cents, 2,
            )))
        })
        .collect();
    if !years.is_empty() {
        object.insert("totaux_par_annee".into(), serde_json::Value::Array(years));
    }
    if !first_in_part {
        buffer.extend_from_slice(b",\n");
    }
    buffer.extend_from_slice(serde_json::Value::Object(object).to_string().as_bytes());
}

/// The file line of a position in a chunk, from the line breaks before it (counted once, in
/// order: positions only move forward).
pub struct LineCounter<'d> {
    data: &'d [u8],
    counted_to: usize,
    line: u64,
}

impl<'d> LineCounter<'d> {
    /// `first_line` is the file line of the chunk's first byte.
    pub fn new(data: &'d [u8], first_line: u64) -> Self {
        LineCounter {
            data,
            counted_to: 0,
            line: first_line,
        }
    }

    /// The line a record or an error starts on.
    pub fn at(&mut self, position: Option<&csv::Position>) -> u64 {
        let mut byte = position.map_or(self.counted_to, |p| p.byte() as usize);
        byte = byte.clamp(self.counted_to, self.data.len());
        // The csv crate places a record after blank lines at their start: skip them.
        while matches!(self.data.get(byte), Some(b'\n' | b'\r')) {
            byte += 1;
        }
        self.line += memchr::memchr_iter(b'\n', &self.data[self.counted_to..byte]).count() as u64;
        self.counted_to = byte;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::{detect_separator, push_amount, push_cents};
    use proptest::prelude::*;

    proptest! {
        /// An amount in cents is written as its `Decimal` is, with a point or a comma.
        #[test]
        fn cents_are_written_as_their_decimal(
            cents in prop_oneof![-100_000i128..100_000, any::<i64>().prop_map(i128::from), any::<u64>().prop_map(i128::from), (0i128..4).prop_map(|d| i128::from(u64::MAX) - d), (0u32..20).prop_map(|p| 10i128.pow(p)), (0u32..20).prop_map(|p| -(10i128.pow(p)) + 1), -(1i128 << 95)..(1i128 << 95)],
            decimal_comma in any::<bool>(),
        ) {
            let (mut direct, mut through) = (vec![], vec![]);
            push_cents(&mut direct, cents, decimal_comma);
            push_amount(&mut through, rust_decimal::Decimal::from_i128_with_scale(cents, 2), decimal_comma);
            prop_assert_eq!(String::from_utf8_lossy(&direct), String::from_utf8_lossy(&through));
        }
    }

    #[test]
    fn cents_have_a_digit_before_the_point() {
        for (cents, written) in [
            (0, "0.00"),
            (5, "0.05"),
            (-5, "-0.05"),
            (-120, "-1.20"),
            (123_456, "1234.56"),
        ] {
            let mut buffer = vec![];
            push_cents(&mut buffer, cents, false);
            assert_eq!(String::from_utf8_lossy(&buffer), written);
        }
    }

    #[test]
    fn the_separator_is_the_most_frequent_outside_quotes() {
        assert_eq!(detect_separator(b"habitants,signature,qualite\n"), b',');
        assert_eq!(detect_separator(b"habitants;signature;qualite\n"), b';');
        assert_eq!(detect_separator(b"habitants\tsignature\n"), b'\t');
        // Commas inside a quoted name do not count.
        assert_eq!(detect_separator(b"\"nom, commune\";habitants\n"), b';');
        // One column: a comma, the default.
        assert_eq!(detect_separator(b"habitants\n"), b',');
    }
}
