//! The `sarif` output format: SARIF 2.1.0, one run.
//!
//! `tool.driver.rules` lists the whole registry (plus any rule a finding names that the
//! registry lacks, so that every `ruleIndex` is valid). Columns count Unicode scalar values
//! (`columnKind: unicodeCodePoints`); `endColumn` is exclusive, as SARIF defines it. Labels
//! become `relatedLocations`. A miglint fix is SQL for a new migration, not an edit of a file
//! that exists, so it cannot be a SARIF `fix` (which needs `artifactChanges`): the help and
//! the fix SQL go into the result's property bag (`properties.help`, `properties.fix.sql`,
//! `properties.declare` for the model text that keeps an object instead)
//! and into `message.markdown`.

use miglint_source::{FileId, SourceMap, Span};
use serde::Serialize;

use super::RenderOptions;
use super::location::locate;
use crate::{Diagnostic, Report, RuleMeta, Severity, Subject, fingerprint};

pub const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    column_kind: &'static str,
    results: Vec<ResultOut<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<String>,
    rules: Vec<Rule<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    short_description: Option<Text<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<Text<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<Markdown<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    default_configuration: Option<Configuration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<RuleProperties>,
}

#[derive(Serialize)]
struct Text<'a> {
    text: std::borrow::Cow<'a, str>,
}

#[derive(Serialize)]
struct Markdown<'a> {
    text: std::borrow::Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    markdown: Option<String>,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: [&'static str; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultOut<'a> {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Markdown<'a>,
    locations: [LocationOut<'a>; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<LocationOut<'a>>,
    /// Lets code scanning follow a finding across commits that move it.
    partial_fingerprints: PartialFingerprints,
    #[serde(skip_serializing_if = "ResultProperties::is_empty")]
    properties: ResultProperties<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LocationOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
    byte_offset: u32,
    byte_length: u32,
}

#[derive(Serialize)]
struct PartialFingerprints {
    #[serde(rename = "miglint/v1")]
    miglint: String,
}

#[derive(Serialize)]
struct ResultProperties<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<&'a crate::Fix>,
    #[serde(skip_serializing_if = "Option::is_none")]
    declare: Option<&'a crate::Declare>,
    #[serde(skip_serializing_if = "Option::is_none")]
    subject: Option<&'a Subject>,
}

impl ResultProperties<'_> {
    fn is_empty(&self) -> bool {
        self.help.is_none()
            && self.fix.is_none()
            && self.declare.is_none()
            && self.subject.is_none()
    }
}

pub fn render(
    report: &Report,
    sources: &SourceMap,
    rules: &[RuleMeta],
    options: &RenderOptions,
) -> String {
    let mut rule_ids: Vec<&str> = rules.iter().map(|r| r.id).collect();
    for diagnostic in &report.diagnostics {
        if !rule_ids.contains(&diagnostic.rule) {
            rule_ids.push(diagnostic.rule);
        }
    }
    let docs = Docs::new(options.docs_url.as_deref());
    let rule_entries = rule_ids
        .iter()
        .map(|id| match rules.iter().find(|r| r.id == *id) {
            Some(meta) => rule(meta, &docs),
            None => Rule {
                id,
                name: None,
                short_description: None,
                full_description: None,
                help: None,
                help_uri: None,
                default_configuration: None,
                properties: None,
            },
        })
        .collect();
    let results = report
        .diagnostics
        .iter()
        .map(|d| {
            let index = rule_ids.iter().position(|id| *id == d.rule).unwrap_or(0);
            result(d, index, sources)
        })
        .collect();
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "miglint",
                    version: options.tool_version,
                    semantic_version: options.tool_version,
                    information_uri: docs.information_uri(),
                    rules: rule_entries,
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".to_owned());
    out.push('\n');
    out
}

