#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Hostile and unusual schema text: nesting past the parser's limit, byte
//! order marks, `\r` line endings, duplicate names, several datasources,
//! unclosed block comments and empty schemas. Prisma's own verdicts (accept
//! or reject) were taken from its schema engine (`prisma-oracle dmmf`); the
//! last test re-checks them when `MIGLINT_PRISMA_ORACLE` is set.

use miglint_prisma::{MAX_NESTING, SchemaError, map_schema, parse_schema};
use miglint_source::{FileId, Span};

const DS: &str = "datasource db {\n  provider = \"postgresql\"\n}\n";
const MODEL: &str =
    "model User {\n  id    Int    @id @default(autoincrement())\n  email String\n}\n";

fn errors(text: &str) -> Vec<SchemaError> {
    parse_schema(&[(FileId(0), text)]).unwrap_err()
}

fn only_error(text: &str) -> SchemaError {
    let errors = errors(text);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    errors.into_iter().next().unwrap()
}

fn span_of(text: &str, needle: &str, nth: usize) -> Span {
    let start = text.match_indices(needle).nth(nth).unwrap().0;
    Span::from_range(start..start + needle.len())
}

// --- nesting -------------------------------------------------------------

/// Far deeper than the 8 MiB main stack survived before the limit (about
/// 11,000 calls, 24,000 lists); test threads have less.
const HOSTILE_DEPTH: usize = 100_000;

#[test]
fn deeply_nested_calls_stop_at_the_limit_with_a_spanned_error() {
    let prefix = format!("{DS}model User {{\n  id Int @id @default(");
    let text = format!(
        "{prefix}{}{})\n  email String\n}}\n",
        "f(".repeat(HOSTILE_DEPTH),
        ")".repeat(HOSTILE_DEPTH)
    );
    let error = only_error(&text);
    assert!(
        error.message.contains(&MAX_NESTING.to_string()),
        "{}",
        error.message
    );
    // The `(` that would open level MAX_NESTING + 1.
    let paren = prefix.len() + 2 * MAX_NESTING + 1;
    assert_eq!(error.span, Span::from_range(paren..paren + 1));
}

#[test]
fn deeply_nested_lists_stop_at_the_limit_with_a_spanned_error() {
    let prefix = format!("{DS}model User {{\n  id Int @id\n  email String\n  @@index(");
    let text = format!(
        "{prefix}{}email{})\n}}\n",
        "[".repeat(HOSTILE_DEPTH),
        "]".repeat(HOSTILE_DEPTH)
    );
    let error = only_error(&text);
    assert!(
        error.message.contains(&MAX_NESTING.to_string()),
        "{}",
        error.message
    );
    let bracket = prefix.len() + MAX_NESTING;
    assert_eq!(error.span, Span::from_range(bracket..bracket + 1));
}

#[test]
fn unbalanced_nesting_and_nesting_in_a_datasource_are_errors_too() {
    for text in [
        format!(
            "{DS}model User {{\n  id Int @id @default({}\n}}\n",
            "[".repeat(HOSTILE_DEPTH)
        ),
        format!(
            "{DS}model User {{\n  id Int @id @default({}\n}}\n",
            "f(".repeat(HOSTILE_DEPTH)
        ),
        format!(
            "datasource db {{\n  provider = {}\n}}\n",
            "a.b(".repeat(HOSTILE_DEPTH)
        ),
        format!(
            "datasource db {{\n  provider = {}\n}}\n",
            "[\n".repeat(HOSTILE_DEPTH)
        ),
    ] {
        let errors = errors(&text);
        assert!(
            errors
                .iter()
                .any(|e| e.message.contains(&MAX_NESTING.to_string())),
            "{errors:#?}"
        );
        for error in &errors {
            assert!(error.span.end as usize <= text.len());
        }
    }
}

