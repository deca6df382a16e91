//! Whether a statement runs inside a transaction: decided by how the
//! project's migration tool sends a file (RUNNERS.md), by `BEGIN`/`COMMIT` in
//! the file, and by configuration.

use std::path::Path;
use std::sync::Arc;

use miglint_project::Tool;
use miglint_source::{Dialect, Span};
use miglint_syntax::Statement;
use miglint_syntax::ir::{SchemaChange, TransactionControl};

use crate::config::TransactionMode;

/// How the runner hands one migration file (or dbmate section) to the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// Wrapped in `BEGIN … COMMIT` by the runner (sqlx, diesel, goose,
    /// dbmate, Flyway, Atlas by default; drizzle around all pending files).
    Transaction,
    /// Sent as one multi-statement string without `BEGIN`: PostgreSQL runs
    /// it as one implicit transaction when it holds more than one statement
    /// (Prisma, golang-migrate, and the opted-out sqlx, diesel and dbmate).
    Script,
    /// Sent as one pipeline (Supabase's Go CLI): one implicit transaction in
    /// which only the first statement may be `CONCURRENTLY`.
    Pipeline,
    /// Statement by statement in autocommit (goose `NO TRANSACTION`,
    /// Atlas `txmode none`, `transaction = "never"`, plain folders).
    Statements,
}

/// How a file is delivered, with the reason in words for messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileDelivery {
    pub delivery: Delivery,
    /// E.g. "sqlx runs each migration inside a transaction".
    pub reason: String,
}

/// Decides how `tool` delivers the file at `path`; `section_header` is the
/// line that opens the up section (dbmate's `-- migrate:up …`), if any.
pub fn file_delivery(
    tool: Tool,
    dialect: Dialect,
    mode: TransactionMode,
    path: &Path,
    file_text: &str,
    section_header: &str,
) -> FileDelivery {
    let d = |delivery, reason: &str| FileDelivery {
        delivery,
        reason: reason.to_owned(),
    };
    match mode {
        TransactionMode::Always => {
            return d(
                Delivery::Transaction,
                "the configuration runs every migration in a transaction",
            );
        }
        TransactionMode::Never => {
            return d(
                Delivery::Statements,
                "the configuration runs statements one by one",
            );
        }
        TransactionMode::Auto => {}
    }
    match tool {
        Tool::Prisma => d(
            Delivery::Script,
            "Prisma sends migration.sql to the server as one script, which PostgreSQL runs as one transaction",
        ),
        Tool::Sqlx if dialect != Dialect::MySql && file_text.starts_with("-- no-transaction") => d(
            Delivery::Script,
            "sqlx sends a `-- no-transaction` file as one script, which PostgreSQL runs as one transaction",
        ),
        Tool::Sqlx => d(
            Delivery::Transaction,
            "sqlx runs each migration in a transaction (unless the file starts with `-- no-transaction`)",
        ),
        Tool::Diesel if diesel_without_transaction(path) => d(
            Delivery::Script,
            "diesel sends a `run_in_transaction = false` migration as one script, which PostgreSQL runs as one transaction",
        ),
        Tool::Diesel => d(
            Delivery::Transaction,
            "diesel runs each migration in a transaction (unless metadata.toml sets `run_in_transaction = false`)",
        ),
        Tool::GolangMigrate => d(
            Delivery::Script,
            "golang-migrate sends the file as one script, which PostgreSQL runs as one transaction",
        ),
        Tool::Goose if goose_without_transaction(file_text) => d(
            Delivery::Statements,
            "goose runs a `NO TRANSACTION` file statement by statement",
        ),
        Tool::Goose => d(
            Delivery::Transaction,
            "goose runs each migration in a transaction (unless it says `-- +goose NO TRANSACTION`)",
        ),
        Tool::Flyway => d(
            Delivery::Transaction,
            "Flyway runs each migration in a transaction",
        ),
        Tool::Dbmate if dbmate_without_transaction(section_header) => d(
            Delivery::Script,
            "dbmate sends a `transaction:false` section as one script, which PostgreSQL runs as one transaction",
        ),
        Tool::Dbmate => d(
            Delivery::Transaction,
            "dbmate runs each up section in a transaction (unless `-- migrate:up transaction:false`)",
        ),
        Tool::Supabase => d(
            Delivery::Pipeline,
            "the Supabase CLI sends a migration as one pipeline, which PostgreSQL runs as one transaction",
        ),
        Tool::Drizzle => d(
            Delivery::Transaction,
            "drizzle runs all pending migrations in one transaction",
        ),
        Tool::Atlas if atlas_without_transaction(file_text) => d(
            Delivery::Statements,
            "Atlas runs a `txmode none` file statement by statement",
        ),
        Tool::Atlas => d(
            Delivery::Transaction,
            "Atlas runs each migration in a transaction (unless `-- atlas:txmode none`)",
        ),
        // Nothing says how a plain folder is run (psql runs statements one
        // by one): only BEGIN in the file, or the configuration, tells.
        Tool::Plain => d(
            Delivery::Statements,
            "statements are assumed to run one by one (set `transaction` in miglint.toml otherwise)",
        ),
    }
}

