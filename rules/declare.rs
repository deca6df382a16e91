/// Declares a rule: a unit struct whose doc comment is the rule's documentation
/// (printed by `miglint explain`), and its `META`.
///
/// ```ignore
/// declare_rule! {
///     /// ## What it does
///     /// …
///     pub struct UnknownTable {
///         id: "unknown-table",
///         category: Correctness,
///         severity: Error,
///         summary: "a statement refers to a table that does not exist at that point of the history",
///     }
/// }
/// ```
///
/// A rule that runs only when selected adds `enabled: false`.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident {
            id: $id:literal,
            category: $category:ident,
            severity: $severity:ident,
            summary: $summary:literal
            $(, enabled: $enabled:literal)? $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Clone, Copy, Debug, Default)]
        pub struct $name;

        impl $name {
            pub const META: miglint_diagnostics::RuleMeta = miglint_diagnostics::RuleMeta {
                id: $id,
                category: miglint_diagnostics::Category::$category,
                default_severity: miglint_diagnostics::Severity::$severity,
                summary: $summary,
                docs: concat!($($doc, "\n"),*),
                enabled_by_default: declare_rule!(@enabled $($enabled)?),
            };
        }
    };
    (@enabled) => { true };
    (@enabled $enabled:literal) => { $enabled };
}
