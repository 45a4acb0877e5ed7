"""Print a PostgreSQL database's schema as `schema/1` JSON, read from the catalog.

Usage: python dump_schema.py URL [--exclude-table NAME]... [--output FILE]

URL is a libpq connection string or URI (`postgresql://user@/db?host=/socket/dir&port=N`; a
SQLAlchemy driver suffix such as `postgresql+psycopg2://` is accepted too). `--exclude-table`
names the Alembic version table to leave out, as `name` (in any schema) or `schema.name`;
it may be repeated and defaults to `alembic_version`.

The format is specified in the steering repository (spec/schema-json.md); the choices made
where it is silent are listed in tests/oracle/README.md. Every expression is printed the way
the catalog functions print it without pretty-printing (pg_get_expr, pg_get_indexdef with
pretty = false), the form pg_dump uses.
"""
import argparse
import json
import re
import sys

import psycopg2

FORMAT = "schema/1"

# Objects that belong to an extension (CREATE EXTENSION made them) are not the project's.
NOT_EXTENSION_MEMBER = """
    NOT EXISTS (SELECT 1 FROM pg_depend d
                WHERE d.classid = {catalog}::regclass AND d.objid = {oid} AND d.deptype = 'e')
"""

USER_SCHEMA = """
    {nsp}.nspname NOT IN ('pg_catalog', 'information_schema')
    AND {nsp}.nspname NOT LIKE 'pg\\_toast%'
    AND {nsp}.nspname NOT LIKE 'pg\\_temp\\_%'
"""

TABLES = f"""
SELECT c.oid, n.nspname, c.relname
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND {USER_SCHEMA.format(nsp="n")}
  AND {NOT_EXTENSION_MEMBER.format(catalog="'pg_class'", oid="c.oid")}
ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C"
"""

COLUMNS = """
SELECT a.attrelid, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
       CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END
FROM pg_attribute a
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attrelid = ANY(%(tables)s) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum
"""

# Key column lists keep the constraint's own order (conkey / confkey are ordered arrays).
CONSTRAINTS = """
SELECT c.conrelid, c.contype, c.conname,
       ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(attnum, ord)
             JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
             ORDER BY k.ord),
       rn.nspname, r.relname,
       ARRAY(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(attnum, ord)
             JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum
             ORDER BY k.ord),
       c.confdeltype, c.confupdtype,
       CASE WHEN c.contype = 'c' THEN pg_get_expr(c.conbin, c.conrelid) END
FROM pg_constraint c
LEFT JOIN pg_class r ON r.oid = c.confrelid
LEFT JOIN pg_namespace rn ON rn.oid = r.relnamespace
WHERE c.conrelid = ANY(%(tables)s)
  AND c.contype IN ('p', 'f', 'u', 'c')
  -- A foreign key that references a partitioned table is stored once more per referenced
  -- partition, on the same referencing table, as a child of the real one: leave those out.
  AND NOT (c.contype = 'f' AND c.conparentid <> 0 AND EXISTS (
        SELECT 1 FROM pg_constraint p WHERE p.oid = c.conparentid AND p.conrelid = c.conrelid))
ORDER BY c.conrelid, c.conname COLLATE "C"
"""

# Indexes that back a primary key, unique or exclusion constraint are the constraint's.
INDEXES = """
SELECT i.indrelid, ic.relname, i.indnkeyatts,
       ARRAY(SELECT CASE WHEN k.attnum <> 0 THEN a.attname
                         ELSE pg_get_indexdef(i.indexrelid, k.ord::int, false) END
             FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
             LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
             WHERE k.ord <= i.indnkeyatts
             ORDER BY k.ord),
       i.indisunique, am.amname, pg_get_expr(i.indpred, i.indrelid)
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_am am ON am.oid = ic.relam
WHERE i.indrelid = ANY(%(tables)s)
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                  WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid
                    AND c.contype IN ('p', 'u', 'x'))
ORDER BY i.indrelid, ic.relname COLLATE "C"
"""

