//! The orderings migration tools sort their files in.

use std::cmp::Ordering;

/// ASCII punctuation, symbols and digits in ICU root-collation primary order
/// (checked against node's `localeCompare`); letters follow, case-folded.
const ROOT_ORDER: &str = " _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$0123456789";

/// Primary weight of one character: punctuation < symbols < digits < letters.
fn primary_weight(c: char) -> u32 {
    if c.is_ascii_alphabetic() {
        return 100 + u32::from(c.to_ascii_lowercase() as u8 - b'a');
    }
    match ROOT_ORDER.find(c) {
        Some(index) => index as u32,
        // Control characters sort like a space; other scripts after Latin,
        // by code point (an approximation: ICU orders them per script).
        None if c.is_ascii() => 0,
        None => 1000 + u32::from(c),
    }
}

/// Tertiary weight: ICU root puts lowercase before uppercase.
fn case_weight(c: char) -> u8 {
    u8::from(c.is_uppercase())
}

/// Compare two names the way JavaScript's `a.localeCompare(b)` does in the
/// root locale (ICU, no numeric option): first by primary weights, so case
/// matters only when everything else is equal, then by case, left to right.
pub fn locale_compare(a: &str, b: &str) -> Ordering {
    let primary = a
        .chars()
        .map(primary_weight)
        .cmp(b.chars().map(primary_weight));
    primary
        .then_with(|| a.chars().map(case_weight).cmp(b.chars().map(case_weight)))
        .then_with(|| a.cmp(b))
}

/// Natural order: digit runs compare by value (`2_a` before `10_a`), the rest
/// byte-wise; equal keys fall back to plain byte order.
pub fn natural_compare(a: &str, b: &str) -> Ordering {
    let mut left = chunks(a);
    let mut right = chunks(b);
    loop {
        match (left.next(), right.next()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => {
                let order = match (is_digits(x), is_digits(y)) {
                    (true, true) => compare_digit_strings(x, y),
                    _ => x.cmp(y),
                };
                if order != Ordering::Equal {
                    return order;
                }
            }
        }
    }
}

