"""Print what Alembic's autogenerate comparison finds between a project's migrations (applied
to a fresh PostgreSQL database) and its declared models, as `drift/1` JSON.

Usage: python compare_metadata.py PROJECT_DIR ADMIN_URL [--check-constraints]
                                  [--flask-app IMPORT] [--script-location DIR]
                                  [--keep] [--output FILE]

A fresh database is created, `alembic upgrade heads` runs on it as migrate.py runs it, then the
project's env.py runs once more, the way `alembic check` runs it, with a work function that
calls `alembic.autogenerate.compare_metadata(context, target_metadata)` on the configured
MigrationContext and migrates nothing. Everything env.py passes to `context.configure()` is
kept (target_metadata, include_schemas, include_object, include_name, version_table,
version_table_schema, autogenerate_plugins, ...) except `compare_type` and
`compare_server_default`, which are forced to True (a project's own callables for them are
replaced). The database is dropped at the end.

Named CHECK constraints are not compared by default: since Alembic 1.19.2 that comparison is
the opt-in plugin `alembic.ext.checkconstraint_byname`. `--check-constraints` adds it to the
project's `autogenerate_plugins` (default `["alembic.autogenerate.*"]`): add/remove by name
only, expressions never compared, and every unnamed model check whose table has a check in
the database is reported as `remove_constraint` of PostgreSQL's name for it.

stdout gets:

  {"format": "drift/1",
   "drift": [{"kind", "table", "column", "name", "detail"} (+ "schema"), ...],
   "alembic_raw": [repr of each diff tuple, in Alembic's order],
   "configure": {the configure() options that change the comparison, as strings}}

Each Alembic diff tuple becomes one item in driftlock's vocabulary (spec/report-json.md):
`kind` is Alembic's (add_table_comment / remove_table_comment become `modify_comment` with
`column` null); `table` is the table's name, with a `schema` key only outside the connection's
default schema (Alembic's `None`); `column` is the column of add/remove/modify items, else
null; `name` is the index, constraint or foreign key name. Alembic leaves the name of a model's
unnamed unique constraint or foreign key as None: the item gets the name PostgreSQL would give
it (`<table>_<columns>_key`, `<table>_<columns>_fkey`, shortened to 63 bytes as PostgreSQL
does; collision suffixes are not predicted) and `"unnamed": true`. `detail` is a short
string, old (database) value -> new (model) value. Items are sorted by (table, kind, column,
name), null before any string, then by schema.

Exit status: 0; 3 when env.py's target_metadata is None (no models; message on stderr);
anything else is an error with its traceback on stderr.
"""
import argparse
import contextlib
import json
import os
import sys

from alembic import command
from alembic.autogenerate import compare_metadata
from sqlalchemy import CheckConstraint, ForeignKeyConstraint, UniqueConstraint
from sqlalchemy.dialects import postgresql
from sqlalchemy.sql.elements import ClauseElement, TextClause

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from env_capture import NoTargetMetadata, run_env  # noqa: E402
from migrate import fresh_database, project_config  # noqa: E402

NO_TARGET_METADATA = 3
FORMAT = "drift/1"
DIALECT = postgresql.dialect()
NAMEDATALEN = 64

# configure() options that decide what the comparison sees; printed for the record.
SCOPE_OPTIONS = (
    "include_schemas",
    "include_object",
    "include_name",
    "version_table",
    "version_table_schema",
    "autogenerate_plugins",
    "render_as_batch",
)


def compile_type(type_):
    try:
        return type_.compile(dialect=DIALECT)
    except Exception:  # a type PostgreSQL cannot render
        return repr(type_)


def render_default(default):
    """A server default as SQL text: the reflected text, or the model's argument."""
    if default is None or default is False:
        return "NULL"
    arg = getattr(default, "arg", default)
    if isinstance(arg, str):
        return "'" + arg.replace("'", "''") + "'"
    if isinstance(arg, TextClause):
        return arg.text
    if isinstance(arg, ClauseElement):
        try:
            return str(arg.compile(dialect=DIALECT, compile_kwargs={"literal_binds": True}))
        except Exception:
            return repr(arg)
    return repr(default)


def render_comment(comment):
    return "NULL" if comment is None else "'" + comment.replace("'", "''") + "'"


