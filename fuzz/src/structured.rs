//! Structure-aware SQL: a small grammar of migration statements, drawn by
//! `arbitrary` and rendered to text, so the fuzzer reaches nesting, quoting,
//! dollar tags, `E''` strings, comments, line endings and `DO` blocks that
//! random bytes rarely build.

use std::fmt::Write;

use arbitrary::{Arbitrary, Result, Unstructured};
use miglint_source::Dialect;

/// A whole migration file.
#[derive(Debug)]
pub struct Script {
    pub dialect: Dialect,
    pub statements: Vec<Stmt>,
    /// The line ending used everywhere a line break is written.
    pub newline: Newline,
    /// `;` or nothing after the last statement.
    pub final_semicolon: bool,
}

impl<'a> Arbitrary<'a> for Script {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(Script {
            dialect: crate::dialect_from(u.arbitrary()?),
            newline: u.arbitrary()?,
            final_semicolon: u.arbitrary()?,
            statements: u.arbitrary()?,
        })
    }
}

#[derive(Arbitrary, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Newline {
    Lf,
    CrLf,
    Cr,
}

impl Newline {
    pub const fn as_str(self) -> &'static str {
        match self {
            Newline::Lf => "\n",
            Newline::CrLf => "\r\n",
            Newline::Cr => "\r",
        }
    }
}

/// Names drawn from a small pool so that statements refer to each other.
#[derive(Arbitrary, Debug)]
pub enum Name {
    Pool(u8),
    /// `"…"` (backquotes in MySQL), with the quote doubled inside.
    Quoted(String),
    /// A keyword used as a name.
    Keyword(u8),
    Qualified(u8, u8),
}

const NAMES: [&str; 8] = [
    "users",
    "posts",
    "id",
    "name",
    "email",
    "created_at",
    "Account",
    "x",
];
const SCHEMAS: [&str; 3] = ["public", "app", "auth"];
const KEYWORDS: [&str; 10] = [
    "user", "order", "table", "select", "end", "begin", "do", "default", "check", "key",
];
const TYPES: [&str; 16] = [
    "INTEGER",
    "BIGINT",
    "TEXT",
    "VARCHAR(255)",
    "NUMERIC(10, 2)",
    "BOOLEAN",
    "TIMESTAMP(3)",
    "TIMESTAMPTZ",
    "JSONB",
    "UUID",
    "SERIAL",
    "DOUBLE PRECISION",
    "INT[]",
    "\"Role\"",
    "CHAR(1)",
    "BYTEA",
];

#[derive(Arbitrary, Debug)]
pub enum Stmt {
    CreateTable {
        name: Name,
        if_not_exists: bool,
        columns: Vec<Column>,
        constraints: Vec<TableConstraint>,
    },
    AddColumn {
        table: Name,
        column: Column,
    },
    AlterColumn {
        table: Name,
        column: Name,
        action: ColumnAction,
    },
    DropColumn {
        table: Name,
        column: Name,
        if_exists: bool,
    },
    RenameTable {
        from: Name,
        to: Name,
    },
    RenameColumn {
        table: Name,
        from: Name,
        to: Name,
    },
    CreateIndex {
        unique: bool,
        concurrently: bool,
        name: Name,
        table: Name,
        columns: Vec<Name>,
        predicate: Option<Expr>,
    },
    DropIndex {
        name: Name,
    },
    DropTable {
        name: Name,
        cascade: bool,
    },
    CreateEnum {
        name: Name,
        values: Vec<Literal>,
    },
    AddEnumValue {
        name: Name,
        value: Literal,
    },
    CreateView {
        name: Name,
        query: Query,
    },
    Insert {
        table: Name,
        values: Vec<Expr>,
    },
    Update {
        table: Name,
        column: Name,
        value: Expr,
        filter: Option<Expr>,
    },
    Select(Query),
    /// `DO $tag$ … $tag$`: the body is itself statements.
    Do {
        tag: Tag,
        body: Vec<Stmt>,
    },
    /// `CREATE FUNCTION … AS $tag$ … $tag$ LANGUAGE plpgsql`.
    Function {
        name: Name,
        tag: Tag,
        body: Vec<Stmt>,
    },
    /// A MySQL/SQLite trigger whose body is a `BEGIN … END` block.
    Trigger {
        name: Name,
        table: Name,
        body: Vec<Stmt>,
    },
    /// MySQL client `DELIMITER` around a statement.
    Delimiter {
        delimiter: u8,
        body: Box<Stmt>,
    },
    Transaction(bool),
    Comment {
        table: Name,
        text: Literal,
    },
    /// A comment and whitespace where a statement would be.
    Trivia(Trivia),
    /// Raw text, for what the grammar does not cover.
    Raw(String),
}

