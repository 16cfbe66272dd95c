"""Facts about the audited repository: gathered once, each family lazily, shared by all checks.

`RepoFacts` is the only object that reads the tree (through its `FileIndex`). Checks receive a
`CheckContext`: the repo facts plus the service being judged, with helpers that keep a check
to a few lines of logic.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from prodready.facts.files import DEFAULT_MAX_FILE_BYTES, FileEntry, FileIndex, list_files
from prodready.facts.parsing import ParseError, line_of
from prodready.facts.services import Service, detect_services, owner_of
from prodready.facts.usage import SOURCE_SUFFIXES, Usage, UsageHit, UsageReport, compile_code
from prodready.model import Evidence, Severity
from prodready.redact import scrub

if TYPE_CHECKING:  # the fact families' modules load when their fact is first asked for
    from prodready.facts.ci import CiPipeline
    from prodready.facts.containers import ComposeFile, Dockerfile, Probe
    from prodready.facts.coverage import CoverageReport
    from prodready.facts.database import DatabaseFacts
    from prodready.facts.manifests import Manifest
    from prodready.facts.openapi import SpecDocument
    from prodready.facts.routes import Route
    from prodready.facts.secrets import SecretFinding

SKIP_SECRET_SCAN = re.compile(r"(^|/)(package-lock\.json|yarn\.lock|pnpm-lock\.yaml|poetry\.lock|go\.sum|Cargo\.lock|uv\.lock|Pipfile\.lock|composer\.lock)$")


@dataclass(frozen=True)
class AuditOptions:
    """Inputs to an audit that do not come from the tree."""

    coverage_files: tuple[Path, ...] = ()
    coverage_threshold: float = 80.0
    max_complexity: int = 15
    min_maintainability: float = 20.0
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    exclude: tuple[str, ...] = ()  # gitignore-style patterns from the configuration
    profile: bool = False  # keep per-fact and per-check wall times in the scorecard
    services: tuple[tuple[str, str, str], ...] = ()  # configured (path, kind, stack): replaces detection
    profiles: tuple[tuple[str, frozenset[str]], ...] = ()  # (service kind, check ids/categories off)
    jobs: int = 1  # processes for the per-file analyses (secrets, complexity)
    cache_dir: Path | None = None  # content-addressed cache of per-file facts; None: no cache


@dataclass(frozen=True)
class Hit:
    """A line of production code matching a pattern."""

    path: str
    line: int
    text: str


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


class RepoFacts:
    """Everything prodready believes about one tree; each property is computed at most once."""

    def __init__(self, root: Path, options: AuditOptions | None = None, index: FileIndex | None = None):
        """`index`: the files to audit when they are not the tree at `root` (a git revision)."""
        self.root = root.resolve()
        self._given_index = index
        self.options = options or AuditOptions()
        self.notes: list[str] = []
        self.timings: dict[str, float] = {}  # fact family -> seconds, inclusive of facts it used
        self._pool = None  # worker processes for the per-file batches, started on first need
        self._pending: dict[str, tuple[list, object]] = {}  # batches started ahead: kind -> (items, Pending)

    # -- worker processes ------------------------------------------------------------------
    def pool(self):
        """The audit's worker processes (`--jobs`), or None for one job."""
        if self._pool is None and self.options.jobs > 1:
            from prodready.facts import batch

            self._pool = batch.worker_pool(self.options.jobs)
        return self._pool

    def close(self) -> None:
        """Keep what this audit learnt per file, and stop the worker processes (unfinished work
        is dropped)."""
        if "_memo" in self.__dict__:
            self._memo.save()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def prefetch(self, kinds: Iterable[str]) -> None:
        """Start the per-file batches the checks will ask for (`complexity`, `routes`,
        `secrets`) on the worker processes now, in the order given (the order the checks will
        need them: workers take batches first come, first served), so they run while this
        process works through the other checks. Nothing is started with one job: there it
        would only reorder the same work."""
        if self.pool() is None:
            return
        for kind in dict.fromkeys(kinds):
            if kind not in ("complexity", "routes", "secrets") or kind in self._pending or kind in self.__dict__:
                continue  # unknown, already started, or already computed
            name, version, items, work = self._batch_plan(kind)
            self._pending[kind] = (items, self._start_batch(name, version, items, work))

    def _batch_plan(self, kind: str) -> tuple:
        """(cache name, analysis version, items, work) of a per-file batch."""
        from prodready.facts import batch

        if kind == "routes":
            return "routes", batch.routes_version(), self._route_items(), batch.routes_work
        if kind == "secrets":
            return "secrets", batch.secrets_version(), self._secret_items(), batch.secrets_work
        production = (e for s in self.services for e in self.service_files(s) if e.is_production)
        return "complexity", batch.complexity_version(), self._complexity_items(production), batch.complexity_work

    def _start_batch(self, name: str, version: str, items: list, work, parallel_minimum: int | None = None):
        from prodready.facts import batch

        return batch.start(name, version, items, work, self.fact_cache, self.pool(),
                           parallel_minimum or batch.PARALLEL_MINIMUM, key_of=self._memo.content_key)

    def _batch_result(self, kind: str) -> tuple[list, dict]:
        """(items, {path: result}) of a per-file batch: the one prefetched, else run now."""
        if kind in self._pending:
            items, pending = self._pending.pop(kind)
            return items, pending.result()
        name, version, items, work = self._batch_plan(kind)
        return items, self._start_batch(name, version, items, work).result()

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
            import pathspec

            spec = pathspec.GitIgnoreSpec.from_lines(self.options.exclude)
            kept = tuple(e for e in index.entries if not spec.match_file(e.path))
            if len(kept) != len(index.entries):
                index.excluded["excluded by configuration"] = len(index.entries) - len(kept)
                index.entries = kept
                index._by_path = {e.path: e for e in kept}
        return index

    def text(self, path: str) -> str | None:
        return self.files.text(path)

    def lines(self, path: str) -> list[str]:
        return self.files.lines(path)

    @fact
    def commit(self) -> str | None:
        if not (self.root / ".git").exists():
            return None
        try:
            import git

            from prodready.facts.files import SAFE_GIT_OPTIONS

            out = git.Git(str(self.root)).execute(
                ["git", *SAFE_GIT_OPTIONS, "rev-parse", "--verify", "-q", "HEAD"],
                env={"GIT_CONFIG_NOSYSTEM": "1"}, with_extended_output=False,
            )
            value = str(out).strip()
            return value if re.fullmatch(r"[0-9a-f]{40,64}", value) else None
        except Exception:  # noqa: BLE001 - no commits yet, or not a usable repo
            return None

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
    def probes(self) -> tuple[Probe, ...]:
        from prodready.facts.containers import find_probes, is_k8s_manifest

        out: list[Probe] = []
        for entry in self.files:
            if entry.suffix in (".yaml", ".yml") and entry.role != "test":
                text = self.text(entry.path) or ""
                if "Probe" in text and (is_k8s_manifest(text) or "{{" in text):
                    out.extend(find_probes(entry.path, text))
        return tuple(out)

    # -- code ------------------------------------------------------------------------------
    @fact
    def routes(self) -> tuple[Route, ...]:
        """Declared HTTP routes: a per-file batch (cached by content, on the workers when
        prefetched). The cache holds route paths, line numbers and styles, never code: each
        snippet is taken from the file again here."""
        from prodready.facts.routes import Route

        items, found = self._batch_result("routes")
        out: list[Route] = []
        for path, text, _suffix in items:
            lines = text.splitlines() if found[path] else []
            out.extend(Route(route, line, path, lines[line - 1].strip(), style) for route, line, style in found[path])
        return tuple(out)

    def _route_items(self) -> list:
        items = []
        for entry in self.files:
            if entry.is_production and entry.suffix in (".py", ".js", ".ts", ".mjs", ".cjs", ".go", ".java", ".kt"):
                text = self.text(entry.path)
                if text:
                    items.append((entry.path, text, entry.suffix))
        return items

    def grep(self, pattern: str | re.Pattern[str], files: Iterable[FileEntry], flags: int = 0,
             limit: int = 50) -> list[Hit]:
        """Matches of `pattern` in `files` (one hit per line, at the line where the match
        starts, so patterns may span lines), skipping matches on comment lines."""
        regex = re.compile(pattern, flags | re.M) if isinstance(pattern, str) else pattern
        files = list(files)
        # repo-wide searches are asked again by every service (load tests, gateways): answer once
        key = (regex.pattern, regex.flags, limit, tuple(e.path for e in files))
        if key not in self._grep_memo:
            self._grep_memo[key] = tuple(self._grep(regex, files, limit))
        return list(self._grep_memo[key])

    @cached_property
    def _grep_memo(self) -> dict:
        return {}

    def _grep(self, regex: re.Pattern[str], files: list[FileEntry], limit: int) -> list[Hit]:
        memo = self._memo
        memo.load(k for k in map(memo.content_key, (e.path for e in files)) if k is not None)
        hits: list[Hit] = []
        for entry in files:
            starts = memo.match_starts(regex, entry.path)
            if not starts:
                continue
            text = self.text(entry.path) or ""
            comments = comment_prefixes(entry)
            for start in starts:
                end = text.find("\n", start)
                line = text[start: end if end != -1 else len(text)]
                if comments and line.lstrip().startswith(comments):
                    continue
                hits.append(Hit(entry.path, line_of(text, start), line.strip()))
                if len(hits) >= limit:
                    return hits
        return hits

    @cached_property
    def _memo(self):
        from prodready.facts.memo import FileMemo

        return FileMemo(self.fact_cache, self.text)

    def first_match(self, regex: re.Pattern[str], path: str) -> re.Match[str] | None:
        """`regex.search` over one file, remembered across audits (a file known not to match is
        not searched again): use it for per-file searches instead of searching `text()`."""
        return self._memo.first_match(regex, path)

    def per_file(self, path: str, compute, *args: str | int):
        """`compute(text, *args)` for one file, remembered across audits by the file's content
        and the source of `compute`'s module (see FileMemo.per_file)."""
        return self._memo.per_file(path, compute, *args)

    def per_python_file(self, path: str, compute, *args: str | int):
        """`compute(tree, *args)` over one Python file's syntax tree (None when it does not
        parse), remembered like per_file: the tree is built (once per audit) only when needed."""
        return self._memo.per_file(path, compute, *args, source=lambda: self.python_tree(path))

    @cached_property
    def _complexity(self) -> dict:
        return {}

    def complexities(self, entries: Iterable[FileEntry]) -> None:
        """Compute the complexity of many files at once: cached, and on `jobs` processes."""
        from prodready.facts import batch

        if "complexity" in self._pending:
            started, pending = self._pending.pop("complexity")
            self._store_complexity(started, pending.result())
        items = self._complexity_items(entries)
        if items:
            pending = self._start_batch("complexity", batch.complexity_version(), items, batch.complexity_work)
            self._store_complexity(items, pending.result())

    def _complexity_items(self, entries: Iterable[FileEntry]) -> list:
        from prodready.facts.quality import LIZARD_SUFFIXES

        items = []
        for entry in entries:
            if entry.path in self._complexity:
                continue
            if entry.suffix != ".py" and entry.suffix not in LIZARD_SUFFIXES:
                self._complexity[entry.path] = ([], None)
                continue
            items.append((entry.path, self.text(entry.path) or "", entry.suffix))
        return items

    def _store_complexity(self, items: list, found: dict) -> None:
        from prodready.facts.quality import FunctionComplexity, cc_rank

        for path, _text, _suffix in items:
            self._complexity[path] = ([FunctionComplexity(path, name, line, cc, cc_rank(cc)) for name, line, cc in found[path]], None)

    def complexity(self, entry: FileEntry):
        """(functions, maintainability) for one source file, computed once (through the batch,
        so a lone file is cached the same way)."""
        if entry.path not in self._complexity:
            self.complexities([entry])
        return self._complexity[entry.path]

    def maintainabilities(self, entries: Iterable[FileEntry]) -> dict:
        """radon's maintainability index of Python files {path: FileMaintainability | None}:
        heavy per file (it tokenizes again), so cached and spread over `jobs` from two files."""
        from prodready.facts import batch
        from prodready.facts.quality import FileMaintainability

        items = [(e.path, self.text(e.path) or "", "") for e in entries]
        found = self._start_batch("maintainability", batch.complexity_version(), items, batch.maintainability_work,
                                  parallel_minimum=2).result()
        return {path: (None if found[path] is None else FileMaintainability(path, *found[path])) for path, _t, _p in items}

    @cached_property
    def _python_trees(self) -> dict:
        return {}

    def python_tree(self, path: str):
        """The file's `ast` (parsed once, never executed), or None if it does not parse."""
        if path not in self._python_trees:
            from prodready.facts.code import parse_python

            text = self.text(path)
            self._python_trees[path] = parse_python(text) if text else None
        return self._python_trees[path]

    # -- documents -------------------------------------------------------------------------
    @fact
    def openapi_documents(self) -> tuple[SpecDocument, ...]:
        from prodready.facts.openapi import analyse_spec, looks_like_spec

        root_uri = self.root.as_uri() + "/"
        out = []
        for entry in self.files:
            if entry.role == "test" or entry.suffix not in (".yaml", ".yml", ".json"):
                continue
            text = self.text(entry.path)
            if text and looks_like_spec(entry.path, text):
                doc = analyse_spec(entry.path, text, root_uri, self.text)
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
    @cached_property
    def fact_cache(self):
        from prodready.cache import FactCache

        return FactCache(self.options.cache_dir)

    @fact
    def secrets(self) -> tuple[SecretFinding, ...]:
        from prodready.facts.secrets import SecretFinding

        items, found = self._batch_result("secrets")
        return tuple(SecretFinding(detector, title, path, line, masked, snippet, fingerprint, param == "test")
                     for path, _text, param in items
                     for detector, title, line, masked, snippet, fingerprint in found[path])

    def _secret_items(self) -> list:
        items = []
        for entry in self.files:
            if SKIP_SECRET_SCAN.search(entry.path):
                continue
            text = self.text(entry.path)
            if text:
                items.append((entry.path, text, "src" if entry.role == "source" else "test"))
        return items

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
        from prodready.facts.containers import is_k8s_manifest

        out = []
        for entry in self.files:
            if entry.suffix in (".yaml", ".yml") and entry.role != "test":
                text = self.text(entry.path) or ""
                if is_k8s_manifest(text) or ("/templates/" in f"/{entry.path}" and "kind:" in text and "{{" in text):
                    out.append(entry.path)
        return tuple(out)

    @fact
    def parse_errors(self) -> tuple[ParseError, ...]:
        errors = [m.error for m in self.manifests if m.error]
        errors += [d.error for d in self.dockerfiles if d.error]
        errors += [c.error for c in self.compose_files if c.error]
        errors += [p.error for p in self.ci_pipelines if p.error]
        return tuple(errors)


