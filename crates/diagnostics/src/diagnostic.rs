//! A finding as plain data. Nothing here knows how it will be printed.

use miglint_source::{FileId, Span};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Drift,
    Correctness,
    Locking,
    Compat,
    Transaction,
    History,
    Style,
    Suppression,
    /// `miglint verify`: a live database against the history and the model.
    Verify,
}

impl Category {
    pub const ALL: [Category; 9] = [
        Category::Drift,
        Category::Correctness,
        Category::Locking,
        Category::Compat,
        Category::Transaction,
        Category::History,
        Category::Style,
        Category::Suppression,
        Category::Verify,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Category::Drift => "drift",
            Category::Correctness => "correctness",
            Category::Locking => "locking",
            Category::Compat => "compat",
            Category::Transaction => "transaction",
            Category::History => "history",
            Category::Style => "style",
            Category::Suppression => "suppression",
            Category::Verify => "verify",
        }
    }
}

/// A secondary location with its own message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub file: FileId,
    pub span: Span,
    pub message: String,
}

/// SQL that closes the gap a finding describes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub sql: String,
}

/// The other way to close a finding about an object the history has and the
/// model lacks: declare it in the model instead of dropping it (the `fix`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Declare {
    /// Text to add to the model file, in the model's language.
    Model(String),
    /// What to declare and where, when no exact text can be derived.
    Manual(String),
}

impl Declare {
    pub fn text(&self) -> &str {
        match self {
            Declare::Model(text) | Declare::Manual(text) => text,
        }
    }
}

/// The database object a finding is about, so tools need not parse messages.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Subject {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

impl Subject {
    pub fn is_empty(&self) -> bool {
        self == &Subject::default()
    }
}

/// What a group of findings of one rule has in common, in the rule's words:
/// the human renderer prints "table `users`: 2 <many>" (or "1 <one>").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Heading {
    /// For one finding: "column the model declares is missing".
    pub one: &'static str,
    /// For several: "columns the model declares are missing".
    pub many: &'static str,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: &'static str,
    pub category: Category,
    pub severity: Severity,
    /// What is wrong: lower-case start, no trailing period.
    pub message: String,
    pub file: FileId,
    pub span: Span,
    pub labels: Vec<Label>,
    /// What to do instead.
    pub help: Option<String>,
    pub fix: Option<Fix>,
    /// For an object the model lacks: how to declare it instead.
    pub declare: Option<Declare>,
    pub subject: Subject,
    /// Findings with the same group key (e.g. one table's missing columns) are
    /// told as one story by the human renderer; other formats ignore it.
    pub group: Option<String>,
    /// How the rule words a group of its findings; without one, the group
    /// header gives a plain count.
    pub heading: Option<Heading>,
}

impl Diagnostic {
    pub fn new(
        rule: &'static str,
        category: Category,
        severity: Severity,
        file: FileId,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        Self {
            rule,
            category,
            severity,
            message: message.into(),
            file,
            span,
            labels: Vec::new(),
            help: None,
            fix: None,
            declare: None,
            subject: Subject::default(),
            group: None,
            heading: None,
        }
    }

    pub fn with_label(mut self, file: FileId, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            file,
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_fix(mut self, sql: impl Into<String>) -> Self {
        self.fix = Some(Fix { sql: sql.into() });
        self
    }

    pub fn with_declare(mut self, declare: Declare) -> Self {
        self.declare = Some(declare);
        self
    }

    pub fn with_subject(mut self, subject: Subject) -> Self {
        self.subject = subject;
        self
    }

    pub fn with_group(mut self, group: impl Into<String>) -> Self {
        self.group = Some(group.into());
        self
    }

    pub fn with_heading(mut self, heading: Heading) -> Self {
        self.heading = Some(heading);
        self
    }
}
