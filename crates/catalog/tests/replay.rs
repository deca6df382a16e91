//! Replay behaviour, one statement shape at a time. Generated names and the
//! serial default were checked against PostgreSQL 15.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use miglint_catalog::{ConstraintKind, Identity, ObjectKind, ReplayEvent};
use miglint_source::{Dialect, Span};
use miglint_syntax::ir::{
    self, AlterColumnOp, AlterTableOp, AlterTypeOp, EnumValuePosition, IdentityKind, SchemaChange,
};
use support::*;

fn user_table() -> SchemaChange {
    create_table_with(
        "\"User\"",
        vec![
            pk(col("id", "serial")),
            unique(col("a", "int")),
            references(col("b", "int"), "\"User\"", &["id"]),
            check(col("c", "int"), "c > 0"),
            col("d", "VARCHAR(255)"),
        ],
        vec![constraint(
            None,
            ir::ConstraintKind::Check { expr: sql("a > c") },
        )],
    )
}

#[test]
fn create_table_generates_postgres_names() {
    let mut db = Db::pg();
    db.ok(user_table());
    db.ok(create_index(None, "\"User\"", &["a", "d"]));
    assert_eq!(
        db.constraint_names("\"User\""),
        [
            "User_pkey",
            "User_a_key",
            "User_b_fkey",
            "User_c_check",
            "User_check"
        ]
    );
    assert_eq!(
        db.index_names("\"User\""),
        ["User_pkey", "User_a_key", "User_a_d_idx"]
    );
    let t = db.catalog.table(None, "User").unwrap();
    let id = t.column("id").unwrap();
    assert_eq!(id.default.as_deref(), Some("nextval('\"User_id_seq\"')"));
    assert!(!id.nullable && id.auto_increment);
    assert_eq!(db.column_type("\"User\"", "id"), "integer");
    assert_eq!(db.column_type("\"User\"", "d"), "character varying(255)");
    assert!(t.column("a").unwrap().nullable);
    assert_eq!(
        db.catalog
            .sequence(None, "User_id_seq")
            .unwrap()
            .owned_by
            .as_ref()
            .unwrap()
            .column,
        "id"
    );
}

#[test]
fn unquoted_names_fold_in_postgres_only() {
    let mut pg = Db::pg();
    pg.ok(create_table("Users", vec![col("Id", "int")]));
    assert!(pg.catalog.table(None, "users").is_some());
    assert!(pg.catalog.table(None, "Users").is_none());
    let mut my = Db::new(Dialect::MySql);
    my.ok(create_table("Users", vec![col("Id", "int")]));
    assert_eq!(my.catalog.table(None, "users").unwrap().name, "Users");
}

#[test]
fn duplicate_create_reports_previous_origin() {
    let mut db = Db::pg();
    let first = db.next_origin();
    db.ok(create_table("t", vec![col("a", "int")]));
    let events = db.apply(create_table("t", vec![]));
    assert_eq!(
        events,
        [ReplayEvent::AlreadyExists {
            kind: ObjectKind::Table,
            name: "t".into(),
            span: Span::default(),
            previous: Some(first)
        }]
    );
    let mut again = create_table("t", vec![]);
    if let SchemaChange::CreateTable { if_not_exists, .. } = &mut again {
        *if_not_exists = true;
    }
    db.ok(again);
}

#[test]
fn missing_tables_and_columns_are_reported() {
    let mut db = Db::pg();
    db.ok(create_table("t", vec![col("a", "int")]));
    assert_eq!(
        db.apply(alter("u", vec![AlterTableOp::Other])),
        [ReplayEvent::UnknownTable {
            name: "u".into(),
            span: Span::default()
        }]
    );
    assert_eq!(
        db.apply(create_index(None, "t", &["b"])),
        [ReplayEvent::UnknownColumn {
            table: "t".into(),
            column: "b".into(),
            span: Span::default()
        }]
    );
    assert_eq!(
        db.apply(SchemaChange::Insert {
            table: obj("t"),
            columns: ids(&["a", "zz"])
        }),
        [ReplayEvent::UnknownColumn {
            table: "t".into(),
            column: "zz".into(),
            span: Span::default()
        }]
    );
    assert_eq!(
        db.apply(drop_table("other.x")),
        [ReplayEvent::UnknownTable {
            name: "other.x".into(),
            span: Span::default()
        }]
    );
    assert_eq!(
        db.apply(create_table(
            "c",
            vec![references(col("t_id", "int"), "missing", &["id"])]
        )),
        [ReplayEvent::UnknownTable {
            name: "missing".into(),
            span: Span::default()
        }]
    );
    let mut drop_if = drop_table("nope");
    if let SchemaChange::DropTable { if_exists, .. } = &mut drop_if {
        *if_exists = true;
    }
    db.ok(drop_if);
}

