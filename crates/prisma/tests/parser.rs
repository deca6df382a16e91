#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The parser keeps exact spans and reports bad input without panicking.

use miglint_prisma::ast::{Expr, ModelKind};
use miglint_prisma::parse_schema;
use miglint_source::FileId;

const SCHEMA: &str = r#"// leading comment
datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
  schemas  = ["public", "auth"]
}

generator client {
  provider = "prisma-client-js"
}

/// A person.
model User {
  id    String @id @default(dbgenerated("gen_random_uuid()")) @db.Uuid
  /// Their address.
  email String? @unique @db.VarChar(255) // trailing comment
  tags  String[]
  vec   Unsupported("vector(1536)")?
  posts Post[]
  @@map("users")
  @@index([email(sort: Desc), id], type: BTree)
  @@schema("auth")
}

model Post {
  id       Int  @id @default(autoincrement())
  authorId String
  author   User @relation(fields: [authorId], references: [id], onDelete: Cascade)
  @@ignore
}

enum Role {
  USER
  ADMIN @map("admin")
  @@map("role")
  @@schema("public")
}

view Stats {
  count Int @unique
}

type Address {
  street String
}
"#;

fn at<'a>(span: miglint_source::Span) -> &'a str {
    span.slice(SCHEMA)
}

#[test]
fn spans_cover_the_source_text() {
    let schema = parse_schema(&[(FileId(7), SCHEMA)]).unwrap();
    let ds = schema.datasource().unwrap();
    assert_eq!(schema.provider(), Some("postgresql"));
    assert_eq!(ds.file, FileId(7));
    let url = ds.property("url").unwrap();
    assert_eq!(at(url.span()), r#"env("DATABASE_URL")"#);
    assert_eq!(url.name(), Some("env"));
    assert_eq!(ds.property("schemas").unwrap().as_array().unwrap().len(), 2);
    assert_eq!(schema.generators.len(), 1);

    let user = schema.model("User").unwrap();
    assert_eq!(at(user.header), "model User");
    assert!(at(user.span).starts_with("model User {") && at(user.span).ends_with('}'));
    assert_eq!(user.doc.as_deref(), Some("A person."));

    let id = user.field("id").unwrap();
    assert_eq!(
        at(id.span),
        r#"id    String @id @default(dbgenerated("gen_random_uuid()")) @db.Uuid"#
    );
    let default = id.attribute("default").unwrap();
    assert_eq!(
        at(default.span),
        r#"@default(dbgenerated("gen_random_uuid()"))"#
    );
    let Some(Expr::Call { name, args, .. }) = default.positional(0) else {
        panic!("expected a call");
    };
    assert_eq!(name.name, "dbgenerated");
    assert_eq!(args[0].value.as_str(), Some("gen_random_uuid()"));
    assert_eq!(at(id.attribute("db.Uuid").unwrap().name.span), "db.Uuid");

    let email = user.field("email").unwrap();
    assert_eq!(at(email.span), "email String? @unique @db.VarChar(255)");
    assert!(email.ty.optional && !email.ty.list);
    assert_eq!(email.doc.as_deref(), Some("Their address."));
    assert_eq!(at(email.ty.span), "String?");

    let tags = user.field("tags").unwrap();
    assert!(tags.ty.list);
    let vec = user.field("vec").unwrap();
    assert_eq!(vec.ty.unsupported.as_deref(), Some("vector(1536)"));
    assert!(vec.ty.optional);

    let index = user.attribute("index").unwrap();
    assert_eq!(
        at(index.span),
        "@@index([email(sort: Desc), id], type: BTree)"
    );
    assert_eq!(index.arg("type").and_then(Expr::name), Some("BTree"));
    let keys = index.positional(0).unwrap().as_array().unwrap();
    assert_eq!(at(keys[0].span()), "email(sort: Desc)");
    assert_eq!(
        user.attribute("map")
            .unwrap()
            .positional(0)
            .unwrap()
            .as_str(),
        Some("users")
    );

    let post = schema.model("Post").unwrap();
    let relation = post.field("author").unwrap().attribute("relation").unwrap();
    assert_eq!(
        at(relation.span),
        "@relation(fields: [authorId], references: [id], onDelete: Cascade)"
    );
    assert_eq!(at(relation.arg("fields").unwrap().span()), "[authorId]");
    assert_eq!(
        relation.arg("onDelete").and_then(Expr::name),
        Some("Cascade")
    );
    assert!(post.attribute("ignore").is_some());

    let role = schema.enum_named("Role").unwrap();
    assert_eq!(at(role.header), "enum Role");
    assert_eq!(role.values.len(), 2);
    assert_eq!(at(role.values[1].span), r#"ADMIN @map("admin")"#);
    assert_eq!(role.attributes.len(), 2);

    assert_eq!(schema.model("Stats").unwrap().kind, ModelKind::View);
    assert_eq!(schema.model("Address").unwrap().kind, ModelKind::Type);
}

#[test]
fn files_are_merged_and_keep_their_ids() {
    let a = "datasource db {\n  provider = \"sqlite\"\n}\nmodel A {\n  id Int @id\n}\n";
    let b = "model B {\n  id Int @id\n}\n";
    let schema = parse_schema(&[(FileId(1), a), (FileId(2), b)]).unwrap();
    assert_eq!(schema.model("A").unwrap().file, FileId(1));
    let b_model = schema.model("B").unwrap();
    assert_eq!(b_model.file, FileId(2));
    assert_eq!(b_model.header.slice(b), "model B");
}

#[test]
fn an_unterminated_block_is_an_error_at_its_header() {
    let text = "model User {\n  id Int @id\n";
    let errors = parse_schema(&[(FileId(3), text)]).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].file, FileId(3));
    assert_eq!(errors[0].span.slice(text), "model User");
    assert!(
        errors[0].message.contains("never closed"),
        "{}",
        errors[0].message
    );
}

#[test]
fn bad_attribute_arguments_are_errors_with_spans() {
    let text =
        "model User {\n  id Int @id @default(=)\n  name String @db.VarChar(255\n  ok Int\n}\n";
    let errors = parse_schema(&[(FileId(0), text)]).unwrap_err();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0].span.slice(text), "=");
    assert!(
        errors[0].message.starts_with("expected a value"),
        "{}",
        errors[0].message
    );
    // The missing `)` is noticed at the end of the line.
    assert!(
        errors[1].message.contains("`,` or `)`"),
        "{}",
        errors[1].message
    );
}

#[test]
fn other_mistakes_are_reported_not_panicked_on() {
    for text in [
        "modle User {\n}\n",
        "model {\n}\n",
        "model User\n  id Int\n}\n",
        "model User {\n  id Int @default(\"unterminated)\n}\n",
        "model User {\n  id\n}\n",
        "model User {\n  tags String[]?\n}\n",
        "datasource db {\n  provider \"x\"\n}\n",
        "enum Role {\n  A B\n}\n",
        "model A { id Int @id @@@ }",
        "}}}{{{",
        "@",
        "model User {\n  id Int @db.\n}\n",
        "model U {\n id Unsupported(1)\n}",
    ] {
        let errors = parse_schema(&[(FileId(0), text)]).unwrap_err();
        for error in &errors {
            assert!(error.span.end as usize <= text.len(), "{text:?}: {error:?}");
            assert!(!error.message.is_empty());
        }
    }
}
