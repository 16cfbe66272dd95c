"""A local stand-in for the GitHub REST API, held to GitHub's own OpenAPI description.

Every request is matched to an operation of `@octokit/openapi`'s api.github.com.json (method,
path template, required parameters) and its JSON body validated against the operation's
request schema; responses are built from the description's examples and validated against the
response schema. A request the description does not allow fails the test.
"""

from __future__ import annotations

import copy
import json
import os
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC_CANDIDATES = [os.environ.get("PRODREADY_OCTOKIT_SPEC", ""), str(ROOT / ".cache" / "octokit" / "api.github.com.json")]


def load_spec() -> dict:
    for candidate in SPEC_CANDIDATES:
        if candidate and Path(candidate).exists():
            return json.loads(Path(candidate).read_text())
    if os.environ.get("CI"):
        pytest.fail("GitHub's OpenAPI description is missing (.ci/run fetches @octokit/openapi from npm)")
    pytest.skip("GitHub's OpenAPI description is not available (npm pack @octokit/openapi; see .ci/run)")


def _nullable_to_json_schema(node):
    """OpenAPI 3.0 `nullable: true` becomes JSON Schema's `null` type (in place, recursively)."""
    if isinstance(node, list):
        for item in node:
            _nullable_to_json_schema(item)
        return node
    if not isinstance(node, dict):
        return node
    for value in node.values():
        _nullable_to_json_schema(value)
    if node.pop("nullable", False) is True:
        if isinstance(node.get("type"), str):
            node["type"] = [node["type"], "null"]
            if "enum" in node and None not in node["enum"]:
                node["enum"] = node["enum"] + [None]
        else:
            inner = {k: node.pop(k) for k in list(node) if k not in ("description", "title")}
            node["anyOf"] = [inner, {"type": "null"}]
    return node


class Spec:
    def __init__(self, document: dict):
        self.doc = _nullable_to_json_schema(document)
        self.templates = []
        for template, item in document["paths"].items():
            regex = "^" + re.sub(r"\{[^}]+\}", r"([^/]+)", re.escape(template).replace(r"\{", "{").replace(r"\}", "}")) + "$"
            self.templates.append((re.compile(regex), template, item))

    def resolve(self, node):
        while isinstance(node, dict) and "$ref" in node:
            target = self.doc
            for part in node["$ref"].lstrip("#/").split("/"):
                target = target[part]
            node = target
        return node

    def schema_validator(self, schema):
        # OpenAPI 3.0 schemas are JSON Schema with extras; resolve $refs against the whole document
        wrapped = {**schema, "components": self.doc["components"]}
        return jsonschema.Draft7Validator(wrapped)

    def check_request(self, method: str, path: str, query: dict, body) -> str:
        for regex, template, item in self.templates:
            if regex.match(path):
                operation = item.get(method.lower())
                assert operation, f"{method} {template} is not an operation GitHub offers"
                for parameter in [self.resolve(p) for p in operation.get("parameters", [])]:
                    if parameter.get("required") and parameter["in"] == "query":
                        assert parameter["name"] in query, f"{method} {template}: missing required {parameter['name']}"
                    if parameter["in"] == "query" and parameter["name"] in query:
                        schema = self.resolve(parameter.get("schema", {}))
                        if schema.get("type") == "integer":
                            int(query[parameter["name"]][0])
                request_body = operation.get("requestBody")
                if request_body:
                    request_body = self.resolve(request_body)
                    schema = self.resolve(request_body["content"]["application/json"]["schema"])
                    assert body is not None or not request_body.get("required"), f"{method} {template}: body required"
                    self.schema_validator(schema).validate(body)
                else:
                    assert body is None, f"{method} {template} takes no body"
                return template
        raise AssertionError(f"{method} {path} matches no path in GitHub's API description")

    def example(self, template: str, method: str, status: str):
        response = self.resolve(self.doc["paths"][template][method.lower()]["responses"][status])
        content = response.get("content", {}).get("application/json", {})
        examples = content.get("examples", {})
        if examples:
            return copy.deepcopy(self.resolve(next(iter(examples.values())))["value"])
        return None

    def check_response(self, template: str, method: str, status: str, body) -> None:
        response = self.resolve(self.doc["paths"][template][method.lower()]["responses"][status])
        content = response.get("content", {}).get("application/json")
        if content and body is not None:
            self.schema_validator(self.resolve(content["schema"])).validate(body)


