//! Inline suppressions: `-- miglint-ignore rule[, rule]` in SQL, `//
//! miglint-ignore rule` in a Prisma schema.
//!
//! A comment alone on its line covers the next line, and the whole statement
//! that starts there; a comment after code covers its own line.
//! `miglint-ignore-file rule` covers the whole file. `all` names every rule.
//! A reason may follow the rule list after `--` (or any word that is not a
//! rule id): `-- miglint-ignore unknown-table -- created by the DBA`.
//! A suppression that covers no finding is reported by `unused-ignore`.

use miglint_diagnostics::Diagnostic;
use miglint_source::{FileId, SourceFile, Span};

/// One `miglint-ignore` comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    pub file: FileId,
    /// The directive's text, from `miglint-ignore` to the end of its rule list.
    pub span: Span,
    /// Rule ids as written (`all` for every rule).
    pub rules: Vec<String>,
    /// The byte range whose findings it covers.
    pub covers: Span,
    /// Set once it suppressed a finding.
    pub used: bool,
}

const DIRECTIVE: &str = "miglint-ignore";

/// The suppressions in `source`. `statements` are the statement spans of a
/// SQL file (empty for other files), so that a comment above a statement
/// covers all of it.
pub fn find(file: FileId, source: &SourceFile, statements: &[Span]) -> Vec<Suppression> {
    let text = source.text.as_str();
    let mut found = Vec::new();
    let mut line_start = 0usize;
    for line in lines(text) {
        let line_end = line_start + line.len();
        if let Some(suppression) = parse_line(file, text, line, line_start, line_end, statements) {
            found.push(suppression);
        }
        line_start = line_end;
    }
    found
}

/// The lines of `text` with their terminators: LF, CRLF, or a lone CR (where
/// PostgreSQL ends a `--` comment, and Prisma a `//` one).
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = match rest.find(['\n', '\r']) {
            Some(i) if rest.get(i..i + 2) == Some("\r\n") => i + 2,
            Some(i) => i + 1,
            None => rest.len(),
        };
        let (line, after) = rest.split_at(end);
        rest = after;
        Some(line)
    })
}

fn parse_line(
    file: FileId,
    text: &str,
    line: &str,
    line_start: usize,
    line_end: usize,
    statements: &[Span],
) -> Option<Suppression> {
    let marker = ["--", "//"]
        .iter()
        .filter_map(|m| line.find(m).map(|i| (i, m.len())))
        .min()?;
    let after = line.get(marker.0 + marker.1..)?;
    let directive_at = marker.0 + marker.1 + (after.len() - after.trim_start().len());
    let rest = line.get(directive_at..)?.strip_prefix(DIRECTIVE)?;
    let (whole_file, rest) = match rest.strip_prefix("-file") {
        Some(rest) => (true, rest),
        None => (false, rest),
    };
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    // Rule ids, separated by commas or spaces; anything else ends the list.
    let mut rules = Vec::new();
    let mut end = directive_at + DIRECTIVE.len() + if whole_file { 5 } else { 0 };
    let mut offset = end;
    for piece in rest.split_inclusive([',', ' ', '\t']) {
        let word = piece.trim_matches([',', ' ', '\t', '\r', '\n']);
        offset += piece.len();
        if word.is_empty() {
            continue;
        }
        let is_id = word.starts_with(|c: char| c.is_ascii_lowercase())
            && word.chars().all(|c| c.is_ascii_lowercase() || c == '-');
        if !is_id {
            break;
        }
        rules.push(word.to_owned());
        end = offset - (piece.len() - piece.trim_end_matches([',', ' ', '\t', '\r', '\n']).len());
    }
    if rules.is_empty() {
        return None;
    }
    let standalone = line
        .get(..marker.0)
        .is_some_and(|code| code.trim().is_empty());
    let covers = if whole_file {
        Span::from_range(0..text.len())
    } else if standalone {
        let next_line_end = text
            .get(line_end..)
            .and_then(|rest| rest.find(['\n', '\r']))
            .map_or(text.len(), |i| line_end + i);
        let statement_end = statements
            .iter()
            .find(|s| (s.start as usize) >= line_end && (s.start as usize) <= next_line_end)
            .map_or(next_line_end, |s| s.end as usize);
        Span::from_range(line_end..statement_end.max(next_line_end))
    } else {
        Span::from_range(line_start..line_end)
    };
    Some(Suppression {
        file,
        span: Span::from_range(line_start + directive_at..line_start + end),
        rules,
        covers,
        used: false,
    })
}

/// Removes the findings a suppression covers and marks those suppressions used.
pub fn apply(diagnostics: &mut Vec<Diagnostic>, suppressions: &mut [Suppression]) {
    diagnostics.retain(|d| {
        let mut suppressed = false;
        for s in suppressions.iter_mut() {
            let names_rule = s.rules.iter().any(|r| r == "all" || r == d.rule);
            if s.file == d.file
                && names_rule
                && s.covers.start <= d.span.start
                && d.span.start < s.covers.end.max(s.covers.start + 1)
            {
                s.used = true;
                suppressed = true;
            }
        }
        !suppressed
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> SourceFile {
        SourceFile::new("m.sql".into(), "m.sql".into(), text.to_owned())
    }

    #[test]
    fn standalone_trailing_and_file_wide() {
        let text = "-- miglint-ignore unknown-table, unknown-column -- legacy table\nALTER TABLE a\n  ADD COLUMN b int;\nSELECT 1; -- miglint-ignore syntax-error\n-- miglint-ignore-file drift\n";
        let statement = Span::new(64, 95);
        let found = find(FileId(0), &source(text), &[statement]);
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].rules, ["unknown-table", "unknown-column"]);
        assert_eq!(
            found[0].span.slice(text),
            "miglint-ignore unknown-table, unknown-column"
        );
        // Covers the whole statement on the next lines.
        assert!(found[0].covers.end >= statement.end);
        assert_eq!(found[1].rules, ["syntax-error"]);
        assert_eq!(
            found[1].covers.slice(text),
            "SELECT 1; -- miglint-ignore syntax-error\n"
        );
        assert_eq!(found[2].covers, Span::from_range(0..text.len()));
    }

    #[test]
    fn lone_cr_and_crlf_end_lines() {
        for eol in ["\n", "\r\n", "\r"] {
            let text = [
                "SELECT 0;",
                "-- miglint-ignore unknown-table -- why",
                "ALTER TABLE a",
                "  ADD b int;",
                "SELECT 1; -- miglint-ignore syntax-error",
                "",
            ]
            .join(eol);
            let start = text.find("ALTER").unwrap_or(0);
            let end = text
                .find(';')
                .map_or(0, |_| text.find("int").unwrap_or(0) + 3);
            let statement = Span::from_range(start..end);
            let found = find(FileId(0), &source(&text), &[statement]);
            assert_eq!(found.len(), 2, "{eol:?}");
            assert_eq!(found[0].rules, ["unknown-table"], "{eol:?}");
            assert_eq!(found[0].covers.start as usize, start, "{eol:?}");
            assert!(found[0].covers.end >= statement.end, "{eol:?}");
            assert_eq!(found[1].rules, ["syntax-error"], "{eol:?}");
            assert_eq!(
                found[1].covers.slice(&text),
                format!("SELECT 1; -- miglint-ignore syntax-error{eol}"),
            );
        }
    }

    #[test]
    fn not_a_directive() {
        let text = "-- miglint-ignored\n-- miglint-ignore\n-- see miglint-ignore x\nSELECT '-- miglint-ignore'";
        assert_eq!(find(FileId(0), &source(text), &[]), []);
    }
}
