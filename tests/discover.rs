//! Discovery of the Alembic setup in the layouts real projects use.

use std::path::Path;

use driftlock::discover::{discover, revision_files, DiscoverOptions, Layout};

fn write(dir: &Path, rel: &str, content: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, content).unwrap();
}

fn files(root: &Path) -> Vec<String> {
    let project = discover(root, &DiscoverOptions::default()).unwrap();
    revision_files(&project)
        .iter()
        .map(|f| driftlock::source::display_path(&project.root, &f.path))
        .collect()
}

#[test]
fn ini_with_separators_recursion_and_interpolation() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "alembic.ini",
        "[DEFAULT]\nbase = %(here)s/db\n\n[alembic]\nscript_location = %(base)s\n\
         path_separator = newline\nversion_locations =\n    %(base)s/versions\n    %(here)s/extra dir\n\
         recursive_version_locations = true\n",
    );
    write(root, "db/env.py", "");
    write(root, "db/versions/a.py", "");
    write(root, "db/versions/2024/01/b.py", "");
    write(root, "db/versions/__pycache__/c.py", "");
    write(root, "extra dir/d.py", "");
    // In Alembic's load order: a folder's own files, then its sub-folders (os.walk, top down).
    assert_eq!(
        files(root),
        [
            "db/versions/a.py",
            "db/versions/2024/01/b.py",
            "extra dir/d.py"
        ]
    );
}

#[test]
fn legacy_separator_and_unknown_separator() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "alembic.ini",
        "[alembic]\nscript_location = m\nversion_locations = m/v1, m/v2\n",
    );
    write(root, "m/env.py", "");
    write(root, "m/v1/a.py", "");
    write(root, "m/v2/b.py", "");
    assert_eq!(files(root), ["m/v1/a.py", "m/v2/b.py"]);
    write(
        root,
        "alembic.ini",
        "[alembic]\nscript_location = m\nversion_locations = m/v1\npath_separator = |\n",
    );
    let err = discover(root, &DiscoverOptions::default()).unwrap_err();
    assert!(err.message.contains("unknown path separator"), "{err}");
    assert_eq!(err.place.unwrap().line, 4);
}

#[test]
fn pyproject_tool_alembic() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "pyproject.toml",
        "[project]\nname = 'x'\n\n[tool.alembic]\nscript_location = \"%(here)s/db\"\n\
         version_locations = [\"%(here)s/db/versions\", \"%(here)s/more\"]\n",
    );
    write(root, "db/env.py", "");
    write(root, "db/versions/a.py", "");
    write(root, "more/b.py", "");
    let project = discover(root, &DiscoverOptions::default()).unwrap();
    assert!(matches!(project.layout, Layout::Pyproject(_)));
    assert_eq!(files(root), ["db/versions/a.py", "more/b.py"]);
}

#[test]
fn ini_settings_win_over_pyproject() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "alembic.ini",
        "[alembic]\nscript_location = %(here)s/a\n",
    );
    write(
        root,
        "pyproject.toml",
        "[tool.alembic]\nscript_location = \"b\"\nversion_locations = [\"%(here)s/c\"]\n",
    );
    write(root, "a/env.py", "");
    write(root, "c/x.py", "");
    let project = discover(root, &DiscoverOptions::default()).unwrap();
    assert!(project.script_location.ends_with("a"));
    assert_eq!(files(root), ["c/x.py"]);
}

#[test]
fn flask_migrate_layout() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "migrations/alembic.ini",
        "[alembic]\n# template used to generate migration files\n\n[loggers]\nkeys = root\n",
    );
    write(root, "migrations/env.py", "");
    write(root, "migrations/versions/a.py", "");
    let project = discover(root, &DiscoverOptions::default()).unwrap();
    assert!(matches!(project.layout, Layout::FlaskMigrate(_)));
    assert_eq!(files(root), ["migrations/versions/a.py"]);
}

#[test]
fn package_resource_script_location() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "alembic.ini",
        "[alembic]\nscript_location = myapp.db:migrations\n",
    );
    write(root, "src/myapp/db/migrations/env.py", "");
    write(root, "src/myapp/db/migrations/versions/a.py", "");
    assert_eq!(files(root), ["src/myapp/db/migrations/versions/a.py"]);
}

