#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Drift between a model and a hand-built catalog. Types on both sides go
//! through `miglint_catalog::types::parse_type`, so these tests hold whatever
//! spelling the normaliser settles on. The incident's fix SQL is the one
//! `prisma-oracle drift` printed for the same schema and history.

use miglint_catalog::types::{normalize_default, parse_type};
use miglint_catalog::{
    Catalog, Column, Constraint, ConstraintKind, EnumType, History, Index, Origin, Table,
};
use miglint_model::{Drift, DriftKind, Fix};
use miglint_source::{Dialect, FileId, Span};

const MIGRATION: FileId = FileId(9);

fn history(start: u32) -> History {
    History::new(Origin {
        file: MIGRATION,
        span: Span::new(start, start + 10),
    })
}

fn catalog(dialect: Dialect) -> Catalog {
    let mut catalog = Catalog::new(dialect);
    if dialect == Dialect::MySql {
        // A MySQL connection's database.
        catalog.default_schema = "app".to_owned();
    }
    catalog
}

fn column(dialect: Dialect, name: &str, ty: &str, nullable: bool, default: Option<&str>) -> Column {
    Column {
        name: name.to_owned(),
        data_type: Some(parse_type(ty, dialect)),
        nullable,
        default: default.map(|d| normalize_default(d, dialect)),
        default_text: default.map(str::to_owned),
        identity: None,
        generated: false,
        auto_increment: false,
        history: history(100),
    }
}

fn table(catalog: &Catalog, name: &str, columns: Vec<Column>, pk: &[&str]) -> Table {
    let constraints = if pk.is_empty() {
        Vec::new()
    } else {
        vec![Constraint {
            name: format!("{name}_pkey"),
            kind: ConstraintKind::PrimaryKey,
            columns: pk.iter().map(|c| (*c).to_owned()).collect(),
            validated: true,
            expression: None,
            history: history(0),
        }]
    };
    Table {
        schema: catalog.default_schema.clone(),
        name: name.to_owned(),
        columns: columns.into(),
        constraints,
        assumed: false,
        temporary: false,
        history: history(0),
    }
}

fn unique_index(catalog: &Catalog, table: &str, name: &str, columns: &[&str]) -> Index {
    Index {
        schema: catalog.default_schema.clone(),
        name: name.to_owned(),
        table: (catalog.default_schema.clone(), table.to_owned()),
        columns: columns.iter().map(|c| (*c).to_owned()).collect(),
        unique: true,
        predicate: None,
        method: None,
        from_constraint: false,
        backs_foreign_key: false,
        history: history(200),
    }
}

/// The drift the rules see: the Prisma model read as the drift engine reads
/// it, compared with `miglint_model::compare` and Prisma's fixes.
fn compare(text: &str, catalog: &Catalog) -> Vec<Drift> {
    let (expected, fixes) = miglint_prisma::read_model(&[(FileId(0), text)]).unwrap();
    miglint_model::compare(&expected, catalog, &fixes)
}

/// The fix's text: SQL, or what to do where SQL cannot.
fn fix(drift: &Drift) -> &str {
    drift.fix.text()
}

/// The variant of each drift, for comparing lists.
fn kinds(drifts: &[Drift]) -> Vec<&'static str> {
    drifts
        .iter()
        .map(|d| match &d.kind {
            DriftKind::TableMissing(_) => "TableMissing",
            DriftKind::TableRenamed { .. } => "TableRenamed",
            DriftKind::ColumnMissing(_) => "ColumnMissing",
            DriftKind::ColumnTypeMismatch { .. } => "ColumnTypeMismatch",
            DriftKind::NullabilityMismatch { .. } => "NullabilityMismatch",
            DriftKind::DefaultMismatch { .. } => "DefaultMismatch",
            DriftKind::EnumMissing(_) => "EnumMissing",
            DriftKind::EnumValueMissing { .. } => "EnumValueMissing",
            DriftKind::EnumValueNotInModel { .. } => "EnumValueNotInModel",
            DriftKind::TableNotInModel(_) => "TableNotInModel",
            DriftKind::ColumnNotInModel(_) => "ColumnNotInModel",
            DriftKind::PrimaryKeyMismatch { .. } => "PrimaryKeyMismatch",
            DriftKind::IndexMissing(_) => "IndexMissing",
            DriftKind::UniqueMissing(_) => "UniqueMissing",
            DriftKind::IndexNotInModel { .. } => "IndexNotInModel",
            DriftKind::ForeignKeyMissing { .. } => "ForeignKeyMissing",
        })
        .collect()
}

