//! The `clause` command line: finding and loading workspaces, rendering diagnostics, writing
//! outputs, and one module per command.
#![forbid(unsafe_code)]

/// A line on standard output; a closed pipe ends the process quietly (exit 141).
#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::output::stdout(format!("{}\n", format_args!($($arg)*)).as_bytes())
    };
}

/// Text on standard output, without a line end added.
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::output::stdout(format!($($arg)*).as_bytes())
    };
}

/// A line on standard error: errors, always shown.
#[macro_export]
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::output::stderr(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// A line on standard error that `-q` silences: notes, counts, files written.
#[macro_export]
macro_rules! infoln {
    ($($arg:tt)*) => {
        if !$crate::terminal::quiet() {
            $crate::output::stderr(format_args!("{}\n", format_args!($($arg)*)))
        }
    };
}

pub mod args;
pub mod commands;
pub mod exit;
pub mod output;
pub mod render;
pub mod site;
pub mod terminal;
pub mod workspace;