#[test]
fn nesting_up_to_the_limit_is_accepted() {
    let text = format!(
        "{DS}model User {{\n  id Int @id\n  email String\n  @@index({}email{})\n}}\n",
        "[".repeat(MAX_NESTING),
        "]".repeat(MAX_NESTING)
    );
    let schema = parse_schema(&[(FileId(0), &text)]).unwrap();
    assert_eq!(schema.models.len(), 1);
    let one_more = format!(
        "{DS}model User {{\n  id Int @id\n  email String\n  @@index({}email{})\n}}\n",
        "[".repeat(MAX_NESTING + 1),
        "]".repeat(MAX_NESTING + 1)
    );
    only_error(&one_more);
}

// --- byte order mark and line endings --------------------------------------

#[test]
fn a_byte_order_mark_is_one_clear_error_and_later_spans_stay_exact() {
    // Prisma's engine rejects a BOM ("This line is invalid").
    let text = format!("\u{feff}{DS}{MODEL}");
    let error = only_error(&text);
    assert_eq!(error.span, Span::from_range(0..3));
    assert!(
        error.message.contains("byte order mark"),
        "{}",
        error.message
    );

    // The rest is still read, with offsets into the file as written.
    let text = format!("\u{feff}{DS}model {{\n}}\n");
    let errors = errors(&text);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_eq!(errors[1].span, span_of(&text, "{", 1));
}

/// `text` with every `\n` replaced by `ending`.
fn with_endings(text: &str, ending: &str) -> String {
    text.replace('\n', ending)
}

const RICH: &str = "// leading comment\n\
datasource db {\n  provider = \"postgresql\"\n}\n\n\
/// A person.\n\
model User {\n  id    String @id @default(dbgenerated(\"gen_random_uuid()\"))\n  \
/// Their address.\n  email String? @unique // trailing comment\n  \
@@index([email, id])\n}\n\n\
/* a block\ncomment */\n\
enum Role {\n  USER\n  ADMIN @map(\"admin\")\n}\n";

#[test]
fn lone_cr_and_crlf_line_endings_parse_like_lf_with_exact_spans() {
    let lf = parse_schema(&[(FileId(0), RICH)]).unwrap();
    for ending in ["\r", "\r\n"] {
        let text = with_endings(RICH, ending);
        let schema = parse_schema(&[(FileId(0), &text)]).unwrap();
        assert_eq!(schema.models.len(), 1);
        let user = schema.model("User").unwrap();
        let lf_user = lf.model("User").unwrap();
        let fields = |m: &miglint_prisma::ast::Model| {
            m.fields
                .iter()
                .map(|f| (f.name.name.clone(), f.ty.name.name.clone(), f.ty.optional))
                .collect::<Vec<_>>()
        };
        assert_eq!(fields(user), fields(lf_user), "{ending:?}");
        assert_eq!(user.header.slice(&text), "model User");
        let email = user.field("email").unwrap();
        assert_eq!(email.span.slice(&text), "email String? @unique");
        assert_eq!(email.doc.as_deref(), Some("Their address."));
        assert_eq!(user.doc.as_deref(), Some("A person."));
        assert_eq!(
            user.attribute("index").unwrap().span.slice(&text),
            "@@index([email, id])"
        );
        let role = schema.enum_named("Role").unwrap();
        assert_eq!(role.values.len(), 2);
        assert_eq!(role.values[1].span.slice(&text), "ADMIN @map(\"admin\")");
        assert_eq!(schema.provider(), Some("postgresql"));
    }
}

#[test]
fn a_line_comment_ends_at_a_lone_cr() {
    let text = "datasource db {\r  provider = \"postgresql\" // db\r}\r// note\rmodel User {\r  id Int @id\r}\r";
    let schema = parse_schema(&[(FileId(0), text)]).unwrap();
    assert_eq!(schema.models.len(), 1);
    assert_eq!(schema.provider(), Some("postgresql"));
}

#[test]
fn a_raw_cr_inside_a_string_ends_it() {
    // Prisma rejects this too: `\r` is a line break, strings stay on one line.
    let text = format!("{DS}model User {{\n  id Int @id\n  e String @default(\"a\rb\")\n}}\n");
    let errors = errors(&text);
    assert!(
        errors
            .iter()
            .any(|e| e.message.contains("unterminated string")),
        "{errors:#?}"
    );
}

// --- duplicate names -----------------------------------------------------

