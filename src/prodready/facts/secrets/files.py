"""What a file is, for the secret scanner: its kind, its format, and how far its values travel.

The same `password: hunter2` is a production credential in `application.yml`, a developer's
credential in a committed `.env` or a compose file, a listed-only value in a test fixture or an
example, and nothing at all in an OpenAPI example. The path (and, for YAML and JSON, a look at
the first lines) decides which.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from prodready.facts import environment
from prodready.facts.environment import env_file_kind
from prodready.scanning.syntax import SUFFIX_LANGUAGE

PRODUCTION, DEV, TEMPLATE, TEST, DOCS = "production", "dev", "template", "test", "docs"

_CI_FILE = re.compile(r"(^|/)(\.github/workflows/[^/]+\.ya?ml|\.gitlab-ci\.ya?ml|\.circleci/config\.ya?ml|"
                      r"azure-pipelines\.ya?ml|bitbucket-pipelines\.yml|\.drone\.ya?ml|\.travis\.yml|Jenkinsfile)$")
_COMPOSE = re.compile(r"^(docker-)?compose([.-][\w.-]+)?\.ya?ml$")
_DEV_PROFILE = re.compile(r"(?i)(^|[-_.])(dev|local|development)([-_.]|$)")
_TEST_PROFILE = re.compile(r"(?i)(^|[-_.])(test|tests|testing|it)([-_.]|$)")
# Python settings modules for a developer's machine: local_settings.py, settings_dev.py, settings/local.py
_DEV_SETTINGS = re.compile(r"(?i)(^|/)((local|dev|development)_settings|settings_(local|dev|development)|"
                           r"settings/(local|dev|development))\.py$")
# configuration in these folders sets up a developer's machine or a demo, not a deployment
_DEV_DIRS = frozenset({"dev", "development", "local", "docker", "sandbox", "playground", "hack", "devenv",
                       ".devcontainer", "localdev", "local-dev"})
# configuration in these folders drives tests: Helm chart CI values, test scenarios
_TEST_CONFIG_DIRS = frozenset({"scenarios", "e2e-values"})
_DOCS_SUFFIXES = frozenset({".md", ".markdown", ".rst", ".adoc", ".txt", ".html", ".htm"})
_API_DOC_NAME = re.compile(r"(?i)(openapi|swagger|asyncapi|api-docs)")
_API_DOC_SNIFF = re.compile(r"(?m)^\s*[\"']?(openapi|swagger|asyncapi)[\"']?\s*:")
_CONFIG_FORMATS = {
    ".yml": "yaml", ".yaml": "yaml", ".json": "json", ".toml": "toml", ".ini": "ini", ".cfg": "ini", ".conf": "ini",
    ".properties": "properties", ".xml": "xml", ".tf": "hcl", ".tfvars": "hcl", ".hcl": "hcl", ".sh": "shell",
    ".bash": "shell", ".zsh": "shell", ".npmrc": "ini", ".pypirc": "ini", ".env": "env", ".mk": "shell",
}
_PLAIN_NAMES = {"Makefile": "shell", "makefile": "shell", "credentials": "ini", ".npmrc": "ini", ".pypirc": "ini",
                ".yarnrc": "ini", "gradle.properties": "properties", "Dockerfile": "shell", ".netrc": "shell"}


@dataclass(frozen=True)
class FileContext:
    """How the scanner reads one file: `language` (tree-sitter) for code, `format` for
    configuration, and `flavour`: production (shipped code and configuration, committed build
    output), dev (a committed .env, a compose file, a dev profile), template (an example env
    file), test (tests, fixtures, examples: listed, not scored) or docs (documentation and API
    descriptions)."""

    path: str
    flavour: str
    language: str | None = None
    format: str | None = None

    @property
    def is_ci(self) -> bool:
        """A CI pipeline: its service containers (`postgres`, `redis`) live and die with the job."""
        return _CI_FILE.search(self.path) is not None

    @property
    def service_names_local(self) -> bool:
        """Whether a bare host name (`db`, `mongo`) is a compose service on the developer's machine."""
        return self.flavour == DEV and (self.format == "env" or _COMPOSE.match(self.path.rsplit("/", 1)[-1]) is not None)


def file_context(path: str, role: str, head: str) -> FileContext:
    """The context of the file at `path` with FileIndex role `role` (source, test, example, or
    build for committed build output), `head`: its first few kilobytes."""
    name = path.rsplit("/", 1)[-1]
    dot = name.rfind(".")
    suffix = name[dot:].lower() if dot > 0 else ""
    env_kind = env_file_kind(name)
    if env_kind is not None:
        return FileContext(path, _env_flavour(env_kind, role), format="env")
    fmt = _CONFIG_FORMATS.get(suffix) or _PLAIN_NAMES.get(name)
    language = SUFFIX_LANGUAGE.get(suffix)
    if suffix in _DOCS_SUFFIXES or _is_api_description(name, path, fmt, head):
        return FileContext(path, DOCS, format=fmt)
    configuration = fmt is not None and language is None
    stem = name.rsplit(".", 1)[0] if "." in name else name
    if role in ("test", "example") or configuration and (_in_test_config_dir(path) or _TEST_PROFILE.search(stem)):
        return FileContext(path, TEST, language, fmt)
    if _COMPOSE.match(name) or configuration and _in_dev_place(path, name) or _DEV_SETTINGS.search(path):
        return FileContext(path, DEV, language, fmt)
    return FileContext(path, PRODUCTION, language, fmt)


def _in_dev_place(path: str, name: str) -> bool:
    """A development profile (`application-dev.yml`, `local.ini`) or a file in a folder that
    sets up a developer's machine (`dev/`, `docker/`, `hack/`)."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return _DEV_PROFILE.search(stem) is not None or any(part.lower() in _DEV_DIRS for part in path.split("/")[:-1])


def _in_test_config_dir(path: str) -> bool:
    """Test scenarios, and a Helm chart's `ci/` values (Helm's own convention for test values)."""
    parts = [p.lower() for p in path.split("/")[:-1]]
    return bool(set(parts) & _TEST_CONFIG_DIRS) or ("ci" in parts and any("chart" in p or "helm" in p for p in parts))


def _env_flavour(kind: str, role: str) -> str:
    """How far an env file's values travel: templates document, test files test, a committed
    production file is production configuration, any other is a developer's."""
    if kind == environment.TEMPLATE:
        return TEMPLATE
    if kind == environment.TEST or role in ("test", "example"):
        return TEST
    return PRODUCTION if kind == environment.PRODUCTION else DEV


def _is_api_description(name: str, path: str, fmt: str | None, head: str) -> bool:
    """An OpenAPI, Swagger or AsyncAPI document (its examples are documentation): by its name,
    by a docs/ folder for YAML and JSON, or by its first key."""
    if fmt not in ("yaml", "json"):
        return False
    if _API_DOC_NAME.search(name) or "/docs/" in f"/{path}":
        return True
    return _API_DOC_SNIFF.search(head) is not None
