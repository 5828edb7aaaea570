//! The session's terminal settings, set once from the command line: colours (`--color`),
//! quiet mode (`-q`), and the width text output wraps to.

use std::io::IsTerminal;
use std::sync::OnceLock;

/// `--color`: English values, French ones accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    // Colours when standard error is a terminal and `NO_COLOR` is unset.
    #[default]
    Auto,
    #[value(alias = "toujours")]
    Always,
    #[value(alias = "jamais")]
    Never,
}

#[derive(Debug, Clone, Copy, Default)]
struct Settings {
    color: ColorChoice,
    quiet: bool,
}

static SETTINGS: OnceLock<Settings> = OnceLock::new();

/// Records the options of the command line; later calls are ignored.
pub fn init(color: ColorChoice, quiet: bool) {
    let _ = SETTINGS.set(Settings { color, quiet });
}

fn settings() -> Settings {
    SETTINGS.get().copied().unwrap_or_default()
}

/// Whether diagnostics on standard error get ANSI colours.
pub fn color() -> bool {
    match settings().color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    }
}

/// `-q`: only errors and results are written, no notes, counts or progress.
pub fn quiet() -> bool {
    settings().quiet
}

/// The width text output wraps to: the terminal's when standard output is one, else
/// `COLUMNS` when set, else 100 columns (files and pipes get the same text on every machine).
pub fn width() -> usize {
    const DEFAULT: usize = 100;
    let stdout = std::io::stdout();
    if stdout.is_terminal() {
        if let Some((terminal_size::Width(w), _)) = terminal_size::terminal_size_of(&stdout) {
            return usize::from(w).max(40);
        }
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|w| *w >= 20)
        .unwrap_or(DEFAULT)
}

/// Whether a progress bar may be drawn: standard error is a terminal and `-q` is not given.
pub fn progress() -> bool {
    !quiet() && std::io::stderr().is_terminal()
}
