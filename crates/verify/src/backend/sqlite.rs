//! SQLite through `rusqlite` (bundled SQLite), opened read-only.

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};

use super::{Row, Session};

pub(crate) struct Sqlite {
    connection: Connection,
}

impl Sqlite {
    /// Opens an existing file read-only (never creates one) and sets
    /// `query_only`, so not even a temporary write goes through.
    pub(crate) fn open(path: &std::path::Path) -> Result<Self, String> {
        if !path.is_file() {
            return Err(format!("no SQLite database at {}", path.display()));
        }
        let connection = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| e.to_string())?;
        connection
            .execute_batch("PRAGMA query_only = ON;")
            .map_err(|e| e.to_string())?;
        connection
            .busy_timeout(std::time::Duration::from_secs(5))
            .map_err(|e| e.to_string())?;
        Ok(Self { connection })
    }
}

impl Session for Sqlite {
    fn rows(&mut self, sql: &str) -> Result<Vec<Row>, String> {
        let mut statement = self.connection.prepare(sql).map_err(|e| e.to_string())?;
        let count = statement.column_count();
        let mut rows = statement.query([]).map_err(|e| e.to_string())?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(|e| e.to_string())? {
            let mut values = Vec::with_capacity(count);
            for i in 0..count {
                let value = row.get_ref(i).map_err(|e| e.to_string())?;
                values.push(match value {
                    ValueRef::Null => None,
                    ValueRef::Integer(n) => Some(n.to_string()),
                    ValueRef::Real(x) => Some(x.to_string()),
                    ValueRef::Text(t) => Some(String::from_utf8_lossy(t).into_owned()),
                    ValueRef::Blob(b) => Some(String::from_utf8_lossy(b).into_owned()),
                });
            }
            out.push(values);
        }
        Ok(out)
    }
}
