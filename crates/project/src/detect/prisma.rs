//! Prisma Migrate: a folder of `<name>/migration.sql` subfolders with a
//! Prisma schema beside or above it. Order: JavaScript `localeCompare` of the
//! folder names, as the CLI sorts them.

use std::path::{Path, PathBuf};

use miglint_source::Dialect;

use super::{Detection, Folder, migration, project, read_text};
use crate::Tool;
use crate::dialect::Evidence;
use crate::order::locale_compare;

const MIGRATION_FILE: &str = "migration.sql";
const LOCK_FILE: &str = "migration_lock.toml";

pub(super) fn detect(folder: &Folder<'_>) -> Option<Detection> {
    let mut migrations = Vec::new();
    let mut ignored = Vec::new();
    let mut claimed_dirs = vec![folder.path.to_path_buf()];
    let mut with_file = 0usize;
    for name in &folder.listing.dirs {
        let Some((path, listing)) = folder.subfolder(name) else {
            continue;
        };
        // Prisma takes every subfolder for a migration and fails on one
        // without a readable `migration.sql`: it stays in the history, and
        // reading it reports the problem.
        with_file += usize::from(listing.has_file(MIGRATION_FILE));
        migrations.push(migration(name.clone(), path.join(MIGRATION_FILE)));
        ignored.extend(
            listing
                .sql_files()
                .filter(|file| *file != MIGRATION_FILE)
                .map(|file| listing.path_in(&path, file)),
        );
        claimed_dirs.push(path);
    }
    if with_file == 0 {
        return None;
    }
    let has_lock = folder.listing.has_file(LOCK_FILE);
    let model = find_schema(folder.path);
    if !has_lock && model.is_empty() && !folder.forced {
        return None;
    }
    migrations.sort_by(|a, b| locale_compare(&a.name, &b.name));
    ignored.extend(folder.sql_paths());
    ignored.sort();

    let evidence = has_lock
        .then(|| lock_provider(&folder.path.join(LOCK_FILE)))
        .flatten()
        .or_else(|| schema_provider(&model))
        .unwrap_or_else(Evidence::default_postgres);
    let mut project = project(folder.path, Tool::Prisma, evidence);
    project.migrations = migrations;
    project.ignored_files = ignored;
    project.model = model.clone();
    Some(Detection {
        project,
        claimed_dirs,
        claimed_files: model,
    })
}

/// The schema file(s) nearest to the migrations folder: its parent, then up
/// to two more levels. At each level `schema.prisma` wins, then the `.prisma`
/// files of a `schema/` folder there; the parent's own `.prisma` files count
/// too (a schema folder holding `migrations/`).
fn find_schema(migrations_dir: &Path) -> Vec<PathBuf> {
    if let Some(configured) = configured_schema(migrations_dir) {
        return configured;
    }
    for (depth, level) in migrations_dir.ancestors().skip(1).take(3).enumerate() {
        let single = level.join("schema.prisma");
        if single.is_file() {
            return vec![single];
        }
        let mut folders = vec![level.join("schema")];
        if depth == 0 {
            folders.insert(0, level.to_path_buf());
        }
        for folder in folders {
            let files = prisma_files(&folder);
            if !files.is_empty() {
                return files;
            }
        }
    }
    Vec::new()
}

/// Config files Prisma reads its schema location from, nearest first.
const CONFIG_FILES: [&str; 5] = [
    "prisma.config.ts",
    "prisma.config.mts",
    "prisma.config.js",
    "prisma.config.mjs",
    "prisma.config.cjs",
];

/// The schema a `prisma.config.*` (`schema: "…"`) or `package.json`
/// (`"prisma": {"schema": "…"}`) names, looked for in the migrations
/// folder's ancestors (up to four levels): the file it names, or every
/// `.prisma` file below the folder it names. `None` when no config names one
/// that exists.
fn configured_schema(migrations_dir: &Path) -> Option<Vec<PathBuf>> {
    for level in migrations_dir.ancestors().skip(1).take(4) {
        let named = CONFIG_FILES
            .iter()
            .find_map(|name| config_schema_value(&read_text(&level.join(name))))
            .or_else(|| package_json_schema(&level.join("package.json")));
        let Some(named) = named else {
            continue;
        };
        let path = level.join(named);
        if path.is_file() {
            return Some(vec![path]);
        }
        let files = prisma_files(&path);
        if !files.is_empty() {
            return Some(files);
        }
    }
    None
}

