//! Flyway: `V<version>__<description>.sql` in dotted-number order, then
//! repeatable `R__<description>.sql` by description. `U` (undo) files only
//! run on undo.

use super::{Detection, Folder, migration, project};
use crate::Tool;
use crate::dialect;
use crate::order::{compare_flyway_versions, flyway_version_key};

enum Kind {
    Versioned(Vec<String>),
    Repeatable(String),
    Undo,
}

fn classify(name: &str) -> Option<Kind> {
    let stem = name.strip_suffix(".sql")?;
    let (head, description) = stem.split_once("__")?;
    if head == "R" {
        // Flyway shows `_` in descriptions as spaces and orders by that text.
        return Some(Kind::Repeatable(description.replace('_', " ")));
    }
    let version = head.strip_prefix('V').or_else(|| head.strip_prefix('U'))?;
    let key = flyway_version_key(version)?;
    Some(if head.starts_with('U') {
        Kind::Undo
    } else {
        Kind::Versioned(key)
    })
}

pub(super) fn detect(folder: &Folder<'_>) -> Option<Detection> {
    let mut versioned = Vec::new();
    let mut repeatable = Vec::new();
    let mut ignored = Vec::new();
    for name in folder.listing.sql_files() {
        let path = folder.join(name);
        let stem = name.strip_suffix(".sql").unwrap_or(name);
        match classify(name) {
            Some(Kind::Versioned(key)) => versioned.push((key, migration(stem, path))),
            Some(Kind::Repeatable(description)) => {
                repeatable.push((description, migration(stem, path)));
            }
            Some(Kind::Undo) => {}
            None => ignored.push(path),
        }
    }
    let recognised = versioned.len() + repeatable.len();
    // Most of the folder must follow the naming, so a stray `V1__x.sql` in a
    // plain folder does not turn it into Flyway.
    if versioned.is_empty() || (recognised <= ignored.len() && !folder.forced) {
        return None;
    }
    versioned.sort_by(|a, b| compare_flyway_versions(&a.0, &b.0));
    repeatable.sort_by(|a, b| a.0.cmp(&b.0));
    let files = folder.sql_paths();
    let evidence = dialect::guess(folder.path, &files, None);
    let mut project = project(folder.path, Tool::Flyway, evidence);
    project.migrations = versioned
        .into_iter()
        .map(|(_, m)| m)
        .chain(repeatable.into_iter().map(|(_, m)| m))
        .collect();
    project.ignored_files = ignored;
    Some(Detection::new(project))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::TempTree;
    use super::*;

    #[test]
    fn dotted_versions_then_repeatables() {
        let tree = TempTree::new(&[
            ("db/V10__c.sql", "SELECT 1;"),
            ("db/V2.1__b.sql", "SELECT 1;"),
            ("db/V2__a.sql", "SELECT 1;"),
            ("db/R__z_view.sql", "SELECT 1;"),
            ("db/R__a_view.sql", "SELECT 1;"),
            ("db/U2__a.sql", "SELECT 1;"),
        ]);
        let p = &tree.discover()[0];
        assert_eq!(p.tool, Tool::Flyway);
        assert_eq!(
            TempTree::names(p),
            ["V2__a", "V2.1__b", "V10__c", "R__a_view", "R__z_view"]
        );
        assert!(p.ignored_files.is_empty());
    }
}
