use miglint_diagnostics::RuleMeta;
use miglint_engine::{Findings, Rule, SuppressionContext};

declare_rule! {
    /// ## What it does
    /// Reports a `miglint-ignore` comment that suppresses nothing: the rule
    /// it names found nothing where the comment applies, or no rule has that
    /// id.
    ///
    /// A comment alone on its line applies to the next line and the whole
    /// statement that starts there; after code, to its own line;
    /// `miglint-ignore-file` to the whole file. In `schema.prisma` the comment
    /// starts with `//`. A reason may follow after `--`.
    ///
    /// ## Why is this bad?
    /// A stale suppression hides the next real finding on that line, and a
    /// misspelt rule id silences nothing while looking as if it did.
    ///
    /// ## Example
    /// ```sql
    /// -- miglint-ignore unknown-tabel
    /// ALTER TABLE legacy_users ADD COLUMN email text;
    /// ```
    ///
    /// Use instead: name the rule exactly (`miglint rules` lists them), or
    /// delete the comment once the finding is gone.
    pub struct UnusedIgnore {
        id: "unused-ignore",
        category: Suppression,
        severity: Warning,
        summary: "a miglint-ignore comment that suppresses nothing",
    }
}

impl Rule for UnusedIgnore {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_suppressions(&self, cx: &SuppressionContext<'_>, out: &mut Findings<'_>) {
        for suppression in cx.unused {
            let known = |id: &str| crate::RULES.iter().any(|r| r.meta().id == id);
            let ran = |id: &str| cx.enabled.iter().any(|r| r.meta().id == id);
            let unknown: Vec<&str> = suppression
                .rules
                .iter()
                .map(String::as_str)
                .filter(|id| *id != "all" && !known(id))
                .collect();
            let message = if let Some(first) = unknown.first() {
                format!("`{first}` is not a miglint rule, so this comment suppresses nothing")
            } else if suppression.rules.iter().all(|id| id == "all" || ran(id)) {
                format!(
                    "nothing to suppress here: {} reported no finding where this comment applies",
                    suppression.rules.join(", ")
                )
            } else {
                // A rule that did not run (deselected) may well have findings.
                continue;
            };
            out.report_at(suppression.file, suppression.span, message)
                .help("delete the comment, or name the rule exactly (`miglint rules` lists them)");
        }
    }
}
