//! The `clause` binary: argument parsing and dispatch to the commands.
#![forbid(unsafe_code)]

use clap::{Parser, Subcommand};
use clause_cli::commands;
use std::path::PathBuf;
use std::process::ExitCode;

mod fmt_cmd;

#[derive(Parser)]
#[command(
    name = "clause",
    version,
    about = "Clause : accords conventionnels de l'Assurance Maladie, vérifiés, évalués et publiés"
)]
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
    Explain { code: String },
    /// Produit les documents de référence d'une version (HTML, Markdown, CSV)
    Doc(commands::doc::DocArgs),
    /// Compare deux versions : tranches, lignes, montants, échéances, statut
    Diff(commands::diff::DiffArgs),
    /// Vérifie tout puis écrit le site : documents de chaque version, comparaisons, index
    Build(commands::build::BuildArgs),
    /// Évalue un cas (JSON) ou un lot de cas (CSV) : versements datés, totaux, échéances
    Eval(commands::eval::EvalArgs),
    /// Produit l'évaluateur d'une version en Python ou en JavaScript, égal à `clause eval`
    Compile(commands::compile::CompileArgs),
    /// Serveur de langage (LSP) sur l'entrée et la sortie standard, pour VS Code et les autres éditeurs
    Lsp {
        /// Accepté et ignoré : le serveur parle toujours sur stdio
        #[arg(long)]
        stdio: bool,
    },
    /// Met les fichiers .clause en forme canonique (`-` : entrée standard vers sortie standard)
    Fmt {
        /// Fichiers ou dossiers (par défaut : le dossier courant)
        paths: Vec<PathBuf>,
        /// N'écrit rien : liste les fichiers qui changeraient et sort avec le code 1
        #[arg(long)]
        check: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check { paths, format } => commands::check::run(&paths, format),
        Command::Test { paths } => commands::test::run(&paths),
        Command::Explain { code } => commands::explain::run(&code),
        Command::Doc(args) => commands::doc::run(&args),
        Command::Diff(args) => commands::diff::run(&args),
        Command::Build(args) => commands::build::run(&args),
        Command::Eval(args) => commands::eval::run(&args),
        Command::Compile(args) => commands::compile::run(&args),
        Command::Lsp { .. } => clause_lsp::server::run_stdio(),
        Command::Fmt { paths, check } => fmt_cmd::run(&paths, check),
    };
    ExitCode::from(code)
}