def describe_column(column):
    text = f"{compile_type(column.type)} {'NULL' if column.nullable else 'NOT NULL'}"
    if column.server_default is not None:
        text += f" DEFAULT {render_default(column.server_default)}"
    return text


def expression_text(expr):
    name = getattr(expr, "name", None)
    if isinstance(name, str):
        return name
    try:
        return str(expr.compile(dialect=DIALECT, compile_kwargs={"literal_binds": True}))
    except Exception:
        return str(expr)


def make_object_name(name1, name2, label):
    """PostgreSQL's makeObjectName: name1_name2_label in at most 63 bytes, the longer of the
    two names shortened first (ASCII assumed)."""
    overhead = len(label) + 1 + (1 if name2 else 0)
    avail = NAMEDATALEN - 1 - overhead
    n1, n2 = len(name1), len(name2) if name2 else 0
    while n1 + n2 > avail:
        if n1 > n2:
            n1 -= 1
        else:
            n2 -= 1
    parts = [name1[:n1]] + ([name2[:n2]] if name2 else []) + [label]
    return "_".join(parts)


def name_addition(columns):
    """PostgreSQL's Choose*NameAddition: the column names joined by `_`, at most 63 bytes."""
    out = ""
    for column in columns:
        out = f"{out}_{column}" if out else column
        if len(out) >= NAMEDATALEN:
            break
    return out[: NAMEDATALEN - 1]


def constraint_columns(constraint):
    return [c.name for c in constraint.columns] if constraint.columns else []


def constraint_name(constraint, table_name):
    """(name, unnamed): the constraint's name, or PostgreSQL's default name for it."""
    name = constraint.name
    if name is not None and not isinstance(name, str):  # _NoneName / conv
        name = str(name) if str(name) != "None" else None
    if name:
        return name, False
    if isinstance(constraint, ForeignKeyConstraint):
        return make_object_name(table_name, name_addition(constraint.column_keys), "fkey"), True
    if isinstance(constraint, UniqueConstraint):
        return make_object_name(table_name, name_addition(constraint_columns(constraint)), "key"), True
    return None, True


def describe_constraint(constraint):
    if isinstance(constraint, ForeignKeyConstraint):
        targets = [element.target_fullname for element in constraint.elements]
        referred = targets[0].rsplit(".", 1)[0] if targets else "?"
        text = (
            f"FOREIGN KEY ({', '.join(constraint.column_keys)}) REFERENCES {referred} "
            f"({', '.join(t.rsplit('.', 1)[1] for t in targets)})"
        )
        if constraint.ondelete:
            text += f" ON DELETE {constraint.ondelete.upper()}"
        if constraint.onupdate:
            text += f" ON UPDATE {constraint.onupdate.upper()}"
        return text
    if isinstance(constraint, UniqueConstraint):
        return f"UNIQUE ({', '.join(constraint_columns(constraint))})"
    if isinstance(constraint, CheckConstraint):
        return f"CHECK ({expression_text(constraint.sqltext)})"
    return type(constraint).__name__


def describe_index(index):
    columns = ", ".join(expression_text(e) for e in index.expressions)
    return f"{'UNIQUE ' if index.unique else ''}INDEX ({columns})"


def item(kind, schema, table, column=None, name=None, detail="", unnamed=False):
    out = {"kind": kind, "table": table, "column": column, "name": name, "detail": detail}
    if schema is not None:
        out["schema"] = schema
    if unnamed:
        out["unnamed"] = True
    return out


