//! Column types and defaults, normalised so that different spellings compare equal.
//!
//! Canonical forms:
//! - PostgreSQL: exactly what `format_type(atttypid, atttypmod)` prints (`integer`,
//!   `character varying(255)`, `timestamp(3) without time zone`, `"Role"[]`), with
//!   `public` as the only schema on the search path.
//! - MySQL: lower case as `information_schema.COLUMNS.COLUMN_TYPE` shows it on 8.0.19+
//!   (`int`, `tinyint(1)`, `varchar(191)`, `datetime(3)`, `decimal(65,30)`,
//!   `bigint unsigned`): display widths dropped except `tinyint(1)`.
//! - SQLite: the declared text upper-cased, whitespace runs collapsed to one space and
//!   none next to parentheses or commas (`VARCHAR(255)`, `DECIMAL(10,2)`).

use std::fmt;

use miglint_source::Dialect;

use crate::names;

/// A normalised column type. Two spellings of the same type are equal.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SqlType {
    /// Canonical name without modifiers: `integer`, `character varying`,
    /// `timestamp`, `interval day to second`, `"Role"`, `other."Role"`, `int`.
    pub name: String,
    /// Type modifiers in order, without spaces: `["255"]`, `["65", "30"]`, `["'a'", "'b'"]`.
    pub modifiers: Vec<String>,
    /// Words printed after the modifiers: `without time zone`, `unsigned`.
    pub suffix: Option<String>,
    /// An array type (PostgreSQL prints one `[]` whatever the dimensions).
    pub array: bool,
}

impl SqlType {
    fn named(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            modifiers: Vec::new(),
            suffix: None,
            array: false,
        }
    }

    fn with_modifiers(mut self, modifiers: Vec<String>) -> Self {
        self.modifiers = modifiers;
        self
    }

    fn with_suffix(mut self, suffix: &str) -> Self {
        self.suffix = Some(suffix.to_owned());
        self
    }

    /// The element type of an array type, the type itself otherwise.
    pub fn element(&self) -> SqlType {
        SqlType {
            array: false,
            ..self.clone()
        }
    }
}

impl fmt::Display for SqlType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)?;
        if !self.modifiers.is_empty() {
            write!(f, "({})", self.modifiers.join(","))?;
        }
        if let Some(suffix) = &self.suffix {
            write!(f, " {suffix}")?;
        }
        if self.array {
            f.write_str("[]")?;
        }
        Ok(())
    }
}

/// Normalises a type as written in SQL (`VARCHAR(255)`, `int4`, `"Role"[]`,
/// `timestamp(3) without time zone`) for `dialect`.
pub fn parse_type(text: &str, dialect: Dialect) -> SqlType {
    let tokens = tokenize(text);
    match dialect {
        Dialect::Postgres => postgres_type(&tokens),
        Dialect::MySql => mysql_type(&tokens),
        Dialect::Sqlite => sqlite_type(&tokens),
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Word(String),
    Quoted(String),
    Dot,
    /// The comma-separated items of a `( … )` group, each trimmed and without spaces
    /// around quotes kept as written.
    Parens(Vec<String>),
    /// `[ … ]`, contents ignored.
    Brackets,
    Other(char),
}

fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c.is_whitespace() {
            i += 1;
        } else if c == '"' || c == '`' {
            let (value, next) = read_quoted(&chars, i + 1, c);
            tokens.push(Token::Quoted(value));
            i = next;
        } else if c == '.' {
            tokens.push(Token::Dot);
            i += 1;
        } else if c == '(' {
            let (items, next) = read_group(&chars, i + 1);
            tokens.push(Token::Parens(items));
            i = next;
        } else if c == '[' {
            while chars.get(i).is_some_and(|&c| c != ']') {
                i += 1;
            }
            tokens.push(Token::Brackets);
            i += 1;
        } else if c.is_alphanumeric() || c == '_' || c == '$' {
            let start = i;
            while chars
                .get(i)
                .is_some_and(|&c| c.is_alphanumeric() || c == '_' || c == '$')
            {
                i += 1;
            }
            tokens.push(Token::Word(
                chars.get(start..i).unwrap_or_default().iter().collect(),
            ));
        } else {
            tokens.push(Token::Other(c));
            i += 1;
        }
    }
    tokens
}

/// Reads a quoted identifier whose opening quote precedes `start`; a doubled quote
/// stands for itself. Returns the value and the index after the closing quote.
fn read_quoted(chars: &[char], start: usize, quote: char) -> (String, usize) {
    let mut value = String::new();
    let mut i = start;
    while let Some(&c) = chars.get(i) {
        if c == quote {
            if chars.get(i + 1) == Some(&quote) {
                value.push(quote);
                i += 2;
                continue;
            }
            return (value, i + 1);
        }
        value.push(c);
        i += 1;
    }
    (value, i)
}

