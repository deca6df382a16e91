#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Lowering with exact spans: every name and text must sit on its source.

use miglint_syntax::ir::*;
use miglint_syntax::{Dialect, ParsedFile, Span, parse};

fn at(text: &str, span: Span) -> &str {
    span.slice(text)
}

fn one(text: &str, dialect: Dialect) -> miglint_syntax::Statement {
    let ParsedFile { mut statements } = parse(text, dialect);
    assert_eq!(statements.len(), 1, "{statements:#?}");
    let s = statements.pop().unwrap();
    assert!(s.error.is_none(), "{:?}", s.error);
    s
}

#[test]
fn create_table_columns_constraints_and_spans() {
    let text = "-- users\r\nCREATE TABLE IF NOT EXISTS \"public\".\"User\" (\r\n  \"id\" SERIAL NOT NULL,\r\n  \"email\"   character varying(255)  NOT NULL DEFAULT 'x@y',\r\n  \"role\" \"Role\"[] DEFAULT ARRAY['USER']::\"Role\"[],\r\n  \"createdAt\" TIMESTAMP(3) WITHOUT TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,\r\n  org_id int REFERENCES org (id) ON DELETE CASCADE,\r\n  n int GENERATED ALWAYS AS IDENTITY,\r\n  CONSTRAINT \"User_pkey\" PRIMARY KEY (\"id\"),\r\n  CHECK (length(email) > 3)\r\n);\r\n";
    let s = one(text, Dialect::Postgres);
    assert_eq!(s.text(text), &text[10..text.len() - 3]);
    assert_eq!(s.keyword(), "CREATE TABLE");
    let SchemaChange::CreateTable {
        name,
        if_not_exists,
        columns,
        constraints,
        columns_unknown,
        ..
    } = s.change
    else {
        panic!("{:?}", s.change)
    };
    assert!(if_not_exists && !columns_unknown);
    assert_eq!(at(text, name.span), "\"public\".\"User\"");
    assert_eq!(at(text, name.schema.unwrap().span), "\"public\"");
    assert_eq!(name.name.value, "User");
    assert!(name.name.quoted);
    assert_eq!(columns.len(), 6);

    let id = &columns[0];
    assert_eq!(at(text, id.name.span), "\"id\"");
    assert_eq!(at(text, id.span), "\"id\" SERIAL NOT NULL");
    assert_eq!(id.data_type.as_ref().unwrap().text, "SERIAL");
    assert!(id.not_null);

    let email = &columns[1];
    let ty = email.data_type.as_ref().unwrap();
    assert_eq!(at(text, ty.span), "character varying(255)");
    assert_eq!(ty.text, "character varying(255)");
    let default = email.default.as_ref().unwrap();
    assert_eq!(at(text, default.span), "'x@y'");

    let role = &columns[2];
    assert_eq!(
        at(text, role.data_type.as_ref().unwrap().span),
        "\"Role\"[]"
    );
    assert_eq!(
        at(text, role.default.as_ref().unwrap().span),
        "ARRAY['USER']::\"Role\"[]"
    );

    let created = &columns[3];
    assert_eq!(
        created.data_type.as_ref().unwrap().text,
        "TIMESTAMP(3) WITHOUT TIME ZONE"
    );
    assert_eq!(created.default.as_ref().unwrap().text, "CURRENT_TIMESTAMP");

    let org = &columns[4];
    let fk = org.references.as_ref().unwrap();
    assert_eq!(at(text, fk.table.span), "org");
    assert_eq!(at(text, fk.columns[0].span), "id");
    assert_eq!(fk.on_delete.as_deref(), Some("CASCADE"));
    assert_eq!(columns[5].identity, Some(IdentityKind::Always));

    assert_eq!(constraints.len(), 2);
    assert_eq!(
        at(text, constraints[0].span),
        "CONSTRAINT \"User_pkey\" PRIMARY KEY (\"id\")"
    );
    assert_eq!(
        at(text, constraints[0].name.as_ref().unwrap().span),
        "\"User_pkey\""
    );
    let ConstraintKind::Check { expr } = &constraints[1].kind else {
        panic!()
    };
    assert_eq!(at(text, expr.span), "length(email) > 3");
    assert_eq!(at(text, constraints[1].span), "CHECK (length(email) > 3)");
}

