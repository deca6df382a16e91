//! PostgreSQL stores `jsonb` by value and prints it in one canonical text:
//! object keys ordered by byte length then bytes (the last of duplicate keys
//! wins), `": "` after a key and `", "` between items, numbers as `numeric`
//! prints them (`1e2` is `100`, `2.50` stays `2.50`), strings re-escaped.

/// Nesting deeper than this is left as written rather than risk the stack.
const MAX_DEPTH: usize = 200;

/// The text PostgreSQL prints for the jsonb value `text`, or `None` when
/// `text` is not JSON that PostgreSQL accepts.
pub(crate) fn canonical(text: &str) -> Option<String> {
    let mut parser = Parser {
        bytes: text.as_bytes(),
        at: 0,
    };
    let value = parser.value(0)?;
    parser.skip_ws();
    if parser.at != parser.bytes.len() {
        return None;
    }
    let mut out = String::new();
    value.write(&mut out);
    Some(out)
}

enum Value {
    Scalar(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

impl Value {
    fn write(&self, out: &mut String) {
        match self {
            Value::Scalar(text) => out.push_str(text),
            Value::Array(items) => {
                out.push('[');
                for (n, item) in items.iter().enumerate() {
                    if n > 0 {
                        out.push_str(", ");
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Value::Object(members) => {
                out.push('{');
                for (n, (key, value)) in members.iter().enumerate() {
                    if n > 0 {
                        out.push_str(", ");
                    }
                    write_string(key, out);
                    out.push_str(": ");
                    value.write(out);
                }
                out.push('}');
            }
        }
    }
}

/// PostgreSQL's `escape_json`: the short escapes, other control characters
/// as `\u00xx`, everything else as is.
fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

struct Parser<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        self.skip_ws();
        if self.peek() == Some(byte) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn value(&mut self, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_ws();
        match self.peek()? {
            b'{' => {
                self.at += 1;
                let mut members: Vec<(String, Value)> = Vec::new();
                if !self.eat(b'}') {
                    loop {
                        self.skip_ws();
                        let key = self.string()?;
                        if !self.eat(b':') {
                            return None;
                        }
                        let value = self.value(depth + 1)?;
                        members.retain(|(k, _)| *k != key);
                        members.push((key, value));
                        if self.eat(b'}') {
                            break;
                        }
                        if !self.eat(b',') {
                            return None;
                        }
                    }
                }
                members.sort_by(|(a, _), (b, _)| {
                    a.len()
                        .cmp(&b.len())
                        .then_with(|| a.as_bytes().cmp(b.as_bytes()))
                });
                Some(Value::Object(members))
            }
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                if !self.eat(b']') {
                    loop {
                        items.push(self.value(depth + 1)?);
                        if self.eat(b']') {
                            break;
                        }
                        if !self.eat(b',') {
                            return None;
                        }
                    }
                }
                Some(Value::Array(items))
            }
            b'"' => {
                let s = self.string()?;
                let mut out = String::new();
                write_string(&s, &mut out);
                Some(Value::Scalar(out))
            }
            b'-' | b'0'..=b'9' => self.number().map(Value::Scalar),
            _ => {
                for word in ["true", "false", "null"] {
                    if self.bytes.get(self.at..self.at + word.len()) == Some(word.as_bytes()) {
                        self.at += word.len();
                        return Some(Value::Scalar(word.to_owned()));
                    }
                }
                None
            }
        }
    }

    /// A string at the cursor, decoded.
    fn string(&mut self) -> Option<String> {
        if self.peek() != Some(b'"') {
            return None;
        }
        self.at += 1;
        let mut raw = Vec::new();
        loop {
            let b = self.peek()?;
            self.at += 1;
            match b {
                b'"' => break,
                b'\\' => {
                    let e = self.peek()?;
                    self.at += 1;
                    let decoded = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return None,
                    };
                    let mut buf = [0u8; 4];
                    raw.extend_from_slice(decoded.encode_utf8(&mut buf).as_bytes());
                }
                // JSON forbids raw control characters in strings.
                b if b < 0x20 => return None,
                b => raw.push(b),
            }
        }
        String::from_utf8(raw).ok()
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.bytes.get(self.at..self.at + 4)?;
        let text = std::str::from_utf8(digits).ok()?;
        let n = u32::from_str_radix(text, 16).ok()?;
        self.at += 4;
        Some(n)
    }

    /// `\uXXXX` (after the `u`), a surrogate pair included; `\u0000` is
    /// rejected as PostgreSQL rejects it.
    fn unicode_escape(&mut self) -> Option<char> {
        let first = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&first) {
            if self.bytes.get(self.at..self.at + 2) != Some(b"\\u") {
                return None;
            }
            self.at += 2;
            let second = self.hex4()?;
            if !(0xDC00..0xE000).contains(&second) {
                return None;
            }
            0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        } else {
            first
        };
        if code == 0 {
            return None;
        }
        char::from_u32(code)
    }

    /// A JSON number, printed as `numeric` prints it.
    fn number(&mut self) -> Option<String> {
        let negative = self.peek() == Some(b'-');
        if negative {
            self.at += 1;
        }
        let mut digits = String::new();
        let int_start = self.at;
        while let Some(d @ b'0'..=b'9') = self.peek() {
            digits.push(char::from(d));
            self.at += 1;
        }
        let int_len = self.at - int_start;
        if int_len == 0 || int_len > 1 && digits.starts_with('0') {
            return None;
        }
        let mut fraction = 0i64;
        if self.peek() == Some(b'.') {
            self.at += 1;
            while let Some(d @ b'0'..=b'9') = self.peek() {
                digits.push(char::from(d));
                fraction += 1;
                self.at += 1;
            }
            if fraction == 0 {
                return None;
            }
        }
        let mut exponent = 0i64;
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            let sign = match self.peek() {
                Some(b'-') => {
                    self.at += 1;
                    -1
                }
                Some(b'+') => {
                    self.at += 1;
                    1
                }
                _ => 1,
            };
            let start = self.at;
            while let Some(d @ b'0'..=b'9') = self.peek() {
                exponent = exponent
                    .saturating_mul(10)
                    .saturating_add(i64::from(d - b'0'));
                self.at += 1;
            }
            if self.at == start {
                return None;
            }
            exponent *= sign;
        }
        // value = digits × 10^shift, shown with max(0, -shift) fraction digits.
        let shift = exponent.checked_sub(fraction)?;
        if shift.abs() > 1000 {
            return None;
        }
        let mut text = if shift >= 0 {
            let zeros = usize::try_from(shift).ok()?;
            format!("{digits}{}", "0".repeat(zeros))
        } else {
            let scale = usize::try_from(-shift).ok()?;
            if digits.len() <= scale {
                digits = format!("{}{digits}", "0".repeat(scale + 1 - digits.len()));
            }
            let (int, frac) = digits.split_at(digits.len() - scale);
            format!("{int}.{frac}")
        };
        let int_len = text.find('.').unwrap_or(text.len());
        let leading = text
            .bytes()
            .take(int_len.saturating_sub(1))
            .take_while(|b| *b == b'0')
            .count();
        text.drain(..leading);
        if negative && text.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
            text.insert(0, '-');
        }
        Some(text)
    }
}

