//! Questions rules ask about a statement beyond the IR. The answers are taken
//! from sqlparser's tree while it exists ([`TreeFacts`]; the tree is not kept:
//! it costs many times the statement's text), so that no other crate names
//! its types.

use sqlparser::ast as sq;

use crate::Statement;
use crate::ir::SchemaChange;

impl Statement {
    /// `CREATE INDEX CONCURRENTLY` (or `DROP INDEX CONCURRENTLY`, which
    /// sqlparser does not parse: the recogniser reports it in the IR).
    pub fn is_concurrent_index(&self) -> bool {
        match &self.change {
            SchemaChange::CreateIndex { concurrently, .. }
            | SchemaChange::DropIndex { concurrently, .. } => *concurrently,
            _ => false,
        }
    }

    /// `UPDATE`/`DELETE` without a `WHERE` clause (rewrites every row);
    /// `None` for other statements and for unparsed ones.
    pub fn touches_every_row(&self) -> Option<bool> {
        self.touches_every_row
    }

    /// `CREATE DOMAIN` with a `CHECK` or `NOT NULL` constraint.
    pub fn creates_domain_with_constraint(&self) -> bool {
        self.facts
            .as_ref()
            .is_some_and(|f| f.domain_with_constraint)
    }

    /// Whether `STORED` (`Some(true)`) or `VIRTUAL` (`Some(false)`) was
    /// written for the generated column `column` this statement defines.
    pub fn generated_column_stored(&self, column: &str) -> Option<bool> {
        let facts = self.facts.as_ref()?;
        facts
            .generated
            .iter()
            .find(|(name, _)| name == column)
            .map(|&(_, stored)| stored)
    }

    /// MySQL `ALGORITHM=…` of an `ALTER TABLE`, upper-cased.
    pub fn mysql_algorithm(&self) -> Option<String> {
        self.facts.as_ref()?.mysql_algorithm.clone()
    }

    /// The statement's kind as SQL keywords ("CREATE TABLE", "ALTER TYPE"…),
    /// for messages; "statement" when it is not one miglint names.
    pub fn keyword(&self) -> &'static str {
        self.keyword
    }
}

/// See [`Statement::touches_every_row`].
pub(crate) fn touches_every_row(ast: &sq::Statement) -> Option<bool> {
    match ast {
        sq::Statement::Update(u) => Some(u.selection.is_none()),
        sq::Statement::Delete(d) => Some(d.selection.is_none()),
        _ => None,
    }
}

/// See [`Statement::keyword`].
pub(crate) fn keyword(ast: &sq::Statement) -> &'static str {
    use sq::Statement as S;
    match ast {
        S::CreateTable(_) => "CREATE TABLE",
        S::AlterTable(_) => "ALTER TABLE",
        S::Drop { object_type, .. } => match object_type {
            sq::ObjectType::Table => "DROP TABLE",
            sq::ObjectType::View => "DROP VIEW",
            sq::ObjectType::MaterializedView => "DROP MATERIALIZED VIEW",
            sq::ObjectType::Index => "DROP INDEX",
            sq::ObjectType::Schema => "DROP SCHEMA",
            sq::ObjectType::Sequence => "DROP SEQUENCE",
            sq::ObjectType::Type => "DROP TYPE",
            _ => "DROP",
        },
        S::RenameTable(_) => "RENAME TABLE",
        S::CreateIndex(_) => "CREATE INDEX",
        S::AlterIndex { .. } => "ALTER INDEX",
        S::CreateType { .. } => "CREATE TYPE",
        S::CreateDomain(_) => "CREATE DOMAIN",
        S::AlterType(_) => "ALTER TYPE",
        S::CreateView(v) if v.materialized => "CREATE MATERIALIZED VIEW",
        S::CreateView(_) => "CREATE VIEW",
        S::AlterView(v) if v.materialized => "ALTER MATERIALIZED VIEW",
        S::AlterView(_) => "ALTER VIEW",
        S::CreateSequence { .. } => "CREATE SEQUENCE",
        S::CreateSchema { .. } => "CREATE SCHEMA",
        S::AlterSchema(_) => "ALTER SCHEMA",
        S::CreateExtension(_) => "CREATE EXTENSION",
        S::DropExtension(_) => "DROP EXTENSION",
        S::CreateFunction(_) => "CREATE FUNCTION",
        S::DropFunction(_) => "DROP FUNCTION",
        S::CreateTrigger(_) => "CREATE TRIGGER",
        S::DropTrigger(_) => "DROP TRIGGER",
        S::CreatePolicy(_) => "CREATE POLICY",
        S::DropPolicy(_) => "DROP POLICY",
        S::Insert(_) => "INSERT",
        S::Update(_) => "UPDATE",
        S::Delete(_) => "DELETE",
        S::Query(_) => "SELECT",
        S::Truncate(_) => "TRUNCATE",
        S::Grant(_) => "GRANT",
        S::Revoke(_) => "REVOKE",
        S::Comment { .. } => "COMMENT",
        S::StartTransaction { .. } => "BEGIN",
        S::Commit { .. } => "COMMIT",
        S::Rollback { .. } => "ROLLBACK",
        S::Set(_) => "SET",
        _ => "statement",
    }
}

