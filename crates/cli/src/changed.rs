//! `--changed-since REF`: the files git says were added or changed since REF.

use std::collections::HashSet;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Canonical paths of files changed since `reference` (committed, staged,
/// unstaged) plus untracked files, in the repository that holds `cwd`.
pub fn changed_files(reference: &str, cwd: &Path) -> Result<HashSet<PathBuf>, String> {
    // A ref that looks like an option would reach git as one (`--output=FILE`).
    if reference.starts_with('-') || reference.is_empty() {
        return Err(format!(
            "--changed-since: `{reference}` is not a git ref (a ref cannot start with `-` or be empty)"
        ));
    }
    let top = git(cwd, &["rev-parse", "--show-toplevel"])?;
    let top = PathBuf::from(String::from_utf8_lossy(&top).trim_end_matches(['\n', '\r']));
    // Resolved first, so that only an object id reaches `git diff`.
    let commit = git(
        cwd,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &format!("{reference}^{{commit}}"),
        ],
    )
    .map_err(|_| format!("--changed-since: `{reference}` is not a commit in this repository"))?;
    let commit = String::from_utf8_lossy(&commit).trim().to_owned();
    // `-z`: names come raw and NUL-separated, never quoted (non-ASCII, quotes, newlines).
    let diff = git(
        cwd,
        &["diff", "-z", "--name-only", "--no-renames", &commit, "--"],
    )?;
    let untracked = git(
        cwd,
        &[
            "ls-files",
            "-z",
            "--others",
            "--exclude-standard",
            "--full-name",
        ],
    )?;
    Ok(nul_separated(&diff)
        .chain(nul_separated(&untracked))
        .filter_map(|name| std::fs::canonicalize(top.join(name)).ok())
        .collect())
}

/// The names in git's `-z` output, as the file system's own bytes.
fn nul_separated(output: &[u8]) -> impl Iterator<Item = &Path> {
    output
        .split(|&b| b == 0)
        .filter(|name| !name.is_empty())
        .map(|name| Path::new(os_str(name)))
}

#[cfg(unix)]
fn os_str(bytes: &[u8]) -> &OsStr {
    std::os::unix::ffi::OsStrExt::from_bytes(bytes)
}

#[cfg(not(unix))]
fn os_str(bytes: &[u8]) -> &OsStr {
    // git writes UTF-8 names on other systems.
    OsStr::new(std::str::from_utf8(bytes).unwrap_or_default())
}

fn git(cwd: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(cwd)
        .output()
        .map_err(|e| format!("--changed-since needs git: {e}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        // git's first lines say what went wrong; a usage dump after them does not help.
        let reason: Vec<&str> = stderr
            .lines()
            .filter(|l| !l.trim().is_empty())
            .take(3)
            .collect();
        return Err(format!(
            "--changed-since: git {} failed: {}",
            args.first().copied().unwrap_or_default(),
            reason.join("; ")
        ));
    }
    Ok(output.stdout)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_separated_names_are_kept_as_written() {
        let names: Vec<&Path> =
            nul_separated(b"m\xc3\xafg/001.sql\0plain dir/a \"b\".sql\0\0").collect();
        assert_eq!(
            names,
            [Path::new("mïg/001.sql"), Path::new("plain dir/a \"b\".sql")]
        );
    }

    #[test]
    fn option_like_refs_are_refused_before_git_runs() {
        let err = changed_files("--output=/tmp/x", Path::new("/nonexistent")).unwrap_err();
        assert!(err.contains("is not a git ref"), "{err}");
    }
}