/// Where the rules' documentation is: the repository the build declares
/// (`repository` in the workspace Cargo.toml), else `[output] docs-url`.
/// Neither: no address is given rather than one made up.
enum Docs<'a> {
    Repository(&'static str),
    Template(&'a str),
    None,
}

impl<'a> Docs<'a> {
    fn new(template: Option<&'a str>) -> Self {
        match (repository(), template) {
            (Some(repository), _) => Docs::Repository(repository),
            (None, Some(template)) => Docs::Template(template),
            (None, None) => Docs::None,
        }
    }

    /// `informationUri`: the repository, or the template's part before `{rule}`.
    fn information_uri(&self) -> Option<String> {
        match self {
            Docs::Repository(repository) => Some((*repository).to_owned()),
            Docs::Template(template) => template
                .split("{rule}")
                .next()
                .map(|base| base.trim_end_matches('/').to_owned())
                .filter(|base| base.contains("://")),
            Docs::None => None,
        }
    }

    /// `helpUri` of one rule.
    fn help_uri(&self, meta: &RuleMeta) -> Option<String> {
        match self {
            Docs::Repository(repository) => Some(format!(
                "{repository}/blob/main/rules/{}/{}.rs",
                meta.category.as_str(),
                meta.id.replace('-', "_")
            )),
            Docs::Template(template) => Some(template.replace("{rule}", meta.id)),
            Docs::None => None,
        }
    }
}

/// The project's address as the workspace declares it, if any.
fn repository() -> Option<&'static str> {
    option_env!("CARGO_PKG_REPOSITORY").filter(|uri| !uri.is_empty())
}

fn rule<'a>(meta: &'a RuleMeta, docs: &Docs<'_>) -> Rule<'a> {
    Rule {
        id: meta.id,
        name: Some(meta.id),
        short_description: Some(Text {
            text: meta.summary.into(),
        }),
        full_description: Some(Text {
            text: meta.description().into(),
        }),
        help: Some(Markdown {
            text: meta.documentation().into(),
            markdown: Some(meta.documentation()),
        }),
        help_uri: docs.help_uri(meta),
        default_configuration: Some(Configuration {
            level: level(meta.default_severity),
        }),
        properties: Some(RuleProperties {
            tags: [meta.category.as_str()],
        }),
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn result<'a>(diagnostic: &'a Diagnostic, rule_index: usize, sources: &SourceMap) -> ResultOut<'a> {
    ResultOut {
        rule_id: diagnostic.rule,
        rule_index,
        level: level(diagnostic.severity),
        message: message(diagnostic),
        locations: [location(sources, diagnostic.file, diagnostic.span, None)],
        related_locations: diagnostic
            .labels
            .iter()
            .enumerate()
            .map(|(id, label)| {
                location(
                    sources,
                    label.file,
                    label.span,
                    Some((id, label.message.as_str())),
                )
            })
            .collect(),
        partial_fingerprints: PartialFingerprints {
            miglint: sources
                .get(diagnostic.file)
                .map(|f| fingerprint(diagnostic, &f.display_path, &f.text))
                .unwrap_or_default(),
        },
        properties: ResultProperties {
            help: diagnostic.help.as_deref(),
            fix: diagnostic.fix.as_ref(),
            declare: diagnostic.declare.as_ref(),
            subject: (!diagnostic.subject.is_empty()).then_some(&diagnostic.subject),
        },
    }
}

/// The message as text, and with the help and the fix SQL as Markdown where there are any.
fn message(diagnostic: &Diagnostic) -> Markdown<'_> {
    if diagnostic.help.is_none() && diagnostic.fix.is_none() {
        return Markdown {
            text: diagnostic.message.as_str().into(),
            markdown: None,
        };
    }
    let mut markdown = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        markdown.push_str("\n\nhelp: ");
        markdown.push_str(help);
    }
    if let Some(fix) = &diagnostic.fix {
        markdown.push_str("\n\nfix:\n\n```sql\n");
        markdown.push_str(fix.sql.trim_end());
        markdown.push_str("\n```");
    }
    Markdown {
        text: diagnostic.message.as_str().into(),
        markdown: Some(markdown),
    }
}

fn location<'a>(
    sources: &SourceMap,
    file: FileId,
    span: Span,
    label: Option<(usize, &'a str)>,
) -> LocationOut<'a> {
    let at = locate(sources, file, span);
    LocationOut {
        id: label.map(|(id, _)| id),
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: uri_path(at.path),
            },
            region: Region {
                start_line: at.start.line,
                start_column: at.start.column,
                end_line: at.end.line,
                end_column: at.end.column,
                byte_offset: at.start.offset,
                byte_length: at.end.offset.saturating_sub(at.start.offset),
            },
        },
        message: label.map(|(_, text)| Text { text: text.into() }),
    }
}

/// A `/`-separated path as a relative URI reference: every byte outside the unreserved set
/// and `/` is percent-encoded (spaces, `%`, `#`, non-ASCII names).
fn uri_path(path: &str) -> String {
    let mut uri = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri_path("a b/größe#1.sql"), "a%20b/gr%C3%B6%C3%9Fe%231.sql");
        assert_eq!(uri_path("prisma/schema.prisma"), "prisma/schema.prisma");
    }
}
