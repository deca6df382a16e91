//! Synthetic migration histories for benchmarks and scale tests.
//!
//! [`write_prisma_history`] writes a Prisma project whose `N` one-statement
//! migrations follow a fixed mix (15% `CREATE TABLE`, 45% `ADD COLUMN`, 20%
//! `CREATE INDEX`, 20% `UPDATE`), written the way `prisma migrate` writes
//! them, with the `schema.prisma` that declares exactly what they build: a
//! full `miglint check` replays and compares it and finds nothing. The same
//! `N` always gives the same bytes.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// Column types a migration adds: (SQL as Prisma writes it, Prisma field type).
const TYPES: [(&str, &str); 4] = [
    ("TEXT", "String?"),
    ("INTEGER", "Int?"),
    ("BOOLEAN", "Boolean?"),
    ("TIMESTAMP(3)", "DateTime?"),
];

/// What a generated history holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Mix {
    pub create_table: usize,
    pub add_column: usize,
    pub create_index: usize,
    pub update: usize,
}

/// A small deterministic generator (xorshift64*): no dependency, same
/// sequence on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A value in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }
}

struct Model {
    /// (column name, Prisma field type)
    columns: Vec<(String, &'static str)>,
    indexed: Vec<String>,
}

/// The SQL of each migration and the schema they build, in memory.
pub struct History {
    pub migrations: Vec<String>,
    pub schema: String,
    pub mix: Mix,
}

/// Generates `n` migrations (see the module doc).
pub fn prisma_history(n: usize) -> History {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut models: Vec<Model> = Vec::new();
    // (table, column) pairs that have no index yet.
    let mut unindexed: Vec<(usize, usize)> = Vec::new();
    let mut mix = Mix::default();
    let mut migrations = Vec::with_capacity(n);
    for _ in 0..n {
        let roll = rng.below(100);
        let sql = if models.is_empty() || roll < 15 {
            None
        } else if roll < 60 {
            let t = rng.below(models.len());
            let (sql_type, field_type) = TYPES
                .get(rng.below(TYPES.len()))
                .copied()
                .unwrap_or(("TEXT", "String?"));
            models.get_mut(t).map(|model| {
                let column = format!("c{}", model.columns.len());
                let sql = format!(
                    "-- AlterTable\nALTER TABLE \"T{t}\" ADD COLUMN     \"{column}\" {sql_type};\n"
                );
                unindexed.push((t, model.columns.len()));
                model.columns.push((column, field_type));
                mix.add_column += 1;
                sql
            })
        } else if roll < 80 {
            (!unindexed.is_empty()).then(|| {
                let (t, c) = unindexed.swap_remove(rng.below(unindexed.len()));
                let column = format!("c{c}");
                if let Some(model) = models.get_mut(t) {
                    model.indexed.push(column.clone());
                }
                mix.create_index += 1;
                format!("-- CreateIndex\nCREATE INDEX \"T{t}_{column}_idx\" ON \"T{t}\"(\"{column}\");\n")
            })
        } else {
            let t = rng.below(models.len());
            let id = rng.below(1000);
            mix.update += 1;
            Some(format!(
                "-- Backfill\nUPDATE \"T{t}\" SET \"id\" = \"id\" WHERE \"id\" = {id};\n"
            ))
        };
        let sql = sql.unwrap_or_else(|| {
            let t = models.len();
            models.push(Model {
                columns: Vec::new(),
                indexed: Vec::new(),
            });
            mix.create_table += 1;
            format!(
                "-- CreateTable\nCREATE TABLE \"T{t}\" (\n    \"id\" SERIAL NOT NULL,\n\n    CONSTRAINT \"T{t}_pkey\" PRIMARY KEY (\"id\")\n);\n"
            )
        });
        migrations.push(sql);
    }

    let mut schema = String::from(
        "datasource db {\n  provider = \"postgresql\"\n  url      = env(\"DATABASE_URL\")\n}\n\ngenerator client {\n  provider = \"prisma-client-js\"\n}\n",
    );
    for (t, model) in models.iter().enumerate() {
        let _ = write!(
            schema,
            "\nmodel T{t} {{\n  id Int @id @default(autoincrement())\n"
        );
        for (column, field_type) in &model.columns {
            let _ = writeln!(schema, "  {column} {field_type}");
        }
        for column in &model.indexed {
            let _ = writeln!(schema, "\n  @@index([{column}])");
        }
        schema.push_str("}\n");
    }
    History {
        migrations,
        schema,
        mix,
    }
}

/// Writes [`prisma_history`]`(n)` as a Prisma project under `root`:
/// `prisma/schema.prisma` and `prisma/migrations/<n>_m/migration.sql`.
pub fn write_prisma_history(root: &Path, n: usize) -> io::Result<Mix> {
    let history = prisma_history(n);
    let prisma = root.join("prisma");
    let migrations = prisma.join("migrations");
    std::fs::create_dir_all(&migrations)?;
    std::fs::write(prisma.join("schema.prisma"), &history.schema)?;
    std::fs::write(
        migrations.join("migration_lock.toml"),
        "# Please do not edit this file manually\nprovider = \"postgresql\"\n",
    )?;
    for (i, sql) in history.migrations.iter().enumerate() {
        // Fixed-width prefixes keep Prisma's name order the generation order.
        let dir = migrations.join(format!("{:07}_m", i + 1));
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join("migration.sql"), sql)?;
    }
    Ok(history.mix)
}
