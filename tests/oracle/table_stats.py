"""Export table statistics the way a user does, from a database real Alembic built.

Usage: python table_stats.py PROJECT_DIR ADMIN_URL QUERY_FILE [--sql FILE] [--version-table NAME]

A fresh database (migrate.py's) is upgraded to heads with real Alembic; the statements of
--sql (rows to insert) run and commit; ANALYZE updates the planner's statistics; then the
query of QUERY_FILE (what `driftlock stats --query` prints) runs, and its one value is written
to stdout as PostgreSQL returned the text (as `psql -At` would): a stats/1 document. The
database is dropped at the end.
"""
import argparse
import os
import sys

import psycopg2
import psycopg2.extras

import migrate


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project")
    parser.add_argument("admin_url")
    parser.add_argument("query_file")
    parser.add_argument("--sql", help="statements to run after the upgrade (rows)")
    parser.add_argument("--version-table", default="alembic_version")
    args = parser.parse_args()
    args.project = os.path.abspath(args.project)
    with open(args.query_file, encoding="utf-8") as f:
        query = f.read()
    rows = ""
    if args.sql:
        with open(args.sql, encoding="utf-8") as f:
            rows = f.read()
    steps = argparse.Namespace(
        project=args.project,
        steps=[("upgrade", "heads")],
        script_location=None,
        version_table=args.version_table,
        flask_app=None,
    )
    with migrate.fresh_database(args.admin_url, args.project) as (url, conn):
        migrate.run(steps, url, conn)
        conn.autocommit = True
        with conn.cursor() as cur:
            if rows.strip():
                cur.execute(rows)
            cur.execute("ANALYZE")
        # The document as text, not parsed: what `psql -At` writes to the file.
        psycopg2.extras.register_default_json(conn, loads=lambda text: text)
        with conn.cursor() as cur:
            cur.execute("SET default_transaction_read_only = on")
            cur.execute(query)
            (document,) = cur.fetchone()
            if cur.fetchone() is not None:
                raise SystemExit("the statistics query returned more than one row")
    sys.stdout.write(document)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
