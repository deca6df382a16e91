//! The live schema as DDL in the server's own dialect, generated from its
//! catalog: the engine replays it like a migration, so the live catalog is
//! built by the same code and spelled the same way as the history's.
//!
//! What is left out: system schemas, objects that belong to an extension,
//! the platform's schemas (Supabase's `auth`…) and the migration tools'
//! bookkeeping tables.

use std::fmt::Write as _;

use super::backend::{Session, flag, literal, text};

/// Every tool's bookkeeping table name: none of them is the application's.
const BOOKKEEPING: [&str; 8] = [
    "_prisma_migrations",
    "_sqlx_migrations",
    "__diesel_schema_migrations",
    "schema_migrations",
    "goose_db_version",
    "flyway_schema_history",
    "__drizzle_migrations",
    "atlas_schema_revisions",
];

fn is_bookkeeping(name: &str) -> bool {
    BOOKKEEPING.contains(&name)
}

/// PostgreSQL: `pg_catalog` read into `CREATE TYPE`, `CREATE TABLE`,
/// `ALTER TABLE … ADD CONSTRAINT`, `CREATE INDEX` and `CREATE VIEW`, with
/// types as `format_type` prints them and expressions as `pg_get_expr`,
/// `pg_get_constraintdef` and `pg_get_indexdef` do (what `pg_dump` writes).
pub(crate) fn postgres(session: &mut dyn Session, skip_schemas: &[&str]) -> Result<String, String> {
    let mut excluded = vec![
        "'pg_catalog'".to_owned(),
        "'information_schema'".to_owned(),
        "'pg_toast'".to_owned(),
    ];
    excluded.extend(skip_schemas.iter().map(|s| literal(s)));
    let schema_filter = format!(
        "n.nspname NOT IN ({}) AND n.nspname NOT LIKE 'pg\\_temp\\_%' \
         AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%'",
        excluded.join(", ")
    );
    let not_extension = |oid: &str, class: &str| {
        format!(
            "NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = '{class}'::regclass \
             AND x.objid = {oid} AND x.deptype = 'e')"
        )
    };
    let mut out = String::new();

    for row in session.rows(&format!(
        "SELECT format('%I', n.nspname) FROM pg_namespace n WHERE {schema_filter} \
         AND n.nspname <> current_schema() AND {} ORDER BY n.nspname",
        not_extension("n.oid", "pg_namespace")
    ))? {
        if let Some(schema) = text(&row, 0) {
            let _ = writeln!(out, "CREATE SCHEMA {schema};");
        }
    }

    for row in session.rows(&format!(
        "SELECT format('%I.%I', n.nspname, t.typname), \
                string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) \
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace \
         JOIN pg_enum e ON e.enumtypid = t.oid \
         WHERE {schema_filter} AND {} GROUP BY n.nspname, t.typname ORDER BY 1",
        not_extension("t.oid", "pg_type")
    ))? {
        if let (Some(name), Some(values)) = (text(&row, 0), text(&row, 1)) {
            let _ = writeln!(out, "CREATE TYPE {name} AS ENUM ({values});");
        }
    }

    let tables = session.rows(&format!(
        "SELECT c.oid, format('%I.%I', n.nspname, c.relname), c.relname \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND {schema_filter} AND {} \
         ORDER BY n.nspname, c.relname",
        not_extension("c.oid", "pg_class")
    ))?;
    let columns = session.rows(&format!(
        "SELECT a.attrelid, format('%I', a.attname), format_type(a.atttypid, a.atttypmod), \
                a.attnotnull, pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated \
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
         WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p') \
           AND {schema_filter} ORDER BY a.attrelid, a.attnum"
    ))?;
    let mut table_oids = Vec::new();
    for table in &tables {
        let (Some(oid), Some(name), Some(bare)) = (text(table, 0), text(table, 1), text(table, 2))
        else {
            continue;
        };
        if is_bookkeeping(bare) {
            continue;
        }
        table_oids.push(oid.to_owned());
        let mut lines = Vec::new();
        for column in columns.iter().filter(|c| text(c, 0) == Some(oid)) {
            let (Some(column_name), Some(data_type)) = (text(column, 1), text(column, 2)) else {
                continue;
            };
            let mut line = format!("    {column_name} {data_type}");
            let default = text(column, 4);
            match (text(column, 5).unwrap_or(""), text(column, 6).unwrap_or("")) {
                (_, "s") => {
                    let _ = write!(
                        line,
                        " GENERATED ALWAYS AS ({}) STORED",
                        default.unwrap_or("")
                    );
                }
                ("a", _) => line.push_str(" GENERATED ALWAYS AS IDENTITY"),
                ("d", _) => line.push_str(" GENERATED BY DEFAULT AS IDENTITY"),
                _ => {
                    if let Some(default) = default {
                        let _ = write!(line, " DEFAULT {default}");
                    }
                }
            }
            if flag(column, 3) {
                line.push_str(" NOT NULL");
            }
            lines.push(line);
        }
        let _ = writeln!(out, "CREATE TABLE {name} (\n{}\n);", lines.join(",\n"));
    }

    // Keys first, so that foreign keys find the columns they reference.
    for row in session.rows(&format!(
        "SELECT con.conrelid, format('%I.%I', n.nspname, c.relname), format('%I', con.conname), \
                pg_get_constraintdef(con.oid) \
         FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE con.contype IN ('p', 'u', 'c', 'f', 'x') AND {schema_filter} \
         ORDER BY position(con.contype::text in 'pucxf'), n.nspname, c.relname, con.conname"
    ))? {
        let (Some(oid), Some(table), Some(name), Some(definition)) =
            (text(&row, 0), text(&row, 1), text(&row, 2), text(&row, 3))
        else {
            continue;
        };
        if table_oids.iter().any(|t| t == oid) {
            let _ = writeln!(
                out,
                "ALTER TABLE {table} ADD CONSTRAINT {name} {definition};"
            );
        }
    }

    for row in session.rows(&format!(
        "SELECT i.indrelid, pg_get_indexdef(i.indexrelid) \
         FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE {schema_filter} AND NOT EXISTS (SELECT 1 FROM pg_constraint con \
               WHERE con.conindid = i.indexrelid AND con.contype IN ('p', 'u', 'x')) \
         ORDER BY n.nspname, c.relname"
    ))? {
        if let (Some(oid), Some(definition)) = (text(&row, 0), text(&row, 1))
            && table_oids.iter().any(|t| t == oid)
        {
            let _ = writeln!(out, "{definition};");
        }
    }

    for row in session.rows(&format!(
        "SELECT format('%I.%I', n.nspname, c.relname), c.relkind, pg_get_viewdef(c.oid) \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE c.relkind IN ('v', 'm') AND {schema_filter} AND {} ORDER BY c.oid",
        not_extension("c.oid", "pg_class")
    ))? {
        if let (Some(name), Some(kind), Some(query)) = (text(&row, 0), text(&row, 1), text(&row, 2))
        {
            let kind = if kind == "m" {
                "MATERIALIZED VIEW"
            } else {
                "VIEW"
            };
            let query = query.trim().trim_end_matches(';');
            let _ = writeln!(out, "CREATE {kind} {name} AS\n{query};");
        }
    }
    Ok(out)
}

