//! Mutation tests of drift detection on real Prisma PostgreSQL histories.
//!
//! Each corpus is copied once into a temp folder and linted for a baseline.
//! Then generated mutations are applied one at a time (a migration loses a
//! column, the model gains a field or a model, a field changes its type or
//! its optionality), linted in-process and undone. The findings a mutation
//! adds (compared with the baseline by rule and subject table/column) must
//! hold exactly the expected one, and nothing unrelated.
//!
//! Mutations are picked by a small seeded PRNG, so runs repeat;
//! `MIGLINT_MUTATION_SEED=<n>` explores other picks, and
//! `MIGLINT_MUTATION_DUMP=<dir>` keeps each mutated project (with an `EXPECT`
//! file) to check against Prisma's own drift verdict. At the default seed,
//! `prisma-oracle drift` reports the expected gap for every mutation of
//! umami-pg, hoppscotch, papermark and teable-pg and for the 20 of langfuse
//! and trigger-dev that were sampled.
//!
//! Unrelated means any other new finding, except a warning about the mutated
//! column itself (a type change may also move its default).
// Offsets index text this test scanned itself: a bad one is a test bug, so it panics.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use miglint_diagnostics::Severity;
use miglint_engine::{Config, lint};
use miglint_project::{Overrides, Project, Tool, discover};
use miglint_testing::mutation::{
    DEFAULT_SEED, Expected, Finding, Judgement, Rng, fnv1a, new_findings, seed,
};
use regex::Regex;

/// (name, the Prisma folder holding `migrations/` and the schema), relative to the corpus.
const CORPORA: &[(&str, &str)] = &[
    ("umami-pg", "umami-pg/prisma"),
    ("langfuse", "langfuse/packages/shared/prisma"),
    (
        "trigger-dev",
        "trigger-dev/internal-packages/database/prisma",
    ),
    (
        "hoppscotch",
        "hoppscotch/packages/hoppscotch-backend/prisma",
    ),
    ("papermark", "papermark/prisma"),
    (
        "teable-pg",
        "teable-pg/packages/db-main-prisma/prisma/postgres",
    ),
];

/// Prisma's built-in scalar types.
const SCALARS: &[&str] = &[
    "String", "Boolean", "Int", "BigInt", "Float", "Decimal", "DateTime", "Json", "Bytes",
];

// ---------------------------------------------------------------- mutations

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    DropAddColumn,
    DropCreateColumn,
    AddField,
    AddModel,
    ChangeType,
    ToggleOptional,
}

impl Kind {
    const ALL: [Kind; 6] = [
        Kind::DropAddColumn,
        Kind::DropCreateColumn,
        Kind::AddField,
        Kind::AddModel,
        Kind::ChangeType,
        Kind::ToggleOptional,
    ];

    fn name(self) -> &'static str {
        match self {
            Kind::DropAddColumn => "drop ADD COLUMN",
            Kind::DropCreateColumn => "drop CREATE TABLE column",
            Kind::AddField => "add field",
            Kind::AddModel => "add model",
            Kind::ChangeType => "change type",
            Kind::ToggleOptional => "toggle optional",
        }
    }

    /// Mutations of this kind tried per corpus.
    fn budget(self) -> usize {
        match self {
            Kind::DropAddColumn => 14,
            Kind::DropCreateColumn => 8,
            Kind::AddField => 8,
            Kind::AddModel => 4,
            Kind::ChangeType => 12,
            Kind::ToggleOptional => 12,
        }
    }
}

/// One change to one file, and the finding it must produce.
struct Mutation {
    kind: Kind,
    file: PathBuf,
    text: String,
    rule: &'static str,
    table: String,
    column: Option<String>,
    what: String,
}

// ---------------------------------------------------------------- findings

struct Outcome {
    findings: Vec<Finding>,
    run_errors: Vec<String>,
}

fn lint_once(projects: &[Project], root: &Path) -> Outcome {
    // Drift and replay correctness are measured here; the safety rules
    // have their own fixtures.
    let config = Config {
        rules: miglint_engine::RuleSelection {
            select: ["drift", "correctness", "history", "suppression"]
                .map(str::to_owned)
                .to_vec(),
            ignore: Vec::new(),
        },
        ..Config::default()
    };
    let run = lint(projects, miglint_rules::RULES, &config, root);
    Outcome {
        findings: run
            .report
            .diagnostics
            .iter()
            .map(|d| Finding {
                key: (d.rule, d.subject.table.clone(), d.subject.column.clone()),
                error: d.severity == Severity::Error,
                message: d.message.clone(),
            })
            .collect(),
        run_errors: run.errors.iter().map(ToString::to_string).collect(),
    }
}

#[derive(Default, Clone, Copy)]
struct Tally {
    tried: usize,
    detected: usize,
    wrong_rule: usize,
    missed: usize,
    noisy: usize,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.tried += other.tried;
        self.detected += other.detected;
        self.wrong_rule += other.wrong_rule;
        self.missed += other.missed;
        self.noisy += other.noisy;
    }
}

