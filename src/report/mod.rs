//! Rendering: every output format reads the same analysis and diagnostics. Formats are
//! contracts with their own serde types here, so internal types never leak into them.

pub mod baseline;
pub mod check;
pub mod drift;
pub mod fingerprint;
pub mod gitlab;
pub mod history;
pub mod human;
pub mod json;
pub mod jsonl;
pub mod junit;
pub mod markdown;
pub mod schema;
pub mod settings;
pub mod statistics;

use crate::diagnostic::Severity;

/// Whether terminal output is coloured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Color {
    Always,
    Never,
}

impl Color {
    /// Colour only on a terminal, and never when `NO_COLOR` is set to a non-empty value.
    pub fn detect(is_terminal: bool) -> Color {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        if is_terminal && !no_color {
            Color::Always
        } else {
            Color::Never
        }
    }
}

/// The lowest severity that makes a run fail (`--fail-on`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    Severity(Severity),
    Never,
}

impl FailOn {
    pub fn fails(self, severity: Severity) -> bool {
        match self {
            FailOn::Severity(min) => severity >= min,
            FailOn::Never => false,
        }
    }
}
