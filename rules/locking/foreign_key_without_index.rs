use miglint_catalog::{Catalog, ConstraintKind, Table};
use miglint_diagnostics::{RuleMeta, Subject};
use miglint_engine::{Findings, ProjectContext, Rule};
use miglint_source::Dialect;

declare_rule! {
    /// ## What it does
    /// Reports a foreign key whose referencing columns are not the leading
    /// columns of any index (or primary key or unique constraint) of their
    /// table at the end of the history, on PostgreSQL and SQLite.
    ///
    /// ## Why is this bad?
    /// Every `DELETE` of a referenced row, and every update of its key,
    /// must find the referencing rows: without an index that is a scan of
    /// the whole referencing table, holding row locks, once per deleted row.
    /// `ON DELETE CASCADE` makes it worse. The index may come in a later
    /// migration; only the final state counts.
    ///
    /// Off by default for now: most Prisma histories declare keys without
    /// an index, so turning it on changes many projects' output at once.
    ///
    /// MySQL (InnoDB) creates the index itself when a foreign key needs one,
    /// so MySQL projects are not reported.
    ///
    /// ## Example
    /// ```sql
    /// CREATE TABLE users (id bigint PRIMARY KEY);
    /// CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));
    /// ```
    ///
    /// Use instead:
    /// ```sql
    /// CREATE TABLE users (id bigint PRIMARY KEY);
    /// CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));
    /// CREATE INDEX orders_user_id_idx ON orders (user_id);
    /// ```
    pub struct ForeignKeyWithoutIndex {
        id: "foreign-key-without-index",
        category: Locking,
        severity: Warning,
        summary: "a foreign key without an index on its columns makes deletes of the referenced rows scan the table",
        // Off until the lead decides: on, it adds warnings to the example projects.
        enabled: false,
    }
}

impl Rule for ForeignKeyWithoutIndex {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_project(&self, cx: &ProjectContext<'_>, out: &mut Findings<'_>) {
        if cx.project.dialect == Dialect::MySql {
            return;
        }
        let catalog = cx.catalog;
        for table in &catalog.tables {
            if table.assumed || table.temporary {
                continue;
            }
            for fk in &table.constraints {
                let ConstraintKind::ForeignKey { table: target, .. } = &fk.kind else {
                    continue;
                };
                if fk.columns.is_empty() || indexed(catalog, table, &fk.columns) {
                    continue;
                }
                out.report_at(
                    fk.history.created.file,
                    fk.history.created.span,
                    format!(
                        "no index of `{}` starts with ({}): deleting a row of `{}` scans the whole table",
                        catalog.display_name(&table.schema, &table.name),
                        fk.columns.join(", "),
                        catalog.display_name(&target.0, &target.1)
                    ),
                )
                .help(format!(
                    "add `CREATE INDEX … ON {} ({})` (CONCURRENTLY on an existing table)",
                    catalog.display_name(&table.schema, &table.name),
                    fk.columns.join(", ")
                ))
                .subject(Subject {
                    schema: Some(table.schema.clone()),
                    table: Some(table.name.clone()),
                    ..Subject::default()
                });
            }
        }
    }
}

/// Whether an index, primary key or unique constraint of `table` starts
/// with `columns` (in any order).
fn indexed(catalog: &Catalog, table: &Table, columns: &[String]) -> bool {
    let leads = |keys: &[String]| {
        keys.len() >= columns.len()
            && columns
                .iter()
                .all(|c| keys.iter().take(columns.len()).any(|k| catalog.same(k, c)))
    };
    catalog
        .indexes_on(table)
        .any(|i| i.predicate.is_none() && leads(&i.columns))
        || table.constraints.iter().any(|c| {
            matches!(c.kind, ConstraintKind::PrimaryKey | ConstraintKind::Unique)
                && leads(&c.columns)
        })
}
