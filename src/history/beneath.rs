//! Revision files in folders under the version locations that the configuration does not
//! name. Alembic reads only the version locations themselves, but applications often set
//! `version_locations` at run time (one folder per release, per branch or per year, added by
//! the project's own migrate command), so the history that really runs continues in those
//! folders. Leaving them out would analyse a fraction of the history and say nothing.
//!
//! The decision is made from the headers alone (read line by line, without parsing the
//! file): a file beneath is adopted when its `down_revision` continues the history read so
//! far (every parent is a revision already read or adopted), repeatedly until nothing more
//! joins; when nothing at all was read, a single root among the files beneath starts the
//! history. What joins is said in one warning; what is left (a second root: one folder per
//! dialect, or files that are not revisions of this history) is an error naming the files,
//! so that such a history never passes in silence.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::recover_header;
use crate::codes;
use crate::diagnostic::Severity;
use crate::discover::{ConfigPlace, ConfigProblem, RevisionFile};
use crate::source::{display_path, FileId};

/// Folder names that hold a PostgreSQL history when there is one folder per dialect (the
/// SQLAlchemy dialect name and its usual short forms).
const POSTGRESQL_FOLDERS: &[&str] = &["postgresql", "postgres", "pgsql", "psql", "pg"];

/// The files beneath that join the history, and what to say about them.
#[derive(Debug, Default)]
pub struct Adoption {
    pub adopted: Vec<RevisionFile>,
    pub problems: Vec<ConfigProblem>,
}

/// A revision id and its parents.
type Ids = (String, Vec<String>);

/// The revision id and parents a file's header names (`None` without a revision id).
fn ids(path: &Path, limit: u64) -> Option<Ids> {
    let text = crate::load::read_source(path, limit)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let header = recover_header(&text, FileId(0), &name);
    let revision = header.revision?.value;
    let parents = header
        .down_revision
        .unwrap_or_default()
        .into_iter()
        .map(|p| p.value)
        .collect();
    Some((revision, parents))
}

