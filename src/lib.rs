//! driftlock: an offline static analyzer for Alembic migration histories that target
//! PostgreSQL. See `ARCHITECTURE.md` for the pipeline; each stage is one module.

pub mod analysis;
pub mod commands;
pub mod diagnostic;
pub mod discover;
pub mod drift;
pub mod history;
pub mod ir;
pub mod load;
pub mod lower;
pub mod models;
pub mod python;
pub mod report;
pub mod rules;
pub mod schema;
pub mod source;
pub mod synthetic;