/// MySQL and MariaDB: the tables of the connection's database from
/// `information_schema.TABLES`, each as the server prints it with
/// `SHOW CREATE TABLE` (columns, keys and indexes in the server's own
/// spelling), then every foreign key as an `ALTER TABLE … ADD` once all
/// tables exist (a table may reference one that sorts after it).
pub(crate) fn mysql(session: &mut dyn Session) -> Result<String, String> {
    let tables = session.rows(
        "SELECT TABLE_NAME FROM information_schema.TABLES \
         WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME",
    )?;
    let mut out = String::new();
    let mut foreign_keys = String::new();
    for table in &tables {
        let Some(name) = text(table, 0) else { continue };
        if is_bookkeeping(name) {
            continue;
        }
        let quoted = format!("`{}`", name.replace('`', "``"));
        for row in session.rows(&format!("SHOW CREATE TABLE {quoted}"))? {
            if let Some(ddl) = text(&row, 1) {
                let (create, keys) = without_foreign_keys(&mariadb_json_columns(ddl));
                let _ = writeln!(out, "{create};");
                for key in keys {
                    let _ = writeln!(foreign_keys, "ALTER TABLE {quoted} ADD {key};");
                }
            }
        }
    }
    Ok(out + &foreign_keys)
}

/// `SHOW CREATE TABLE` output without its `CONSTRAINT … FOREIGN KEY` lines,
/// and those lines (one table element per line, as the server prints them).
fn without_foreign_keys(ddl: &str) -> (String, Vec<String>) {
    let (mut head, mut body, mut tail, mut keys) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut in_body = false;
    for line in ddl.lines() {
        if !in_body && body.is_empty() && tail.is_empty() {
            head.push(line);
            in_body = line.ends_with('(');
        } else if let Some(element) = line.strip_prefix("  ").filter(|_| in_body) {
            let element = element.strip_suffix(',').unwrap_or(element);
            if element.starts_with("CONSTRAINT ") && element.contains(" FOREIGN KEY ") {
                keys.push(element.to_owned());
            } else {
                body.push(format!("  {element}"));
            }
        } else {
            in_body = false;
            tail.push(line);
        }
    }
    if keys.is_empty() {
        return (ddl.to_owned(), keys);
    }
    let text = [head.join("\n"), body.join(",\n"), tail.join("\n")].join("\n");
    (text, keys)
}

/// MariaDB's `JSON` is an alias: `SHOW CREATE TABLE` prints such a column
/// as `` `c` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin … CHECK
/// (json_valid(`c`)) ``. Each such column line is turned back into the `json`
/// the migration wrote (MySQL prints `json` itself).
fn mariadb_json_columns(ddl: &str) -> String {
    let lines: Vec<String> = ddl.lines().map(mariadb_json_column).collect();
    lines.join("\n")
}