#[test]
fn non_ascii_names_and_comments_keep_byte_spans() {
    let text = "/* café ☕ */ CREATE TABLE \"naïve\" (\"größe\" text DEFAULT 'ü',\n\tx int);";
    let s = one(text, Dialect::Postgres);
    let SchemaChange::CreateTable { name, columns, .. } = s.change else {
        panic!()
    };
    assert_eq!(at(text, name.span), "\"naïve\"");
    assert_eq!(at(text, columns[0].name.span), "\"größe\"");
    assert_eq!(at(text, columns[0].default.as_ref().unwrap().span), "'ü'");
    assert_eq!(at(text, columns[1].span), "x int");
}

#[test]
fn alter_table_actions_each_get_their_span() {
    let text = "ALTER TABLE \"Post\" ADD COLUMN \"slug\" TEXT NOT NULL DEFAULT '',\n  ALTER COLUMN \"title\" SET DATA TYPE VARCHAR(100) USING title::varchar,\n  ALTER COLUMN b SET NOT NULL, DROP COLUMN IF EXISTS c CASCADE,\n  ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES \"User\"(\"id\") NOT VALID,\n  RENAME COLUMN d TO e";
    let s = one(text, Dialect::Postgres);
    let SchemaChange::AlterTable { name, actions, .. } = s.change else {
        panic!()
    };
    assert_eq!(at(text, name.span), "\"Post\"");
    let spans: Vec<&str> = actions.iter().map(|a| at(text, a.span)).collect();
    assert_eq!(
        spans,
        [
            "ADD COLUMN \"slug\" TEXT NOT NULL DEFAULT ''",
            "ALTER COLUMN \"title\" SET DATA TYPE VARCHAR(100) USING title::varchar",
            "ALTER COLUMN b SET NOT NULL",
            "DROP COLUMN IF EXISTS c CASCADE",
            "ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES \"User\"(\"id\") NOT VALID",
            "RENAME COLUMN d TO e",
        ]
    );
    let AlterTableOp::AddColumn { column, .. } = &actions[0].op else {
        panic!()
    };
    assert_eq!(at(text, column.span), "\"slug\" TEXT NOT NULL DEFAULT ''");
    let AlterTableOp::AlterColumn {
        op: AlterColumnOp::SetType { data_type, using },
        ..
    } = &actions[1].op
    else {
        panic!()
    };
    assert_eq!(at(text, data_type.span), "VARCHAR(100)");
    assert_eq!(at(text, using.as_ref().unwrap().span), "title::varchar");
    assert!(matches!(
        actions[2].op,
        AlterTableOp::AlterColumn {
            op: AlterColumnOp::SetNotNull,
            ..
        }
    ));
    assert!(matches!(
        actions[3].op,
        AlterTableOp::DropColumn {
            if_exists: true,
            cascade: true,
            ..
        }
    ));
    let AlterTableOp::AddConstraint { constraint } = &actions[4].op else {
        panic!()
    };
    assert!(constraint.not_valid);
    assert!(matches!(actions[5].op, AlterTableOp::RenameColumn { .. }));
}

#[test]
fn create_index_concurrently_with_expression_and_predicate() {
    let text = "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"u_email\" ON users (lower(email), \"org\") WHERE deleted_at IS NULL";
    let s = one(text, Dialect::Postgres);
    assert!(s.is_concurrent_index());
    let SchemaChange::CreateIndex {
        name,
        table,
        unique,
        if_not_exists,
        concurrently,
        keys,
        predicate,
        method,
    } = s.change
    else {
        panic!()
    };
    assert_eq!(method, None);
    assert!(unique && if_not_exists && concurrently);
    assert_eq!(at(text, name.unwrap().span), "\"u_email\"");
    assert_eq!(at(text, table.span), "users");
    let IndexKey::Expression(e) = &keys[0] else {
        panic!()
    };
    assert_eq!(at(text, e.span), "lower(email)");
    let IndexKey::Column(c) = &keys[1] else {
        panic!()
    };
    assert_eq!(at(text, c.span), "\"org\"");
    assert_eq!(at(text, predicate.unwrap().span), "deleted_at IS NULL");
}

