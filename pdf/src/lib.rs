//! Clause's published documents as A4 PDF.
#![forbid(unsafe_code)]
