//! `miglint verify` against real databases: a history applied with its
//! tool's own bookkeeping (rows and checksums as the tool writes them,
//! computed here with `sha2`, not with miglint's code), then changed the
//! ways production drifts.
//!
//! PostgreSQL runs when `MIGLINT_TEST_DATABASE_URL` is set (`.ci/run` sets
//! it), MariaDB/MySQL when `MIGLINT_TEST_MYSQL_URL` is; each test works in a
//! scratch database of its own, dropped at the end. SQLite always runs.
//! Tests that need a server or the corpus say so when they skip.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use sha2::{Digest, Sha256};
use support::{TempDir, copy_dir, repo_root};

static SCRATCH: AtomicUsize = AtomicUsize::new(0);

fn unique(prefix: &str) -> String {
    format!(
        "{prefix}_{}_{}",
        std::process::id(),
        SCRATCH.fetch_add(1, Ordering::SeqCst)
    )
}

/// The URL with its database (path) replaced by `database`.
fn with_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[scheme_end..].find('/').map(|i| scheme_end + i);
    let host = path_start.map_or(base, |i| &base[..i]);
    format!("{host}/{database}{query}")
}

/// One finding of a JSON report: (rule, file, subject column or table).
#[derive(Debug)]
struct Found {
    rule: String,
    file: String,
    column: Option<String>,
    table: Option<String>,
    #[allow(dead_code)] // read through Debug in assertion messages
    message: String,
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn miglint(args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_miglint"))
        .args(args)
        .env_remove("MIGLINT_DATABASE_URL")
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn verify(url: &str, path: &Path) -> (i32, Vec<Found>) {
    let run = miglint(&[
        "verify",
        "--database-url",
        url,
        path.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(
        run.code == 0 || run.code == 1,
        "exit {}: {}",
        run.code,
        run.stderr
    );
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let found = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| Found {
            rule: d["rule"].as_str().unwrap().to_owned(),
            file: d["file"].as_str().unwrap_or("").to_owned(),
            column: d["subject"]["column"].as_str().map(str::to_owned),
            table: d["subject"]["table"].as_str().map(str::to_owned),
            message: d["message"].as_str().unwrap_or("").to_owned(),
        })
        .collect();
    (run.code, found)
}

fn rules(found: &[Found]) -> Vec<&str> {
    let mut rules: Vec<&str> = found.iter().map(|f| f.rule.as_str()).collect();
    rules.sort_unstable();
    rules.dedup();
    rules
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Prisma's migration folders, in its order (folder names sort as it applies them).
fn prisma_migrations(migrations: &Path) -> Vec<(String, PathBuf)> {
    let mut folders: Vec<(String, PathBuf)> = std::fs::read_dir(migrations)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().join("migration.sql").is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                e.path().join("migration.sql"),
            )
        })
        .collect();
    folders.sort();
    folders
}

// ---------------------------------------------------------------- PostgreSQL

/// A scratch database on the test server, dropped on drop.
struct Scratch {
    admin: postgres::Client,
    name: String,
    url: String,
}

impl Scratch {
    fn new(test: &str) -> Option<Self> {
        let Ok(url) = std::env::var("MIGLINT_TEST_DATABASE_URL") else {
            eprintln!("{test}: skipped, MIGLINT_TEST_DATABASE_URL is not set (see .ci/run)");
            return None;
        };
        let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        let name = unique("miglint_verify");
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        Some(Self {
            admin,
            url: with_database(&url, &name),
            name,
        })
    }

    fn client(&self) -> postgres::Client {
        postgres::Client::connect(&self.url, postgres::NoTls).unwrap()
    }

