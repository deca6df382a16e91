//! `miglint schema`: replays each history found below PATH and prints the
//! schema it builds.

use std::io::Write;
use std::path::PathBuf;

use miglint_engine::schema::{
    SCHEMA_DOCUMENT_VERSION, schema_document, schema_mermaid, schema_sql,
};
use miglint_engine::{Config, replay};
use miglint_project::{Overrides, Project, discover_all};

use crate::args::{SchemaArgs, SchemaFormat};
use crate::commands::fail;
use crate::exit;

pub fn run(args: &SchemaArgs) -> u8 {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let config_path = args.config.clone().or_else(|| Config::find(&args.path));
    let config = match config_path {
        Some(path) => match Config::load(&path) {
            Ok(config) => config,
            Err(error) => return fail(error),
        },
        None => Config::default(),
    };
    let overrides = Overrides {
        tool: match args.tool.as_deref().map(str::parse).transpose() {
            Ok(tool) => tool,
            Err(error) => return fail(error),
        },
        dialect: match args.dialect.as_deref().map(str::parse).transpose() {
            Ok(dialect) => dialect,
            Err(error) => return fail(error),
        },
    };
    let mut projects = match discover_all(std::slice::from_ref(&args.path), &overrides) {
        Ok(found) => found.projects,
        Err(error) => return fail(error),
    };
    if projects.is_empty() {
        return fail(format!("no migrations found in {}", args.path.display()));
    }
    if let Some(at) = &args.at {
        projects.retain_mut(|project| stop_at(project, at));
        if projects.is_empty() {
            return fail(format!(
                "no migration named `{at}` below {}",
                args.path.display()
            ));
        }
    }
    let mut failed = false;
    let mut documents = Vec::new();
    for project in &projects {
        let replayed = replay(project, &config, &cwd);
        for error in &replayed.errors {
            eprintln!("miglint: error: {error}");
            failed = true;
        }
        documents.push((
            project,
            replayed.partial,
            schema_document(&replayed.catalog),
        ));
    }
    let shown = |project: &Project| {
        project
            .root
            .strip_prefix(&cwd)
            .unwrap_or(&project.root)
            .display()
            .to_string()
            .replace('\\', "/")
    };
    let many = documents.len() > 1;
    let output = match args.format {
        SchemaFormat::Json => {
            let projects: Vec<serde_json::Value> = documents
                .iter()
                .map(|(project, partial, document)| {
                    let mut value = serde_json::json!({
                        "root": shown(project),
                        "tool": project.tool.name(),
                        "history": if *partial { "partial" } else { "complete" },
                        "migrations": project.migrations.len(),
                    });
                    if let (Some(map), Ok(serde_json::Value::Object(doc))) =
                        (value.as_object_mut(), serde_json::to_value(document))
                    {
                        map.extend(doc);
                    }
                    value
                })
                .collect();
            let document = serde_json::json!({
                "version": SCHEMA_DOCUMENT_VERSION,
                "tool": { "name": "miglint", "version": env!("CARGO_PKG_VERSION") },
                "projects": projects,
            });
            match serde_json::to_string_pretty(&document) {
                Ok(text) => text + "\n",
                Err(error) => return fail(error),
            }
        }
        SchemaFormat::Sql => documents
            .iter()
            .map(|(project, _, document)| {
                let sql = schema_sql(document, project.dialect);
                if many {
                    format!("-- {}\n\n{sql}", shown(project))
                } else {
                    sql
                }
            })
            .collect::<Vec<_>>()
            .join("\n"),
        SchemaFormat::Mermaid => documents
            .iter()
            .map(|(project, _, document)| {
                let diagram = schema_mermaid(document);
                if many {
                    format!("%% {}\n{diagram}", shown(project))
                } else {
                    diagram
                }
            })
            .collect::<Vec<_>>()
            .join("\n"),
    };
    let mut stdout = std::io::stdout().lock();
    if let Err(error) = stdout
        .write_all(output.as_bytes())
        .and_then(|()| stdout.flush())
    {
        return fail(format!(
            "cannot write the schema to standard output: {error}"
        ));
    }
    if failed { exit::FAILURE } else { exit::CLEAN }
}

/// Keeps the migrations up to and including the one named `at` (its name,
/// or its file name); false when the project has none of that name.
fn stop_at(project: &mut Project, at: &str) -> bool {
    let position = project.migrations.iter().position(|m| {
        m.name == at || m.path.file_name().is_some_and(|f| f == at) || m.path.ends_with(at)
    });
    match position {
        Some(p) => {
            project.migrations.truncate(p + 1);
            true
        }
        None => false,
    }
}
