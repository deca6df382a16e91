//! Where each object key of a JSON document is, by its path of keys, so that
//! findings point at the snapshot line that declares a table or column.

use std::collections::HashMap;

use miglint_source::Span;

/// Path of keys (array positions are not keys: items keep their parent's path) → the
/// span from the key's opening quote to the end of its line.
pub(crate) fn key_spans(text: &str) -> HashMap<Vec<String>, Span> {
    let mut out = HashMap::new();
    // One entry per open container: `Some(key)` for an object (its current key).
    let mut stack: Vec<Option<String>> = Vec::new();
    let mut in_object: Vec<bool> = Vec::new();
    let mut expect_key = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'{' => {
                stack.push(None);
                in_object.push(true);
                expect_key = true;
                i += 1;
            }
            b'[' => {
                stack.push(None);
                in_object.push(false);
                expect_key = false;
                i += 1;
            }
            b'}' | b']' => {
                stack.pop();
                in_object.pop();
                expect_key = false;
                i += 1;
            }
            b',' => {
                expect_key = in_object.last().copied().unwrap_or(false);
                i += 1;
            }
            b'"' => {
                let start = i;
                let mut value = String::new();
                i += 1;
                let mut escaped = false;
                while let Some(&c) = bytes.get(i) {
                    i += 1;
                    if escaped {
                        escaped = false;
                        value.push(c as char);
                    } else if c == b'\\' {
                        escaped = true;
                    } else if c == b'"' {
                        break;
                    } else {
                        value.push(c as char);
                    }
                }
                if expect_key {
                    // Multi-byte names are kept byte-wise; they only need to match themselves.
                    let key = text
                        .get(start + 1..i.saturating_sub(1))
                        .map_or(value, str::to_owned);
                    if let Some(last) = stack.last_mut() {
                        *last = Some(key);
                    }
                    let path: Vec<String> = stack.iter().flatten().cloned().collect();
                    let line_end = text
                        .get(start..)
                        .and_then(|rest| rest.find('\n'))
                        .map_or(text.len(), |n| start + n);
                    let line = text.get(start..line_end).unwrap_or("");
                    let end = start + line.trim_end().trim_end_matches(',').len();
                    out.entry(path)
                        .or_insert_with(|| Span::from_range(start..end.max(start)));
                    expect_key = false;
                }
            }
            _ => i += 1,
        }
    }
    out
}
