//! Lowering sqlparser's AST into [`crate::ir::SchemaChange`].
