use miglint_diagnostics::{Heading, RuleMeta, Subject};
use miglint_engine::{Findings, Rule, VerifyContext};
use miglint_model::{Drift, DriftKind, Fix};
use miglint_source::{FileId, Span};

declare_rule! {
    /// ## What it does
    /// Under `miglint verify`, reports every difference between the schema
    /// the applied migrations build (replayed up to the last one the
    /// database records) and the live database: a column added by hand in
    /// production, an index dropped in a console, a type changed by a script.
    ///
    /// ## Why is this bad?
    /// The migration history no longer describes the database. A fresh
    /// environment built from it differs from production, the next generated
    /// migration may undo the hand-made change, and the model checks that
    /// trust the history check the wrong schema.
    ///
    /// ## Example
    /// ```text
    /// ALTER TABLE users ADD COLUMN note text;   -- run by hand in production
    /// ```
    ///
    /// Use instead: put every schema change in a migration; for a change
    /// already made by hand, add a migration that makes it (written to be a
    /// no-op where it exists) or revert it in the database.
    pub struct SchemaChangedOutsideMigrations {
        id: "schema-changed-outside-migrations",
        category: Verify,
        severity: Error,
        summary: "the live database differs from the schema its applied migrations build",
    }
}

impl Rule for SchemaChangedOutsideMigrations {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_verify(&self, cx: &VerifyContext<'_>, out: &mut Findings<'_>) {
        for drift in cx.outside {
            let Some(message) = message(drift) else {
                continue;
            };
            // The migration that made the object, else the object in the database.
            let (file, span) = match (&drift.model, &drift.history) {
                (Some(made), _) => (made.file, first_line(cx, made.file, made.span)),
                (None, Some(live)) => (
                    live.created.file,
                    first_line(cx, live.created.file, live.created.span),
                ),
                (None, None) => (cx.database_file, Span::new(0, 0)),
            };
            let help = match &drift.fix {
                Fix::Sql(sql) if !sql.is_empty() => format!(
                    "if the change was intended, add a migration that records it; otherwise \
                     restore what the migrations built:\n{sql}"
                ),
                _ => "if the change was intended, add a migration that records it; otherwise \
                      revert it in the database"
                    .to_owned(),
            };
            let kind = &drift.kind;
            let finding = out
                .report_at(file, span, format!("{message} ({})", cx.database.name))
                .help(help)
                .heading(HEADING)
                .subject(Subject {
                    schema: Some(kind.schema().to_owned()).filter(|s| !s.is_empty()),
                    table: kind.table().map(|t| t.name.clone()),
                    column: kind.column().map(|c| c.name.clone()),
                    type_name: kind.enum_name().map(|e| e.name.clone()),
                    value: kind.enum_value().map(str::to_owned),
                });
            if let Some(live) = drift.history.filter(|_| drift.model.is_some()) {
                finding.label(
                    live.created.file,
                    first_line(cx, live.created.file, live.created.span),
                    "as the database has it",
                );
            }
        }
    }
}

const HEADING: Heading = Heading {
    one: "change made outside the migrations",
    many: "changes made outside the migrations",
};

/// What differs, in the words of someone comparing production with the
/// history; `expected` is the history's side, `actual` the database's.
fn message(drift: &Drift) -> Option<String> {
    // MySQL and SQLite tables have no schema to print.
    let table = |t: &miglint_model::TableName| {
        if t.schema.is_empty() {
            t.name.clone()
        } else {
            format!("{}.{}", t.schema, t.name)
        }
    };
    let column = |c: &miglint_model::ColumnName| format!("{}.{}", table(&c.table), c.name);
    Some(match &drift.kind {
        DriftKind::TableMissing(t) => format!(
            "table `{}` is created by the applied migrations but missing from the database",
            table(t)
        ),
        DriftKind::TableRenamed { table: t, from } => format!(
            "table `{}` of the applied migrations is `{}` in the database",
            table(t),
            table(from)
        ),
        DriftKind::ColumnMissing(c) => format!(
            "column `{}` is added by the applied migrations but missing from the database",
            column(c)
        ),
        DriftKind::ColumnTypeMismatch {
            column: c,
            expected,
            actual,
        } => format!(
            "column `{}` is `{actual}` in the database but `{expected}` after the applied migrations",
            column(c)
        ),
        DriftKind::NullabilityMismatch {
            column: c,
            expected_nullable,
        } => format!(
            "column `{}` is {} in the database but {} after the applied migrations",
            column(c),
            if *expected_nullable {
                "NOT NULL"
            } else {
                "nullable"
            },
            if *expected_nullable {
                "nullable"
            } else {
                "NOT NULL"
            },
        ),
        DriftKind::DefaultMismatch {
            column: c,
            expected,
            actual,
        } => format!(
            "column `{}` has default {} in the database but {} after the applied migrations",
            column(c),
            shown(actual.as_deref()),
            shown(expected.as_deref()),
        ),
        DriftKind::EnumMissing(e) => format!(
            "enum type `{}.{}` is created by the applied migrations but missing from the database",
            e.schema, e.name
        ),
        DriftKind::EnumValueMissing { enum_name, value } => format!(
            "enum `{}.{}` lacks value `{value}` that the applied migrations add",
            enum_name.schema, enum_name.name
        ),
        DriftKind::EnumValueNotInModel { enum_name, value } => format!(
            "enum `{}.{}` has value `{value}` that no applied migration adds",
            enum_name.schema, enum_name.name
        ),
        DriftKind::TableNotInModel(t) => format!(
            "table `{}` exists in the database but no applied migration creates it",
            table(t)
        ),
        DriftKind::ColumnNotInModel(c) => format!(
            "column `{}` exists in the database but no applied migration adds it",
            column(c)
        ),
        DriftKind::PrimaryKeyMismatch {
            table: t,
            expected,
            actual,
            ..
        } => format!(
            "table `{}` has {} in the database but {} after the applied migrations",
            table(t),
            crate::drift::primary_key(actual),
            crate::drift::primary_key(expected),
        ),
        DriftKind::IndexMissing(i) | DriftKind::UniqueMissing(i) => format!(
            "index `{}` on `{}` ({}) is created by the applied migrations but missing from the database",
            i.name,
            table(&i.table),
            i.columns.join(", ")
        ),
        DriftKind::IndexNotInModel { index: i, .. } => format!(
            "index `{}` on `{}` ({}) exists in the database but no applied migration creates it",
            i.name,
            table(&i.table),
            i.columns.join(", ")
        ),
        DriftKind::ForeignKeyMissing {
            key,
            referenced_table,
        } => format!(
            "foreign key `{}` on `{}` ({}) referencing `{referenced_table}` is created by the \
             applied migrations but missing from the database",
            key.name,
            table(&key.table),
            key.columns.join(", ")
        ),
    })
}

fn shown(default: Option<&str>) -> String {
    default.map_or_else(|| "none".to_owned(), |sql| format!("`{sql}`"))
}

/// The first line of a statement, so a label on a long `CREATE TABLE` stays short.
fn first_line(cx: &VerifyContext<'_>, file: FileId, span: Span) -> Span {
    let text = cx.sources.get(file).map_or("", |f| f.text.as_str());
    let statement = span.slice(text);
    let end = statement.find('\n').unwrap_or(statement.len());
    let end = statement.get(..end).map_or(0, |line| line.trim_end().len());
    Span::new(span.start, span.start + u32::try_from(end).unwrap_or(0))
}
