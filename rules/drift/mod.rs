//! Differences between the model (a Prisma schema, a diesel `schema.rs`, a
//! drizzle-kit snapshot or a declarative `schema.sql`) and the schema the
//! migration history builds. A rule runs only where the model's kind can
//! express what it checks (see `miglint_model::Capabilities`). Each finding
//! points at the model element, labels the migration that created or last
//! changed the table, and carries the SQL
//! that closes the gap.

mod column_default_mismatch;
mod column_not_in_model;
mod column_nullability_mismatch;
mod column_type_mismatch;
mod enum_value_missing;
mod enum_value_not_in_model;
mod index_not_in_model;
mod model_column_missing;
mod model_enum_missing;
mod model_foreign_key_missing;
mod model_index_missing;
mod model_table_missing;
mod primary_key_mismatch;
mod table_not_in_model;

pub use column_default_mismatch::ColumnDefaultMismatch;
pub use column_not_in_model::ColumnNotInModel;
pub use column_nullability_mismatch::ColumnNullabilityMismatch;
pub use column_type_mismatch::ColumnTypeMismatch;
pub use enum_value_missing::EnumValueMissing;
pub use enum_value_not_in_model::EnumValueNotInModel;
pub use index_not_in_model::IndexNotInModel;
pub use model_column_missing::ModelColumnMissing;
pub use model_enum_missing::ModelEnumMissing;
pub use model_foreign_key_missing::ModelForeignKeyMissing;
pub use model_index_missing::ModelIndexMissing;
pub use model_table_missing::ModelTableMissing;
pub use primary_key_mismatch::PrimaryKeyMismatch;
pub use table_not_in_model::TableNotInModel;

use miglint_catalog::Origin;
use miglint_diagnostics::{Declare, Heading, Subject};
use miglint_engine::{DriftContext, DriftTarget, Findings};
use miglint_model::{ColumnName, DriftKind, Fix};
use miglint_source::Span;

/// The finding every drift rule builds: at the model element when the model
/// has one, else at the migration that created the object; labelled with the
/// migration that created and last changed the table; help and fix carry the
/// SQL; one group per table (or enum) so the human output tells one story,
/// under the rule's own `heading`.
fn drift_finding(cx: &DriftContext<'_>, out: &mut Findings<'_>, message: String, heading: Heading) {
    let drift = cx.drift;
    let (file, span) = match (&drift.model, &drift.history) {
        (Some(model), _) => (model.file, model.span),
        (None, Some(history)) => (history.created.file, first_line(cx, history.created)),
        (None, None) => return,
    };
    let mut finding = out
        .report_at(file, span, message)
        .subject(subject(cx))
        .heading(heading);
    if drift.model.is_some() {
        finding = match &drift.history {
            Some(history) if history.created == history.changed => finding.label(
                history.created.file,
                first_line(cx, history.created),
                format!("{} here", object_name(cx)),
            ),
            Some(history) => finding
                .label(
                    history.created.file,
                    first_line(cx, history.created),
                    format!("{} here", object_name(cx)),
                )
                .label(
                    history.changed.file,
                    first_line(cx, history.changed),
                    format!("{} last changed here", history_noun(cx)),
                ),
            None => finding,
        };
    }
    // An object the model lacks can be kept (declared) or dropped: both are offered.
    let declare = match &drift.declare {
        Some(Fix::Model(text)) if !text.is_empty() => Some((
            format!("keep it: declare it in the model:\n{text}\n"),
            Declare::Model(text.clone()),
        )),
        Some(Fix::Manual(text)) if !text.is_empty() => {
            Some((format!("keep it: {text}; "), Declare::Manual(text.clone())))
        }
        _ => None,
    };
    let keep = declare.as_ref().map_or("", |(help, _)| help.as_str());
    let (add, cannot) = if declare.is_some() {
        (
            "or drop it with a migration:",
            "or drop it: it cannot be done in place: ",
        )
    } else {
        ("add a migration with:", "this cannot be done in place: ")
    };
    finding = match &drift.fix {
        Fix::Sql(sql) if !sql.is_empty() => {
            finding.help(format!("{keep}{add}\n{sql}")).fix(sql.clone())
        }
        Fix::Manual(text) if !text.is_empty() => finding.help(format!("{keep}{cannot}{text}")),
        _ => finding,
    };
    if let Some((_, declare)) = declare {
        finding = finding.declare(declare);
    }
    if let Some(table) = drift.kind.table() {
        finding.group(format!("{}.{}", table.schema, table.name));
    } else if let Some(e) = drift.kind.enum_name() {
        finding.group(format!("{}.{}", e.schema, e.name));
    }
}

