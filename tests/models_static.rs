//! `driftlock models` on declaration forms the corpus does not cover, checked against what
//! SQLAlchemy's `create_all()` emits for them (the expected DDL facts are written out here).

mod common;

use std::path::Path;

use common::driftlock;
use serde_json::Value;

fn write(root: &Path, path: &str, text: &str) {
    let p = root.join(path);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// A temporary project: `alembic.ini` at its root (its folder on the Python path) and an
/// empty `migrations/versions`; each test writes its `env.py`, models and revisions.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "alembic.ini",
        "[alembic]\nscript_location = %(here)s/migrations\nprepend_sys_path = .\n",
    );
    write(dir.path(), "migrations/versions/.keep", "");
    dir
}

fn models(root: &Path) -> Value {
    let out = driftlock().arg("models").arg(root).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn table<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == name)
        .unwrap_or_else(|| panic!("no table {name} in {doc}"))
}

/// The names of the tables of a `schema/1` document, in its order.
fn table_names(doc: &Value) -> Vec<&str> {
    doc["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect()
}

fn column<'a>(t: &'a Value, name: &str) -> &'a Value {
    t["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no column {name} in {t}"))
}

/// The Python every models file of [`models_project`] starts with: a 2.0 declarative base.
const BASE: &str = "import sqlalchemy as sa\nfrom sqlalchemy.orm import DeclarativeBase\n\n\nclass Base(DeclarativeBase):\n    pass\n";

/// A [`project`] whose env.py names `app.models`' base, and whose `app/models.py` is [`BASE`]
/// followed by `body`.
fn models_project(body: &str) -> tempfile::TempDir {
    let dir = project();
    write(
        dir.path(),
        "migrations/env.py",
        "from app.models import Base\n\ntarget_metadata = Base.metadata\n",
    );
    write(dir.path(), "app/models.py", &format!("{BASE}{body}"));
    dir
}

/// A [`project`] whose base is `app/db/base.py`'s `declarative_base()`, re-exported by
/// `app/db/__init__.py` as `db_init` says; env.py imports the base and `env_import`.
fn db_base_project(env_import: &str, db_init: &str) -> tempfile::TempDir {
    let dir = project();
    let root = dir.path();
    write(
        root,
        "migrations/env.py",
        &format!("from app.db.base import Base\nimport {env_import}  # noqa\n\ntarget_metadata = Base.metadata\n"),
    );
    write(root, "app/__init__.py", "");
    write(root, "app/db/__init__.py", db_init);
    write(
        root,
        "app/db/base.py",
        "from sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n",
    );
    dir
}

/// A models module: class `class` on the base imported from `base_module`, table `table`
/// with an integer primary key.
fn model_module(base_module: &str, class: &str, table: &str) -> String {
    format!("import sqlalchemy as sa\n\nfrom {base_module} import Base\n\n\nclass {class}(Base):\n    __tablename__ = \"{table}\"\n    id = sa.Column(sa.Integer, primary_key=True)\n")
}

/// Where the tests' installed packages go (`venv/.../site-packages` under `root`), put on
/// the Python path by `driftlock.toml` with the folders of `also`.
fn installed_packages(root: &Path, also: &[&str]) -> &'static str {
    let site = "venv/lib/python3.12/site-packages";
    let folders: Vec<String> = std::iter::once(site)
        .chain(also.iter().copied())
        .map(|f| format!("\"{f}\""))
        .collect();
    write(
        root,
        "driftlock.toml",
        &format!("python-path = [{}]\n", folders.join(", ")),
    );
    site
}

/// `driftlock ARGS ROOT`: its JSON output, its stderr, and whether it exited 0.
fn run_json(args: &[&str], root: &Path) -> (Value, String, bool) {
    let out = driftlock().args(args).arg(root).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let doc = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    (doc, stderr, out.status.success())
}

#[test]
fn declarative_forms_read_statically() {
    let dir = project();
    let root = dir.path();
    write(
        root,
        "migrations/env.py",
        "from app.db import Base\nimport app.models  # noqa\n\ntarget_metadata = Base.metadata\n",
    );
    write(
        root,
        "app/db.py",
        "from sqlalchemy.orm import DeclarativeBase\n\n\nclass Base(DeclarativeBase):\n    pass\n",
    );
    write(
        root,
        "app/models.py",
        r#"import enum
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.mutable import MutableDict
from sqlalchemy import orm
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base


class Colour(enum.Enum):
    red = 1
    green = 2


class Stamped:
    created_at: Mapped[sa.DateTime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())


class Thing(Stamped, Base):
    __tablename__ = "thing"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(40))
    note: Mapped[Optional[str]]
    size: Mapped[int | None] = mapped_column(sa.Integer)
    colour: Mapped[Colour]
    extra: Mapped[dict] = mapped_column(MutableDict.as_mutable(JSONB))
    length = mapped_column(sa.Integer, nullable=False)
    # Columns loaded later or mapped with options: in the table all the same.
    body = orm.deferred(sa.Column(sa.Text))
    summary: Mapped[str] = orm.column_property(sa.Column(sa.String(80), nullable=False))

    __table_args__ = (
        sa.CheckConstraint(length >= 0, name="ck_thing_length"),
        sa.Index("ix_thing_name_id", name, id.desc()),
    )


class Part(Thing):
    """Single-table inheritance: its column goes to `thing`."""

    weight: Mapped[Optional[float]] = mapped_column(sa.Float)
"#,
    );
    let doc = models(root);
    let thing = table(&doc, "thing");
    let col = |n: &str| column(thing, n);
    assert_eq!(col("id")["type"], "integer");
    assert_eq!(col("id")["nullable"], false);
    assert_eq!(col("name")["type"], "character varying(40)");
    assert_eq!(col("name")["nullable"], false, "Mapped[str] is NOT NULL");
    assert_eq!(col("note")["type"], "character varying");
    assert_eq!(col("note")["nullable"], true, "Optional[str] is nullable");
    assert_eq!(col("size")["nullable"], true, "int | None is nullable");
    assert_eq!(col("colour")["type"], "colour");
    assert_eq!(col("extra")["type"], "jsonb");
    assert_eq!(col("extra")["nullable"], false);
    assert_eq!(col("weight")["type"], "double precision");
    assert_eq!(col("created_at")["default"], "now()");
    assert_eq!(col("body")["type"], "text");
    assert_eq!(col("body")["nullable"], true);
    assert_eq!(col("summary")["type"], "character varying(80)");
    assert_eq!(col("summary")["nullable"], false);
    // The class's own columns first, the mixin's after them.
    let names: Vec<&str> = thing["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.last(), Some(&"weight"));
    assert!(
        names.iter().position(|n| *n == "created_at") > names.iter().position(|n| *n == "length")
    );
    assert_eq!(
        thing["check_constraints"][0]["name"], "ck_thing_length",
        "{thing}"
    );
    assert_eq!(thing["check_constraints"][0]["expression"], "(length >= 0)");
    let index = &thing["indexes"][0];
    assert_eq!(index["name"], "ix_thing_name_id");
    // schema/1 lists key columns without their order, as the catalog dump does.
    assert_eq!(index["columns"], serde_json::json!(["name", "id"]));
    assert_eq!(
        doc["enums"],
        serde_json::json!([{"schema": "public", "name": "colour", "values": ["red", "green"]}])
    );
}

/// A large application: env.py's imports reach more modules than are read before the run,
/// and the mixin the models take their columns from (through `declarative_base(cls=...)`)
/// is among those left; it is read when the models import it.
#[test]
fn modules_past_the_first_reading_are_read_when_imported() {
    let dir = project();
    let root = dir.path();
    write(
        root,
        "migrations/env.py",
        "from app import bulk  # noqa\nfrom app.models import Base\n\ntarget_metadata = Base.metadata\n",
    );
    write(root, "app/__init__.py", "");
    let many: String = (0..900)
        .map(|i| format!("from app.many import m{i}  # noqa\n"))
        .collect();
    write(root, "app/bulk.py", &many);
    write(root, "app/many/__init__.py", "");
    for i in 0..900 {
        write(
            root,
            &format!("app/many/m{i}.py"),
            &format!("VALUE = {i}\n"),
        );
    }
    write(
        root,
        "app/stamps.py",
        "import sqlalchemy as sa\n\n\nclass Stamped:\n    created_at = sa.Column(sa.DateTime(timezone=True), nullable=False)\n",
    );
    write(
        root,
        "app/models.py",
        "import sqlalchemy as sa\nfrom sqlalchemy import orm\n\nfrom app import stamps\n\nBase = orm.declarative_base(cls=stamps.Stamped)\n\n\nclass Thing(Base):\n    __tablename__ = \"thing\"\n    id = sa.Column(sa.Integer, primary_key=True)\n",
    );
    let doc = models(root);
    let thing = table(&doc, "thing");
    assert_eq!(
        column(thing, "created_at")["type"],
        "timestamp with time zone"
    );
    assert_eq!(column(thing, "created_at")["nullable"], false);
}

#[test]
fn models_behind_a_lazy_import_are_read() {
    let dir = project();
    let root = dir.path();
    // env.py imports the base only: the models are found by what imports the base's module.
    write(
        root,
        "migrations/env.py",
        "from pkg.base import Base\n\ntarget_metadata = Base.metadata\n",
    );
    write(
        root,
        "pkg/__init__.py",
        "def __getattr__(name):\n    path = _LAZY.get(name)\n    if not path:\n        raise AttributeError(name)\n    from pkg.loading import import_string\n    return import_string(f\"{path}.{name}\")\n\n\n_LAZY = {\"Base\": \"pkg.base\"}\n",
    );
    write(
        root,
        "pkg/loading.py",
        "from importlib import import_module\n\n\ndef import_string(dotted_path):\n    module_path, class_name = dotted_path.rsplit(\".\", 1)\n    module = import_module(module_path)\n    return getattr(module, class_name)\n",
    );
    write(
        root,
        "pkg/base.py",
        "from sqlalchemy.orm import DeclarativeBase\n\n\nclass Base(DeclarativeBase):\n    pass\n\n\nID_LEN = 250\n",
    );
    write(
        root,
        "pkg/models.py",
        "import sqlalchemy as sa\nfrom sqlalchemy.orm import Mapped, mapped_column\n\nfrom pkg import Base\nfrom pkg.base import ID_LEN\n\n\nclass Thing(Base):\n    __tablename__ = \"thing\"\n    id: Mapped[str] = mapped_column(sa.String(ID_LEN), primary_key=True)\n",
    );
    let doc = models(root);
    let thing = table(&doc, "thing");
    assert_eq!(column(thing, "id")["type"], "character varying(250)");
}

#[test]
fn a_check_built_at_run_time_leaves_the_table_readable() {
    let dir = project();
    let root = dir.path();
    write(
        root,
        "migrations/env.py",
        "from app.models import Base\n\ntarget_metadata = Base.metadata\n",
    );
    write(
        root,
        "app/models.py",
        "import sqlalchemy as sa\nfrom sqlalchemy.orm import declarative_base\n\nfrom app.stages import all_stages\n\nBase = declarative_base()\n\n\nclass Run(Base):\n    __tablename__ = \"runs\"\n    id = sa.Column(sa.Integer, primary_key=True)\n    stage = sa.Column(sa.String(20))\n    __table_args__ = (\n        sa.CheckConstraint(stage.in_(all_stages()), name=\"stage\"),\n        sa.Index(\"ix_runs_live\", \"id\", postgresql_where=stage.in_(all_stages())),\n        sa.Index(\"ix_runs_stage\", \"stage\"),\n    )\n",
    );
    write(
        root,
        "app/stages.py",
        "import os\n\n\ndef all_stages():\n    return os.environ[\"STAGES\"].split(\",\")\n",
    );
    let out = driftlock().arg("models").arg(root).output().unwrap();
    assert!(out.status.success());
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let runs = table(&doc, "runs");
    assert_eq!(runs["check_constraints"], serde_json::json!([]));
    // An index whose predicate is built at run time is left out, not the table.
    let indexes: Vec<&str> = runs["indexes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(indexes, ["ix_runs_stage"]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("unanalyzable-model"), "{err}");
    assert!(
        err.contains("cannot read this check constraint statically"),
        "{err}"
    );
    assert!(err.contains("cannot read this index statically"), "{err}");
}

/// `models = [...]` in the configuration (or `--models`) names the models when env.py does not.
#[test]
fn models_are_found_without_target_metadata() {
    let dir = project();
    let root = dir.path();
    write(root, "migrations/env.py", "target_metadata = None\n");
    write(
        root,
        "app/models.py",
        "import sqlalchemy as sa\nfrom sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n\n\nclass Note(Base):\n    __tablename__ = \"notes\"\n    id = sa.Column(sa.Integer, primary_key=True)\n",
    );
    // `models` never answers "no models found" while the package declares mapped classes: it
    // searches, and says so; `drift` has nothing to compare (env.py names no metadata).
    let searched = driftlock().arg("models").arg(root).output().unwrap();
    assert!(searched.status.success());
    let doc: Value = serde_json::from_slice(&searched.stdout).unwrap();
    table(&doc, "notes");
    let stderr = String::from_utf8_lossy(&searched.stderr);
    assert!(
        stderr.contains("models-searched") && stderr.contains("app/models.py"),
        "{stderr}"
    );
    let drift = driftlock().arg("drift").arg(root).output().unwrap();
    assert_eq!(drift.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&drift.stderr).contains("target_metadata=None"));
    let out = driftlock()
        .arg("models")
        .arg(root)
        .args(["--models", "app"])
        .current_dir(root)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    table(&doc, "notes");
    write(root, "driftlock.toml", "models = [\"app/models.py\"]\n");
    table(&models(root), "notes");
}

/// What the models give in a form driftlock cannot read (a default or a CHECK built at run
/// time) is not reported as drift: it is not known to differ.
#[test]
fn unreadable_model_parts_are_not_drift() {
    let dir = project();
    let root = dir.path();
    write(
        root,
        "migrations/env.py",
        "from app.models import Base\n\ntarget_metadata = Base.metadata\n",
    );
    write(
        root,
        "migrations/versions/a.py",
        "import sqlalchemy as sa\nfrom alembic import op\n\nrevision = 'a'\ndown_revision = None\n\n\ndef upgrade():\n    op.create_table(\n        'jobs',\n        sa.Column('id', sa.Integer, primary_key=True),\n        sa.Column('state', sa.String(10), server_default=sa.text(\"'draft'\")),\n        sa.CheckConstraint(\"state IN ('draft', 'done')\", name='ck_state'),\n    )\n    op.create_index('ix_jobs_live', 'jobs', ['id'], postgresql_where=sa.text(\"state <> 'done'\"))\n",
    );
    write(
        root,
        "app/models.py",
        "import enum\nimport os\n\nimport sqlalchemy as sa\nfrom sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n\n\nclass Job(Base):\n    __tablename__ = 'jobs'\n    id = sa.Column(sa.Integer, primary_key=True)\n    state = sa.Column(sa.String(10), server_default=sa.text(f\"'{os.environ['FIRST']}'\"))\n    __table_args__ = (\n        sa.CheckConstraint(state.in_(os.environ['STATES'].split(',')), name='ck_state'),\n        sa.Index('ix_jobs_live', 'id', postgresql_where=state.in_(os.environ['LIVE'].split(','))),\n    )\n",
    );
    let out = driftlock()
        .arg("drift")
        .arg(root)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["drift"], serde_json::json!([]), "{doc}");
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("cannot read the server default of `state` statically"),
        "{err}"
    );
}

