//! Shared pieces of the fuzz targets: the shipped agreements as a source database, the
//! structure-aware generator of well-formed agreements, and the evaluator's invariants that every
//! target checks on what it evaluates.
#![forbid(unsafe_code)]

pub mod case;
pub mod expressions;
pub mod invariants;
pub mod structured;

use clause_compiler::SourceDb;

/// The five shipped agreements, compiled into the targets so that a run needs no files.
pub const AGREEMENTS: [(&str, &str); 5] = [
    (
        "agreements/aci_cpts_2019.clause",
        include_str!("../../agreements/aci_cpts_2019.clause"),
    ),
    (
        "agreements/avenant_2_proposition_2020.clause",
        include_str!("../../agreements/avenant_2_proposition_2020.clause"),
    ),
    (
        "agreements/cpts_projet_2019_01.clause",
        include_str!("../../agreements/cpts_projet_2019_01.clause"),
    ),
    (
        "agreements/esp_proposition_2020.clause",
        include_str!("../../agreements/esp_proposition_2020.clause"),
    ),
    (
        "agreements/ess_2025.clause",
        include_str!("../../agreements/ess_2025.clause"),
    ),
];

/// A database holding the shipped agreements.
pub fn shipped_db() -> SourceDb {
    let mut db = SourceDb::new();
    for (path, text) in AGREEMENTS {
        db.add(path, text);
    }
    db
}
