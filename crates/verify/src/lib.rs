//! `miglint verify`'s database side: connects read-only to PostgreSQL,
//! MySQL/MariaDB or SQLite, reads the live schema (as DDL generated from the
//! server's catalog) and the migration tool's bookkeeping table, and matches
//! that table with the files on disk, checksums included. The comparison
//! itself is the engine's ([`miglint_engine::verify`]).
//!
//! Safety: every session is read-only (a read-only transaction with
//! `default_transaction_read_only` / `SESSION TRANSACTION READ ONLY`, or a
//! SQLite file opened read-only with `query_only`), runs catalog queries
//! only, under a statement timeout; no message that leaves this crate holds
//! the URL's password ([`DatabaseUrl::redact`]).

mod backend;
mod bookkeeping;
pub mod checksum;
mod introspect;
mod url;

use miglint_engine::LiveDatabase;
use miglint_project::Project;
use miglint_source::Dialect;

pub use url::{DatabaseUrl, Target};

use backend::Session;

/// Reads the database at `url` for `project`. The error is safe to print.
pub fn read(url: &DatabaseUrl, project: &Project) -> Result<LiveDatabase, String> {
    read_unredacted(url, project).map_err(|message| {
        format!(
            "cannot verify against {}: {}",
            url.display,
            url.redact(&message)
        )
    })
}

fn read_unredacted(url: &DatabaseUrl, project: &Project) -> Result<LiveDatabase, String> {
    let dialect = match url.target {
        Target::Postgres => Dialect::Postgres,
        Target::MySql => Dialect::MySql,
        Target::Sqlite(_) => Dialect::Sqlite,
    };
    if dialect != project.dialect {
        return Err(format!(
            "the database is {} but the migrations in {} are {} (use --dialect if detection was wrong)",
            dialect.name(),
            project.root.display(),
            project.dialect.name()
        ));
    }
    let mut session = connect(url)?;
    let session = session.as_mut();
    let schema_sql = match url.target {
        Target::Postgres => {
            let mut skip: Vec<&str> = project.tool.platform_schemas().to_vec();
            if let Some((Some(schema), _)) = project.tool.bookkeeping_table() {
                skip.push(schema);
            }
            introspect::postgres(session, &skip)?
        }
        Target::MySql => introspect::mysql(session)?,
        Target::Sqlite(_) => introspect::sqlite(session)?,
    };
    let history = bookkeeping::read(session, dialect, project)?;
    let header = format!(
        "-- the schema of {}, as miglint verify read it from the server's catalog\n",
        url.display
    );
    Ok(LiveDatabase {
        name: url.display.clone(),
        schema_sql: header + &schema_sql,
        history,
    })
}

fn connect(url: &DatabaseUrl) -> Result<Box<dyn Session>, String> {
    match &url.target {
        #[cfg(feature = "postgres")]
        Target::Postgres => Ok(Box::new(backend::postgres::Postgres::connect(url)?)),
        #[cfg(feature = "mysql")]
        Target::MySql => Ok(Box::new(backend::mysql::MySql::connect(url)?)),
        #[cfg(feature = "sqlite")]
        Target::Sqlite(path) => Ok(Box::new(backend::sqlite::Sqlite::open(path)?)),
        #[allow(unreachable_patterns)]
        other => Err(format!(
            "this miglint was built without {} support (cargo feature `{}`)",
            match other {
                Target::Postgres => "PostgreSQL",
                Target::MySql => "MySQL",
                Target::Sqlite(_) => "SQLite",
            },
            match other {
                Target::Postgres => "postgres",
                Target::MySql => "mysql",
                Target::Sqlite(_) => "sqlite",
            }
        )),
    }
}