pub(crate) fn change_keyword(change: &SchemaChange) -> &'static str {
    use crate::ir::TransactionControl as T;
    use SchemaChange as C;
    match change {
        C::CreateSchema { .. } => "CREATE SCHEMA",
        C::DropSchema { .. } => "DROP SCHEMA",
        C::RenameSchema { .. } => "ALTER SCHEMA",
        C::CreateTable { .. } => "CREATE TABLE",
        C::AlterTable { .. } => "ALTER TABLE",
        C::DropTable { .. } => "DROP TABLE",
        C::RenameTables { .. } => "RENAME TABLE",
        C::CreateIndex { .. } => "CREATE INDEX",
        C::DropIndex { .. } => "DROP INDEX",
        C::AlterIndex { .. } => "ALTER INDEX",
        C::CreateEnum { .. } | C::CreateOtherType { .. } => "CREATE TYPE",
        C::AlterType { .. } => "ALTER TYPE",
        C::DropType { .. } => "DROP TYPE",
        C::CreateView {
            materialized: true, ..
        } => "CREATE MATERIALIZED VIEW",
        C::CreateView { .. } => "CREATE VIEW",
        C::AlterView {
            materialized: true, ..
        } => "ALTER MATERIALIZED VIEW",
        C::AlterView { .. } => "ALTER VIEW",
        C::DropView {
            materialized: true, ..
        } => "DROP MATERIALIZED VIEW",
        C::DropView { .. } => "DROP VIEW",
        C::CreateSequence { .. } => "CREATE SEQUENCE",
        C::AlterSequence { .. } => "ALTER SEQUENCE",
        C::DropSequence { .. } => "DROP SEQUENCE",
        C::CreateExtension { .. } => "CREATE EXTENSION",
        C::DropExtension { .. } => "DROP EXTENSION",
        C::Insert { .. } => "INSERT",
        C::Update { .. } => "UPDATE",
        C::Delete { .. } => "DELETE",
        C::Transaction(T::Begin) => "BEGIN",
        C::Transaction(T::Commit) => "COMMIT",
        C::Transaction(T::Rollback) => "ROLLBACK",
        C::Procedural { .. } => "DO",
        C::Truncate { .. } => "TRUNCATE",
        C::DropDatabase { .. } => "DROP DATABASE",
        C::Utility(u) => utility_keyword(u),
        C::Other => "statement",
    }
}

fn utility_keyword(u: &crate::ir::Utility) -> &'static str {
    use crate::ir::Utility as U;
    match u {
        U::Reindex { .. } => "REINDEX",
        U::RefreshMaterializedView { .. } => "REFRESH MATERIALIZED VIEW",
        U::VacuumFull { .. } => "VACUUM FULL",
        U::Cluster { .. } => "CLUSTER",
        U::Set { .. } => "SET",
        U::AddDomainConstraint { .. } => "ALTER DOMAIN",
    }
}

/// What rules ask of sqlparser's tree beyond the IR, taken while the tree
/// exists.
#[derive(Debug, Default)]
pub(crate) struct TreeFacts {
    domain_with_constraint: bool,
    /// Generated columns this statement defines, with whether `STORED` (true)
    /// or `VIRTUAL` (false) was written.
    generated: Vec<(String, bool)>,
    mysql_algorithm: Option<String>,
}

impl TreeFacts {
    /// The facts of `ast`; `None` when it has none.
    pub(crate) fn of(ast: &sq::Statement) -> Option<Box<TreeFacts>> {
        let mut facts = TreeFacts::default();
        let columns: Vec<&sq::ColumnDef> = match ast {
            sq::Statement::CreateDomain(d) => {
                facts.domain_with_constraint = !d.constraints.is_empty();
                Vec::new()
            }
            sq::Statement::CreateTable(t) => t.columns.iter().collect(),
            sq::Statement::AlterTable(t) => {
                facts.mysql_algorithm = t.operations.iter().find_map(|op| match op {
                    sq::AlterTableOperation::Algorithm { algorithm, .. } => {
                        Some(algorithm.to_string().to_ascii_uppercase())
                    }
                    _ => None,
                });
                t.operations
                    .iter()
                    .filter_map(|op| match op {
                        sq::AlterTableOperation::AddColumn { column_def, .. } => Some(column_def),
                        _ => None,
                    })
                    .collect()
            }
            _ => Vec::new(),
        };
        for column in columns {
            let stored = column.options.iter().find_map(|o| match &o.option {
                sq::ColumnOption::Generated {
                    generation_expr_mode: Some(mode),
                    ..
                } => Some(matches!(mode, sq::GeneratedExpressionMode::Stored)),
                _ => None,
            });
            if let Some(stored) = stored {
                facts.generated.push((column.name.value.clone(), stored));
            }
        }
        let empty = !facts.domain_with_constraint
            && facts.generated.is_empty()
            && facts.mysql_algorithm.is_none();
        (!empty).then(|| Box::new(facts))
    }
}
