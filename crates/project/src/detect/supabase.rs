//! Supabase CLI: `supabase/migrations/<digits>_<name>.sql` next to
//! `supabase/config.toml`, applied in file-name byte order. Always PostgreSQL.

use miglint_source::Dialect;

use super::{Detection, Folder, leading_version, migration, project};
use crate::Tool;
use crate::dialect::Evidence;

pub(super) fn detect(folder: &Folder<'_>) -> Option<Detection> {
    let parent = folder.path.parent()?;
    let in_supabase_layout = folder.path.file_name()? == "migrations"
        && parent.file_name()? == "supabase"
        && parent.join("config.toml").is_file();
    if !in_supabase_layout && !folder.forced {
        return None;
    }
    let mut project = project(
        folder.path,
        Tool::Supabase,
        Evidence::new(Dialect::Postgres, "supabase"),
    );
    // The CLI's pattern is `^([0-9]+)_(.*)\.sql$`; it skips other files.
    for name in folder.listing.sql_files() {
        let path = folder.join(name);
        match (leading_version(name), name.strip_suffix(".sql")) {
            (Some(_), Some(stem)) => {
                project.migrations.push(migration(stem, path));
            }
            _ => project.ignored_files.push(path),
        }
    }
    if project.migrations.is_empty() && !in_supabase_layout {
        return None;
    }
    project.migrations.sort_by(|a, b| a.name.cmp(&b.name));
    Some(Detection::new(project))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::TempTree;
    use super::*;

    #[test]
    fn supabase_layout_in_byte_order() {
        let tree = TempTree::new(&[
            ("supabase/config.toml", "project_id = \"x\"\n"),
            ("supabase/migrations/20230102_b.sql", "SELECT 1;"),
            ("supabase/migrations/2023010100_a.sql", "SELECT 1;"),
            ("supabase/migrations/seed.sql", "SELECT 1;"),
        ]);
        let projects = tree.discover();
        assert_eq!(projects.len(), 1);
        let p = &projects[0];
        assert_eq!(p.tool, Tool::Supabase);
        // Byte order: '0' < '2' at the seventh character.
        assert_eq!(TempTree::names(p), ["2023010100_a", "20230102_b"]);
        assert_eq!(p.ignored_files, [tree.path("supabase/migrations/seed.sql")]);
    }

    #[test]
    fn without_config_it_is_not_supabase() {
        let tree = TempTree::new(&[("supabase/migrations/1_a.sql", "SELECT 1;")]);
        assert_eq!(tree.discover()[0].tool, Tool::Plain);
    }
}
