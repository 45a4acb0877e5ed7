//! driftlock: an offline static analyzer for Alembic migration histories that target
//! PostgreSQL. See `ARCHITECTURE.md` for the pipeline; each stage is one module.

pub mod alembic;
pub mod analysis;
pub mod autogenerate;
pub mod cache;
pub mod check;
pub mod codes;
pub mod commands;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod drift;
pub mod earlier;
pub mod env_py;
pub mod eval;
pub mod fs;
pub mod git;
pub mod history;
pub mod ir;
pub mod load;
pub mod models;
pub mod pg;
pub mod python;
pub mod replay;
pub mod report;
pub mod rules;
pub mod schema;
pub mod source;
pub mod sql;
pub mod sqlalchemy;
pub mod stats;
pub mod synthetic;
pub mod timings;
pub mod version;
pub mod work;
pub mod workspace;
