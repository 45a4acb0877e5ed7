"""The models and drift columns of the development set's table, from what the capture hook
(scripts/devset/capture/sitecustomize.py) and driftlock left in OUT/NAME/.

usage: models.py merge OUT.json MODELS.json...     one schema/1 of several setups' models
       models.py drift SUMMARY.json (ALEMBIC.json DRIFTLOCK.json)...

`drift` compares drift/1 items on (schema, kind, table, column, name), the schema left out in
`public` (Alembic's None); Alembic's unnamed constraints of one default name are numbered as
PostgreSQL numbers them. driftlock's items labelled "(a comparison Alembic does not make)"
(primary keys, enum labels, check constraints by content) are counted apart, never against
its precision. It prints the differences (one per line: `+` driftlock only, `-` Alembic
only) and writes matched / driftlock / Alembic counts to SUMMARY.json.
"""
import json
import sys

NOT_ALEMBIC = "a comparison Alembic does not make"


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def merge(out, paths):
    tables, enums = {}, {}
    for path in paths:
        doc = load(path) or {}
        for table in doc.get("tables", []):
            tables[json.dumps([table.get("schema"), table.get("name")])] = table
        for enum in doc.get("enums", []):
            enums[json.dumps([enum.get("schema"), enum.get("name")])] = enum
    merged = {
        "format": "schema/1",
        "tables": [tables[k] for k in sorted(tables)],
        "enums": [enums[k] for k in sorted(enums)],
    }
    with open(out, "w") as f:
        json.dump(merged, f, indent=2, sort_keys=True)


def key(item):
    schema = item.get("schema")
    if schema == "public":
        schema = None
    return (schema or "", item.get("kind") or "", item.get("table") or "",
            item.get("column") or "", item.get("name") or "")


def alembic_keys(items):
    """The keys of Alembic's items. Unnamed constraints of one table and kind that get the same
    default name (three foreign keys of one column) are told apart as PostgreSQL names them
    when it creates them: the name, then the name with 1, 2, ... appended."""
    keys, seen = set(), {}
    for item in items:
        k = key(item)
        if item.get("unnamed"):
            n = seen.get(k, 0)
            seen[k] = n + 1
            if n:
                k = k[:4] + (f"{k[4]}{n}",)
        keys.add(k)
    return keys


def drift(summary, pairs):
    alembic, ours, apart = set(), set(), set()
    for alembic_path, ours_path in zip(pairs[::2], pairs[1::2]):
        alembic |= alembic_keys((load(alembic_path) or {}).get("drift", []))
        for item in (load(ours_path) or {}).get("drift", []):
            (apart if NOT_ALEMBIC in (item.get("detail") or "") else ours).add(key(item))
    matched = alembic & ours
    for k in sorted(ours - alembic):
        print("+ " + " ".join(x or "-" for x in k))
    for k in sorted(alembic - ours):
        print("- " + " ".join(x or "-" for x in k))
    with open(summary, "w") as f:
        json.dump({"matched": len(matched), "ours": len(ours), "alembic": len(alembic),
                   "not_compared_by_alembic": len(apart)}, f, indent=2)


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("merge", "drift"):
        sys.exit(__doc__)
    if sys.argv[1] == "merge":
        merge(sys.argv[2], sys.argv[3:])
    else:
        drift(sys.argv[2], sys.argv[3:])


if __name__ == "__main__":
    main()
