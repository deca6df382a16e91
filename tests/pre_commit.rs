//! `pre-commit try-repo` on an example, through tests/pre-commit/try-repo.sh.
//! pre-commit compiles miglint for the hook (minutes), so the test runs only
//! with `MIGLINT_TEST_PRE_COMMIT=1` and pre-commit (or pip) installed.

mod support;

use std::process::Command;

#[test]
fn the_hook_runs_through_pre_commit_try_repo() {
    if std::env::var_os("MIGLINT_TEST_PRE_COMMIT").is_none() {
        miglint_testing::skip(format_args!(
            "SKIPPED pre-commit try-repo: set MIGLINT_TEST_PRE_COMMIT=1 to run it (it builds miglint)"
        ));
        return;
    }
    let has = |program: &str, arg: &str| {
        Command::new(program)
            .arg(arg)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !has("pre-commit", "--version") && !has("python3", "--version") {
        miglint_testing::skip(format_args!(
            "SKIPPED pre-commit try-repo: neither pre-commit nor python3 is installed"
        ));
        return;
    }
    let script = support::repo_root().join("tests/pre-commit/try-repo.sh");
    let status = Command::new("bash").arg(&script).status();
    assert!(
        status.is_ok_and(|s| s.success()),
        "{} failed",
        script.display()
    );
}
