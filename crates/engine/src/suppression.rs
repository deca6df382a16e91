//! Inline suppressions: `-- miglint-ignore rule[, rule]` in SQL, `//
//! miglint-ignore rule` in a Prisma schema.
//!
//! A comment alone on its line covers the next line, and the whole statement
//! that starts there; a comment after code covers its own line.
//! `miglint-ignore-file rule` covers the whole file. `all` names every rule.
//! A reason may follow the rule list after `--` (or any word that is not a
//! rule id): `-- miglint-ignore unknown-table -- created by the DBA`.
//! A `:` after the last rule id starts the reason too (`-- miglint-ignore
//! unknown-table: created by the DBA`). In `schema.prisma`, a comment above
//! `model X {` or `enum E {` covers the whole block.
//! A suppression that covers no finding is reported by `unused-ignore`; a
//! comment that looks meant as one but is not (a misspelt keyword, no rule
//! named) by `invalid-ignore`.

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

/// A comment that looks meant as a `miglint-ignore` directive but is not one
/// (a misspelt keyword, no rule named): it suppresses nothing, and says so.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Malformed {
    pub file: FileId,
    /// The comment's text after its marker.
    pub span: Span,
    /// What is wrong, e.g. "`miglint-ingore` is not a miglint directive".
    pub reason: String,
}

/// Directives and would-be directives of one file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Found {
    pub suppressions: Vec<Suppression>,
    pub malformed: Vec<Malformed>,
}

/// The suppressions in `source`. `statements` are the statement spans of a
/// SQL file (empty for other files), so that a comment above a statement
/// covers all of it.
pub fn find(file: FileId, source: &SourceFile, statements: &[Span]) -> Vec<Suppression> {
    scan(file, source, statements).suppressions
}

/// [`find`], with the comments that look like directives but are not.
pub fn scan(file: FileId, source: &SourceFile, statements: &[Span]) -> Found {
    scan_with(file, source, &|| statements)
}