#[test]
fn assumed_tables_skip_column_checks() {
    let mut db = Db::pg();
    db.options.assume_missing_tables = true;
    db.ok(create_index(None, "legacy", &["whatever"]));
    assert!(db.catalog.table(None, "legacy").unwrap().assumed);
    db.ok(alter(
        "legacy",
        vec![AlterTableOp::AddColumn {
            column: col("x", "text"),
            if_not_exists: false,
        }],
    ));
    // The real definition replaces the guess without complaint.
    db.ok(create_table("legacy", vec![col("y", "int")]));
    assert!(!db.catalog.table(None, "legacy").unwrap().assumed);
}

#[test]
fn add_column_twice_and_drop_cascades_to_indexes() {
    let mut db = Db::pg();
    db.ok(create_table(
        "t",
        vec![col("a", "int"), unique(col("b", "text"))],
    ));
    assert_eq!(
        db.apply(alter(
            "t",
            vec![AlterTableOp::AddColumn {
                column: col("a", "int"),
                if_not_exists: false
            }]
        )),
        [ReplayEvent::AlreadyExists {
            kind: ObjectKind::Column,
            name: "t.a".into(),
            span: Span::default(),
            previous: Some(db.catalog.table(None, "t").unwrap().history.created)
        }]
    );
    db.ok(create_index(Some("t_ab"), "t", &["a", "b"]));
    db.ok(alter(
        "t",
        vec![AlterTableOp::DropColumn {
            name: id("b"),
            if_exists: false,
            cascade: false,
        }],
    ));
    assert!(db.constraint_names("t").is_empty());
    assert!(db.index_names("t").is_empty());
}

#[test]
fn column_rename_follows_constraints_indexes_and_foreign_keys() {
    let mut db = Db::pg();
    db.ok(create_table("p", vec![pk(col("id", "bigint"))]));
    db.ok(create_table(
        "c",
        vec![references(col("p_id", "bigint"), "p", &["id"])],
    ));
    db.ok(alter(
        "p",
        vec![AlterTableOp::RenameColumn {
            from: id("id"),
            to: id("key"),
        }],
    ));
    let p = db.catalog.table(None, "p").unwrap();
    assert_eq!(p.primary_key().unwrap().columns, ["key"]);
    assert_eq!(db.catalog.indexes_on(p).next().unwrap().columns, ["key"]);
    let fk = &db.catalog.table(None, "c").unwrap().constraints[0];
    assert_eq!(
        fk.kind,
        ConstraintKind::ForeignKey {
            table: ("public".into(), "p".into()),
            columns: vec!["key".into()],
            on_delete: None,
            on_update: None
        }
    );
}

#[test]
fn not_valid_then_validate() {
    let mut db = Db::pg();
    db.ok(create_table("t", vec![col("a", "int")]));
    let mut c = constraint(
        Some("t_a_pos"),
        ir::ConstraintKind::Check { expr: sql("a > 0") },
    );
    c.not_valid = true;
    db.ok(alter(
        "t",
        vec![AlterTableOp::AddConstraint { constraint: c }],
    ));
    assert!(!db.catalog.table(None, "t").unwrap().constraints[0].validated);
    db.ok(alter(
        "t",
        vec![AlterTableOp::ValidateConstraint {
            name: id("t_a_pos"),
        }],
    ));
    assert!(db.catalog.table(None, "t").unwrap().constraints[0].validated);
    assert_eq!(
        db.apply(alter(
            "t",
            vec![AlterTableOp::DropConstraint {
                name: id("nope"),
                if_exists: false,
                cascade: false
            }]
        )),
        [ReplayEvent::UnknownObject {
            kind: ObjectKind::Constraint,
            name: "nope".into(),
            span: Span::default()
        }]
    );
}

