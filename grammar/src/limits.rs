//! Resource limits of the parser: inputs past them become errors, never stack overflows.

/// Largest source file accepted, in bytes (10 MiB: the biggest agreement is a few kilobytes).
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

/// Deepest nesting of brackets `( [ {` and of prefix operators in one expression.
pub const MAX_NESTING: usize = 64;

/// Most digits in a number literal (rust_decimal holds 28 significant digits).
pub const MAX_NUMBER_DIGITS: usize = 20;
