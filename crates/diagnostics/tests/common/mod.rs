//! The synthetic run every renderer test prints: a Prisma model and one CRLF migration with a
//! non-ASCII identifier, three grouped drift findings pointing into both files, a table the
//! model lacks (no help, no fix) and a syntax error.

#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::path::PathBuf;

use miglint_diagnostics::{
    Category, Diagnostic, Format, ProjectSummary, RenderOptions, Report, RuleMeta, Severity,
    Subject, render,
};
use miglint_source::{FileId, SourceFile, SourceMap, Span};

pub const SCHEMA: &str = "\
datasource db {
  provider = \"postgresql\"
  url      = env(\"DATABASE_URL\")
}

model User {
  id                  Int       @id @default(autoincrement())
  email               String    @unique
  unlimitedPoseActive Boolean   @default(false)
  unlimitedPoseCount  Int       @default(0)
  unlimitedPoseUntil  DateTime?

  @@map(\"users\")
}
";

pub const MIGRATION: &str = concat!(
    "-- Create users\r\n",
    "CREATE TABLE \"users\" (\r\n",
    "    \"id\" SERIAL NOT NULL,\r\n",
    "    \"email\" TEXT NOT NULL,\r\n",
    "    CONSTRAINT \"users_pkey\" PRIMARY KEY (\"id\")\r\n",
    ");\r\n",
    "\r\n",
    "CREATE TABLE \"größe\" (\r\n",
    "    \"maß\" INTEGER\r\n",
    ");\r\n",
    "ALTER TABLE \"größe\" ADD COLUM \"wert\" TEXT;\r\n",
);

pub const SCHEMA_PATH: &str = "prisma/schema.prisma";
pub const MIGRATION_PATH: &str = "prisma/migrations/20240101000000_init/migration.sql";

/// The byte span of the first `needle` in `text` (after `after`, when given).
pub fn span_of(text: &str, needle: &str, after: &str) -> Span {
    let from = text.find(after).unwrap();
    let start = from + text[from..].find(needle).unwrap();
    Span::from_range(start..start + needle.len())
}

pub fn sources() -> SourceMap {
    let mut sources = SourceMap::new();
    let schema = sources.add(SourceFile::new(
        PathBuf::from(SCHEMA_PATH),
        SCHEMA_PATH.to_owned(),
        SCHEMA.to_owned(),
    ));
    let migration = sources.add(SourceFile::new(
        PathBuf::from(MIGRATION_PATH),
        MIGRATION_PATH.to_owned(),
        MIGRATION.to_owned(),
    ));
    assert_eq!((schema, migration), (FileId(0), FileId(1)));
    sources
}

pub const SCHEMA_FILE: FileId = FileId(0);
pub const MIGRATION_FILE: FileId = FileId(1);

fn missing_column(field: &str, fix: &str) -> Diagnostic {
    let line = SCHEMA
        .lines()
        .find(|l| l.trim_start().starts_with(field))
        .unwrap();
    Diagnostic::new(
        "model-column-missing",
        Category::Drift,
        Severity::Error,
        SCHEMA_FILE,
        span_of(SCHEMA, line.trim(), "model User"),
        format!(
            "column `{field}` of model `User` is declared in the model, \
             but no migration adds it to table `users`"
        ),
    )
    .with_label(
        MIGRATION_FILE,
        span_of(MIGRATION, "CREATE TABLE \"users\" (", ""),
        "table `users` is created here, without it",
    )
    .with_help("add the column in a new migration")
    .with_fix(fix)
    .with_subject(Subject {
        schema: Some("public".into()),
        table: Some("users".into()),
        column: Some(field.into()),
        ..Subject::default()
    })
    .with_group("users")
    .with_heading(miglint_diagnostics::Heading {
        one: "column the model declares is missing",
        many: "columns the model declares are missing",
    })
}

pub fn report() -> Report {
    let mut first = missing_column(
        "unlimitedPoseActive",
        "ALTER TABLE \"users\" ADD COLUMN \"unlimitedPoseActive\" BOOLEAN NOT NULL DEFAULT false;",
    );
    first.labels.push(miglint_diagnostics::Label {
        file: SCHEMA_FILE,
        span: span_of(SCHEMA, "@@map(\"users\")", ""),
        message: "the model is mapped to table `users` here".into(),
    });
    let diagnostics = vec![
        first,
        missing_column(
            "unlimitedPoseCount",
            "ALTER TABLE \"users\" ADD COLUMN \"unlimitedPoseCount\" INTEGER NOT NULL DEFAULT 0;",
        ),
        missing_column(
            "unlimitedPoseUntil",
            "ALTER TABLE \"users\"\n    ADD COLUMN \"unlimitedPoseUntil\" TIMESTAMP(3);",
        ),
        Diagnostic::new(
            "table-not-in-model",
            Category::Drift,
            Severity::Warning,
            MIGRATION_FILE,
            span_of(MIGRATION, "\"größe\"", ""),
            "table `größe` is created by the migrations, but no model maps to it",
        )
        .with_subject(Subject {
            schema: Some("public".into()),
            table: Some("größe".into()),
            ..Subject::default()
        }),
        Diagnostic::new(
            "syntax-error",
            Category::Correctness,
            Severity::Warning,
            MIGRATION_FILE,
            span_of(MIGRATION, "COLUM", "ALTER"),
            "expected COLUMN, CONSTRAINT or another ALTER TABLE operation, found `COLUM`",
        )
        .with_help("miglint skipped this statement: findings after it may miss its effect"),
    ];
    Report {
        projects: vec![ProjectSummary {
            root: "prisma".into(),
            tool: "prisma".into(),
            dialect: "postgresql".into(),
            migrations: 1,
            model: vec![SCHEMA_PATH.into()],
            history: "complete".into(),
            history_reason: None,
        }],
        diagnostics,
        files: 2,
        statements: 3,
        baselined: 0,
    }
}

pub const RULES: &[RuleMeta] = &[
    RuleMeta {
        id: "model-column-missing",
        category: Category::Drift,
        default_severity: Severity::Error,
        enabled_by_default: true,
        summary: "a column the model declares is never created by the migrations",
        docs: "## What it does\n\nFlags a model field whose column no migration creates.\n\n\
               ## Why is this bad?\n\nThe application queries a column the database lacks.\n",
    },
    RuleMeta {
        id: "table-not-in-model",
        category: Category::Drift,
        default_severity: Severity::Warning,
        enabled_by_default: true,
        summary: "a table the migrations create has no model",
        docs: "## What it does\n\nFlags a table that no model maps to.\n",
    },
    RuleMeta {
        id: "syntax-error",
        category: Category::Correctness,
        default_severity: Severity::Error,
        enabled_by_default: true,
        summary: "a statement that does not parse",
        docs: "## What it does\n\nFlags a statement the parser rejects.\n",
    },
];

pub fn options(color: bool) -> RenderOptions {
    RenderOptions {
        color,
        width: 100,
        tool_version: "0.1.0",
        docs_url: None,
    }
}

pub fn rendered(format: Format) -> String {
    render(format, &report(), &sources(), RULES, &options(false))
}
