//! Arbitrary bytes as Prisma schema files (split at `\0\xff` into several
//! files): parse, map to the expected schema, compare with an empty catalog,
//! then replay the fix SQL the drift findings suggest and compare again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use miglint_catalog::{Catalog, Origin, ReplayOptions};
use miglint_fuzz::project::SEPARATOR;
use miglint_fuzz::{assert_span, deeply_nested, parse_checked, skip_known};
use miglint_model::{Fix, compare};
use miglint_prisma::read_model;
use miglint_source::{FileId, Span};

fuzz_target!(|data: &[u8]| {
    miglint_fuzz::init();
    let parts = split_files(data);
    if skip_known() && parts.iter().any(|p| deeply_nested(p)) {
        return;
    }
    let files: Vec<(FileId, &str)> = parts
        .iter()
        .enumerate()
        .map(|(i, text)| (FileId(u32::try_from(i).unwrap_or(u32::MAX)), text.as_str()))
        .collect();
    let (expected, fixes) = match read_model(&files) {
        Ok(read) => read,
        Err(errors) => {
            for error in errors {
                let text = parts.get(error.file.0 as usize).map_or("", String::as_str);
                assert_span(text, error.span, "schema error");
            }
            return;
        }
    };
    let empty = Catalog::new(expected.dialect);
    let drifts = compare(&expected, &empty, &fixes);
    let fix: String = drifts
        .iter()
        .filter_map(|d| match &d.fix {
            Fix::Sql(sql) => Some(format!("{sql};\n")),
            Fix::Manual(_) | Fix::Model(_) => None,
        })
        .collect();
    let parsed = parse_checked(&fix, Span::from_range(0..fix.len()), expected.dialect);
    let mut catalog = Catalog::new(expected.dialect);
    for statement in &parsed.statements {
        let at = Origin {
            file: FileId(0),
            span: statement.span,
        };
        catalog.apply(&statement.change, at, ReplayOptions::default());
    }
    compare(&expected, &catalog, &fixes);
});

fn split_files(data: &[u8]) -> Vec<String> {
    let mut parts = Vec::new();
    let mut rest = data;
    while let Some(at) = rest.windows(SEPARATOR.len()).position(|w| w == SEPARATOR) {
        parts.push(String::from_utf8_lossy(rest.get(..at).unwrap_or_default()).into_owned());
        rest = rest.get(at + SEPARATOR.len()..).unwrap_or_default();
    }
    parts.push(String::from_utf8_lossy(rest).into_owned());
    parts
}
