use miglint_diagnostics::RuleMeta;
use miglint_engine::{FileFindings, Rule, StatementContext};
use miglint_syntax::ir::{SchemaChange, Utility};

use crate::sql;

declare_rule! {
    /// ## What it does
    /// Reports a PostgreSQL domain with a constraint: `CREATE DOMAIN … CHECK
    /// | NOT NULL`, and `ALTER DOMAIN … ADD CONSTRAINT` without `NOT VALID`.
    ///
    /// ## Why is this bad?
    /// A domain's constraint applies to every column of every table that
    /// uses the domain. Adding or changing it later checks all those columns
    /// in one statement, locking every such table against writes while it
    /// scans them, with no way to do it table by table. Table `CHECK`
    /// constraints can be added `NOT VALID` and validated per table without
    /// blocking writes. A domain's `NOT NULL` is also not enforced everywhere
    /// (an outer join or a composite field can hold a null of the domain).
    ///
    /// MySQL and SQLite have no domains.
    ///
    /// ## Example
    /// ```sql
    /// CREATE DOMAIN positive_amount AS numeric CHECK (VALUE > 0);
    /// ```
    ///
    /// Use instead: a plain type with a table constraint:
    /// ```sql
    /// CREATE DOMAIN amount AS numeric;
    /// CREATE TABLE payments (id bigint PRIMARY KEY, value amount CHECK (value > 0));
    /// ```
    pub struct DomainWithConstraint {
        id: "domain-with-constraint",
        category: Locking,
        severity: Warning,
        summary: "a domain constraint cannot be changed later without scanning every table that uses it",
    }
}

impl Rule for DomainWithConstraint {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        if !sql::is_postgres(cx) {
            return;
        }
        let message = match &cx.statement.change {
            SchemaChange::CreateOtherType { name }
                if cx.statement.creates_domain_with_constraint() =>
            {
                format!(
                    "domain `{}` has a constraint: changing it later scans and locks every table that uses it",
                    sql::display(name)
                )
            }
            SchemaChange::Utility(Utility::AddDomainConstraint {
                domain,
                not_valid: false,
            }) => format!(
                "adding a constraint to domain `{}` checks every column that uses it while their tables are locked against writes",
                sql::display(domain)
            ),
            _ => return,
        };
        out.report(cx.statement.span, message)
            .help("put the check on the table columns instead (`CHECK … NOT VALID`, then `VALIDATE CONSTRAINT`)");
    }
}
