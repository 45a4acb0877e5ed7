//! The environment variables the analysed code reads (`os.environ.get(k, d)`,
//! `os.getenv(k)`, `os.environ[k]`, `k in os.environ`). Nothing of driftlock's own
//! environment is used: a variable has the value the configuration's `environment` gives it,
//! else it is unset (the code's default, `None`, `KeyError`), the same on every machine. A
//! read in an `upgrade()` or `downgrade()` is said once per variable (`assumed-environment`),
//! so that a deployment that sets it knows to say so. The value decides conditions and
//! comparisons, but it is never text of the program: SQL, a server default or a name built
//! from it stays built at run time (what the deployment sets is not known here).

use super::interp::{Host, Interp};
use super::value::{Args, Object, Value, ENV_VALUE};
use crate::codes;
use crate::diagnostic::{Diagnostic, Kind, Span};

/// The name `os.environ` takes as an external value.
pub(super) const ENVIRON: &str = "os.environ";

/// `value` as an environment variable's (see [`ENV_VALUE`]); `None` stays `None`.
pub(super) fn env_value(value: Value, span: &Span) -> Value {
    match value {
        Value::None => Value::None,
        v => Object::call(ENV_VALUE, vec![v], Vec::new(), span),
    }
}

impl<H: Host + ?Sized> Interp<'_, H> {
    /// The configured value of variable `name`, saying so when it is not set.
    fn variable(&mut self, name: &str, span: &Span) -> Option<String> {
        let value = self.table.environment.get(name).cloned();
        let in_revision = self.in_entry > 0 && self.frames.last().is_some_and(|f| !f.is_module());
        if value.is_none() && in_revision && self.environment_said.insert(name.to_string()) {
            self.host.report(
                Diagnostic::info(
                    Kind::Unanalyzable,
                    codes::ASSUMED_ENVIRONMENT,
                    format!("environment variable `{name}` is read as unset"),
                )
                .at(span.clone())
                .with_note("set it in the configuration's `environment` table when the deployment sets it (`environment = { NAME = \"value\" }`)"),
            );
        }
        value
    }

    /// `os.environ.get(name, default=None)` and `os.getenv(name, default=None)`.
    pub(super) fn environment_get(&mut self, args: &Args, span: &Span) -> Value {
        let Some(name) = args
            .get(0, "key")
            .and_then(Value::as_str)
            .map(str::to_string)
        else {
            return Value::unknown("an environment variable whose name is not known statically");
        };
        let value = match self.variable(&name, span) {
            Some(value) => Value::Str(value),
            None => args.get(1, "default").cloned().unwrap_or(Value::None),
        };
        env_value(value, span)
    }

    /// `os.environ[name]`: its value, or `KeyError` (raised to an `except` that catches it).
    pub(super) fn environment_item(&mut self, key: &Value, span: &Span) -> Value {
        let Some(name) = key.as_str().map(str::to_string) else {
            return Value::unknown("an environment variable whose name is not known statically");
        };
        match self.variable(&name, span) {
            Some(value) => env_value(Value::Str(value), span),
            None if self.raise_if_caught("KeyError") => Value::None,
            None => Value::unknown(format!("environment variable `{name}`, not set")),
        }
    }

    /// `name in os.environ`.
    pub(super) fn environment_has(&mut self, key: &Value, span: &Span) -> Value {
        match key.as_str().map(str::to_string) {
            Some(name) => Value::Bool(self.variable(&name, span).is_some()),
            None => Value::unknown("an environment variable whose name is not known statically"),
        }
    }
}
