//! `driftlock schema`: the schema the migrations build, at head or at a revision.

use std::io::Write;
use std::path::PathBuf;

use super::{Fatal, Outcome};
use crate::analysis::analyze_with;
use crate::discover::{discover, DiscoverOptions};
use crate::lower::ReplayOptions;
use crate::report::{self, Color, FailOn};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Sql,
}

#[derive(Clone, Debug)]
pub struct Options {
    pub path: PathBuf,
    pub discover: DiscoverOptions,
    pub format: Format,
    /// A revision id (or a unique prefix of one); `None` for the end of the history.
    pub at: Option<String>,
    /// Also replay every `downgrade()` and report those that do not undo their upgrade.
    pub check_downgrades: bool,
    pub fail_on: FailOn,
    /// Colour for the diagnostics written to `err`.
    pub err_color: Color,
}

pub fn run(options: &Options, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome, Fatal> {
    let project = discover(&options.path, &options.discover)?;
    let replay_options = ReplayOptions {
        keep_states: options.at.is_some(),
        check_downgrades: options.check_downgrades,
        keep_downgrades: false,
    };
    let analysis = analyze_with(project, Some(replay_options));
    let replay = analysis.replay.as_ref().expect("replay was asked for");
    let schema = match options.at.as_deref() {
        None | Some("head" | "heads") => &replay.head,
        Some(at) => {
            let matches: Vec<_> = replay
                .states
                .iter()
                .filter(|s| s.revision.starts_with(at))
                .collect();
            match matches.as_slice() {
                [one] => &one.schema,
                [] => return Err(Fatal::Usage(format!("no revision `{at}` in the history"))),
                many => {
                    let ids: Vec<&str> = many.iter().map(|s| s.revision.as_str()).collect();
                    return Err(Fatal::Usage(format!(
                        "`{at}` is ambiguous: {}",
                        ids.join(", ")
                    )));
                }
            }
        }
    };
    let text = match options.format {
        Format::Json => report::schema::json(schema, "alembic_version"),
        Format::Sql => report::schema::sql(schema, "alembic_version"),
    };
    out.write_all(text.as_bytes())?;
    super::report_on_stderr(&analysis, options.err_color, err)?;
    Ok(super::outcome(&analysis.diagnostics, options.fail_on))
}
