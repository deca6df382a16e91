//! Discovery on the real corpora in /work/shared/corpus (MANIFEST.md).
//! Counts come from MANIFEST.md's "Counts" table; first and last names were
//! worked out outside miglint (node `localeCompare` for Prisma, `sort` for
//! the others, the journal for drizzle).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use miglint_project::{Overrides, Project, Tool, discover};
use miglint_source::Dialect;

struct Expect {
    root: &'static str,
    tool: Tool,
    dialect: Dialect,
    count: usize,
    first: &'static str,
    last: &'static str,
    model: &'static [&'static str],
    ignored: usize,
}

#[allow(clippy::too_many_arguments)]
const fn expect(
    root: &'static str,
    tool: Tool,
    dialect: Dialect,
    count: usize,
    first: &'static str,
    last: &'static str,
    model: &'static [&'static str],
    ignored: usize,
) -> Expect {
    Expect {
        root,
        tool,
        dialect,
        count,
        first,
        last,
        model,
        ignored,
    }
}

use Dialect::{MySql, Postgres, Sqlite};
use Tool::{Dbmate, Diesel, Drizzle, Flyway, GolangMigrate, Plain, Prisma, Sqlx, Supabase};

fn expectations(corpus: &str) -> Vec<Expect> {
    match corpus {
        "umami-pg" => vec![expect(
            "prisma/migrations",
            Prisma,
            Postgres,
            19,
            "01_init",
            "19_add_session_replay",
            &["prisma/schema.prisma"],
            0,
        )],
        "umami-mysql" => vec![expect(
            "db/mysql/migrations",
            Prisma,
            MySql,
            13,
            "01_init",
            "13_add_revenue",
            &["db/mysql/schema.prisma"],
            0,
        )],
        "formbricks" => vec![expect(
            "packages/database/migration",
            Prisma,
            Postgres,
            167,
            "20230329205933_init",
            "20260821000000_add_response_survey_finished_index",
            &[
                "packages/database/schema/main.prisma",
                "packages/database/schema/workflows.prisma",
            ],
            0,
        )],
        "langfuse" => vec![expect(
            "packages/shared/prisma/migrations",
            Prisma,
            Postgres,
            434,
            "20230518191501_init",
            "20260821121500_backfill_evaluator_v2",
            &["packages/shared/prisma/schema.prisma"],
            0,
        )],
        "trigger-dev" => vec![expect(
            "internal-packages/database/prisma/migrations",
            Prisma,
            Postgres,
            820,
            "20221206131204_init",
            "20260818120100_add_worker_deployment_environment_id_external_id_index",
            &["internal-packages/database/prisma/schema.prisma"],
            0,
        )],
        "hoppscotch" => vec![expect(
            "packages/hoppscotch-backend/prisma/migrations",
            Prisma,
            Postgres,
            21,
            "20230406064219_init",
            "20260209063744_published_doc_environment",
            &["packages/hoppscotch-backend/prisma/schema.prisma"],
            0,
        )],
        "papermark" => vec![expect(
            "prisma/migrations",
            Prisma,
            Postgres,
            107,
            "20230912150657_initialize",
            "20260227000000_add_survey_data_to_team",
            &[
                "prisma/schema/annotation.prisma",
                "prisma/schema/conversation.prisma",
                "prisma/schema/dataroom.prisma",
                "prisma/schema/document.prisma",
                "prisma/schema/integration.prisma",
                "prisma/schema/jackson.prisma",
                "prisma/schema/link.prisma",
                "prisma/schema/schema.prisma",
                "prisma/schema/team.prisma",
                "prisma/schema/workflow.prisma",
            ],
            0,
        )],
        "teable-pg" => vec![expect(
            "packages/db-main-prisma/prisma/postgres/migrations",
            Prisma,
            Postgres,
            19,
            "20240308114704_initial_database",
            "20241008161823_share_meta",
            &["packages/db-main-prisma/prisma/postgres/schema.prisma"],
            0,
        )],
        "spacedrive" => vec![expect(
            "core/prisma/migrations",
            Prisma,
            Sqlite,
            35,
            "20230616064440_init",
            "20250130041311_adding_devices",
            &["core/prisma/schema.prisma"],
            0,
        )],
        "lemmy" => vec![
            // Not a migration folder, but a folder of SQL files: plain by the
            // rules (lemmy re-runs it at startup).
            expect(
                "crates/diesel_utils/replaceable_schema",
                Plain,
                Postgres,
                2,
                "triggers",
                "utils",
                &[],
                0,
            ),
            expect(
                "migrations",
                Diesel,
                Postgres,
                342,
                "00000000000000_diesel_initial_setup",
                "2026-07-27-143313-0000_rename_resolve_reason_to_conclusion",
                &["crates/db_schema_file/src/schema.rs"],
                0,
            ),
        ],
        "atuin" => vec![
            // MANIFEST says sqlite for atuin-ai and atuin-client/migrations.
            // atuin-client/migrations is SQLite by its sibling folders'
            // SQLite-only SQL; atuin-ai's copied files carry no evidence (no
            // Cargo.toml, no SQLite-only SQL), so it falls back to postgresql.
            expect(
                "crates/atuin-ai/migrations",
                Sqlx,
                Postgres,
                3,
                "20260413000000_create_ai_sessions",
                "20260707000000_create_ai_usage",
                &[],
                0,
            ),
            expect(
                "crates/atuin-client/meta-migrations",
                Sqlx,
                Sqlite,
                1,
                "20260203030924_create_meta",
                "20260203030924_create_meta",
                &[],
                0,
            ),
            expect(
                "crates/atuin-client/migrations",
                Sqlx,
                Sqlite,
                12,
                "20210422143411_create_history",
                "20260818000000_history_author_kind",
                &[],
                0,
            ),
            expect(
                "crates/atuin-client/record-migrations",
                Sqlx,
                Sqlite,
                3,
                "20230531212437_create-records",
                "20260723000000_store_tag_index",
                &[],
                0,
            ),
            expect(
                "crates/atuin-kv/migrations",
                Sqlx,
                Sqlite,
                1,
                "20250501160746_create_kv_db",
                "20250501160746_create_kv_db",
                &[],
                0,
            ),
            expect(
                "crates/atuin-scripts/migrations",
                Sqlx,
                Sqlite,
                2,
                "20250326160051_create_scripts",
                "20250402170430_unique_names",
                &[],
                0,
            ),
            expect(
                "crates/atuin-server-postgres/migrations",
                Sqlx,
                Postgres,
                20,
                "20210425153745_create_history",
                "20260127000000_remove-email-verification",
                &[],
                0,
            ),
            expect(
                "crates/atuin-server-sqlite/migrations",
                Sqlx,
                Sqlite,
                7,
                "20231203124112_create-store",
                "20260127000000_remove-email-verification",
                &[],
                0,
            ),
        ],
        "pocket-id" => vec![
            expect(
                "backend/resources/migrations/postgres",
                GolangMigrate,
                Postgres,
                64,
                "20241211111554_init",
                "20260814120000_api_client_access",
                &[],
                0,
            ),
            expect(
                "backend/resources/migrations/sqlite",
                GolangMigrate,
                Sqlite,
                72,
                "20240731203656_init",
                "20260814120000_api_client_access",
                &[],
                0,
            ),
        ],
        "harbor" => vec![expect(
            "make/migrations/postgresql",
            GolangMigrate,
            Postgres,
            39,
            "0001_initial_schema",
            "0190_2.16.0_schema",
            &[],
            0,
        )],
        "marquez" => vec![expect(
            "api/src/main/resources/marquez/db/migration",
            Flyway,
            Postgres,
            84,
            "V1__initial_schema",
            "R__Runs_view",
            &[],
            0,
        )],
        "upchieve" => vec![expect(
            "database/migrations",
            Dbmate,
            Postgres,
            282,
            "20211026204222_create_upchieve_schema",
            "20260623012028_add-view-for-comments",
            &["database/db_init/schema.sql"],
            0,
        )],
        "supabase-dbdev" => vec![expect(
            "supabase/migrations",
            Supabase,
            Postgres,
            54,
            "20220117141357_extensions",
            "20250804111152_remove_dbdev_from_popular_packages",
            &[],
            0,
        )],
        // MANIFEST counts 187 files; the journal lists 186 and the orphan
        // 0130_abandoned_dagger.sql is never run.
        "dokploy" => vec![expect(
            "apps/dokploy/drizzle",
            Drizzle,
            Postgres,
            186,
            "0000_reflective_puck",
            "0185_needy_kingpin",
            &["apps/dokploy/drizzle/meta/0185_snapshot.json"],
            1,
        )],
        other => panic!("corpus `{other}` has no expectations; add them"),
    }
}