#[test]
fn alter_column_changes_type_nullability_default_identity() {
    let mut db = Db::pg();
    db.ok(create_table("t", vec![col("a", "int4")]));
    db.ok(alter(
        "t",
        vec![
            AlterTableOp::AlterColumn {
                name: id("a"),
                op: AlterColumnOp::SetType {
                    data_type: sql("BIGINT"),
                    using: None,
                },
            },
            AlterTableOp::AlterColumn {
                name: id("a"),
                op: AlterColumnOp::SetNotNull,
            },
            AlterTableOp::AlterColumn {
                name: id("a"),
                op: AlterColumnOp::SetDefault {
                    default: sql("'0'::bigint"),
                },
            },
        ],
    ));
    let a = db
        .catalog
        .table(None, "t")
        .unwrap()
        .column("a")
        .unwrap()
        .clone();
    assert_eq!(a.data_type.unwrap().to_string(), "bigint");
    assert!(!a.nullable);
    assert_eq!(a.default.as_deref(), Some("0"));
    db.ok(alter(
        "t",
        vec![AlterTableOp::AlterColumn {
            name: id("a"),
            op: AlterColumnOp::AddIdentity {
                kind: IdentityKind::Always,
            },
        }],
    ));
    assert_eq!(
        db.catalog
            .table(None, "t")
            .unwrap()
            .column("a")
            .unwrap()
            .identity,
        Some(Identity::Always)
    );
}

#[test]
fn enum_values_in_order() {
    let mut db = Db::pg();
    db.ok(create_enum("\"Role\"", &["USER", "ADMIN"]));
    let add = |value: &str, if_not_exists, position| SchemaChange::AlterType {
        name: obj("\"Role\""),
        op: AlterTypeOp::AddValue {
            value: lit(value),
            if_not_exists,
            position,
        },
    };
    db.ok(add(
        "GUEST",
        false,
        Some(EnumValuePosition::Before(lit("USER"))),
    ));
    db.ok(add(
        "OWNER",
        false,
        Some(EnumValuePosition::After(lit("USER"))),
    ));
    db.ok(add("ADMIN", true, None));
    assert_eq!(
        db.apply(add("ADMIN", false, None)),
        [ReplayEvent::AlreadyExists {
            kind: ObjectKind::EnumValue,
            name: "ADMIN".into(),
            span: Span::default(),
            previous: None
        }]
    );
    db.ok(SchemaChange::AlterType {
        name: obj("\"Role\""),
        op: AlterTypeOp::RenameValue {
            from: lit("OWNER"),
            to: lit("BOSS"),
        },
    });
    assert_eq!(
        db.catalog.enum_type(None, "Role").unwrap().values,
        ["GUEST", "USER", "BOSS", "ADMIN"]
    );
}

#[test]
fn enum_rename_follows_columns() {
    let mut db = Db::pg();
    db.ok(create_enum("\"Role\"", &["A"]));
    db.ok(create_table(
        "t",
        vec![default(col("r", "\"Role\""), "'A'::\"Role\"")],
    ));
    assert_eq!(
        db.catalog
            .table(None, "t")
            .unwrap()
            .column("r")
            .unwrap()
            .default
            .as_deref(),
        Some("'A'")
    );
    db.ok(SchemaChange::CreateSchema {
        name: id("app"),
        if_not_exists: false,
    });
    db.ok(SchemaChange::AlterType {
        name: obj("\"Role\""),
        op: AlterTypeOp::RenameTo { to: id("\"Kind\"") },
    });
    assert_eq!(db.column_type("t", "r"), "\"Kind\"");
    db.ok(SchemaChange::AlterType {
        name: obj("\"Kind\""),
        op: AlterTypeOp::SetSchema { schema: id("app") },
    });
    assert_eq!(db.column_type("t", "r"), "app.\"Kind\"");
    assert!(db.catalog.enum_type(Some("app"), "Kind").is_some());
}

#[test]
fn sqlite_rebuild_pattern() {
    let mut db = Db::new(Dialect::Sqlite);
    db.ok(create_table(
        "User",
        vec![pk(col("id", "INTEGER")), col("name", "TEXT")],
    ));
    db.ok(create_table(
        "Post",
        vec![references(col("authorId", "INTEGER"), "User", &["id"])],
    ));
    db.ok(create_table(
        "new_User",
        vec![pk(col("id", "INTEGER")), not_null(col("name", "TEXT"))],
    ));
    db.ok(SchemaChange::Insert {
        table: obj("new_User"),
        columns: ids(&["id", "name"]),
    });
    db.ok(drop_table("User"));
    db.ok(alter(
        "new_User",
        vec![AlterTableOp::RenameTable { to: obj("User") }],
    ));
    let user = db.catalog.table(None, "user").unwrap();
    assert_eq!(user.name, "User");
    assert!(!user.column("name").unwrap().nullable);
    assert_eq!(db.column_type("User", "name"), "TEXT");
    let fk = &db.catalog.table(None, "Post").unwrap().constraints[0];
    assert!(matches!(&fk.kind, ConstraintKind::ForeignKey { table, .. } if table.1 == "User"));
}

