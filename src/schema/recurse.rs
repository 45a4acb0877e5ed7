//! What a change to a table with a parent or children does to the others, as PostgreSQL
//! recurses: columns added, dropped and altered on a parent reach its children; checks
//! reach them with the same names; on a partitioned table, indexes, primary keys, unique
//! constraints and foreign keys reach its partitions too; dropping a partitioned table drops
//! its partitions. What belongs to a parent cannot be dropped or changed on the child alone.
//! Each operation applies whole or not at all.

use super::apply::{err, ReplayError};
use super::{key, Key, Schema};
use crate::ir::{ColumnChange, ColumnDef, ConstraintKind, Op, QualName};

impl Schema {
    /// `Some` when `op` concerns a table tied to others (a parent, children, a tied index or
    /// constraint): the operation applied with its recursion.
    pub(super) fn apply_in_family(&mut self, op: &Op) -> Option<Result<(), ReplayError>> {
        let k = match op {
            Op::DropIndex { index, .. } | Op::RenameIndex { index, .. } => {
                let schema = index.schema_or_public().to_string();
                let (t, _) = self.index_owner(&schema, &index.name)?;
                (t.schema.clone(), t.name.clone())
            }
            Op::AddColumn { .. }
            | Op::DropColumn { .. }
            | Op::AlterColumn { .. }
            | Op::AddConstraint { .. }
            | Op::DropConstraint { .. }
            | Op::RenameConstraint { .. }
            | Op::CreateIndex(_)
            | Op::DropTable { .. }
            | Op::RenameTable { .. } => key(op.target_table()?),
            _ => return None,
        };
        let t = self.tables.get(&k)?;
        if t.parents.is_empty()
            && t.partitioning.is_none()
            && self.tables.children_of(&k).is_empty()
        {
            return None;
        }
        let before = self.clone();
        let done = self.apply_with_family(op, &k);
        if done.is_err() {
            *self = before;
        }
        Some(done)
    }

