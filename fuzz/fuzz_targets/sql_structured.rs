//! Structure-aware SQL (see `miglint_fuzz::structured`) through the same
//! pipeline as `sql_pipeline`, plus one oracle: the line ending must not
//! change how a file splits and what each statement does.
#![no_main]

use std::mem::discriminant;

use libfuzzer_sys::fuzz_target;
use miglint_fuzz::structured::{Newline, Script, script};
use miglint_fuzz::{deeply_nested, lint_sql, parse_checked, show, skip_known};
use miglint_project::Tool;
use miglint_source::{Dialect, Span};

fuzz_target!(|data: &[u8]| {
    miglint_fuzz::init();
    let Some(script) = script(data) else {
        return;
    };
    let rendered = script.render();
    if show() {
        eprintln!(
            "{:?} {:?}\n{:?}",
            script.dialect, script.newline, rendered.text
        );
    }
    if skip_known() && deeply_nested(&rendered.text) {
        return;
    }
    let whole = Span::from_range(0..rendered.text.len());
    lint_sql(&rendered.text, whole, script.dialect, Tool::Prisma);

    if rendered.raw {
        return;
    }
    let lf = signature(&script, Newline::Lf);
    assert_eq!(
        lf,
        signature(&script, Newline::CrLf),
        "CRLF changes the statements"
    );
    // PostgreSQL ends a `--` comment at a lone CR; MySQL and SQLite do not,
    // and client directives are read line by line.
    let cr_comparable = !rendered.line_directives
        && (!rendered.line_comments || (script.dialect == Dialect::Postgres && !skip_known()));
    if cr_comparable {
        assert_eq!(
            lf,
            signature(&script, Newline::Cr),
            "lone CR changes the statements"
        );
    }
});

/// Per statement: whether it parsed and what kind of change it makes.
fn signature(script: &Script, newline: Newline) -> Vec<(bool, String)> {
    let text = script.render_with(newline).text;
    let whole = Span::from_range(0..text.len());
    parse_checked(&text, whole, script.dialect)
        .statements
        .iter()
        .map(|s| (s.parsed(), format!("{:?}", discriminant(&s.change))))
        .collect()
}
