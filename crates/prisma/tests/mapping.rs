#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The mapping from a model to the schema Prisma expects. Expected SQL was
//! taken from Prisma's own `migrate diff --from-empty` output
//! (`prisma-oracle ddl`) for the same schemas and checked by eye; MySQL, which
//! the oracle cannot render, from Prisma-generated migrations of the same shape.

use miglint_model::{ExpectedDefault, ExpectedSchema, ExpectedTable, FixWriter};
use miglint_prisma::{PrismaFixes, TableFacts, fix_sql, map_schema, parse_schema};
use miglint_source::{Dialect, FileId};

/// The mapped schema and the fix writer holding its Prisma facts.
struct Mapped {
    model: ExpectedSchema,
    fixes: PrismaFixes,
}

impl Mapped {
    fn table(&self, name: &str) -> Option<&ExpectedTable> {
        self.model.tables.iter().find(|t| t.name == name)
    }

    fn facts(&self, name: &str) -> &TableFacts {
        self.fixes
            .facts()
            .tables
            .iter()
            .find(|t| t.name == name)
            .unwrap()
    }
}

fn expected(text: &str) -> Mapped {
    let schema = parse_schema(&[(FileId(0), text)]).unwrap();
    let (model, facts) = map_schema(&schema).unwrap();
    Mapped {
        model,
        fixes: PrismaFixes::new(facts),
    }
}

fn ddl(schema: &Mapped, table: &str) -> String {
    let table = schema.table(table).unwrap();
    schema
        .fixes
        .create_table(&schema.model, table)
        .text()
        .to_owned()
}

const POSTGRES: &str = r#"
datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}
enum Role {
  USER
  ADMIN @map("admin")
  @@map("role_t")
}
model User {
  id    Int     @id @default(autoincrement())
  email String  @unique @db.VarChar(255)
  role  Role    @default(USER)
  tags  String[]
  price Decimal
  big   BigInt  @default(5)
  data  Json?
  createdAt DateTime @default(now()) @map("created_at")
  updatedAt DateTime @updatedAt
  uid String @default(uuid()) @db.Uuid
  g String @default(dbgenerated("gen_random_uuid()")) @db.Uuid
  f Float @default(1.5)
  b Bytes?
  posts Post[]
  groups Group[]
  @@map("users")
  @@index([email, createdAt])
}
model Post {
  id BigInt @id @default(autoincrement())
  authorId Int
  author User @relation(fields: [authorId], references: [id], onDelete: Cascade)
  title String @default("it's")
  @@unique([authorId, title])
}
model Group {
  id String @id @default(cuid())
  users User[]
}
"#;

#[test]
fn postgres_tables_are_written_as_prisma_writes_them() {
    let schema = expected(POSTGRES);
    assert_eq!(schema.model.dialect, Dialect::Postgres);
    assert_eq!(
        fix_sql::create_enum(schema.model.dialect, &schema.model.enums[0]).unwrap(),
        r#"CREATE TYPE "role_t" AS ENUM ('USER', 'admin');"#
    );
    assert_eq!(
        ddl(&schema, "users"),
        r#"CREATE TABLE "users" (
    "id" SERIAL NOT NULL,
    "email" VARCHAR(255) NOT NULL,
    "role" "role_t" NOT NULL DEFAULT 'USER',
    "tags" TEXT[],
    "price" DECIMAL(65,30) NOT NULL,
    "big" BIGINT NOT NULL DEFAULT 5,
    "data" JSONB,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "uid" UUID NOT NULL,
    "g" UUID NOT NULL DEFAULT gen_random_uuid(),
    "f" DOUBLE PRECISION NOT NULL DEFAULT 1.5,
    "b" BYTEA,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

CREATE INDEX "users_email_created_at_idx" ON "users"("email", "created_at");"#
    );
    assert_eq!(
        ddl(&schema, "Post"),
        r#"CREATE TABLE "Post" (
    "id" BIGSERIAL NOT NULL,
    "authorId" INTEGER NOT NULL,
    "title" TEXT NOT NULL DEFAULT 'it''s',

    CONSTRAINT "Post_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "Post_authorId_title_key" ON "Post"("authorId", "title");

ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;"#
    );
    assert_eq!(
        ddl(&schema, "_GroupToUser"),
        r#"CREATE TABLE "_GroupToUser" (
    "A" TEXT NOT NULL,
    "B" INTEGER NOT NULL,

    CONSTRAINT "_GroupToUser_AB_pkey" PRIMARY KEY ("A","B")
);

CREATE INDEX "_GroupToUser_B_index" ON "_GroupToUser"("B");

ALTER TABLE "_GroupToUser" ADD CONSTRAINT "_GroupToUser_A_fkey" FOREIGN KEY ("A") REFERENCES "Group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "_GroupToUser" ADD CONSTRAINT "_GroupToUser_B_fkey" FOREIGN KEY ("B") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;"#
    );

    let users = schema.table("users").unwrap();
    let id = users.column("id").unwrap();
    assert!(id.auto_increment);
    assert_eq!(id.sql_type, "INTEGER");
    assert_eq!(users.column("uid").unwrap().default, None);
    assert_eq!(
        users.column("g").unwrap().default,
        Some(ExpectedDefault::Present("gen_random_uuid()".to_owned()))
    );
    let users = schema.facts("users");
    assert_eq!(
        users.column("role").unwrap().enum_name.as_deref(),
        Some("Role")
    );
    assert_eq!(users.model, "User");
    assert!(!users.implicit_join && schema.facts("_GroupToUser").implicit_join);
}

