//! diesel: `<version>_<name>/up.sql` folders. The version is the name up to
//! the first `_` with every `-` removed, compared as a string.

use std::path::{Path, PathBuf};

use super::{Detection, Folder, migration, project, read_text};
use crate::Tool;
use crate::dialect;

pub(super) fn detect(folder: &Folder<'_>) -> Option<Detection> {
    let mut keyed = Vec::new();
    let mut ignored = folder.sql_paths();
    let mut claimed_dirs = vec![folder.path.to_path_buf()];
    for name in &folder.listing.dirs {
        let Some((path, listing)) = folder.subfolder(name) else {
            continue;
        };
        if listing.has_file("up.sql") {
            let version = name.split('_').next().unwrap_or(name).replace('-', "");
            keyed.push((version, migration(name.clone(), path.join("up.sql"))));
        } else {
            ignored.extend(listing.sql_files().map(|file| listing.path_in(&path, file)));
        }
        claimed_dirs.push(path);
    }
    if keyed.is_empty() {
        return None;
    }
    let config = find_config(folder.path);
    keyed.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.name.cmp(&b.1.name)));
    let ups: Vec<PathBuf> = keyed.iter().map(|(_, m)| m.path.clone()).collect();
    let evidence = dialect::guess(folder.path, &ups, Some("diesel"));
    let mut project = project(folder.path, Tool::Diesel, evidence);
    project.migrations = keyed.into_iter().map(|(_, m)| m).collect();
    project.ignored_files = ignored;
    project.model = config
        .as_deref()
        .and_then(schema_file)
        .into_iter()
        .collect();
    let claimed_files = project.model.clone();
    Some(Detection {
        project,
        claimed_dirs,
        claimed_files,
    })
}

/// The nearest `diesel.toml`: beside the migrations folder or up to two levels above.
fn find_config(migrations_dir: &Path) -> Option<PathBuf> {
    migrations_dir
        .ancestors()
        .skip(1)
        .take(3)
        .map(|folder| folder.join("diesel.toml"))
        .find(|path| path.is_file())
}

/// `[print_schema] file` of `diesel.toml`, relative to its folder, if the file exists.
fn schema_file(config: &Path) -> Option<PathBuf> {
    let table: toml::Table = read_text(config).parse().ok()?;
    let file = table.get("print_schema")?.get("file")?.as_str()?;
    let path = config.parent()?.join(file);
    path.is_file().then_some(path)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::TempTree;
    use super::*;

    #[test]
    fn versions_without_dashes_in_string_order() {
        let tree = TempTree::new(&[
            ("diesel.toml", "[print_schema]\nfile = \"src/schema.rs\"\n"),
            ("src/schema.rs", "// tables\n"),
            ("migrations/2019-02-26-002946_b/up.sql", "SELECT 1;"),
            ("migrations/2019-02-26-002946_b/down.sql", "SELECT 1;"),
            ("migrations/00000000000000_setup/up.sql", "SELECT 1;"),
            ("migrations/9_late/up.sql", "SELECT 1;"),
            ("migrations/notes/extra.sql", "SELECT 1;"),
        ]);
        let projects = tree.discover();
        assert_eq!(projects.len(), 1);
        let p = &projects[0];
        assert_eq!(p.tool, Tool::Diesel);
        // "9" sorts after "20190226002946" as a string.
        assert_eq!(
            TempTree::names(p),
            ["00000000000000_setup", "2019-02-26-002946_b", "9_late"]
        );
        assert_eq!(p.model, [tree.path("src/schema.rs")]);
        assert_eq!(p.ignored_files, [tree.path("migrations/notes/extra.sql")]);
    }

    #[test]
    fn sqlite_folder_name_sets_the_dialect() {
        let tree = TempTree::new(&[
            ("diesel.toml", ""),
            ("migrations/sqlite/2020-01-01-000000_a/up.sql", "SELECT 1;"),
        ]);
        let p = &tree.discover()[0];
        assert_eq!(p.dialect, miglint_source::Dialect::Sqlite);
        assert_eq!(p.dialect_source, "folder name `sqlite`");
    }
}
