//! What the fuzz targets share: the SQL pipeline as the engine drives it
//! (split, parse, replay, statement and replay rules), the invariants each
//! stage must keep, and the guard that skips inputs of already-tracked bugs.

pub mod project;
pub mod structured;

use std::sync::OnceLock;

use std::path::Path;

use miglint_diagnostics::Diagnostic;
use miglint_engine::{Config, HistoryMode, RunInputs, lint_with};
use miglint_project::{Migration, Project, Tool};
use miglint_source::{Dialect, Span};
use miglint_syntax::{ParsedFile, parse_range, split_statements};

/// The dialect a selector byte picks.
pub fn dialect_from(byte: u8) -> Dialect {
    match byte % 3 {
        0 => Dialect::Postgres,
        1 => Dialect::MySql,
        _ => Dialect::Sqlite,
    }
}

/// Set `MIGLINT_FUZZ_SKIP_KNOWN=1` to skip inputs shaped like the bugs that
/// are already tracked (deep nesting, lone-CR comments), so a run can find
/// the others before those fixes land.
pub fn skip_known() -> bool {
    static SKIP: OnceLock<bool> = OnceLock::new();
    *SKIP.get_or_init(|| std::env::var_os("MIGLINT_FUZZ_SKIP_KNOWN").is_some_and(|v| v != "0"))
}

/// Set `MIGLINT_FUZZ_SHOW=1` to print what a target derived from its input
/// (to read a crash file: run the target binary on it).
pub fn show() -> bool {
    static SHOW: OnceLock<bool> = OnceLock::new();
    *SHOW.get_or_init(|| std::env::var_os("MIGLINT_FUZZ_SHOW").is_some_and(|v| v != "0"))
}

/// Lets libFuzzer report a stack overflow with its input (call it first in
/// every target: libFuzzer installs its handlers after its initialize hook). Without a
/// sanitizer nothing gives the main thread an alternate signal stack, so
/// libFuzzer's SIGSEGV handler would itself overflow and the run would die
/// without saving the input: give it one, and run the handler on it.
pub fn init() {
    static DONE: OnceLock<()> = OnceLock::new();
    DONE.get_or_init(|| {
        const SIZE: usize = 1 << 20;
        // Leaked on purpose: the signal stack must live as long as the process.
        let stack: &'static mut [u8] = Box::leak(vec![0u8; SIZE].into_boxed_slice());
        // SAFETY: `stack` is a valid, never freed buffer of SIZE bytes; the
        // handler re-registered is the one already installed, only with
        // SA_ONSTACK added.
        unsafe {
            let alt = libc::stack_t {
                ss_sp: stack.as_mut_ptr().cast(),
                ss_flags: 0,
                ss_size: SIZE,
            };
            if libc::sigaltstack(&alt, std::ptr::null_mut()) != 0 {
                return;
            }
            for signal in [libc::SIGSEGV, libc::SIGBUS] {
                let mut action: libc::sigaction = std::mem::zeroed();
                if libc::sigaction(signal, std::ptr::null(), &mut action) == 0
                    && action.sa_sigaction != libc::SIG_DFL
                {
                    action.sa_flags |= libc::SA_ONSTACK;
                    libc::sigaction(signal, &action, std::ptr::null_mut());
                }
            }
        }
    });
}

/// Whether `text` nests deep enough to reach the tracked stack overflows
/// (nested `DO` blocks, nested Prisma calls and lists) or the quadratic
/// parentheses of a default.
pub fn deeply_nested(text: &str) -> bool {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    for byte in text.bytes() {
        match byte {
            b'(' | b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest > 400 || do_words(text) > 100
}

/// How many times the word `DO` appears (each may open a nested block).
fn do_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    let word = |i: usize| {
        bytes
            .get(i)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
    };
    (0..bytes.len().saturating_sub(1))
        .filter(|&i| {
            bytes
                .get(i..i + 2)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"do"))
                && (i == 0 || !word(i - 1))
                && !word(i + 2)
        })
        .count()
}

/// Checks that `span` lies in `text`, on character boundaries.
pub fn assert_span(text: &str, span: Span, what: &str) {
    let (start, end) = (span.start as usize, span.end as usize);
    assert!(
        start <= end && end <= text.len(),
        "{what} span {start}..{end} outside a text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what} span {start}..{end} splits a character"
    );
}

