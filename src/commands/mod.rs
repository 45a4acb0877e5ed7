//! The subcommands, as the CLI calls them: each takes plain options and a writer, and returns
//! whether the run found something at or above `--fail-on`. Argument parsing stays in
//! `main.rs`.

pub mod check;
pub mod drift;
pub mod history;
pub mod mcp;
pub mod models;
pub mod revision;
pub mod rules;
pub mod schema;
pub mod stats;

/// Exit status of a run, as CI reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing at or above `--fail-on`: exit 0.
    Clean,
    /// Findings at or above `--fail-on`: exit 1.
    Findings,
}

impl Outcome {
    pub fn exit_code(self) -> u8 {
        match self {
            Outcome::Clean => 0,
            Outcome::Findings => 1,
        }
    }
}

/// Exit status of a run whose findings are `diagnostics`.
fn outcome(
    diagnostics: &[crate::diagnostic::Diagnostic],
    fail_on: crate::report::FailOn,
) -> Outcome {
    if diagnostics.iter().any(|d| fail_on.fails(d.severity)) {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}

/// Why `driftlock models` and `drift` found no models: env.py names none, or there is no
/// env.py (Alembic configured in code) and the configuration names no `metadata` either.
fn no_models_found(project: &crate::discover::Project) -> Fatal {
    let env = project.env_py();
    if project.has_env_py() {
        return Fatal::Usage(format!(
            "no models found: {} names no `target_metadata`",
            env.display()
        ));
    }
    Fatal::Usage(format!(
        "no models found: there is no {} and the configuration names no `metadata = [\"module:Base.metadata\"]`",
        env.display()
    ))
}

/// Renders the diagnostics of `analysis`, if there are any, to `err`: for commands whose
/// standard output is a document (JSON, DDL, a graph) that must stay clean.
fn report_on_stderr(
    analysis: &crate::analysis::Analysis,
    color: crate::report::Color,
    err: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    if analysis.diagnostics.is_empty() {
        return Ok(());
    }
    crate::report::human::render(&analysis.diagnostics, &analysis.sources, color, err)
}

/// A fatal error: the run could not happen at all (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum Fatal {
    #[error("{0}")]
    Discover(#[from] crate::discover::DiscoverError),
    #[error("cannot write output: {0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Open(#[from] crate::workspace::OpenError),
}
