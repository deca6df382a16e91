//! drizzle-kit (0.x): `meta/_journal.json` lists the migrations; each entry's
//! `tag` names `<tag>.sql`, applied in the journal's array order.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{Detection, Folder, migration, project, read_text};
use crate::Tool;
use crate::dialect::{Evidence, from_config_word};

#[derive(Deserialize)]
struct Journal {
    #[serde(default)]
    dialect: Option<String>,
    #[serde(default)]
    entries: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    tag: String,
}

pub(super) fn detect(folder: &Folder<'_>) -> Option<Detection> {
    let (meta_path, meta) = folder.subfolder("meta")?;
    if !meta.has_file("_journal.json") {
        return None;
    }
    let journal_path = meta_path.join("_journal.json");
    let journal: Journal = serde_json::from_str(&read_text(&journal_path)).unwrap_or(Journal {
        dialect: None,
        entries: Vec::new(),
    });
    let evidence = journal
        .dialect
        .as_deref()
        .and_then(|word| from_config_word(word, "dialect in _journal.json"))
        .or_else(|| config_dialect(folder.path))
        .unwrap_or_else(Evidence::default_postgres);

    let mut project = project(folder.path, Tool::Drizzle, evidence);
    for entry in &journal.entries {
        // A listed file that is missing stays in the history: drizzle fails on
        // it, and reading it reports that.
        let file = format!("{}.sql", entry.tag);
        project
            .migrations
            .push(migration(entry.tag.clone(), folder.join(&file)));
    }
    project.ignored_files = folder
        .sql_paths()
        .into_iter()
        .filter(|path| !project.migrations.iter().any(|m| &m.path == path))
        .collect();
    project.model = newest_snapshot(&meta_path, &meta.files);
    let mut detection = Detection::new(project);
    detection.claimed_dirs.push(meta_path);
    Some(detection)
}

/// `dialect: "…"` in the nearest `drizzle.config.*` (the migrations folder's
/// parent or up to two levels above).
fn config_dialect(dir: &Path) -> Option<Evidence> {
    const NAMES: [&str; 5] = [
        "drizzle.config.ts",
        "drizzle.config.js",
        "drizzle.config.mjs",
        "drizzle.config.cjs",
        "drizzle.config.json",
    ];
    let config = dir
        .ancestors()
        .skip(1)
        .take(3)
        .flat_map(|folder| NAMES.map(|name| folder.join(name)))
        .find(|path| path.is_file())?;
    let text = read_text(&config);
    let (_, after) = text.split_once("dialect")?;
    let after = after.trim_start_matches(|c: char| c == '"' || c == '\'' || c.is_whitespace());
    let value = after.strip_prefix(':')?.trim_start();
    let quote = value
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\'' | '`'))?;
    let word = value.get(1..)?.split(quote).next()?;
    let name = config.file_name()?.to_string_lossy().into_owned();
    from_config_word(word, &format!("dialect in {name}"))
}

/// The last `<n>_snapshot.json`: drizzle-kit's view of the schema after the
/// newest migration.
fn newest_snapshot(meta_path: &Path, files: &[String]) -> Vec<PathBuf> {
    files
        .iter()
        .filter(|name| name.ends_with("_snapshot.json"))
        .max_by(|a, b| crate::order::natural_compare(a, b))
        .map(|name| vec![meta_path.join(name)])
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::super::test_support::TempTree;
    use super::*;
    use miglint_source::Dialect;

    #[test]
    fn journal_order_and_orphans() {
        let journal = r#"{"version":"7","dialect":"sqlite","entries":[
            {"idx":0,"tag":"0001_b","when":1},{"idx":1,"tag":"0000_a","when":2}]}"#;
        let tree = TempTree::new(&[
            ("drizzle/meta/_journal.json", journal),
            ("drizzle/meta/0001_snapshot.json", "{}"),
            ("drizzle/meta/0000_snapshot.json", "{}"),
            ("drizzle/0000_a.sql", "SELECT 1;"),
            ("drizzle/0001_b.sql", "SELECT 1;"),
            ("drizzle/0001_orphan.sql", "SELECT 1;"),
        ]);
        let projects = tree.discover();
        assert_eq!(projects.len(), 1);
        let p = &projects[0];
        assert_eq!(p.tool, Tool::Drizzle);
        assert_eq!(p.dialect, Dialect::Sqlite);
        // Array order, not name order.
        assert_eq!(TempTree::names(p), ["0001_b", "0000_a"]);
        assert_eq!(p.ignored_files, [tree.path("drizzle/0001_orphan.sql")]);
        assert_eq!(p.model, [tree.path("drizzle/meta/0001_snapshot.json")]);
    }

    #[test]
    fn config_gives_the_dialect_when_the_journal_does_not() {
        let tree = TempTree::new(&[
            (
                "drizzle.config.ts",
                "export default defineConfig({\n  dialect: 'mysql',\n  out: './drizzle',\n});\n",
            ),
            (
                "drizzle/meta/_journal.json",
                r#"{"entries":[{"tag":"0000_a"}]}"#,
            ),
            ("drizzle/0000_a.sql", "SELECT 1;"),
        ]);
        let p = &tree.discover()[0];
        assert_eq!(p.dialect, Dialect::MySql);
        assert_eq!(p.dialect_source, "dialect in drizzle.config.ts");
    }
}