@dataclass
class CheckContext:
    """What a check sees: the repo's facts and the service it judges (None: the whole repo)."""

    repo: RepoFacts
    service: Service | None
    options: AuditOptions = field(default_factory=AuditOptions)

    @property
    def stack(self) -> str:
        return self.service.stack if self.service else "unknown"

    @property
    def frameworks(self) -> tuple[str, ...]:
        return self.service.frameworks if self.service else ()

    def files(self, production: bool = True) -> list[FileEntry]:
        """This service's files (production only unless asked), or the repo's for repo scope."""
        entries = self.repo.service_files(self.service) if self.service else list(self.repo.files)
        return [e for e in entries if e.is_production] if production else entries

    def names_me(self, name: str) -> bool:
        """Whether a name (a file name, a compose service) names this service: trainer.yml and
        trainer-http for internal/trainer. How monorepos keep per-service specs and images
        side by side."""
        if self.service is None or not self.service.path:
            return False
        return self.service.path.rsplit("/", 1)[-1].lower() in re.split(r"[-_.]", name.lower())

    def named_for(self, path: str) -> bool:
        """A file outside every service whose name names this one."""
        return self.repo.owner(path) is None and self.names_me(path.rsplit("/", 1)[-1])

    def owns(self, path: str) -> bool:
        if self.service is None:
            return True
        return self.repo.owner(path) == self.service.path

    def grep(self, pattern: str | re.Pattern[str], suffixes: tuple[str, ...] | None = None,
             production: bool = True, flags: int = 0, limit: int = 50) -> list[Hit]:
        files = [f for f in self.files(production) if suffixes is None or f.suffix in suffixes]
        return self.repo.grep(pattern, files, flags, limit)

    def code_files(self, stack: str | None = None, production: bool = True) -> list[FileEntry]:
        """This scope's source files of `stack` (default: the service's stack)."""
        suffixes = SOURCE_SUFFIXES.get(stack or self.stack, ())
        return [f for f in self.files(production) if f.suffix in suffixes]

    def config_files(self, pattern: str | re.Pattern[str]) -> list[FileEntry]:
        """Files matching `pattern` in this service or in a folder above it (repo-wide configs
        such as .eslintrc or .pre-commit-config.yaml at the root apply to every service)."""
        regex = re.compile(pattern) if isinstance(pattern, str) else pattern
        base = self.service.path if self.service else ""
        above = {""} | {"/".join(base.split("/")[: i + 1]) for i in range(len(base.split("/")))} if base else {""}
        return [e for e in self.repo.non_test_files_matching(regex) if self.owns(e.path) or parent_dir(e.path) in above]

    def usage(self, usages: tuple[Usage, ...] | list[Usage]) -> UsageReport:
        """Which of `usages` are wired in this service, and which are only listed."""
        wired: list[UsageHit] = []
        listed: list = []
        for usage in usages:
            if usage.stack not in ("any", self.stack) and not (usage.stack == "config"):
                continue
            hit = None
            if usage.code:
                suffixes = usage.suffixes or SOURCE_SUFFIXES.get(self.stack if usage.stack == "any" else usage.stack, ())
                # tooling is often configured once at the repo root (pre-commit, pyproject, CI)
                if usage.anywhere:
                    scope = [f for f in self.repo.files if f.role != "test"]
                else:
                    scope = self.config_files(".") if usage.dev else self.files()
                files = [f for f in scope if f.suffix in suffixes]
                hits = self.repo.grep(compile_code(usage.code), files, limit=1)
                if hits:
                    hit = UsageHit(usage, hits[0].path, hits[0].line, hits[0].text)
            if hit is None and usage.files:
                found = self.config_files(usage.files)
                if found:
                    hit = UsageHit(usage, found[0].path, None, "")
            dep = self.service.depends_on(*usage.dependencies, dev=usage.dev) if (self.service and usage.dependencies) else None
            if hit is None and dep is not None and usage.autoconfigured:
                hit = UsageHit(usage, dep.path, dep.line, f"{dep.name} {dep.version}".strip())
            if hit is not None:
                wired.append(hit)
            elif dep is not None:
                listed.append((usage, dep))
        return UsageReport(tuple(wired), tuple(listed))

    def dockerfiles(self) -> list[Dockerfile]:
        """Dockerfiles that build this service: inside it, named by a compose build of it, or
        (when the repo has a single service) any Dockerfile no other service owns."""
        all_files = [d for d in self.repo.dockerfiles if not is_dev_container(d.path)]
        if self.service is None:
            return all_files
        mine = {d.path for d in all_files if self.owns(d.path)}
        for compose in self.repo.compose_files:
            for svc in compose.services:
                if svc.build_context is None or not svc.dockerfile:
                    continue
                if self.owns(svc.build_context + "/x") or self.names_me(svc.name):
                    mine.add(svc.dockerfile)  # built from here, or a shared image started as this service
        if len(self.repo.services) == 1:
            # a lone service also owns unowned images, but not those of a frontend or library package
            others = [p.path for p in self.repo.other_packages if p.path]
            mine.update(d.path for d in all_files if owner_of(d.path, others) is None)
        return [d for d in all_files if d.path in mine]


