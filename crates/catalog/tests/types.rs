//! MySQL and SQLite type spellings and default normalisation (PostgreSQL type
//! spellings are checked against the server in `postgres_types.rs`).

use miglint_catalog::types::{normalize_default, parse_type};
use miglint_source::Dialect;

fn shown(text: &str, dialect: Dialect) -> String {
    parse_type(text, dialect).to_string()
}

#[test]
fn mysql_column_type_spelling() {
    let cases = [
        ("INT(11)", "int"),
        ("integer", "int"),
        ("TINYINT(1)", "tinyint(1)"),
        ("BOOLEAN", "tinyint(1)"),
        ("VARCHAR(191)", "varchar(191)"),
        ("DATETIME(3)", "datetime(3)"),
        ("DECIMAL(65,30)", "decimal(65,30)"),
        ("decimal", "decimal(10,0)"),
        ("INT UNSIGNED", "int unsigned"),
        ("DOUBLE PRECISION", "double"),
        ("char", "char(1)"),
        ("ENUM('a', 'b')", "enum('a','b')"),
        ("LONGTEXT", "longtext"),
    ];
    for (text, expected) in cases {
        assert_eq!(shown(text, Dialect::MySql), expected, "{text}");
    }
}

#[test]
fn sqlite_keeps_declared_text_upper_cased() {
    assert_eq!(shown("varchar(255)", Dialect::Sqlite), "VARCHAR(255)");
    assert_eq!(shown("decimal (10, 2)", Dialect::Sqlite), "DECIMAL(10,2)");
    assert_eq!(
        shown("unsigned   big  int", Dialect::Sqlite),
        "UNSIGNED BIG INT"
    );
    assert_eq!(shown("DATETIME", Dialect::Sqlite), "DATETIME");
}

#[test]
fn defaults_compare_equal_across_spellings() {
    let pg = Dialect::Postgres;
    let same = [
        ("'x'::text", "'x'"),
        ("'A'::\"Role\"", "'A'"),
        ("('A')", "'A'"),
        ("now()", "CURRENT_TIMESTAMP"),
        ("NOW()", "current_timestamp"),
        ("'-1'::integer", "-1"),
        ("'2020-01-01'::timestamp without time zone", "'2020-01-01'"),
        (
            "nextval('\"User_id_seq\"'::regclass)",
            "nextval('\"User_id_seq\"')",
        ),
        ("TRUE", "true"),
        ("gen_random_uuid ( )", "gen_random_uuid()"),
        ("'{}'::text[]", "'{}'"),
    ];
    for (a, b) in same {
        assert_eq!(
            normalize_default(a, pg),
            normalize_default(b, pg),
            "{a} vs {b}"
        );
    }
    assert_eq!(
        normalize_default("CURRENT_TIMESTAMP(3)", Dialect::MySql),
        "current_timestamp(3)"
    );
    assert_eq!(normalize_default("'It''s'", pg), "'It''s'");
    assert_ne!(normalize_default("'A'", pg), normalize_default("'a'", pg));
}

#[test]
fn empty_array_defaults_compare_equal() {
    use miglint_catalog::types::normalize_default;
    use miglint_source::Dialect;
    assert_eq!(
        normalize_default("ARRAY[]::TEXT[]", Dialect::Postgres),
        normalize_default("'{}'::TEXT[]", Dialect::Postgres)
    );
}

/// PostgreSQL stores an escape string's value; `pg_get_expr` prints it as a
/// standard literal (checked with PostgreSQL 15).
#[test]
fn escape_string_defaults_are_stored_values() {
    use miglint_catalog::types::normalize_default;
    use miglint_source::Dialect;
    let pg = Dialect::Postgres;
    let stored = [
        ("E'USD'", "'USD'::text"),
        ("E'it\\'s'", "'it''s'::text"),
        ("E'a\\\\b'", "'a\\b'::text"),
        ("E'a\\nb'", "'a\nb'::text"),
        ("e'x''y'", "'x''y'::text"),
        ("E'\\x41\\101\\u0041'", "'AAA'::text"),
        ("E'USD'::character varying", "'USD'::character varying"),
    ];
    for (written, printed) in stored {
        assert_eq!(
            normalize_default(written, pg),
            normalize_default(printed, pg),
            "{written}"
        );
    }
    assert_ne!(
        normalize_default("E'a\\nb'", pg),
        normalize_default("'a\\nb'", pg)
    );
}