    fn apply_with_family(&mut self, op: &Op, k: &Key) -> Result<(), ReplayError> {
        let children = self.tables.children_of(k);
        let partitioned = self.tables[k].partitioning.is_some();
        match op {
            Op::AddColumn {
                column,
                if_not_exists,
                ..
            } => {
                if self.tables[k].is_partition {
                    return err("cannot add column to a partition");
                }
                if *if_not_exists && self.tables[k].column(&column.name).is_some() {
                    return Ok(());
                }
                self.apply_plain(op)?;
                self.add_column_to_children(k, &column.name)
            }
            Op::DropColumn { column, .. } => {
                let t = &self.tables[k];
                if t.column(column).is_some_and(|c| c.inherited > 0) {
                    return err(format!("cannot drop inherited column \"{column}\""));
                }
                if let Some(pk) = &t.partitioning {
                    if pk.columns.contains(column) {
                        return err(format!(
                            "cannot drop column \"{column}\" because it is part of the partition key of relation \"{}\"",
                            k.1
                        ));
                    }
                }
                let existed = t.column(column).is_some();
                self.apply_plain(op)?;
                if existed {
                    self.drop_column_from_children(&children, column)?;
                }
                Ok(())
            }
            Op::AlterColumn { column, change, .. } => {
                self.alter_column_in_family(op, k, &children, column, change)
            }
            Op::AddConstraint {
                constraint, only, ..
            } => {
                if *only && !children.is_empty() {
                    match &constraint.kind {
                        ConstraintKind::Check { .. } => {
                            return err("constraint must be added to child tables too")
                        }
                        ConstraintKind::ForeignKey { referenced, .. } if partitioned => {
                            return err(format!(
                                "cannot use ONLY for foreign key on partitioned table \"{}\" referencing relation \"{}\"",
                                k.1, referenced.name
                            ))
                        }
                        _ => {}
                    }
                }
                let count = self.tables[k].constraints.len();
                self.apply_plain(op)?;
                self.check_partition_keys(k)?;
                if *only {
                    // The partitions' keys are attached to it later (ALTER INDEX ... ATTACH).
                    return Ok(());
                }
                let Some(made) = self.tables[k].constraints.get(count).cloned() else {
                    return Ok(());
                };
                match made.kind {
                    ConstraintKind::Check { .. } => {
                        for child in &children {
                            self.inherit_check_down(child, &made)?;
                        }
                    }
                    ConstraintKind::PrimaryKey { .. } | ConstraintKind::Unique { .. }
                        if partitioned =>
                    {
                        for child in &children {
                            self.add_tied_constraint(child, None, &made)?;
                        }
                    }
                    ConstraintKind::ForeignKey { .. } if partitioned => {
                        for child in &children {
                            self.add_tied_constraint(child, Some(made.name.clone()), &made)?;
                        }
                    }
                    _ => {}
                }
                Ok(())
            }
            Op::DropConstraint { name, .. } => {
                let t = &self.tables[k];
                if t.constraints
                    .iter()
                    .any(|c| c.name == *name && c.parent.is_some())
                {
                    return err(format!(
                        "cannot drop inherited constraint \"{name}\" of relation \"{}\"",
                        k.1
                    ));
                }
                self.apply_plain(op)?;
                self.drop_tied_constraints(&children, name);
                Ok(())
            }
            Op::RenameConstraint { name, new_name, .. } => {
                let t = &self.tables[k];
                let found = t.constraints.iter().find(|c| c.name == *name).cloned();
                if found.as_ref().is_some_and(|c| c.parent.is_some()) {
                    return err(format!("cannot rename inherited constraint \"{name}\""));
                }
                self.apply_plain(op)?;
                let new_name = crate::pg::names::truncate_identifier(new_name);
                self.rename_tied_constraints(&children, name, &new_name);
                Ok(())
            }
            Op::CreateIndex(def) => {
                if !partitioned || def.only {
                    return self.apply_plain(op);
                }
                if def.concurrently {
                    return err(format!(
                        "cannot create index on partitioned table \"{}\" concurrently",
                        k.1
                    ));
                }
                let count = self.tables[k].indexes.len();
                self.apply_plain(op)?;
                self.check_partition_keys(k)?;
                let Some(made) = self.tables[k].indexes.get(count).cloned() else {
                    return Ok(());
                };
                for child in &children {
                    self.add_tied_index(child, &made)?;
                }
                Ok(())
            }
            Op::DropIndex { index, .. } => {
                let t = &self.tables[k];
                if let Some(parent) = t
                    .indexes
                    .iter()
                    .find(|i| i.name == index.name)
                    .and_then(|i| i.parent.clone())
                {
                    return Err(ReplayError {
                        message: format!(
                            "cannot drop index {} because index {parent} requires it",
                            index.name
                        ),
                        help: Some("drop the partitioned table's index instead".into()),
                    });
                }
                self.apply_plain(op)?;
                self.drop_tied_indexes(&children, &index.name);
                Ok(())
            }
            Op::RenameIndex { index, new_name } => {
                self.apply_plain(op)?;
                let new_name = crate::pg::names::truncate_identifier(new_name);
                for child in &children {
                    if let Some(mut t) = self.table_by_key_mut(child) {
                        for i in t.indexes.iter_mut() {
                            if i.parent.as_deref() == Some(&index.name) {
                                i.parent = Some(new_name.clone());
                            }
                        }
                        for c in t.constraints.iter_mut() {
                            if c.parent.as_deref() == Some(&index.name) {
                                c.parent = Some(new_name.clone());
                            }
                        }
                    }
                }
                Ok(())
            }
            Op::DropTable { cascade, .. } => {
                if !children.is_empty() && !partitioned && !cascade {
                    return Err(ReplayError {
                        message: format!(
                            "cannot drop table {} because other objects depend on it (table {} depends on table {})",
                            k.1, children[0].1, k.1
                        ),
                        help: Some(
                            "drop the child tables first, or drop the table with CASCADE".into(),
                        ),
                    });
                }
                for child in &children {
                    let t = &self.tables[child];
                    if t.parents.len() > 1 && !t.is_partition {
                        // A child with other parents stays, without this one's columns.
                        continue;
                    }
                    self.apply_in_place(&Op::DropTable {
                        table: QualName::new(Some(child.0.clone()), child.1.clone()),
                        if_exists: false,
                        cascade: *cascade,
                    })?;
                }
                for child in self.tables.children_of(k) {
                    self.inherit(
                        &QualName::new(Some(child.0.clone()), child.1.clone()),
                        &QualName::new(Some(k.0.clone()), k.1.clone()),
                        false,
                    )?;
                }
                self.apply_plain(op)
            }
            Op::RenameTable { new_name, .. } => {
                self.apply_plain(op)?;
                let new_key = (k.0.clone(), crate::pg::names::truncate_identifier(new_name));
                for child in &children {
                    if let Some(mut t) = self.table_by_key_mut(child) {
                        for p in t.parents.iter_mut().filter(|p| *p == k) {
                            p.clone_from(&new_key);
                        }
                    }
                }
                Ok(())
            }
            _ => self.apply_plain(op),
        }
    }

