//! The same input gives the same bytes: across runs, thread counts and the order of the
//! paths on the command line (projects are sorted, not listed in argument order). Runs on
//! every project of the shared corpus; skipped, with a notice, without it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

fn check(cwd: &Path, paths: &[PathBuf], threads: usize, format: &str) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_miglint"))
        .args(["check", "--format", format])
        .args(paths)
        .current_dir(cwd)
        .env("RAYON_NUM_THREADS", threads.to_string())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let code = out.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "exit {code:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// A fixed permutation (a small linear congruential generator, Fisher–Yates).
fn shuffled<T: Clone>(items: &[T], mut seed: u64) -> Vec<T> {
    let mut out = items.to_vec();
    for i in (1..out.len()).rev() {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let j = usize::try_from(seed >> 33).unwrap() % (i + 1);
        out.swap(i, j);
    }
    out
}

#[test]
fn json_is_byte_identical_across_threads_and_argument_order() {
    let Some(corpus) = support::corpus_root("determinism") else {
        return;
    };
    let mut folders: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| PathBuf::from(e.file_name()))
        .collect();
    folders.sort();
    assert!(folders.len() >= 2, "a corpus of one project proves little");

    let reference = check(&corpus, &folders, 1, "json");
    assert!(reference.starts_with(b"{"));
    let mut reversed = folders.clone();
    reversed.reverse();
    for (paths, threads) in [
        (folders.clone(), 4),
        (reversed, 1),
        (shuffled(&folders, 7), 4),
        (shuffled(&folders, 2024), 2),
    ] {
        let other = check(&corpus, &paths, threads, "json");
        assert!(
            other == reference,
            "JSON differs with {threads} threads and paths {paths:?}"
        );
    }
    // The line formats share the order.
    let gcc = check(&corpus, &folders, 1, "gcc");
    assert_eq!(gcc, check(&corpus, &shuffled(&folders, 99), 4, "gcc"));
}

/// Without the corpus, two small projects given in both orders.
#[test]
fn projects_are_listed_by_root_not_by_argument() {
    let dir = support::TempDir::new("determinism");
    dir.write(
        "b/001.sql",
        "CREATE TABLE t (id int);\nCREATE TABLE t (id int);\n",
    );
    dir.write(
        "a/001.sql",
        "CREATE TABLE u (id int);\nALTER TABLE v ADD COLUMN x int;\n",
    );
    let ab = check(dir.path(), &["a".into(), "b".into()], 1, "json");
    let ba = check(dir.path(), &["b".into(), "a".into()], 4, "json");
    assert_eq!(String::from_utf8_lossy(&ab), String::from_utf8_lossy(&ba));
    let json: serde_json::Value = serde_json::from_slice(&ab).unwrap();
    assert_eq!(json["projects"][0]["root"], "a");
    assert_eq!(json["projects"][1]["root"], "b");
}
