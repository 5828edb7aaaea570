//! IDE features as plain functions over an analysis, and the language server (issue 6).