#[test]
fn a_second_block_of_a_taken_name_is_an_error_at_its_header() {
    let cases = [
        (
            format!("{DS}{MODEL}model User {{\n  id Int @id\n}}\n"),
            "model User",
            "the model `User` cannot be defined because a model with that name already exists",
        ),
        (
            format!("{DS}enum Role {{\n  A\n}}\nenum Role {{\n  B\n}}\n"),
            "enum Role",
            "the enum `Role` cannot be defined because an enum with that name already exists",
        ),
        (
            format!("{DS}{MODEL}enum User {{\n  A\n}}\n"),
            "enum User",
            "the enum `User` cannot be defined because a model with that name already exists",
        ),
        (
            format!("{DS}enum User {{\n  A\n}}\n{MODEL}"),
            "model User",
            "the model `User` cannot be defined because an enum with that name already exists",
        ),
        (
            format!("{DS}{MODEL}view User {{\n  id Int @unique\n}}\n"),
            "view User",
            "the view `User` cannot be defined because a model with that name already exists",
        ),
        (
            format!("{DS}type User {{\n  id Int\n}}\n{MODEL}"),
            "model User",
            "the model `User` cannot be defined because a composite type with that name already exists",
        ),
        (
            format!(
                "{DS}generator a {{\n  provider = \"x\"\n}}\ngenerator a {{\n  provider = \"y\"\n}}\n"
            ),
            "generator a",
            "the generator `a` cannot be defined because a generator with that name already exists",
        ),
    ];
    for (text, header, message) in cases {
        let error = only_error(&text);
        assert_eq!(error.message, message);
        // Always the second occurrence.
        assert_eq!(error.span, span_of(&text, header, last(&text, header)));
    }
}

/// Index of the last occurrence of `needle` (the duplicate is always last).
fn last(text: &str, needle: &str) -> usize {
    text.matches(needle).count() - 1
}

#[test]
fn names_differing_in_case_and_separate_namespaces_are_fine() {
    // Prisma accepts both: names are case-sensitive, and generators and
    // datasources do not share the models' namespace.
    let text = format!(
        "{DS}generator User {{\n  provider = \"x\"\n}}\n{MODEL}model user {{\n  id Int @id\n  ID Int\n}}\nmodel db {{\n  id Int @id\n}}\n"
    );
    let schema = parse_schema(&[(FileId(0), &text)]).unwrap();
    assert_eq!(schema.models.len(), 3);
}

#[test]
fn duplicates_across_files_point_at_the_later_file() {
    let a = format!("{DS}{MODEL}");
    let b = "model User {\n  id Int @id\n}\n";
    let errors = parse_schema(&[(FileId(4), &a), (FileId(9), b)]).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].file, FileId(9));
    assert_eq!(errors[0].span.slice(b), "model User");
}

#[test]
fn a_repeated_field_or_enum_value_is_an_error_at_the_repeat() {
    let text = format!("{DS}model User {{\n  id Int @id\n  id String\n}}\n");
    let error = only_error(&text);
    assert_eq!(
        error.message,
        "field `id` is already defined on model `User`"
    );
    let repeat = text.find("  id String").unwrap() + 2;
    assert_eq!(error.span, Span::from_range(repeat..repeat + 2));

    let text = format!("{DS}enum Role {{\n  A\n  B\n  A\n}}\n");
    let error = only_error(&text);
    assert_eq!(error.message, "value `A` is already defined on enum `Role`");
    assert_eq!(error.span, Span::from_range(text.len() - 4..text.len() - 3));
}

#[test]
fn every_datasource_after_the_first_is_an_error() {
    let second = DS.replace("db {", "db2 {").replace("postgresql", "mysql");
    let third = DS.replace("db {", "db3 {");
    let text = format!("{DS}{second}{third}{MODEL}");
    let errors = errors(&text);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_eq!(errors[0].span.slice(&text), "datasource db2");
    assert_eq!(errors[1].span.slice(&text), "datasource db3");
    assert!(
        errors[0].message.contains("`db2`") && errors[0].message.contains("`db`"),
        "{}",
        errors[0].message
    );
    // Also when both have the same name.
    let text = format!("{DS}{DS}{MODEL}");
    assert_eq!(only_error(&text).span, span_of(&text, "datasource db", 1));
}

