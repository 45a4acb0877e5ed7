//! The `driftlock` command line: parses arguments and calls the library. Nothing else.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use driftlock::commands::{self, Fatal};
use driftlock::diagnostic::Severity;
use driftlock::discover::DiscoverOptions;
use driftlock::report::{Color, FailOn};

/// The replay and the models allocate many small values (syntax trees, interpreter values)
/// on several threads, where the system allocator spent about a third of airflow's check
/// (`malloc`, `free`, `malloc_consolidate`); mimalloc is built for that pattern.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Offline static analysis of Alembic migration histories for PostgreSQL.
#[derive(Parser)]
#[command(name = "driftlock", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the revision graph: order, heads, bases, merges, and its problems.
    History(HistoryArgs),
    /// Print the schema the migrations build (replayed without a database).
    Schema(SchemaArgs),
    /// Print the schema the declared SQLAlchemy models describe (read statically, never
    /// imported): what `metadata.create_all()` would create.
    Models(ModelsArgs),
    /// Compare what the migrations build with what the models declare, in Alembic
    /// autogenerate's vocabulary (exit 1 when they differ).
    Drift(DriftArgs),
    /// Write the next revision from the drift, offline (`--autogenerate`): what `alembic
    /// revision --autogenerate` writes, without a database.
    Revision(RevisionArgs),
    /// Check the history: risky changes, broken downgrades, replay and history problems.
    Check(CheckArgs),
    /// Print the read-only catalog query that exports table sizes as a `stats/1` document,
    /// for `check --table-stats`: psql -At -c "$(driftlock stats --query)" > driftlock-stats.json
    Stats {
        /// Print the query (required: the statistics are exported by psql, never by
        /// driftlock, which opens no connection).
        #[arg(long, required = true)]
        query: bool,
    },
    /// List the rules with their codes, categories and default levels.
    Rules,
    /// Print the documentation of a rule.
    Explain {
        /// Rule name (e.g. add-index-without-concurrently) or code (e.g. IDX001).
        rule: String,
    },
    /// Serve the analyses to AI assistants: a Model Context Protocol server over stdio
    /// (tools history, schema_at, models, drift, check, explain).
    Mcp {
        /// The project the tools read when a call names no `path` (relative paths are taken
        /// from here).
        #[arg(default_value = ".")]
        path: PathBuf,
    },
}

#[derive(Args)]
struct ModelsArgs {
    #[command(flatten)]
    project: ProjectArgs,
    /// Model files or packages to read besides what env.py imports (also `models = [...]`
    /// in the configuration).
    #[arg(long, value_name = "PATH", num_args = 1..)]
    models: Vec<PathBuf>,
    /// Output format (`--format` is an alias).
    #[arg(long = "output-format", visible_alias = "format", value_enum, default_value_t = SchemaFormat::Json)]
    format: SchemaFormat,
    /// Read driftlock's settings from this file instead of driftlock.toml / pyproject.toml.
    #[arg(long, value_name = "FILE")]
    settings: Option<PathBuf>,
    #[command(flatten)]
    output: OutputArgs,
    #[command(flatten)]
    file: OutputFileArg,
}

#[derive(Args)]
struct DriftArgs {
    #[command(flatten)]
    project: ProjectArgs,
    /// Model files or packages to read besides what env.py imports (also `models = [...]`
    /// in the configuration).
    #[arg(long, value_name = "PATH", num_args = 1..)]
    models: Vec<PathBuf>,
    /// Output format (`--format` is an alias).
    #[arg(long = "output-format", visible_alias = "format", value_enum, default_value_t = DriftFormat::Text)]
    format: DriftFormat,
    /// Read driftlock's settings from this file instead of driftlock.toml / pyproject.toml.
    #[arg(long, value_name = "FILE")]
    settings: Option<PathBuf>,
    /// When to colour output (colour needs a terminal; NO_COLOR disables `auto`).
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    color: ColorArg,
    /// Exit 0 even when there is drift (fatal errors still exit 2).
    #[arg(long)]
    exit_zero: bool,
    #[command(flatten)]
    file: OutputFileArg,
}

