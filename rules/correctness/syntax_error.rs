use miglint_diagnostics::RuleMeta;
use miglint_engine::{FileFindings, Findings, ModelContext, Rule, StatementContext};
use miglint_project::Tool;

declare_rule! {
    /// ## What it does
    /// Reports a statement that miglint's SQL parser cannot read, and a model
    /// file (`schema.prisma`) that cannot be read; the project's drift check
    /// is skipped until the model parses.
    ///
    /// ## Why is this bad?
    /// A statement that does not parse may fail on the server, and miglint
    /// cannot check it: its effect on the schema is taken from a simpler
    /// reading of the statement, so later findings may be less precise.
    ///
    /// The parser does not cover every valid statement of every dialect, so
    /// this is a warning by default; make it an error with
    /// `[rules.severity] syntax-error = "error"` in `miglint.toml`. (Of the
    /// eight findings on the shared corpus of seventeen projects, three are
    /// SQL PostgreSQL rejects and five are valid statements the parser does
    /// not read yet.)
    ///
    /// Where the cause is known the help names it: dbmate recognises
    /// `-- migrate:down` only at the start of a line, so an indented marker
    /// leaves the down section inside the up migration.
    ///
    /// ## Example
    /// ```sql
    /// CREATE TABLE users (id int PRIMARY KEY,, name text);
    /// ```
    ///
    /// Use instead:
    /// ```sql
    /// CREATE TABLE users (id int PRIMARY KEY, name text);
    /// ```
    pub struct SyntaxError {
        id: "syntax-error",
        category: Correctness,
        severity: Warning,
        summary: "a statement that does not parse",
    }
}

impl Rule for SyntaxError {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        let Some(error) = &cx.statement.error else {
            return;
        };
        let statement = cx.statement.span.slice(&cx.source.text);
        let help = if cx.project.tool == Tool::Dbmate && has_indented_down_marker(statement) {
            "dbmate recognises `-- migrate:down` only at the start of a line: this one is \
             indented, so dbmate runs the down section as part of the up migration; move the \
             marker to the start of its line"
        } else {
            "check the statement against the database's documentation; if it is valid, \
             this is a gap in miglint's parser"
        };
        out.report(error.span, message(&error.message)).help(help);
    }

    fn check_model(&self, cx: &ModelContext<'_>, out: &mut Findings<'_>) {
        for error in cx.errors {
            out.report_at(
                error.file,
                error.span,
                format!(
                    "invalid {}: {}",
                    error.kind.file_description(),
                    lowercase_first(&error.message)
                ),
            )
            .help("fix the schema; miglint skips this project's drift check until it parses");
        }
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_lowercase().chain(chars).collect()
    })
}

/// The parser's message on one line: a token it quotes may span lines (a
/// dollar-quoted body), which is cut at the first line break and at 80
/// characters.
fn message(parser_message: &str) -> String {
    const LIMIT: usize = 80;
    let first = parser_message.chars().next().map(char::to_lowercase);
    let rest = parser_message.chars().skip(1).collect::<String>();
    let start: String = first.map(|c| c.collect()).unwrap_or_default();
    let whole = format!("{start}{rest}");
    let line = whole.lines().next().unwrap_or("").trim_end();
    let mut shown: String = line.chars().take(LIMIT).collect();
    if shown.len() < whole.trim_end().len() {
        shown.push('…');
    }
    format!("cannot parse statement: {shown}")
}

/// A `-- migrate:down` marker that does not start its line.
fn has_indented_down_marker(statement: &str) -> bool {
    statement.lines().any(|line| {
        let trimmed = line.trim_start();
        trimmed.len() < line.len()
            && trimmed
                .strip_prefix("--")
                .is_some_and(|rest| rest.trim_start().starts_with("migrate:down"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_quote_one_line_at_most() {
        assert_eq!(
            message("Expected: an SQL statement, found: $a$\nBEGIN\n  EXECUTE 1;"),
            "cannot parse statement: expected: an SQL statement, found: $a$…"
        );
        let long = format!("Expected: x, found: {}", "y".repeat(200));
        assert_eq!(
            message(&long).chars().count(),
            "cannot parse statement: ".len() + 81
        );
        assert_eq!(
            message("Expected: end of statement, found: DROP"),
            "cannot parse statement: expected: end of statement, found: DROP"
        );
    }

    #[test]
    fn indented_dbmate_markers() {
        assert!(has_indented_down_marker(
            "ALTER TABLE t ADD c int\n    -- migrate:down\n"
        ));
        assert!(!has_indented_down_marker("-- migrate:down\nDROP TABLE t"));
    }
}
