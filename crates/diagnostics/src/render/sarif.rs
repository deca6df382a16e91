//! The `sarif` output format.
pub fn render(
    _: &crate::Report,
    _: &miglint_source::SourceMap,
    _: &[crate::RuleMeta],
    _: &super::RenderOptions,
) -> String {
    String::new()
}
