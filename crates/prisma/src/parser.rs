//! Recursive-descent parser for the Prisma Schema Language. It recovers at
//! line and block boundaries so that one mistake yields one error and the
//! rest of the file is still checked; it never panics, and its recursion
//! (values nested in lists and calls) stops at [`MAX_NESTING`].

use std::collections::{HashMap, HashSet};

use miglint_source::{FileId, Span};

use crate::ast::{
    Argument, Attribute, ConfigBlock, Enum, EnumValue, Expr, Field, FieldType, Ident, Model,
    ModelKind, Property, Schema,
};
use crate::error::SchemaError;
use crate::lexer::{Tok, Token, tokenize};

/// The deepest nesting of lists and function calls a value may have. Prisma's
/// own attributes need three or so; the limit keeps hostile input from
/// exhausting the stack.
pub const MAX_NESTING: usize = 128;

/// Parses the files of one schema (one file, or a `prismaSchemaFolder`) and
/// merges their blocks. Any syntax error makes the whole schema invalid.
pub fn parse_schema(files: &[(FileId, &str)]) -> Result<Schema, Vec<SchemaError>> {
    let mut schema = Schema::default();
    let mut errors = Vec::new();
    for &(file, text) in files {
        schema.files.push(file);
        Parser::new(file, text, &mut errors).parse_into(&mut schema);
    }
    check_unique_names(&schema, &mut errors);
    if errors.is_empty() {
        Ok(schema)
    } else {
        Err(errors)
    }
}

struct Parser<'e> {
    file: FileId,
    tokens: Vec<Token>,
    pos: usize,
    end: u32,
    /// Lists and calls open around the current token.
    depth: usize,
    errors: &'e mut Vec<SchemaError>,
}

/// A parse failure already recorded; the caller skips ahead.
struct Recorded;

type Parsed<T> = Result<T, Recorded>;

