//! The OpenFisca harness of `../shared/bench/openfisca`: a Python with its requirements
//! (`CLAUSE_OPENFISCA_PYTHON`, else a venv in `target/venv-openfisca`, created if missing).

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

pub fn harness() -> PathBuf {
    workspace_root().join("../shared/bench/openfisca/bench.py")
}

pub fn python() -> PathBuf {
    if let Some(python) = std::env::var_os("CLAUSE_OPENFISCA_PYTHON") {
        return PathBuf::from(python);
    }
    let venv = workspace_root().join("target/venv-openfisca");
    let python = venv.join("bin/python");
    let ready = Command::new(&python)
        .args(["-c", "import openfisca_core, numpy"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ready {
        let created = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .expect("python3 -m venv");
        assert!(created.success(), "cannot create {}", venv.display());
        let requirements = workspace_root().join("../shared/bench/openfisca/requirements.txt");
        let installed = Command::new(&python)
            .args(["-m", "pip", "install", "-q", "-r"])
            .arg(&requirements)
            .status()
            .expect("pip");
        assert!(
            installed.success(),
            "cannot install {}",
            requirements.display()
        );
    }
    python
}
