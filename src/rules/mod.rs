//! Risky changes. Each rule is one file in this folder: a `RuleMeta` (stable code,
//! kebab-case name naming the hazard, category, default level) and a check that sees one
//! upgrade operation with the schema just before it, the revision, the transaction it runs in
//! and the settings. The rule's documentation is the `//!` comment at the top of its file, in
//! fixed sections, which `driftlock rules` lists and `driftlock explain` prints.
//!
//! The [`Checker`] is an observer of the replay (`replay::Observer`): it keeps the context
//! (`context.rs`) and calls every enabled rule on every operation, so rules never replay
//! anything themselves and know exactly what existed before.

/// Declares a rule's `META` from its code, name, category and default level; the
/// documentation is the file's own `//!` comment, included by the rule file itself
/// (`include_str!("<its own file>.rs")`, which resolves beside it however the crate is built;
/// `tests/architecture.rs` checks each file names itself).
macro_rules! rule_meta {
    ($code:literal, $name:literal, $category:ident, $level:ident, $source:expr) => {
        pub static META: $crate::codes::RuleMeta = $crate::codes::RuleMeta {
            code: $code,
            name: $name,
            category: $crate::codes::Category::$category,
            default: $crate::codes::Level::$level,
            source: $source,
        };
    };
}

pub mod context;
pub mod suppress;
pub mod volatility;

mod add_check_without_not_valid;
mod add_column_rewrites_table;
mod add_column_volatile_default;
mod add_exclusion_constraint;
mod add_foreign_key_without_not_valid;
mod add_index_without_concurrently;
mod add_primary_key_without_index;
mod add_required_column;
mod add_unique_constraint_without_index;
mod concurrently_in_transaction;
pub mod data_migration_uses_models;
mod detach_partition_without_concurrently;
mod disable_row_level_security;
mod downgrade_fails;
mod downgrade_mismatch;
mod drop_column;
mod drop_default;
mod drop_index_without_concurrently;
mod drop_not_null;
mod drop_schema;
mod drop_table;
mod empty_downgrade;
mod enum_value_added_in_transaction;
mod enum_value_appended;
mod enum_value_used_in_same_transaction;
mod foreign_key_locks_referenced_table;
mod foreign_key_without_index;
mod grant_to_public;
mod identifier_too_long;
mod manual_transaction_control;
mod missing_downgrade;
mod missing_lock_timeout;
pub mod modified_revision;
mod prefer_bigint;
mod prefer_identity;
mod prefer_jsonb;
mod prefer_text;
mod prefer_timestamptz;
mod reindex_without_concurrently;
mod rename_column;
mod rename_enum_value;
mod rename_table;
mod role_change;
mod security_definer_without_search_path;
mod set_not_null;
mod sql_built_at_runtime;
mod table_rewrite_command;
mod table_without_primary_key;
mod truncate_table;
mod type_change_rewrites_table;
mod validate_in_same_transaction;
mod work_while_holding_exclusive_lock;

pub use crate::codes::{Category, Level, RuleMeta};
pub use crate::config::{PgVersion, Settings};
pub use crate::diagnostic::Work;
use crate::diagnostic::{Diagnostic, Kind, Severity, Span};
use crate::ir::{Op, QualName};
use crate::schema::{key, Schema, Table};
pub use context::Context;

/// One rule: it looks at one operation at a time, and optionally at the end of a revision.
pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    /// An operation of an upgrade, before it applies.
    fn check(&self, _cx: &OpContext<'_>, _out: &mut Vec<Diagnostic>) {}
    /// A revision's upgrade ended; `schema` is the schema after it.
    fn end_revision(&self, _cx: &Context, _schema: &Schema, _out: &mut Vec<Diagnostic>) {}
    /// A revision's `downgrade()` was replayed and compared with its `upgrade()`.
    fn downgrade(&self, _check: &crate::replay::DowngradeCheck, _out: &mut Vec<Diagnostic>) {}
}

/// The findings of the downgrade rules on the replay's downgrade checks. They are reported
/// whatever the settings (like the replay's own findings); `apply_levels` then sets or drops
/// them as configured.
pub fn downgrade_findings(checks: &[crate::replay::DowngradeCheck]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for check in checks {
        for rule in registry().rules() {
            rule.downgrade(check, &mut out);
        }
    }
    out
}

