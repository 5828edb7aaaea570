//! The `clause-tests` crate has no code of its own: its test targets (`ui.rs`, `agreements.rs`,
//! `eval.rs`, `documents.rs`, `diff.rs`, `amounts.rs`, `language_doc.rs`, `never_panics.rs`,
//! `evaluator_properties.rs`) test the compiler over real sources. See `Cargo.toml`.
#![forbid(unsafe_code)]