    /// A column just added to `k` reaches its children: merged into a column of the same
    /// name and type, else added as inherited.
    fn add_column_to_children(&mut self, k: &Key, name: &str) -> Result<(), ReplayError> {
        let Some(c) = self.tables[k].column(name).cloned() else {
            return Ok(());
        };
        for child in self.tables.children_of(k) {
            let existing = self.tables[&child].column(name).cloned();
            match existing {
                Some(own) => {
                    if own.ty != c.ty {
                        return err(format!(
                            "child table \"{}\" has different type for column \"{name}\"",
                            child.1
                        ));
                    }
                    let mut t = self.writable(&child)?;
                    if let Some(col) = t.columns.iter_mut().find(|x| x.name == name) {
                        col.inherited += 1;
                    }
                }
                None => {
                    self.add_column(
                        &child,
                        &ColumnDef {
                            name: c.name.clone(),
                            ty: c.ty.clone(),
                            serial: false,
                            not_null: c.not_null,
                            default: c.default.clone(),
                            identity: None,
                            generated: c.generated.clone(),
                            comment: None,
                        },
                    )?;
                    let mut t = self.writable(&child)?;
                    if let Some(col) = t.columns.last_mut() {
                        col.inherited = 1;
                        col.local = false;
                    }
                    drop(t);
                    self.add_column_to_children(&child, name)?;
                }
            }
        }
        Ok(())
    }

    /// A parent's column dropped: a child's copy that only came from parents goes (with its
    /// own children's), one it also defines itself stays.
    fn drop_column_from_children(
        &mut self,
        children: &[Key],
        column: &str,
    ) -> Result<(), ReplayError> {
        for child in children {
            let mut t = self.writable(child)?;
            let Some(col) = t.columns.iter_mut().find(|c| c.name == column) else {
                continue;
            };
            col.inherited = col.inherited.saturating_sub(1);
            let gone = col.inherited == 0 && !col.local;
            drop(t);
            if gone {
                let table = QualName::new(Some(child.0.clone()), child.1.clone());
                self.apply_in_place(&Op::DropColumn {
                    table,
                    column: column.to_string(),
                    if_exists: false,
                    cascade: true,
                })?;
            }
        }
        Ok(())
    }

    fn alter_column_in_family(
        &mut self,
        op: &Op,
        k: &Key,
        children: &[Key],
        column: &str,
        change: &ColumnChange,
    ) -> Result<(), ReplayError> {
        let t = &self.tables[k];
        let inherited = t.column(column).is_some_and(|c| c.inherited > 0);
        if inherited && change.new_name.is_some() {
            return err(format!("cannot rename inherited column \"{column}\""));
        }
        if inherited && change.ty.is_some() {
            return err(format!("cannot alter inherited column \"{column}\""));
        }
        if change.not_null == Some(false) && t.is_partition {
            let parent_not_null = t.parents.first().is_some_and(|p| {
                self.tables
                    .get(p)
                    .and_then(|p| p.column(column))
                    .is_some_and(|c| c.not_null)
            });
            if parent_not_null {
                return err(format!(
                    "column \"{column}\" is marked NOT NULL in parent table"
                ));
            }
        }
        if change.ty.is_some()
            && t.partitioning
                .as_ref()
                .is_some_and(|pk| pk.columns.iter().any(|c| c == column))
        {
            return err(format!(
                "cannot alter column \"{column}\" because it is part of the partition key of relation \"{}\"",
                k.1
            ));
        }
        self.apply_plain(op)?;
        if let Some(new_name) = &change.new_name {
            let mut t = self.writable(k)?;
            if let Some(pk) = &mut t.partitioning {
                for c in pk.columns.iter_mut().filter(|c| *c == column) {
                    c.clone_from(new_name);
                }
            }
        }
        // Comments and identity stay on the table named.
        let reaching = ColumnChange {
            comment: None,
            identity: None,
            ..change.clone()
        };
        if reaching == ColumnChange::default() {
            return Ok(());
        }
        for child in children {
            if self.tables[child].column(column).is_none() {
                continue;
            }
            // The child's copy is changed as the parent's is: for the moment it is not
            // taken for inherited, so that the child's own rules let the change through.
            let count = self.tables[child].column(column).map_or(0, |c| c.inherited);
            self.set_inherited(child, column, 0);
            let renamed = change
                .new_name
                .clone()
                .unwrap_or_else(|| column.to_string());
            self.apply_in_place(&Op::AlterColumn {
                table: QualName::new(Some(child.0.clone()), child.1.clone()),
                column: column.to_string(),
                change: reaching.clone(),
            })?;
            self.set_inherited(child, &renamed, count);
        }
        Ok(())
    }

