//! The syntax tree of a Prisma schema. Every node keeps its byte span in the
//! file it came from, so findings can point at the exact field or attribute.

use miglint_source::{FileId, Span};

/// A name as written, with its span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// A value in a property or an attribute argument.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// A string literal, unescaped.
    String { value: String, span: Span },
    /// A number literal as written (`100`, `-1.5`).
    Number { text: String, span: Span },
    /// A bare name: `true`, `Cascade`, an enum value, a field name.
    Constant(Ident),
    /// `[a, b]`.
    Array { items: Vec<Expr>, span: Span },
    /// `name(args)`: `now()`, `env("URL")`, `dbgenerated("…")`, `title(sort: Desc)`.
    Call {
        name: Ident,
        args: Vec<Argument>,
        span: Span,
    },
}

impl Expr {
    pub fn span(&self) -> Span {
        match self {
            Expr::String { span, .. }
            | Expr::Number { span, .. }
            | Expr::Array { span, .. }
            | Expr::Call { span, .. } => *span,
            Expr::Constant(ident) => ident.span,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Expr::String { value, .. } => Some(value),
            _ => None,
        }
    }

    /// The name of a constant or of a called function.
    pub fn name(&self) -> Option<&str> {
        match self {
            Expr::Constant(ident) | Expr::Call { name: ident, .. } => Some(&ident.name),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Expr]> {
        match self {
            Expr::Array { items, .. } => Some(items),
            _ => None,
        }
    }
}

/// `name: value` or a positional `value`.
#[derive(Clone, Debug, PartialEq)]
pub struct Argument {
    pub name: Option<Ident>,
    pub value: Expr,
    pub span: Span,
}

/// `@name(args)` on a field or enum value, `@@name(args)` on a block.
/// The name excludes the `@`s and keeps dots: `db.VarChar`.
#[derive(Clone, Debug, PartialEq)]
pub struct Attribute {
    pub name: Ident,
    pub args: Vec<Argument>,
    pub span: Span,
}

impl Attribute {
    /// The first positional argument, or the named one.
    pub fn arg(&self, name: &str) -> Option<&Expr> {
        self.args
            .iter()
            .find(|a| a.name.as_ref().is_some_and(|n| n.name == name))
            .map(|a| &a.value)
    }

    pub fn positional(&self, index: usize) -> Option<&Expr> {
        self.args
            .iter()
            .filter(|a| a.name.is_none())
            .nth(index)
            .map(|a| &a.value)
    }

    /// The named argument, or else the first positional one.
    pub fn arg_or_first(&self, name: &str) -> Option<&Expr> {
        self.arg(name).or_else(|| self.positional(0))
    }
}

/// `key = value` in a `datasource` or `generator` block.
#[derive(Clone, Debug, PartialEq)]
pub struct Property {
    pub name: Ident,
    pub value: Expr,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ConfigBlock {
    pub file: FileId,
    pub name: Ident,
    pub properties: Vec<Property>,
    pub span: Span,
}

impl ConfigBlock {
    pub fn property(&self, name: &str) -> Option<&Expr> {
        self.properties
            .iter()
            .find(|p| p.name.name == name)
            .map(|p| &p.value)
    }
}

/// A field's type: `String`, `Role?`, `Post[]`, `Unsupported("tsvector")`.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldType {
    pub name: Ident,
    /// The database type text of `Unsupported("…")`.
    pub unsupported: Option<String>,
    pub optional: bool,
    pub list: bool,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub name: Ident,
    pub ty: FieldType,
    pub attributes: Vec<Attribute>,
    /// `///` comment lines above the field, without the slashes.
    pub doc: Option<String>,
    /// From the name to the end of the last attribute.
    pub span: Span,
}

impl Field {
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name.name == name)
    }

    pub fn has(&self, name: &str) -> bool {
        self.attribute(name).is_some()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModelKind {
    Model,
    View,
    /// A composite `type` (MongoDB only; parsed, never a table).
    Type,
}

/// A `model`, `view` or composite `type` block.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    pub file: FileId,
    pub kind: ModelKind,
    pub name: Ident,
    pub fields: Vec<Field>,
    pub attributes: Vec<Attribute>,
    pub doc: Option<String>,
    /// `model Name {`: the keyword to the name.
    pub header: Span,
    /// The whole block, keyword to closing brace.
    pub span: Span,
}

impl Model {
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name.name == name)
    }

    pub fn attributes_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Attribute> {
        self.attributes.iter().filter(move |a| a.name.name == name)
    }

    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name.name == name)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct EnumValue {
    pub name: Ident,
    pub attributes: Vec<Attribute>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Enum {
    pub file: FileId,
    pub name: Ident,
    pub values: Vec<EnumValue>,
    pub attributes: Vec<Attribute>,
    pub doc: Option<String>,
    pub header: Span,
    pub span: Span,
}

impl Enum {
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name.name == name)
    }
}

/// Every block of a (possibly multi-file) schema, in file order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Schema {
    /// The files read, in order (an empty schema still has its file).
    pub files: Vec<FileId>,
    pub datasources: Vec<ConfigBlock>,
    pub generators: Vec<ConfigBlock>,
    /// Models, views and composite types.
    pub models: Vec<Model>,
    pub enums: Vec<Enum>,
}

impl Schema {
    pub fn datasource(&self) -> Option<&ConfigBlock> {
        self.datasources.first()
    }

    /// The datasource's `provider` string.
    pub fn provider(&self) -> Option<&str> {
        self.datasource()?.property("provider")?.as_str()
    }

    pub fn model(&self, name: &str) -> Option<&Model> {
        self.models.iter().find(|m| m.name.name == name)
    }

    pub fn enum_named(&self, name: &str) -> Option<&Enum> {
        self.enums.iter().find(|e| e.name.name == name)
    }
}
