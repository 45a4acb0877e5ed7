//! The revisions' entry points, `upgrade()` and `downgrade()`, run as Alembic runs them: with
//! what env.py passed to `run_migrations(**kw)`, and with the `raise` statement that ends one
//! kept for the replay to report (an upgrade that raises stops `alembic upgrade` there).

use super::interp::{Flow, Frame, Host, Interp, Raised};
use super::value::{Args, ModuleEnv, Value};
use crate::diagnostic::Span;
use std::rc::Rc;

/// See [`Interp::entry_signature`].
pub struct EntrySignature {
    pub names: Vec<String>,
    pub kwargs: bool,
    pub refuses: bool,
    pub span: Span,
}

impl EntrySignature {
    /// Whether Python lets the function be called with the keyword `name`.
    pub fn takes(&self, name: &str) -> bool {
        self.kwargs || self.names.iter().any(|n| n == name)
    }
}

impl<H: Host + ?Sized> Interp<'_, H> {
    /// Runs a function's body as an entry point (`upgrade`, `downgrade`) and tells whether it
    /// ended in `raise` (a downgrade that refuses to run).
    pub fn run_entry(
        &mut self,
        module: &Rc<ModuleEnv>,
        function: &str,
        args: Args,
    ) -> Option<bool> {
        let f = module.globals.borrow().get(function).cloned()?;
        let Value::Function(f) = f else {
            return None;
        };
        // Alembic calls it with what env.py passed to `run_migrations(**kw)`; a plain env.py
        // passes nothing, so the parameters have their defaults (`upgrade(table_prefix='')`).
        let locals = self.bind_parameters(&f, args);
        self.frames.push(Frame::function(locals, f.module.clone()));
        self.depth += 1;
        self.in_entry += 1;
        self.raise_statement = None;
        let flow = self.exec_block(&f.def.body);
        self.in_entry -= 1;
        self.depth -= 1;
        self.frames.pop();
        self.entry_raise = match &flow {
            Flow::Raise(Some(Raised {
                host_id: Some(id), ..
            })) => {
                // The host's own error (an operation PostgreSQL refuses): reported by it.
                self.host.exception_uncaught(*id);
                None
            }
            Flow::Raise(_) => self.raise_statement.take(),
            _ => None,
        };
        Some(matches!(flow, Flow::Raise(_)))
    }

    /// What the entry point `function` of `module` takes by keyword: its parameters' names,
    /// whether it has `**kwargs`, whether its body raises at its top level (a downgrade that
    /// refuses to run), and where it is defined (`def upgrade`).
    pub fn entry_signature(module: &Rc<ModuleEnv>, function: &str) -> Option<EntrySignature> {
        let Some(Value::Function(f)) = module.globals.borrow().get(function).cloned() else {
            return None;
        };
        let params = &f.params;
        let start = usize::from(f.def.range.start());
        Some(EntrySignature {
            names: params
                .args
                .iter()
                .chain(&params.kwonlyargs)
                .map(|p| p.def.arg.to_string())
                .collect(),
            kwargs: params.kwarg.is_some(),
            refuses: f
                .def
                .body
                .iter()
                .any(|s| matches!(s, crate::python::ast::Stmt::Raise(_))),
            span: Span::new(
                f.module.file,
                start..start + "def ".len() + f.def.name.len(),
            ),
        })
    }

    /// The `raise` statement the last entry point ended in, uncaught: the exception's class
    /// (when written as one) and where it is raised.
    pub fn entry_raise(&self) -> Option<&(Option<String>, Span)> {
        self.entry_raise.as_ref()
    }
}
