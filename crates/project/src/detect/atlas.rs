//! Atlas: a flat folder of `.sql` files with `atlas.sum`, applied in
//! file-name byte order.

use std::path::Path;

use miglint_source::Dialect;

use super::{Detection, Folder, migration, project, read_text, strip_suffix_ignore_case};
use crate::Tool;
use crate::dialect::{self, Evidence};

pub(super) fn detect(folder: &Folder<'_>) -> Option<Detection> {
    if !folder.listing.has_file("atlas.sum") && !folder.forced {
        return None;
    }
    let files = folder.sql_paths();
    if files.is_empty() {
        return None;
    }
    let evidence = dialect::from_folder_names(folder.path)
        .or_else(|| from_atlas_hcl(folder.path))
        .or_else(|| dialect::from_sql_markers(&files))
        .unwrap_or_else(Evidence::default_postgres);
    let mut project = project(folder.path, Tool::Atlas, evidence);
    let mut names: Vec<&str> = folder.listing.sql_files().collect();
    names.sort_unstable();
    for name in names {
        let stem = strip_suffix_ignore_case(name, ".sql").unwrap_or(name);
        project.migrations.push(migration(stem, folder.join(name)));
    }
    Some(Detection::new(project))
}

/// The database URL scheme in the nearest `atlas.hcl` (`sqlite://`, `mysql://`, …),
/// when only one kind appears.
fn from_atlas_hcl(dir: &Path) -> Option<Evidence> {
    let config = dir
        .ancestors()
        .take(4)
        .map(|folder| folder.join("atlas.hcl"))
        .find(|path| path.is_file())?;
    let text = read_text(&config);
    let schemes = [
        ("sqlite://", Dialect::Sqlite),
        ("mysql://", Dialect::MySql),
        ("maria://", Dialect::MySql),
        ("postgres://", Dialect::Postgres),
        ("postgresql://", Dialect::Postgres),
    ];
    let mut found: Vec<Dialect> = schemes
        .iter()
        .filter(|(scheme, _)| text.contains(scheme))
        .map(|(_, dialect)| *dialect)
        .collect();
    found.dedup();
    match found.as_slice() {
        [dialect] => Some(Evidence::new(*dialect, "database URL in atlas.hcl")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::TempTree;
    use super::*;

    #[test]
    fn atlas_sum_marks_the_folder() {
        let tree = TempTree::new(&[
            (
                "atlas.hcl",
                "env \"dev\" {\n  url = \"sqlite://file.db\"\n}\n",
            ),
            ("migrations/atlas.sum", "h1:x"),
            ("migrations/20240102_b.sql", "SELECT 1;"),
            ("migrations/20240101_a.sql", "SELECT 1;"),
        ]);
        let p = &tree.discover()[0];
        assert_eq!(p.tool, Tool::Atlas);
        assert_eq!(p.dialect, Dialect::Sqlite);
        assert_eq!(TempTree::names(p), ["20240101_a", "20240102_b"]);
    }
}