class FakeGitHub:
    """State and scenarios: comments per PR, page size, forced failures, a request log."""

    def __init__(self, spec: Spec, page_size: int = 100):
        self.spec = spec
        self.page_size = page_size
        self.comments: dict[int, list[dict]] = {}
        self.prs = {7}
        self.read_only = False
        self.rate_limited = 0  # how many next requests get a secondary rate limit
        self.requests: list[tuple[str, str, dict, object]] = []
        self.next_id = 1000
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()

    def comment(self, number: int, body: str, login: str, type_: str = "Bot") -> dict:
        template = "/repos/{owner}/{repo}/issues/{issue_number}/comments"
        item = self.spec.example(template, "post", "201")
        self.next_id += 1
        item.update({"id": self.next_id, "body": body, "html_url": f"https://github.com/o/r/pull/{number}#issuecomment-{self.next_id}"})
        item["user"] = {**item["user"], "login": login, "type": type_}
        self.comments.setdefault(number, []).append(item)
        return item

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _send(self, status: int, body, headers=None):
                raw = json.dumps(body).encode() if body is not None else b""
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def _handle(self, method: str):
                url = urlparse(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length)) if length else None
                query = parse_qs(url.query)
                assert self.headers["Authorization"].startswith("Bearer ")
                assert self.headers["Accept"] == "application/vnd.github+json"
                template = fake.spec.check_request(method, url.path, query, body)
                fake.requests.append((method, url.path, query, body))
                if fake.rate_limited:
                    fake.rate_limited -= 1
                    return self._send(403, {"message": "You have exceeded a secondary rate limit.", "documentation_url": "https://docs.github.com"}, {"Retry-After": "1"})
                number = int(url.path.split("/")[5]) if "/issues/" in url.path and url.path.split("/")[5].isdigit() else None
                if template.endswith("{issue_number}/comments") and number not in fake.prs:
                    return self._send(404, {"message": "Not Found", "documentation_url": "https://docs.github.com"})
                if method == "GET":
                    items = fake.comments.get(number, [])
                    page = int(query.get("page", ["1"])[0])
                    per_page = min(int(query.get("per_page", ["30"])[0]), fake.page_size)
                    chunk = items[(page - 1) * per_page: page * per_page]
                    headers = {}
                    if page * per_page < len(items):
                        headers["Link"] = f'<{fake.url}{url.path}?per_page={per_page}&page={page + 1}>; rel="next"'
                    fake.spec.check_response(template, "get", "200", chunk)
                    return self._send(200, chunk, headers)
                if fake.read_only:
                    return self._send(403, {"message": "Resource not accessible by integration", "documentation_url": "https://docs.github.com"})
                if method == "POST":
                    item = fake.comment(number, body["body"], "github-actions[bot]")
                    fake.spec.check_response(template, "post", "201", item)
                    return self._send(201, item)
                if method == "PATCH":
                    comment_id = int(url.path.rsplit("/", 1)[1])
                    for items in fake.comments.values():
                        for item in items:
                            if item["id"] == comment_id:
                                item["body"] = body["body"]
                                fake.spec.check_response(template, "patch", "200", item)
                                return self._send(200, item)
                    return self._send(404, {"message": "Not Found", "documentation_url": "https://docs.github.com"})
                return self._send(405, {"message": "unexpected"})

            def do_GET(self):
                self._handle("GET")

            def do_POST(self):
                self._handle("POST")

            def do_PATCH(self):
                self._handle("PATCH")

        return Handler
