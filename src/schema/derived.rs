//! Tables built from other tables, with PostgreSQL's rules: partitioned tables and their
//! partitions (`PARTITION OF`, `ATTACH`/`DETACH PARTITION`), inheritance (`INHERITS`,
//! `INHERIT`/`NO INHERIT`) and `LIKE`. A partition takes its parent's columns, checks and
//! foreign keys (same names) and gets its own copy of every index and primary key or unique
//! constraint (names PostgreSQL generates from the partition's name); a child of `INHERITS`
//! takes columns, NOT NULL, defaults and checks only. What a change to a parent does to its
//! children (`recurse.rs`) follows the same links.

use std::sync::Arc;

use super::apply::{err, ReplayError};
use super::{key, Constraint, Index, Key, Schema, Table};
use crate::ir::{
    ColumnDef, ConstraintDef, ConstraintKind, IndexDef, IndexKey, LikeOptions, QualName, TableFrom,
};

/// A column of the table being made, with where it comes from.
struct Merged {
    def: ColumnDef,
    inherited: u32,
    local: bool,
    /// Two parents give it different defaults and the table gives none.
    conflicting_default: bool,
}

impl Schema {
    /// `CREATE TABLE` with partitioning, a parent, inheritance or `LIKE`. On error the catalog
    /// is the one before.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn create_table_from(
        &mut self,
        table: &QualName,
        columns: &[ColumnDef],
        constraints: &[ConstraintDef],
        comment: &Option<String>,
        if_not_exists: bool,
        from: &TableFrom,
    ) -> Result<(), ReplayError> {
        let before = self.clone();
        let built =
            self.build_table_from(table, columns, constraints, comment, if_not_exists, from);
        if built.is_err() {
            *self = before;
        }
        built
    }

    fn build_table_from(
        &mut self,
        table: &QualName,
        columns: &[ColumnDef],
        constraints: &[ConstraintDef],
        comment: &Option<String>,
        if_not_exists: bool,
        from: &TableFrom,
    ) -> Result<(), ReplayError> {
        let k = key(table);
        self.require_schema(&k.0)?;
        if self.relation_exists(&k.0, &k.1) {
            return if if_not_exists {
                Ok(())
            } else {
                err(format!("relation \"{}\" already exists", table.name))
            };
        }
        let parents = self.parents_of_new_table(from)?;
        let merged = self.merged_columns(&parents, columns, from)?;
        if let Some(pk) = &from.partition_by {
            if let Some(c) = pk
                .columns
                .iter()
                .find(|c| !merged.iter().any(|m| m.def.name == **c))
            {
                return err(format!(
                    "column \"{c}\" named in partition key does not exist"
                ));
            }
        }
        self.create_table(table, &[], &[], comment.clone(), false)?;
        for m in &merged {
            self.add_column(&k, &m.def)?;
        }
        {
            let mut t = self.writable(&k)?;
            for (c, m) in t.columns.iter_mut().zip(&merged) {
                c.inherited = m.inherited;
                c.local = m.local;
            }
            t.partitioning.clone_from(&from.partition_by);
            t.parents.clone_from(&parents);
            t.is_partition = from.partition_of.is_some();
        }
        for p in &parents {
            self.inherit_checks(&k, p)?;
        }
        if from.partition_of.is_some() {
            self.clone_partitioned(&parents[0], &k)?;
        }
        for c in constraints {
            self.add_constraint(&k, c)?;
        }
        for like in &from.like {
            self.copy_like(&k, &key(&like.source), like.options)?;
        }
        self.check_partition_keys(&k)
    }

    /// A partitioned table's primary key, unique constraints and unique indexes must hold its
    /// partition key's columns (each partition enforces them alone).
    pub(super) fn check_partition_keys(&self, k: &Key) -> Result<(), ReplayError> {
        let t = self.shared(k)?;
        let Some(pk) = &t.partitioning else {
            return Ok(());
        };
        let covers = |cols: &[String]| pk.columns.iter().all(|c| cols.contains(c));
        let constraints = t.constraints.iter().filter_map(|c| match &c.kind {
            ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns } => {
                Some(columns.clone())
            }
            _ => None,
        });
        let indexes = t.indexes.iter().filter(|i| i.unique).map(|i| {
            i.keys
                .iter()
                .filter_map(|key| match key {
                    IndexKey::Column(c) => Some(c.clone()),
                    IndexKey::Expression(_) => None,
                })
                .collect::<Vec<_>>()
        });
        if constraints.chain(indexes).any(|cols| !covers(&cols)) {
            return Err(ReplayError {
                message:
                    "unique constraint on partitioned table must include all partitioning columns"
                        .into(),
                help: Some(format!(
                    "add the partition key's columns ({}) to it",
                    pk.columns.join(", ")
                )),
            });
        }
        Ok(())
    }

    /// The parents a new table names, checked as PostgreSQL checks them.
    fn parents_of_new_table(&self, from: &TableFrom) -> Result<Vec<Key>, ReplayError> {
        let mut parents = Vec::new();
        if let Some(p) = &from.partition_of {
            let t = self.existing_table(p)?;
            if t.partitioning.is_none() {
                return err(format!("table \"{}\" is not partitioned", p.name));
            }
            parents.push(key(p));
        }
        for p in &from.inherits {
            let t = self.existing_table(p)?;
            if t.partitioning.is_some() {
                return err(format!(
                    "cannot inherit from partitioned table \"{}\"",
                    p.name
                ));
            }
            if t.is_partition {
                return err(format!("cannot inherit from partition \"{}\"", p.name));
            }
            if parents.contains(&key(p)) {
                return err(format!(
                    "relation \"{}\" would be inherited from more than once",
                    p.name
                ));
            }
            parents.push(key(p));
        }
        Ok(parents)
    }

    /// The columns in PostgreSQL's order: the parents' first (merged by name), then the
    /// table's own and its `LIKE` sources' in the order written; an own column of an
    /// inherited name is merged into it, at its place.
    fn merged_columns(
        &self,
        parents: &[Key],
        columns: &[ColumnDef],
        from: &TableFrom,
    ) -> Result<Vec<Merged>, ReplayError> {
        let mut merged: Vec<Merged> = Vec::new();
        for p in parents {
            for c in &self.tables[p].columns {
                let def = ColumnDef {
                    name: c.name.clone(),
                    ty: c.ty.clone(),
                    serial: false,
                    not_null: c.not_null,
                    default: c.default.clone(),
                    // Identity is not inherited; a generation expression is.
                    identity: None,
                    generated: c.generated.clone(),
                    comment: None,
                };
                match merged.iter_mut().find(|m| m.def.name == c.name) {
                    Some(m) => {
                        if m.def.ty != c.ty {
                            return err(format!(
                                "inherited column \"{}\" has a type conflict",
                                c.name
                            ));
                        }
                        m.def.not_null |= c.not_null;
                        if m.def.default != def.default {
                            m.conflicting_default = true;
                        }
                        m.inherited += 1;
                    }
                    None => merged.push(Merged {
                        def,
                        inherited: 1,
                        local: false,
                        conflicting_default: false,
                    }),
                }
            }
        }
        let inherited = merged.len();
        for def in self.written_columns(columns, from)? {
            if let Some(m) = merged[..inherited]
                .iter_mut()
                .find(|m| m.def.name == def.name)
            {
                if m.def.ty != def.ty {
                    return err(format!("column \"{}\" has a type conflict", def.name));
                }
                m.def.not_null |= def.not_null;
                if def.default.is_some() {
                    m.def.default = def.default;
                    m.conflicting_default = false;
                }
                m.local = true;
                continue;
            }
            if merged.iter().any(|m| m.def.name == def.name) {
                return err(format!("column \"{}\" specified more than once", def.name));
            }
            merged.push(Merged {
                def,
                inherited: 0,
                local: true,
                conflicting_default: false,
            });
        }
        if let Some(m) = merged.iter().find(|m| m.conflicting_default) {
            return err(format!(
                "column \"{}\" inherits conflicting default values",
                m.def.name
            ));
        }
        Ok(merged)
    }

    /// The table's own columns with the columns of its `LIKE` sources where the clauses stand.
    fn written_columns(
        &self,
        columns: &[ColumnDef],
        from: &TableFrom,
    ) -> Result<Vec<ColumnDef>, ReplayError> {
        let mut out = Vec::new();
        for i in 0..=columns.len() {
            for like in from.like.iter().filter(|l| l.position == i) {
                let source = self.existing_table(&like.source)?;
                let o = like.options;
                out.extend(source.columns.iter().map(|c| ColumnDef {
                    name: c.name.clone(),
                    ty: c.ty.clone(),
                    serial: false,
                    not_null: c.not_null,
                    default: c.default.clone().filter(|_| o.defaults),
                    identity: c.identity.clone().filter(|_| o.identity),
                    generated: c.generated.clone().filter(|_| o.generated),
                    comment: c.comment.clone().filter(|_| o.comments),
                }));
            }
            out.extend(columns.get(i).cloned());
        }
        Ok(out)
    }

    /// The checks of `parent` that `child` inherits (same names, tied to the parent's).
    pub(super) fn inherit_checks(&mut self, child: &Key, parent: &Key) -> Result<(), ReplayError> {
        let checks: Vec<Constraint> = self.tables[parent]
            .constraints
            .iter()
            .filter(|c| matches!(c.kind, ConstraintKind::Check { .. }))
            .cloned()
            .collect();
        let mut t = self.writable(child)?;
        for c in checks {
            match t.constraints.iter_mut().find(|own| own.name == c.name) {
                Some(own) if own.kind == c.kind => own.parent = Some(c.name.clone()),
                Some(_) => {
                    return err(format!(
                        "constraint \"{}\" conflicts with inherited constraint \"{}\" on relation \"{}\"",
                        c.name, c.name, child.1
                    ))
                }
                None => t.constraints.push(Constraint {
                    parent: Some(c.name.clone()),
                    ..c
                }),
            }
        }
        Ok(())
    }

    /// What a new partition gets from its partitioned table besides columns and checks:
    /// its own primary key, unique constraints and indexes (generated names), and the
    /// foreign keys (same names).
    pub(super) fn clone_partitioned(
        &mut self,
        parent: &Key,
        part: &Key,
    ) -> Result<(), ReplayError> {
        let p = self.shared(parent)?;
        for c in &p.constraints {
            match &c.kind {
                ConstraintKind::PrimaryKey { .. } | ConstraintKind::Unique { .. } => {
                    self.add_tied_constraint(part, None, c)?
                }
                ConstraintKind::ForeignKey { .. } => {
                    self.add_tied_constraint(part, Some(c.name.clone()), c)?
                }
                ConstraintKind::Check { .. } | ConstraintKind::Exclude { .. } => {}
            }
        }
        for i in &p.indexes {
            self.add_tied_index(part, i)?;
        }
        Ok(())
    }

    /// A constraint on a partition tied to its parent's `c`.
    pub(super) fn add_tied_constraint(
        &mut self,
        part: &Key,
        name: Option<String>,
        c: &Constraint,
    ) -> Result<(), ReplayError> {
        self.add_constraint(
            part,
            &ConstraintDef {
                name,
                kind: c.kind.clone(),
            },
        )?;
        let mut t = self.writable(part)?;
        if let Some(last) = t.constraints.last_mut() {
            last.parent = Some(c.name.clone());
        }
        drop(t);
        // A partition that is itself partitioned passes it on.
        for sub in self.partitions_of(part) {
            let tied = self.tables[part].constraints.last().cloned();
            if let Some(tied) = tied {
                let name = matches!(tied.kind, ConstraintKind::ForeignKey { .. })
                    .then(|| tied.name.clone());
                self.add_tied_constraint(&sub, name, &tied)?;
            }
        }
        Ok(())
    }

    /// An index on a partition tied to its parent's `index` (the name PostgreSQL generates).
    pub(super) fn add_tied_index(&mut self, part: &Key, index: &Index) -> Result<(), ReplayError> {
        self.create_index(&IndexDef {
            name: None,
            table: QualName::new(Some(part.0.clone()), part.1.clone()),
            unique: index.unique,
            method: index.method.clone(),
            keys: index.keys.clone(),
            include: index.include.clone(),
            predicate: index.predicate.clone(),
            if_not_exists: false,
            concurrently: false,
            only: false,
        })?;
        let mut t = self.writable(part)?;
        let Some(made) = t.indexes.last_mut() else {
            return Ok(());
        };
        made.parent = Some(index.name.clone());
        let made = made.clone();
        drop(t);
        for sub in self.partitions_of(part) {
            self.add_tied_index(&sub, &made)?;
        }
        Ok(())
    }

    /// The partitions of a partitioned table (none for any other table).
    pub(super) fn partitions_of(&self, k: &Key) -> Vec<Key> {
        self.tables
            .children_of(k)
            .into_iter()
            .filter(|c| self.tables.get(c).is_some_and(|t| t.is_partition))
            .collect()
    }

    /// `LIKE source INCLUDING ...`: checks keep their names; primary key, unique and
    /// exclusion constraints and indexes get the names PostgreSQL generates for the new table.
    fn copy_like(&mut self, k: &Key, source: &Key, o: LikeOptions) -> Result<(), ReplayError> {
        let s = Arc::clone(self.tables.get(source).ok_or_else(|| ReplayError {
            message: format!("relation \"{}\" does not exist", source.1),
            help: None,
        })?);
        if o.constraints {
            for c in &s.constraints {
                if matches!(c.kind, ConstraintKind::Check { .. }) {
                    self.add_constraint(
                        k,
                        &ConstraintDef {
                            name: Some(c.name.clone()),
                            kind: c.kind.clone(),
                        },
                    )?;
                }
            }
        }
        if o.indexes {
            for c in &s.constraints {
                if matches!(
                    c.kind,
                    ConstraintKind::PrimaryKey { .. }
                        | ConstraintKind::Unique { .. }
                        | ConstraintKind::Exclude { .. }
                ) {
                    self.add_constraint(
                        k,
                        &ConstraintDef {
                            name: None,
                            kind: c.kind.clone(),
                        },
                    )?;
                }
            }
            for i in &s.indexes {
                self.create_index(&IndexDef {
                    name: None,
                    table: QualName::new(Some(k.0.clone()), k.1.clone()),
                    unique: i.unique,
                    method: i.method.clone(),
                    keys: i.keys.clone(),
                    include: i.include.clone(),
                    predicate: i.predicate.clone(),
                    if_not_exists: false,
                    concurrently: false,
                    only: false,
                })?;
            }
        }
        Ok(())
    }

    /// `ALTER TABLE parent ATTACH PARTITION part`: the table must match the parent (same
    /// columns and types, its NOT NULL columns, its checks by name); matching indexes,
    /// unique constraints and foreign keys are attached, the missing ones made.
    pub(super) fn attach_partition(
        &mut self,
        parent: &QualName,
        part: &QualName,
    ) -> Result<(), ReplayError> {
        let (pk, ck) = (key(parent), key(part));
        let p = self.shared_table(parent)?;
        let c = self.shared_table(part)?;
        if p.partitioning.is_none() {
            return err(format!("table \"{}\" is not partitioned", parent.name));
        }
        if c.is_partition {
            return err(format!("\"{}\" is already a partition", part.name));
        }
        if !c.parents.is_empty() {
            return err("cannot attach inheritance child as partition");
        }
        if let Some(extra) = c.columns.iter().find(|col| p.column(&col.name).is_none()) {
            return err(format!(
                "table \"{}\" contains column \"{}\" not found in parent \"{}\"",
                part.name, extra.name, parent.name
            ));
        }
        self.check_child_matches(&p, &c)?;
        let before = self.clone();
        let done = self.tie_partition(&pk, &ck);
        if done.is_err() {
            *self = before;
        }
        done
    }

    /// What `INHERIT` and `ATTACH PARTITION` require of the child: every column of the
    /// parent, of the same type, NOT NULL where the parent's is, and its checks.
    fn check_child_matches(&self, p: &Table, c: &Table) -> Result<(), ReplayError> {
        for pc in &p.columns {
            let Some(cc) = c.column(&pc.name) else {
                return err(format!("child table is missing column \"{}\"", pc.name));
            };
            if cc.ty != pc.ty {
                return err(format!(
                    "child table \"{}\" has different type for column \"{}\"",
                    c.name, pc.name
                ));
            }
            if pc.not_null && !cc.not_null {
                return err(format!(
                    "column \"{}\" in child table must be marked NOT NULL",
                    pc.name
                ));
            }
        }
        for check in p
            .constraints
            .iter()
            .filter(|k| matches!(k.kind, ConstraintKind::Check { .. }))
        {
            if !c.constraints.iter().any(|k| k.name == check.name) {
                return err(format!(
                    "child table is missing constraint \"{}\"",
                    check.name
                ));
            }
        }
        Ok(())
    }

    fn tie_partition(&mut self, pk: &Key, ck: &Key) -> Result<(), ReplayError> {
        let p = self.shared(pk)?;
        {
            let mut t = self.writable(ck)?;
            t.parents = vec![pk.clone()];
            t.is_partition = true;
            for col in &mut t.columns {
                col.inherited = 1;
                col.local = false;
            }
        }
        self.inherit_checks(ck, pk)?;
        for con in &p.constraints {
            let tie_to = |c: &Constraint| c.parent.is_none() && c.kind == con.kind;
            match &con.kind {
                ConstraintKind::PrimaryKey { .. }
                | ConstraintKind::Unique { .. }
                | ConstraintKind::ForeignKey { .. } => {
                    let found = self.tables[ck].constraints.iter().position(tie_to);
                    match found {
                        Some(i) => {
                            let mut t = self.writable(ck)?;
                            t.constraints[i].parent = Some(con.name.clone());
                        }
                        None => {
                            let name = matches!(con.kind, ConstraintKind::ForeignKey { .. })
                                .then(|| con.name.clone());
                            self.add_tied_constraint(ck, name, con)?;
                        }
                    }
                }
                _ => {}
            }
        }
        for index in &p.indexes {
            let found = self.tables[ck]
                .indexes
                .iter()
                .position(|i| i.parent.is_none() && same_index(i, index));
            match found {
                Some(i) => {
                    let mut t = self.writable(ck)?;
                    t.indexes[i].parent = Some(index.name.clone());
                }
                None => self.add_tied_index(ck, index)?,
            }
        }
        Ok(())
    }

    /// `ALTER TABLE parent DETACH PARTITION part`: the partition stays, with everything it
    /// had, as a table of its own.
    pub(super) fn detach_partition(
        &mut self,
        parent: &QualName,
        part: &QualName,
    ) -> Result<(), ReplayError> {
        let pk = key(parent);
        self.existing_table(parent)?;
        let c = self.existing_table(part)?;
        if !c.is_partition || c.parents.first() != Some(&pk) {
            return err(format!(
                "relation \"{}\" is not a partition of relation \"{}\"",
                part.name, parent.name
            ));
        }
        let mut t = self.table_mut(part)?;
        t.parents.clear();
        t.is_partition = false;
        for col in &mut t.columns {
            col.inherited = 0;
            col.local = true;
        }
        for con in &mut t.constraints {
            con.parent = None;
        }
        for i in &mut t.indexes {
            i.parent = None;
        }
        Ok(())
    }

    /// `ALTER TABLE child INHERIT parent` / `NO INHERIT parent`.
    pub(super) fn inherit(
        &mut self,
        child: &QualName,
        parent: &QualName,
        add: bool,
    ) -> Result<(), ReplayError> {
        let (pk, ck) = (key(parent), key(child));
        let p = self.shared_table(parent)?;
        let c = self.shared_table(child)?;
        if !add {
            if c.is_partition || !c.parents.contains(&pk) {
                return err(format!(
                    "relation \"{}\" is not a parent of relation \"{}\"",
                    parent.name, child.name
                ));
            }
            let mut t = self.table_mut(child)?;
            t.parents.retain(|x| *x != pk);
            for col in t.columns.iter_mut() {
                if p.column(&col.name).is_some() {
                    col.inherited = col.inherited.saturating_sub(1);
                    if col.inherited == 0 {
                        col.local = true;
                    }
                }
            }
            let checks: Vec<&str> = p.constraints.iter().map(|k| k.name.as_str()).collect();
            for con in &mut t.constraints {
                if matches!(con.kind, ConstraintKind::Check { .. })
                    && con.parent.as_deref().is_some_and(|n| checks.contains(&n))
                {
                    con.parent = None;
                }
            }
            return Ok(());
        }
        if p.partitioning.is_some() {
            return err("cannot change inheritance of a partitioned table");
        }
        if c.is_partition || p.is_partition || c.partitioning.is_some() {
            return err("cannot change inheritance of a partition");
        }
        if c.parents.contains(&pk) {
            return err(format!(
                "relation \"{}\" would be inherited from more than once",
                parent.name
            ));
        }
        if pk == ck || self.descends_from(&pk, &ck) {
            return err(format!(
                "circular inheritance not allowed (\"{}\" is already a child of \"{}\")",
                parent.name, child.name
            ));
        }
        self.check_child_matches(&p, &c)?;
        let before = self.clone();
        {
            let mut t = self.table_mut(child)?;
            t.parents.push(pk.clone());
            for col in t.columns.iter_mut() {
                if p.column(&col.name).is_some() {
                    col.inherited += 1;
                }
            }
        }
        let done = self.inherit_checks(&ck, &pk);
        if done.is_err() {
            *self = before;
        }
        done
    }

    /// Whether `k` is a child, grandchild, ... of `ancestor`.
    fn descends_from(&self, k: &Key, ancestor: &Key) -> bool {
        let mut stack = vec![k.clone()];
        let mut seen = std::collections::BTreeSet::new();
        while let Some(x) = stack.pop() {
            if !seen.insert(x.clone()) {
                continue;
            }
            if let Some(t) = self.tables.get(&x) {
                if t.parents.contains(ancestor) {
                    return true;
                }
                stack.extend(t.parents.iter().cloned());
            }
        }
        false
    }

    /// `ALTER INDEX parent_index ATTACH PARTITION partition_index`.
    pub(super) fn attach_index(
        &mut self,
        index: &QualName,
        partition_index: &QualName,
    ) -> Result<(), ReplayError> {
        let schema = index.schema_or_public().to_string();
        let part_schema = partition_index.schema_or_public().to_string();
        let parent = self
            .index_owner(&schema, &index.name)
            .map(|(t, _)| (t.schema.clone(), t.name.clone()));
        let Some(pk) = parent else {
            return err(format!("relation \"{}\" does not exist", index.name));
        };
        let owner = self
            .index_owner(&part_schema, &partition_index.name)
            .map(|(t, backs)| ((t.schema.clone(), t.name.clone()), backs));
        let Some((ck, backs)) = owner else {
            return err(format!(
                "relation \"{}\" does not exist",
                partition_index.name
            ));
        };
        let c = &self.tables[&ck];
        if !c.is_partition || c.parents.first() != Some(&pk) {
            return err(format!(
                "cannot attach index \"{}\" as a partition of index \"{}\"",
                partition_index.name, index.name
            ));
        }
        let mut t = self.writable(&ck)?;
        if backs {
            if let Some(con) = t
                .constraints
                .iter_mut()
                .find(|k| k.name == partition_index.name)
            {
                con.parent = Some(index.name.clone());
            }
        } else if let Some(i) = t
            .indexes
            .iter_mut()
            .find(|i| i.name == partition_index.name)
        {
            i.parent = Some(index.name.clone());
        }
        Ok(())
    }
}

/// Whether a partition's index can stand for its parent's (`CompareIndexInfo`).
fn same_index(a: &Index, b: &Index) -> bool {
    a.unique == b.unique
        && a.method == b.method
        && a.include == b.include
        && a.predicate == b.predicate
        && a.keys.len() == b.keys.len()
        && a.keys.iter().zip(&b.keys).all(|(x, y)| match (x, y) {
            (IndexKey::Column(x), IndexKey::Column(y)) => x == y,
            (IndexKey::Expression(x), IndexKey::Expression(y)) => x == y,
            _ => false,
        })
}