/// Decides which of `beneath` continue the history of `read`.
pub fn adopt(
    root: &Path,
    location: &Path,
    place: Option<ConfigPlace>,
    read: &[RevisionFile],
    beneath: &[RevisionFile],
    limit: u64,
) -> Adoption {
    let mut known: BTreeSet<String> = read
        .iter()
        .filter_map(|f| ids(&f.path, limit))
        .map(|(id, _)| id)
        .collect();
    let candidates: Vec<(&RevisionFile, Option<Ids>)> =
        beneath.iter().map(|f| (f, ids(&f.path, limit))).collect();
    let mut joined = vec![false; candidates.len()];
    // One folder per dialect (`versions/postgresql/`, `versions/sqlite/`), chosen by env.py at
    // run time: the PostgreSQL one is the history; the others are not revisions of it.
    let mut other_dialects: BTreeMap<String, usize> = BTreeMap::new();
    let mut dialect_folder = None;
    if known.is_empty() {
        let first_folder = |f: &RevisionFile| {
            let rel = f.path.strip_prefix(location).ok()?;
            let mut parts = rel.components();
            let first = parts.next()?;
            parts.next()?;
            Some(first.as_os_str().to_string_lossy().into_owned())
        };
        let roots_in = |folder: Option<&str>| {
            candidates
                .iter()
                .filter(|(f, h)| {
                    h.as_ref().is_some_and(|(_, parents)| parents.is_empty())
                        && folder.is_none_or(|d| first_folder(f).as_deref() == Some(d))
                })
                .count()
        };
        let postgres = candidates
            .iter()
            .filter_map(|(f, _)| first_folder(f))
            .find(|d| POSTGRESQL_FOLDERS.contains(&d.to_ascii_lowercase().as_str()));
        if let Some(pg) = postgres.filter(|pg| roots_in(None) > 1 && roots_in(Some(pg)) == 1) {
            for (f, h) in &candidates {
                match first_folder(f) {
                    Some(d) if d == pg => {}
                    Some(d) if h.is_some() => *other_dialects.entry(d).or_default() += 1,
                    _ => {}
                }
            }
            dialect_folder = Some(pg);
        }
    }
    // Within the PostgreSQL folder only, when there is one (other dialects' histories may
    // reuse the same revision ids).
    let considered: Vec<bool> = candidates
        .iter()
        .map(|(f, _)| {
            dialect_folder.as_ref().is_none_or(|pg| {
                f.path
                    .strip_prefix(location)
                    .ok()
                    .and_then(|rel| rel.components().next())
                    .is_some_and(|c| c.as_os_str().to_string_lossy() == pg.as_str())
            })
        })
        .collect();
    if known.is_empty() {
        // Nothing read: a history whose every revision lies deeper (a folder per year). It
        // starts at its root only when there is exactly one.
        let roots: Vec<usize> = candidates
            .iter()
            .enumerate()
            .filter(|(i, (_, h))| {
                considered[*i] && h.as_ref().is_some_and(|(_, parents)| parents.is_empty())
            })
            .map(|(i, _)| i)
            .collect();
        if let [only] = roots[..] {
            joined[only] = true;
            if let Some((id, _)) = &candidates[only].1 {
                known.insert(id.clone());
            }
        }
    }
    loop {
        let mut grew = false;
        for (i, (_, header)) in candidates.iter().enumerate() {
            let Some((id, parents)) = header else {
                continue;
            };
            if considered[i]
                && !joined[i]
                && !parents.is_empty()
                && parents.iter().all(|p| known.contains(p))
            {
                joined[i] = true;
                known.insert(id.clone());
                grew = true;
            }
        }
        if !grew {
            break;
        }
    }
    let mut adoption = Adoption::default();
    let shown = |p: &Path| display_path(root, p);
    let mut folders: BTreeMap<String, usize> = BTreeMap::new();
    let mut left = Vec::new();
    for (((file, header), joined), considered) in candidates.iter().zip(joined).zip(considered) {
        if !considered {
            // Another dialect's history: said below, not an error.
            continue;
        }
        if joined {
            adoption.adopted.push((*file).clone());
            let folder = file.path.parent().unwrap_or(location);
            *folders.entry(shown(folder)).or_default() += 1;
        } else if header.is_some() {
            // Files without a revision id (helpers beside the revisions) are not revisions.
            left.push(file);
        }
    }
    if !folders.is_empty() && dialect_folder.is_none() {
        let list: Vec<String> = folders
            .iter()
            .map(|(folder, n)| format!("{folder} ({n})"))
            .collect();
        adoption.problems.push(ConfigProblem {
            code: codes::REVISIONS_BENEATH_VERSION_LOCATION,
            severity: Severity::Warning,
            message: format!(
                "{} revision file(s) in folders under {} that the configuration does not name are read, because their down_revision continues this history (an application that sets version_locations at run time runs them): {}; name these folders in version_locations, or set recursive_version_locations = true, so that Alembic's own commands see them too",
                adoption.adopted.len(),
                shown(location),
                list.join(", ")
            ),
            place: place.clone(),
        });
    }
    if let Some(pg) = &dialect_folder {
        let others: Vec<String> = other_dialects
            .iter()
            .map(|(d, n)| format!("{d}/ ({n})"))
            .collect();
        adoption.problems.push(ConfigProblem {
            code: codes::REVISIONS_BENEATH_VERSION_LOCATION,
            severity: Severity::Warning,
            message: format!(
                "one folder of revisions per dialect under {}: {pg}/ ({} revision file(s)) is read, as PostgreSQL's history (the folder env.py picks at run time for a PostgreSQL database); not read, the other dialects' histories: {}; name the folder in version_locations, or use --migrations, to choose another",
                shown(location),
                adoption.adopted.len(),
                others.join(", ")
            ),
            place: place.clone(),
        });
    }
    if let Some(first) = left.first() {
        adoption.problems.push(ConfigProblem {
            code: codes::REVISIONS_NOT_READ,
            severity: Severity::Error,
            message: format!(
                "{} revision file(s) in folders under {} are not read and do not continue the history read from it (first: {}): a second history (one folder per dialect?); name the folder to analyse with version_locations or --migrations",
                left.len(),
                shown(location),
                shown(&first.path),
            ),
            place,
        });
    }
    adoption
}
