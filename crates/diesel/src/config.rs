//! The `[print_schema]` section of `diesel.toml` that wrote the schema file:
//! which database schema it prints and which tables it leaves out.

use std::path::{Path, PathBuf};

use regex::Regex;

/// What `diesel print-schema` was told when it wrote the file.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// `file = "…"`, resolved against the folder of `diesel.toml`.
    pub file: Option<PathBuf>,
    /// `schema = "…"`: the database schema printed (PostgreSQL).
    pub schema: Option<String>,
    /// `filter = { only_tables = […] }`: regular expressions.
    pub only_tables: Vec<Regex>,
    /// `filter = { except_tables = […] }`: regular expressions.
    pub except_tables: Vec<Regex>,
}

impl Config {
    /// Reads the `[print_schema]` section (or the `[print_schema.<name>]`
    /// one) whose `file` is `schema_file`, else the main section. `patch_file`
    /// needs nothing: the file on disk already has the patch applied.
    pub fn from_toml(text: &str, dir: &Path, schema_file: &Path) -> Config {
        let Ok(table) = text.parse::<toml::Table>() else {
            return Config::default();
        };
        let Some(print_schema) = table.get("print_schema").and_then(|v| v.as_table()) else {
            return Config::default();
        };
        let main = section(print_schema, dir);
        if main.prints(schema_file) {
            return main;
        }
        print_schema
            .values()
            .filter_map(|v| v.as_table())
            .filter(|t| t.contains_key("file"))
            .map(|t| section(t, dir))
            .find(|c| c.prints(schema_file))
            .unwrap_or(main)
    }

    /// Whether this section writes `path`.
    pub fn prints(&self, path: &Path) -> bool {
        let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        self.file
            .as_deref()
            .is_some_and(|file| canonical(file) == canonical(path))
    }
}

fn section(table: &toml::Table, dir: &Path) -> Config {
    let patterns = |key: &str| -> Vec<Regex> {
        table
            .get("filter")
            .and_then(|f| f.get(key))
            .and_then(|v| v.as_array())
            .map(|list| {
                list.iter()
                    .filter_map(|p| p.as_str())
                    .filter_map(|p| Regex::new(p).ok())
                    .collect()
            })
            .unwrap_or_default()
    };
    Config {
        file: table
            .get("file")
            .and_then(|v| v.as_str())
            .map(|f| dir.join(f)),
        schema: table
            .get("schema")
            .and_then(|v| v.as_str())
            .map(str::to_owned),
        only_tables: patterns("only_tables"),
        except_tables: patterns("except_tables"),
    }
}
