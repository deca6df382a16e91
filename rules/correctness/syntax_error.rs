use miglint_diagnostics::RuleMeta;
use miglint_engine::{Findings, ModelContext, Rule, StatementContext};

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
    /// `[rules.severity] syntax-error = "error"` in `miglint.toml`.
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

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut Findings<'_>) {
        let Some(error) = &cx.statement.error else {
            return;
        };
        out.report(error.span, message(&error.message)).help(
            "check the statement against the database's documentation; if it is valid, \
             this is a gap in miglint's parser",
        );
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

fn message(parser_message: &str) -> String {
    let first = parser_message.chars().next().map(char::to_lowercase);
    let rest = parser_message.chars().skip(1).collect::<String>();
    let start: String = first.map(|c| c.collect()).unwrap_or_default();
    format!("cannot parse statement: {start}{rest}")
}
