//! `clause compile`: the evaluator of one version as code of another platform (Python,
//! JavaScript, SQL), written to standard output or to `--out` (with the `.d.ts` beside a module).

use super::versions::{load_for, Refused};
use super::{FAILURE, OK};
use clause_codegen::{generate, generate_sql, Dialect, Generated, Target};
use clause_compiler::evaluate::CompiledVersion;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TargetArg {
    Python,
    Javascript,
    Sql,
}

/// The SQL engine of `--target sql`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DialectArg {
    Duckdb,
    Postgres,
    /// Spark SQL 4 (vue temporaire `cas`, mode ANSI)
    Spark,
}

#[derive(Debug, clap::Args)]
pub struct CompileArgs {
    /// La version (identifiant, ou chemin d'un fichier .clause)
    pub version: String,
    /// La plateforme cible
    #[arg(long, value_enum)]
    pub target: TargetArg,
    /// Le moteur SQL visé par `--target sql` : duckdb (par défaut), postgres ou spark
    #[arg(long, value_enum, value_name = "MOTEUR")]
    pub dialect: Option<DialectArg>,
    /// Fichier à écrire (par défaut : la sortie standard) ; en JavaScript, le `.d.ts` est écrit à côté
    #[arg(long, value_name = "FICHIER")]
    pub out: Option<PathBuf>,
    /// Fichiers ou dossiers où chercher la version (par défaut : le dossier agreements/ le plus proche)
    #[arg(long = "path", value_name = "CHEMIN", alias = "chemin")]
    pub paths: Vec<PathBuf>,
}

pub fn run(args: &CompileArgs) -> u8 {
    match try_run(args) {
        Ok(code) | Err(Refused(code)) => code,
    }
}

fn try_run(args: &CompileArgs) -> Result<u8, Refused> {
    let workspace = load_for(&[args.version.as_str()], &args.paths)?;
    let version = workspace.resolve(&args.version)?;
    workspace.require_valid(version)?;
    let compiled = CompiledVersion::new(version, &workspace.db);
    let target = match args.target {
        TargetArg::Python => Target::Python,
        TargetArg::Javascript => Target::JavaScript,
        TargetArg::Sql => {
            let dialect = match args.dialect {
                Some(DialectArg::Postgres) => Dialect::Postgres,
                Some(DialectArg::Spark) => Dialect::Spark,
                Some(DialectArg::Duckdb) | None => Dialect::DuckDb,
            };
            let code = generate_sql(&compiled, &workspace.db, dialect, env!("CARGO_PKG_VERSION"))
                .map_err(|message| {
                eprintln!("erreur : {message}");
                Refused(FAILURE)
            })?;
            return emit(
                args,
                &Generated {
                    code,
                    declarations: None,
                },
            );
        }
    };
    if args.dialect.is_some() {
        eprintln!("erreur : --dialect ne vaut que pour --target sql");
        return Err(Refused(FAILURE));
    }
    let generated = generate(&compiled, &workspace.db, target, env!("CARGO_PKG_VERSION")).map_err(
        |message| {
            eprintln!("erreur : {message}");
            Refused(FAILURE)
        },
    )?;
    emit(args, &generated)
}

fn emit(args: &CompileArgs, generated: &Generated) -> Result<u8, Refused> {
    match &args.out {
        None => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`| head`) is no error worth a message.
            let _ = stdout.write_all(generated.code.as_bytes());
            let _ = stdout.flush();
        }
        Some(out) => {
            write(out, &generated.code)?;
            if let Some(declarations) = &generated.declarations {
                write(&out.with_extension("d.ts"), declarations)?;
            }
        }
    }
    Ok(OK)
}

fn write(path: &Path, text: &str) -> Result<(), Refused> {
    std::fs::write(path, text).map_err(|error| {
        eprintln!("erreur : {} : {error}", path.display());
        Refused(FAILURE)
    })
}
