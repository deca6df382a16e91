//! Lowering sqlparser's AST into [`crate::ir::SchemaChange`].
//!
//! sqlparser gives identifiers exact positions but no positions to data
//! types and few reliable ones to expressions. Those are found again in the
//! statement's tokens: the node's `Display` is tokenized and matched against
//! the source tokens, so `SqlText` keeps the text as written.

use miglint_source::{Dialect, Span};
use sqlparser::ast as sq;
use sqlparser::ast::Spanned;
use sqlparser::tokenizer::{Token, TokenWithSpan, Tokenizer};

use crate::ir::*;
use crate::lexer;
use crate::parse::{Locator, sqlparser_dialect};

pub(crate) fn lower(
    ast: &sq::Statement,
    text: &str,
    statement: Span,
    locator: &Locator,
    tokens: &[TokenWithSpan],
    dialect: Dialect,
) -> SchemaChange {
    let tokens = tokens
        .iter()
        .filter(|t| !matches!(t.token, Token::Whitespace(_) | Token::EOF))
        .filter_map(|t| {
            let span = locator.span(t.span)?;
            Some(Tok {
                token: t.token.clone(),
                span,
            })
        })
        .collect();
    let cx = Cx {
        text,
        statement,
        locator,
        tokens,
        dialect,
    };
    cx.statement(ast)
}

/// See [`Cx::too_big`]; real defaults, checks and types stay far below.
const MAX_NODE_TOKENS: usize = 1000;

struct Tok {
    token: Token,
    span: Span,
}

struct Cx<'a> {
    text: &'a str,
    statement: Span,
    locator: &'a Locator,
    /// The statement's tokens without trivia, with file spans.
    tokens: Vec<Tok>,
    dialect: Dialect,
}