/// Checks one mutation's new findings; returns its tally and, on failure, why.
fn judge(m: &Mutation, baseline: &Outcome, mutated: &Outcome) -> (Tally, Option<String>) {
    let new = new_findings(&baseline.findings, &mutated.findings);
    let mut judgement = Judgement::of(
        &Expected {
            rule: m.rule,
            table: &m.table,
            column: m.column.as_deref(),
        },
        &new,
    );
    judgement.unrelated.extend(
        mutated
            .run_errors
            .iter()
            .filter(|e| !baseline.run_errors.contains(e))
            .map(|e| format!("run error: {e}")),
    );
    let unrelated = &judgement.unrelated;
    let problems = judgement.problems();
    let mut tally = Tally {
        tried: 1,
        ..Tally::default()
    };
    match judgement.hits {
        1 => tally.detected = 1,
        0 if !judgement.on_subject => tally.missed = 1,
        _ => tally.wrong_rule = 1,
    }
    if !unrelated.is_empty() {
        tally.noisy = 1;
    }
    if problems.is_empty() {
        return (tally, None);
    }
    let mut why = format!(
        "{} ({}): expected [{}] {}.{} — {}\n    new findings:",
        m.what,
        m.kind.name(),
        m.rule,
        m.table,
        m.column.as_deref().unwrap_or("-"),
        problems.join(", ")
    );
    for f in &new {
        let _ = write!(why, "\n      {}", f.describe());
    }
    if new.is_empty() {
        why.push_str(" none");
    }
    for u in unrelated.iter().filter(|u| u.starts_with("run error")) {
        let _ = write!(why, "\n      {u}");
    }
    (tally, Some(why))
}

// ---------------------------------------------------------------- Prisma schema scanning

struct Field {
    line: usize,
    name: String,
    column: String,
    base: String,
    optional: bool,
    list: bool,
    /// Byte range of the type token in the line.
    type_at: (usize, usize),
    attrs: String,
}

struct Model {
    file: usize,
    name: String,
    table: String,
    header_line: usize,
    /// `@@ignore`d or a `view`: no drift is expected from it.
    skipped: bool,
    fields: Vec<Field>,
    id_fields: BTreeSet<String>,
    /// Fields named by a relation's `fields:` or `references:`.
    relation_scalars: BTreeSet<String>,
}

struct Schema {
    files: Vec<(PathBuf, String)>,
    models: Vec<Model>,
    enums: BTreeSet<String>,
}

struct Patterns {
    block: Regex,
    field: Regex,
    map: Regex,
    block_map: Regex,
    block_id: Regex,
    relation_fields: Regex,
    relation_references: Regex,
    db_attr: Regex,
    varchar: Regex,
    alter_head: Regex,
    add_column: Regex,
    create_head: Regex,
    column_line: Regex,
}

impl Patterns {
    fn new() -> Self {
        let ident = r#"("[^"]+"|\w+)"#;
        Self {
            block: Regex::new(r"^\s*(model|view|enum|type)\s+(\w+)\s*\{").unwrap(),
            field: Regex::new(r"^(\s*)(\w+)\s+(\S+)(.*)$").unwrap(),
            map: Regex::new(r#"@map\(\s*(?:name:\s*)?"([^"]*)""#).unwrap(),
            block_map: Regex::new(r#"@@map\(\s*(?:name:\s*)?"([^"]*)""#).unwrap(),
            block_id: Regex::new(r"@@id\(\s*(?:fields:\s*)?\[([^\]]*)\]").unwrap(),
            relation_fields: Regex::new(r"fields:\s*\[([^\]]*)\]").unwrap(),
            relation_references: Regex::new(r"references:\s*\[([^\]]*)\]").unwrap(),
            db_attr: Regex::new(r"\s*@db\.\w+(\([^)]*\))?").unwrap(),
            varchar: Regex::new(r"@db\.VarChar\((\d+)\)").unwrap(),
            alter_head: Regex::new(&format!(
                r"(?is)^ALTER\s+TABLE\s+(?:ONLY\s+)?(?:IF\s+EXISTS\s+)?(?:{ident}\.)?{ident}\s+"
            ))
            .unwrap(),
            add_column: Regex::new(&format!(r"(?is)^\s*ADD\s+COLUMN\s+{ident}\s")).unwrap(),
            create_head: Regex::new(&format!(
                r"(?is)^CREATE\s+TABLE\s+(?:{ident}\.)?{ident}\s*\("
            ))
            .unwrap(),
            column_line: Regex::new(&format!(r"^\s*{ident}\s+\S")).unwrap(),
        }
    }
}

/// The part of a schema line before a `//` comment.
fn code_part(line: &str) -> &str {
    let mut in_string = false;
    let mut escaped = false;
    let mut previous_slash = false;
    for (i, c) in line.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '/' if previous_slash => return line.get(..i - 1).unwrap_or(line),
            _ => {}
        }
        previous_slash = c == '/';
    }
    line
}

fn names_in_list(list: &str) -> impl Iterator<Item = String> + '_ {
    list.split(',').filter_map(|item| {
        let name: String = item
            .trim()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        (!name.is_empty()).then_some(name)
    })
}