#[derive(Args)]
struct RevisionArgs {
    #[command(flatten)]
    project: ProjectArgs,
    /// Write the operations the drift calls for (required: driftlock writes no empty
    /// revision of its own accord).
    #[arg(long, required = true)]
    autogenerate: bool,
    /// The revision's message (its docstring and file name slug).
    #[arg(short = 'm', long, value_name = "MESSAGE")]
    message: String,
    /// Use this revision id instead of a fresh one.
    #[arg(long, value_name = "ID")]
    rev_id: Option<String>,
    /// The revision the new one follows (required when the history has several heads).
    #[arg(long, value_name = "REV")]
    head: Option<String>,
    /// Allow a --head that is not a head: the new revision starts a branch.
    #[arg(long)]
    splice: bool,
    /// Branch labels of the new revision.
    #[arg(long, value_name = "LABEL")]
    branch_label: Vec<String>,
    /// Revisions the new one depends on.
    #[arg(long, value_name = "REV")]
    depends_on: Vec<String>,
    /// The version folder to write into (when the project has several).
    #[arg(long, value_name = "DIR")]
    version_path: Option<PathBuf>,
    /// The Create Date and the date of file_template's tokens, `YYYY-MM-DD HH:MM:SS` (default:
    /// now, UTC).
    #[arg(long, value_name = "DATE")]
    date: Option<String>,
    /// Print the revision to standard output instead of writing it.
    #[arg(long)]
    dry_run: bool,
    /// Write the upgrade for a live database: lock_timeout, CONCURRENTLY indexes, NOT VALID
    /// keys validated after a commit, NOT NULL through a validated check (also
    /// `autogenerate-safe = true` in the settings).
    #[arg(long)]
    safe: bool,
    /// Model files or packages to read besides what env.py imports.
    #[arg(long, value_name = "PATH", num_args = 1..)]
    models: Vec<PathBuf>,
    /// Read driftlock's settings from this file instead of driftlock.toml / pyproject.toml.
    #[arg(long, value_name = "FILE")]
    settings: Option<PathBuf>,
    /// When to colour output (colour needs a terminal; NO_COLOR disables `auto`).
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    color: ColorArg,
}

#[derive(Clone, Copy, ValueEnum)]
enum DriftFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    project: ProjectArgs,
    /// Output format (`--format` is an alias); default: the environment variable
    /// DRIFTLOCK_OUTPUT_FORMAT, else text.
    #[arg(long = "output-format", visible_alias = "format", value_enum)]
    format: Option<CheckFormat>,
    /// Run only these rules (names, codes or categories; comma-separated or repeated).
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    select: Vec<String>,
    /// Do not run these rules (names, codes or categories).
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    ignore: Vec<String>,
    /// The PostgreSQL version the migrations run on (e.g. 15, 14.4); default 16.
    #[arg(long, value_name = "VERSION")]
    pg_version: Option<String>,
    /// Read driftlock's settings from this file instead of driftlock.toml / pyproject.toml.
    #[arg(long, value_name = "FILE")]
    settings: Option<PathBuf>,
    /// Report risky changes only in revision files added or changed since this git ref, and
    /// flag revision files that existed there and were modified.
    #[arg(long, value_name = "GIT_REF")]
    since: Option<String>,
    /// Print the wall time of each stage (discover, read and parse, history, replay, models,
    /// drift, report) to stderr.
    #[arg(long)]
    timings: bool,
    /// Report only the findings this baseline (`baseline/1`) does not hold; its entries no
    /// longer found are noted.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Write the baseline: with --baseline, its entries still found (a baseline only
    /// shrinks; default FILE: the --baseline file); without, every finding of this run
    /// (default FILE: driftlock-baseline.json).
    #[arg(long, value_name = "FILE", num_args = 0..=1)]
    write_baseline: Option<Option<PathBuf>>,
    /// Print the number of findings of each rule instead of the findings.
    #[arg(long)]
    statistics: bool,
    /// Exit 0 even when findings are reported (fatal errors still exit 2).
    #[arg(long)]
    exit_zero: bool,
    /// Print the resolved settings and exit.
    #[arg(long)]
    show_settings: bool,
    /// Run even when a report kept by an earlier run of the same inputs exists. Reports are
    /// kept in DRIFTLOCK_CACHE_DIR (default: $XDG_CACHE_HOME/driftlock or
    /// ~/.cache/driftlock; empty: no cache), never in the checkout, and reused only while
    /// every file and folder the run read is unchanged.
    #[arg(long)]
    no_cache: bool,
    /// Judge size-dependent findings against these table statistics (`stats/1`, made with
    /// `driftlock stats --query`); instead of the configuration's `table-stats`.
    #[arg(long, value_name = "FILE")]
    table_stats: Option<PathBuf>,
    #[command(flatten)]
    output: OutputArgs,
    #[command(flatten)]
    file: OutputFileArg,
}