impl Cx<'_> {
    fn statement(&self, ast: &sq::Statement) -> SchemaChange {
        use sq::Statement as S;
        match ast {
            S::CreateTable(t) => self.create_table(t),
            S::AlterTable(t) => self.alter_table(t),
            S::Drop {
                object_type,
                if_exists,
                names,
                cascade,
                table,
                ..
            } => self.drop(*object_type, *if_exists, names, *cascade, table.as_ref()),
            S::RenameTable(pairs) => SchemaChange::RenameTables {
                pairs: pairs
                    .iter()
                    .map(|p| (self.object_name(&p.old_name), self.object_name(&p.new_name)))
                    .collect(),
            },
            S::CreateIndex(i) => self.create_index(i),
            S::Truncate(t) => SchemaChange::Truncate {
                tables: t
                    .table_names
                    .iter()
                    .map(|t| self.object_name(&t.name))
                    .collect(),
                cascade: matches!(t.cascade, Some(sq::CascadeOption::Cascade)),
            },
            S::AlterIndex {
                name,
                operation: sq::AlterIndexOperation::RenameIndex { index_name },
            } => SchemaChange::AlterIndex {
                name: self.object_name(name),
                if_exists: false,
                op: AlterObjectOp::RenameTo {
                    to: self.object_name(index_name).name,
                },
            },
            S::CreateType {
                name,
                representation,
            } => match representation {
                Some(sq::UserDefinedTypeRepresentation::Enum { labels }) => {
                    SchemaChange::CreateEnum {
                        name: self.object_name(name),
                        values: labels.iter().map(|l| self.string_lit(l)).collect(),
                    }
                }
                _ => SchemaChange::CreateOtherType {
                    name: self.object_name(name),
                },
            },
            S::CreateDomain(d) => SchemaChange::CreateOtherType {
                name: self.object_name(&d.name),
            },
            S::AlterType(t) => self.alter_type(t),
            S::CreateView(v) => SchemaChange::CreateView {
                name: self.object_name(&v.name),
                or_replace: v.or_replace,
                materialized: v.materialized,
                if_not_exists: v.if_not_exists,
                columns: v.columns.iter().map(|c| self.ident(&c.name)).collect(),
                references: Vec::new(),
            },
            S::AlterView(v) => SchemaChange::AlterView {
                name: self.object_name(&v.name),
                materialized: v.materialized,
                if_exists: v.if_exists,
                op: match &v.operation {
                    sq::AlterViewOperation::RenameTo { new_name } => AlterObjectOp::RenameTo {
                        to: self.object_name(new_name).name,
                    },
                    _ => AlterObjectOp::Other,
                },
            },
            S::CreateSequence {
                if_not_exists,
                name,
                ..
            } => SchemaChange::CreateSequence {
                name: self.object_name(name),
                if_not_exists: *if_not_exists,
            },
            S::CreateSchema {
                schema_name,
                if_not_exists,
                ..
            } => SchemaChange::CreateSchema {
                name: match schema_name {
                    sq::SchemaName::Simple(n) | sq::SchemaName::NamedAuthorization(n, _) => {
                        self.object_name(n).name
                    }
                    sq::SchemaName::UnnamedAuthorization(i) => self.ident(i),
                },
                if_not_exists: *if_not_exists,
            },
            S::AlterSchema(s) => match s.operations.as_slice() {
                [sq::AlterSchemaOperation::Rename { name }] => SchemaChange::RenameSchema {
                    name: self.object_name(&s.name).name,
                    to: self.object_name(name).name,
                },
                _ => SchemaChange::Other,
            },
            S::CreateExtension(e) => SchemaChange::CreateExtension {
                name: self.ident(&e.name),
                if_not_exists: e.if_not_exists,
                schema: e.schema.as_ref().map(|s| self.ident(s)),
            },
            S::DropExtension(e) => SchemaChange::DropExtension {
                names: e.names.iter().map(|n| self.ident(n)).collect(),
                if_exists: e.if_exists,
            },
            S::Insert(i) => match &i.table {
                sq::TableObject::TableName(table) => SchemaChange::Insert {
                    table: self.object_name(table),
                    columns: i.columns.iter().map(|c| self.object_name(c).name).collect(),
                },
                _ => SchemaChange::Other,
            },
            S::Update(u) => match &u.table.relation {
                sq::TableFactor::Table { name, .. } => SchemaChange::Update {
                    table: self.object_name(name),
                    columns: u
                        .assignments
                        .iter()
                        .flat_map(|a| match &a.target {
                            sq::AssignmentTarget::ColumnName(n) => vec![self.object_name(n).name],
                            sq::AssignmentTarget::Tuple(ns) => {
                                ns.iter().map(|n| self.object_name(n).name).collect()
                            }
                        })
                        .collect(),
                },
                _ => SchemaChange::Other,
            },
            S::Delete(d) => {
                let from = match &d.from {
                    sq::FromTable::WithFromKeyword(t) | sq::FromTable::WithoutKeyword(t) => t,
                };
                match from.first().map(|t| &t.relation) {
                    Some(sq::TableFactor::Table { name, .. }) => SchemaChange::Delete {
                        table: self.object_name(name),
                    },
                    _ => SchemaChange::Other,
                }
            }
            S::Query(q) => self.select_into(q),
            S::StartTransaction { .. } => SchemaChange::Transaction(TransactionControl::Begin),
            S::Commit { .. } => SchemaChange::Transaction(TransactionControl::Commit),
            S::Rollback {
                savepoint: None, ..
            } => SchemaChange::Transaction(TransactionControl::Rollback),
            _ => SchemaChange::Other,
        }
    }

    /// PostgreSQL `SELECT … INTO [TEMP | UNLOGGED] [TABLE] t …` creates `t`
    /// (its columns are the query's). MySQL's `INTO` fills variables.
    fn select_into(&self, q: &sq::Query) -> SchemaChange {
        let sq::SetExpr::Select(select) = q.body.as_ref() else {
            return SchemaChange::Other;
        };
        let Some(into) = select
            .into
            .as_ref()
            .filter(|_| self.dialect == Dialect::Postgres)
        else {
            return SchemaChange::Other;
        };
        let idents = match into.targets.as_slice() {
            [sq::Expr::Identifier(i)] => vec![i.clone()],
            [sq::Expr::CompoundIdentifier(parts)] => parts.clone(),
            _ => return SchemaChange::Other,
        };
        SchemaChange::CreateTable {
            name: self.object_name(&sq::ObjectName::from(idents)),
            if_not_exists: false,
            temporary: into.temporary,
            columns: Vec::new(),
            constraints: Vec::new(),
            columns_unknown: true,
        }
    }

    fn create_table(&self, t: &sq::CreateTable) -> SchemaChange {
        let name = self.object_name(&t.name);
        let elements = if t.columns.is_empty() && t.constraints.is_empty() {
            Vec::new()
        } else {
            self.parenthesized_items(name.span.end)
        };
        let columns: Vec<ColumnDef> = t
            .columns
            .iter()
            .map(|c| {
                let name_span = self.ident(&c.name).span;
                let element = elements
                    .iter()
                    .copied()
                    .find(|e| e.start == name_span.start)
                    .unwrap_or(name_span);
                self.column(
                    &c.name,
                    &c.data_type,
                    c.options.iter().map(|o| (o.name.as_ref(), &o.option)),
                    element,
                )
            })
            .collect();
        // Elements that are not columns are the constraints, in order.
        let constraint_spans: Vec<Span> = elements
            .iter()
            .copied()
            .filter(|e| !columns.iter().any(|c| c.span == *e))
            .collect();
        let constraints = t
            .constraints
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let span = if constraint_spans.len() == t.constraints.len() {
                    constraint_spans.get(i).copied()
                } else {
                    None
                };
                let span = span.unwrap_or_else(|| self.span_of(c.span()));
                self.table_constraint(c, span, false)
            })
            .collect();
        SchemaChange::CreateTable {
            name,
            if_not_exists: t.if_not_exists,
            temporary: t.temporary,
            columns,
            constraints,
            columns_unknown: t.query.is_some() || t.like.is_some() || t.partition_of.is_some(),
        }
    }

    fn column<'o>(
        &self,
        name: &sq::Ident,
        data_type: &sq::DataType,
        options: impl Iterator<Item = (Option<&'o sq::Ident>, &'o sq::ColumnOption)>,
        element: Span,
    ) -> ColumnDef {
        let name = self.ident(name);
        let data_type = match data_type {
            sq::DataType::Unspecified => None,
            _ if self.too_big(element).is_some() => self.too_big(element),
            dt => Some(self.sql_text(&dt.to_string(), name.span.end, element.end, true, element)),
        };
        let mut column = ColumnDef::new(name, data_type, element);
        for (constraint_name, option) in options {
            let named = match option {
                sq::ColumnOption::PrimaryKey(_) => Some(ColumnConstraint::PrimaryKey),
                sq::ColumnOption::Unique(_) => Some(ColumnConstraint::Unique),
                sq::ColumnOption::ForeignKey(_) => Some(ColumnConstraint::References),
                sq::ColumnOption::Check(_) => Some(ColumnConstraint::Check(column.checks.len())),
                _ => None,
            };
            if let (Some(kind), Some(name)) = (named, constraint_name) {
                column.constraint_names.push((kind, self.ident(name)));
            }
            match option {
                sq::ColumnOption::NotNull => column.not_null = true,
                sq::ColumnOption::Default(e) => column.default = Some(self.expr_text(e, element)),
                sq::ColumnOption::PrimaryKey(_) => column.primary_key = true,
                sq::ColumnOption::Unique(_) => column.unique = true,
                sq::ColumnOption::ForeignKey(fk) => column.references = Some(self.references(fk)),
                sq::ColumnOption::Check(c) => column.checks.push(self.expr_text(&c.expr, element)),
                sq::ColumnOption::Collation(c) => column.collation = Some(c.to_string()),
                sq::ColumnOption::DialectSpecific(tokens) => {
                    column.auto_increment |= tokens.iter().any(|t| {
                        matches!(t, Token::Word(w)
                            if w.value.eq_ignore_ascii_case("AUTO_INCREMENT")
                                || w.value.eq_ignore_ascii_case("AUTOINCREMENT"))
                    });
                }
                sq::ColumnOption::Generated {
                    generated_as,
                    generation_expr,
                    ..
                } => match generation_expr {
                    Some(e) => column.generated = Some(self.expr_text(e, element)),
                    None => column.identity = identity_kind(generated_as),
                },
                _ => {}
            }
        }
        column
    }

    fn references(&self, fk: &sq::ForeignKeyConstraint) -> ForeignKeyRef {
        ForeignKeyRef {
            table: self.object_name(&fk.foreign_table),
            columns: fk.referred_columns.iter().map(|c| self.ident(c)).collect(),
            on_delete: fk.on_delete.map(|a| a.to_string()),
            on_update: fk.on_update.map(|a| a.to_string()),
        }
    }

    fn table_constraint(
        &self,
        c: &sq::TableConstraint,
        span: Span,
        not_valid: bool,
    ) -> TableConstraint {
        use sq::TableConstraint as C;
        let (name, kind) = match c {
            C::PrimaryKey(p) => (
                p.name.as_ref(),
                ConstraintKind::PrimaryKey {
                    columns: self.key_columns(&p.columns),
                },
            ),
            // MySQL's `UNIQUE INDEX name (…)` names the index, not the constraint.
            C::Unique(u) => (
                u.index_name.as_ref().or(u.name.as_ref()),
                ConstraintKind::Unique {
                    columns: self.key_columns(&u.columns),
                },
            ),
            C::ForeignKey(f) => (
                f.name.as_ref(),
                ConstraintKind::ForeignKey {
                    columns: f.columns.iter().map(|c| self.ident(c)).collect(),
                    references: self.references(f),
                },
            ),
            C::Check(k) => (
                k.name.as_ref(),
                ConstraintKind::Check {
                    expr: self.expr_text(&k.expr, span),
                },
            ),
            C::Index(i) => (
                i.name.as_ref(),
                ConstraintKind::Index {
                    keys: self.index_keys(&i.columns, span),
                    method: None,
                },
            ),
            C::FulltextOrSpatial(f) => (
                f.opt_index_name.as_ref(),
                ConstraintKind::Index {
                    keys: self.index_keys(&f.columns, span),
                    method: Some(fulltext_or_spatial(f)),
                },
            ),
            C::PrimaryKeyUsingIndex(u) => (
                u.name.as_ref(),
                ConstraintKind::UsingIndex {
                    primary: true,
                    index: self.ident(&u.index_name),
                },
            ),
            C::UniqueUsingIndex(u) => (
                u.name.as_ref(),
                ConstraintKind::UsingIndex {
                    primary: false,
                    index: self.ident(&u.index_name),
                },
            ),
            C::Exclude(e) => (e.name.as_ref(), ConstraintKind::Exclude),
        };
        TableConstraint {
            name: name.map(|n| self.ident(n)),
            kind,
            not_valid,
            span,
        }
    }

    /// Key parts that are plain columns (expressions are left out).
    fn key_columns(&self, columns: &[sq::IndexColumn]) -> Vec<Ident> {
        columns
            .iter()
            .filter_map(|c| match &c.column.expr {
                sq::Expr::Identifier(i) => Some(self.ident(i)),
                _ => None,
            })
            .collect()
    }

    fn index_keys(&self, columns: &[sq::IndexColumn], within: Span) -> Vec<IndexKey> {
        columns
            .iter()
            .map(|c| match &c.column.expr {
                sq::Expr::Identifier(i) => IndexKey::Column(self.ident(i)),
                e => IndexKey::Expression(self.expr_text(e, within)),
            })
            .collect()
    }

    fn alter_table(&self, t: &sq::AlterTable) -> SchemaChange {
        let name = self.object_name(&t.name);
        let items = self.comma_items(name.span.end, self.statement.end);
        let aligned = items.len() == t.operations.len();
        let mut actions = Vec::new();
        for (i, op) in t.operations.iter().enumerate() {
            let span = if aligned { items.get(i).copied() } else { None };
            let span = span.unwrap_or(self.statement);
            for op in self.alter_table_op(op, span) {
                actions.push(AlterTableAction { op, span });
            }
        }
        SchemaChange::AlterTable {
            name,
            if_exists: t.if_exists,
            actions,
        }
    }

    fn alter_table_op(&self, op: &sq::AlterTableOperation, span: Span) -> Vec<AlterTableOp> {
        use sq::AlterTableOperation as O;
        let cascade = |b: &Option<sq::DropBehavior>| matches!(b, Some(sq::DropBehavior::Cascade));
        let from_name = |name: &sq::Ident| {
            let start = self.ident(name).span.start;
            Span::new(start.max(span.start), span.end)
        };
        let one = match op {
            O::AddColumn {
                if_not_exists,
                column_def,
                ..
            } => AlterTableOp::AddColumn {
                column: self.column(
                    &column_def.name,
                    &column_def.data_type,
                    column_def
                        .options
                        .iter()
                        .map(|o| (o.name.as_ref(), &o.option)),
                    from_name(&column_def.name),
                ),
                if_not_exists: *if_not_exists,
            },
            O::DropColumn {
                column_names,
                if_exists,
                drop_behavior,
                ..
            } => {
                return column_names
                    .iter()
                    .map(|n| AlterTableOp::DropColumn {
                        name: self.ident(n),
                        if_exists: *if_exists,
                        cascade: cascade(drop_behavior),
                    })
                    .collect();
            }
            O::RenameColumn {
                old_column_name,
                new_column_name,
            } => AlterTableOp::RenameColumn {
                from: self.ident(old_column_name),
                to: self.ident(new_column_name),
            },
            O::RenameTable { table_name } => match table_name {
                sq::RenameTableNameKind::As(n) | sq::RenameTableNameKind::To(n) => {
                    AlterTableOp::RenameTable {
                        to: self.object_name(n),
                    }
                }
            },
            O::AlterColumn { column_name, op } => AlterTableOp::AlterColumn {
                name: self.ident(column_name),
                op: self.alter_column_op(op, from_name(column_name)),
            },
            O::ModifyColumn {
                col_name,
                data_type,
                options,
                ..
            } => AlterTableOp::ReplaceColumn {
                old_name: self.ident(col_name),
                column: self.column(
                    col_name,
                    data_type,
                    options.iter().map(|o| (None, o)),
                    from_name(col_name),
                ),
            },
            O::ChangeColumn {
                old_name,
                new_name,
                data_type,
                options,
                ..
            } => AlterTableOp::ReplaceColumn {
                old_name: self.ident(old_name),
                column: self.column(
                    new_name,
                    data_type,
                    options.iter().map(|o| (None, o)),
                    from_name(new_name),
                ),
            },
            O::AddConstraint {
                constraint,
                not_valid,
            } => self.add_constraint(constraint, *not_valid, span),
            O::DropConstraint {
                if_exists,
                name,
                drop_behavior,
            } => AlterTableOp::DropConstraint {
                name: self.ident(name),
                if_exists: *if_exists,
                cascade: cascade(drop_behavior),
            },
            O::DropForeignKey {
                name,
                drop_behavior,
            } => AlterTableOp::DropConstraint {
                name: self.ident(name),
                if_exists: false,
                cascade: cascade(drop_behavior),
            },
            O::RenameConstraint { old_name, new_name } => AlterTableOp::RenameConstraint {
                from: self.ident(old_name),
                to: self.ident(new_name),
            },
            O::ValidateConstraint { name } => AlterTableOp::ValidateConstraint {
                name: self.ident(name),
            },
            O::DropPrimaryKey { .. } => AlterTableOp::DropPrimaryKey,
            O::DetachPartitionOf { partition, mode } => AlterTableOp::DetachPartition {
                partition: self.object_name(partition),
                concurrently: matches!(mode, Some(sq::DetachPartitionMode::Concurrently)),
            },
            O::DropIndex { name } => AlterTableOp::DropIndex {
                name: self.ident(name),
            },
            _ => AlterTableOp::Other,
        };
        vec![one]
    }

    /// MySQL `ADD [UNIQUE] INDEX|KEY` is an index, not a constraint.
    fn add_constraint(&self, c: &sq::TableConstraint, not_valid: bool, span: Span) -> AlterTableOp {
        match c {
            sq::TableConstraint::Index(i) => AlterTableOp::AddIndex {
                name: i.name.as_ref().map(|n| self.ident(n)),
                unique: false,
                keys: self.index_keys(&i.columns, span),
                method: None,
            },
            sq::TableConstraint::FulltextOrSpatial(f) => AlterTableOp::AddIndex {
                name: f.opt_index_name.as_ref().map(|n| self.ident(n)),
                unique: false,
                keys: self.index_keys(&f.columns, span),
                method: Some(fulltext_or_spatial(f)),
            },
            sq::TableConstraint::Unique(u)
                if u.index_type_display != sq::KeyOrIndexDisplay::None =>
            {
                AlterTableOp::AddIndex {
                    name: u
                        .index_name
                        .as_ref()
                        .or(u.name.as_ref())
                        .map(|n| self.ident(n)),
                    unique: true,
                    keys: self.index_keys(&u.columns, span),
                    method: None,
                }
            }
            c => AlterTableOp::AddConstraint {
                constraint: self.table_constraint(c, span, not_valid),
            },
        }
    }

    fn alter_column_op(&self, op: &sq::AlterColumnOperation, span: Span) -> AlterColumnOp {
        use sq::AlterColumnOperation as O;
        match op {
            O::SetNotNull => AlterColumnOp::SetNotNull,
            O::DropNotNull => AlterColumnOp::DropNotNull,
            O::SetDefault { value } => AlterColumnOp::SetDefault {
                default: self.expr_text(value, span),
            },
            O::DropDefault => AlterColumnOp::DropDefault,
            O::SetDataType {
                data_type, using, ..
            } => {
                // Skip the column name: the type follows `TYPE`.
                let after_name = self.token_index(span.start).saturating_add(1);
                let lo = self
                    .tokens
                    .get(after_name)
                    .map_or(span.end, |t| t.span.start);
                if let Some(raw) = self.too_big(span) {
                    return AlterColumnOp::SetType {
                        data_type: raw,
                        using: None,
                    };
                }
                AlterColumnOp::SetType {
                    data_type: self.sql_text(&data_type.to_string(), lo, span.end, false, span),
                    using: using.as_ref().map(|u| self.expr_text(u, span)),
                }
            }
            O::AddGenerated {
                generated_as: Some(g),
                ..
            } => match identity_kind(g) {
                Some(kind) => AlterColumnOp::AddIdentity { kind },
                None => AlterColumnOp::Other,
            },
            _ => AlterColumnOp::Other,
        }
    }

    fn drop(
        &self,
        object_type: sq::ObjectType,
        if_exists: bool,
        names: &[sq::ObjectName],
        cascade: bool,
        table: Option<&sq::ObjectName>,
    ) -> SchemaChange {
        use sq::ObjectType as T;
        let names_lowered = || names.iter().map(|n| self.object_name(n)).collect();
        match object_type {
            T::Table => SchemaChange::DropTable {
                names: names_lowered(),
                if_exists,
                cascade,
            },
            T::View | T::MaterializedView => SchemaChange::DropView {
                names: names_lowered(),
                materialized: object_type == T::MaterializedView,
                if_exists,
            },
            T::Index => SchemaChange::DropIndex {
                names: names_lowered(),
                if_exists,
                concurrently: false,
                table: table.map(|t| self.object_name(t)),
            },
            T::Schema => SchemaChange::DropSchema {
                names: names.iter().map(|n| self.object_name(n).name).collect(),
                if_exists,
                cascade,
            },
            T::Sequence => SchemaChange::DropSequence {
                names: names_lowered(),
                if_exists,
            },
            T::Type => SchemaChange::DropType {
                names: names_lowered(),
                if_exists,
                cascade,
            },
            T::Database => match names.first() {
                Some(name) => SchemaChange::DropDatabase {
                    name: self.object_name(name).name,
                },
                None => SchemaChange::Other,
            },
            _ => SchemaChange::Other,
        }
    }

    fn create_index(&self, i: &sq::CreateIndex) -> SchemaChange {
        let table = self.object_name(&i.table_name);
        let rest = Span::new(table.span.end, self.statement.end);
        SchemaChange::CreateIndex {
            name: i.name.as_ref().map(|n| self.object_name(n).name),
            unique: i.unique,
            if_not_exists: i.if_not_exists,
            concurrently: i.concurrently,
            keys: self.index_keys(&i.columns, rest),
            predicate: i.predicate.as_ref().map(|p| self.expr_text(p, rest)),
            method: i.using.as_ref().map(|u| u.to_string().to_lowercase()),
            table,
        }
    }

    fn alter_type(&self, t: &sq::AlterType) -> SchemaChange {
        use sq::AlterTypeOperation as O;
        let op = match &t.operation {
            O::Rename(r) => AlterTypeOp::RenameTo {
                to: self.ident(&r.new_name),
            },
            O::AddValue(a) => AlterTypeOp::AddValue {
                value: self.string_lit(&a.value),
                if_not_exists: a.if_not_exists,
                position: a.position.as_ref().map(|p| match p {
                    sq::AlterTypeAddValuePosition::Before(v) => {
                        EnumValuePosition::Before(self.string_lit(v))
                    }
                    sq::AlterTypeAddValuePosition::After(v) => {
                        EnumValuePosition::After(self.string_lit(v))
                    }
                }),
            },
            O::RenameValue(r) => AlterTypeOp::RenameValue {
                from: self.string_lit(&r.from),
                to: self.string_lit(&r.to),
            },
        };
        SchemaChange::AlterType {
            name: self.object_name(&t.name),
            op,
        }
    }

    // ---- names and positions ----

    fn span_of(&self, span: sqlparser::tokenizer::Span) -> Span {
        self.locator.span(span).unwrap_or(self.statement)
    }

    fn ident(&self, i: &sq::Ident) -> Ident {
        Ident {
            value: i.value.clone(),
            quoted: i.quote_style.is_some(),
            span: self.span_of(i.span),
        }
    }

    fn string_lit(&self, i: &sq::Ident) -> StringLit {
        StringLit {
            value: i.value.clone(),
            span: self.span_of(i.span),
        }
    }

    /// The last part is the name, the one before it the schema.
    fn object_name(&self, n: &sq::ObjectName) -> ObjectName {
        let part = |p: &sq::ObjectNamePart| match p.as_ident() {
            Some(i) => self.ident(i),
            None => Ident {
                value: p.to_string(),
                quoted: false,
                span: self.statement,
            },
        };
        let mut parts = n.0.iter().rev();
        let name = parts.next().map(part).unwrap_or_else(|| Ident {
            value: String::new(),
            quoted: false,
            span: self.statement,
        });
        let schema = parts.next().map(part);
        let span = schema
            .as_ref()
            .map_or(name.span, |s| s.span.cover(name.span));
        ObjectName { schema, name, span }
    }

    /// Index of the first token starting at or after `offset`.
    fn token_index(&self, offset: u32) -> usize {
        self.tokens.partition_point(|t| t.span.start < offset)
    }

    /// The comma-separated items of the first parenthesised list starting at
    /// or after `from` (the elements of `CREATE TABLE t (…)`).
    fn parenthesized_items(&self, from: u32) -> Vec<Span> {
        let start = self.token_index(from);
        let Some(open) = self
            .tokens
            .iter()
            .skip(start)
            .position(|t| t.token == Token::LParen)
        else {
            return Vec::new();
        };
        let Some(first) = self.tokens.get(start + open + 1) else {
            return Vec::new();
        };
        self.comma_items(first.span.start, self.statement.end)
    }

    /// Spans of the items separated by top-level commas from `from`, up to
    /// `to` or to a `)` that closes a parenthesis opened before `from`.
    fn comma_items(&self, from: u32, to: u32) -> Vec<Span> {
        let mut items = Vec::new();
        let mut depth = 0usize;
        let mut current: Option<Span> = None;
        for tok in self.tokens.iter().skip(self.token_index(from)) {
            if tok.span.start >= to {
                break;
            }
            match tok.token {
                Token::LParen | Token::LBracket => depth += 1,
                Token::RParen | Token::RBracket if depth == 0 => break,
                Token::RParen | Token::RBracket => depth -= 1,
                Token::Comma if depth == 0 => {
                    items.extend(current.take());
                    continue;
                }
                _ => {}
            }
            current = Some(current.map_or(tok.span, |c| c.cover(tok.span)));
        }
        items.extend(current);
        items
    }

    /// An expression's text, looked for around its own start (when sqlparser
    /// knows it: it often misses a leading keyword such as `ARRAY`) within
    /// `within`.
    fn expr_text(&self, e: &sq::Expr, within: Span) -> SqlText {
        if let Some(raw) = self.too_big(within) {
            return raw;
        }
        let own = self.locator.span(e.span());
        let lo = own.map_or(within.start, |s| s.start.max(within.start));
        let fallback = own.unwrap_or(within);
        match self.find_tokens(&e.to_string(), within.start, lo, within.end, false) {
            Some(span) => self.source_text(span),
            None => SqlText {
                text: collapse_whitespace(&e.to_string()),
                span: fallback,
            },
        }
    }

    /// Displaying or measuring a node recurses as deep as the node: a piece
    /// of more than `MAX_NODE_TOKENS` tokens is kept as its raw text instead.
    fn too_big(&self, within: Span) -> Option<SqlText> {
        let start = self.token_index(within.start);
        let end = self.token_index(within.end);
        (end.saturating_sub(start) > MAX_NODE_TOKENS).then(|| self.source_text(within))
    }

    /// Comments are dropped and strings kept as written, as the recovery
    /// reader reads the same text.
    fn source_text(&self, span: Span) -> SqlText {
        let tokens = lexer::tokenize(self.text, span, self.dialect);
        SqlText {
            text: lexer::collapsed_text(self.text, &tokens),
            span,
        }
    }

    /// The source text whose tokens read like `display`, starting at the first
    /// token at or after `lo` (`anchored`) or anywhere from there, ending by
    /// `hi`. Falls back to `display` itself on `fallback`.
    fn sql_text(&self, display: &str, lo: u32, hi: u32, anchored: bool, fallback: Span) -> SqlText {
        match self.find_tokens(display, lo, lo, hi, anchored) {
            Some(span) => self.source_text(span),
            None => SqlText {
                text: collapse_whitespace(display),
                span: fallback,
            },
        }
    }

    /// Where the tokens of `display` occur: tried at the first token at or
    /// after `lo`, then a few tokens back (not before `floor`), then (unless
    /// `anchored`) further on, up to `hi`.
    fn find_tokens(
        &self,
        display: &str,
        floor: u32,
        lo: u32,
        hi: u32,
        anchored: bool,
    ) -> Option<Span> {
        const LOOK_BACK: usize = 8;
        let wanted: Vec<Token> = Tokenizer::new(sqlparser_dialect(self.dialect), display)
            .tokenize()
            .ok()?
            .into_iter()
            .filter(|t| !matches!(t, Token::Whitespace(_) | Token::EOF))
            .collect();
        if wanted.is_empty() {
            return None;
        }
        let start = self.token_index(lo);
        let earliest = self.token_index(floor).max(start.saturating_sub(LOOK_BACK));
        let end = self.token_index(hi);
        let back = (earliest..start).rev();
        let forward = (start + 1..end.max(start + 1)).take(if anchored { 0 } else { usize::MAX });
        std::iter::once(start)
            .chain(back)
            .chain(forward)
            .find_map(|i| self.match_at(i, &wanted, hi))
    }

    fn match_at(&self, index: usize, wanted: &[Token], hi: u32) -> Option<Span> {
        let window = self.tokens.get(index..index + wanted.len())?;
        let matches = window
            .iter()
            .zip(wanted)
            .all(|(t, w)| same_token(&t.token, w));
        let span = window.first()?.span.cover(window.last()?.span);
        (matches && span.end <= hi).then_some(span)
    }
}

fn identity_kind(g: &sq::GeneratedAs) -> Option<IdentityKind> {
    match g {
        sq::GeneratedAs::Always => Some(IdentityKind::Always),
        sq::GeneratedAs::ByDefault => Some(IdentityKind::ByDefault),
        sq::GeneratedAs::ExpStored => None,
    }
}

/// Tokens compare as the parser sees them: unquoted words ignore case.
fn same_token(source: &Token, display: &Token) -> bool {
    match (source, display) {
        (Token::Word(a), Token::Word(b)) => {
            a.quote_style == b.quote_style
                && if a.quote_style.is_none() {
                    a.value.eq_ignore_ascii_case(&b.value)
                } else {
                    a.value == b.value
                }
        }
        _ => source == display,
    }
}

pub(crate) fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// MySQL's `FULLTEXT` / `SPATIAL` index kind, as `information_schema.STATISTICS.INDEX_TYPE`
/// names it (lower case).
fn fulltext_or_spatial(f: &sq::FullTextOrSpatialConstraint) -> String {
    if f.fulltext { "fulltext" } else { "spatial" }.to_owned()
}
