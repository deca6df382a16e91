//! Findings as plain data ([`Diagnostic`]) and the renderers at the edge.
//!
//! Only this crate knows miette, JSON, SARIF and the other output formats.

mod diagnostic;
mod fingerprint;
mod render;
mod report;

pub use diagnostic::{Category, Declare, Diagnostic, Fix, Heading, Label, Severity, Subject};
pub use fingerprint::fingerprint;
pub use render::{Format, GCC_PROBLEM_MATCHER, RenderOptions, render};
pub use report::{ProjectSummary, Report, Summary};

/// A rule's description, as the registry declares it (for `miglint rules`,
/// `miglint explain` and SARIF's rule metadata).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleMeta {
    /// Kebab-case id, e.g. `model-column-missing`.
    pub id: &'static str,
    pub category: Category,
    pub default_severity: Severity,
    /// False for rules that run only when selected (style preferences).
    pub enabled_by_default: bool,
    /// One line: what the rule flags.
    pub summary: &'static str,
    /// The full documentation (Markdown): what it does, why, an example, what to do.
    pub docs: &'static str,
}

impl RuleMeta {
    /// The documentation as Markdown: the declaration keeps the space after
    /// each `///`, which is dropped here.
    pub fn documentation(&self) -> String {
        self.docs
            .lines()
            .map(|line| line.strip_prefix(' ').unwrap_or(line))
            .fold(String::new(), |mut out, line| {
                out.push_str(line);
                out.push('\n');
                out
            })
    }

    /// The first paragraph of the documentation that is not a heading, on one line.
    pub fn description(&self) -> String {
        let documentation = self.documentation();
        let mut paragraph = Vec::new();
        for line in documentation.lines().map(str::trim) {
            if line.starts_with('#') {
                continue;
            }
            if line.is_empty() {
                if paragraph.is_empty() {
                    continue;
                }
                break;
            }
            paragraph.push(line);
        }
        if paragraph.is_empty() {
            self.summary.to_owned()
        } else {
            paragraph.join(" ")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const META: RuleMeta = RuleMeta {
        id: "example",
        category: Category::Correctness,
        default_severity: Severity::Error,
        enabled_by_default: true,
        summary: "an example",
        docs: " ## What it does\n Reports a thing\n across lines.\n\n ## Why is this bad?\n Because.\n",
    };

    #[test]
    fn documentation_is_unindented_and_described() {
        assert_eq!(
            META.documentation(),
            "## What it does\nReports a thing\nacross lines.\n\n## Why is this bad?\nBecause.\n"
        );
        assert_eq!(META.description(), "Reports a thing across lines.");
    }
}