#[test]
fn postgres_native_types_index_options_and_long_names() {
    let schema = expected(
        r#"
datasource db {
  provider = "postgresql"
}
model A {
  id Int @id @default(autoincrement()) @db.SmallInt
  t1 DateTime @db.Timestamp
  t2 DateTime @db.Timestamptz(6)
  d1 Decimal @db.Decimal(10, 2)
  d2 Decimal @default("2.00") @db.Decimal(4, 2)
  u  Unsupported("tsvector")?
  thisIsAVeryLongColumnNameForTestingTruncation String
  anotherVeryLongColumnNameForTestingTruncation String
  l Int[] @default([1,2])
  dt DateTime @default("2020-01-01T00:00:00Z")
  e String
  @@index([thisIsAVeryLongColumnNameForTestingTruncation, anotherVeryLongColumnNameForTestingTruncation])
  @@index([e(ops: raw("gin_trgm_ops"))], type: Gin)
  @@index([l], type: Gin)
  @@index([e(sort: Desc)])
}
"#,
    );
    let sql = ddl(&schema, "A");
    for line in [
        r#""id" SMALLSERIAL NOT NULL,"#,
        r#""t1" TIMESTAMP NOT NULL,"#,
        r#""t2" TIMESTAMPTZ(6) NOT NULL,"#,
        r#""d1" DECIMAL(10,2) NOT NULL,"#,
        r#""d2" DECIMAL(4,2) NOT NULL DEFAULT 2.00,"#,
        r#""u" tsvector,"#,
        r#""l" INTEGER[] DEFAULT ARRAY[1, 2]::INTEGER[],"#,
        r#""dt" TIMESTAMP(3) NOT NULL DEFAULT '2020-01-01 00:00:00 +00:00',"#,
        r#"CREATE INDEX "A_thisIsAVeryLongColumnNameForTestingTruncation_anotherVery_idx" ON "A"("thisIsAVeryLongColumnNameForTestingTruncation", "anotherVeryLongColumnNameForTestingTruncation");"#,
        r#"CREATE INDEX "A_e_idx" ON "A" USING GIN ("e" gin_trgm_ops);"#,
        r#"CREATE INDEX "A_l_idx" ON "A" USING GIN ("l" array_ops);"#,
        r#"CREATE INDEX "A_e_idx" ON "A"("e" DESC);"#,
    ] {
        assert!(sql.contains(line), "missing {line}\nin\n{sql}");
    }
}

#[test]
fn sqlite_tables_are_written_as_prisma_writes_them() {
    let schema = expected(
        r#"
datasource db {
  provider = "sqlite"
  url      = "file:dev.db"
}
enum Role {
  X
  Y
}
model A {
  big BigInt @unique
  bid Int?
  ds D[]
}
model D {
  id Int @id @default(autoincrement())
  r Role @default(X)
  j Json
  by Bytes
  dec Decimal
  f Float
  bo Boolean @default(true)
  t DateTime @default(now())
  aId BigInt
  a A @relation(fields: [aId], references: [big], onDelete: Cascade)
  @@unique([r, f])
}
model T {
  a Int
  b String @map("bee")
  @@id([a, b])
}
model P {
  id String @id @default(uuid())
}
"#,
    );
    assert_eq!(
        ddl(&schema, "D"),
        r#"CREATE TABLE "D" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "r" TEXT NOT NULL DEFAULT 'X',
    "j" JSONB NOT NULL,
    "by" BLOB NOT NULL,
    "dec" DECIMAL NOT NULL,
    "f" REAL NOT NULL,
    "bo" BOOLEAN NOT NULL DEFAULT true,
    "t" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "aId" BIGINT NOT NULL,
    CONSTRAINT "D_aId_fkey" FOREIGN KEY ("aId") REFERENCES "A" ("big") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE UNIQUE INDEX "D_r_f_key" ON "D"("r", "f");"#
    );
    assert_eq!(
        ddl(&schema, "T"),
        "CREATE TABLE \"T\" (\n    \"a\" INTEGER NOT NULL,\n    \"bee\" TEXT NOT NULL,\n\n    PRIMARY KEY (\"a\", \"bee\")\n);"
    );
    assert_eq!(
        ddl(&schema, "P"),
        "CREATE TABLE \"P\" (\n    \"id\" TEXT NOT NULL PRIMARY KEY\n);"
    );
    assert!(
        schema
            .model
            .enums
            .iter()
            .all(|e| fix_sql::create_enum(schema.model.dialect, e).is_none())
    );
}