_HASH_COMMENTS = {".py", ".sh", ".yaml", ".yml", ".toml", ".properties", ".conf", ".ini", ".cfg", ".rb", ".tf", ".env", ""}
_SLASH_COMMENTS = {".js", ".ts", ".mjs", ".cjs", ".jsx", ".tsx", ".go", ".java", ".kt", ".kts", ".scala", ".gradle", ".c", ".rs", ".prisma"}


def comment_prefixes(entry: FileEntry) -> tuple[str, ...]:
    """Line-comment starts for a file's language (none for prose such as Markdown)."""
    if entry.suffix in _SLASH_COMMENTS:
        return ("//", "/*", "* ")
    if entry.suffix == ".sql":
        return ("--", "/*")
    if entry.suffix in _HASH_COMMENTS:
        return ("#",)
    return ()


def is_dev_container(path: str) -> bool:
    """A development container (VS Code devcontainer, Gitpod) is not the image that ships."""
    return path.startswith((".devcontainer/", ".gitpod")) or "/.devcontainer/" in path


def parent_dir(path: str) -> str:
    """The folder of a repo-relative posix path ("" at the root), as PurePosixPath.parent
    would say it, with string operations: it is asked for every file of every service."""
    return path.rsplit("/", 1)[0] if "/" in path else ""
