//! Whole projects on disk: the fuzzer's bytes become a small migration
//! project in a scratch folder (a Prisma schema and one to three migrations,
//! or a dbmate/goose/sqlx folder), which goes through discovery, the engine
//! with every rule, and every output format.
//!
//! Input layout, chosen so real files make good seeds:
//! `flags, options, part0 SEP part1 SEP …` where `SEP` is `\0\xff` (never in
//! UTF-8 text). The parts are the schema, the migrations, and `miglint.toml`.

use std::path::{Path, PathBuf};

use miglint_diagnostics::{Format, RenderOptions, RuleMeta, render};
use miglint_engine::{Config, lint};
use miglint_project::{Overrides, Tool, discover};
use miglint_source::Dialect;

pub const SEPARATOR: &[u8] = b"\x00\xff";

/// A project drawn from fuzzer bytes.
#[derive(Debug)]
pub struct ProjectInput {
    pub tool: Tool,
    pub dialect: Dialect,
    /// Write `migration_lock.toml` (Prisma).
    pub lock_file: bool,
    /// Split the schema into `schema/*.prisma` files at each `//--` line.
    pub multi_file_schema: bool,
    pub schema: String,
    pub migrations: Vec<String>,
    pub config: Option<String>,
    pub color: bool,
    pub width: usize,
}

impl ProjectInput {
    pub fn from_bytes(data: &[u8]) -> Option<Self> {
        let (&flags, rest) = data.split_first()?;
        let (&options, rest) = rest.split_first()?;
        let mut parts = split(rest, SEPARATOR).into_iter();
        let schema = parts.next().unwrap_or_default();
        let mut migrations: Vec<String> = Vec::new();
        let count = 1 + usize::from((flags >> 2) & 0x03).min(2);
        for _ in 0..count {
            migrations.push(parts.next().unwrap_or_default());
        }
        let config = (flags & 0x10 != 0).then(|| parts.next().unwrap_or_default());
        let tool = match options & 0x07 {
            0 => Tool::Dbmate,
            1 => Tool::Goose,
            2 => Tool::Sqlx,
            _ => Tool::Prisma,
        };
        Some(ProjectInput {
            tool,
            dialect: crate::dialect_from(flags & 0x03),
            lock_file: flags & 0x20 == 0,
            multi_file_schema: flags & 0x40 != 0,
            schema,
            migrations,
            config,
            color: flags & 0x80 != 0,
            width: 40 + usize::from(options >> 3) * 8,
        })
    }

    /// Every text of the input, for the known-issue guard.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.schema.as_str())
            .chain(self.migrations.iter().map(String::as_str))
            .chain(self.config.as_deref())
    }

    /// Writes the project below `root` (emptied first); returns the folder
    /// to hand to discovery.
    pub fn write(&self, root: &Path) -> std::io::Result<PathBuf> {
        if root.exists() {
            std::fs::remove_dir_all(root)?;
        }
        std::fs::create_dir_all(root)?;
        if let Some(config) = &self.config {
            std::fs::write(root.join(Config::FILE_NAME), config)?;
        }
        match self.tool {
            Tool::Prisma => self.write_prisma(root),
            _ => self.write_numbered(root),
        }
    }

    fn write_prisma(&self, root: &Path) -> std::io::Result<PathBuf> {
        let prisma = root.join("prisma");
        let migrations = prisma.join("migrations");
        std::fs::create_dir_all(&migrations)?;
        let provider = match self.dialect {
            Dialect::Postgres => "postgresql",
            Dialect::MySql => "mysql",
            Dialect::Sqlite => "sqlite",
        };
        let schema = if self.schema.contains("datasource") {
            self.schema.clone()
        } else {
            format!(
                "datasource db {{\n  provider = \"{provider}\"\n  url = env(\"DATABASE_URL\")\n}}\n{}",
                self.schema
            )
        };
        if self.multi_file_schema {
            let folder = prisma.join("schema");
            std::fs::create_dir_all(&folder)?;
            for (i, part) in schema.split("\n//--").enumerate() {
                std::fs::write(folder.join(format!("part{i}.prisma")), part)?;
            }
        } else {
            std::fs::write(prisma.join("schema.prisma"), schema)?;
        }
        if self.lock_file {
            std::fs::write(
                migrations.join("migration_lock.toml"),
                format!("provider = \"{provider}\"\n"),
            )?;
        }
        for (i, sql) in self.migrations.iter().enumerate() {
            let folder = migrations.join(format!("2024010100000{i}_step{i}"));
            std::fs::create_dir_all(&folder)?;
            std::fs::write(folder.join("migration.sql"), sql)?;
        }
        Ok(root.to_path_buf())
    }

    fn write_numbered(&self, root: &Path) -> std::io::Result<PathBuf> {
        let folder = root.join("migrations");
        std::fs::create_dir_all(&folder)?;
        for (i, sql) in self.migrations.iter().enumerate() {
            let name = match self.tool {
                Tool::Dbmate => format!("2024010100000{i}_step{i}.sql"),
                Tool::Sqlx => format!("2024010100000{i}_step{i}.up.sql"),
                _ => format!("0000{i}_step{i}.sql"),
            };
            std::fs::write(folder.join(name), sql)?;
        }
        Ok(folder)
    }
}

