"""CI pipelines: which systems, which jobs, and what each job runs (tests, lint, build, scans).

GitHub Actions, GitLab CI, CircleCI, Azure Pipelines and Bitbucket are parsed as YAML (job
names, triggers and the commands of each step); Jenkinsfiles and Travis are read as text. A
command is classified by patterns, so `make test` and `./gradlew check` count as tests too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from prodready.scanning.parsing import ParseError, load_yaml

CI_FILES = re.compile(
    r"^(\.github/workflows/[^/]+\.ya?ml|\.gitlab-ci\.ya?ml|\.circleci/config\.ya?ml|Jenkinsfile|"
    r"azure-pipelines\.ya?ml|bitbucket-pipelines\.ya?ml|\.travis\.ya?ml|\.drone\.ya?ml|"
    r"\.buildkite/pipeline\.ya?ml|cloudbuild\.ya?ml)$"
)
SYSTEM = (
    (".github/workflows/", "GitHub Actions"), (".gitlab-ci", "GitLab CI"), (".circleci/", "CircleCI"),
    ("Jenkinsfile", "Jenkins"), ("azure-pipelines", "Azure Pipelines"), ("bitbucket-pipelines", "Bitbucket Pipelines"),
    (".travis", "Travis CI"), (".drone", "Drone"), (".buildkite/", "Buildkite"), ("cloudbuild", "Cloud Build"),
)
KINDS: dict[str, re.Pattern[str]] = {
    "test": re.compile(
        r"\b(pytest|py\.test|python -m (unittest|pytest)|tox\b|nox\b|manage\.py test|"
        r"(npm|yarn|pnpm|bun) (run )?test|npx (jest|vitest|mocha)|\bjest\b|\bvitest\b|\bmocha\b|"
        r"go test|gotestsum|(mvn|mvnw)\b[^\n]*\b(test|verify|install)\b|(gradle|gradlew)\b[^\n]*\b(test|check|build)\b|"
        r"make (test|check)|just test|task test|cargo test|\b(run[-_])?tests?([-_]\w+)?\.sh\b|^run (unit |integration |e2e |the )?tests\b)", re.I | re.M),
    "lint": re.compile(
        r"\b(ruff( check)?|flake8|pylint|mypy|pyright|eslint|(npm|yarn|pnpm) (run )?lint|golangci-lint|"
        r"staticcheck|go vet|checkstyle|spotbugs|pmd|spotless:check|spotlessCheck|pre-commit run|make lint|"
        r"super-linter|reviewdog|hadolint|black --check|prettier --check)", re.I),
    "build": re.compile(
        r"\b(docker (buildx )?build|docker/build-push-action|buildah|kaniko|go build|(mvn|mvnw)\b[^\n]*\b(package|verify|install|deploy)\b|"
        r"(gradle|gradlew)\b[^\n]*\b(build|assemble|bootJar|jib)\b|(npm|yarn|pnpm) (run )?build|python -m build|"
        r"uv build|poetry build|make (build|image)|ko build|goreleaser)", re.I),
    "scan": re.compile(
        r"(github/codeql-action|codeql|pip-audit|safety check|npm audit|yarn audit|pnpm audit|govulncheck|"
        r"gosec|trivy|snyk|osv-scanner|dependency-check|grype|semgrep|bandit|anchore|dependency-review-action|"
        r"ossf/scorecard-action|gitleaks|trufflehog)", re.I),
}


@dataclass(frozen=True)
class CiJob:
    name: str
    line: int | None
    commands: tuple[str, ...]
    kinds: tuple[str, ...]  # test | lint | build | scan


@dataclass(frozen=True)
class CiPipeline:
    path: str
    system: str
    triggers: tuple[str, ...]
    jobs: tuple[CiJob, ...]
    error: ParseError | None = None

    def jobs_that(self, kind: str) -> list[CiJob]:
        return [j for j in self.jobs if kind in j.kinds]


def system_of(path: str) -> str:
    return next((name for marker, name in SYSTEM if marker in path), "CI")


def classify(text: str) -> tuple[str, ...]:
    return tuple(kind for kind, pattern in KINDS.items() if pattern.search(text))


def _flatten(value: Any) -> list[str]:
    """Every string inside a YAML value (steps, scripts, `uses`, `with` inputs)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (_flatten(k) + _flatten(v))]
    if isinstance(value, list):
        return [s for v in value for s in _flatten(v)]
    return []


