//! Migration SQL in, statements out: split a file into statements, parse each
//! with sqlparser, lower the DDL into miglint's schema-change model ([`ir`]).
//!
//! This is the only crate that names sqlparser's types. A statement sqlparser
//! rejects costs only that statement: it gets a [`SyntaxError`] on exactly its
//! span, and the recovery reader still extracts the DDL the catalog needs.

mod ast;
pub mod ir;
mod large;
mod lexer;
mod lower;
mod parse;
mod procedural;
mod recovery;
mod split;

pub use large::LARGE_STATEMENT;
pub use miglint_source::{Dialect, Span};
pub use parse::{DO_NESTING_LIMIT, NESTING_LIMIT, parse, parse_range, statement_at, statements};
pub use split::split_statements;

use ir::SchemaChange;

/// One statement of a migration file.
#[derive(Debug)]
pub struct Statement {
    /// The statement's text: from its first token to its last, without the
    /// terminating `;` and without surrounding comments or whitespace.
    pub span: Span,
    /// What the statement does to the schema.
    pub change: SchemaChange,
    /// Set when sqlparser rejected the statement.
    pub error: Option<SyntaxError>,
    /// See [`Statement::keyword`].
    keyword: &'static str,
    /// See [`Statement::touches_every_row`].
    touches_every_row: Option<bool>,
    /// sqlparser parsed it (rather than the recovery reader).
    by_sqlparser: bool,
    /// Facts of sqlparser's tree some rules ask for (see `ast.rs`); `None`
    /// for most statements, so they cost one pointer.
    facts: Option<Box<ast::TreeFacts>>,
}

impl Statement {
    /// The statement's source text.
    pub fn text<'a>(&self, file_text: &'a str) -> &'a str {
        self.span.slice(file_text)
    }

    /// No syntax error: sqlparser parsed it, or it is a valid form sqlparser
    /// lacks (see `recovery`).
    pub fn parsed(&self) -> bool {
        self.error.is_none()
    }

    /// sqlparser itself parsed the statement (rather than miglint's own
    /// readers: the recovery reader, or the one for large data statements).
    pub fn parsed_by_sqlparser(&self) -> bool {
        self.by_sqlparser
    }
}

/// sqlparser's complaint about a statement, pointed at the statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    /// Where the parser stopped when it says so, otherwise the whole statement.
    pub span: Span,
}

/// A parsed migration file (or one section of it).
#[derive(Debug, Default)]
pub struct ParsedFile {
    pub statements: Vec<Statement>,
}
