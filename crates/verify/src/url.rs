//! Database URLs: which server, and how to print one without its password.

use std::path::PathBuf;

/// The kind of server a URL names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// `postgres://` or `postgresql://`.
    Postgres,
    /// `mysql://` or `mariadb://` (the client speaks the same protocol).
    MySql,
    /// A SQLite file: `sqlite:PATH`, `sqlite://PATH`, `file:PATH` or a plain path.
    Sqlite(PathBuf),
}

/// A database URL, with what output may show of it.
#[derive(Clone, Debug)]
pub struct DatabaseUrl {
    /// The URL as given; it may hold a password and is never printed.
    raw: String,
    pub target: Target,
    /// The password as written in the URL (percent-encoded or not), to scrub
    /// from any message a client library produces.
    secrets: Vec<String>,
    /// `scheme://user@host:port/database`, without password or parameters.
    pub display: String,
}

impl DatabaseUrl {
    pub fn parse(url: &str) -> Result<Self, String> {
        let url = url.trim();
        if url.is_empty() {
            return Err("the database URL is empty".to_owned());
        }
        let Some((scheme, rest)) = url.split_once(':') else {
            return Ok(Self::sqlite(url, url));
        };
        let scheme = scheme.to_ascii_lowercase();
        match scheme.as_str() {
            "postgres" | "postgresql" | "mysql" | "mariadb" => {}
            "sqlite" | "sqlite3" | "file" => {
                let path = rest.strip_prefix("//").unwrap_or(rest);
                let path = path.split('?').next().unwrap_or(path);
                return Ok(Self::sqlite(url, &percent_decode(path)));
            }
            // A Windows drive letter or a path with a colon: a file.
            _ if !rest.starts_with("//") => return Ok(Self::sqlite(url, url)),
            other => {
                return Err(format!(
                    "unsupported database URL scheme `{other}:` (expected postgres://, \
                     mysql://, mariadb://, sqlite: or a file path)"
                ));
            }
        }
        let target = if scheme.starts_with("postgres") {
            Target::Postgres
        } else {
            Target::MySql
        };
        let after = rest.strip_prefix("//").unwrap_or(rest);
        let (authority, path) = match after.find(['/', '?']) {
            Some(i) => (after.get(..i).unwrap_or(""), after.get(i..).unwrap_or("")),
            None => (after, ""),
        };
        let (userinfo, host) = match authority.rfind('@') {
            Some(i) => (
                Some(authority.get(..i).unwrap_or("")),
                authority.get(i + 1..).unwrap_or(""),
            ),
            None => (None, authority),
        };
        let mut secrets = Vec::new();
        let user = match userinfo {
            Some(info) => match info.split_once(':') {
                Some((user, password)) => {
                    if !password.is_empty() {
                        secrets.push(password.to_owned());
                        let decoded = percent_decode(password);
                        if decoded != password {
                            secrets.push(decoded);
                        }
                    }
                    Some(user)
                }
                None => Some(info),
            },
            None => None,
        };
        // A password may also come as a parameter.
        if let Some((_, query)) = path.split_once('?') {
            for pair in query.split('&') {
                if let Some((key, value)) = pair.split_once('=')
                    && key.eq_ignore_ascii_case("password")
                    && !value.is_empty()
                {
                    secrets.push(value.to_owned());
                    secrets.push(percent_decode(value));
                }
            }
        }
        let database = path.split('?').next().unwrap_or("");
        let display = match user {
            Some(user) => format!("{scheme}://{user}@{host}{database}"),
            None => format!("{scheme}://{host}{database}"),
        };
        Ok(Self {
            raw: url.to_owned(),
            target,
            secrets,
            display,
        })
    }

    fn sqlite(raw: &str, path: &str) -> Self {
        Self {
            raw: raw.to_owned(),
            target: Target::Sqlite(PathBuf::from(path)),
            secrets: Vec::new(),
            display: format!("sqlite:{path}"),
        }
    }

    /// The value of the URL parameter `key` (case-insensitive name).
    pub(crate) fn param(&self, key: &str) -> Option<String> {
        let (_, query) = self.raw.split_once('?')?;
        query.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=')?;
            k.eq_ignore_ascii_case(key).then(|| percent_decode(v))
        })
    }

    /// The URL without the parameters in `keys`, for a client that rejects them.
    pub(crate) fn without_params(&self, keys: &[&str]) -> String {
        let Some((base, query)) = self.raw.split_once('?') else {
            return self.raw.clone();
        };
        let kept: Vec<&str> = query
            .split('&')
            .filter(|pair| {
                let key = pair.split('=').next().unwrap_or("");
                !keys.iter().any(|k| k.eq_ignore_ascii_case(key))
            })
            .collect();
        if kept.is_empty() {
            base.to_owned()
        } else {
            format!("{base}?{}", kept.join("&"))
        }
    }

    /// `message` with every form of the password replaced, and the raw URL
    /// replaced by its display form: for every error that leaves the crate.
    pub fn redact(&self, message: &str) -> String {
        let mut out = message.replace(&self.raw, &self.display);
        for secret in &self.secrets {
            if !secret.is_empty() {
                out = out.replace(secret.as_str(), "********");
            }
        }
        out
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%'
            && let (Some(h), Some(l)) = (bytes.get(i + 1), bytes.get(i + 2))
            && let (Some(h), Some(l)) = ((*h as char).to_digit(16), (*l as char).to_digit(16))
        {
            out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
            i += 3;
            continue;
        }
        out.push(b);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_and_redaction_drop_the_password() {
        let url =
            DatabaseUrl::parse("postgres://app:s%40cret@db.example:5432/prod?sslmode=require")
                .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(url.target, Target::Postgres);
        assert_eq!(url.display, "postgres://app@db.example:5432/prod");
        let message = "failed for postgres://app:s%40cret@db.example:5432/prod?sslmode=require \
                       (password s@cret)";
        let redacted = url.redact(message);
        assert!(!redacted.contains("s@cret") && !redacted.contains("s%40cret"));
        assert_eq!(url.param("SSLMODE").as_deref(), Some("require"));
        assert_eq!(
            url.without_params(&["sslmode"]),
            "postgres://app:s%40cret@db.example:5432/prod"
        );
    }

    #[test]
    fn sqlite_forms() {
        for (given, path) in [
            ("sqlite:dev.db", "dev.db"),
            ("sqlite://./data/app.db", "./data/app.db"),
            ("file:/tmp/app.db?mode=ro", "/tmp/app.db"),
            ("db/app.sqlite", "db/app.sqlite"),
        ] {
            let url = DatabaseUrl::parse(given).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(url.target, Target::Sqlite(PathBuf::from(path)), "{given}");
        }
        assert!(DatabaseUrl::parse("redis://localhost").is_err());
        let mysql =
            DatabaseUrl::parse("mariadb://root:pw@localhost/app").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(mysql.target, Target::MySql);
        assert_eq!(mysql.display, "mariadb://root@localhost/app");
    }
}
