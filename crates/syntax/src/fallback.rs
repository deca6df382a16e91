//! A recogniser for the DDL the catalog needs, used when sqlparser rejects a
//! statement, so that an unparsed neighbour does not leave the catalog wrong.
//!
//! It reads tokens, not grammar: it knows the shape of the common DDL
//! statements and skips what it does not understand. Every name, type and
//! default it returns carries the span of its source text.

use miglint_source::{Dialect, Span};

use crate::ir::{
    AlterColumnOp, AlterObjectOp, AlterTableAction, AlterTableOp, AlterTypeOp, ColumnDef,
    ConstraintKind, EnumValuePosition, ForeignKeyRef, Ident, IdentityKind, IndexKey, ObjectName,
    SchemaChange, SqlText, StringLit, TableConstraint, TransactionControl,
};
use crate::lexer::{Token, TokenKind, tokenize, unquote_ident, unquote_string};

#[cfg(test)]
mod tests;

/// What the statement at `span` of `text` does to the schema, as far as a
/// token-level reading can tell; `SchemaChange::Other` when it cannot.
// Until parse.rs calls this, nothing outside the tests does.
#[allow(dead_code)]
pub fn recognize(text: &str, span: Span, dialect: Dialect) -> SchemaChange {
    let all = tokenize(text, span, dialect);
    let tokens: Vec<Token> = all
        .iter()
        .copied()
        .filter(|t| !t.kind.is_trivia())
        .collect();
    let limit = tokens.len();
    let mut reader = Reader {
        text,
        dialect,
        all,
        tokens,
        pos: 0,
        limit,
    };
    reader.statement().unwrap_or(SchemaChange::Other)
}

/// The target of a data statement from its first tokens (`tokens`, without
/// trivia): `INSERT [INTO] t [(columns)]`, `UPDATE [ONLY] t`, `DELETE FROM
/// [ONLY] t`. For statements too large to tokenize whole; `Other` when the
/// head is not one of those.
pub(crate) fn data_statement_head(
    text: &str,
    tokens: Vec<Token>,
    dialect: Dialect,
) -> SchemaChange {
    let limit = tokens.len();
    let mut reader = Reader {
        text,
        dialect,
        all: tokens.clone(),
        tokens,
        pos: 0,
        limit,
    };
    reader.data_head().unwrap_or(SchemaChange::Other)
}

/// MySQL's modifiers between a data statement's verb and its table.
const DATA_MODIFIERS: [&str; 5] = [
    "LOW_PRIORITY",
    "DELAYED",
    "HIGH_PRIORITY",
    "QUICK",
    "IGNORE",
];

impl Reader<'_> {
    fn data_head(&mut self) -> Option<SchemaChange> {
        let verb = self.peek()?;
        self.pos += 1;
        while self.peek_any(&DATA_MODIFIERS) || self.peek_word("ONLY") {
            self.pos += 1;
        }
        if verb.is_word(self.text, "INSERT") || verb.is_word(self.text, "REPLACE") {
            self.eat("INTO");
            let table = self.object_name()?;
            if self.eat("AS") {
                self.ident();
            }
            let columns = self.ident_list();
            Some(SchemaChange::Insert { table, columns })
        } else if verb.is_word(self.text, "UPDATE") {
            let table = self.object_name()?;
            Some(SchemaChange::Update {
                table,
                columns: Vec::new(),
            })
        } else if verb.is_word(self.text, "DELETE") {
            self.eat("FROM");
            while self.peek_word("ONLY") {
                self.pos += 1;
            }
            let table = self.object_name()?;
            Some(SchemaChange::Delete { table })
        } else {
            None
        }
    }
}

/// Words that end a column's type and start its attributes.
const COLUMN_ATTRIBUTES: [&str; 16] = [
    "CONSTRAINT",
    "NOT",
    "NULL",
    "DEFAULT",
    "PRIMARY",
    "UNIQUE",
    "REFERENCES",
    "CHECK",
    "GENERATED",
    "AUTO_INCREMENT",
    "AUTOINCREMENT",
    "COLLATE",
    "COMMENT",
    "ON",
    "AS",
    "CHARSET",
];

/// Modifiers between `CREATE` and the object kind.
const CREATE_MODIFIERS: [&str; 9] = [
    "OR",
    "REPLACE",
    "TEMP",
    "TEMPORARY",
    "GLOBAL",
    "LOCAL",
    "UNLOGGED",
    "RECURSIVE",
    "MATERIALIZED",
];

/// A cursor over the significant tokens of one statement; `limit` narrows it
/// to one element or action while that is read.
struct Reader<'a> {
    text: &'a str,
    dialect: Dialect,
    /// Every token, trivia included, for rebuilding source text.
    all: Vec<Token>,
    tokens: Vec<Token>,
    pos: usize,
    limit: usize,
}