    /// Sets a column's inherited count (around a recursion).
    fn set_inherited(&mut self, k: &Key, column: &str, n: u32) {
        if let Some(mut t) = self.table_by_key_mut(k) {
            if let Some(c) = t.columns.iter_mut().find(|c| c.name == column) {
                c.inherited = n;
            }
        }
    }

    /// A check added to a parent reaches a child (and its children) under the same name.
    fn inherit_check_down(
        &mut self,
        child: &Key,
        check: &super::Constraint,
    ) -> Result<(), ReplayError> {
        {
            let mut t = self.writable(child)?;
            match t.constraints.iter_mut().find(|c| c.name == check.name) {
                Some(own) if own.kind == check.kind => own.parent = Some(check.name.clone()),
                Some(_) => {
                    return err(format!(
                        "constraint \"{}\" for relation \"{}\" already exists",
                        check.name, child.1
                    ))
                }
                None => t.constraints.push(super::Constraint {
                    name: check.name.clone(),
                    kind: check.kind.clone(),
                    parent: Some(check.name.clone()),
                }),
            }
        }
        let tied = super::Constraint {
            parent: Some(check.name.clone()),
            ..check.clone()
        };
        for grandchild in self.tables.children_of(child) {
            self.inherit_check_down(&grandchild, &tied)?;
        }
        Ok(())
    }

    /// A parent's constraint dropped: the children's constraints tied to it go too.
    fn drop_tied_constraints(&mut self, children: &[Key], name: &str) {
        for child in children {
            let tied: Vec<String> = self.tables[child]
                .constraints
                .iter()
                .filter(|c| c.parent.as_deref() == Some(name))
                .map(|c| c.name.clone())
                .collect();
            let grandchildren = self.tables.children_of(child);
            if let Some(mut t) = self.table_by_key_mut(child) {
                t.constraints.retain(|c| c.parent.as_deref() != Some(name));
            }
            for n in &tied {
                self.drop_tied_constraints(&grandchildren, n);
            }
        }
    }

    /// A parent's constraint renamed: the checks of the same name follow (PostgreSQL
    /// renames them too), the others keep their names and their tie.
    fn rename_tied_constraints(&mut self, children: &[Key], old: &str, new: &str) {
        for child in children {
            let grandchildren = self.tables.children_of(child);
            let mut renamed_check = false;
            if let Some(mut t) = self.table_by_key_mut(child) {
                for c in t.constraints.iter_mut() {
                    if c.parent.as_deref() == Some(old) {
                        c.parent = Some(new.to_string());
                        if matches!(c.kind, ConstraintKind::Check { .. }) && c.name == old {
                            c.name = new.to_string();
                            renamed_check = true;
                        }
                    }
                }
            }
            if renamed_check {
                self.rename_tied_constraints(&grandchildren, old, new);
            }
        }
    }

    /// A parent's index dropped: its partitions' indexes go too.
    fn drop_tied_indexes(&mut self, children: &[Key], name: &str) {
        for child in children {
            let tied: Vec<String> = self.tables[child]
                .indexes
                .iter()
                .filter(|i| i.parent.as_deref() == Some(name))
                .map(|i| i.name.clone())
                .collect();
            let grandchildren = self.tables.children_of(child);
            if let Some(mut t) = self.table_by_key_mut(child) {
                t.indexes.retain(|i| i.parent.as_deref() != Some(name));
            }
            for n in &tied {
                self.drop_tied_indexes(&grandchildren, n);
            }
        }
    }
}
