//! `clause fmt [--check] [PATH…]`: puts `.clause` files in the canonical layout of
//! `docs/formatting.md`, rewriting each file atomically and listing it on standard output;
//! `-` formats standard input to standard output. Without paths, the project's `agreements/`.
//! A file that does not parse is left untouched and its errors are reported as `clause check`
//! reports them.

use super::{FAILURE, OK, PROBLEMS};
use crate::output::{plural, write_file};
use crate::render::show_human;
use crate::workspace::{collect_files, read_text, roots};
use clause_compiler::format::format_source;
use clause_compiler::{syntax_diagnostic, SourceDb};
use std::io::Read;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct FmtArgs {
    /// Fichiers ou dossiers (par défaut : le dossier agreements/ le plus proche) ; `-` : entrée standard
    #[arg(value_name = "CHEMIN")]
    pub paths: Vec<PathBuf>,
    /// N'écrit rien : liste les fichiers qui changeraient et sort avec le code 1
    #[arg(long)]
    pub check: bool,
}

/// What became of one file.
#[derive(PartialEq, Eq)]
enum Outcome {
    Unchanged,
    Changed,
    Broken,
    Failed,
}

pub fn run(args: &FmtArgs) -> u8 {
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        if args.paths.len() > 1 {
            errln!("erreur : `-` (entrée standard) ne se combine pas avec des chemins");
            return FAILURE;
        }
        return stdin(args.check);
    }
    let files = match roots(&args.paths).and_then(|roots| collect_files(&roots)) {
        Ok(files) => files,
        Err(error) => {
            errln!("erreur : {error}");
            return FAILURE;
        }
    };
    let outcomes: Vec<Outcome> = files.iter().map(|f| one_file(f, args.check)).collect();
    let count = |outcome: Outcome| outcomes.iter().filter(|o| **o == outcome).count();
    let changed = count(Outcome::Changed);
    let done = if args.check {
        plural(
            changed,
            "fichier à mettre en forme",
            "fichiers à mettre en forme",
        )
    } else {
        plural(changed, "fichier mis en forme", "fichiers mis en forme")
    };
    infoln!(
        "{done} sur {}",
        plural(files.len(), "fichier lu", "fichiers lus")
    );
    if count(Outcome::Failed) > 0 {
        FAILURE
    } else if count(Outcome::Broken) > 0 || (args.check && changed > 0) {
        PROBLEMS
    } else {
        OK
    }
}

/// The formatted text, or the syntax errors rendered as `clause check` renders them.
fn format(name: &str, text: &str) -> Result<String, ()> {
    let mut db = SourceDb::new();
    let file = db.add(name, text);
    format_source(file, text).map_err(|errors| {
        let diagnostics: Vec<_> = errors.iter().map(syntax_diagnostic).collect();
        show_human(&db, &diagnostics);
    })
}

fn one_file(path: &Path, check: bool) -> Outcome {
    let text = match read_text(path) {
        Ok(text) => text,
        Err(error) => {
            errln!("erreur : {error}");
            return Outcome::Failed;
        }
    };
    let Ok(formatted) = format(&path.display().to_string(), &text) else {
        return Outcome::Broken;
    };
    if formatted == text {
        return Outcome::Unchanged;
    }
    if !check {
        if let Err(error) = write_file(path, formatted.as_bytes()) {
            errln!("erreur : {error}");
            return Outcome::Failed;
        }
    }
    outln!("{}", path.display());
    Outcome::Changed
}

fn stdin(check: bool) -> u8 {
    let mut text = String::new();
    if let Err(error) = std::io::stdin().read_to_string(&mut text) {
        errln!(
            "erreur : <stdin> : lecture impossible ({})",
            crate::output::io_reason(&error)
        );
        return FAILURE;
    }
    let Ok(formatted) = format("<stdin>", &text) else {
        return PROBLEMS;
    };
    if !check {
        out!("{formatted}");
        OK
    } else if formatted == text {
        OK
    } else {
        outln!("<stdin>");
        PROBLEMS
    }
}
