//! Helpers shared by the integration tests.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// A fresh, empty folder under the system temp dir, removed on drop.
pub struct TempDir(miglint_testing::TempDir);

impl TempDir {
    pub fn new(label: &str) -> Self {
        Self(miglint_testing::TempDir::new(label).unwrap())
    }

    pub fn path(&self) -> &Path {
        self.0.path()
    }

    pub fn write(&self, relative: &str, text: &str) -> PathBuf {
        self.0.write(relative, text).unwrap()
    }
}

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shared corpus, or `None` (after printing a notice) when it is absent.
pub fn corpus_root(test: &str) -> Option<PathBuf> {
    miglint_testing::corpus(test)
}

/// Copies the folder `from` (recursively) into `to`, creating `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// `miglint ARGS` run in `dir`, without colour.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_miglint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// The JSON report on standard output.
pub fn json_of(output: &Output) -> Value {
    let text = String::from_utf8_lossy(&output.stdout);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// For the differential tests: the facts only one side has, one a line,
/// marked `-` (the server, named `server`) and `+` (miglint).
pub fn differences(
    kind: &str,
    server: &str,
    on_server: &BTreeSet<String>,
    replayed: &BTreeSet<String>,
) -> Vec<String> {
    let mut out: Vec<String> = on_server
        .difference(replayed)
        .map(|f| format!("  {kind} - {server}: {f}"))
        .collect();
    out.extend(
        replayed
            .difference(on_server)
            .map(|f| format!("  {kind} + miglint: {f}")),
    );
    out
}