/// What `drift.history` is the history of: the column itself when it exists,
/// else its table, the index, or the enum type.
fn history_noun(cx: &DriftContext<'_>) -> String {
    let kind = &cx.drift.kind;
    match kind {
        DriftKind::ColumnTypeMismatch { column, .. }
        | DriftKind::NullabilityMismatch { column, .. }
        | DriftKind::DefaultMismatch { column, .. }
        | DriftKind::ColumnNotInModel(column) => format!("column `{}`", column_name(cx, column)),
        DriftKind::IndexNotInModel { index, .. } => format!("index `{}`", index.name),
        DriftKind::TableRenamed { from, .. } => format!("table `{}`", display(cx, &from.name)),
        _ => match (kind.table(), kind.enum_name()) {
            (Some(table), _) => format!("table `{}`", display(cx, &table.name)),
            (None, Some(e)) => format!("type `{}`", display(cx, &e.name)),
            (None, None) => "it".to_owned(),
        },
    }
}

/// The label on the statement that made the object: `column `users.x` is added here`.
fn object_name(cx: &DriftContext<'_>) -> String {
    let noun = history_noun(cx);
    let verb = if noun.starts_with("column") {
        "is added"
    } else {
        "is created"
    };
    format!("{noun} {verb}")
}

/// A name qualified with its schema when it is not the default one.
fn display(cx: &DriftContext<'_>, name: &str) -> String {
    let schema = cx.drift.kind.schema();
    if schema.is_empty() || schema == cx.catalog.default_schema {
        name.to_owned()
    } else {
        format!("{schema}.{name}")
    }
}

/// The first line of a statement: labels on a long `CREATE TABLE` stay short.
fn first_line(cx: &DriftContext<'_>, at: Origin) -> Span {
    let text = cx.sources.get(at.file).map_or("", |f| f.text.as_str());
    let statement = at.span.slice(text);
    let end = statement.find('\n').map_or(statement.len(), |i| i);
    let end = statement.get(..end).map_or(0, |line| line.trim_end().len());
    Span::new(
        at.span.start,
        at.span.start + u32::try_from(end).unwrap_or(0),
    )
}

fn subject(cx: &DriftContext<'_>) -> Subject {
    let kind = &cx.drift.kind;
    Subject {
        schema: Some(kind.schema().to_owned()).filter(|s| !s.is_empty()),
        table: kind.table().map(|t| t.name.clone()),
        column: kind.column().map(|c| c.name.clone()),
        type_name: kind.enum_name().map(|e| e.name.clone()),
        value: kind.enum_value().map(str::to_owned),
    }
}

/// `users.email` for messages.
fn column_name(cx: &DriftContext<'_>, column: &ColumnName) -> String {
    format!("{}.{}", display(cx, &column.table.name), column.name)
}

/// "in the migrations" or "in the database": where the actual schema comes from.
fn in_actual(cx: &DriftContext<'_>) -> &'static str {
    match cx.target {
        DriftTarget::History => "in the migrations",
        DriftTarget::Database => "in the database",
    }
}

fn created_actual(cx: &DriftContext<'_>) -> &'static str {
    match cx.target {
        DriftTarget::History => "is created by the migrations",
        DriftTarget::Database => "exists in the database",
    }
}

fn not_added(cx: &DriftContext<'_>) -> &'static str {
    match cx.target {
        DriftTarget::History => "no migration adds it",
        DriftTarget::Database => "the database does not have it",
    }
}

fn not_created(cx: &DriftContext<'_>) -> &'static str {
    match cx.target {
        DriftTarget::History => "no migration creates it",
        DriftTarget::Database => "the database does not have it",
    }
}

/// `primary key (a, b)`, or `no primary key`.
pub(crate) fn primary_key(columns: &[String]) -> String {
    if columns.is_empty() {
        "no primary key".to_owned()
    } else {
        format!("primary key ({})", columns.join(", "))
    }
}
