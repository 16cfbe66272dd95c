"""RepoFacts: everything prodready believes about one tree, each fact family computed lazily,
once, and shared by all checks.

RepoFacts is the only object that reads the tree (through the scanning layer's FileIndex and
per-file answers). Checks see it through a CheckContext (facts/context.py).
"""

from __future__ import annotations

import re
import subprocess
import time
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from prodready.facts.complexity import ComplexityFacts
from prodready.facts.services import Service, detect_services, owner_of
from prodready.model import Evidence, Severity
from prodready.redact import scrub
from prodready.scanning.batch import BatchPlan
from prodready.scanning.files import DEFAULT_MAX_FILE_BYTES, FileEntry, FileIndex
from prodready.scanning.listing import list_files
from prodready.scanning.parsing import ParseError
from prodready.scanning.perfile import Hit

ROUTE_SUFFIXES = frozenset({".py", ".js", ".ts", ".mjs", ".cjs", ".go", ".java", ".kt"})
# lock files hold hashes and URLs by the thousand and never a credential
SKIP_SECRET_SCAN = re.compile(r"(^|/)(package-lock\.json|yarn\.lock|pnpm-lock\.yaml|poetry\.lock|go\.sum|Cargo\.lock|uv\.lock|Pipfile\.lock|composer\.lock)$")

if TYPE_CHECKING:  # the fact families' modules load when their fact is first asked for
    from prodready.facts.ci import CiPipeline
    from prodready.facts.containers import ComposeFile, Dockerfile
    from prodready.facts.coverage import CoverageReport
    from prodready.facts.database import DatabaseFacts
    from prodready.facts.manifests import Manifest
    from prodready.facts.openapi import SpecDocument
    from prodready.facts.routes import Route
    from prodready.facts.environment import EnvFile
    from prodready.facts.health import HealthCheck
    from prodready.facts.workloads import KubeContainer, Probe
    from prodready.facts.secrets import SecretFinding



@dataclass(frozen=True)
class AuditOptions:
    """Inputs to an audit that do not come from the tree."""

    coverage_files: tuple[Path, ...] = ()
    coverage_threshold: float = 80.0
    max_complexity: int = 15
    min_maintainability: float = 20.0
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    exclude: tuple[str, ...] = ()  # gitignore-style patterns from the configuration
    exclude_sources: tuple[str, ...] = ()  # where each was written ("file:line"), for notes
    profile: bool = False  # keep per-fact and per-check wall times in the scorecard
    services: tuple[tuple[str, str, str], ...] = ()  # configured (path, kind, stack): replaces detection
    profiles: tuple[tuple[str, frozenset[str]], ...] = ()  # (service kind, check ids/categories off)
    jobs: int = 1  # processes for the per-file analyses (secrets, complexity)
    cache_dir: Path | None = None  # content-addressed cache of per-file facts; None: no cache


def evidence(path: str, line: int | None = None, snippet: str = "", note: str = "",
             severity: Severity | None = None) -> Evidence:
    """The only way evidence is made: the snippet is scrubbed of secrets and control bytes."""
    return Evidence(path=path, line=line, snippet=scrub(snippet) if snippet else "",
                    note=scrub(note) if note else "", severity=severity)


class fact(cached_property):
    """A fact family: computed once, and its (inclusive) wall time kept for `--profile`."""

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        if self.attrname in instance.__dict__:
            return instance.__dict__[self.attrname]
        start = time.perf_counter()
        value = super().__get__(instance, owner)
        label = self.attrname.lstrip("_")
        instance.timings[label] = instance.timings.get(label, 0.0) + time.perf_counter() - start
        return value


