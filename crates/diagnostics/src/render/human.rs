//! The `human` output format: one miette report per finding, then a summary line.
//!
//! Layout of one finding, top to bottom: `× error[rule]: message` (⚠ for warnings), the
//! snippet of the primary file with the primary span and the labels in that file, one
//! `☞` note with its own snippet per label in another file, `help:`, and `fix:` with the SQL
//! indented below it. Findings that share a `group` are printed together, at the place of
//! the group's first member, under a one-line header (see [`group_header`]).

use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use miglint_source::{FileId, SourceFile, SourceMap, Span};

use super::RenderOptions;
use super::location::locate;
use crate::{Diagnostic, Report, Severity, Summary};

const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";
/// Help and fix lines sit under the message, indented like miette's own `help:`.
const INDENT: &str = "  ";
const SQL_INDENT: &str = "      ";
/// Lines of help after the first line up with its text after `help: `.
const HELP_INDENT: &str = "        ";

pub fn render(report: &Report, sources: &SourceMap, options: &RenderOptions) -> String {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let printer = Printer {
        handler: GraphicalReportHandler::new_themed(theme)
            .with_width(options.width)
            .with_urls(false)
            .without_syntax_highlighting(),
        sources,
        options,
    };
    // Stories are laid out in parallel (miette's layout is most of a long
    // report's time) and joined in order.
    let stories: Vec<String> = stories(&report.diagnostics)
        .into_par_iter()
        .map(|(header, members)| {
            let mut out = String::new();
            if let Some(header) = header {
                out.push_str(&printer.bold(&header));
                out.push('\n');
                out.push_str(&"─".repeat(textwrap::core::display_width(&header)));
                out.push_str("\n\n");
            }
            // Within a story, a note or help shown once is not repeated.
            let mut shown = Shown::default();
            for diagnostic in members {
                printer.finding(&mut out, diagnostic, &mut shown);
                out.push('\n');
            }
            out
        })
        .collect();
    let mut out = stories.concat();
    for project in &report.projects {
        if let Some(reason) = &project.history_reason {
            let root = if project.root.is_empty() {
                "."
            } else {
                &project.root
            };
            out.push_str(&format!(
                "note: {root}: history read as partial: {reason}\n"
            ));
        }
    }
    out.push_str(&printer.bold(&summary_line(&report.summary())));
    out.push('\n');
    out
}

/// The findings in print order: as given, except that a group's members follow its first
/// member, under the group's header when there are two or more of them.
fn stories(diagnostics: &[Diagnostic]) -> Vec<(Option<String>, Vec<&Diagnostic>)> {
    let mut printed_groups = HashSet::new();
    let mut stories = Vec::new();
    for diagnostic in diagnostics {
        let Some(group) = diagnostic.group.as_deref() else {
            stories.push((None, vec![diagnostic]));
            continue;
        };
        if !printed_groups.insert(group) {
            continue;
        }
        let members: Vec<&Diagnostic> = diagnostics
            .iter()
            .filter(|d| d.group.as_deref() == Some(group))
            .collect();
        let header = (members.len() > 1).then(|| group_header(group, &members));
        stories.push((header, members));
    }
    stories
}

/// One line that tells what a group's findings have in common, e.g.
/// "table `users`: 5 columns the model declares are missing".
///
/// The object comes from the members' shared subject (falling back to the group key); the
/// phrase from their shared heading, with a generic count otherwise.
fn group_header(group: &str, members: &[&Diagnostic]) -> String {
    let count = members.len();
    let first = members.first().map(|d| &d.subject);
    let same = |f: fn(&crate::Subject) -> Option<&String>| {
        let value = first.and_then(f)?;
        members
            .iter()
            .all(|d| f(&d.subject) == Some(value))
            .then_some(value)
    };
    let object = if let Some(table) = same(|s| s.table.as_ref()) {
        format!("table `{table}`")
    } else if let Some(type_name) = same(|s| s.type_name.as_ref()) {
        format!("enum `{type_name}`")
    } else {
        group.to_owned()
    };
    // The phrase is the rule's own (its heading) when every member shares it.
    let shared = |f: fn(&Diagnostic) -> Option<&'static str>| {
        let first = members.first().and_then(|d| f(d))?;
        members.iter().all(|d| f(d) == Some(first)).then_some(first)
    };
    let (one, many) = match members.first().and_then(|d| d.heading) {
        Some(heading) if members.iter().all(|d| d.heading == Some(heading)) => {
            (heading.one, heading.many)
        }
        _ => match shared(|d| Some(d.rule)) {
            Some(rule) => return format!("{object}: {count} findings of `{rule}`"),
            None => ("related finding", "related findings"),
        },
    };
    format!("{object}: {count} {}", if count == 1 { one } else { many })
}

