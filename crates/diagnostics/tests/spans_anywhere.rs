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
        docs_url: None,
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

/// A finding far along a one-megabyte line (a minified or generated migration): miette
/// pads with the column as a format width, which panics past `u16::MAX`, so the human
/// output shows a window of the line around the finding instead, at the true position.
#[test]
fn findings_far_along_a_very_long_line_render() {
    let padding = "x".repeat(1 << 20);
    let text = format!("/*{padding}*/ CREATE TABLE t (id int, id int);\n\tSELECT 1;\n");
    let at = u32::try_from(text.find("id int);").unwrap()).unwrap();
    let mut sources = SourceMap::new();
    let file = sources.add(SourceFile::new(
        PathBuf::from("m.sql"),
        "m.sql".into(),
        text.clone(),
    ));
    let report = Report {
        diagnostics: vec![
            Diagnostic::new(
                "object-already-exists",
                Category::Correctness,
                Severity::Error,
                file,
                Span::new(at, at + 2),
                "duplicate",
            )
            // One label near the finding, one a megabyte away, one on the next line.
            .with_label(file, Span::new(at - 8, at - 6), "created here")
            .with_label(file, Span::new(0, 2), "far away")
            .with_label(file, Span::new(at + 10, at + 20), "next line"),
            // A span covering the whole long line.
            Diagnostic::new(
                "syntax-error",
                Category::Correctness,
                Severity::Warning,
                file,
                Span::new(0, at + 8),
                "whole line",
            ),
        ],
        ..Report::default()
    };
    all_formats(&report, &sources);
    let options = RenderOptions {
        color: false,
        width: 100,
        tool_version: "0.0.0",
        docs_url: None,
    };
    let human = render(Format::Human, &report, &sources, &[], &options);
    let column = padding.len() + 30;
    assert!(
        human.contains(&format!("[m.sql:1:{column}]")),
        "the header keeps the true line and column: {human}"
    );
    assert!(human.contains("…"), "the cut line is marked: {human}");
    assert!(human.contains("created here"), "{human}");
    assert!(!human.contains("far away"), "{human}");
    assert!(
        human.len() < 10_000,
        "bounded output: {} bytes",
        human.len()
    );
}
