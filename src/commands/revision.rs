//! `driftlock revision --autogenerate -m MESSAGE`: the drift written down as the next
//! revision, without a database. The file goes through the project's `script.py.mako` (else
//! Alembic's generic template) and `file_template`, into the version folder, as a new file:
//! the only write driftlock ever makes into a checkout. `--dry-run` prints it instead.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::drift::{compute, Computed};
use super::{Fatal, Outcome};
use crate::autogenerate::template::{self, Value};
use crate::autogenerate::write::{self, Moment};
use crate::autogenerate::{self as ag, render::Renderer};

#[derive(Clone, Debug)]
pub struct Options {
    /// The project and how to read it (the drift command's options; its format is unused).
    pub drift: super::drift::Options,
    pub message: String,
    /// `--rev-id`: the revision id instead of a fresh one.
    pub rev_id: Option<String>,
    /// `--head`: the revision the new one follows, required when there are several heads.
    pub head: Option<String>,
    /// `--splice`: allow a `--head` that is not a head (a new branch).
    pub splice: bool,
    pub branch_labels: Vec<String>,
    pub depends_on: Vec<String>,
    /// `--version-path`: the folder to write into, required when there are several and the
    /// head's own folder does not decide.
    pub version_path: Option<PathBuf>,
    /// `--date`: the `Create Date` and the date tokens of `file_template` (else now, UTC).
    pub date: Option<String>,
    /// Print the file to standard output instead of writing it.
    pub dry_run: bool,
    /// `--safe`: the upgrade written for a live database (also `autogenerate-safe = true`).
    pub safe: bool,
}

/// The new revision, before it is written.
pub struct Generated {
    /// Where it goes.
    pub path: PathBuf,
    pub text: String,
    /// What the drift held that the file does not do, with why.
    pub left_out: Vec<String>,
    pub revision: String,
    /// Written with `--safe` (or `autogenerate-safe = true`).
    pub safe: bool,
}

