//! Differences between the model (`schema.prisma`) and the schema the
//! migration history builds. Each finding points at the model element, labels
//! the migration that created or last changed the table, and carries the SQL
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
use miglint_diagnostics::Subject;
use miglint_engine::{DriftContext, Findings};
use miglint_prisma::DriftKind;
use miglint_source::Span;

/// The finding every drift rule builds: at the model element when the model
/// has one, else at the migration that created the object; labelled with the
/// migration that created and last changed the table; help and fix carry the
/// SQL; one group per table so the human output tells one story.
fn drift_finding(cx: &DriftContext<'_>, out: &mut Findings<'_>, message: String) {
    let drift = cx.drift;
    let (file, span) = match (&drift.model, &drift.history) {
        (Some(model), _) => (model.file, model.span),
        (None, Some(history)) => (history.created.file, first_line(cx, history.created)),
        (None, None) => return,
    };
    let mut finding = out.report_at(file, span, message).subject(subject(cx));
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
    if !drift.fix.is_empty() {
        let help = if drift.fix.trim_start().starts_with("--") {
            format!("this cannot be done in place; see the fix:\n{}", drift.fix)
        } else {
            format!("add a migration with:\n{}", drift.fix)
        };
        finding = finding.help(help).fix(drift.fix.clone());
    }
    if let Some(table) = &drift.table {
        finding.group(format!("{}.{table}", drift.schema));
    } else if let Some(name) = &drift.enum_name {
        finding.group(format!("{}.{name}", drift.schema));
    }
}

/// What `drift.history` is the history of: the column itself when it exists,
/// else its table, the index, or the enum type.
fn history_noun(cx: &DriftContext<'_>) -> String {
    let drift = cx.drift;
    let existing_column = matches!(
        drift.kind,
        DriftKind::ColumnTypeMismatch { .. }
            | DriftKind::NullabilityMismatch { .. }
            | DriftKind::DefaultMismatch { .. }
            | DriftKind::ColumnNotInModel
    );
    match (&drift.table, &drift.column, &drift.index, &drift.enum_name) {
        (Some(_), Some(_), _, _) if existing_column => format!("column `{}`", column_name(cx)),
        (Some(_), _, Some(index), _) if matches!(drift.kind, DriftKind::IndexNotInModel { .. }) => {
            format!("index `{index}`")
        }
        (Some(table), _, _, _) => format!("table `{}`", display(cx, table)),
        (None, _, _, Some(name)) => format!("type `{}`", display(cx, name)),
        _ => "it".to_owned(),
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
    if cx.drift.schema.is_empty() || cx.drift.schema == cx.catalog.default_schema {
        name.to_owned()
    } else {
        format!("{}.{name}", cx.drift.schema)
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
    let drift = cx.drift;
    Subject {
        schema: Some(drift.schema.clone()).filter(|s| !s.is_empty()),
        table: drift.table.clone(),
        column: drift.column.clone(),
        type_name: drift.enum_name.clone(),
        value: drift.value.clone(),
    }
}

/// `users.email` for messages.
fn column_name(cx: &DriftContext<'_>) -> String {
    let table = cx.drift.table.as_deref().unwrap_or("?");
    let column = cx.drift.column.as_deref().unwrap_or("?");
    format!("{}.{column}", display(cx, table))
}
