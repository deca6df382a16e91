//! Ground truth: apply each PostgreSQL corpus to a real server and compare the
//! server's catalog with miglint's replay of the same history.
//!
//! Runs when `MIGLINT_TEST_DATABASE_URL` points at a PostgreSQL server (e.g.
//! `postgres://postgres:postgres@127.0.0.1:5432/postgres`; `.ci/run` starts one)
//! and the corpus is present; otherwise it is skipped with a notice. It talks
//! to the server through `psql`, which ships with the server.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod support;

use support::differences;

/// How the difference lines name the server.
const SERVER: &str = "postgres";

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use miglint_catalog::types::normalize_default;
use miglint_catalog::{Catalog, ConstraintKind};
use miglint_engine::schema::schema_document;
use miglint_engine::{Config, replay};
use miglint_project::{Overrides, Project, discover};
use miglint_source::Dialect;

/// PostgreSQL corpora whose history applies cleanly to PostgreSQL 15, with the
/// setup a real deployment has before the first migration runs. Left out:
/// formbricks (needs the `vector` extension, not packaged for PostgreSQL 15
/// here), lemmy (uses PostgreSQL 16 syntax: a subquery in FROM without an
/// alias), upchieve (three files put `-- migrate:down` after indentation,
/// which dbmate does not take as the marker, so their down SQL runs as up
/// and fails) and supabase-dbdev (needs Supabase's platform schemas).
const CORPORA: &[(&str, &str, &str)] = &[
    ("umami-pg", "umami-pg/prisma", ""),
    ("langfuse", "langfuse/packages/shared/prisma", ""),
    (
        "trigger-dev",
        "trigger-dev/internal-packages/database/prisma",
        "",
    ),
    (
        "hoppscotch",
        "hoppscotch/packages/hoppscotch-backend/prisma",
        "",
    ),
    ("papermark", "papermark/prisma", ""),
    (
        "teable-pg",
        "teable-pg/packages/db-main-prisma/prisma/postgres",
        "",
    ),
    (
        "atuin-pg",
        "atuin/crates/atuin-server-postgres/migrations",
        "",
    ),
    (
        "pocket-id-pg",
        "pocket-id/backend/resources/migrations/postgres",
        "",
    ),
    (
        "marquez",
        "marquez/api/src/main/resources/marquez/db/migration",
        "",
    ),
    ("dokploy", "dokploy/apps/dokploy/drizzle", ""),
    // golang-migrate creates its table before the first migration; harbor's
    // migrations alter it.
    (
        "harbor",
        "harbor/make/migrations/postgresql",
        "CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL)",
    ),
];

/// Differences known and not yet resolved, each listed in
/// `notes/fidelity.md` with its cause: (corpus, the difference's kind, the
/// `schema.table.column` it is about). Any other difference fails the test.
const KNOWN_DIFFERENCES: &[(&str, &str, &str)] = &[];

fn is_known(corpus: &str, line: &str) -> bool {
    KNOWN_DIFFERENCES.iter().any(|(c, kind, subject)| {
        *c == corpus
            && line.trim_start().starts_with(kind)
            && line.contains(&format!(" {subject} = "))
    })
}

struct Server {
    url: String,
}

impl Server {
    fn from_env() -> Option<Self> {
        match std::env::var("MIGLINT_TEST_DATABASE_URL") {
            Ok(url) if !url.is_empty() => Some(Self { url }),
            _ => {
                miglint_testing::skip(format_args!(
                    "SKIPPED postgres_replay: MIGLINT_TEST_DATABASE_URL is not set (.ci/run sets it)"
                ));
                None
            }
        }
    }

    /// The URL of database `name` on the same server.
    fn database_url(&self, name: &str) -> String {
        match self.url.rsplit_once('/') {
            Some((base, _)) => format!("{base}/{name}"),
            None => self.url.clone(),
        }
    }

    fn psql(&self, url: &str, args: &[&str], input: Option<&str>) -> Result<String, String> {
        let mut child = Command::new("psql")
            .args([
                "-X",
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "-A",
                "-t",
                "-F",
                "\t",
                "-d",
                url,
            ])
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run psql: {e}"))?;
        if let Some(mut stdin) = child.stdin.take() {
            stdin.write_all(input.unwrap_or("").as_bytes()).unwrap();
        }
        let output = child.wait_with_output().unwrap();
        if output.status.success() {
            Ok(String::from_utf8_lossy(&output.stdout).into_owned())
        } else {
            Err(String::from_utf8_lossy(&output.stderr).into_owned())
        }
    }

