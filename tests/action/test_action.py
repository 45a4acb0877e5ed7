"""Tests of the GitHub Action (action.yml and action/): the comment script against a local
stand-in for GitHub's API (fake_github.py), and the composite action's steps run as a runner
runs them (inputs, expressions, `if:`, step outputs, the job summary) on a temporary git
repository, with README.md's workflow as the inputs. Run by scripts/action_test.sh, which
installs driftlock with action/install.sh first and provides PyYAML.

    python3 -m unittest discover -s tests/action -v
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fake_github import TOKEN, FakeGitHub  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
COMMENT = ROOT / "action" / "comment.py"
MARKER = "<!-- driftlock-report -->"
# scripts/action_test.sh sets it: driftlock and PyYAML must be there, nothing is skipped.
REQUIRED = os.environ.get("DRIFTLOCK_ACTION_TEST") == "1"

try:
    import yaml
except ImportError:  # pragma: no cover - scripts/action_test.sh provides it
    yaml = None


def version():
    m = re.search(r'^version = "([^"]+)"$', (ROOT / "Cargo.toml").read_text(), re.M)
    return m.group(1)


class Tmp(unittest.TestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="driftlock-action-"))
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def event(self, payload):
        path = self.tmp / "event.json"
        path.write_text(json.dumps(payload))
        return path


# ---------------------------------------------------------------------------------------
# action/comment.py


class CommentTests(Tmp):
    def comment(self, fake, report, event=None, expect=0):
        path = self.tmp / "report.md"
        path.write_text(report)
        env = {
            "PATH": os.environ["PATH"],
            "GITHUB_EVENT_PATH": str(self.event(event or {"pull_request": {"number": 7}})),
            "GITHUB_REPOSITORY": fake.repo,
            "GITHUB_TOKEN": TOKEN,
            "GITHUB_API_URL": fake.url,
        }
        proc = subprocess.run(
            [sys.executable, str(COMMENT), str(path)], env=env, capture_output=True, text=True
        )
        self.assertEqual(proc.returncode, expect, proc.stdout + proc.stderr)
        return proc.stdout

    def test_the_first_run_posts_and_the_next_edits_the_same_comment(self):
        with FakeGitHub() as fake:
            fake.comments[7] = [{"id": 1, "body": "LGTM", "user": {"login": "alice"}}]
            self.comment(fake, MARKER + "\nfirst\n")
            self.assertEqual(fake.writes(), [("POST", "/repos/acme/shop/issues/7/comments")])
            self.assertEqual(fake.requests[-1][2], {"body": MARKER + "\nfirst\n"})
            posted = fake.comments[7][1]["id"]
            out = self.comment(fake, MARKER + "\nsecond\n")
            self.assertIn("updated the comment on #7", out)
            self.assertEqual(
                fake.writes()[1:], [("PATCH", f"/repos/acme/shop/issues/comments/{posted}")]
            )
            # One comment of driftlock's, edited; the reviewer's untouched.
            self.assertEqual([c["body"] for c in fake.comments[7]], ["LGTM", MARKER + "\nsecond\n"])

    def test_an_unchanged_report_sends_nothing(self):
        with FakeGitHub() as fake:
            self.comment(fake, MARKER + "\nsame\n")
            out = self.comment(fake, MARKER + "\nsame\n")
            self.assertIn("up to date", out)
            self.assertEqual(len(fake.writes()), 1)

    def test_the_comment_is_found_on_a_later_page(self):
        with FakeGitHub() as fake:
            others = [{"id": i, "body": f"comment {i}", "user": {"login": "bob"}} for i in range(150)]
            # A comment that quotes the marker but does not start with it is not driftlock's.
            others[3]["body"] = "see " + MARKER
            others.insert(120, {"id": 999, "body": MARKER + "\nold\n", "user": {"login": "bot"}})
            fake.comments[7] = others
            self.comment(fake, MARKER + "\nnew\n")
            gets = [p for m, p, _ in fake.requests if m == "GET"]
            self.assertEqual(len(gets), 2, gets)
            self.assertIn("page=2", gets[1])
            self.assertEqual(fake.writes(), [("PATCH", "/repos/acme/shop/issues/comments/999")])
            self.assertEqual(len(fake.comments[7]), 151)

    def test_a_non_pull_request_event_does_nothing(self):
        with FakeGitHub() as fake:
            out = self.comment(fake, MARKER + "\nx\n", event={"ref": "refs/heads/main", "after": "abc"})
            self.assertIn("not a pull request", out)
            self.assertEqual(fake.requests, [])

    def test_a_long_report_is_cut_to_fit_a_comment(self):
        with FakeGitHub() as fake:
            report = MARKER + "\n" + "".join(f"| row {i} | {'x' * 60} |\n" for i in range(3000))
            self.comment(fake, report)
            body = fake.comments[7][0]["body"]
            self.assertLessEqual(len(body), 65536)
            self.assertTrue(body.startswith(MARKER))
            self.assertIn("the rest is in the job summary", body)
            # Cut at a line: the last table row is whole.
            self.assertRegex(body.split("\n\n---\n")[0].splitlines()[-1], r"^\| row \d+ \| x+ \|$")

    def test_a_token_that_may_not_write_is_a_warning(self):
        with FakeGitHub() as fake:
            fake.forbid_writes = True
            out = self.comment(fake, MARKER + "\nx\n")
            self.assertIn("::warning title=driftlock::cannot comment on #7", out)

    def test_other_api_errors_fail(self):
        with FakeGitHub() as fake:
            path = self.tmp / "report.md"
            path.write_text(MARKER + "\n")
            env = {
                "PATH": os.environ["PATH"],
                "GITHUB_EVENT_PATH": str(self.event({"pull_request": {"number": 7}})),
                "GITHUB_REPOSITORY": fake.repo,
                "GITHUB_TOKEN": "wrong",
                "GITHUB_API_URL": fake.url,
            }
            proc = subprocess.run(
                [sys.executable, str(COMMENT), str(path)], env=env, capture_output=True, text=True
            )
            self.assertEqual(proc.returncode, 1, proc.stdout)
            self.assertIn("::error title=driftlock::commenting on #7 failed: HTTP 401", proc.stdout)
            self.assertEqual(fake.writes(), [])


# ---------------------------------------------------------------------------------------
# action.yml, run as a runner runs a composite action


def expression(expr, ctx):
    """The value of a `${{ }}` expression, for the subset action.yml uses: context lookups,
    string literals, `==`, `!=` (case-insensitive, as GitHub compares strings), `&&`, `||`
    and parentheses. Anything else fails the test."""
    tokens = re.findall(r"\s*('(?:[^']|'')*'|==|!=|&&|\|\||\(|\)|[A-Za-z_][\w.-]*)", expr)
    if "".join(t.strip() for t in tokens) != re.sub(r"\s+", "", expr):
        raise AssertionError(f"unsupported expression: {expr}")
    tokens = [t.strip() for t in tokens]
    pos = 0

    def peek():
        return tokens[pos] if pos < len(tokens) else None

    def take():
        nonlocal pos
        pos += 1
        return tokens[pos - 1]

    def primary():
        t = take()
        if t == "(":
            v = disjunction()
            assert take() == ")", expr
            return v
        if t.startswith("'"):
            return t[1:-1].replace("''", "'")
        value = ctx
        for part in t.split("."):
            if not isinstance(value, dict) or part not in value:
                raise AssertionError(f"unknown context {t} in {expr}")
            value = value[part]
        return value

    def comparison():
        left = primary()
        while peek() in ("==", "!="):
            op = take()
            right = primary()
            same = str(left).lower() == str(right).lower()
            left = same if op == "==" else not same
        return left

    def conjunction():
        v = comparison()
        while peek() == "&&":
            take()
            r = comparison()
            v = r if v else v
        return v

    def disjunction():
        v = conjunction()
        while peek() == "||":
            take()
            r = conjunction()
            v = v if v else r
        return v

    value = disjunction()
    assert pos == len(tokens), expr
    return value


def substitute(text, ctx):
    return re.sub(r"\$\{\{\s*(.*?)\s*\}\}", lambda m: str(expression(m.group(1), ctx)), text)


def truthy(v):
    return v not in (False, "", None, 0, "false")


class ActionTests(Tmp):
    def setUp(self):
        super().setUp()
        if yaml is None or shutil.which("driftlock") is None:
            if REQUIRED:
                self.fail("PyYAML and driftlock on PATH are needed (scripts/action_test.sh)")
            self.skipTest("PyYAML and driftlock on PATH are needed (scripts/action_test.sh)")
        self.action = yaml.safe_load((ROOT / "action.yml").read_text())
        self.workflow = self.readme_workflow()

    def readme_workflow(self):
        text = (ROOT / "README.md").read_text()
        m = re.search(r"<!-- tested by tests/action -->\s*```yaml\n(.*?)```", text, re.S)
        self.assertIsNotNone(m, "README.md has no workflow marked for tests/action")
        return yaml.safe_load(m.group(1))

    def action_step(self):
        steps = [s for job in self.workflow["jobs"].values() for s in job["steps"]]
        ours = [s for s in steps if s.get("uses", "").startswith("OWNER/driftlock@")]
        self.assertEqual(len(ours), 1, steps)
        return steps, ours[0]

    # The files -------------------------------------------------------------------------

    def test_action_yml_is_a_composite_action_with_the_documented_inputs(self):
        a = self.action
        self.assertEqual(a["runs"]["using"], "composite")
        self.assertEqual(
            set(a["inputs"]),
            {"path", "version", "args", "pg-version", "comment", "fail-on", "github-token"},
        )
        self.assertEqual(a["inputs"]["comment"]["default"], "true")
        self.assertEqual(a["inputs"]["path"]["default"], ".")
        self.assertEqual(a["inputs"]["fail-on"]["default"], "error")
        for step in a["runs"]["steps"]:
            self.assertEqual(step["shell"], "bash", step)
            for script in re.findall(r"action/[\w.]+", step["run"]):
                self.assertTrue((ROOT / script).is_file(), script)

    def test_the_readme_workflow_uses_the_action_as_documented(self):
        steps, ours = self.action_step()
        self.assertEqual(ours["uses"], f"OWNER/driftlock@v{version()}")
        self.assertLessEqual(set(ours.get("with", {})), set(self.action["inputs"]))
        checkout = steps[0]
        self.assertTrue(checkout["uses"].startswith("actions/checkout@"))
        self.assertEqual(checkout["with"]["fetch-depth"], 0)
        self.assertEqual(self.workflow["permissions"]["pull-requests"], "write")
        self.assertIn("pull_request", self.workflow[True] if True in self.workflow else self.workflow["on"])

    # Running it ------------------------------------------------------------------------

    def git(self, *args):
        """Runs git in the workspace; HEAD's id afterwards (None before the first commit)."""
        subprocess.run(
            ["git", "-C", str(self.ws), "-c", "user.name=t", "-c", "user.email=t@example.com",
             "-c", "commit.gpgsign=false", *args],
            check=True, capture_output=True,
        )
        head = subprocess.run(
            ["git", "-C", str(self.ws), "rev-parse", "--verify", "--quiet", "HEAD"],
            capture_output=True, text=True,
        )
        return head.stdout.strip() or None

    def project(self):
        """A git repository holding a safe history (the base), then a commit that adds a
        risky revision (the pull request's head)."""
        self.ws = self.tmp / "workspace"
        shutil.copytree(ROOT / "tests/fixtures/check/safe", self.ws)
        self.git("init", "-q")
        self.git("add", "-A")
        base = self.git("commit", "-q", "-m", "base")
        self.write_revision("    op.create_index(\"ix_users_status\", \"users\", [\"status\"])\n")
        return base

    def write_revision(self, body):
        (self.ws / "migrations/versions/0006_index.py").write_text(
            '"""index users by status\n\nRevision ID: 0006\nRevises: 0005\n"""\n'
            "from alembic import op\n\n"
            'revision = "0006"\ndown_revision = "0005"\n\n\n'
            "def upgrade():\n"
            "    op.execute(\"SET lock_timeout = '5s'\")\n"
            + body
            + "\n\ndef downgrade():\n"
            "    op.execute(\"SET lock_timeout = '5s'\")\n"
            '    op.drop_index("ix_users_status", table_name="users")\n'
        )
        self.git("add", "-A")
        return self.git("commit", "-q", "-m", "index")

    def run_action(self, fake, event_name, event, with_inputs=None):
        """Runs action.yml's steps (all but the install, done once by action_test.sh) as
        the runner does; returns (the job's status, its log, the summary)."""
        if with_inputs is None:
            with_inputs = self.action_step()[1].get("with", {})
        github = {"action_path": str(ROOT), "token": TOKEN, "event_name": event_name}
        # Defaults may be expressions (`${{ github.token }}`): evaluated, as the runner does.
        inputs = {
            k: substitute(str(v.get("default", "")), {"github": github})
            for k, v in self.action["inputs"].items()
        }
        for k, v in with_inputs.items():
            inputs[k] = str(v).lower() if isinstance(v, bool) else str(v)
        run_dir = Path(tempfile.mkdtemp(dir=self.tmp))
        summary = run_dir / "summary.md"
        summary.touch()
        ctx = {"inputs": inputs, "github": github, "steps": {}}
        env = {
            "PATH": os.environ["PATH"],
            "HOME": os.environ.get("HOME", str(run_dir)),
            "GITHUB_EVENT_NAME": event_name,
            "GITHUB_EVENT_PATH": str(self.event(event)),
            "GITHUB_STEP_SUMMARY": str(summary),
            "GITHUB_REPOSITORY": fake.repo,
            "GITHUB_API_URL": fake.url,
            "GITHUB_WORKSPACE": str(self.ws),
            "GITHUB_PATH": str(run_dir / "path"),
            "RUNNER_TEMP": str(run_dir),
            "NO_COLOR": "1",
        }
        log = ""
        for i, step in enumerate(self.action["runs"]["steps"]):
            if step["name"] == "Install driftlock":
                self.assertIn("action/install.sh", step["run"])
                continue
            if "if" in step and not truthy(expression(step["if"], ctx)):
                log += f"-- skipped: {step['name']}\n"
                continue
            outputs = run_dir / f"output-{i}"
            outputs.touch()
            step_env = dict(env, GITHUB_OUTPUT=str(outputs))
            step_env.update({k: substitute(str(v), ctx) for k, v in step.get("env", {}).items()})
            proc = subprocess.run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", substitute(step["run"], ctx)],
                cwd=self.ws, env=step_env, capture_output=True, text=True,
            )
            log += f"-- {step['name']}\n{proc.stdout}{proc.stderr}"
            if "id" in step:
                values = dict(
                    line.split("=", 1) for line in outputs.read_text().splitlines() if "=" in line
                )
                ctx["steps"][step["id"]] = {"outputs": values}
            if proc.returncode != 0:
                return proc.returncode, log, summary.read_text()
        return 0, log, summary.read_text()

    def test_a_pull_request_gets_annotations_a_summary_and_one_comment(self):
        base = self.project()
        head = self.git("rev-parse", "HEAD")
        event = {"pull_request": {"number": 12, "base": {"sha": base}, "head": {"sha": head}}}
        with FakeGitHub() as fake:
            status, log, summary = self.run_action(fake, "pull_request", event)
            self.assertEqual(status, 1, log)
            self.assertIn(
                "::error file=migrations/versions/0006_index.py,line=14,", log
            )
            self.assertTrue(summary.startswith(MARKER + "\n"), summary)
            self.assertIn("files changed since `" + base + "`", summary)
            self.assertIn("`add-index-without-concurrently`", summary)
            self.assertNotIn("0005_reset.py", summary)
            self.assertEqual(fake.writes(), [("POST", "/repos/acme/shop/issues/12/comments")], log)
            self.assertEqual(fake.comments[12][0]["body"], summary)

            # The next push fixes the revision: the same comment is edited, the job passes.
            self.write_revision(
                "    with op.get_context().autocommit_block():\n"
                "        op.create_index(\"ix_users_status\", \"users\", [\"status\"], postgresql_concurrently=True)\n"
            )
            status, log, summary = self.run_action(fake, "pull_request", event)
            self.assertEqual(status, 0, log)
            self.assertIn("No findings.", summary)
            comment_id = fake.comments[12][0]["id"]
            self.assertEqual(
                fake.writes()[1:], [("PATCH", f"/repos/acme/shop/issues/comments/{comment_id}")]
            )
            self.assertEqual(len(fake.comments[12]), 1)
            self.assertEqual(fake.comments[12][0]["body"], summary)

            # Nothing changed: no request that writes.
            status, log, _ = self.run_action(fake, "pull_request", event)
            self.assertEqual(status, 0, log)
            self.assertEqual(len(fake.writes()), 2)

    def test_inputs_reach_driftlock(self):
        base = self.project()
        event = {"pull_request": {"number": 3, "base": {"sha": base}}}
        with FakeGitHub() as fake:
            status, log, summary = self.run_action(
                fake, "pull_request", event,
                {"comment": False, "fail-on": "never", "pg-version": "11",
                 "args": "--ignore add-index-without-concurrently"},
            )
            self.assertEqual(status, 0, log)
            self.assertIn("target PostgreSQL 11 (--pg-version)", summary)
            self.assertNotIn("add-index-without-concurrently", summary)
            self.assertIn("-- skipped: Comment on the pull request", log)
            self.assertEqual(fake.requests, [])

    def test_a_push_checks_the_whole_history_without_a_comment(self):
        self.project()
        with FakeGitHub() as fake:
            status, log, summary = self.run_action(fake, "push", {"ref": "refs/heads/main"})
            self.assertEqual(status, 1, log)
            self.assertNotIn("changed since", summary)
            self.assertIn("`add-index-without-concurrently`", summary)
            self.assertEqual(fake.requests, [])

    def test_an_error_of_driftlock_fails_the_job_without_a_comment(self):
        self.project()
        event = {"pull_request": {"number": 5, "base": {"sha": "HEAD"}}}
        with FakeGitHub() as fake:
            status, log, summary = self.run_action(
                fake, "pull_request", event, {"path": "no-such-project"}
            )
            self.assertEqual(status, 2, log)
            self.assertIn("::error title=driftlock::driftlock check failed (exit 2)", log)
            self.assertEqual(summary, "")
            self.assertEqual(fake.requests, [])


if __name__ == "__main__":
    unittest.main()