const INCIDENT: &str = r#"datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

model User {
  id                     String    @id @default(cuid())
  email                  String    @unique
  unlimitedPoseActive    Boolean   @default(false)
  unlimitedPoseDailyQuota     Int       @default(100)
  unlimitedPoseQuotaUsed      Int       @default(0)
  unlimitedPoseQuotaResetAt   DateTime?
  unlimitedPoseExpiresAt DateTime?
  @@map("users")
}
"#;

/// The `users` table as the incident's migrations left it (no pose columns).
fn incident_catalog() -> Catalog {
    let pg = Dialect::Postgres;
    let mut c = catalog(pg);
    let users = table(
        &c,
        "users",
        vec![
            column(pg, "id", "TEXT", false, None),
            column(pg, "email", "TEXT", false, None),
        ],
        &["id"],
    );
    c.tables.push(users);
    c.indexes
        .push(unique_index(&c, "users", "users_email_key", &["email"]));
    c
}

fn field_text<'a>(drift: &Drift, text: &'a str) -> &'a str {
    drift.model.unwrap().span.slice(text)
}

#[test]
fn incident_five_missing_columns_with_prismas_sql() {
    let drifts = compare(INCIDENT, &incident_catalog());
    assert_eq!(drifts.len(), 5, "{drifts:#?}");
    assert!(kinds(&drifts).iter().all(|k| *k == "ColumnMissing"));
    let columns: Vec<_> = drifts
        .iter()
        .map(|d| d.kind.column().unwrap().name.clone())
        .collect();
    assert_eq!(
        columns,
        [
            "unlimitedPoseActive",
            "unlimitedPoseDailyQuota",
            "unlimitedPoseQuotaUsed",
            "unlimitedPoseQuotaResetAt",
            "unlimitedPoseExpiresAt"
        ]
    );
    // Prisma (drift): ADD COLUMN "unlimitedPoseActive" BOOLEAN NOT NULL DEFAULT false, …
    let fixes: Vec<_> = drifts.iter().map(fix).collect();
    assert_eq!(
        fixes,
        [
            r#"ALTER TABLE "users" ADD COLUMN "unlimitedPoseActive" BOOLEAN NOT NULL DEFAULT false;"#,
            r#"ALTER TABLE "users" ADD COLUMN "unlimitedPoseDailyQuota" INTEGER NOT NULL DEFAULT 100;"#,
            r#"ALTER TABLE "users" ADD COLUMN "unlimitedPoseQuotaUsed" INTEGER NOT NULL DEFAULT 0;"#,
            r#"ALTER TABLE "users" ADD COLUMN "unlimitedPoseQuotaResetAt" TIMESTAMP(3);"#,
            r#"ALTER TABLE "users" ADD COLUMN "unlimitedPoseExpiresAt" TIMESTAMP(3);"#,
        ]
    );
    let first = &drifts[0];
    assert_eq!(
        field_text(first, INCIDENT),
        "unlimitedPoseActive    Boolean   @default(false)"
    );
    assert_eq!(first.kind.schema(), "public");
    assert_eq!(first.kind.table().unwrap().name, "users");
    assert_eq!(first.history.unwrap().created.file, MIGRATION);
}

#[test]
fn incident_hand_fix_still_drifts_like_prisma_says() {
    // The columns added by hand: nullable BOOLEAN/INTEGER and TIMESTAMP without precision.
    let pg = Dialect::Postgres;
    let mut c = incident_catalog();
    c.tables[0].columns.extend([
        column(pg, "unlimitedPoseActive", "BOOLEAN", true, Some("false")),
        column(pg, "unlimitedPoseDailyQuota", "INTEGER", true, Some("100")),
        column(pg, "unlimitedPoseQuotaUsed", "INTEGER", true, Some("0")),
        column(pg, "unlimitedPoseQuotaResetAt", "TIMESTAMP", true, None),
        column(pg, "unlimitedPoseExpiresAt", "TIMESTAMP", true, None),
    ]);
    let drifts = compare(INCIDENT, &c);
    let fixes: Vec<_> = drifts.iter().map(fix).collect();
    // Prisma: SET NOT NULL on three columns, SET DATA TYPE TIMESTAMP(3) on two.
    assert_eq!(
        fixes,
        [
            r#"ALTER TABLE "users" ALTER COLUMN "unlimitedPoseActive" SET NOT NULL;"#,
            r#"ALTER TABLE "users" ALTER COLUMN "unlimitedPoseDailyQuota" SET NOT NULL;"#,
            r#"ALTER TABLE "users" ALTER COLUMN "unlimitedPoseQuotaUsed" SET NOT NULL;"#,
            r#"ALTER TABLE "users" ALTER COLUMN "unlimitedPoseQuotaResetAt" SET DATA TYPE TIMESTAMP(3);"#,
            r#"ALTER TABLE "users" ALTER COLUMN "unlimitedPoseExpiresAt" SET DATA TYPE TIMESTAMP(3);"#,
        ]
    );
    let DriftKind::ColumnTypeMismatch {
        expected, actual, ..
    } = &drifts[3].kind
    else {
        panic!("{:?}", drifts[3].kind)
    };
    assert_eq!(expected, &parse_type("TIMESTAMP(3)", pg).to_string());
    assert_eq!(actual, &parse_type("TIMESTAMP", pg).to_string());
    assert!(matches!(
        drifts[0].kind,
        DriftKind::NullabilityMismatch {
            expected_nullable: false,
            ..
        }
    ));
}