    /// Applies Prisma migrations as `prisma migrate deploy` does: each file
    /// as one script, then its `_prisma_migrations` row with the SHA-256 of
    /// the file.
    fn apply_prisma(&self, migrations: &[(String, PathBuf)]) {
        let mut client = self.client();
        client
            .batch_execute(
                r#"CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
                    "id" VARCHAR(36) PRIMARY KEY NOT NULL,
                    "checksum" VARCHAR(64) NOT NULL,
                    "finished_at" TIMESTAMPTZ,
                    "migration_name" VARCHAR(255) NOT NULL,
                    "logs" TEXT,
                    "rolled_back_at" TIMESTAMPTZ,
                    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
                    "applied_steps_count" INTEGER NOT NULL DEFAULT 0)"#,
            )
            .unwrap();
        for (name, path) in migrations {
            let bytes = std::fs::read(path).unwrap();
            client
                .batch_execute(&String::from_utf8(bytes.clone()).unwrap())
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            client
                .execute(
                    r#"INSERT INTO "_prisma_migrations"
                       (id, checksum, finished_at, migration_name, applied_steps_count)
                       VALUES (gen_random_uuid()::text, $1, now(), $2, 1)"#,
                    &[&sha256_hex(&bytes), name],
                )
                .unwrap();
        }
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = self.admin.batch_execute(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        ));
    }
}

#[test]
fn postgres_prisma_corpus_history() {
    let Some(corpus) = support::corpus_root("postgres_prisma_corpus_history") else {
        return;
    };
    let Some(db) = Scratch::new("postgres_prisma_corpus_history") else {
        return;
    };
    let project = corpus.join("umami-pg/prisma");
    let copy = TempDir::new("verify-umami");
    copy_dir(&project, copy.path());
    let migrations = prisma_migrations(&copy.path().join("migrations"));
    db.apply_prisma(&migrations);

    // (a) as deployed: the database is what the history builds, so verify
    // finds exactly the model drift `check` finds in the files (umami's model
    // declares an index no migration creates), and nothing else.
    let (_, baseline) = verify(&db.url, copy.path());
    let check = miglint(&[
        "check",
        copy.path().to_str().unwrap(),
        "--select",
        "drift",
        "--format",
        "json",
    ]);
    let report: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    let expected: Vec<(String, Option<String>, Option<String>)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_owned(),
                d["subject"]["table"].as_str().map(str::to_owned),
                d["subject"]["column"].as_str().map(str::to_owned),
            )
        })
        .collect();
    let got: Vec<(String, Option<String>, Option<String>)> = baseline
        .iter()
        .map(|f| (f.rule.clone(), f.table.clone(), f.column.clone()))
        .collect();
    assert_eq!(got, expected);
    let unexpected = |found: Vec<Found>| -> Vec<Found> {
        found
            .into_iter()
            .filter(|f| {
                !baseline
                    .iter()
                    .any(|b| b.rule == f.rule && b.table == f.table && b.column == f.column)
            })
            .collect()
    };

    // (c) an applied migration edited afterwards.
    let (edited_name, edited) = &migrations[1];
    let original = std::fs::read_to_string(edited).unwrap();
    std::fs::write(edited, format!("{original}\n-- edited after deploy\n")).unwrap();
    let found = unexpected(verify(&db.url, copy.path()).1);
    assert_eq!(rules(&found), ["applied-migration-edited"], "{found:#?}");
    assert!(
        found[0]
            .file
            .ends_with(&format!("{edited_name}/migration.sql"))
    );
    std::fs::write(edited, &original).unwrap();

    // (d) a new migration folder not deployed yet.
    let new = copy.path().join("migrations/99990101000000_add_note");
    std::fs::create_dir_all(&new).unwrap();
    std::fs::write(
        new.join("migration.sql"),
        "ALTER TABLE \"website\" ADD COLUMN \"note\" TEXT;\n",
    )
    .unwrap();
    let found = unexpected(verify(&db.url, copy.path()).1);
    assert_eq!(rules(&found), ["migration-not-applied"], "{found:#?}");
    assert!(
        found[0]
            .file
            .ends_with("99990101000000_add_note/migration.sql")
    );

    // (e) its deploy failed half-way: Prisma's row without finished_at.
    db.client()
        .execute(
            r#"INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs)
               VALUES ('failed-1', 'x', '99990101000000_add_note', 'ERROR: lock timeout')"#,
            &[],
        )
        .unwrap();
    // What of it did not reach the database shows too.
    let found = unexpected(verify(&db.url, copy.path()).1);
    assert_eq!(
        rules(&found),
        ["migration-failed", "schema-changed-outside-migrations"],
        "{found:#?}"
    );
    assert!(found.iter().any(|f| f.column.as_deref() == Some("note")));
    std::fs::remove_dir_all(&new).unwrap();
    db.client()
        .execute(
            r#"DELETE FROM "_prisma_migrations" WHERE id = 'failed-1'"#,
            &[],
        )
        .unwrap();

    // (b) a column dropped by hand in production.
    let row = db
        .client()
        .query_one(
            "SELECT c.table_name::text, c.column_name::text FROM information_schema.columns c \
             WHERE c.table_schema = 'public' AND c.table_name <> '_prisma_migrations' \
               AND c.is_nullable = 'YES' AND NOT EXISTS (SELECT 1 FROM pg_index i \
                   JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) \
                   WHERE i.indrelid = quote_ident(c.table_name)::regclass \
                     AND a.attname = c.column_name) \
             ORDER BY c.table_name, c.ordinal_position LIMIT 1",
            &[],
        )
        .unwrap();
    let (table, column): (String, String) = (row.get(0), row.get(1));
    db.client()
        .batch_execute(&format!("ALTER TABLE \"{table}\" DROP COLUMN \"{column}\""))
        .unwrap();
    let (code, found) = verify(&db.url, copy.path());
    assert_eq!(code, 1);
    let found = unexpected(found);
    assert_eq!(
        rules(&found),
        ["model-column-missing", "schema-changed-outside-migrations"],
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .all(|f| f.column.as_deref() == Some(column.as_str())
                && f.table.as_deref() == Some(table.as_str()))
    );
}