impl<'e> Parser<'e> {
    fn new(file: FileId, text: &str, errors: &'e mut Vec<SchemaError>) -> Self {
        let (tokens, lex_errors) = tokenize(text);
        errors.extend(lex_errors.into_iter().map(|e| SchemaError {
            file,
            span: e.span,
            message: e.message,
        }));
        Self {
            file,
            tokens,
            pos: 0,
            end: u32::try_from(text.len()).unwrap_or(u32::MAX),
            depth: 0,
            errors,
        }
    }

    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos).map(|t| &t.tok)
    }

    fn peek_at(&self, ahead: usize) -> Option<&Tok> {
        self.tokens.get(self.pos + ahead).map(|t| &t.tok)
    }

    fn span(&self) -> Span {
        self.tokens
            .get(self.pos)
            .map_or(Span::new(self.end, self.end), |t| t.span)
    }

    fn prev_end(&self) -> u32 {
        self.pos
            .checked_sub(1)
            .and_then(|i| self.tokens.get(i))
            .map_or(0, |t| t.span.end)
    }

    fn bump(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.pos).cloned();
        if token.is_some() {
            self.pos += 1;
        }
        token
    }

    fn eat(&mut self, tok: &Tok) -> bool {
        if self.peek() == Some(tok) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn error<T>(&mut self, span: Span, message: impl Into<String>) -> Parsed<T> {
        self.errors.push(SchemaError {
            file: self.file,
            span,
            message: message.into(),
        });
        Err(Recorded)
    }

    /// An error at the current token, describing what was found.
    fn unexpected<T>(&mut self, expected: &str) -> Parsed<T> {
        let found = describe(self.peek());
        let span = self.span();
        self.error(span, format!("expected {expected}, found {found}"))
    }

    fn skip_newlines(&mut self) {
        while matches!(self.peek(), Some(Tok::Newline | Tok::Doc(_))) {
            self.pos += 1;
        }
    }

    /// Skips to the start of the next line (or to a closing brace).
    fn recover_line(&mut self) {
        let mut depth = 0usize;
        while let Some(tok) = self.peek() {
            match tok {
                Tok::Newline if depth == 0 => return,
                Tok::RBrace if depth == 0 => return,
                Tok::LParen | Tok::LBracket => depth += 1,
                Tok::RParen | Tok::RBracket => depth = depth.saturating_sub(1),
                _ => {}
            }
            self.pos += 1;
        }
    }

    /// Doc comments directly above the current position.
    fn take_docs(&mut self) -> Option<String> {
        let mut lines = Vec::new();
        loop {
            match self.peek() {
                Some(Tok::Doc(text)) => {
                    lines.push(text.clone());
                    self.pos += 1;
                }
                Some(Tok::Newline) => {
                    self.pos += 1;
                    // A blank line detaches the comments above it.
                    if self.peek() == Some(&Tok::Newline) {
                        lines.clear();
                    }
                }
                _ => break,
            }
        }
        (!lines.is_empty()).then(|| lines.join("\n"))
    }

    fn ident(&mut self, what: &str) -> Parsed<Ident> {
        match self.peek() {
            Some(Tok::Ident(name)) => {
                let ident = Ident {
                    name: name.clone(),
                    span: self.span(),
                };
                self.pos += 1;
                Ok(ident)
            }
            _ => self.unexpected(what),
        }
    }

    fn parse_into(&mut self, schema: &mut Schema) {
        loop {
            let doc = self.take_docs();
            let Some(tok) = self.peek().cloned() else {
                return;
            };
            let start = self.span();
            let Tok::Ident(keyword) = tok else {
                let _ = self.unexpected::<()>("a block (`model`, `enum`, `datasource`…)");
                self.skip_block();
                continue;
            };
            self.pos += 1;
            let result = match keyword.as_str() {
                "model" => self
                    .model(ModelKind::Model, start, doc)
                    .map(|m| schema.models.push(m)),
                "view" => self
                    .model(ModelKind::View, start, doc)
                    .map(|m| schema.models.push(m)),
                "type" => self
                    .model(ModelKind::Type, start, doc)
                    .map(|m| schema.models.push(m)),
                "enum" => self.enum_block(start, doc).map(|e| schema.enums.push(e)),
                "datasource" => self.config(start).map(|c| schema.datasources.push(c)),
                "generator" => self.config(start).map(|c| schema.generators.push(c)),
                other => {
                    let message = format!(
                        "unknown block `{other}`: expected `model`, `enum`, `view`, `type`, `datasource` or `generator`"
                    );
                    let _ = self.error::<()>(start, message);
                    self.skip_block();
                    Ok(())
                }
            };
            if result.is_err() {
                // Unterminated blocks consume the rest of the file; others
                // stop at their closing brace.
                if self.peek().is_none() {
                    return;
                }
            }
        }
    }

    /// Skips past the next balanced `{ … }` or to the end of the line.
    fn skip_block(&mut self) {
        while let Some(tok) = self.peek() {
            match tok {
                Tok::Newline => {
                    self.pos += 1;
                    return;
                }
                Tok::LBrace => {
                    let mut depth = 0usize;
                    while let Some(t) = self.bump() {
                        match t.tok {
                            Tok::LBrace => depth += 1,
                            Tok::RBrace => {
                                depth = depth.saturating_sub(1);
                                if depth == 0 {
                                    return;
                                }
                            }
                            _ => {}
                        }
                    }
                    return;
                }
                _ => self.pos += 1,
            }
        }
    }

    /// The block name and its opening brace; returns the name and header span.
    fn block_header(&mut self, keyword_span: Span, what: &str) -> Parsed<(Ident, Span)> {
        let name = match self.ident(&format!("a {what} name")) {
            Ok(name) => name,
            Err(e) => {
                self.skip_block();
                return Err(e);
            }
        };
        let header = keyword_span.cover(name.span);
        if !self.eat(&Tok::LBrace) {
            let result = self.unexpected(&format!("`{{` after `{what} {}`", name.name));
            self.skip_block();
            return result;
        }
        Ok((name, header))
    }

    /// Consumes the closing brace or reports the unterminated block.
    fn close_block(&mut self, header: Span, what: &str, name: &str) -> Parsed<Span> {
        match self.peek() {
            Some(Tok::RBrace) => {
                let end = self.span().end;
                self.pos += 1;
                Ok(Span::new(header.start, end))
            }
            _ => self.error(
                header,
                format!("`{what} {name}` is never closed: missing `}}` before the end of the file"),
            ),
        }
    }

    fn model(&mut self, kind: ModelKind, start: Span, doc: Option<String>) -> Parsed<Model> {
        let what = match kind {
            ModelKind::Model => "model",
            ModelKind::View => "view",
            ModelKind::Type => "type",
        };
        let (name, header) = self.block_header(start, what)?;
        let mut fields = Vec::new();
        let mut attributes = Vec::new();
        loop {
            let doc = self.take_docs();
            match self.peek() {
                None | Some(Tok::RBrace) => break,
                Some(Tok::AtAt) => self.line_item(&mut attributes, |p| p.attribute(Tok::AtAt)),
                Some(Tok::Ident(_)) => self.line_item(&mut fields, |p| p.field(doc)),
                _ => self.skip_line("a field or a `@@` attribute"),
            }
        }
        let span = self.close_block(header, what, &name.name)?;
        Ok(Model {
            file: self.file,
            kind,
            name,
            fields,
            attributes,
            doc,
            header,
            span,
        })
    }

    /// After a complete line item: only a line break or `}` may follow.
    fn end_of_line(&mut self) {
        match self.peek() {
            None | Some(Tok::Newline | Tok::RBrace | Tok::Doc(_)) => {}
            _ => {
                let _ = self.unexpected::<()>("the end of the line");
                self.recover_line();
            }
        }
    }

    fn field(&mut self, doc: Option<String>) -> Parsed<Field> {
        let name = self.ident("a field name")?;
        let ty = self.field_type(&name)?;
        let mut attributes = Vec::new();
        while self.peek() == Some(&Tok::At) {
            attributes.push(self.attribute(Tok::At)?);
        }
        let end = self.prev_end();
        Ok(Field {
            span: Span::new(name.span.start, end),
            name,
            ty,
            attributes,
            doc,
        })
    }

    fn field_type(&mut self, field: &Ident) -> Parsed<FieldType> {
        let name = match self.peek() {
            Some(Tok::Ident(_)) => self.ident("a type")?,
            _ => return self.unexpected(&format!("a type for field `{}`", field.name)),
        };
        let mut unsupported = None;
        if name.name == "Unsupported" {
            if !self.eat(&Tok::LParen) {
                return self.unexpected("`(` after `Unsupported`");
            }
            match self.bump() {
                Some(Token {
                    tok: Tok::Str(text),
                    ..
                }) => unsupported = Some(text),
                _ => {
                    self.pos = self.pos.saturating_sub(1);
                    return self.unexpected("a string with the database type");
                }
            }
            if !self.eat(&Tok::RParen) {
                return self.unexpected("`)`");
            }
        }
        let mut list = false;
        if self.peek() == Some(&Tok::LBracket) {
            if self.peek_at(1) != Some(&Tok::RBracket) {
                self.pos += 1;
                return self.unexpected("`]`");
            }
            self.pos += 2;
            list = true;
        }
        let optional = self.eat(&Tok::Question);
        if optional && list {
            let span = Span::new(name.span.start, self.prev_end());
            return self.error(span, "a list field cannot be optional (`[]?`)");
        }
        Ok(FieldType {
            span: Span::new(name.span.start, self.prev_end()),
            name,
            unsupported,
            optional,
            list,
        })
    }

    /// `@name(args)` / `@@name(args)`; the current token is the `@`/`@@`.
    fn attribute(&mut self, at: Tok) -> Parsed<Attribute> {
        let start = self.span();
        self.eat(&at);
        let mut name = self.ident("an attribute name")?;
        while self.peek() == Some(&Tok::Dot) {
            self.pos += 1;
            let part = self.ident("a name after `.`")?;
            name.name.push('.');
            name.name.push_str(&part.name);
            name.span = name.span.cover(part.span);
        }
        let args = if self.peek() == Some(&Tok::LParen) {
            self.pos += 1;
            self.arguments()?
        } else {
            Vec::new()
        };
        Ok(Attribute {
            name,
            args,
            span: Span::new(start.start, self.prev_end()),
        })
    }

    /// Arguments up to and including the closing `)`; line breaks allowed.
    fn arguments(&mut self) -> Parsed<Vec<Argument>> {
        let mut args = Vec::new();
        loop {
            self.skip_newlines();
            if self.eat(&Tok::RParen) {
                return Ok(args);
            }
            let start = self.span();
            let name = if matches!(self.peek(), Some(Tok::Ident(_)))
                && self.peek_at(1) == Some(&Tok::Colon)
            {
                let name = self.ident("an argument name")?;
                self.pos += 1;
                self.skip_newlines();
                Some(name)
            } else {
                None
            };
            let value = self.expr()?;
            args.push(Argument {
                span: Span::new(start.start, value.span().end),
                name,
                value,
            });
            self.skip_newlines();
            if !self.eat(&Tok::Comma) && self.peek() != Some(&Tok::RParen) {
                return self.unexpected("`,` or `)` in the argument list");
            }
        }
    }

    fn expr(&mut self) -> Parsed<Expr> {
        let span = self.span();
        match self.peek().cloned() {
            Some(Tok::Str(value)) => {
                self.pos += 1;
                Ok(Expr::String { value, span })
            }
            Some(Tok::Number(text)) => {
                self.pos += 1;
                Ok(Expr::Number { text, span })
            }
            Some(Tok::LBracket) => {
                self.enter(span)?;
                self.pos += 1;
                let items = self.list_items();
                self.depth -= 1;
                Ok(Expr::Array {
                    items: items?,
                    span: Span::new(span.start, self.prev_end()),
                })
            }
            Some(Tok::Ident(_)) => {
                let mut name = self.ident("a value")?;
                while self.peek() == Some(&Tok::Dot) {
                    self.pos += 1;
                    let part = self.ident("a name after `.`")?;
                    name.name.push('.');
                    name.name.push_str(&part.name);
                    name.span = name.span.cover(part.span);
                }
                if self.peek() == Some(&Tok::LParen) {
                    let paren = self.span();
                    self.enter(paren)?;
                    self.pos += 1;
                    let args = self.arguments();
                    self.depth -= 1;
                    Ok(Expr::Call {
                        name,
                        args: args?,
                        span: Span::new(span.start, self.prev_end()),
                    })
                } else {
                    Ok(Expr::Constant(name))
                }
            }
            Some(Tok::UnterminatedStr) => self.error(span, "unterminated string literal"),
            _ => self.unexpected("a value (string, number, list, name or function call)"),
        }
    }

    /// Opens one more level of lists and calls, or records that the input
    /// nests deeper than [`MAX_NESTING`] (the only recursion in the parser).
    fn enter(&mut self, open: Span) -> Parsed<()> {
        if self.depth >= MAX_NESTING {
            return self.error(
                open,
                format!(
                    "lists and function calls are nested more than {MAX_NESTING} levels deep \
                     (miglint's limit; Prisma attributes need only a few)"
                ),
            );
        }
        self.depth += 1;
        Ok(())
    }

    /// The items of a list after its `[`, up to and including the `]`.
    fn list_items(&mut self) -> Parsed<Vec<Expr>> {
        let mut items = Vec::new();
        loop {
            self.skip_newlines();
            if self.eat(&Tok::RBracket) {
                return Ok(items);
            }
            items.push(self.expr()?);
            self.skip_newlines();
            if !self.eat(&Tok::Comma) && self.peek() != Some(&Tok::RBracket) {
                return self.unexpected("`,` or `]` in the list");
            }
        }
    }

    fn enum_block(&mut self, start: Span, doc: Option<String>) -> Parsed<Enum> {
        let (name, header) = self.block_header(start, "enum")?;
        let mut values = Vec::new();
        let mut attributes = Vec::new();
        loop {
            self.skip_newlines();
            match self.peek() {
                None | Some(Tok::RBrace) => break,
                Some(Tok::AtAt) => self.line_item(&mut attributes, |p| p.attribute(Tok::AtAt)),
                Some(Tok::Ident(_)) => self.line_item(&mut values, |p| p.enum_value()),
                _ => self.skip_line("an enum value or a `@@` attribute"),
            }
        }
        let span = self.close_block(header, "enum", &name.name)?;
        Ok(Enum {
            file: self.file,
            name,
            values,
            attributes,
            doc,
            header,
            span,
        })
    }

    /// Parses one line's item into `out` and moves to the next line; on an
    /// error (already recorded) skips the rest of the line.
    fn line_item<T>(&mut self, out: &mut Vec<T>, parse: impl FnOnce(&mut Self) -> Parsed<T>) {
        match parse(self) {
            Ok(item) => {
                out.push(item);
                self.end_of_line();
            }
            Err(Recorded) => self.recover_line(),
        }
    }

    /// Records that the line does not start with what a block allows, and skips it.
    fn skip_line(&mut self, expected: &str) {
        let _ = self.unexpected::<()>(expected);
        self.pos += 1;
        self.recover_line();
    }

    fn enum_value(&mut self) -> Parsed<EnumValue> {
        let name = self.ident("an enum value")?;
        let mut attributes = Vec::new();
        while self.peek() == Some(&Tok::At) {
            attributes.push(self.attribute(Tok::At)?);
        }
        Ok(EnumValue {
            span: Span::new(name.span.start, self.prev_end()),
            name,
            attributes,
        })
    }

    fn config(&mut self, start: Span) -> Parsed<ConfigBlock> {
        let (name, header) = self.block_header(start, "block")?;
        let mut properties = Vec::new();
        loop {
            self.skip_newlines();
            match self.peek() {
                None | Some(Tok::RBrace) => break,
                Some(Tok::Ident(_)) => self.line_item(&mut properties, |p| p.property()),
                _ => self.skip_line("a `key = value` property"),
            }
        }
        let span = self.close_block(header, "block", &name.name)?;
        Ok(ConfigBlock {
            file: self.file,
            name,
            properties,
            span,
        })
    }

    fn property(&mut self) -> Parsed<Property> {
        let name = self.ident("a property name")?;
        if !self.eat(&Tok::Equals) {
            return self.unexpected(&format!("`=` after `{}`", name.name));
        }
        let value = self.expr()?;
        Ok(Property {
            span: Span::new(name.span.start, value.span().end),
            name,
            value,
        })
    }
}