#[derive(Clone, Copy, ValueEnum)]
enum CheckFormat {
    Text,
    Json,
    Sarif,
    Github,
    Gitlab,
    Junit,
    JsonLines,
    Markdown,
}

/// The environment variable that sets `check`'s output format when the flag is not given.
const OUTPUT_FORMAT_ENV: &str = "DRIFTLOCK_OUTPUT_FORMAT";

impl CheckArgs {
    /// `--output-format`, else `DRIFTLOCK_OUTPUT_FORMAT`, else text.
    fn format(&self) -> Result<CheckFormat, Fatal> {
        if let Some(f) = self.format {
            return Ok(f);
        }
        match std::env::var(OUTPUT_FORMAT_ENV) {
            Ok(v) if !v.is_empty() => CheckFormat::from_str(&v, false).map_err(|_| {
                let names: Vec<String> = CheckFormat::value_variants()
                    .iter()
                    .filter_map(|f| f.to_possible_value())
                    .map(|p| p.get_name().to_string())
                    .collect();
                Fatal::Usage(format!(
                    "{OUTPUT_FORMAT_ENV}={v}: expected one of {}",
                    names.join(", ")
                ))
            }),
            _ => Ok(CheckFormat::Text),
        }
    }
}

#[derive(Args)]
struct SchemaArgs {
    #[command(flatten)]
    project: ProjectArgs,
    /// Output format (`--format` is an alias).
    #[arg(long = "output-format", visible_alias = "format", value_enum, default_value_t = SchemaFormat::Json)]
    format: SchemaFormat,
    /// The schema `alembic upgrade REV` builds on an empty database (REV and its ancestors
    /// only): a revision id or unique prefix, a branch label, or `label@head`.
    #[arg(long, value_name = "REV")]
    at: Option<String>,
    /// Also replay every `downgrade()` and report those that fail or do not restore the schema
    /// their revision started from.
    #[arg(long)]
    check_downgrades: bool,
    /// Read driftlock's settings from this file instead of driftlock.toml / pyproject.toml.
    #[arg(long, value_name = "FILE")]
    settings: Option<PathBuf>,
    #[command(flatten)]
    output: OutputArgs,
    #[command(flatten)]
    file: OutputFileArg,
}

#[derive(Clone, Copy, ValueEnum)]
enum SchemaFormat {
    Json,
    Sql,
}

/// Where the project is and how to find its Alembic setup.
#[derive(Args)]
struct ProjectArgs {
    /// Project root, `alembic.ini`, `pyproject.toml`, or an Alembic script directory.
    #[arg(default_value = ".")]
    path: PathBuf,
    /// Use this script directory (or directory of revision files) instead of discovering one.
    #[arg(long, value_name = "DIR")]
    migrations: Option<PathBuf>,
    /// Read this Alembic config file (like `alembic -c`).
    #[arg(short = 'c', long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Section of the config file to read (like `alembic -n`).
    #[arg(short = 'n', long, value_name = "SECTION")]
    name: Option<String>,
}

impl ProjectArgs {
    fn discover_options(&self) -> DiscoverOptions {
        DiscoverOptions {
            migrations: self.migrations.clone(),
            config: self.config.clone(),
            section: self.name.clone(),
        }
    }
}

/// Where the report goes (ruff's `-o`).
#[derive(Args)]
struct OutputFileArg {
    /// Write the report to this file instead of standard output (which then gets none of it).
    #[arg(short = 'o', long = "output-file", value_name = "FILE")]
    output_file: Option<PathBuf>,
}

impl OutputFileArg {
    /// Whether the report's destination is a terminal (colour with `--color auto`).
    fn is_terminal(&self) -> bool {
        self.output_file.is_none() && std::io::stdout().is_terminal()
    }

    /// Runs `f` with the report's writer: standard output, or a buffer written to the file
    /// once the run has succeeded (a failed run leaves no half report behind).
    fn emit(
        &self,
        f: impl FnOnce(&mut dyn Write) -> Result<commands::Outcome, Fatal>,
    ) -> Result<commands::Outcome, Fatal> {
        match &self.output_file {
            None => {
                let stdout = std::io::stdout();
                let mut out = std::io::BufWriter::new(stdout.lock());
                let outcome = f(&mut out)?;
                out.flush()?;
                Ok(outcome)
            }
            Some(path) => {
                let mut buf = Vec::new();
                let outcome = f(&mut buf)?;
                write_file(path, &buf)?;
                Ok(outcome)
            }
        }
    }
}

