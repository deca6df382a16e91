//! Mutation tests of drift detection for diesel and drizzle-kit models, on
//! real histories (lemmy's `schema.rs`, dokploy's newest drizzle snapshot),
//! in the manner of `drift_mutations.rs`: each corpus is copied once and
//! linted for a baseline, then mutations are applied one at a time (a
//! migration loses an `ADD COLUMN`, the model gains a column, a column
//! changes its type or its nullability), linted in-process and undone. The
//! findings a mutation adds (by rule and subject table/column) must be
//! exactly the expected one; a warning about the mutated column itself is
//! related, anything else is not.
//!
//! Mutations are picked by a seeded PRNG (`MIGLINT_MUTATION_SEED=<n>` for
//! other picks), so runs repeat.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use miglint_diagnostics::Severity;
use miglint_engine::{Config, lint};
use miglint_project::{Overrides, Project, discover};
use miglint_testing::mutation::{Expected, Finding, Judgement, Rng, new_findings, seed};
use regex::Regex;

/// Mutations of each kind tried per corpus.
const BUDGET: usize = 8;

struct Mutation {
    file: PathBuf,
    text: String,
    rule: &'static str,
    table: String,
    column: String,
    what: String,
}

fn lint_once(projects: &[Project], root: &Path) -> Vec<Finding> {
    let run = lint(projects, miglint_rules::RULES, &Config::default(), root);
    run.report
        .diagnostics
        .iter()
        .map(|d| Finding {
            key: (d.rule, d.subject.table.clone(), d.subject.column.clone()),
            error: d.severity == Severity::Error,
            message: d.message.clone(),
        })
        .collect()
}

/// `None` when the mutation was reported exactly as expected, else why not.
fn judge(m: &Mutation, baseline: &[Finding], mutated: &[Finding]) -> Option<String> {
    let new = new_findings(baseline, mutated);
    let expected = Expected {
        rule: m.rule,
        table: &m.table,
        column: Some(&m.column),
    };
    if Judgement::of(&expected, &new).passed() {
        return None;
    }
    let listed: Vec<String> = new.iter().map(|f| f.describe()).collect();
    Some(format!(
        "{}: expected [{}] {}.{}, new findings: {listed:#?}",
        m.what, m.rule, m.table, m.column
    ))
}

/// Each kind of mutation was generated at least once.
fn assert_every_kind(mutations: &[Mutation]) {
    for kind in ["drop ADD COLUMN", "add ", "→", "toggle"] {
        let count = mutations.iter().filter(|m| m.what.contains(kind)).count();
        eprintln!("  {count} mutations `{kind}`");
        assert!(count > 0, "no `{kind}` mutation");
    }
}

/// Runs every mutation of the project at `root` (a scratch copy).
fn run_mutations(name: &str, root: &Path, mutations: &[Mutation]) -> Vec<String> {
    let projects = discover(&[root.to_path_buf()], &Overrides::default()).unwrap();
    let baseline = lint_once(&projects, root);
    let mut failures = Vec::new();
    for m in mutations {
        let original = std::fs::read_to_string(&m.file).unwrap();
        std::fs::write(&m.file, &m.text).unwrap();
        let mutated = lint_once(&projects, root);
        std::fs::write(&m.file, &original).unwrap();
        failures.extend(judge(m, &baseline, &mutated).map(|why| format!("{name}: {why}")));
    }
    failures
}

/// Lower-cased identifier-like words of `text`.
fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Single-clause `ALTER TABLE t ADD COLUMN c …;` statements of the history
/// whose column no later statement names with its table: removing one must
/// give exactly `model-column-missing` when the model has the column.
fn drop_add_column(
    files: &[PathBuf],
    model: &BTreeMap<String, BTreeSet<String>>,
    rng: &mut Rng,
) -> Vec<Mutation> {
    let add = Regex::new(
        r#"(?i)ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?(?:"?public"?\.)?"?(\w+)"?\s+ADD\s+COLUMN\s+(?:IF\s+NOT\s+EXISTS\s+)?"?(\w+)"?[^;,]*;"#,
    )
    .unwrap();
    let texts: Vec<String> = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    let mut sites = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        for c in add.captures_iter(text) {
            let (table, column) = (c[1].to_owned(), c[2].to_owned());
            if !model.get(&table).is_some_and(|cols| cols.contains(&column)) {
                continue;
            }
            let whole = c.get(0).unwrap();
            let (lower_table, lower_column) = (table.to_lowercase(), column.to_lowercase());
            let later = texts[i][whole.end()..]
                .split(';')
                .chain(texts[i + 1..].iter().flat_map(|t| t.split(';')))
                .any(|s| {
                    let w = words(s);
                    w.contains(&lower_table) && w.contains(&lower_column)
                });
            if later {
                continue;
            }
            let mutated = format!("{}{}", &text[..whole.start()], &text[whole.end()..]);
            sites.push(Mutation {
                file: files[i].clone(),
                text: mutated,
                rule: "model-column-missing",
                what: format!("{}: drop ADD COLUMN {table}.{column}", files[i].display()),
                table,
                column,
            });
        }
    }
    rng.shuffle(&mut sites);
    sites.truncate(BUDGET);
    sites
}

