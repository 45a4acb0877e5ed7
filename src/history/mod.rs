//! Revision headers and the revision graph.

pub mod graph;
pub mod header;

pub use graph::{EdgeKind, Revision, RevisionGraph, RevisionInput};
pub use header::{read_header, recover_header, Header};

use crate::diagnostic::{Diagnostic, Kind, Span};
use crate::load::LoadedFile;
use crate::source::SourceMap;

/// Reads the header of every parsed file and builds the graph. Files without a revision id
/// are reported here; files that did not parse were reported when they were loaded.
pub fn build(sources: &SourceMap, files: &[LoadedFile]) -> (RevisionGraph, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut inputs = Vec::new();
    for file in files {
        let source = sources.get(file.id);
        let name = source
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Some(module) = &file.module else {
            // Already reported as a parse problem; keep its revision in the graph if the
            // header can be read, so its children do not look orphaned.
            let header = recover_header(&source.text, file.id, &name);
            if header.revision.is_some() {
                inputs.push(RevisionInput {
                    file: file.id,
                    display: source.display.clone(),
                    header,
                });
            }
            continue;
        };
        let (header, mut problems) = read_header(module, file.id, &name);
        let had_problems = !problems.is_empty();
        diagnostics.append(&mut problems);
        if header.revision.is_none() {
            if !had_problems {
                diagnostics.push(
                    Diagnostic::error(
                        Kind::History,
                        "missing-revision-id",
                        format!("{} declares no `revision` variable", source.display),
                    )
                    .at(Span::new(
                        file.id,
                        header.down_revision_range.clone().unwrap_or(0..0),
                    ))
                    .with_note(
                        "Alembic loads every .py file in a version location and fails on one \
                         without a revision id",
                    )
                    .with_help(
                        "add `revision = \"<id>\"`, or move helper modules out of the versions \
                         directory",
                    ),
                );
            }
            continue;
        }
        inputs.push(RevisionInput {
            file: file.id,
            display: source.display.clone(),
            header,
        });
    }
    let (graph, mut problems) = graph::build(inputs);
    diagnostics.append(&mut problems);
    (graph, diagnostics)
}
