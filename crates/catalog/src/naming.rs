//! Names the database generates for unnamed constraints, indexes and sequences.

/// PostgreSQL's identifier limit (`NAMEDATALEN - 1`) in bytes.
const POSTGRES_MAX_NAME: usize = 63;

/// PostgreSQL's `makeObjectName`: `name1[_name2]_label`, shortening the longer of
/// `name1`/`name2` until the whole fits in 63 bytes.
pub fn postgres_object_name(name1: &str, name2: Option<&str>, label: &str) -> String {
    let overhead = label.len() + 1 + name2.map_or(0, |_| 1);
    let available = POSTGRES_MAX_NAME.saturating_sub(overhead);
    let mut len1 = name1.len();
    let mut len2 = name2.map_or(0, str::len);
    while len1 + len2 > available {
        if len1 > len2 {
            len1 -= 1;
        } else {
            len2 -= 1;
        }
    }
    let mut out = clip(name1, len1).to_owned();
    if let Some(name2) = name2 {
        out.push('_');
        out.push_str(clip(name2, len2));
    }
    out.push('_');
    out.push_str(label);
    out
}

/// The longest prefix of `text` of at most `len` bytes ending on a character boundary.
fn clip(text: &str, len: usize) -> &str {
    let mut end = len.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or_default()
}

/// PostgreSQL's `ChooseConstraintName`/`ChooseRelationName`: the first of
/// `label`, `label1`, `label2`… whose name `taken` does not report.
pub fn postgres_unique_name(
    name1: &str,
    name2: Option<&str>,
    label: &str,
    taken: impl Fn(&str) -> bool,
) -> String {
    let mut candidate = postgres_object_name(name1, name2, label);
    let mut pass = 0u32;
    while taken(&candidate) && pass < 10_000 {
        pass += 1;
        candidate = postgres_object_name(name1, name2, &format!("{label}{pass}"));
    }
    candidate
}

/// MySQL's unnamed index naming: the first column, then `_2`, `_3`… on collision.
pub fn mysql_index_name(first_column: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(first_column) {
        return first_column.to_owned();
    }
    (2u32..10_000)
        .map(|n| format!("{first_column}_{n}"))
        .find(|candidate| !taken(candidate))
        .unwrap_or_else(|| first_column.to_owned())
}

/// MySQL's numbered constraint names: `<table>_ibfk_<n>`, `<table>_chk_<n>`.
pub fn mysql_numbered(table: &str, infix: &str, taken: impl Fn(&str) -> bool) -> String {
    (1u32..10_000)
        .map(|n| format!("{table}_{infix}_{n}"))
        .find(|candidate| !taken(candidate))
        .unwrap_or_else(|| format!("{table}_{infix}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_are_joined() {
        assert_eq!(
            postgres_object_name("users", Some("email"), "key"),
            "users_email_key"
        );
        assert_eq!(postgres_object_name("users", None, "pkey"), "users_pkey");
    }

    #[test]
    fn long_names_are_shortened_like_postgres() {
        // Checked with PostgreSQL 15: CREATE TABLE <60 a's> (<60 b's> int UNIQUE)
        // names the constraint with 29 a's and 29 b's.
        let a = "a".repeat(60);
        let b = "b".repeat(60);
        let name = postgres_object_name(&a, Some(&b), "key");
        assert_eq!(name, format!("{}_{}_key", "a".repeat(29), "b".repeat(29)));
        assert_eq!(name.len(), 63);
    }

    #[test]
    fn collisions_get_a_number() {
        let name = postgres_unique_name("t", Some("a"), "key", |n| n == "t_a_key");
        assert_eq!(name, "t_a_key1");
        assert_eq!(mysql_index_name("a", |n| n == "a"), "a_2");
        assert_eq!(mysql_numbered("t", "ibfk", |n| n == "t_ibfk_1"), "t_ibfk_2");
    }
}
