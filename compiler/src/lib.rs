//! Clause compiler: pure functions from sources to checked versions, diagnostics and outputs.
//! No file system, no printing: the CLI and the LSP hand it sources and render what it returns.
#![forbid(unsafe_code)]

pub mod format;
