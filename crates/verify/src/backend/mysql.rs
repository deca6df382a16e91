//! MySQL and MariaDB through the `mysql` crate, TLS through rustls.

use std::time::Duration;

use mysql::prelude::Queryable;
use mysql::{Conn, Opts, OptsBuilder, SslOpts, Value};

use super::{Row, STATEMENT_TIMEOUT_SECONDS, Session};
use crate::url::DatabaseUrl;

pub(crate) struct MySql {
    conn: Conn,
}

impl MySql {
    /// Connects and starts a read-only transaction. `sslmode`/`ssl-mode`:
    /// `require` encrypts without checking the certificate, `verify-ca` /
    /// `verify-full` (`verify_identity`) check it.
    pub(crate) fn connect(url: &DatabaseUrl) -> Result<Self, String> {
        let mode = url
            .param("sslmode")
            .or_else(|| url.param("ssl-mode"))
            .map(|m| m.to_ascii_lowercase().replace('_', "-"));
        let raw = url.without_params(&["sslmode", "ssl-mode"]);
        let raw = match raw.split_once("://") {
            Some(("mariadb", rest)) => format!("mysql://{rest}"),
            _ => raw,
        };
        let opts = Opts::from_url(&raw).map_err(|e| format!("invalid MySQL URL: {e}"))?;
        let mut builder = OptsBuilder::from_opts(opts)
            .tcp_connect_timeout(Some(Duration::from_secs(10)))
            .read_timeout(Some(Duration::from_secs(STATEMENT_TIMEOUT_SECONDS + 5)));
        builder = match mode.as_deref() {
            None | Some("disable" | "disabled" | "prefer" | "preferred") => builder,
            Some("require" | "required") => builder.ssl_opts(Some(
                SslOpts::default()
                    .with_danger_accept_invalid_certs(true)
                    .with_danger_skip_domain_validation(true),
            )),
            Some("verify-ca") => builder.ssl_opts(Some(
                SslOpts::default().with_danger_skip_domain_validation(true),
            )),
            Some("verify-full" | "verify-identity") => builder.ssl_opts(Some(SslOpts::default())),
            Some(other) => return Err(format!("unsupported sslmode `{other}`")),
        };
        let mut conn = Conn::new(builder).map_err(|e| e.to_string())?;
        // MySQL limits SELECTs by milliseconds, MariaDB by seconds; each
        // ignores the other's variable.
        let _ = conn.query_drop(format!(
            "SET SESSION max_execution_time = {}",
            STATEMENT_TIMEOUT_SECONDS * 1000
        ));
        let _ = conn.query_drop(format!(
            "SET SESSION max_statement_time = {STATEMENT_TIMEOUT_SECONDS}"
        ));
        conn.query_drop("SET SESSION TRANSACTION READ ONLY")
            .and_then(|()| conn.query_drop("START TRANSACTION READ ONLY"))
            .map_err(|e| e.to_string())?;
        Ok(Self { conn })
    }
}

impl Session for MySql {
    fn rows(&mut self, sql: &str) -> Result<Vec<Row>, String> {
        let rows: Vec<mysql::Row> = self.conn.query(sql).map_err(|e| e.to_string())?;
        Ok(rows
            .into_iter()
            .map(|row| row.unwrap().into_iter().map(text).collect())
            .collect())
    }
}

impl Drop for MySql {
    fn drop(&mut self) {
        let _ = self.conn.query_drop("ROLLBACK");
    }
}

fn text(value: Value) -> Option<String> {
    match value {
        Value::NULL => None,
        Value::Bytes(bytes) => Some(String::from_utf8_lossy(&bytes).into_owned()),
        Value::Int(n) => Some(n.to_string()),
        Value::UInt(n) => Some(n.to_string()),
        Value::Float(x) => Some(x.to_string()),
        Value::Double(x) => Some(x.to_string()),
        other => Some(other.as_sql(true).trim_matches('\'').to_owned()),
    }
}