pub fn run(options: &Options, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome, Fatal> {
    let computed = compute(&options.drift, err)?;
    if !computed.problems.is_empty() {
        crate::report::human::render(
            &computed.problems,
            &computed.analysis.sources,
            options.drift.err_color,
            err,
        )?;
    }
    let generated = generate(options, &computed)?;
    // Replayed with the history before anything is written: what drift is left, what the
    // rules say of the new revision.
    let verdict = self_check(options, &generated)?;
    if options.dry_run {
        out.write_all(generated.text.as_bytes())?;
    } else {
        let version_dir = version_dir(options, &computed)?;
        crate::fs::create_new(&version_dir, &generated.path, &generated.text).map_err(|e| {
            Fatal::Usage(format!(
                "cannot write {} (driftlock never replaces a file): {e}",
                generated.path.display()
            ))
        })?;
        writeln!(out, "{}", generated.path.display())?;
    }
    writeln!(
        err,
        "revision {}: {} drift item(s) written{}",
        generated.revision,
        computed
            .items
            .len()
            .saturating_sub(generated.left_out.len()),
        if generated.safe { " (--safe)" } else { "" }
    )?;
    for l in &generated.left_out {
        writeln!(err, "  not written: {l}")?;
    }
    verdict.report(generated.safe, err)?;
    let clean = generated.left_out.is_empty()
        && verdict.drift_left.is_empty()
        && (!generated.safe || verdict.findings.is_empty());
    Ok(if clean {
        Outcome::Clean
    } else {
        Outcome::Findings
    })
}

/// What the history with the new revision says: the drift left and the new revision's
/// findings above info.
struct Verdict {
    drift_left: Vec<String>,
    findings: Vec<String>,
}

impl Verdict {
    fn report(&self, safe: bool, err: &mut dyn Write) -> std::io::Result<()> {
        if self.drift_left.is_empty() {
            writeln!(
                err,
                "self-check: with the new revision, the migrations match the models"
            )?;
        } else {
            writeln!(
                err,
                "self-check: with the new revision, {} difference(s) remain:",
                self.drift_left.len()
            )?;
            for d in &self.drift_left {
                writeln!(err, "  {d}")?;
            }
        }
        if self.findings.is_empty() {
            writeln!(
                err,
                "self-check: `driftlock check` finds nothing above info in the new revision"
            )?;
        } else {
            writeln!(
                err,
                "self-check: `driftlock check` finds {} problem(s) above info in the new revision{}:",
                self.findings.len(),
                if safe { "" } else { " (--safe writes it for a live database)" }
            )?;
            for f in &self.findings {
                writeln!(err, "  {f}")?;
            }
        }
        Ok(())
    }
}

/// Replays the history with the new revision (from memory: nothing is on disk yet) and runs
/// the check on it.
fn self_check(options: &Options, generated: &Generated) -> Result<Verdict, Fatal> {
    let mut ws = crate::workspace::Workspace::open(
        &options.drift.path,
        &options.drift.discover,
        options.drift.settings_file.as_deref(),
        &options.drift.models,
    )?;
    ws.project.pending = Some(crate::discover::PendingFile {
        path: generated.path.clone(),
        text: generated.text.clone(),
    });
    let result =
        crate::check::check(ws, &crate::check::Request::default()).map_err(Fatal::Usage)?;
    let new_file = result
        .analysis
        .sources
        .iter()
        .find(|(_, f)| f.path == generated.path)
        .map(|(id, _)| id);
    let findings = result
        .diagnostics
        .iter()
        .filter(|d| d.severity > crate::diagnostic::Severity::Info)
        .filter(|d| d.primary.as_ref().map(|s| s.file) == new_file && new_file.is_some())
        .map(|d| {
            let line = d
                .primary
                .as_ref()
                .map(|s| {
                    result
                        .analysis
                        .sources
                        .get(s.file)
                        .line_col(s.range.start)
                        .line
                })
                .unwrap_or_default();
            format!("line {line}: [{}] {}", d.code, d.message)
        })
        .collect();
    let drift_left = result
        .drift
        .iter()
        .map(item_label)
        .filter(|d| !generated.left_out.iter().any(|l| l.starts_with(d.as_str())))
        .collect();
    Ok(Verdict {
        drift_left,
        findings,
    })
}

/// An item as the self-check lists it: kind, table, column and name.
fn item_label(i: &crate::drift::Item) -> String {
    let parts = [
        Some(crate::schema::display_key(&(
            i.schema.clone(),
            i.table.clone(),
        ))),
        i.column.clone(),
        i.name.clone(),
    ];
    let mut label = i.kind.to_string();
    for p in parts.into_iter().flatten() {
        label.push(' ');
        label.push_str(&p);
    }
    label
}

/// The declared schema the revision is written from: the metadata Alembic compares (without
/// what `after_create` listeners make), and on the tables the history already created, the
/// metadata's unique constraints `CREATE TABLE` dropped as repeats of an equal key, which
/// Alembic's comparison looks for and `ALTER TABLE ... ADD CONSTRAINT` keeps (a table the
/// revision creates would drop them again).
fn metadata_to_write(
    declared: &crate::models::Declared,
    replayed: &crate::schema::Schema,
) -> crate::schema::Schema {
    let mut schema =
        crate::drift::compared_metadata(&declared.schema, &declared.origins).into_owned();
    for repeat in &declared.origins.repeated_keys {
        if !replayed.tables.contains_key(&repeat.table) {
            continue;
        }
        if let Some(mut t) = schema.tables.get_mut(&repeat.table) {
            if !t.constraints.iter().any(|c| c.name == repeat.name) {
                t.constraints.push(crate::schema::Constraint {
                    name: repeat.name.clone(),
                    kind: crate::pg::ConstraintKind::Unique {
                        columns: repeat.columns.clone(),
                    },
                    parent: None,
                });
            }
        }
    }
    schema
}

/// The head the new revision follows (`None` for a history without revisions).
fn down_revision(options: &Options, computed: &Computed) -> Result<Option<String>, Fatal> {
    let graph = &computed.analysis.graph;
    let heads: Vec<&str> = graph.heads().iter().map(|r| r.id.as_str()).collect();
    match &options.head {
        Some(h) => {
            let h = h.strip_suffix("@head").unwrap_or(h);
            let Some(rev) = graph.get(h) else {
                return Err(Fatal::Usage(format!("--head {h}: no such revision")));
            };
            if !heads.contains(&rev.id.as_str()) && !options.splice {
                return Err(Fatal::Usage(format!(
                    "--head {h} is not a head (heads: {}); --splice makes a new branch from it",
                    heads.join(", ")
                )));
            }
            Ok(Some(rev.id.clone()))
        }
        None => match heads.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(one.to_string())),
            many => Err(Fatal::Usage(format!(
                "the history has {} heads ({}): say which one the new revision follows with --head (or merge them first)",
                many.len(),
                many.join(", ")
            ))),
        },
    }
}

