//! Plain SQL: a folder with `.sql` files and nothing more specific, in
//! natural order (`2_a.sql` before `10_a.sql`).

use super::{Detection, Folder, migration, project, strip_suffix_ignore_case};
use crate::Tool;
use crate::dialect;
use crate::order::natural_compare;

pub(super) fn detect(folder: &Folder<'_>) -> Option<Detection> {
    let mut names: Vec<&str> = folder
        .listing
        .sql_files()
        .filter(|name| !folder.claimed_files.contains(&folder.join(name)))
        .collect();
    if names.is_empty() {
        return None;
    }
    names.sort_by(|a, b| natural_compare(a, b));
    let files: Vec<_> = names.iter().map(|name| folder.join(name)).collect();
    let evidence = dialect::guess(folder.path, &files, None);
    let mut project = project(folder.path, Tool::Plain, evidence);
    project.migrations = names
        .iter()
        .zip(files)
        .map(|(name, path)| migration(strip_suffix_ignore_case(name, ".sql").unwrap_or(name), path))
        .collect();
    Some(Detection::new(project))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::TempTree;
    use super::*;

    #[test]
    fn natural_order_and_skipped_folders() {
        let tree = TempTree::new(&[
            ("sql/10_a.sql", "SELECT 1;"),
            ("sql/2_a.sql", "SELECT 1;"),
            ("sql/node_modules/x/1.sql", "SELECT 1;"),
            ("sql/.hidden/1.sql", "SELECT 1;"),
            ("sql/build/1.sql", "SELECT 1;"),
        ]);
        let projects = tree.discover();
        assert_eq!(projects.len(), 1);
        assert_eq!(projects[0].tool, Tool::Plain);
        assert_eq!(TempTree::names(&projects[0]), ["2_a", "10_a"]);
    }
}
