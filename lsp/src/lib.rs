//! IDE features as plain functions over the compiler's analysis (no LSP types inside them), and
//! the language server that maps them onto the protocol (`clause lsp`).
#![forbid(unsafe_code)]

mod citations;
pub mod code_actions;
pub mod completion;
pub mod convert;
pub mod definition;
pub mod diagnostics;
pub mod folding;
pub mod formatting;
pub mod frames;
pub mod hover;
pub mod inlay_hints;
pub mod keywords;
mod names;
pub mod navigation;
pub mod publish;
pub mod references;
pub mod rename;
pub mod semantic_tokens;
pub mod server;
pub mod snapshot;
pub mod symbols;
pub mod text;
pub mod values;
pub mod workspace;

pub use snapshot::Snapshot;
