//! Commands that set miglint up: `init`, `completions`, `man`.

use std::io::Write;
use std::path::Path;

use clap::CommandFactory;

use crate::args::Cli;
use crate::exit;

/// The starter configuration `miglint init` writes: every key, commented.
pub const STARTER_CONFIG: &str = r#"# miglint configuration (https://… see `miglint explain <rule>` for each rule).
# miglint finds this file in the folder it lints or any folder above it.

# Findings recorded by `miglint check --write-baseline miglint-baseline.json`
# are not reported again; only new ones are.
# baseline = "miglint-baseline.json"

# Globs, relative to this file, of the migration folders to lint (default:
# everything found) and of those to leave out.
# include = ["db/migrations/**"]
# exclude = ["vendor/**", "examples/**"]

[rules]
# Rule ids or categories (drift, correctness, locking, compat, transaction,
# history, style, suppression); `miglint rules` lists them.
# select = ["all"]
# ignore = ["table-not-in-model"]

[rules.severity]
# syntax-error = "error"

[history]
# auto: a history whose first migration uses tables it never creates is read
# as partial (only those tables are assumed to exist); complete; partial.
mode = "auto"

[output]
# Where each rule's documentation is, `{rule}` standing for its id: SARIF's
# helpUri, used when this build of miglint names no repository.
# docs-url = "https://docs.example.org/miglint/rules/{rule}"
"#;

/// `miglint init`: writes the starter miglint.toml in `dir`.
pub fn init(dir: &Path, force: bool) -> u8 {
    let path = dir.join("miglint.toml");
    if path.exists() && !force {
        eprintln!(
            "miglint: error: {} already exists (use --force to replace it)",
            path.display()
        );
        return exit::FAILURE;
    }
    match std::fs::write(&path, STARTER_CONFIG) {
        Ok(()) => {
            eprintln!("miglint: wrote {}", path.display());
            exit::CLEAN
        }
        Err(error) => {
            eprintln!("miglint: error: cannot write {}: {error}", path.display());
            exit::FAILURE
        }
    }
}

/// `miglint completions SHELL`: the completion script on stdout.
pub fn completions(shell: clap_complete::Shell) -> u8 {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "miglint", &mut out);
    write_out(&out)
}

/// `miglint man`: the man page (roff) on stdout.
pub fn man() -> u8 {
    let mut out = Vec::new();
    match clap_mangen::Man::new(Cli::command()).render(&mut out) {
        Ok(()) => write_out(&out),
        Err(error) => {
            eprintln!("miglint: error: cannot render the man page: {error}");
            exit::FAILURE
        }
    }
}

fn write_out(bytes: &[u8]) -> u8 {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => exit::CLEAN,
        Err(error) => {
            eprintln!("miglint: error: cannot write to standard output: {error}");
            exit::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_configuration_is_valid() {
        let config = miglint_engine::Config::from_toml(Path::new("miglint.toml"), STARTER_CONFIG)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(config.rules.select.is_empty());
        assert!(config.validate(&miglint_rules::all_meta()).is_ok());
    }

    #[test]
    fn completions_and_man_page_render() {
        let mut out = Vec::new();
        clap_complete::generate(
            clap_complete::Shell::Bash,
            &mut Cli::command(),
            "miglint",
            &mut out,
        );
        assert!(String::from_utf8_lossy(&out).contains("--changed-since"));
        let mut page = Vec::new();
        clap_mangen::Man::new(Cli::command())
            .render(&mut page)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(String::from_utf8_lossy(&page).starts_with(".ie"));
    }
}
