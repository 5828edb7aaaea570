//! Evaluation: what a CPTS or a team is owed, when, and why. A version is compiled once
//! (`CompiledVersion`: static values per band, payment plans, provenance) and then evaluates
//! any number of cases without parsing or looking up names.

mod achievements;
pub mod batch;
mod batch_row;
pub mod case;
mod cells;
mod cents;
mod common;
pub mod compiled;
pub mod criteria;
mod date_memo;
pub mod dates;
mod deadlines;
mod eligible;
mod json_errors;
mod mission_years;
pub mod numbers;
pub mod parallel;
mod pay;
mod payments;
mod plan;
mod plans;
mod prorated;
pub mod result;
pub mod run;
mod schedule;
pub mod select;
mod sink;
pub mod timeline;
mod totals;
mod worded;

pub use batch::{BatchPlan, RowNumbers, RowResult, RowScratch};
pub use case::{Case, CaseError, Contract, MissionCase};
pub use compiled::CompiledVersion;
pub use dates::adding_version;
pub use numbers::{numbers, Numbers};
pub use result::{DeadlineStatus, Evaluation, PaymentLine, YearTotal};
pub use run::evaluate;
