//! `clause eval`: what a CPTS or a team is owed, when, and why — one case (JSON) or a batch
//! (CSV, streamed in constant memory). `args` holds what both read; `case` and `batch` do not
//! import each other.

pub mod args;
mod batch;
mod case;
mod csv_io;
mod fields;
mod table;

pub use args::EvalArgs;

use super::FAILURE;

pub fn run(args: &EvalArgs) -> u8 {
    match (&args.case, &args.cases) {
        (Some(case), _) => case::run(args, case),
        (None, Some(cases)) => batch::run(args, cases),
        (None, None) => {
            errln!(
                "erreur : donnez un cas (`--case FICHIER.json`) ou un lot (`--cases FICHIER.csv`)"
            );
            FAILURE
        }
    }
}
