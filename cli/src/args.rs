//! clap in French: help pages drawn from French templates with a French `-h/--help`, and
//! clap's errors rewritten in French from their kind and context (clap prints English).

use crate::exit;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

/// The command with French help on it and on every subcommand, recursively.
pub fn french(command: Command) -> Command {
    let command = command
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .subcommand_value_name("COMMANDE")
        .subcommand_help_heading("Commandes")
        .arg(
            Arg::new("aide")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("Affiche cette aide"),
        );
    // clap writes the default and the possible values in English: each help text says them.
    let command = command
        .mut_args(|arg| {
            if arg.get_action().takes_values() {
                arg.hide_possible_values(true).hide_default_value(true)
            } else {
                arg
            }
        })
        .mut_subcommands(french);
    let template = template(&command);
    command.help_template(template)
}

/// The help layout with French headings, each section present only when it has entries.
fn template(command: &Command) -> String {
    let mut text = String::from("{about-with-newline}\nUtilisation : {usage}\n");
    if command.get_subcommands().next().is_some() {
        text.push_str("\nCommandes :\n{subcommands}\n");
    }
    if command.get_positionals().next().is_some() {
        text.push_str("\nArguments :\n{positionals}\n");
    }
    text.push_str("\nOptions :\n{options}\n");
    text.push_str("{after-help}");
    text
}

/// Parses the command line; help and version are printed, errors explained in French.
/// Returns the matches, or the exit code to end with.
pub fn parse(command: Command) -> Result<clap::ArgMatches, u8> {
    let mut command = french(command);
    // `clause help [COMMANDE]` (or `aide`), as git and cargo have it: the help page.
    let mut given: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if given
        .get(1)
        .is_some_and(|first| first == "help" || first == "aide")
    {
        given.remove(1);
        given.push("--help".into());
    }
    match command.try_get_matches_from_mut(given) {
        Ok(matches) => Ok(matches),
        Err(error) => Err(report(&error, &command)),
    }
}

/// Prints a clap error (or help) and gives the exit code.
pub fn report(error: &clap::Error, command: &Command) -> u8 {
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            crate::output::stdout(error.render().to_string().as_bytes());
            exit::OK
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            crate::output::stderr(format_args!("{}", error.render()));
            exit::FAILURE
        }
        _ => {
            crate::output::stderr(format_args!("{}", french_error(error, command)));
            exit::FAILURE
        }
    }
}

fn context(error: &clap::Error, kind: ContextKind) -> Option<String> {
    match error.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(list) => Some(
            list.iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(list) => Some(
            list.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The French text of a clap error: what is wrong, a suggestion when clap has one, and where
/// to read the help.
pub fn french_error(error: &clap::Error, command: &Command) -> String {
    let arg = context(error, ContextKind::InvalidArg).unwrap_or_default();
    let value = context(error, ContextKind::InvalidValue).unwrap_or_default();
    let message = match error.kind() {
        ErrorKind::InvalidSubcommand => format!(
            "commande inconnue `{}`",
            context(error, ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::UnknownArgument => format!("option ou argument inattendu `{arg}`"),
        ErrorKind::InvalidValue if value.is_empty() => format!("{arg} attend une valeur"),
        ErrorKind::InvalidValue => {
            let mut text = format!("valeur `{value}` invalide pour {arg}");
            if let Some(valid) = context(error, ContextKind::ValidValue) {
                text.push_str(&format!(" ; valeurs possibles : {valid}"));
            }
            text
        }
        ErrorKind::ValueValidation => format!("valeur `{value}` invalide pour {arg}"),
        ErrorKind::MissingRequiredArgument => format!("argument obligatoire manquant : {arg}"),
        ErrorKind::MissingSubcommand => "il manque la commande".to_string(),
        ErrorKind::ArgumentConflict => match context(error, ContextKind::PriorArg) {
            Some(prior) => format!("{arg} ne se combine pas avec {prior}"),
            None => format!("{arg} ne se combine pas avec les autres options données"),
        },
        ErrorKind::TooManyValues => format!("trop de valeurs : `{value}` en trop"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("nombre de valeurs incorrect pour {arg}")
        }
        ErrorKind::NoEquals => format!("{arg} attend `=` avant sa valeur"),
        ErrorKind::InvalidUtf8 => "un argument n'est pas en UTF-8 valide".to_string(),
        _ => "arguments invalides".to_string(),
    };
    let mut text = format!("erreur : {message}\n");
    let suggestion = context(error, ContextKind::SuggestedSubcommand)
        .or_else(|| context(error, ContextKind::SuggestedArg))
        .or_else(|| context(error, ContextKind::SuggestedValue));
    if let Some(suggestion) = suggestion {
        let suggestion = suggestion.trim_matches('`');
        text.push_str(&format!("aide : vouliez-vous dire `{suggestion}` ?\n"));
    }
    if let Some(usage) = context(error, ContextKind::Usage) {
        let usage = usage.trim();
        let usage = usage.strip_prefix("Usage:").unwrap_or(usage).trim();
        text.push_str(&format!("\nUtilisation : {usage}\n"));
    }
    // The help to read is the subcommand's, when one was named on the command line.
    let mut name = command.get_name().to_string();
    let given: Vec<String> = std::env::args_os()
        .skip(1)
        .filter_map(|a| a.into_string().ok())
        .collect();
    if let Some(sub) = command
        .get_subcommands()
        .find(|sub| given.iter().any(|arg| arg == sub.get_name()))
    {
        name = format!("{name} {}", sub.get_name());
    }
    text.push_str(&format!("\nPour en savoir plus : `{name} --help`\n"));
    text
}

/// The `--rename COLONNE=ENTRÉE` values of a batch or a costing, or the French error for the
/// first malformed one.
pub fn column_renames(values: &[String]) -> Result<Vec<(String, String)>, String> {
    values
        .iter()
        .map(|value| match value.split_once('=') {
            Some((from, to)) if !from.trim().is_empty() && !to.trim().is_empty() => {
                Ok((from.trim().to_string(), to.trim().to_string()))
            }
            _ => Err(format!(
                "--rename attend COLONNE=ENTRÉE (par exemple population=habitants), pas `{value}`"
            )),
        })
        .collect()
}
