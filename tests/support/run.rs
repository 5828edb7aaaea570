//! Running the `clause` binary from the workspace root, as a user would.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

pub fn clause(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clause"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .expect("clause runs")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `clause` run in `folder` with extra environment variables.
pub fn clause_in(args: &[&str], folder: &Path, env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clause"))
        .args(args)
        .current_dir(folder)
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
        .output()
        .expect("clause runs")
}

/// A fresh empty folder for one test, under the system's temporary folder.
pub fn scratch(name: &str) -> PathBuf {
    let folder = std::env::temp_dir().join(format!("clause-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).expect("scratch folder");
    folder
}