#[test]
fn in_sync_model_and_catalog_have_no_drift() {
    let pg = Dialect::Postgres;
    let mut c = incident_catalog();
    c.tables[0].columns.extend([
        column(pg, "unlimitedPoseActive", "BOOLEAN", false, Some("false")),
        column(pg, "unlimitedPoseDailyQuota", "INTEGER", false, Some("100")),
        column(pg, "unlimitedPoseQuotaUsed", "INTEGER", false, Some("0")),
        column(pg, "unlimitedPoseQuotaResetAt", "TIMESTAMP(3)", true, None),
        column(pg, "unlimitedPoseExpiresAt", "TIMESTAMP(3)", true, None),
    ]);
    // Prisma's own bookkeeping table is never "not in model".
    let prisma_table = table(
        &c,
        "_prisma_migrations",
        vec![column(pg, "id", "VARCHAR(36)", false, None)],
        &["id"],
    );
    c.tables.push(prisma_table);
    assert_eq!(compare(INCIDENT, &c), Vec::new());
}

const SHOP: &str = r#"datasource db {
  provider = "postgresql"
}
enum Status {
  OPEN
  CLOSED
}
model Order {
  id     Int    @id @default(autoincrement())
  status Status @default(OPEN)
  note   String?
  total  Int    @default(0)
  itemId Int
  item   Item   @relation(fields: [itemId], references: [id])
  @@index([note])
  @@map("orders")
}
model Item {
  id     Int     @id
  sku    String  @unique
  orders Order[]
}
"#;

fn shop_catalog() -> Catalog {
    let pg = Dialect::Postgres;
    let mut c = catalog(pg);
    let mut orders = table(
        &c,
        "orders",
        vec![
            column(pg, "id", "SERIAL", false, None),
            column(pg, "status", "\"Status\"", false, Some("'OPEN'")),
            column(pg, "note", "TEXT", true, None),
            column(pg, "total", "INTEGER", false, Some("0")),
            column(pg, "itemId", "INTEGER", false, None),
        ],
        &["id"],
    );
    orders.constraints.push(Constraint {
        name: "orders_itemId_fkey".to_owned(),
        kind: ConstraintKind::ForeignKey {
            table: ("public".to_owned(), "Item".to_owned()),
            columns: vec!["id".to_owned()],
            on_delete: Some("RESTRICT".to_owned()),
            on_update: Some("CASCADE".to_owned()),
        },
        columns: vec!["itemId".to_owned()],
        validated: true,
        expression: None,
        history: history(300),
    });
    c.tables.push(orders);
    let item = table(
        &c,
        "Item",
        vec![
            column(pg, "id", "INTEGER", false, None),
            column(pg, "sku", "TEXT", false, None),
        ],
        &["id"],
    );
    c.tables.push(item);
    let mut note_idx = unique_index(&c, "orders", "orders_note_idx", &["note"]);
    note_idx.unique = false;
    c.indexes.push(note_idx);
    c.indexes
        .push(unique_index(&c, "Item", "Item_sku_key", &["sku"]));
    c.enums.push(EnumType {
        schema: "public".to_owned(),
        name: "Status".to_owned(),
        values: vec!["OPEN".to_owned(), "CLOSED".to_owned()],
        history: history(50),
    });
    c
}

#[test]
fn shop_in_sync() {
    assert_eq!(compare(SHOP, &shop_catalog()), Vec::new());
}

