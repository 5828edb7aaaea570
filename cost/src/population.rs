//! A population of contracts to cost: the batch CSV of `clause eval --cases`, preceded by
//! optional `#` lines that state where the population comes from and what it assumes.
//!
//! Read from any `BufRead` (the CLI opens the file): the crate stays free of the file system.
//! The separator is detected from the header line (comma, semicolon or tab, the most frequent
//! outside quotes), so a file saved by French Excel reads as one written by a program.

use clause_compiler::evaluate::batch::detect_separator;
use std::io::{BufRead, Read};

/// The lines before the header, the header and a reader positioned on the first record.
pub struct Population<R: std::io::Read> {
    /// The text of each leading `#` line, without the `#` (the population's hypotheses).
    pub notes: Vec<String>,
    pub headers: Vec<String>,
    pub separator: u8,
    records: csv::Reader<R>,
    /// The file's line number of the header (1-based), so that rows are named by their line.
    header_line: usize,
    /// Records read so far.
    read: usize,
}

/// A record and the line of the file it starts on.
#[derive(Debug, Clone)]
pub struct Record {
    pub line: usize,
    pub fields: csv::StringRecord,
}

/// Why a population cannot be read, in French, with the line where it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PopulationError {
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for PopulationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "ligne {line} : {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// Reads the leading `#` lines and the header.
pub fn open<R: BufRead>(mut input: R) -> Result<Population<impl std::io::Read>, PopulationError> {
    let mut notes = Vec::new();
    let mut line_number = 0;
    let header = loop {
        let mut line = Vec::new();
        let read = input
            .read_until(b'\n', &mut line)
            .map_err(|e| PopulationError {
                line: Some(line_number + 1),
                message: format!("lecture impossible : {}", io_error_french(&e)),
            })?;
        if read == 0 {
            return Err(PopulationError {
                line: None,
                message: "fichier vide : une ligne d'en-tête (habitants, signature…) est attendue"
                    .into(),
            });
        }
        line_number += 1;
        let text = std::str::from_utf8(&line).map_err(|_| PopulationError {
            line: Some(line_number),
            message: "le fichier n'est pas en UTF-8".into(),
        })?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let trimmed = text.trim_end_matches(['\n', '\r']);
        if let Some(note) = trimmed.strip_prefix('#') {
            let note = note.trim();
            if !note.is_empty() {
                notes.push(note.to_string());
            }
            continue;
        }
        if trimmed.trim().is_empty() {
            continue;
        }
        break trimmed.to_string();
    };
    let separator = detect_separator(header.as_bytes());
    let mut head = header.into_bytes();
    head.push(b'\n');
    let mut records = csv::ReaderBuilder::new()
        .delimiter(separator)
        .flexible(true)
        .has_headers(true)
        .from_reader(std::io::Cursor::new(head).chain(input));
    let headers = records
        .headers()
        .map_err(|e| PopulationError {
            line: Some(line_number),
            message: format!("en-tête illisible : {}", csv_error_french(&e)),
        })?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    Ok(Population {
        notes,
        headers,
        separator,
        records,
        header_line: line_number,
        read: 0,
    })
}

impl<R: std::io::Read> Population<R> {
    /// Up to `count` records (fewer at the end of the file; none when it is over).
    pub fn next_chunk(&mut self, count: usize) -> Result<Vec<Record>, PopulationError> {
        let mut chunk = Vec::with_capacity(count);
        while chunk.len() < count {
            let mut fields = csv::StringRecord::new();
            let more = self
                .records
                .read_record(&mut fields)
                .map_err(|e| PopulationError {
                    line: e
                        .position()
                        .map(|p| p.line() as usize + self.header_line - 1)
                        .or(Some(self.header_line + self.read + 1)),
                    message: csv_error_french(&e),
                })?;
            if !more {
                break;
            }
            self.read += 1;
            // `csv` counts lines from the header it was given, which is our `header_line`.
            let line = fields.position().map_or(self.header_line + self.read, |p| {
                p.line() as usize + self.header_line - 1
            });
            chunk.push(Record { line, fields });
        }
        Ok(chunk)
    }
}

fn csv_error_french(error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::Utf8 { .. } => "texte invalide : le fichier n'est pas en UTF-8".into(),
        csv::ErrorKind::Io(e) => format!("lecture impossible : {}", io_error_french(e)),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("{len} champs pour {expected_len} colonnes"),
        _ => "ligne CSV mal formée (guillemet non fermé ?)".into(),
    }
}

fn io_error_french(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::InvalidData => "données invalides".into(),
        std::io::ErrorKind::UnexpectedEof => "fin de fichier inattendue".into(),
        _ => format!("erreur d'entrée-sortie ({:?})", error.kind()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_header_and_records_with_their_lines() {
        // A quoted field may hold a line break: the next record's line counts it.
        let text = "# Population fictive\n#  deuxième note \nid;habitants;taux_atteinte\n\"a\nb\";35000;0,8\nc;95000;1\n";
        let mut population = open(text.as_bytes()).expect("opens");
        assert_eq!(population.notes, ["Population fictive", "deuxième note"]);
        assert_eq!(population.separator, b';');
        assert_eq!(population.headers, ["id", "habitants", "taux_atteinte"]);
        let chunk = population.next_chunk(10).expect("reads");
        assert_eq!(chunk.len(), 2);
        assert_eq!(chunk[0].line, 4);
        assert_eq!(&chunk[0].fields[0], "a\nb");
        assert_eq!(&chunk[0].fields[2], "0,8");
        assert_eq!(chunk[1].line, 6);
        assert!(population.next_chunk(10).expect("end").is_empty());
    }

    #[test]
    fn an_empty_file_is_refused_in_french() {
        let error = open("# rien\n".as_bytes()).err().expect("refused");
        assert!(error.message.contains("fichier vide"), "{error}");
    }
}
