//! The two large maps of the catalog, tables and sequences, with the lookups the replay makes
//! on every operation kept as indexes beside them: which relation names (indexes and the
//! indexes behind constraints) a table holds, which foreign keys point at a table, which
//! sequences a table owns. Without them each `CREATE`, `DROP` or name choice scanned every
//! table of the schema, and replaying a history cost the square of its length.
//!
//! The indexes are derived data: they change only here, when a table or sequence is put in,
//! taken out, or released after a change ([`TableMut`]), so they cannot drift from the maps.
//! Equality compares the maps alone. Walks over every table or sequence count as work
//! ([`crate::work`]): the scaling test sees a scan that comes back per operation.

use std::ops::{Deref, DerefMut};
use std::sync::Arc;

use super::{key, Key, Sequence, Table};
use crate::pg::ConstraintKind;

/// A name, and the tables that hold it (two tables may, until replay refuses).
type Owners = im::OrdMap<Key, im::OrdSet<Key>>;

/// A persistent map of the catalog, read side: every walk over all of it counts as work.
/// `Tables` and `Sequences` keep one and change it themselves, with their indexes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogMap<V: Clone>(im::OrdMap<Key, V>);

impl<V: Clone> Default for CatalogMap<V> {
    fn default() -> Self {
        CatalogMap(im::OrdMap::new())
    }
}

impl<V: Clone> CatalogMap<V> {
    pub fn get(&self, k: &Key) -> Option<&V> {
        self.0.get(k)
    }

    pub fn contains_key(&self, k: &Key) -> bool {
        self.0.contains_key(k)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every entry, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&Key, &V)> {
        self.0.iter().inspect(|_| crate::work::add(1))
    }

    pub fn keys(&self) -> impl Iterator<Item = &Key> {
        self.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.iter().map(|(_, v)| v)
    }

    /// The keys of the entries for which `pick` holds.
    pub fn keys_where(&self, pick: impl Fn(&Key, &V) -> bool) -> Vec<Key> {
        self.iter()
            .filter(|(k, v)| pick(k, v))
            .map(|(k, _)| k.clone())
            .collect()
    }
}

impl<'a, V: Clone> IntoIterator for &'a CatalogMap<V> {
    type Item = (&'a Key, &'a V);
    type IntoIter = Box<dyn Iterator<Item = Self::Item> + 'a>;
    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

/// The tables of the catalog.
#[derive(Clone, Debug, Default)]
pub struct Tables {
    map: CatalogMap<Arc<Table>>,
    /// `(schema, name)` of every index and constraint-backing index -> its tables.
    relation_names: Owners,
    /// `(schema, name)` of every constraint -> its tables.
    constraint_names: Owners,
    /// Referenced table -> its tables holding a foreign key to it.
    referenced_by: Owners,
    /// Parent (inherited or partitioned) table -> its children.
    children: Owners,
}

/// The indexes a change to one table updates.
struct Indexes<'a> {
    relation_names: &'a mut Owners,
    constraint_names: &'a mut Owners,
    referenced_by: &'a mut Owners,
    children: &'a mut Owners,
}

impl PartialEq for Tables {
    fn eq(&self, other: &Self) -> bool {
        self.map == other.map
    }
}

impl Eq for Tables {}

/// Reading the tables is reading their map; changing them goes through `Tables`.
impl Deref for Tables {
    type Target = CatalogMap<Arc<Table>>;
    fn deref(&self) -> &Self::Target {
        &self.map
    }
}

/// What a table contributes to the indexes.
struct Entries {
    relation_names: Vec<Key>,
    constraint_names: Vec<Key>,
    referenced: Vec<Key>,
    parents: Vec<Key>,
}

