//! The `github` output format.
pub fn render(_: &crate::Report, _: &miglint_source::SourceMap) -> String {
    String::new()
}