/// Every rule, in a fixed order (by code).
pub fn all() -> Vec<&'static dyn Rule> {
    let mut rules: Vec<&'static dyn Rule> = vec![
        &add_index_without_concurrently::Check,
        &drop_index_without_concurrently::Check,
        &reindex_without_concurrently::Check,
        &concurrently_in_transaction::Check,
        &foreign_key_without_index::Check,
        &add_check_without_not_valid::Check,
        &add_foreign_key_without_not_valid::Check,
        &foreign_key_locks_referenced_table::Check,
        &validate_in_same_transaction::Check,
        &add_unique_constraint_without_index::Check,
        &add_primary_key_without_index::Check,
        &add_exclusion_constraint::Check,
        &add_column_volatile_default::Check,
        &add_column_rewrites_table::Check,
        &add_required_column::Check,
        &set_not_null::Check,
        &drop_not_null::Check,
        &drop_default::Check,
        &type_change_rewrites_table::Check,
        &rename_column::Check,
        &rename_table::Check,
        &drop_column::Check,
        &drop_table::Check,
        &rename_enum_value::Check,
        &drop_schema::Check,
        &truncate_table::Check,
        &enum_value_added_in_transaction::Check,
        &enum_value_used_in_same_transaction::Check,
        &enum_value_appended::Check,
        &missing_lock_timeout::Check,
        &work_while_holding_exclusive_lock::Check,
        &manual_transaction_control::Check,
        &sql_built_at_runtime::Check,
        &detach_partition_without_concurrently::Check,
        &table_rewrite_command::Check,
        &identifier_too_long::Check,
        &grant_to_public::Check,
        &role_change::Check,
        &disable_row_level_security::Check,
        &security_definer_without_search_path::Check,
        &prefer_timestamptz::Check,
        &prefer_text::Check,
        &prefer_bigint::Check,
        &prefer_identity::Check,
        &prefer_jsonb::Check,
        &table_without_primary_key::Check,
        &missing_downgrade::Check,
        &empty_downgrade::Check,
        &downgrade_mismatch::Check,
        &downgrade_fails::Check,
        &modified_revision::Check,
        &data_migration_uses_models::Check,
    ];
    rules.sort_by_key(|r| r.meta().code);
    rules
}

/// Every rule, built once and indexed by name and code.
pub struct Registry {
    rules: Vec<&'static dyn Rule>,
    metas: Vec<&'static RuleMeta>,
    by_name: std::collections::HashMap<&'static str, usize>,
    by_code: std::collections::HashMap<String, usize>,
}

impl Registry {
    fn build() -> Self {
        let rules = all();
        let metas = rules.iter().map(|r| r.meta()).collect();
        let by_name = rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.meta().name, i))
            .collect();
        let by_code = rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.meta().code.to_ascii_uppercase(), i))
            .collect();
        Registry {
            rules,
            metas,
            by_name,
            by_code,
        }
    }

    /// The rules, by code.
    pub fn rules(&self) -> &[&'static dyn Rule] {
        &self.rules
    }

    /// The rules' identities and documentation, by code.
    pub fn metas(&self) -> &[&'static RuleMeta] {
        &self.metas
    }

    /// The rule with this name or code (any case).
    pub fn find(&self, name_or_code: &str) -> Option<&'static dyn Rule> {
        let i = self
            .by_name
            .get(name_or_code)
            .or_else(|| self.by_code.get(&name_or_code.to_ascii_uppercase()))?;
        Some(self.rules[*i])
    }
}

/// The registry of every rule, built on first use.
pub fn registry() -> &'static Registry {
    static REGISTRY: std::sync::OnceLock<Registry> = std::sync::OnceLock::new();
    REGISTRY.get_or_init(Registry::build)
}

/// The rule with this name or code.
pub fn find(name_or_code: &str) -> Option<&'static dyn Rule> {
    registry().find(name_or_code)
}

/// Every rule's identity and documentation, by code (what the configuration checks names
/// against).
pub fn metas() -> Vec<&'static RuleMeta> {
    registry().metas().to_vec()
}

/// What a rule sees for one operation.
pub struct OpContext<'a> {
    pub op: &'a Op,
    pub span: &'a Span,
    /// The schema just before the operation.
    pub before: &'a Schema,
    pub context: &'a Context,
    pub settings: &'a Settings,
}

impl<'a> OpContext<'a> {
    /// A table that existed before this revision began: it may be large and in use. A table
    /// created earlier in the same revision is empty and unused.
    pub fn existing(&self, table: &QualName) -> Option<&'a Table> {
        let k = key(table);
        if self.context.created_in_revision.contains(&k) {
            return None;
        }
        self.before.tables.get(&k).map(|t| &**t)
    }

    /// Whether a table was there before this revision: not created by it. A table the replay
    /// does not hold at all was built outside the history (`create_all()` before the first
    /// revision) and exists in the real database all the same.
    pub fn preexisting(&self, table: &QualName) -> bool {
        !self.context.created_in_revision.contains(&key(table))
    }

    /// What a finding costs when the operation does `work` on `table` (attach it with
    /// `Diagnostic::costing`): `check --table-stats` judges it against the table's size.
    pub fn cost(&self, table: &QualName, work: Work) -> crate::diagnostic::TableCost {
        self.context.cost(table, work)
    }

    /// A finding of `rule` at the operation.
    pub fn finding(&self, rule: &'static RuleMeta, message: impl Into<String>) -> Diagnostic {
        self.context.finding(rule, self.span, message)
    }
}