#[test]
fn missing_table_gets_create_table() {
    let mut c = shop_catalog();
    c.tables.retain(|t| t.name != "Item");
    c.indexes.retain(|i| i.table.1 != "Item");
    let drifts = compare(SHOP, &c);
    assert_eq!(kinds(&drifts), ["TableMissing"]);
    let d = &drifts[0];
    assert_eq!(field_text(d, SHOP), "model Item");
    assert_eq!(d.history, None);
    assert_eq!(
        fix(d),
        "CREATE TABLE \"Item\" (\n    \"id\" INTEGER NOT NULL,\n    \"sku\" TEXT NOT NULL,\n\n    CONSTRAINT \"Item_pkey\" PRIMARY KEY (\"id\")\n);\n\nCREATE UNIQUE INDEX \"Item_sku_key\" ON \"Item\"(\"sku\");"
    );
}

#[test]
fn enum_missing_value_missing_and_extra_value() {
    let mut c = shop_catalog();
    c.enums[0].values = vec!["OPEN".to_owned(), "ARCHIVED".to_owned()];
    let drifts = compare(SHOP, &c);
    assert_eq!(kinds(&drifts), ["EnumValueMissing", "EnumValueNotInModel"]);
    assert_eq!(drifts[0].kind.enum_value(), Some("CLOSED"));
    assert_eq!(drifts[0].kind.enum_name().unwrap().name, "Status");
    assert_eq!(field_text(&drifts[0], SHOP), "CLOSED");
    assert_eq!(
        fix(&drifts[0]),
        r#"ALTER TYPE "Status" ADD VALUE 'CLOSED';"#
    );
    assert_eq!(drifts[1].kind.enum_value(), Some("ARCHIVED"));

    c.enums.clear();
    let drifts = compare(SHOP, &c);
    assert_eq!(kinds(&drifts), ["EnumMissing"]);
    assert_eq!(field_text(&drifts[0], SHOP), "enum Status");
    assert_eq!(
        fix(&drifts[0]),
        r#"CREATE TYPE "Status" AS ENUM ('OPEN', 'CLOSED');"#
    );
}

