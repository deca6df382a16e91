//! golang-migrate: files matching `^([0-9]+)_(.*)\.(down|up)\.(.*)$`, version
//! a `u64`, applied in numeric order (down files only run on rollback).

use super::{Detection, Folder, leading_version, migration, numbered_project};
use crate::Tool;

/// The version and name of an up file, `None` for down files and other names.
fn parse_up(name: &str) -> Option<(u64, &str)> {
    let version = leading_version(name)?.parse::<u64>().ok()?;
    let stem = name.strip_suffix(".sql")?;
    let (migration_name, direction) = stem.rsplit_once('.')?;
    (direction == "up").then_some((version, migration_name))
}

fn is_down(name: &str) -> bool {
    leading_version(name).is_some() && name.ends_with(".down.sql")
}

pub(super) fn detect(folder: &Folder<'_>) -> Option<Detection> {
    let mut keyed = Vec::new();
    let mut ignored = Vec::new();
    for name in folder.listing.sql_files() {
        let path = folder.join(name);
        match parse_up(name) {
            Some((version, stem)) => keyed.push((version, migration(stem, path))),
            None if is_down(name) => {}
            None => ignored.push(path),
        }
    }
    if keyed.is_empty() || (keyed.len() <= ignored.len() && !folder.forced) {
        return None;
    }
    Some(numbered_project(
        folder,
        Tool::GolangMigrate,
        keyed,
        ignored,
        None,
    ))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::TempTree;
    use super::*;

    #[test]
    fn up_files_in_numeric_order() {
        let tree = TempTree::new(&[
            ("go.mod", "module x\n"),
            ("migrations/0010_c.up.sql", "SELECT 1;"),
            ("migrations/0010_c.down.sql", "SELECT 1;"),
            ("migrations/2_b.up.sql", "SELECT 1;"),
            ("migrations/schema.sql", "SELECT 1;"),
        ]);
        let p = &tree.discover()[0];
        assert_eq!(p.tool, Tool::GolangMigrate);
        assert_eq!(TempTree::names(p), ["2_b", "0010_c"]);
        assert_eq!(p.ignored_files, [tree.path("migrations/schema.sql")]);
    }

    #[test]
    fn names_follow_the_pattern() {
        assert_eq!(parse_up("1_a.b.up.sql"), Some((1, "1_a.b")));
        assert_eq!(parse_up("1_a.down.sql"), None);
        assert_eq!(parse_up("a_1.up.sql"), None);
    }
}
