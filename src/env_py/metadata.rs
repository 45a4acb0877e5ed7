//! What `env.py`'s `target_metadata` names, read through the interpreter: the metadata (a
//! declarative base, a `MetaData`, Flask-SQLAlchemy's `db`, or a list of them) and its naming
//! convention. The replay and the models both read it here.

use crate::eval::interp::{Host, Interp};
use crate::eval::value::Value;
use crate::sqlalchemy::naming::{CustomToken, NamingConvention};

/// The metadata `env.py` passes to `context.configure(target_metadata=...)` (running
/// `env.py` in `interp` if it has not run yet), else the value it binds to `target_metadata`;
/// `None` when there is no `env.py` or it names neither.
pub fn target_metadata<H: Host + ?Sized>(
    interp: &mut Interp<'_, H>,
    env_key: Option<&str>,
) -> Option<Value> {
    let key = env_key?;
    let env = interp.module(key)?;
    // An env.py that ends with a bare `run_migrations_online()` (module-level calls are not
    // run when a module is imported): run it, as Alembic does.
    if !interp.configure_called()
        && matches!(
            env.globals.borrow().get("run_migrations_online"),
            Some(Value::Function(_))
        )
    {
        interp.call_function(key, "run_migrations_online");
    }
    let target = env.globals.borrow().get("target_metadata").cloned();
    // The name is a convention of Alembic's template, not a rule: what env.py passes to
    // `context.configure(target_metadata=...)` is what autogenerate compares.
    match (target, interp.configured_metadata()) {
        (_, Some(configured)) if !matches!(configured, Value::Unknown(_)) => Some(configured),
        (target, _) => target,
    }
}

/// The naming convention of `env.py`'s `target_metadata`, read statically.
pub fn naming_convention<H: Host + ?Sized>(
    interp: &mut Interp<'_, H>,
    env_key: Option<&str>,
) -> NamingConvention {
    declared_convention(interp, env_key, Seen::ByApplication).unwrap_or_default()
}

/// Who looks at the metadata: Alembic (the replay's operations, after env.py ran) or the
/// application's `create_all()` (which does not run env.py).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Seen {
    ByAlembic,
    ByApplication,
}

/// The naming convention of `env.py`'s `target_metadata` (the default when it declares
/// none), or the one the code run assigned to a metadata (`metadata.naming_convention =
/// {...}`; env.py's own assignment only when `seen` is by Alembic); `None` when the target
/// metadata cannot be read and nothing was assigned.
pub fn declared_convention<H: Host + ?Sized>(
    interp: &mut Interp<'_, H>,
    env_key: Option<&str>,
    seen: Seen,
) -> Option<NamingConvention> {
    let target = target_metadata(interp, env_key);
    // Read after env.py ran: what its imports assigned.
    let except = match seen {
        Seen::ByAlembic => None,
        Seen::ByApplication => env_key,
    };
    let assigned = interp
        .assigned_convention(except)
        .as_ref()
        .and_then(convention_of);
    let metadata = match target {
        // Alembic's operations take the convention of `target_metadata` only when it is one
        // metadata (`hasattr(mt, "naming_convention")`): a list gives them none.
        Some(Value::List(_) | Value::Tuple(_) | Value::Set(_)) if seen == Seen::ByAlembic => {
            return Some(NamingConvention::default());
        }
        Some(Value::List(items) | Value::Tuple(items) | Value::Set(items)) => {
            items.first().cloned()
        }
        other => other,
    };
    match metadata {
        Some(Value::Unknown(_)) | None => assigned,
        // Assigned to this metadata after it was made: the assignment replaced its own.
        Some(metadata)
            if assigned.is_some() && interp.assigned_convention_replaces(&metadata, except) =>
        {
            assigned
        }
        Some(metadata) => Some(convention_of(&metadata).or(assigned).unwrap_or_default()),
    }
}

/// The value at a dotted path in a module (`Base.metadata` in `app.models`), importing the
/// module if it has not run yet.
pub fn value_at<H: Host + ?Sized>(
    interp: &mut Interp<'_, H>,
    module: &str,
    path: &[String],
) -> Option<Value> {
    let env = interp.module(module)?;
    let (first, rest) = path.split_first()?;
    let mut value = env.globals.borrow().get(first).cloned()?;
    let span = crate::diagnostic::Span::new(env.file, 0..0);
    for attr in rest {
        value = interp.attribute_of(value, attr, &span);
    }
    Some(value)
}

/// The naming convention Alembic's operations take when no env.py names the target metadata
/// and the configuration does (`metadata = ["pkg.db:Model.metadata"]`, for a framework that
/// configures Alembic in code): that metadata's, when it names one; the default for several,
/// as for a list passed as `target_metadata`.
pub fn configured_convention<H: Host + ?Sized>(
    interp: &mut Interp<'_, H>,
    configured: &[(String, Vec<String>)],
) -> Option<NamingConvention> {
    let [(module, path)] = configured else {
        return (!configured.is_empty()).then(NamingConvention::default);
    };
    let value = value_at(interp, module, path)?;
    Some(convention_of(&value).unwrap_or_default())
}

/// Finds `naming_convention=` on the `MetaData(...)` behind a value (`Base.metadata`,
/// `db.metadata`, `MetaData(...)`).
pub fn convention_of(v: &Value) -> Option<NamingConvention> {
    match v {
        Value::Object(o) => {
            if let Some(Value::Dict(items)) = o.args.keyword("naming_convention") {
                let pairs = items
                    .iter()
                    .filter_map(|(k, v)| Some((k.as_str()?.to_string(), v.as_str()?.to_string())));
                let mut convention = NamingConvention::from_pairs(pairs);
                // The project's own tokens, as probing their functions read them.
                for (k, v) in items {
                    let (Some(name), Value::Object(token)) = (k.as_str(), v) else {
                        continue;
                    };
                    if token.class != crate::eval::value::CONVENTION_TOKEN {
                        continue;
                    }
                    let parsed = token.args.positional.first().and_then(Value::as_str);
                    if let Some(parsed) = parsed.and_then(CustomToken::parse) {
                        convention = convention.with_token(name.to_string(), parsed);
                    }
                }
                return Some(convention);
            }
            if let Some(m) = o.args.keyword("metadata") {
                return convention_of(m);
            }
            o.receiver.as_ref().and_then(convention_of)
        }
        // The base's `metadata`, or that of its `registry = registry(metadata=...)`.
        Value::Class(c) => c
            .attributes
            .get("metadata")
            .and_then(convention_of)
            .or_else(|| c.attributes.get("registry").and_then(convention_of))
            .or_else(|| c.bases.iter().find_map(convention_of)),
        _ => None,
    }
}
