//! Unqualified names as PostgreSQL resolves them through a `search_path` the session set
//! (`SET search_path = app, public`, in a revision's SQL, in a SQL file it runs or in env.py):
//! a new object goes to the first schema of the path that exists, a name that refers to an
//! object to the first schema of the path that holds one. With the default path every
//! unqualified name is `public`'s and nothing here runs.
//!
//! The names are qualified in the operation before it applies (and before the risk rules see
//! it), from the catalog as it is at that point: pg_dump's older output sets the path, then
//! creates the schema, then its tables, and each statement resolves against what the ones
//! before it made. A name no schema of the path holds is left as it is: the operation then
//! fails as it would on PostgreSQL, on `public`'s name.

use crate::ir::{ColumnChange, ColumnDef, Op, Session, Statement};
use crate::pg::{BaseType, ConstraintKind, QualName, SqlType};

use super::Schema;

/// What kind of object a name refers to: each kind has its own lookup.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Tables, views, sequences and indexes share one namespace per schema.
    Relation,
    Type,
    Function,
}

/// The schemas of a path a lookup walks: `$user` (a schema named after the role, which the
/// replay does not know) and the empty name are skipped, as PostgreSQL skips a missing one.
fn walked(path: &[String]) -> impl Iterator<Item = &str> {
    path.iter()
        .map(String::as_str)
        .filter(|s| !s.is_empty() && *s != "$user")
}

/// Whether a path is PostgreSQL's default (`"$user", public`) or reads the same.
pub fn is_default(path: &[String]) -> bool {
    walked(path).eq(["public"])
}

impl Schema {
    /// Qualifies every unqualified name of `op` as the `path` resolves it now.
    pub fn qualify(&self, op: &mut Op, path: &[String]) {
        if is_default(path) {
            return;
        }
        Resolver { schema: self, path }.op(op);
    }

    /// The schema a new object goes to: the first of the path that exists.
    fn creation_schema<'p>(&self, path: &'p [String]) -> Option<&'p str> {
        walked(path).find(|s| *s != "pg_catalog" && self.schemas.contains(*s))
    }

    /// The first schema of the path that holds an object of that kind and name.
    fn holder(&self, path: &[String], kind: Kind, name: &str) -> Option<String> {
        walked(path)
            .find(|s| match kind {
                Kind::Relation => self.relation_exists(s, name),
                Kind::Type => self.enums.contains_key(&(s.to_string(), name.to_string())),
                Kind::Function => self
                    .functions
                    .keys()
                    .any(|((fs, fname), _)| fs == s && fname == name),
            })
            .map(str::to_string)
    }
}

struct Resolver<'a> {
    schema: &'a Schema,
    path: &'a [String],
}

/// `Some(schema)` only away from `public`: a name in `public` stays unqualified, as it was
/// written and as findings print it.
fn qualified(schema: Option<&str>) -> Option<String> {
    schema.filter(|s| *s != "public").map(str::to_string)
}

