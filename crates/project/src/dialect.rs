//! Evidence for a project's dialect, strongest first. Each helper returns the
//! dialect and where it came from (shown in messages as `dialect_source`).

use std::path::{Path, PathBuf};

use miglint_source::Dialect;

pub(crate) struct Evidence {
    pub dialect: Dialect,
    pub source: String,
}

impl Evidence {
    pub fn new(dialect: Dialect, source: impl Into<String>) -> Self {
        Self {
            dialect,
            source: source.into(),
        }
    }

    pub fn default_postgres() -> Self {
        Self::new(Dialect::Postgres, "default")
    }
}

/// The dialect a word of a folder or file name names (`sqlite`, `mysql`, `postgres`, …).
fn dialect_word(word: &str) -> Option<Dialect> {
    match word.to_ascii_lowercase().as_str() {
        "sqlite" | "sqlite3" => Some(Dialect::Sqlite),
        "mysql" | "mariadb" => Some(Dialect::MySql),
        "postgres" | "postgresql" | "pg" => Some(Dialect::Postgres),
        _ => None,
    }
}

/// A dialect named by the migrations folder or one of its two parents, the
/// nearest first: `migrations/sqlite`, `atuin-server-sqlite/migrations`, `db.sqlite/`.
pub(crate) fn from_folder_names(dir: &Path) -> Option<Evidence> {
    dir.ancestors().take(3).find_map(|folder| {
        let name = folder.file_name()?.to_str()?;
        let dialect = name
            .split(|c: char| !c.is_ascii_alphanumeric())
            .find_map(dialect_word)?;
        Some(Evidence::new(dialect, format!("folder name `{name}`")))
    })
}

/// Dialect words in a config value such as drizzle's `"dialect": "pg"`.
pub(crate) fn from_config_word(value: &str, source: &str) -> Option<Evidence> {
    let dialect = match value.trim().to_ascii_lowercase().as_str() {
        "turso" | "libsql" | "d1" => Some(Dialect::Sqlite),
        "singlestore" => Some(Dialect::MySql),
        other => dialect_word(other),
    }?;
    Some(Evidence::new(dialect, source))
}

/// The database feature of `crate_name` (`sqlx`, `diesel`) in the nearest
/// `Cargo.toml` above the folder, when it names exactly one database.
pub(crate) fn from_cargo_features(dir: &Path, crate_name: &str) -> Option<Evidence> {
    let manifest = dir
        .ancestors()
        .take(4)
        .map(|folder| folder.join("Cargo.toml"))
        .find(|path| path.is_file())?;
    let text = std::fs::read_to_string(&manifest).ok()?;
    let value: toml::Table = text.parse().ok()?;
    let features = value
        .get("dependencies")?
        .get(crate_name)?
        .get("features")?
        .as_array()?;
    let mut found = features
        .iter()
        .filter_map(|f| f.as_str())
        .filter_map(|f| dialect_word(f.trim_start_matches("runtime-")))
        .collect::<Vec<_>>();
    found.dedup();
    match found.as_slice() {
        [dialect] => Some(Evidence::new(
            *dialect,
            format!("{crate_name} features in {}", manifest.display()),
        )),
        _ => None,
    }
}

/// Words that only one dialect accepts, searched case-insensitively.
const POSTGRES_MARKERS: [&str; 7] = [
    "$$",
    "plpgsql",
    "serial",
    "timestamptz",
    "jsonb",
    "bytea",
    "::",
];
const SQLITE_MARKERS: [&str; 6] = [
    "autoincrement",
    "pragma ",
    "without rowid",
    "strftime",
    "julianday",
    "unixepoch",
];
const MYSQL_MARKERS: [&str; 4] = ["auto_increment", "engine=", "engine =", "unsigned"];

/// SQLite or MySQL when the files use words only that dialect has and
/// nothing PostgreSQL-only; a `blob` column counts for SQLite unless MySQL
/// words appear too. PostgreSQL-looking or neutral SQL gives `None`.
pub(crate) fn from_sql_markers(files: &[PathBuf]) -> Option<Evidence> {
    let mut sqlite = None;
    let mut mysql = None;
    let mut blob = false;
    for file in files {
        let text = crate::detect::read_text(file).to_ascii_lowercase();
        if POSTGRES_MARKERS.iter().any(|m| text.contains(m)) {
            return None;
        }
        sqlite = sqlite.or_else(|| SQLITE_MARKERS.iter().find(|m| text.contains(*m)));
        mysql = mysql.or_else(|| MYSQL_MARKERS.iter().find(|m| text.contains(*m)));
        blob |= text.contains(" blob");
    }
    match (sqlite, mysql) {
        (Some(word), None) => Some(Evidence::new(
            Dialect::Sqlite,
            format!("SQLite-only SQL (`{}`)", word.trim()),
        )),
        (None, Some(word)) => Some(Evidence::new(
            Dialect::MySql,
            format!("MySQL-only SQL (`{}`)", word.trim()),
        )),
        (None, None) if blob => Some(Evidence::new(Dialect::Sqlite, "SQLite-only SQL (`blob`)")),
        _ => None,
    }
}

/// The usual chain for tools without a dialect setting of their own.
pub(crate) fn guess(dir: &Path, files: &[PathBuf], cargo_crate: Option<&str>) -> Evidence {
    from_folder_names(dir)
        .or_else(|| cargo_crate.and_then(|name| from_cargo_features(dir, name)))
        .or_else(|| from_sql_markers(files))
        .unwrap_or_else(Evidence::default_postgres)
}
