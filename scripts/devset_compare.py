"""Compare `driftlock history --format json` with the revision graph real Alembic loads.

usage: devset_compare.py NAME [--summary FILE] OURS.json ALEMBIC.json [OURS.json ALEMBIC.json]...

OURS is driftlock's history/1 document; ALEMBIC is what scripts/devset/alembic_graph.py (or
tests/oracle/alembic_history.py) printed for the same Alembic setup. A project with several
setups (several ini sections, a second script directory) gives one pair per setup; the figures
are added up. An OURS file that is empty or not JSON (driftlock failed) counts as no revision.
Prints one line of figures and every difference; --summary writes the figures as JSON.
Exits 1 on a difference.
"""
import json
import sys


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def compare(ours, alembic):
    """The differences between driftlock's graph and Alembic's, as readable lines."""
    problems = []
    if ours is None:
        return ["driftlock printed no history"]
    if sorted(ours["heads"]) != alembic["heads"]:
        problems.append(f"heads {sorted(ours['heads'])} != {alembic['heads']}")
    if sorted(ours["bases"]) != alembic["bases"]:
        problems.append(f"bases {sorted(ours['bases'])} != {alembic['bases']}")
    theirs = alembic["revisions"]
    if len(ours["revisions"]) != len(theirs):
        problems.append(f"{len(ours['revisions'])} revisions != {len(theirs)}")
    seen = set()
    for rev in ours["revisions"]:
        seen.add(rev["id"])
        t = theirs.get(rev["id"])
        if t is None:
            problems.append(f"{rev['id']}: unknown to Alembic")
            continue
        for ours_key, their_key in [
            ("parents", "down_revision"),
            ("depends_on", "depends_on"),
            ("branch_labels", "branch_labels"),
        ]:
            if sorted(rev[ours_key]) != t[their_key]:
                problems.append(f"{rev['id']}: {ours_key} {rev[ours_key]} != {t[their_key]}")
        if rev["message"] != t["doc"]:
            problems.append(f"{rev['id']}: message {rev['message']!r} != {t['doc']!r}")
    # The order `alembic upgrade heads` applies them in (independent branches included).
    order = alembic.get("upgrade_order")
    if order is not None and len(order) == len(ours["revisions"]):
        mine = [rev["id"] for rev in ours["revisions"]]
        first = next((i for i, (a, b) in enumerate(zip(mine, order)) if a != b), None)
        if first is not None:
            problems.append(f"upgrade order differs at position {first}: {mine[first]} != {order[first]}")
    missing = sorted(set(theirs) - seen)
    if missing:
        shown = ", ".join(missing[:8]) + (", ..." if len(missing) > 8 else "")
        problems.append(f"{len(missing)} revisions only in Alembic: {shown}")
    return problems


def main():
    name, rest = sys.argv[1], sys.argv[2:]
    summary_path = None
    if rest and rest[0] == "--summary":
        summary_path, rest = rest[1], rest[2:]
    ours_n = theirs_n = 0
    heads_match = True
    problems = []
    rules = set()
    for i in range(0, len(rest), 2):
        ours, alembic = load(rest[i]), load(rest[i + 1])
        if alembic is None:
            problems.append(f"{rest[i + 1]}: Alembic's graph could not be loaded")
            heads_match = False
            continue
        theirs_n += len(alembic["revisions"])
        if ours is not None:
            ours_n += len(ours["revisions"])
            rules |= {d["rule"] for d in ours["diagnostics"]}
        heads_match &= ours is not None and sorted(ours["heads"]) == alembic["heads"]
        problems += compare(ours, alembic)
    print(
        f"{name}: driftlock {ours_n} revisions, Alembic {theirs_n}; heads "
        f"{'match' if heads_match else 'differ'}; differences: {len(problems)}; "
        f"driftlock history diagnostics: {sorted(rules)}"
    )
    for p in problems:
        print("  " + p)
    if summary_path:
        with open(summary_path, "w") as f:
            json.dump(
                {"ours": ours_n, "alembic": theirs_n, "heads_match": heads_match,
                 "differences": len(problems)},
                f,
                indent=2,
            )
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