ENUMS = f"""
SELECT n.nspname, t.typname,
       ARRAY(SELECT e.enumlabel FROM pg_enum e WHERE e.enumtypid = t.oid
             ORDER BY e.enumsortorder)
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype = 'e'
  AND {USER_SCHEMA.format(nsp="n")}
  AND {NOT_EXTENSION_MEMBER.format(catalog="'pg_type'", oid="t.oid")}
ORDER BY n.nspname COLLATE "C", t.typname COLLATE "C"
"""

ACTIONS = {"a": None, "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}


def libpq_url(url):
    """psycopg2 takes libpq URIs: drop a SQLAlchemy driver suffix (postgresql+psycopg2://)."""
    return re.sub(r"^postgres(ql)?\+\w+://", "postgresql://", url)


def excluded(schema, name, exclude):
    return name in exclude or f"{schema}.{name}" in exclude


def dump(conn, exclude=("alembic_version",)):
    """The schema/1 document of the database behind a psycopg2 connection."""
    exclude = set(exclude)
    with conn.cursor() as cur:
        # Names are printed qualified unless visible on the search path: fix the path so that
        # the output does not depend on the role's settings (public objects stay unqualified).
        cur.execute("SET search_path = public")
        cur.execute(TABLES)
        tables = {}
        for oid, schema, name in cur.fetchall():
            if excluded(schema, name, exclude):
                continue
            tables[oid] = {
                "schema": schema,
                "name": name,
                "columns": [],
                "primary_key": None,
                "foreign_keys": [],
                "unique_constraints": [],
                "check_constraints": [],
                "indexes": [],
            }
        oids = list(tables)

        cur.execute(COLUMNS, {"tables": oids})
        for relid, _attnum, name, type_, notnull, default in cur.fetchall():
            tables[relid]["columns"].append(
                {"name": name, "type": type_, "nullable": not notnull, "default": default}
            )

        cur.execute(CONSTRAINTS, {"tables": oids})
        for (relid, kind, name, columns, ref_schema, ref_table, ref_columns,
             on_delete, on_update, expression) in cur.fetchall():
            table = tables[relid]
            if kind == "p":
                table["primary_key"] = {"name": name, "columns": list(columns)}
            elif kind == "f":
                table["foreign_keys"].append(
                    {
                        "name": name,
                        "columns": list(columns),
                        "references": {
                            "schema": ref_schema,
                            "table": ref_table,
                            "columns": list(ref_columns),
                        },
                        "on_delete": ACTIONS[on_delete],
                        "on_update": ACTIONS[on_update],
                    }
                )
            elif kind == "u":
                table["unique_constraints"].append({"name": name, "columns": list(columns)})
            elif kind == "c":
                table["check_constraints"].append({"name": name, "expression": expression})

        cur.execute(INDEXES, {"tables": oids})
        for relid, name, _nkeys, columns, unique, method, where in cur.fetchall():
            tables[relid]["indexes"].append(
                {
                    "name": name,
                    "columns": list(columns),
                    "unique": unique,
                    "method": method,
                    "where": where,
                }
            )

        cur.execute(ENUMS)
        enums = [
            {"schema": schema, "name": name, "values": list(values)}
            for schema, name, values in cur.fetchall()
        ]
    conn.rollback()

    # The queries already order everything bytewise (COLLATE "C"); Python's str order is
    # code-point order, the same for UTF-8. Sort again so the contract does not rest on SQL.
    result = sorted(tables.values(), key=lambda t: (t["schema"], t["name"]))
    for table in result:
        for key in ("foreign_keys", "unique_constraints", "check_constraints", "indexes"):
            table[key].sort(key=lambda item: item["name"])
    enums.sort(key=lambda e: (e["schema"], e["name"]))
    return {"format": FORMAT, "tables": result, "enums": enums}


def to_json(document):
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="libpq URI or connection string of the database")
    parser.add_argument(
        "--exclude-table",
        action="append",
        metavar="NAME",
        help="table to leave out, `name` or `schema.name` (default: alembic_version)",
    )
    parser.add_argument("--output", "-o", help="write to this file instead of stdout")
    args = parser.parse_args()
    exclude = args.exclude_table if args.exclude_table else ["alembic_version"]
    conn = psycopg2.connect(libpq_url(args.url))
    try:
        text = to_json(dump(conn, exclude))
    finally:
        conn.close()
    if args.output:
        with open(args.output, "w", encoding="utf-8") as out:
            out.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
