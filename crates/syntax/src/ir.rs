//! miglint's model of what a statement does to the schema.
//!
//! Both the sqlparser lowering (`lower.rs`) and the recovery reader
//! (`recovery/`) produce these types, so the catalog and the rules never see
//! sqlparser's AST. Names keep their quoting and their span; folding case is
//! the catalog's business because it depends on the dialect.

use miglint_source::Span;

/// An identifier as written: `value` without quotes, `quoted` when it was
/// written in double quotes, backticks or brackets. `span` covers the quotes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ident {
    pub value: String,
    pub quoted: bool,
    pub span: Span,
}

/// A possibly schema-qualified object name (`schema.name` or `name`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectName {
    pub schema: Option<Ident>,
    pub name: Ident,
    /// Covers the whole qualified name.
    pub span: Span,
}

/// A piece of SQL kept as text (a type, a default, a check expression).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SqlText {
    /// The source text, whitespace runs collapsed to one space.
    pub text: String,
    pub span: Span,
}

/// A string literal's value (enum labels).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StringLit {
    pub value: String,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdentityKind {
    Always,
    ByDefault,
}

/// `REFERENCES table (columns) [ON DELETE …] [ON UPDATE …]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForeignKeyRef {
    pub table: ObjectName,
    pub columns: Vec<Ident>,
    pub on_delete: Option<String>,
    pub on_update: Option<String>,
}

/// One column definition of `CREATE TABLE` or `ADD COLUMN`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnDef {
    pub name: Ident,
    /// The declared type as written (`VARCHAR(255)`, `"Role"[]`, `timestamp(3)
    /// without time zone`); `None` where SQLite allows leaving it out.
    pub data_type: Option<SqlText>,
    /// `NOT NULL` was written (a primary key is also not null; see `primary_key`).
    pub not_null: bool,
    pub default: Option<SqlText>,
    pub primary_key: bool,
    pub unique: bool,
    pub identity: Option<IdentityKind>,
    /// `GENERATED ALWAYS AS (expr) [STORED]`.
    pub generated: Option<SqlText>,
    /// MySQL `AUTO_INCREMENT`, SQLite `AUTOINCREMENT`.
    pub auto_increment: bool,
    pub references: Option<ForeignKeyRef>,
    pub checks: Vec<SqlText>,
    /// `COLLATE name`, the name as written (quotes kept).
    pub collation: Option<String>,
    /// `CONSTRAINT name` written before one of the column's constraints.
    pub constraint_names: Vec<(ColumnConstraint, Ident)>,
    pub span: Span,
}

/// Which of a column's constraints a `CONSTRAINT name` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnConstraint {
    PrimaryKey,
    Unique,
    References,
    /// The check at this index of `checks`.
    Check(usize),
}