#[test]
fn postgres_incident_end_to_end() {
    let Some(db) = Scratch::new("postgres_incident_end_to_end") else {
        return;
    };
    let incident = repo_root().join("examples/incident/prisma");
    db.apply_prisma(&prisma_migrations(&incident.join("migrations")));
    let (code, found) = verify(&db.url, &incident);
    assert_eq!(code, 1);
    let mut columns: Vec<&str> = found
        .iter()
        .map(|f| {
            assert_eq!(f.rule, "model-column-missing", "{found:#?}");
            assert_eq!(f.table.as_deref(), Some("users"));
            f.column.as_deref().unwrap()
        })
        .collect();
    columns.sort_unstable();
    assert_eq!(columns.len(), 5, "{found:#?}");
    assert!(columns.iter().all(|c| c.starts_with("unlimitedPose")));

    // The fix deployed: its migration applied, the model unchanged.
    let fixed = repo_root().join("examples/incident-fixed/prisma");
    let fix: Vec<_> = prisma_migrations(&fixed.join("migrations"))
        .into_iter()
        .filter(|(name, _)| !incident.join("migrations").join(name).exists())
        .collect();
    assert_eq!(fix.len(), 1);
    db.apply_prisma(&fix);
    let (code, found) = verify(&db.url, &fixed);
    assert_eq!((code, found.len()), (0, 0), "{found:#?}");
}