fn scan_schema(paths: &[PathBuf], p: &Patterns) -> Schema {
    let files: Vec<(PathBuf, String)> = paths
        .iter()
        .map(|path| (path.clone(), std::fs::read_to_string(path).unwrap()))
        .collect();
    let mut models = Vec::new();
    let mut enums = BTreeSet::new();
    // (target model, referenced field names), resolved once every model is known.
    let mut references: Vec<(String, Vec<String>)> = Vec::new();
    for (file, (_, text)) in files.iter().enumerate() {
        let mut current: Option<Model> = None;
        let mut in_other_block = false;
        for (line_no, line) in text.lines().enumerate() {
            let code = code_part(line);
            let trimmed = code.trim();
            if trimmed == "}" {
                models.extend(current.take());
                in_other_block = false;
                continue;
            }
            if let Some(c) = p.block.captures(code) {
                let name = c[2].to_owned();
                match &c[1] {
                    "model" | "view" => {
                        current = Some(Model {
                            file,
                            table: name.clone(),
                            name,
                            header_line: line_no,
                            skipped: &c[1] == "view",
                            fields: Vec::new(),
                            id_fields: BTreeSet::new(),
                            relation_scalars: BTreeSet::new(),
                        });
                    }
                    kind => {
                        if kind == "enum" {
                            enums.insert(name);
                        }
                        in_other_block = true;
                    }
                }
                continue;
            }
            let Some(model) = current.as_mut() else {
                continue;
            };
            if in_other_block || trimmed.is_empty() {
                continue;
            }
            if trimmed.starts_with("@@") {
                if let Some(c) = p.block_map.captures(trimmed) {
                    model.table = c[1].to_owned();
                }
                if trimmed.starts_with("@@ignore") {
                    model.skipped = true;
                }
                if let Some(c) = p.block_id.captures(trimmed) {
                    model.id_fields.extend(names_in_list(&c[1]));
                }
                continue;
            }
            let Some(c) = p.field.captures(code) else {
                continue;
            };
            let token = c.get(3).unwrap();
            let attrs = c[4].to_owned();
            let raw = token.as_str();
            let list = raw.contains("[]");
            let optional = raw.ends_with('?');
            let base = raw.trim_end_matches('?').trim_end_matches("[]").to_owned();
            if let Some(r) = p.relation_fields.captures(&attrs) {
                model.relation_scalars.extend(names_in_list(&r[1]));
            }
            if let Some(r) = p.relation_references.captures(&attrs) {
                references.push((base.clone(), names_in_list(&r[1]).collect()));
            }
            let name = c[2].to_owned();
            model.fields.push(Field {
                line: line_no,
                column: p
                    .map
                    .captures(&attrs)
                    .map_or_else(|| name.clone(), |m| m[1].to_owned()),
                name,
                base,
                optional,
                list,
                type_at: (token.start(), token.end()),
                attrs,
            });
        }
    }
    for (target, names) in references {
        if let Some(model) = models.iter_mut().find(|m| m.name == target) {
            model.relation_scalars.extend(names);
        }
    }
    Schema {
        files,
        models,
        enums,
    }
}

impl Schema {
    /// Every column the model maps, by table.
    fn columns(&self) -> BTreeMap<String, BTreeSet<String>> {
        let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for m in self.models.iter().filter(|m| !m.skipped) {
            let columns = out.entry(m.table.clone()).or_default();
            for f in &m.fields {
                let scalar = SCALARS.contains(&f.base.as_str()) || self.enums.contains(&f.base);
                if scalar && !f.attrs.contains("@ignore") {
                    columns.insert(f.column.clone());
                }
            }
        }
        out
    }

    /// Fields whose type or optionality a mutation may change without making
    /// the model invalid or touching keys and relations.
    fn editable(&self, baseline_subjects: &BTreeSet<(String, String)>) -> Vec<(&Model, &Field)> {
        let mut out = Vec::new();
        for m in self.models.iter().filter(|m| !m.skipped) {
            for f in &m.fields {
                let ok = SCALARS.contains(&f.base.as_str())
                    && !f.list
                    && !f.attrs.contains("@id")
                    && !f.attrs.contains("@ignore")
                    && !m.id_fields.contains(&f.name)
                    && !m.relation_scalars.contains(&f.name)
                    && !baseline_subjects.contains(&(m.table.clone(), f.column.clone()));
                if ok {
                    out.push((m, f));
                }
            }
        }
        out
    }
}

/// `text` with line `line_no` replaced by `new_line` (its line ending kept).
fn replace_line(text: &str, line_no: usize, new_line: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if i == line_no {
            let ending = &line[line.trim_end_matches(['\r', '\n']).len()..];
            out.push_str(new_line);
            out.push_str(ending);
        } else {
            out.push_str(line);
        }
    }
    out
}

fn insert_after_line(text: &str, line_no: usize, new_line: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    for (i, line) in text.split_inclusive('\n').enumerate() {
        out.push_str(line);
        if i == line_no {
            out.push_str(new_line);
            out.push('\n');
        }
    }
    out
}