    fn rows(&self, url: &str, sql: &str) -> Vec<Vec<String>> {
        self.psql(url, &["-c", sql], None)
            .unwrap()
            .lines()
            .filter(|l| !l.is_empty())
            .map(|l| l.split('\t').map(str::to_owned).collect())
            .collect()
    }
}

/// What the comparison covers, as sets of printable facts.
#[derive(Default, Debug)]
struct Facts {
    tables: BTreeSet<String>,
    columns: BTreeSet<String>,
    enums: BTreeSet<String>,
    primary_keys: BTreeSet<String>,
    unique_indexes: BTreeSet<String>,
    /// `schema.table.column = default`, both sides normalised.
    defaults: BTreeSet<String>,
    foreign_keys: BTreeSet<String>,
    checks: BTreeSet<String>,
    /// Views by name, `materialized` marked.
    views: BTreeSet<String>,
    /// Every index: name, key columns, unique, access method, partial or not.
    indexes: BTreeSet<String>,
}

const USER_SCHEMAS: &str = "n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')";
/// Objects an extension created are not the history's.
const NOT_FROM_EXTENSION: &str =
    "NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')";

fn server_facts(server: &Server, url: &str, tool_tables: &[String]) -> Facts {
    let mut facts = Facts::default();
    // The migration tool's own tables (miglint assumes they exist) are not
    // the history's; a clause on `n` and `c` that leaves them out.
    let quoted: Vec<String> = tool_tables
        .iter()
        .map(|t| format!("'{}'", t.replace('\'', "''")))
        .collect();
    let not_tool = if quoted.is_empty() {
        "true".to_owned()
    } else {
        format!(
            "n.nspname || '.' || c.relname NOT IN ({})",
            quoted.join(", ")
        )
    };
    for row in server.rows(url, &format!(
        "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE c.relkind IN ('r', 'p') AND {USER_SCHEMAS} AND {NOT_FROM_EXTENSION} AND {not_tool}"
    )) {
        facts.tables.insert(row.join("."));
    }
    for row in server.rows(
        url,
        &format!(
            "SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod), \
         CASE WHEN a.attnotnull THEN 'not null' ELSE 'null' END \
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped \
         AND {USER_SCHEMAS} AND {NOT_FROM_EXTENSION} AND {not_tool}"
        ),
    ) {
        facts.columns.insert(row.join(" "));
    }
    for row in server.rows(
        url,
        &format!(
            "SELECT n.nspname, t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) \
         FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid \
         JOIN pg_namespace n ON n.oid = t.typnamespace WHERE {USER_SCHEMAS} \
         GROUP BY n.nspname, t.typname"
        ),
    ) {
        facts.enums.insert(row.join(" "));
    }
    for row in server.rows(url, &format!(
        "SELECT n.nspname, c.relname, i.indisprimary, ic.relname, \
         (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(i.indkey) WITH ORDINALITY k(attnum, ord) \
          JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum) \
         FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE i.indisunique AND i.indexprs IS NULL AND i.indpred IS NULL AND c.relkind IN ('r', 'p') \
         AND {USER_SCHEMAS} AND {NOT_FROM_EXTENSION} AND {not_tool}"
    )) {
        let (schema, table, primary, index, columns) = (&row[0], &row[1], &row[2], &row[3], &row[4]);
        if primary == "t" {
            facts.primary_keys.insert(format!("{schema}.{table} ({columns})"));
        } else {
            facts.unique_indexes.insert(format!("{schema}.{table} {index} ({columns})"));
        }
    }
    for row in server.rows(
        url,
        &format!(
            "SELECT n.nspname, c.relname, a.attname, pg_get_expr(d.adbin, d.adrelid) \
         FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum \
         JOIN pg_class c ON c.oid = d.adrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE c.relkind IN ('r', 'p') AND a.attgenerated = '' AND {USER_SCHEMAS} AND {NOT_FROM_EXTENSION} AND {not_tool}"
        ),
    ) {
        let default = normalize_default(&row[3], Dialect::Postgres);
        facts
            .defaults
            .insert(format!("{}.{}.{} = {default}", row[0], row[1], row[2]));
    }
    let action = |code: &str| {
        match code {
            "r" => "RESTRICT",
            "c" => "CASCADE",
            "n" => "SET NULL",
            "d" => "SET DEFAULT",
            _ => "NO ACTION",
        }
        .to_owned()
    };
    for row in server.rows(url, &format!(
        "SELECT n.nspname, c.relname, con.conname, \
         (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord) \
          JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum), \
         rn.nspname, rc.relname, \
         (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord) \
          JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum), \
         con.confdeltype, con.confupdtype \
         FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         JOIN pg_class rc ON rc.oid = con.confrelid JOIN pg_namespace rn ON rn.oid = rc.relnamespace \
         WHERE con.contype = 'f' AND {USER_SCHEMAS} AND {NOT_FROM_EXTENSION} AND {not_tool}"
    )) {
        facts.foreign_keys.insert(format!(
            "{}.{} {} ({}) -> {}.{} ({}) on delete {} on update {}",
            row[0], row[1], row[2], row[3], row[4], row[5], row[6],
            action(&row[7]), action(&row[8])
        ));
    }
    for row in server.rows(url, &format!(
        "SELECT n.nspname, c.relname, con.conname, pg_get_constraintdef(con.oid) FROM pg_constraint con \
         JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE con.contype = 'c' AND c.relkind IN ('r', 'p') AND {USER_SCHEMAS} AND {NOT_FROM_EXTENSION} AND {not_tool}"
    )) {
        facts.checks.insert(row[..3].join(" "));
    }
    for row in server.rows(
        url,
        &format!(
            "SELECT n.nspname, c.relname, c.relkind = 'm' FROM pg_class c \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE c.relkind IN ('v', 'm') AND {USER_SCHEMAS} AND {NOT_FROM_EXTENSION} AND {not_tool}"
        ),
    ) {
        facts.views.insert(format!(
            "{}.{} materialized={}",
            row[0],
            row[1],
            row[2] == "t"
        ));
    }
    for row in server.rows(url, &format!(
        "SELECT n.nspname, c.relname, ic.relname, i.indisunique, am.amname, i.indpred IS NOT NULL, \
         (SELECT string_agg(pg_get_indexdef(i.indexrelid, k, true), chr(31) ORDER BY k) \
          FROM generate_series(1, i.indnkeyatts) k) \
         FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid \
         JOIN pg_am am ON am.oid = ic.relam JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE c.relkind IN ('r', 'p') AND {USER_SCHEMAS} AND {NOT_FROM_EXTENSION} AND {not_tool}"
    )) {
        facts.indexes.insert(format!(
            "{}.{} {} ({}) unique={} method={} partial={}",
            row[0], row[1], row[2], index_keys(row[6].split('\u{1f}')), row[3] == "t", row[4], row[5] == "t"
        ));
    }
    facts
}

