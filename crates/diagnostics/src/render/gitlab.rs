//! The `gitlab` output format: a GitLab Code Quality report (a JSON array of issues).
//!
//! Severity: an `error` finding fails the run, so it is `major`; a `warning` is `minor`.
//! `blocker`, `critical` and `info` are not used. The fingerprint identifies a finding across
//! pipelines and survives edits that move it (see `crate::fingerprint`).

use std::collections::HashMap;

use miglint_source::SourceMap;
use serde::Serialize;

use super::location::locate;
use crate::{Diagnostic, Report, Severity, fingerprint};

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'static str,
    fingerprint: String,
    severity: &'static str,
    location: IssueLocation<'a>,
}

#[derive(Serialize)]
struct IssueLocation<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
    end: u32,
}

pub fn render(report: &Report, sources: &SourceMap) -> String {
    let mut seen = HashMap::new();
    let issues: Vec<Issue<'_>> = report
        .diagnostics
        .iter()
        .map(|d| issue(d, sources, &mut seen))
        .collect();
    let mut out = serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".to_owned());
    out.push('\n');
    out
}

/// GitLab keeps one issue per fingerprint: the same finding twice in a file
/// (two identical statements) gets its occurrence number.
fn unique(fingerprint: String, seen: &mut HashMap<String, usize>) -> String {
    let count = seen.entry(fingerprint.clone()).or_insert(0);
    *count += 1;
    match *count {
        1 => fingerprint,
        n => format!("{fingerprint}-{n}"),
    }
}

fn issue<'a>(
    diagnostic: &'a Diagnostic,
    sources: &'a SourceMap,
    seen: &mut HashMap<String, usize>,
) -> Issue<'a> {
    let at = locate(sources, diagnostic.file, diagnostic.span);
    let mut description = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        description.push_str(" (help: ");
        description.push_str(help);
        description.push(')');
    }
    Issue {
        description,
        check_name: diagnostic.rule,
        fingerprint: unique(
            fingerprint(
                diagnostic,
                at.path,
                sources.get(diagnostic.file).map_or("", |f| f.text.as_str()),
            ),
            seen,
        ),
        severity: match diagnostic.severity {
            Severity::Error => "major",
            Severity::Warning => "minor",
        },
        location: IssueLocation {
            path: at.path,
            lines: Lines {
                begin: at.start.line,
                end: at.end.line,
            },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_fingerprints_get_their_occurrence() {
        let mut seen = HashMap::new();
        assert_eq!(unique("abc".to_owned(), &mut seen), "abc");
        assert_eq!(unique("abc".to_owned(), &mut seen), "abc-2");
        assert_eq!(unique("abd".to_owned(), &mut seen), "abd");
    }
}