fn line_of(text: &str, line_no: usize) -> &str {
    text.lines().nth(line_no).unwrap_or("")
}

/// The field's line with its type token replaced and `edit` applied to the attributes.
fn edit_field(
    schema: &Schema,
    model: &Model,
    field: &Field,
    new_type: &str,
    edit: impl Fn(&str) -> String,
) -> String {
    let text = &schema.files[model.file].1;
    let line = line_of(text, field.line);
    // Attributes are edited before a trailing `//` comment, never inside it.
    let code_end = code_part(line).len();
    let comment = &line[code_end..];
    let attrs = edit(&line[field.type_at.1..code_end]);
    let gap = if comment.is_empty() || attrs.ends_with(' ') {
        ""
    } else {
        " "
    };
    let new_line = format!(
        "{}{new_type}{attrs}{gap}{comment}",
        &line[..field.type_at.0]
    );
    replace_line(text, field.line, &new_line)
}

fn schema_mutations(
    schema: &Schema,
    baseline_subjects: &BTreeSet<(String, String)>,
    p: &Patterns,
    rng: &mut Rng,
) -> Vec<Mutation> {
    let mut out = Vec::new();
    let editable = schema.editable(baseline_subjects);
    let live_models: Vec<&Model> = schema.models.iter().filter(|m| !m.skipped).collect();

    // A new scalar field.
    let variants = [
        "Int",
        "String?",
        "Boolean @default(false)",
        "DateTime",
        "BigInt?",
        "Json?",
    ];
    let mut picks: Vec<&Model> = live_models.clone();
    rng.shuffle(&mut picks);
    for (k, model) in picks.iter().take(Kind::AddField.budget()).enumerate() {
        let name = format!("mutantField{k}");
        let column = format!("mutant_field_{k}");
        let ty = variants[rng.below(variants.len())];
        let mapped = rng.coin();
        let line = if mapped {
            format!("  {name} {ty} @map(\"{column}\")")
        } else {
            format!("  {name} {ty}")
        };
        out.push(Mutation {
            kind: Kind::AddField,
            file: schema.files[model.file].0.clone(),
            text: insert_after_line(&schema.files[model.file].1, model.header_line, &line),
            rule: "model-column-missing",
            table: model.table.clone(),
            column: Some(if mapped { column } else { name }),
            what: format!("model {}: add `{}`", model.name, line.trim()),
        });
    }

    // A new model.
    for k in 0..Kind::AddModel.budget() {
        let file = rng.below(schema.files.len());
        let name = format!("MutantModel{k}");
        let table = format!("mutant_model_{k}");
        let mapped = k % 2 == 1;
        let block = if mapped {
            format!("\nmodel {name} {{\n  id Int @id\n\n  @@map(\"{table}\")\n}}\n")
        } else {
            format!("\nmodel {name} {{\n  id Int @id\n}}\n")
        };
        out.push(Mutation {
            kind: Kind::AddModel,
            file: schema.files[file].0.clone(),
            text: format!("{}{block}", schema.files[file].1),
            rule: "model-table-missing",
            table: if mapped { table } else { name.clone() },
            column: None,
            what: format!("add model {name}{}", if mapped { " (@@map)" } else { "" }),
        });
    }

    // A field's type.
    let mut type_changes = Vec::new();
    for &(model, field) in &editable {
        let q = if field.optional { "?" } else { "" };
        let has_db = field.attrs.contains("@db.");
        let strip_db = |attrs: &str| p.db_attr.replace_all(attrs, "").into_owned();
        let keep = |attrs: &str| attrs.to_owned();
        let mut push = |text: String, what: String| {
            type_changes.push(Mutation {
                kind: Kind::ChangeType,
                file: schema.files[model.file].0.clone(),
                text,
                rule: "column-type-mismatch",
                table: model.table.clone(),
                column: Some(field.column.clone()),
                what: format!("{}.{}: {what}", model.name, field.name),
            });
        };
        match field.base.as_str() {
            "Int" if !has_db => push(
                edit_field(schema, model, field, &format!("BigInt{q}"), keep),
                "Int → BigInt".into(),
            ),
            "BigInt" if !has_db => push(
                edit_field(schema, model, field, &format!("Int{q}"), keep),
                "BigInt → Int".into(),
            ),
            "String" => {
                if !field.attrs.contains("@default") {
                    push(
                        edit_field(schema, model, field, &format!("Int{q}"), strip_db),
                        "String → Int".into(),
                    );
                }
                if let Some(c) = p.varchar.captures(&field.attrs) {
                    let n: usize = c[1].parse().unwrap();
                    let other = n + 1 + rng.below(40);
                    let attr = format!("@db.VarChar({other})");
                    push(
                        edit_field(schema, model, field, &format!("String{q}"), |a| {
                            p.varchar.replace(a, attr.as_str()).into_owned()
                        }),
                        format!("@db.VarChar({n}) → {attr}"),
                    );
                }
            }
            "DateTime" => {
                let db = p
                    .db_attr
                    .find(&field.attrs)
                    .map(|m| m.as_str().trim().to_owned());
                match db.as_deref() {
                    None => push(
                        edit_field(schema, model, field, &format!("DateTime{q}"), |a| {
                            format!("{} @db.Timestamptz(6)", a.trim_end())
                        }),
                        "add @db.Timestamptz(6)".into(),
                    ),
                    // Prisma's DateTime is TIMESTAMP(3): dropping it changes nothing.
                    Some("@db.Timestamp(3)") => {}
                    Some(attr) => push(
                        edit_field(schema, model, field, &format!("DateTime{q}"), strip_db),
                        format!("drop {attr}"),
                    ),
                }
            }
            _ => {}
        }
    }
    rng.shuffle(&mut type_changes);
    out.extend(type_changes.into_iter().take(Kind::ChangeType.budget()));

    // A field's optionality.
    let mut toggles: Vec<&(&Model, &Field)> = editable
        .iter()
        .filter(|(_, f)| !f.attrs.contains("autoincrement()"))
        .collect();
    rng.shuffle(&mut toggles);
    for &&(model, field) in toggles.iter().take(Kind::ToggleOptional.budget()) {
        let new_type = if field.optional {
            field.base.clone()
        } else {
            format!("{}?", field.base)
        };
        out.push(Mutation {
            kind: Kind::ToggleOptional,
            file: schema.files[model.file].0.clone(),
            text: edit_field(schema, model, field, &new_type, |a| a.to_owned()),
            rule: "column-nullability-mismatch",
            table: model.table.clone(),
            column: Some(field.column.clone()),
            what: format!(
                "{}.{}: {} → {new_type}",
                model.name,
                field.name,
                if field.optional {
                    format!("{}?", field.base)
                } else {
                    field.base.clone()
                }
            ),
        });
    }
    out
}

