#!/usr/bin/env python3
"""Creates or updates the one driftlock comment of a pull request (the GitHub Action's last
step). Python's standard library only.

    python3 comment.py REPORT.md

REPORT.md is `driftlock check --output-format markdown`; its first line is the marker
`<!-- driftlock-report -->`. The comment of the pull request whose body starts with the
marker is edited (PATCH); without one, a comment is posted (POST). An unchanged report sends
nothing. Outside a pull request (the event payload has no `pull_request`) it does nothing.

Reads GITHUB_EVENT_PATH (the event payload), GITHUB_REPOSITORY (`owner/name`), GITHUB_TOKEN
and GITHUB_API_URL. Exit status: 0 done (or nothing to do, or the token may not comment, as
on pull requests from forks: a warning then), 1 any other failure.
"""

import json
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

MARKER = "<!-- driftlock-report -->"
# GitHub refuses comment bodies longer than this many characters.
LIMIT = 65536
TRUNCATED = (
    "\n\n---\n*The report is longer than a comment can be: the rest is in the job summary "
    "(`driftlock check --output-format markdown` prints it whole).*\n"
)


class ApiError(Exception):
    def __init__(self, status, message):
        super().__init__(f"HTTP {status}: {message}")
        self.status = status


class Api:
    def __init__(self, url, token):
        self.url = url.rstrip("/")
        self.token = token

    def request(self, method, path_or_url, body=None):
        """The decoded JSON answer and the `Link` header's `next` URL, if any."""
        url = path_or_url if path_or_url.startswith(("http://", "https://")) else self.url + path_or_url
        data = None if body is None else json.dumps(body).encode("utf-8")
        req = urllib.request.Request(url, data=data, method=method)
        req.add_header("Accept", "application/vnd.github+json")
        req.add_header("X-GitHub-Api-Version", "2022-11-28")
        req.add_header("User-Agent", "driftlock-action")
        if self.token:
            req.add_header("Authorization", f"Bearer {self.token}")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                raw = resp.read()
                link = resp.headers.get("Link", "")
        except urllib.error.HTTPError as e:
            detail = e.read().decode("utf-8", "replace")[:500]
            raise ApiError(e.code, f"{method} {url}: {detail}") from None
        return (json.loads(raw) if raw else None), next_link(link)


def next_link(header):
    """The URL of `rel="next"` in a `Link` header, or None."""
    for part in header.split(","):
        m = re.match(r'\s*<([^>]*)>\s*;(.*)', part)
        if m and re.search(r'\brel="?next"?', m.group(2)):
            return m.group(1)
    return None


def fit(body):
    """The body cut at a line so that it fits in a comment, with a note when it was cut."""
    if len(body) <= LIMIT:
        return body
    room = LIMIT - len(TRUNCATED)
    cut = body.rfind("\n", 0, room)
    return body[: cut if cut > 0 else room] + TRUNCATED


def pull_request_number(event):
    pr = event.get("pull_request")
    if isinstance(pr, dict) and isinstance(pr.get("number"), int):
        return pr["number"]
    return None


def find_comment(api, repo, number):
    """The first comment of the pull request whose body starts with the marker, or None."""
    url = f"/repos/{repo}/issues/{number}/comments?per_page=100"
    while url:
        page, url = api.request("GET", url)
        for comment in page or []:
            if (comment.get("body") or "").startswith(MARKER):
                return comment
    return None


def main(argv, env=os.environ, out=sys.stdout):
    if len(argv) != 2:
        print("usage: comment.py REPORT.md", file=sys.stderr)
        return 1
    with open(env["GITHUB_EVENT_PATH"], encoding="utf-8") as f:
        event = json.load(f)
    number = pull_request_number(event)
    if number is None:
        print("driftlock: not a pull request, no comment", file=out)
        return 0
    with open(argv[1], encoding="utf-8") as f:
        body = f.read()
    if not body.startswith(MARKER):
        body = MARKER + "\n" + body
    body = fit(body)
    repo = env["GITHUB_REPOSITORY"]
    api = Api(env.get("GITHUB_API_URL") or "https://api.github.com", env.get("GITHUB_TOKEN", ""))
    try:
        existing = find_comment(api, repo, number)
        if existing is None:
            made, _ = api.request("POST", f"/repos/{repo}/issues/{number}/comments", {"body": body})
            print(f"driftlock: commented on #{number}: {made.get('html_url', '')}", file=out)
        elif existing.get("body") == body:
            print(f"driftlock: the comment on #{number} is up to date", file=out)
        else:
            api.request("PATCH", f"/repos/{repo}/issues/comments/{existing['id']}", {"body": body})
            print(f"driftlock: updated the comment on #{number}: {existing.get('html_url', '')}", file=out)
    except ApiError as e:
        if e.status in (403, 404):
            # A token that may not write (a pull request from a fork): the annotations and the
            # job summary still carry the report.
            print(f"::warning title=driftlock::cannot comment on #{number} ({e})", file=out)
            return 0
        print(f"::error title=driftlock::commenting on #{number} failed: {e}", file=out)
        return 1
    except (urllib.error.URLError, OSError, ValueError) as e:
        print(f"::error title=driftlock::commenting on #{number} failed: {e}", file=out)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
