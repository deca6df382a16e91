//! `miglint verify`: the project below PATH against a live database,
//! reported like `check`.

use std::path::PathBuf;

use miglint_project::discover_all;
use miglint_verify::DatabaseUrl;

use crate::args::VerifyArgs;
use crate::commands::{check_rule_names, exit_code, fail, load_config, overrides, print_report};

/// Where the URL comes from when `--database-url` is not given, in order.
const URL_VARIABLES: [&str; 2] = ["MIGLINT_DATABASE_URL", "DATABASE_URL"];

pub fn verify(args: &VerifyArgs) -> u8 {
    let check = &args.check;
    if check.changed_since.is_some() {
        return fail("--changed-since does not apply to verify: the whole history is compared");
    }
    let given = args.database_url.clone().or_else(|| {
        URL_VARIABLES
            .iter()
            .find_map(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
    });
    let Some(given) = given else {
        return fail(
            "no database to verify: give --database-url URL or set MIGLINT_DATABASE_URL \
             (or DATABASE_URL)",
        );
    };
    let url = match DatabaseUrl::parse(&given) {
        Ok(url) => url,
        Err(message) => return fail(message),
    };

    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let registry = miglint_rules::all_meta();
    for (flag, names) in [("--select", &check.select), ("--ignore", &check.ignore)] {
        if let Err(message) = check_rule_names(flag, names, &registry) {
            return fail(message);
        }
    }
    let config = match load_config(check) {
        Ok(config) => config,
        Err(message) => return fail(message),
    };
    if let Err(error) = config.validate(&registry) {
        return fail(error);
    }
    let overrides = match overrides(check) {
        Ok(overrides) => overrides,
        Err(message) => return fail(message),
    };
    let projects = match discover_all(&check.paths, &overrides) {
        Ok(found) => found.projects,
        Err(error) => return fail(error),
    };
    let project = match projects.as_slice() {
        [project] => project,
        [] => return fail("no migrations found to verify the database against"),
        several => {
            let roots: Vec<String> = several
                .iter()
                .map(|p| p.root.display().to_string())
                .collect();
            return fail(format!(
                "verify compares one project with one database, and {} were found ({}): \
                 give the project's folder as PATH",
                several.len(),
                roots.join(", ")
            ));
        }
    };

    let live = match miglint_verify::read(&url, project) {
        Ok(live) => live,
        Err(message) => return fail(message),
    };
    let run = miglint_engine::verify(project, miglint_rules::RULES, &config, &cwd, &live);

    if let Err(code) = print_report(check.format, &run, &registry, config.docs_url.as_deref()) {
        return code;
    }
    exit_code(&run, check.deny_warnings)
}
