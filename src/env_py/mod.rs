//! What `env.py` tells driftlock: the options it passes to `context.configure(...)` that
//! change what driftlock reports (read from its text, `options.rs`), and the metadata its
//! `target_metadata` names with its naming convention (read through the interpreter,
//! `metadata.rs`). One home for every reading of `env.py`.

pub mod flask_app;
pub mod metadata;
pub mod options;

pub use metadata::{
    configured_convention, convention_of, declared_convention, naming_convention, target_metadata,
    value_at, Seen,
};
pub use options::{read as read_options, EnvOptions};
