//! diesel's `schema.rs` as a model, read as text (no Rust is compiled).
//!
//! `diesel print-schema` writes one `diesel::table!` block per table (the
//! table, its primary key, each column's SQL type and nullability,
//! `#[sql_name]` and `#[max_length]`), custom types in `mod sql_types`, and
//! one `joinable!` per single-column foreign key. That is all a `schema.rs`
//! can say: it has no defaults, indexes, unique constraints or enum values,
//! so no default, index or enum drift is reported for it; timestamp and
//! numeric precision are not compared either (diesel does not record them).
//! `diesel.toml`'s `schema` and `filter` decide which tables the file speaks
//! for; its `patch_file` is already applied to the file on disk.

mod config;
mod declare;
mod lexer;
mod types;

use std::collections::HashMap;

use miglint_model::{
    ExpectedColumn, ExpectedForeignKey, ExpectedKey, ExpectedSchema, ExpectedTable, ModelKind,
    ModelLocation, TableFilter,
};
use miglint_source::{Dialect, FileId, Span};

pub use config::Config;
pub use declare::DieselFixes;
use lexer::{Kind, Token, tokenize};
use types::DieselType;

/// Reads `schema.rs` (the file `file`, text `text`). Errors are (span, message).
pub fn read(
    file: FileId,
    text: &str,
    dialect: Dialect,
    config: &Config,
) -> Result<ExpectedSchema, Vec<(Span, String)>> {
    let tokens = tokenize(text);
    let mut reader = Reader {
        tokens: &tokens,
        at: 0,
        file,
        dialect,
        custom: HashMap::new(),
        tables: Vec::new(),
        joins: Vec::new(),
        errors: Vec::new(),
    };
    reader.read_all();
    if !reader.errors.is_empty() {
        return Err(reader.errors);
    }
    let mut expected = ExpectedSchema::new(dialect, ModelKind::Diesel);
    let schema = config.schema.clone().filter(|s| s != "public");
    expected.default_schema_managed = schema.is_none();
    expected.filter = TableFilter {
        only: config.only_tables.clone(),
        except: config.except_tables.clone(),
    };
    expected
        .unmanaged_tables
        .push((None, "__diesel_schema_migrations".to_owned()));
    let mut tables = reader.tables;
    for table in &mut tables {
        if table.table.schema.is_none() {
            table.table.schema.clone_from(&schema);
        }
    }
    for (from, to, column, location) in reader.joins {
        let Some(referenced) = tables.iter().find(|t| t.rust_name == to) else {
            continue;
        };
        let referenced_table = (
            referenced.table.schema.clone(),
            referenced.table.name.clone(),
        );
        let Some(table) = tables.iter_mut().find(|t| t.rust_name == from) else {
            continue;
        };
        let Some(column) = table.columns.get(&column).cloned() else {
            continue;
        };
        table.table.foreign_keys.push(ExpectedForeignKey {
            name: format!("{}_{column}_fkey", table.table.name),
            columns: vec![column],
            referenced_table,
            referenced_columns: Vec::new(),
            on_delete: None,
            on_update: None,
            location,
        });
    }
    expected.tables = tables.into_iter().map(|t| t.table).collect();
    Ok(expected)
}

/// A table as read, with the Rust names `joinable!` refers to.
struct ReadTable {
    rust_name: String,
    /// Rust column name → database column name.
    columns: HashMap<String, String>,
    table: ExpectedTable,
}

struct Reader<'t> {
    tokens: &'t [Token],
    at: usize,
    file: FileId,
    dialect: Dialect,
    /// `sql_types` structs: Rust name → the type's SQL name.
    custom: HashMap<String, String>,
    tables: Vec<ReadTable>,
    /// (table, referenced table, column) by Rust names, and where.
    joins: Vec<(String, String, String, ModelLocation)>,
    errors: Vec<(Span, String)>,
}