/// Reads a parenthesised group whose `(` precedes `start`, splitting top-level commas
/// and dropping whitespace outside string literals.
fn read_group(chars: &[char], start: usize) -> (Vec<String>, usize) {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut depth = 0usize;
    let mut i = start;
    while let Some(&c) = chars.get(i) {
        i += 1;
        match c {
            '\'' => {
                current.push(c);
                while let Some(&s) = chars.get(i) {
                    i += 1;
                    current.push(s);
                    if s == '\'' {
                        if chars.get(i) == Some(&'\'') {
                            current.push('\'');
                            i += 1;
                        } else {
                            break;
                        }
                    }
                }
            }
            '(' => {
                depth += 1;
                current.push(c);
            }
            ')' if depth == 0 => break,
            ')' => {
                depth -= 1;
                current.push(c);
            }
            ',' if depth == 0 => items.push(std::mem::take(&mut current)),
            c if c.is_whitespace() => {}
            c => current.push(c),
        }
    }
    if !current.is_empty() || !items.is_empty() {
        items.push(current);
    }
    (items, i)
}

/// Splits off array markers (`[]`, `[3]`, `ARRAY`, `ARRAY[3]`) at the end.
fn strip_array(tokens: &[Token]) -> (&[Token], bool) {
    let mut end = tokens.len();
    let mut array = false;
    while end > 0 {
        match tokens.get(end - 1) {
            Some(Token::Brackets) => {
                array = true;
                end -= 1;
            }
            Some(Token::Word(w)) if w.eq_ignore_ascii_case("array") && end > 1 => {
                array = true;
                end -= 1;
            }
            _ => break,
        }
    }
    (tokens.get(..end).unwrap_or_default(), array)
}