/// `found 5 errors and 2 warnings in 13 files (120 statements)`, or `no problems found in …`.
pub(crate) fn summary_line(summary: &Summary) -> String {
    let scope = format!(
        "{} ({})",
        counted(summary.files, "file", "files"),
        counted(summary.statements, "statement", "statements")
    );
    let baselined = match summary.baselined {
        0 => String::new(),
        n => format!(
            "; {} in the baseline not shown",
            counted(n, "finding", "findings")
        ),
    };
    let findings = match (summary.errors, summary.warnings) {
        (0, 0) => return format!("no problems found in {scope}{baselined}"),
        (errors, 0) => counted(errors, "error", "errors"),
        (0, warnings) => counted(warnings, "warning", "warnings"),
        (errors, warnings) => format!(
            "{} and {}",
            counted(errors, "error", "errors"),
            counted(warnings, "warning", "warnings")
        ),
    };
    format!("found {findings} in {scope}{baselined}")
}

fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Notes and help texts a story already printed.
#[derive(Default)]
struct Shown {
    notes: HashSet<(FileId, Span, String)>,
    help: HashSet<String>,
}

struct Printer<'a> {
    handler: GraphicalReportHandler,
    sources: &'a SourceMap,
    options: &'a RenderOptions,
}

impl Printer<'_> {
    fn finding(&self, out: &mut String, diagnostic: &Diagnostic, shown: &mut Shown) {
        let primary = locate(self.sources, diagnostic.file, diagnostic.span);
        let mut notes = Vec::new();
        let mut same_file = Vec::new();
        for label in &diagnostic.labels {
            let at = locate(self.sources, label.file, label.span);
            if label.file == diagnostic.file {
                same_file.push((at.span, label.message.clone()));
            } else if shown
                .notes
                .insert((label.file, label.span, label.message.clone()))
            {
                let source = Source::around(at.file, &[at.span]);
                let labels = shown_labels(source.as_ref(), at.span, Vec::new());
                notes.push(Snippet {
                    title: format!("note: {}", label.message),
                    severity: miette::Severity::Advice,
                    source,
                    labels,
                });
            }
        }
        let mut spans = vec![primary.span];
        spans.extend(same_file.iter().map(|(span, _)| *span));
        let source = Source::around(primary.file, &spans);
        let labels = shown_labels(source.as_ref(), primary.span, same_file);
        let report = Snippet {
            title: format!(
                "{}[{}]: {}",
                diagnostic.severity.as_str(),
                diagnostic.rule,
                diagnostic.message
            ),
            severity: match diagnostic.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
            },
            source,
            labels,
        };
        self.snippet(out, &report);
        for note in &notes {
            self.snippet(out, note);
        }
        if let Some(help) = diagnostic
            .help
            .as_ref()
            .filter(|h| shown.help.insert((*h).clone()))
        {
            // The first line is prose and is wrapped; later lines (SQL) are
            // kept as written so they can be copied.
            let (prose, verbatim) = help.split_once('\n').unwrap_or((help.as_str(), ""));
            let options = textwrap::Options::new(self.options.width.saturating_sub(2).max(20))
                .initial_indent("  help: ")
                .subsequent_indent("        ");
            out.push_str(&textwrap::fill(prose, options));
            out.push('\n');
            for line in verbatim.lines() {
                if !line.trim().is_empty() {
                    out.push_str(HELP_INDENT);
                    out.push_str(line.trim_end());
                }
                out.push('\n');
            }
        }
        // A fix the help already quotes is not printed twice.
        if let Some(fix) = diagnostic.fix.as_ref().filter(|f| {
            !diagnostic
                .help
                .as_ref()
                .is_some_and(|h| h.contains(f.sql.trim()))
        }) {
            out.push_str(INDENT);
            out.push_str("fix:\n");
            for line in fix.sql.lines() {
                if !line.trim().is_empty() {
                    out.push_str(SQL_INDENT);
                    out.push_str(line.trim_end());
                }
                out.push('\n');
            }
        }
    }

    fn snippet(&self, out: &mut String, snippet: &Snippet<'_>) {
        let mut text = String::new();
        // Writing into a String cannot fail; a failure inside miette leaves the text it wrote.
        let _ = self.handler.render_report(&mut text, snippet);
        // miette leaves trailing blanks after empty gutters; they only add noise to diffs.
        for line in text.lines() {
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }

    fn bold(&self, text: &str) -> String {
        if self.options.color {
            format!("{BOLD}{text}{RESET}")
        } else {
            text.to_owned()
        }
    }
}