/// The facts the differential test adds on top of the catalog's, read from
/// `miglint schema`'s document.
fn document_facts(catalog: &Catalog, facts: &mut Facts) {
    let document = schema_document(catalog);
    for schema in &document.schemas {
        for view in &schema.views {
            facts.views.insert(format!(
                "{}.{} materialized={}",
                schema.name, view.name, view.materialized
            ));
        }
        for table in schema.tables.iter().filter(|t| !t.assumed) {
            let at = format!("{}.{}", schema.name, table.name);
            for column in &table.columns {
                if let Some(default) = &column.default {
                    let default = normalize_default(default, Dialect::Postgres);
                    facts
                        .defaults
                        .insert(format!("{at}.{} = {default}", column.name));
                }
            }
            for fk in &table.foreign_keys {
                let action =
                    |a: &Option<String>| a.as_deref().unwrap_or("NO ACTION").to_uppercase();
                facts.foreign_keys.insert(format!(
                    "{at} {} ({}) -> {}.{} ({}) on delete {} on update {}",
                    fk.name,
                    fk.columns.join(","),
                    fk.references.schema,
                    fk.references.table,
                    fk.references.columns.join(","),
                    action(&fk.on_delete),
                    action(&fk.on_update)
                ));
            }
            // Checks by name, and miglint must have kept the expression:
            // `pg_get_constraintdef` prints the analysed expression (`IN (…)`
            // as `= ANY (ARRAY[…])`, implicit casts, every operand
            // parenthesised), which takes type resolution to reproduce.
            for check in &table.checks {
                let kept = if check.expression.is_some() {
                    ""
                } else {
                    " (expression not kept)"
                };
                facts.checks.insert(format!(
                    "{} {} {}{kept}",
                    schema.name, table.name, check.name
                ));
            }
            for index in &table.indexes {
                facts.indexes.insert(format!(
                    "{at} {} ({}) unique={} method={} partial={}",
                    index.name,
                    index_keys(index.columns.iter().map(String::as_str)),
                    index.unique,
                    index.method,
                    index.predicate.is_some()
                ));
            }
        }
    }
}

