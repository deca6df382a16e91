//! `--changed-since REF`: the files git says were added or changed since REF.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Canonical paths of files changed since `reference` (committed, staged,
/// unstaged) plus untracked files, in the repository that holds `cwd`.
pub fn changed_files(reference: &str, cwd: &Path) -> Result<HashSet<PathBuf>, String> {
    let top = git(cwd, &["rev-parse", "--show-toplevel"])?;
    let top = PathBuf::from(top.trim());
    let diff = git(
        cwd,
        &["diff", "--name-only", "--no-renames", reference, "--"],
    )?;
    let untracked = git(
        cwd,
        &["ls-files", "--others", "--exclude-standard", "--full-name"],
    )?;
    Ok(diff
        .lines()
        .chain(untracked.lines())
        .filter(|line| !line.is_empty())
        .filter_map(|line| std::fs::canonicalize(top.join(line)).ok())
        .collect())
}

fn git(cwd: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(cwd)
        .output()
        .map_err(|e| format!("--changed-since needs git: {e}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(format!(
            "--changed-since: git {}: {}",
            args.join(" "),
            stderr.trim()
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}