/// Splits `data` at each `separator`; each part is read as UTF-8 (lossily).
fn split(data: &[u8], separator: &[u8]) -> Vec<String> {
    let mut parts = Vec::new();
    let mut rest = data;
    while let Some(at) = rest
        .windows(separator.len())
        .position(|window| window == separator)
    {
        parts.push(String::from_utf8_lossy(rest.get(..at).unwrap_or_default()).into_owned());
        rest = rest.get(at + separator.len()..).unwrap_or_default();
    }
    parts.push(String::from_utf8_lossy(rest).into_owned());
    parts
}

/// The scratch folder of this process (in memory where the system has one).
pub fn scratch_root() -> PathBuf {
    let base = Path::new("/dev/shm");
    let base = if base.is_dir() {
        base.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    base.join(format!("miglint-fuzz-{}", std::process::id()))
}

/// Discovery, lint and every renderer on the project written at `root`.
pub fn run(input: &ProjectInput, root: &Path) {
    let Ok(path) = input.write(root) else {
        return;
    };
    let overrides = Overrides {
        tool: (input.tool != Tool::Prisma).then_some(input.tool),
        dialect: (input.tool != Tool::Prisma).then_some(input.dialect),
    };
    let Ok(projects) = discover(std::slice::from_ref(&path), &overrides) else {
        return;
    };
    let registry = miglint_rules::all_meta();
    let config = match &input.config {
        Some(text) => match Config::from_toml(&root.join(Config::FILE_NAME), text) {
            // The CLI stops on a bad configuration; lint with the default instead.
            Ok(config) if config.validate(&registry).is_ok() => config,
            _ => Config::default(),
        },
        None => Config::default(),
    };
    let run = lint(&projects, miglint_rules::RULES, &config, root);
    for diagnostic in &run.report.diagnostics {
        if let Some(source) = run.sources.get(diagnostic.file) {
            crate::assert_span(&source.text, diagnostic.span, diagnostic.rule);
        }
    }
    let rules: Vec<RuleMeta> = registry.iter().map(|meta| **meta).collect();
    let options = RenderOptions {
        color: input.color,
        width: input.width,
        tool_version: "0.0.0-fuzz",
        docs_url: None,
    };
    for format in [
        Format::Human,
        Format::Json,
        Format::Gcc,
        Format::Github,
        Format::Sarif,
        Format::Gitlab,
    ] {
        let output = render(format, &run.report, &run.sources, &rules, &options);
        if matches!(format, Format::Json | Format::Sarif | Format::Gitlab)
            && let Err(error) = serde_json::from_str::<serde_json::Value>(&output)
        {
            panic!("{format:?} output is not JSON ({error}):\n{output}");
        }
    }
}