fn relative(base: &Path, path: &Path) -> String {
    path.strip_prefix(base)
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

fn check(base: &Path, projects: &[Project], expected: &[Expect]) {
    let roots: Vec<String> = projects.iter().map(|p| relative(base, &p.root)).collect();
    let wanted: Vec<&str> = expected.iter().map(|e| e.root).collect();
    assert_eq!(roots, wanted, "{}: project roots", base.display());
    for (project, want) in projects.iter().zip(expected) {
        let at = format!("{}: {}", base.display(), want.root);
        assert_eq!(project.tool, want.tool, "{at}: tool");
        assert_eq!(
            project.dialect, want.dialect,
            "{at}: dialect ({})",
            project.dialect_source
        );
        assert_eq!(project.migrations.len(), want.count, "{at}: migrations");
        assert_eq!(
            project.migrations.first().unwrap().name,
            want.first,
            "{at}: first"
        );
        assert_eq!(
            project.migrations.last().unwrap().name,
            want.last,
            "{at}: last"
        );
        let model: Vec<String> = project.model.iter().map(|m| relative(base, m)).collect();
        assert_eq!(model, want.model, "{at}: model");
        assert_eq!(
            project.ignored_files.len(),
            want.ignored,
            "{at}: ignored {:?}",
            project.ignored_files
        );
        assert!(!project.single_file);
        for m in &project.migrations {
            assert!(m.path.is_file(), "{at}: {} missing", m.path.display());
        }
    }
}

#[test]
fn corpus_projects_are_detected() {
    let Some(corpus) = miglint_testing::corpus("project corpus") else {
        return;
    };
    let corpus = corpus.as_path();
    let mut names: Vec<String> = std::fs::read_dir(corpus)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 17, "corpus folders: {names:?}");
    for name in names {
        let base: PathBuf = corpus.join(&name);
        let projects = discover(std::slice::from_ref(&base), &Overrides::default()).unwrap();
        check(&base, &projects, &expectations(&name));
    }
}

