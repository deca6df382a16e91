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
    let dependency = value.get("dependencies")?.get(crate_name)?;
    let mut features: Vec<String> = feature_names(dependency);
    // `sqlx = { workspace = true }` takes the workspace's features too.
    if dependency.get("workspace").and_then(toml::Value::as_bool) == Some(true) {
        features.extend(workspace_features(&manifest, crate_name));
    }
    let mut found = features
        .iter()
        .filter_map(|f| {
            let f = f.trim_start_matches("runtime-");
            dialect_word(f).or_else(|| dialect_word(f.split('-').next().unwrap_or(f)))
        })
        .collect::<Vec<_>>();
    found.sort_by_key(|d| d.name());
    found.dedup();
    match found.as_slice() {
        [dialect] => Some(Evidence::new(
            *dialect,
            format!("{crate_name} features in {}", manifest.display()),
        )),
        _ => None,
    }
}

fn feature_names(dependency: &toml::Value) -> Vec<String> {
    dependency
        .get("features")
        .and_then(toml::Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|f| f.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// The features of `[workspace.dependencies] <crate_name>` in the nearest
/// workspace manifest above `member`.
fn workspace_features(member: &Path, crate_name: &str) -> Vec<String> {
    member
        .ancestors()
        .skip(2)
        .take(6)
        .map(|folder| folder.join("Cargo.toml"))
        .filter(|path| path.is_file())
        .find_map(|path| {
            let value: toml::Table = std::fs::read_to_string(path).ok()?.parse().ok()?;
            let dependency = value
                .get("workspace")?
                .get("dependencies")?
                .get(crate_name)?;
            Some(feature_names(dependency))
        })
        .unwrap_or_default()
}

/// Files that hold the database URL a project's tools connect with.
const URL_FILES: [&str; 5] = [
    ".env",
    ".env.example",
    ".env.sample",
    ".env.local",
    "sqlx.toml",
];

/// The dialect of a `DATABASE_URL` (`sqlite:`, `*.sqlite`, `*.db`,
/// `postgres://`, `mysql://`) in a `.env`-like file of the folder or one of
/// its three parents, the nearest first.
pub(crate) fn from_database_url(dir: &Path) -> Option<Evidence> {
    dir.ancestors().take(4).find_map(|folder| {
        URL_FILES.iter().find_map(|name| {
            let path = folder.join(name);
            let text = std::fs::read_to_string(&path).ok()?;
            let dialect = text.lines().find_map(url_dialect)?;
            Some(Evidence::new(
                dialect,
                format!("database URL in {}", path.display()),
            ))
        })
    })
}

/// The dialect of a `…DATABASE_URL = value` line.
fn url_dialect(line: &str) -> Option<Dialect> {
    let (key, value) = line.split_once('=')?;
    if !key
        .trim()
        .trim_start_matches("export ")
        .ends_with("DATABASE_URL")
    {
        return None;
    }
    let value = value.trim().trim_matches(['"', '\'']).to_ascii_lowercase();
    if value.starts_with("sqlite:")
        || value.starts_with("file:")
        || [".sqlite", ".sqlite3", ".db"]
            .iter()
            .any(|e| value.ends_with(e))
    {
        Some(Dialect::Sqlite)
    } else if value.starts_with("postgres://") || value.starts_with("postgresql://") {
        Some(Dialect::Postgres)
    } else if value.starts_with("mysql://") || value.starts_with("mariadb://") {
        Some(Dialect::MySql)
    } else {
        None
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
        // Lower-cased in place: a copy would hold a large file twice.
        let mut text = crate::detect::read_text(file);
        text.make_ascii_lowercase();
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
        .or_else(|| from_database_url(dir))
        .or_else(|| from_sql_markers(files))
        .or_else(|| from_sibling_folders(dir))
        .unwrap_or_else(Evidence::default_postgres)
}

/// SQLite or MySQL-only SQL in the other migration folders beside `dir`
/// (one crate's `migrations/` and `record-migrations/` serve one database).
pub(crate) fn from_sibling_folders(dir: &Path) -> Option<Evidence> {
    let parent = dir.parent()?;
    let mut siblings: Vec<PathBuf> = std::fs::read_dir(parent)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p != dir
                && p.is_dir()
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.to_ascii_lowercase().contains("migration"))
        })
        .collect();
    siblings.sort();
    let files: Vec<PathBuf> = siblings
        .iter()
        .filter_map(|s| std::fs::read_dir(s).ok())
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .take(200)
        .collect();
    let found = from_sql_markers(&files)?;
    Some(Evidence::new(
        found.dialect,
        format!("{} in a sibling migrations folder", found.source),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_urls_name_the_dialect() {
        assert_eq!(
            url_dialect("DATABASE_URL=sqlite:./app.db"),
            Some(Dialect::Sqlite)
        );
        assert_eq!(
            url_dialect("export DATABASE_URL=\"data/app.sqlite\""),
            Some(Dialect::Sqlite)
        );
        assert_eq!(
            url_dialect("DATABASE_URL=postgres://u@h/db"),
            Some(Dialect::Postgres)
        );
        assert_eq!(
            url_dialect("TEST_DATABASE_URL=mysql://u@h/db"),
            Some(Dialect::MySql)
        );
        assert_eq!(url_dialect("REDIS_URL=sqlite:x"), None);
        assert_eq!(url_dialect("DATABASE_URL=${DB}"), None);
    }
}