// ---------------------------------------------------------------- migration SQL

/// Byte ranges of the statements of `sql`: from the first code character
/// (leading comments and blanks skipped) through the `;`.
fn statements(sql: &str) -> Vec<(usize, usize)> {
    let bytes = sql.as_bytes();
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let rest = &sql[i..];
        if rest.starts_with("--") {
            i += rest.find('\n').unwrap_or(rest.len());
            continue;
        }
        if rest.starts_with("/*") {
            i += rest.find("*/").map_or(rest.len(), |e| e + 2);
            continue;
        }
        if b.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if start.is_none() {
            start = Some(i);
        }
        match b {
            b'\'' | b'"' => {
                let end = rest[1..].find(b as char).map_or(rest.len(), |e| e + 2);
                i += end;
            }
            b'$' => {
                let tag_len = rest[1..]
                    .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .map_or(0, |e| e + 1);
                if rest.as_bytes().get(tag_len) == Some(&b'$') {
                    let tag = &rest[..=tag_len];
                    let body = &rest[tag.len()..];
                    i += tag.len() + body.find(tag).map_or(body.len(), |e| e + tag.len());
                } else {
                    i += 1;
                }
            }
            b';' => {
                out.extend(start.take().map(|s| (s, i + 1)));
                i += 1;
            }
            _ => i += 1,
        }
    }
    out.extend(start.map(|s| (s, sql.len())));
    out
}

/// Top-level comma-separated parts of `text` (outside parentheses and quotes).
fn split_clauses(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut from = 0;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => depth -= 1,
            (None, ',') if depth == 0 => {
                out.push(&text[from..i]);
                from = i + 1;
            }
            _ => {}
        }
    }
    out.push(&text[from..]);
    out
}

/// An identifier as PostgreSQL resolves it: quoted kept, bare folded.
fn sql_name(ident: &str) -> String {
    match ident.strip_prefix('"').and_then(|i| i.strip_suffix('"')) {
        Some(quoted) => quoted.to_owned(),
        None => ident.to_lowercase(),
    }
}

/// Lower-cased identifier-like words of `text`.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// Every statement of the history in order, and which statements name each word.
struct History {
    files: Vec<(PathBuf, String)>,
    /// (file index, byte range) in history order.
    statements: Vec<(usize, (usize, usize))>,
    words: Vec<BTreeSet<String>>,
    by_word: BTreeMap<String, Vec<usize>>,
}

impl History {
    fn read(project: &Project) -> Self {
        let files: Vec<(PathBuf, String)> = project
            .migrations
            .iter()
            .map(|m| (m.path.clone(), std::fs::read_to_string(&m.path).unwrap()))
            .collect();
        let mut all = Vec::new();
        let mut word_sets = Vec::new();
        let mut by_word: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (f, (_, text)) in files.iter().enumerate() {
            for range in statements(text) {
                let set: BTreeSet<String> = words(&text[range.0..range.1]).collect();
                for w in &set {
                    by_word.entry(w.clone()).or_default().push(all.len());
                }
                word_sets.push(set);
                all.push((f, range));
            }
        }
        Self {
            files,
            statements: all,
            words: word_sets,
            by_word,
        }
    }

    /// Whether a statement after `index` names both the table and the column.
    fn touched_later(&self, index: usize, table: &str, column: &str) -> bool {
        let (table, column) = (table.to_lowercase(), column.to_lowercase());
        self.by_word.get(&column).is_some_and(|hits| {
            hits.iter()
                .any(|&s| s > index && self.words[s].contains(&table))
        })
    }
}

