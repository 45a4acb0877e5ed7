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

/// The folder named for PostgreSQL among the sub-folders the files lie in (`folders`, per
/// candidate), when the files start several histories and exactly one of them starts there.
fn dialect_folder(
    candidates: &[(&RevisionFile, Option<Ids>)],
    folders: &[Option<String>],
) -> Option<String> {
    let roots_in = |folder: Option<&str>| {
        candidates
            .iter()
            .zip(folders)
            .filter(|((_, h), f)| {
                h.as_ref().is_some_and(|(_, parents)| parents.is_empty())
                    && folder.is_none_or(|d| f.as_deref() == Some(d))
            })
            .count()
    };
    let postgres = folders
        .iter()
        .flatten()
        .find(|d| POSTGRESQL_FOLDERS.contains(&d.to_ascii_lowercase().as_str()))?;
    (roots_in(None) > 1 && roots_in(Some(postgres)) == 1).then(|| postgres.clone())
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
    // The sub-folder of the location each file lies in (`None` for a file directly in it).
    let subfolders: Vec<Option<String>> = candidates
        .iter()
        .map(|(f, _)| {
            let mut parts = f.path.strip_prefix(location).ok()?.components();
            let first = parts.next()?;
            parts.next()?;
            Some(first.as_os_str().to_string_lossy().into_owned())
        })
        .collect();
    // One folder per dialect (`versions/postgresql/`, `versions/sqlite/`), chosen by env.py at
    // run time: the PostgreSQL one is the history; the others are not revisions of it.
    let dialect_folder = if known.is_empty() {
        dialect_folder(&candidates, &subfolders)
    } else {
        None
    };
    // Within the PostgreSQL folder only, when there is one (other dialects' histories may
    // reuse the same revision ids).
    let considered: Vec<bool> = subfolders
        .iter()
        .map(|folder| dialect_folder.is_none() || *folder == dialect_folder)
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
        let mut other_dialects: BTreeMap<&str, usize> = BTreeMap::new();
        for ((_, header), folder) in candidates.iter().zip(&subfolders) {
            if let (Some(_), Some(d)) = (header, folder.as_deref().filter(|d| d != pg)) {
                *other_dialects.entry(d).or_default() += 1;
            }
        }
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
