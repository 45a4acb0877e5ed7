"""Print the development set's table from what scripts/devset.sh left in OUT/NAME/.

usage: table.py OUT NAME:HALF...

Per project: revisions (driftlock / Alembic), whether the heads match and how many
differences the graphs have in all (graph.summary.json: parents, labels, messages too),
schema facts matched / total (facts.summary.json) and the facts driftlock has that
PostgreSQL does not (a table the history drops that driftlock keeps: the precision side of
the comparison, which the percentage alone does not show), the unanalyzable
and replay diagnostics of `driftlock check` (check-*.json, report/1) and its time
(check.seconds), then `driftlock models` against create_all() (models.summary.json, or
"create_all() fails" when the project's own metadata cannot be created on PostgreSQL) and
drift precision / recall against Alembic's compare_metadata (drift.summary.json). A project
measured with driftlock settings (out/NAME/driftlock.toml, or driftlock-SETUP.toml per setup) is marked `*`, the settings below
the table. Replay
diagnostics about downgrades are not counted. Projects are grouped by half, each half with its totals.
"""
import glob
import json
import os
import sys


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def row(out, name, half):
    d = os.path.join(out, name)
    graph = load(os.path.join(d, "graph.summary.json")) or {}
    facts = load(os.path.join(d, "facts.summary.json")) or {}
    models = load(os.path.join(d, "models.summary.json")) or {}
    drift = load(os.path.join(d, "drift.summary.json"))
    unanalyzable = replay = 0
    ran = False
    for path in sorted(glob.glob(os.path.join(d, "check-*.json"))):
        doc = load(path)
        if doc is None:
            continue
        ran = True
        for diag in doc.get("diagnostics", []):
            unanalyzable += diag.get("kind") == "unanalyzable"
            # Replay errors of the upgrade path: the downgrade checks are left out.
            replay += diag.get("kind") == "replay" and "downgrade" not in diag.get("rule", "")
    try:
        seconds = float(open(os.path.join(d, "check.seconds")).read())
    except (OSError, ValueError):
        seconds = None
    has_truth = os.path.exists(os.path.join(d, "truth.json"))

    def none_or(other):
        """env.py passes target_metadata=None in every setup: no models, nothing to compare."""
        captured = glob.glob(os.path.join(d, "capture", "*-*"))
        nones = [c for c in captured if os.path.basename(c).startswith("none-")]
        return "none (target_metadata=None)" if nones and len(nones) == len(captured) else other
    matched, total = facts.get("matched", 0), facts.get("total", 0)
    extra = sum(k.get("only_ours", 0) for k in (facts.get("kinds") or {}).values())
    settings = glob.glob(os.path.join(d, "driftlock*.toml"))
    return {
        "project": name + (" *" if settings else ""),
        "half": half,
        "revisions": f"{graph.get('ours', '?')}/{graph.get('alembic', '?')}",
        "heads": "yes" if graph.get("heads_match") else "no",
        "diffs": str(graph.get("differences", "?")),
        "facts": (f"{matched}/{total} ({100.0 * matched / total:.1f}%)" if total
                  else ("no truth" if not has_truth else "0/0")),
        "extra": str(extra) if total else "",
        "models": (f"{models['matched']}/{models['total']} ({percent(models['matched'], models['total'])})"
                   if models.get("total")
                   else ("create_all() fails" if glob.glob(os.path.join(d, "capture", "create_all-fails-*"))
                         else none_or("no truth"))),
        "drift": (f"{percent(drift['matched'], drift['ours'])} / {percent(drift['matched'], drift['alembic'])}"
                  f" ({drift['matched']}, {drift['ours']}, {drift['alembic']})" if drift else none_or("no truth")),
        "diagnostics": f"{unanalyzable} / {replay}" if ran else "check failed",
        "seconds": f"{seconds:.2f}" if seconds is not None else "?",
        "_matched": matched,
        "_total": total,
        "_extra": extra,
        "_models": (models.get("matched", 0), models.get("total", 0)),
        "_drift": (drift["matched"], drift["ours"], drift["alembic"]) if drift else (0, 0, 0),
    }


def percent(part, whole):
    """Matched over a total; an empty total is 100 % (nothing to find, nothing wrongly found)."""
    return f"{100.0 * part / whole:.1f}%" if whole else "100%"


def main():
    out, specs = sys.argv[1], sys.argv[2:]
    rows = [row(out, *spec.split(":", 1)) for spec in specs]
    header = ["project", "half", "revisions (driftlock/alembic)", "heads match", "graph diffs",
              "schema facts matched/total (%)", "facts only in driftlock",
              "models facts matched/total (%)",
              "drift precision / recall (matched, driftlock, alembic)", "diagnostics (unanalyzable / replay)", "check s"]
    keys = ["project", "half", "revisions", "heads", "diffs", "facts", "extra", "models", "drift", "diagnostics",
            "seconds"]
    lines = []
    for half in ("work", "holdout"):
        members = [r for r in rows if r["half"] == half]
        if not members:
            continue
        lines += [[r[k] for k in keys] for r in members]
        m = sum(r["_matched"] for r in members)
        t = sum(r["_total"] for r in members)
        heads = sum(r["heads"] == "yes" for r in members)
        e = sum(r["_extra"] for r in members)
        mm = sum(r["_models"][0] for r in members)
        mt = sum(r["_models"][1] for r in members)
        dm, do, da = (sum(r["_drift"][i] for r in members) for i in range(3))
        lines.append([f"({half} half)", half, "", f"{heads}/{len(members)}", "",
                      f"{m}/{t} ({100.0 * m / max(t, 1):.1f}%)", str(e),
                      f"{mm}/{mt} ({percent(mm, mt)})",
                      f"{percent(dm, do)} / {percent(dm, da)} ({dm}, {do}, {da})", "", ""])
    widths = [max(len(str(x)) for x in col) for col in zip(header, *lines)]
    fmt = "| " + " | ".join(f"{{:{w}}}" for w in widths) + " |"
    print(fmt.format(*header))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for line in lines:
        print(fmt.format(*line))
    # Projects measured with settings (what their migrate command does besides Alembic).
    # One file per setup when a project has several (driftlock-SETUP.toml).
    for r in rows:
        if not r["project"].endswith(" *"):
            continue
        for path in sorted(glob.glob(os.path.join(out, r["project"][:-2], "driftlock*.toml"))):
            with open(path) as f:
                text = " ".join(l.strip() for l in f if l.strip() and not l.startswith("#"))
            setup = os.path.basename(path)[len("driftlock"):-len(".toml")].lstrip("-")
            where = f" (setup {setup})" if setup else ""
            print(f"* {r['project'][:-2]}{where}: measured with `{text}` (scripts/devset.sh, `settings`)")


if __name__ == "__main__":
    main()
