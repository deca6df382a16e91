//! Identifier folding and comparison per dialect.
//!
//! PostgreSQL folds unquoted identifiers to lower case and keeps quoted ones as
//! written, then compares exactly. MySQL and SQLite keep the text as written and
//! compare case-insensitively.

use std::borrow::Cow;

use miglint_source::Dialect;
use miglint_syntax::ir::{Ident, ObjectName};

/// The schema a name without qualifier lives in: `public` (PostgreSQL), `main`
/// (SQLite), `""` for MySQL's current database.
pub const fn default_schema(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Postgres => "public",
        Dialect::MySql => "",
        Dialect::Sqlite => "main",
    }
}

/// PostgreSQL keeps the first `NAMEDATALEN - 1` bytes of an identifier.
const POSTGRES_MAX_IDENTIFIER: usize = 63;

/// The name as the database stores it. PostgreSQL folds unquoted names and
/// truncates every name to 63 bytes (on a character boundary), so a longer
/// name written in full and its truncation denote the same object.
pub fn fold(ident: &Ident, dialect: Dialect) -> String {
    if dialect != Dialect::Postgres {
        return ident.value.clone();
    }
    let mut name = if ident.quoted {
        ident.value.clone()
    } else {
        ident.value.to_lowercase()
    };
    if name.len() > POSTGRES_MAX_IDENTIFIER {
        let mut end = POSTGRES_MAX_IDENTIFIER;
        while !name.is_char_boundary(end) {
            end -= 1;
        }
        name.truncate(end);
    }
    name
}

/// [`fold`], borrowing the name when folding leaves it as written (lookups
/// run for every statement and rule).
pub fn fold_ref(ident: &Ident, dialect: Dialect) -> Cow<'_, str> {
    let value = ident.value.as_str();
    let unchanged = dialect != Dialect::Postgres
        || (value.len() <= POSTGRES_MAX_IDENTIFIER
            && (ident.quoted
                || (value.is_ascii() && !value.bytes().any(|b| b.is_ascii_uppercase()))));
    if unchanged {
        Cow::Borrowed(value)
    } else {
        Cow::Owned(fold(ident, dialect))
    }
}

/// [`qualified`], borrowing where folding changes nothing.
pub fn qualified_ref<'a>(
    name: &'a ObjectName,
    dialect: Dialect,
    default_schema: &'a str,
) -> (Cow<'a, str>, Cow<'a, str>) {
    let schema = name
        .schema
        .as_ref()
        .map_or(Cow::Borrowed(default_schema), |s| fold_ref(s, dialect));
    (schema, fold_ref(&name.name, dialect))
}

/// The stored `(schema, name)` of a possibly qualified name.
pub fn qualified(name: &ObjectName, dialect: Dialect, default_schema: &str) -> (String, String) {
    let schema = name
        .schema
        .as_ref()
        .map_or_else(|| default_schema.to_owned(), |s| fold(s, dialect));
    (schema, fold(&name.name, dialect))
}

/// Whether two stored names denote the same object when the dialect is unknown
/// (case-insensitive, as MySQL and SQLite compare).
pub fn same(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// Whether two stored names denote the same object in `dialect`.
pub fn same_in(dialect: Dialect, a: &str, b: &str) -> bool {
    match dialect {
        Dialect::Postgres => a == b,
        Dialect::MySql | Dialect::Sqlite => a.eq_ignore_ascii_case(b),
    }
}

/// `name` or `schema.name` as the user would write it, the default schema left out.
pub fn display(schema: &str, name: &str, default_schema: &str) -> String {
    if schema.is_empty() || schema == default_schema {
        name.to_owned()
    } else {
        format!("{schema}.{name}")
    }
}

/// Quotes a stored PostgreSQL name when it needs quotes (as `quote_ident` does).
pub fn quote_postgres(name: &str) -> String {
    let plain = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '$');
    if plain && !POSTGRES_NON_UNRESERVED_KEYWORDS.contains(&name) {
        name.to_owned()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}

/// PostgreSQL 15 keywords that `quote_ident` quotes (every category but unreserved):
/// `select word from pg_get_keywords() where catcode <> 'U'`.
const POSTGRES_NON_UNRESERVED_KEYWORDS: [&str; 151] = [
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "between",
    "bigint",
    "binary",
    "bit",
    "boolean",
    "both",
    "case",
    "cast",
    "char",
    "character",
    "check",
    "coalesce",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "dec",
    "decimal",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "exists",
    "extract",
    "false",
    "fetch",
    "float",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "greatest",
    "group",
    "grouping",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "inout",
    "int",
    "integer",
    "intersect",
    "interval",
    "into",
    "is",
    "isnull",
    "join",
    "lateral",
    "leading",
    "least",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "national",
    "natural",
    "nchar",
    "none",
    "normalize",
    "not",
    "notnull",
    "null",
    "nullif",
    "numeric",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "out",
    "outer",
    "overlaps",
    "overlay",
    "placing",
    "position",
    "precision",
    "primary",
    "real",
    "references",
    "returning",
    "right",
    "row",
    "select",
    "session_user",
    "setof",
    "similar",
    "smallint",
    "some",
    "substring",
    "symmetric",
    "table",
    "tablesample",
    "then",
    "time",
    "timestamp",
    "to",
    "trailing",
    "treat",
    "trim",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "values",
    "varchar",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
    "xmlattributes",
    "xmlconcat",
    "xmlelement",
    "xmlexists",
    "xmlforest",
    "xmlnamespaces",
    "xmlparse",
    "xmlpi",
    "xmlroot",
    "xmlserialize",
    "xmltable",
];

#[cfg(test)]
mod tests {
    use super::*;
    use miglint_source::Span;

    fn ident(value: &str, quoted: bool) -> Ident {
        Ident {
            value: value.to_owned(),
            quoted,
            span: Span::default(),
        }
    }

    #[test]
    fn postgres_folds_unquoted_only() {
        assert_eq!(fold(&ident("Users", false), Dialect::Postgres), "users");
        assert_eq!(fold(&ident("Users", true), Dialect::Postgres), "Users");
        assert_eq!(fold(&ident("Users", false), Dialect::MySql), "Users");
        assert_eq!(fold(&ident("Users", false), Dialect::Sqlite), "Users");
    }

    #[test]
    fn qualified_uses_default_schema() {
        let bare = ObjectName {
            schema: None,
            name: ident("T", false),
            span: Span::default(),
        };
        assert_eq!(
            qualified(&bare, Dialect::Postgres, "public"),
            ("public".to_owned(), "t".to_owned())
        );
        let qualified_name = ObjectName {
            schema: Some(ident("Auth", true)),
            ..bare
        };
        assert_eq!(
            qualified(&qualified_name, Dialect::Postgres, "public"),
            ("Auth".to_owned(), "t".to_owned())
        );
    }

    #[test]
    fn comparison_per_dialect() {
        assert!(!same_in(Dialect::Postgres, "User", "user"));
        assert!(same_in(Dialect::MySql, "User", "user"));
        assert!(same_in(Dialect::Sqlite, "User", "USER"));
        assert!(same("User", "user"));
    }

    #[test]
    fn quoting_follows_quote_ident() {
        assert_eq!(quote_postgres("role"), "role");
        assert_eq!(quote_postgres("Role"), "\"Role\"");
        assert_eq!(quote_postgres("user"), "\"user\"");
        assert_eq!(quote_postgres("a b"), "\"a b\"");
        assert_eq!(quote_postgres("1a"), "\"1a\"");
    }
}
