use miglint_catalog::{ObjectKind, ReplayEvent};
use miglint_diagnostics::{RuleMeta, Subject};
use miglint_engine::{FileFindings, ReplayContext, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a statement that creates a table, column, index, type, view,
    /// sequence, schema, extension or enum value that already exists at that
    /// point of the history, without `IF NOT EXISTS`.
    ///
    /// ## Why is this bad?
    /// The database rejects the statement and the migration fails. It often
    /// means the same change was written twice (two branches merged, or a
    /// migration copied), or a migration creates what a hand-run fix already
    /// created.
    ///
    /// ## Example
    /// ```sql
    /// CREATE TABLE users (id bigint PRIMARY KEY);
    /// CREATE TABLE users (id bigint PRIMARY KEY);
    /// ```
    ///
    /// Use instead: remove the duplicate, or write `CREATE TABLE IF NOT EXISTS`
    /// when the statement must tolerate an existing object.
    pub struct ObjectAlreadyExists {
        id: "object-already-exists",
        category: Correctness,
        severity: Error,
        summary: "a statement creates something that already exists, without IF NOT EXISTS",
    }
}

impl Rule for ObjectAlreadyExists {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_replay(&self, cx: &ReplayContext<'_>, out: &mut FileFindings<'_>) {
        for event in cx.events {
            let ReplayEvent::AlreadyExists {
                kind,
                name,
                span,
                previous,
            } = event
            else {
                continue;
            };
            let finding = out
                .report(
                    *span,
                    format!(
                        "{} `{name}` already exists at this point of the history",
                        kind.noun()
                    ),
                )
                .help(help(*kind))
                .subject(subject(*kind, name));
            if let Some(previous) = previous {
                finding.label(previous.file, previous.span, "created here");
            }
        }
    }
}

fn help(kind: ObjectKind) -> &'static str {
    match kind {
        ObjectKind::Column => "remove the duplicate, or write `ADD COLUMN IF NOT EXISTS`",
        ObjectKind::EnumValue => "remove the duplicate, or write `ADD VALUE IF NOT EXISTS`",
        _ => "remove the duplicate, or write `IF NOT EXISTS` if the statement must tolerate it",
    }
}

fn subject(kind: ObjectKind, name: &str) -> Subject {
    match kind {
        ObjectKind::Table | ObjectKind::View | ObjectKind::MaterializedView => Subject {
            table: Some(name.to_owned()),
            ..Subject::default()
        },
        ObjectKind::Type => Subject {
            type_name: Some(name.to_owned()),
            ..Subject::default()
        },
        ObjectKind::Column => match name.rsplit_once('.') {
            Some((table, column)) => Subject {
                table: Some(table.to_owned()),
                column: Some(column.to_owned()),
                ..Subject::default()
            },
            None => Subject {
                column: Some(name.to_owned()),
                ..Subject::default()
            },
        },
        _ => Subject::default(),
    }
}
