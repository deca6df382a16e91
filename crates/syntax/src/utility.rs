//! Maintenance and session statements ([`Utility`]), read from tokens whether
//! or not sqlparser parsed them: `REINDEX`, `REFRESH MATERIALIZED VIEW`,
//! `VACUUM`, `CLUSTER`, `SET` and `ALTER DOMAIN … ADD`. Each reader must
//! consume the whole statement, so a typo is not mistaken for the form.

use miglint_source::{Dialect, Span};

use crate::ir::{Ident, ObjectName, ReindexTarget, Utility};
use crate::lexer::{Token, TokenKind, tokenize, unquote_ident};

/// What the statement at `span` is, when it is one of the utility forms.
pub(crate) fn recognize(text: &str, span: Span, dialect: Dialect) -> Option<Utility> {
    let mut r = Reader::new(text, span, dialect);
    if dialect == Dialect::Postgres {
        if let Some(u) = r.clone().reindex() {
            return Some(u);
        }
        if let Some(u) = r.clone().refresh() {
            return Some(u);
        }
        if let Some((true, tables)) = r.clone().vacuum() {
            return Some(Utility::VacuumFull { tables });
        }
        if let Some(table) = r.clone().cluster() {
            return Some(Utility::Cluster { table });
        }
        if let Some(u) = r.clone().alter_domain_add() {
            return Some(u);
        }
    }
    r.set()
}

/// Whether the statement is a PostgreSQL `VACUUM`, `CLUSTER` or `ALTER
/// DOMAIN … ADD` form sqlparser does not parse.
pub(crate) fn is_maintenance_form(text: &str, span: Span, dialect: Dialect) -> bool {
    let r = Reader::new(text, span, dialect);
    dialect == Dialect::Postgres
        && (r.clone().vacuum().is_some()
            || r.clone().cluster().is_some()
            || r.clone().alter_domain_add().is_some())
}