impl ColumnDef {
    /// A column with a name and a type and nothing else; the readers set the
    /// rest as they meet it.
    pub fn new(name: Ident, data_type: Option<SqlText>, span: Span) -> Self {
        Self {
            name,
            data_type,
            not_null: false,
            default: None,
            primary_key: false,
            unique: false,
            identity: None,
            generated: None,
            auto_increment: false,
            references: None,
            checks: Vec::new(),
            collation: None,
            constraint_names: Vec::new(),
            span,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConstraintKind {
    PrimaryKey {
        columns: Vec<Ident>,
    },
    Unique {
        columns: Vec<Ident>,
    },
    ForeignKey {
        columns: Vec<Ident>,
        references: ForeignKeyRef,
    },
    Check {
        expr: SqlText,
    },
    /// MySQL's inline `INDEX|KEY [name] (…)` in `CREATE TABLE`: a plain
    /// index declared with the table, not a constraint (`name` is the
    /// constraint's `name`).
    Index {
        keys: Vec<IndexKey>,
        /// `fulltext` / `spatial`; `None` for the default.
        method: Option<String>,
    },
    /// PostgreSQL `PRIMARY KEY | UNIQUE USING INDEX idx`: an existing unique
    /// index becomes the constraint (and takes the constraint's name).
    UsingIndex {
        primary: bool,
        index: Ident,
    },
    /// `EXCLUDE USING …`: kept only by name, like `Other`.
    Exclude,
    /// Anything else the catalog keeps only by name.
    Other,
}

/// A table-level constraint (`CONSTRAINT name PRIMARY KEY (…)`, …).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableConstraint {
    pub name: Option<Ident>,
    pub kind: ConstraintKind,
    /// `NOT VALID` was written (PostgreSQL foreign keys and checks).
    pub not_valid: bool,
    pub span: Span,
}

/// An index key part: a plain column, or an expression kept as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IndexKey {
    Column(Ident),
    Expression(SqlText),
}

/// One action of `ALTER TABLE`, with the span of its own text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlterTableAction {
    pub op: AlterTableOp,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AlterTableOp {
    AddColumn {
        column: ColumnDef,
        if_not_exists: bool,
    },
    DropColumn {
        name: Ident,
        if_exists: bool,
        cascade: bool,
    },
    RenameColumn {
        from: Ident,
        to: Ident,
    },
    RenameTable {
        to: ObjectName,
    },
    SetSchema {
        schema: Ident,
    },
    AlterColumn {
        name: Ident,
        op: AlterColumnOp,
    },
    /// MySQL `MODIFY [COLUMN] c …` (keeps the name) and `CHANGE [COLUMN] old c …`
    /// (renames): the column is replaced by `column`.
    ReplaceColumn {
        old_name: Ident,
        column: ColumnDef,
    },
    AddConstraint {
        constraint: TableConstraint,
    },
    DropConstraint {
        name: Ident,
        if_exists: bool,
        cascade: bool,
    },
    RenameConstraint {
        from: Ident,
        to: Ident,
    },
    ValidateConstraint {
        name: Ident,
    },
    /// MySQL `DROP PRIMARY KEY`.
    DropPrimaryKey,
    /// MySQL `ADD [UNIQUE] INDEX|KEY name (…)`.
    AddIndex {
        name: Option<Ident>,
        unique: bool,
        keys: Vec<IndexKey>,
        /// `fulltext` / `spatial`; `None` for the default.
        method: Option<String>,
    },
    /// MySQL `DROP INDEX|KEY name`.
    DropIndex {
        name: Ident,
    },
    /// MySQL `RENAME INDEX|KEY a TO b`.
    RenameIndex {
        from: Ident,
        to: Ident,
    },
    /// PostgreSQL `DETACH PARTITION p [CONCURRENTLY | FINALIZE]`.
    DetachPartition {
        partition: ObjectName,
        concurrently: bool,
    },
    /// Anything with no effect on the catalog (`OWNER TO`, `ENABLE ROW LEVEL
    /// SECURITY`, storage parameters…).
    Other,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AlterColumnOp {
    SetType {
        data_type: SqlText,
        using: Option<SqlText>,
    },
    SetNotNull,
    DropNotNull,
    SetDefault {
        default: SqlText,
    },
    DropDefault,
    AddIdentity {
        kind: IdentityKind,
    },
    DropIdentity,
    /// `SET STATISTICS`, `SET STORAGE`…
    Other,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EnumValuePosition {
    Before(StringLit),
    After(StringLit),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AlterTypeOp {
    AddValue {
        value: StringLit,
        if_not_exists: bool,
        position: Option<EnumValuePosition>,
    },
    RenameValue {
        from: StringLit,
        to: StringLit,
    },
    RenameTo {
        to: Ident,
    },
    SetSchema {
        schema: Ident,
    },
    Other,
}

/// `ALTER INDEX|VIEW|MATERIALIZED VIEW|SEQUENCE … RENAME TO / SET SCHEMA`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AlterObjectOp {
    RenameTo { to: Ident },
    SetSchema { schema: Ident },
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransactionControl {
    Begin,
    Commit,
    Rollback,
}

/// What one statement does, as far as the catalog and the rules care.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SchemaChange {
    CreateSchema {
        name: Ident,
        if_not_exists: bool,
    },
    DropSchema {
        names: Vec<Ident>,
        if_exists: bool,
        cascade: bool,
    },
    RenameSchema {
        name: Ident,
        to: Ident,
    },
    CreateTable {
        name: ObjectName,
        if_not_exists: bool,
        temporary: bool,
        columns: Vec<ColumnDef>,
        constraints: Vec<TableConstraint>,
        /// `CREATE TABLE … AS SELECT` / `LIKE other` / `PARTITION OF`: the column
        /// list is not known from the statement alone.
        columns_unknown: bool,
    },
    AlterTable {
        name: ObjectName,
        if_exists: bool,
        actions: Vec<AlterTableAction>,
    },
    DropTable {
        names: Vec<ObjectName>,
        if_exists: bool,
        cascade: bool,
    },
    /// MySQL `RENAME TABLE a TO b, c TO d`.
    RenameTables {
        pairs: Vec<(ObjectName, ObjectName)>,
    },
    CreateIndex {
        name: Option<Ident>,
        table: ObjectName,
        unique: bool,
        if_not_exists: bool,
        concurrently: bool,
        keys: Vec<IndexKey>,
        predicate: Option<SqlText>,
        /// `USING method`, lower-cased (`gin`); `None` for the default.
        method: Option<String>,
    },
    DropIndex {
        names: Vec<ObjectName>,
        if_exists: bool,
        concurrently: bool,
        /// MySQL `DROP INDEX name ON table`.
        table: Option<ObjectName>,
    },
    AlterIndex {
        name: ObjectName,
        if_exists: bool,
        op: AlterObjectOp,
    },
    CreateEnum {
        name: ObjectName,
        values: Vec<StringLit>,
    },
    /// `CREATE TYPE` of a composite, range or domain: known by name only.
    CreateOtherType {
        name: ObjectName,
    },
    AlterType {
        name: ObjectName,
        op: AlterTypeOp,
    },
    DropType {
        names: Vec<ObjectName>,
        if_exists: bool,
        cascade: bool,
    },
    CreateView {
        name: ObjectName,
        or_replace: bool,
        materialized: bool,
        if_not_exists: bool,
        /// Column names when the statement lists them.
        columns: Vec<Ident>,
        /// The names the view's query mentions (folded as the dialect
        /// folds them), a superset of the relations it depends on: dropping
        /// one of those drops the view too.
        references: Vec<String>,
    },
    AlterView {
        name: ObjectName,
        materialized: bool,
        if_exists: bool,
        op: AlterObjectOp,
    },
    DropView {
        names: Vec<ObjectName>,
        materialized: bool,
        if_exists: bool,
    },
    CreateSequence {
        name: ObjectName,
        if_not_exists: bool,
    },
    AlterSequence {
        name: ObjectName,
        if_exists: bool,
        op: AlterObjectOp,
    },
    DropSequence {
        names: Vec<ObjectName>,
        if_exists: bool,
    },
    CreateExtension {
        name: Ident,
        if_not_exists: bool,
        schema: Option<Ident>,
    },
    DropExtension {
        names: Vec<Ident>,
        if_exists: bool,
    },
    /// `INSERT INTO table (columns) …`.
    Insert {
        table: ObjectName,
        columns: Vec<Ident>,
    },
    /// `UPDATE table SET columns …`.
    Update {
        table: ObjectName,
        columns: Vec<Ident>,
    },
    Delete {
        table: ObjectName,
    },
    /// `TRUNCATE [TABLE] a, b [CASCADE]`.
    Truncate {
        tables: Vec<ObjectName>,
        cascade: bool,
    },
    /// `DROP DATABASE name`.
    DropDatabase {
        name: Ident,
    },
    Transaction(TransactionControl),
    /// Maintenance and session statements: no schema change, but locks or settings.
    Utility(Utility),
    /// DDL found in a procedural block (PostgreSQL `DO $$ … $$`), in order.
    /// Such blocks often guard their statements (`EXCEPTION WHEN
    /// duplicate_object`, `IF NOT EXISTS (…) THEN`), so replay applies them
    /// without reporting what they would raise.
    Procedural {
        changes: Vec<SchemaChange>,
    },
    /// Everything else (functions, triggers, grants, `DO` blocks, comments…).
    Other,
}

/// What `REINDEX` rebuilds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReindexTarget {
    Index,
    Table,
    Schema,
    Database,
    System,
}

/// Statements that change no schema but take locks or change settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Utility {
    /// PostgreSQL `REINDEX [(…)] target [CONCURRENTLY] name`.
    Reindex {
        target: ReindexTarget,
        name: Option<ObjectName>,
        concurrently: bool,
    },
    /// PostgreSQL `REFRESH MATERIALIZED VIEW [CONCURRENTLY] name`.
    RefreshMaterializedView {
        name: ObjectName,
        concurrently: bool,
    },
    /// PostgreSQL `VACUUM FULL` (either spelling); no tables: the whole database.
    VacuumFull { tables: Vec<ObjectName> },
    /// PostgreSQL `CLUSTER [table [USING index]]`; no table: every clustered table.
    Cluster { table: Option<ObjectName> },
    /// `SET [SESSION | LOCAL] name {= | TO} value`; `name` lower-cased.
    Set {
        name: String,
        local: bool,
        value: String,
    },
    /// PostgreSQL `ALTER DOMAIN name ADD [CONSTRAINT c] …`.
    AddDomainConstraint { domain: ObjectName, not_valid: bool },
}
