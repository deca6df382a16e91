#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Every Prisma schema of the shared corpus parses and maps. Skipped, with a
//! notice, when the corpus folder is absent.

use std::path::{Path, PathBuf};

use miglint_prisma::{map_schema, parse_schema};
use miglint_source::FileId;

use miglint_testing::PRISMA_SCHEMAS as SCHEMAS;

fn schema_files(path: &Path) -> Vec<String> {
    let mut paths: Vec<PathBuf> = if path.is_dir() {
        std::fs::read_dir(path)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "prisma"))
            .collect()
    } else {
        vec![path.to_owned()]
    };
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

#[test]
fn every_corpus_schema_parses_and_maps() {
    let Some(root) = miglint_testing::corpus("every_corpus_schema_parses_and_maps") else {
        return;
    };
    for (name, path) in SCHEMAS {
        let texts = schema_files(&root.join(name).join(path));
        assert!(!texts.is_empty(), "{name}: no schema files");
        let files: Vec<(FileId, &str)> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| (FileId(i as u32), t.as_str()))
            .collect();
        let schema = parse_schema(&files).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert!(!schema.models.is_empty(), "{name}: no models");
        let (expected, _) =
            map_schema(&schema).unwrap_or_else(|e| panic!("{name}: mapping failed: {e:?}"));
        assert!(!expected.tables.is_empty(), "{name}: no tables");
        eprintln!(
            "{name}: {} models, {} enums -> {} tables",
            schema.models.len(),
            schema.enums.len(),
            expected.tables.len()
        );
    }
}
