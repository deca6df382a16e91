//! `cargo xtask new-rule <category> <rule-id>`: writes the rule's file, its
//! fixture, and the lines that register it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const CATEGORIES: [&str; 8] = [
    "drift",
    "correctness",
    "locking",
    "compat",
    "transaction",
    "history",
    "style",
    "suppression",
];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [command, category, id] if command == "new-rule" => new_rule(&repo_root(), category, id),
        _ => Err("usage: cargo xtask new-rule <category> <rule-id>".to_owned()),
    };
    match result {
        Ok(written) => {
            for path in written {
                println!("wrote {}", path.display());
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: this crate lives in `crates/xtask`.
fn repo_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .nth(2)
        .map_or(manifest.clone(), Path::to_path_buf)
}

fn pascal_case(id: &str) -> String {
    id.split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// Scaffolds a rule under `root`; returns the files written or changed.
fn new_rule(root: &Path, category: &str, id: &str) -> Result<Vec<PathBuf>, String> {
    if !CATEGORIES.contains(&category) {
        return Err(format!(
            "unknown category `{category}` (one of: {})",
            CATEGORIES.join(", ")
        ));
    }
    let kebab = !id.is_empty()
        && id.chars().all(|c| c.is_ascii_lowercase() || c == '-')
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--");
    if !kebab || id.starts_with("ban-") || id.starts_with("no-") {
        return Err(format!(
            "`{id}` is not a kebab-case name of the flagged pattern (no ban-/no- prefix)"
        ));
    }
    let module = id.replace('-', "_");
    let name = pascal_case(id);
    let rules = root.join("rules");
    let rule_file = rules.join(category).join(format!("{module}.rs"));
    let fixture = root
        .join("tests/fixtures")
        .join(category)
        .join(format!("{id}.sql"));
    if rule_file.exists() || fixture.exists() {
        return Err(format!(
            "{} or its fixture already exists",
            rule_file.display()
        ));
    }
    let mut written = Vec::new();

    write(&rule_file, &rule_source(id, &name, category))?;
    written.push(rule_file);
    write(&fixture, &fixture_source(id))?;
    written.push(fixture);

    // rules/<category>/mod.rs: the module and its re-export.
    let mod_rs = rules.join(category).join("mod.rs");
    let mut text = fs::read_to_string(&mod_rs)
        .unwrap_or_else(|_| format!("//! Rules of the `{category}` category.\n\n"));
    text = insert_sorted(&text, "mod ", &format!("mod {module};"));
    text = insert_sorted(&text, "pub use ", &format!("pub use {module}::{name};"));
    write(&mod_rs, &text)?;
    written.push(mod_rs);

    // rules/lib.rs: the category module and the registry line.
    let lib_rs = rules.join("lib.rs");
    let mut lib = fs::read_to_string(&lib_rs).map_err(|e| format!("{}: {e}", lib_rs.display()))?;
    let module_line = format!("pub mod {category};");
    if !lib.lines().any(|l| l == module_line) {
        lib = insert_sorted(&lib, "pub mod ", &module_line);
    }
    let registry = "pub static RULES: &[&dyn Rule] = &[\n";
    let start = lib
        .find(registry)
        .ok_or("rules/lib.rs has no `RULES` list")?
        + registry.len();
    let end = lib
        .get(start..)
        .and_then(|rest| rest.find("];"))
        .map(|i| start + i)
        .ok_or("rules/lib.rs: `RULES` is not closed")?;
    lib.insert_str(end, &format!("    &{category}::{name},\n"));
    write(&lib_rs, &lib)?;
    written.push(lib_rs);
    Ok(written)
}

/// Inserts `line` among the lines starting with `prefix`, keeping them
/// sorted; after the header when there are none.
fn insert_sorted(text: &str, prefix: &str, line: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let group: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.starts_with(prefix))
        .map(|(i, _)| i)
        .collect();
    let at = match (group.first(), group.last()) {
        (Some(&first), Some(&last)) => (first..=last)
            .find(|&i| lines.get(i).is_some_and(|l| l.as_str() > line))
            .unwrap_or(last + 1),
        _ => {
            lines.push(String::new());
            lines.len()
        }
    };
    lines.insert(at, line.to_owned());
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

fn rule_source(id: &str, name: &str, category: &str) -> String {
    let category_variant = pascal_case(category);
    format!(
        r#"use miglint_diagnostics::RuleMeta;
use miglint_engine::{{FileFindings, Rule, StatementContext}};
use miglint_syntax::ir::SchemaChange;

declare_rule! {{
    /// ## What it does
    /// TODO: what the rule flags.
    ///
    /// ## Why is this bad?
    /// TODO: what goes wrong in production.
    ///
    /// ## Example
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE users (id bigint PRIMARY KEY);
    /// -- migration 2
    /// TODO: the flagged statement;
    /// ```
    ///
    /// Use instead:
    /// ```sql
    /// TODO: the safe alternative;
    /// ```
    pub struct {name} {{
        id: "{id}",
        category: {category_variant},
        severity: Warning,
        summary: "TODO: one line, lower-case, no final period",
    }}
}}

impl Rule for {name} {{
    fn meta(&self) -> &'static RuleMeta {{
        &Self::META
    }}

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {{
        let SchemaChange::Other = &cx.statement.change else {{
            return;
        }};
        out.report(cx.statement.span, "TODO: what is wrong")
            .help("TODO: what to do instead");
    }}
}}
"#
    )
}

fn fixture_source(id: &str) -> String {
    format!(
        "-- @case: TODO the flagged pattern on a table from an earlier migration\n\
         -- @given CREATE TABLE t (id bigint PRIMARY KEY, a int);\n\
         TODO; -- @expect {id}\n\
         \n\
         -- @case: TODO the safe form\n\
         TODO;\n"
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn scaffolds_a_rule_and_registers_it() {
        let root = std::env::temp_dir().join(format!("xtask-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        write(
            &root.join("rules/lib.rs"),
            "pub mod drift;\n\npub static RULES: &[&dyn Rule] = &[\n    &drift::A,\n];\n",
        )
        .unwrap();
        let written = new_rule(&root, "locking", "drop-thing").unwrap();
        assert_eq!(written.len(), 4);
        let lib = fs::read_to_string(root.join("rules/lib.rs")).unwrap();
        assert!(lib.contains("pub mod drift;\npub mod locking;\n"), "{lib}");
        assert!(
            lib.contains("    &drift::A,\n    &locking::DropThing,\n];"),
            "{lib}"
        );
        let module = fs::read_to_string(root.join("rules/locking/mod.rs")).unwrap();
        assert!(
            module.contains("mod drop_thing;") && module.contains("pub use drop_thing::DropThing;")
        );
        let rule = fs::read_to_string(root.join("rules/locking/drop_thing.rs")).unwrap();
        assert!(rule.contains("pub struct DropThing {") && rule.contains("id: \"drop-thing\""));
        assert!(root.join("tests/fixtures/locking/drop-thing.sql").is_file());
        assert!(new_rule(&root, "locking", "drop-thing").is_err());
        assert!(new_rule(&root, "locking", "ban-x").is_err());
        assert!(new_rule(&root, "nope", "x").is_err());
        let _ = fs::remove_dir_all(&root);
    }
}