fn migration_mutations(
    history: &History,
    model_columns: &BTreeMap<String, BTreeSet<String>>,
    baseline_subjects: &BTreeSet<(String, String)>,
    p: &Patterns,
    rng: &mut Rng,
) -> Vec<Mutation> {
    let in_model = |t: &str, c: &str| model_columns.get(t).is_some_and(|cols| cols.contains(c));
    let mut adds = Vec::new();
    let mut creates = Vec::new();
    for (index, &(file, (start, end))) in history.statements.iter().enumerate() {
        let text = &history.files[file].1;
        let statement = &text[start..end];
        if let Some(head) = p.alter_head.captures(statement) {
            let schema_ok = head.get(1).is_none_or(|s| sql_name(s.as_str()) == "public");
            let table = sql_name(&head[2]);
            let body = statement[head.get(0).unwrap().end()..].trim_end_matches(';');
            let clauses = split_clauses(body);
            for (i, clause) in clauses.iter().enumerate() {
                let Some(c) = p.add_column.captures(clause) else {
                    continue;
                };
                if c[1].eq_ignore_ascii_case("if") || !schema_ok {
                    continue;
                }
                let column = sql_name(&c[1]);
                let others_name_it = clauses
                    .iter()
                    .enumerate()
                    .any(|(j, other)| j != i && words(other).any(|w| w == column.to_lowercase()));
                if others_name_it {
                    continue;
                }
                let replacement = if clauses.len() == 1 {
                    String::new()
                } else {
                    let kept: Vec<&str> = clauses
                        .iter()
                        .enumerate()
                        .filter(|&(j, _)| j != i)
                        .map(|(_, c)| c.trim())
                        .collect();
                    format!("{}{};", head.get(0).unwrap().as_str(), kept.join(",\n"))
                };
                adds.push((index, table.clone(), column, replacement));
            }
        } else if let Some(head) = p.create_head.captures(statement) {
            if head
                .get(1)
                .is_some_and(|s| sql_name(s.as_str()) != "public")
            {
                continue;
            }
            let table = sql_name(&head[2]);
            let lines: Vec<&str> = statement.split_inclusive('\n').collect();
            let mut offset = 0;
            for (i, line) in lines.iter().enumerate() {
                let line_start = offset;
                offset += line.len();
                let trimmed = line.trim();
                let Some(c) = p.column_line.captures(trimmed) else {
                    continue;
                };
                let keyword = [
                    "constraint",
                    "primary",
                    "unique",
                    "foreign",
                    "check",
                    "exclude",
                    "like",
                ]
                .contains(&c[1].to_lowercase().as_str());
                let previous_ends_item = i > 0 && lines[i - 1].trim_end().ends_with([',', '(']);
                let balanced = line.matches('(').count() == line.matches(')').count();
                if keyword || !trimmed.ends_with(',') || !previous_ends_item || !balanced {
                    continue;
                }
                let column = sql_name(&c[1]);
                let lower = column.to_lowercase();
                if words(statement).filter(|w| *w == lower).count() != 1 {
                    continue;
                }
                let replacement = format!(
                    "{}{}",
                    &statement[..line_start],
                    &statement[line_start + line.len()..]
                );
                creates.push((index, table.clone(), column, replacement));
            }
        }
    }

    let mut out = Vec::new();
    for (kind, mut candidates) in [
        (Kind::DropAddColumn, adds),
        (Kind::DropCreateColumn, creates),
    ] {
        rng.shuffle(&mut candidates);
        let picked = candidates.into_iter().filter(|(index, table, column, _)| {
            in_model(table, column)
                && !baseline_subjects.contains(&(table.clone(), column.clone()))
                && !history.touched_later(*index, table, column)
        });
        for (index, table, column, replacement) in picked.take(kind.budget()) {
            let (file, (start, end)) = history.statements[index];
            let (path, text) = &history.files[file];
            let migration = path
                .parent()
                .and_then(Path::file_name)
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            out.push(Mutation {
                kind,
                file: path.clone(),
                text: format!("{}{replacement}{}", &text[..start], &text[end..]),
                rule: "model-column-missing",
                table: table.clone(),
                column: Some(column.clone()),
                what: format!("{migration}: drop `{table}`.`{column}`"),
            });
        }
    }
    out
}

// ---------------------------------------------------------------- the test

/// What mutating one project gave.
struct ProjectRun {
    tallies: BTreeMap<Kind, Tally>,
    failures: Vec<String>,
    mutations: usize,
}