#[derive(Arbitrary, Debug)]
pub struct Column {
    pub name: Name,
    pub ty: u8,
    pub not_null: bool,
    pub default: Option<Expr>,
    pub primary_key: bool,
    pub references: Option<Name>,
    pub check: Option<Expr>,
}

#[derive(Arbitrary, Debug)]
pub enum TableConstraint {
    PrimaryKey(Vec<Name>),
    Unique(Option<Name>, Vec<Name>),
    ForeignKey {
        name: Option<Name>,
        columns: Vec<Name>,
        table: Name,
        on_delete_cascade: bool,
    },
    Check(Expr),
}

#[derive(Arbitrary, Debug)]
pub enum ColumnAction {
    SetType(u8),
    SetNotNull,
    DropNotNull,
    SetDefault(Expr),
    DropDefault,
}

#[derive(Arbitrary, Debug)]
pub enum Expr {
    Int(i64),
    Literal(Literal),
    Column(Name),
    Null,
    Bool(bool),
    Paren(Box<Expr>),
    Binary(Box<Expr>, u8, Box<Expr>),
    Not(Box<Expr>),
    Call(Name, Vec<Expr>),
    Cast(Box<Expr>, u8),
    Case(Vec<(Expr, Expr)>, Option<Box<Expr>>),
    Subquery(Box<Query>),
    Now,
    /// Whitespace or a comment between two expressions.
    WithTrivia(Box<Expr>, Trivia),
}

#[derive(Arbitrary, Debug)]
pub struct Query {
    pub columns: Vec<Expr>,
    pub from: Option<Name>,
    pub filter: Option<Expr>,
}

#[derive(Arbitrary, Debug)]
pub enum Literal {
    /// `'…'` with `'` doubled.
    Plain(String),
    /// `E'…'` with backslash escapes (PostgreSQL).
    Escape(String),
    /// `$tag$…$tag$`.
    Dollar(Tag, String),
    /// `"…"` in MySQL, where it is a string.
    Double(String),
    /// A string whose contents are left as drawn: quotes may end it early.
    Unbalanced(String),
}

/// A dollar-quote tag: `$$`, `$a$`, `$body_1$`…
#[derive(Arbitrary, Debug, Clone, Copy)]
pub struct Tag(pub u8);

#[derive(Arbitrary, Debug)]
pub enum Trivia {
    Space,
    Newline,
    LineComment(String),
    /// MySQL's `#` comment.
    HashComment(String),
    /// `/* … */`, nested as PostgreSQL allows.
    Block(Vec<Trivia>, String),
    /// `/* … ` with no end.
    UnclosedBlock(String),
}

/// What the rendered text is sensitive to.
#[derive(Default)]
pub struct Rendered {
    pub text: String,
    /// Comments that run to the end of a line were written.
    pub line_comments: bool,
    /// Line-based client directives were written (`DELIMITER`).
    pub line_directives: bool,
    /// Text was written as drawn (raw statements, unbalanced strings).
    pub raw: bool,
}

struct Writer {
    out: Rendered,
    dialect: Dialect,
    newline: &'static str,
    /// Current nesting depth, capped so drawing stays small.
    depth: usize,
}

const MAX_DEPTH: usize = 24;

impl Script {
    pub fn render(&self) -> Rendered {
        self.render_with(self.newline)
    }

    /// Renders with a given line ending (all else equal).
    pub fn render_with(&self, newline: Newline) -> Rendered {
        let mut w = Writer {
            out: Rendered::default(),
            dialect: self.dialect,
            newline: newline.as_str(),
            depth: 0,
        };
        let count = self.statements.len();
        for (i, statement) in self.statements.iter().enumerate() {
            w.stmt(statement);
            if i + 1 < count || self.final_semicolon {
                w.push(";");
            }
            w.newline();
        }
        w.out
    }
}