/// Prisma rejects a second block with a name already taken (models, views,
/// composite types and enums share one namespace), a second field or enum
/// value of the same name, and more than one datasource. Without these errors
/// the first block of a name would silently win.
fn check_unique_names(schema: &Schema, errors: &mut Vec<SchemaError>) {
    let order = |file: FileId| schema.files.iter().position(|&f| f == file);
    let mut blocks: Vec<(FileId, Span, &'static str, &Ident)> = schema
        .models
        .iter()
        .map(|m| (m.file, m.header, kind_noun(m.kind), &m.name))
        .chain(
            schema
                .enums
                .iter()
                .map(|e| (e.file, e.header, "enum", &e.name)),
        )
        .collect();
    blocks.sort_by_key(|&(file, header, ..)| (order(file), header.start));
    let mut seen: HashMap<&str, &'static str> = HashMap::new();
    for (file, header, noun, name) in blocks {
        if let Some(first) = seen.get(name.name.as_str()) {
            errors.push(SchemaError {
                file,
                span: header,
                message: format!(
                    "the {noun} `{}` cannot be defined because {} {first} with that name already exists",
                    name.name,
                    article(first)
                ),
            });
        } else {
            seen.insert(&name.name, noun);
        }
    }

    let mut generators = HashSet::new();
    for generator in &schema.generators {
        if !generators.insert(generator.name.name.as_str()) {
            errors.push(SchemaError {
                file: generator.file,
                span: config_header(generator),
                message: format!(
                    "the generator `{}` cannot be defined because a generator with that name already exists",
                    generator.name.name
                ),
            });
        }
    }
    if let Some((first, rest)) = schema.datasources.split_first() {
        for datasource in rest {
            errors.push(SchemaError {
                file: datasource.file,
                span: config_header(datasource),
                message: format!(
                    "the datasource `{}` cannot be defined because the schema already has one \
                     (`{}`): Prisma allows a single datasource",
                    datasource.name.name, first.name.name
                ),
            });
        }
    }

    for model in &schema.models {
        let noun = kind_noun(model.kind);
        let names = model.fields.iter().map(|f| &f.name);
        for name in repeated(names) {
            errors.push(SchemaError {
                file: model.file,
                span: name.span,
                message: format!(
                    "field `{}` is already defined on {noun} `{}`",
                    name.name, model.name.name
                ),
            });
        }
    }
    for enum_ in &schema.enums {
        for name in repeated(enum_.values.iter().map(|v| &v.name)) {
            errors.push(SchemaError {
                file: enum_.file,
                span: name.span,
                message: format!(
                    "value `{}` is already defined on enum `{}`",
                    name.name, enum_.name.name
                ),
            });
        }
    }
}

/// Every name after the first of its spelling (Prisma names are case-sensitive).
fn repeated<'a>(names: impl Iterator<Item = &'a Ident>) -> Vec<&'a Ident> {
    let mut seen = HashSet::new();
    names
        .filter(|name| !seen.insert(name.name.as_str()))
        .collect()
}

