//! `gen LINES [--fautes]`: prints a valid agreement of about LINES lines (`cargo run -p clause-gen
//! --bin gen -- 100000 > big.clause`); with `--fautes`, one misspelt name per block.
#![forbid(unsafe_code)]

use std::io::Write as _;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(lines) = std::env::args()
        .nth(1)
        .and_then(|a| a.replace('_', "").parse::<usize>().ok())
    else {
        eprintln!("usage : gen LIGNES [--fautes]   (par exemple gen 10000 > grand.clause)");
        return ExitCode::from(2);
    };
    let text = if std::env::args().any(|a| a == "--fautes") {
        clause_gen::agreement_with_errors(lines)
    } else {
        clause_gen::agreement(lines)
    };
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("écriture impossible : {error}");
            ExitCode::FAILURE
        }
    }
}