/// Splits `range` of `text` and checks the statements are in order, inside
/// the range and on character boundaries.
pub fn split_checked(text: &str, range: Span, dialect: Dialect) -> Vec<Span> {
    let spans = split_statements(text, range, dialect);
    let mut previous_end = range.start;
    for span in &spans {
        assert_span(text, *span, "split statement");
        assert!(
            span.start >= previous_end && span.end <= range.end,
            "split statement {span:?} out of order or outside {range:?}"
        );
        previous_end = span.end;
    }
    spans
}

/// Parses `range` of `text` and checks every span it reports.
pub fn parse_checked(text: &str, range: Span, dialect: Dialect) -> ParsedFile {
    let parsed = parse_range(text, range, dialect);
    for statement in &parsed.statements {
        assert_span(text, statement.span, "statement");
        assert!(
            statement.span.start >= range.start && statement.span.end <= range.end,
            "statement {:?} outside {range:?}",
            statement.span
        );
        if let Some(error) = &statement.error {
            assert_span(text, error.span, "syntax error");
        }
    }
    parsed
}

/// A one-migration project around an in-memory file, as discovery would
/// describe it.
pub fn memory_project(dialect: Dialect, tool: Tool, range: Span) -> Project {
    Project {
        root: "/fuzz".into(),
        tool,
        dialect,
        dialect_source: "fuzz".to_owned(),
        migrations: vec![Migration {
            name: "fuzz".to_owned(),
            path: "/fuzz/migration.sql".into(),
            up_section: Some(range),
        }],
        model: Vec::new(),
        ignored_files: Vec::new(),
        single_file: false,
    }
}

/// The engine's whole run on one in-memory migration (the text is handed in
/// as an unsaved buffer), once as a complete history and once as a partial
/// one (tables no statement creates are assumed to exist): every rule runs.
pub fn lint_sql(text: &str, range: Span, dialect: Dialect, tool: Tool) -> Vec<Diagnostic> {
    split_checked(text, range, dialect);
    parse_checked(text, range, dialect);
    let project = memory_project(dialect, tool, range);
    let mut inputs = RunInputs::default();
    let Some(migration) = project.migrations.first() else {
        return Vec::new();
    };
    inputs
        .buffers
        .insert(migration.path.clone(), text.to_owned());
    let mut diagnostics = Vec::new();
    for history in [HistoryMode::Complete, HistoryMode::Partial] {
        let config = Config {
            history,
            ..Config::default()
        };
        let run = lint_with(
            std::slice::from_ref(&project),
            miglint_rules::RULES,
            &config,
            Path::new("/fuzz"),
            &inputs,
        );
        for diagnostic in &run.report.diagnostics {
            let is_migration = run
                .sources
                .get(diagnostic.file)
                .is_some_and(|f| f.path == migration.path);
            if is_migration {
                assert_span(text, diagnostic.span, diagnostic.rule);
            }
        }
        diagnostics.extend(run.report.diagnostics);
    }
    diagnostics
}

/// A section of `text` chosen by `selector`: the whole text, or a part that
/// starts and ends on character boundaries (like a dbmate up section).
pub fn section(text: &str, selector: u8) -> Span {
    let whole = Span::from_range(0..text.len());
    if selector & 0x80 == 0 || text.is_empty() {
        return whole;
    }
    let boundary = |at: usize| {
        (at..=text.len())
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(text.len())
    };
    // Up to 3/8 of the text cut from each end.
    let cut_start = usize::from(selector & 0x03);
    let cut_end = usize::from((selector >> 2) & 0x03);
    let start = boundary(text.len() * cut_start / 8);
    let end = boundary(text.len() - text.len() * cut_end / 8);
    Span::from_range(start..end.max(start))
}

/// The tool a selector byte picks: it decides the bookkeeping table and
/// platform schemas, which some rules read.
pub fn tool_from(byte: u8) -> Tool {
    let tools = Tool::ALL;
    tools
        .get(usize::from(byte) % tools.len())
        .copied()
        .unwrap_or(Tool::Plain)
}
