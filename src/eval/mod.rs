//! The static Python interpreter: it runs revision files, `env.py` and the checkout's modules
//! they import without executing anything, generic over a [`Host`] that gives meaning to the
//! calls it cannot know (Alembic's `op.*`, introspection, `execute`). Values it cannot know
//! are `Unknown`, and where that matters an `unanalyzable` diagnostic says so.

pub(crate) mod binds;
mod builtins;
mod calls;
mod class_hooks;
pub(crate) mod classes;
mod configure;
mod connect_args;
mod datetime;
mod defined;
mod entry;
mod environment;
pub mod events;
mod exceptions;
mod expr;
mod files;
pub mod fstring;
mod imports;
mod init;
pub mod interp;
mod introspect;
mod literal_params;
mod module_level;
mod plugins;
mod queries;
pub mod reflection;
mod regex;
mod results;
mod scan;
mod table_changes;
mod text_files;
mod unpack;
pub mod value;

pub(crate) use builtins::class_attribute;
pub use entry::EntrySignature;
pub use interp::{Host, Interp, ModuleTable};
pub use value::{Args, ModuleEnv, Value};

/// Runs `f` on a thread with a large stack and waits for it: the interpreter recurses with
/// the code it follows (the replay, the models).
pub fn on_large_stack<T: Send>(name: &str, f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name(name.into())
            .stack_size(256 * 1024 * 1024)
            .spawn_scoped(scope, f)
            .expect("a thread starts")
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}
