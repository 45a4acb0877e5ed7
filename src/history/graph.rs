//! The revision graph: which revision follows which, in the order Alembic applies them, with
//! every integrity problem Alembic would stumble on reported as a `history` diagnostic.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;

use super::header::Header;
use crate::codes;
use crate::diagnostic::{Diagnostic, Kind, Severity, Span};
use crate::source::FileId;

/// How a revision depends on another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdgeKind {
    /// Named in `down_revision`: the versioned parent.
    Parent,
    /// Named in `depends_on`: must be applied first, but is not a parent.
    Dependency,
}

/// One revision in the graph.
#[derive(Clone, Debug)]
pub struct Revision {
    pub id: String,
    pub file: FileId,
    pub header: Header,
    /// `down_revision` ids that exist in the history.
    pub parents: Vec<String>,
    /// `depends_on` entries resolved to revision ids (branch labels resolved too).
    pub depends_on: Vec<String>,
}

impl Revision {
    pub fn message(&self) -> Option<&str> {
        self.header.message.as_deref()
    }

    pub fn branch_labels(&self) -> impl Iterator<Item = &str> {
        self.header.branch_labels.iter().map(|l| l.value.as_str())
    }

    /// A base: `down_revision = None`.
    pub fn is_base(&self) -> bool {
        self.header
            .down_revision
            .as_ref()
            .is_some_and(Vec::is_empty)
    }

    pub fn is_merge(&self) -> bool {
        self.header
            .down_revision
            .as_ref()
            .is_some_and(|d| d.len() > 1)
    }
}

/// A file's header, ready to enter the graph.
#[derive(Clone, Debug)]
pub struct RevisionInput {
    pub file: FileId,
    /// The file's path as reports print it.
    pub display: String,
    pub header: Header,
}

/// The revision graph of a history.
#[derive(Debug, Default)]
pub struct RevisionGraph {
    graph: DiGraph<Revision, EdgeKind>,
    by_id: BTreeMap<String, NodeIndex>,
    /// Every revision, in application order: `alembic upgrade heads`'s (parents before
    /// children; independent branches in the order Alembic's sort takes them, which follows
    /// the order the files were loaded in). Revisions caught in a cycle come last, by id.
    order: Vec<NodeIndex>,
}

impl RevisionGraph {
    pub fn len(&self) -> usize {
        self.graph.node_count()
    }

    pub fn is_empty(&self) -> bool {
        self.graph.node_count() == 0
    }

    pub fn get(&self, id: &str) -> Option<&Revision> {
        self.by_id.get(id).map(|&n| &self.graph[n])
    }

    /// The node of revision `id`; nodes are numbered in the order the files were loaded.
    pub(super) fn node_of(&self, id: &str) -> Option<NodeIndex> {
        self.by_id.get(id).copied()
    }

    pub(super) fn revision_at(&self, n: NodeIndex) -> &Revision {
        &self.graph[n]
    }

    /// Revisions in application order.
    pub fn in_order(&self) -> impl Iterator<Item = &Revision> {
        self.order.iter().map(|&n| &self.graph[n])
    }

    /// Revisions no other revision names in its `down_revision` (Alembic's heads), by id.
    pub fn heads(&self) -> Vec<&Revision> {
        self.sorted(|n| self.children(n).next().is_none())
    }

    /// Revisions with `down_revision = None`, by id.
    pub fn bases(&self) -> Vec<&Revision> {
        self.sorted(|n| self.graph[n].is_base())
    }

    /// Revisions that merge several parents, by id.
    pub fn merges(&self) -> Vec<&Revision> {
        self.sorted(|n| self.graph[n].is_merge())
    }

    /// Revisions that more than one revision names as parent, by id.
    pub fn branch_points(&self) -> Vec<&Revision> {
        self.sorted(|n| self.children(n).count() > 1)
    }

    /// `id` and every revision it needs applied first (`down_revision` and `depends_on`,
    /// transitively): what `alembic upgrade <id>` applies on an empty database.
    pub fn ancestors(&self, id: &str) -> std::collections::BTreeSet<String> {
        self.walk_up(id, true)
    }

    /// `id` and its `down_revision` ancestors only: the branch it is on, as Alembic's
    /// `label@head` reads it.
    pub fn branch_of(&self, id: &str) -> std::collections::BTreeSet<String> {
        self.walk_up(id, false)
    }

