//! Read-only sessions on each kind of server. Every value comes back as text
//! (or NULL): the readers above need nothing else.

#[cfg(feature = "mysql")]
pub(crate) mod mysql;
#[cfg(feature = "postgres")]
pub(crate) mod postgres;
#[cfg(feature = "sqlite")]
pub(crate) mod sqlite;

/// One row, each column as text.
pub(crate) type Row = Vec<Option<String>>;

/// How long one catalog query may run before the server cancels it.
pub(crate) const STATEMENT_TIMEOUT_SECONDS: u64 = 30;

/// A read-only session: catalog queries only.
pub(crate) trait Session {
    fn rows(&mut self, sql: &str) -> Result<Vec<Row>, String>;
}

/// Column `i` of `row` as text.
pub(crate) fn text(row: &Row, i: usize) -> Option<&str> {
    row.get(i).and_then(|v| v.as_deref())
}

/// Column `i` of `row` as a boolean, however the server prints it.
pub(crate) fn flag(row: &Row, i: usize) -> bool {
    matches!(
        text(row, i).map(str::to_ascii_lowercase).as_deref(),
        Some("t" | "true" | "1" | "yes" | "on")
    )
}

/// A SQL string literal.
pub(crate) fn literal(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}