impl Reader<'_> {
    fn peek(&self, ahead: usize) -> Option<&Token> {
        self.tokens.get(self.at + ahead)
    }

    fn location(&self, span: Span) -> ModelLocation {
        ModelLocation {
            file: self.file,
            span,
        }
    }

    /// The index just past the group opened at `open` (`{`, `(`, `[`, `<`).
    fn skip_group(&self, open: usize) -> usize {
        let Some(first) = self.tokens.get(open) else {
            return open;
        };
        let (left, right) = match first.kind {
            Kind::Punct('{') => ('{', '}'),
            Kind::Punct('(') => ('(', ')'),
            Kind::Punct('[') => ('[', ']'),
            _ => return open + 1,
        };
        let mut depth = 0usize;
        for (i, token) in self.tokens.iter().enumerate().skip(open) {
            if token.is_punct(left) {
                depth += 1;
            } else if token.is_punct(right) {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
        }
        self.tokens.len()
    }

    fn read_all(&mut self) {
        let mut attributes: Vec<(usize, usize)> = Vec::new();
        while let Some(token) = self.peek(0) {
            let next_is_bang = self.peek(1).is_some_and(|t| t.is_punct('!'));
            match token.ident() {
                Some("table") if next_is_bang => {
                    let open = self.at + 2;
                    let end = self.skip_group(open);
                    self.table_block(open + 1, end.saturating_sub(1));
                    self.at = end;
                }
                Some("joinable") if next_is_bang => {
                    let open = self.at + 2;
                    let end = self.skip_group(open);
                    self.joinable(open + 1, end.saturating_sub(1));
                    self.at = end;
                }
                Some("struct") => {
                    if let Some(name) = self.peek(1).and_then(Token::ident) {
                        let name = name.to_owned();
                        if let Some(db_name) = attributes
                            .iter()
                            .find_map(|&(from, to)| self.type_attribute(from, to))
                        {
                            self.custom.insert(name, db_name);
                        }
                    }
                    attributes.clear();
                    self.at += 1;
                }
                _ if token.is_punct('#') && self.peek(1).is_some_and(|t| t.is_punct('[')) => {
                    let end = self.skip_group(self.at + 1);
                    attributes.push((self.at + 2, end.saturating_sub(1)));
                    self.at = end;
                }
                _ if token.is_punct(';') || token.is_punct('}') => {
                    attributes.clear();
                    self.at += 1;
                }
                _ => self.at += 1,
            }
        }
    }

    /// `diesel(postgres_type(name = "x", schema = "s"))` and the MySQL and
    /// SQLite forms: the database type name.
    fn type_attribute(&self, from: usize, to: usize) -> Option<String> {
        let tokens = self.tokens.get(from..to)?;
        let mut name = None;
        let mut schema = None;
        for window in tokens.windows(3) {
            let [key, eq, value] = window else { continue };
            let (Some(key), true, Kind::Str(value)) = (key.ident(), eq.is_punct('='), &value.kind)
            else {
                continue;
            };
            match key {
                "name" => name = Some(value.clone()),
                "schema" => schema = Some(value.clone()),
                _ => {}
            }
        }
        let name = types::quote_if_needed(&name?);
        Some(match schema {
            Some(schema) if schema != "public" => {
                format!("{}.{name}", types::quote_if_needed(&schema))
            }
            _ => name,
        })
    }

    /// The inside of `table! { … }`: `use` lines, attributes, then
    /// `[schema.]name (pk, …) { columns }`, possibly several times.
    fn table_block(&mut self, from: usize, to: usize) {
        let mut i = from;
        let mut sql_name: Option<String> = None;
        while i < to {
            let Some(token) = self.tokens.get(i) else {
                return;
            };
            if token.ident() == Some("use") {
                while i < to && !self.tokens.get(i).is_some_and(|t| t.is_punct(';')) {
                    i += 1;
                }
                i += 1;
                continue;
            }
            if token.is_punct('#') {
                let end = self.skip_group(i + 1);
                if let Some(value) = self.string_attribute(i + 2, end - 1, "sql_name") {
                    sql_name = Some(value);
                }
                i = end;
                continue;
            }
            let Some(first) = token.ident() else {
                i += 1;
                continue;
            };
            // `schema.name` or `name`.
            let (schema, rust_name, mut j) = match (self.tokens.get(i + 1), self.tokens.get(i + 2))
            {
                (Some(dot), Some(second)) if dot.is_punct('.') && second.ident().is_some() => (
                    Some(first.to_owned()),
                    second.ident().unwrap_or_default().to_owned(),
                    i + 3,
                ),
                _ => (None, first.to_owned(), i + 1),
            };
            let header_start = token.span.start;
            let mut primary_key = Vec::new();
            if self.tokens.get(j).is_some_and(|t| t.is_punct('(')) {
                let end = self.skip_group(j);
                primary_key = self
                    .tokens
                    .get(j + 1..end - 1)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|t| t.ident().map(str::to_owned))
                    .collect();
                j = end;
            }
            let Some(open) = self.tokens.get(j).filter(|t| t.is_punct('{')) else {
                self.errors.push((
                    token.span,
                    format!("expected `{{` with the columns of table `{rust_name}`"),
                ));
                return;
            };
            let header = Span::new(header_start, open.span.start).trim_end(self.tokens, j);
            let end = self.skip_group(j);
            let name = sql_name.take().unwrap_or_else(|| rust_name.clone());
            let mut table = ReadTable {
                rust_name: rust_name.clone(),
                columns: HashMap::new(),
                table: ExpectedTable {
                    schema,
                    name: name.clone(),
                    location: self.location(header),
                    columns: Vec::new(),
                    primary_key: None,
                    indexes: Vec::new(),
                    foreign_keys: Vec::new(),
                },
            };
            self.columns(j + 1, end - 1, &mut table);
            let pk_columns: Vec<String> = primary_key
                .iter()
                .map(|c| table.columns.get(c).cloned().unwrap_or_else(|| c.clone()))
                .collect();
            if !pk_columns.is_empty() {
                table.table.primary_key = Some(ExpectedKey {
                    name: format!("{name}_pkey"),
                    columns: pk_columns,
                    location: self.location(header),
                });
            }
            self.tables.push(table);
            i = end;
        }
    }

    /// `#[key = "value"]` between `from` and `to` (inside the brackets).
    fn string_attribute(&self, from: usize, to: usize, key: &str) -> Option<String> {
        match self.tokens.get(from..to)? {
            [k, eq, value] if k.ident() == Some(key) && eq.is_punct('=') => match &value.kind {
                Kind::Str(s) | Kind::Number(s) => Some(s.clone()),
                _ => None,
            },
            _ => None,
        }
    }

    /// `#[attrs] name -> Type,` lines.
    fn columns(&mut self, from: usize, to: usize, table: &mut ReadTable) {
        let mut i = from;
        let mut sql_name = None;
        let mut max_length = None;
        while i < to {
            let Some(token) = self.tokens.get(i) else {
                return;
            };
            if token.is_punct('#') {
                let end = self.skip_group(i + 1);
                if let Some(v) = self.string_attribute(i + 2, end - 1, "sql_name") {
                    sql_name = Some(v);
                }
                if let Some(v) = self.string_attribute(i + 2, end - 1, "max_length") {
                    max_length = v.parse::<u32>().ok();
                }
                i = end;
                continue;
            }
            let arrow = self.tokens.get(i + 1).is_some_and(|t| t.is_punct('-'))
                && self.tokens.get(i + 2).is_some_and(|t| t.is_punct('>'));
            let Some(rust_name) = token.ident().filter(|_| arrow) else {
                i += 1;
                continue;
            };
            // The type runs to the `,` outside angle brackets, or the block's end.
            let mut j = i + 3;
            let mut depth = 0i32;
            while j < to {
                let Some(t) = self.tokens.get(j) else { break };
                if t.is_punct('<') {
                    depth += 1;
                } else if t.is_punct('>') {
                    depth -= 1;
                } else if t.is_punct(',') && depth <= 0 {
                    break;
                }
                j += 1;
            }
            let type_tokens = self.tokens.get(i + 3..j).unwrap_or_default();
            let last = type_tokens.last().map_or(token.span.end, |t| t.span.end);
            let span = Span::new(token.span.start, last);
            let Some(ty) = parse_type(type_tokens) else {
                self.errors.push((
                    span,
                    format!("cannot read the SQL type of column `{rust_name}`"),
                ));
                i = j + 1;
                continue;
            };
            let custom = |name: &str| self.custom.get(name).cloned();
            let mapped = types::map(&ty, self.dialect, max_length.take(), &custom);
            let name = sql_name.take().unwrap_or_else(|| rust_name.to_owned());
            table.columns.insert(rust_name.to_owned(), name.clone());
            table.table.columns.push(ExpectedColumn {
                name,
                location: self.location(span),
                sql_type: mapped.sql_type,
                also_accepted: mapped.also_accepted,
                type_match: mapped.type_match,
                nullable: Some(mapped.nullable),
                default: None,
                auto_increment: false,
            });
            i = j + 1;
        }
    }

    /// `joinable!(child -> parent (column));`
    fn joinable(&mut self, from: usize, to: usize) {
        let Some(tokens) = self.tokens.get(from..to) else {
            return;
        };
        let idents: Vec<&str> = tokens.iter().filter_map(Token::ident).collect();
        let arrow = tokens
            .windows(2)
            .any(|w| matches!(w, [a, b] if a.is_punct('-') && b.is_punct('>')));
        if let ([child, parent, column], true) = (idents.as_slice(), arrow) {
            let start = tokens.first().map_or(0, |t| t.span.start);
            let end = tokens.last().map_or(start, |t| t.span.end);
            self.joins.push((
                (*child).to_owned(),
                (*parent).to_owned(),
                (*column).to_owned(),
                self.location(Span::new(start, end)),
            ));
        }
    }
}