#[derive(Clone)]
struct Reader<'a> {
    text: &'a str,
    tokens: Vec<Token>,
    pos: usize,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str, span: Span, dialect: Dialect) -> Self {
        let tokens = tokenize(text, span, dialect)
            .into_iter()
            .filter(|t| !t.kind.is_trivia())
            .collect();
        Self {
            text,
            tokens,
            pos: 0,
        }
    }

    fn peek(&self) -> Option<Token> {
        self.tokens.get(self.pos).copied()
    }

    fn done(&self) -> bool {
        self.pos >= self.tokens.len()
    }

    fn eat(&mut self, word: &str) -> bool {
        let found = self.peek().is_some_and(|t| t.is_word(self.text, word));
        self.pos += usize::from(found);
        found
    }

    fn eat_punct(&mut self, punct: &str) -> bool {
        let found = self.peek().is_some_and(|t| t.is_punct(self.text, punct));
        self.pos += usize::from(found);
        found
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

    fn object_name(&mut self) -> Option<ObjectName> {
        let mut parts = vec![self.ident()?];
        while self.eat_punct(".") {
            parts.push(self.ident()?);
        }
        let span = parts.first()?.span.cover(parts.last()?.span);
        let name = parts.pop()?;
        Some(ObjectName {
            schema: parts.pop(),
            name,
            span,
        })
    }

    /// A parenthesised option list; the names of the options that are on
    /// (`FULL`, `FULL true`, but not `FULL false`), upper-cased.
    fn options(&mut self) -> Option<Vec<String>> {
        if !self.eat_punct("(") {
            return Some(Vec::new());
        }
        let mut on = Vec::new();
        loop {
            let name = self.ident()?.value.to_ascii_uppercase();
            let mut enabled = true;
            while let Some(t) = self.peek() {
                if t.is_punct(self.text, ",") || t.is_punct(self.text, ")") {
                    break;
                }
                let value = t.text(self.text).to_ascii_lowercase();
                enabled &= !matches!(value.as_str(), "false" | "off" | "0");
                self.pos += 1;
            }
            if enabled {
                on.push(name);
            }
            if self.eat_punct(")") {
                return Some(on);
            }
            if !self.eat_punct(",") {
                return None;
            }
        }
    }

    fn reindex(&mut self) -> Option<Utility> {
        if !self.eat("REINDEX") {
            return None;
        }
        let options = self.options()?;
        let target = [
            ("INDEX", ReindexTarget::Index),
            ("TABLE", ReindexTarget::Table),
            ("SCHEMA", ReindexTarget::Schema),
            ("DATABASE", ReindexTarget::Database),
            ("SYSTEM", ReindexTarget::System),
        ]
        .into_iter()
        .find(|(word, _)| self.eat(word))?
        .1;
        let concurrently = self.eat("CONCURRENTLY") || options.iter().any(|o| o == "CONCURRENTLY");
        let name = if self.done() {
            None
        } else {
            Some(self.object_name()?)
        };
        self.done().then_some(Utility::Reindex {
            target,
            name,
            concurrently,
        })
    }

    fn refresh(&mut self) -> Option<Utility> {
        if !(self.eat("REFRESH") && self.eat("MATERIALIZED") && self.eat("VIEW")) {
            return None;
        }
        let concurrently = self.eat("CONCURRENTLY");
        let name = self.object_name()?;
        if self.eat("WITH") {
            self.eat("NO");
            if !self.eat("DATA") {
                return None;
            }
        }
        self.done()
            .then_some(Utility::RefreshMaterializedView { name, concurrently })
    }

    /// `VACUUM [FULL] [FREEZE] [VERBOSE] [ANALYZE] [tables]` or
    /// `VACUUM (options) [tables]`: whether it is FULL, and the tables.
    fn vacuum(&mut self) -> Option<(bool, Vec<ObjectName>)> {
        if !self.eat("VACUUM") {
            return None;
        }
        let mut full = self.options()?.iter().any(|o| o == "FULL");
        for word in ["FULL", "FREEZE", "VERBOSE", "ANALYZE", "ANALYSE"] {
            full |= self.eat(word) && word == "FULL";
        }
        let mut tables = Vec::new();
        while !self.done() {
            tables.push(self.object_name()?);
            // A column list (with ANALYZE).
            if self.eat_punct("(") {
                while !self.eat_punct(")") {
                    self.peek()?;
                    self.pos += 1;
                }
            }
            if !self.done() && !self.eat_punct(",") {
                return None;
            }
        }
        Some((full, tables))
    }

    /// `CLUSTER [VERBOSE] [(options)] [table [USING index]]`, or the old
    /// `CLUSTER index ON table`: the table, if named.
    fn cluster(&mut self) -> Option<Option<ObjectName>> {
        if !self.eat("CLUSTER") {
            return None;
        }
        self.options()?;
        self.eat("VERBOSE");
        if self.done() {
            return Some(None);
        }
        let first = self.object_name()?;
        let table = if self.eat("ON") {
            self.object_name()?
        } else {
            if self.eat("USING") {
                self.ident()?;
            }
            first
        };
        self.done().then_some(Some(table))
    }

    /// `ALTER DOMAIN name ADD [CONSTRAINT c] CHECK (…) | NOT NULL [NOT VALID]`.
    fn alter_domain_add(&mut self) -> Option<Utility> {
        if !(self.eat("ALTER") && self.eat("DOMAIN")) {
            return None;
        }
        let domain = self.object_name()?;
        if !self.eat("ADD") {
            return None;
        }
        if self.eat("CONSTRAINT") {
            self.ident()?;
        }
        if self.eat("CHECK") {
            if !self.eat_punct("(") {
                return None;
            }
            let mut depth = 1usize;
            while depth > 0 {
                let t = self.peek()?;
                if t.is_punct(self.text, "(") {
                    depth += 1;
                } else if t.is_punct(self.text, ")") {
                    depth -= 1;
                }
                self.pos += 1;
            }
        } else if !(self.eat("NOT") && self.eat("NULL")) {
            return None;
        }
        let not_valid = self.eat("NOT") && self.eat("VALID");
        self.done()
            .then_some(Utility::AddDomainConstraint { domain, not_valid })
    }

    /// `SET [SESSION | LOCAL] name {= | TO} value` (MySQL also `@@session.name`).
    fn set(&mut self) -> Option<Utility> {
        if !self.eat("SET") {
            return None;
        }
        let local = self.eat("LOCAL");
        if !local {
            self.eat("SESSION");
        }
        let mut name = String::new();
        while let Some(t) = self.peek() {
            if t.is_punct(self.text, "=") || t.is_word(self.text, "TO") {
                break;
            }
            name.push_str(t.text(self.text));
            self.pos += 1;
        }
        let name = name.to_ascii_lowercase();
        let name = name
            .trim_start_matches("@@")
            .trim_start_matches("session.")
            .to_owned();
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        {
            return None;
        }
        self.pos += 1;
        let from = self.peek()?.span.start;
        let to = self.tokens.last()?.span.end;
        let value = Span::new(from, to).slice(self.text).to_owned();
        Some(Utility::Set { name, local, value })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(sql: &str) -> Option<Utility> {
        recognize(sql, Span::from_range(0..sql.len()), Dialect::Postgres)
    }

    #[test]
    fn maintenance_forms() {
        assert!(matches!(
            read("REINDEX (VERBOSE) TABLE CONCURRENTLY t"),
            Some(Utility::Reindex {
                target: ReindexTarget::Table,
                concurrently: true,
                ..
            })
        ));
        assert!(matches!(
            read("REINDEX (CONCURRENTLY) INDEX i"),
            Some(Utility::Reindex {
                concurrently: true,
                ..
            })
        ));
        assert!(matches!(
            read("REINDEX INDEX s.i"),
            Some(Utility::Reindex {
                concurrently: false,
                name: Some(_),
                ..
            })
        ));
        assert!(matches!(
            read("REFRESH MATERIALIZED VIEW CONCURRENTLY mv WITH DATA"),
            Some(Utility::RefreshMaterializedView {
                concurrently: true,
                ..
            })
        ));
        assert!(
            matches!(read("VACUUM (FULL, ANALYZE) a, b"), Some(Utility::VacuumFull { tables }) if tables.len() == 2)
        );
        assert!(
            matches!(read("VACUUM FULL"), Some(Utility::VacuumFull { tables }) if tables.is_empty())
        );
        assert_eq!(read("VACUUM (FULL false) a"), None);
        assert_eq!(read("VACUUM ANALYZE a"), None);
        assert!(matches!(
            read("CLUSTER t USING t_pkey"),
            Some(Utility::Cluster { table: Some(_) })
        ));
        assert!(
            matches!(read("CLUSTER i ON t"), Some(Utility::Cluster { table: Some(t) }) if t.name.value == "t")
        );
        assert!(matches!(
            read("ALTER DOMAIN d ADD CONSTRAINT c CHECK (VALUE > (1)) NOT VALID"),
            Some(Utility::AddDomainConstraint {
                not_valid: true,
                ..
            })
        ));
        assert!(matches!(
            read("SET LOCAL lock_timeout = '5s'"),
            Some(Utility::Set { name, local: true, value }) if name == "lock_timeout" && value == "'5s'"
        ));
        assert!(matches!(
            read("SET statement_timeout TO 0"),
            Some(Utility::Set { name, local: false, .. }) if name == "statement_timeout"
        ));
        assert_eq!(read("REINDEX TABLES t"), None);
        assert_eq!(read("CLUSTER t USING"), None);
    }
}