fn lower_words(tokens: &[Token]) -> Vec<String> {
    tokens
        .iter()
        .filter_map(|t| match t {
            Token::Word(w) => Some(w.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

fn first_parens(tokens: &[Token]) -> Option<&Vec<String>> {
    tokens.iter().find_map(|t| match t {
        Token::Parens(items) => Some(items),
        _ => None,
    })
}

fn postgres_type(tokens: &[Token]) -> SqlType {
    let (tokens, array) = strip_array(tokens);
    let mut ty = postgres_scalar(tokens);
    ty.array = array;
    ty
}

fn postgres_scalar(tokens: &[Token]) -> SqlType {
    let modifiers = first_parens(tokens).cloned().unwrap_or_default();
    // A qualified name: `schema.name`, builtins live in `pg_catalog`.
    let dot = tokens.iter().position(|t| *t == Token::Dot);
    let (schema, rest) = match dot {
        Some(at) => (
            tokens.get(..at).and_then(|s| s.last()).and_then(ident_text),
            tokens.get(at + 1..).unwrap_or_default(),
        ),
        None => (None, tokens),
    };
    let schema = schema.filter(|s| s != "public" && s != "pg_catalog");
    let Some(first) = rest.first() else {
        return SqlType::named("");
    };
    if schema.is_none()
        && let Some(ty) = postgres_builtin(first, rest, &modifiers)
    {
        return ty;
    }
    // A user-defined type (enum, domain, extension type).
    let name = ident_text(first).unwrap_or_default();
    let mut shown = String::new();
    if let Some(schema) = schema {
        shown.push_str(&names::quote_postgres(&schema));
        shown.push('.');
    }
    shown.push_str(&names::quote_postgres(&name));
    SqlType::named(&shown).with_modifiers(modifiers)
}

/// The stored name of an identifier token: unquoted words fold to lower case.
fn ident_text(token: &Token) -> Option<String> {
    match token {
        Token::Word(w) => Some(w.to_lowercase()),
        Token::Quoted(q) => Some(q.clone()),
        _ => None,
    }
}

fn postgres_builtin(first: &Token, tokens: &[Token], modifiers: &[String]) -> Option<SqlType> {
    let words = lower_words(tokens);
    let has = |w: &str| words.iter().any(|x| x == w);
    let base = match first {
        // Quoted names resolve only to the internal type names.
        Token::Quoted(q) => match q.as_str() {
            "char" => return Some(SqlType::named("\"char\"")),
            "int2" | "int4" | "int8" | "float4" | "float8" | "bool" | "varchar" | "bpchar"
            | "timestamp" | "timestamptz" | "time" | "timetz" | "numeric" | "varbit" | "bit"
            | "interval" | "text" | "jsonb" | "json" | "uuid" | "bytea" | "date" => q.clone(),
            _ => return None,
        },
        Token::Word(w) => w.to_ascii_lowercase(),
        _ => return None,
    };
    let zone = |with_zone: bool| {
        if with_zone || has("with") && !has("without") {
            "with time zone"
        } else {
            "without time zone"
        }
    };
    let ty = match base.as_str() {
        "int" | "int4" | "integer" | "serial" | "serial4" => SqlType::named("integer"),
        "smallint" | "int2" | "smallserial" | "serial2" => SqlType::named("smallint"),
        "bigint" | "int8" | "bigserial" | "serial8" => SqlType::named("bigint"),
        "real" | "float4" => SqlType::named("real"),
        "float8" => SqlType::named("double precision"),
        "double" => SqlType::named("double precision"),
        "float" => match modifiers.first().and_then(|p| p.parse::<u32>().ok()) {
            Some(p) if p <= 24 => SqlType::named("real"),
            _ => SqlType::named("double precision"),
        },
        "decimal" | "numeric" | "dec" => {
            let mods = match modifiers {
                [p] => vec![p.clone(), "0".to_owned()],
                other => other.to_vec(),
            };
            SqlType::named("numeric").with_modifiers(mods)
        }
        "varchar" => SqlType::named("character varying").with_modifiers(modifiers.to_vec()),
        "character" | "char" if has("varying") => {
            SqlType::named("character varying").with_modifiers(modifiers.to_vec())
        }
        "character" | "char" => SqlType::named("character").with_modifiers(or_one(modifiers)),
        "bpchar" if modifiers.is_empty() => SqlType::named("bpchar"),
        "bpchar" => SqlType::named("character").with_modifiers(modifiers.to_vec()),
        "bool" | "boolean" => SqlType::named("boolean"),
        "timestamp" | "time" => SqlType::named(&base)
            .with_modifiers(modifiers.to_vec())
            .with_suffix(zone(false)),
        "timestamptz" => SqlType::named("timestamp")
            .with_modifiers(modifiers.to_vec())
            .with_suffix(zone(true)),
        "timetz" => SqlType::named("time")
            .with_modifiers(modifiers.to_vec())
            .with_suffix(zone(true)),
        "interval" => {
            let mut name = String::from("interval");
            for field in words.iter().skip(1) {
                name.push(' ');
                name.push_str(field);
            }
            SqlType::named(&name).with_modifiers(modifiers.to_vec())
        }
        "bit" if has("varying") => SqlType::named("bit varying").with_modifiers(modifiers.to_vec()),
        "varbit" => SqlType::named("bit varying").with_modifiers(modifiers.to_vec()),
        "bit" => SqlType::named("bit").with_modifiers(or_one(modifiers)),
        "text" | "jsonb" | "json" | "uuid" | "bytea" | "date" | "inet" | "cidr" | "macaddr"
        | "macaddr8" | "money" | "xml" | "tsvector" | "tsquery" | "oid" | "name" | "regclass"
        | "point" | "line" | "box" | "polygon" | "circle" | "int4range" | "int8range"
        | "numrange" | "tsrange" | "tstzrange" | "daterange" => {
            SqlType::named(&base).with_modifiers(modifiers.to_vec())
        }
        _ => return None,
    };
    Some(ty)
}

fn or_one(modifiers: &[String]) -> Vec<String> {
    if modifiers.is_empty() {
        vec!["1".to_owned()]
    } else {
        modifiers.to_vec()
    }
}

fn mysql_type(tokens: &[Token]) -> SqlType {
    let words = lower_words(tokens);
    let modifiers = first_parens(tokens).cloned().unwrap_or_default();
    let has = |w: &str| words.iter().any(|x| x == w);
    let Some(base) = words
        .first()
        .cloned()
        .or_else(|| tokens.first().and_then(ident_text))
    else {
        return SqlType::named("");
    };
    let integer = |name: &str, keep_width: bool| {
        let mods = if keep_width || has("zerofill") {
            modifiers.clone()
        } else {
            Vec::new()
        };
        let mut ty = SqlType::named(name).with_modifiers(mods);
        if has("zerofill") {
            ty = ty.with_suffix("unsigned zerofill");
        } else if has("unsigned") {
            ty = ty.with_suffix("unsigned");
        }
        ty
    };
    let without_zero_fsp = |name: &str| {
        let mods = match modifiers.as_slice() {
            [p] if p == "0" => Vec::new(),
            other => other.to_vec(),
        };
        SqlType::named(name).with_modifiers(mods)
    };
    match base.as_str() {
        "tinyint" | "int1" => integer("tinyint", modifiers == ["1"]),
        "bool" | "boolean" => SqlType::named("tinyint").with_modifiers(vec!["1".to_owned()]),
        "smallint" | "int2" => integer("smallint", false),
        "mediumint" | "int3" | "middleint" => integer("mediumint", false),
        "int" | "integer" | "int4" => integer("int", false),
        "bigint" | "int8" => integer("bigint", false),
        "serial" => SqlType::named("bigint").with_suffix("unsigned"),
        "decimal" | "numeric" | "dec" | "fixed" => {
            let mods = match modifiers.as_slice() {
                [] => vec!["10".to_owned(), "0".to_owned()],
                [p] => vec![p.clone(), "0".to_owned()],
                other => other.to_vec(),
            };
            let mut ty = SqlType::named("decimal").with_modifiers(mods);
            if has("unsigned") || has("zerofill") {
                ty = ty.with_suffix("unsigned");
            }
            ty
        }
        "float" | "float4" => match modifiers.as_slice() {
            [p] => match p.parse::<u32>() {
                Ok(p) if p > 24 => SqlType::named("double"),
                _ => SqlType::named("float"),
            },
            other => SqlType::named("float").with_modifiers(other.to_vec()),
        },
        "double" | "real" | "float8" => SqlType::named("double").with_modifiers(modifiers),
        "varchar" => SqlType::named("varchar").with_modifiers(modifiers),
        "char" | "character" if has("varying") => {
            SqlType::named("varchar").with_modifiers(modifiers)
        }
        "char" | "character" => SqlType::named("char").with_modifiers(or_one(&modifiers)),
        "binary" => SqlType::named("binary").with_modifiers(or_one(&modifiers)),
        "bit" => SqlType::named("bit").with_modifiers(or_one(&modifiers)),
        "datetime" | "timestamp" | "time" => without_zero_fsp(&base),
        "year" => SqlType::named("year"),
        other => SqlType::named(other).with_modifiers(modifiers),
    }
}

fn sqlite_type(tokens: &[Token]) -> SqlType {
    let mut name = String::new();
    let mut modifiers = Vec::new();
    for token in tokens {
        match token {
            Token::Word(w) | Token::Quoted(w) => {
                if !name.is_empty() {
                    name.push(' ');
                }
                name.push_str(&w.to_uppercase());
            }
            Token::Parens(items) => {
                modifiers = items.iter().map(|i| i.to_uppercase()).collect();
            }
            Token::Dot => name.push('.'),
            Token::Brackets => name.push_str("[]"),
            Token::Other(c) => name.push(*c),
        }
    }
    SqlType::named(&name).with_modifiers(modifiers)
}

/// Normalises a default expression as written in SQL, so that spellings the
/// database treats alike compare equal: redundant outer parentheses and casts of
/// literals (`'x'::text`, `'A'::"Role"`, `'-1'::integer`) are dropped, words outside
/// quotes are lower-cased, `now()` is written `current_timestamp`, and whitespace is
/// kept only between words. As `pg_get_expr` prints them, cast types take their
/// `format_type` names, a string cast to `jsonb` its stored value, and the parentheses
/// PostgreSQL puts around a cast's operand or doubles are dropped.
pub fn normalize_default(text: &str, dialect: Dialect) -> String {
    let mut tokens = default_tokens(text);
    // Each pass can open the way for another (`('x'::text)::varchar`). Passes
    // never lengthen the list; the cap bounds the work on pathological input.
    for _ in 0..16 {
        let before = tokens.len();
        tokens = simplify_parens(tokens);
        tokens = strip_literal_casts(tokens);
        tokens = rewrite_now(tokens);
        tokens = drop_identity_casts(tokens);
        if tokens.len() == before {
            break;
        }
    }
    if dialect == Dialect::MySql {
        drop_zero_precision(&mut tokens);
    }
    let tokens = strip_outer_parens(tokens);
    let out = join_tokens(&tokens);
    // An empty array has two spellings: `ARRAY[]::text[]` and `'{}'::text[]`.
    if out == "array[]" {
        return "'{}'".to_owned();
    }
    out
}

/// Tokens as text, with a space only between two words.
fn join_tokens(tokens: &[DefaultToken]) -> String {
    let mut out = String::new();
    let mut previous_wordy = false;
    for token in tokens {
        let wordy = token.is_wordy();
        if wordy && previous_wordy {
            out.push(' ');
        }
        out.push_str(&token.text);
        previous_wordy = wordy;
    }
    out
}

/// `normalize_default` for a column of `column_type`: PostgreSQL casts a string
/// default to the column's type when it stores it, so on a `jsonb` column the
/// string is the stored value too (`'{"b":1,"a":2}'` is `'{"a": 2, "b": 1}'`).
pub fn normalize_column_default(
    text: &str,
    dialect: Dialect,
    column_type: Option<&SqlType>,
) -> String {
    let normalized = normalize_default(text, dialect);
    let jsonb = column_type.is_some_and(|t| t.name == "jsonb" && !t.array);
    let one_string = matches!(
        default_tokens(&normalized).as_slice(),
        [t] if t.kind == DefaultKind::String && t.text.starts_with('\'')
    );
    if dialect == Dialect::Postgres && jsonb && one_string {
        normalize_default(&format!("{normalized}::jsonb"), dialect)
    } else {
        normalized
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum DefaultKind {
    Word,
    Number,
    String,
    QuotedIdent,
    Cast,
    Punct,
}

#[derive(Clone, Debug)]
struct DefaultToken {
    kind: DefaultKind,
    text: String,
}

impl DefaultToken {
    fn is_wordy(&self) -> bool {
        matches!(
            self.kind,
            DefaultKind::Word
                | DefaultKind::Number
                | DefaultKind::String
                | DefaultKind::QuotedIdent
        )
    }

    fn is(&self, punct: &str) -> bool {
        self.kind == DefaultKind::Punct && self.text == punct
    }
}

fn default_tokens(text: &str) -> Vec<DefaultToken> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let slice = |from: usize, to: usize| -> String {
        chars.get(from..to).unwrap_or_default().iter().collect()
    };
    while let Some(&c) = chars.get(i) {
        let start = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let kind = if c == '\'' || c == '"' || c == '`' {
            i += 1;
            while let Some(&s) = chars.get(i) {
                i += 1;
                if s == c {
                    if chars.get(i) == Some(&c) {
                        i += 1;
                    } else {
                        break;
                    }
                }
            }
            if c == '\'' {
                DefaultKind::String
            } else {
                DefaultKind::QuotedIdent
            }
        } else if c == ':' && chars.get(i + 1) == Some(&':') {
            i += 2;
            DefaultKind::Cast
        } else if c.is_ascii_digit()
            || c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit)
        {
            while chars
                .get(i)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '.')
            {
                i += 1;
            }
            DefaultKind::Number
        } else if c.is_alphanumeric() || c == '_' {
            while chars
                .get(i)
                .is_some_and(|&c| c.is_alphanumeric() || c == '_' || c == '$')
            {
                i += 1;
            }
            // PostgreSQL stores an escape string's value: `E'it\'s'` is `'it''s'`.
            if chars.get(i) == Some(&'\'') && i - start == 1 && (c == 'E' || c == 'e') {
                let value = escape_string_value(&chars, &mut i);
                tokens.push(DefaultToken {
                    kind: DefaultKind::String,
                    text: format!("'{}'", value.replace('\'', "''")),
                });
                continue;
            }
            // `N'…'` string prefixes stay attached to their literal.
            if chars.get(i) == Some(&'\'') && i - start == 1 {
                continue_string(&chars, &mut i);
                tokens.push(DefaultToken {
                    kind: DefaultKind::String,
                    text: format!("{}{}", c.to_ascii_uppercase(), slice(start + 1, i)),
                });
                continue;
            }
            DefaultKind::Word
        } else {
            i += 1;
            DefaultKind::Punct
        };
        let mut text = slice(start, i);
        if kind == DefaultKind::Word {
            text = text.to_lowercase();
        }
        tokens.push(DefaultToken { kind, text });
    }
    tokens
}

/// Reads the escape string whose opening quote is at `*i` (PostgreSQL's
/// `E'…'`: backslash escapes, `''`) and returns its value.
fn escape_string_value(chars: &[char], i: &mut usize) -> String {
    let mut value = String::new();
    *i += 1;
    let digits = |i: &mut usize, max: usize, radix: u32| -> Option<char> {
        let mut n = 0u32;
        let mut read = 0;
        while read < max
            && let Some(d) = chars.get(*i).and_then(|c| c.to_digit(radix))
        {
            n = n * radix + d;
            *i += 1;
            read += 1;
        }
        if read == 0 { None } else { char::from_u32(n) }
    };
    while let Some(&c) = chars.get(*i) {
        *i += 1;
        match c {
            '\'' if chars.get(*i) == Some(&'\'') => {
                *i += 1;
                value.push('\'');
            }
            '\'' => break,
            '\\' => {
                let Some(&e) = chars.get(*i) else { break };
                *i += 1;
                let decoded = match e {
                    'b' => Some('\u{8}'),
                    'f' => Some('\u{c}'),
                    'n' => Some('\n'),
                    'r' => Some('\r'),
                    't' => Some('\t'),
                    'x' => digits(i, 2, 16),
                    'u' => digits(i, 4, 16),
                    'U' => digits(i, 8, 16),
                    '0'..='7' => {
                        *i -= 1;
                        digits(i, 3, 8)
                    }
                    other => Some(other),
                };
                value.extend(decoded);
            }
            other => value.push(other),
        }
    }
    value
}

fn continue_string(chars: &[char], i: &mut usize) {
    *i += 1;
    while let Some(&s) = chars.get(*i) {
        *i += 1;
        if s == '\'' {
            if chars.get(*i) == Some(&'\'') {
                *i += 1;
            } else {
                break;
            }
        }
    }
}

/// Words that continue a multi-word type name after `::`.
const TYPE_CONTINUATIONS: [&str; 6] = ["varying", "precision", "without", "with", "time", "zone"];
const NUMERIC_CASTS: [&str; 10] = [
    "integer", "int", "int4", "bigint", "int8", "smallint", "int2", "numeric", "real", "double",
];

fn strip_literal_casts(tokens: Vec<DefaultToken>) -> Vec<DefaultToken> {
    let mut out: Vec<DefaultToken> = Vec::new();
    let mut i = 0;
    while let Some(token) = tokens.get(i) {
        let castable = out.last().is_some_and(|p| {
            matches!(p.kind, DefaultKind::String | DefaultKind::Number) || p.is("]")
        });
        if token.kind != DefaultKind::Cast {
            out.push(token.clone());
            i += 1;
            continue;
        }
        // Skip the type: a (qualified) name, continuation words, modifiers, `[]`.
        i += 1;
        let type_start = i;
        let mut type_words = Vec::new();
        if let Some(t) = tokens
            .get(i)
            .filter(|t| matches!(t.kind, DefaultKind::Word | DefaultKind::QuotedIdent))
        {
            type_words.push(t.text.clone());
            i += 1;
        }
        while let Some(t) = tokens.get(i) {
            if t.is(".") {
                i += 2;
            } else if t.kind == DefaultKind::Word && TYPE_CONTINUATIONS.contains(&t.text.as_str()) {
                i += 1;
            } else if t.is("(") || t.is("[") {
                let close = if t.is("(") { ")" } else { "]" };
                while tokens.get(i).is_some_and(|t| !t.is(close)) {
                    i += 1;
                }
                i += 1;
            } else {
                break;
            }
        }
        if !castable {
            // The cast stays, its type spelled as `format_type` prints it.
            let written = tokens.get(type_start..i).unwrap_or_default();
            out.push(token.clone());
            out.push(DefaultToken {
                kind: DefaultKind::Word,
                text: parse_type(&join_tokens(written), Dialect::Postgres).to_string(),
            });
            continue;
        }
        // A string cast to jsonb is stored, and printed, by value.
        if type_words.first().is_some_and(|w| w == "jsonb")
            && let Some(last) = out.last_mut()
            && last.kind == DefaultKind::String
            && let Some(inner) = last
                .text
                .strip_prefix('\'')
                .and_then(|t| t.strip_suffix('\''))
            && let Some(value) = crate::jsonb::canonical(&inner.replace("''", "'"))
        {
            last.text = format!("'{}'", value.replace('\'', "''"));
        }
        // `'-1'::integer` is how PostgreSQL prints `-1`.
        if let (Some(first), Some(last)) = (type_words.first(), out.last_mut())
            && NUMERIC_CASTS.contains(&first.as_str())
            && last.kind == DefaultKind::String
        {
            let inner = last.text.trim_matches('\'');
            if !inner.is_empty() && inner.parse::<f64>().is_ok() {
                let inner = inner.to_owned();
                out.pop();
                if let Some(rest) = inner.strip_prefix('-') {
                    out.push(DefaultToken {
                        kind: DefaultKind::Punct,
                        text: "-".to_owned(),
                    });
                    out.push(DefaultToken {
                        kind: DefaultKind::Number,
                        text: rest.to_owned(),
                    });
                } else {
                    out.push(DefaultToken {
                        kind: DefaultKind::Number,
                        text: inner,
                    });
                }
            }
        }
    }
    out
}

/// `now()` → `current_timestamp`, `now(3)` / `current_timestamp()` likewise.
fn rewrite_now(tokens: Vec<DefaultToken>) -> Vec<DefaultToken> {
    let mut out: Vec<DefaultToken> = Vec::new();
    let mut i = 0;
    while let Some(token) = tokens.get(i) {
        let is_now = token.kind == DefaultKind::Word
            && (token.text == "now" || token.text == "current_timestamp")
            && tokens.get(i + 1).is_some_and(|t| t.is("("));
        if !is_now {
            out.push(token.clone());
            i += 1;
            continue;
        }
        out.push(DefaultToken {
            kind: DefaultKind::Word,
            text: "current_timestamp".to_owned(),
        });
        if tokens.get(i + 2).is_some_and(|t| t.is(")")) {
            i += 3;
        } else {
            i += 1;
        }
    }
    out
}

/// MySQL: `current_timestamp(0)` is `current_timestamp` (MariaDB prints
/// `current_timestamp()`); in PostgreSQL the `(0)` rounds, so it stays.
fn drop_zero_precision(tokens: &mut Vec<DefaultToken>) {
    let mut i = 0;
    while i + 3 < tokens.len() {
        let zero = tokens.get(i).is_some_and(|t| t.text == "current_timestamp")
            && tokens.get(i + 1).is_some_and(|t| t.is("("))
            && tokens.get(i + 2).is_some_and(|t| t.text == "0")
            && tokens.get(i + 3).is_some_and(|t| t.is(")"));
        if zero {
            tokens.drain(i + 1..i + 4);
        }
        i += 1;
    }
}

/// For each `(`, the index of its `)`.
fn matching_parens(tokens: &[DefaultToken]) -> Vec<Option<usize>> {
    let mut closing = vec![None; tokens.len()];
    let mut open = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if t.is("(") {
            open.push(i);
        } else if t.is(")")
            && let Some(o) = open.pop()
            && let Some(slot) = closing.get_mut(o)
        {
            *slot = Some(i);
        }
    }
    closing
}

/// Drops parentheses that change nothing and that `pg_get_expr` adds or omits
/// on its own: one of two directly nested pairs (`((x))`), and a pair around a
/// cast's operand when that operand is a single term (`(now())::date`,
/// `(1.5)::real`).
fn simplify_parens(tokens: Vec<DefaultToken>) -> Vec<DefaultToken> {
    let closing = matching_parens(&tokens);
    let close_of = |o: usize| closing.get(o).copied().flatten();
    let mut drop = vec![false; tokens.len()];
    for (o, c) in closing.iter().enumerate() {
        let Some(c) = *c else { continue };
        let inner = o + 1;
        // A row `((a, b))` is not a doubled pair.
        if c > inner + 1
            && close_of(inner) == Some(c - 1)
            && !has_top_level_comma(&tokens, &closing, inner + 1, c - 1)
        {
            for at in [inner, c - 1] {
                if let Some(d) = drop.get_mut(at) {
                    *d = true;
                }
            }
        }
        let grouping = o == 0
            || tokens
                .get(o - 1)
                .is_some_and(|p| !matches!(p.kind, DefaultKind::Word | DefaultKind::QuotedIdent));
        let before_cast = tokens
            .get(c + 1)
            .is_some_and(|t| t.kind == DefaultKind::Cast);
        if grouping && before_cast && is_single_term(&tokens, &closing, inner, c) {
            for at in [o, c] {
                if let Some(d) = drop.get_mut(at) {
                    *d = true;
                }
            }
        }
    }
    tokens
        .into_iter()
        .zip(drop)
        .filter(|(_, d)| !d)
        .map(|(t, _)| t)
        .collect()
}

fn has_top_level_comma(
    tokens: &[DefaultToken],
    closing: &[Option<usize>],
    from: usize,
    to: usize,
) -> bool {
    let mut i = from;
    while i < to {
        match tokens.get(i) {
            Some(t) if t.is(",") => return true,
            Some(t) if t.is("(") => i = closing.get(i).copied().flatten().unwrap_or(to),
            _ => {}
        }
        i += 1;
    }
    false
}

/// `tokens[from..to]` is one literal, (qualified) name or function call.
fn is_single_term(
    tokens: &[DefaultToken],
    closing: &[Option<usize>],
    from: usize,
    to: usize,
) -> bool {
    let term = |t: &DefaultToken| {
        matches!(
            t.kind,
            DefaultKind::Word
                | DefaultKind::Number
                | DefaultKind::String
                | DefaultKind::QuotedIdent
        )
    };
    let mut i = from;
    // A name, qualified or not, then at most one call's arguments.
    loop {
        match tokens.get(i) {
            Some(t) if term(t) && i < to => i += 1,
            _ => return false,
        }
        if tokens.get(i).is_some_and(|t| t.is(".")) && i < to {
            i += 1;
        } else {
            break;
        }
    }
    if i == to {
        return true;
    }
    tokens.get(i).is_some_and(|t| t.is("("))
        && tokens
            .get(i - 1)
            .is_some_and(|t| matches!(t.kind, DefaultKind::Word | DefaultKind::QuotedIdent))
        && closing.get(i).copied().flatten() == Some(to - 1)
}

/// PostgreSQL drops a cast to the type an expression already has:
/// `current_timestamp::timestamptz`, `current_date::date`.
fn drop_identity_casts(tokens: Vec<DefaultToken>) -> Vec<DefaultToken> {
    let mut out: Vec<DefaultToken> = Vec::new();
    let mut i = 0;
    while let Some(token) = tokens.get(i) {
        let same = match out.last() {
            Some(p) if p.kind == DefaultKind::Word && token.kind == DefaultKind::Cast => {
                let target = tokens.get(i + 1).map(|t| t.text.as_str());
                matches!(
                    (p.text.as_str(), target),
                    ("current_timestamp", Some("timestamp with time zone"))
                        | ("current_date", Some("date"))
                )
            }
            _ => false,
        };
        if same {
            i += 2;
        } else {
            out.push(token.clone());
            i += 1;
        }
    }
    out
}

fn strip_outer_parens(mut tokens: Vec<DefaultToken>) -> Vec<DefaultToken> {
    // Each `(` matched with its `)` in one pass: stripping n pairs stays linear.
    let closing = matching_parens(&tokens);
    let len = tokens.len();
    let mut pairs = 0;
    while len >= 2 * pairs + 2
        && tokens.get(pairs).is_some_and(|t| t.is("("))
        && closing.get(pairs).copied().flatten() == Some(len - 1 - pairs)
    {
        pairs += 1;
    }
    tokens.truncate(len - pairs);
    tokens.drain(..pairs);
    tokens
}

/// Type names (canonical, any dialect, lower-cased) whose values are numbers.
const NUMERIC_TYPES: [&str; 20] = [
    "smallint",
    "integer",
    "int",
    "bigint",
    "tinyint",
    "mediumint",
    "numeric",
    "decimal",
    "real",
    "double precision",
    "double",
    "float",
    "int2",
    "int4",
    "int8",
    "float4",
    "float8",
    "serial",
    "bigserial",
    "smallserial",
];

/// A PostgreSQL serial pseudo-type (lower-case, without modifiers): an
/// integer column with a sequence it owns.
pub fn is_serial(name: &str) -> bool {
    matches!(
        name,
        "serial" | "serial4" | "bigserial" | "serial8" | "smallserial" | "serial2"
    )
}

impl SqlType {
    /// Whether the type's values are plain numbers (not an array of them).
    pub fn is_numeric(&self) -> bool {
        !self.array && NUMERIC_TYPES.contains(&self.name.to_ascii_lowercase().as_str())
    }
}

/// A normalised default of a numeric column in one spelling for its value:
/// servers print the stored value (MariaDB `0.00` for `DEFAULT 0` on a
/// `DECIMAL(10,2)`, `1000` for `1e3`; MySQL 8 quotes it, `'0'`), models and
/// migrations print what was written. MySQL's `true`/`false` are `1`/`0`.
/// Anything that is not one plain number is returned unchanged.
pub fn numeric_default(normalized: &str, dialect: Dialect) -> String {
    let inner = normalized
        .strip_prefix('\'')
        .and_then(|s| s.strip_suffix('\''))
        .unwrap_or(normalized);
    if dialect == Dialect::MySql {
        match inner {
            "true" | "TRUE" => return "1".to_owned(),
            "false" | "FALSE" => return "0".to_owned(),
            _ => {}
        }
    }
    canonical_number(inner.trim()).unwrap_or_else(|| normalized.to_owned())
}

/// `-001.500e1` → `-15`: sign, digits without leading or trailing zeros.
fn canonical_number(text: &str) -> Option<String> {
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, text.get(1..)?),
        Some(b'+') => (false, text.get(1..)?),
        _ => (false, text),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (
            unsigned.get(..at)?,
            unsigned.get(at + 1..)?.parse::<i32>().ok()?,
        ),
        None => (unsigned, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
        || exponent.unsigned_abs() > 400
    {
        return None;
    }
    // All digits, and where the decimal point falls among them.
    let digits = format!("{whole}{fraction}");
    let point = i64::try_from(whole.len()).ok()? + i64::from(exponent);
    let lead = digits.bytes().take_while(|b| *b == b'0').count();
    let significant = digits.get(lead..)?.trim_end_matches('0');
    if significant.is_empty() {
        return Some("0".to_owned());
    }
    let point = point - i64::try_from(lead).ok()?;
    let len = i64::try_from(significant.len()).ok()?;
    let body = if point <= 0 {
        format!(
            "0.{}{significant}",
            "0".repeat(usize::try_from(-point).ok()?)
        )
    } else if point >= len {
        format!(
            "{significant}{}",
            "0".repeat(usize::try_from(point - len).ok()?)
        )
    } else {
        let (a, b) = significant.split_at(usize::try_from(point).ok()?);
        format!("{a}.{b}")
    };
    Some(if negative { format!("-{body}") } else { body })
}
