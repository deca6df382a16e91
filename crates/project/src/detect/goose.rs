//! goose: `<version>_<name>.sql` files with a `-- +goose Up` annotation,
//! applied in numeric version order.

use super::{Detection, Folder, leading_version, migration, numbered_project, read_text};
use crate::Tool;

/// goose matches annotations case-insensitively on lines without leading whitespace.
fn has_up_annotation(text: &str) -> bool {
    text.lines().any(|line| {
        line.strip_prefix("--")
            .map(str::trim)
            .is_some_and(|rest| rest.eq_ignore_ascii_case("+goose up"))
    })
}

pub(super) fn detect(folder: &Folder<'_>) -> Option<Detection> {
    let mut keyed = Vec::new();
    let mut ignored = Vec::new();
    let mut annotated = 0usize;
    for name in folder.listing.sql_files() {
        let path = folder.path.join(name);
        let version = leading_version(name).and_then(|v| v.parse::<i64>().ok());
        match (version, name.strip_suffix(".sql")) {
            (Some(version), Some(stem)) => {
                annotated += usize::from(has_up_annotation(&read_text(&path)));
                keyed.push((version, migration(stem, path)));
            }
            _ => ignored.push(path),
        }
    }
    if keyed.is_empty() || (annotated == 0 && !folder.forced) {
        return None;
    }
    Some(numbered_project(folder, Tool::Goose, keyed, ignored, None))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::TempTree;
    use super::*;

    #[test]
    fn goose_annotation_and_numeric_order() {
        let tree = TempTree::new(&[
            ("sql/10_c.sql", "-- +goose Up\nSELECT 1;\n"),
            ("sql/9_b.sql", "-- +GOOSE UP\nSELECT 1;\n-- +goose Down\n"),
            ("sql/readme.sql", "SELECT 1;"),
        ]);
        let p = &tree.discover()[0];
        assert_eq!(p.tool, Tool::Goose);
        assert_eq!(TempTree::names(p), ["9_b", "10_c"]);
        assert_eq!(p.ignored_files, [tree.path("sql/readme.sql")]);
    }

    #[test]
    fn annotation_needs_line_start() {
        assert!(!has_up_annotation("  -- +goose Up"));
        assert!(has_up_annotation("--  +goose Up  "));
    }
}