#[test]
fn a_package_init_that_imports_its_submodules_relatively_is_followed() {
    let dir = project();
    let root = dir.path();
    write(
        root,
        "migrations/env.py",
        "from alembic import context\n\nfrom app import models\n\nmeta = models.Base.metadata\n\n\ndef run_migrations_online():\n    context.configure(target_metadata=meta)\n\n\nrun_migrations_online()\n",
    );
    write(root, "app/__init__.py", "");
    // `from . import user, post` in a package's `__init__.py` names `app.models.user`.
    write(
        root,
        "app/models/__init__.py",
        "from .base import Base\nfrom . import user, post\n",
    );
    write(
        root,
        "app/models/base.py",
        "from sqlalchemy.orm import DeclarativeBase\n\n\nclass Base(DeclarativeBase):\n    pass\n",
    );
    write(
        root,
        "app/models/user.py",
        "from sqlalchemy.orm import Mapped, mapped_column\n\nfrom .base import Base\n\n\nclass User(Base):\n    __tablename__ = \"users\"\n    id: Mapped[int] = mapped_column(primary_key=True)\n",
    );
    write(
        root,
        "app/models/post.py",
        "import sqlalchemy as sa\nfrom sqlalchemy.orm import Mapped, mapped_column\n\nfrom . import base\n\n\nclass Post(base.Base):\n    __tablename__ = \"posts\"\n    id: Mapped[int] = mapped_column(primary_key=True)\n    user_id: Mapped[int] = mapped_column(sa.ForeignKey(\"users.id\"))\n",
    );
    let doc = models(root);
    table(&doc, "users");
    let posts = table(&doc, "posts");
    assert_eq!(column(posts, "user_id")["type"], "integer");
}

/// Packages that import every module of a folder, as applications load their models: a
/// `pkgutil.iter_modules(__path__)` loop in `__init__.py`, and a helper called at the top level
/// that walks a folder (`os.walk(os.path.dirname(pkg.__file__))`) and imports each file with
/// `importlib.import_module`. env.py's own imports then hold every model: no search.
#[test]
fn models_imported_by_folder_loops_are_read_through_env_py() {
    let dir = project();
    let root = dir.path();
    write(
        root,
        "migrations/env.py",
        "from alembic import context\n\nfrom app import head\n\n\ndef run_migrations_online():\n    context.configure(target_metadata=head.Base.metadata)\n\n\nrun_migrations_online()\n",
    );
    write(root, "app/__init__.py", "");
    write(
        root,
        "app/base.py",
        "from sqlalchemy.orm import DeclarativeBase\n\n\nclass Base(DeclarativeBase):\n    pass\n",
    );
    write(
        root,
        "app/utils.py",
        "import importlib\nimport os\nimport sys\n\nimport app\n\n\ndef import_all(topdir):\n    for root, dirs, files in os.walk(topdir):\n        for f in files:\n            if f[-3:] != \".py\" or f == \"__init__.py\":\n                continue\n            base = \"app\" + root[len(os.path.dirname(app.__file__)):].replace(\"/\", \".\")\n            name = base + \".\" + f[:-3]\n            if name not in sys.modules:\n                importlib.import_module(name)\n",
    );
    write(
        root,
        "app/head.py",
        "import os\n\nfrom app import utils, walked\nfrom app.base import Base\nimport app.looped\n\nutils.import_all(os.path.dirname(walked.__file__))\n",
    );
    write(root, "app/walked/__init__.py", "");
    write(root, "app/walked/nested/__init__.py", "");
    write(
        root,
        "app/looped/__init__.py",
        "import importlib\nimport pkgutil\n\nfor _, name, _ in pkgutil.iter_modules(__path__):\n    importlib.import_module(f\"{__name__}.{name}\")\n",
    );
    let model = |class: &str, table: &str| {
        format!("from sqlalchemy.orm import Mapped, mapped_column\n\nfrom app.base import Base\n\n\nclass {class}(Base):\n    __tablename__ = \"{table}\"\n    id: Mapped[int] = mapped_column(primary_key=True)\n")
    };
    write(root, "app/walked/users.py", &model("User", "users"));
    write(root, "app/walked/nested/posts.py", &model("Post", "posts"));
    write(root, "app/looped/tags.py", &model("Tag", "tags"));
    let out = driftlock().arg("models").arg(root).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("models-searched"), "{stderr}");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    for name in ["users", "posts", "tags"] {
        table(&doc, name);
    }
}

#[test]
fn models_that_import_the_base_relatively_are_found_when_env_py_imports_only_the_base() {
    let dir = project();
    let root = dir.path();
    write(
        root,
        "migrations/env.py",
        "from app.models.base import Base\n\ntarget_metadata = Base.metadata\n",
    );
    write(root, "app/__init__.py", "");
    write(root, "app/models/__init__.py", "");
    write(
        root,
        "app/models/base.py",
        "from sqlalchemy.orm import DeclarativeBase\n\n\nclass Base(DeclarativeBase):\n    pass\n",
    );
    write(
        root,
        "app/models/user.py",
        "from sqlalchemy.orm import Mapped, mapped_column\n\nfrom .base import Base\n\n\nclass User(Base):\n    __tablename__ = \"users\"\n    id: Mapped[int] = mapped_column(primary_key=True)\n",
    );
    let doc = models(root);
    table(&doc, "users");
}

/// A [`project`] whose env.py compares `SQLModel.metadata` after importing `app.models`,
/// which holds `models`.
fn sqlmodel_project(models: &str) -> tempfile::TempDir {
    let dir = project();
    write(
        dir.path(),
        "migrations/env.py",
        "from alembic import context\nfrom sqlmodel import SQLModel\nfrom app import models\n\
         target_metadata = SQLModel.metadata\ncontext.configure(target_metadata=target_metadata)\n",
    );
    write(dir.path(), "app/__init__.py", "");
    write(dir.path(), "app/models.py", models);
    dir
}

