//! The order `alembic upgrade heads` applies the revisions of a history in, on an empty
//! database: Alembic's own topological sort (`RevisionMap._topological_sort`), followed step for
//! step. Where branches do not depend on each other any order would be valid, and Alembic's
//! depends on the order it loaded the revision files in (the version locations in order, the
//! files of each folder by name); a history whose branches touch the same tables (one renames a
//! table the other alters) runs on PostgreSQL only in that order, so the replay follows it.
//!
//! Alembic walks down from the heads no revision depends on (in load order), emitting a
//! revision once no other head still has it as an ancestor, and the upgrade is the reverse of
//! what it emitted. A revision's
//! "down revisions" here are its `down_revision` entries, then its `depends_on` entries that no
//! ancestor along `down_revision` already depends on (Alembic's normalized dependencies).

use petgraph::graph::NodeIndex;

use super::graph::RevisionGraph;

/// A set of node indexes, one bit per revision.
#[derive(Clone)]
struct NodeSet(Vec<bool>);

impl NodeSet {
    fn with_capacity(count: usize) -> Self {
        NodeSet(vec![false; count])
    }

    fn full(count: usize) -> Self {
        NodeSet(vec![true; count])
    }

    /// Adds `n`; whether it was there already.
    fn put(&mut self, n: usize) -> bool {
        std::mem::replace(&mut self.0[n], true)
    }

    fn insert(&mut self, n: usize) {
        self.0[n] = true;
    }

    fn set(&mut self, n: usize, value: bool) {
        self.0[n] = value;
    }

    fn contains(&self, n: usize) -> bool {
        self.0.get(n).copied().unwrap_or(false)
    }
}

/// What the sort needs of each revision, by node index (which is the load order).
struct Links {
    /// `down_revision` entries present in the history, in the order the file names them.
    versioned: Vec<Vec<usize>>,
    /// `depends_on` entries no `down_revision` ancestor already depends on.
    dependencies: Vec<Vec<usize>>,
    /// Every `depends_on` entry present in the history.
    resolved: Vec<Vec<usize>>,
}

impl Links {
    fn of(g: &RevisionGraph) -> Links {
        let ids = |list: &[String]| -> Vec<usize> {
            let mut out: Vec<usize> = Vec::new();
            for id in list {
                if let Some(n) = g.node_of(id) {
                    if !out.contains(&n.index()) {
                        out.push(n.index());
                    }
                }
            }
            out
        };
        let count = g.len();
        let versioned: Vec<Vec<usize>> = (0..count)
            .map(|i| ids(&g.revision_at(NodeIndex::new(i)).parents))
            .collect();
        let resolved: Vec<Vec<usize>> = (0..count)
            .map(|i| ids(&g.revision_at(NodeIndex::new(i)).depends_on))
            .collect();
        let dependencies = (0..count)
            .map(|i| {
                if resolved[i].is_empty() {
                    return Vec::new();
                }
                let mut kept = resolved[i].clone();
                let mut ancestors = NodeSet::with_capacity(count);
                let mut stack = versioned[i].clone();
                while let Some(a) = stack.pop() {
                    if ancestors.put(a) {
                        continue;
                    }
                    kept.retain(|d| !resolved[a].contains(d));
                    stack.extend(versioned[a].iter().copied());
                }
                // Alembic keeps them in a set; in load order here, the same on every run.
                kept.sort_unstable();
                kept
            })
            .collect();
        Links {
            versioned,
            dependencies,
            resolved,
        }
    }

    /// `down_revision` entries, then the normalized dependencies, each once.
    fn down(&self, n: usize) -> Vec<usize> {
        let mut out = self.versioned[n].clone();
        for d in &self.dependencies[n] {
            if !out.contains(d) {
                out.push(*d);
            }
        }
        out
    }

    /// `n` and every revision below it.
    fn ancestors(&self, n: usize) -> NodeSet {
        let mut seen = NodeSet::with_capacity(self.versioned.len());
        let mut stack = vec![n];
        while let Some(a) = stack.pop() {
            if !seen.put(a) {
                stack.extend(self.down(a));
            }
        }
        seen
    }
}

/// The upgrade order of every revision of `g`, or `None` when the sort does not place them all
/// (a history with a cycle, which Alembic refuses to run).
pub(super) fn alembic_order(g: &RevisionGraph) -> Option<Vec<NodeIndex>> {
    let count = g.len();
    let links = Links::of(g);
    // The walk starts from Alembic's "real" heads (what `upgrade heads` targets): revisions
    // nothing names as a `down_revision` or in `depends_on`. A branch's head another branch
    // depends on is reached through that dependency, so it is emitted where the walk meets it.
    let mut has_child = NodeSet::with_capacity(count);
    for parents in links.versioned.iter().chain(&links.resolved) {
        for &p in parents {
            has_child.insert(p);
        }
    }
    let mut todo = NodeSet::full(count);
    let mut heads: Vec<usize> = (0..count).filter(|&n| !has_child.contains(n)).collect();
    let mut ancestors: Vec<NodeSet> = heads.iter().map(|&h| links.ancestors(h)).collect();
    let mut emitted = Vec::with_capacity(count);
    let mut at = 0;
    // Every step emits a revision or moves to another head; a bound keeps a malformed graph
    // from looping.
    let mut steps = 0usize;
    let bound = count.saturating_mul(count.max(4)).saturating_add(16);
    while !heads.is_empty() {
        steps += 1;
        if steps > bound {
            return None;
        }
        let candidate = heads[at];
        if let Some(other) = (0..heads.len()).find(|&j| j != at && ancestors[j].contains(candidate))
        {
            // Another head still needs it below: that branch is walked first.
            at = other;
            continue;
        }
        if todo.contains(candidate) {
            emitted.push(candidate);
            todo.set(candidate, false);
        }
        let below: Vec<usize> = links
            .down(candidate)
            .into_iter()
            .filter(|&d| todo.contains(d) && !heads.contains(&d))
            .collect();
        match below.split_first() {
            None => {
                heads.remove(at);
                ancestors.remove(at);
                at = at.saturating_sub(1);
            }
            Some((&first, rest)) => {
                heads[at] = first;
                if links.dependencies[candidate].is_empty() && links.versioned[candidate].len() == 1
                {
                    ancestors[at].set(candidate, false);
                } else {
                    ancestors[at] = links.ancestors(first);
                    heads.extend(rest.iter().copied());
                    ancestors.extend(rest.iter().map(|&r| links.ancestors(r)));
                }
            }
        }
    }
    if emitted.len() != count {
        return None;
    }
    Some(emitted.into_iter().rev().map(NodeIndex::new).collect())
}
