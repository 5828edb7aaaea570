//! The `clause` command line: loading workspaces from disk, rendering diagnostics, commands.
#![forbid(unsafe_code)]

pub mod commands;
pub mod render;
pub mod site;
pub mod workspace;