/// SQLModel: `datetime` fields are `timestamp with time zone` from SQLModel 0.0.45 on (the
/// installed version decides; the newest behaviour without one), `Field(foreign_key=...,
/// ondelete=...)` gives the key its action, and `sa.Enum(E, values_callable=...)` takes the
/// labels the function returns (here the members' values) and the class's name.
#[test]
fn sqlmodel_fields_are_read_as_the_installed_sqlmodel_maps_them() {
    let dir = sqlmodel_project(
        r#"import enum
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class Kind(str, enum.Enum):
    DRAFT = "draft"
    LIVE = "live"


class Board(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field()
    kind: Kind = Field(
        sa_column=sa.Column(
            sa.Enum(Kind, values_callable=lambda e: [m.value for m in e]), nullable=False
        )
    )


class Card(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    board_id: int = Field(foreign_key="board.id", ondelete="CASCADE")
"#,
    );
    let doc = models(dir.path());
    let board = table(&doc, "board");
    assert_eq!(
        column(board, "created_at")["type"],
        "timestamp with time zone"
    );
    assert_eq!(column(board, "kind")["type"], "kind");
    let kind = doc["enums"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "kind")
        .unwrap_or_else(|| panic!("no enum kind in {doc}"));
    assert_eq!(kind["values"], serde_json::json!(["draft", "live"]));
    let card = table(&doc, "card");
    assert_eq!(card["foreign_keys"][0]["on_delete"], "CASCADE", "{card}");
    // An older SQLModel on the project's path stores naive datetimes.
    write(
        dir.path(),
        "sqlmodel/__init__.py",
        "__version__ = \"0.0.44\"\n",
    );
    let doc = models(dir.path());
    let board = table(&doc, "board");
    assert_eq!(
        column(board, "created_at")["type"],
        "timestamp without time zone"
    );
}

/// An installed framework creates its own tables (users, groups, keys) with its metadata's
/// `create_all()` before the application migrates, and the history only alters or references
/// some of them: the replay starts with every table the framework declares, not only those
/// the history uses.
#[test]
fn a_frameworks_tables_come_together_when_the_history_uses_one() {
    let dir = project();
    let root = dir.path();
    let site = installed_packages(root, &[]);
    write(
        root,
        &format!("{site}/authkit/__init__.py"),
        "from authkit.models import Model\n",
    );
    write(
        root,
        &format!("{site}/authkit/models.py"),
        "import sqlalchemy as sa\nfrom sqlalchemy.orm import declarative_base\n\nModel = declarative_base()\n\n\n\
class User(Model):\n    __tablename__ = \"auth_users\"\n    id = sa.Column(sa.Integer, primary_key=True)\n    name = sa.Column(sa.String(64), nullable=False)\n\n\n\
class Group(Model):\n    __tablename__ = \"auth_groups\"\n    id = sa.Column(sa.Integer, primary_key=True)\n\n\n\
class ApiKey(Model):\n    __tablename__ = \"auth_api_keys\"\n    id = sa.Column(sa.Integer, primary_key=True)\n    user_id = sa.Column(sa.Integer, sa.ForeignKey(\"auth_users.id\"))\n",
    );
    write(
        root,
        "app/models.py",
        "import sqlalchemy as sa\n\nfrom authkit import Model\n\n\n\
class Order(Model):\n    __tablename__ = \"orders\"\n    id = sa.Column(sa.Integer, primary_key=True)\n    user_id = sa.Column(sa.Integer, sa.ForeignKey(\"auth_users.id\"))\n",
    );
    write(root, "app/__init__.py", "");
    write(
        root,
        "migrations/env.py",
        "from app import models\n\ntarget_metadata = models.Model.metadata\n",
    );
    write(
        root,
        "migrations/versions/a1_orders.py",
        "from alembic import op\nimport sqlalchemy as sa\n\nrevision = 'a1'\ndown_revision = None\n\n\n\
def upgrade():\n    op.create_table('orders', sa.Column('id', sa.Integer, primary_key=True),\n        \
sa.Column('user_id', sa.Integer, sa.ForeignKey('auth_users.id')))\n\n\n\
def downgrade():\n    op.drop_table('orders')\n",
    );
    let out = driftlock().arg("schema").arg(root).output().unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut names: Vec<&str> = table_names(&doc);
    names.sort();
    assert_eq!(
        names,
        ["auth_api_keys", "auth_groups", "auth_users", "orders"],
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A base that names every table from its class name with a regular expression (Python's
/// `re`, lookaround included), takes its metadata and type map from a `registry(...)`, and
/// declares a column all tables share; a mapped class's `__table_args__` names a column an
/// abstract base declares by annotation alone, and keeps an index for SQLite only. What
/// SQLAlchemy 2.0.58 emits for it on PostgreSQL (checked once): `CREATE TABLE flow_run_state
/// (name VARCHAR NOT NULL, started TIMESTAMP WITH TIME ZONE NOT NULL, id UUID NOT NULL,
/// PRIMARY KEY (id))`, `CREATE INDEX ix_flow_run_state__started_id ON flow_run_state
/// (coalesce(started, id) DESC)` and `CREATE INDEX ix_flow_run_state__name ON flow_run_state
/// (name)`.
#[test]
fn a_base_with_a_registry_and_computed_table_names_is_read() {
    let dir = project();
    let root = dir.path();
    write(
        root,
        "migrations/env.py",
        "from app.models import Base\n\ntarget_metadata = Base.metadata\n",
    );
    write(root, "app/__init__.py", "");
    write(
        root,
        "app/models.py",
        r#"import datetime
import re
import uuid
from typing import ClassVar

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, registry
from sqlalchemy.orm.decl_api import registry as RegistryType
from sqlalchemy.sql.functions import coalesce

CAMEL_TO_SNAKE = re.compile(r"(?<!^)(?=[A-Z])")


class Base(DeclarativeBase):
    registry: ClassVar[RegistryType] = registry(
        metadata=sa.MetaData(naming_convention={"ix": "ix_%(table_name)s__%(column_0_N_name)s"}),
        type_annotation_map={uuid.UUID: sa.Uuid, datetime.datetime: sa.TIMESTAMP(timezone=True)},
    )

    @declared_attr
    def __tablename__(cls) -> str:
        return CAMEL_TO_SNAKE.sub("_", cls.__name__).lower()

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)


class Run(Base):
    __abstract__ = True
    started: Mapped[datetime.datetime]


class FlowRunState(Run):
    name: Mapped[str] = mapped_column(index=True)

    @declared_attr.directive
    def __table_args__(cls):
        return (
            sa.Index("ix_flow_run_state__started_id", coalesce(cls.started, cls.id).desc()),
            sa.Index("ix_flow_run_state__name_sqlite", "name").ddl_if(dialect="sqlite"),
        )
"#,
    );
    let doc = models(root);
    let t = table(&doc, "flow_run_state");
    assert_eq!(column(t, "started")["type"], "timestamp with time zone");
    assert_eq!(column(t, "id")["type"], "uuid");
    assert_eq!(t["primary_key"]["columns"], serde_json::json!(["id"]));
    let indexes: Vec<(&str, &Value)> = t["indexes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["name"].as_str().unwrap(), &i["columns"]))
        .collect();
    // The SQLite-only index is not created on PostgreSQL.
    assert_eq!(
        indexes,
        [
            ("ix_flow_run_state__name", &serde_json::json!(["name"])),
            (
                "ix_flow_run_state__started_id",
                &serde_json::json!(["COALESCE(started, id)"])
            ),
        ]
    );
}

/// env.py also imports modules by a name known only at run time (plugins from the
/// environment), so which models the application has is not known: a model module beside
/// those env.py imports takes the base from the package that re-exports it (`from app.db
/// import Base`, the base living in `app.db.base`), and it is read too.
#[test]
fn a_sibling_that_imports_the_base_through_its_package_is_read() {
    let dir = db_base_project(
        "app.models.orders",
        "from app.db.base import Base  # noqa\n",
    );
    let root = dir.path();
    let env = std::fs::read_to_string(root.join("migrations/env.py")).unwrap();
    write(
        root,
        "migrations/env.py",
        &format!("import importlib, os\n{env}\nfor name in os.environ.get('APP_PLUGINS', '').split(','):\n    importlib.import_module(name)\n"),
    );
    write(root, "app/models/__init__.py", "");
    write(
        root,
        "app/models/orders.py",
        &model_module("app.db.base", "Order", "orders"),
    );
    write(
        root,
        "app/models/plugins.py",
        &model_module("app.db", "Plugin", "plugins"),
    );
    let doc = models(root);
    table(&doc, "orders");
    table(&doc, "plugins");
}

/// A foreign key to a column of the class body itself (`ForeignKey(id)`): the table's own
/// column, as SQLAlchemy resolves it (`FOREIGN KEY(parent_id) REFERENCES nodes (id)`).
#[test]
fn a_foreign_key_to_a_column_of_the_class_body_references_its_table() {
    let dir = project();
    let root = dir.path();
    write(
        root,
        "migrations/env.py",
        "from app.models import Base\n\ntarget_metadata = Base.metadata\n",
    );
    write(root, "app/__init__.py", "");
    write(
        root,
        "app/models.py",
        "import sqlalchemy as sa\nfrom sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n\n\n\
class Node(Base):\n    __tablename__ = \"nodes\"\n    id = sa.Column(sa.String(36), primary_key=True)\n    parent_id = sa.Column(sa.String(36), sa.ForeignKey(id), index=True)\n",
    );
    let doc = models(root);
    let nodes = table(&doc, "nodes");
    let fk = &nodes["foreign_keys"][0];
    assert_eq!(fk["columns"], serde_json::json!(["parent_id"]), "{nodes}");
    assert_eq!(fk["references"]["table"], "nodes");
    assert_eq!(fk["references"]["columns"], serde_json::json!(["id"]));
    assert_eq!(column(nodes, "parent_id")["type"], "character varying(36)");
}

/// `app-tables = "before-history"`: the application creates the tables its database lacks each
/// time it starts, so a table a revision drops while the models still declare it is in the
/// schema after the history, with a finding that says why.
#[test]
fn tables_the_history_drops_are_created_again_by_the_application() {
    let dir = models_project(
        r#"

class Token(Base):
    __tablename__ = "tokens"
    id = sa.Column(sa.Integer, primary_key=True)
    hashed = sa.Column(sa.String(64), unique=True)
"#,
    );
    let root = dir.path();
    write(root, "driftlock.toml", "app-tables = \"before-history\"\n");
    write(
        root,
        "migrations/versions/a1_drop_tokens.py",
        r#"from alembic import op

revision = "a1"
down_revision = None


def upgrade():
    # Tokens are issued again when the application starts.
    op.drop_table("tokens")


def downgrade():
    pass
"#,
    );
    let (doc, stderr, success) = run_json(&["schema"], root);
    assert!(success, "{stderr}");
    let tokens = table(&doc, "tokens");
    assert_eq!(column(tokens, "hashed")["type"], "character varying(64)");
    assert!(
        stderr.contains("creates them again when it next starts"),
        "{stderr}"
    );
}

/// `metadata = [...]` in the configuration names the models when env.py's `target_metadata`
/// is not them (here, a list holding a class that is not a metadata). Each metadata's
/// `create_all()` skips a table an earlier one created; a foreign key column typed `None`
/// takes its target's type; `column != None` is `IS NOT NULL`. Facts as SQLAlchemy 2.0's
/// `create_all()` of the two metadata, in turn, leaves them on PostgreSQL 16.
#[test]
fn configured_metadata_are_the_models() {
    let dir = project();
    let root = dir.path();
    write(
        root,
        "driftlock.toml",
        "metadata = [\"app.runs:RunMeta\", \"app.schedules:ScheduleMeta\"]\n",
    );
    write(
        root,
        "migrations/env.py",
        "from app.storage import RunStorage\n\ntarget_metadata = [RunStorage]\n",
    );
    write(root, "app/__init__.py", "");
    write(root, "app/storage.py", "class RunStorage:\n    pass\n");
    write(
        root,
        "app/runs.py",
        r#"import sqlalchemy as db

RunMeta = db.MetaData()

RunsTable = db.Table(
    "runs",
    RunMeta,
    db.Column("id", db.BigInteger, primary_key=True),
    db.Column("run_id", db.String(255), unique=True),
)

RunTagsTable = db.Table(
    "run_tags",
    RunMeta,
    db.Column("id", db.BigInteger, primary_key=True),
    db.Column("run_id", None, db.ForeignKey("runs.run_id", ondelete="CASCADE")),
    db.Column("key", db.Text),
)

SecondaryIndexes = db.Table(
    "secondary_indexes",
    RunMeta,
    db.Column("id", db.BigInteger, primary_key=True),
    db.Column("name", db.String(512), unique=True),
)

db.Index("idx_run_tags_key", RunTagsTable.c.key, postgresql_where=(RunTagsTable.c.key != None))
"#,
    );
    write(
        root,
        "app/schedules.py",
        r#"import sqlalchemy as db

ScheduleMeta = db.MetaData()

SecondaryIndexes = db.Table(
    "secondary_indexes",
    ScheduleMeta,
    db.Column("id", db.BigInteger, primary_key=True),
    db.Column("name", db.String(512), unique=True),
)

JobsTable = db.Table(
    "jobs",
    ScheduleMeta,
    db.Column("id", db.Integer, primary_key=True),
)
"#,
    );
    let doc = models(root);
    let names: Vec<&str> = table_names(&doc);
    assert_eq!(names, ["jobs", "run_tags", "runs", "secondary_indexes"]);
    let tags = table(&doc, "run_tags");
    assert_eq!(column(tags, "run_id")["type"], "character varying(255)");
    let index = &tags["indexes"][0];
    assert_eq!(index["name"], "idx_run_tags_key");
    assert_eq!(index["where"], "key IS NOT NULL");
}

/// Flask-Migrate's env.py takes the metadata from the running application; here the
/// application's `SQLAlchemy()` object is a subclass's, made deep in the package and
/// re-exported by two packages' `__init__.py` (`from .core import db`), and the models import
/// it through the outermost (`from app.core.db import db`): the search follows the
/// re-exports and finds them.
#[test]
fn flask_models_behind_a_reexported_sqlalchemy_object_are_searched() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "migrations/alembic.ini",
        "[alembic]\n\n[loggers]\nkeys = root\n",
    );
    write(
        root,
        "migrations/env.py",
        "from alembic import context\nfrom flask import current_app\n\n\
         target_metadata = current_app.extensions['migrate'].db.metadata\n",
    );
    write(root, "migrations/versions/.keep", "");
    write(root, "app/__init__.py", "");
    write(root, "app/core/__init__.py", "");
    write(
        root,
        "app/core/db/__init__.py",
        "from .sqlalchemy import db\n",
    );
    write(
        root,
        "app/core/db/sqlalchemy/__init__.py",
        "from .core import db\n",
    );
    write(
        root,
        "app/core/db/sqlalchemy/core.py",
        "from flask_sqlalchemy import SQLAlchemy\n\n\nclass AppSQLAlchemy(SQLAlchemy):\n    pass\n\n\ndb = AppSQLAlchemy()\n",
    );
    write(root, "app/models/__init__.py", "");
    write(
        root,
        "app/models/users.py",
        "from app.core.db import db\n\n\nclass User(db.Model):\n    __tablename__ = 'users'\n    id = db.Column(db.Integer, primary_key=True)\n    email = db.Column(db.String(200), nullable=False)\n",
    );
    let out = driftlock().arg("models").arg(root).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let users = table(&doc, "users");
    assert_eq!(column(users, "email")["type"], "character varying(200)");
    assert!(stderr.contains("models-searched"), "{stderr}");
}

/// An installed Flask application whose wheel ships its Flask-Migrate folder as data files,
/// outside site-packages (`venv/lib/app/migrations`): nothing around the folder holds the
/// `SQLAlchemy()` object, but the revisions import the installed package's models, and the
/// venv the folder is in is where they are found, without `VIRTUAL_ENV`.
#[test]
fn an_installed_flask_applications_db_is_found_through_what_its_revisions_import() {
    let dir = tempfile::tempdir().unwrap();
    let venv = dir.path().join("venv");
    write(&venv, "pyvenv.cfg", "home = /usr/bin\n");
    let site = "lib/python3.12/site-packages";
    write(&venv, &format!("{site}/app/__init__.py"), "");
    write(
        &venv,
        &format!("{site}/app/models.py"),
        "from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n\n\n\
         class Policy(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n    \
         name = db.Column(db.Unicode(64), unique=True, nullable=False)\n",
    );
    let folder = venv.join("lib/app/migrations");
    write(
        &folder,
        "alembic.ini",
        "[alembic]\n\n[loggers]\nkeys = root\n",
    );
    write(
        &folder,
        "env.py",
        "from alembic import context\nfrom flask import current_app\n\n\
         target_metadata = current_app.extensions['migrate'].db.metadata\n",
    );
    write(
        &folder,
        "versions/1a2b3c4d5e6f_.py",
        "from alembic import op\nimport sqlalchemy as sa\nfrom app.models import Policy\n\n\
         revision = '1a2b3c4d5e6f'\ndown_revision = None\n\n\ndef upgrade():\n    pass\n",
    );
    let out = driftlock()
        .env_remove("VIRTUAL_ENV")
        .arg("models")
        .arg(&folder)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let policy = table(&doc, "policy");
    assert_eq!(column(policy, "name")["type"], "character varying(64)");
    assert_eq!(column(policy, "name")["nullable"], false);
}

/// A plugin's revisions in a folder of a namespace portion of its package
/// (`ledger/config/migrations`, `config/` without `__init__.py`), named by the configuration:
/// the plugin's package is the project's, so the search finds the models elsewhere in it
/// (`ledger/db/models.py`) when env.py's metadata cannot be evaluated.
#[test]
fn a_plugin_package_around_a_namespace_folder_of_revisions_is_searched() {
    let dir = project();
    let root = dir.path();
    // The plugin is installed elsewhere, outside the checkout.
    let installed = tempfile::tempdir().unwrap();
    let site = installed.path();
    write(
        root,
        "migrations/env.py",
        "from alembic import context\n\ntarget_metadata = context.config.attributes[\"metadata\"]\n",
    );
    write(
        root,
        "driftlock.toml",
        &format!(
            "python-path = [\"{}\"]\nversion-locations = [\"ledger.config:migrations\"]\n",
            site.display()
        ),
    );
    write(site, "ledger/__init__.py", "");
    write(site, "ledger/config/settings.py", "LIMIT = 3\n");
    write(
        site,
        "ledger/config/migrations/a1b2c3d4e5f6_entries.py",
        "revision = 'a1b2c3d4e5f6'\ndown_revision = None\nbranch_labels = ('ledger',)\n\n\ndef upgrade():\n    pass\n",
    );
    write(site, "ledger/db/__init__.py", "");
    write(
        site,
        "ledger/db/models.py",
        &format!("{BASE}\n\nclass Entry(Base):\n    __tablename__ = \"ledger_entry\"\n    id = sa.Column(sa.Integer, primary_key=True)\n    amount = sa.Column(sa.Numeric(12, 2))\n"),
    );
    let (doc, stderr, ok) = run_json(&["models"], root);
    assert!(ok, "{stderr}");
    let entry = table(&doc, "ledger_entry");
    assert_eq!(column(entry, "amount")["type"], "numeric(12,2)");
}

/// A model that cannot be built is one root cause: the tables whose foreign keys name it are
/// built without those keys (and their other facts kept), not reported as failing in turn.
#[test]
fn an_unbuildable_model_does_not_fail_the_tables_that_reference_it() {
    let dir = models_project(
        r#"
from app.registry import target


class Event(Base):
    __tablename__ = "events"
    __table_args__ = {"schema": "events"}
    id = sa.Column(sa.Integer, primary_key=True)
    label_id = sa.Column(sa.ForeignKey(target()))


class Folder(Base):
    __tablename__ = "folders"
    id = sa.Column(sa.Integer, primary_key=True)
    event_id = sa.Column(sa.Integer, sa.ForeignKey("events.events.id"), index=True)
"#,
    );
    write(
        dir.path(),
        "app/registry.py",
        "import os\n\n\ndef target():\n    return os.environ['LABELS']\n",
    );
    let (doc, stderr, _) = run_json(&["models"], dir.path());
    let folders = table(&doc, "folders");
    assert_eq!(folders["foreign_keys"].as_array().unwrap().len(), 0);
    assert_eq!(folders["indexes"][0]["name"], "ix_folders_event_id");
    assert_eq!(stderr.matches("[unanalyzable-").count(), 1, "{stderr}");
    assert!(!stderr.contains("model-fails"), "{stderr}");
}

/// `check` leaves out the drift of a table whose declaration it could not read completely,
/// and reports the drift of the others (a problem inside one class does not hide them all).
#[test]
fn check_reports_drift_of_the_tables_read_completely() {
    let dir = models_project(
        r#"import os


class Account(Base):
    __tablename__ = "accounts"
    id = sa.Column(sa.Integer, primary_key=True)
    balance = sa.Column(sa.Integer, nullable=False)
    __table_args__ = (sa.CheckConstraint(os.environ["BALANCE_RULE"], name="ck_balance"),)


class User(Base):
    __tablename__ = "users"
    id = sa.Column(sa.Integer, primary_key=True)
    email = sa.Column(sa.String(200), nullable=False)
"#,
    );
    let root = dir.path();
    write(
        root,
        "migrations/versions/a1_tables.py",
        r#"import sqlalchemy as sa
from alembic import op

revision = "a1"
down_revision = None


def upgrade():
    op.create_table("accounts", sa.Column("id", sa.Integer(), primary_key=True))
    op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True))


def downgrade():
    op.drop_table("users")
    op.drop_table("accounts")
"#,
    );
    let (doc, _, _) = run_json(&["check", "--format", "json"], root);
    let drift: Vec<(String, String)> = doc["drift"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["kind"].as_str().unwrap().to_string(),
                i["table"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(drift, [("add_column".to_string(), "users".to_string())]);
    let note = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "drift-not-checked")
        .expect("a finding says what is left out");
    assert!(
        note["message"].as_str().unwrap().contains("accounts") && note["file"] == "app/models.py",
        "{note}"
    );
}

/// A free-standing `Index` naming its columns by string only belongs to no table: SQLAlchemy's
/// `create_all()` leaves it out (checked on PostgreSQL with SQLAlchemy 2.0.58), and driftlock
/// says so in an info finding, not as a model it cannot read.
#[test]
fn an_index_with_string_columns_only_belongs_to_no_table() {
    let dir = models_project(
        r#"

class Task(Base):
    __tablename__ = "tasks"
    id = sa.Column(sa.Integer, primary_key=True)
    parent_id = sa.Column(sa.Integer)


sa.Index("%s_parent_id" % Task.__tablename__, "parent_id")
sa.Index("ix_tasks_id_parent", Task.__table__.c.id, Task.__table__.c.parent_id)
"#,
    );
    let (doc, stderr, success) = run_json(&["models"], dir.path());
    assert!(success, "{stderr}");
    let names: Vec<&str> = table(&doc, "tasks")["indexes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["ix_tasks_id_parent"]);
    assert!(stderr.contains("[index-without-table]"), "{stderr}");
    assert!(!stderr.contains("unanalyzable-model"), "{stderr}");
}

/// A column type of the project's own that is also a `SchemaType` adds a CHECK of its own
/// making to the table (what SQLAlchemy's `Enum` does; here in `_set_table`, which driftlock
/// runs as SQLAlchemy does): the models hold the check, and drift is empty. (Verified with
/// SQLAlchemy 2.0.58: `create_all()` creates `valid_enum_kind`, and `compare_metadata`
/// reports nothing after the revision.)
#[test]
fn checks_a_schema_type_of_the_project_adds_are_read() {
    let dir = models_project(
        r#"from sqlalchemy.types import SchemaType, TypeDecorator


class SmallEnum(TypeDecorator, SchemaType):
    impl = sa.SmallInteger
    cache_ok = True

    def __init__(self, values):
        self.values = values
        TypeDecorator.__init__(self)
        SchemaType.__init__(self)

    def _set_table(self, column, table):
        listed = ", ".join(str(v) for v in self.values)
        table.append_constraint(
            sa.CheckConstraint(f"{column.name} IN ({listed})", name=f"valid_enum_{column.name}")
        )


class Item(Base):
    __tablename__ = "items"
    id = sa.Column(sa.Integer, primary_key=True)
    kind = sa.Column(SmallEnum([1, 2, 3]))
"#,
    );
    write(
        dir.path(),
        "migrations/versions/a1_items.py",
        r#"import sqlalchemy as sa
from alembic import op

revision = "a1"
down_revision = None


def upgrade():
    op.create_table(
        "items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.SmallInteger(), nullable=True),
        sa.CheckConstraint("kind IN (1, 2, 3)", name="valid_enum_kind"),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade():
    op.drop_table("items")
"#,
    );
    let (doc, stderr, _) = run_json(&["drift", "--format", "json"], dir.path());
    assert_eq!(doc["format"], "drift/1", "{doc}");
    assert_eq!(doc["drift"].as_array().map(Vec::len), Some(0), "{doc}");
    assert!(!stderr.contains("unanalyzable-model"), "{stderr}");
    let (models, _, _) = run_json(&["models", "--format", "json"], dir.path());
    let checks = &models["tables"][0]["check_constraints"];
    assert_eq!(checks[0]["name"], "valid_enum_kind", "{models}");
    assert_eq!(
        checks[0]["expression"], "(kind = ANY (ARRAY[1, 2, 3]))",
        "{models}"
    );
}

/// Tables held as the attributes of a plain class (not a mapped one), made by a project
/// helper that wraps `sa.Table`, with indexes made in the class body for their side effect;
/// env.py names the class's metadata. (Verified with SQLAlchemy 2.0.58: `create_all()` of
/// `Model.metadata` creates both tables and both indexes.)
#[test]
fn tables_held_by_a_plain_class_are_read() {
    let dir = project();
    let root = dir.path();
    write(
        root,
        "migrations/env.py",
        "from app.model import Model\n\ntarget_metadata = Model.metadata\n",
    );
    write(
        root,
        "app/model.py",
        r#"import sqlalchemy as sa


def Table(*args, **kwargs):
    """Adds the options every table gets."""
    kwargs["mysql_character_set"] = "utf8"
    return sa.Table(*args, **kwargs)


class Component:
    pass


class Model(Component):
    metadata = sa.MetaData()

    builders = Table(
        "builders",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
    )
    builds = Table(
        "builds",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("builderid", sa.Integer, sa.ForeignKey("builders.id")),
    )

    sa.Index("builders_name", builders.c.name, unique=True)
    sa.Index("builds_builderid", builds.c.builderid)
"#,
    );
    let doc = models(root);
    let builders = table(&doc, "builders");
    let builds = table(&doc, "builds");
    assert_eq!(column(builders, "name")["type"], "text", "{doc}");
    assert_eq!(
        builds["foreign_keys"].as_array().map(Vec::len),
        Some(1),
        "{doc}"
    );
    let names = |t: &Value| -> Vec<String> {
        t["indexes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(names(builders), ["builders_name"], "{doc}");
    assert_eq!(names(builds), ["builds_builderid"], "{doc}");
}

/// A primary key column declared `nullable=True` (by flag, or in a `PrimaryKeyConstraint`):
/// PostgreSQL makes it NOT NULL, and so do the models `create_all()` builds; SQLAlchemy keeps
/// the column nullable, and Alembic's comparison reports `modify_nullable` against the NOT
/// NULL column of the database. (Verified with Alembic 1.20.1 and SQLAlchemy 2.0.58:
/// `compare_metadata` after the revision gives `modify_nullable` for `code` and `slot`, and
/// nothing for `id`.)
#[test]
fn a_nullable_primary_key_column_is_drift_as_alembic_says() {
    let dir = models_project(
        r#"
class Encryption(Base):
    __tablename__ = "encryption"
    id = sa.Column(sa.Integer, primary_key=True)
    code = sa.Column(sa.String(36), primary_key=True, nullable=True)


class Slot(Base):
    __tablename__ = "slots"
    __table_args__ = (sa.PrimaryKeyConstraint("slot"),)
    slot = sa.Column(sa.Integer, nullable=True)
"#,
    );
    write(
        dir.path(),
        "migrations/versions/a1_encryption.py",
        r#"import sqlalchemy as sa
from alembic import op

revision = "a1"
down_revision = None


def upgrade():
    op.create_table(
        "encryption",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("id", "code"),
    )
    op.create_table(
        "slots",
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("slot"),
    )


def downgrade():
    op.drop_table("slots")
    op.drop_table("encryption")
"#,
    );
    let (models, _, _) = run_json(&["models", "--format", "json"], dir.path());
    let code = &models["tables"][0]["columns"][1];
    assert_eq!(code["name"], "code", "{models}");
    assert_eq!(
        code["nullable"], false,
        "create_all() makes it NOT NULL: {models}"
    );
    let (doc, _, _) = run_json(&["drift", "--format", "json"], dir.path());
    let items: Vec<(String, String)> = doc["drift"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["kind"].as_str().unwrap().to_string(),
                i["column"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(
        items,
        [
            ("modify_nullable".to_string(), "code".to_string()),
            ("modify_nullable".to_string(), "slot".to_string())
        ],
        "{doc}"
    );
}

/// A declarative base made with `@as_declarative()`, and a joined-table subclass of a mapped
/// class whose `__table_args__` are its own table's: SQLAlchemy does not give them to the
/// subclass's table. (Verified with SQLAlchemy 2.0.58: `create_all()` creates the unique
/// constraint and the index on `base_dataset` only, and `singlepoint_dataset` with its key.)
#[test]
fn an_as_declarative_base_and_a_joined_subclass_are_read_as_sqlalchemy_builds_them() {
    let dir = project();
    write(
        dir.path(),
        "migrations/env.py",
        "from app.models import BaseORM\n\ntarget_metadata = BaseORM.metadata\n",
    );
    write(
        dir.path(),
        "app/models.py",
        r#"import sqlalchemy as sa
from sqlalchemy.orm import as_declarative


@as_declarative()
class BaseORM:
    def to_dict(self):
        return {}


class DatasetORM(BaseORM):
    __tablename__ = "base_dataset"
    id = sa.Column(sa.Integer, primary_key=True)
    dataset_type = sa.Column(sa.String, nullable=False)
    lname = sa.Column(sa.String(100), nullable=False)
    __table_args__ = (
        sa.UniqueConstraint("dataset_type", "lname", name="ux_base_dataset_type_lname"),
        sa.Index("ix_base_dataset_type", "dataset_type"),
    )
    __mapper_args__ = {"polymorphic_on": "dataset_type"}


class SinglepointDatasetORM(DatasetORM):
    __tablename__ = "singlepoint_dataset"
    id = sa.Column(sa.Integer, sa.ForeignKey(DatasetORM.id, ondelete="cascade"), primary_key=True)
    __mapper_args__ = {"polymorphic_identity": "singlepoint"}
"#,
    );
    let (doc, stderr, ok) = run_json(&["models", "--format", "json"], dir.path());
    assert!(ok, "{stderr}");
    assert!(!stderr.contains("model-fails"), "{stderr}");
    let tables = doc["tables"].as_array().unwrap();
    let names = table_names(&doc);
    assert_eq!(names, ["base_dataset", "singlepoint_dataset"], "{doc}");
    assert_eq!(
        tables[0]["unique_constraints"][0]["name"],
        "ux_base_dataset_type_lname"
    );
    assert_eq!(tables[0]["indexes"][0]["name"], "ix_base_dataset_type");
    let sub = &tables[1];
    assert_eq!(
        sub["unique_constraints"].as_array().map(Vec::len),
        Some(0),
        "{sub}"
    );
    assert_eq!(sub["indexes"].as_array().map(Vec::len), Some(0), "{sub}");
    assert_eq!(
        sub["foreign_keys"].as_array().map(Vec::len),
        Some(1),
        "{sub}"
    );
}

/// env.py picks its metadata by an option of the Alembic configuration's section
/// (`getattr(models, config.get_main_option("target_base")).metadata`, one section per
/// database): the option is read from the section driftlock reads (`-n main`), so only that
/// base's tables are the models. `config.get_section(config.config_ini_section)` gives the
/// section's options too.
#[test]
fn env_py_reads_options_of_the_configuration_section() {
    let dir = project();
    write(
        dir.path(),
        "alembic.ini",
        "[main]\nscript_location = %(here)s/migrations\nprepend_sys_path = .\n\
         target_base = MainBase\nlabel = %(here)s/x\n\n\
         [workspace]\nscript_location = %(here)s/migrations\nprepend_sys_path = .\n\
         target_base = WorkspaceBase\n",
    );
    write(
        dir.path(),
        "migrations/env.py",
        "from alembic import context\nfrom app import models\n\nconfig = context.config\n\
         target_metadata = getattr(models, config.get_main_option(\"target_base\")).metadata\n\
         section = config.get_section(config.config_ini_section)\n\
         assert section[\"target_base\"] == config.get_main_option(\"target_base\")\n\
         missing = config.get_main_option(\"nothing\", \"fallback\")\n",
    );
    write(
        dir.path(),
        "app/models.py",
        r#"import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase


class MainBase(DeclarativeBase):
    pass


class WorkspaceBase(DeclarativeBase):
    pass


class Tenant(MainBase):
    __tablename__ = "tenants"
    id = sa.Column(sa.Integer, primary_key=True)


class Page(WorkspaceBase):
    __tablename__ = "pages"
    id = sa.Column(sa.Integer, primary_key=True)
"#,
    );
    let names = |section: &str| -> Vec<String> {
        let (doc, err, ok) = run_json(&["models", "-n", section, "--format", "json"], dir.path());
        assert!(ok, "{err}");
        doc["tables"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(names("main"), ["tenants"]);
    assert_eq!(names("workspace"), ["pages"]);
}

/// A module of another part of the project declares models on the same base, and env.py
/// (which imports the base and one models module, every import followed) does not import it:
/// Alembic compares without its table and proposes to drop it, and so does drift; the
/// finding names it. The project's own migration command (a CLI's `db upgrade`) imports it
/// before it runs Alembic: then it is read.
#[test]
fn a_module_elsewhere_in_the_project_that_uses_the_base_is_read_when_the_command_imports_it() {
    let dir = db_base_project("app.tracking.models", "");
    let root = dir.path();
    for init in ["app/tracking", "app/workspace"] {
        write(root, &format!("{init}/__init__.py"), "");
    }
    write(
        root,
        "app/tracking/models.py",
        &model_module("app.db.base", "Run", "runs"),
    );
    write(
        root,
        "app/workspace/models.py",
        &model_module("app.db.base", "Workspace", "workspaces"),
    );
    let (doc, stderr, ok) = run_json(&["models", "--format", "json"], root);
    assert!(ok, "{stderr}");
    table(&doc, "runs");
    assert!(
        !doc["tables"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["name"] == "workspaces"),
        "{doc}"
    );
    assert!(
        stderr.contains("declare 1 table(s)")
            && stderr.contains("workspaces")
            && stderr.contains("proposes to drop them, and so does drift"),
        "{stderr}"
    );
    write(
        root,
        "app/cli.py",
        "from alembic import command\nfrom alembic.config import Config\n\n\n\
def db_upgrade():\n    import app.workspace.models  # noqa: F401\n    \
command.upgrade(Config('alembic.ini'), 'heads')\n",
    );
    let doc = models(root);
    table(&doc, "runs");
    table(&doc, "workspaces");
}

/// A model column whose type driftlock cannot read (kept with an assumed type) has no type
/// drift; a CHECK constraint that differs is drift Alembic's autogenerate does not report,
/// and says so.
#[test]
fn an_assumed_type_is_not_drift_and_checks_are_not_alembics() {
    let dir = project();
    let root = dir.path();
    write(
        root,
        "migrations/env.py",
        "from app.models import Base\n\ntarget_metadata = Base.metadata\n",
    );
    write(
        root,
        "migrations/versions/a.py",
        "import sqlalchemy as sa\nfrom alembic import op\n\nrevision = 'a'\ndown_revision = None\n\n\ndef upgrade():\n    op.create_table(\n        'secrets',\n        sa.Column('id', sa.Integer, primary_key=True),\n        sa.Column('password', sa.LargeBinary()),\n        sa.CheckConstraint('id > 0', name='ck_id'),\n    )\n",
    );
    write(
        root,
        "app/models.py",
        "import sqlalchemy as sa\nfrom sqlalchemy.orm import declarative_base\n\nfrom app.crypto import factory\n\nBase = declarative_base()\n\n\nclass Secret(Base):\n    __tablename__ = 'secrets'\n    id = sa.Column(sa.Integer, primary_key=True)\n    password = sa.Column(factory.create(sa.String(1024)))\n",
    );
    write(
        root,
        "app/crypto.py",
        "class Factory:\n    def __init__(self):\n        self.adapter = None\n\n    def init_app(self, app):\n        self.adapter = app.config['ADAPTER']()\n\n    def create(self, *args):\n        return self.adapter.create(*args)\n\n\nfactory = Factory()\n",
    );
    let (doc, err, _) = run_json(&["drift", "--format", "json"], root);
    let items = doc["drift"].as_array().unwrap();
    assert!(err.contains("assumed-type"), "{err}");
    assert!(items.iter().all(|i| i["kind"] != "modify_type"), "{doc}");
    let check = items
        .iter()
        .find(|i| i["name"] == "ck_id")
        .unwrap_or_else(|| panic!("{doc}"));
    assert!(
        check["detail"]
            .as_str()
            .unwrap()
            .contains("a comparison Alembic does not make"),
        "{check}"
    );
}

/// `declarative_base(cls=Mixin)` gives its classes the mixin's attributes (a `__tablename__`
/// declared_attr), and `Base.metadata = metadata` maps them onto the metadata env.py names.
#[test]
fn a_base_made_from_a_mixin_with_its_metadata_replaced_is_read() {
    let dir = project();
    let root = dir.path();
    write(
        root,
        "migrations/env.py",
        "from app import metadata\n\ntarget_metadata = metadata\n",
    );
    write(
        root,
        "app/__init__.py",
        "import sqlalchemy as sa\nfrom sqlalchemy.ext.declarative import declarative_base\n\nfrom app.sqla import Base as AppBase\n\nmetadata = sa.MetaData()\nBase = declarative_base(cls=AppBase)\nBase.metadata = metadata\n",
    );
    write(
        root,
        "app/sqla.py",
        "from sqlalchemy.ext.declarative import declared_attr\n\n\nclass Base:\n    @declared_attr\n    def __tablename__(cls):\n        return cls.__name__.lower() + 's'\n",
    );
    write(
        root,
        "app/resources.py",
        "import sqlalchemy as sa\n\nfrom app import Base\n\n\nclass Tag(Base):\n    id = sa.Column(sa.Integer, primary_key=True)\n    title = sa.Column(sa.Unicode(100))\n",
    );
    let doc = models(root);
    column(table(&doc, "tags"), "title");
}

#[test]
fn a_mixin_column_that_cannot_be_read_is_said_once() {
    let dir = models_project(
        "import os\n\nfrom sqlalchemy import Column, Integer\nfrom sqlalchemy.orm import declared_attr\n\n\nclass Coded:\n    @declared_attr\n    def code(cls):\n        return os.environ['CODE_COLUMN']\n\n\nclass Shelf(Coded, Base):\n    __tablename__ = 'shelves'\n    id = Column(Integer, primary_key=True)\n\n\nclass Desk(Coded, Base):\n    __tablename__ = 'desks'\n    id = Column(Integer, primary_key=True)\n",
    );
    let (doc, stderr, _) = run_json(&["models", "--format", "json"], dir.path());
    assert_eq!(
        table(&doc, "shelves")["columns"].as_array().map(Vec::len),
        Some(1),
        "{doc}"
    );
    let said =
        "Warning: cannot tell what `@declared_attr` `code` gives the classes that inherit it";
    assert_eq!(stderr.matches(said).count(), 1, "{stderr}");
}

/// The base defined in `app/db/core.py` and bound again by the package `app.db`
/// (`from app.db.core import *`); env.py imports one model module. Modules that import the
/// package are much of an application (its backends): env.py does not compare their tables,
/// so they are not read. When env.py imports no model, modules that import the package are
/// what declares the models, and are read.
#[test]
fn a_package_that_binds_the_base_widens_the_search_only_when_env_py_imports_no_model() {
    let dir = project();
    let root = dir.path();
    write(root, "app/__init__.py", "");
    write(
        root,
        "app/db/core.py",
        "from sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n",
    );
    write(
        root,
        "app/db/__init__.py",
        "from app.db.core import *  # noqa\n",
    );
    let model = |table: &str| {
        format!("import sqlalchemy as sa\n\nfrom app import db\n\n\nclass M(db.Base):\n    __tablename__ = '{table}'\n    id = sa.Column(sa.Integer, primary_key=True)\n")
    };
    write(root, "app/compared.py", &model("compared"));
    write(root, "app/backends/other.py", &model("other"));
    write(
        root,
        "migrations/env.py",
        "from app.db import core\nimport app.compared  # noqa\n\ntarget_metadata = core.Base.metadata\n",
    );
    let names = |doc: &Value| -> Vec<String> {
        doc["tables"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(names(&models(root)), ["compared"]);
    write(
        root,
        "migrations/env.py",
        "from app.db import core\n\ntarget_metadata = core.Base.metadata\n",
    );
    assert_eq!(names(&models(root)), ["compared", "other"]);
}

#[test]
fn a_submodule_runs_after_its_packages_init_as_python_imports_it() {
    // env.py imports `app.models.things` directly. Python runs `app/models/__init__.py` first,
    // which imports `base` before `widgets`; `base` imports its own package back (`from ..
    // import models`). Run in that order, `widgets` finds `base` complete. Running `things`
    // first would start `base` before the package, and `widgets` (imported by the package
    // meanwhile) would find `base` half run: no metadata, no IDColumn.
    let dir = project();
    let root = dir.path();
    write(root, "app/__init__.py", "");
    write(
        root,
        "app/models/__init__.py",
        "from . import base\nfrom . import widgets\n",
    );
    write(
        root,
        "app/models/base.py",
        "import sqlalchemy as sa\nfrom .. import models\n\nmetadata = sa.MetaData()\n\n\
         def IDColumn(name=\"id\"):\n    return sa.Column(name, sa.BigInteger, primary_key=True)\n",
    );
    write(
        root,
        "app/models/things.py",
        "import sqlalchemy as sa\nfrom .base import IDColumn, metadata\n\n\
         things = sa.Table(\"things\", metadata, IDColumn())\n",
    );
    write(
        root,
        "app/models/widgets.py",
        "import sqlalchemy as sa\nfrom .base import IDColumn, metadata\n\n\
         widgets = sa.Table(\"widgets\", metadata, IDColumn(), sa.Column(\"label\", sa.Text))\n",
    );
    write(
        root,
        "migrations/env.py",
        "from alembic import context\nimport app.models.things  # noqa\n\
         from app.models.base import metadata\n\ntarget_metadata = metadata\n",
    );
    let doc = models(root);
    for name in ["things", "widgets"] {
        let t = table(&doc, name);
        assert_eq!(column(t, "id")["type"], "bigint", "{name}: {t}");
    }
    assert_eq!(column(table(&doc, "widgets"), "label")["type"], "text");
}

#[test]
fn a_single_table_subclass_in_a_file_read_first_still_joins_its_parents_table() {
    // `app/models/file.py` sorts before `object.py`, which holds the parent; Python makes
    // `Object` first (file.py imports it), so `File`'s columns (and their indexes) are the
    // `object` table's, as create_all() builds it.
    let dir = project();
    let root = dir.path();
    write(root, "app/__init__.py", "");
    write(
        root,
        "app/models/__init__.py",
        "from .base import Base\nfrom .file import File\nfrom .object import Object\n",
    );
    write(root, "app/models/base.py", BASE);
    write(
        root,
        "app/models/object.py",
        "import sqlalchemy as sa\nfrom .base import Base\n\n\nclass Object(Base):\n    \
         __tablename__ = \"object\"\n    id = sa.Column(sa.Integer, primary_key=True)\n    \
         type = sa.Column(sa.String(50))\n    __mapper_args__ = {\"polymorphic_on\": type, \
         \"polymorphic_identity\": \"object\"}\n",
    );
    write(
        root,
        "app/models/file.py",
        "import sqlalchemy as sa\nfrom .object import Object\n\n\nclass File(Object):\n    \
         file_name = sa.Column(sa.String, index=True)\n    __mapper_args__ = \
         {\"polymorphic_identity\": \"file\"}\n",
    );
    write(
        root,
        "migrations/env.py",
        "from alembic import context\nfrom app.models import Base\n\ntarget_metadata = Base.metadata\n",
    );
    let doc = models(root);
    let object = table(&doc, "object");
    assert_eq!(column(object, "file_name")["type"], "character varying");
    assert_eq!(column(object, "file_name")["nullable"], true);
    let indexes = object["indexes"].as_array().unwrap();
    assert!(
        indexes.iter().any(|i| i["name"] == "ix_object_file_name"),
        "{object}"
    );
    assert_eq!(doc["tables"].as_array().unwrap().len(), 1, "{doc}");
}

/// With SQLAlchemy 1.x beside the project, Alembic compares no expression index (its
/// reflection skips them): such a difference is still reported, labelled (also one of a table
/// no model declares); a plain index is compared as before.
#[test]
fn expression_indexes_are_labelled_when_the_projects_sqlalchemy_cannot_reflect_them() {
    let dir = project();
    let root = dir.path();
    write(
        root,
        "migrations/env.py",
        "from app.models import Base\n\ntarget_metadata = Base.metadata\n",
    );
    write(
        root,
        "migrations/versions/a.py",
        "import sqlalchemy as sa\nfrom alembic import op\n\nrevision = 'a'\ndown_revision = None\n\n\n\
         def upgrade():\n    op.create_table('notes', sa.Column('id', sa.Integer, primary_key=True), \
         sa.Column('body', sa.Text), sa.Column('tag', sa.Text))\n    \
         op.execute('CREATE INDEX ix_notes_body ON notes (md5(body))')\n    \
         op.execute('CREATE TABLE scratch (name text)')\n    \
         op.execute('CREATE INDEX ix_scratch_lower ON scratch (lower(name))')\n",
    );
    write(
        root,
        "app/models.py",
        "import sqlalchemy as sa\nfrom sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n\n\n\
         class Note(Base):\n    __tablename__ = 'notes'\n    id = sa.Column(sa.Integer, primary_key=True)\n    \
         body = sa.Column(sa.Text)\n    tag = sa.Column(sa.Text, index=True)\n    \
         __table_args__ = (sa.Index('ix_notes_body', sa.func.lower(body)),)\n",
    );
    // The SQLAlchemy beside the project is the one on its path: not the virtualenv's the
    // tests may run in.
    let drift = |root: &Path| {
        let out = driftlock()
            .args(["drift", "--format", "json"])
            .arg(root)
            .env_remove("VIRTUAL_ENV")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let doc: Value =
            serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
        let items = doc["drift"]
            .as_array()
            .unwrap_or_else(|| panic!("{stderr}"));
        items
            .iter()
            .map(|i| format!("{} {} {}", i["kind"], i["name"], i["detail"]))
            .collect::<Vec<_>>()
    };
    let label = "a comparison Alembic does not make with SQLAlchemy 1.x";
    // No SQLAlchemy known beside the project: today's (2.x) behaviour, unlabelled.
    let current = drift(root);
    assert_eq!(current.len(), 5, "{current:?}");
    assert!(current.iter().all(|i| !i.contains(label)), "{current:?}");
    write(root, "site/SQLAlchemy-1.4.54.dist-info/METADATA", "");
    write(root, "driftlock.toml", "python-path = [\"site\"]\n");
    let old = drift(root);
    assert_eq!(old.len(), 5, "{old:?}");
    let labelled: Vec<&String> = old.iter().filter(|i| i.contains(label)).collect();
    assert_eq!(labelled.len(), 3, "{old:?}");
    // Also an expression index of a table no model declares, which Alembic lists with it.
    assert!(
        labelled
            .iter()
            .all(|i| i.contains("ix_notes_body") || i.contains("ix_scratch_lower")),
        "{old:?}"
    );
    assert!(
        old.iter()
            .any(|i| i.contains("ix_notes_tag") && !i.contains(label)),
        "{old:?}"
    );
}

/// `x: Mapped[Optional[T]] = None` is a nullable column, as if nothing were assigned;
/// another plain value (`= 5`) maps nothing (SQLAlchemy 2.0's declarative scan).
#[test]
fn an_annotated_attribute_set_to_none_is_a_column() {
    let dir = project();
    let root = dir.path();
    write(
        root,
        "migrations/env.py",
        "from app.models import Base\n\ntarget_metadata = Base.metadata\n",
    );
    write(
        root,
        "app/models.py",
        &format!(
            "{BASE}import datetime\nfrom typing import Optional\nfrom sqlalchemy.orm import Mapped, mapped_column\n\n\n\
             class Project(Base):\n    __tablename__ = \"projects\"\n    \
             id: Mapped[int] = mapped_column(primary_key=True)\n    \
             date_from: Mapped[Optional[datetime.datetime]] = None\n    \
             version: Mapped[int] = 5\n"
        ),
    );
    let doc = models(root);
    let t = table(&doc, "projects");
    let date_from = column(t, "date_from");
    assert_eq!(date_from["type"], "timestamp without time zone", "{t}");
    assert_eq!(date_from["nullable"], true, "{t}");
    assert_eq!(t["columns"].as_array().unwrap().len(), 2, "{t}");
}

/// SQLModel fields with a plain default (`= None`, `= 3`, `= False`) are columns, as pydantic
/// fields; a `ClassVar` is not one. Checked against SQLModel 0.0.x's `__table__`.
#[test]
fn sqlmodel_fields_with_plain_defaults_are_columns() {
    let dir = project();
    write(
        dir.path(),
        "migrations/env.py",
        "from alembic import context\nfrom sqlmodel import SQLModel\nfrom app import models\n\
         target_metadata = SQLModel.metadata\n",
    );
    write(dir.path(), "app/__init__.py", "");
    write(
        dir.path(),
        "app/models.py",
        "from typing import ClassVar, Optional\n\nfrom sqlmodel import Field, SQLModel\n\n\n\
         class Thing(SQLModel, table=True):\n    \
         registry_key: ClassVar[str] = \"things\"\n    \
         id: Optional[int] = Field(default=None, primary_key=True)\n    \
         label: Optional[str] = None\n    count: int = 3\n    flag: bool = False\n",
    );
    let doc = models(dir.path());
    let t = table(&doc, "thing");
    let shape: Vec<(String, String, bool)> = t["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap().to_string(),
                c["type"].as_str().unwrap().to_string(),
                c["nullable"].as_bool().unwrap(),
            )
        })
        .collect();
    let expected = [
        ("id", "integer", false),
        ("label", "character varying", true),
        ("count", "integer", false),
        ("flag", "boolean", false),
    ];
    assert_eq!(
        shape,
        expected
            .iter()
            .map(|(n, t, o)| (n.to_string(), t.to_string(), *o))
            .collect::<Vec<_>>(),
        "{t}"
    );
}

/// A framework's base, in an installed package outside the checkout: env.py's metadata comes
/// from the running application, so the search reads the project's modules that import the
/// framework (which declares the base) and says which installed module it took the base from.
#[test]
fn the_search_finds_models_on_an_installed_frameworks_base() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("bot");
    write(
        &root,
        "alembic.ini",
        "[alembic]\nscript_location = %(here)s/migrations\nprepend_sys_path = .\n",
    );
    write(&root, "migrations/versions/.keep", "");
    write(
        &root,
        "migrations/env.py",
        "from alembic import context\n\ntarget_metadata = context.config.attributes[\"metadata\"]\n",
    );
    write(&root, "driftlock.toml", "python-path = [\"../site\"]\n");
    write(
        dir.path(),
        "site/framework/__init__.py",
        "from sqlalchemy.orm import DeclarativeBase\n\n\nclass Model(DeclarativeBase):\n    pass\n",
    );
    write(&root, "bot/__init__.py", "");
    write(
        &root,
        "bot/records.py",
        "import sqlalchemy as sa\nfrom framework import Model\n\n\nclass Record(Model):\n    \
         __tablename__ = \"records\"\n    id = sa.Column(sa.Integer, primary_key=True)\n",
    );
    let (doc, stderr, ok) = run_json(&["models"], &root);
    assert!(ok, "{stderr}");
    assert_eq!(column(table(&doc, "records"), "id")["type"], "integer");
    assert!(
        stderr.contains("1 installed module(s) the project imports (framework)"),
        "{stderr}"
    );
}

/// `Base = registry(metadata=metadata).generate_base()`: its classes are the metadata's
/// tables, whether env.py names the metadata, the registry's or the base's; a class mapped
/// onto a `Table` (`__table__ = t`) declares that table once, not a second time.
#[test]
fn a_registry_given_a_metadata_maps_its_base_onto_it() {
    for target in ["metadata", "mapper_registry.metadata", "Base.metadata"] {
        let dir = project();
        let root = dir.path();
        write(root, "app/__init__.py", "");
        write(
            root,
            "app/base.py",
            "from typing import Any\nimport sqlalchemy as sa\nfrom sqlalchemy.orm import registry\n\n\
             metadata = sa.MetaData()\nmapper_registry = registry(metadata=metadata)\n\
             Base: Any = mapper_registry.generate_base()\n",
        );
        write(
            root,
            "app/models.py",
            "import sqlalchemy as sa\nfrom .base import Base, metadata\n\n\
             users = sa.Table(\"users\", metadata, sa.Column(\"id\", sa.Integer, primary_key=True))\n\n\n\
             class UserRow(Base):\n    __table__ = users\n\n\n\
             class NoteRow(Base):\n    __tablename__ = \"notes\"\n\
             \x20   id = sa.Column(sa.Integer, primary_key=True)\n\
             \x20   user_id = sa.Column(sa.ForeignKey(\"users.id\"))\n",
        );
        write(
            root,
            "migrations/env.py",
            &format!(
                "import app.models  # noqa\nfrom app.base import Base, mapper_registry, metadata\n\n\
                 target_metadata = {target}\n"
            ),
        );
        let out = driftlock().arg("models").arg(root).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{target}: {stderr}");
        assert!(!stderr.contains("model-fails"), "{target}: {stderr}");
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut names: Vec<&str> = table_names(&doc);
        names.sort();
        assert_eq!(names, ["notes", "users"], "{target}: {doc}");
        assert_eq!(column(table(&doc, "notes"), "user_id")["type"], "integer");
    }
}

/// A type decorator whose `impl` is Flask-SQLAlchemy's name for SQLAlchemy's type
/// (`impl = db.DateTime`, `db.String(40)`) is that type.
#[test]
fn a_type_decorator_over_flask_sqlalchemys_names_is_sqlalchemys_type() {
    let dir = project();
    let root = dir.path();
    write(
        root,
        "migrations/env.py",
        "from app.models import db\n\ntarget_metadata = db.metadata\n",
    );
    write(root, "app/__init__.py", "");
    write(
        root,
        "app/models.py",
        "from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n\n\n\
         class UTCDateTime(db.TypeDecorator):\n    impl = db.DateTime\n    cache_ok = True\n\n\n\
         class Code(db.TypeDecorator):\n    impl = db.String(40)\n    cache_ok = True\n\n\n\
         class Event(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n    \
         created_at = db.Column(UTCDateTime(), nullable=False)\n    code = db.Column(Code())\n",
    );
    let doc = models(root);
    let t = table(&doc, "event");
    assert_eq!(
        column(t, "created_at")["type"],
        "timestamp without time zone",
        "{t}"
    );
    assert_eq!(column(t, "code")["type"], "character varying(40)", "{t}");
}

/// Flask-Migrate's env.py takes the metadata from the running application: the application's
/// `SQLAlchemy(metadata=MetaData(naming_convention=...))` names the constraints.
#[test]
fn a_flask_applications_naming_convention_names_its_constraints() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "migrations/alembic.ini",
        "[alembic]\n\n[loggers]\nkeys = root\n",
    );
    write(
        root,
        "migrations/env.py",
        "from alembic import context\nfrom flask import current_app\n\n\
         def get_metadata():\n    return current_app.extensions['migrate'].db.metadata\n\n\n\
         context.configure(target_metadata=get_metadata())\n",
    );
    write(root, "migrations/versions/.keep", "");
    write(
        root,
        "app.py",
        "from flask import Flask\n\nfrom ext import db\nimport models  # noqa\n\napp = Flask(__name__)\ndb.init_app(app)\n",
    );
    write(
        root,
        "ext.py",
        "from flask_sqlalchemy import SQLAlchemy\nfrom sqlalchemy import MetaData\n\n\
         metadata = MetaData(naming_convention={\"pk\": \"pk_%(table_name)s\", \
         \"fk\": \"fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s\"})\n\
         db = SQLAlchemy(metadata=metadata)\n",
    );
    write(
        root,
        "models.py",
        "from ext import db\n\n\nclass Chunk(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n    \
         parent_id = db.Column(db.Integer, db.ForeignKey('chunk.id'))\n",
    );
    let (doc, stderr, ok) = run_json(&["models"], root);
    assert!(ok, "{stderr}");
    let chunk = table(&doc, "chunk");
    assert_eq!(chunk["primary_key"]["name"], "pk_chunk", "{chunk}");
    assert_eq!(
        chunk["foreign_keys"][0]["name"], "fk_chunk_parent_id_chunk",
        "{chunk}"
    );
}

/// A declarative enum recipe: a `TypeDecorator` (beside `SchemaType`) with no class-level
/// `impl`, whose `__init__` sets `self.impl = Enum(*enum.values(), name=...)` from the Python
/// enum's `__members__`, made once per enum class and kept on it (`hasattr` memo); the name
/// comes from a helper that splits the class name at its capitals. (SQLAlchemy 2.0's
/// `create_all()` of these models: `CREATE TYPE node_state_enum AS ENUM ('unused', 'ready',
/// 'idle')`, then the table with a `state node_state_enum NOT NULL` column.)
#[test]
fn a_declarative_enum_type_built_in_its_init_is_a_named_enum() {
    let dir = project();
    let root = dir.path();
    write(
        root,
        "migrations/env.py",
        "from app.models import Base\n\ntarget_metadata = Base.metadata\n",
    );
    write(root, "app/__init__.py", "");
    write(
        root,
        "app/util.py",
        r#"import enum

from sqlalchemy.types import Enum, SchemaType, TypeDecorator


def snake(name):
    chunks = []
    start = 0
    for pos, (before, here) in enumerate(zip((c.isupper() for c in name[:-1]), (c.isupper() for c in name[1:])), start=1):
        if here and not before:
            chunks.append((start, pos))
            start = pos
    chunks.append((start, len(name)))
    lowered = name.lower()
    return "_".join(lowered[a:b] for a, b in chunks)


class DeclEnum(enum.Enum):
    @classmethod
    def db_type(cls):
        if not hasattr(cls, "_db_type"):
            cls._db_type = DeclEnumType(cls)
        return cls._db_type

    @classmethod
    def values(cls):
        return cls.__members__.keys()


class DeclEnumType(SchemaType, TypeDecorator):
    cache_ok = True

    def __init__(self, enum):
        self.enum = enum
        self.impl = Enum(*enum.values(), name=snake(enum.__name__) + "_enum")

    def _set_table(self, table, column):
        self.impl._set_table(table, column)

    def copy(self):
        return DeclEnumType(self.enum)
"#,
    );
    write(
        root,
        "app/models.py",
        &format!(
            "{BASE}\nfrom app.util import DeclEnum\n\n\nclass NodeState(DeclEnum):\n    unused = \"unused\"\n    \
             ready = \"ready\"\n    idle = \"unused\"\n\n\nclass Node(Base):\n    __tablename__ = \"nodes\"\n    \
             id = sa.Column(sa.Integer, primary_key=True)\n    \
             state = sa.Column(NodeState.db_type(), nullable=False)\n"
        ),
    );
    let doc = models(root);
    assert_eq!(
        column(table(&doc, "nodes"), "state")["type"],
        "node_state_enum"
    );
    let e = doc["enums"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "node_state_enum")
        .unwrap_or_else(|| panic!("{doc}"));
    // `__members__` has the alias too (Python's mapping of every name).
    assert_eq!(e["values"], serde_json::json!(["unused", "ready", "idle"]));
}

/// Flask-SQLAlchemy: `__table_args__ = (Index("ix", object_id, object_type),)` naming the
/// class body's `db.Column` attributes is an index on those columns.
#[test]
fn a_flask_models_table_args_index_names_its_column_attributes() {
    let dir = project();
    let root = dir.path();
    write(
        root,
        "migrations/env.py",
        "from app.models import db\n\ntarget_metadata = db.metadata\n",
    );
    write(root, "app/__init__.py", "");
    write(
        root,
        "app/models.py",
        "from flask_sqlalchemy import SQLAlchemy\nfrom sqlalchemy import Index\n\ndb = SQLAlchemy()\n\n\n\
         class PageView(db.Model):\n    __tablename__ = 'pageviews'\n    \
         id = db.Column(db.Integer, primary_key=True)\n    object_id = db.Column(db.Integer)\n    \
         object_type = db.Column(db.String(100))\n    \
         __table_args__ = (Index('object_id_type_index', object_id, object_type), \
         db.Index('ix_type_only', object_type))\n",
    );
    let doc = models(root);
    let t = table(&doc, "pageviews");
    let indexes = t["indexes"].as_array().unwrap();
    let columns = |name: &str| {
        indexes
            .iter()
            .find(|i| i["name"] == name)
            .map(|i| i["columns"].clone())
            .unwrap_or_else(|| panic!("no index {name} in {t}"))
    };
    assert_eq!(
        columns("object_id_type_index"),
        serde_json::json!(["object_id", "object_type"])
    );
    assert_eq!(columns("ix_type_only"), serde_json::json!(["object_type"]));
}

/// A [`project`] whose env.py names `app.models`' `Base`, whose one revision creates each of
/// `tables` (an integer `id` each), and whose `app/models.py` is `models`.
fn run_time_project(tables: &[&str], models: &str) -> tempfile::TempDir {
    let dir = project();
    let root = dir.path();
    write(
        root,
        "migrations/env.py",
        "from app.models import Base\n\ntarget_metadata = Base.metadata\n",
    );
    let creates: String = tables
        .iter()
        .map(|t| {
            format!(
                "    op.create_table(\"{t}\", sa.Column(\"id\", sa.Integer, primary_key=True))\n"
            )
        })
        .collect();
    write(
        root,
        "migrations/versions/a.py",
        &format!("import sqlalchemy as sa\nfrom alembic import op\n\nrevision = \"a\"\ndown_revision = None\n\n\ndef upgrade():\n{creates}"),
    );
    write(root, "app/models.py", models);
    dir
}

/// Functions that build mapped classes (`type(...)`) or tables (`Table(name, metadata)`) from
/// data when the application calls them: each is said where it is (`run-time-tables`), the
/// history's tables the models lack are left out of drift, and a function the module itself
/// calls is read as any table (no finding).
#[test]
fn tables_built_at_run_time_are_said_and_not_drift() {
    let dir = run_time_project(
        &["jobs", "jobs_history", "jobs_audit", "settings"],
        r#"import sqlalchemy as sa
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Job(Base):
    __tablename__ = "jobs"
    id = sa.Column(sa.Integer, primary_key=True)


def history_model(model):
    attributes = {
        "__tablename__": f"{model.__tablename__}_history",
        "id": sa.Column(sa.Integer, primary_key=True),
    }
    return type(f"{model.__name__}History", (Base,), attributes)


def audit_table(name):
    return sa.Table(f"{name}_audit", Base.metadata, sa.Column("id", sa.Integer, primary_key=True))


def keyed_table(name):
    return sa.Table(name, Base.metadata, sa.Column("id", sa.Integer, primary_key=True))


settings = keyed_table("settings")
"#,
    );
    let root = dir.path();
    let (doc, stderr, ok) = run_json(&["models", "--format", "json"], root);
    assert!(ok, "{stderr}");
    let mut tables: Vec<&str> = table_names(&doc);
    tables.sort();
    assert_eq!(tables, ["jobs", "settings"], "{doc}");
    // Each function that did not run is said where it builds (the one the module calls
    // is not).
    let said: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("[run-time-tables]"))
        .collect();
    assert_eq!(said.len(), 2, "{stderr}");
    assert!(said[0].contains("`history_model()`"), "{stderr}");
    assert!(said[1].contains("`audit_table()`"), "{stderr}");
    assert!(
        stderr.contains("app/models.py:17:12") && stderr.contains("app/models.py:21:12"),
        "{stderr}"
    );
    let (doc, stderr, _) = run_json(&["drift", "--format", "json"], root);
    assert_eq!(doc["drift"], serde_json::json!([]), "{doc} {stderr}");
    assert!(
        stderr.contains("2 item(s) of tables the models lack")
            && stderr.contains("(`run-time-tables`)"),
        "{stderr}"
    );
    let (doc, _, _) = run_json(&["check", "--format", "json"], root);
    assert_eq!(doc["drift"], serde_json::json!([]), "{doc}");
}

/// An extension's set-up that calls SQLAlchemy-Continuum's `make_versioned()` when the
/// application starts (imported inside the function): its `transaction` table, which the
/// history creates, is said where it comes from and is not drift.
#[test]
fn versioning_set_up_by_the_application_is_said_and_not_drift() {
    let dir = run_time_project(
        &["jobs", "transaction"],
        r#"import sqlalchemy as sa
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Job(Base):
    __tablename__ = "jobs"
    id = sa.Column(sa.Integer, primary_key=True)


class Versioning:
    def init_app(self, app):
        from sqlalchemy_continuum import make_versioned

        make_versioned(user_cls=None)
"#,
    );
    let root = dir.path();
    let (doc, stderr, ok) = run_json(&["models", "--format", "json"], root);
    assert!(ok, "{stderr}");
    assert_eq!(table_names(&doc), ["jobs"], "{doc}");
    let said: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("[run-time-tables]"))
        .collect();
    assert_eq!(said.len(), 1, "{stderr}");
    assert!(
        said[0].contains("`make_versioned(...)` in `init_app()`"),
        "{stderr}"
    );
    let (doc, stderr, _) = run_json(&["drift", "--format", "json"], root);
    assert_eq!(doc["drift"], serde_json::json!([]), "{doc} {stderr}");
}

/// Unique constraints `CREATE TABLE` drops as repeats of an equal key (PostgreSQL keeps one)
/// are still in the metadata: drift says what Alembic's comparison says of them (a named one
/// by its name, an unnamed one by its columns). This project, migrated and compared with
/// `tests/oracle/compare_metadata.py` (Alembic 1.20.1, SQLAlchemy 2.0.58, PostgreSQL 15),
/// gives the same two items; corpus/prebuilt_tables checks `loans_id_key` in CI.
#[test]
fn keys_create_table_drops_as_repeats_are_drift_as_alembic_says() {
    let dir = project();
    let root = dir.path();
    write(
        root,
        "migrations/env.py",
        "from app.models import Base, Named\n\ntarget_metadata = [Base.metadata, Named.metadata]\n",
    );
    write(
        root,
        "migrations/versions/a.py",
        r#"import sqlalchemy as sa
from alembic import op

revision = "a"
down_revision = None


def upgrade():
    op.create_table("plain", sa.Column("id", sa.Integer, primary_key=True), sa.Column("code", sa.String(8)), sa.UniqueConstraint("code", name="uq_code"))
    op.create_table("named", sa.Column("id", sa.Integer, primary_key=True))
    op.create_table("later", sa.Column("id", sa.Integer, primary_key=True))
    # ALTER TABLE keeps a repeat: the metadata's constraint is there.
    op.create_unique_constraint("uq_later_id", "later", ["id"])
"#,
    );
    write(
        root,
        "app/models.py",
        r#"import sqlalchemy as sa
from sqlalchemy.orm import declarative_base

Base = declarative_base()
Named = declarative_base(metadata=sa.MetaData(naming_convention={"uq": "uq_%(table_name)s_%(column_0_name)s"}))


class Plain(Base):
    __tablename__ = "plain"
    __table_args__ = (sa.UniqueConstraint("code", name="uq_code"),)
    id = sa.Column(sa.Integer, primary_key=True, unique=True)
    code = sa.Column(sa.String(8), unique=True)


class Keyed(Named):
    __tablename__ = "named"
    id = sa.Column(sa.Integer, primary_key=True, unique=True)


class Later(Named):
    __tablename__ = "later"
    id = sa.Column(sa.Integer, primary_key=True, unique=True)
"#,
    );
    let (doc, stderr, _) = run_json(&["drift", "--format", "json"], root);
    let items: Vec<(String, String, String)> = doc["drift"]
        .as_array()
        .unwrap_or_else(|| panic!("{doc} {stderr}"))
        .iter()
        .map(|i| {
            (
                i["kind"].as_str().unwrap().to_string(),
                i["table"].as_str().unwrap().to_string(),
                i["name"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    // `plain.id`'s unnamed repeat of the primary key has no equal unique constraint in the
    // database; `plain.code`'s has one (`uq_code`); `named.id`'s is named by the convention;
    // `later.id`'s was added by ALTER TABLE, which keeps it.
    assert_eq!(
        items,
        [
            (
                "add_constraint".into(),
                "named".into(),
                "uq_named_id".into()
            ),
            (
                "add_constraint".into(),
                "plain".into(),
                "plain_id_key".into()
            ),
        ],
        "{stderr}"
    );
}

/// A plugin whose framework configures Alembic in code has no env.py: `metadata = [...]` in
/// the configuration names its models, and they are read without one; the replay names
/// constraints by that metadata's convention, as Alembic's operations do. Without that setting,
/// driftlock says there is no env.py to read, and what to configure.
#[test]
fn configured_metadata_are_read_without_an_env_py() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "plugin/__init__.py", "");
    write(
        root,
        "plugin/db.py",
        "import sqlalchemy as sa\nfrom sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n\n\
         class Model(DeclarativeBase):\n    \
         metadata = sa.MetaData(naming_convention={'pk': 'pk_%(table_name)s'})\n\n\n\
         class Target(Model):\n    \
         __tablename__ = 'plugin_target'\n    \
         id: Mapped[int] = mapped_column(primary_key=True)\n    \
         name: Mapped[str] = mapped_column(sa.String(64))\n",
    );
    write(
        root,
        "plugin/migrations/0001_first.py",
        "import sqlalchemy as sa\nfrom alembic import op\n\nrevision = '0001'\ndown_revision = None\n\n\n\
         def upgrade():\n    \
         op.create_table('plugin_target', sa.Column('id', sa.Integer(), nullable=False),\n        \
         sa.Column('name', sa.String(64), nullable=False), sa.PrimaryKeyConstraint('id'))\n",
    );
    let run = |args: &[&str]| {
        driftlock()
            .arg("models")
            .arg(root)
            .arg("--migrations")
            .arg(root.join("plugin/migrations"))
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("there is no") && stderr.contains("`metadata"),
        "{stderr}"
    );
    write(
        root,
        "driftlock.toml",
        "metadata = [\"plugin.db:Model.metadata\"]\n",
    );
    let out = run(&[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let t = table(&doc, "plugin_target");
    assert_eq!(column(t, "name")["type"], "character varying(64)");
    assert_eq!(t["primary_key"]["name"], "pk_plugin_target");
    // Alembic's operations take the configured metadata's naming convention too.
    let out = driftlock()
        .arg("schema")
        .arg(root)
        .arg("--migrations")
        .arg(root.join("plugin/migrations"))
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        table(&doc, "plugin_target")["primary_key"]["name"],
        "pk_plugin_target"
    );
}

/// An installed framework's models take a column from a mixin of another installed library
/// (a base library's `HasStandardAttributes`): that module uses SQLAlchemy itself, so it is
/// read though an installed package imported it. The framework also imports a third library
/// that does not use SQLAlchemy (a configuration library), which is not followed; the model
/// is read all the same.
#[test]
fn a_mixin_from_another_installed_library_gives_its_columns() {
    let dir = project();
    let root = dir.path();
    let site = installed_packages(root, &[]);
    write(root, &format!("{site}/baselib/__init__.py"), "");
    write(root, &format!("{site}/baselib/db/__init__.py"), "");
    write(
        root,
        &format!("{site}/baselib/db/attrs.py"),
        "import sqlalchemy as sa\nfrom sqlalchemy.orm import declared_attr\n\n\n\
class HasAttrs:\n    @declared_attr\n    def attr_id(cls):\n        return sa.Column(sa.BigInteger, unique=True, nullable=False)\n",
    );
    write(
        root,
        &format!("{site}/settingslib/__init__.py"),
        "LENGTH = 40\n",
    );
    write(root, &format!("{site}/framework/__init__.py"), "");
    write(
        root,
        &format!("{site}/framework/models.py"),
        "import sqlalchemy as sa\nfrom sqlalchemy.orm import declarative_base\n\n\
from baselib.db import attrs\nimport settingslib\n\nBase = declarative_base()\n\n\n\
class Port(attrs.HasAttrs, Base):\n    __tablename__ = 'ports'\n    id = sa.Column(sa.Integer, primary_key=True)\n    \
name = sa.Column(sa.String(settingslib.LENGTH))\n",
    );
    write(
        root,
        "migrations/env.py",
        "from framework import models\n\ntarget_metadata = models.Base.metadata\n",
    );
    let doc = models(root);
    let ports = table(&doc, "ports");
    assert_eq!(column(ports, "attr_id")["type"], "bigint");
    assert_eq!(column(ports, "attr_id")["nullable"], false);
}

/// The project's own autogenerate command imports models env.py does not (to register them
/// before it compares): they are read as env.py's are.
#[test]
fn models_the_projects_own_autogenerate_command_imports_are_read() {
    let dir = models_project(
        "class Channel(Base):\n    __tablename__ = 'channels'\n    id = sa.Column(sa.Integer, primary_key=True)\n",
    );
    let root = dir.path();
    write(root, "app/__init__.py", "");
    write(
        root,
        "app/jobs.py",
        "import sqlalchemy as sa\nfrom app.models import Base\n\n\n\
class Job(Base):\n    __tablename__ = 'jobs'\n    id = sa.Column(sa.Integer, primary_key=True)\n",
    );
    write(
        root,
        "app/cli.py",
        "from alembic import command\nfrom alembic.config import Config\n\n\n\
def make_migrations(message):\n    from app.jobs import Job  # noqa: F401 (registers the table)\n    \
command.revision(Config('alembic.ini'), message=message, autogenerate=True)\n",
    );
    let doc = models(root);
    table(&doc, "channels");
    table(&doc, "jobs");
}

/// SQLModel maps the `str` subclasses it knows as `str` (a `VARCHAR`, with `max_length` its
/// length): pydantic's `EmailStr`, the `ipaddress` types and `pathlib.Path`, also inside
/// `Optional[...]`. What SQLModel 0.0.x's `get_sqlalchemy_type` gives (`issubclass(type_,
/// (str, IPv4Address, ..., Path, EmailStr))` is `AutoString`).
#[test]
fn sqlmodel_maps_the_string_types_it_knows() {
    let dir = sqlmodel_project(
        r#"from ipaddress import IPv4Address
from pathlib import Path
from typing import Optional

from pydantic import EmailStr
from sqlmodel import Field, SQLModel


class Account(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    email: EmailStr = Field(unique=True, max_length=320)
    backup_email: Optional[EmailStr] = None
    address: IPv4Address | None = None
    home: Path
"#,
    );
    let doc = models(dir.path());
    let account = table(&doc, "account");
    assert_eq!(column(account, "email")["type"], "character varying(320)");
    assert_eq!(column(account, "email")["nullable"], false);
    assert_eq!(column(account, "backup_email")["type"], "character varying");
    assert_eq!(column(account, "backup_email")["nullable"], true);
    assert_eq!(column(account, "address")["type"], "character varying");
    assert_eq!(column(account, "home")["type"], "character varying");
    assert_eq!(column(account, "home")["nullable"], false);
}

/// SQLModel: `Field(sa_type=...)` gives the column's type whatever the annotation is (a
/// pydantic model stored as JSON, a list): the annotation only says whether it may be `None`;
/// a `datetime` given `sa_type=DateTime` stays naive, as SQLModel uses the type given; a key
/// of `sa_column_kwargs` wins over the field's own.
#[test]
fn sqlmodel_sa_type_wins_over_an_annotation_with_no_column_type() {
    let dir = sqlmodel_project(
        r#"from datetime import datetime
from typing import List, Optional

from pydantic import BaseModel
from sqlalchemy import JSON, DateTime
from sqlmodel import Field, SQLModel


class Spec(BaseModel):
    size: int = 0


class Volume(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    spec: Spec = Field(sa_type=JSON)
    tags: Optional[List[str]] = Field(default=None, sa_type=JSON)
    seen_at: datetime = Field(sa_type=DateTime)
    made_at: Optional[datetime] = Field(
        sa_type=DateTime, sa_column_kwargs={"nullable": False}, default=None
    )
"#,
    );
    let doc = models(dir.path());
    let volume = table(&doc, "volume");
    assert_eq!(column(volume, "spec")["type"], "json");
    assert_eq!(column(volume, "spec")["nullable"], false);
    assert_eq!(column(volume, "tags")["type"], "json");
    assert_eq!(column(volume, "tags")["nullable"], true);
    assert_eq!(
        column(volume, "seen_at")["type"],
        "timestamp without time zone"
    );
    // `sa_column_kwargs` updates the Column's keywords: its `nullable` wins.
    assert_eq!(column(volume, "made_at")["nullable"], false);
}

/// A naming convention env.py assigns to the metadata counts for the models imported after it
/// (`corpus/env_convention`, checked against `create_all()` by the models oracle), and not for
/// models imported before it: SQLAlchemy names a constraint when it joins its table.
#[test]
fn env_py_convention_names_only_the_models_imported_after_it() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&common::corpus_dir().join("env_convention"), dir.path());
    let pk = |doc: &Value, name: &str| table(doc, name)["primary_key"]["name"].clone();
    let doc = models(dir.path());
    assert_eq!(pk(&doc, "shelves"), "pk_shelves");
    assert_eq!(
        table(&doc, "items")["check_constraints"][0]["name"],
        "ck_items_positive_qty"
    );
    let env = dir.path().join("migrations/env.py");
    let text = std::fs::read_to_string(&env).unwrap();
    let import = "import kiosk.models  # noqa: E402,F401  (after the convention)\n";
    assert!(text.contains(import));
    let before = text.replace(import, "").replace(
        "from kiosk.db import Base\n",
        "from kiosk.db import Base\nimport kiosk.models\n",
    );
    std::fs::write(&env, before).unwrap();
    let doc = models(dir.path());
    assert_eq!(pk(&doc, "shelves"), "shelves_pkey");
    assert_eq!(
        table(&doc, "items")["check_constraints"][0]["name"],
        "positive_qty"
    );
}

/// An installed library that imports modules by names it computes (its own submodules) and
/// does not use SQLAlchemy cannot import the project's models: the modules read stay those
/// Python imports, and a module env.py never imports is named, not read. Such an import in
/// the project's own code (env.py) could import any module: then the module is read, and the
/// finding says which import decided it.
#[test]
fn only_the_projects_own_unfollowed_imports_open_the_models_read() {
    let dir = db_base_project("app.tracking.models", "");
    let root = dir.path();
    let site = installed_packages(root, &[]);
    write(
        root,
        &format!("{site}/compatlib/__init__.py"),
        "import importlib\nimport sys\n\nfor name in sys.argv[1:]:\n    importlib.import_module('compatlib.' + name)\n",
    );
    for init in ["app/tracking", "app/workspace"] {
        write(root, &format!("{init}/__init__.py"), "");
    }
    let tracking = format!(
        "import compatlib  # noqa: F401\n{}",
        model_module("app.db.base", "Run", "runs")
    );
    write(root, "app/tracking/models.py", &tracking);
    write(
        root,
        "app/workspace/models.py",
        &model_module("app.db.base", "Workspace", "workspaces"),
    );
    let names = |doc: &Value| -> Vec<String> {
        doc["tables"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap().to_string())
            .collect()
    };
    let (doc, stderr, ok) = run_json(&["models", "--format", "json"], root);
    assert!(ok, "{stderr}");
    assert_eq!(names(&doc), ["runs"], "{stderr}");
    assert!(stderr.contains("proposes to drop them"), "{stderr}");
    let env = std::fs::read_to_string(root.join("migrations/env.py")).unwrap();
    write(
        root,
        "migrations/env.py",
        &format!("import importlib, os\n{env}\nfor name in os.environ.get('APP_PLUGINS', '').split(','):\n    importlib.import_module(name)\n"),
    );
    let (doc, stderr, ok) = run_json(&["models", "--format", "json"], root);
    assert!(ok, "{stderr}");
    assert_eq!(names(&doc), ["runs", "workspaces"], "{stderr}");
    assert!(
        stderr.contains("an import driftlock cannot follow decides which modules Python imports")
            && stderr.contains("migrations/env.py:"),
        "{stderr}"
    );
}

/// A SQLModel field is any annotated attribute with a default, whatever the default is (an
/// enum member, `None`, a value driftlock does not know); a relationship, a `ClassVar` and
/// a property are not fields.
#[test]
fn sqlmodel_fields_with_any_default_are_columns() {
    let dir = sqlmodel_project(
        r#"import enum
from typing import ClassVar, Optional

from sqlmodel import Field, Relationship, SQLModel

from app.settings import DEFAULT_NOTE


class Status(str, enum.Enum):
    NEW = "new"


class Job(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    status: str = Status.NEW
    note: Optional[str] = DEFAULT_NOTE
    kind: ClassVar[str] = "job"
    owner: Optional["Job"] = Relationship()

    @property
    def label(self) -> str:
        return self.status
"#,
    );
    write(
        dir.path(),
        "app/settings.py",
        "import os\n\nDEFAULT_NOTE = os.environ['NOTE']\n",
    );
    let doc = models(dir.path());
    let job = table(&doc, "job");
    let names: Vec<&str> = job["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["id", "status", "note"]);
    assert_eq!(column(job, "status")["nullable"], false);
    assert_eq!(column(job, "note")["nullable"], true);
}

/// A `UniqueConstraint` made in a mapped class's body over its own columns, bound to no name,
/// joins the table when the columns do (one over column names joins nothing), and a column
/// passed through `typing.cast(...)` is the column.
#[test]
fn constraints_made_in_the_class_body_over_its_columns_join_its_table() {
    let dir = models_project(
        "from typing import Any, cast\n\n\n\
class Consent(Base):\n    __tablename__ = 'consent'\n    \
id = sa.Column(sa.Integer, primary_key=True)\n    \
identity_id = sa.Column(sa.Integer)\n    \
data_use = sa.Column(sa.String)\n    \
extra: dict[str, Any] = cast(dict[str, Any], sa.Column(sa.JSON, nullable=False))\n\n    \
sa.UniqueConstraint(identity_id, data_use, name='uix_identity_data_use')\n    \
sa.UniqueConstraint('data_use', name='attached_to_nothing')\n",
    );
    let doc = models(dir.path());
    let consent = table(&doc, "consent");
    assert_eq!(column(consent, "extra")["type"], "json");
    assert_eq!(
        consent["unique_constraints"],
        serde_json::json!([{"name": "uix_identity_data_use", "columns": ["identity_id", "data_use"]}])
    );
}

/// env.py's `target_metadata` cannot be evaluated and the search finds no mapped class (a
/// framework that names its tables at run time): the models are not read, so drift does not
/// report the migrations' tables as missing from them.
#[test]
fn models_that_could_not_be_read_are_not_reported_missing() {
    let dir = project();
    let root = dir.path();
    write(
        root,
        "migrations/env.py",
        "from framework import metadatas\n\ntarget_metadata = metadatas()[\"main\"]\n",
    );
    write(
        root,
        "migrations/versions/0001_notes.py",
        "import sqlalchemy as sa\nfrom alembic import op\n\nrevision = '0001'\ndown_revision = None\n\n\n\
def upgrade():\n    op.create_table('notes', sa.Column('id', sa.Integer, primary_key=True))\n",
    );
    let (doc, stderr, _) = run_json(&["drift", "--format", "json"], root);
    assert!(stderr.contains("drift cannot be compared"), "{stderr}");
    assert_eq!(doc["drift"], serde_json::json!([]), "{stderr}");
}

/// `~` on an SQL expression negates it as SQLAlchemy writes it: `~c.in_([...])` is `c NOT IN
/// (...)`, which PostgreSQL keeps as `<> ALL` (checked against `create_all()` on PostgreSQL);
/// `~c.is_(None)` is `IS NOT NULL`, `~(a == b)` is `a != b`; anything else `NOT (...)`.
#[test]
fn inverted_sql_expressions_are_their_negation() {
    let dir = models_project(
        "class Run(Base):\n    __tablename__ = 'runs'\n    \
id = sa.Column(sa.Integer, primary_key=True)\n    \
status = sa.Column(sa.String)\n    \
__table_args__ = (\n        \
sa.Index('ix_open', 'id', postgresql_where=~sa.column('status').in_(['done', 'failed'])),\n        \
sa.Index('ix_set', 'id', postgresql_where=~sa.column('status').is_(None)),\n        \
sa.Index('ix_not', 'id', postgresql_where=~(sa.column('status') == 'x')),\n    )\n",
    );
    let doc = models(dir.path());
    let wheres: Vec<&str> = table(&doc, "runs")["indexes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["where"].as_str().unwrap())
        .collect();
    assert_eq!(
        wheres,
        [
            "status <> 'x'",
            "status <> ALL (ARRAY['done', 'failed'])",
            "status IS NOT NULL"
        ]
    );
}

/// `importlib.import_module(".main", package=__spec__.parent)`, a library's lazy import of
/// its own submodule (a PEP 562 `__getattr__`), imports that submodule: not a module of
/// the checkout with the same last name, whose imports would add models Python never
/// imports.
#[test]
fn a_relative_import_module_starts_from_its_package() {
    let dir = db_base_project("app.models", "");
    let root = dir.path();
    let site = installed_packages(root, &["."]);
    write(
        root,
        &format!("{site}/lazylib/__init__.py"),
        "from importlib import import_module\n\n_dynamic = {'Thing': (__spec__.parent, '.main'), 'Other': (__package__, '.other')}\n\n\ndef __getattr__(name):\n    package, module_name = _dynamic[name]\n    module = import_module(module_name, package=package)\n    return getattr(module, name)\n",
    );
    write(
        root,
        &format!("{site}/lazylib/main.py"),
        "class Thing:\n    label = 'thing'\n",
    );
    write(
        root,
        &format!("{site}/lazylib/other.py"),
        "class Other:\n    label = 'other'\n",
    );
    // The application's entry point, beside the package: it imports every model module.
    write(
        root,
        "main.py",
        "import sqlalchemy  # noqa: F401\n\nimport app.admin  # noqa: F401\n",
    );
    write(
        root,
        "app/admin.py",
        &model_module("app.db.base", "Admin", "admins"),
    );
    let models = format!(
        "from lazylib import Other, Thing\n{}\n    label = sa.Column(sa.String, server_default=Thing.label)\n    kind = sa.Column(sa.String, server_default=Other.label)\n",
        model_module("app.db.base", "Run", "runs")
    );
    write(root, "app/models.py", &models);
    let (doc, stderr, ok) = run_json(&["models", "--format", "json"], root);
    assert!(ok, "{stderr}");
    let tables = doc["tables"].as_array().unwrap();
    let names = table_names(&doc);
    assert_eq!(names, ["runs"], "{stderr}");
    let defaults: Vec<&str> = tables[0]["columns"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["default"].as_str())
        .collect();
    assert_eq!(
        defaults,
        [
            "nextval('runs_id_seq'::regclass)",
            "'thing'::character varying",
            "'other'::character varying"
        ],
        "{stderr}"
    );
}

/// pydantic is known by name, never read: `EmailStr` stays the type SQLModel maps to a
/// string (whatever pydantic's lazy `__getattr__` would import), and its version is the
/// installed distribution's (`pydantic.VERSION`, `pydantic.__version__`), not its source's.
#[test]
fn pydantic_is_known_by_name_and_its_version_is_the_installed_one() {
    let dir = sqlmodel_project(
        r#"import pydantic
from pydantic import VERSION, EmailStr
from sqlmodel import Field, SQLModel

if VERSION.startswith("2.") and pydantic.__version__ == "2.11.7":

    class Account(SQLModel, table=True):
        id: int | None = Field(default=None, primary_key=True)
        email: EmailStr
"#,
    );
    let root = dir.path();
    let site = installed_packages(root, &[]);
    write(
        root,
        &format!("{site}/pydantic-2.11.7.dist-info/METADATA"),
        "",
    );
    // Never read: its own version and types would say otherwise.
    write(
        root,
        &format!("{site}/pydantic/__init__.py"),
        "VERSION = '1.10.0'\n__version__ = VERSION\n\n\nclass EmailStr:\n    pass\n",
    );
    let doc = models(root);
    let tables = doc["tables"].as_array().unwrap();
    assert_eq!(tables.len(), 1, "{doc}");
    assert_eq!(tables[0]["name"], "account");
    assert_eq!(tables[0]["columns"][1]["name"], "email");
    assert_eq!(tables[0]["columns"][1]["type"], "character varying");
}

/// `table.c["name"]` is the column `name`, as `table.c.name` is: in an `Index` made apart
/// and in an expression (`postgresql_where`).
#[test]
fn a_column_by_subscript_is_the_named_column() {
    let dir = project();
    let root = dir.path();
    write(
        root,
        "migrations/env.py",
        "from app.models import metadata\n\ntarget_metadata = metadata\n",
    );
    write(root, "app/__init__.py", "");
    write(
        root,
        "app/models.py",
        r#"import sqlalchemy as sa

metadata = sa.MetaData()

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("email", sa.String(200)),
    sa.Column("active", sa.Boolean),
)
sa.Index("ix_users_email", users.c["email"], postgresql_where=users.c["active"])
"#,
    );
    let doc = models(root);
    let indexes = &doc["tables"][0]["indexes"];
    assert_eq!(indexes[0]["name"], "ix_users_email", "{doc}");
    assert_eq!(indexes[0]["columns"], serde_json::json!(["email"]), "{doc}");
    assert_eq!(indexes[0]["where"], "active", "{doc}");
}

/// An env.py without functions that calls `context.configure(target_metadata=...)` at its
/// top level: the metadata of that call is what autogenerate compares (here one base of two
/// the package declares), with no `target_metadata` name bound anywhere.
#[test]
fn a_configure_call_at_env_py_top_level_names_the_metadata() {
    let dir = project();
    let root = dir.path();
    write(
        root,
        "migrations/env.py",
        "from alembic import context\n\nfrom app.models import Base\n\ncontext.configure(url=\"postgresql://\", target_metadata=Base.metadata)\nwith context.begin_transaction():\n    context.run_migrations()\n",
    );
    write(
        root,
        "app/models.py",
        &format!("{BASE}\n\nclass Run(Base):\n    __tablename__ = \"runs\"\n    id = sa.Column(sa.Integer, primary_key=True)\n"),
    );
    write(
        root,
        "app/audit.py",
        &format!("{BASE}\n\nclass Event(Base):\n    __tablename__ = \"events\"\n    id = sa.Column(sa.Integer, primary_key=True)\n"),
    );
    let (doc, stderr, ok) = run_json(&["models", "--format", "json"], root);
    assert!(ok, "{stderr}");
    let names: Vec<&str> = table_names(&doc);
    assert_eq!(names, ["runs"], "{stderr}");
}

/// The checkout's own modules are followed apart from installed packages': a library whose
/// `__init__` imports hundreds of its own modules (and none of them SQLAlchemy) spends no
/// budget the checkout's models need, and it is itself followed only so far.
#[test]
fn a_library_that_imports_its_whole_tree_leaves_the_checkout_readable() {
    let dir = project();
    let root = dir.path();
    let site = installed_packages(root, &["."]);
    let many = 2000;
    let imports: String = (0..many)
        .map(|i| format!("from . import m{i}  # noqa\n"))
        .collect();
    write(root, &format!("{site}/biglib/__init__.py"), &imports);
    for i in 0..many {
        write(root, &format!("{site}/biglib/m{i}.py"), "VALUE = 1\n");
    }
    write(
        root,
        "migrations/env.py",
        "from app.db.base import Base\nimport app.models  # noqa\n\ntarget_metadata = Base.metadata\n",
    );
    write(root, "app/__init__.py", "");
    write(root, "app/db/__init__.py", "");
    write(
        root,
        "app/db/base.py",
        "from sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n",
    );
    // The models, reached past a chain of the checkout's own modules.
    let depth = 900;
    for i in 0..depth {
        write(
            root,
            &format!("app/chain/c{i}.py"),
            &format!("import app.chain.c{}  # noqa\n", i + 1),
        );
    }
    write(root, "app/chain/__init__.py", "");
    write(
        root,
        &format!("app/chain/c{depth}.py"),
        &model_module("app.db.base", "Deep", "deep_things"),
    );
    // The library first, then the chain; a model of its own, so that the base has tables
    // whether or not the chain is read.
    let models = format!(
        "import biglib  # noqa\nimport app.chain.c0  # noqa\n{}",
        model_module("app.db.base", "Shallow", "shallow_things")
    );
    write(root, "app/models.py", &models);
    let (doc, stderr, ok) = run_json(&["models", "--format", "json"], root);
    assert!(ok, "{stderr}");
    let names: Vec<&str> = table_names(&doc);
    assert_eq!(names, ["deep_things", "shallow_things"], "{stderr}");
}

/// Python runs a metaclass's `__new__` and a base's `__init_subclass__` when it makes a class:
/// a constant class whose members a loop over `__values__` makes (used in a server default
/// and a partial index), and an abstract base that names its subclasses' tables from a
/// keyword of their class statement. A hook that cannot be followed changes nothing.
#[test]
fn class_creation_hooks_make_members_and_table_names() {
    let dir = models_project(
        "\n\nclass _ConstantsMeta(type):\n    def __new__(mcs, name, bases, namespace):\n        for value in namespace.get('__values__', []):\n            namespace[value.upper()] = value\n        return super().__new__(mcs, name, bases, namespace)\n\n\nclass Constants(metaclass=_ConstantsMeta):\n    pass\n\n\nclass State(Constants):\n    __values__ = ['active', 'deleted']\n\n\nclass Prefixed(Base):\n    __abstract__ = True\n\n    def __init_subclass__(cls, prefix='app', **kwargs):\n        cls.__tablename__ = f'{prefix}_{cls.__name__.lower()}'\n        super().__init_subclass__(**kwargs)\n\n\nclass Item(Prefixed, prefix='shop'):\n    id = sa.Column(sa.Integer, primary_key=True)\n    state = sa.Column(sa.String(10), server_default=State.ACTIVE)\n    __table_args__ = (sa.Index('ix_item_live', 'id', postgresql_where=sa.column('state') == State.ACTIVE),)\n\n\nclass Order(Prefixed):\n    id = sa.Column(sa.Integer, primary_key=True)\n",
    );
    let doc = models(dir.path());
    assert_eq!(table_names(&doc), ["app_order", "shop_item"], "{doc}");
    let item = table(&doc, "shop_item");
    assert_eq!(
        column(item, "state")["default"],
        "'active'::character varying",
        "{item}"
    );
    let index = &item["indexes"][0];
    assert_eq!(index["name"], "ix_item_live", "{item}");
    assert_eq!(index["where"], "state = 'active'", "{item}");
}

/// A Flask-SQLAlchemy subclass that adds a type through `__getattr__` (`db.UTCDateTime`, the
/// rest left to Flask-SQLAlchemy by `super().__getattr__(name)`), a type decorator whose
/// `__init__` takes its `impl` when one is given (`impl=db.Integer()`, an instance, so true),
/// and a naming convention kept in SQLAlchemy's `util.immutabledict`.
#[test]
fn a_database_objects_getattr_and_an_immutable_convention_are_read() {
    let dir = project();
    let root = dir.path();
    write(
        root,
        "migrations/env.py",
        "from app.models import db\n\ntarget_metadata = db.metadata\n",
    );
    write(root, "app/__init__.py", "");
    write(
        root,
        "app/db.py",
        "import sqlalchemy as sa\nfrom flask_sqlalchemy import SQLAlchemy as FlaskSQLAlchemy\nfrom sqlalchemy import util\n\n\
         CONVENTION = util.immutabledict({'pk': 'pk_%(table_name)s'})\n\n\n\
         class UTCDateTime(sa.types.TypeDecorator):\n    impl = sa.DateTime(timezone=True)\n    cache_ok = True\n\n\n\
         class Choice(sa.types.TypeDecorator):\n    impl = sa.Unicode(255)\n    cache_ok = True\n\n    \
         def __init__(self, choices, impl=None):\n        self.choices = choices\n        if impl:\n            self.impl = impl\n\n\n\
         class SQLAlchemy(FlaskSQLAlchemy):\n    def __getattr__(self, name):\n        if name == 'UTCDateTime':\n            return UTCDateTime\n        return super().__getattr__(name)\n\n\n\
         db = SQLAlchemy(metadata=sa.MetaData(naming_convention=CONVENTION))\n",
    );
    write(
        root,
        "app/models.py",
        "from app.db import Choice, db\n\n\nclass Domain(db.Model):\n    __tablename__ = 'domains'\n    id = db.Column(db.Integer, primary_key=True)\n    created = db.Column(db.UTCDateTime, nullable=False)\n    status = db.Column(Choice(['new', 'old'], impl=db.Integer()), nullable=False)\n",
    );
    let doc = models(root);
    let domains = table(&doc, "domains");
    assert_eq!(
        column(domains, "created")["type"],
        "timestamp with time zone",
        "{domains}"
    );
    assert_eq!(column(domains, "status")["type"], "integer", "{domains}");
    assert_eq!(domains["primary_key"]["name"], "pk_domains", "{domains}");
}

/// `db.ForeignKey(Role.id)` where `id` is an SQLAlchemy hybrid property over the column
/// `_id` (named `id`), with a setter: at class level the hybrid is its getter run with the
/// class, the column; the setter does not replace it.
#[test]
fn a_foreign_key_to_a_hybrid_property_references_its_column() {
    let dir = models_project(
        "from sqlalchemy.ext.hybrid import hybrid_property\n\n\n\
         class Role(Base):\n    __tablename__ = 'roles'\n    _id = sa.Column('id', sa.String(80), primary_key=True)\n\n    \
         @hybrid_property\n    def id(self):\n        return self._id\n\n    \
         @id.setter\n    def id(self, value):\n        self._id = value.lower()\n\n\n\
         class Grant(Base):\n    __tablename__ = 'grants'\n    id = sa.Column(sa.Integer, primary_key=True)\n    \
         role_id = sa.Column(sa.String(80), sa.ForeignKey(Role.id, ondelete='CASCADE'), nullable=False)\n",
    );
    let doc = models(dir.path());
    let grants = table(&doc, "grants");
    let fk = &grants["foreign_keys"][0];
    assert_eq!(fk["references"]["table"], "roles", "{grants}");
    assert_eq!(
        fk["references"]["columns"],
        serde_json::json!(["id"]),
        "{grants}"
    );
}

/// A plugin framework's model base names each subclass's table after the plugin its module
/// belongs to (NoneBot's `get_plugin_by_module_name`, whose registry only the running bot
/// fills): a package that declares `__plugin_meta__` is a plugin, named by its last dotted
/// part; a module outside one belongs to none. The name is set by a helper the base's
/// `__init_subclass__` passes `cls` to, before SQLAlchemy maps the class.
#[test]
fn a_plugin_frameworks_model_base_names_tables_after_the_plugin() {
    let dir = project();
    let root = dir.path();
    let site = installed_packages(root, &[]);
    write(
        root,
        &format!("{site}/nonebot/__init__.py"),
        "from nonebot.plugin import get_plugin_by_module_name as get_plugin_by_module_name\n",
    );
    write(
        root,
        &format!("{site}/nonebot/plugin/__init__.py"),
        r#"_plugins = {}


def get_plugin_by_module_name(module_name):
    loaded = {plugin.module_name: plugin for plugin in _plugins.values()}
    has_parent = True
    while has_parent:
        if module_name in loaded:
            return loaded[module_name]
        module_name, *has_parent = module_name.rsplit(".", 1)
"#,
    );
    write(
        root,
        &format!("{site}/bot_orm/__init__.py"),
        r#"from nonebot import get_plugin_by_module_name
from sqlalchemy.orm import DeclarativeBase


class Model(DeclarativeBase):
    def __init_subclass__(cls, **kwargs):
        _setup_tablename(cls)
        super().__init_subclass__(**kwargs)


def _setup_tablename(cls):
    for attr in ("__abstract__", "__tablename__", "__table__"):
        if getattr(cls, attr, None):
            return
    cls.__tablename__ = cls.__name__.lower()
    if plugin := get_plugin_by_module_name(cls.__module__):
        cls.__tablename__ = f"{plugin.name.replace('-', '_')}_{cls.__tablename__}"
"#,
    );
    write(
        root,
        "weather/__init__.py",
        "from . import models  # noqa: F401\n\n__plugin_meta__ = {\"name\": \"Weather\"}\n",
    );
    let model = |class: &str| {
        format!("from bot_orm import Model\nfrom sqlalchemy.orm import Mapped, mapped_column\n\n\nclass {class}(Model):\n    id: Mapped[int] = mapped_column(primary_key=True)\n    city: Mapped[str]\n")
    };
    write(root, "weather/models.py", &model("Forecast"));
    write(root, "shared/__init__.py", "");
    write(root, "shared/models.py", &model("Setting"));
    write(
        root,
        "migrations/env.py",
        "from bot_orm import Model\n\nimport shared.models  # noqa: F401\nimport weather  # noqa: F401\n\ntarget_metadata = Model.metadata\n",
    );
    let (doc, stderr, ok) = run_json(&["models"], root);
    assert!(ok, "{stderr}");
    assert_eq!(
        table_names(&doc),
        vec!["setting", "weather_forecast"],
        "{stderr}"
    );
}

/// A guard at the top of env.py that raises when an environment variable is unset (as it is
/// for driftlock): Alembic's run got past it, so the metadata env.py passes after it is read,
/// and the guard is said.
#[test]
fn a_guard_that_raises_at_the_top_of_env_py_is_passed_and_said() {
    let dir = models_project(
        "class Task(Base):\n    __tablename__ = \"tasks\"\n    id = sa.Column(sa.Integer, primary_key=True)\n",
    );
    let root = dir.path();
    write(
        root,
        "migrations/env.py",
        "import os\nfrom alembic import context\nfrom app.models import Base\n\nconfig = context.config\nurl = os.getenv(\"DATABASE_URL\")\nif not url:\n    raise RuntimeError(\"DATABASE_URL is not set\")\nconfig.set_main_option(\"sqlalchemy.url\", url)\n\ntarget_metadata = Base.metadata\n\ncontext.configure(url=url, target_metadata=target_metadata)\n",
    );
    let out = driftlock().arg("models").arg(root).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{err}");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(table_names(&doc), ["tasks"], "{err}");
    assert!(err.contains("[guard-passed]"), "{err}");
    assert!(err.contains("env.py:8"), "{err}");
    assert!(!err.contains("passes no `target_metadata`"), "{err}");
}