#[test]
fn mysql_tables_follow_prisma_generated_migrations() {
    let schema = expected(
        r#"
datasource db {
  provider     = "mysql"
  url          = env("DATABASE_URL")
  relationMode = "prisma"
}
enum Kind {
  A
  B
}
model Segment {
  id          String    @id() @unique() @map("segment_id") @db.VarChar(36)
  siteId      String    @map("site_id") @db.VarChar(36)
  name        String    @db.VarChar(200)
  parameters  Json
  amount      Decimal?  @db.Decimal(19, 4)
  kind        Kind      @default(A)
  count       Int       @db.UnsignedInt
  createdAt   DateTime? @default(now()) @map("created_at") @db.Timestamp(0)
  updatedAt   DateTime  @updatedAt @map("updated_at")
  @@index([siteId])
  @@map("segment")
}
"#,
    );
    assert!(!schema.model.capabilities.foreign_keys);
    assert_eq!(
        ddl(&schema, "segment"),
        r#"CREATE TABLE `segment` (
    `segment_id` VARCHAR(36) NOT NULL,
    `site_id` VARCHAR(36) NOT NULL,
    `name` VARCHAR(200) NOT NULL,
    `parameters` JSON NOT NULL,
    `amount` DECIMAL(19, 4) NULL,
    `kind` ENUM('A', 'B') NOT NULL DEFAULT 'A',
    `count` INTEGER UNSIGNED NOT NULL,
    `created_at` TIMESTAMP(0) NULL DEFAULT CURRENT_TIMESTAMP(0),
    `updated_at` DATETIME(3) NOT NULL,

    UNIQUE INDEX `segment_segment_id_key`(`segment_id`),
    INDEX `segment_site_id_idx`(`site_id`),
    PRIMARY KEY (`segment_id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"#
    );
}

#[test]
fn multi_schema_views_and_ignored_models() {
    let schema = expected(
        r#"
datasource db {
  provider = "postgresql"
  schemas  = ["public", "auth"]
}
enum Role {
  A
  @@schema("auth")
}
model Account {
  id   Int  @id
  role Role
  old  Int  @ignore
  @@schema("auth")
  @@map("accounts")
}
model Legacy {
  id Int @id
  @@ignore
  @@schema("public")
}
view Stats {
  n Int @unique
  @@schema("public")
}
"#,
    );
    let accounts = schema.table("accounts").unwrap();
    assert_eq!(accounts.schema.as_deref(), Some("auth"));
    assert_eq!(
        accounts.column("role").unwrap().sql_type,
        r#""auth"."Role""#
    );
    assert!(schema.facts("accounts").column("old").unwrap().ignored);
    assert!(schema.facts("Legacy").ignored);
    assert!(schema.table("Stats").is_none());
    assert_eq!(
        schema.model.views,
        vec![(Some("public".to_owned()), "Stats".to_owned())]
    );
    assert!(ddl(&schema, "accounts").starts_with("CREATE TABLE \"auth\".\"accounts\" ("));
}

#[test]
fn unmappable_schemas_are_errors_not_panics() {
    let no_datasource = parse_schema(&[(FileId(0), "model A {\n  id Int @id\n}\n")]).unwrap();
    assert!(map_schema(&no_datasource).is_err());

    let text = "datasource db {\n  provider = \"postgresql\"\n}\nmodel A {\n  id Int @id\n  b Missing\n  @@index([nope])\n}\n";
    let schema = parse_schema(&[(FileId(0), text)]).unwrap();
    let errors = map_schema(&schema).unwrap_err();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0].span.slice(text), "Missing");
    assert_eq!(errors[1].span.slice(text), "nope");

    let mongo =
        parse_schema(&[(FileId(0), "datasource db {\n  provider = \"mongodb\"\n}\n")]).unwrap();
    assert!(map_schema(&mongo).is_err());
}

/// A list field's arity is not the column's NULL constraint (Prisma writes
/// `TEXT[]` and never changes it); an `Unsupported("text[]")` field is no
/// list, and Prisma writes `text[] NOT NULL` when it is required and reports
/// drift on a nullable column (checked with `prisma-oracle ddl` and `drift`).
#[test]
fn only_list_fields_leave_nullability_uncompared() {
    let mapped = expected(
        r#"datasource db {
  provider = "postgresql"
}
model T {
  id Int @id
  a  String[]
  b  Unsupported("text[]")
  c  Unsupported("text[]")?
}
"#,
    );
    let table = mapped.table("T").unwrap();
    let nullable = |name: &str| table.column(name).unwrap().nullable;
    assert_eq!(nullable("a"), None);
    assert_eq!(nullable("b"), Some(false));
    assert_eq!(nullable("c"), Some(true));
}
