#!/usr/bin/env python3
"""Derives the fuzz targets' seed corpora from the repository's Alembic projects.

    python3 fuzz/seeds.py OUT_DIR

writes OUT_DIR/<target>/<name> for every target of fuzz/Cargo.toml:

- python_check, revision_header, report_renderers: each revision file of corpus/ (and the
  single-revision rule fixtures of tests/fixtures/rules/, which between them reach every rule);
- sql_lowering: the SQL of every op.execute(...) / bind.execute(...) / sa.text(...) in those
  files (string literals, and names bound to one at module level), one seed per string plus
  one per file with all of them, in order, so that statements find the tables earlier ones
  created;
- config_readers: every alembic.ini and pyproject.toml of corpus/, and the settings files
  under fuzz/seeds/config_readers/ (copied by scripts/fuzz.sh).

Seeds are named by content hash, so running it again changes nothing. Standard library only.
"""

import ast
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def revision_files():
    files = sorted(p for p in (ROOT / "corpus").rglob("*.py") if "versions" in p.parts)
    files += sorted((ROOT / "tests" / "fixtures" / "rules").glob("*/*.py"))
    return files


def config_files():
    corpus = ROOT / "corpus"
    return sorted(list(corpus.rglob("alembic.ini")) + list(corpus.rglob("pyproject.toml")))


def save(out: Path, data: bytes):
    out.mkdir(parents=True, exist_ok=True)
    (out / hashlib.sha1(data).hexdigest()).write_bytes(data)


def sql_strings(source: str):
    """The SQL strings a revision file executes, in source order."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    constants = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Constant):
            if isinstance(stmt.value.value, str):
                for target in stmt.targets:
                    if isinstance(target, ast.Name):
                        constants[target.id] = stmt.value.value

    def text_of(node):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.Name):
            return constants.get(node.id)
        if isinstance(node, ast.Call) and node.args:  # sa.text("..."), text("...")
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name == "text":
                return text_of(node.args[0])
        return None

    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in ("execute", "exec_driver_sql"):
            sql = text_of(node.args[0])
            if sql:
                found.append((node.lineno, node.col_offset, sql))
    return [sql for _, _, sql in sorted(found)]


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: seeds.py OUT_DIR")
    out = Path(sys.argv[1])
    for path in revision_files():
        data = path.read_bytes()
        for target in ("python_check", "revision_header", "report_renderers"):
            save(out / target, data)
        strings = sql_strings(data.decode("utf-8", "replace"))
        for sql in strings:
            save(out / "sql_lowering", sql.encode())
        if len(strings) > 1:
            joined = ";\n".join(s.strip().rstrip(";") for s in strings) + ";\n"
            save(out / "sql_lowering", joined.encode())
    for path in config_files():
        save(out / "config_readers", path.read_bytes())
    for target in sorted(p.name for p in out.iterdir()):
        print(f"{target}: {sum(1 for _ in (out / target).iterdir())} seeds", file=sys.stderr)


if __name__ == "__main__":
    main()
