use miglint_catalog::{ObjectKind, ReplayEvent};
use miglint_diagnostics::{RuleMeta, Subject};
use miglint_engine::{FileFindings, ReplayContext, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a statement that drops, alters or renames an index, type, enum
    /// value, view, sequence, schema or extension that does not exist at that
    /// point of the migration history (tables and columns have rules of their
    /// own; missing constraints are not reported yet).
    ///
    /// ## Why is this bad?
    /// The database rejects the statement (`index "…" does not exist`,
    /// `"…" is not an existing enum label`), the migration fails, and the
    /// deploy stops half-way. It usually means the object was already dropped
    /// by an earlier migration, was created by hand, or has another name.
    ///
    /// ## Example
    /// ```sql
    /// CREATE TABLE users (id bigint PRIMARY KEY, email text);
    /// CREATE INDEX users_email_idx ON users (email);
    /// DROP INDEX users_email_idx;
    /// DROP INDEX users_email_idx;
    /// ```
    ///
    /// Use instead: remove the second drop, or write `DROP INDEX IF EXISTS`
    /// when the statement must tolerate a missing object.
    pub struct UnknownObject {
        id: "unknown-object",
        category: Correctness,
        severity: Error,
        summary: "a statement refers to an index, type, view or other object that does not exist at that point of the history",
    }
}

impl Rule for UnknownObject {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_replay(&self, cx: &ReplayContext<'_>, out: &mut FileFindings<'_>) {
        for event in cx.events {
            let ReplayEvent::UnknownObject { kind, name, span } = event else {
                continue;
            };
            // A column-level `CONSTRAINT name` is not kept by the parser yet, so
            // replay may know such a constraint only by a generated name.
            if *kind == ObjectKind::Constraint {
                continue;
            }
            out.report(
                *span,
                format!(
                    "{} `{name}` does not exist at this point of the history",
                    kind.noun()
                ),
            )
            .help(help(*kind))
            .subject(subject(*kind, name));
        }
    }
}

fn help(kind: ObjectKind) -> &'static str {
    match kind {
        ObjectKind::EnumValue => "use a label the enum has at this point, or add it first",
        _ => {
            "fix the name, or write `IF EXISTS` if the statement must tolerate a missing object; \
             miglint replays every migration before this one"
        }
    }
}

fn subject(kind: ObjectKind, name: &str) -> Subject {
    match kind {
        ObjectKind::View | ObjectKind::MaterializedView => Subject {
            table: Some(name.to_owned()),
            ..Subject::default()
        },
        ObjectKind::Type => Subject {
            type_name: Some(name.to_owned()),
            ..Subject::default()
        },
        ObjectKind::EnumValue => Subject {
            value: Some(name.to_owned()),
            ..Subject::default()
        },
        ObjectKind::Schema => Subject {
            schema: Some(name.to_owned()),
            ..Subject::default()
        },
        _ => Subject::default(),
    }
}
