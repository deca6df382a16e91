//! The reader for statements sqlparser rejects: one grammar that says both
//! whether the statement is valid and what it does to the schema.
//!
//! A statement sqlparser rejects is read here once, over the lexer's tokens
//! (one [`Cursor`](cursor::Cursor)), by the reader of its statement family.
//! Two kinds of reading come out of it:
//!
//! - **Forms the databases accept but sqlparser (0.64) lacks** (`ALTER
//!   SEQUENCE`, `DROP INDEX CONCURRENTLY`, `COMMENT ON CONSTRAINT`, SQLite
//!   `PRAGMA`…): each follows the database's documentation for that
//!   statement and nothing looser, so a typo in one is still a syntax error.
//!   When one matches, the statement is valid, and its effect is what that
//!   same reading returns.
//! - **Anything else** is a syntax error, but its effect on the schema is
//!   still read as far as a token-level reading can tell (the common DDL:
//!   tables, indexes, types, views…), skipping what it does not understand,
//!   so that one statement sqlparser cannot parse does not leave the catalog
//!   wrong. What it cannot read at all is `SchemaChange::Other`.
//!
//! Every name, type and default returned carries the span of its source
//! text. [`blank_clauses_sqlparser_lacks`] serves the way tried before this
//! reader: sqlparser again, with the clauses it lacks blanked out. The
//! `utility` family (`REINDEX`, `VACUUM`, `SET`…) is also read, through
//! [`utility`], for statements sqlparser parses but does not lower.

use miglint_source::{Dialect, Span};

use crate::ir::{SchemaChange, Utility};
use crate::lexer::{Token, tokenize};

mod blank;
mod cursor;
mod index;
mod metadata;
mod objects;
mod routines;
mod sequence;
mod session;
mod table;
mod types;
mod utility;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod validity_tests;

pub(crate) use blank::blank_clauses_sqlparser_lacks;

use cursor::Cursor;

/// What the recovery reader makes of one statement.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Recovered {
    /// What the statement does to the schema; `Other` when it cannot tell.
    pub(crate) change: SchemaChange,
    /// The statement is a valid form sqlparser lacks: no syntax error.
    pub(crate) valid: bool,
}

impl Recovered {
    fn valid(change: SchemaChange) -> Self {
        Self {
            change,
            valid: true,
        }
    }

    /// A syntax error whose effect is `change`, when one could be read.
    fn effect(change: Option<SchemaChange>) -> Self {
        Self {
            change: change.unwrap_or(SchemaChange::Other),
            valid: false,
        }
    }

    /// A form with no effect the catalog keeps.
    fn valid_if(valid: bool) -> Self {
        Self {
            change: SchemaChange::Other,
            valid,
        }
    }

    fn unread() -> Self {
        Self::effect(None)
    }
}

/// Reads the statement at `span` of `text`.
pub(crate) fn read(text: &str, span: Span, dialect: Dialect) -> Recovered {
    let all = tokenize(text, span, dialect);
    let tokens: Vec<Token> = all
        .iter()
        .copied()
        .filter(|t| !t.kind.is_trivia())
        .collect();
    Cursor::new(text, dialect, &all, &tokens).statement()
}

/// The maintenance or session statement ([`Utility`]) at `span`, whether or
/// not sqlparser parsed it.
pub(crate) fn utility(text: &str, span: Span, dialect: Dialect) -> Option<Utility> {
    let all = tokenize(text, span, dialect);
    let tokens: Vec<Token> = all
        .iter()
        .copied()
        .filter(|t| !t.kind.is_trivia())
        .collect();
    Cursor::new(text, dialect, &all, &tokens).utility()
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
    Cursor::new(text, dialect, &tokens, &tokens)
        .data_head()
        .unwrap_or(SchemaChange::Other)
}

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