class RepoFacts(ComplexityFacts):
    """Everything prodready believes about one tree; each property is computed at most once."""

    batch_kinds = ("complexity", "routes", "secrets")  # the batches checks may ask to start early

    def __init__(self, root: Path, options: AuditOptions | None = None, index: FileIndex | None = None):
        """`index`: the files to audit when they are not the tree at `root` (a git revision)."""
        self.root = root.resolve()
        self._given_index = index
        self.options = options or AuditOptions()
        self.notes: list[str] = []
        self.timings: dict[str, float] = {}  # fact family -> seconds, inclusive of facts it used
        self._pool = None  # worker processes for the per-file batches, started on first need
        self._pending: dict[str, tuple[list, object]] = {}  # batches started ahead: kind -> (items, Pending)

    # -- the tree --------------------------------------------------------------------------
    @fact
    def files(self) -> FileIndex:
        if self._given_index is not None:
            index, self.is_git = self._given_index, True
        else:
            paths, self.is_git, notes = list_files(self.root)
            self.notes.extend(notes)
            index = FileIndex(self.root, paths, self.options.max_file_bytes)
        if self.options.exclude:
            from prodready.scanning.ignore import ExcludeSpec

            # the same bounded matcher as .gitignore: the configuration is the repository's too
            spec = ExcludeSpec(self.options.exclude, "exclude", self.options.exclude_sources)
            self.notes.extend(spec.notes)
            index.leave_out(spec.match, "excluded by configuration")
        return index

    def lines(self, path: str) -> list[str]:
        return self.files.lines(path)

    @fact
    def commit(self) -> str | None:
        if not (self.root / ".git").exists():
            return None
        from prodready.scanning.git import run_git

        try:
            done = run_git(self.root, "rev-parse", "--verify", "-q", "HEAD", timeout=60)
        except (OSError, subprocess.SubprocessError):
            return None
        value = done.stdout.decode("ascii", "replace").strip()
        # no commits yet, or not a usable repo: no commit
        return value if done.returncode == 0 and re.fullmatch(r"[0-9a-f]{40,64}", value) else None

    # -- manifests and services ------------------------------------------------------------
    @fact
    def manifests(self) -> tuple[Manifest, ...]:
        from prodready.facts.manifests import is_manifest, parse_manifest

        out = []
        for entry in self.files:
            if is_manifest(entry.name):
                text = self.text(entry.path)
                if text is not None:
                    out.append(parse_manifest(entry.path, text))
        return tuple(out)

    @fact
    def _services(self) -> tuple[list[Service], list[Service]]:
        return detect_services(list(self.manifests), list(self.files), self.first_match, self.options.services)

    @property
    def services(self) -> list[Service]:
        return self._services[0]

    @property
    def other_packages(self) -> list[Service]:
        return self._services[1]

    @fact
    def _files_by_service(self) -> dict[str, list[FileEntry]]:
        grouped: dict[str, list[FileEntry]] = {s.path: [] for s in self.services}
        for entry in self.files:
            owner = self.owner(entry.path)
            if owner is not None:
                grouped[owner].append(entry)
        return grouped

    @fact
    def _owners(self) -> dict[str, str | None]:
        roots = [s.path for s in self.services]
        return {entry.path: owner_of(entry.path, roots) for entry in self.files}

    def owner(self, path: str) -> str | None:
        """The root of the deepest audited service containing `path` (None: no service):
        looked up once per file, since checks ask it for every file of every service."""
        known = self._owners
        if path in known:
            return known[path]
        return owner_of(path, [s.path for s in self.services])

    def non_test_files_matching(self, regex: re.Pattern[str]) -> list[FileEntry]:
        """Files outside tests whose path matches `regex`, computed once per pattern (checks ask
        the same question for every service)."""
        found = self._path_matches.get((regex.pattern, regex.flags))
        if found is None:
            found = [e for e in self.files if e.role != "test" and regex.search(e.path)]
            self._path_matches[(regex.pattern, regex.flags)] = found
        return found

    @cached_property
    def _path_matches(self) -> dict:
        return {}

    def service_files(self, service: Service) -> list[FileEntry]:
        """Every file (all roles) whose deepest audited service root is `service.path`."""
        return self._files_by_service.get(service.path, [])

    @fact
    def _databases(self) -> dict[str, DatabaseFacts]:
        from prodready.facts.database import database_facts

        return {s.path: database_facts(s, self.service_files(s), self) for s in self.services}

    def database(self, service: Service) -> DatabaseFacts:
        return self._databases[service.path]

    # -- containers ------------------------------------------------------------------------
    @fact
    def dockerfiles(self) -> tuple[Dockerfile, ...]:
        from prodready.facts.containers import is_dockerfile, parse_dockerfile

        out = []
        for entry in self.files:
            if is_dockerfile(entry.name) and entry.role != "test":
                text = self.text(entry.path)
                if text is not None:
                    out.append(parse_dockerfile(entry.path, text))
        return tuple(out)

    @fact
    def compose_files(self) -> tuple[ComposeFile, ...]:
        from prodready.facts.containers import is_compose, parse_compose

        return tuple(
            parse_compose(e.path, self.text(e.path) or "")
            for e in self.files if is_compose(e.name) and e.role != "test"
        )

    @fact
    def k8s_containers(self) -> tuple[KubeContainer, ...]:
        """Every container of the Kubernetes workloads and Helm templates, read once (by
        facts/workloads.py) for every check that asks about them."""
        from prodready.facts.workloads import containers_from, read_containers

        out: list[KubeContainer] = []
        for path in self.k8s_manifests:
            rows = self.per_file(path, read_containers, int("/templates/" in f"/{path}")) or []
            out.extend(containers_from(path, rows))
        return tuple(out)

    @property
    def probes(self) -> tuple[Probe, ...]:
        """The probes of k8s_containers, in file order."""
        return tuple(probe for container in self.k8s_containers for probe in container.probes)

    @fact
    def env_files(self) -> tuple[EnvFile, ...]:
        """Committed env files outside tests, with their kind and entries (facts/environment.py)."""
        from prodready.facts.environment import EnvFile, env_entries, env_file_kind

        out = []
        for entry in self.files:
            kind = env_file_kind(entry.name)
            if kind is not None and entry.role != "test":
                out.append(EnvFile(entry.path, kind, tuple(env_entries(self.text(entry.path) or ""))))
        return tuple(out)

    @fact
    def credential_files(self) -> tuple[str, ...]:
        """Committed keys, keystores and credential files outside tests (paths)."""
        from prodready.facts.environment import CREDENTIAL_FILE, is_credential_file

        return tuple(e.path for e in self.files
                     if e.role != "test" and (CREDENTIAL_FILE.search(e.path) or e.name in (".npmrc", ".pypirc", ".yarnrc.yml"))
                     and is_credential_file(e.path, e.name, e.suffix, self.text(e.path) or ""))

    @fact
    def health_checks(self) -> tuple[HealthCheck, ...]:
        """Every HEALTHCHECK, compose healthcheck and Kubernetes probe (facts/health.py): what
        obs.health and ops.dockerfile both read."""
        from prodready.facts.health import health_checks

        return health_checks(self.dockerfiles, self.compose_files, self.k8s_containers)

    # -- code ------------------------------------------------------------------------------
    @fact
    def routes(self) -> tuple[Route, ...]:
        """Declared HTTP routes: a per-file batch (cached by content, on the workers when
        prefetched). The cache holds route paths, line numbers and styles, never code: each
        snippet is taken from the file again here."""
        from prodready.facts.routes import Route

        items, found = self.batch_result("routes")
        out: list[Route] = []
        for path, _suffix in items:
            lines = self.lines(path) if found[path] else []
            out.extend(Route(route, line, path, lines[line - 1].strip(), style) for route, line, style in found[path])
        return tuple(out)

    def batch_plan(self, kind: str) -> BatchPlan:
        """The per-file batches: routes and secrets over the files that hold text, complexity
        over the services' production code."""
        from prodready.facts import analyses

        if kind == "routes":
            return BatchPlan("routes", analyses.routes_version(), self._route_items(), analyses.routes_work)
        if kind == "secrets":
            return BatchPlan("secrets", analyses.secrets_version(), self._secret_items(), analyses.secrets_work)
        if kind == "complexity":
            production = (e for s in self.services for e in self.service_files(s) if e.is_production)
            return BatchPlan("complexity", analyses.complexity_version(), self.complexity_items(production),
                             analyses.complexity_work)
        raise KeyError(kind)

    def _route_items(self) -> list:
        return [(entry.path, entry.suffix) for entry in self.files
                if entry.is_production and entry.suffix in ROUTE_SUFFIXES and self.has_text(entry.path)]

    def _secret_items(self) -> list:
        return [(entry.path, entry.role) for entry in (*self.files, *self.files.build_output)
                if not SKIP_SECRET_SCAN.search(entry.path) and self.has_text(entry.path)]

    # -- documents -------------------------------------------------------------------------
    @fact
    def openapi_documents(self) -> tuple[SpecDocument, ...]:
        from prodready.facts.openapi import analyse_spec, sniffs_as_spec

        root_uri = self.root.as_uri() + "/"
        out = []
        for entry in self.files:
            if entry.role == "test" or entry.suffix not in (".yaml", ".yml", ".json"):
                continue
            if self.per_file(entry.path, sniffs_as_spec):
                doc = analyse_spec(entry.path, self.text(entry.path) or "", root_uri, self.text)
                if doc is not None:
                    out.append(doc)
        return tuple(out)

    @fact
    def coverage_reports(self) -> tuple[CoverageReport, ...]:
        from prodready.facts.coverage import is_report_name, parse_report

        tree = {e.path for e in self.files}
        out = []
        for entry in self.files:
            if is_report_name(entry.name):
                data = self.files.read_bytes(entry.path)
                if data is not None:
                    out.append(parse_report(entry.path, data, tree, self.text))
        for given in self.options.coverage_files:
            try:
                with open(given, "rb") as handle:
                    data = handle.read(self.options.max_file_bytes * 16)
            except OSError as exc:
                out.append(CoverageReport(str(given), "unknown", None, 0, 0, (), f"could not read {given}: {exc.strerror}"))
                continue
            out.append(parse_report(str(given), data, tree, self.text))
        return tuple(out)

    @fact
    def coverage_gates(self) -> tuple[Hit, ...]:
        from prodready.facts.coverage import GATE_FILES, GATES

        hits: list[Hit] = []
        candidates = [e for e in self.files if GATE_FILES.match(e.name) or e.path.startswith((".github/workflows/", ".gitlab-ci"))]
        for pattern, what in GATES:
            for hit in self.grep(pattern, candidates, limit=5):
                hits.append(Hit(hit.path, hit.line, f"{what}: {hit.text}"))
        return tuple(sorted(set(hits), key=lambda h: (h.path, h.line)))

    # -- secrets ---------------------------------------------------------------------------
    @fact
    def secrets(self) -> tuple[SecretFinding, ...]:
        """Hard-coded credentials in every file the repository ships, committed build output
        included: a per-file batch (cached by content, on the workers when prefetched) holding
        masks and hashes, never a value."""
        from prodready.facts.secrets import SecretFinding

        items, found = self.batch_result("secrets")
        return tuple(SecretFinding(*row[:2], path, *row[2:]) for path, _role in items for row in found[path])

    # -- delivery ----------------------------------------------------------------------------
    @fact
    def ci_pipelines(self) -> tuple[CiPipeline, ...]:
        from prodready.facts.ci import CI_FILES, parse_pipeline

        return tuple(
            parse_pipeline(e.path, self.text(e.path) or "")
            for e in self.files if CI_FILES.match(e.path)
        )

    @fact
    def k8s_manifests(self) -> tuple[str, ...]:
        """Kubernetes manifests and Helm templates (paths) outside tests."""
        from prodready.facts.containers import is_manifest_or_template

        return tuple(
            entry.path for entry in self.files
            if entry.suffix in (".yaml", ".yml") and entry.role != "test"
            and self.per_file(entry.path, is_manifest_or_template, int("/templates/" in f"/{entry.path}"))
        )

    @fact
    def parse_errors(self) -> tuple[ParseError, ...]:
        errors = [m.error for m in self.manifests if m.error]
        errors += [d.error for d in self.dockerfiles if d.error]
        errors += [c.error for c in self.compose_files if c.error]
        errors += [p.error for p in self.ci_pipelines if p.error]
        return tuple(errors)