#[test]
fn index_methods() {
    for text in [
        "CREATE INDEX i ON posts USING GIN (tags)",
        "CREATE INDEX i ON ONLY posts USING gin (tags)",
    ] {
        let s = one(text, Dialect::Postgres);
        let SchemaChange::CreateIndex { method, .. } = s.change else {
            panic!("{text}")
        };
        assert_eq!(method.as_deref(), Some("gin"), "{text}");
    }
}

#[test]
fn enums_and_alter_type() {
    let text = "CREATE TYPE \"Role\" AS ENUM ('USER', 'ADMIN');\nALTER TYPE \"Role\" ADD VALUE IF NOT EXISTS 'OWNER' BEFORE 'ADMIN';\nALTER TYPE \"Role\" RENAME VALUE 'USER' TO 'MEMBER';\nALTER TYPE \"Role\" RENAME TO \"Rôle\";\nDROP TYPE IF EXISTS \"Rôle\" CASCADE";
    let statements = parse(text, Dialect::Postgres).statements;
    assert_eq!(statements.len(), 5);
    assert!(statements.iter().all(|s| s.parsed()));
    let SchemaChange::CreateEnum { values, .. } = &statements[0].change else {
        panic!()
    };
    assert_eq!(values[1].value, "ADMIN");
    assert_eq!(at(text, values[1].span), "'ADMIN'");
    let SchemaChange::AlterType {
        op:
            AlterTypeOp::AddValue {
                value,
                if_not_exists: true,
                position: Some(EnumValuePosition::Before(before)),
            },
        ..
    } = &statements[1].change
    else {
        panic!("{:?}", statements[1].change)
    };
    assert_eq!(at(text, value.span), "'OWNER'");
    assert_eq!(at(text, before.span), "'ADMIN'");
    assert!(matches!(
        statements[2].change,
        SchemaChange::AlterType {
            op: AlterTypeOp::RenameValue { .. },
            ..
        }
    ));
    let SchemaChange::AlterType {
        op: AlterTypeOp::RenameTo { to },
        ..
    } = &statements[3].change
    else {
        panic!()
    };
    assert_eq!(at(text, to.span), "\"Rôle\"");
    assert!(matches!(
        statements[4].change,
        SchemaChange::DropType {
            if_exists: true,
            cascade: true,
            ..
        }
    ));
}

#[test]
fn mysql_modify_change_rename_and_indexes() {
    let text = "ALTER TABLE `user` MODIFY `name` VARCHAR(191) NOT NULL, CHANGE COLUMN `a` `b` INT UNSIGNED AUTO_INCREMENT, ADD UNIQUE INDEX `u_b`(`b`), DROP INDEX `old`;\nRENAME TABLE `a` TO `b`, c TO d;\nDROP INDEX `i` ON `t`";
    let statements = parse(text, Dialect::MySql).statements;
    assert_eq!(statements.len(), 3);
    assert!(statements.iter().all(|s| s.parsed()), "{statements:?}");
    let SchemaChange::AlterTable { actions, .. } = &statements[0].change else {
        panic!()
    };
    let AlterTableOp::ReplaceColumn { old_name, column } = &actions[0].op else {
        panic!()
    };
    assert_eq!(at(text, old_name.span), "`name`");
    assert_eq!(
        at(text, column.data_type.as_ref().unwrap().span),
        "VARCHAR(191)"
    );
    assert!(column.not_null);
    let AlterTableOp::ReplaceColumn { old_name, column } = &actions[1].op else {
        panic!()
    };
    assert_eq!(old_name.value, "a");
    assert_eq!(at(text, column.name.span), "`b`");
    assert!(column.auto_increment);
    assert_eq!(column.data_type.as_ref().unwrap().text, "INT UNSIGNED");
    assert!(
        matches!(&actions[2].op, AlterTableOp::AddIndex { unique: true, name: Some(n), .. } if n.value == "u_b")
    );
    assert!(matches!(&actions[3].op, AlterTableOp::DropIndex { name } if name.value == "old"));
    let SchemaChange::RenameTables { pairs } = &statements[1].change else {
        panic!()
    };
    assert_eq!(at(text, pairs[1].1.span), "d");
    let SchemaChange::DropIndex { table, .. } = &statements[2].change else {
        panic!()
    };
    assert_eq!(at(text, table.as_ref().unwrap().span), "`t`");
}

