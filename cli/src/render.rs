//! Renders diagnostics: codespan-reporting for people, JSON for machines.

use clause_compiler::{Diagnostic, Severity, SourceDb};
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label as CsLabel, LabelStyle};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor::Buffer};
use serde::Serialize;

fn files(db: &SourceDb) -> SimpleFiles<String, String> {
    let mut files = SimpleFiles::new();
    for id in db.ids() {
        files.add(db.path(id).to_string(), db.text(id).to_string());
    }
    files
}

fn to_codespan(diagnostic: &Diagnostic) -> CsDiagnostic<usize> {
    let severity = match diagnostic.severity {
        Severity::Error => codespan_reporting::diagnostic::Severity::Error,
        Severity::Warning => codespan_reporting::diagnostic::Severity::Warning,
        Severity::Note => codespan_reporting::diagnostic::Severity::Note,
    };
    let mut labels = vec![CsLabel::new(
        LabelStyle::Primary,
        diagnostic.primary.span.file.0 as usize,
        diagnostic.primary.span.start..diagnostic.primary.span.end,
    )
    .with_message(diagnostic.primary.message.clone())];
    labels.extend(diagnostic.secondary.iter().map(|label| {
        CsLabel::new(
            LabelStyle::Secondary,
            label.span.file.0 as usize,
            label.span.start..label.span.end,
        )
        .with_message(label.message.clone())
    }));
    let mut notes: Vec<String> = diagnostic
        .notes
        .iter()
        .map(|n| format!("note : {n}"))
        .collect();
    if let Some(help) = &diagnostic.help {
        notes.push(format!("aide : {help}"));
    }
    if let Some(fix) = &diagnostic.fix {
        notes.push(format!("correctif : {}", fix.title));
    }
    CsDiagnostic::new(severity)
        .with_code(diagnostic.code.as_str())
        .with_message(diagnostic.message.clone())
        .with_labels(labels)
        .with_notes(notes)
}

/// The diagnostics as the terminal shows them; `color` adds ANSI colors.
pub fn render_human(db: &SourceDb, diagnostics: &[Diagnostic], color: bool) -> String {
    let files = files(db);
    let config = term::Config::default();
    let mut buffer = if color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    for diagnostic in diagnostics {
        if term::emit(&mut buffer, &config, &files, &to_codespan(diagnostic)).is_err() {
            // A span outside its file (never expected): fall back to the message alone.
            let line = format!(
                "{}[{}]: {}\n",
                severity_word(diagnostic.severity),
                diagnostic.code,
                diagnostic.message
            );
            buffer_write(&mut buffer, &line);
        }
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

fn buffer_write(buffer: &mut Buffer, text: &str) {
    use std::io::Write;
    let _ = buffer.write_all(text.as_bytes());
}

fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// Writes the diagnostics on standard error, coloured as `--color` says.
pub fn show_human(db: &SourceDb, diagnostics: &[Diagnostic]) {
    let rendered = render_human(db, diagnostics, crate::terminal::color());
    crate::output::stderr(format_args!("{rendered}"));
}

/// A position for machines: file path, 1-based line and column (in characters).
#[derive(Serialize)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub start: usize,
    pub end: usize,
}

#[derive(Serialize)]
struct JsonLabel {
    location: Location,
    message: String,
}

#[derive(Serialize)]
struct JsonEdit {
    location: Location,
    replacement: String,
}

#[derive(Serialize)]
struct JsonFix {
    title: String,
    edits: Vec<JsonEdit>,
}

#[derive(Serialize)]
struct JsonDiagnostic {
    code: String,
    severity: Severity,
    message: String,
    location: Location,
    label: String,
    secondary: Vec<JsonLabel>,
    notes: Vec<String>,
    help: Option<String>,
    fix: Option<JsonFix>,
}

fn location(db: &SourceDb, span: clause_grammar::Span) -> Location {
    let (line, column) = db.line_column(span.file, span.start);
    let (end_line, end_column) = db.line_column(span.file, span.end);
    Location {
        file: db.path(span.file).to_string(),
        line,
        column,
        end_line,
        end_column,
        start: span.start,
        end: span.end,
    }
}

/// The diagnostics as a JSON document `{ "diagnostics": [...], "errors": n, "warnings": n }`.
pub fn render_json(db: &SourceDb, diagnostics: &[Diagnostic]) -> String {
    let list: Vec<JsonDiagnostic> = diagnostics
        .iter()
        .map(|d| JsonDiagnostic {
            code: d.code.as_str().to_string(),
            severity: d.severity,
            message: d.message.clone(),
            location: location(db, d.primary.span),
            label: d.primary.message.clone(),
            secondary: d
                .secondary
                .iter()
                .map(|l| JsonLabel {
                    location: location(db, l.span),
                    message: l.message.clone(),
                })
                .collect(),
            notes: d.notes.clone(),
            help: d.help.clone(),
            fix: d.fix.as_ref().map(|f| JsonFix {
                title: f.title.clone(),
                edits: f
                    .edits
                    .iter()
                    .map(|e| JsonEdit {
                        location: location(db, e.span),
                        replacement: e.replacement.clone(),
                    })
                    .collect(),
            }),
        })
        .collect();
    let (errors, warnings) = counts(diagnostics);
    let document =
        serde_json::json!({ "diagnostics": list, "errors": errors, "warnings": warnings });
    serde_json::to_string_pretty(&document).unwrap_or_else(|_| "{}".to_string())
}

/// The closing line: « 2 erreurs, 1 avertissement ».
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let (errors, warnings) = counts(diagnostics);
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n > 1 { many } else { one });
    format!(
        "{}, {}",
        plural(errors, "erreur", "erreurs"),
        plural(warnings, "avertissement", "avertissements")
    )
}

/// The numbers of errors and of warnings.
fn counts(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let of = |severity: Severity| {
        diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    (of(Severity::Error), of(Severity::Warning))
}