/// Generates the mutations of the Prisma project at `root` (a scratch copy)
/// and checks each one against the baseline.
fn mutate_project(name: &str, root: &Path, seed: u64, dump: Option<&Path>) -> ProjectRun {
    let patterns = Patterns::new();
    let projects = discover(&[root.to_path_buf()], &Overrides::default()).unwrap();
    assert_eq!(projects.len(), 1, "{name}: expected one project");
    assert_eq!(projects[0].tool, Tool::Prisma, "{name}");

    let baseline = lint_once(&projects, root);
    let baseline_subjects: BTreeSet<(String, String)> = baseline
        .findings
        .iter()
        .filter_map(|f| Some((f.key.1.clone()?, f.key.2.clone()?)))
        .collect();
    let schema = scan_schema(&projects[0].model, &patterns);
    let history = History::read(&projects[0]);
    let mut rng = Rng(seed ^ fnv1a(name));
    let mut mutations = migration_mutations(
        &history,
        &schema.columns(),
        &baseline_subjects,
        &patterns,
        &mut rng,
    );
    mutations.extend(schema_mutations(
        &schema,
        &baseline_subjects,
        &patterns,
        &mut rng,
    ));

    let mut run = ProjectRun {
        tallies: BTreeMap::new(),
        failures: Vec::new(),
        mutations: mutations.len(),
    };
    for (index, m) in mutations.iter().enumerate() {
        let original = std::fs::read_to_string(&m.file).unwrap();
        std::fs::write(&m.file, &m.text).unwrap();
        let mutated = lint_once(&projects, root);
        if let Some(dump) = dump {
            // A copy to check against Prisma's own drift verdict by hand.
            let to = dump.join(format!("{name}-{index:03}"));
            support::copy_dir(root, &to);
            let expect = format!(
                "{}\n{} {} {}\n",
                m.what,
                m.rule,
                m.table,
                m.column.as_deref().unwrap_or("-")
            );
            std::fs::write(to.join("EXPECT"), expect).unwrap();
        }
        std::fs::write(&m.file, &original).unwrap();
        let (tally, failure) = judge(m, &baseline, &mutated);
        let total = run.tallies.entry(m.kind).or_default();
        total.add(tally);
        run.failures.extend(failure.map(|f| format!("{name}: {f}")));
    }
    run
}

#[test]
fn drift_rules_catch_generated_mutations_of_real_prisma_projects() {
    let Some(corpus) = support::corpus_root("drift_mutations") else {
        return;
    };
    let seed = seed();
    // MIGLINT_MUTATION_DUMP=<dir> keeps every mutated project there.
    let dump = std::env::var_os("MIGLINT_MUTATION_DUMP").map(PathBuf::from);
    let started = Instant::now();
    let mut rows: Vec<(String, Kind, Tally)> = Vec::new();
    let mut failures: Vec<String> = Vec::new();
    let mut times: Vec<(String, usize, Duration)> = Vec::new();

    for &(name, folder) in CORPORA {
        let source = corpus.join(folder);
        if !source.is_dir() {
            miglint_testing::skip(format_args!(
                "SKIPPED drift_mutations/{name}: no folder {}",
                source.display()
            ));
            continue;
        }
        let corpus_started = Instant::now();
        let temp = support::TempDir::new(&format!("mutations-{name}"));
        support::copy_dir(&source, temp.path());
        let run = mutate_project(name, temp.path(), seed, dump.as_deref());
        for kind in Kind::ALL {
            rows.push((
                name.to_owned(),
                kind,
                run.tallies.get(&kind).copied().unwrap_or_default(),
            ));
        }
        failures.extend(run.failures);
        times.push((name.to_owned(), run.mutations, corpus_started.elapsed()));
    }

    let mut table = format!(
        "drift mutations (seed {seed:#x}):\n{:<12} {:<26} {:>6} {:>9} {:>11} {:>7} {:>6}\n",
        "corpus", "kind", "tried", "detected", "wrong rule", "missed", "noisy"
    );
    let mut sum = Tally::default();
    for (name, kind, t) in &rows {
        let _ = writeln!(
            table,
            "{name:<12} {:<26} {:>6} {:>9} {:>11} {:>7} {:>6}",
            kind.name(),
            t.tried,
            t.detected,
            t.wrong_rule,
            t.missed,
            t.noisy
        );
        sum.add(*t);
    }
    let _ = writeln!(
        table,
        "{:<12} {:<26} {:>6} {:>9} {:>11} {:>7} {:>6}",
        "total", "", sum.tried, sum.detected, sum.wrong_rule, sum.missed, sum.noisy
    );
    for (name, count, time) in &times {
        let _ = writeln!(table, "{name}: {count} mutations in {:.2?}", time);
    }
    let _ = write!(table, "all corpora: {:.2?}", started.elapsed());
    eprintln!("{table}");
    assert!(
        failures.is_empty(),
        "{} of {} mutations were not reported as expected:\n{}",
        failures.len(),
        sum.tried,
        failures.join("\n")
    );
}

// ---------------------------------------------------------------- the harness itself

const TINY_SCHEMA: &str = r#"datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

model User {
  id        Int      @id @default(autoincrement())
  email     String   @unique
  name      String?  @db.VarChar(100) // display name
  age       Int
  createdAt DateTime @default(now())
  posts     Post[]

  @@map("users")
}

model Post {
  id       Int     @id @default(autoincrement())
  title    String
  subtitle String?
  views    BigInt
  authorId Int     @map("author_id")
  author   User    @relation(fields: [authorId], references: [id])
}
"#;

