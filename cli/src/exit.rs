//! The process exit codes, defined once for every command.

/// Everything went well.
pub const OK: u8 = 0;
/// The command ran and found problems: diagnostics with errors, failing examples, files that
/// `fmt --check` would change, differences for `diff --exit-code`, rows in error.
pub const PROBLEMS: u8 = 1;
/// The command could not run: bad arguments, unreadable or unwritable files, no project.
pub const FAILURE: u8 = 2;
/// Standard output was closed by its reader (`clause doc | head`): 128 + SIGPIPE, as a shell
/// reports a program ended by a closed pipe.
pub const CLOSED_PIPE: u8 = 141;