#[cfg(test)]
mod tests {
    use super::canonical;

    /// Expected texts are what PostgreSQL 15 prints for `'…'::jsonb`.
    #[test]
    fn prints_as_postgresql_does() {
        let cases = [
            (
                r#"[1,2.50,1e2,1E-2,-0,1.0e1,{},-1.5E+3,0.0,1e0, 12345678901234567890123, "\u00e9\/\u0041", {"b":1,"aa":2,"b":3}, {"x": []}]"#,
                r#"[1, 2.50, 100, 0.01, 0, 10, {}, -1500, 0.0, 1, 12345678901234567890123, "é/A", {"b": 3, "aa": 2}, {"x": []}]"#,
            ),
            (
                r#"{"bb":1,"a":[1],"a":"x\u00e9\n\u0001\"","c":null,"é":true}"#,
                r#"{"a": "xé\n\u0001\"", "c": null, "bb": 1, "é": true}"#,
            ),
            ("  { }  ", "{}"),
            (" 1.500 ", "1.500"),
            ("[ ]", "[]"),
        ];
        for (input, printed) in cases {
            assert_eq!(canonical(input).as_deref(), Some(printed), "{input}");
        }
        for invalid in [
            "",
            "{",
            "[1,]",
            "01",
            "1.",
            "\"\\u0000\"",
            "{\"a\" 1}",
            "tru",
        ] {
            assert_eq!(canonical(invalid), None, "{invalid}");
        }
        assert_eq!(canonical(&"[".repeat(100_000)), None);
    }
}