    fn walk_up(&self, id: &str, dependencies: bool) -> std::collections::BTreeSet<String> {
        let mut seen = std::collections::BTreeSet::new();
        let mut stack = vec![id.to_string()];
        while let Some(next) = stack.pop() {
            let Some(rev) = self.get(&next) else { continue };
            if seen.insert(next.clone()) {
                stack.extend(rev.parents.iter().cloned());
                if dependencies {
                    stack.extend(rev.depends_on.iter().cloned());
                }
            }
        }
        seen
    }

    /// Ids of the revisions naming `id` in their `down_revision`, sorted.
    pub fn children_of(&self, id: &str) -> Vec<&str> {
        let Some(&n) = self.by_id.get(id) else {
            return Vec::new();
        };
        let mut ids: Vec<&str> = self
            .children(n)
            .map(|c| self.graph[c].id.as_str())
            .collect();
        ids.sort_unstable();
        ids
    }

    fn children(&self, n: NodeIndex) -> impl Iterator<Item = NodeIndex> + '_ {
        self.graph
            .edges_directed(n, Direction::Outgoing)
            .filter(|e| *e.weight() == EdgeKind::Parent)
            .map(|e| e.target())
    }

    fn sorted(&self, keep: impl Fn(NodeIndex) -> bool) -> Vec<&Revision> {
        self.by_id
            .values()
            .filter(|&&n| keep(n))
            .map(|&n| &self.graph[n])
            .collect()
    }

    /// Ancestors of a revision through `down_revision` only (the revision included).
    fn lineage(&self, n: NodeIndex) -> BTreeSet<NodeIndex> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![n];
        while let Some(n) = stack.pop() {
            if seen.insert(n) {
                stack.extend(
                    self.graph
                        .edges_directed(n, Direction::Incoming)
                        .filter(|e| *e.weight() == EdgeKind::Parent)
                        .map(|e| e.source()),
                );
            }
        }
        seen
    }
}

/// Builds the graph from the headers of every revision file and reports what is wrong with it.
pub fn build(inputs: Vec<RevisionInput>) -> (RevisionGraph, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut g = RevisionGraph::default();

    // Alembic loads files in order and a later file with the same id replaces an earlier
    // one: the last declaration wins, the others are reported and left out.
    let mut inputs = inputs;
    inputs.sort_by_key(|input| input.file);
    let mut winner: BTreeMap<String, usize> = BTreeMap::new();
    for (i, input) in inputs.iter().enumerate() {
        if let Some(rev) = &input.header.revision {
            winner.insert(rev.value.clone(), i);
        }
    }
    for (i, input) in inputs.iter().enumerate() {
        let Some(rev) = &input.header.revision else {
            continue;
        };
        let kept = &inputs[winner[&rev.value]];
        if winner[&rev.value] != i {
            let kept_range = kept
                .header
                .revision
                .as_ref()
                .map_or(0..0, |r| r.range.clone());
            diagnostics.push(
                Diagnostic::error(
                    Kind::History,
                    codes::DUPLICATE_REVISION,
                    format!(
                        "revision id `{}` is declared again in {}, which replaces this file",
                        rev.value, kept.display
                    ),
                )
                .at(Span::new(input.file, rev.range.clone()))
                .with_primary_label("this revision is never applied")
                .with_label(
                    Span::new(kept.file, kept_range),
                    "Alembic keeps this one, loaded later",
                )
                .with_note("Alembic only warns \"Revision ... is present more than once\"")
                .with_help("give one of the two revisions a new id and chain it with down_revision")
                .for_revision(rev.value.clone()),
            );
        }
    }
    for (i, input) in inputs.into_iter().enumerate() {
        let Some(rev) = input.header.revision.clone() else {
            continue;
        };
        if winner[&rev.value] != i {
            continue;
        }
        let span = Span::new(input.file, rev.range.clone());
        if let Some(bad) = rev
            .value
            .chars()
            .find(|c| matches!(c, '@' | '-' | '+' | ':'))
        {
            diagnostics.push(
                Diagnostic::error(
                    Kind::History,
                    codes::INVALID_REVISION_ID,
                    format!(
                        "revision id `{}` contains `{bad}`, which Alembic does not allow",
                        rev.value
                    ),
                )
                .at(span)
                .with_note("`@`, `-`, `+` and `:` have meaning in Alembic's revision addressing")
                .for_revision(rev.value.clone()),
            );
        }
        let node = g.graph.add_node(Revision {
            id: rev.value.clone(),
            file: input.file,
            header: input.header,
            parents: Vec::new(),
            depends_on: Vec::new(),
        });
        g.by_id.insert(rev.value, node);
    }

    let labels = branch_label_table(&g, &mut diagnostics);
    link(&mut g, &labels, &mut diagnostics);
    order(&mut g, &mut diagnostics);
    check_heads(&g, &mut diagnostics);
    (g, diagnostics)
}

