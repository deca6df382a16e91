//! Project fixtures: `tests/projects/<name>/` holds a small project (model and
//! migrations) and `expect.txt`, one expected finding per line:
//!
//! ```text
//! <rule> <file relative to the project> <text of the line the finding starts on>
//! ```
//!
//! Without the text, the finding is on line 1 of a file that need not exist
//! (a migration that cannot be read).
//!
//! The findings of `miglint check --format json <project>` must be exactly
//! these (rule, file, line) triples. Every message must follow the wording
//! conventions (lower-case start, no final period).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod support;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use serde_json::Value;
use support::repo_root;

fn expected(project: &Path) -> BTreeSet<(String, String, u64)> {
    let text = std::fs::read_to_string(project.join("expect.txt")).unwrap();
    let mut out = BTreeSet::new();
    for line in text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        let mut parts = line.splitn(3, ' ');
        let (rule, file) = (parts.next().unwrap(), parts.next().unwrap());
        let Some(needle) = parts.next() else {
            out.insert((rule.to_owned(), file.to_owned(), 1));
            continue;
        };
        let source = std::fs::read_to_string(project.join(file)).unwrap();
        let index = source
            .lines()
            .position(|l| l.trim_end() == needle.trim_end())
            .unwrap_or_else(|| panic!("{}: no line `{needle}` in {file}", project.display()));
        out.insert((rule.to_owned(), file.to_owned(), index as u64 + 1));
    }
    out
}

fn found(project: &Path) -> (i32, BTreeSet<(String, String, u64)>) {
    let output = Command::new(env!("CARGO_BIN_EXE_miglint"))
        // The fixtures' git history is miglint's own: the git-aware rules
        // are tested in their own repositories (tests/history.rs).
        .args([
            "check",
            "--format",
            "json",
            "--ignore",
            "migration-edited,migration-out-of-order",
            ".",
        ])
        .current_dir(project)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut out = BTreeSet::new();
    for d in json["diagnostics"].as_array().unwrap() {
        let message = d["message"].as_str().unwrap();
        assert!(
            message.chars().next().is_some_and(char::is_lowercase),
            "{message}"
        );
        assert!(!message.ends_with('.'), "{message}");
        out.insert((
            d["rule"].as_str().unwrap().to_owned(),
            d["file"].as_str().unwrap().to_owned(),
            d["start"]["line"].as_u64().unwrap(),
        ));
    }
    (output.status.code().unwrap(), out)
}

#[test]
fn project_fixtures() {
    let root = repo_root().join("tests/projects");
    let mut projects: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("expect.txt").is_file())
        .collect();
    projects.sort();
    assert!(!projects.is_empty());
    let mut failures = Vec::new();
    for project in &projects {
        let expected = expected(project);
        let (code, found) = found(project);
        if found != expected {
            let missing: Vec<_> = expected.difference(&found).collect();
            let extra: Vec<_> = found.difference(&expected).collect();
            failures.push(format!(
                "{}:\n  missing {missing:?}\n  unexpected {extra:?}",
                project.display()
            ));
        }
        assert!(code == 0 || code == 1, "{}: exit {code}", project.display());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