#[test]
fn mysql_modify_change_and_rename_table() {
    let mut db = Db::new(Dialect::MySql);
    db.ok(create_table(
        "users",
        vec![
            col("name", "VARCHAR(191)"),
            unique(col("email", "varchar(191)")),
        ],
    ));
    assert_eq!(db.constraint_names("users"), ["email"]);
    db.ok(alter(
        "users",
        vec![AlterTableOp::ReplaceColumn {
            old_name: id("name"),
            column: not_null(col("name", "TEXT")),
        }],
    ));
    db.ok(alter(
        "users",
        vec![AlterTableOp::ReplaceColumn {
            old_name: id("email"),
            column: col("mail", "varchar(255)"),
        }],
    ));
    assert_eq!(db.column_type("users", "name"), "text");
    assert_eq!(db.column_type("users", "mail"), "varchar(255)");
    assert_eq!(
        db.catalog.table(None, "users").unwrap().constraints[0].columns,
        ["mail"]
    );
    db.ok(SchemaChange::RenameTables {
        pairs: vec![(obj("users"), obj("people"))],
    });
    assert_eq!(db.index_names("people"), ["email"]);
}

#[test]
fn drop_table_cascade_removes_foreign_keys_and_sequences() {
    let mut db = Db::pg();
    db.ok(create_table("p", vec![pk(col("id", "bigserial"))]));
    db.ok(create_table(
        "c",
        vec![references(col("p_id", "bigint"), "p", &["id"])],
    ));
    db.ok(SchemaChange::DropTable {
        names: vec![obj("p")],
        if_exists: false,
        cascade: true,
    });
    assert!(db.constraint_names("c").is_empty());
    assert!(db.catalog.sequences.is_empty());
    assert!(db.catalog.indexes.is_empty());
}

#[test]
fn schemas_views_sequences_extensions() {
    let mut db = Db::pg();
    assert_eq!(
        db.apply(create_table("app.t", vec![])),
        [ReplayEvent::UnknownObject {
            kind: ObjectKind::Schema,
            name: "app".into(),
            span: Span::default()
        }]
    );
    db.ok(SchemaChange::CreateSchema {
        name: id("app"),
        if_not_exists: false,
    });
    db.ok(create_table("app.t", vec![col("a", "int")]));
    assert!(db.catalog.table(Some("app"), "t").is_some());
    db.ok(SchemaChange::CreateExtension {
        name: id("pgcrypto"),
        if_not_exists: false,
        schema: None,
    });
    assert!(matches!(
        db.apply(SchemaChange::CreateExtension {
            name: id("pgcrypto"),
            if_not_exists: false,
            schema: None
        })
        .as_slice(),
        [ReplayEvent::AlreadyExists {
            kind: ObjectKind::Extension,
            ..
        }]
    ));
    db.ok(SchemaChange::CreateView {
        name: obj("v"),
        or_replace: false,
        materialized: true,
        if_not_exists: false,
        columns: vec![],
        references: vec![],
    });
    assert_eq!(
        db.apply(SchemaChange::DropView {
            names: vec![obj("v")],
            materialized: false,
            if_exists: false
        }),
        [ReplayEvent::UnknownObject {
            kind: ObjectKind::View,
            name: "v".into(),
            span: Span::default()
        }]
    );
    db.ok(SchemaChange::CreateSequence {
        name: obj("s"),
        if_not_exists: false,
    });
    db.ok(SchemaChange::AlterSequence {
        name: obj("s"),
        if_exists: false,
        op: ir::AlterObjectOp::RenameTo { to: id("s2") },
    });
    assert!(db.catalog.sequence(None, "s2").is_some());
    db.ok(SchemaChange::DropSchema {
        names: vec![id("app")],
        if_exists: false,
        cascade: true,
    });
    assert!(db.catalog.table(Some("app"), "t").is_none());
}

