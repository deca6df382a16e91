//! The errors people meet first: each has one clear line on stderr and the contract's exit
//! code (2: miglint could not do its job), kept as insta snapshots.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod support;

use std::path::Path;
use std::process::{Command, Stdio};

use support::TempDir;

/// `exit=N` and stderr, with the temp folder's path replaced.
fn outcome(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_miglint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).replace(&dir.display().to_string(), "$DIR");
    format!("exit={}\n{stderr}", out.status.code().unwrap())
}

fn project() -> TempDir {
    let dir = TempDir::new("cli-errors");
    dir.write("proj/001.sql", "CREATE TABLE t (id int);\n");
    dir
}

#[test]
fn unknown_rule_names_the_flag_and_a_close_rule() {
    let dir = project();
    insta::assert_snapshot!(
        "unknown_rule",
        outcome(dir.path(), &["check", "--select", "bogus-rule", "proj"])
    );
    insta::assert_snapshot!(
        "misspelt_rule",
        outcome(dir.path(), &["check", "--ignore", "unknown-tabel", "proj"])
    );
    insta::assert_snapshot!(
        "empty_rule",
        outcome(dir.path(), &["check", "--ignore", ",", "proj"])
    );
}

#[test]
fn forced_tool_that_finds_nothing_says_so() {
    let dir = project();
    insta::assert_snapshot!(
        "forced_tool_finds_nothing",
        outcome(dir.path(), &["check", "--tool", "diesel", "proj"])
    );
}

#[cfg(unix)]
#[test]
fn a_device_is_not_a_migration() {
    let dir = project();
    insta::assert_snapshot!(
        "device",
        outcome(dir.path(), &["check", "--tool", "plain", "/dev/null"])
    );
}

#[test]
fn config_errors_name_the_line() {
    let dir = project();
    dir.write(
        "miglint.toml",
        "[rules]\nignore = []\n\n[history]\nmode = 5\n",
    );
    insta::assert_snapshot!(
        "config_type_error",
        outcome(dir.path(), &["check", "--config", "miglint.toml", "proj"])
    );
    dir.write("bad.toml", "[rules]\nselect = [\"bogus\"]\n");
    insta::assert_snapshot!(
        "config_unknown_rule",
        outcome(dir.path(), &["check", "--config", "bad.toml", "proj"])
    );
}

/// A report that cannot be written is a failure with a message, never a silent exit.
#[cfg(target_os = "linux")]
#[test]
fn failed_write_of_the_report_exits_2_with_a_message() {
    let dir = project();
    let Ok(full) = std::fs::File::create("/dev/full") else {
        miglint_testing::skip(format_args!(
            "SKIPPED failed_write_of_the_report_exits_2_with_a_message: no /dev/full"
        ));
        return;
    };
    let out = Command::new(env!("CARGO_BIN_EXE_miglint"))
        .args(["check", "--format", "json", "proj"])
        .current_dir(dir.path())
        .stdout(Stdio::from(full))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("miglint: error: cannot write the report to standard output: "),
        "{stderr}"
    );
}
