//! Forms sqlparser lacks: what the databases accept, and typos of them.

use miglint_source::{Dialect, Span};

fn valid(sql: &str, dialect: Dialect) -> bool {
    super::read(sql, Span::from_range(0..sql.len()), dialect).valid
}

#[test]
fn forms_the_databases_accept() {
    let sqlite = [
        "PRAGMA foreign_keys=OFF",
        "PRAGMA foreign_keys = ON",
        "PRAGMA main.journal_mode = WAL",
        "PRAGMA defer_foreign_keys=ON",
        "PRAGMA user_version = 3",
        "PRAGMA table_info(\"users\")",
        "PRAGMA optimize",
    ];
    for sql in sqlite {
        assert!(valid(sql, Dialect::Sqlite), "{sql}");
    }
    let postgres = [
        "DO $$ BEGIN CREATE TYPE \"t\" AS ENUM ('a'); EXCEPTION WHEN duplicate_object THEN null; END $$",
        "DO LANGUAGE plpgsql $body$ BEGIN NULL; END $body$",
        "DO 'BEGIN NULL; END'",
        "DROP INDEX CONCURRENTLY IF EXISTS \"a_idx\"",
        "DROP INDEX CONCURRENTLY public.a_idx, b_idx CASCADE",
        "REINDEX TABLE local_user",
        "REINDEX (VERBOSE) INDEX CONCURRENTLY \"a_idx\"",
        "REINDEX SYSTEM postgres",
        "ALTER SEQUENCE user__id_seq RENAME TO person_id_seq",
        "ALTER SEQUENCE IF EXISTS s RESTART WITH 1 INCREMENT BY 2 NO CYCLE",
        "ALTER SEQUENCE s OWNED BY t.id",
        "ALTER SEQUENCE s AS bigint MAXVALUE 9223372036854775807",
        "CREATE STATISTICS s (dependencies) ON a, b FROM t",
        "CREATE STATISTICS IF NOT EXISTS s ON (lower(a)), b FROM public.t",
        "DROP STATISTICS IF EXISTS s, t CASCADE",
        "ALTER TABLE comment_aggregates ALTER CONSTRAINT c_fkey INITIALLY DEFERRED",
        "ALTER TABLE ONLY t ALTER CONSTRAINT c NOT DEFERRABLE INITIALLY IMMEDIATE",
        "ALTER TABLE t ALTER CONSTRAINT a INITIALLY DEFERRED, ALTER CONSTRAINT b INITIALLY DEFERRED",
        "ALTER TYPE public.moderation_system SET SCHEMA upchieve",
    ];
    for sql in postgres {
        assert!(valid(sql, Dialect::Postgres), "{sql}");
    }
}

/// Each of these was checked against PostgreSQL 15 or SQLite 3, which reject them.
#[test]
fn typos_stay_syntax_errors() {
    let sqlite = [
        "PRAGMA",
        "PRAGMA foreign_keys = ",
        "PRAGMA a = b c",
        "PRAGMA a(1",
    ];
    for sql in sqlite {
        assert!(!valid(sql, Dialect::Sqlite), "{sql}");
    }
    let postgres = [
        "DO $$ BEGIN NULL; END",
        "DO",
        "DO $$ BEGIN NULL; END $$ extra",
        "DROP INDEX CONCURRENTLY",
        "DROP INDEX CONCURRENTLY a b",
        "REINDEX",
        "REINDEX TABLES t",
        "REINDEX () TABLE t",
        "REINDEX ((x)) TABLE t",
        "REINDEX SYSTEM",
        "ALTER SEQUENCE s",
        "ALTER SEQUENCE s RESTART WITH",
        "ALTER SEQUENCE s INCREMENT BY x",
        "CREATE STATISTICS s ON a",
        "DROP STATISTICS",
        "ALTER TABLE t ALTER CONSTRAINT c INITIALLY LATER",
        "ALTER TABLE t ALTER CONSTRAINT a INITIALLY DEFERRED,",
        "ALTER TYPE t SET SCHEMA",
    ];
    for sql in postgres {
        assert!(!valid(sql, Dialect::Postgres), "{sql}");
    }
    // PRAGMA is SQLite's; elsewhere it stays an error.
    assert!(!valid("PRAGMA foreign_keys=OFF", Dialect::Postgres));
    assert!(!valid("PRAGMA foreign_keys=OFF", Dialect::MySql));
}

/// Identity options sqlparser lacks are blanked for it. The valid ones were
/// accepted by PostgreSQL 15, the typos rejected.
#[test]
fn identity_sequence_options() {
    use crate::ir::{AlterColumnOp, AlterTableOp, IdentityKind, SchemaChange};
    let read = |sql: &str| {
        let parsed = crate::parse::parse(sql, Dialect::Postgres);
        let statement = parsed.statements.into_iter().next().unwrap();
        (statement.error, statement.change)
    };
    let valid = [
        "ALTER TABLE s.t ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME s.t_id_seq START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1)",
        "ALTER TABLE t ALTER id ADD GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME t_id_seq)",
        "ALTER TABLE t ALTER id ADD GENERATED ALWAYS AS IDENTITY (CACHE 1 RESTART OWNED BY NONE UNLOGGED)",
        "ALTER TABLE t ALTER id ADD GENERATED ALWAYS AS IDENTITY (RESTART WITH 3 LOGGED)",
        "ALTER TABLE t ALTER id ADD GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME s.g_seq), ALTER b SET DEFAULT 1",
    ];
    for sql in valid {
        let (error, change) = read(sql);
        assert_eq!(error, None, "{sql}");
        let SchemaChange::AlterTable { actions, .. } = change else {
            panic!("{sql}: {change:?}")
        };
        assert!(
            matches!(
                &actions.first().unwrap().op,
                AlterTableOp::AlterColumn {
                    op: AlterColumnOp::AddIdentity {
                        kind: IdentityKind::Always
                    },
                    ..
                }
            ),
            "{sql}: {actions:?}"
        );
    }
    let (error, _) = read(
        "CREATE TABLE s.t (id int GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME s.i START 1 OWNED BY NONE UNLOGGED RESTART 4), b int GENERATED BY DEFAULT AS IDENTITY (LOGGED))",
    );
    assert_eq!(error, None);
    let typos = [
        "ALTER TABLE t ALTER g ADD GENERATED BY DEFAULT AS IDENTITY (SEQUENCE s.x)",
        "ALTER TABLE t ALTER g ADD GENERATED BY DEFAULT AS IDENTITY (SEQUENCE NAME)",
        "ALTER TABLE t ALTER g ADD GENERATED BY DEFAULT AS IDENTITY (SEQUENCE NAME s.g_seq) extra",
        "ALTER TABLE t ALTER g ADD GENERATED BY DEFAULT AS IDENTITY (RESTART WITH)",
        "ALTER TABLE t ALTER g ADD GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME s START WITH)",
    ];
    for sql in typos {
        assert!(read(sql).0.is_some(), "{sql}");
    }
}