/// Branch label → the revision declaring it; reports labels declared twice.
fn branch_label_table(
    g: &RevisionGraph,
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<String, NodeIndex> {
    let mut labels: BTreeMap<String, NodeIndex> = BTreeMap::new();
    for &n in g.by_id.values() {
        let rev = &g.graph[n];
        for label in &rev.header.branch_labels {
            let span = Span::new(rev.file, label.range.clone());
            if label.value == "None" {
                diagnostics.push(
                    Diagnostic::warning(
                        Kind::History,
                        codes::STRING_NONE_BRANCH_LABEL,
                        "branch label is the string \"None\", not the value None",
                    )
                    .at(span.clone())
                    .with_note("Alembic creates a branch labelled `None` and applies it to the whole branch")
                    .with_help("write `branch_labels = None` without quotes")
                    .for_revision(rev.id.clone()),
                );
            }
            if let Some(&other) = labels.get(&label.value) {
                let first = &g.graph[other];
                diagnostics.push(
                    Diagnostic::error(
                        Kind::History,
                        codes::DUPLICATE_BRANCH_LABEL,
                        format!(
                            "branch label `{}` is already used by revision {}",
                            label.value, first.id
                        ),
                    )
                    .at(span)
                    .with_label(
                        Span::new(
                            first.file,
                            first
                                .header
                                .revision
                                .as_ref()
                                .map_or(0..0, |r| r.range.clone()),
                        ),
                        "first used by this revision",
                    )
                    .with_note("Alembic refuses to load a history with a branch label used twice")
                    .for_revision(rev.id.clone()),
                );
            } else if g.by_id.contains_key(&label.value) {
                diagnostics.push(
                    Diagnostic::error(
                        Kind::History,
                        codes::BRANCH_LABEL_SHADOWS_REVISION,
                        format!("branch label `{}` is also a revision id", label.value),
                    )
                    .at(span)
                    .for_revision(rev.id.clone()),
                );
            } else {
                labels.insert(label.value.clone(), n);
            }
        }
    }
    labels
}

/// Adds the `down_revision` and `depends_on` edges, reporting names that lead nowhere.
fn link(
    g: &mut RevisionGraph,
    labels: &BTreeMap<String, NodeIndex>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let nodes: Vec<NodeIndex> = g.by_id.values().copied().collect();
    for n in nodes {
        let rev = &g.graph[n];
        let Some(down) = &rev.header.down_revision else {
            let mut d = Diagnostic::error(
                Kind::History,
                codes::MISSING_DOWN_REVISION,
                format!("revision {} has no `down_revision` variable", rev.id),
            )
            .with_note("Alembic fails with AttributeError when it loads this file")
            .with_help("add `down_revision = None` for a base, or the id of the previous revision")
            .for_revision(rev.id.clone());
            if let Some(r) = &rev.header.revision {
                d = d.at(Span::new(rev.file, r.range.clone()));
            }
            diagnostics.push(d);
            continue;
        };
        let mut parents: Vec<NodeIndex> = Vec::new();
        for parent in down {
            match g.by_id.get(&parent.value) {
                Some(&p) if !parents.contains(&p) => parents.push(p),
                Some(_) => {}
                None => diagnostics.push(missing_reference(
                    rev,
                    parent,
                    "down_revision",
                    codes::MISSING_PARENT,
                )),
            }
        }
        let mut depends_on: Vec<NodeIndex> = Vec::new();
        for dep in &rev.header.depends_on {
            match g.by_id.get(&dep.value).or_else(|| labels.get(&dep.value)) {
                Some(&t) if !depends_on.contains(&t) => depends_on.push(t),
                Some(_) => {}
                None => diagnostics.push(missing_reference(
                    rev,
                    dep,
                    "depends_on",
                    codes::MISSING_DEPENDENCY,
                )),
            }
        }
        for &p in &parents {
            g.graph.add_edge(p, n, EdgeKind::Parent);
        }
        for &t in &depends_on {
            g.graph.add_edge(t, n, EdgeKind::Dependency);
        }
        let ids = |nodes: Vec<NodeIndex>| nodes.iter().map(|&m| g.graph[m].id.clone()).collect();
        let (parents, depends_on) = (ids(parents), ids(depends_on));
        g.graph[n].parents = parents;
        g.graph[n].depends_on = depends_on;
    }
}

fn missing_reference(
    rev: &Revision,
    name: &crate::python::constant::Located<String>,
    variable: &str,
    code: &'static str,
) -> Diagnostic {
    let what = if code == codes::MISSING_DEPENDENCY {
        "revision or branch label"
    } else {
        "revision"
    };
    let mut d = Diagnostic::error(
        Kind::History,
        code,
        format!(
            "`{variable}` of revision {} names {what} `{}`, which is not in the history",
            rev.id, name.value
        ),
    )
    .at(Span::new(rev.file, name.range.clone()))
    .with_primary_label(format!("no {what} `{}`", name.value))
    .for_revision(rev.id.clone());
    d = if name.value == "None" {
        d.with_help(format!("write `{variable} = None` without quotes"))
    } else {
        d.with_note("Alembic warns \"Revision ... is not present\" and then cannot upgrade")
            .with_help(
                "restore the missing revision file, or point this revision at an existing one",
            )
    };
    d
}

/// The application order: Alembic's own (`history/order.rs`) for a history without a cycle;
/// Kahn's algorithm, with the smallest id first among ready revisions, finds the cycles (what
/// remains afterwards lies on or behind one), and those revisions come last, by id.
fn order(g: &mut RevisionGraph, diagnostics: &mut Vec<Diagnostic>) {
    let mut indegree: Vec<usize> = g
        .graph
        .node_indices()
        .map(|n| g.graph.edges_directed(n, Direction::Incoming).count())
        .collect();
    let mut ready: BinaryHeap<Reverse<(&str, NodeIndex)>> = g
        .graph
        .node_indices()
        .filter(|n| indegree[n.index()] == 0)
        .map(|n| Reverse((g.graph[n].id.as_str(), n)))
        .collect();
    let mut order = Vec::with_capacity(g.graph.node_count());
    while let Some(Reverse((_, n))) = ready.pop() {
        order.push(n);
        for e in g.graph.edges_directed(n, Direction::Outgoing) {
            let t = e.target();
            indegree[t.index()] -= 1;
            if indegree[t.index()] == 0 {
                ready.push(Reverse((g.graph[t].id.as_str(), t)));
            }
        }
    }
    if order.len() == g.graph.node_count() {
        // No cycle: the order Alembic itself applies them in (history/order.rs), which Kahn's
        // order only stands in for if that sort cannot place them all.
        if let Some(alembic) = super::order::alembic_order(g) {
            order = alembic;
        }
    } else {
        let placed: BTreeSet<NodeIndex> = order.iter().copied().collect();
        let mut rest: Vec<NodeIndex> = g
            .graph
            .node_indices()
            .filter(|n| !placed.contains(n))
            .collect();
        rest.sort_by(|a, b| g.graph[*a].id.cmp(&g.graph[*b].id));
        for scc in petgraph::algo::tarjan_scc(&g.graph) {
            let is_cycle = scc.len() > 1 || g.graph.contains_edge(scc[0], scc[0]);
            if is_cycle {
                diagnostics.push(cycle_diagnostic(g, &scc));
            }
        }
        order.extend(rest);
    }
    g.order = order;
}

fn cycle_diagnostic(g: &RevisionGraph, scc: &[NodeIndex]) -> Diagnostic {
    let mut members: Vec<&Revision> = scc.iter().map(|&n| &g.graph[n]).collect();
    members.sort_by(|a, b| a.id.cmp(&b.id));
    let ids: Vec<&str> = members.iter().map(|r| r.id.as_str()).collect();
    let first = members[0];
    let span_of =
        |r: &Revision| Span::new(r.file, r.header.down_revision_range.clone().unwrap_or(0..0));
    let mut d = Diagnostic::error(
        Kind::History,
        codes::REVISION_CYCLE,
        if ids.len() == 1 {
            format!("revision {} depends on itself", ids[0])
        } else {
            format!(
                "revisions {} depend on each other in a cycle",
                ids.join(", ")
            )
        },
    )
    .at(span_of(first))
    .with_note("Alembic cannot order these revisions and refuses to run")
    .with_help("break the cycle by pointing one down_revision at a revision outside it")
    .for_revision(first.id.clone());
    for r in &members[1..] {
        d = d.with_label(
            span_of(r),
            format!("revision {} is part of the cycle", r.id),
        );
    }
    d
}

/// Several heads: Alembic's `upgrade head` refuses to run. Branches told apart by branch
/// labels (all but at most one head carry a label of their own) are a deliberate
/// multi-branch layout run with `upgrade heads`, reported as info. Heads cut off from every
/// base by a missing parent are left out: that problem is already reported.
fn check_heads(g: &RevisionGraph, diagnostics: &mut Vec<Diagnostic>) {
    let heads: Vec<NodeIndex> = g
        .by_id
        .values()
        .copied()
        .filter(|&n| g.children(n).next().is_none())
        .filter(|&n| g.lineage(n).iter().any(|&a| g.graph[a].is_base()))
        .collect();
    if heads.len() < 2 {
        return;
    }
    let label_sets: Vec<BTreeSet<&str>> = heads
        .iter()
        .map(|&h| {
            g.lineage(h)
                .into_iter()
                .flat_map(|n| g.graph[n].branch_labels())
                .collect()
        })
        .collect();
    let unlabelled = label_sets
        .iter()
        .enumerate()
        .filter(|(i, own)| {
            !own.iter().any(|label| {
                label_sets
                    .iter()
                    .enumerate()
                    .all(|(j, other)| *i == j || !other.contains(label))
            })
        })
        .count();
    let deliberate = unlabelled <= 1;
    let ids: Vec<&str> = heads.iter().map(|&h| g.graph[h].id.as_str()).collect();
    let span_of = |n: NodeIndex| {
        let r = &g.graph[n];
        Span::new(
            r.file,
            r.header.revision.as_ref().map_or(0..0, |l| l.range.clone()),
        )
    };
    let (severity, code, message, help) = if deliberate {
        (
            Severity::Info,
            codes::LABELLED_BRANCHES,
            format!(
                "the history has {} labelled branches, each with its own head: {}",
                ids.len(),
                ids.join(", ")
            ),
            "upgrade with `alembic upgrade heads` (or `label@head` per branch)",
        )
    } else {
        (
            Severity::Error,
            codes::MULTIPLE_HEADS,
            format!("the history has {} heads: {}", ids.len(), ids.join(", ")),
            "join them with `alembic merge heads`, or label each branch if they are meant to stay apart",
        )
    };
    let mut d = Diagnostic::new(Kind::History, code, severity, message)
        .at(span_of(heads[0]))
        .with_primary_label(format!("head {}", ids[0]))
        .with_help(help);
    if !deliberate {
        d = d.with_note("`alembic upgrade head` refuses to run with more than one head");
    }
    for &h in &heads[1..] {
        d = d.with_label(span_of(h), format!("head {}", g.graph[h].id));
    }
    diagnostics.push(d);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::read_header;
    use crate::python::parse_module;

    /// A graph from `(revision, down_revision, extra header lines)` per file.
    fn graph(files: &[(&str, &str, &str)]) -> (RevisionGraph, Vec<Diagnostic>) {
        let inputs = files
            .iter()
            .enumerate()
            .map(|(i, (rev, down, extra))| {
                let src = format!("revision = '{rev}'\ndown_revision = {down}\n{extra}\n");
                let module = parse_module(&src, "t.py").unwrap();
                let file = FileId(i as u32);
                RevisionInput {
                    file,
                    display: format!("{i}.py"),
                    header: read_header(&module, file, "t.py").0,
                }
            })
            .collect();
        build(inputs)
    }

    fn codes(d: &[Diagnostic]) -> Vec<&str> {
        d.iter().map(|d| d.code).collect()
    }

    fn order(g: &RevisionGraph) -> Vec<&str> {
        g.in_order().map(|r| r.id.as_str()).collect()
    }

    /// Independent branches come in the order Alembic's sort takes them, not by id: it walks
    /// down a merge's parents in the order `down_revision` names them and applies the last
    /// walked first.
    #[test]
    fn independent_branches_in_alembics_order() {
        let (g, d) = graph(&[
            ("m", "('a', 'b')", ""),
            ("b", "'root'", ""),
            ("a", "'root'", ""),
            ("root", "None", ""),
        ]);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(order(&g), ["root", "b", "a", "m"]);
    }

    #[test]
    fn orders_parents_first() {
        let (g, d) = graph(&[
            ("m", "('b', 'a')", ""),
            ("b", "'root'", ""),
            ("a", "'root'", ""),
            ("root", "None", ""),
        ]);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(order(&g), ["root", "a", "b", "m"]);
        assert_eq!(g.merges().len(), 1);
        assert_eq!(g.branch_points()[0].id, "root");
        assert_eq!(g.children_of("root"), ["a", "b"]);
    }

    #[test]
    fn depends_on_orders_but_does_not_end_a_head() {
        let (g, d) = graph(&[
            ("z", "None", "depends_on = 'lib'"),
            ("lib", "None", "branch_labels = ('libs',)"),
            ("y", "'z'", "depends_on = ['libs']"),
        ]);
        assert_eq!(codes(&d), ["labelled-branches"]);
        assert_eq!(order(&g), ["lib", "z", "y"]);
        assert_eq!(g.get("y").unwrap().depends_on, ["lib"]);
        let heads: Vec<&str> = g.heads().iter().map(|r| r.id.as_str()).collect();
        assert_eq!(heads, ["lib", "y"]);
    }

    #[test]
    fn unlabelled_heads_are_an_error_but_orphans_are_not_counted() {
        let (_, d) = graph(&[("a", "None", ""), ("b", "'a'", ""), ("c", "'a'", "")]);
        assert_eq!(codes(&d), ["multiple-heads"]);
        assert_eq!(d[0].severity, Severity::Error);
        let (_, d) = graph(&[("a", "None", ""), ("b", "'a'", ""), ("c", "'gone'", "")]);
        assert_eq!(codes(&d), ["missing-parent"]);
    }

    #[test]
    fn the_last_duplicate_wins_as_in_alembic() {
        let (g, d) = graph(&[("a", "None", ""), ("b", "'a'", ""), ("b", "None", "")]);
        assert_eq!(codes(&d), ["duplicate-revision", "multiple-heads"]);
        assert_eq!(d[0].primary.as_ref().unwrap().file, FileId(1));
        assert!(g.get("b").unwrap().is_base());
    }

    #[test]
    fn cycles_are_reported_once_and_still_listed() {
        let (g, d) = graph(&[
            ("a", "None", ""),
            ("x", "'y'", ""),
            ("y", "'x'", ""),
            ("s", "'s'", ""),
        ]);
        assert_eq!(codes(&d), ["revision-cycle", "revision-cycle"]);
        assert_eq!(order(&g), ["a", "s", "x", "y"]);
    }

    #[test]
    fn label_and_reference_problems() {
        let (_, d) = graph(&[
            ("a", "None", "branch_labels = 'x'"),
            ("b", "'a'", "branch_labels = ['x', 'a']"),
            ("c", "'b'", "branch_labels = 'None'\ndepends_on = 'nowhere'"),
        ]);
        let mut got = codes(&d);
        got.sort_unstable();
        assert_eq!(
            got,
            [
                "branch-label-shadows-revision",
                "duplicate-branch-label",
                "missing-dependency",
                "string-none-branch-label",
            ]
        );
    }

    #[test]
    fn missing_down_revision_and_bad_ids() {
        let module = parse_module("revision = 'a-b'\n", "t.py").unwrap();
        let input = RevisionInput {
            file: FileId(0),
            display: "0.py".into(),
            header: read_header(&module, FileId(0), "t.py").0,
        };
        let (_, d) = build(vec![input]);
        assert_eq!(codes(&d), ["invalid-revision-id", "missing-down-revision"]);
    }
}
