//! The `github` output format: one workflow command per finding, which GitHub Actions
//! turns into an annotation on the pull request:
//!
//! ```text
//! ::error file=PATH,line=L,col=C,endLine=L2,endColumn=C2,title=RULE::MESSAGE
//! ```
//!
//! Warnings use `::warning`. `endColumn` is exclusive, like everywhere in miglint's output;
//! `col`/`endColumn` are only given for a single-line span, as GitHub ignores columns on
//! annotations that span lines. The message carries the help and the fix SQL on lines of
//! their own. Escaping follows GitHub's runner: in the message `%`, CR and LF become
//! `%25`, `%0D`, `%0A`; in properties also `:` and `,` become `%3A` and `%2C`.

use std::fmt::Write;

use miglint_source::SourceMap;

use super::location::locate;
use crate::{Report, Severity};

pub fn render(report: &Report, sources: &SourceMap) -> String {
    let mut out = String::new();
    for diagnostic in &report.diagnostics {
        let at = locate(sources, diagnostic.file, diagnostic.span);
        let command = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut properties = format!("file={},line={}", escape_property(at.path), at.start.line);
        if at.start.line == at.end.line {
            let _ = write!(properties, ",col={}", at.start.column);
        }
        let _ = write!(properties, ",endLine={}", at.end.line);
        if at.start.line == at.end.line {
            let _ = write!(properties, ",endColumn={}", at.end.column);
        }
        let _ = write!(properties, ",title={}", escape_property(diagnostic.rule));

        let mut message = diagnostic.message.clone();
        if let Some(help) = &diagnostic.help {
            let _ = write!(message, "\nhelp: {help}");
        }
        if let Some(fix) = &diagnostic.fix {
            let _ = write!(message, "\nfix:\n{}", fix.sql);
        }
        let _ = writeln!(out, "::{command} {properties}::{}", escape_data(&message));
    }
    out
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_matches_the_runner() {
        assert_eq!(escape_data("50% a:b,c\r\nd"), "50%25 a:b,c%0D%0Ad");
        assert_eq!(escape_property("C:/a,b%\n"), "C%3A/a%2Cb%25%0A");
    }
}
