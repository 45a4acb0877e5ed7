"""Compare two schema/1 documents fact by fact and print the match per category.

usage: schema_facts.py TRUTH.json OURS.json [OURS.json...] [--show N] [--summary FILE]
Several OURS documents (one per Alembic setup of a project that has several) are read as one.
An OURS file that is empty or not JSON (driftlock failed) is an empty schema.
The last line is a one-line summary (matched/total, then per kind); --summary also writes
the figures as JSON.
Facts: tables; columns (type, nullability, default); primary keys; foreign keys; unique and
check constraints; indexes; enums. Expressions (defaults, checks, index keys and predicates)
are compared after removing casts, parentheses and spacing, which PostgreSQL adds when it
stores them.
"""
import json
import re
import sys

TYPE_WORD = re.compile(r'[a-z0-9_".]*')
MODIFIER = re.compile(r"(\([^)]*\)|\[[^\]]*\])*")


def strip_casts(s):
    """Remove every `::type`, type names of several words included (`::character varying`,
    `::timestamp without time zone`), as tests/common/mod.rs's normalize_expression does."""
    out, rest = [], s
    while "::" in rest:
        pos = rest.index("::")
        out.append(rest[:pos])
        rest = rest[pos + 2 :]
        end = 0
        while True:
            start = end
            end = TYPE_WORD.match(rest, end).end()
            end = MODIFIER.match(rest, end).end()
            more = end + 1 < len(rest) and rest[end] == " " and rest[end + 1].islower()
            if more and start != end:
                end += 1
                continue
            break
        rest = rest[end:]
    out.append(rest)
    return "".join(out)


def norm(expr):
    if expr is None:
        return None
    return re.sub(r"[()\s]", "", strip_casts(str(expr)))


def facts(doc):
    out = {}
    for t in doc["tables"]:
        name = f'{t["schema"]}.{t["name"]}'
        out[("tables", name)] = True
        for c in t["columns"]:
            out[("column types", f'{name}.{c["name"]}')] = c["type"]
            out[("column nullability", f'{name}.{c["name"]}')] = c["nullable"]
            out[("column defaults", f'{name}.{c["name"]}')] = norm(c["default"])
        out[("primary keys", name)] = json.dumps(t["primary_key"], sort_keys=True)
        for fk in t["foreign_keys"]:
            out[("foreign keys", f'{name} {fk["name"]}')] = json.dumps([fk["columns"], fk["references"], fk["on_delete"], fk["on_update"]], sort_keys=True)
        for u in t["unique_constraints"]:
            out[("unique constraints", f'{name} {u["name"]}')] = u["columns"]
        for c in t["check_constraints"]:
            out[("check constraints", f'{name} {c["name"]}')] = norm(c["expression"])
        for i in t["indexes"]:
            out[("indexes", f'{name} {i["name"]}')] = ([norm(c) for c in i["columns"]], i["unique"], i["method"], norm(i["where"]))
    for e in doc.get("enums", []):
        out[("enums", f'{e["schema"]}.{e["name"]}')] = e["values"]
    return out


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {"tables": [], "enums": []}


def main():
    args, opts = [], {}
    it = iter(sys.argv[1:])
    for a in it:
        if a in ("--show", "--summary"):
            opts[a] = next(it)
        else:
            args.append(a)
    truth = facts(load(args[0]))
    ours = {}
    for path in args[1:]:
        ours.update(facts(load(path)))
    show = int(opts.get("--show", 0))
    per_kind = {}
    categories = sorted({k[0] for k in truth} | {k[0] for k in ours})
    total_ok = total = 0
    for cat in categories:
        keys = [k for k in truth if k[0] == cat]
        ok = sum(1 for k in keys if k in ours and ours[k] == truth[k])
        extra = [k for k in ours if k[0] == cat and k not in truth]
        total_ok += ok
        total += len(keys)
        per_kind[cat] = {"matched": ok, "total": len(keys), "only_ours": len(extra)}
        print(f"{cat:20} {ok:5}/{len(keys):<5} match   ({len(extra)} only in driftlock)")
        bad = [k for k in keys if not (k in ours and ours[k] == truth[k])][:show]
        for k in bad:
            print(f"    - {k[1]}: {truth[k]!r} vs {ours.get(k, '<missing>')!r}")
    pct = 100.0 * total_ok / max(total, 1)
    print(f"{'all facts':20} {total_ok:5}/{total:<5} match ({pct:.1f}%)")
    kinds = ", ".join(f"{k} {v['matched']}/{v['total']}" for k, v in per_kind.items() if v["total"])
    print(f"summary: {total_ok}/{total} facts ({pct:.1f}%); {kinds}")
    if "--summary" in opts:
        with open(opts["--summary"], "w") as f:
            json.dump({"matched": total_ok, "total": total, "kinds": per_kind}, f, indent=2)


if __name__ == "__main__":
    main()