/// [`scan`], asking for the statement spans only when a directive needs
/// them (most files have none, and splitting costs a pass over the file).
pub fn scan_with<'s>(
    file: FileId,
    source: &SourceFile,
    statements: &dyn Fn() -> &'s [Span],
) -> Found {
    let text = source.text.as_str();
    let mut found = Found::default();
    let mut line_start = 0usize;
    for line in lines(text) {
        let line_end = line_start + line.len();
        let at = Line {
            text,
            line,
            start: line_start,
            end: line_end,
        };
        match parse_line(file, &at, statements) {
            Parsed::Directive(suppression) => found.suppressions.push(suppression),
            Parsed::Malformed(malformed) => found.malformed.push(malformed),
            Parsed::Nothing => {}
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

struct Line<'a> {
    text: &'a str,
    line: &'a str,
    start: usize,
    end: usize,
}

enum Parsed {
    Directive(Suppression),
    Malformed(Malformed),
    Nothing,
}

fn parse_line<'s>(file: FileId, at: &Line<'_>, statements: &dyn Fn() -> &'s [Span]) -> Parsed {
    let line = at.line;
    // Most lines hold no comment marker at all.
    if !line
        .as_bytes()
        .windows(2)
        .any(|pair| matches!(pair, [b'-', b'-'] | [b'/', b'/']))
    {
        return Parsed::Nothing;
    }
    // A comment marker at the start of the line or after a space (not inside
    // a word or a quoted string such as `'--x'`).
    let Some(marker) = ["--", "//"]
        .iter()
        .filter_map(|m| {
            line.match_indices(m)
                .map(|(i, _)| i)
                .find(|&i| i == 0 || line.get(..i).is_some_and(|b| b.ends_with([' ', '\t'])))
                .map(|i| (i, m.len()))
        })
        .min()
    else {
        return Parsed::Nothing;
    };
    let Some(after) = line.get(marker.0 + marker.1..) else {
        return Parsed::Nothing;
    };
    let directive_at = marker.0 + marker.1 + (after.len() - after.trim_start().len());
    let comment = line.get(directive_at..).unwrap_or("");
    let comment_span = Span::from_range(
        at.start + directive_at..at.start + directive_at + comment.trim_end().len(),
    );
    let malformed = |reason: String| {
        Parsed::Malformed(Malformed {
            file,
            span: comment_span,
            reason,
        })
    };
    let keyword: &str = comment
        .split(|c: char| c.is_whitespace() || c == ':')
        .next()
        .unwrap_or("");
    let (whole_file, rest) = match keyword {
        "miglint-ignore-file" => (true, comment.get(keyword.len()..).unwrap_or("")),
        DIRECTIVE => (false, comment.get(keyword.len()..).unwrap_or("")),
        _ if looks_like_directive(keyword) => {
            return malformed(format!(
                "this comment is not a miglint directive (`{keyword}`), so it suppresses \
                 nothing; did you mean `{}`?",
                if keyword.to_ascii_lowercase().contains("file") {
                    "miglint-ignore-file"
                } else {
                    DIRECTIVE
                }
            ));
        }
        _ => return Parsed::Nothing,
    };
    if rest.trim().is_empty() {
        return malformed(format!(
            "this `{keyword}` names no rule, so it suppresses nothing"
        ));
    }
    if !rest.starts_with([' ', '\t']) {
        return malformed(format!(
            "this `{keyword}` is not followed by a space and rule ids \
             (`{keyword} rule-id: reason`), so it suppresses nothing"
        ));
    }
    // Rule ids, separated by commas or spaces; a `:` after an id, or a word
    // that is not an id, starts the reason.
    let mut rules = Vec::new();
    let mut end = directive_at + keyword.len();
    let mut offset = end;
    let mut first_word = None;
    for piece in rest.split_inclusive([',', ' ', '\t']) {
        let word = piece.trim_matches([',', ' ', '\t', '\r', '\n']);
        offset += piece.len();
        if word.is_empty() {
            continue;
        }
        first_word.get_or_insert(word);
        let (id, reason_follows) = match word.strip_suffix(':') {
            Some(id) => (id, true),
            None => (word, false),
        };
        let is_id = id.starts_with(|c: char| c.is_ascii_lowercase())
            && id.chars().all(|c| c.is_ascii_lowercase() || c == '-');
        if !is_id {
            break;
        }
        rules.push(id.to_owned());
        let trailing = piece.len() - piece.trim_end_matches([',', ' ', '\t', '\r', '\n']).len();
        end = offset - trailing - usize::from(reason_follows);
        if reason_follows {
            break;
        }
    }
    if rules.is_empty() {
        return malformed(match first_word {
            None => format!("this `{keyword}` names no rule, so it suppresses nothing"),
            Some(word) => format!(
                "this `{keyword}` names no rule (`{word}` is not a rule id), so it suppresses \
                 nothing"
            ),
        });
    }
    let standalone = line
        .get(..marker.0)
        .is_some_and(|code| code.trim().is_empty());
    let text = at.text;
    let covers = if whole_file {
        Span::from_range(0..text.len())
    } else if standalone {
        let statements = statements();
        let next_line_end = text
            .get(at.end..)
            .and_then(|rest| rest.find(['\n', '\r']))
            .map_or(text.len(), |i| at.end + i);
        let statement_end = statements
            .iter()
            .find(|s| (s.start as usize) >= at.end && (s.start as usize) <= next_line_end)
            .map_or(next_line_end, |s| s.end as usize);
        let block_end = text
            .get(at.end..next_line_end)
            .filter(|next| statements.is_empty() && opens_block(next))
            .and_then(|_| block_end(text, next_line_end))
            .unwrap_or(next_line_end);
        Span::from_range(at.end..statement_end.max(next_line_end).max(block_end))
    } else {
        Span::from_range(at.start..at.end)
    };
    Parsed::Directive(Suppression {
        file,
        span: Span::from_range(at.start + directive_at..at.start + end),
        rules,
        covers,
        used: false,
    })
}

/// A Prisma block's first line: `model User {`, `enum Role {`, `view V {`, `type T {`.
fn opens_block(line: &str) -> bool {
    let mut words = line.split_whitespace();
    matches!(words.next(), Some("model" | "enum" | "view" | "type"))
        && words.next().is_some()
        && line.trim_end().ends_with('{')
}

/// The end of the line that closes a Prisma block opened before `from`: the
/// first line that is only `}`.
fn block_end(text: &str, from: usize) -> Option<usize> {
    let mut offset = from;
    for line in text.get(from..)?.split_inclusive('\n') {
        offset += line.len();
        if line.trim() == "}" {
            return Some(offset);
        }
    }
    None
}

/// A word meant as a directive: it names miglint, or is a near miss of one.
fn looks_like_directive(word: &str) -> bool {
    if word
        .get(..7)
        .is_some_and(|p| p.eq_ignore_ascii_case("miglint"))
    {
        return true;
    }
    // An edit distance of 2 allows a length difference of 2 at most: most
    // comments are ruled out without computing it.
    let near = |d: &str| word.len().abs_diff(d.len()) <= 2;
    if !near(DIRECTIVE) && !near("miglint-ignore-file") {
        return false;
    }
    let lower = word.to_ascii_lowercase();
    [DIRECTIVE, "miglint-ignore-file"]
        .iter()
        .any(|d| edit_distance(&lower, d) <= 2)
}

/// Levenshtein distance over bytes (directives are ASCII).
fn edit_distance(a: &str, b: &str) -> usize {
    let b = b.as_bytes();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.bytes().enumerate() {
        let mut current = Vec::with_capacity(b.len() + 1);
        current.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous
                .get(j)
                .map_or(usize::MAX, |p| p + usize::from(ca != *cb));
            let delete = previous.get(j + 1).map_or(usize::MAX, |p| p + 1);
            let insert = current.get(j).map_or(usize::MAX, |p| p + 1);
            current.push(substitute.min(delete).min(insert));
        }
        previous = current;
    }
    previous.last().copied().unwrap_or_default()
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
        let found = scan(FileId(0), &source(text), &[]);
        assert_eq!(found.suppressions, []);
        // The first two were meant as directives and are reported; the others are prose.
        let reasons: Vec<&str> = found.malformed.iter().map(|m| m.reason.as_str()).collect();
        assert_eq!(reasons.len(), 2, "{reasons:?}");
        assert!(reasons[0].contains("not a miglint directive (`miglint-ignored`)"));
        assert!(reasons[1].starts_with("this `miglint-ignore` names no rule"));
    }

    #[test]
    fn colon_reason_typos_and_empty_lists() {
        let text = "-- miglint-ignore unknown-table: created by hand\n-- miglint-ingore unknown-table\n-- miglint-ignore unknown_table\n-- migrate:up\n";
        let found = scan(FileId(0), &source(text), &[]);
        assert_eq!(found.suppressions.len(), 1);
        assert_eq!(found.suppressions[0].rules, ["unknown-table"]);
        assert_eq!(
            found.suppressions[0].span.slice(text),
            "miglint-ignore unknown-table"
        );
        let reasons: Vec<&str> = found.malformed.iter().map(|m| m.reason.as_str()).collect();
        assert_eq!(reasons.len(), 2, "{reasons:?}");
        assert!(reasons[0].contains("did you mean `miglint-ignore`"));
        assert!(reasons[1].contains("`unknown_table` is not a rule id"));
    }

    #[test]
    fn a_comment_above_a_prisma_model_covers_the_model() {
        let text = "// miglint-ignore column-not-in-model\nmodel User {\n  id Int @id\n  email String\n}\n\nmodel Post {\n  id Int @id\n}\n";
        let found = find(FileId(0), &source(text), &[]);
        assert_eq!(found.len(), 1);
        let covered = found[0].covers.slice(text);
        assert!(
            covered.starts_with("model User {") && covered.ends_with("}\n"),
            "{covered}"
        );
        assert!(!covered.contains("Post"));
    }
}
