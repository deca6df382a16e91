//! The `gitlab` output format: a GitLab Code Quality report (a JSON array of issues).
//!
//! Severity: an `error` finding fails the run, so it is `major`; a `warning` is `minor`.
//! `blocker`, `critical` and `info` are not used. The fingerprint identifies a finding across
//! pipelines: FNV-1a (64 bit) over rule, path, message and start offset, so it is the same
//! on every platform and Rust release (std's hasher promises neither).

use miglint_source::SourceMap;
use serde::Serialize;

use super::location::locate;
use crate::{Diagnostic, Report, Severity};

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
    let issues: Vec<Issue<'_>> = report
        .diagnostics
        .iter()
        .map(|d| issue(d, sources))
        .collect();
    let mut out = serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".to_owned());
    out.push('\n');
    out
}

fn issue<'a>(diagnostic: &'a Diagnostic, sources: &'a SourceMap) -> Issue<'a> {
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
        fingerprint: fingerprint(
            diagnostic.rule,
            at.path,
            &diagnostic.message,
            at.start.offset,
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

/// FNV-1a over the parts, each followed by a 0 byte so that `("ab", "c")` ≠ `("a", "bc")`.
fn fingerprint(rule: &str, path: &str, message: &str, offset: u32) -> String {
    let offset = offset.to_string();
    let bytes = [rule, path, message, offset.as_str()]
        .into_iter()
        .flat_map(|part| part.bytes().chain([0]));
    format!("{:016x}", fnv1a(bytes))
}

fn fnv1a(bytes: impl IntoIterator<Item = u8>) -> u64 {
    const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes.into_iter().fold(OFFSET_BASIS, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(PRIME)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_the_published_test_vectors() {
        assert_eq!(fnv1a(*b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(*b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(*b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn fingerprints_are_stable_and_separate_parts() {
        let a = fingerprint("r", "p", "m", 1);
        assert_ne!(a, fingerprint("r", "p", "m", 2));
        assert_ne!(
            fingerprint("ab", "c", "m", 1),
            fingerprint("a", "bc", "m", 1)
        );
        assert_eq!(a.len(), 16);
    }
}