/// Writes a file the command line names (`-o`, `--write-baseline`): the CLI's only writes.
fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Fatal> {
    std::fs::write(path, bytes)
        .map_err(|e| Fatal::Usage(format!("cannot write {}: {e}", path.display())))
}

/// Options every reporting command shares.
#[derive(Args)]
struct OutputArgs {
    /// Exit with 1 when a finding at or above this severity is reported.
    #[arg(long, value_enum, default_value_t = FailOnArg::Error)]
    fail_on: FailOnArg,
    /// When to colour output (colour needs a terminal; NO_COLOR disables `auto`).
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    color: ColorArg,
}

#[derive(Args)]
struct HistoryArgs {
    #[command(flatten)]
    project: ProjectArgs,
    /// Output format (`--format` is an alias).
    #[arg(long = "output-format", visible_alias = "format", value_enum, default_value_t = HistoryFormat::Text)]
    format: HistoryFormat,
    /// Read driftlock's settings from this file instead of driftlock.toml / pyproject.toml.
    #[arg(long, value_name = "FILE")]
    settings: Option<PathBuf>,
    #[command(flatten)]
    output: OutputArgs,
    #[command(flatten)]
    file: OutputFileArg,
}

#[derive(Clone, Copy, ValueEnum)]
enum HistoryFormat {
    Text,
    Json,
    Dot,
    Mermaid,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOnArg {
    Error,
    Warning,
    Info,
    Never,
}

impl From<FailOnArg> for FailOn {
    fn from(arg: FailOnArg) -> FailOn {
        match arg {
            FailOnArg::Error => FailOn::Severity(Severity::Error),
            FailOnArg::Warning => FailOn::Severity(Severity::Warning),
            FailOnArg::Info => FailOn::Severity(Severity::Info),
            FailOnArg::Never => FailOn::Never,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

impl ColorArg {
    fn resolve(self, is_terminal: bool) -> Color {
        match self {
            ColorArg::Auto => Color::detect(is_terminal),
            ColorArg::Always => Color::Always,
            ColorArg::Never => Color::Never,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let result = match &cli.command {
        Command::History(args) => {
            let options = commands::history::Options {
                path: args.project.path.clone(),
                discover: args.project.discover_options(),
                settings_file: args.settings.clone(),
                format: match args.format {
                    HistoryFormat::Text => commands::history::Format::Text,
                    HistoryFormat::Json => commands::history::Format::Json,
                    HistoryFormat::Dot => commands::history::Format::Dot,
                    HistoryFormat::Mermaid => commands::history::Format::Mermaid,
                },
                fail_on: args.output.fail_on.into(),
                color: args.output.color.resolve(args.file.is_terminal()),
                err_color: args.output.color.resolve(stderr.is_terminal()),
            };
            args.file
                .emit(|out| commands::history::run(&options, out, &mut stderr.lock()))
        }
        Command::Check(args) => args.format().and_then(|format| {
            let options = commands::check::Options {
                path: args.project.path.clone(),
                discover: args.project.discover_options(),
                format: match format {
                    CheckFormat::Text => commands::check::Format::Text,
                    CheckFormat::Json => commands::check::Format::Json,
                    CheckFormat::Sarif => commands::check::Format::Sarif,
                    CheckFormat::Github => commands::check::Format::Github,
                    CheckFormat::Gitlab => commands::check::Format::Gitlab,
                    CheckFormat::Junit => commands::check::Format::Junit,
                    CheckFormat::JsonLines => commands::check::Format::JsonLines,
                    CheckFormat::Markdown => commands::check::Format::Markdown,
                },
                fail_on: args.output.fail_on.into(),
                color: args.output.color.resolve(args.file.is_terminal()),
                select: args.select.clone(),
                ignore: args.ignore.clone(),
                pg_version: args.pg_version.clone(),
                settings_file: args.settings.clone(),
                since: args.since.clone(),
                timings: args.timings,
                baseline: args.baseline.clone(),
                write_baseline: args.write_baseline.as_ref().map(|file| {
                    file.clone()
                        .or_else(|| args.baseline.clone())
                        .unwrap_or_else(|| PathBuf::from("driftlock-baseline.json"))
                }),
                statistics: args.statistics,
                exit_zero: args.exit_zero,
                show_settings: args.show_settings,
                no_cache: args.no_cache,
                table_stats: args.table_stats.clone(),
            };
            args.file.emit(|out| {
                let mut err = stderr.lock();
                let mut write = |path: &Path, bytes: &[u8]| std::fs::write(path, bytes);
                let sinks = commands::check::Sinks {
                    err: &mut err,
                    write_file: &mut write,
                };
                commands::check::run(&options, out, sinks)
            })
        }),
        Command::Models(args) => {
            let options = commands::models::Options {
                path: args.project.path.clone(),
                discover: args.project.discover_options(),
                format: match args.format {
                    SchemaFormat::Json => commands::models::Format::Json,
                    SchemaFormat::Sql => commands::models::Format::Sql,
                },
                fail_on: args.output.fail_on.into(),
                err_color: args.output.color.resolve(stderr.is_terminal()),
                models: args.models.clone(),
                settings_file: args.settings.clone(),
            };
            args.file
                .emit(|out| commands::models::run(&options, out, &mut stderr.lock()))
        }
        Command::Drift(args) => {
            let options = commands::drift::Options {
                path: args.project.path.clone(),
                discover: args.project.discover_options(),
                format: match args.format {
                    DriftFormat::Text => commands::drift::Format::Text,
                    DriftFormat::Json => commands::drift::Format::Json,
                    DriftFormat::Markdown => commands::drift::Format::Markdown,
                },
                err_color: args.color.resolve(stderr.is_terminal()),
                settings_file: args.settings.clone(),
                models: args.models.clone(),
            };
            args.file
                .emit(|out| commands::drift::run(&options, out, &mut stderr.lock()))
                .map(|outcome| {
                    if args.exit_zero {
                        commands::Outcome::Clean
                    } else {
                        outcome
                    }
                })
        }
        Command::Stats { query: _ } => {
            let mut out = std::io::BufWriter::new(stdout.lock());
            commands::stats::query(&mut out).and_then(|outcome| {
                out.flush()?;
                Ok(outcome)
            })
        }
        Command::Revision(args) => {
            let options = commands::revision::Options {
                drift: commands::drift::Options {
                    path: args.project.path.clone(),
                    discover: args.project.discover_options(),
                    format: commands::drift::Format::Text,
                    err_color: args.color.resolve(stderr.is_terminal()),
                    settings_file: args.settings.clone(),
                    models: args.models.clone(),
                },
                message: args.message.clone(),
                rev_id: args.rev_id.clone(),
                head: args.head.clone(),
                splice: args.splice,
                branch_labels: args.branch_label.clone(),
                depends_on: args.depends_on.clone(),
                version_path: args.version_path.clone(),
                date: args.date.clone(),
                dry_run: args.dry_run,
                safe: args.safe,
            };
            let _ = args.autogenerate;
            let mut out = std::io::BufWriter::new(stdout.lock());
            commands::revision::run(&options, &mut out, &mut stderr.lock())
                .and_then(|outcome| out.flush().map(|()| outcome).map_err(Fatal::from))
        }
        Command::Rules => {
            let mut out = std::io::BufWriter::new(stdout.lock());
            commands::rules::list(&mut out)
                .and_then(|()| out.flush())
                .map(|()| commands::Outcome::Clean)
                .map_err(Fatal::from)
        }
        Command::Explain { rule } => {
            let mut out = std::io::BufWriter::new(stdout.lock());
            commands::rules::explain(rule, &mut out)
                .and_then(|outcome| out.flush().map(|()| outcome).map_err(Fatal::from))
        }
        Command::Mcp { path } => {
            let options = commands::mcp::Options { root: path.clone() };
            // Standard error unlocked: a panic on a worker thread must be able to print.
            commands::mcp::serve(
                &options,
                &mut std::io::stdin().lock(),
                &mut stdout.lock(),
                &mut std::io::stderr(),
            )
        }
        Command::Schema(args) => {
            let options = commands::schema::Options {
                path: args.project.path.clone(),
                discover: args.project.discover_options(),
                format: match args.format {
                    SchemaFormat::Json => commands::schema::Format::Json,
                    SchemaFormat::Sql => commands::schema::Format::Sql,
                },
                at: args.at.clone(),
                check_downgrades: args.check_downgrades,
                settings_file: args.settings.clone(),
                fail_on: args.output.fail_on.into(),
                err_color: args.output.color.resolve(stderr.is_terminal()),
            };
            args.file
                .emit(|out| commands::schema::run(&options, out, &mut stderr.lock()))
        }
    };
    match result {
        Ok(outcome) => ExitCode::from(outcome.exit_code()),
        // A closed pipe (`driftlock history | head`) is the reader's choice, not a failure.
        Err(Fatal::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(stderr.lock(), "driftlock: error: {e}");
            ExitCode::from(2)
        }
    }
}
