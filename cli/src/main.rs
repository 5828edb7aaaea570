//! The `clause` binary: the command line (in French, see `args`) and dispatch to the commands.
#![forbid(unsafe_code)]

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use clause_cli::args;
use clause_cli::commands;
use clause_cli::terminal::{self, ColorChoice};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "clause",
    version,
    about = "Clause : accords conventionnels de l'Assurance Maladie, vérifiés, évalués et publiés",
    disable_version_flag = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Couleurs : auto (par défaut : si le terminal le permet), always (toujours) ou never (jamais)
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "QUAND",
        default_value = "auto"
    )]
    color: ColorChoice,
    /// N'écrit que les erreurs et les résultats : ni notes, ni décomptes, ni progression
    #[arg(short, long, global = true)]
    quiet: bool,
    /// Affiche la version de clause
    #[arg(short = 'V', long = "version", action = clap::ArgAction::Version)]
    version: Option<bool>,
}

#[derive(Subcommand)]
enum Command {
    /// Vérifie les versions : syntaxe, noms, types, tranches, tableaux, échéances, exemples
    Check(commands::check::CheckArgs),
    /// Exécute les exemples écrits dans les accords et les liste
    Test(commands::test::TestArgs),
    /// Explique un code de diagnostic : ce qu'il signifie, comment corriger
    Explain {
        /// Le code, par exemple E0301
        code: String,
    },
    /// Produit les documents de référence d'une version (HTML, Markdown, CSV)
    Doc(commands::doc::DocArgs),
    /// Compare deux versions : tranches, lignes, montants, échéances, statut
    Diff(commands::diff::DiffArgs),
    /// Vérifie tout, exemples compris, puis écrit le site : documents, comparaisons, index
    Build(commands::build::BuildArgs),
    /// Chiffre une version face à une autre sur une population de contrats (alias : chiffrage)
    #[command(alias = "chiffrage")]
    Cost(commands::cost::CostArgs),
    /// Évalue un cas (JSON) ou un lot de cas (CSV) : versements datés, totaux, échéances
    Eval(commands::eval::EvalArgs),
    /// Produit l'évaluateur d'une version en Python, en JavaScript ou en SQL, égal à `clause eval`
    Compile(commands::compile::CompileArgs),
    /// Serveur de langage (LSP) sur l'entrée et la sortie standard, pour VS Code et les autres éditeurs
    Lsp {
        /// Accepté et ignoré : le serveur parle toujours sur stdio
        #[arg(long)]
        stdio: bool,
    },
    /// Met les fichiers .clause en forme canonique et liste ceux qu'elle réécrit
    Fmt(commands::fmt::FmtArgs),
}

fn main() -> ExitCode {
    let matches = match args::parse(Cli::command()) {
        Ok(matches) => matches,
        Err(code) => return ExitCode::from(code),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => return ExitCode::from(args::report(&error, &Cli::command())),
    };
    terminal::init(cli.color, cli.quiet);
    let code = match cli.command {
        Command::Check(args) => commands::check::run(&args),
        Command::Test(args) => commands::test::run(&args),
        Command::Explain { code } => commands::explain::run(&code),
        Command::Doc(args) => commands::doc::run(&args),
        Command::Diff(args) => commands::diff::run(&args),
        Command::Build(args) => commands::build::run(&args),
        Command::Eval(args) => commands::eval::run(&args),
        Command::Compile(args) => commands::compile::run(&args),
        Command::Cost(args) => commands::cost::run(&args),
        Command::Lsp { .. } => clause_lsp::server::run_stdio(),
        Command::Fmt(args) => commands::fmt::run(&args),
    };
    ExitCode::from(code)
}
