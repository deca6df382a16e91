//! The `json` output format, version 1 (DESIGN.md, "CLI contract"). Fields may be added
//! in later versions, never renamed or removed.

use miglint_source::SourceMap;
use serde::Serialize;

use super::RenderOptions;
use super::location::{Position, locate};
use crate::{Declare, Diagnostic, Fix, ProjectSummary, Report, Subject, Summary};

pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool,
    projects: &'a [ProjectSummary],
    diagnostics: Vec<Finding<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Finding<'a> {
    rule: &'static str,
    category: &'static str,
    severity: &'static str,
    message: &'a str,
    file: &'a str,
    start: Position,
    end: Position,
    labels: Vec<LabelOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<&'a Fix>,
    #[serde(skip_serializing_if = "Option::is_none")]
    declare: Option<&'a Declare>,
    #[serde(skip_serializing_if = "no_subject")]
    subject: &'a Subject,
}

#[derive(Serialize)]
struct LabelOut<'a> {
    file: &'a str,
    start: Position,
    end: Position,
    message: &'a str,
}

pub fn render(report: &Report, sources: &SourceMap, options: &RenderOptions) -> String {
    let document = Document {
        version: VERSION,
        tool: Tool {
            name: "miglint",
            version: options.tool_version,
        },
        projects: &report.projects,
        diagnostics: report
            .diagnostics
            .iter()
            .map(|d| finding(d, sources))
            .collect(),
        summary: report.summary(),
    };
    // Serialising these plain structs cannot fail; an empty object keeps stdout parseable.
    let mut out = serde_json::to_string_pretty(&document).unwrap_or_else(|_| "{}".to_owned());
    out.push('\n');
    out
}

fn finding<'a>(diagnostic: &'a Diagnostic, sources: &'a SourceMap) -> Finding<'a> {
    let at = locate(sources, diagnostic.file, diagnostic.span);
    Finding {
        rule: diagnostic.rule,
        category: diagnostic.category.as_str(),
        severity: diagnostic.severity.as_str(),
        message: &diagnostic.message,
        file: at.path,
        start: at.start,
        end: at.end,
        labels: diagnostic
            .labels
            .iter()
            .map(|label| {
                let at = locate(sources, label.file, label.span);
                LabelOut {
                    file: at.path,
                    start: at.start,
                    end: at.end,
                    message: &label.message,
                }
            })
            .collect(),
        help: diagnostic.help.as_deref(),
        fix: diagnostic.fix.as_ref(),
        declare: diagnostic.declare.as_ref(),
        subject: &diagnostic.subject,
    }
}

fn no_subject(subject: &&Subject) -> bool {
    subject.is_empty()
}