/// Index keys: a column by its name (`pg_get_indexdef` quotes it only where
/// needed); an expression only as such, since the server prints the analysed
/// expression (implicit casts such as `email::text`, its own quoting and
/// parentheses), which takes type resolution to reproduce.
fn index_keys<'a>(keys: impl Iterator<Item = &'a str>) -> String {
    keys.map(|key| {
        let key = key.trim();
        let name = key
            .strip_prefix('"')
            .and_then(|k| k.strip_suffix('"'))
            .unwrap_or(key);
        if !name.is_empty() && !name.contains(['(', ')', ' ', '"', '\'', ':', '-', '>']) {
            name.to_owned()
        } else {
            "(expression)".to_owned()
        }
    })
    .collect::<Vec<_>>()
    .join(", ")
}

fn replay_facts(catalog: &Catalog) -> Facts {
    let mut facts = Facts::default();
    // Tables assumed to pre-exist (the migration tool's own) are not the history's.
    for table in catalog.tables.iter().filter(|t| !t.assumed) {
        facts
            .tables
            .insert(format!("{}.{}", table.schema, table.name));
        for column in &table.columns {
            let ty = column
                .data_type
                .as_ref()
                .map(|t| t.to_string())
                .unwrap_or_default();
            let null = if column.nullable { "null" } else { "not null" };
            facts.columns.insert(format!(
                "{} {} {} {ty} {null}",
                table.schema, table.name, column.name
            ));
        }
        for constraint in &table.constraints {
            if constraint.kind == ConstraintKind::PrimaryKey {
                facts.primary_keys.insert(format!(
                    "{}.{} ({})",
                    table.schema,
                    table.name,
                    constraint.columns.join(",")
                ));
            }
        }
    }
    for e in &catalog.enums {
        facts
            .enums
            .insert(format!("{} {} {}", e.schema, e.name, e.values.join(",")));
    }
    for index in &catalog.indexes {
        let is_pk = catalog.tables.iter().any(|t| {
            (t.schema.as_str(), t.name.as_str()) == (index.table.0.as_str(), index.table.1.as_str())
                && t.constraints
                    .iter()
                    .any(|c| c.kind == ConstraintKind::PrimaryKey && c.name == index.name)
        });
        // Expression keys are stored as text; the server side leaves them out too.
        let plain_columns = catalog.tables.iter().any(|t| {
            (t.schema.as_str(), t.name.as_str()) == (index.table.0.as_str(), index.table.1.as_str())
                && index
                    .columns
                    .iter()
                    .all(|c| t.columns.iter().any(|col| &col.name == c))
        });
        if index.unique && index.predicate.is_none() && !is_pk && plain_columns {
            facts.unique_indexes.insert(format!(
                "{}.{} {} ({})",
                index.table.0,
                index.table.1,
                index.name,
                index.columns.join(",")
            ));
        }
    }
    facts
}