def to_item(diff):
    kind = diff[0]
    if kind in ("add_table", "remove_table"):
        table = diff[1]
        where = "models" if kind == "add_table" else "database"
        columns = ", ".join(c.name for c in table.columns)
        return item(kind, table.schema, table.name, detail=f"only in the {where}: ({columns})")
    if kind in ("add_table_comment", "remove_table_comment"):
        table = diff[1]
        old = diff[2] if kind == "add_table_comment" else table.comment
        new = table.comment if kind == "add_table_comment" else None
        return item(
            "modify_comment", table.schema, table.name,
            detail=f"table comment {render_comment(old)} -> {render_comment(new)} ({kind})",
        )
    if kind in ("add_column", "remove_column"):
        _, schema, table, column = diff
        return item(kind, schema, table, column.name, detail=describe_column(column))
    if kind.startswith("modify_"):
        _, schema, table, column, _existing, old, new = diff
        if kind == "modify_type":
            detail = f"{compile_type(old)} -> {compile_type(new)}"
        elif kind == "modify_nullable":
            detail = f"{'NULL' if old else 'NOT NULL'} -> {'NULL' if new else 'NOT NULL'}"
        elif kind == "modify_default":
            detail = f"{render_default(old)} -> {render_default(new)}"
        elif kind == "modify_comment":
            detail = f"{render_comment(old)} -> {render_comment(new)}"
        else:
            detail = f"{old!r} -> {new!r}"
        return item(kind, schema, table, column, detail=detail)
    if kind in ("add_index", "remove_index"):
        index = diff[1]
        return item(kind, index.table.schema, index.table.name, name=index.name,
                    detail=describe_index(index))
    if kind in ("add_constraint", "remove_constraint", "add_fk", "remove_fk"):
        constraint = diff[1]
        table = constraint.table
        name, unnamed = constraint_name(constraint, table.name)
        return item(kind, table.schema, table.name, name=name,
                    detail=describe_constraint(constraint), unnamed=unnamed)
    # Anything else Alembic may grow: keep it visible rather than dropping it.
    return item(kind, None, "?", detail=repr(diff))


def flatten(diffs):
    for diff in diffs:
        if isinstance(diff, list):
            yield from diff
        else:
            yield diff


def sort_key(entry):
    def opt(value):
        return (0, "") if value is None else (1, value)

    return (entry["table"], entry["kind"], opt(entry["column"]), opt(entry["name"]),
            opt(entry.get("schema")))


CHECK_PLUGIN = "alembic.ext.checkconstraint_byname"


def forced_options(check_constraints):
    def force(options):
        forced = {"compare_type": True, "compare_server_default": True}
        if check_constraints:
            plugins = list(options.get("autogenerate_plugins") or ["alembic.autogenerate.*"])
            if CHECK_PLUGIN not in plugins:
                plugins.append(CHECK_PLUGIN)
            forced["autogenerate_plugins"] = plugins
        return forced

    return force


def compare(cfg, check_constraints=False):
    """Runs env.py with compare_metadata as the work; returns (diffs, configure options)."""
    diffs = []

    def work(heads, context):
        target = context.opts.get("target_metadata")
        if target is None:
            raise NoTargetMetadata()
        diffs.extend(compare_metadata(context, target))
        return []

    options = run_env(cfg, fn=work, force=forced_options(check_constraints))
    return diffs, options


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", help="the project directory")
    parser.add_argument("admin_url", help="URL of the cluster (scripts/pg.sh prints it)")
    parser.add_argument("--check-constraints", action="store_true",
                        help=f"compare named CHECK constraints too (plugin {CHECK_PLUGIN})")
    parser.add_argument("--flask-app", help="the Flask application to load (like FLASK_APP)")
    parser.add_argument("--script-location", help="override the configured script_location")
    parser.add_argument("--keep", action="store_true", help="keep the database at the end")
    parser.add_argument("--output", "-o", help="write the JSON to this file instead of stdout")
    args = parser.parse_args()
    args.project = os.path.abspath(args.project)
    if args.output:
        args.output = os.path.abspath(args.output)

    try:
        with fresh_database(args.admin_url, args.project, args.keep) as (url, _conn):
            with project_config(args.project, url, args.flask_app, args.script_location) as cfg:
                with contextlib.redirect_stdout(sys.stderr):
                    command.upgrade(cfg, "heads")
                diffs, options = compare(cfg, args.check_constraints)
                raw = [repr(d) for d in diffs]
                items = sorted((to_item(d) for d in flatten(diffs)), key=sort_key)
    except NoTargetMetadata:
        print(
            f"{args.project}: env.py passes target_metadata=None to context.configure(): "
            "the project declares no models",
            file=sys.stderr,
        )
        sys.exit(NO_TARGET_METADATA)

    document = {
        "format": FORMAT,
        "drift": items,
        "alembic_raw": raw,
        "configure": {k: repr(options[k]) for k in SCOPE_OPTIONS if k in options},
    }
    text = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if args.output:
        with open(args.output, "w", encoding="utf-8") as out:
            out.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