/// Tables a `CREATE TABLE … AS` makes: the replay cannot know their columns,
/// so no column drift is expected of them.
fn columns_unknown(files: &[PathBuf]) -> BTreeSet<String> {
    let ctas =
        Regex::new(r#"(?i)CREATE TABLE (?:IF NOT EXISTS )?(?:"?public"?\.)?"?(\w+)"?\s+AS\b"#)
            .unwrap();
    files
        .iter()
        .flat_map(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            ctas.captures_iter(&text)
                .map(|c| c[1].to_owned())
                .collect::<Vec<_>>()
        })
        .collect()
}

// ---------------------------------------------------------------- diesel

struct DieselColumn {
    line: usize,
    table: String,
    column: String,
    ty: String,
    key: bool,
}

/// The columns of `schema.rs` without `#[sql_name]` (their Rust and SQL names agree).
fn diesel_columns(text: &str) -> Vec<DieselColumn> {
    let header = Regex::new(r"^\s*(\w+) \(([^)]*)\) \{\s*$").unwrap();
    let column = Regex::new(r"^\s*(\w+) -> (.+),\s*$").unwrap();
    let mut out = Vec::new();
    let mut table: Option<(String, Vec<String>)> = None;
    let mut renamed = false;
    for (line, code) in text.lines().enumerate() {
        if let Some(c) = header.captures(code) {
            let keys = c[2].split(',').map(|k| k.trim().to_owned()).collect();
            table = Some((c[1].to_owned(), keys));
        } else if code.contains("sql_name") {
            renamed = true;
            continue;
        } else if let (Some(c), Some((name, keys))) = (column.captures(code), &table) {
            if !renamed {
                out.push(DieselColumn {
                    line,
                    table: name.clone(),
                    column: c[1].to_owned(),
                    ty: c[2].to_owned(),
                    key: keys.contains(&c[1].to_owned()),
                });
            }
        }
        renamed = false;
    }
    out
}

fn replace_line(text: &str, line: usize, new: &str) -> String {
    text.split_inclusive('\n')
        .enumerate()
        .map(|(i, l)| {
            if i == line {
                format!("{new}\n")
            } else {
                l.to_owned()
            }
        })
        .collect()
}

fn diesel_mutations(
    schema: &Path,
    files: &[PathBuf],
    baseline_subjects: &BTreeSet<(String, String)>,
    rng: &mut Rng,
) -> Vec<Mutation> {
    let text = std::fs::read_to_string(schema).unwrap();
    let unknown = columns_unknown(files);
    let mut columns = diesel_columns(&text);
    columns.retain(|c| !unknown.contains(&c.table));
    let mut model: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for c in &columns {
        model
            .entry(c.table.clone())
            .or_default()
            .insert(c.column.clone());
    }
    let mut out = drop_add_column(files, &model, rng);
    let fresh: Vec<&DieselColumn> = columns
        .iter()
        .filter(|c| !c.key && !baseline_subjects.contains(&(c.table.clone(), c.column.clone())))
        .collect();
    let indent = |line: usize| -> String {
        let l = text.lines().nth(line).unwrap_or("");
        l[..l.len() - l.trim_start().len()].to_owned()
    };
    let make = |c: &DieselColumn, ty: String, rule: &'static str, what: &str| Mutation {
        file: schema.to_path_buf(),
        text: replace_line(
            &text,
            c.line,
            &format!("{}{} -> {ty},", indent(c.line), c.column),
        ),
        rule,
        table: c.table.clone(),
        column: c.column.clone(),
        what: format!("{}.{}: {what}", c.table, c.column),
    };
    // A type change: Int4 ↔ Int8, Text → Int4, Bool → Text (nullability kept).
    let mut types = Vec::new();
    let mut nulls = Vec::new();
    for c in &fresh {
        let (nullable, inner) = match c
            .ty
            .strip_prefix("Nullable<")
            .and_then(|t| t.strip_suffix('>'))
        {
            Some(inner) => (true, inner),
            None => (false, c.ty.as_str()),
        };
        let wrap = |t: &str| {
            if nullable {
                format!("Nullable<{t}>")
            } else {
                t.to_owned()
            }
        };
        let other = match inner {
            "Int4" => Some("Int8"),
            "Int8" => Some("Int4"),
            "Text" => Some("Int4"),
            "Bool" => Some("Text"),
            _ => None,
        };
        if let Some(other) = other {
            types.push(make(
                c,
                wrap(other),
                "column-type-mismatch",
                &format!("{inner} → {other}"),
            ));
        }
        let toggled = if nullable {
            inner.to_owned()
        } else {
            format!("Nullable<{inner}>")
        };
        nulls.push(make(
            c,
            toggled,
            "column-nullability-mismatch",
            "toggle Nullable",
        ));
    }
    for mut list in [types, nulls] {
        rng.shuffle(&mut list);
        list.truncate(BUDGET);
        out.extend(list);
    }
    // A new column in a table.
    let mut tables: Vec<&DieselColumn> = columns.iter().filter(|c| c.key).collect();
    rng.shuffle(&mut tables);
    for (k, c) in tables.iter().take(BUDGET).enumerate() {
        let column = format!("mutant_column_{k}");
        out.push(Mutation {
            file: schema.to_path_buf(),
            text: replace_line(
                &text,
                c.line,
                &format!(
                    "{}\n{}{column} -> Nullable<Text>,",
                    text.lines().nth(c.line).unwrap_or(""),
                    indent(c.line)
                ),
            ),
            rule: "model-column-missing",
            table: c.table.clone(),
            column: column.clone(),
            what: format!("{}: add {column}", c.table),
        });
    }
    out
}