fn mariadb_json_column(line: &str) -> String {
    let body = line.trim_start();
    let indent = line.get(..line.len() - body.len()).unwrap_or("");
    let Some(rest) = body.strip_prefix('`') else {
        return line.to_owned();
    };
    // The column name, with MariaDB's doubled backticks.
    let bytes = rest.as_bytes();
    let mut end = 0;
    while end < bytes.len() {
        if bytes.get(end) == Some(&b'`') {
            if bytes.get(end + 1) == Some(&b'`') {
                end += 2;
                continue;
            }
            break;
        }
        end += 1;
    }
    let (Some(name), Some(after)) = (rest.get(..end), rest.get(end + 1..)) else {
        return line.to_owned();
    };
    let check = format!(" CHECK (json_valid(`{name}`))");
    let comma = after.ends_with(',');
    let after = after.strip_suffix(',').unwrap_or(after);
    let Some(attributes) = after
        .strip_prefix(" longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")
        .and_then(|a| a.strip_suffix(check.as_str()))
    else {
        return line.to_owned();
    };
    format!(
        "{indent}`{name}` json{attributes}{}",
        if comma { "," } else { "" }
    )
}

/// SQLite: the definitions the file itself keeps in `sqlite_master` (what
/// `PRAGMA table_info` and `PRAGMA index_list` are read from), tables first.
pub(crate) fn sqlite(session: &mut dyn Session) -> Result<String, String> {
    let rows = session.rows(
        "SELECT name, sql FROM sqlite_master \
         WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' \
         ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 ELSE 2 END, rowid",
    )?;
    let mut out = String::new();
    for row in &rows {
        let (Some(name), Some(sql)) = (text(row, 0), text(row, 1)) else {
            continue;
        };
        let on_bookkeeping = BOOKKEEPING.iter().any(|b| {
            name == *b || sql.contains(&format!("\"{b}\"")) || sql.contains(&format!(" {b}"))
        });
        if on_bookkeeping {
            continue;
        }
        let _ = writeln!(out, "{};", sql.trim().trim_end_matches(';'));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::{mariadb_json_columns, without_foreign_keys};

    /// As MariaDB 10.11 prints a table with two foreign keys and a check.
    #[test]
    fn foreign_keys_move_out_of_create_table() {
        let printed = "CREATE TABLE `c` (\n  `id` int(11) NOT NULL,\n  `p` int(11) DEFAULT NULL,\n  \
            PRIMARY KEY (`id`),\n  KEY `p` (`p`),\n  \
            CONSTRAINT `c_ibfk_1` FOREIGN KEY (`p`) REFERENCES `p` (`id`) ON DELETE CASCADE,\n  \
            CONSTRAINT `c_ibfk_2` FOREIGN KEY (`id`) REFERENCES `c` (`p`),\n  \
            CONSTRAINT `pos` CHECK (`p` > 0)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";
        let (create, keys) = without_foreign_keys(printed);
        assert_eq!(
            create,
            "CREATE TABLE `c` (\n  `id` int(11) NOT NULL,\n  `p` int(11) DEFAULT NULL,\n  \
             PRIMARY KEY (`id`),\n  KEY `p` (`p`),\n  CONSTRAINT `pos` CHECK (`p` > 0)\n\
             ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"
        );
        assert_eq!(
            keys,
            [
                "CONSTRAINT `c_ibfk_1` FOREIGN KEY (`p`) REFERENCES `p` (`id`) ON DELETE CASCADE",
                "CONSTRAINT `c_ibfk_2` FOREIGN KEY (`id`) REFERENCES `c` (`p`)"
            ]
        );
        // The last element a foreign key: the one before it loses its comma.
        let (create, keys) = without_foreign_keys(
            "CREATE TABLE `d` (\n  `a` int,\n  CONSTRAINT `f` FOREIGN KEY (`a`) REFERENCES `p` (`id`)\n)",
        );
        assert_eq!(create, "CREATE TABLE `d` (\n  `a` int\n)");
        assert_eq!(keys.len(), 1);
    }

    /// As MariaDB 10.11 prints `CREATE TABLE t (id int, h JSON, j JSON NOT NULL, s LONGTEXT)`.
    #[test]
    fn mariadb_json_alias_reads_as_json() {
        let printed = "CREATE TABLE `t` (\n  `id` int(11) DEFAULT NULL,\n  \
            `h` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL CHECK (json_valid(`h`)),\n  \
            `j` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL CHECK (json_valid(`j`))\n  \
            `s` longtext DEFAULT NULL\n) ENGINE=InnoDB";
        let read = mariadb_json_columns(printed);
        assert!(read.contains("  `h` json DEFAULT NULL,\n"), "{read}");
        assert!(read.contains("  `j` json NOT NULL\n"), "{read}");
        assert!(read.contains("  `s` longtext DEFAULT NULL\n"), "{read}");
        assert!(!read.contains("json_valid"), "{read}");
        // A check on another column is the user's, not the alias.
        let other =
            "  `a` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin CHECK (json_valid(`b`)),";
        assert_eq!(mariadb_json_columns(other), other);
    }
}