fn entries(t: &Table) -> Entries {
    let mut relation_names: Vec<Key> = t
        .indexes
        .iter()
        .map(|i| (t.schema.clone(), i.name.clone()))
        .collect();
    let mut referenced = Vec::new();
    for c in &t.constraints {
        match &c.kind {
            ConstraintKind::PrimaryKey { .. }
            | ConstraintKind::Unique { .. }
            | ConstraintKind::Exclude { .. } => {
                relation_names.push((t.schema.clone(), c.name.clone()));
            }
            ConstraintKind::ForeignKey { referenced: r, .. } => referenced.push(key(r)),
            _ => {}
        }
    }
    Entries {
        relation_names,
        constraint_names: t
            .constraints
            .iter()
            .map(|c| (t.schema.clone(), c.name.clone()))
            .collect(),
        referenced,
        parents: t.parents.clone(),
    }
}

fn update(index: &mut Owners, names: Vec<Key>, table: &Key, add: bool) {
    for n in names {
        let mut owners = index.get(&n).cloned().unwrap_or_default();
        if add {
            owners.insert(table.clone());
        } else {
            owners.remove(table);
        }
        if owners.is_empty() {
            index.remove(&n);
        } else {
            index.insert(n, owners);
        }
    }
}

impl Indexes<'_> {
    fn change(&mut self, table: &Key, t: &Table, add: bool) {
        let e = entries(t);
        update(self.relation_names, e.relation_names, table, add);
        update(self.constraint_names, e.constraint_names, table, add);
        update(self.referenced_by, e.referenced, table, add);
        update(self.children, e.parents, table, add);
    }
}

impl Tables {
    fn indexes(&mut self) -> Indexes<'_> {
        Indexes {
            relation_names: &mut self.relation_names,
            constraint_names: &mut self.constraint_names,
            referenced_by: &mut self.referenced_by,
            children: &mut self.children,
        }
    }

    /// The keys of the tables present in both with different contents; the subtrees the two
    /// copies share are skipped, so this costs what changed, not what there is.
    pub fn changed_in_both(&self, other: &Tables) -> Vec<Key> {
        self.map
            .0
            .diff(&other.map.0)
            .filter_map(|d| match d {
                im::ordmap::DiffItem::Update { new: (k, _), .. } => Some(k.clone()),
                _ => None,
            })
            .inspect(|_| crate::work::add(1))
            .collect()
    }

    /// Keeps the tables for which `keep` holds.
    pub fn retain(&mut self, keep: impl Fn(&Key, &Table) -> bool) {
        for k in self.keys_where(|k, t| !keep(k, t)) {
            self.remove(&k);
        }
    }

    /// Puts a table in (replacing one of the same key), returning the one replaced.
    pub fn insert(&mut self, k: Key, t: Arc<Table>) -> Option<Arc<Table>> {
        let old = self.remove(&k);
        self.indexes().change(&k, &t, true);
        self.map.0.insert(k, t);
        old
    }

    pub fn remove(&mut self, k: &Key) -> Option<Arc<Table>> {
        let old = self.map.0.remove(k)?;
        self.indexes().change(k, &old, false);
        Some(old)
    }

    /// A table made writable (copied first if shared); the indexes follow its changes when
    /// the handle is dropped.
    pub fn get_mut(&mut self, k: &Key) -> Option<TableMut<'_>> {
        let Tables {
            map,
            relation_names,
            constraint_names,
            referenced_by,
            children,
        } = self;
        let table = Arc::make_mut(map.0.get_mut(k)?);
        let mut indexes = Indexes {
            relation_names,
            constraint_names,
            referenced_by,
            children,
        };
        indexes.change(k, table, false);
        Some(TableMut {
            key: k.clone(),
            table,
            indexes,
        })
    }

    /// Whether an index or a constraint-backing index of that name exists.
    pub fn holds_relation_name(&self, k: &Key) -> bool {
        self.relation_names.contains_key(k)
    }

    /// The first table (in key order) holding an index or constraint-backing index of that
    /// name.
    pub fn relation_name_owner(&self, k: &Key) -> Option<&Table> {
        let owner = self.relation_names.get(k)?.iter().next()?;
        self.map.get(owner).map(|t| &**t)
    }

    /// Whether a constraint of that name exists (on any table of the schema).
    pub fn holds_constraint_name(&self, k: &Key) -> bool {
        self.constraint_names.contains_key(k)
    }

    /// The tables that inherit from `k` or are its partitions, in key order.
    pub fn children_of(&self, k: &Key) -> Vec<Key> {
        self.children
            .get(k)
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// The tables holding a foreign key to table `k`, in key order.
    pub fn referencing_tables(&self, k: &Key) -> Vec<Key> {
        self.referenced_by
            .get(k)
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default()
    }
}

