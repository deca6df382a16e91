//! No span makes a renderer panic: every start/end pair over awkward texts (CRLF, a lone CR,
//! tabs, multi-byte characters, an empty file, a missing final newline), reversed spans,
//! spans past the end, and labels into another file or into a file the map lacks.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use miglint_diagnostics::{Category, Diagnostic, Format, RenderOptions, Report, Severity, render};
use miglint_source::{FileId, SourceFile, SourceMap, Span};

const TEXTS: [&str; 4] = ["a\tö\r\n\r\nß x\rz\n€", "", "\n", "x\r\n"];

fn all_formats(report: &Report, sources: &SourceMap) {
    let options = RenderOptions {
        color: false,
        width: 40,
        tool_version: "0.0.0",
    };
    for format in Format::NAMES {
        let format = format.parse().unwrap();
        let out = render(format, report, sources, &[], &options);
        if format == Format::Human {
            assert!(out.ends_with(")\n"), "ends with the summary line: {out}");
        }
    }
}

#[test]
fn any_span_renders_in_every_format() {
    for text in TEXTS {
        let mut sources = SourceMap::new();
        let file = sources.add(SourceFile::new(
            PathBuf::from("m.sql"),
            "m.sql".into(),
            text.into(),
        ));
        let other = sources.add(SourceFile::new(
            PathBuf::from("o.sql"),
            "o.sql".into(),
            "SELECT 1;\r\n".into(),
        ));
        let limit = u32::try_from(text.len()).unwrap() + 2;
        let mut diagnostics = Vec::new();
        for start in 0..=limit {
            for end in 0..=limit {
                diagnostics.push(
                    Diagnostic::new(
                        "syntax-error",
                        Category::Correctness,
                        Severity::Error,
                        file,
                        Span::new(start, end),
                        "m",
                    )
                    .with_label(file, Span::new(end, start), "same file, reversed")
                    .with_label(other, Span::new(start, end), "other file")
                    .with_label(FileId(99), Span::new(start, end), "no such file")
                    .with_help("h")
                    .with_fix("SELECT 1;")
                    .with_group(format!("g{}", start % 3)),
                );
            }
        }
        diagnostics.push(Diagnostic::new(
            "syntax-error",
            Category::Correctness,
            Severity::Warning,
            FileId(7),
            Span::new(u32::MAX - 1, u32::MAX),
            "in a file the map lacks",
        ));
        let report = Report {
            diagnostics,
            ..Report::default()
        };
        all_formats(&report, &sources);
    }
}