/// diesel: a `metadata.toml` beside `up.sql` that is empty or sets
/// `run_in_transaction = false`.
fn diesel_without_transaction(path: &Path) -> bool {
    let Some(metadata) = path.parent().map(|dir| dir.join("metadata.toml")) else {
        return false;
    };
    let Ok(text) = std::fs::read_to_string(metadata) else {
        return false;
    };
    text.trim().is_empty()
        || text.lines().any(|line| {
            let line: String = line
                .split('#')
                .next()
                .unwrap_or("")
                .split_whitespace()
                .collect();
            line == "run_in_transaction=false"
        })
}

/// goose: `-- +goose NO TRANSACTION` at the start of a line, any case.
fn goose_without_transaction(text: &str) -> bool {
    text.lines().any(|line| {
        line.strip_prefix("--")
            .map(|rest| rest.split_whitespace().collect::<Vec<_>>().join(" "))
            .is_some_and(|rest| rest.eq_ignore_ascii_case("+goose NO TRANSACTION"))
    })
}

/// dbmate: `transaction:false` on the `-- migrate:up` line.
fn dbmate_without_transaction(section: &str) -> bool {
    section.lines().next().is_some_and(|line| {
        line.trim_start().starts_with("-- migrate:up")
            && line
                .split_whitespace()
                .any(|word| word == "transaction:false")
    })
}

/// Atlas: `-- atlas:txmode none` in the leading comment block.
fn atlas_without_transaction(text: &str) -> bool {
    text.lines()
        .take_while(|line| line.trim().is_empty() || line.trim_start().starts_with("--"))
        .any(|line| {
            let words: Vec<&str> = line.split_whitespace().collect();
            words == ["--", "atlas:txmode", "none"]
        })
}

/// The transaction a statement runs in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransactionState {
    pub delivery: Delivery,
    /// Why the file is delivered so, for messages (shared by the file's
    /// statements: a state is made per statement).
    pub reason: Arc<str>,
    /// The `BEGIN` of an explicit transaction open before this statement.
    pub explicit_begin: Option<Span>,
    /// Statements in the unit the runner sends (the file or section).
    pub statements_in_unit: usize,
    /// This statement's position in the unit (0 for the first).
    pub position: usize,
    /// An explicit `COMMIT` or `ROLLBACK` came earlier in the unit.
    pub after_explicit_end: bool,
    /// Statements of a file with the same group run in the same transaction
    /// and commit together.
    pub group: usize,
}

impl TransactionState {
    /// Whether the statement runs inside a transaction block, so that
    /// `CREATE INDEX CONCURRENTLY` and the like fail.
    pub fn in_transaction(&self) -> bool {
        if self.explicit_begin.is_some() {
            return true;
        }
        match self.delivery {
            Delivery::Transaction => true,
            // A multi-statement script is one implicit transaction even
            // after an explicit COMMIT inside it.
            Delivery::Script => self.statements_in_unit > 1,
            // A pipeline accepts it as its first statement or after COMMIT.
            Delivery::Pipeline => self.position > 0 && !self.after_explicit_end,
            Delivery::Statements => false,
        }
    }

