//! goose: `<version>_<name>.sql` files with a `-- +goose Up` annotation,
//! applied in numeric version order.

use miglint_source::Span;

use super::{Detection, Folder, leading_version, migration, numbered_project, read_text};
use crate::Tool;

/// goose matches annotations case-insensitively on lines without leading whitespace.
fn is_annotation(line: &str, name: &str) -> bool {
    line.strip_prefix("--")
        .map(str::trim)
        .and_then(|rest| rest.strip_prefix("+"))
        .and_then(|rest| {
            rest.get(..6)
                .filter(|g| g.eq_ignore_ascii_case("goose "))
                .map(|_| rest.get(6..).unwrap_or(""))
        })
        .is_some_and(|rest| rest.eq_ignore_ascii_case(name))
}

fn has_up_annotation(text: &str) -> bool {
    text.lines().any(|line| is_annotation(line, "up"))
}

/// What goose runs when migrating up: the lines after `-- +goose Up` up to
/// `-- +goose Down`. Down sections are never replayed.
pub(crate) fn up_section(text: &str) -> Option<Span> {
    super::marked_section(
        text,
        |line| is_annotation(line, "up"),
        |line| is_annotation(line, "down"),
    )
}

pub(super) fn detect(folder: &Folder<'_>) -> Option<Detection> {
    let mut keyed = Vec::new();
    let mut ignored = Vec::new();
    let mut annotated = 0usize;
    for name in folder.listing.sql_files() {
        let path = folder.join(name);
        let version = leading_version(name).and_then(|v| v.parse::<i64>().ok());
        match (version, name.strip_suffix(".sql")) {
            (Some(version), Some(stem)) => {
                let text = read_text(&path);
                annotated += usize::from(has_up_annotation(&text));
                let mut m = migration(stem, path);
                m.up_section = up_section(&text);
                keyed.push((version, m));
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
    fn down_section_is_not_part_of_the_up_section() {
        let text = "-- +goose Up\n-- +goose StatementBegin\nCREATE TABLE t (a int);\n-- +goose StatementEnd\n\n-- +goose Down\nDROP TABLE t;\n";
        let span = up_section(text).unwrap();
        assert_eq!(
            &text[span.range()],
            "-- +goose StatementBegin\nCREATE TABLE t (a int);\n-- +goose StatementEnd\n\n"
        );
        let crlf = "--  +GOOSE UP\r\nSELECT 1;\r\n-- +goose down\r\nSELECT 2;\r\n";
        assert_eq!(&crlf[up_section(crlf).unwrap().range()], "SELECT 1;\r\n");
        assert_eq!(up_section("SELECT 1;\n-- +goose Down\n"), None);
        assert_eq!(up_section(" -- +goose Up\nSELECT 1;\n"), None);
    }

    #[test]
    fn annotation_needs_line_start() {
        assert!(!has_up_annotation("  -- +goose Up"));
        assert!(has_up_annotation("--  +goose Up  "));
        assert!(!has_up_annotation("-- +gooseUp"));
        assert!(!has_up_annotation("-- +goose Upgrade"));
    }
}
