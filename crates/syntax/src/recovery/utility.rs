//! Maintenance and session statements ([`Utility`]), read from tokens whether
//! or not sqlparser parsed them: `REINDEX`, `REFRESH MATERIALIZED VIEW`,
//! `VACUUM`, `CLUSTER`, `SET` and `ALTER DOMAIN … ADD`. Each reader must
//! consume the whole statement, so a typo is not mistaken for the form.

use miglint_source::{Dialect, Span};

use crate::ir::{ObjectName, ReindexTarget, Utility};

use super::cursor::Cursor;

impl Cursor<'_> {
    /// The utility form the statement is, if any (the cursor at its start).
    pub(super) fn utility(&mut self) -> Option<Utility> {
        if self.dialect == Dialect::Postgres {
            if let Some(u) = self.clone().reindex_utility() {
                return Some(u);
            }
            if let Some(u) = self.clone().refresh() {
                return Some(u);
            }
            if let Some((true, tables)) = self.clone().vacuum() {
                return Some(Utility::VacuumFull { tables });
            }
            if let Some(table) = self.clone().cluster() {
                return Some(Utility::Cluster { table });
            }
            let mut domain = *self;
            if domain.eat_all(&["ALTER", "DOMAIN"])
                && let (true, Some(u)) = domain.alter_domain()
            {
                return Some(u);
            }
        }
        self.set()
    }

    /// A parenthesised option list; the names of the options that are on
    /// (`FULL`, `FULL true`, but not `FULL false`), upper-cased.
    pub(super) fn options(&mut self) -> Option<Vec<String>> {
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

    pub(super) fn reindex_utility(&mut self) -> Option<Utility> {
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
        let name = if self.at_end() {
            None
        } else {
            Some(self.object_name()?)
        };
        self.at_end().then_some(Utility::Reindex {
            target,
            name,
            concurrently,
        })
    }

    pub(super) fn refresh(&mut self) -> Option<Utility> {
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
        self.at_end()
            .then_some(Utility::RefreshMaterializedView { name, concurrently })
    }

    /// `VACUUM [FULL] [FREEZE] [VERBOSE] [ANALYZE] [tables]` or
    /// `VACUUM (options) [tables]`: whether it is FULL, and the tables.
    pub(super) fn vacuum(&mut self) -> Option<(bool, Vec<ObjectName>)> {
        if !self.eat("VACUUM") {
            return None;
        }
        let mut full = self.options()?.iter().any(|o| o == "FULL");
        for word in ["FULL", "FREEZE", "VERBOSE", "ANALYZE", "ANALYSE"] {
            full |= self.eat(word) && word == "FULL";
        }
        let mut tables = Vec::new();
        while !self.at_end() {
            tables.push(self.object_name()?);
            // A column list (with ANALYZE).
            if self.eat_punct("(") {
                while !self.eat_punct(")") {
                    self.peek()?;
                    self.pos += 1;
                }
            }
            if !self.at_end() && !self.eat_punct(",") {
                return None;
            }
        }
        Some((full, tables))
    }

    /// `CLUSTER [VERBOSE] [(options)] [table [USING index]]`, or the old
    /// `CLUSTER index ON table`: the table, if named.
    pub(super) fn cluster(&mut self) -> Option<Option<ObjectName>> {
        if !self.eat("CLUSTER") {
            return None;
        }
        self.options()?;
        self.eat("VERBOSE");
        if self.at_end() {
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
        self.at_end().then_some(Some(table))
    }

    /// `SET [SESSION | LOCAL] name {= | TO} value` (MySQL also `@@session.name`).
    pub(super) fn set(&mut self) -> Option<Utility> {
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
        let to = self.token(self.limit.checked_sub(1)?)?.span.end;
        let value = Span::new(from, to).slice(self.text).to_owned();
        Some(Utility::Set { name, local, value })
    }
}

#[cfg(test)]
mod tests {
    use miglint_source::{Dialect, Span};

    use crate::ir::{ReindexTarget, Utility};

    fn read(sql: &str) -> Option<Utility> {
        super::super::utility(sql, Span::from_range(0..sql.len()), Dialect::Postgres)
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
