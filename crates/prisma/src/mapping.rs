//! From a parsed Prisma schema to the database schema Prisma Migrate would
//! create: names after `@map`/`@@map`, column types, defaults, keys, indexes,
//! foreign keys and implicit many-to-many join tables. The result is the
//! model-neutral [`ExpectedSchema`] every reader produces, with the Prisma
//! names and flags beside it in [`PrismaFacts`].

use std::collections::BTreeSet;

use miglint_model::{
    Capabilities, ExpectedColumn, ExpectedDefault, ExpectedEnum, ExpectedEnumValue,
    ExpectedForeignKey, ExpectedIndex, ExpectedKey, ExpectedSchema, ExpectedTable,
    ModelKind as Kind, ModelLocation, TypeMatch,
};
use miglint_source::{Dialect, Span};

use crate::ast::{Attribute, Expr, Field, Model, ModelKind, Schema};
use crate::error::SchemaError;
use crate::facts::{ColumnFacts, PrismaFacts, TableFacts};
use crate::sql_types::{SCALARS, name_limit, native_type, scalar_type};

/// Prisma Migrate's bookkeeping table: never part of the model.
const MIGRATIONS_TABLE: &str = "_prisma_migrations";

/// Maps a parsed schema to the database schema Prisma Migrate would create,
/// and the Prisma names of its tables and columns. Errors name the field or
/// block that cannot be mapped (unknown type, unknown provider, index on an
/// unknown field).
pub fn map_schema(schema: &Schema) -> Result<(ExpectedSchema, PrismaFacts), Vec<SchemaError>> {
    let mut mapper = Mapper::new(schema)?;
    mapper.map();
    if mapper.errors.is_empty() {
        Ok((mapper.out, mapper.facts))
    } else {
        Err(mapper.errors)
    }
}

