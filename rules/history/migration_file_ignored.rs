use miglint_diagnostics::RuleMeta;
use miglint_engine::{Findings, ProjectContext, Rule};
use miglint_source::Span;

declare_rule! {
    /// ## What it does
    /// Reports a `.sql` file in a migrations folder that the migration tool
    /// will never run: for Prisma, anything that is not
    /// `<name>/migration.sql`; for drizzle, a file the journal does not list.
    ///
    /// ## Why is this bad?
    /// The change it holds never reaches the database. A team that ships a
    /// fix as a loose `fix.sql` beside Prisma's migration folders sees the
    /// deploy go green while production keeps failing.
    ///
    /// ## Example
    /// ```text
    /// prisma/migrations/20240101000000_init/migration.sql
    /// prisma/migrations/fix_users.sql        <- never applied
    /// ```
    ///
    /// Use instead: move the SQL into a new migration folder
    /// (`prisma/migrations/20240102000000_fix_users/migration.sql`).
    pub struct MigrationFileIgnored {
        id: "migration-file-ignored",
        category: History,
        severity: Error,
        summary: "a .sql file in a migrations folder that the migration tool never runs",
    }
}

impl Rule for MigrationFileIgnored {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_project(&self, cx: &ProjectContext<'_>, out: &mut Findings<'_>) {
        for path in &cx.project.ignored_files {
            // Ignored files are loaded for the report by the engine; point at their start.
            let Some(file) = cx.sources.find(path) else {
                continue;
            };
            out.report_at(
                file,
                Span::new(0, 0),
                format!(
                    "this file is never applied: {}",
                    reason(cx.project.tool.name())
                ),
            )
            .help(help(cx.project.tool.name()));
        }
    }
}

fn reason(tool: &str) -> String {
    match tool {
        "prisma" => {
            "Prisma applies only `<name>/migration.sql` files in the migrations folder".to_owned()
        }
        "drizzle" => "drizzle applies only the files `meta/_journal.json` lists".to_owned(),
        _ => format!("{tool} does not pick it up"),
    }
}

fn help(tool: &str) -> String {
    match tool {
        "prisma" => "move it to `<timestamp>_<name>/migration.sql` in the migrations folder, \
                     where Prisma applies it"
            .to_owned(),
        "drizzle" => {
            "add it to `meta/_journal.json` (generate it with drizzle-kit) or delete it".to_owned()
        }
        _ => format!("rename or move it so that {tool} picks it up, or delete it"),
    }
}
