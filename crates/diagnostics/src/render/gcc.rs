//! The `gcc` output format: one line per finding,
//! `path:line:column: severity: message [rule]`, no other output.
//!
//! An editor's problem matcher reads every line with this one regular expression
//! (groups: path, line, column, severity, message, rule):
//!
//! ```text
//! ^(.+):(\d+):(\d+): (error|warning): (.*) \[([a-z0-9-]+)\]$
//! ```
//!
//! The path group is greedy so that a Windows drive (`C:/…`) stays in the path. Line
//! breaks in a message are printed as spaces so that a finding stays on one line.

use std::fmt::Write;

use miglint_source::SourceMap;

use super::location::locate;
use crate::Report;

/// The problem-matcher regex documented above, for tests and editor configs.
pub const PROBLEM_MATCHER: &str = r"^(.+):(\d+):(\d+): (error|warning): (.*) \[([a-z0-9-]+)\]$";

pub fn render(report: &Report, sources: &SourceMap) -> String {
    let mut out = String::new();
    for diagnostic in &report.diagnostics {
        let at = locate(sources, diagnostic.file, diagnostic.span);
        let _ = writeln!(
            out,
            "{}:{}:{}: {}: {} [{}]",
            one_line(at.path),
            at.start.line,
            at.start.column,
            diagnostic.severity.as_str(),
            one_line(&diagnostic.message),
            diagnostic.rule
        );
    }
    out
}

fn one_line(text: &str) -> String {
    text.replace("\r\n", " ").replace(['\r', '\n'], " ")
}
