//! The column types Prisma writes for scalar fields and `@db.*` native types.

use miglint_source::Dialect;

/// The type Prisma writes for a scalar without a native type attribute.
pub(crate) fn scalar_type(dialect: Dialect, scalar: &str) -> Option<&'static str> {
    let sql = match (dialect, scalar) {
        (Dialect::Postgres, "String") => "TEXT",
        (Dialect::Postgres, "Boolean") => "BOOLEAN",
        (Dialect::Postgres, "Int") => "INTEGER",
        (Dialect::Postgres, "BigInt") => "BIGINT",
        (Dialect::Postgres, "Float") => "DOUBLE PRECISION",
        (Dialect::Postgres, "Decimal") => "DECIMAL(65,30)",
        (Dialect::Postgres, "DateTime") => "TIMESTAMP(3)",
        (Dialect::Postgres, "Json") => "JSONB",
        (Dialect::Postgres, "Bytes") => "BYTEA",
        (Dialect::MySql, "String") => "VARCHAR(191)",
        (Dialect::MySql, "Boolean") => "BOOLEAN",
        (Dialect::MySql, "Int") => "INTEGER",
        (Dialect::MySql, "BigInt") => "BIGINT",
        (Dialect::MySql, "Float") => "DOUBLE",
        (Dialect::MySql, "Decimal") => "DECIMAL(65, 30)",
        (Dialect::MySql, "DateTime") => "DATETIME(3)",
        (Dialect::MySql, "Json") => "JSON",
        (Dialect::MySql, "Bytes") => "LONGBLOB",
        (Dialect::Sqlite, "String") => "TEXT",
        (Dialect::Sqlite, "Boolean") => "BOOLEAN",
        (Dialect::Sqlite, "Int") => "INTEGER",
        (Dialect::Sqlite, "BigInt") => "BIGINT",
        (Dialect::Sqlite, "Float") => "REAL",
        (Dialect::Sqlite, "Decimal") => "DECIMAL",
        (Dialect::Sqlite, "DateTime") => "DATETIME",
        (Dialect::Sqlite, "Json") => "JSONB",
        (Dialect::Sqlite, "Bytes") => "BLOB",
        _ => return None,
    };
    Some(sql)
}

pub(crate) const SCALARS: [&str; 9] = [
    "String", "Boolean", "Int", "BigInt", "Float", "Decimal", "DateTime", "Json", "Bytes",
];

/// The type Prisma writes for `@db.<name>(<args>)`, e.g. `VarChar(255)` →
/// `VARCHAR(255)`, `DoublePrecision` → `DOUBLE PRECISION`.
pub(crate) fn native_type(dialect: Dialect, name: &str, args: &[String]) -> String {
    let base = match (dialect, name) {
        (Dialect::Postgres, "DoublePrecision") => "DOUBLE PRECISION".to_owned(),
        (Dialect::MySql, "Int") => "INTEGER".to_owned(),
        (Dialect::MySql, unsigned) if unsigned.starts_with("Unsigned") => {
            let inner = unsigned.trim_start_matches("Unsigned");
            let inner = if inner == "Int" {
                "INTEGER".to_owned()
            } else {
                inner.to_uppercase()
            };
            return with_args(dialect, &inner, args) + " UNSIGNED";
        }
        _ => name.to_uppercase(),
    };
    with_args(dialect, &base, args)
}

/// `DECIMAL(10,2)` on PostgreSQL, `DECIMAL(10, 2)` on MySQL, as Prisma writes them.
fn with_args(dialect: Dialect, base: &str, args: &[String]) -> String {
    let separator = if dialect == Dialect::MySql { ", " } else { "," };
    if args.is_empty() {
        base.to_owned()
    } else {
        format!("{base}({})", args.join(separator))
    }
}

/// PostgreSQL serial pseudo-types for an auto-incremented storage type.
pub(crate) fn serial_type(storage: &str) -> Option<&'static str> {
    match storage {
        "INTEGER" => Some("SERIAL"),
        "BIGINT" => Some("BIGSERIAL"),
        "SMALLINT" => Some("SMALLSERIAL"),
        _ => None,
    }
}

/// The maximum identifier length Prisma truncates generated names to.
pub(crate) fn name_limit(dialect: Dialect) -> Option<usize> {
    match dialect {
        Dialect::Postgres => Some(63),
        Dialect::MySql => Some(64),
        Dialect::Sqlite => None,
    }
}