/// A role that may only read: verify works with it (so it writes nothing),
/// and its password shows in no output format and no error.
#[test]
fn postgres_read_only_role_and_no_password_in_output() {
    let Some(db) = Scratch::new("postgres_read_only_role_and_no_password_in_output") else {
        return;
    };
    let incident = repo_root().join("examples/incident/prisma");
    db.apply_prisma(&prisma_migrations(&incident.join("migrations")));
    let role = unique("miglint_reader");
    let password = format!("Pw{}Secret", std::process::id());
    db.client()
        .batch_execute(&format!(
            "CREATE ROLE {role} LOGIN PASSWORD '{password}'; \
             REVOKE ALL ON SCHEMA public FROM PUBLIC; \
             GRANT CONNECT ON DATABASE {} TO {role}; \
             GRANT USAGE ON SCHEMA public TO {role}; \
             GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role};",
            db.name
        ))
        .unwrap();
    let base = std::env::var("MIGLINT_TEST_DATABASE_URL").unwrap();
    let host = base
        .split_once('@')
        .map(|(_, rest)| rest.split('/').next().unwrap_or(rest))
        .unwrap()
        .to_owned();
    let url = format!("postgres://{role}:{password}@{host}/{}", db.name);

    for format in ["human", "json", "gcc", "github", "sarif", "gitlab"] {
        let run = miglint(&[
            "verify",
            "--database-url",
            &url,
            incident.to_str().unwrap(),
            "--format",
            format,
        ]);
        assert_eq!(run.code, 1, "{format}: {}", run.stderr);
        assert!(run.stdout.contains("unlimitedPose"), "{format}");
        assert!(
            !run.stdout.contains(&password) && !run.stderr.contains(&password),
            "{format} shows the password"
        );
    }
    // Failures: a wrong password, a server that is not there, a missing
    // database; each exits 2 and names the database without the password.
    for bad in [
        format!("postgres://{role}:{password}x@{host}/{}", db.name),
        format!("postgres://{role}:{password}@127.0.0.1:1/{}", db.name),
        format!("postgres://{role}:{password}@{host}/no_such_database_here"),
    ] {
        let run = miglint(&["verify", "--database-url", &bad, incident.to_str().unwrap()]);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(
            run.stderr.contains("cannot verify against postgres://"),
            "{}",
            run.stderr
        );
        assert!(
            !run.stdout.contains(&password) && !run.stderr.contains(&password),
            "{}",
            run.stderr
        );
    }
    // The URL from the environment works the same.
    let output = Command::new(env!("CARGO_BIN_EXE_miglint"))
        .args(["verify", incident.to_str().unwrap(), "--format", "gcc"])
        .env_remove("DATABASE_URL")
        .env("MIGLINT_DATABASE_URL", &url)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    db.client()
        .batch_execute(&format!(
            "REASSIGN OWNED BY {role} TO CURRENT_USER; DROP OWNED BY {role}"
        ))
        .unwrap();
    drop(db);
    if let Ok(base) = std::env::var("MIGLINT_TEST_DATABASE_URL") {
        let mut admin = postgres::Client::connect(&base, postgres::NoTls).unwrap();
        let _ = admin.batch_execute(&format!("DROP ROLE IF EXISTS {role}"));
    }
}

// ---------------------------------------------------------------- SQLite

