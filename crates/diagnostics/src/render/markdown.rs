//! The `markdown` output format: a table of every finding, for a CI job
//! summary (GitHub's `$GITHUB_STEP_SUMMARY` shows all of them, where the
//! annotations stop at ten of each kind per step).

use std::fmt::Write;

use miglint_source::SourceMap;

use super::human::summary_line;
use super::location::locate;
use crate::Report;

pub fn render(report: &Report, sources: &SourceMap) -> String {
    let mut out = String::from("## miglint\n\n");
    let _ = writeln!(out, "{}\n", summary_line(&report.summary()));
    for project in &report.projects {
        if let Some(reason) = &project.history_reason {
            let _ = writeln!(
                out,
                "> `{}`: history read as partial: {}\n",
                cell(&project.root),
                cell(reason)
            );
        }
    }
    if report.diagnostics.is_empty() {
        return out;
    }
    out.push_str("| Severity | Rule | Location | Message |\n|---|---|---|---|\n");
    for diagnostic in &report.diagnostics {
        let at = locate(sources, diagnostic.file, diagnostic.span);
        let mut message = cell(&diagnostic.message);
        if let Some(help) = &diagnostic.help {
            let _ = write!(message, "<br>help: {}", cell(help));
        }
        let _ = writeln!(
            out,
            "| {} | `{}` | `{}:{}:{}` | {} |",
            diagnostic.severity.as_str(),
            diagnostic.rule,
            cell(at.path).replace('`', "'"),
            at.start.line,
            at.start.column,
            message
        );
    }
    out
}

/// Text safe inside a table cell: no line breaks, no column separators, no HTML.
fn cell(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace("\r\n", "<br>")
        .replace(['\r', '\n'], "<br>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_stay_on_one_row() {
        assert_eq!(cell("a | b\nc <d>"), "a \\| b<br>c &lt;d&gt;");
    }
}