fn kind_noun(kind: ModelKind) -> &'static str {
    match kind {
        ModelKind::Model => "model",
        ModelKind::View => "view",
        ModelKind::Type => "composite type",
    }
}

fn article(noun: &str) -> &'static str {
    if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// `datasource db`: the keyword to the name.
fn config_header(block: &ConfigBlock) -> Span {
    Span::new(block.span.start, block.name.span.end)
}

fn describe(tok: Option<&Tok>) -> String {
    match tok {
        None => "the end of the file".to_owned(),
        Some(Tok::Ident(name)) => format!("`{name}`"),
        Some(Tok::Str(_)) => "a string".to_owned(),
        Some(Tok::Number(n)) => format!("`{n}`"),
        Some(Tok::Doc(_)) => "a doc comment".to_owned(),
        Some(Tok::Newline) => "the end of the line".to_owned(),
        Some(Tok::UnterminatedStr) => "an unterminated string".to_owned(),
        Some(Tok::Unknown(c)) => format!("`{c}`"),
        Some(tok) => format!("`{}`", punct(tok)),
    }
}

fn punct(tok: &Tok) -> &'static str {
    match tok {
        Tok::LBrace => "{",
        Tok::RBrace => "}",
        Tok::LParen => "(",
        Tok::RParen => ")",
        Tok::LBracket => "[",
        Tok::RBracket => "]",
        Tok::Comma => ",",
        Tok::Colon => ":",
        Tok::Equals => "=",
        Tok::Question => "?",
        Tok::At => "@",
        Tok::AtAt => "@@",
        Tok::Dot => ".",
        _ => "?",
    }
}
