//! `clause eval --case FICHIER.json`: one case, its JSON parsed once, evaluated with the
//! version named (argument, `version` field, or `--at`), written as JSON or text.

use super::super::versions::Refused;
use super::super::{FAILURE, OK, PROBLEMS};
use super::args::{at_date, threshold, workspace_for, EvalArgs, EvalFormat};
use crate::output::write_file;
use crate::workspace::read_text;
use clause_compiler::evaluate::case::parse_json;
use clause_compiler::evaluate::select::{
    agreement_named_in, input_names_in, version_in_force, Request,
};
use clause_compiler::evaluate::{evaluate, Case, CompiledVersion};
use std::path::Path;

pub fn run(args: &EvalArgs, path: &Path) -> u8 {
    match try_run(args, path) {
        Ok(code) | Err(Refused(code)) => code,
    }
}

fn try_run(args: &EvalArgs, path: &Path) -> Result<u8, Refused> {
    let format = match args.format.unwrap_or(EvalFormat::Json) {
        EvalFormat::Csv => {
            errln!(
                "erreur : le format csv est celui d'un lot (`--cases`) : pour un cas, json ou text"
            );
            return Err(Refused(FAILURE));
        }
        format => format,
    };
    let text = read_text(path).map_err(|error| {
        errln!("erreur : {error}");
        Refused(FAILURE)
    })?;
    let json = parse_json(&text).map_err(|error| {
        errln!("erreur : {} : {}", path.display(), error.message);
        Refused(PROBLEMS)
    })?;
    let at = at_date(args)?;
    let agreement = agreement_named_in(&json);
    let named = match at {
        Some(_) => None,
        None => match args.version.clone().or_else(|| agreement.clone()) {
            Some(name) => Some(name),
            None => {
                errln!("erreur : {} : aucune version : donnez-la en argument, avec `--at DATE`, ou dans le champ `version` du cas", path.display());
                return Err(Refused(FAILURE));
            }
        },
    };
    let workspace = workspace_for(named.as_deref(), args)?;
    let version = match (at, &named) {
        (Some(at), _) => {
            let request = Request {
                at,
                agreement: agreement.as_deref(),
                inputs: input_names_in(&json),
                threshold: threshold(args),
            };
            let choice =
                version_in_force(&workspace.analysis.versions, &request).map_err(|message| {
                    errln!("erreur : {} : {message}", path.display());
                    Refused(PROBLEMS)
                })?;
            for reason in &choice.reasons {
                infoln!("note : {reason}");
            }
            choice.version
        }
        (None, Some(name)) => {
            let version = workspace.resolve(name)?;
            workspace.require_valid(version)?;
            version
        }
        (None, None) => return Err(Refused(FAILURE)),
    };
    let case = Case::from_value(version, &json).map_err(|errors| {
        for error in errors {
            errln!("erreur : {} : {error}", path.display());
        }
        Refused(PROBLEMS)
    })?;
    let compiled = CompiledVersion::new(version, &workspace.db);
    let evaluation = evaluate(&compiled, &case, args.explain);
    let output = match format {
        EvalFormat::Text => super::table::table(&evaluation, version, args.explain),
        _ => match serde_json::to_string_pretty(&evaluation) {
            Ok(json) => json + "\n",
            Err(error) => {
                errln!("erreur : écriture du JSON impossible ({error})");
                return Err(Refused(FAILURE));
            }
        },
    };
    match &args.out {
        None => out!("{output}"),
        Some(file) => {
            write_file(file, output.as_bytes()).map_err(|error| {
                errln!("erreur : {error}");
                Refused(FAILURE)
            })?;
            infoln!("écrit : {}", file.display());
        }
    }
    Ok(OK)
}
