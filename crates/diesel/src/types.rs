//! diesel SQL types to the SQL type of the project's dialect.

use miglint_model::TypeMatch;
use miglint_source::Dialect;

/// A column type as `schema.rs` writes it: `Nullable<Array<Text>>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum DieselType {
    Named(String),
    Nullable(Box<DieselType>),
    Array(Box<DieselType>),
    Unsigned(Box<DieselType>),
}

/// The SQL a column of this type has: its type text, other accepted
/// spellings, how exactly it compares, and whether it is nullable.
pub(crate) struct Mapped {
    pub sql_type: String,
    pub also_accepted: Vec<String>,
    pub type_match: TypeMatch,
    pub nullable: bool,
}

/// `custom`: the SQL name of a type from `sql_types`, by Rust name.
pub(crate) fn map(
    ty: &DieselType,
    dialect: Dialect,
    max_length: Option<u32>,
    custom: &dyn Fn(&str) -> Option<String>,
) -> Mapped {
    let (nullable, inner) = match ty {
        DieselType::Nullable(inner) => (true, inner.as_ref()),
        other => (false, other),
    };
    let (array, element) = match inner {
        DieselType::Array(element) => (true, strip_nullable(element)),
        other => (false, other),
    };
    let (unsigned, element) = match element {
        DieselType::Unsigned(inner) => (true, strip_nullable(inner)),
        other => (false, other),
    };
    let name = match element {
        DieselType::Named(name) => name.as_str(),
        // Nested arrays and other shapes: compared by their element's name.
        _ => "",
    };
    let (base, mut also_accepted, loose) = match dialect {
        Dialect::Postgres => postgres(name, custom),
        Dialect::MySql => mysql(name),
        Dialect::Sqlite => (sqlite(name).to_owned(), Vec::new(), true),
    };
    let mut sql_type = base;
    // diesel records a length only for `varchar(n)`/`char(n)` (`#[max_length]`).
    let type_match = match (dialect, max_length) {
        (Dialect::Sqlite, _) => TypeMatch::Affinity,
        (_, Some(n)) => {
            sql_type = format!("{sql_type}({n})");
            TypeMatch::Exact
        }
        _ if loose => TypeMatch::IgnoreModifiers,
        _ => TypeMatch::Exact,
    };
    if unsigned {
        sql_type.push_str(" unsigned");
        for other in &mut also_accepted {
            other.push_str(" unsigned");
        }
    }
    if array {
        sql_type.push_str("[]");
    }
    Mapped {
        sql_type,
        also_accepted,
        type_match,
        nullable,
    }
}

fn strip_nullable(ty: &DieselType) -> &DieselType {
    match ty {
        DieselType::Nullable(inner) => inner,
        other => other,
    }
}

/// (type, other accepted spellings, modifiers unknown to the model).
type Spelling = (String, Vec<String>, bool);

fn one(name: &str, loose: bool) -> Spelling {
    (name.to_owned(), Vec::new(), loose)
}

fn postgres(name: &str, custom: &dyn Fn(&str) -> Option<String>) -> Spelling {
    match name {
        "SmallInt" | "Int2" | "SmallSerial" => one("smallint", false),
        "Integer" | "Int4" | "Serial" => one("integer", false),
        "BigInt" | "Int8" | "BigSerial" => one("bigint", false),
        "Float" | "Float4" => one("real", false),
        "Double" | "Float8" => one("double precision", false),
        "Numeric" | "Decimal" => one("numeric", true),
        "Text" => one("text", false),
        "Varchar" | "VarChar" => one("character varying", true),
        "Bpchar" | "Char" => one("character", true),
        "CChar" => one("\"char\"", false),
        "Bool" => one("boolean", false),
        "Date" => one("date", false),
        "Time" => one("time", true),
        "Timestamp" => one("timestamp", true),
        "Timestamptz" => one("timestamp with time zone", true),
        "Interval" => one("interval", true),
        "Uuid" => one("uuid", false),
        "Json" => one("json", false),
        "Jsonb" => one("jsonb", false),
        "Binary" | "Bytea" | "Blob" => one("bytea", false),
        "Inet" => one("inet", false),
        "Cidr" => one("cidr", false),
        "MacAddr" => one("macaddr", false),
        "MacAddr8" => one("macaddr8", false),
        "Money" => one("money", false),
        "Oid" => one("oid", false),
        "Tsvector" | "TsVector" => one("tsvector", false),
        "Tsquery" | "TsQuery" => one("tsquery", false),
        "Int4range" => one("int4range", false),
        "Int8range" => one("int8range", false),
        "Numrange" => one("numrange", false),
        "Tsrange" => one("tsrange", false),
        "Tstzrange" => one("tstzrange", false),
        "Daterange" => one("daterange", false),
        other => match custom(other) {
            Some(sql_name) => one(&sql_name, false),
            // A type from another crate (`diesel_ltree::sql_types::Ltree`):
            // its Rust name, as diesel's convention derives it.
            None => one(&to_snake(other), false),
        },
    }
}

fn mysql(name: &str) -> Spelling {
    let family = |names: &[&str]| -> Spelling {
        let mut list = names.iter().map(|n| (*n).to_owned());
        let first = list.next().unwrap_or_default();
        (first, list.collect(), true)
    };
    match name {
        "TinyInt" => one("tinyint", true),
        "SmallInt" | "Int2" => one("smallint", true),
        "Integer" | "Int4" => one("int", true),
        "BigInt" | "Int8" => one("bigint", true),
        "Float" | "Float4" => one("float", true),
        "Double" | "Float8" => one("double", true),
        "Numeric" | "Decimal" => one("decimal", true),
        "Bool" => one("tinyint(1)", false),
        "Text" => family(&["text", "tinytext", "mediumtext", "longtext"]),
        "Varchar" | "VarChar" => one("varchar", true),
        "Char" => one("char", true),
        "Binary" | "Blob" => family(&["blob", "tinyblob", "mediumblob", "longblob", "binary"]),
        "Varbinary" => one("varbinary", true),
        "Date" => one("date", false),
        "Time" => one("time", true),
        "Datetime" => one("datetime", true),
        "Timestamp" => one("timestamp", true),
        "Json" => one("json", false),
        other => one(&to_snake(other), true),
    }
}

/// SQLite compares by affinity: the name only has to land in the right class.
fn sqlite(name: &str) -> &'static str {
    match name {
        "Integer" | "Int4" | "BigInt" | "Int8" | "SmallInt" | "Int2" | "TinyInt" => "INTEGER",
        "Text" | "Varchar" | "VarChar" | "Char" => "TEXT",
        "Binary" | "Blob" => "BLOB",
        "Float" | "Float4" | "Double" | "Float8" => "REAL",
        "Bool" => "BOOLEAN",
        "Timestamp" | "Datetime" => "TIMESTAMP",
        "Date" => "DATE",
        "Time" => "TIME",
        _ => "NUMERIC",
    }
}

fn to_snake(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// A type name as SQL writes it: quoted unless it is a plain lower-case word.
pub(crate) fn quote_if_needed(name: &str) -> String {
    let plain = name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && name.chars().next().is_some_and(|c| !c.is_ascii_digit());
    if plain {
        name.to_owned()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}
