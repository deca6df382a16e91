use miglint_catalog::ReplayEvent;
use miglint_diagnostics::{RuleMeta, Subject};
use miglint_engine::{FileFindings, ReplayContext, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a statement that refers to a table that does not exist at that
    /// point of the migration history.
    ///
    /// ## Why is this bad?
    /// The database rejects the statement, the migration fails, and the
    /// deploy stops half-way. It usually means a migration was written against
    /// a local database that does not match the history (the table was
    /// created by hand, renamed, or the migrations run in another order).
    ///
    /// In a partial history (a single file, or a project baselined from an
    /// existing database) tables no migration creates are assumed to exist.
    ///
    /// ## Example
    /// ```sql
    /// CREATE TABLE accounts (id bigint PRIMARY KEY);
    /// ALTER TABLE account ADD COLUMN email text;
    /// ```
    ///
    /// Use instead:
    /// ```sql
    /// CREATE TABLE accounts (id bigint PRIMARY KEY);
    /// ALTER TABLE accounts ADD COLUMN email text;
    /// ```
    pub struct UnknownTable {
        id: "unknown-table",
        category: Correctness,
        severity: Error,
        summary: "a statement refers to a table that does not exist at that point of the history",
    }
}

impl Rule for UnknownTable {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_replay(&self, cx: &ReplayContext<'_>, out: &mut FileFindings<'_>) {
        for event in cx.events {
            if let ReplayEvent::UnknownTable { name, span } = event {
                out.report(
                    *span,
                    format!("table `{name}` does not exist at this point of the history"),
                )
                .help(
                    "create the table in an earlier migration, or fix the name; \
                     miglint replays every migration before this one",
                )
                .subject(Subject {
                    table: Some(name.clone()),
                    ..Subject::default()
                });
            }
        }
    }
}
