"""A local stand-in for the part of GitHub's REST API the Action's comment script uses: a
pull request's issue comments (list, paginated with a `Link` header; create; edit). It
listens on 127.0.0.1 only and records every request."""

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

TOKEN = "test-token"


class FakeGitHub:
    def __init__(self, repo="acme/shop"):
        self.repo = repo
        self.comments = {}  # pull request number -> list of comments
        self.requests = []  # (method, path, decoded body or None)
        self.forbid_writes = False
        self.next_id = 1000
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, status, payload=None, headers=()):
                raw = b"" if payload is None else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                for k, v in headers:
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(raw)

            def _handle(self, method):
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length)) if length else None
                fake.requests.append((method, self.path, body))
                if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                    return self._answer(401, {"message": "Bad credentials"})
                if self.headers.get("Accept") != "application/vnd.github+json":
                    return self._answer(415, {"message": "Accept"})
                url = urlparse(self.path)
                prefix = f"/repos/{fake.repo}/issues/"
                if not url.path.startswith(prefix):
                    return self._answer(404, {"message": "Not Found"})
                rest = url.path[len(prefix):]
                if method in ("POST", "PATCH") and fake.forbid_writes:
                    return self._answer(403, {"message": "Resource not accessible by integration"})
                m = re.fullmatch(r"(\d+)/comments", rest)
                if m and method == "GET":
                    return self._list(int(m.group(1)), parse_qs(url.query))
                if m and method == "POST":
                    number = int(m.group(1))
                    fake.next_id += 1
                    c = {
                        "id": fake.next_id,
                        "body": body["body"],
                        "user": {"login": "github-actions[bot]"},
                        "html_url": f"https://example.test/{fake.repo}/pull/{number}#issuecomment-{fake.next_id}",
                    }
                    fake.comments.setdefault(number, []).append(c)
                    return self._answer(201, c)
                m = re.fullmatch(r"comments/(\d+)", rest)
                if m and method == "PATCH":
                    for cs in fake.comments.values():
                        for c in cs:
                            if c["id"] == int(m.group(1)):
                                c["body"] = body["body"]
                                return self._answer(200, c)
                return self._answer(404, {"message": "Not Found"})

            def _list(self, number, query):
                per_page = int(query.get("per_page", ["30"])[0])
                page = int(query.get("page", ["1"])[0])
                cs = fake.comments.get(number, [])
                chunk = cs[(page - 1) * per_page : page * per_page]
                headers = []
                if page * per_page < len(cs):
                    nxt = f"{fake.url}/repos/{fake.repo}/issues/{number}/comments?per_page={per_page}&page={page + 1}"
                    last = f"{fake.url}/repos/{fake.repo}/issues/{number}/comments?per_page={per_page}&page={(len(cs) + per_page - 1) // per_page}"
                    headers.append(("Link", f'<{nxt}>; rel="next", <{last}>; rel="last"'))
                return self._answer(200, chunk, headers)

            def do_GET(self):
                self._handle("GET")

            def do_POST(self):
                self._handle("POST")

            def do_PATCH(self):
                self._handle("PATCH")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def writes(self):
        return [(m, p) for m, p, _ in self.requests if m != "GET"]
