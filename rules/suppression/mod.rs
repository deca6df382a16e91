//! Suppression comments (`-- miglint-ignore rule`) that do not do their job.

mod unused_ignore;

pub use unused_ignore::UnusedIgnore;
