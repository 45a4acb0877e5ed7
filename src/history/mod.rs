//! Revision headers and the revision graph.

pub mod beneath;
pub mod graph;
pub mod header;
mod order;

pub use graph::{EdgeKind, Revision, RevisionGraph, RevisionInput};
pub use header::{read_header, recover_header, Header};

use rayon::prelude::*;

use crate::codes;
use crate::diagnostic::{Diagnostic, Kind, Span};
use crate::load::LoadedFile;
use crate::source::SourceMap;

/// Reads the header of every file (in parallel) and builds the graph. Files without a
/// revision id are reported here; files that did not parse were reported when they were
/// loaded, and keep their place in the graph when their header can still be read.
pub fn build(sources: &SourceMap, files: &[LoadedFile]) -> (RevisionGraph, Vec<Diagnostic>) {
    build_in(sources, files, &|_| None)
}

/// Like [`build`], with `imports` (dotted name -> the checkout's module) for header constants
/// imported from other modules.
pub fn build_in(
    sources: &SourceMap,
    files: &[LoadedFile],
    imports: &(dyn Fn(&str) -> Option<crate::python::Module> + Sync),
) -> (RevisionGraph, Vec<Diagnostic>) {
    let per_file: Vec<(Option<RevisionInput>, Vec<Diagnostic>)> = files
        .par_iter()
        .map(|file| header_of(sources, file, imports))
        .collect();
    let mut inputs = Vec::with_capacity(per_file.len());
    let mut diagnostics = Vec::new();
    for (input, mut problems) in per_file {
        inputs.extend(input);
        diagnostics.append(&mut problems);
    }
    let (graph, mut problems) = graph::build(inputs);
    diagnostics.append(&mut problems);
    (graph, diagnostics)
}

fn header_of(
    sources: &SourceMap,
    file: &LoadedFile,
    imports: &(dyn Fn(&str) -> Option<crate::python::Module> + Sync),
) -> (Option<RevisionInput>, Vec<Diagnostic>) {
    let source = sources.get(file.id);
    let name = source
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let input = |header: Header| RevisionInput {
        file: file.id,
        display: source.display.clone(),
        header,
    };
    let Some(module) = &file.module else {
        let header = recover_header(&source.text, file.id, &name);
        return (header.revision.is_some().then(|| input(header)), Vec::new());
    };
    let (header, mut problems) = header::read_header_in(module, file.id, &name, imports);
    if header.revision.is_some() {
        return (Some(input(header)), problems);
    }
    if problems.is_empty() {
        problems.push(
            Diagnostic::error(
                Kind::History,
                codes::MISSING_REVISION_ID,
                format!("{} declares no `revision` variable", source.display),
            )
            .at(Span::new(
                file.id,
                header.down_revision_range.clone().unwrap_or(0..0),
            ))
            .with_note(
                "Alembic loads every .py file in a version location and fails on one without a \
                 revision id",
            )
            .with_help(
                "add `revision = \"<id>\"`, or move helper modules out of the versions directory",
            ),
        );
    }
    (None, problems)
}