impl Reader<'_> {
    // ---- cursor primitives -------------------------------------------------

    fn token(&self, index: usize) -> Option<Token> {
        if index < self.limit {
            self.tokens.get(index).copied()
        } else {
            None
        }
    }

    fn peek(&self) -> Option<Token> {
        self.token(self.pos)
    }

    fn at_end(&self) -> bool {
        self.pos >= self.limit
    }

    fn is_word_at(&self, index: usize, word: &str) -> bool {
        self.token(index)
            .is_some_and(|t| t.is_word(self.text, word))
    }

    fn is_punct_at(&self, index: usize, punct: &str) -> bool {
        self.token(index)
            .is_some_and(|t| t.is_punct(self.text, punct))
    }

    fn peek_word(&self, word: &str) -> bool {
        self.is_word_at(self.pos, word)
    }

    fn peek_any(&self, words: &[&str]) -> bool {
        words.iter().any(|w| self.peek_word(w))
    }

    fn peek_punct(&self, punct: &str) -> bool {
        self.is_punct_at(self.pos, punct)
    }

    fn eat(&mut self, word: &str) -> bool {
        let found = self.peek_word(word);
        if found {
            self.pos += 1;
        }
        found
    }

    /// Consumes `words` only when all of them follow.
    fn eat_all(&mut self, words: &[&str]) -> bool {
        let found = words
            .iter()
            .enumerate()
            .all(|(i, w)| self.is_word_at(self.pos + i, w));
        if found {
            self.pos += words.len();
        }
        found
    }

    fn eat_punct(&mut self, punct: &str) -> bool {
        let found = self.peek_punct(punct);
        if found {
            self.pos += 1;
        }
        found
    }

    fn advance(&mut self) {
        if self.peek_punct("(") {
            self.pos = self.group_end(self.pos);
        } else {
            self.pos += 1;
        }
    }

    /// The index after the `)` matching the `(` at `open` (or the limit).
    fn group_end(&self, open: usize) -> usize {
        let mut depth = 0usize;
        let mut index = open;
        while let Some(token) = self.token(index) {
            if token.is_punct(self.text, "(") {
                depth += 1;
            } else if token.is_punct(self.text, ")") {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return index + 1;
                }
            }
            index += 1;
        }
        self.limit
    }

    /// Comma-separated parts of `from..to` at parenthesis depth 0.
    fn comma_parts(&self, from: usize, to: usize) -> Vec<(usize, usize)> {
        let mut parts = Vec::new();
        let mut depth = 0usize;
        let mut start = from;
        for index in from..to {
            let Some(token) = self.tokens.get(index) else {
                break;
            };
            if token.is_punct(self.text, "(") {
                depth += 1;
            } else if token.is_punct(self.text, ")") {
                depth = depth.saturating_sub(1);
            } else if depth == 0 && token.is_punct(self.text, ",") {
                parts.push((start, index));
                start = index + 1;
            }
        }
        parts.push((start, to));
        parts.retain(|(a, b)| a < b);
        parts
    }

    /// Reads `from..to` with `read`, then puts the cursor after `to`.
    fn within<T>(&mut self, from: usize, to: usize, read: impl FnOnce(&mut Self) -> T) -> T {
        let saved_limit = self.limit;
        self.pos = from;
        self.limit = to.min(saved_limit);
        let result = read(self);
        self.limit = saved_limit;
        self.pos = to;
        result
    }

    // ---- values ------------------------------------------------------------

    fn span_of(&self, from: usize, to: usize) -> Option<Span> {
        let first = self.tokens.get(from)?;
        let last = self.tokens.get(to.checked_sub(1)?)?;
        (from < to).then(|| Span::new(first.span.start, last.span.end))
    }

    /// The source text of tokens `from..to`, whitespace and comments collapsed
    /// to one space; strings stay as written.
    fn sql_text(&self, from: usize, to: usize) -> Option<SqlText> {
        let span = self.span_of(from, to)?;
        let first = self.all.partition_point(|t| t.span.start < span.start);
        let mut out = String::new();
        for token in self.all.iter().skip(first) {
            if token.span.start >= span.end {
                break;
            }
            if token.kind.is_trivia() {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            } else {
                out.push_str(token.text(self.text));
            }
        }
        Some(SqlText {
            text: out.trim().to_owned(),
            span,
        })
    }

    fn ident(&mut self) -> Option<Ident> {
        let token = self.peek()?;
        let raw = token.text(self.text);
        let (value, quoted) = match token.kind {
            TokenKind::Word => (raw.to_owned(), false),
            TokenKind::QuotedIdent => (unquote_ident(raw), true),
            _ => return None,
        };
        self.pos += 1;
        Some(Ident {
            value,
            quoted,
            span: token.span,
        })
    }

    /// `name`, `schema.name` or `catalog.schema.name` (the catalog is dropped).
    fn object_name(&mut self) -> Option<ObjectName> {
        let first = self.ident()?;
        let mut parts = vec![first];
        while self.peek_punct(".")
            && self
                .token(self.pos + 1)
                .is_some_and(|t| matches!(t.kind, TokenKind::Word | TokenKind::QuotedIdent))
        {
            self.pos += 1;
            parts.extend(self.ident());
        }
        let span = parts.first()?.span.cover(parts.last()?.span);
        let name = parts.pop()?;
        Some(ObjectName {
            schema: parts.pop(),
            name,
            span,
        })
    }

    fn object_names(&mut self) -> Vec<ObjectName> {
        let mut names = Vec::new();
        while let Some(name) = self.object_name() {
            names.push(name);
            if !self.eat_punct(",") {
                break;
            }
        }
        names
    }

    fn string(&mut self) -> Option<StringLit> {
        let token = self.peek()?;
        if token.kind != TokenKind::String && token.kind != TokenKind::DollarString {
            return None;
        }
        self.pos += 1;
        let raw = token.text(self.text);
        let value = if token.kind == TokenKind::DollarString {
            dollar_body(raw).to_owned()
        } else {
            unquote_string(raw, self.dialect)
        };
        Some(StringLit {
            value,
            span: token.span,
        })
    }

    fn if_not_exists(&mut self) -> bool {
        self.eat_all(&["IF", "NOT", "EXISTS"])
    }

    fn if_exists(&mut self) -> bool {
        self.eat_all(&["IF", "EXISTS"])
    }

    fn cascade(&mut self) -> bool {
        let cascade = self.eat("CASCADE");
        self.eat("RESTRICT");
        cascade
    }

    /// `( a, b DESC, c(10) )`: the leading identifier of each item.
    fn ident_list(&mut self) -> Vec<Ident> {
        if !self.peek_punct("(") {
            return Vec::new();
        }
        let end = self.group_end(self.pos);
        let inner_end = end.saturating_sub(1).max(self.pos + 1);
        let parts = self.comma_parts(self.pos + 1, inner_end);
        let mut idents = Vec::new();
        for (from, to) in parts {
            idents.extend(self.within(from, to, Reader::ident));
        }
        self.pos = end;
        idents
    }

    /// The text inside the parenthesised group at the cursor, which it skips.
    fn group_text(&mut self) -> Option<SqlText> {
        if !self.peek_punct("(") {
            return None;
        }
        let end = self.group_end(self.pos);
        let inner = self.sql_text(self.pos + 1, end.saturating_sub(1));
        self.pos = end;
        inner
    }

    // ---- statements --------------------------------------------------------

    fn statement(&mut self) -> Option<SchemaChange> {
        if self.eat("CREATE") {
            self.create()
        } else if self.eat("ALTER") {
            self.alter()
        } else if self.eat("DROP") {
            self.drop()
        } else if self.eat_all(&["RENAME", "TABLE"]) {
            self.rename_tables()
        } else {
            self.transaction()
        }
    }

    fn transaction(&mut self) -> Option<SchemaChange> {
        let control = if self.peek_any(&["BEGIN", "START"]) {
            TransactionControl::Begin
        } else if self.peek_any(&["COMMIT", "END"]) {
            TransactionControl::Commit
        } else if self.peek_word("ROLLBACK") && !self.is_word_at(self.pos + 1, "TO") {
            TransactionControl::Rollback
        } else {
            return None;
        };
        if self.eat("START") && !self.peek_word("TRANSACTION") {
            return None;
        }
        Some(SchemaChange::Transaction(control))
    }

    fn create(&mut self) -> Option<SchemaChange> {
        let mut or_replace = false;
        let mut temporary = false;
        let mut materialized = false;
        loop {
            if self.peek_any(&CREATE_MODIFIERS) {
                or_replace |= self.peek_word("REPLACE");
                temporary |= self.peek_any(&["TEMP", "TEMPORARY"]);
                materialized |= self.peek_word("MATERIALIZED");
                self.pos += 1;
            } else if self.peek_any(&["ALGORITHM", "DEFINER"]) {
                self.skip_mysql_assignment();
            } else if self.eat_all(&["SQL", "SECURITY"]) {
                self.pos += 1;
            } else {
                break;
            }
        }
        if self.eat("TABLE") {
            self.create_table(temporary)
        } else if self.peek_any(&["UNIQUE", "INDEX", "FULLTEXT", "SPATIAL"]) {
            self.create_index()
        } else if self.eat("VIEW") {
            self.create_view(or_replace, materialized)
        } else if self.eat("TYPE") {
            self.create_type()
        } else if self.eat("DOMAIN") {
            let name = self.object_name()?;
            Some(SchemaChange::CreateOtherType { name })
        } else if self.eat("SCHEMA") {
            self.create_schema()
        } else if self.eat("EXTENSION") {
            self.create_extension()
        } else if self.eat("SEQUENCE") {
            let if_not_exists = self.if_not_exists();
            let name = self.object_name()?;
            Some(SchemaChange::CreateSequence {
                name,
                if_not_exists,
            })
        } else {
            None
        }
    }

    /// MySQL `DEFINER = user@host` / `ALGORITHM = x`.
    fn skip_mysql_assignment(&mut self) {
        self.pos += 1;
        self.eat_punct("=");
        self.advance();
        // `user@host`, `` `user`@`host` ``, `'user'@'host'`.
        if let Some(at) = self.peek().filter(|t| t.text(self.text).starts_with('@')) {
            self.pos += 1;
            if at.text(self.text) == "@" {
                self.pos += 1;
            }
        }
        // `CURRENT_USER()`
        if self.peek_punct("(") {
            self.advance();
        }
    }

    fn create_table(&mut self, temporary: bool) -> Option<SchemaChange> {
        let if_not_exists = self.if_not_exists();
        let name = self.object_name()?;
        let mut columns = Vec::new();
        let mut constraints = Vec::new();
        let mut columns_unknown = false;
        if self.peek_punct("(") {
            let end = self.group_end(self.pos);
            let parts = self.comma_parts(self.pos + 1, end.saturating_sub(1));
            for (from, to) in parts {
                self.within(from, to, |reader| {
                    reader.table_element(&mut columns, &mut constraints, &mut columns_unknown);
                });
            }
            self.pos = end;
        }
        // `AS SELECT`, `LIKE t`, `PARTITION OF t`, `OF type`, `INHERITS (t)`.
        while let Some(token) = self.peek() {
            if ["AS", "LIKE", "OF", "INHERITS", "SELECT"]
                .iter()
                .any(|w| token.is_word(self.text, w))
            {
                columns_unknown = true;
                break;
            }
            self.advance();
        }
        Some(SchemaChange::CreateTable {
            name,
            if_not_exists,
            temporary,
            columns,
            constraints,
            columns_unknown,
        })
    }

    fn table_element(
        &mut self,
        columns: &mut Vec<ColumnDef>,
        constraints: &mut Vec<TableConstraint>,
        columns_unknown: &mut bool,
    ) {
        if self.peek_word("LIKE") {
            *columns_unknown = true;
        } else if self.starts_table_constraint() {
            constraints.extend(self.table_constraint());
        } else if self.starts_mysql_index() {
            constraints.extend(self.inline_index());
        } else {
            columns.extend(self.column_def());
        }
    }

    fn starts_table_constraint(&self) -> bool {
        self.peek_any(&["CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN", "CHECK"])
            || (self.peek_word("EXCLUDE")
                && (self.is_word_at(self.pos + 1, "USING") || self.is_punct_at(self.pos + 1, "(")))
    }

    fn starts_mysql_index(&self) -> bool {
        self.dialect == Dialect::MySql && self.peek_any(&["INDEX", "KEY", "FULLTEXT", "SPATIAL"])
    }

    fn column_def(&mut self) -> Option<ColumnDef> {
        let start = self.pos;
        let name = self.ident()?;
        let type_start = self.pos;
        while !self.at_end() && !self.at_column_attribute() {
            self.advance();
        }
        let mut column = ColumnDef::new(name, self.sql_text(type_start, self.pos), Span::default());
        while !self.at_end() {
            self.column_attribute(&mut column);
        }
        column.span = self.span_of(start, self.pos).unwrap_or(column.name.span);
        Some(column)
    }

    fn at_column_attribute(&self) -> bool {
        self.peek_any(&COLUMN_ATTRIBUTES)
            || (self.peek_word("CHARACTER") && self.is_word_at(self.pos + 1, "SET"))
            || (self.dialect == Dialect::MySql && self.peek_word("KEY"))
    }

    fn column_attribute(&mut self, column: &mut ColumnDef) {
        if self.eat("CONSTRAINT") {
            if !self.at_column_attribute() {
                self.ident();
            }
        } else if self.eat_all(&["NOT", "NULL"]) {
            column.not_null = true;
        } else if self.eat("DEFAULT") {
            column.default = self.expression_until_attribute();
        } else if self.eat_all(&["PRIMARY", "KEY"]) || self.eat("KEY") {
            column.primary_key = true;
        } else if self.eat("UNIQUE") {
            self.eat("KEY");
            column.unique = true;
        } else if self.eat("REFERENCES") {
            column.references = self.references();
        } else if self.eat("CHECK") {
            column.checks.extend(self.group_text());
        } else if self.eat("GENERATED") {
            self.generated(column);
        } else if self.eat("AS") {
            column.generated = self.group_text();
        } else if self.eat("AUTO_INCREMENT") || self.eat("AUTOINCREMENT") {
            column.auto_increment = true;
        } else if self.eat("COLLATE") {
            column.collation = self
                .ident()
                .map(|i| i.value)
                .or_else(|| self.string().map(|s| s.value));
        } else if self.eat_all(&["ON", "UPDATE"]) {
            self.expression_until_attribute();
        } else {
            self.advance();
        }
    }

    /// `GENERATED {ALWAYS | BY DEFAULT} AS IDENTITY […]` or `… AS (expr) [STORED]`.
    fn generated(&mut self, column: &mut ColumnDef) {
        let kind = if self.eat("ALWAYS") {
            IdentityKind::Always
        } else if self.eat_all(&["BY", "DEFAULT"]) {
            IdentityKind::ByDefault
        } else {
            return;
        };
        if !self.eat("AS") {
            return;
        }
        if self.eat("IDENTITY") {
            column.identity = Some(kind);
            if self.peek_punct("(") {
                self.advance();
            }
        } else {
            column.generated = self.group_text();
        }
    }

    /// Tokens from the cursor to the next column attribute, the first always.
    fn expression_until_attribute(&mut self) -> Option<SqlText> {
        let start = self.pos;
        self.advance();
        while !self.at_end() && !self.at_column_attribute() {
            self.advance();
        }
        self.sql_text(start, self.pos)
    }

    fn references(&mut self) -> Option<ForeignKeyRef> {
        let table = self.object_name()?;
        let columns = self.ident_list();
        let mut reference = ForeignKeyRef {
            table,
            columns,
            on_delete: None,
            on_update: None,
        };
        loop {
            if self.eat("MATCH") {
                self.pos += 1;
            } else if self.eat_all(&["ON", "DELETE"]) {
                reference.on_delete = self.referential_action();
            } else if self.eat_all(&["ON", "UPDATE"]) {
                reference.on_update = self.referential_action();
            } else {
                break;
            }
        }
        Some(reference)
    }

    fn referential_action(&mut self) -> Option<String> {
        let action = if self.eat_all(&["NO", "ACTION"]) {
            "NO ACTION"
        } else if self.eat_all(&["SET", "NULL"]) {
            "SET NULL"
        } else if self.eat_all(&["SET", "DEFAULT"]) {
            "SET DEFAULT"
        } else if self.eat("CASCADE") {
            "CASCADE"
        } else if self.eat("RESTRICT") {
            "RESTRICT"
        } else {
            return None;
        };
        // PostgreSQL 15: `SET NULL (columns)`.
        if self.peek_punct("(") {
            self.advance();
        }
        Some(action.to_owned())
    }

    fn table_constraint(&mut self) -> Option<TableConstraint> {
        let start = self.pos;
        let mut name = None;
        if self.eat("CONSTRAINT")
            && !self.peek_any(&["PRIMARY", "UNIQUE", "FOREIGN", "CHECK", "EXCLUDE"])
        {
            name = self.ident();
        }
        let kind = if self.eat_all(&["PRIMARY", "KEY"]) {
            if self.eat_all(&["USING", "INDEX"]) {
                ConstraintKind::UsingIndex {
                    primary: true,
                    index: self.ident()?,
                }
            } else {
                self.skip_to_group();
                ConstraintKind::PrimaryKey {
                    columns: self.ident_list(),
                }
            }
        } else if self.eat("UNIQUE") {
            if self.eat("KEY") || self.eat("INDEX") || self.dialect == Dialect::MySql {
                let index_name = self.optional_index_name();
                name = name.or(index_name);
            }
            if self.eat_all(&["USING", "INDEX"]) {
                ConstraintKind::UsingIndex {
                    primary: false,
                    index: self.ident()?,
                }
            } else {
                self.skip_to_group();
                ConstraintKind::Unique {
                    columns: self.ident_list(),
                }
            }
        } else if self.eat_all(&["FOREIGN", "KEY"]) {
            if !self.peek_punct("(") {
                let index_name = self.ident();
                name = name.or(index_name);
            }
            let columns = self.ident_list();
            if !self.eat("REFERENCES") {
                return None;
            }
            ConstraintKind::ForeignKey {
                columns,
                references: self.references()?,
            }
        } else if self.eat("CHECK") {
            ConstraintKind::Check {
                expr: self.group_text()?,
            }
        } else if self.eat("EXCLUDE") {
            ConstraintKind::Other
        } else {
            return None;
        };
        let mut not_valid = false;
        while !self.at_end() {
            if self.eat_all(&["NOT", "VALID"]) {
                not_valid = true;
            } else {
                self.advance();
            }
        }
        Some(TableConstraint {
            name,
            kind,
            not_valid,
            span: self.span_of(start, self.pos)?,
        })
    }

    /// Skips words such as `USING BTREE` or `NULLS NOT DISTINCT` before a column list.
    fn skip_to_group(&mut self) {
        while !self.at_end() && !self.peek_punct("(") {
            self.pos += 1;
        }
    }

    /// A MySQL index name before its column list, if there is one.
    fn optional_index_name(&mut self) -> Option<Ident> {
        if self.peek_punct("(") || self.peek_word("USING") {
            None
        } else {
            self.ident()
        }
    }

    // ---- ALTER ---------------------------------------------------------------

    fn alter(&mut self) -> Option<SchemaChange> {
        while self.peek_any(&["ONLINE", "IGNORE"]) {
            self.pos += 1;
        }
        if self.eat("TABLE") {
            self.alter_table()
        } else if self.eat("TYPE") {
            self.alter_type()
        } else if self.eat("INDEX") {
            let if_exists = self.if_exists();
            let name = self.object_name()?;
            let op = self.alter_object_op();
            Some(SchemaChange::AlterIndex {
                name,
                if_exists,
                op,
            })
        } else if self.eat("SEQUENCE") {
            let if_exists = self.if_exists();
            let name = self.object_name()?;
            let op = self.alter_object_op();
            Some(SchemaChange::AlterSequence {
                name,
                if_exists,
                op,
            })
        } else if self.peek_any(&["VIEW", "MATERIALIZED"]) {
            let materialized = self.eat("MATERIALIZED");
            if !self.eat("VIEW") {
                return None;
            }
            let if_exists = self.if_exists();
            let name = self.object_name()?;
            let op = self.alter_object_op();
            Some(SchemaChange::AlterView {
                name,
                materialized,
                if_exists,
                op,
            })
        } else if self.eat("SCHEMA") {
            let name = self.ident()?;
            if !self.eat_all(&["RENAME", "TO"]) {
                return None;
            }
            let to = self.ident()?;
            Some(SchemaChange::RenameSchema { name, to })
        } else {
            None
        }
    }

    fn alter_object_op(&mut self) -> AlterObjectOp {
        let op = if self.eat_all(&["RENAME", "TO"]) {
            self.ident().map(|to| AlterObjectOp::RenameTo { to })
        } else if self.eat_all(&["SET", "SCHEMA"]) {
            self.ident()
                .map(|schema| AlterObjectOp::SetSchema { schema })
        } else {
            None
        };
        op.unwrap_or(AlterObjectOp::Other)
    }

    fn alter_table(&mut self) -> Option<SchemaChange> {
        let if_exists = self.if_exists();
        self.eat("ONLY");
        let name = self.object_name()?;
        self.eat_punct("*");
        let mut actions = Vec::new();
        for (from, to) in self.comma_parts(self.pos, self.limit) {
            let span = self.span_of(from, to)?;
            let ops = self.within(from, to, Reader::alter_table_action);
            actions.extend(ops.into_iter().map(|op| AlterTableAction { op, span }));
        }
        Some(SchemaChange::AlterTable {
            name,
            if_exists,
            actions,
        })
    }

    fn alter_table_action(&mut self) -> Vec<AlterTableOp> {
        if self.eat("ADD") {
            return self.add_action();
        }
        let op = if self.eat("DROP") {
            self.drop_action()
        } else if self.eat("RENAME") {
            self.rename_action()
        } else if self.eat("ALTER") {
            self.alter_column_action()
        } else if self.eat_all(&["SET", "SCHEMA"]) {
            self.ident()
                .map(|schema| AlterTableOp::SetSchema { schema })
        } else if self.eat_all(&["VALIDATE", "CONSTRAINT"]) {
            self.ident()
                .map(|name| AlterTableOp::ValidateConstraint { name })
        } else if self.eat("MODIFY") {
            self.eat("COLUMN");
            self.column_def().map(|column| AlterTableOp::ReplaceColumn {
                old_name: column.name.clone(),
                column,
            })
        } else if self.eat("CHANGE") {
            self.eat("COLUMN");
            self.ident().and_then(|old_name| {
                self.column_def()
                    .map(|column| AlterTableOp::ReplaceColumn { old_name, column })
            })
        } else {
            None
        };
        vec![op.unwrap_or(AlterTableOp::Other)]
    }

    fn add_action(&mut self) -> Vec<AlterTableOp> {
        let mysql_index = self.dialect == Dialect::MySql
            && (self.peek_any(&["INDEX", "KEY", "FULLTEXT", "SPATIAL"])
                || (self.peek_word("UNIQUE")
                    && (self.is_word_at(self.pos + 1, "INDEX")
                        || self.is_word_at(self.pos + 1, "KEY"))));
        if mysql_index {
            return vec![self.add_index()];
        }
        if self.starts_table_constraint() {
            return vec![
                self.table_constraint()
                    .map_or(AlterTableOp::Other, |constraint| {
                        AlterTableOp::AddConstraint { constraint }
                    }),
            ];
        }
        self.eat("COLUMN");
        let if_not_exists = self.if_not_exists();
        if self.peek_punct("(") {
            // MySQL `ADD (a INT, b INT)`.
            let end = self.group_end(self.pos);
            let parts = self.comma_parts(self.pos + 1, end.saturating_sub(1));
            let ops = parts
                .into_iter()
                .filter_map(|(from, to)| self.within(from, to, Reader::column_def))
                .map(|column| AlterTableOp::AddColumn {
                    column,
                    if_not_exists,
                })
                .collect();
            self.pos = end;
            return ops;
        }
        vec![
            self.column_def()
                .map_or(AlterTableOp::Other, |column| AlterTableOp::AddColumn {
                    column,
                    if_not_exists,
                }),
        ]
    }

    /// MySQL's inline `{INDEX|KEY|FULLTEXT|SPATIAL} [name] [USING m] (keys)` in `CREATE TABLE`.
    fn inline_index(&mut self) -> Option<TableConstraint> {
        let start = self.pos;
        let AlterTableOp::AddIndex {
            name, keys, method, ..
        } = self.add_index()
        else {
            return None;
        };
        Some(TableConstraint {
            name,
            kind: ConstraintKind::Index { keys, method },
            not_valid: false,
            span: self.span_of(start, self.pos)?,
        })
    }

    /// MySQL `ADD [UNIQUE] {INDEX|KEY} [name] [USING m] (keys)`.
    fn add_index(&mut self) -> AlterTableOp {
        let unique = self.eat("UNIQUE");
        let method = self.fulltext_or_spatial();
        if !self.eat("INDEX") {
            self.eat("KEY");
        }
        let name = self.optional_index_name();
        self.skip_to_group();
        let keys = self.index_keys();
        AlterTableOp::AddIndex {
            name,
            unique,
            keys,
            method,
        }
    }

    /// MySQL's `FULLTEXT` / `SPATIAL` index kind, lower-cased.
    fn fulltext_or_spatial(&mut self) -> Option<String> {
        if self.eat("FULLTEXT") {
            Some("fulltext".to_owned())
        } else if self.eat("SPATIAL") {
            Some("spatial".to_owned())
        } else {
            None
        }
    }

    fn drop_action(&mut self) -> Option<AlterTableOp> {
        if self.eat("CONSTRAINT") || self.eat_all(&["FOREIGN", "KEY"]) || self.eat("CHECK") {
            let if_exists = self.if_exists();
            let name = self.ident()?;
            let cascade = self.cascade();
            Some(AlterTableOp::DropConstraint {
                name,
                if_exists,
                cascade,
            })
        } else if self.eat_all(&["PRIMARY", "KEY"]) {
            Some(AlterTableOp::DropPrimaryKey)
        } else if self.peek_any(&["INDEX", "KEY"]) {
            self.pos += 1;
            let name = self.ident()?;
            Some(AlterTableOp::DropIndex { name })
        } else if self.peek_any(&["DEFAULT", "PARTITION", "FOREIGN"]) {
            None
        } else {
            self.eat("COLUMN");
            let if_exists = self.if_exists();
            let name = self.ident()?;
            let cascade = self.cascade();
            Some(AlterTableOp::DropColumn {
                name,
                if_exists,
                cascade,
            })
        }
    }

    fn rename_action(&mut self) -> Option<AlterTableOp> {
        if self.eat("TO") || self.eat("AS") {
            let to = self.object_name()?;
            return Some(AlterTableOp::RenameTable { to });
        }
        if self.eat("CONSTRAINT") {
            let (from, to) = self.renamed_pair()?;
            return Some(AlterTableOp::RenameConstraint { from, to });
        }
        if self.peek_any(&["INDEX", "KEY"]) {
            self.pos += 1;
            let (from, to) = self.renamed_pair()?;
            return Some(AlterTableOp::RenameIndex { from, to });
        }
        let column_keyword = self.eat("COLUMN");
        if !column_keyword && !self.is_word_at(self.pos + 1, "TO") {
            // MySQL `RENAME new_name`.
            let to = self.object_name()?;
            return self.at_end().then_some(AlterTableOp::RenameTable { to });
        }
        let (from, to) = self.renamed_pair()?;
        Some(AlterTableOp::RenameColumn { from, to })
    }

    fn renamed_pair(&mut self) -> Option<(Ident, Ident)> {
        let from = self.ident()?;
        if !self.eat("TO") {
            return None;
        }
        Some((from, self.ident()?))
    }

    fn alter_column_action(&mut self) -> Option<AlterTableOp> {
        if self.peek_any(&["CONSTRAINT", "INDEX", "CHECK"]) {
            return None;
        }
        self.eat("COLUMN");
        let name = self.ident()?;
        let op = if self.eat("TYPE") || self.eat_all(&["SET", "DATA", "TYPE"]) {
            let start = self.pos;
            while !self.at_end() && !self.peek_any(&["USING", "COLLATE"]) {
                self.advance();
            }
            let data_type = self.sql_text(start, self.pos)?;
            let mut using = None;
            while !self.at_end() {
                if self.eat("USING") {
                    let from = self.pos;
                    while !self.at_end() && !self.peek_word("COLLATE") {
                        self.advance();
                    }
                    using = self.sql_text(from, self.pos);
                } else {
                    self.advance();
                }
            }
            AlterColumnOp::SetType { data_type, using }
        } else if self.eat_all(&["SET", "NOT", "NULL"]) {
            AlterColumnOp::SetNotNull
        } else if self.eat_all(&["DROP", "NOT", "NULL"]) {
            AlterColumnOp::DropNotNull
        } else if self.eat_all(&["SET", "DEFAULT"]) {
            let start = self.pos;
            self.pos = self.limit;
            AlterColumnOp::SetDefault {
                default: self.sql_text(start, self.limit)?,
            }
        } else if self.eat_all(&["DROP", "DEFAULT"]) {
            AlterColumnOp::DropDefault
        } else if self.eat_all(&["DROP", "IDENTITY"]) {
            AlterColumnOp::DropIdentity
        } else if self.eat_all(&["ADD", "GENERATED"]) {
            let kind = if self.eat("ALWAYS") {
                IdentityKind::Always
            } else if self.eat_all(&["BY", "DEFAULT"]) {
                IdentityKind::ByDefault
            } else {
                return None;
            };
            if !self.eat_all(&["AS", "IDENTITY"]) {
                return None;
            }
            AlterColumnOp::AddIdentity { kind }
        } else {
            AlterColumnOp::Other
        };
        Some(AlterTableOp::AlterColumn { name, op })
    }

    fn alter_type(&mut self) -> Option<SchemaChange> {
        let name = self.object_name()?;
        let op = if self.eat_all(&["ADD", "VALUE"]) {
            let if_not_exists = self.if_not_exists();
            let value = self.string()?;
            let position = if self.eat("BEFORE") {
                Some(EnumValuePosition::Before(self.string()?))
            } else if self.eat("AFTER") {
                Some(EnumValuePosition::After(self.string()?))
            } else {
                None
            };
            AlterTypeOp::AddValue {
                value,
                if_not_exists,
                position,
            }
        } else if self.eat_all(&["RENAME", "VALUE"]) {
            let from = self.string()?;
            if !self.eat("TO") {
                return None;
            }
            AlterTypeOp::RenameValue {
                from,
                to: self.string()?,
            }
        } else if self.eat_all(&["RENAME", "TO"]) {
            AlterTypeOp::RenameTo { to: self.ident()? }
        } else if self.eat_all(&["SET", "SCHEMA"]) {
            AlterTypeOp::SetSchema {
                schema: self.ident()?,
            }
        } else {
            AlterTypeOp::Other
        };
        Some(SchemaChange::AlterType { name, op })
    }

    // ---- other statements -----------------------------------------------------

    fn create_index(&mut self) -> Option<SchemaChange> {
        let unique = self.eat("UNIQUE");
        let kind = self.fulltext_or_spatial();
        if !self.eat("INDEX") {
            return None;
        }
        let concurrently = self.eat("CONCURRENTLY");
        let if_not_exists = self.if_not_exists();
        let name = if self.peek_word("ON") {
            None
        } else {
            Some(self.object_name()?.name)
        };
        while !self.at_end() && !self.peek_word("ON") {
            self.advance();
        }
        if !self.eat("ON") {
            return None;
        }
        self.eat("ONLY");
        let table = self.object_name()?;
        let method = if self.eat("USING") {
            self.ident().map(|m| m.value.to_lowercase())
        } else {
            kind
        };
        self.skip_to_group();
        let keys = self.index_keys();
        let mut predicate = None;
        while !self.at_end() {
            if self.eat("WHERE") {
                let start = self.pos;
                self.pos = self.limit;
                predicate = self.sql_text(start, self.limit);
            } else {
                self.advance();
            }
        }
        Some(SchemaChange::CreateIndex {
            name,
            table,
            unique,
            if_not_exists,
            concurrently,
            keys,
            predicate,
            method,
        })
    }

    /// The parenthesised key list at the cursor.
    fn index_keys(&mut self) -> Vec<IndexKey> {
        if !self.peek_punct("(") {
            return Vec::new();
        }
        let end = self.group_end(self.pos);
        let parts = self.comma_parts(self.pos + 1, end.saturating_sub(1));
        let keys = parts
            .into_iter()
            .filter_map(|(from, to)| self.within(from, to, Reader::index_key))
            .collect();
        self.pos = end;
        keys
    }

    /// A plain column (with optional collation, operator class, order or MySQL
    /// prefix length) or an expression.
    fn index_key(&mut self) -> Option<IndexKey> {
        let start = self.pos;
        let limit = self.limit;
        if let Some(column) = self.ident() {
            let mut plain = true;
            if self.dialect == Dialect::MySql && self.peek_punct("(") {
                self.advance();
            }
            while let Some(token) = self.peek() {
                let decoration = match token.kind {
                    TokenKind::Word | TokenKind::QuotedIdent => true,
                    // `COLLATE "C"`, `opclass(options)` are rare; anything else is an expression.
                    _ => false,
                };
                if !decoration {
                    plain = false;
                    break;
                }
                self.pos += 1;
            }
            if plain {
                return Some(IndexKey::Column(column));
            }
        }
        // An expression: drop trailing ordering words.
        let mut end = limit;
        while end > start + 1
            && ["ASC", "DESC", "FIRST", "LAST", "NULLS"]
                .iter()
                .any(|w| self.is_word_at(end - 1, w))
        {
            end -= 1;
        }
        let text = self.sql_text(start, end)?;
        Some(IndexKey::Expression(text))
    }

    fn create_view(&mut self, or_replace: bool, materialized: bool) -> Option<SchemaChange> {
        let if_not_exists = self.if_not_exists();
        let name = self.object_name()?;
        let columns = self.ident_list();
        Some(SchemaChange::CreateView {
            name,
            or_replace,
            materialized,
            if_not_exists,
            columns,
            references: Vec::new(),
        })
    }

    fn create_type(&mut self) -> Option<SchemaChange> {
        let name = self.object_name()?;
        if !self.eat_all(&["AS", "ENUM"]) {
            return Some(SchemaChange::CreateOtherType { name });
        }
        if !self.peek_punct("(") {
            return None;
        }
        let end = self.group_end(self.pos);
        let mut values = Vec::new();
        for (from, to) in self.comma_parts(self.pos + 1, end.saturating_sub(1)) {
            values.push(self.within(from, to, Reader::string)?);
        }
        self.pos = end;
        Some(SchemaChange::CreateEnum { name, values })
    }

    fn create_schema(&mut self) -> Option<SchemaChange> {
        let if_not_exists = self.if_not_exists();
        // `CREATE SCHEMA AUTHORIZATION role` names the schema after the role.
        self.eat("AUTHORIZATION");
        let name = self.ident()?;
        Some(SchemaChange::CreateSchema {
            name,
            if_not_exists,
        })
    }

    fn create_extension(&mut self) -> Option<SchemaChange> {
        let if_not_exists = self.if_not_exists();
        let name = self.ident()?;
        let mut schema = None;
        while !self.at_end() {
            if self.eat("SCHEMA") {
                schema = self.ident();
            } else {
                self.advance();
            }
        }
        Some(SchemaChange::CreateExtension {
            name,
            if_not_exists,
            schema,
        })
    }

    fn drop(&mut self) -> Option<SchemaChange> {
        let temporary = self.eat("TEMPORARY");
        if self.eat("TABLE") {
            let if_exists = self.if_exists();
            let names = self.object_names();
            let cascade = self.cascade();
            return (!names.is_empty()).then_some(SchemaChange::DropTable {
                names,
                if_exists,
                cascade,
            });
        }
        if temporary {
            return None;
        }
        if self.eat("INDEX") {
            let concurrently = self.eat("CONCURRENTLY");
            let if_exists = self.if_exists();
            let names = self.object_names();
            let table = if self.eat("ON") {
                self.object_name()
            } else {
                None
            };
            return (!names.is_empty()).then_some(SchemaChange::DropIndex {
                names,
                if_exists,
                concurrently,
                table,
            });
        }
        if self.eat("TYPE") {
            let if_exists = self.if_exists();
            let names = self.object_names();
            let cascade = self.cascade();
            return (!names.is_empty()).then_some(SchemaChange::DropType {
                names,
                if_exists,
                cascade,
            });
        }
        if self.peek_any(&["VIEW", "MATERIALIZED"]) {
            let materialized = self.eat("MATERIALIZED");
            if !self.eat("VIEW") {
                return None;
            }
            let if_exists = self.if_exists();
            let names = self.object_names();
            return (!names.is_empty()).then_some(SchemaChange::DropView {
                names,
                materialized,
                if_exists,
            });
        }
        if self.eat("SEQUENCE") {
            let if_exists = self.if_exists();
            let names = self.object_names();
            return (!names.is_empty()).then_some(SchemaChange::DropSequence { names, if_exists });
        }
        if self.eat("SCHEMA") {
            let if_exists = self.if_exists();
            let names = self.ident_names();
            let cascade = self.cascade();
            return (!names.is_empty()).then_some(SchemaChange::DropSchema {
                names,
                if_exists,
                cascade,
            });
        }
        if self.eat("EXTENSION") {
            let if_exists = self.if_exists();
            let names = self.ident_names();
            return (!names.is_empty()).then_some(SchemaChange::DropExtension { names, if_exists });
        }
        None
    }

    fn ident_names(&mut self) -> Vec<Ident> {
        let mut names = Vec::new();
        while let Some(name) = self.ident() {
            names.push(name);
            if !self.eat_punct(",") {
                break;
            }
        }
        names
    }

    /// MySQL `RENAME TABLE a TO b, c TO d`.
    fn rename_tables(&mut self) -> Option<SchemaChange> {
        let mut pairs = Vec::new();
        loop {
            let from = self.object_name()?;
            if !self.eat("TO") {
                return None;
            }
            pairs.push((from, self.object_name()?));
            if !self.eat_punct(",") {
                break;
            }
        }
        Some(SchemaChange::RenameTables { pairs })
    }
}

/// The body of a `$tag$…$tag$` string.
fn dollar_body(raw: &str) -> &str {
    let Some(tag_end) = raw.get(1..).and_then(|r| r.find('$')) else {
        return raw;
    };
    let tag = raw.get(..tag_end + 2).unwrap_or("");
    let body = raw.get(tag.len()..).unwrap_or("");
    body.strip_suffix(tag).unwrap_or(body)
}
