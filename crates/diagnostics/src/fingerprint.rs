//! A finding's identity that survives edits around it: the rule, the file,
//! the subject and the text the finding points at (whitespace collapsed), but
//! no line or offset. Used by the baseline, SARIF's `partialFingerprints` and
//! GitLab's `fingerprint`. FNV-1a (64 bit), so it is the same on every
//! platform and Rust release (std's hasher promises neither).

use crate::Diagnostic;

/// The fingerprint of `diagnostic`, found in the file shown as `path` whose
/// text is `text`.
pub fn fingerprint(diagnostic: &Diagnostic, path: &str, text: &str) -> String {
    let pointed = diagnostic.span.slice(text);
    let mut normalized = String::with_capacity(pointed.len().min(4096));
    for word in pointed.split_whitespace() {
        if !normalized.is_empty() {
            normalized.push(' ');
        }
        normalized.push_str(word);
    }
    // A finding on a whole file (an empty span) is told apart by its message.
    let detail = if normalized.is_empty() {
        diagnostic.message.as_str()
    } else {
        normalized.as_str()
    };
    let subject = &diagnostic.subject;
    let parts = [
        diagnostic.rule,
        path,
        subject.schema.as_deref().unwrap_or(""),
        subject.table.as_deref().unwrap_or(""),
        subject.column.as_deref().unwrap_or(""),
        subject.type_name.as_deref().unwrap_or(""),
        subject.value.as_deref().unwrap_or(""),
        detail,
    ];
    let bytes = parts.into_iter().flat_map(|part| part.bytes().chain([0]));
    format!("{:016x}", fnv1a(bytes))
}

pub(crate) fn fnv1a(bytes: impl IntoIterator<Item = u8>) -> u64 {
    const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes.into_iter().fold(OFFSET_BASIS, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(PRIME)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Category, Severity};
    use miglint_source::{FileId, Span};

    #[test]
    fn fnv1a_matches_the_published_test_vectors() {
        assert_eq!(fnv1a(*b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(*b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(*b"foobar"), 0x8594_4171_f739_67e8);
    }

    fn at(span: Span) -> Diagnostic {
        Diagnostic::new(
            "unknown-table",
            Category::Correctness,
            Severity::Error,
            FileId(0),
            span,
            "m",
        )
    }

    #[test]
    fn moving_the_text_or_reflowing_it_keeps_the_fingerprint() {
        let one = "ALTER TABLE t ADD c int;";
        let moved = "\n\n-- later\nALTER TABLE t\n   ADD c int;";
        let a = fingerprint(&at(Span::from_range(0..one.len())), "m.sql", one);
        let b = fingerprint(&at(Span::from_range(10..moved.len())), "m.sql", moved);
        assert_eq!(a, b);
        assert_ne!(
            a,
            fingerprint(&at(Span::from_range(0..one.len())), "n.sql", one)
        );
        assert_eq!(a.len(), 16);
    }
}
