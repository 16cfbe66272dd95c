"""What a check sees: the repository's facts and the service it judges, with the helpers that
keep a check to a few lines of policy."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from prodready.facts.repo import AuditOptions, RepoFacts
from prodready.facts.services import Service, owner_of
from prodready.facts.usage import SOURCE_SUFFIXES, Usage, UsageHit, UsageReport, compile_code
from prodready.scanning.files import FileEntry
from prodready.scanning.perfile import Hit

if TYPE_CHECKING:
    from prodready.facts.containers import Dockerfile


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
            if usage.stack not in ("any", self.stack, "config"):
                continue
            dep = self.service.depends_on(*usage.dependencies, dev=usage.dev) if (self.service and usage.dependencies) else None
            hit = self._code_hit(usage) or self._file_hit(usage)
            if hit is None and dep is not None and usage.autoconfigured:
                hit = UsageHit(usage, dep.path, dep.line, f"{dep.name} {dep.version}".strip())
            if hit is not None:
                wired.append(hit)
            elif dep is not None:
                listed.append((usage, dep))
        return UsageReport(tuple(wired), tuple(listed))

    def _code_hit(self, usage: Usage) -> UsageHit | None:
        """The first line of code (never a mention) that wires `usage`, in this service's files
        of its stack, in the configuration above it (dev tools), or anywhere (gateways)."""
        if not usage.code:
            return None
        suffixes = usage.suffixes or SOURCE_SUFFIXES.get(self.stack if usage.stack == "any" else usage.stack, ())
        # tooling is often configured once at the repo root (pre-commit, pyproject, CI)
        if usage.anywhere:
            scope = [f for f in self.repo.files if f.role != "test"]
        else:
            scope = self.config_files(".") if usage.dev else self.files()
        hits = self.repo.grep(compile_code(usage.code), [f for f in scope if f.suffix in suffixes], limit=1)
        return UsageHit(usage, hits[0].path, hits[0].line, hits[0].text) if hits else None

    def _file_hit(self, usage: Usage) -> UsageHit | None:
        """A configuration file that wires `usage` by its name alone."""
        found = self.config_files(usage.files) if usage.files else []
        return UsageHit(usage, found[0].path, None, "") if found else None

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


def is_dev_container(path: str) -> bool:
    """A development container (VS Code devcontainer, Gitpod) is not the image that ships."""
    return path.startswith((".devcontainer/", ".gitpod")) or "/.devcontainer/" in path


def parent_dir(path: str) -> str:
    """The folder of a repo-relative posix path ("" at the root), as PurePosixPath.parent
    would say it, with string operations: it is asked for every file of every service."""
    return path.rsplit("/", 1)[0] if "/" in path else ""