/// Split into maximal runs of ASCII digits and of everything else.
fn chunks(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = s;
    std::iter::from_fn(move || {
        let first = rest.chars().next()?;
        let digit = first.is_ascii_digit();
        let end = rest
            .find(|c: char| c.is_ascii_digit() != digit)
            .unwrap_or(rest.len());
        let (chunk, tail) = rest.split_at(end);
        rest = tail;
        Some(chunk)
    })
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Compare two unbounded non-negative integers written in decimal.
pub fn compare_digit_strings(a: &str, b: &str) -> Ordering {
    let a = a.trim_start_matches('0');
    let b = b.trim_start_matches('0');
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// Flyway's version order: `_` counts as `.`, each dotted part is an
/// unbounded integer, a missing part is 0 (so `1.0 == 1`). `None` when a part
/// is not a number.
pub fn flyway_version_key(version: &str) -> Option<Vec<String>> {
    let mut parts = Vec::new();
    for part in version.split(['.', '_']) {
        if !is_digits(part) {
            return None;
        }
        let trimmed = part.trim_start_matches('0');
        parts.push(trimmed.to_owned());
    }
    while parts.last().is_some_and(|p| p.is_empty()) {
        parts.pop();
    }
    Some(parts)
}

pub fn compare_flyway_versions(a: &[String], b: &[String]) -> Ordering {
    let len = a.len().max(b.len());
    for i in 0..len {
        let x = a.get(i).map_or("", String::as_str);
        let y = b.get(i).map_or("", String::as_str);
        let order = compare_digit_strings(x, y);
        if order != Ordering::Equal {
            return order;
        }
    }
    Ordering::Equal
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(names: &[&str], cmp: fn(&str, &str) -> Ordering) -> Vec<String> {
        let mut v: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        v.sort_by(|a, b| cmp(a, b));
        v
    }

    /// Expectations produced by node 20 (`names.sort((a, b) => a.localeCompare(b))`).
    #[test]
    fn locale_compare_matches_node_on_ascii() {
        let mut chars: Vec<String> = (32u8..127).map(|b| (b as char).to_string()).collect();
        chars.sort_by(|a, b| locale_compare(a, b));
        let expected = " _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$0123456789aAbBcCdDeEfFgGhHiIjJkKlLmMnNoOpPqQrRsStTuUvVwWxXyYzZ";
        assert_eq!(chars.concat(), expected);
        // node: "a".localeCompare("A") = -1, "a_b" vs "a b" = 1, "ab" vs "a-b" = 1,
        // "a" vs "a " = -1, "aB" vs "ab" = 1, "Ab" vs "aB" = 1.
        assert_eq!(locale_compare("a", "A"), Ordering::Less);
        assert_eq!(locale_compare("a_b", "a b"), Ordering::Greater);
        assert_eq!(locale_compare("ab", "a-b"), Ordering::Greater);
        assert_eq!(locale_compare("a", "a "), Ordering::Less);
        assert_eq!(locale_compare("aB", "ab"), Ordering::Greater);
        assert_eq!(locale_compare("Ab", "aB"), Ordering::Greater);
    }

    /// Folder names from the langfuse, papermark, trigger-dev and umami corpora,
    /// plus neighbours that make `_`, space, `-`, `.` and case decide. The
    /// expectation is node 20's `names.sort((a, b) => a.localeCompare(b))`;
    /// byte order differs (it puts `10_init` before `1_init`, digits before `_`).
    #[test]
    fn locale_compare_matches_node_on_prisma_folder_names() {
        let names = [
            "20240126184148_new_models copy",
            "20240126184148_new_models",
            "20240126184148_new_models_2",
            "20250625_add_pivot_table_charttype",
            "20250625000000_x",
            "202310122339_NewColumnInLinkTable",
            "202310122339_newColumnInLinkTable",
            "20231012233900_a",
            "20250517173700_add_event_log_migration_background_migration.sql",
            "20250517173700_add_event_log_migration_background_migration",
            "20260630120000_drop_project_alert_run_subgraph_foreign_keys",
            "20260630120000_add_webhook_delivery_filter",
            "01_init",
            "1_init",
            "10_init",
            "2_init",
            "20241231_add_dataroom_allow_bulk_download",
            "20241231-hotfix",
        ];
        let node = [
            "01_init",
            "1_init",
            "10_init",
            "2_init",
            "202310122339_newColumnInLinkTable",
            "202310122339_NewColumnInLinkTable",
            "20231012233900_a",
            "20240126184148_new_models",
            "20240126184148_new_models copy",
            "20240126184148_new_models_2",
            "20241231_add_dataroom_allow_bulk_download",
            "20241231-hotfix",
            "20250517173700_add_event_log_migration_background_migration",
            "20250517173700_add_event_log_migration_background_migration.sql",
            "20250625_add_pivot_table_charttype",
            "20250625000000_x",
            "20260630120000_add_webhook_delivery_filter",
            "20260630120000_drop_project_alert_run_subgraph_foreign_keys",
        ];
        assert_eq!(sorted(&names, locale_compare), node);
    }

    #[test]
    fn natural_order_compares_numbers_by_value() {
        assert_eq!(
            sorted(
                &["10_a.sql", "2_a.sql", "1_b.sql", "002_c.sql"],
                natural_compare
            ),
            ["1_b.sql", "2_a.sql", "002_c.sql", "10_a.sql"]
        );
    }

    #[test]
    fn flyway_versions_are_dotted_numbers() {
        let key = |v: &str| flyway_version_key(v).unwrap();
        assert_eq!(
            compare_flyway_versions(&key("2.1"), &key("10")),
            Ordering::Less
        );
        assert_eq!(
            compare_flyway_versions(&key("55.3"), &key("55.10")),
            Ordering::Less
        );
        assert_eq!(
            compare_flyway_versions(&key("1.0"), &key("01")),
            Ordering::Equal
        );
        assert_eq!(
            compare_flyway_versions(&key("1_0"), &key("1")),
            Ordering::Equal
        );
        assert!(flyway_version_key("1a").is_none());
    }
}
