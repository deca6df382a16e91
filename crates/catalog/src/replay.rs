//! Replaying schema changes into the catalog.

/// How to treat objects the history never created.
#[derive(Clone, Copy, Debug, Default)]
pub struct ReplayOptions {
    /// A partial history: a table no statement created is assumed to exist,
    /// with unknown columns.
    pub assume_missing_tables: bool,
}