#[test]
fn sqlite_autoincrement_and_untyped_column() {
    let text = "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, anything)";
    let s = one(text, Dialect::Sqlite);
    let SchemaChange::CreateTable { columns, .. } = s.change else {
        panic!()
    };
    assert!(columns[0].primary_key && columns[0].auto_increment);
    assert_eq!(columns[1].data_type, None);
    assert_eq!(at(text, columns[1].span), "anything");
}

#[test]
fn views_sequences_schemas_extensions_and_dml() {
    let text = "CREATE OR REPLACE VIEW v (a, b) AS SELECT 1, 2;\nCREATE MATERIALIZED VIEW IF NOT EXISTS mv AS SELECT 1;\nALTER MATERIALIZED VIEW mv RENAME TO mv2;\nALTER INDEX i RENAME TO j;\nCREATE SEQUENCE IF NOT EXISTS s;\nDROP SEQUENCE s;\nCREATE SCHEMA IF NOT EXISTS app;\nALTER SCHEMA app RENAME TO app2;\nCREATE EXTENSION IF NOT EXISTS \"uuid-ossp\" WITH SCHEMA public;\nINSERT INTO app.t (a, \"b\") VALUES (1, 2);\nUPDATE t SET a = 1, b = 2;\nDELETE FROM t WHERE a = 1;\nBEGIN;\nCOMMIT;\nROLLBACK;\nDROP MATERIALIZED VIEW mv2;\nDROP SCHEMA app2 CASCADE;\nDROP EXTENSION \"uuid-ossp\"";
    let statements = parse(text, Dialect::Postgres).statements;
    assert!(statements.iter().all(|s| s.parsed()), "{statements:?}");
    let changes: Vec<&SchemaChange> = statements.iter().map(|s| &s.change).collect();
    assert!(
        matches!(changes[0], SchemaChange::CreateView { or_replace: true, materialized: false, columns, .. } if columns.len() == 2)
    );
    assert!(matches!(
        changes[1],
        SchemaChange::CreateView {
            materialized: true,
            if_not_exists: true,
            ..
        }
    ));
    assert!(
        matches!(changes[2], SchemaChange::AlterView { materialized: true, op: AlterObjectOp::RenameTo { to }, .. } if to.value == "mv2")
    );
    assert!(
        matches!(changes[3], SchemaChange::AlterIndex { op: AlterObjectOp::RenameTo { to }, .. } if to.value == "j")
    );
    assert!(matches!(
        changes[4],
        SchemaChange::CreateSequence {
            if_not_exists: true,
            ..
        }
    ));
    assert!(matches!(changes[5], SchemaChange::DropSequence { .. }));
    assert!(matches!(
        changes[6],
        SchemaChange::CreateSchema {
            if_not_exists: true,
            ..
        }
    ));
    assert!(matches!(changes[7], SchemaChange::RenameSchema { to, .. } if to.value == "app2"));
    let SchemaChange::CreateExtension { name, schema, .. } = changes[8] else {
        panic!()
    };
    assert_eq!(at(text, name.span), "\"uuid-ossp\"");
    assert_eq!(schema.as_ref().unwrap().value, "public");
    let SchemaChange::Insert { table, columns } = changes[9] else {
        panic!()
    };
    assert_eq!(at(text, table.span), "app.t");
    assert_eq!(at(text, columns[1].span), "\"b\"");
    assert!(matches!(changes[10], SchemaChange::Update { columns, .. } if columns.len() == 2));
    assert_eq!(statements[10].touches_every_row(), Some(true));
    assert_eq!(statements[11].touches_every_row(), Some(false));
    assert!(matches!(changes[11], SchemaChange::Delete { .. }));
    assert_eq!(
        changes[12],
        &SchemaChange::Transaction(TransactionControl::Begin)
    );
    assert_eq!(
        changes[13],
        &SchemaChange::Transaction(TransactionControl::Commit)
    );
    assert_eq!(
        changes[14],
        &SchemaChange::Transaction(TransactionControl::Rollback)
    );
    assert!(matches!(
        changes[15],
        SchemaChange::DropView {
            materialized: true,
            ..
        }
    ));
    assert!(matches!(
        changes[16],
        SchemaChange::DropSchema { cascade: true, .. }
    ));
    assert!(matches!(changes[17], SchemaChange::DropExtension { .. }));
}