/// The string after `schema:` in a Prisma config file (`schema: "prisma"`,
/// `schema: path.join("prisma", "schema")` is not read).
fn config_schema_value(config: &str) -> Option<String> {
    let at = config.match_indices("schema").map(|(i, _)| i).find(|&i| {
        let before = config.get(..i).and_then(|b| b.chars().next_back());
        let after = config.get(i + "schema".len()..).unwrap_or("").trim_start();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.')
            && after.starts_with(':')
    })?;
    let rest = config
        .get(at + "schema".len()..)?
        .trim_start()
        .strip_prefix(':')?;
    let rest = rest.trim_start();
    let quote = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\'' | '`'))?;
    let body = rest.get(1..)?;
    let end = body.find(quote)?;
    Some(body.get(..end)?.to_owned())
}

/// `"prisma": {"schema": "…"}` of a `package.json`.
fn package_json_schema(package: &Path) -> Option<String> {
    let json: serde_json::Value = serde_json::from_str(&read_text(package)).ok()?;
    Some(json.get("prisma")?.get("schema")?.as_str()?.to_owned())
}

/// Every `.prisma` file below `dir` (Prisma reads nested folders too),
/// sorted; the migrations below it hold none.
fn prisma_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .max_depth(8)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || e.file_name() != "node_modules")
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .filter(|path| path.extension().is_some_and(|ext| ext == "prisma"))
        .collect();
    files.sort();
    files
}

/// `provider = "…"` of `migration_lock.toml`.
fn lock_provider(lock: &Path) -> Option<Evidence> {
    let table: toml::Table = read_text(lock).parse().ok()?;
    let provider = table.get("provider")?.as_str()?;
    let dialect = Dialect::from_prisma_provider(provider)?;
    Some(Evidence::new(dialect, LOCK_FILE))
}

/// The `provider` inside the schema's `datasource` block.
fn schema_provider(schema_files: &[PathBuf]) -> Option<Evidence> {
    schema_files.iter().find_map(|file| {
        let dialect = datasource_provider(&read_text(file))?;
        let name = file.file_name()?.to_string_lossy();
        Some(Evidence::new(
            dialect,
            format!("datasource provider in {name}"),
        ))
    })
}