#[test]
fn diesel_model_mutations_on_lemmy() {
    let Some(corpus) = support::corpus_root("model_mutations") else {
        return;
    };
    let source = corpus.join("lemmy");
    if !source.is_dir() {
        eprintln!(
            "SKIPPED model_mutations/lemmy: no folder {}",
            source.display()
        );
        return;
    }
    let temp = support::TempDir::new("model-mutations-lemmy");
    support::copy_dir(&source, temp.path());
    let projects = discover(&[temp.path().to_path_buf()], &Overrides::default()).unwrap();
    let diesel = projects
        .iter()
        .find(|p| p.tool == miglint_project::Tool::Diesel)
        .unwrap();
    let files: Vec<PathBuf> = diesel.migrations.iter().map(|m| m.path.clone()).collect();
    let baseline = lint_once(&projects, temp.path());
    let subjects = baseline
        .iter()
        .filter_map(|f| Some((f.key.1.clone()?, f.key.2.clone()?)))
        .collect();
    let mut rng = Rng(seed());
    let mutations = diesel_mutations(&diesel.model[0], &files, &subjects, &mut rng);
    assert_every_kind(&mutations);
    let failures = run_mutations("lemmy", temp.path(), &mutations);
    eprintln!(
        "lemmy: {} mutations, {} failed",
        mutations.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------- drizzle

struct SnapshotColumn {
    /// The line of `"type": …`, `"notNull": …`, and the column key.
    type_line: Option<usize>,
    not_null_line: Option<usize>,
    key_line: usize,
    table: String,
    column: String,
    ty: String,
    not_null: bool,
    primary_key: bool,
}

/// Columns of a drizzle-kit snapshot as drizzle-kit formats it (two-space indent).
fn snapshot_columns(text: &str) -> Vec<SnapshotColumn> {
    let table_key = Regex::new(r#"^    "([^"]+)": \{$"#).unwrap();
    let table_name = Regex::new(r#"^      "name": "([^"]+)",?$"#).unwrap();
    let column_key = Regex::new(r#"^        "([^"]+)": \{$"#).unwrap();
    let property = Regex::new(r#"^          "(\w+)": (.*?),?$"#).unwrap();
    let mut out: Vec<SnapshotColumn> = Vec::new();
    let mut table = String::new();
    let mut in_columns = false;
    for (line, code) in text.lines().enumerate() {
        if table_key.is_match(code) {
            in_columns = false;
        } else if let Some(c) = table_name.captures(code) {
            table = c[1].to_owned();
        } else if code == r#"      "columns": {"# {
            in_columns = true;
        } else if code.starts_with("      \"") {
            in_columns = false;
        } else if let (true, Some(c)) = (in_columns, column_key.captures(code)) {
            out.push(SnapshotColumn {
                type_line: None,
                not_null_line: None,
                key_line: line,
                table: table.clone(),
                column: c[1].to_owned(),
                ty: String::new(),
                not_null: false,
                primary_key: false,
            });
        } else if let (true, Some(c), Some(last)) =
            (in_columns, property.captures(code), out.last_mut())
        {
            match &c[1] {
                "type" => {
                    last.type_line = Some(line);
                    last.ty = c[2].trim_matches('"').to_owned();
                }
                "notNull" => {
                    last.not_null_line = Some(line);
                    last.not_null = &c[2] == "true";
                }
                "primaryKey" => last.primary_key = &c[2] == "true",
                _ => {}
            }
        }
    }
    out
}

fn drizzle_mutations(
    snapshot: &Path,
    files: &[PathBuf],
    baseline_subjects: &BTreeSet<(String, String)>,
    rng: &mut Rng,
) -> Vec<Mutation> {
    let text = std::fs::read_to_string(snapshot).unwrap();
    let unknown = columns_unknown(files);
    let mut columns = snapshot_columns(&text);
    columns.retain(|c| !unknown.contains(&c.table));
    let mut model: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for c in &columns {
        model
            .entry(c.table.clone())
            .or_default()
            .insert(c.column.clone());
    }
    let mut out = drop_add_column(files, &model, rng);
    let line_of = |n: usize| text.lines().nth(n).unwrap_or("").to_owned();
    let mut types = Vec::new();
    let mut nulls = Vec::new();
    for c in columns.iter().filter(|c| {
        !c.primary_key && !baseline_subjects.contains(&(c.table.clone(), c.column.clone()))
    }) {
        let other = match c.ty.as_str() {
            "text" => Some("integer"),
            "integer" => Some("bigint"),
            "boolean" => Some("text"),
            "timestamp" => Some("timestamp with time zone"),
            _ => None,
        };
        if let (Some(other), Some(line)) = (other, c.type_line) {
            let new = line_of(line).replace(&format!("\"{}\"", c.ty), &format!("\"{other}\""));
            types.push(Mutation {
                file: snapshot.to_path_buf(),
                text: replace_line(&text, line, &new),
                rule: "column-type-mismatch",
                table: c.table.clone(),
                column: c.column.clone(),
                what: format!("{}.{}: {} → {other}", c.table, c.column, c.ty),
            });
        }
        if let Some(line) = c.not_null_line {
            let new = line_of(line).replace(
                if c.not_null { "true" } else { "false" },
                if c.not_null { "false" } else { "true" },
            );
            nulls.push(Mutation {
                file: snapshot.to_path_buf(),
                text: replace_line(&text, line, &new),
                rule: "column-nullability-mismatch",
                table: c.table.clone(),
                column: c.column.clone(),
                what: format!("{}.{}: toggle notNull", c.table, c.column),
            });
        }
    }
    for mut list in [types, nulls] {
        rng.shuffle(&mut list);
        list.truncate(BUDGET);
        out.extend(list);
    }
    // A new column: inserted before the table's first column.
    let mut firsts: Vec<&SnapshotColumn> = columns
        .iter()
        .filter(|c| line_of(c.key_line.saturating_sub(1)).trim() == r#""columns": {"#)
        .collect();
    rng.shuffle(&mut firsts);
    for (k, c) in firsts.iter().take(BUDGET).enumerate() {
        let column = format!("mutant_column_{k}");
        let entry = format!(
            "        \"{column}\": {{\n          \"name\": \"{column}\",\n          \"type\": \"text\",\n          \"primaryKey\": false,\n          \"notNull\": false\n        }},\n{}",
            line_of(c.key_line)
        );
        out.push(Mutation {
            file: snapshot.to_path_buf(),
            text: replace_line(&text, c.key_line, &entry),
            rule: "model-column-missing",
            table: c.table.clone(),
            column: column.clone(),
            what: format!("{}: add {column}", c.table),
        });
    }
    out
}

#[test]
fn drizzle_model_mutations_on_dokploy() {
    let Some(corpus) = support::corpus_root("model_mutations") else {
        return;
    };
    let source = corpus.join("dokploy");
    if !source.is_dir() {
        eprintln!(
            "SKIPPED model_mutations/dokploy: no folder {}",
            source.display()
        );
        return;
    }
    let temp = support::TempDir::new("model-mutations-dokploy");
    support::copy_dir(&source, temp.path());
    let projects = discover(&[temp.path().to_path_buf()], &Overrides::default()).unwrap();
    let drizzle = projects
        .iter()
        .find(|p| p.tool == miglint_project::Tool::Drizzle)
        .unwrap();
    let files: Vec<PathBuf> = drizzle.migrations.iter().map(|m| m.path.clone()).collect();
    let baseline = lint_once(&projects, temp.path());
    let subjects = baseline
        .iter()
        .filter_map(|f| Some((f.key.1.clone()?, f.key.2.clone()?)))
        .collect();
    let mut rng = Rng(seed());
    let mutations = drizzle_mutations(&drizzle.model[0], &files, &subjects, &mut rng);
    assert_every_kind(&mutations);
    let failures = run_mutations("dokploy", temp.path(), &mutations);
    eprintln!(
        "dokploy: {} mutations, {} failed",
        mutations.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
