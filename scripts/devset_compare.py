"""Compare `driftlock history --format json` with real Alembic on installed histories.

usage: devset_compare.py DRIFTLOCK [NAME PROJECT SCRIPT_LOCATION TARGET]...
Prints one line of figures per history and every difference; exits 1 on a difference.
"""
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ORACLE = os.path.join(HERE, "..", "tests", "oracle", "alembic_history.py")


def main():
    driftlock, rest = sys.argv[1], sys.argv[2:]
    failed = False
    for i in range(0, len(rest), 4):
        name, project, script_location, target = rest[i : i + 4]
        args = [sys.executable, ORACLE, project] + ([script_location] if script_location else [])
        started = time.perf_counter()
        alembic = json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)
        alembic_s = time.perf_counter() - started
        started = time.perf_counter()
        run = subprocess.run(
            [driftlock, "history", target, "--format", "json", "--fail-on", "never"],
            check=True, capture_output=True, text=True,
        )
        driftlock_s = time.perf_counter() - started
        ours = json.loads(run.stdout)
        problems = []
        if sorted(ours["heads"]) != alembic["heads"]:
            problems.append(f"heads {ours['heads']} != {alembic['heads']}")
        if sorted(ours["bases"]) != alembic["bases"]:
            problems.append(f"bases {ours['bases']} != {alembic['bases']}")
        theirs = alembic["revisions"]
        if len(ours["revisions"]) != len(theirs):
            problems.append(f"{len(ours['revisions'])} revisions != {len(theirs)}")
        for rev in ours["revisions"]:
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
        rules = sorted({d["rule"] for d in ours["diagnostics"]})
        print(
            f"{name}: {len(ours['revisions'])} revisions, heads {ours['heads']}, bases {ours['bases']}; "
            f"Alembic: {len(theirs)} revisions, heads {alembic['heads']}; "
            f"differences: {len(problems)}; driftlock diagnostics: {len(ours['diagnostics'])} {rules}; "
            f"time: driftlock {driftlock_s * 1000:.0f} ms, Alembic load {alembic_s * 1000:.0f} ms"
        )
        for p in problems:
            print("  " + p)
        failed |= bool(problems)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