    /// Why the statement is in a transaction, for messages.
    pub fn why(&self) -> String {
        match self.explicit_begin {
            Some(_) => "it follows a `BEGIN` in this file".to_owned(),
            None => self.reason.to_string(),
        }
    }
}

/// Flyway runs a file that holds only statements PostgreSQL refuses in a
/// transaction (`CONCURRENTLY`) without one.
pub fn flyway_non_transactional(statements: &[Statement]) -> bool {
    !statements.is_empty()
        && statements.iter().all(|s| {
            matches!(
                s.change,
                SchemaChange::CreateIndex {
                    concurrently: true,
                    ..
                } | SchemaChange::DropIndex {
                    concurrently: true,
                    ..
                }
            )
        })
}

/// The transaction of every statement of a file (or section), in order.
pub fn states(delivery: &FileDelivery, statements: &[Statement]) -> Vec<TransactionState> {
    let mut tracker = Tracker::new(delivery.clone(), statements.len());
    statements.iter().map(|s| tracker.next(s)).collect()
}

/// Follows the transactions of a file statement by statement, so a file
/// read in chunks gets the same states as one read whole.
pub struct Tracker {
    delivery: Delivery,
    reason: Arc<str>,
    statements_in_unit: usize,
    position: usize,
    open: Option<Span>,
    ended: bool,
    group: usize,
}

impl Tracker {
    pub fn new(delivery: FileDelivery, statements_in_unit: usize) -> Self {
        Self {
            delivery: delivery.delivery,
            reason: delivery.reason.into(),
            statements_in_unit,
            position: 0,
            open: None,
            ended: false,
            group: 0,
        }
    }

    /// The transaction `statement` runs in; call once per statement, in order.
    pub fn next(&mut self, statement: &Statement) -> TransactionState {
        let delivery = self.delivery;
        let autocommit = self.open.is_none()
            && (delivery == Delivery::Statements || delivery == Delivery::Pipeline && self.ended);
        if autocommit && self.position > 0 {
            self.group += 1;
        }
        let state = TransactionState {
            delivery,
            reason: Arc::clone(&self.reason),
            explicit_begin: self.open,
            statements_in_unit: self.statements_in_unit,
            position: self.position,
            after_explicit_end: self.ended,
            group: self.group,
        };
        match statement.change {
            SchemaChange::Transaction(TransactionControl::Begin) => {
                self.open.get_or_insert(statement.span);
            }
            SchemaChange::Transaction(
                TransactionControl::Commit | TransactionControl::Rollback,
            ) => {
                self.open = None;
                self.ended = true;
                // What follows a COMMIT runs in a new transaction.
                self.group += 1;
            }
            _ => {}
        }
        self.position += 1;
        state
    }

    /// The `BEGIN` still open after the statements seen so far.
    pub fn open_transaction(&self) -> Option<Span> {
        self.open
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runner_markers() {
        assert!(goose_without_transaction(
            "-- +goose NO TRANSACTION\n-- +goose Up\n"
        ));
        assert!(goose_without_transaction("--  +goose no transaction\n"));
        assert!(!goose_without_transaction(
            " -- text +goose NO TRANSACTION\n"
        ));
        assert!(dbmate_without_transaction(
            "-- migrate:up transaction:false\nCREATE INDEX"
        ));
        assert!(!dbmate_without_transaction(
            "-- migrate:up\n-- transaction:false\n"
        ));
        assert!(atlas_without_transaction(
            "-- atlas:txmode none\n\nCREATE INDEX"
        ));
    }

    #[test]
    fn sqlx_opt_out_must_be_at_byte_zero() {
        let path = Path::new("1_a.sql");
        let at = |text| {
            file_delivery(
                Tool::Sqlx,
                Dialect::Postgres,
                TransactionMode::Auto,
                path,
                text,
                text,
            )
            .delivery
        };
        assert_eq!(at("-- no-transaction\nCREATE INDEX"), Delivery::Script);
        assert_eq!(
            at("\n-- no-transaction\nCREATE INDEX"),
            Delivery::Transaction
        );
    }
}
