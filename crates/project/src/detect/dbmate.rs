//! dbmate: `<digits>….sql` files holding `-- migrate:up` and `-- migrate:down`
//! sections, applied in full file-name byte order.

use miglint_source::Span;

use super::{Detection, Folder, migration, project, read_text};
use crate::Tool;
use crate::dialect;

pub(super) fn detect(folder: &Folder<'_>) -> Option<Detection> {
    let mut candidates: Vec<&str> = folder
        .listing
        .sql_files()
        .filter(|name| name.starts_with(|c: char| c.is_ascii_digit()) && name.ends_with(".sql"))
        .collect();
    if candidates.is_empty() {
        return None;
    }
    candidates.sort_unstable();
    let mut project = project(
        folder.path,
        Tool::Dbmate,
        dialect::Evidence::default_postgres(),
    );
    let mut marked = 0usize;
    for name in &candidates {
        let path = folder.join(name);
        let section = up_section(&read_text(&path));
        marked += usize::from(section.is_some());
        let stem = name.strip_suffix(".sql").unwrap_or(name);
        let mut m = migration(stem, path);
        m.up_section = section;
        project.migrations.push(m);
    }
    if marked == 0 && !folder.forced {
        return None;
    }
    let files = folder.sql_paths();
    project.ignored_files = files
        .iter()
        .filter(|path| !project.migrations.iter().any(|m| &m.path == *path))
        .cloned()
        .collect();
    let evidence = dialect::guess(folder.path, &files, None);
    project.dialect = evidence.dialect;
    project.dialect_source = evidence.source;
    project.model = schema_dump(folder);
    let claimed_files = project.model.clone();
    Some(Detection {
        project,
        claimed_dirs: vec![folder.path.to_path_buf()],
        claimed_files,
    })
}

/// dbmate's schema dump: `schema.sql` beside the migrations folder (its
/// default `db/schema.sql`) or in a sibling folder, recognised by the
/// `schema_migrations` table it records.
fn schema_dump(folder: &Folder<'_>) -> Vec<std::path::PathBuf> {
    let Some(parent) = folder.path.parent() else {
        return Vec::new();
    };
    let mut candidates = vec![parent.join("schema.sql")];
    if let Some(listing) = folder.tree.listing(parent) {
        candidates.extend(
            listing
                .dirs
                .iter()
                .map(|dir| parent.join(dir).join("schema.sql")),
        );
    }
    candidates
        .into_iter()
        .find(|path| path.is_file() && read_text(path).contains("schema_migrations"))
        .into_iter()
        .collect()
}

/// A dbmate marker line: `--`, optional spaces, `migrate:<kind>`, then the
/// end of the line or options after whitespace. No leading whitespace.
fn is_marker(line: &str, kind: &str) -> bool {
    let Some(rest) = line.strip_prefix("--") else {
        return false;
    };
    let Some(rest) = rest.trim_start().strip_prefix("migrate:") else {
        return false;
    };
    let Some(rest) = rest.strip_prefix(kind) else {
        return false;
    };
    rest.is_empty() || rest.starts_with(char::is_whitespace)
}

/// The byte span of the first up section: from the line after
/// `-- migrate:up` to the next `-- migrate:down` (or `up`) line, or the end.
pub(crate) fn up_section(text: &str) -> Option<Span> {
    super::marked_section(
        text,
        |line| is_marker(line, "up"),
        |line| is_marker(line, "down") || is_marker(line, "up"),
    )
}

#[cfg(test)]
mod tests {
    use super::super::test_support::TempTree;
    use super::*;

    #[test]
    fn up_section_spans_the_up_block() {
        let text = "-- migrate:up\nCREATE TABLE t (a int);\n\n-- migrate:down\nDROP TABLE t;\n";
        let span = up_section(text).unwrap();
        assert_eq!(&text[span.range()], "CREATE TABLE t (a int);\n\n");
        let crlf = "-- migrate:up transaction:false\r\nSELECT 1;\r\n";
        assert_eq!(&crlf[up_section(crlf).unwrap().range()], "SELECT 1;\r\n");
        assert_eq!(up_section(" -- migrate:up\nSELECT 1;"), None);
        assert_eq!(up_section("-- migrate:upx\nSELECT 1;"), None);
    }

    #[test]
    fn dbmate_folder_in_byte_order_with_schema_dump() {
        let tree = TempTree::new(&[
            (
                "db/migrations/2_b.sql",
                "-- migrate:up\nSELECT 2;\n-- migrate:down\n",
            ),
            (
                "db/migrations/10_a.sql",
                "-- migrate:up\nSELECT 1;\n-- migrate:down\n",
            ),
            (
                "db/dump/schema.sql",
                "CREATE TABLE schema_migrations (version text);\n",
            ),
        ]);
        let projects = tree.discover();
        // The dump is the model, not a plain project of its own.
        assert_eq!(projects.len(), 1);
        let p = &projects[0];
        assert_eq!(p.tool, Tool::Dbmate);
        assert_eq!(TempTree::names(p), ["10_a", "2_b"]);
        assert_eq!(p.migrations[1].up_section, Some(Span::new(14, 24)));
        assert_eq!(p.model, [tree.path("db/dump/schema.sql")]);
    }
}
