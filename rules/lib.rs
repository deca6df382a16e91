//! The rule library.