#[test]
fn extra_table_and_column_are_not_in_model() {
    let pg = Dialect::Postgres;
    let mut c = shop_catalog();
    c.tables[0]
        .columns
        .push(column(pg, "legacy", "TEXT", true, None));
    let audit = table(
        &c,
        "audit",
        vec![column(pg, "id", "INTEGER", false, None)],
        &[],
    );
    c.tables.push(audit);
    let drifts = compare(SHOP, &c);
    assert_eq!(kinds(&drifts), ["ColumnNotInModel", "TableNotInModel"]);
    assert_eq!(drifts[0].kind.column().unwrap().name, "legacy");
    assert_eq!(field_text(&drifts[0], SHOP), "model Order");
    assert_eq!(
        fix(&drifts[0]),
        r#"ALTER TABLE "orders" DROP COLUMN "legacy";"#
    );
    assert_eq!(drifts[1].kind.table().unwrap().name, "audit");
    assert_eq!(drifts[1].model, None);
    assert!(drifts[1].history.is_some());
    assert_eq!(fix(&drifts[1]), r#"DROP TABLE "audit";"#);
}

#[test]
fn default_mismatch_and_dropped_default() {
    let mut c = shop_catalog();
    c.tables[0].columns[3].default = Some(normalize_default("5", Dialect::Postgres));
    c.tables[0].columns[2].default = Some(normalize_default("'x'", Dialect::Postgres));
    let drifts = compare(SHOP, &c);
    let defaults: Vec<_> = drifts
        .iter()
        .map(|d| match &d.kind {
            DriftKind::DefaultMismatch {
                expected, actual, ..
            } => (expected.clone(), actual.clone()),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        defaults,
        [
            (None, Some(normalize_default("'x'", Dialect::Postgres))),
            (
                Some("0".to_owned()),
                Some(normalize_default("5", Dialect::Postgres))
            ),
        ]
    );
    assert_eq!(
        fix(&drifts[0]),
        r#"ALTER TABLE "orders" ALTER COLUMN "note" DROP DEFAULT;"#
    );
    assert_eq!(
        fix(&drifts[1]),
        r#"ALTER TABLE "orders" ALTER COLUMN "total" SET DEFAULT 0;"#
    );
    assert_eq!(field_text(&drifts[1], SHOP), "total  Int    @default(0)");
}

#[test]
fn indexes_uniques_keys_and_foreign_keys() {
    let mut c = shop_catalog();
    c.indexes.clear();
    c.tables[0]
        .constraints
        .retain(|k| !matches!(k.kind, ConstraintKind::ForeignKey { .. }));
    c.tables[1].constraints.clear();
    let mut extra = unique_index(&c, "orders", "orders_total_idx", &["total"]);
    extra.unique = false;
    c.indexes.push(extra);
    let drifts = compare(SHOP, &c);
    assert_eq!(
        kinds(&drifts),
        [
            "IndexMissing",
            "IndexNotInModel",
            "ForeignKeyMissing",
            "PrimaryKeyMismatch",
            "UniqueMissing"
        ]
    );
    let subjects: Vec<_> = drifts
        .iter()
        .map(|d| match &d.kind {
            DriftKind::PrimaryKeyMismatch {
                expected, actual, ..
            } => format!("{expected:?} {actual:?}"),
            DriftKind::ForeignKeyMissing {
                key,
                referenced_table,
            } => format!("{:?} {referenced_table}", key.columns),
            DriftKind::IndexNotInModel { index, unique } => format!("{:?} {unique}", index.columns),
            other => format!("{:?}", other.index().unwrap().columns),
        })
        .collect();
    assert_eq!(
        subjects,
        [
            r#"["note"]"#,
            r#"["total"] false"#,
            r#"["itemId"] Item"#,
            r#"["id"] []"#,
            r#"["sku"]"#
        ]
    );
    let fixes: Vec<_> = drifts.iter().map(fix).collect();
    assert_eq!(
        fixes,
        [
            r#"CREATE INDEX "orders_note_idx" ON "orders"("note");"#,
            r#"DROP INDEX "orders_total_idx";"#,
            r#"ALTER TABLE "orders" ADD CONSTRAINT "orders_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item"("id") ON DELETE RESTRICT ON UPDATE CASCADE;"#,
            r#"ALTER TABLE "Item" ADD CONSTRAINT "Item_pkey" PRIMARY KEY ("id");"#,
            r#"CREATE UNIQUE INDEX "Item_sku_key" ON "Item"("sku");"#,
        ]
    );
    assert_eq!(field_text(&drifts[0], SHOP), "@@index([note])");
    assert_eq!(
        field_text(&drifts[2], SHOP),
        "item   Item   @relation(fields: [itemId], references: [id])"
    );
}

#[test]
fn assumed_tables_of_partial_histories_are_not_checked() {
    let mut c = shop_catalog();
    c.tables[0].columns.clear();
    c.tables[0].assumed = true;
    assert_eq!(compare(SHOP, &c), Vec::new());
}

#[test]
fn mysql_fix_uses_backticks_and_modify() {
    let text = "datasource db {\n  provider = \"mysql\"\n}\nmodel User {\n  id   Int      @id\n  name String\n  at   DateTime?\n  @@map(\"users\")\n}\n";
    let my = Dialect::MySql;
    let mut c = catalog(my);
    let users = table(
        &c,
        "USERS",
        vec![
            column(my, "id", "INTEGER", false, None),
            column(my, "name", "VARCHAR(191)", true, None),
        ],
        &["id"],
    );
    c.tables.push(users);
    let drifts = compare(text, &c);
    let fixes: Vec<_> = drifts.iter().map(fix).collect();
    assert_eq!(
        fixes,
        [
            "ALTER TABLE `users` MODIFY `name` VARCHAR(191) NOT NULL;",
            "ALTER TABLE `users` ADD COLUMN `at` DATETIME(3) NULL;",
        ]
    );
}

#[test]
fn sqlite_says_when_alter_cannot() {
    let text = "datasource db {\n  provider = \"sqlite\"\n}\nmodel User {\n  id   Int     @id\n  name String\n  age  Int     @default(1)\n}\n";
    let lite = Dialect::Sqlite;
    let mut c = catalog(lite);
    let users = table(
        &c,
        "User",
        vec![
            column(lite, "id", "INTEGER", false, None),
            column(lite, "name", "TEXT", true, None),
        ],
        &["id"],
    );
    c.tables.push(users);
    let drifts = compare(text, &c);
    assert_eq!(drifts.len(), 2, "{drifts:#?}");
    assert!(
        matches!(&drifts[0].fix, Fix::Manual(text) if text.starts_with("SQLite cannot alter a column")),
        "{:?}",
        drifts[0].fix
    );
    assert_eq!(
        fix(&drifts[1]),
        r#"ALTER TABLE "User" ADD COLUMN "age" INTEGER NOT NULL DEFAULT 1;"#
    );
}
