//! Arbitrary bytes through split, parse, replay and the statement and replay
//! rules. The first byte picks the dialect (low bits), the tool and whether
//! only a section of the file is read (high bit); the rest is the file,
//! read as the engine reads it (invalid UTF-8 replaced).
#![no_main]

use libfuzzer_sys::fuzz_target;
use miglint_fuzz::{deeply_nested, dialect_from, lint_sql, section, skip_known, tool_from};

fuzz_target!(|data: &[u8]| {
    miglint_fuzz::init();
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    if skip_known() && deeply_nested(&text) {
        return;
    }
    let dialect = dialect_from(selector);
    let tool = tool_from(selector >> 2);
    lint_sql(&text, section(&text, selector), dialect, tool);
});
