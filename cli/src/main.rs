//! The `clause` binary: argument parsing and dispatch to the commands.
#![forbid(unsafe_code)]

use clap::{Parser, Subcommand};
use clause_cli::commands;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "clause", version, about = "Clause : accords conventionnels de l'Assurance Maladie, vérifiés, évalués et publiés")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Vérifie les versions : syntaxe, noms, types, tranches, tableaux, échéances, attendus
    Check {
        /// Fichiers ou dossiers (par défaut : agreements/)
        paths: Vec<PathBuf>,
        /// Format de sortie
        #[arg(long, value_enum, default_value = "human")]
        format: commands::check::OutputFormat,
    },
    /// Exécute les exemples écrits dans les accords
    Test {
        /// Fichiers ou dossiers (par défaut : agreements/)
        paths: Vec<PathBuf>,
    },
    /// Explique un code de diagnostic (par exemple E0301)
    Explain {
        code: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check { paths, format } => commands::check::run(&paths, format),
        Command::Test { paths } => commands::test::run(&paths),
        Command::Explain { code } => commands::explain::run(&code),
    };
    ExitCode::from(code)
}