// --- block comments ------------------------------------------------------

#[test]
fn an_unclosed_block_comment_is_an_error_at_its_opening() {
    let text = format!("{DS}/* not closed\n{MODEL}");
    let error = only_error(&text);
    assert_eq!(error.span, span_of(&text, "/*", 0));
    assert!(error.message.contains("`*/`"), "{}", error.message);

    for text in ["/*", "/*/", "model A {\n  id Int @id /* x\n}\n"] {
        let errors = errors(text);
        assert!(
            errors.iter().any(|e| e.span
                == Span::from_range(text.find("/*").unwrap()..text.find("/*").unwrap() + 2)),
            "{text:?}: {errors:#?}"
        );
    }
}

#[test]
fn closed_block_comments_are_still_skipped() {
    // Prisma accepts these (and a comment that encloses a model hides it).
    let text = format!("{DS}/* one\r\ntwo */\n{MODEL}/* {MODEL} */\n");
    let schema = parse_schema(&[(FileId(0), &text)]).unwrap();
    assert_eq!(schema.models.len(), 1);
    assert_eq!(schema.model("User").unwrap().fields.len(), 2);
}

// --- empty schemas -------------------------------------------------------

#[test]
fn an_empty_schema_parses_and_its_missing_datasource_is_blamed_on_it() {
    // Prisma accepts an empty schema; miglint needs the datasource for the
    // dialect, and says so in the schema file, not in file id 0.
    for text in ["", "\n\n  \r\n", "// only a comment\n"] {
        let schema = parse_schema(&[(FileId(6), text)]).unwrap();
        assert_eq!(schema.files, [FileId(6)]);
        let errors = map_schema(&schema).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:#?}");
        assert_eq!(errors[0].file, FileId(6));
        assert!(errors[0].span.end as usize <= text.len());
        assert!(errors[0].message.contains("datasource"));
    }
}

// --- Prisma's own verdicts -------------------------------------------------

#[test]
fn accept_and_reject_agree_with_prisma() {
    let Ok(program) = std::env::var("MIGLINT_PRISMA_ORACLE") else {
        eprintln!("NOTICE: MIGLINT_PRISMA_ORACLE is not set; Prisma tolerance agreement skipped");
        return;
    };
    let cases = [
        ("bom", format!("\u{feff}{DS}{MODEL}")),
        ("lone_cr", with_endings(&format!("{DS}{MODEL}"), "\r")),
        ("crlf", with_endings(&format!("{DS}{MODEL}"), "\r\n")),
        ("rich_cr", with_endings(RICH, "\r")),
        (
            "duplicate_model",
            format!("{DS}{MODEL}model User {{\n  id Int @id\n}}\n"),
        ),
        ("model_enum", format!("{DS}{MODEL}enum User {{\n  A\n}}\n")),
        (
            "duplicate_field",
            format!("{DS}model User {{\n  id Int @id\n  id Int\n}}\n"),
        ),
        (
            "two_datasources",
            format!("{DS}{}{MODEL}", DS.replace("db {", "db2 {")),
        ),
        ("unclosed_comment", format!("{DS}/* open\n{MODEL}")),
        ("closed_comment", format!("{DS}/* shut */\n{MODEL}")),
        ("empty", String::new()),
    ];
    let scratch =
        std::env::temp_dir().join(format!("miglint-prisma-tolerance-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).unwrap();
    let mut disagreements = Vec::new();
    for (name, text) in &cases {
        let file = scratch.join(format!("{name}.prisma"));
        std::fs::write(&file, text).unwrap();
        let status = std::process::Command::new(&program)
            .arg("dmmf")
            .arg(&file)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap();
        let prisma_accepts = status.success();
        let miglint_accepts = parse_schema(&[(FileId(0), text)]).is_ok();
        if prisma_accepts != miglint_accepts {
            disagreements.push(format!(
                "{name}: Prisma accepts {prisma_accepts}, miglint {miglint_accepts}"
            ));
        }
    }
    std::fs::remove_dir_all(&scratch).ok();
    assert!(disagreements.is_empty(), "{disagreements:#?}");
}