#[test]
fn syntax_error_points_at_the_offending_token() {
    let text = "CREATE TABLE ok (a int);\r\nCREATE TABLE bad (\r\n  a int,\r\n  b int NOT NULL DEFAULT 1 2\r\n);\r\nCREATE TABLE ok2 (b int);";
    let statements = parse(text, Dialect::Postgres).statements;
    assert_eq!(statements.len(), 3);
    assert!(statements[0].parsed() && statements[2].parsed());
    let error = statements[1].error.as_ref().unwrap();
    // PostgreSQL says: syntax error at or near "2".
    assert_eq!(at(text, error.span), "2");
    assert!(error.message.contains("found: 2"), "{}", error.message);
    assert!(!error.message.contains("Line:"));
}

#[test]
fn unterminated_string_flags_the_rest_of_the_statement() {
    let text = "SELECT 1;\nINSERT INTO t VALUES ('ü";
    let statements = parse(text, Dialect::Postgres).statements;
    let error = statements[1].error.as_ref().unwrap();
    assert!(error.span.end as usize == text.len());
    assert!(at(text, error.span).ends_with("'ü"));
}

#[test]
fn parse_range_keeps_file_offsets() {
    let text = "-- migrate:up\nCREATE TABLE t (a int);\n-- migrate:down\nDROP TABLE t;\n";
    let up_end = text.find("-- migrate:down").unwrap();
    let file = miglint_syntax::parse_range(text, Span::from_range(0..up_end), Dialect::Postgres);
    assert_eq!(file.statements.len(), 1);
    let SchemaChange::CreateTable { name, .. } = &file.statements[0].change else {
        panic!()
    };
    assert_eq!(at(text, name.span), "t");
    assert_eq!(name.span.start as usize, text.find("t (").unwrap());
}

/// MySQL names a `UNIQUE INDEX i (…)` / `UNIQUE KEY i (…)` table element
/// `i` (what `information_schema.STATISTICS.INDEX_NAME` shows on MariaDB
/// 10.11), also when a `CONSTRAINT c` precedes it.
#[test]
fn mysql_create_table_unique_index_keeps_its_name() {
    let text = "CREATE TABLE `u` (`a` INT, `b` INT, `c` INT, UNIQUE INDEX `u_a_key`(`a`), CONSTRAINT `cb` UNIQUE KEY `kb` (`b`), CONSTRAINT `cc` UNIQUE (`c`))";
    let s = one(text, Dialect::MySql);
    let SchemaChange::CreateTable { constraints, .. } = s.change else {
        panic!("{:?}", s.change)
    };
    let names: Vec<&str> = constraints
        .iter()
        .map(|c| c.name.as_ref().map_or("", |n| n.value.as_str()))
        .collect();
    assert_eq!(names, ["u_a_key", "kb", "cc"]);
}
