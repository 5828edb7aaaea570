//! One module per subcommand; each returns the process exit code (0 ok, 1 problems found, 2 usage or I/O error).

pub mod build;
pub mod check;
pub mod compile;
pub mod diff;
pub mod doc;
pub mod eval;
pub mod eval_batch;
pub mod explain;
pub mod test;
pub mod versions;

use std::io::IsTerminal;

/// Exit codes shared by the commands.
pub const OK: u8 = 0;
pub const PROBLEMS: u8 = 1;
pub const FAILURE: u8 = 2;

/// Whether to color the output: a terminal, and `NO_COLOR` unset.
pub fn use_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}