fn source_span(span: Span) -> SourceSpan {
    SourceSpan::from(span.range())
}

/// The primary label and the other labels of one snippet, as far as its source shows them:
/// a window on a very long line shows the labels inside the window only.
fn shown_labels(
    source: Option<&Source<'_>>,
    primary: Span,
    others: Vec<(Span, String)>,
) -> Vec<LabeledSpan> {
    let fit = |span: Span| source.map_or(Some(span), |s| s.fit(span));
    let mut labels = vec![LabeledSpan::new_primary_with_span(
        None,
        source_span(fit(primary).unwrap_or(primary)),
    )];
    for (span, message) in others {
        if let Some(span) = fit(span) {
            labels.push(LabeledSpan::new_with_span(Some(message), source_span(span)));
        }
    }
    labels
}

/// One miette report: a title line and one file's snippet.
#[derive(Debug)]
struct Snippet<'a> {
    title: String,
    severity: miette::Severity,
    source: Option<Source<'a>>,
    labels: Vec<LabeledSpan>,
}

impl fmt::Display for Snippet<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.title)
    }
}

impl std::error::Error for Snippet<'_> {}

impl miette::Diagnostic for Snippet<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source.as_ref()?;
        Some(Box::new(self.labels.iter().cloned()))
    }
}

/// The part of a file that one snippet shows, as miette reads it: named by the display
/// path, with the snippet header's line and column computed by miglint (miette counts
/// columns in bytes; miglint in characters). miette scans from the start of what it is
/// given for every span it reads, so it is given only the lines around the snippet's spans.
#[derive(Debug)]
struct Source<'a> {
    file: &'a SourceFile,
    /// Byte offset in the file of the first byte of `text` after `prefix` bytes, and its
    /// first line (0-based).
    base: usize,
    first_line: usize,
    /// Bytes before `base` in `text` that the file does not hold (a `…` before a window).
    prefix: usize,
    /// The file bytes `text` shows: `base..end`.
    end: usize,
    /// A lone CR becomes a space (same length, so offsets hold): miglint, like PostgreSQL,
    /// does not end a line there, and a raw CR in the output would overwrite the line.
    text: Cow<'a, str>,
}

/// Lines longer than this (in bytes) are shown as a window around the finding: miette pads
/// with a format width equal to the column, which must stay below `u16::MAX` (tabs count
/// four), and a megabyte of one line helps nobody.
const LONG_LINE: usize = 2_000;
/// Bytes shown on each side of a finding's start in such a window.
const WINDOW_CONTEXT: usize = 60;
/// The most of a finding's span such a window shows.
const WINDOW_SPAN: usize = 200;
const ELLIPSIS: &str = "…";