/// Each pair: a default as written, and what PostgreSQL 15's `pg_get_expr`
/// prints for it (checked against the server).
#[test]
fn casts_and_parentheses_compare_as_pg_get_expr_prints_them() {
    use miglint_catalog::types::normalize_default;
    use miglint_source::Dialect;
    let pg = Dialect::Postgres;
    let printed = [
        (
            "(now() AT TIME ZONE 'UTC')::timestamptz",
            "((CURRENT_TIMESTAMP AT TIME ZONE 'UTC'::text))::timestamp with time zone",
        ),
        ("'x'::varchar", "'x'::character varying"),
        (
            "(lower('X'))::varchar(5)",
            "(lower('X'::text))::character varying(5)",
        ),
        ("1.5::float8", "(1.5)::double precision"),
        ("(0)::numeric(10,2)", "(0)::numeric(10,2)"),
        ("((true))", "true"),
        ("((('x')))", "'x'::text"),
        ("((now()))", "now()"),
        ("now()::timestamptz", "now()"),
        ("current_timestamp::timestamptz", "CURRENT_TIMESTAMP"),
        ("current_date::date", "CURRENT_DATE"),
        ("now()::timestamp", "(now())::timestamp without time zone"),
        ("('x')::varchar(3)", "'x'::character varying(3)"),
        (
            "(('a'::text || 'b'))::varchar",
            "(('a'::text || 'b'::text))::character varying",
        ),
        ("'{1,2}'::int4[]", "'{1,2}'::integer[]"),
    ];
    for (written, shown) in printed {
        assert_eq!(
            normalize_default(written, pg),
            normalize_default(shown, pg),
            "{written}"
        );
        let once = normalize_default(written, pg);
        assert_eq!(normalize_default(&once, pg), once, "idempotent: {written}");
    }
    // Parentheses that matter stay.
    assert_ne!(
        normalize_default("(1 + 2)::text", pg),
        normalize_default("1 + 2::text", pg)
    );
    assert_ne!(
        normalize_default("(now())::timestamp", pg),
        normalize_default("now()::timestamptz", pg)
    );
}

/// PostgreSQL stores jsonb by value: keys by length then bytes, last
/// duplicate wins, `": "` and `", "` spacing (checked against the server).
#[test]
fn jsonb_defaults_compare_as_stored_values() {
    use miglint_catalog::types::normalize_default;
    use miglint_source::Dialect;
    let pg = Dialect::Postgres;
    let printed = [
        (
            r#"'{"bb":1,"a":[1],"a":"x","c":null}'::jsonb"#,
            r#"'{"a": "x", "c": null, "bb": 1}'::jsonb"#,
        ),
        (
            "E'{\"b\":1,\\n\"a\":\"it''s\"}'::jsonb",
            r#"'{"a": "it''s", "b": 1}'::jsonb"#,
        ),
        (
            r#"('{"b":2, "a":1}')::jsonb"#,
            r#"'{"a": 1, "b": 2}'::jsonb"#,
        ),
        ("'[]'::jsonb", "'[]'::jsonb"),
    ];
    for (written, shown) in printed {
        assert_eq!(
            normalize_default(written, pg),
            normalize_default(shown, pg),
            "{written}"
        );
    }
    // json keeps its text as written.
    assert_ne!(
        normalize_default(r#"'{"b": 1,"a":2}'::json"#, pg),
        normalize_default(r#"'{"a": 2, "b": 1}'::json"#, pg)
    );
}

/// Numeric defaults as MariaDB 10.11 prints them (`information_schema.COLUMNS.COLUMN_DEFAULT`
/// and `SHOW CREATE TABLE`) for what was written: `DEFAULT 0` on a `DECIMAL(10,2)` is `0.00`,
/// `'1.5'` is `1.50`, `1e3` on a DOUBLE is `1000`, `-0` is `0`, `false` on a BOOLEAN is `0`;
/// MySQL 8 quotes them (`'0'`).
#[test]
fn numeric_defaults_compare_by_value() {
    use miglint_catalog::types::{normalize_default, numeric_default};
    let my = Dialect::MySql;
    let value = |text: &str| numeric_default(&normalize_default(text, my), my);
    for (written, printed) in [
        ("0", "0.00"),
        ("'1.5'", "1.50"),
        ("1e3", "1000"),
        ("-0", "0"),
        ("false", "0"),
        ("true", "1"),
        ("0", "'0'"),
        ("-1.25", "-1.250"),
        ("0.05", ".050"),
        ("12.5E-3", "0.0125"),
    ] {
        assert_eq!(value(written), value(printed), "{written} vs {printed}");
    }
    assert_ne!(value("1.5"), value("15"));
    assert_ne!(value("0.1"), value("0.01"));
    assert_eq!(value("'abc'"), "'abc'");
    assert_eq!(value("current_timestamp"), "current_timestamp");
    assert_eq!(value("100"), "100");
}

/// MySQL: `CURRENT_TIMESTAMP(0)` (Prisma's spelling) is the server's
/// `current_timestamp()` (MariaDB 10.11) and `CURRENT_TIMESTAMP`; a precision
/// of 3 is another default. PostgreSQL's `(0)` rounds, so it stays.
#[test]
fn mysql_zero_precision_timestamp_defaults_compare_equal() {
    use miglint_catalog::types::normalize_default;
    let my = Dialect::MySql;
    for text in [
        "CURRENT_TIMESTAMP(0)",
        "current_timestamp()",
        "now()",
        "NOW(0)",
    ] {
        assert_eq!(
            normalize_default(text, my),
            normalize_default("CURRENT_TIMESTAMP", my),
            "{text}"
        );
    }
    assert_ne!(
        normalize_default("CURRENT_TIMESTAMP(3)", my),
        normalize_default("current_timestamp()", my)
    );
    assert_ne!(
        normalize_default("CURRENT_TIMESTAMP(0)", Dialect::Postgres),
        normalize_default("CURRENT_TIMESTAMP", Dialect::Postgres)
    );
}