/// Every dbmate migration of upchieve has an up section that stops before its
/// `-- migrate:down` line. Three files indent that line, which dbmate's
/// line-anchored pattern does not see: their up section runs to the end of
/// the file, down SQL included, as dbmate would run it.
#[test]
fn upchieve_up_sections() {
    let Some(corpus) = miglint_testing::corpus("upchieve sections") else {
        return;
    };
    let base = corpus.join("upchieve");
    if !base.is_dir() {
        println!("skipped: {} is absent", base.display());
        return;
    }
    let projects = discover(std::slice::from_ref(&base), &Overrides::default()).unwrap();
    let mut to_end = Vec::new();
    for m in &projects[0].migrations {
        let text = std::fs::read_to_string(&m.path).unwrap();
        let span = m.up_section.expect("up section");
        let up = &text[span.range()];
        assert!(
            !up.lines().any(|l| l.starts_with("-- migrate:")),
            "{}",
            m.name
        );
        assert!(
            text[..span.range().start]
                .trim_end()
                .ends_with("-- migrate:up"),
            "{}",
            m.name
        );
        if span.range().end == text.len() {
            to_end.push(m.name.as_str());
        }
    }
    assert_eq!(
        to_end,
        [
            "20211026205335_create_cities_table",
            "20220124171208_add_foreign_key_constraints",
            "20220701142259_add_response_display_text",
        ]
    );
}

/// The whole corpus folder at once: every project, each corpus's in path order.
#[test]
fn whole_corpus_in_one_walk() {
    let Some(corpus) = miglint_testing::corpus("project corpus") else {
        return;
    };
    let corpus = corpus.as_path();
    let projects = discover(&[corpus.to_path_buf()], &Overrides::default()).unwrap();
    let total: usize = projects.iter().map(|p| p.migrations.len()).sum();
    // 25 migration sets of the Counts table plus lemmy's replaceable_schema.
    assert_eq!(projects.len(), 26);
    // The Counts table's rows add up to 2808; less dokploy's orphan, plus
    // the 2 plain files.
    assert_eq!(total, 2808 - 1 + 2);
    let roots: Vec<&PathBuf> = projects.iter().map(|p| &p.root).collect();
    let mut sorted = roots.clone();
    sorted.sort();
    assert_eq!(roots, sorted);
}
