//! Schemas, enum and other types, views, sequences and extensions.

use miglint_source::Dialect;
use miglint_syntax::ir::{
    AlterObjectOp, AlterTypeOp, EnumValuePosition, Ident, ObjectName, StringLit,
};

use super::Replay;
use crate::names::quote_postgres;
use crate::{ConstraintKind, EnumType, Extension, ObjectKind, Schema, Sequence, View};

impl Replay<'_> {
    // Schemas

    pub(super) fn create_schema(&mut self, name: &Ident, if_not_exists: bool) {
        let folded = self.fold(name);
        if let Some(existing) = self.catalog.schema(&folded) {
            if !if_not_exists {
                let previous = existing.history.map(|h| h.created);
                self.already_exists(ObjectKind::Schema, folded, name.span, previous);
            }
            return;
        }
        self.catalog.schemas.push(Schema {
            name: folded,
            history: Some(self.history()),
        });
    }

    pub(super) fn drop_schema(&mut self, name: &Ident, if_exists: bool, cascade: bool) {
        let folded = self.fold(name);
        let Some(s) = self
            .catalog
            .schemas
            .iter()
            .position(|s| self.same(&s.name, &folded))
        else {
            if !if_exists {
                self.unknown(ObjectKind::Schema, folded, name.span);
            }
            return;
        };
        self.catalog.schemas.remove(s);
        if !cascade {
            return;
        }
        for t in self.tables_in_schema(&folded).into_iter().rev() {
            self.remove_table(t, true);
        }
        let dialect = self.catalog.dialect;
        let outside = |schema: &str| !crate::names::same_in(dialect, schema, &folded);
        self.catalog.indexes.retain(|i| outside(&i.schema));
        self.catalog.enums.retain(|e| outside(&e.schema));
        self.catalog.views.retain(|v| outside(&v.schema));
        self.catalog.sequences.retain(|s| outside(&s.schema));
        self.catalog.other_types.retain(|(s, _)| outside(s));
    }

    pub(super) fn rename_schema(&mut self, name: &Ident, to: &Ident) {
        let old = self.fold(name);
        let new = self.fold(to);
        let Some(s) = self
            .catalog
            .schemas
            .iter()
            .position(|s| self.same(&s.name, &old))
        else {
            return self.unknown(ObjectKind::Schema, old, name.span);
        };
        if let Some(existing) = self.catalog.schema(&new) {
            let previous = existing.history.map(|h| h.created);
            return self.already_exists(ObjectKind::Schema, new, to.span, previous);
        }
        let at = self.at;
        if let Some(schema) = self.catalog.schemas.get_mut(s) {
            schema.name = new.clone();
            if let Some(history) = &mut schema.history {
                history.touch(at);
            }
        }
        self.catalog.schemas.rekey();
        let dialect = self.catalog.dialect;
        let follow = |schema: &mut String| {
            if crate::names::same_in(dialect, schema, &old) {
                *schema = new.clone();
            }
        };
        for tb in &mut self.catalog.tables {
            follow(&mut tb.schema);
            for k in &mut tb.constraints {
                if let ConstraintKind::ForeignKey { table, .. } = &mut k.kind {
                    follow(&mut table.0);
                }
            }
        }
        for index in &mut self.catalog.indexes {
            follow(&mut index.schema);
            follow(&mut index.table.0);
        }
        for sequence in &mut self.catalog.sequences {
            follow(&mut sequence.schema);
            if let Some(owner) = &mut sequence.owned_by {
                follow(&mut owner.table.0);
            }
        }
        let renamed: Vec<(String, String)> = self
            .catalog
            .enums
            .iter()
            .filter(|e| crate::names::same_in(dialect, &e.schema, &old))
            .map(|e| {
                (
                    self.type_name(&e.schema, &e.name),
                    self.type_name(&new, &e.name),
                )
            })
            .collect();
        for e in &mut self.catalog.enums {
            follow(&mut e.schema);
        }
        for (from, to) in renamed {
            self.rename_type_in_columns(&from, &to);
        }
        for view in &mut self.catalog.views {
            follow(&mut view.schema);
        }
        for (schema, _) in &mut self.catalog.other_types {
            follow(schema);
        }
    }

    // Types

    /// How columns spell a user type (see `crate::types`): quoted as PostgreSQL
    /// prints it, qualified outside the default schema.
    fn type_name(&self, schema: &str, name: &str) -> String {
        match self.catalog.dialect {
            Dialect::Postgres if schema == self.catalog.default_schema => quote_postgres(name),
            Dialect::Postgres => format!("{}.{}", quote_postgres(schema), quote_postgres(name)),
            Dialect::MySql | Dialect::Sqlite => name.to_owned(),
        }
    }

    fn enum_index(&self, schema: &str, name: &str) -> Option<usize> {
        self.catalog
            .enums
            .iter()
            .position(|e| self.same(&e.schema, schema) && self.same(&e.name, name))
    }

    fn other_type_index(&self, schema: &str, name: &str) -> Option<usize> {
        self.catalog
            .other_types
            .iter()
            .position(|(s, n)| self.same(s, schema) && self.same(n, name))
    }

    /// Reports a type that exists already; true when it does.
    fn type_exists(&mut self, schema: &str, name: &str, span: miglint_source::Span) -> bool {
        let previous = match self.enum_index(schema, name) {
            Some(e) => self.catalog.enums.get(e).map(|e| e.history.created),
            None if self.other_type_index(schema, name).is_some() => None,
            None => return false,
        };
        self.already_exists(ObjectKind::Type, self.shown(schema, name), span, previous);
        true
    }

    pub(super) fn create_enum(&mut self, name: &ObjectName, values: &[StringLit]) {
        let (schema, type_name) = self.resolve(name);
        if self.type_exists(&schema, &type_name, name.span)
            || !self.check_schema(&schema, name.span)
        {
            return;
        }
        self.catalog.enums.push(EnumType {
            schema,
            name: type_name,
            values: values.iter().map(|v| v.value.clone()).collect(),
            history: self.history(),
        });
    }

    pub(super) fn create_other_type(&mut self, name: &ObjectName) {
        let (schema, type_name) = self.resolve(name);
        if self.type_exists(&schema, &type_name, name.span)
            || !self.check_schema(&schema, name.span)
        {
            return;
        }
        self.catalog.other_types.push((schema, type_name));
    }

    pub(super) fn alter_type(&mut self, name: &ObjectName, op: &AlterTypeOp) {
        let (schema, type_name) = self.resolve(name);
        let Some(e) = self.enum_index(&schema, &type_name) else {
            if let Some(o) = self.other_type_index(&schema, &type_name) {
                self.alter_other_type(o, op);
            } else {
                self.unknown(ObjectKind::Type, self.shown(&schema, &type_name), name.span);
            }
            return;
        };
        let at = self.at;
        if let Some(e) = self.catalog.enums.get_mut(e) {
            e.history.touch(at);
        }
        match op {
            AlterTypeOp::AddValue {
                value,
                if_not_exists,
                position,
            } => self.add_enum_value(e, value, *if_not_exists, position.as_ref()),
            AlterTypeOp::RenameValue { from, to } => {
                let Some(values) = self.catalog.enums.get(e).map(|e| &e.values) else {
                    return;
                };
                let Some(at) = values.iter().position(|v| *v == from.value) else {
                    return self.unknown(ObjectKind::EnumValue, from.value.clone(), from.span);
                };
                if values.contains(&to.value) {
                    return self.already_exists(
                        ObjectKind::EnumValue,
                        to.value.clone(),
                        to.span,
                        None,
                    );
                }
                if let Some(slot) = self
                    .catalog
                    .enums
                    .get_mut(e)
                    .and_then(|e| e.values.get_mut(at))
                {
                    *slot = to.value.clone();
                }
            }
            AlterTypeOp::RenameTo { to } => {
                let new = self.fold(to);
                // PostgreSQL: renaming a type to its own name is a duplicate.
                if new == type_name {
                    let previous = self.catalog.enums.get(e).map(|x| x.history.created);
                    let shown = self.shown(&schema, &new);
                    return self.already_exists(ObjectKind::Type, shown, to.span, previous);
                }
                self.move_enum(e, &schema, &new, to.span);
            }
            AlterTypeOp::SetSchema { schema: target } => {
                let new_schema = self.fold(target);
                if self.check_schema(&new_schema, target.span) {
                    self.move_enum(e, &new_schema, &type_name, target.span);
                }
            }
            AlterTypeOp::Other => {}
        }
    }

    fn add_enum_value(
        &mut self,
        e: usize,
        value: &StringLit,
        if_not_exists: bool,
        position: Option<&EnumValuePosition>,
    ) {
        let Some(values) = self.catalog.enums.get(e).map(|e| &e.values) else {
            return;
        };
        if values.contains(&value.value) {
            if !if_not_exists {
                self.already_exists(ObjectKind::EnumValue, value.value.clone(), value.span, None);
            }
            return;
        }
        let insert_at = match position {
            None => values.len(),
            Some(EnumValuePosition::Before(anchor) | EnumValuePosition::After(anchor)) => {
                let Some(found) = values.iter().position(|v| *v == anchor.value) else {
                    return self.unknown(ObjectKind::EnumValue, anchor.value.clone(), anchor.span);
                };
                match position {
                    Some(EnumValuePosition::After(_)) => found + 1,
                    _ => found,
                }
            }
        };
        if let Some(e) = self.catalog.enums.get_mut(e) {
            let at = insert_at.min(e.values.len());
            e.values.insert(at, value.value.clone());
        }
    }

    /// Renames or moves an enum, following it in the columns that use it.
    fn move_enum(&mut self, e: usize, schema: &str, name: &str, span: miglint_source::Span) {
        let Some((old_schema, old_name)) = self
            .catalog
            .enums
            .get(e)
            .map(|e| (e.schema.clone(), e.name.clone()))
        else {
            return;
        };
        if (old_schema != schema || old_name != name) && self.type_exists(schema, name, span) {
            return;
        }
        let from = self.type_name(&old_schema, &old_name);
        let to = self.type_name(schema, name);
        if let Some(e) = self.catalog.enums.get_mut(e) {
            e.schema = schema.to_owned();
            e.name = name.to_owned();
        }
        self.catalog.enums.rekey();
        self.rename_type_in_columns(&from, &to);
    }

    fn alter_other_type(&mut self, o: usize, op: &AlterTypeOp) {
        let Some((schema, name)) = self.catalog.other_types.get(o).cloned() else {
            return;
        };
        let target = match op {
            AlterTypeOp::RenameTo { to } => (schema, self.fold(to)),
            AlterTypeOp::SetSchema { schema } => (self.fold(schema), name),
            _ => return,
        };
        if let Some(slot) = self.catalog.other_types.get_mut(o) {
            *slot = target;
        }
    }

    pub(super) fn drop_type(&mut self, name: &ObjectName, if_exists: bool, cascade: bool) {
        let (schema, type_name) = self.resolve(name);
        if let Some(e) = self.enum_index(&schema, &type_name) {
            self.catalog.enums.remove(e);
        } else if let Some(o) = self.other_type_index(&schema, &type_name) {
            self.catalog.other_types.remove(o);
        } else {
            if !if_exists {
                self.unknown(ObjectKind::Type, self.shown(&schema, &type_name), name.span);
            }
            return;
        }
        if cascade {
            let shown = self.type_name(&schema, &type_name);
            self.drop_columns_of_type(&shown);
        }
    }

    // Views

    fn view_index(&self, schema: &str, name: &str, materialized: bool) -> Option<usize> {
        self.catalog.views.iter().position(|v| {
            v.materialized == materialized
                && self.same(&v.schema, schema)
                && self.same(&v.name, name)
        })
    }

    pub(super) fn create_view(
        &mut self,
        name: &ObjectName,
        or_replace: bool,
        materialized: bool,
        if_not_exists: bool,
        references: &[String],
    ) {
        let (schema, view_name) = self.resolve(name);
        let kind = view_kind(materialized);
        if let Some(v) = self.view_index(&schema, &view_name, materialized) {
            let at = self.at;
            let Some(view) = self.catalog.views.get_mut(v) else {
                return;
            };
            if or_replace {
                view.history.touch(at);
                view.depends_on = references.to_vec();
            } else if !if_not_exists {
                let previous = Some(view.history.created);
                self.already_exists(kind, self.shown(&schema, &view_name), name.span, previous);
            }
            return;
        }
        if !self.check_schema(&schema, name.span) {
            return;
        }
        self.catalog.views.push(View {
            schema,
            name: view_name,
            materialized,
            depends_on: references.to_vec(),
            history: self.history(),
        });
    }

    /// Drops the views that depend on `name`, and theirs in turn (what
    /// `DROP … CASCADE` does; without CASCADE the database refuses while
    /// such views exist, so a valid history has none left).
    pub(super) fn drop_dependent_views(&mut self, name: &str) {
        let dialect = self.catalog.dialect;
        let mut gone = vec![name.to_owned()];
        while let Some(dropped) = gone.pop() {
            let depends = |v: &crate::View| {
                v.depends_on
                    .iter()
                    .any(|d| crate::names::same_in(dialect, d, &dropped))
            };
            let dependent: Vec<String> = self
                .catalog
                .views
                .iter()
                .filter(|v| depends(v))
                .map(|v| v.name.clone())
                .collect();
            if !dependent.is_empty() {
                self.catalog.views.retain(|v| !depends(v));
                gone.extend(dependent);
            }
        }
    }

    /// Drops the views that read column `column` of table `table` (their
    /// query names both), and the views on those.
    pub(super) fn drop_views_reading(&mut self, table: &str, column: &str) {
        let dialect = self.catalog.dialect;
        let names = |v: &crate::View, n: &str| {
            v.depends_on
                .iter()
                .any(|d| crate::names::same_in(dialect, d, n))
        };
        let reading: Vec<String> = self
            .catalog
            .views
            .iter()
            .filter(|v| names(v, table) && names(v, column))
            .map(|v| v.name.clone())
            .collect();
        if reading.is_empty() {
            return;
        }
        self.catalog
            .views
            .retain(|v| !reading.iter().any(|r| r == &v.name));
        for view in reading {
            self.drop_dependent_views(&view);
        }
    }

    pub(super) fn alter_view(
        &mut self,
        name: &ObjectName,
        materialized: bool,
        if_exists: bool,
        op: &AlterObjectOp,
    ) {
        let (schema, view_name) = self.resolve(name);
        let Some(v) = self.view_index(&schema, &view_name, materialized) else {
            if !if_exists {
                self.unknown(
                    view_kind(materialized),
                    self.shown(&schema, &view_name),
                    name.span,
                );
            }
            return;
        };
        let target = match op {
            AlterObjectOp::RenameTo { to } => (schema, self.fold(to), to.span),
            AlterObjectOp::SetSchema { schema: s } => (self.fold(s), view_name, s.span),
            AlterObjectOp::Other => (schema, view_name, name.span),
        };
        // Renaming a view to its own name is a duplicate too.
        let renamed = matches!(op, AlterObjectOp::RenameTo { .. });
        if let Some(existing) = self.view_index(&target.0, &target.1, materialized)
            && (existing != v || renamed)
        {
            let previous = self.catalog.views.get(existing).map(|x| x.history.created);
            return self.already_exists(
                view_kind(materialized),
                self.shown(&target.0, &target.1),
                target.2,
                previous,
            );
        }
        let at = self.at;
        if let Some(view) = self.catalog.views.get_mut(v) {
            view.schema = target.0;
            view.name = target.1;
            view.history.touch(at);
        }
        self.catalog.views.rekey();
    }

    pub(super) fn drop_view(&mut self, name: &ObjectName, materialized: bool, if_exists: bool) {
        let (schema, view_name) = self.resolve(name);
        match self.view_index(&schema, &view_name, materialized) {
            Some(v) => {
                self.catalog.views.remove(v);
                if self.catalog.dialect == Dialect::Postgres {
                    self.drop_dependent_views(&view_name);
                }
            }
            None if if_exists => {}
            None => self.unknown(
                view_kind(materialized),
                self.shown(&schema, &view_name),
                name.span,
            ),
        }
    }

    // Sequences

    fn sequence_index(&self, schema: &str, name: &str) -> Option<usize> {
        self.catalog
            .sequences
            .iter()
            .position(|s| self.same(&s.schema, schema) && self.same(&s.name, name))
    }

    pub(super) fn create_sequence(&mut self, name: &ObjectName, if_not_exists: bool) {
        let (schema, sequence) = self.resolve(name);
        if let Some(s) = self.sequence_index(&schema, &sequence) {
            if !if_not_exists {
                let previous = self.catalog.sequences.get(s).map(|s| s.history.created);
                self.already_exists(
                    ObjectKind::Sequence,
                    self.shown(&schema, &sequence),
                    name.span,
                    previous,
                );
            }
            return;
        }
        if !self.check_schema(&schema, name.span) {
            return;
        }
        self.catalog.sequences.push(Sequence {
            schema,
            name: sequence,
            owned_by: None,
            history: self.history(),
        });
    }

    pub(super) fn alter_sequence(
        &mut self,
        name: &ObjectName,
        if_exists: bool,
        op: &AlterObjectOp,
    ) {
        let (schema, sequence) = self.resolve(name);
        let Some(s) = self.sequence_index(&schema, &sequence) else {
            if !if_exists {
                self.unknown(
                    ObjectKind::Sequence,
                    self.shown(&schema, &sequence),
                    name.span,
                );
            }
            return;
        };
        let target = match op {
            AlterObjectOp::RenameTo { to } => (schema, self.fold(to), to.span),
            AlterObjectOp::SetSchema { schema: target } => {
                (self.fold(target), sequence, target.span)
            }
            AlterObjectOp::Other => (schema, sequence, name.span),
        };
        // Renaming a sequence to its own name is a duplicate too.
        let renamed = matches!(op, AlterObjectOp::RenameTo { .. });
        if let Some(existing) = self.sequence_index(&target.0, &target.1)
            && (existing != s || renamed)
        {
            let previous = self
                .catalog
                .sequences
                .get(existing)
                .map(|x| x.history.created);
            return self.already_exists(
                ObjectKind::Sequence,
                self.shown(&target.0, &target.1),
                target.2,
                previous,
            );
        }
        let at = self.at;
        if let Some(seq) = self.catalog.sequences.get_mut(s) {
            seq.schema = target.0;
            seq.name = target.1;
            seq.history.touch(at);
        }
        self.catalog.sequences.rekey();
    }

    pub(super) fn drop_sequence(&mut self, name: &ObjectName, if_exists: bool) {
        let (schema, sequence) = self.resolve(name);
        match self.sequence_index(&schema, &sequence) {
            Some(s) => {
                self.catalog.sequences.remove(s);
            }
            None if if_exists => {}
            None => self.unknown(
                ObjectKind::Sequence,
                self.shown(&schema, &sequence),
                name.span,
            ),
        }
    }

    // Extensions

    pub(super) fn create_extension(&mut self, name: &Ident, if_not_exists: bool) {
        let folded = self.fold(name);
        if let Some(existing) = self.catalog.extension(&folded) {
            if !if_not_exists {
                let previous = Some(existing.history.created);
                self.already_exists(ObjectKind::Extension, folded, name.span, previous);
            }
            return;
        }
        self.catalog.extensions.push(Extension {
            name: folded,
            history: self.history(),
        });
    }

    pub(super) fn drop_extension(&mut self, name: &Ident, if_exists: bool) {
        let folded = self.fold(name);
        match self
            .catalog
            .extensions
            .iter()
            .position(|e| self.same(&e.name, &folded))
        {
            Some(e) => {
                self.catalog.extensions.remove(e);
            }
            None if if_exists => {}
            None => self.unknown(ObjectKind::Extension, folded, name.span),
        }
    }
}

fn view_kind(materialized: bool) -> ObjectKind {
    if materialized {
        ObjectKind::MaterializedView
    } else {
        ObjectKind::View
    }
}
