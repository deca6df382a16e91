use miglint_catalog::ReplayEvent;
use miglint_diagnostics::{RuleMeta, Subject};
use miglint_engine::{FileFindings, ReplayContext, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a statement that refers to a column its table does not have at
    /// that point of the migration history.
    ///
    /// ## Why is this bad?
    /// The database rejects the statement and the migration fails. Typical
    /// causes: a typo, a column renamed or dropped by an earlier migration, or
    /// a migration that assumes a column added by hand.
    ///
    /// ## Example
    /// ```sql
    /// CREATE TABLE users (id bigint PRIMARY KEY, email text);
    /// CREATE INDEX users_mail_idx ON users (mail);
    /// ```
    ///
    /// Use instead:
    /// ```sql
    /// CREATE TABLE users (id bigint PRIMARY KEY, email text);
    /// CREATE INDEX users_email_idx ON users (email);
    /// ```
    pub struct UnknownColumn {
        id: "unknown-column",
        category: Correctness,
        severity: Error,
        summary: "a statement refers to a column that does not exist at that point of the history",
    }
}

impl Rule for UnknownColumn {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_replay(&self, cx: &ReplayContext<'_>, out: &mut FileFindings<'_>) {
        for event in cx.events {
            if let ReplayEvent::UnknownColumn {
                table,
                column,
                span,
            } = event
            {
                out.report(
                    *span,
                    format!("column `{column}` does not exist in table `{table}` at this point of the history"),
                )
                .help("add the column in an earlier migration, or fix the name")
                .subject(Subject {
                    table: Some(table.clone()),
                    column: Some(column.clone()),
                    ..Subject::default()
                });
            }
        }
    }
}