#[test]
fn index_rename_and_drop() {
    let mut db = Db::pg();
    db.ok(create_table("t", vec![col("a", "int")]));
    db.ok(create_index(Some("i"), "t", &["a"]));
    assert!(matches!(
        db.apply(create_index(Some("i"), "t", &["a"])).as_slice(),
        [ReplayEvent::AlreadyExists {
            kind: ObjectKind::Index,
            ..
        }]
    ));
    db.ok(SchemaChange::AlterIndex {
        name: obj("i"),
        if_exists: false,
        op: ir::AlterObjectOp::RenameTo { to: id("j") },
    });
    db.ok(SchemaChange::DropIndex {
        names: vec![obj("j")],
        if_exists: false,
        concurrently: true,
        table: None,
    });
    assert_eq!(
        db.apply(SchemaChange::DropIndex {
            names: vec![obj("j")],
            if_exists: false,
            concurrently: false,
            table: None
        }),
        [ReplayEvent::UnknownObject {
            kind: ObjectKind::Index,
            name: "j".into(),
            span: Span::default()
        }]
    );
}

/// Replays MySQL text statement by statement.
fn mysql_replay(text: &str) -> Db {
    let mut db = Db::new(Dialect::MySql);
    for statement in miglint_syntax::parse(text, Dialect::MySql).statements {
        db.ok(statement.change);
    }
    db
}

/// InnoDB gives a foreign key no index serves one of its own, named after
/// the constraint (unnamed: after its first column), and drops it when a
/// later index begins with its columns, even once the foreign key is gone.
/// Each index list below is what `information_schema.STATISTICS` showed on
/// MariaDB 10.11 for the same statements.
#[test]
fn mysql_foreign_keys_get_an_index_when_none_serves_them() {
    let mut db = mysql_replay(
        "CREATE TABLE p (id INT PRIMARY KEY);
         CREATE TABLE c (id INT PRIMARY KEY, pid INT, x INT);
         ALTER TABLE c ADD CONSTRAINT c_pid_fkey FOREIGN KEY (pid) REFERENCES p(id);
         CREATE TABLE e (a INT, b INT, FOREIGN KEY (a) REFERENCES p(id), FOREIGN KEY (b) REFERENCES p(id), KEY (b));",
    );
    assert_eq!(db.index_names("c"), ["PRIMARY", "c_pid_fkey"]);
    assert_eq!(db.index_names("e"), ["b", "a"]);
    for statement in miglint_syntax::parse(
        "ALTER TABLE c DROP FOREIGN KEY c_pid_fkey; CREATE INDEX c_pid_x ON c(pid, x);",
        Dialect::MySql,
    )
    .statements
    {
        db.ok(statement.change);
    }
    assert_eq!(db.index_names("c"), ["PRIMARY", "c_pid_x"]);
    // A primary key that begins with the columns serves the foreign key.
    let db = mysql_replay(
        "CREATE TABLE p (id INT PRIMARY KEY);
         CREATE TABLE pt (p INT, t INT, PRIMARY KEY (p, t), FOREIGN KEY (p) REFERENCES p(id));",
    );
    assert_eq!(db.index_names("pt"), ["PRIMARY"]);
    // A FULLTEXT index serves no foreign key, and keeps its kind.
    let db = mysql_replay(
        "CREATE TABLE p (id INT PRIMARY KEY, body TEXT, FULLTEXT INDEX p_body (body));
         CREATE FULLTEXT INDEX p_body2 ON p(body);",
    );
    let methods: Vec<Option<&str>> = db
        .catalog
        .indexes
        .iter()
        .map(|i| i.method.as_deref())
        .collect();
    assert_eq!(methods, [None, Some("fulltext"), Some("fulltext")]);
}

/// MySQL's `SERIAL` is `BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE`: on
/// MariaDB 10.11, `CREATE TABLE s2 (x int, n serial)` has a unique index `n`
/// and `n` is `bigint(20) unsigned`, NOT NULL, auto_increment.
#[test]
fn mysql_serial_is_a_unique_auto_increment_bigint() {
    let db = mysql_replay(
        "CREATE TABLE s (id serial, PRIMARY KEY (id)); CREATE TABLE s2 (x int, n serial);",
    );
    assert_eq!(db.index_names("s"), ["id", "PRIMARY"]);
    assert_eq!(db.index_names("s2"), ["n"]);
    let n = db.catalog.table(None, "s2").unwrap().column("n").unwrap();
    assert!(!n.nullable && n.auto_increment);
    assert_eq!(db.column_type("s2", "n"), "bigint unsigned");
}