impl<'a> Source<'a> {
    /// The lines around `spans` (already clamped into `file`; the first is the primary),
    /// two more on each side than miette's one line of context. When one of those lines
    /// is very long, only a window of the primary span's line around its start.
    fn around(file: Option<&'a SourceFile>, spans: &[Span]) -> Option<Self> {
        let file = file?;
        let first = spans.iter().map(|s| s.start).min().unwrap_or(0);
        let last = spans.iter().map(|s| s.end).max().unwrap_or(0).max(first);
        let first_line = file.line_column(first).line.saturating_sub(2).max(1);
        let after_last = file.line_column(last).line.saturating_add(3);
        let start = file.line_index.offset(&file.text, first_line, 1) as usize;
        let end = file.line_index.offset(&file.text, after_last, 1) as usize;
        let shown = file.text.get(start..end).unwrap_or("");
        if shown.split('\n').any(|line| line.len() > LONG_LINE) {
            return Some(Self::window(
                file,
                spans.first().copied().unwrap_or_default(),
            ));
        }
        Some(Source {
            file,
            base: start,
            first_line: first_line as usize - 1,
            prefix: 0,
            end,
            text: without_lone_cr(shown),
        })
    }

    /// A bounded piece of the primary span's line around its start, with `…` where the
    /// line goes on.
    fn window(file: &'a SourceFile, primary: Span) -> Self {
        let text = &file.text;
        let at = (primary.start as usize).min(text.len());
        let line = file.line_column(primary.start).line;
        let line_start = file.line_index.offset(text, line, 1) as usize;
        let line_end = text
            .get(at..)
            .and_then(|rest| rest.find('\n'))
            .map_or(text.len(), |i| at + i);
        let mut start = at.saturating_sub(WINDOW_CONTEXT).max(line_start);
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let span_end = (primary.end as usize).clamp(at, at.saturating_add(WINDOW_SPAN));
        let mut end = span_end.saturating_add(WINDOW_CONTEXT).min(line_end);
        while !text.is_char_boundary(end) {
            end += 1;
        }
        // A cut shorter than the ellipsis is not worth one: show the line from its start.
        if start < line_start + ELLIPSIS.len() {
            start = line_start;
        }
        let body = without_lone_cr(text.get(start..end).unwrap_or("")).into_owned();
        let prefix = if start > line_start { ELLIPSIS } else { "" };
        let suffix = if end < line_end { ELLIPSIS } else { "" };
        Source {
            file,
            base: start,
            first_line: line.saturating_sub(1) as usize,
            prefix: prefix.len(),
            end,
            text: Cow::Owned(format!("{prefix}{body}{suffix}")),
        }
    }

    /// `span` as this source shows it: cut to the shown bytes; `None` if it starts outside.
    fn fit(&self, span: Span) -> Option<Span> {
        let (start, end) = (span.start as usize, span.end as usize);
        if start < self.base || start > self.end {
            return None;
        }
        Some(Span::from_range(start..end.clamp(start, self.end)))
    }
}

fn without_lone_cr(text: &str) -> Cow<'_, str> {
    let lone_cr = |(i, b): (usize, &u8)| *b == b'\r' && text.as_bytes().get(i + 1) != Some(&b'\n');
    if !text.as_bytes().iter().enumerate().any(lone_cr) {
        return Cow::Borrowed(text);
    }
    let mut fixed = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() != Some(&'\n') {
            fixed.push(' ');
        } else {
            fixed.push(c);
        }
    }
    Cow::Owned(fixed)
}

