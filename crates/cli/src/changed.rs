//! git: `--changed-since REF` (the files added or changed since the merge base
//! with REF) and the base the history rules compare with.

use std::collections::HashSet;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The commit changes are measured from: the merge base of a ref and HEAD.
#[derive(Clone, Debug)]
pub struct Base {
    /// The repository's top folder.
    pub top: PathBuf,
    /// The merge base's object id.
    pub commit: String,
    /// How messages name it.
    pub label: String,
}

const SHALLOW_FIX: &str = "fetch the whole history: `fetch-depth: 0` in actions/checkout \
                           (or `git fetch --unshallow`)";

/// The merge base of `reference` and HEAD in the repository that holds `cwd`
/// (`--changed-since REF`): what this branch changed, not what the ref's
/// branch did since it forked.
pub fn resolve_ref(reference: &str, cwd: &Path) -> Result<Base, String> {
    // A ref that looks like an option would reach git as one (`--output=FILE`).
    if reference.starts_with('-') || reference.is_empty() {
        return Err(format!(
            "--changed-since: `{reference}` is not a git ref (a ref cannot start with `-` or be empty)"
        ));
    }
    let top = toplevel(cwd)?;
    let Some(tip) = commit_of(cwd, reference) else {
        return Err(if is_shallow(cwd) {
            format!("--changed-since: `{reference}` is not in this shallow clone; {SHALLOW_FIX}")
        } else {
            format!("--changed-since: `{reference}` is not a commit in this repository")
        });
    };
    let Some(commit) = merge_base(cwd, &tip) else {
        return Err(if is_shallow(cwd) {
            format!(
                "--changed-since: `{reference}` and HEAD have no common commit in this shallow clone; {SHALLOW_FIX}"
            )
        } else {
            format!("--changed-since: `{reference}` and HEAD have no common commit")
        });
    };
    let label = label(reference, &tip, &commit);
    Ok(Base { top, commit, label })
}

/// The base of the repository that holds `dir` when no ref was given: the
/// merge base of HEAD with the default branch (`origin/HEAD`, else `main`,
/// `master`), else HEAD itself. `Ok(None)` outside git.
pub fn default_base(dir: &Path) -> Result<Option<Base>, String> {
    let Ok(top) = toplevel(dir) else {
        return Ok(None);
    };
    for candidate in [
        "origin/HEAD",
        "main",
        "master",
        "origin/main",
        "origin/master",
    ] {
        if let Some(tip) = commit_of(dir, candidate) {
            return match merge_base(dir, &tip) {
                Some(commit) => Ok(Some(Base {
                    label: label(candidate, &tip, &commit),
                    top,
                    commit,
                })),
                None if is_shallow(dir) => Err(format!(
                    "no common commit of HEAD and `{candidate}` in this shallow clone; {SHALLOW_FIX}"
                )),
                None => Err(format!("HEAD and `{candidate}` have no common commit")),
            };
        }
    }
    match commit_of(dir, "HEAD") {
        Some(commit) => Ok(Some(Base {
            top,
            commit,
            label: "`HEAD`".to_owned(),
        })),
        None => Err("the git repository has no commit yet".to_owned()),
    }
}

fn label(reference: &str, tip: &str, base: &str) -> String {
    let short = base.get(..10).unwrap_or(base);
    if tip == base {
        format!("`{reference}`")
    } else {
        format!("`{reference}` (merge base {short})")
    }
}

fn toplevel(dir: &Path) -> Result<PathBuf, String> {
    let top = git(dir, &["rev-parse", "--show-toplevel"])?;
    let top = PathBuf::from(os_str(trim_newline(&top)));
    Ok(std::fs::canonicalize(&top).unwrap_or(top))
}

fn trim_newline(bytes: &[u8]) -> &[u8] {
    let end = bytes
        .iter()
        .rposition(|&b| b != b'\n' && b != b'\r')
        .map_or(0, |i| i + 1);
    bytes.get(..end).unwrap_or_default()
}

/// The commit `reference` names; only this object id reaches later git commands.
fn commit_of(dir: &Path, reference: &str) -> Option<String> {
    let out = git(
        dir,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &format!("{reference}^{{commit}}"),
        ],
    )
    .ok()?;
    let id = String::from_utf8_lossy(&out).trim().to_owned();
    (!id.is_empty()).then_some(id)
}

fn merge_base(dir: &Path, commit: &str) -> Option<String> {
    let out = git(dir, &["merge-base", "HEAD", commit]).ok()?;
    let id = String::from_utf8_lossy(&out).trim().to_owned();
    (!id.is_empty()).then_some(id)
}

fn is_shallow(dir: &Path) -> bool {
    git(dir, &["rev-parse", "--is-shallow-repository"]).is_ok_and(|out| out.starts_with(b"true"))
}

/// Canonical paths of files changed since `base` (committed, staged,
/// unstaged) plus untracked files.
pub fn changed_files(base: &Base) -> Result<HashSet<PathBuf>, String> {
    // `-z`: names come raw and NUL-separated, never quoted (non-ASCII, quotes, newlines).
    let diff = git(
        &base.top,
        &[
            "diff",
            "-z",
            "--name-only",
            "--no-renames",
            &base.commit,
            "--",
        ],
    )?;
    let untracked = git(
        &base.top,
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
        .filter_map(|name| std::fs::canonicalize(base.top.join(name)).ok())
        .collect())
}

/// The files below `root` at `base` and those whose content differs from it
/// now (canonical paths), for the history rules.
pub fn files_at_base(
    base: &Base,
    root: &Path,
) -> Result<(HashSet<PathBuf>, HashSet<PathBuf>), String> {
    let relative = root.strip_prefix(&base.top).unwrap_or(Path::new(""));
    let pathspec = if relative.as_os_str().is_empty() {
        Path::new(".")
    } else {
        relative
    };
    let pathspec = pathspec.to_string_lossy();
    let listed = git(
        &base.top,
        &[
            "ls-tree",
            "-r",
            "-z",
            "--name-only",
            "--full-tree",
            &base.commit,
            "--",
            &pathspec,
        ],
    )?;
    let diff = git(
        &base.top,
        &[
            "diff",
            "-z",
            "--name-only",
            "--no-renames",
            &base.commit,
            "--",
            &pathspec,
        ],
    )?;
    let canonical = |output: &[u8]| -> HashSet<PathBuf> {
        nul_separated(output)
            .filter_map(|name| std::fs::canonicalize(base.top.join(name)).ok())
            .collect()
    };
    Ok((canonical(&listed), canonical(&diff)))
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
        let err = resolve_ref("--output=/tmp/x", Path::new("/nonexistent")).unwrap_err();
        assert!(err.contains("is not a git ref"), "{err}");
    }
}
