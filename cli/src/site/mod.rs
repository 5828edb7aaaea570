//! The static site of `clause build`: which pages to write, where, and the index.

pub mod index;
pub mod plan;
pub mod simulator;
pub mod write;
