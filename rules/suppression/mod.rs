//! Suppression comments (`-- miglint-ignore rule`) that do not do their job.

mod invalid_ignore;
mod unused_ignore;

pub use invalid_ignore::InvalidIgnore;
pub use unused_ignore::UnusedIgnore;