/// `Nullable<Array<diesel::sql_types::Text>>` as a [`DieselType`].
fn parse_type(tokens: &[Token]) -> Option<DieselType> {
    let (ty, rest) = parse_type_at(tokens)?;
    rest.is_empty().then_some(ty)
}

fn parse_type_at(tokens: &[Token]) -> Option<(DieselType, &[Token])> {
    // A path: `a::b::Name`; the last segment names the type.
    let mut i = 0;
    let mut name = None;
    while let Some(token) = tokens.get(i) {
        if let Some(ident) = token.ident() {
            name = Some(ident.to_owned());
            i += 1;
        } else if token.is_punct(':') {
            i += 1;
        } else {
            break;
        }
    }
    let name = name?;
    let rest = tokens.get(i..).unwrap_or_default();
    if rest.first().is_some_and(|t| t.is_punct('<')) {
        let (inner, after) = parse_type_at(rest.get(1..).unwrap_or_default())?;
        let after = after.strip_prefix_punct('>')?;
        let wrapped = match name.as_str() {
            "Nullable" => DieselType::Nullable(Box::new(inner)),
            "Array" => DieselType::Array(Box::new(inner)),
            "Unsigned" => DieselType::Unsigned(Box::new(inner)),
            _ => inner,
        };
        return Some((wrapped, after));
    }
    Some((DieselType::Named(name), rest))
}

trait StripPunct {
    fn strip_prefix_punct(&self, c: char) -> Option<&Self>;
}

impl StripPunct for [Token] {
    fn strip_prefix_punct(&self, c: char) -> Option<&Self> {
        match self.split_first() {
            Some((first, rest)) if first.is_punct(c) => Some(rest),
            _ => None,
        }
    }
}

trait TrimEnd {
    fn trim_end(self, tokens: &[Token], brace: usize) -> Span;
}

impl TrimEnd for Span {
    /// The header without the space before its `{`.
    fn trim_end(self, tokens: &[Token], brace: usize) -> Span {
        let end = brace
            .checked_sub(1)
            .and_then(|i| tokens.get(i))
            .map_or(self.end, |t| t.span.end);
        Span::new(self.start, end.max(self.start))
    }
}