/// What a field's type names.
enum FieldKind<'a> {
    Scalar(&'a str),
    Unsupported(&'a str),
    Enum(&'a crate::ast::Enum),
    Relation(&'a Model),
    /// A composite type or view: no column.
    Other,
}

struct Mapper<'s> {
    schema: &'s Schema,
    dialect: Dialect,
    multi_schema: bool,
    out: ExpectedSchema,
    facts: PrismaFacts,
    errors: Vec<SchemaError>,
}

fn no_datasource(schema: &Schema, message: &str) -> Vec<SchemaError> {
    let (file, span) = schema
        .datasource()
        .map(|d| (d.file, d.name.span))
        .or_else(|| schema.models.first().map(|m| (m.file, m.header)))
        // An empty schema: its first file, not whatever file id 0 is.
        .or_else(|| schema.files.first().map(|&f| (f, Span::default())))
        .unwrap_or_default();
    vec![SchemaError {
        file,
        span,
        message: message.to_owned(),
    }]
}

impl<'s> Mapper<'s> {
    fn new(schema: &'s Schema) -> Result<Self, Vec<SchemaError>> {
        let Some(datasource) = schema.datasource() else {
            return Err(no_datasource(
                schema,
                "the schema has no `datasource` block",
            ));
        };
        let Some(provider) = schema.provider() else {
            return Err(no_datasource(
                schema,
                "the datasource has no `provider` string",
            ));
        };
        let Some(dialect) = Dialect::from_prisma_provider(provider) else {
            return Err(no_datasource(
                schema,
                &format!("provider `{provider}` has no SQL migrations miglint can check"),
            ));
        };
        let relation_mode = datasource
            .property("relationMode")
            .or_else(|| datasource.property("referentialIntegrity"))
            .and_then(Expr::as_str);
        let mut out = ExpectedSchema::new(dialect, Kind::Prisma);
        out.capabilities = Capabilities {
            foreign_keys: relation_mode != Some("prisma"),
            ..Kind::Prisma.capabilities()
        };
        out.unmanaged_tables = vec![(None, MIGRATIONS_TABLE.to_owned())];
        Ok(Self {
            schema,
            dialect,
            multi_schema: datasource.property("schemas").is_some(),
            out,
            facts: PrismaFacts::default(),
            errors: Vec::new(),
        })
    }

    fn error(&mut self, file: miglint_source::FileId, span: Span, message: String) {
        self.errors.push(SchemaError {
            file,
            span,
            message,
        });
    }

    fn map(&mut self) {
        for e in &self.schema.enums {
            let values = e
                .values
                .iter()
                .map(|v| ExpectedEnumValue {
                    name: mapped_name(&v.attributes, &v.name.name),
                    location: ModelLocation {
                        file: e.file,
                        span: v.span,
                    },
                })
                .collect();
            self.out.enums.push(ExpectedEnum {
                schema: block_schema(&e.attributes),
                name: mapped_name(&e.attributes, &e.name.name),
                model_name: e.name.name.clone(),
                values,
                location: ModelLocation {
                    file: e.file,
                    span: e.header,
                },
            });
        }
        // `@@ignore`d models and implicit many-to-many tables are still
        // created by Prisma Migrate: they are compared like any table.
        for model in &self.schema.models {
            match model.kind {
                ModelKind::Model => {
                    let (table, facts) = self.table(model);
                    self.out.tables.push(table);
                    self.facts.tables.push(facts);
                }
                ModelKind::View => self.out.views.push((
                    block_schema(&model.attributes),
                    mapped_name(&model.attributes, &model.name.name),
                )),
                ModelKind::Type => {}
            }
        }
        self.join_tables();
    }

    fn field_kind(&self, field: &'s Field) -> Option<FieldKind<'s>> {
        let name = field.ty.name.name.as_str();
        if let Some(text) = &field.ty.unsupported {
            return Some(FieldKind::Unsupported(text));
        }
        if let Some(scalar) = SCALARS.iter().find(|s| **s == name) {
            return Some(FieldKind::Scalar(scalar));
        }
        if let Some(e) = self.schema.enum_named(name) {
            return Some(FieldKind::Enum(e));
        }
        match self.schema.model(name) {
            Some(m) if m.kind == ModelKind::Model => Some(FieldKind::Relation(m)),
            Some(_) => Some(FieldKind::Other),
            None => None,
        }
    }

    fn table_name(model: &Model) -> String {
        mapped_name(&model.attributes, &model.name.name)
    }

    fn table(&mut self, model: &'s Model) -> (ExpectedTable, TableFacts) {
        let name = Self::table_name(model);
        let location = ModelLocation {
            file: model.file,
            span: model.header,
        };
        let mut table = ExpectedTable {
            schema: block_schema(&model.attributes),
            name: name.clone(),
            location,
            columns: Vec::new(),
            primary_key: None,
            indexes: Vec::new(),
            foreign_keys: Vec::new(),
        };
        let mut facts = TableFacts {
            schema: table.schema.clone(),
            name: name.clone(),
            model: model.name.name.clone(),
            ignored: model.attribute("ignore").is_some(),
            implicit_join: false,
            columns: Vec::new(),
        };
        for field in &model.fields {
            let field_location = ModelLocation {
                file: model.file,
                span: field.span,
            };
            let Some(kind) = self.field_kind(field) else {
                self.error(
                    model.file,
                    field.ty.name.span,
                    format!(
                        "field `{}` has type `{}`, which is neither a scalar, an enum nor a model",
                        field.name.name, field.ty.name.name
                    ),
                );
                continue;
            };
            match kind {
                FieldKind::Relation(target) => {
                    if let Some(fk) = self.foreign_key(model, &name, field, target) {
                        table.foreign_keys.push(fk);
                    }
                    continue;
                }
                FieldKind::Other => continue,
                _ => {}
            }
            let (column, column_facts) = self.column(model, field, &kind);
            if let Some(id) = field.attribute("id") {
                table.primary_key = Some(ExpectedKey {
                    name: map_arg(id).unwrap_or_else(|| format!("{name}_pkey")),
                    columns: vec![column.name.clone()],
                    location: field_location,
                });
            }
            if let Some(unique) = field.attribute("unique") {
                table.indexes.push(ExpectedIndex {
                    name: map_arg(unique).unwrap_or_else(|| {
                        self.generated_name(&name, std::slice::from_ref(&column.name), "key")
                    }),
                    columns: vec![column.name.clone()],
                    key_sql: vec![self.quote(&column.name)],
                    unique: true,
                    using: None,
                    location: field_location,
                });
            }
            table.columns.push(column);
            facts.columns.push(column_facts);
        }
        for attribute in &model.attributes {
            let location = ModelLocation {
                file: model.file,
                span: attribute.span,
            };
            let (unique, suffix) = match attribute.name.name.as_str() {
                "id" => {
                    let Some((columns, _, _)) = self.key_columns(model, attribute) else {
                        continue;
                    };
                    table.primary_key = Some(ExpectedKey {
                        name: map_arg(attribute).unwrap_or_else(|| format!("{name}_pkey")),
                        columns,
                        location,
                    });
                    continue;
                }
                "unique" => (true, "key"),
                "index" => (false, "idx"),
                _ => continue,
            };
            let Some((columns, mut key_sql, _)) = self.key_columns(model, attribute) else {
                continue;
            };
            let using = attribute
                .arg("type")
                .and_then(Expr::name)
                .filter(|t| *t != "BTree")
                .map(str::to_uppercase);
            if using.as_deref() == Some("GIN") {
                // Prisma names the default operator class of a GIN key on an array.
                for (key, column) in key_sql.iter_mut().zip(&columns) {
                    let is_array = table
                        .column(column)
                        .is_some_and(|c| c.sql_type.ends_with("[]"));
                    if is_array && !key.contains(' ') {
                        key.push_str(" array_ops");
                    }
                }
            }
            table.indexes.push(ExpectedIndex {
                name: map_arg(attribute)
                    .unwrap_or_else(|| self.generated_name(&name, &columns, suffix)),
                columns,
                key_sql,
                unique,
                using,
                location,
            });
        }
        (table, facts)
    }

    /// The column names and key SQL of `@@id`/`@@unique`/`@@index([…])`.
    fn key_columns(
        &mut self,
        model: &Model,
        attribute: &Attribute,
    ) -> Option<(Vec<String>, Vec<String>, ())> {
        // `@@index(orgId)`: a single field may stand without brackets.
        let items = match attribute.arg_or_first("fields") {
            Some(Expr::Array { items, .. }) => Some(items.as_slice()),
            Some(single @ (Expr::Constant(_) | Expr::Call { .. })) => {
                Some(std::slice::from_ref(single))
            }
            _ => None,
        };
        let Some(items) = items else {
            self.error(
                model.file,
                attribute.span,
                format!("`@@{}` needs a list of fields", attribute.name.name),
            );
            return None;
        };
        let mut columns = Vec::new();
        let mut key_sql = Vec::new();
        for item in items {
            let Some(field_name) = item.name() else {
                self.error(model.file, item.span(), "expected a field name".to_owned());
                return None;
            };
            let Some(field) = model.field(field_name) else {
                self.error(
                    model.file,
                    item.span(),
                    format!(
                        "`@@{}` names `{field_name}`, which is not a field of `{}`",
                        attribute.name.name, model.name.name
                    ),
                );
                return None;
            };
            let column = mapped_name(&field.attributes, field_name);
            let mut sql = self.quote(&column);
            if let Expr::Call { args, .. } = item {
                for arg in args {
                    match (arg.name.as_ref().map(|n| n.name.as_str()), &arg.value) {
                        (Some("length"), Expr::Number { text, .. }) => {
                            sql.push_str(&format!("({text})"));
                        }
                        (Some("sort"), value) if value.name() == Some("Desc") => {
                            sql.push_str(" DESC");
                        }
                        (Some("ops"), Expr::Call { name, args, .. }) if name.name == "raw" => {
                            if let Some(ops) = args.first().and_then(|a| a.value.as_str()) {
                                sql.push(' ');
                                sql.push_str(ops);
                            }
                        }
                        _ => {}
                    }
                }
            }
            columns.push(column);
            key_sql.push(sql);
        }
        Some((columns, key_sql, ()))
    }

    /// `<table>_<columns>_<suffix>`, cut to the dialect's identifier limit
    /// the way Prisma cuts it (the prefix shortens, the suffix stays).
    fn generated_name(&self, table: &str, columns: &[String], suffix: &str) -> String {
        let prefix = format!("{table}_{}", columns.join("_"));
        truncate_name(&prefix, suffix, name_limit(self.dialect))
    }

    fn quote(&self, name: &str) -> String {
        crate::fix_sql::quote(self.dialect, name)
    }

    fn column(
        &mut self,
        model: &Model,
        field: &Field,
        kind: &FieldKind<'_>,
    ) -> (ExpectedColumn, ColumnFacts) {
        let dialect = self.dialect;
        let mut enum_name = None;
        let element_type = match kind {
            FieldKind::Scalar(scalar) => match field
                .attributes
                .iter()
                .find(|a| a.name.name.starts_with("db."))
            {
                Some(native) => {
                    let args: Vec<String> = native
                        .args
                        .iter()
                        .map(|a| match &a.value {
                            Expr::Number { text, .. } => text.clone(),
                            other => other.as_str().or(other.name()).unwrap_or("").to_owned(),
                        })
                        .collect();
                    native_type(dialect, native.name.name.trim_start_matches("db."), &args)
                }
                None => scalar_type(dialect, scalar).unwrap_or("TEXT").to_owned(),
            },
            FieldKind::Unsupported(text) => (*text).to_owned(),
            FieldKind::Enum(e) => {
                enum_name = Some(e.name.name.clone());
                let db_name = mapped_name(&e.attributes, &e.name.name);
                match dialect {
                    Dialect::Postgres => match block_schema(&e.attributes) {
                        Some(schema) if self.multi_schema => {
                            format!("{}.{}", self.quote(&schema), self.quote(&db_name))
                        }
                        _ => self.quote(&db_name),
                    },
                    Dialect::MySql => {
                        let values: Vec<String> = e
                            .values
                            .iter()
                            .map(|v| sql_string(&mapped_name(&v.attributes, &v.name.name)))
                            .collect();
                        format!("ENUM({})", values.join(", "))
                    }
                    Dialect::Sqlite => "TEXT".to_owned(),
                }
            }
            FieldKind::Relation(_) | FieldKind::Other => String::new(),
        };
        let list = field.ty.list && dialect == Dialect::Postgres;
        let sql_type = if list {
            format!("{element_type}[]")
        } else {
            element_type.clone()
        };
        let mut auto_increment = false;
        let default = field.attribute("default").and_then(|d| {
            let value = d.arg_or_first("value")?;
            match value {
                Expr::Call { name, args, .. } => match name.name.as_str() {
                    "autoincrement" | "sequence" => {
                        auto_increment = true;
                        None
                    }
                    "now" => Some(ExpectedDefault::Sql(match dialect {
                        Dialect::MySql => match precision(&element_type) {
                            Some(p) => format!("CURRENT_TIMESTAMP({p})"),
                            None => "CURRENT_TIMESTAMP".to_owned(),
                        },
                        _ => "CURRENT_TIMESTAMP".to_owned(),
                    })),
                    "dbgenerated" => Some(match args.first().and_then(|a| a.value.as_str()) {
                        // Prisma only checks that a database-generated default exists.
                        Some(sql) => ExpectedDefault::Present(sql.to_owned()),
                        None => ExpectedDefault::Unmanaged,
                    }),
                    // uuid(), cuid(), nanoid(), ulid(): generated by the client.
                    _ => None,
                },
                Expr::Array { items, .. } => {
                    let parts: Vec<String> = items
                        .iter()
                        .filter_map(|item| self.literal(item, kind, &element_type))
                        .collect();
                    Some(ExpectedDefault::Sql(format!(
                        "ARRAY[{}]::{sql_type}",
                        parts.join(", ")
                    )))
                }
                literal => self
                    .literal(literal, kind, &element_type)
                    .map(ExpectedDefault::Sql),
            }
        });
        let name = mapped_name(&field.attributes, &field.name.name);
        let nullable = field.ty.optional || list;
        let location = ModelLocation {
            file: model.file,
            span: field.span,
        };
        let facts = ColumnFacts {
            name: name.clone(),
            field: field.name.name.clone(),
            nullable,
            ignored: field.has("ignore"),
            enum_name,
        };
        // A list field has list arity whatever the column's NULL constraint:
        // Prisma never changes it. An `Unsupported("text[]")` field is no
        // list: its arity is the column's (Prisma's DDL writes NOT NULL).
        let column = expected_column(
            dialect,
            name,
            location,
            sql_type,
            (!list).then_some(nullable),
            default,
            auto_increment,
        );
        (column, facts)
    }

    /// A literal default as SQL.
    fn literal(&self, value: &Expr, kind: &FieldKind<'_>, sql_type: &str) -> Option<String> {
        match value {
            Expr::String { value, .. } => {
                Some(match kind {
                    FieldKind::Scalar("DateTime") => sql_string(&datetime_literal(value)),
                    // `@default("2.00")` on a Decimal is a number in SQL.
                    FieldKind::Scalar("Decimal") => value.clone(),
                    _ => sql_string(value),
                })
            }
            Expr::Number { text, .. } => Some(text.clone()),
            Expr::Constant(ident) => match (kind, ident.name.as_str()) {
                (FieldKind::Enum(e), value) => {
                    let stored = e
                        .values
                        .iter()
                        .find(|v| v.name.name == value)
                        .map_or_else(|| value.to_owned(), |v| mapped_name(&v.attributes, value));
                    Some(sql_string(&stored))
                }
                (_, "true" | "false") => Some(ident.name.clone()),
                _ => {
                    let _ = sql_type;
                    Some(ident.name.clone())
                }
            },
            _ => None,
        }
    }

    fn foreign_key(
        &mut self,
        model: &Model,
        table: &str,
        field: &Field,
        target: &Model,
    ) -> Option<ExpectedForeignKey> {
        let relation = field.attribute("relation")?;
        let fields = relation.arg("fields")?.as_array()?;
        let references = relation.arg("references")?.as_array()?;
        if !self.out.capabilities.foreign_keys {
            return None;
        }
        let mut columns = Vec::new();
        let mut any_optional = false;
        for item in fields {
            let name = item.name().unwrap_or("");
            match model.field(name) {
                Some(f) => {
                    any_optional |= f.ty.optional;
                    columns.push(mapped_name(&f.attributes, name));
                }
                None => {
                    self.error(
                        model.file,
                        item.span(),
                        format!(
                            "`fields` names `{name}`, which is not a field of `{}`",
                            model.name.name
                        ),
                    );
                    return None;
                }
            }
        }
        let mut referenced_columns = Vec::new();
        for item in references {
            let name = item.name().unwrap_or("");
            match target.field(name) {
                Some(f) => referenced_columns.push(mapped_name(&f.attributes, name)),
                None => {
                    self.error(
                        model.file,
                        item.span(),
                        format!(
                            "`references` names `{name}`, which is not a field of `{}`",
                            target.name.name
                        ),
                    );
                    return None;
                }
            }
        }
        let action = |arg: &str, default: &str| {
            relation
                .arg(arg)
                .and_then(Expr::name)
                .map_or_else(|| default.to_owned(), referential_action)
        };
        Some(ExpectedForeignKey {
            name: map_arg(relation).unwrap_or_else(|| self.generated_name(table, &columns, "fkey")),
            columns,
            referenced_table: (block_schema(&target.attributes), Self::table_name(target)),
            referenced_columns,
            on_delete: Some(action(
                "onDelete",
                if any_optional { "SET NULL" } else { "RESTRICT" },
            )),
            on_update: Some(action("onUpdate", "CASCADE")),
            location: ModelLocation {
                file: model.file,
                span: field.span,
            },
        })
    }

    /// `_AToB` tables for list relation fields on both sides.
    fn join_tables(&mut self) {
        let mut seen = BTreeSet::new();
        let schema = self.schema;
        for model in schema.models.iter().filter(|m| m.kind == ModelKind::Model) {
            for field in &model.fields {
                if !field.ty.list {
                    continue;
                }
                let Some(FieldKind::Relation(other)) = self.field_kind(field) else {
                    continue;
                };
                let relation_name = explicit_relation_name(field);
                let opposite = other.fields.iter().find(|f| {
                    f.ty.name.name == model.name.name
                        && explicit_relation_name(f) == relation_name
                        && !(std::ptr::eq(*f, field))
                });
                let Some(opposite) = opposite else { continue };
                if !opposite.ty.list {
                    continue;
                }
                let (a, b) = if model.name.name <= other.name.name {
                    (model, other)
                } else {
                    (other, model)
                };
                let name = relation_name
                    .clone()
                    .unwrap_or_else(|| format!("{}To{}", a.name.name, b.name.name));
                if !seen.insert(name.clone()) {
                    continue;
                }
                let location = ModelLocation {
                    file: model.file,
                    span: field.span,
                };
                if let Some((table, facts)) = self.join_table(&name, a, b, location) {
                    self.out.tables.push(table);
                    self.facts.tables.push(facts);
                }
            }
        }
    }

    fn join_table(
        &mut self,
        relation: &str,
        a: &Model,
        b: &Model,
        location: ModelLocation,
    ) -> Option<(ExpectedTable, TableFacts)> {
        let table = format!("_{relation}");
        let id_column = |m: &Model| -> Option<(String, String)> {
            let field = m.fields.iter().find(|f| f.has("id"))?;
            // The model's table: the first one mapped from it.
            let index = self
                .facts
                .tables
                .iter()
                .position(|t| t.model == m.name.name)?;
            let expected = self.out.tables.get(index)?;
            let column = expected.column(&mapped_name(&field.attributes, &field.name.name))?;
            Some((column.name.clone(), column.sql_type.clone()))
        };
        let (a_id, a_type) = id_column(a)?;
        let (b_id, b_type) = id_column(b)?;
        let dialect = self.dialect;
        let column = |name: &str, sql_type: String| {
            expected_column(
                dialect,
                name.to_owned(),
                location,
                sql_type,
                Some(false),
                None,
                false,
            )
        };
        let column_facts = |name: &str| ColumnFacts {
            name: name.to_owned(),
            field: name.to_owned(),
            nullable: false,
            ignored: false,
            enum_name: None,
        };
        let foreign_key = |column: &str, target: &Model, id: String| ExpectedForeignKey {
            name: format!("{table}_{column}_fkey"),
            columns: vec![column.to_owned()],
            referenced_table: (block_schema(&target.attributes), Self::table_name(target)),
            referenced_columns: vec![id],
            on_delete: Some("CASCADE".to_owned()),
            on_update: Some("CASCADE".to_owned()),
            location,
        };
        let foreign_keys = if self.out.capabilities.foreign_keys {
            vec![foreign_key("A", a, a_id), foreign_key("B", b, b_id)]
        } else {
            Vec::new()
        };
        let schema = block_schema(&a.attributes);
        let facts = TableFacts {
            schema: schema.clone(),
            name: table.clone(),
            model: relation.to_owned(),
            ignored: false,
            implicit_join: true,
            columns: vec![column_facts("A"), column_facts("B")],
        };
        let expected = ExpectedTable {
            schema,
            name: table.clone(),
            location,
            columns: vec![column("A", a_type), column("B", b_type)],
            primary_key: Some(ExpectedKey {
                name: format!("{table}_AB_pkey"),
                columns: vec!["A".to_owned(), "B".to_owned()],
                location,
            }),
            indexes: vec![ExpectedIndex {
                name: format!("{table}_B_index"),
                columns: vec!["B".to_owned()],
                key_sql: vec![self.quote("B")],
                unique: false,
                using: None,
                location,
            }],
            foreign_keys,
        };
        Some((expected, facts))
    }
}

/// A column as the drift engine compares it; `nullable` is the field's arity
/// (`None`: not compared).
fn expected_column(
    dialect: Dialect,
    name: String,
    location: ModelLocation,
    sql_type: String,
    nullable: Option<bool>,
    default: Option<ExpectedDefault>,
    auto_increment: bool,
) -> ExpectedColumn {
    let mut column = ExpectedColumn {
        name,
        location,
        nullable,
        sql_type,
        also_accepted: Vec::new(),
        type_match: TypeMatch::Exact,
        default,
        auto_increment,
    };
    // A serial is stored as its integer type; accept either spelling.
    let ddl = crate::fix_sql::ddl_type(dialect, &column);
    if ddl != column.sql_type {
        column.also_accepted.push(ddl);
    }
    column
}

/// `@relation("name")` or `@relation(name: "name")`.
fn explicit_relation_name(field: &Field) -> Option<String> {
    let relation = field.attribute("relation")?;
    relation
        .arg("name")
        .or_else(|| relation.positional(0))
        .and_then(Expr::as_str)
        .map(str::to_owned)
}

/// `@map("x")`/`@@map("x")`, or the Prisma name.
fn mapped_name(attributes: &[Attribute], name: &str) -> String {
    attributes
        .iter()
        .find(|a| a.name.name == "map")
        .and_then(|a| a.arg_or_first("name"))
        .and_then(Expr::as_str)
        .map_or_else(|| name.to_owned(), str::to_owned)
}

fn block_schema(attributes: &[Attribute]) -> Option<String> {
    attributes
        .iter()
        .find(|a| a.name.name == "schema")
        .and_then(|a| a.positional(0))
        .and_then(Expr::as_str)
        .map(str::to_owned)
}

/// The `map:` argument of `@id`, `@unique`, `@@index`, `@relation`…
fn map_arg(attribute: &Attribute) -> Option<String> {
    attribute
        .arg("map")
        .and_then(Expr::as_str)
        .map(str::to_owned)
}

pub(crate) fn truncate_name(prefix: &str, suffix: &str, limit: Option<usize>) -> String {
    let full = format!("{prefix}_{suffix}");
    match limit {
        Some(limit) if full.len() > limit => {
            let keep = limit.saturating_sub(suffix.len() + 1);
            let mut cut = keep.min(prefix.len());
            while !prefix.is_char_boundary(cut) {
                cut -= 1;
            }
            format!("{}_{suffix}", prefix.get(..cut).unwrap_or(prefix))
        }
        _ => full,
    }
}

fn referential_action(action: &str) -> String {
    match action {
        "Cascade" => "CASCADE",
        "Restrict" => "RESTRICT",
        "NoAction" => "NO ACTION",
        "SetNull" => "SET NULL",
        "SetDefault" => "SET DEFAULT",
        other => other,
    }
    .to_owned()
}

pub(crate) fn sql_string(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// The precision in `DATETIME(3)`.
fn precision(sql_type: &str) -> Option<&str> {
    let open = sql_type.find('(')?;
    sql_type.get(open + 1..sql_type.len().saturating_sub(1))
}

/// An RFC 3339 timestamp as Prisma writes it in a default:
/// `2020-01-01T00:00:00Z` → `2020-01-01 00:00:00 +00:00`.
fn datetime_literal(value: &str) -> String {
    let Some((date, time)) = value.split_once('T') else {
        return value.to_owned();
    };
    let (clock, offset) = if let Some(clock) = time.strip_suffix('Z') {
        (clock, "+00:00")
    } else if let Some(i) = time.rfind(['+', '-']) {
        (time.get(..i).unwrap_or(time), time.get(i..).unwrap_or(""))
    } else {
        (time, "+00:00")
    };
    format!("{date} {clock} {offset}")
}