impl Cursor<'_> {
    /// The statement at the cursor, by its family (its first words).
    fn statement(&mut self) -> Recovered {
        let postgres = self.dialect == Dialect::Postgres;
        let from_start = *self;
        if self.eat("CREATE") {
            self.create(from_start)
        } else if self.eat("ALTER") {
            self.alter(from_start)
        } else if self.eat("DROP") {
            self.drop(from_start)
        } else if self.eat_all(&["RENAME", "TABLE"]) {
            Recovered::effect(self.rename_tables())
        } else if self.peek_word("DO") {
            Recovered::valid_if(postgres && self.do_block())
        } else if postgres && self.peek_word("REINDEX") {
            // sqlparser lacks it; PostgreSQL 15 requires the name.
            let reindex = self.reindex_utility();
            let named = matches!(&reindex, Some(Utility::Reindex { name: Some(_), .. }));
            Recovered {
                change: reindex.map_or(SchemaChange::Other, SchemaChange::Utility),
                valid: named,
            }
        } else if postgres && self.peek_word("VACUUM") {
            // sqlparser lacks some forms (`VACUUM (options) t`).
            let vacuum = self.vacuum();
            let valid = vacuum.is_some();
            let change = match vacuum {
                Some((true, tables)) => SchemaChange::Utility(Utility::VacuumFull { tables }),
                _ => SchemaChange::Other,
            };
            Recovered { change, valid }
        } else if postgres && self.peek_word("CLUSTER") {
            let cluster = self.cluster();
            Recovered {
                valid: cluster.is_some(),
                change: cluster.map_or(SchemaChange::Other, |table| {
                    SchemaChange::Utility(Utility::Cluster { table })
                }),
            }
        } else if self.peek_word("COMMENT") {
            Recovered::valid_if(postgres && self.comment_on())
        } else if self.peek_word("PRAGMA") {
            Recovered::valid_if(self.dialect == Dialect::Sqlite && self.pragma())
        } else {
            Recovered::effect(self.transaction())
        }
    }

    /// After `CREATE`; `start` is the cursor at the statement's first word.
    fn create(&mut self, mut start: Self) -> Recovered {
        if self.dialect == Dialect::Postgres {
            if self.peek_word("STATISTICS") {
                return Recovered::valid_if(start.statistics());
            }
            if self.peek_word("CAST") {
                return Recovered::valid_if(start.cast());
            }
            if self.peek_word("OPERATOR") {
                return Recovered::valid_if(start.operator());
            }
        }
        Recovered::effect(self.create_object())
    }

    /// `CREATE [modifiers] kind …` after `CREATE`, for the kinds the catalog keeps.
    fn create_object(&mut self) -> Option<SchemaChange> {
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
            self.create_sequence()
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

    /// After `ALTER`; `start` is the cursor at the statement's first word.
    fn alter(&mut self, mut start: Self) -> Recovered {
        let plain = !self.peek_any(&["ONLINE", "IGNORE"]);
        while self.peek_any(&["ONLINE", "IGNORE"]) {
            self.pos += 1;
        }
        // The forms sqlparser lacks are PostgreSQL's, written `ALTER kind`.
        let strict = plain && self.dialect == Dialect::Postgres;
        if self.eat("TABLE") {
            self.alter_table(strict)
        } else if self.eat("TYPE") {
            self.alter_type(strict)
        } else if self.eat("INDEX") {
            self.alter_index(strict)
        } else if self.eat("SEQUENCE") {
            self.alter_sequence(strict)
        } else if self.eat("EXTENSION") {
            Recovered::valid_if(strict && self.alter_extension())
        } else if self.eat("DOMAIN") {
            // PostgreSQL's; sqlparser lacks it.
            let (valid, added) = if strict {
                self.alter_domain()
            } else {
                (false, None)
            };
            Recovered {
                valid,
                change: added.map_or(SchemaChange::Other, SchemaChange::Utility),
            }
        } else if self.peek_any(&["PROCEDURE", "ROUTINE", "AGGREGATE"]) {
            Recovered::valid_if(strict && start.alter_routine())
        } else {
            Recovered::effect(self.alter_object())
        }
    }

    /// `ALTER {VIEW | MATERIALIZED VIEW | SCHEMA} …` after `ALTER`.
    fn alter_object(&mut self) -> Option<SchemaChange> {
        if self.peek_any(&["VIEW", "MATERIALIZED"]) {
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

    /// After `DROP`; `start` is the cursor at the statement's first word.
    fn drop(&mut self, mut start: Self) -> Recovered {
        let postgres = self.dialect == Dialect::Postgres;
        if self.eat("INDEX") {
            return self.drop_index(postgres);
        }
        if postgres {
            if self.peek_word("STATISTICS") {
                return Recovered::valid_if(start.statistics());
            }
            if self.peek_any(&["ROUTINE", "AGGREGATE"]) {
                return Recovered::valid_if(start.drop_routines());
            }
            if self.peek_word("CAST") {
                return Recovered::valid_if(start.cast());
            }
            if self.peek_word("OPERATOR") {
                return Recovered::valid_if(start.operator());
            }
        }
        Recovered::effect(self.drop_object())
    }
}