/// The version folder the new file goes into.
fn version_dir(options: &Options, computed: &Computed) -> Result<PathBuf, Fatal> {
    let project = &computed.workspace.project;
    if let Some(p) = &options.version_path {
        let p = if p.is_absolute() {
            p.clone()
        } else {
            project.root.join(p)
        };
        return Ok(p);
    }
    match project.version_locations.as_slice() {
        [one] => Ok(one.path.clone()),
        [] => Ok(project.script_location.join("versions")),
        many => {
            // As Alembic: the folder of the head the revision follows.
            let head = down_revision(options, computed)?;
            let graph = &computed.analysis.graph;
            head.and_then(|h| graph.get(&h))
                .and_then(|r| {
                    computed
                        .analysis
                        .sources
                        .try_get(r.file)
                        .and_then(|f| f.path.parent().map(Path::to_path_buf))
                })
                .ok_or_else(|| {
                    Fatal::Usage(format!(
                        "the project has {} version locations: say which with --version-path",
                        many.len()
                    ))
                })
        }
    }
}

/// The file, rendered, and where it goes.
pub(crate) fn generate(options: &Options, computed: &Computed) -> Result<Generated, Fatal> {
    let project = &computed.workspace.project;
    let Some(replay) = computed.analysis.replay.as_ref() else {
        return Err(Fatal::Usage("the history could not be replayed".into()));
    };
    let revision = match &options.rev_id {
        Some(r) if write::valid_revision_id(r) => r.clone(),
        Some(r) => {
            return Err(Fatal::Usage(format!(
                "--rev-id {r}: a revision id is letters, digits, `_` and `-`"
            )))
        }
        None => write::fresh_revision_id(),
    };
    if computed.analysis.graph.get(&revision).is_some() {
        return Err(Fatal::Usage(format!("revision {revision} exists already")));
    }
    let down = down_revision(options, computed)?;
    let at = match &options.date {
        Some(d) => Moment::parse(d)
            .ok_or_else(|| Fatal::Usage(format!("--date {d}: expected YYYY-MM-DD HH:MM:SS")))?,
        None => Moment::now(),
    };
    // The tables of a history that runs first on the same database (`runs-after`) are not
    // this project's to drop, even when Alembic lists them.
    let earlier = crate::earlier::base(&computed.workspace);
    let (items, theirs): (Vec<_>, Vec<_>) = computed.items.iter().cloned().partition(|i| {
        !(i.kind.starts_with("remove_")
            && i.column.is_none()
            && earlier.as_ref().is_some_and(|b| {
                b.schema
                    .tables
                    .contains_key(&(i.schema.clone(), i.table.clone()))
            }))
    });
    // The tables the application creates at every start (`app-tables = "before-history"`)
    // come back after a revision drops them: dropping one only loses its rows.
    let dropped: BTreeSet<(String, String)> = items
        .iter()
        .filter(|i| i.kind == "remove_table")
        .map(|i| (i.schema.clone(), i.table.clone()))
        .filter(|k| replay.created_at_start.contains(k))
        .collect();
    let (recreated, items): (Vec<_>, Vec<_>) = items.into_iter().partition(|i| {
        i.kind.starts_with("remove_")
            && i.column.is_none()
            && dropped.contains(&(i.schema.clone(), i.table.clone()))
    });
    let to_write = metadata_to_write(&computed.declared, &replay.head);
    let mut plan = ag::plan(&replay.head, &to_write, &items);
    plan.left_out.extend(theirs.iter().map(|i| {
        format!(
            "{}: a table of a history that runs first on this database (runs-after)",
            item_label(i)
        )
    }));
    plan.left_out.extend(recreated.iter().map(|i| {
        format!(
            "{}: a table the application creates again when it starts (`app-tables = \"before-history\"`), which env.py's target_metadata does not hold: dropping it would only lose its rows",
            item_label(i)
        )
    }));
    let mut renderer = Renderer::new(
        &computed.declared.schema,
        &replay.head,
        computed
            .declared
            .convention
            .as_ref()
            .is_some_and(|c| !c.is_default()),
    );
    let safe = options.safe || computed.workspace.settings.autogenerate_safe;
    let upgrade_lines = if safe && !plan.upgrade.is_empty() {
        ag::safe::upgrade(&mut renderer, &plan.upgrade, &replay.head)
    } else {
        plan.upgrade.iter().flat_map(|s| renderer.step(s)).collect()
    };
    let upgrades = body(upgrade_lines);
    let downgrade_lines: Vec<String> = plan
        .downgrade()
        .iter()
        .flat_map(|s| renderer.step(s))
        .collect();
    let downgrades = body(downgrade_lines);
    let mut left_out = plan.left_out.clone();
    left_out.extend(renderer.not_written.iter().cloned());
    left_out.sort();
    left_out.dedup();
    let imports: Vec<String> = renderer.imports.iter().cloned().collect();

    let mut vars = std::collections::BTreeMap::new();
    let s = |v: &str| Value::Str(v.to_string());
    let tuple_or_none = |v: &[String]| {
        if v.is_empty() {
            Value::None
        } else {
            Value::Tuple(v.to_vec())
        }
    };
    vars.insert("message".to_string(), s(&options.message));
    vars.insert("up_revision".to_string(), s(&revision));
    vars.insert(
        "down_revision".to_string(),
        down.as_deref().map_or(Value::None, s),
    );
    vars.insert(
        "branch_labels".to_string(),
        tuple_or_none(&options.branch_labels),
    );
    vars.insert(
        "depends_on".to_string(),
        match options.depends_on.as_slice() {
            [] => Value::None,
            [one] => s(one),
            many => Value::Tuple(many.to_vec()),
        },
    );
    vars.insert("create_date".to_string(), s(&at.python_str()));
    vars.insert("imports".to_string(), s(&imports.join("\n")));
    vars.insert("upgrades".to_string(), s(&upgrades));
    vars.insert("downgrades".to_string(), s(&downgrades));

    let template_path = project.script_location.join("script.py.mako");
    let (template_text, template_name) = if crate::fs::is_file(&template_path) {
        let text = crate::fs::read_utf8(&template_path, project.max_file_bytes)
            .map_err(|e| Fatal::Usage(format!("{}: {e}", template_path.display())))?;
        (text, template_path.display().to_string())
    } else {
        (
            template::GENERIC.to_string(),
            "Alembic's generic template".to_string(),
        )
    };
    let mut text = template::render(&template_text, &vars).map_err(|e| {
        Fatal::Usage(format!(
            "{template_name}:{}: {} (no file written)",
            e.line, e.message
        ))
    })?;
    if !text.ends_with('\n') {
        text.push('\n');
    }

    let file_template = project
        .main_options
        .get("file_template")
        .cloned()
        .unwrap_or_else(|| write::DEFAULT_FILE_TEMPLATE.to_string());
    let slug_length = project
        .main_options
        .get("truncate_slug_length")
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(write::DEFAULT_SLUG_LENGTH);
    let name = write::file_name(
        &file_template,
        &revision,
        &write::slug(&options.message, slug_length),
        &at,
    )
    .map_err(Fatal::Usage)?;
    let path = version_dir(options, computed)?.join(format!("{name}.py"));
    Ok(Generated {
        path,
        text,
        left_out,
        revision,
        safe,
    })
}

/// The body of `upgrade()` or `downgrade()` as Alembic passes it to the template: the
/// first line bare, the others indented by four spaces; empty for no steps.
fn body(steps: Vec<String>) -> String {
    if steps.is_empty() {
        return String::new();
    }
    let mut lines =
        vec!["# ### commands auto generated by driftlock - please adjust! ###".to_string()];
    lines.extend(steps);
    lines.push("# ### end driftlock commands ###".to_string());
    lines.join("\n    ")
}