fn datasource_provider(schema: &str) -> Option<Dialect> {
    let mut in_datasource = false;
    for line in schema.lines() {
        let line = line.trim();
        if line.starts_with("datasource ") {
            in_datasource = true;
        } else if in_datasource && line.starts_with('}') {
            in_datasource = false;
        } else if in_datasource && let Some(rest) = line.strip_prefix("provider") {
            let value = rest.trim_start().strip_prefix('=')?;
            return Dialect::from_prisma_provider(value.trim());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::test_support::TempTree;
    use super::*;

    #[test]
    fn migrations_beside_schema_in_locale_order() {
        let tree = TempTree::new(&[
            (
                "prisma/schema.prisma",
                "datasource db {\n  provider = \"mysql\"\n  url = env(\"X\")\n}\n",
            ),
            (
                "prisma/migrations/20240101000000_b/migration.sql",
                "SELECT 1;",
            ),
            (
                "prisma/migrations/202401010000_a/migration.sql",
                "SELECT 1;",
            ),
            ("prisma/migrations/20240101_c/migration.sql", "SELECT 1;"),
            ("prisma/migrations/stray.sql", "SELECT 1;"),
        ]);
        let projects = tree.discover();
        assert_eq!(projects.len(), 1);
        let p = &projects[0];
        assert_eq!(p.tool, Tool::Prisma);
        assert_eq!(p.dialect, Dialect::MySql);
        assert_eq!(p.dialect_source, "datasource provider in schema.prisma");
        // node: ["20240101000000_b","202401010000_a","20240101_c"].sort((a,b)=>a.localeCompare(b))
        // gives [ '20240101_c', '202401010000_a', '20240101000000_b' ].
        assert_eq!(
            TempTree::names(p),
            ["20240101_c", "202401010000_a", "20240101000000_b"]
        );
        assert_eq!(p.model, [tree.path("prisma/schema.prisma")]);
        assert_eq!(p.ignored_files, [tree.path("prisma/migrations/stray.sql")]);
    }

    #[test]
    fn lock_file_wins_and_schema_folder_is_found() {
        let tree = TempTree::new(&[
            (
                "db/schema/b.prisma",
                "datasource db {\n provider = \"postgresql\"\n}\n",
            ),
            ("db/schema/a.prisma", "model A { id Int @id }\n"),
            (
                "db/migration/migration_lock.toml",
                "provider = \"sqlite\"\n",
            ),
            ("db/migration/1_init/migration.sql", "SELECT 1;"),
        ]);
        let p = &tree.discover()[0];
        assert_eq!(p.dialect, Dialect::Sqlite);
        assert_eq!(p.dialect_source, "migration_lock.toml");
        assert_eq!(
            p.model,
            [
                tree.path("db/schema/a.prisma"),
                tree.path("db/schema/b.prisma")
            ]
        );
    }

    /// A `schema.prisma` with only the datasource, and the models in nested
    /// folders, named by the config's schema folder.
    #[test]
    fn configured_schema_folder_holds_nested_model_files() {
        let datasource = "datasource db {\n provider = \"postgresql\"\n}\n";
        for (config, text) in [
            (
                "prisma.config.ts",
                "import { defineConfig } from \"prisma/config\";\nexport default defineConfig({\n  schema: \"prisma\",\n});\n",
            ),
            (
                "package.json",
                "{\"name\": \"app\", \"prisma\": {\"schema\": \"prisma\"}}",
            ),
        ] {
            let tree = TempTree::new(&[
                (config, text),
                ("prisma/schema.prisma", datasource),
                ("prisma/models/user.prisma", "model User { id Int @id }\n"),
                (
                    "prisma/models/billing/invoice.prisma",
                    "model Invoice { id Int @id }\n",
                ),
                ("prisma/migrations/1_init/migration.sql", "SELECT 1;"),
            ]);
            let p = &tree.discover()[0];
            assert_eq!(p.tool, Tool::Prisma);
            assert_eq!(
                p.model,
                [
                    tree.path("prisma/models/billing/invoice.prisma"),
                    tree.path("prisma/models/user.prisma"),
                    tree.path("prisma/schema.prisma"),
                ],
                "{config}"
            );
        }
    }

    #[test]
    fn config_schema_value_reads_the_string() {
        assert_eq!(
            config_schema_value("export default { schema: 'db/schema' }").as_deref(),
            Some("db/schema")
        );
        assert_eq!(
            config_schema_value(
                "const schemaPath = 1; export default { migrations: {}, schema: `p` }"
            )
            .as_deref(),
            Some("p")
        );
        assert_eq!(config_schema_value("schema: path.join('a')"), None);
    }

    #[test]
    fn without_schema_or_lock_it_is_not_prisma() {
        let tree = TempTree::new(&[("m/1_init/migration.sql", "SELECT 1;")]);
        let projects = tree.discover();
        // The subfolder is a plain SQL folder instead.
        assert_eq!(projects.len(), 1);
        assert_eq!(projects[0].tool, Tool::Plain);
        assert_eq!(projects[0].root, tree.path("m/1_init"));
    }

    #[test]
    fn provider_scan_reads_only_the_datasource() {
        let schema = "generator c {\n provider = \"prisma-client-js\"\n}\ndatasource db {\n  provider = \"sqlite\"\n}\n";
        assert_eq!(datasource_provider(schema), Some(Dialect::Sqlite));
        assert_eq!(datasource_provider("model A {}"), None);
    }
}