impl std::ops::Index<&Key> for Tables {
    type Output = Table;
    /// The table of a key known to exist (as a map panics on a missing key).
    fn index(&self, k: &Key) -> &Table {
        &self.map.0[k]
    }
}

/// A table being changed; its entries go back into the indexes when it is dropped.
pub struct TableMut<'a> {
    key: Key,
    table: &'a mut Table,
    indexes: Indexes<'a>,
}

impl Deref for TableMut<'_> {
    type Target = Table;
    fn deref(&self) -> &Table {
        self.table
    }
}

impl DerefMut for TableMut<'_> {
    fn deref_mut(&mut self) -> &mut Table {
        self.table
    }
}

impl Drop for TableMut<'_> {
    fn drop(&mut self) {
        self.indexes.change(&self.key, self.table, true);
    }
}

/// The sequences of the catalog, with the sequences each table owns.
#[derive(Clone, Debug, Default)]
pub struct Sequences {
    map: CatalogMap<Sequence>,
    /// Owning table -> its sequences.
    owned: im::OrdMap<Key, im::OrdSet<Key>>,
}

impl PartialEq for Sequences {
    fn eq(&self, other: &Self) -> bool {
        self.map == other.map
    }
}

impl Eq for Sequences {}

impl Deref for Sequences {
    type Target = CatalogMap<Sequence>;
    fn deref(&self) -> &Self::Target {
        &self.map
    }
}

impl Sequences {
    /// Keeps the sequences for which `keep` holds.
    pub fn retain(&mut self, keep: impl Fn(&Key, &Sequence) -> bool) {
        for k in self.keys_where(|k, s| !keep(k, s)) {
            self.remove(&k);
        }
    }

    pub fn insert(&mut self, k: Key, s: Sequence) -> Option<Sequence> {
        let old = self.remove(&k);
        if let Some((owner, _)) = &s.owned_by {
            let mut set = self.owned.get(owner).cloned().unwrap_or_default();
            set.insert(k.clone());
            self.owned.insert(owner.clone(), set);
        }
        self.map.0.insert(k, s);
        old
    }

    pub fn remove(&mut self, k: &Key) -> Option<Sequence> {
        let old = self.map.0.remove(k)?;
        if let Some((owner, _)) = &old.owned_by {
            let mut set = self.owned.get(owner).cloned().unwrap_or_default();
            set.remove(k);
            if set.is_empty() {
                self.owned.remove(owner);
            } else {
                self.owned.insert(owner.clone(), set);
            }
        }
        Some(old)
    }

    /// The sequences owned by a column of `table` (any column when `column` is `None`).
    pub fn owned_by(&self, table: &Key, column: Option<&str>) -> Vec<Key> {
        let Some(set) = self.owned.get(table) else {
            return Vec::new();
        };
        set.iter()
            .filter(|sk| {
                column.is_none_or(|col| {
                    self.map
                        .get(sk)
                        .and_then(|s| s.owned_by.as_ref())
                        .is_some_and(|(_, c)| c == col)
                })
            })
            .cloned()
            .collect()
    }

    /// Removes the sequences owned by `table` (by its `column` when given).
    pub fn remove_owned_by(&mut self, table: &Key, column: Option<&str>) {
        for sk in self.owned_by(table, column) {
            self.remove(&sk);
        }
    }

    /// Gives a sequence a new owner (a renamed table or column).
    pub fn set_owner(&mut self, k: &Key, owned_by: Option<(Key, String)>) {
        if self.map.contains_key(k) {
            self.insert(k.clone(), Sequence { owned_by });
        }
    }
}
