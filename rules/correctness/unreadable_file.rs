use miglint_diagnostics::RuleMeta;
use miglint_engine::{Findings, ProjectContext, Rule, UnreadableKind};

declare_rule! {
    /// ## What it does
    /// Reports a file of a project that miglint cannot read or decode: a
    /// migration the tool would apply (missing, a dangling link, a folder
    /// where the file should be, unreadable, or not UTF-8 text — e.g. a
    /// Prisma migration folder without `migration.sql`), or a model file.
    ///
    /// ## Why is this bad?
    /// The migration tool fails on it too, so the deploy fails. miglint
    /// lints the rest, but replays the history without that migration (or,
    /// for text that is not UTF-8, with its invalid bytes replaced), so
    /// findings after it may be wrong. An unreadable model skips the
    /// project's drift check.
    ///
    /// ## Example
    /// ```text
    /// prisma/migrations/20240101000000_init/migration.sql
    /// prisma/migrations/20240102000000_add_users/          <- no migration.sql
    /// ```
    ///
    /// Use instead: restore `migration.sql` in that folder, or remove the
    /// folder if the migration was never applied anywhere.
    pub struct UnreadableFile {
        id: "unreadable-file",
        category: Correctness,
        severity: Error,
        summary: "a migration or model file that cannot be read or is not UTF-8 text",
    }
}

impl Rule for UnreadableFile {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_project(&self, cx: &ProjectContext<'_>, out: &mut Findings<'_>) {
        for problem in cx.unreadable {
            let (what, consequence, help) = match (problem.kind, problem.lossy) {
                (UnreadableKind::Migration, false) => (
                    "this migration cannot be read",
                    "the history after it is replayed without it, so later findings may be wrong",
                    "restore the file (the migration tool fails on it too), or remove the \
                     migration if it was never applied",
                ),
                (UnreadableKind::Migration, true) => (
                    "this migration cannot be decoded",
                    "it is linted with the invalid bytes replaced, so its replay and the \
                     history after it may be wrong",
                    "save the file as UTF-8",
                ),
                (UnreadableKind::Model, _) => (
                    "this model file cannot be read",
                    "the project's drift check is skipped",
                    "make the file readable UTF-8 text",
                ),
            };
            out.report_at(
                problem.file,
                problem.span,
                format!("{what}: {}; {consequence}", problem.reason),
            )
            .help(help);
        }
    }
}