impl Context {
    /// A finding of `rule` at `span`, in the current revision (for rules that report at the
    /// end of a revision, about an operation seen earlier).
    pub fn finding(
        &self,
        rule: &'static RuleMeta,
        span: &Span,
        message: impl Into<String>,
    ) -> Diagnostic {
        let mut d = Diagnostic::new(
            Kind::Risk,
            rule.name,
            level_severity(rule.default),
            message.into(),
        )
        .at(span.clone());
        if let Some(r) = &self.revision {
            d = d.for_revision(r.clone());
        }
        d
    }
}

/// The severity a level reports at (`Off` rules never run).
pub fn level_severity(level: Level) -> Severity {
    match level {
        Level::Error => Severity::Error,
        Level::Warning => Severity::Warning,
        Level::Info | Level::Off => Severity::Info,
    }
}

/// The columns an operation creates or retypes: (table, column, type).
fn new_column_types(op: &Op) -> Vec<(&QualName, &str, &crate::schema::SqlType)> {
    match op {
        Op::CreateTable { table, columns, .. } => columns
            .iter()
            .map(|c| (table, c.name.as_str(), &c.ty))
            .collect(),
        Op::AddColumn { table, column, .. } => vec![(table, column.name.as_str(), &column.ty)],
        Op::AlterColumn {
            table,
            column,
            change,
        } => change
            .ty
            .iter()
            .map(|t| (table, column.as_str(), t))
            .collect(),
        _ => Vec::new(),
    }
}

/// Applies the configured levels to findings of rules (risk findings, and the replay's
/// downgrade findings): drops those of rules that are off, and sets the severity of rules
/// whose level the settings change. A rule may report below its default level on its own (an
/// uncertain case); that choice is kept unless the settings say otherwise.
pub fn apply_levels(diagnostics: &mut Vec<Diagnostic>, settings: &Settings) {
    diagnostics.retain_mut(|d| {
        let Some(rule) = find(d.code) else {
            return true;
        };
        let meta = rule.meta();
        let level = settings.level(meta);
        if level == Level::Off {
            return false;
        }
        if level != meta.default {
            d.severity = level_severity(level);
        }
        true
    });
}

/// Runs the enabled rules on the replay, as its observer.
pub struct Checker {
    rules: Vec<&'static dyn Rule>,
    pub settings: Settings,
    pub context: Context,
    pub findings: Vec<Diagnostic>,
}

impl Checker {
    pub fn new(settings: Settings, transaction_per_migration: bool) -> Self {
        let rules = all()
            .into_iter()
            .filter(|r| settings.level(r.meta()) != Level::Off)
            .collect();
        Checker {
            rules,
            context: Context::new(transaction_per_migration),
            settings,
            findings: Vec::new(),
        }
    }
}

impl crate::replay::Observer for Checker {
    fn restart(&mut self) {
        let elsewhere = self.context.lock_timeout_elsewhere;
        self.context = Context::new(self.context.transaction_per_migration);
        self.context.lock_timeout_elsewhere = elsewhere;
        self.findings.clear();
    }

    fn revision(&mut self, revision: Option<&str>, schema: &Schema) {
        if self.context.revision.is_some() {
            for rule in &self.rules {
                rule.end_revision(&self.context, schema, &mut self.findings);
            }
        }
        self.context.begin_revision(revision);
    }

    fn operation(&mut self, op: &Op, span: &Span, before: &Schema) {
        let cx = OpContext {
            op,
            span,
            before,
            context: &self.context,
            settings: &self.settings,
        };
        let first = self.findings.len();
        for rule in &self.rules {
            rule.check(&cx, &mut self.findings);
        }
        for d in &self.findings[first..] {
            self.context.reported.insert(d.code);
        }
        self.context.after_operation(op, span, before);
    }
}

/// Shared helpers for rule files.
mod prelude {
    pub use super::context::Context;
    pub use super::{OpContext, Rule, RuleMeta, Work};
    pub use crate::diagnostic::Diagnostic;
    pub use crate::ir::{ConstraintKind, Op, QualName, Session, Statement};
    pub use crate::schema::Schema;
}