/// Applies the history in one psql session (one `-f` per migration, the up
/// section written to a scratch file where the tool runs only part of a file).
fn apply(server: &Server, url: &str, project: &Project) -> Result<(), String> {
    let scratch = support::TempDir::new("pg-apply");
    let mut args: Vec<String> = Vec::new();
    for (i, migration) in project.migrations.iter().enumerate() {
        let path = match migration.up_section {
            Some(span) => {
                let text = std::fs::read_to_string(&migration.path).map_err(|e| e.to_string())?;
                scratch.write(&format!("{i:05}.sql"), span.slice(&text))
            }
            None => migration.path.clone(),
        };
        args.push("-f".to_owned());
        args.push(path.to_string_lossy().into_owned());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    server.psql(url, &args, None).map(|_| ())
}

fn postgres_project(path: &Path) -> Project {
    let projects = discover(&[path.to_path_buf()], &Overrides::default()).unwrap();
    projects
        .into_iter()
        .find(|p| p.dialect == Dialect::Postgres)
        .unwrap_or_else(|| panic!("no PostgreSQL project found in {}", path.display()))
}

#[test]
fn replay_matches_postgresql() {
    let Some(corpus) = support::corpus_root("postgres_replay") else {
        return;
    };
    let Some(server) = Server::from_env() else {
        return;
    };
    let mut failures = Vec::new();
    for (name, relative, setup) in CORPORA {
        let project = postgres_project(&corpus.join(relative));
        let database = format!("miglint_diff_{}", name.replace('-', "_"));
        server
            .psql(
                &server.url,
                &["-c", &format!("DROP DATABASE IF EXISTS {database}")],
                None,
            )
            .unwrap();
        server
            .psql(
                &server.url,
                &["-c", &format!("CREATE DATABASE {database}")],
                None,
            )
            .unwrap();
        let url = server.database_url(&database);
        if !setup.is_empty() {
            server.psql(&url, &["-c", setup], None).unwrap();
        }
        if let Err(error) = apply(&server, &url, &project) {
            failures.push(format!("{name}: does not apply to PostgreSQL: {error}"));
            continue;
        }
        let replayed = replay(&project, &Config::default(), &PathBuf::from("."));
        let tool_tables: Vec<String> = replayed
            .catalog
            .tables
            .iter()
            .filter(|t| t.assumed)
            .map(|t| format!("{}.{}", t.schema, t.name))
            .collect();
        let expected = server_facts(&server, &url, &tool_tables);
        let mut found = replay_facts(&replayed.catalog);
        document_facts(&replayed.catalog, &mut found);
        let mut diff = Vec::new();
        diff.extend(differences(
            "table",
            SERVER,
            &expected.tables,
            &found.tables,
        ));
        diff.extend(differences(
            "column",
            SERVER,
            &expected.columns,
            &found.columns,
        ));
        diff.extend(differences("enum", SERVER, &expected.enums, &found.enums));
        diff.extend(differences(
            "primary key",
            SERVER,
            &expected.primary_keys,
            &found.primary_keys,
        ));
        diff.extend(differences(
            "unique index",
            SERVER,
            &expected.unique_indexes,
            &found.unique_indexes,
        ));
        diff.extend(differences(
            "default",
            SERVER,
            &expected.defaults,
            &found.defaults,
        ));
        diff.extend(differences(
            "foreign key",
            SERVER,
            &expected.foreign_keys,
            &found.foreign_keys,
        ));
        diff.extend(differences(
            "check",
            SERVER,
            &expected.checks,
            &found.checks,
        ));
        diff.extend(differences(
            "index",
            SERVER,
            &expected.indexes,
            &found.indexes,
        ));
        diff.extend(differences("view", SERVER, &expected.views, &found.views));
        let known = diff.len();
        diff.retain(|line| {
            let is = is_known(name, line);
            if is {
                eprintln!("postgres_replay {name}: known difference:{line}");
            }
            !is
        });
        let known = known - diff.len();
        eprintln!(
            "postgres_replay {name}: {} migrations, {} tables, {} columns, {} enums, {} defaults, {} foreign keys, {} checks, {} indexes, {} views, {} differences ({known} known)",
            project.migrations.len(),
            expected.tables.len(),
            expected.columns.len(),
            expected.enums.len(),
            expected.defaults.len(),
            expected.foreign_keys.len(),
            expected.checks.len(),
            expected.indexes.len(),
            expected.views.len(),
            diff.len()
        );
        if !diff.is_empty() {
            let shown: Vec<_> = diff.iter().take(200).cloned().collect();
            failures.push(format!(
                "{name}: {} differences\n{}",
                diff.len(),
                shown.join("\n")
            ));
        }
        let _ = server.psql(
            &server.url,
            &["-c", &format!("DROP DATABASE IF EXISTS {database}")],
            None,
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