def _line_of(lines: list[str], name: str, after: int = 0) -> int | None:
    pattern = re.compile(rf"^\s*['\"]?{re.escape(name)}['\"]?\s*:")
    return next((n for n, line in enumerate(lines[after:], after + 1) if pattern.match(line)), None)


def parse_pipeline(path: str, text: str) -> CiPipeline:
    """One CI file: its system, triggers and jobs (a broken YAML file keeps its ParseError)."""
    system = system_of(path)
    lines = text.splitlines()
    if path.endswith("Jenkinsfile") or system in ("Travis CI",):
        return _text_pipeline(path, system, text, lines)
    data, error = load_yaml(text, path)
    if error:
        return CiPipeline(path, system, (), (), error)
    if not isinstance(data, dict):
        return CiPipeline(path, system, (), ())
    triggers, job_map = _YAML_LAYOUTS.get(system, _generic_layout)(data)
    jobs = tuple(_job(str(name), body, lines) for name, body in job_map.items())
    return CiPipeline(path, system, tuple(str(t) for t in triggers), jobs)


def _text_pipeline(path: str, system: str, text: str, lines: list[str]) -> CiPipeline:
    """Jenkinsfiles (Groovy) and Travis are read as text: a job per `stage('name')`, each
    classified by the text up to the next stage, or one job for the whole file."""
    stages = re.findall(r"stage\(\s*['\"]([^'\"]+)['\"]", text) or ["pipeline"]
    jobs = []
    for name in stages:
        line = next((n for n, l in enumerate(lines, 1) if name in l), None)
        jobs.append(CiJob(name, line, (), classify(text if len(stages) == 1 else _stage_body(text, name))))
    return CiPipeline(path, system, ("push",), tuple(jobs))


def _job(name: str, body: Any, lines: list[str]) -> CiJob:
    """A job: every string in its body counts as a command (cut to 300 characters, 200 at most)."""
    commands = tuple(s.strip()[:300] for s in _flatten(body) if isinstance(s, str))
    return CiJob(name, _line_of(lines, name), commands[:200], classify("\n".join(commands)))


def _mapping(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _github_actions_layout(data: dict) -> tuple[tuple[Any, ...], dict]:
    raw_on = data.get("on", data.get(True))  # YAML 1.1 reads `on:` as True
    if isinstance(raw_on, dict):
        triggers = tuple(sorted(raw_on))
    elif isinstance(raw_on, list):
        triggers = tuple(raw_on)
    else:
        triggers = (raw_on,) if isinstance(raw_on, str) else ()
    return triggers, _mapping(data.get("jobs"))


def _gitlab_layout(data: dict) -> tuple[tuple[Any, ...], dict]:
    """Jobs are the top-level mappings with a script (or a trigger); `.hidden` ones are templates."""
    jobs = {k: v for k, v in data.items()
            if isinstance(v, dict) and ("script" in v or "trigger" in v) and not str(k).startswith(".")}
    return ("push", "merge_request"), jobs


def _circleci_layout(data: dict) -> tuple[tuple[Any, ...], dict]:
    return ("push",), _mapping(data.get("jobs"))


def _bitbucket_layout(data: dict) -> tuple[tuple[Any, ...], dict]:
    return ("push", "pull_request"), {"pipelines": data.get("pipelines", {})}


def _generic_layout(data: dict) -> tuple[tuple[Any, ...], dict]:
    """Other systems: the usual top-level keys that hold the work, else the whole file as one job."""
    jobs = {k: v for k, v in data.items() if k in ("jobs", "stages", "steps", "script", "pipeline")}
    return ("push",), jobs or {"pipeline": data}


# Where each YAML system keeps its jobs, and what triggers it: data -> (triggers, name -> body);
# a system not listed here is read with _generic_layout.
_YAML_LAYOUTS: dict[str, Callable[[dict], tuple[tuple[Any, ...], dict]]] = {
    "GitHub Actions": _github_actions_layout,
    "GitLab CI": _gitlab_layout,
    "CircleCI": _circleci_layout,
    "Bitbucket Pipelines": _bitbucket_layout,
}


def _stage_body(text: str, name: str) -> str:
    start = text.find(name)
    nxt = text.find("stage(", start + len(name))
    return text[start: nxt if nxt != -1 else len(text)]
