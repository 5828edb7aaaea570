//! One module per command; each returns the process exit code (see `crate::exit`). Command
//! modules do not import one another except for the shared helpers `versions` and `verify`.

pub mod build;
pub mod check;
pub mod compile;
pub mod cost;
pub mod diff;
pub mod doc;
pub mod eval;
pub mod explain;
pub mod fmt;
pub mod test;
pub mod verify;
pub mod versions;

pub use crate::exit::{FAILURE, OK, PROBLEMS};
