#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Agreement with Prisma itself, for every corpus schema. Runs only when
//! `MIGLINT_PRISMA_ORACLE=/path/to/prisma-oracle` is set (it needs Node);
//! otherwise it prints a notice and passes.
//!
//! - dmmf: every scalar field's database name, type and optionality.
//! - ddl (postgresql, sqlite): the `CREATE TABLE`/`INDEX`/`FOREIGN KEY` lines
//!   miglint writes for the model, as a set, against Prisma's own.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use miglint_model::FixWriter;
use miglint_prisma::{PrismaFixes, fix_sql, map_schema, parse_schema};
use miglint_source::{Dialect, FileId};

use miglint_testing::PRISMA_SCHEMAS as SCHEMAS;

/// The schema as one text (folders concatenated, as dmmf and ddl take one
/// file), without preview features this engine build does not know.
fn schema_text(path: &Path) -> String {
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
    let text: String = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap() + "\n")
        .collect();
    text.replace("\"metrics\", ", "")
        .replace(", \"metrics\"", "")
}

/// Runs the oracle with its output going to a file: through a pipe, long
/// outputs come back cut short.
fn oracle(program: &str, command: &str, schema: &Path) -> String {
    let out = schema.with_extension(format!("{command}.out"));
    let status = Command::new("sh")
        .arg("-c")
        .arg("\"$0\" \"$1\" \"$2\" > \"$3\"")
        .arg(program)
        .arg(command)
        .arg(schema)
        .arg(&out)
        .status()
        .unwrap();
    // `ddl` exits 2: from an empty database there is a difference to write.
    assert!(
        matches!(status.code(), Some(0 | 2)),
        "prisma-oracle {command} failed on {}",
        schema.display()
    );
    std::fs::read_to_string(out).unwrap()
}

/// The SQL lines of a DDL script, without comments and blank lines.
fn ddl_lines(sql: &str) -> BTreeSet<String> {
    sql.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("--") && !l.starts_with("CREATE SCHEMA"))
        .filter(|l| !l.starts_with("CREATE EXTENSION"))
        .map(str::to_owned)
        .collect()
}

#[test]
fn corpus_schemas_agree_with_prisma() {
    let Ok(program) = std::env::var("MIGLINT_PRISMA_ORACLE") else {
        eprintln!("NOTICE: MIGLINT_PRISMA_ORACLE is not set; Prisma agreement test skipped");
        return;
    };
    let Some(root) = miglint_testing::corpus("corpus_schemas_agree_with_prisma") else {
        return;
    };
    let scratch =
        std::env::temp_dir().join(format!("miglint-prisma-oracle-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).unwrap();
    let (mut fields_total, mut fields_agree) = (0usize, 0usize);
    let (mut ddl_total, mut ddl_agree) = (0usize, 0usize);
    let mut disagreements = Vec::new();
    for (name, path) in SCHEMAS {
        let text = schema_text(&root.join(name).join(path));
        let file = scratch.join(format!("{name}.prisma"));
        std::fs::write(&file, &text).unwrap();
        let schema = parse_schema(&[(FileId(0), &text)]).unwrap();
        let (expected, facts) = map_schema(&schema).unwrap();

        let dmmf: serde_json::Value =
            serde_json::from_str(&oracle(&program, "dmmf", &file)).unwrap();
        for model in dmmf["models"].as_array().unwrap() {
            let table_name = model["dbName"].as_str().or(model["name"].as_str()).unwrap();
            let table = expected.tables.iter().find(|t| t.name == table_name);
            let table_facts = facts.tables.iter().find(|t| t.name == table_name);
            for field in model["fields"].as_array().unwrap() {
                if field["kind"] == "object" {
                    continue;
                }
                fields_total += 1;
                let column_name = field["dbName"].as_str().or(field["name"].as_str()).unwrap();
                let column = table
                    .and_then(|t| t.column(column_name))
                    .zip(table_facts.and_then(|t| t.column(column_name)));
                let list = field["isList"].as_bool().unwrap();
                let nullable = !field["isRequired"].as_bool().unwrap()
                    || (list && expected.dialect == Dialect::Postgres);
                let native = field["nativeType"].as_array().map(|n| {
                    let args: Vec<String> = n[1]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|a| a.as_str().unwrap().to_owned())
                        .collect();
                    (n[0].as_str().unwrap().to_owned(), args)
                });
                let ok = column.is_some_and(|(c, f)| {
                    let base = c.sql_type.trim_end_matches("[]");
                    let type_ok = match (&native, field["kind"].as_str()) {
                        (Some((native, args)), _) => {
                            let spelled = if args.is_empty() {
                                native.to_uppercase()
                            } else {
                                format!("{}({})", native.to_uppercase(), args.join(","))
                            };
                            base.replace(' ', "") == spelled.replace("UNSIGNED", "")
                                || base.replace(' ', "").replace("UNSIGNED", "")
                                    == spelled
                                        .replace("INT(", "INTEGER(")
                                        .replace("UNSIGNEDINT", "INTEGER")
                                || base.replace(' ', "")
                                    == spelled.replace("UNSIGNEDINT", "INTEGERUNSIGNED")
                        }
                        (None, Some("enum")) => f.enum_name.as_deref() == field["type"].as_str(),
                        (None, _) => f.enum_name.is_none(),
                    };
                    type_ok
                        && f.nullable == nullable
                        && (c.sql_type.ends_with("[]")
                            == (list && expected.dialect == Dialect::Postgres))
                });
                if ok {
                    fields_agree += 1;
                } else {
                    disagreements.push(format!(
                        "{name}: {table_name}.{column_name}: dmmf {field} vs miglint {column:?}"
                    ));
                }
            }
        }

        if expected.dialect != Dialect::MySql {
            let theirs = ddl_lines(&oracle(&program, "ddl", &file));
            let mut ours = String::new();
            for e in &expected.enums {
                ours += &fix_sql::create_enum(expected.dialect, e).unwrap_or_default();
                ours.push('\n');
            }
            let fixes = PrismaFixes::new(facts);
            for t in &expected.tables {
                ours += fixes.create_table(&expected, t).text();
                ours.push('\n');
            }
            let ours = ddl_lines(&ours);
            ddl_total += theirs.len();
            ddl_agree += theirs.intersection(&ours).count();
            for line in theirs.symmetric_difference(&ours) {
                let side = if theirs.contains(line) {
                    "prisma only"
                } else {
                    "miglint only"
                };
                disagreements.push(format!("{name}: ddl {side}: {line}"));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    eprintln!("dmmf fields: {fields_agree}/{fields_total} agree");
    eprintln!("ddl lines: {ddl_agree}/{ddl_total} agree");
    for d in &disagreements {
        eprintln!("  {d}");
    }
    assert!(
        disagreements.is_empty(),
        "{} disagreements with Prisma",
        disagreements.len()
    );
}