impl Resolver<'_> {
    fn create(&self, name: &mut QualName) {
        if name.schema.is_none() {
            name.schema = qualified(self.schema.creation_schema(self.path));
        }
    }

    fn refer(&self, name: &mut QualName, kind: Kind) {
        if name.schema.is_none() {
            let found = self.schema.holder(self.path, kind, &name.name);
            name.schema = qualified(found.as_deref());
        }
    }

    fn relation(&self, name: &mut QualName) {
        self.refer(name, Kind::Relation)
    }

    fn relations(&self, names: &mut [QualName]) {
        names.iter_mut().for_each(|n| self.relation(n));
    }

    fn ty(&self, ty: &mut SqlType) {
        if let BaseType::Named {
            schema: schema @ None,
            name,
            ..
        } = &mut ty.base
        {
            let found = self.schema.holder(self.path, Kind::Type, name);
            *schema = qualified(found.as_deref());
        }
    }

    fn column(&self, column: &mut ColumnDef) {
        self.ty(&mut column.ty);
        if let Some(default) = &mut column.default {
            self.expression(default);
        }
    }

    fn change(&self, change: &mut ColumnChange) {
        if let Some(ty) = &mut change.ty {
            self.ty(ty);
        }
        if let Some(Some(default)) = &mut change.default {
            self.expression(default);
        }
    }

    /// A default as PostgreSQL prints it once stored: the objects it names resolved.
    fn expression(&self, text: &mut String) {
        self.regclass_literals(text);
        self.cast_types(text);
    }

    /// `'m'::size`: a cast to a type of another schema than `public` prints qualified.
    fn cast_types(&self, text: &mut String) {
        let mut out = String::with_capacity(text.len());
        let mut rest = text.as_str();
        while let Some(at) = rest.find("::") {
            out.push_str(&rest[..at + 2]);
            rest = &rest[at + 2..];
            let (name, len) = match rest.strip_prefix('"') {
                Some(quoted) => match quoted.find('"') {
                    Some(end) => (quoted[..end].to_string(), end + 2),
                    None => continue,
                },
                None => {
                    let len = rest
                        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                        .unwrap_or(rest.len());
                    (rest[..len].to_string(), len)
                }
            };
            if name.is_empty() || rest[len..].starts_with('.') {
                continue;
            }
            match self.schema.holder(self.path, Kind::Type, &name) {
                Some(s) if s != "public" => {
                    out.push_str(&Schema::visible_name(&s, &name));
                    rest = &rest[len..];
                }
                _ => {}
            }
        }
        out.push_str(rest);
        *text = out;
    }

    /// `nextval('seq'::regclass)`: PostgreSQL stores the sequence itself and prints its name
    /// qualified when its schema is not on the default path.
    fn regclass_literals(&self, text: &mut String) {
        const MARK: &str = "'::regclass";
        let mut out = String::with_capacity(text.len());
        let mut rest = text.as_str();
        while let Some(end) = rest.find(MARK) {
            let head = &rest[..end];
            match head.rfind('\'') {
                Some(start) if !head[start + 1..].contains('.') => {
                    let name = &head[start + 1..];
                    out.push_str(&head[..=start]);
                    match self.schema.holder(self.path, Kind::Relation, name) {
                        Some(s) if s != "public" => {
                            out.push_str(&Schema::visible_name(&s, name));
                        }
                        _ => out.push_str(name),
                    }
                }
                _ => out.push_str(head),
            }
            out.push_str(MARK);
            rest = &rest[end + MARK.len()..];
        }
        out.push_str(rest);
        *text = out;
    }

    fn constraint_of(&self, table: &QualName, kind: &mut ConstraintKind) {
        if let ConstraintKind::ForeignKey { referenced, .. } = kind {
            if referenced.schema.is_none() && referenced.name == table.name {
                // A table that references itself: the one being made or altered.
                referenced.schema = table.schema.clone();
            } else {
                self.relation(referenced);
            }
        }
    }

    fn op(&self, op: &mut Op) {
        match op {
            Op::CreateTable {
                table,
                columns,
                constraints,
                from,
                ..
            } => {
                self.create(table);
                columns.iter_mut().for_each(|c| self.column(c));
                for c in constraints {
                    self.constraint_of(table, &mut c.kind);
                }
                if let Some(parent) = &mut from.partition_of {
                    self.relation(parent);
                }
                self.relations(&mut from.inherits);
                from.like
                    .iter_mut()
                    .for_each(|l| self.relation(&mut l.source));
            }
            Op::AddColumn { table, column, .. } => {
                self.relation(table);
                self.column(column);
            }
            Op::AlterColumn { table, change, .. } => {
                self.relation(table);
                self.change(change);
            }
            Op::AddConstraint {
                table, constraint, ..
            } => {
                self.relation(table);
                self.constraint_of(table, &mut constraint.kind);
            }
            Op::CreateIndex(def) => self.relation(&mut def.table),
            Op::IfTableExists { table, op } => {
                self.relation(table);
                self.op(op);
            }
            Op::Inherit { table, parent, .. } => {
                self.relation(table);
                self.relation(parent);
            }
            Op::DropTable { table, .. }
            | Op::RenameTable { table, .. }
            | Op::SetTableComment { table, .. }
            | Op::DropColumn { table, .. }
            | Op::ValidateConstraint { table, .. }
            | Op::DropConstraint { table, .. }
            | Op::RenameConstraint { table, .. }
            | Op::AddConstraintUsingIndex { table, .. }
            | Op::SetDefaultLiteral { table, .. }
            | Op::SetTableSchema { table, .. }
            | Op::DropTrigger { table, .. }
            | Op::RenameTrigger { table, .. } => self.relation(table),
            Op::DropIndex { index, .. } | Op::RenameIndex { index, .. } => self.relation(index),
            Op::AttachIndex {
                index,
                partition_index,
            } => {
                self.relation(index);
                self.relation(partition_index);
            }
            Op::CreateEnum { name, .. } => self.create(name),
            Op::RenameEnum { name, .. }
            | Op::DropEnum { name, .. }
            | Op::AddEnumValue { name, .. }
            | Op::RenameEnumValue { name, .. }
            | Op::SetEnumSchema { name, .. } => self.refer(name, Kind::Type),
            Op::SyncEnumValues { name, columns, .. } => {
                self.refer(name, Kind::Type);
                columns.iter_mut().for_each(|c| self.relation(&mut c.table));
            }
            Op::CreateSequence { name, owned_by, .. } => {
                self.create(name);
                if let Some((table, _)) = owned_by {
                    self.relation(table);
                }
            }
            Op::SetSequenceOwner { name, owned_by, .. } => {
                self.relation(name);
                if let Some((table, _)) = owned_by {
                    self.relation(table);
                }
            }
            Op::DropSequence { name, .. }
            | Op::RenameSequence { name, .. }
            | Op::DropView { name, .. }
            | Op::RenameView { name, .. } => self.relation(name),
            Op::CreateView(view) => {
                // The query's relations resolve before the view exists.
                view.reads
                    .iter_mut()
                    .for_each(|r| self.relation(&mut r.name));
                self.create(&mut view.name);
            }
            Op::CreateFunction(def) => self.create(&mut def.name),
            Op::DropFunction { name, .. } | Op::RenameFunction { name, .. } => {
                self.refer(name, Kind::Function)
            }
            Op::CreateTrigger {
                table, function, ..
            } => {
                self.relation(table);
                self.refer(function, Kind::Function);
            }
            Op::Data { writes, .. } => {
                if let Some((table, _)) = writes {
                    self.relation(table);
                }
            }
            Op::Session(Session::Lock { tables, .. }) => self.relations(tables),
            Op::Statement(statement) => self.statement(statement),
            Op::Session(_)
            | Op::CreateSchema { .. }
            | Op::DropSchema { .. }
            | Op::CreateExtension { .. }
            | Op::DropExtension { .. }
            | Op::Other { .. } => {}
        }
    }

    fn statement(&self, statement: &mut Statement) {
        match statement {
            Statement::Rewrite { tables, .. } | Statement::Truncate { tables, .. } => {
                self.relations(tables)
            }
            Statement::DisableRowSecurity { table } => self.relation(table),
            Statement::DetachPartition {
                parent, partition, ..
            }
            | Statement::AttachPartition { parent, partition } => {
                self.relation(parent);
                self.relation(partition);
            }
            Statement::RefreshMaterializedView { name, .. } => self.relation(name),
            Statement::Reindex { .. }
            | Statement::Grant { .. }
            | Statement::RoleChange { .. }
            | Statement::DropDatabase { .. }
            | Statement::DynamicSql { .. } => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql;

    fn path(schemas: &[&str]) -> Vec<String> {
        schemas.iter().map(|s| s.to_string()).collect()
    }

    /// Applies `statements` one at a time, each qualified through `search_path` first.
    fn replay(statements: &str, search_path: &[&str]) -> Schema {
        let mut schema = Schema::default();
        let path = path(search_path);
        let span = crate::diagnostic::Span::new(crate::source::FileId(0), 0..0);
        let mut diagnostics = Vec::new();
        let ops = sql::lower_sql(
            statements,
            &sql::SqlPlace::call(&span),
            &mut diagnostics,
            &mut sql::SqlStats::default(),
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        for (mut op, _) in ops {
            schema.qualify(&mut op, &path);
            schema.apply(&op).expect("applies");
        }
        schema
    }

    #[test]
    fn creates_in_the_first_schema_of_the_path_that_exists() {
        let s = replay(
            "CREATE TABLE before (id int);
             CREATE SCHEMA app;
             CREATE TABLE t (id serial PRIMARY KEY);
             CREATE TYPE mood AS ENUM ('a', 'b');
             CREATE TABLE u (id int REFERENCES t (id), m mood, parent int REFERENCES u (id));
             CREATE INDEX ix_u_m ON u (m);
             ALTER TABLE u ADD COLUMN k int DEFAULT nextval('t_id_seq'::regclass);
             ALTER TABLE u ADD COLUMN n mood DEFAULT 'a'::mood;",
            &["app", "public"],
        );
        assert!(s.table(&QualName::new(None, "before")).is_some());
        let u = s
            .table(&QualName::new(Some("app".into()), "u"))
            .expect("u in app");
        assert!(u.columns.iter().any(|c| matches!(&c.ty.base,
            BaseType::Named { schema: Some(sc), name, .. } if sc == "app" && name == "mood")));
        let k = u.columns.iter().find(|c| c.name == "k").expect("k");
        assert_eq!(
            k.default.as_deref(),
            Some("nextval('app.t_id_seq'::regclass)")
        );
        let n = u.columns.iter().find(|c| c.name == "n").expect("n");
        assert_eq!(n.default.as_deref(), Some("'a'::app.mood"));
        let referenced: Vec<String> = u
            .constraints
            .iter()
            .filter_map(|c| match &c.kind {
                ConstraintKind::ForeignKey { referenced, .. } => Some(referenced.to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(referenced, ["app.t", "app.u"]);
        assert!(u.indexes.iter().any(|i| i.name == "ix_u_m"));
    }

    #[test]
    fn refers_to_the_first_schema_that_holds_the_name() {
        let s = replay(
            "CREATE SCHEMA app;
             CREATE TABLE public.only_public (id int);
             CREATE TABLE app.shared (id int);
             CREATE TABLE public.shared (id int);
             ALTER TABLE only_public ADD COLUMN x int;
             ALTER TABLE shared ADD COLUMN y int;",
            &["$user", "app", "public"],
        );
        let public_only = s.table(&QualName::new(None, "only_public")).expect("t");
        assert!(public_only.columns.iter().any(|c| c.name == "x"));
        let app_shared = s
            .table(&QualName::new(Some("app".into()), "shared"))
            .expect("t");
        assert!(app_shared.columns.iter().any(|c| c.name == "y"));
        let public_shared = s.table(&QualName::new(None, "shared")).expect("t");
        assert!(!public_shared.columns.iter().any(|c| c.name == "y"));
    }

    #[test]
    fn the_default_path_leaves_names_as_written() {
        assert!(is_default(&path(&["$user", "public"])));
        assert!(is_default(&path(&["public"])));
        assert!(!is_default(&path(&["app", "public"])));
        assert!(!is_default(&path(&[])));
        let mut op = Op::DropTable {
            table: QualName::new(None, "t"),
            if_exists: true,
            cascade: false,
        };
        Schema::default().qualify(&mut op, &path(&["app", "public"]));
        assert_eq!(op.target_table(), Some(&QualName::new(None, "t")));
    }
}
