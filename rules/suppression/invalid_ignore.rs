use miglint_diagnostics::RuleMeta;
use miglint_engine::{Findings, Rule, SuppressionContext};

declare_rule! {
    /// ## What it does
    /// Reports a comment meant as a `miglint-ignore` directive that miglint
    /// cannot read: a misspelt keyword (`miglint-ingore`, `miglint-ignore-files`),
    /// a directive that names no rule, or one whose first word is not a rule
    /// id (`unknown_table`).
    ///
    /// The forms miglint reads: `-- miglint-ignore rule-a, rule-b`, optionally
    /// followed by a reason after `--` or `:` (`-- miglint-ignore
    /// unknown-table: created by the DBA`), `-- miglint-ignore-file rule`, and
    /// in `schema.prisma` `// miglint-ignore rule` (above `model X {` or
    /// `enum E {` it covers the whole block).
    ///
    /// ## Why is this bad?
    /// The comment suppresses nothing while looking as if it did; the
    /// finding it was written for stays, or worse, a reviewer believes it was
    /// handled.
    ///
    /// ## Example
    /// ```sql
    /// -- miglint-ingore unknown-table
    /// ALTER TABLE legacy_users ADD COLUMN email text;
    /// ```
    ///
    /// Use instead: `-- miglint-ignore unknown-table: created by the DBA`.
    pub struct InvalidIgnore {
        id: "invalid-ignore",
        category: Suppression,
        severity: Warning,
        summary: "a comment meant as a miglint-ignore directive that miglint cannot read",
    }
}

impl Rule for InvalidIgnore {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_suppressions(&self, cx: &SuppressionContext<'_>, out: &mut Findings<'_>) {
        for malformed in cx.malformed {
            out.report_at(malformed.file, malformed.span, &malformed.reason)
                .help("write `miglint-ignore rule-id: reason` (`miglint rules` lists the ids)");
        }
    }
}