#[test]
fn nested_script_directory_and_ambiguity() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "app/alembic/env.py", "");
    write(root, "app/alembic/versions/a.py", "");
    assert_eq!(files(root), ["app/alembic/versions/a.py"]);
    write(root, "other/env.py", "");
    write(root, "other/versions/b.py", "");
    let err = discover(root, &DiscoverOptions::default()).unwrap_err();
    assert!(
        err.message.contains("several Alembic script directories"),
        "{err}"
    );
    assert!(
        err.message.contains("app/alembic") && err.message.contains("other"),
        "{err}"
    );
}

#[test]
fn unresolvable_script_location_points_at_the_setting() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "alembic.ini",
        "[alembic]\n\nscript_location = nowhere\n",
    );
    let err = discover(root, &DiscoverOptions::default()).unwrap_err();
    assert!(
        err.message.contains("`nowhere` is not a directory"),
        "{err}"
    );
    assert_eq!(err.place.unwrap().line, 3);
}

/// A script location inside an installed package whose top folder is a namespace package (no
/// `__init__.py`) imports by its installed name: the `site-packages` folder is on the path,
/// whether or not driftlock runs in that virtualenv.
#[test]
fn a_script_location_in_an_installed_namespace_package_imports_from_site_packages() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("lib/python3.11/site-packages");
    write(&site, "tool/migrations/__init__.py", "");
    write(&site, "tool/migrations/env.py", "target_metadata = None\n");
    write(&site, "tool/migrations/versions/.keep", "");
    let project = discover(&site.join("tool/migrations"), &DiscoverOptions::default()).unwrap();
    assert!(
        project.python_path.contains(&site),
        "{:?}",
        project.python_path
    );
}

/// `version-locations` in driftlock's settings replaces the Alembic configuration's (an
/// application that composes them at run time): folders of the checkout and package
/// resources found on the Python path; one that is not a folder is said, the configuration's
/// own (never read now) no longer is; the package around a location outside the checkout is
/// the project's too.
#[test]
fn version_locations_setting_replaces_the_configurations() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("app");
    write(
        &root,
        "alembic.ini",
        "[alembic]\nscript_location = %(here)s/framework_env\n",
    );
    write(&root, "framework_env/env.py", "");
    write(&root, "local/a.py", "");
    write(dir.path(), "site/plugin/__init__.py", "");
    write(dir.path(), "site/plugin/migrations/b.py", "");
    write(
        &root,
        "driftlock.toml",
        "python-path = [\"../site\"]\nversion-locations = [\"local\", \"plugin:migrations\", \"gone\"]\n",
    );
    let ws = driftlock::workspace::Workspace::open(&root, &DiscoverOptions::default(), None, &[])
        .unwrap();
    let shown: Vec<String> = revision_files(&ws.project)
        .iter()
        .map(|f| driftlock::source::display_path(&ws.project.root, &f.path))
        .collect();
    assert_eq!(shown.len(), 2, "{shown:?}");
    assert_eq!(shown[0], "local/a.py");
    assert!(
        shown[1].ends_with("site/plugin/migrations/b.py"),
        "{shown:?}"
    );
    let problems: Vec<&str> = ws
        .project
        .problems
        .iter()
        .map(|p| p.message.as_str())
        .collect();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("`gone`"), "{problems:?}");
    assert!(ws
        .project
        .source_dirs
        .iter()
        .any(|d| d.ends_with("site/plugin")));
}

/// A shipped `alembic.ini` whose `script_location` does not exist (the application sets it in
/// code): the one script directory beside the config file is read, with a warning; with two
/// candidates, nothing is guessed.
#[test]
fn a_stale_script_location_falls_back_to_the_one_script_directory_beside_the_ini() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "alembic.ini",
        "[alembic]\nscript_location = %(here)s/alembic\n",
    );
    write(root, "alembic_migrations/env.py", "");
    write(root, "alembic_migrations/versions/a.py", "");
    write(root, "models/__init__.py", "");
    let project = discover(root, &DiscoverOptions::default()).unwrap();
    assert!(project.script_location.ends_with("alembic_migrations"));
    assert_eq!(project.problems.len(), 1, "{:?}", project.problems);
    assert_eq!(
        project.problems[0].severity,
        driftlock::diagnostic::Severity::Warning
    );
    assert!(project.problems[0].message.contains("alembic_migrations/"));
    write(root, "other/env.py", "");
    write(root, "other/versions/b.py", "");
    let err = discover(root, &DiscoverOptions::default()).unwrap_err();
    assert!(err.message.contains("is not a directory"), "{err}");
}