/// golang-migrate on SQLite: pocket-id's history applied file by file, with
/// golang-migrate's one-row `schema_migrations` (version, dirty).
#[test]
fn sqlite_golang_migrate_corpus_history() {
    let Some(corpus) = support::corpus_root("sqlite_golang_migrate_corpus_history") else {
        return;
    };
    let copy = TempDir::new("verify-pocket-id");
    copy_dir(
        &corpus.join("pocket-id/backend/resources/migrations/sqlite"),
        &copy.path().join("migrations"),
    );
    let mut ups: Vec<(u64, PathBuf)> = std::fs::read_dir(copy.path().join("migrations"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".up.sql"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
            (digits.parse().unwrap(), p)
        })
        .collect();
    ups.sort();
    let file = copy.path().join("app.db");
    let connection = rusqlite::Connection::open(&file).unwrap();
    // pocket-id registers `normalize(text, form)` in its own connection.
    connection
        .create_scalar_function(
            "normalize",
            2,
            rusqlite::functions::FunctionFlags::SQLITE_UTF8,
            |cx| cx.get::<Option<String>>(0),
        )
        .unwrap();
    connection
        .execute_batch("CREATE TABLE schema_migrations (version uint64, dirty bool)")
        .unwrap();
    for (_, path) in &ups {
        connection
            .execute_batch(&std::fs::read_to_string(path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
    let last = ups.last().unwrap().0;
    connection
        .execute(
            "INSERT INTO schema_migrations (version, dirty) VALUES (?1, 0)",
            [i64::try_from(last).unwrap()],
        )
        .unwrap();
    let url = format!("sqlite:{}", file.display());
    let project = copy.path().join("migrations");

    let (code, found) = verify(&url, &project);
    assert_eq!((code, found.len()), (0, 0), "{found:#?}");

    // Dirty: the last migration failed part-way.
    connection
        .execute("UPDATE schema_migrations SET dirty = 1", [])
        .unwrap();
    let (_, found) = verify(&url, &project);
    assert_eq!(rules(&found), ["migration-failed"], "{found:#?}");
    connection
        .execute("UPDATE schema_migrations SET dirty = 0", [])
        .unwrap();

    // A new migration on disk.
    std::fs::write(
        project.join(format!("{}_add_note.up.sql", last + 1)),
        "CREATE TABLE notes (id integer PRIMARY KEY);\n",
    )
    .unwrap();
    let (_, found) = verify(&url, &project);
    assert_eq!(rules(&found), ["migration-not-applied"], "{found:#?}");
    std::fs::remove_file(project.join(format!("{}_add_note.up.sql", last + 1))).unwrap();

    // A table created by hand.
    connection
        .execute_batch("CREATE TABLE hand_made (id integer PRIMARY KEY, note text)")
        .unwrap();
    let (code, found) = verify(&url, &project);
    assert_eq!(code, 1);
    assert_eq!(
        rules(&found),
        ["schema-changed-outside-migrations"],
        "{found:#?}"
    );
    assert_eq!(found[0].table.as_deref(), Some("hand_made"));
}

#[test]
fn sqlite_session_cannot_write_and_missing_file_is_an_error() {
    let dir = TempDir::new("verify-sqlite-missing");
    let project = repo_root().join("examples/incident/prisma");
    let missing = dir.path().join("absent.db");
    let run = miglint(&[
        "verify",
        "--database-url",
        &format!("file:{}", missing.display()),
        project.to_str().unwrap(),
        "--dialect",
        "sqlite",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!missing.exists(), "verify created the database file");
}

// ---------------------------------------------------------------- MariaDB / MySQL

/// A scratch database on the MariaDB/MySQL test server, dropped on drop.
struct MyScratch {
    admin: mysql::Conn,
    name: String,
    url: String,
}

impl MyScratch {
    fn new(test: &str) -> Option<Self> {
        use mysql::prelude::Queryable;
        let Ok(base) = std::env::var("MIGLINT_TEST_MYSQL_URL") else {
            eprintln!("{test}: skipped, MIGLINT_TEST_MYSQL_URL is not set (see .ci/run)");
            return None;
        };
        let mut admin = mysql::Conn::new(mysql::Opts::from_url(&base).unwrap()).unwrap();
        let name = unique("miglint_verify");
        admin.query_drop(format!("CREATE DATABASE {name}")).unwrap();
        Some(Self {
            admin,
            url: with_database(&base, &name),
            name,
        })
    }

    fn conn(&self) -> mysql::Conn {
        mysql::Conn::new(mysql::Opts::from_url(&self.url).unwrap()).unwrap()
    }

    /// Runs a script as one multi-statement query, as Prisma's MySQL driver
    /// does, failing on the first statement that fails (dropping the result
    /// would drop that error silently).
    fn script(conn: &mut mysql::Conn, sql: &str) -> Result<(), mysql::Error> {
        use mysql::prelude::Queryable;
        let mut result = conn.query_iter(sql)?;
        while let Some(set) = result.iter() {
            for row in set {
                row?;
            }
        }
        Ok(())
    }

    /// Applies Prisma migrations as `prisma migrate deploy` does: each file
    /// as one script, then its `_prisma_migrations` row with the SHA-256 of
    /// the file. MySQL 8 functions MariaDB lacks are defined first, as a
    /// MariaDB deployment of such a history would have to.
    fn apply_prisma(&self, migrations: &[(String, PathBuf)]) {
        use mysql::prelude::Queryable;
        let mut conn = self.conn();
        if Self::script(&mut conn, "SELECT BIN_TO_UUID(RANDOM_BYTES(16))").is_err() {
            conn.query_drop(
                "CREATE FUNCTION BIN_TO_UUID(b BINARY(16)) RETURNS CHAR(36) NO SQL \
                 RETURN LOWER(CONCAT_WS('-', HEX(SUBSTR(b, 1, 4)), HEX(SUBSTR(b, 5, 2)), \
                 HEX(SUBSTR(b, 7, 2)), HEX(SUBSTR(b, 9, 2)), HEX(SUBSTR(b, 11, 6))))",
            )
            .unwrap();
        }
        conn.query_drop(
            "CREATE TABLE IF NOT EXISTS `_prisma_migrations` (`id` VARCHAR(36) PRIMARY KEY NOT NULL, \
             `checksum` VARCHAR(64) NOT NULL, `finished_at` DATETIME(3), \
             `migration_name` VARCHAR(255) NOT NULL, `logs` TEXT, `rolled_back_at` DATETIME(3), \
             `started_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \
             `applied_steps_count` INTEGER UNSIGNED NOT NULL DEFAULT 0)",
        )
        .unwrap();
        for (migration, path) in migrations {
            let bytes = std::fs::read(path).unwrap();
            Self::script(&mut conn, &String::from_utf8(bytes.clone()).unwrap())
                .unwrap_or_else(|e| panic!("{migration}: {e}"));
            conn.exec_drop(
                "INSERT INTO `_prisma_migrations` (id, checksum, finished_at, migration_name, \
                 applied_steps_count) VALUES (UUID(), ?, NOW(3), ?, 1)",
                (sha256_hex(&bytes), migration),
            )
            .unwrap();
        }
    }
}

impl Drop for MyScratch {
    fn drop(&mut self) {
        use mysql::prelude::Queryable;
        let _ = self
            .admin
            .query_drop(format!("DROP DATABASE IF EXISTS {}", self.name));
    }
}

/// umami's MySQL history applied as Prisma does, then changed the ways
/// production drifts: (a)–(e) of the PostgreSQL test, on MariaDB or MySQL.
#[test]
fn mysql_prisma_corpus_history() {
    use mysql::prelude::Queryable;
    let Some(corpus) = support::corpus_root("mysql_prisma_corpus_history") else {
        return;
    };
    let Some(db) = MyScratch::new("mysql_prisma_corpus_history") else {
        return;
    };
    let copy = TempDir::new("verify-umami-mysql");
    copy_dir(&corpus.join("umami-mysql/db/mysql"), copy.path());
    let migrations = prisma_migrations(&copy.path().join("migrations"));
    db.apply_prisma(&migrations);

    // (a) as deployed: the model matches the history, and the server's
    // spelling of what the history built (defaults, MariaDB's JSON) is not
    // drift.
    let (code, found) = verify(&db.url, copy.path());
    assert_eq!((code, found.len()), (0, 0), "{found:#?}");

    // (c) an applied migration edited afterwards.
    let (edited_name, edited) = &migrations[1];
    let original = std::fs::read_to_string(edited).unwrap();
    std::fs::write(edited, format!("{original}\n-- edited after deploy\n")).unwrap();
    let (_, found) = verify(&db.url, copy.path());
    assert_eq!(rules(&found), ["applied-migration-edited"], "{found:#?}");
    assert!(
        found[0]
            .file
            .ends_with(&format!("{edited_name}/migration.sql"))
    );
    std::fs::write(edited, &original).unwrap();

    // (d) a new migration folder not deployed yet.
    let new = copy.path().join("migrations/99_add_note");
    std::fs::create_dir_all(&new).unwrap();
    std::fs::write(
        new.join("migration.sql"),
        "ALTER TABLE `website` ADD COLUMN `note` TEXT NULL;\n",
    )
    .unwrap();
    let (_, found) = verify(&db.url, copy.path());
    assert_eq!(rules(&found), ["migration-not-applied"], "{found:#?}");
    assert!(found[0].file.ends_with("99_add_note/migration.sql"));

    // (e) its deploy failed half-way: Prisma's row without finished_at; what
    // of it did not reach the database shows too.
    let mut conn = db.conn();
    conn.query_drop(
        "INSERT INTO `_prisma_migrations` (id, checksum, migration_name, logs) \
         VALUES ('failed-1', 'x', '99_add_note', 'Lock wait timeout exceeded')",
    )
    .unwrap();
    let (_, found) = verify(&db.url, copy.path());
    assert_eq!(
        rules(&found),
        ["migration-failed", "schema-changed-outside-migrations"],
        "{found:#?}"
    );
    assert!(found.iter().any(|f| f.column.as_deref() == Some("note")));
    std::fs::remove_dir_all(&new).unwrap();
    conn.query_drop("DELETE FROM `_prisma_migrations` WHERE id = 'failed-1'")
        .unwrap();

    // (b) a column dropped by hand in production (one no index uses).
    let (table, column): (String, String) = conn
        .query_first(
            "SELECT c.TABLE_NAME, c.COLUMN_NAME FROM information_schema.COLUMNS c \
             WHERE c.TABLE_SCHEMA = DATABASE() AND c.TABLE_NAME <> '_prisma_migrations' \
               AND c.IS_NULLABLE = 'YES' AND NOT EXISTS (SELECT 1 FROM information_schema.STATISTICS s \
                   WHERE s.TABLE_SCHEMA = c.TABLE_SCHEMA AND s.TABLE_NAME = c.TABLE_NAME \
                     AND s.COLUMN_NAME = c.COLUMN_NAME) \
             ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION LIMIT 1",
        )
        .unwrap()
        .unwrap();
    conn.query_drop(format!("ALTER TABLE `{table}` DROP COLUMN `{column}`"))
        .unwrap();
    let (code, found) = verify(&db.url, copy.path());
    assert_eq!(code, 1);
    assert_eq!(
        rules(&found),
        ["model-column-missing", "schema-changed-outside-migrations"],
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .all(|f| f.column.as_deref() == Some(column.as_str())
                && f.table.as_deref() == Some(table.as_str())),
        "{found:#?}"
    );
}

/// A small Prisma MySQL project whose model has one column (`plan`) that no
/// migration adds. Its other defaults are ones the server prints otherwise
/// (MariaDB 10.11: `0.00`, `1000`, `0`, `current_timestamp()`), not drift.
fn mysql_project_missing_a_column(dir: &Path) {
    std::fs::create_dir_all(dir.join("migrations/20240101000000_init")).unwrap();
    std::fs::write(
        dir.join("schema.prisma"),
        "datasource db {\n  provider = \"mysql\"\n  url      = env(\"DATABASE_URL\")\n}\n\n\
         model User {\n  id    Int    @id @default(autoincrement())\n  \
         email String @unique\n  plan  String @default(\"free\")\n  \
         balance Decimal @default(0) @db.Decimal(10, 2)\n  \
         ratio Float @default(1e3)\n  active Boolean @default(false)\n  \
         seen DateTime @default(now()) @db.DateTime(0)\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("migrations/migration_lock.toml"),
        "provider = \"mysql\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("migrations/20240101000000_init/migration.sql"),
        "-- CreateTable\nCREATE TABLE `User` (\n    `id` INTEGER NOT NULL AUTO_INCREMENT,\n    \
         `email` VARCHAR(191) NOT NULL,\n    \
         `balance` DECIMAL(10, 2) NOT NULL DEFAULT 0,\n    \
         `ratio` DOUBLE NOT NULL DEFAULT 1e3,\n    \
         `active` BOOLEAN NOT NULL DEFAULT false,\n    \
         `seen` DATETIME(0) NOT NULL DEFAULT CURRENT_TIMESTAMP(0),\n\n    UNIQUE INDEX `User_email_key`(`email`),\n    \
         PRIMARY KEY (`id`)\n) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\n",
    )
    .unwrap();
}

/// A user that may only read: verify works with it (so it writes nothing),
/// and its password shows in no output format and no error.
#[test]
fn mysql_read_only_user_and_no_password_in_output() {
    use mysql::prelude::Queryable;
    let Some(db) = MyScratch::new("mysql_read_only_user_and_no_password_in_output") else {
        return;
    };
    let dir = TempDir::new("verify-mysql-reader");
    mysql_project_missing_a_column(dir.path());
    db.apply_prisma(&prisma_migrations(&dir.path().join("migrations")));
    let user = unique("miglint_reader");
    let password = format!("Pw{}Secret", std::process::id());
    let mut conn = db.conn();
    conn.query_drop(format!(
        "CREATE USER '{user}'@'%' IDENTIFIED BY '{password}'"
    ))
    .unwrap();
    conn.query_drop(format!("GRANT SELECT ON {}.* TO '{user}'@'%'", db.name))
        .unwrap();
    let grants: Vec<String> = conn.query(format!("SHOW GRANTS FOR '{user}'@'%'")).unwrap();
    assert!(
        grants
            .iter()
            .all(|g| !g.contains("INSERT") && !g.contains("ALL PRIVILEGES")),
        "{grants:?}"
    );
    let base = std::env::var("MIGLINT_TEST_MYSQL_URL").unwrap();
    let host = base
        .split_once('@')
        .map(|(_, rest)| rest.split('/').next().unwrap_or(rest))
        .unwrap()
        .to_owned();
    let url = format!("mysql://{user}:{password}@{host}/{}", db.name);

    let project = dir.path().to_str().unwrap();
    for format in ["human", "json", "gcc", "github", "sarif", "gitlab"] {
        let run = miglint(&[
            "verify",
            "--database-url",
            &url,
            project,
            "--format",
            format,
        ]);
        assert_eq!(run.code, 1, "{format}: {}", run.stderr);
        assert!(run.stdout.contains("plan"), "{format}: {}", run.stdout);
        assert!(
            !run.stdout.contains(&password) && !run.stderr.contains(&password),
            "{format} shows the password"
        );
    }
    let (_, found) = verify(&url, dir.path());
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(rules(&found), ["model-column-missing"], "{found:#?}");
    assert_eq!(found[0].column.as_deref(), Some("plan"));
    // A default that differs in value still is drift.
    let model = std::fs::read_to_string(dir.path().join("schema.prisma")).unwrap();
    std::fs::write(
        dir.path().join("schema.prisma"),
        model.replace("@default(0)", "@default(0.5)"),
    )
    .unwrap();
    let (_, found) = verify(&url, dir.path());
    assert!(
        found
            .iter()
            .any(|f| f.rule == "column-default-mismatch" && f.column.as_deref() == Some("balance")),
        "{found:#?}"
    );
    std::fs::write(dir.path().join("schema.prisma"), model).unwrap();

    // Failures: a wrong password, a server that is not there, a database the
    // user may not see; each exits 2 and names the database without the password.
    for bad in [
        format!("mysql://{user}:{password}x@{host}/{}", db.name),
        format!("mysql://{user}:{password}@127.0.0.1:1/{}", db.name),
        format!("mysql://{user}:{password}@{host}/no_such_database_here"),
    ] {
        let run = miglint(&["verify", "--database-url", &bad, project]);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(
            run.stderr.contains("cannot verify against mysql://"),
            "{}",
            run.stderr
        );
        assert!(
            !run.stdout.contains(&password) && !run.stderr.contains(&password),
            "{}",
            run.stderr
        );
    }
    // The session is read-only even for a user who could write.
    let admin_url = db.url.clone();
    let run = miglint(&[
        "verify",
        "--database-url",
        &admin_url,
        project,
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let rows: Vec<(String, u64)> = conn
        .query("SELECT migration_name, applied_steps_count FROM `_prisma_migrations`")
        .unwrap();
    assert_eq!(rows, [("20240101000000_init".to_owned(), 1)]);
    let _ = conn.query_drop(format!("DROP USER IF EXISTS '{user}'@'%'"));
}