impl Writer {
    fn push(&mut self, s: &str) {
        self.out.text.push_str(s);
    }

    fn newline(&mut self) {
        let newline = self.newline;
        self.push(newline);
    }

    fn name(&mut self, name: &Name) {
        match name {
            Name::Pool(i) => self.push(pick(&NAMES, *i)),
            Name::Keyword(i) => self.push(pick(&KEYWORDS, *i)),
            Name::Quoted(s) => {
                let q = if self.dialect == Dialect::MySql {
                    '`'
                } else {
                    '"'
                };
                let body = self.clean(s).replace(q, &format!("{q}{q}"));
                let _ = write!(self.out.text, "{q}{body}{q}");
            }
            Name::Qualified(s, n) => {
                let _ = write!(self.out.text, "{}.{}", pick(&SCHEMAS, *s), pick(&NAMES, *n));
            }
        }
    }

    fn names(&mut self, names: &[Name]) {
        self.push("(");
        for (i, name) in names.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.name(name);
        }
        if names.is_empty() {
            self.push("id");
        }
        self.push(")");
    }

    fn tag(&mut self, tag: Tag) {
        match tag.0 % 4 {
            0 => self.push("$$"),
            1 => self.push("$a$"),
            2 => self.push("$body$"),
            _ => {
                let _ = write!(self.out.text, "$t{}$", tag.0);
            }
        }
    }

    /// Literals are written so that their contents never end them early in
    /// the dialect at hand: only PostgreSQL has `E''` and dollar quotes, and
    /// only MySQL escapes with backslashes in plain strings.
    fn literal(&mut self, literal: &Literal) {
        let postgres = self.dialect == Dialect::Postgres;
        match literal {
            Literal::Escape(s) if postgres => {
                let body = self.clean(s).replace('\\', "\\\\").replace('\'', "\\'");
                let _ = write!(self.out.text, "E'{body}'");
            }
            Literal::Dollar(tag, s) if postgres => {
                self.tag(*tag);
                // The body may not contain `$`, or it could close the quote.
                let body = self.clean(s).replace('$', "");
                self.push(&body);
                self.tag(*tag);
            }
            Literal::Plain(s) | Literal::Escape(s) | Literal::Dollar(_, s) => {
                let body = self.string_body(s, '\'');
                let _ = write!(self.out.text, "'{body}'");
            }
            Literal::Double(s) => {
                let body = self.string_body(s, '"');
                let _ = write!(self.out.text, "\"{body}\"");
            }
            Literal::Unbalanced(s) => {
                self.out.raw = true;
                let _ = write!(self.out.text, "'{s}'");
            }
        }
    }

    /// Drawn text for inside quotes and comments (see [`clean`]); notes
    /// when it could start a line comment should a quote end early.
    fn clean(&mut self, s: &str) -> String {
        let s = clean(s);
        if s.contains("--") || s.contains('#') {
            self.out.line_comments = true;
        }
        s
    }

    /// The inside of a quoted string or identifier, quote doubled.
    fn string_body(&mut self, s: &str, quote: char) -> String {
        let s = self.clean(s);
        let s = if self.dialect == Dialect::MySql {
            s.replace('\\', "\\\\")
        } else {
            s
        };
        s.replace(quote, &format!("{quote}{quote}"))
    }

    fn trivia(&mut self, trivia: &Trivia) {
        match trivia {
            Trivia::Space => self.push(" "),
            Trivia::Newline => self.newline(),
            Trivia::LineComment(s) => {
                self.out.line_comments = true;
                let _ = write!(self.out.text, "-- {}", clean(s));
                self.newline();
            }
            Trivia::HashComment(s) => {
                self.out.line_comments = true;
                if self.dialect == Dialect::MySql {
                    let _ = write!(self.out.text, "# {}", clean(s));
                } else {
                    let _ = write!(self.out.text, "-- {}", clean(s));
                }
                self.newline();
            }
            Trivia::Block(inner, s) => {
                let _ = write!(
                    self.out.text,
                    "/* {}",
                    clean(s).replace("*/", "").replace("/*", "")
                );
                // Only PostgreSQL nests block comments.
                if self.dialect == Dialect::Postgres && self.depth < MAX_DEPTH {
                    self.depth += 1;
                    for t in inner {
                        match t {
                            Trivia::Block(..) => self.trivia(t),
                            _ => self.push(" "),
                        }
                    }
                    self.depth -= 1;
                }
                self.push(" */");
            }
            Trivia::UnclosedBlock(s) => {
                self.out.raw = true;
                let _ = write!(self.out.text, "/* {}", clean(s).replace("*/", ""));
            }
        }
    }

    fn expr(&mut self, expr: &Expr) {
        if self.depth >= MAX_DEPTH {
            self.push("1");
            return;
        }
        self.depth += 1;
        match expr {
            Expr::Int(i) => {
                let _ = write!(self.out.text, "{i}");
            }
            Expr::Literal(l) => self.literal(l),
            Expr::Column(n) => self.name(n),
            Expr::Null => self.push("NULL"),
            Expr::Bool(b) => self.push(if *b { "TRUE" } else { "FALSE" }),
            Expr::Paren(e) => {
                self.push("(");
                self.expr(e);
                self.push(")");
            }
            Expr::Binary(a, op, b) => {
                self.expr(a);
                let ops = [
                    " + ", " - ", " * ", " = ", " <> ", " AND ", " OR ", " || ", " < ", " IS NOT ",
                ];
                self.push(pick(&ops, *op));
                self.expr(b);
            }
            Expr::Not(e) => {
                self.push("NOT ");
                self.expr(e);
            }
            Expr::Call(name, args) => {
                self.name(name);
                self.push("(");
                for (i, a) in args.iter().enumerate() {
                    if i > 0 {
                        self.push(", ");
                    }
                    self.expr(a);
                }
                self.push(")");
            }
            Expr::Cast(e, ty) => {
                if self.dialect == Dialect::Postgres {
                    self.expr(e);
                    self.push("::");
                    self.push(pick(&TYPES, *ty));
                } else {
                    self.push("CAST(");
                    self.expr(e);
                    self.push(" AS ");
                    self.push(pick(&TYPES, *ty));
                    self.push(")");
                }
            }
            Expr::Case(arms, otherwise) => {
                self.push("CASE");
                for (when, then) in arms {
                    self.push(" WHEN ");
                    self.expr(when);
                    self.push(" THEN ");
                    self.expr(then);
                }
                if arms.is_empty() {
                    self.push(" WHEN TRUE THEN 1");
                }
                if let Some(e) = otherwise {
                    self.push(" ELSE ");
                    self.expr(e);
                }
                self.push(" END");
            }
            Expr::Subquery(q) => {
                self.push("(");
                self.query(q);
                self.push(")");
            }
            Expr::Now => self.push("CURRENT_TIMESTAMP"),
            Expr::WithTrivia(e, t) => {
                self.expr(e);
                self.push(" ");
                self.trivia(t);
                self.push(" ");
            }
        }
        self.depth -= 1;
    }

    fn query(&mut self, query: &Query) {
        self.push("SELECT ");
        for (i, c) in query.columns.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.expr(c);
        }
        if query.columns.is_empty() {
            self.push("1");
        }
        if let Some(from) = &query.from {
            self.push(" FROM ");
            self.name(from);
        }
        if let Some(filter) = &query.filter {
            self.push(" WHERE ");
            self.expr(filter);
        }
    }

    fn column(&mut self, column: &Column) {
        self.name(&column.name);
        self.push(" ");
        self.push(pick(&TYPES, column.ty));
        if column.not_null {
            self.push(" NOT NULL");
        }
        if let Some(default) = &column.default {
            self.push(" DEFAULT ");
            self.expr(default);
        }
        if column.primary_key {
            self.push(" PRIMARY KEY");
        }
        if let Some(table) = &column.references {
            self.push(" REFERENCES ");
            self.name(table);
        }
        if let Some(check) = &column.check {
            self.push(" CHECK (");
            self.expr(check);
            self.push(")");
        }
    }

    /// Statements inside a procedural body, each ended by `;`.
    fn body(&mut self, body: &[Stmt]) {
        self.depth += 1;
        for s in body {
            self.newline();
            self.stmt(s);
            self.push(";");
        }
        self.depth -= 1;
        self.newline();
    }

    fn stmt(&mut self, stmt: &Stmt) {
        if self.depth >= MAX_DEPTH {
            self.push("SELECT 1");
            return;
        }
        match stmt {
            Stmt::CreateTable {
                name,
                if_not_exists,
                columns,
                constraints,
            } => {
                self.push("CREATE TABLE ");
                if *if_not_exists {
                    self.push("IF NOT EXISTS ");
                }
                self.name(name);
                self.push(" (");
                self.newline();
                let mut first = true;
                for c in columns {
                    if !first {
                        self.push(",");
                        self.newline();
                    }
                    first = false;
                    self.push("  ");
                    self.column(c);
                }
                for c in constraints {
                    if !first {
                        self.push(",");
                        self.newline();
                    }
                    first = false;
                    self.push("  ");
                    self.constraint(c);
                }
                if first {
                    self.push("id INTEGER");
                }
                self.newline();
                self.push(")");
            }
            Stmt::AddColumn { table, column } => {
                self.push("ALTER TABLE ");
                self.name(table);
                self.push(" ADD COLUMN ");
                self.column(column);
            }
            Stmt::AlterColumn {
                table,
                column,
                action,
            } => {
                self.push("ALTER TABLE ");
                self.name(table);
                self.push(" ALTER COLUMN ");
                self.name(column);
                match action {
                    ColumnAction::SetType(t) => {
                        self.push(" TYPE ");
                        self.push(pick(&TYPES, *t));
                    }
                    ColumnAction::SetNotNull => self.push(" SET NOT NULL"),
                    ColumnAction::DropNotNull => self.push(" DROP NOT NULL"),
                    ColumnAction::SetDefault(e) => {
                        self.push(" SET DEFAULT ");
                        self.expr(e);
                    }
                    ColumnAction::DropDefault => self.push(" DROP DEFAULT"),
                }
            }
            Stmt::DropColumn {
                table,
                column,
                if_exists,
            } => {
                self.push("ALTER TABLE ");
                self.name(table);
                self.push(" DROP COLUMN ");
                if *if_exists {
                    self.push("IF EXISTS ");
                }
                self.name(column);
            }
            Stmt::RenameTable { from, to } => {
                self.push("ALTER TABLE ");
                self.name(from);
                self.push(" RENAME TO ");
                self.name(to);
            }
            Stmt::RenameColumn { table, from, to } => {
                self.push("ALTER TABLE ");
                self.name(table);
                self.push(" RENAME COLUMN ");
                self.name(from);
                self.push(" TO ");
                self.name(to);
            }
            Stmt::CreateIndex {
                unique,
                concurrently,
                name,
                table,
                columns,
                predicate,
            } => {
                self.push(if *unique {
                    "CREATE UNIQUE INDEX "
                } else {
                    "CREATE INDEX "
                });
                if *concurrently {
                    self.push("CONCURRENTLY ");
                }
                self.name(name);
                self.push(" ON ");
                self.name(table);
                self.push(" ");
                self.names(columns);
                if let Some(p) = predicate {
                    self.push(" WHERE ");
                    self.expr(p);
                }
            }
            Stmt::DropIndex { name } => {
                self.push("DROP INDEX ");
                self.name(name);
            }
            Stmt::DropTable { name, cascade } => {
                self.push("DROP TABLE ");
                self.name(name);
                if *cascade {
                    self.push(" CASCADE");
                }
            }
            Stmt::CreateEnum { name, values } => {
                self.push("CREATE TYPE ");
                self.name(name);
                self.push(" AS ENUM (");
                for (i, v) in values.iter().enumerate() {
                    if i > 0 {
                        self.push(", ");
                    }
                    self.literal(v);
                }
                self.push(")");
            }
            Stmt::AddEnumValue { name, value } => {
                self.push("ALTER TYPE ");
                self.name(name);
                self.push(" ADD VALUE ");
                self.literal(value);
            }
            Stmt::CreateView { name, query } => {
                self.push("CREATE VIEW ");
                self.name(name);
                self.push(" AS ");
                self.query(query);
            }
            Stmt::Insert { table, values } => {
                self.push("INSERT INTO ");
                self.name(table);
                self.push(" VALUES (");
                for (i, v) in values.iter().enumerate() {
                    if i > 0 {
                        self.push(", ");
                    }
                    self.expr(v);
                }
                self.push(")");
            }
            Stmt::Update {
                table,
                column,
                value,
                filter,
            } => {
                self.push("UPDATE ");
                self.name(table);
                self.push(" SET ");
                self.name(column);
                self.push(" = ");
                self.expr(value);
                if let Some(f) = filter {
                    self.push(" WHERE ");
                    self.expr(f);
                }
            }
            Stmt::Select(q) => self.query(q),
            Stmt::Do { tag, body } => {
                self.push("DO ");
                self.tag(*tag);
                self.push(" BEGIN");
                self.body(body);
                self.push("END ");
                self.tag(*tag);
            }
            Stmt::Function { name, tag, body } => {
                self.push("CREATE OR REPLACE FUNCTION ");
                self.name(name);
                self.push("() RETURNS trigger AS ");
                self.tag(*tag);
                self.newline();
                self.push("BEGIN");
                self.body(body);
                self.push("RETURN NEW;");
                self.newline();
                self.push("END;");
                self.newline();
                self.tag(*tag);
                self.push(" LANGUAGE plpgsql");
            }
            Stmt::Trigger { name, table, body } => {
                self.push("CREATE TRIGGER ");
                self.name(name);
                self.push(" AFTER INSERT ON ");
                self.name(table);
                self.push(" FOR EACH ROW BEGIN");
                self.body(body);
                self.push("END");
            }
            Stmt::Delimiter { delimiter, body } => {
                self.out.line_directives = true;
                let d = pick(&["//", "$$", ";;", "|"], *delimiter);
                let _ = write!(self.out.text, "DELIMITER {d}");
                self.newline();
                self.depth += 1;
                self.stmt(body);
                self.depth -= 1;
                self.push(d);
                self.newline();
                self.push("DELIMITER ;");
                self.newline();
                self.push("SELECT 1");
            }
            Stmt::Transaction(begin) => self.push(if *begin { "BEGIN" } else { "COMMIT" }),
            Stmt::Comment { table, text } => {
                self.push("COMMENT ON TABLE ");
                self.name(table);
                self.push(" IS ");
                self.literal(text);
            }
            Stmt::Trivia(t) => {
                self.trivia(t);
                self.push("SELECT 1");
            }
            Stmt::Raw(s) => {
                self.out.raw = true;
                self.push(s);
            }
        }
    }

    fn constraint(&mut self, c: &TableConstraint) {
        match c {
            TableConstraint::PrimaryKey(cols) => {
                self.push("PRIMARY KEY ");
                self.names(cols);
            }
            TableConstraint::Unique(name, cols) => {
                if let Some(n) = name {
                    self.push("CONSTRAINT ");
                    self.name(n);
                    self.push(" ");
                }
                self.push("UNIQUE ");
                self.names(cols);
            }
            TableConstraint::ForeignKey {
                name,
                columns,
                table,
                on_delete_cascade,
            } => {
                if let Some(n) = name {
                    self.push("CONSTRAINT ");
                    self.name(n);
                    self.push(" ");
                }
                self.push("FOREIGN KEY ");
                self.names(columns);
                self.push(" REFERENCES ");
                self.name(table);
                self.push(" (id)");
                if *on_delete_cascade {
                    self.push(" ON DELETE CASCADE");
                }
            }
            TableConstraint::Check(e) => {
                self.push("CHECK (");
                self.expr(e);
                self.push(")");
            }
        }
    }
}

fn pick<'a>(items: &[&'a str], i: u8) -> &'a str {
    items
        .get(usize::from(i) % items.len().max(1))
        .copied()
        .unwrap_or("")
}

/// Drawn text for inside quotes and comments: no line breaks (so the line
/// ending alone decides where lines end) and no NUL.
fn clean(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '\n' | '\r' | '\0' | '\u{2028}' | '\u{2029}'))
        .collect()
}

/// Draws a script from raw fuzzer bytes.
pub fn script(data: &[u8]) -> Option<Script> {
    Script::arbitrary_take_rest(Unstructured::new(data)).ok()
}
