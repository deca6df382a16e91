//! Helpers for miglint's tests (a dev-dependency only).

pub mod mutation;
pub mod synthetic;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The shared corpus of real projects' migrations: `$MIGLINT_CORPUS`, else
/// `shared/corpus` beside the checkout. `None`, after printing a `SKIPPED`
/// notice naming `test`, when it is absent.
pub fn corpus(test: &str) -> Option<PathBuf> {
    let root = std::env::var_os("MIGLINT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("../shared/corpus"));
    if root.join("MANIFEST.md").is_file() {
        Some(std::fs::canonicalize(&root).unwrap_or(root))
    } else {
        skip(format_args!(
            "SKIPPED {test}: no corpus at {} (set MIGLINT_CORPUS or place shared/ beside the checkout)",
            root.display()
        ));
        None
    }
}

/// Prints a test's skip notice where `cargo test` shows it: straight to the
/// process's stderr, which the test harness does not capture (it captures only
/// `print!`/`eprint!`), so a skipped check is visible without `--nocapture`.
pub fn skip(notice: impl std::fmt::Display) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{notice}");
}

/// The Prisma projects of the shared corpus: (corpus folder, schema file or
/// folder of `.prisma` files below it).
pub const PRISMA_SCHEMAS: &[(&str, &str)] = &[
    ("umami-pg", "prisma/schema.prisma"),
    ("umami-mysql", "db/mysql/schema.prisma"),
    ("formbricks", "packages/database/schema"),
    ("langfuse", "packages/shared/prisma/schema.prisma"),
    (
        "trigger-dev",
        "internal-packages/database/prisma/schema.prisma",
    ),
    (
        "hoppscotch",
        "packages/hoppscotch-backend/prisma/schema.prisma",
    ),
    ("papermark", "prisma/schema"),
    (
        "teable-pg",
        "packages/db-main-prisma/prisma/postgres/schema.prisma",
    ),
    ("spacedrive", "core/prisma/schema.prisma"),
];

/// The workspace's root folder.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A fresh, empty folder under the system temp dir, removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(label: &str) -> std::io::Result<Self> {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("miglint-{label}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path)?;
        Ok(Self(path))
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Writes `text` to `relative` (creating folders) and returns its path.
    pub fn write(&self, relative: &str, text: &str) -> std::io::Result<PathBuf> {
        let path = self.0.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, text)?;
        Ok(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