impl SourceCode for Source<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let local = SourceSpan::new(
            span.offset()
                .checked_sub(self.base)
                .ok_or(MietteError::OutOfBounds)?
                .saturating_add(self.prefix)
                .into(),
            span.len(),
        );
        let text: &str = &self.text;
        let contents = text.read_span(&local, context_lines_before, context_lines_after)?;
        let (line, column) = if context_lines_before == 0 {
            // miette reads a span without context only for the `[path:line:column]` header.
            let at = self
                .file
                .line_column(u32::try_from(span.offset()).unwrap_or(u32::MAX));
            (
                at.line.saturating_sub(1) as usize,
                at.column.saturating_sub(1) as usize,
            )
        } else {
            (contents.line() + self.first_line, contents.column())
        };
        // Back to file offsets; a window's `…` sits just before `base`, where no label is.
        let read = SourceSpan::new(
            (contents.span().offset() + self.base)
                .saturating_sub(self.prefix)
                .into(),
            contents.span().len(),
        );
        Ok(Box::new(MietteSpanContents::new_named(
            self.file.display_path.clone(),
            contents.data(),
            read,
            line,
            column,
            contents.line_count(),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Heading, Subject};

    const MISSING: Heading = Heading {
        one: "column the model declares is missing",
        many: "columns the model declares are missing",
    };

    fn finding(rule: &'static str, group: Option<&str>, subject: Subject) -> Diagnostic {
        let mut d = Diagnostic::new(
            rule,
            crate::Category::Drift,
            Severity::Error,
            FileId(0),
            Span::new(0, 0),
            "m",
        )
        .with_subject(subject);
        d.group = group.map(str::to_owned);
        d
    }

    fn table(name: &str) -> Subject {
        Subject {
            table: Some(name.into()),
            ..Subject::default()
        }
    }

    #[test]
    fn group_headers_name_the_object_and_what_its_findings_share() {
        let users =
            finding("model-column-missing", Some("g"), table("users")).with_heading(MISSING);
        assert_eq!(
            group_header("g", &[&users, &users]),
            "table `users`: 2 columns the model declares are missing"
        );
        assert_eq!(
            group_header("g", &[&users]),
            "table `users`: 1 column the model declares is missing"
        );
        let role = Subject {
            type_name: Some("Role".into()),
            value: Some("ADMIN".into()),
            ..Subject::default()
        };
        let value = finding("enum-value-missing", Some("g"), role).with_heading(Heading {
            one: "value the model declares is missing",
            many: "values the model declares are missing",
        });
        assert_eq!(
            group_header("g", &[&value, &value]),
            "enum `Role`: 2 values the model declares are missing"
        );
        // No heading, or mixed rules and subjects: the group key and a plain count.
        let other = finding("unknown-column", Some("g"), table("posts"));
        assert_eq!(
            group_header("g", &[&other, &other]),
            "table `posts`: 2 findings of `unknown-column`"
        );
        assert_eq!(
            group_header("the users table", &[&users, &other]),
            "the users table: 2 related findings"
        );
    }

    #[test]
    fn a_group_is_told_where_its_first_member_is() {
        let a1 = finding("model-column-missing", Some("a"), table("a"));
        let lone = finding("syntax-error", None, Subject::default());
        let b = finding("model-column-missing", Some("b"), table("b"));
        let a2 = finding("model-column-missing", Some("a"), table("a"));
        let all = [a1, lone, b, a2];
        let stories = stories(&all);
        let shape: Vec<(bool, usize)> = stories
            .iter()
            .map(|(header, members)| (header.is_some(), members.len()))
            .collect();
        // `a` (two members, with a header), the lone finding, `b` (one member, no header).
        assert_eq!(shape, [(true, 2), (false, 1), (false, 1)]);
        assert!(std::ptr::eq(stories[0].1[1], &all[3]));
    }

    #[test]
    fn summary_lines_count_in_words() {
        let summary = |errors, warnings| Summary {
            files: 1,
            statements: 2,
            errors,
            warnings,
            baselined: 0,
        };
        assert_eq!(
            summary_line(&Summary {
                baselined: 1,
                ..summary(0, 0)
            }),
            "no problems found in 1 file (2 statements); 1 finding in the baseline not shown"
        );
        assert_eq!(
            summary_line(&summary(0, 0)),
            "no problems found in 1 file (2 statements)"
        );
        assert_eq!(
            summary_line(&summary(1, 0)),
            "found 1 error in 1 file (2 statements)"
        );
        assert_eq!(
            summary_line(&summary(0, 3)),
            "found 3 warnings in 1 file (2 statements)"
        );
        assert_eq!(
            summary_line(&summary(5, 1)),
            "found 5 errors and 1 warning in 1 file (2 statements)"
        );
    }

    #[test]
    fn lone_carriage_returns_become_spaces() {
        assert!(matches!(without_lone_cr("a\r\nb"), Cow::Borrowed(_)));
        assert_eq!(without_lone_cr("a\rb\r\nc\r"), "a b\r\nc ");
    }
}
