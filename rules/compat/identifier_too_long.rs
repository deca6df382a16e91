use miglint_diagnostics::RuleMeta;
use miglint_engine::{FileFindings, Rule, StatementContext};
use miglint_syntax::ir::{AlterTableOp, Ident, SchemaChange};

use crate::sql;

declare_rule! {
    /// ## What it does
    /// Reports a PostgreSQL identifier a statement creates (table, column,
    /// index, constraint, type) that is longer than 63 bytes.
    ///
    /// ## Why is this bad?
    /// PostgreSQL truncates longer names to 63 bytes with only a notice: the
    /// object gets another name than the migration says, later statements
    /// that use the full name fail, two long names can collide, and Prisma
    /// then reports drift and asks for a rename.
    ///
    /// PostgreSQL truncates names silently at 63 bytes; MySQL rejects names
    /// over 64 characters with an error, and SQLite has no limit, so only
    /// PostgreSQL is checked.
    ///
    /// ## Example
    /// ```sql
    /// CREATE TABLE users (id bigint PRIMARY KEY, email text);
    /// CREATE INDEX users_email_lower_case_for_case_insensitive_lookup_by_login_name_idx ON users (email);
    /// ```
    ///
    /// Use instead:
    /// ```sql
    /// CREATE TABLE users (id bigint PRIMARY KEY, email text);
    /// CREATE INDEX users_email_lower_idx ON users (email);
    /// ```
    pub struct IdentifierTooLong {
        id: "identifier-too-long",
        category: Compat,
        severity: Warning,
        summary: "an identifier longer than PostgreSQL's 63 bytes, which it silently truncates",
    }
}

/// PostgreSQL's `NAMEDATALEN - 1`.
const MAX_BYTES: usize = 63;

impl Rule for IdentifierTooLong {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        if !sql::is_postgres(cx) {
            return;
        }
        let mut created: Vec<&Ident> = Vec::new();
        match &cx.statement.change {
            SchemaChange::CreateTable {
                name,
                columns,
                constraints,
                ..
            } => {
                created.push(&name.name);
                created.extend(columns.iter().map(|c| &c.name));
                created.extend(constraints.iter().filter_map(|c| c.name.as_ref()));
            }
            SchemaChange::AlterTable { actions, .. } => {
                for action in actions {
                    match &action.op {
                        AlterTableOp::AddColumn { column, .. } => created.push(&column.name),
                        AlterTableOp::RenameColumn { to, .. }
                        | AlterTableOp::RenameConstraint { to, .. } => created.push(to),
                        AlterTableOp::RenameTable { to } => created.push(&to.name),
                        AlterTableOp::AddConstraint { constraint } => {
                            created.extend(constraint.name.as_ref());
                        }
                        _ => {}
                    }
                }
            }
            SchemaChange::CreateIndex { name, .. } => created.extend(name.as_ref()),
            SchemaChange::CreateEnum { name, .. }
            | SchemaChange::CreateOtherType { name }
            | SchemaChange::CreateSequence { name, .. } => created.push(&name.name),
            SchemaChange::CreateView { name, .. } => created.push(&name.name),
            _ => {}
        }
        for ident in created {
            let bytes = ident.value.len();
            if bytes > MAX_BYTES {
                let truncated = truncate(&ident.value);
                out.report(
                    ident.span,
                    format!(
                        "`{}` is {bytes} bytes long; PostgreSQL keeps only `{truncated}`",
                        ident.value
                    ),
                )
                .help(format!("use a name of at most {MAX_BYTES} bytes"));
            }
        }
    }
}

/// The first 63 bytes, cut at a character boundary as PostgreSQL does.
fn truncate(name: &str) -> &str {
    let mut end = MAX_BYTES.min(name.len());
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    name.get(..end).unwrap_or(name)
}
