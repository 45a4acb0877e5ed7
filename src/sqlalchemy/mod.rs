//! SQLAlchemy's side of the DDL: types as SQLAlchemy's PostgreSQL dialect compiles them,
//! `Column`/`ForeignKey` objects, SQL text compiled from expression objects, and naming
//! conventions. Read from the interpreter's values; used by both the migrations (`alembic`)
//! and the declared models (`models`).

pub mod args;
pub mod column;
pub mod compile;
pub mod continuum;
pub mod create_all;
pub mod declarative;
pub mod metadata;
pub mod naming;
pub mod sqlmodel;
pub mod types;
