"""Group the unanalyzable, replay and parse diagnostics of `driftlock check` by cause.

usage: causes.py CHECK.json... [--top N] [--root DIR]

Diagnostics with the same code and the same message (numbers and quoted names blanked) are
one cause; causes are listed by count, each with its first places (file:line, relative to
--root when given). Read with schema_facts.py's differences, this says which mechanism
costs most facts.
"""
import collections
import json
import os
import re
import sys

KINDS = ("unanalyzable", "replay", "parse", "history")


def shape(message):
    s = re.sub(r"`[^`]*`", "`_`", message)
    s = re.sub(r'"[^"]*"', '"_"', s)
    s = re.sub(r"'[^']*'", "'_'", s)
    return re.sub(r"\d+", "N", s)


def main():
    args, top, root = [], 10, None
    it = iter(sys.argv[1:])
    for a in it:
        if a == "--top":
            top = int(next(it))
        elif a == "--root":
            root = next(it)
        else:
            args.append(a)
    groups = collections.defaultdict(list)
    for path in args:
        try:
            doc = json.load(open(path))
        except (OSError, ValueError):
            continue
        for d in doc.get("diagnostics", []):
            if d.get("kind") not in KINDS:
                continue
            place = d.get("file") or "?"
            if root and place.startswith(root):
                place = os.path.relpath(place, root)
            groups[(d["kind"], d["rule"], shape(d["message"]))].append(
                (f"{place}:{d.get('line')}", d["message"])
            )
    ranked = sorted(groups.items(), key=lambda kv: -len(kv[1]))
    for (kind, rule, _), items in ranked[:top]:
        print(f"{len(items):4} {kind}/{rule}: {items[0][1]}")
        for place, _ in items[:3]:
            print(f"       {place}")


if __name__ == "__main__":
    main()