const TINY_INIT: &str = r#"-- CreateTable
CREATE TABLE "users" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "age" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Post" (
    "id" SERIAL NOT NULL,
    "title" TEXT NOT NULL,
    "author_id" INTEGER NOT NULL,
    CONSTRAINT "Post_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- AddForeignKey
ALTER TABLE "Post" ADD CONSTRAINT "Post_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
"#;

const TINY_LATER: &str = r#"-- AlterTable
ALTER TABLE "users" ADD COLUMN     "name" VARCHAR(100);

-- AlterTable
ALTER TABLE "Post" ADD COLUMN     "subtitle" TEXT,
ADD COLUMN     "views" BIGINT NOT NULL;
"#;

fn tiny_project() -> support::TempDir {
    let temp = support::TempDir::new("mutations-tiny");
    temp.write("prisma/schema.prisma", TINY_SCHEMA);
    temp.write(
        "prisma/migrations/migration_lock.toml",
        "provider = \"postgresql\"\n",
    );
    temp.write(
        "prisma/migrations/20240101000000_init/migration.sql",
        TINY_INIT,
    );
    temp.write(
        "prisma/migrations/20240201000000_later/migration.sql",
        TINY_LATER,
    );
    temp
}

/// The generators find every kind of site in a small known project (the two
/// clauses of a multi-clause `ADD COLUMN` included, columns a later statement
/// names excluded), and miglint reports each mutation as expected. Prisma's
/// drift check finds the unmutated project in sync.
#[test]
fn the_harness_mutates_a_small_project_as_intended() {
    let temp = tiny_project();
    let projects = discover(&[temp.path().to_path_buf()], &Overrides::default()).unwrap();
    let baseline = lint_once(&projects, temp.path());
    let listed: Vec<String> = baseline.findings.iter().map(Finding::describe).collect();
    assert!(listed.is_empty(), "{listed:#?}");

    let patterns = Patterns::new();
    let schema = scan_schema(&projects[0].model, &patterns);
    let history = History::read(&projects[0]);
    let mut rng = Rng(DEFAULT_SEED);
    let none = BTreeSet::new();
    let dropped: BTreeSet<(Kind, String)> =
        migration_mutations(&history, &schema.columns(), &none, &patterns, &mut rng)
            .into_iter()
            .map(|m| {
                (
                    m.kind,
                    format!("{}.{}", m.table, m.column.unwrap_or_default()),
                )
            })
            .collect();
    let expected: BTreeSet<(Kind, String)> = [
        (Kind::DropAddColumn, "users.name"),
        (Kind::DropAddColumn, "Post.subtitle"),
        (Kind::DropAddColumn, "Post.views"),
        (Kind::DropCreateColumn, "users.age"),
        (Kind::DropCreateColumn, "users.createdAt"),
        (Kind::DropCreateColumn, "Post.title"),
    ]
    .into_iter()
    .map(|(k, s)| (k, s.to_owned()))
    .collect();
    assert_eq!(dropped, expected);

    let run = mutate_project("tiny", temp.path(), DEFAULT_SEED, None);
    for kind in Kind::ALL {
        let t = run.tallies.get(&kind).copied().unwrap_or_default();
        assert!(t.tried > 0, "no {} mutation", kind.name());
    }
    assert!(run.failures.is_empty(), "{}", run.failures.join("\n"));
}

/// The judge fails a mutation that changes nothing, one reported under
/// another rule, and one that brings an unrelated finding along.
#[test]
fn the_judge_tells_misses_wrong_rules_and_noise_apart() {
    let temp = tiny_project();
    let projects = discover(&[temp.path().to_path_buf()], &Overrides::default()).unwrap();
    let baseline = lint_once(&projects, temp.path());
    let schema_path = temp.path().join("prisma/schema.prisma");
    let case = |text: String, rule: &'static str, column: &str| {
        let m = Mutation {
            kind: Kind::ToggleOptional,
            file: schema_path.clone(),
            text,
            rule,
            table: "users".to_owned(),
            column: Some(column.to_owned()),
            what: "hand-made".to_owned(),
        };
        std::fs::write(&m.file, &m.text).unwrap();
        let mutated = lint_once(&projects, temp.path());
        std::fs::write(&m.file, TINY_SCHEMA).unwrap();
        judge(&m, &baseline, &mutated).0
    };
    let optional_age = TINY_SCHEMA.replace("  age       Int\n", "  age       Int?\n");
    assert_ne!(optional_age, TINY_SCHEMA);
    let unchanged = case(TINY_SCHEMA.to_owned(), "column-nullability-mismatch", "age");
    assert_eq!(unchanged.missed, 1);
    let wrong = case(optional_age.clone(), "column-type-mismatch", "age");
    assert_eq!(wrong.wrong_rule, 1);
    let right = case(optional_age.clone(), "column-nullability-mismatch", "age");
    assert_eq!((right.detected, right.noisy), (1, 0));
    let noisy = case(
        optional_age.replace("  title    String\n", "  title    String?\n"),
        "column-nullability-mismatch",
        "age",
    );
    assert_eq!((noisy.detected, noisy.noisy), (1, 1));
}
