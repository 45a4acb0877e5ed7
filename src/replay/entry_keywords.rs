//! Keywords env.py passes to every revision's `upgrade()` and `downgrade()`
//! (`context.run_migrations(name=...)`) that an entry point has no parameter for: Alembic's
//! call of it fails with a `TypeError`. Said for a keyword another revision's entry point
//! takes (the history's convention, which one revision lacks), never for a `downgrade()` that
//! refuses to run anyway (it raises at its top level).

use std::collections::BTreeSet;
use std::rc::Rc;

use crate::alembic::Lowering;
use crate::codes;
use crate::diagnostic::{Diagnostic, Kind};
use crate::eval::{Args, EntrySignature, Interp, ModuleEnv};

/// The entry points seen so far and the keywords they take.
#[derive(Default)]
pub(super) struct EntryKeywords {
    /// Keywords some entry point takes by name.
    taken: BTreeSet<String>,
    /// Entry points that do not take some of the keywords: revision, function, signature.
    refusing: Vec<(String, &'static str, Vec<String>, EntrySignature)>,
}

impl EntryKeywords {
    /// Notes the entry points of a revision's module, given what env.py passes to them.
    pub(super) fn note(&mut self, revision: &str, module: &Rc<ModuleEnv>, args: &Args) {
        for function in ["upgrade", "downgrade"] {
            let Some(signature) = Interp::<Lowering>::entry_signature(module, function) else {
                continue;
            };
            let mut missing = Vec::new();
            for (name, _) in &args.keywords {
                if signature.names.iter().any(|n| n == name) {
                    self.taken.insert(name.clone());
                } else if !signature.takes(name) {
                    missing.push(name.clone());
                }
            }
            let refuses_anyway = function == "downgrade" && signature.refuses;
            if !missing.is_empty() && !refuses_anyway {
                self.refusing
                    .push((revision.to_string(), function, missing, signature));
            }
        }
    }

    /// One error per entry point that lacks a keyword another takes, at its `def`.
    pub(super) fn diagnostics(self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for (revision, function, missing, signature) in self.refusing {
            let missing: Vec<String> = missing
                .into_iter()
                .filter(|k| self.taken.contains(k))
                .collect();
            if missing.is_empty() {
                continue;
            }
            let names: Vec<String> = missing.iter().map(|k| format!("`{k}`")).collect();
            let message = format!(
                "`{function}()` of revision {revision} takes no parameter {}, which env.py passes to every revision: Alembic's call of it fails with a TypeError, and `alembic {function}` stops here",
                names.join(", ")
            );
            let help = format!(
                "take {} as the other revisions do (a parameter with a default, or `**kwargs`)",
                names.join(", ")
            );
            let mut d = Diagnostic::error(Kind::Replay, codes::ENTRY_REJECTS_ARGUMENTS, message)
                .at(signature.span)
                .with_help(help)
                .with_note("the replay goes on as if it took them");
            d.revision = Some(revision);
            out.push(d);
        }
        out
    }
}
