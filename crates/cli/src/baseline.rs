//! The baseline: findings recorded once (`--write-baseline FILE`) and then
//! left out of later runs (`--baseline FILE`, or `baseline = "FILE"` in
//! miglint.toml), so a team can switch miglint on without fixing history
//! first. A finding is matched by its fingerprint (rule, file, subject and the
//! text it points at, never its line), so moving code around does not
//! bring it back; each recorded finding absorbs one finding of the run.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use miglint_diagnostics::{Diagnostic, Report, fingerprint};
use miglint_source::SourceMap;
use serde_json::{Value, json};

/// The baseline file's format version.
const VERSION: u64 = 1;

/// Paths in the baseline are relative to its folder, so it does not depend
/// on where miglint runs.
fn relative_path(file: &Path, base_dir: &Path) -> String {
    let path = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
    let relative = path.strip_prefix(base_dir).unwrap_or(&path);
    relative.to_string_lossy().replace('\\', "/")
}

fn folder_of(baseline: &Path) -> PathBuf {
    let parent = baseline
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::canonicalize(parent).unwrap_or_else(|_| parent.to_path_buf())
}

/// (path in the baseline, fingerprint) of a finding.
fn identity(d: &Diagnostic, sources: &SourceMap, base_dir: &Path) -> (String, String) {
    match sources.get(d.file) {
        Some(file) => {
            let path = relative_path(&file.path, base_dir);
            let print = fingerprint(d, &path, &file.text);
            (path, print)
        }
        None => (String::new(), fingerprint(d, "", "")),
    }
}

/// Writes every finding of `report` to `path`; returns how many.
pub fn write(path: &Path, report: &Report, sources: &SourceMap) -> Result<usize, String> {
    let base_dir = folder_of(path);
    let findings: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            let (file, print) = identity(d, sources, &base_dir);
            let mut entry = json!({
                "rule": d.rule,
                "file": file,
                "fingerprint": print,
                "message": d.message,
            });
            if let (false, Some(map), Ok(subject)) = (
                d.subject.is_empty(),
                entry.as_object_mut(),
                serde_json::to_value(&d.subject),
            ) {
                map.insert("subject".to_owned(), subject);
            }
            entry
        })
        .collect();
    let count = findings.len();
    let document = json!({ "miglint_baseline": VERSION, "findings": findings });
    let mut text = serde_json::to_string_pretty(&document).map_err(|e| e.to_string())?;
    text.push('\n');
    std::fs::write(path, text)
        .map_err(|e| format!("cannot write the baseline {}: {e}", path.display()))?;
    Ok(count)
}

/// Removes the findings the baseline at `path` holds; counts them in
/// `report.baselined`.
pub fn apply(path: &Path, report: &mut Report, sources: &SourceMap) -> Result<(), String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the baseline {}: {e}", path.display()))?;
    let document: Value = serde_json::from_str(&text).map_err(|e| {
        format!(
            "{}: not a miglint baseline (line {}, column {}: {e}); write one with --write-baseline",
            path.display(),
            e.line(),
            e.column()
        )
    })?;
    let version = document.get("miglint_baseline").and_then(Value::as_u64);
    let Some(findings) = document
        .get("findings")
        .and_then(Value::as_array)
        .filter(|_| version == Some(VERSION))
    else {
        return Err(format!(
            "{}: not a miglint baseline of version {VERSION}; write one with --write-baseline",
            path.display()
        ));
    };
    let mut recorded: HashMap<(String, String, String), usize> = HashMap::new();
    for finding in findings {
        let field = |name: &str| {
            finding
                .get(name)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        *recorded
            .entry((field("rule"), field("file"), field("fingerprint")))
            .or_insert(0) += 1;
    }
    let base_dir = folder_of(path);
    let before = report.diagnostics.len();
    report.diagnostics.retain(|d| {
        let (file, print) = identity(d, sources, &base_dir);
        match recorded.get_mut(&(d.rule.to_owned(), file, print)) {
            Some(left) if *left > 0 => {
                *left -= 1;
                false
            }
            _ => true,
        }
    });
    report.baselined += before - report.diagnostics.len();
    Ok(())
}
