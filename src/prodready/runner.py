"""Prepare and run an audit the way `prodready audit` does, for every command that audits.

`audit`, `baseline`, `history` and `fleet` all need the same steps: read the configuration of
the audited tree, load the checks (built-in and packs) and select them, turn the command line,
the configuration and the defaults into audit options, and build the waiver policy. Doing it
here, without typer, keeps those commands the same in what they judge, and lets a command that
audits many trees (or many revisions of one) prepare once and run many times.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

if TYPE_CHECKING:
    from prodready.config import Config, RawConfig
    from prodready.facts import AuditOptions
    from prodready.model import Check, Scorecard
    from prodready.scanning.files import FileIndex
    from prodready.waivers import Policy


class UsageError(ValueError):
    """Bad input from the user (a missing --config, an unknown check id, an invalid
    configuration): each line of `lines` is printed on its own, and the command exits 2."""

    def __init__(self, *lines: str):
        super().__init__("; ".join(lines))
        self.lines = lines


@dataclass(frozen=True)
class Overrides:
    """What the command line sets; None leaves the configuration's value (or the default)."""

    coverage_files: tuple[Path, ...] = ()
    coverage_threshold: float | None = None
    max_complexity: int | None = None
    min_maintainability: float | None = None
    max_file_bytes: int | None = None
    profile: bool = False
    jobs: int = 0  # 0: one process per core, at most 8
    cache_dir: Path | None = None
    no_cache: bool = False


@dataclass(frozen=True)
class Prepared:
    """A configuration applied: the checks to run, the options, and the notes to show."""

    config: Config
    checks: tuple[Check, ...]
    options: AuditOptions
    load_notes: tuple[str, ...] = ()  # checks_paths not trusted, pack checks refused
    pack_warnings: tuple[str, ...] = ()  # the pack checks refused: shown on stderr too
    # every check loaded, before the configuration selected and re-weighted them: another tree
    # (`audit --base`) is judged by its own configuration, from the same checks
    loaded: tuple[Check, ...] = ()

    @property
    def notes(self) -> tuple[str, ...]:
        """What the report says about the preparation: the load notes, and the configuration
        files that lost to the one applied."""
        return self.load_notes + tuple(f"configuration {name} ignored: {self.config.source} wins"
                                       for name in self.config.ignored)


def split_ids(values: Sequence[str] | None) -> list[str]:
    """`--only a,b --only c` -> [a, b, c]."""
    return [v.strip() for value in values or [] for v in value.split(",") if v.strip()]


def all_checks(checks_dirs: Sequence[Path] = (), configured: Sequence[Path] = ()) -> tuple[list[Check], list[str]]:
    """Built-in checks and packs (--checks-dir, then the configuration's checks_paths), and a
    note for every pack check that was refused."""
    from prodready.registry import load_all

    for directory in checks_dirs:
        if not directory.is_dir():
            raise UsageError(f"--checks-dir {directory} is not a directory")
    return load_all(list(checks_dirs) + list(configured))


def prepare(root: Path, config_file: Path | None = None, checks_dirs: Sequence[Path] = (),
            trust_repo_checks: bool = False, only: Sequence[str] = (), skip: Sequence[str] = (),
            overrides: Overrides | None = None) -> Prepared:
    """Read and validate the configuration of `root`, select the checks, build the options.
    Raises UsageError for anything the user must fix."""
    from prodready.config import checks_paths_of, read

    if config_file is not None and not config_file.is_file():
        raise UsageError(f"--config {config_file} does not exist")
    raw = read(root, config_file)
    notes: list[str] = []
    configured = checks_paths_of(raw)
    if configured and raw.inside and not trust_repo_checks:
        notes.append("checks_paths of the configuration not loaded: they are code from the audited repository "
                     "(pass --trust-repo-checks to run them)")
        configured = ()
    found, pack_notes = all_checks(checks_dirs, configured)
    return configure(root, raw, found, only, skip, overrides, tuple(notes) + tuple(pack_notes), tuple(pack_notes))


def configure(root: Path, raw: RawConfig, found: Sequence[Check], only: Sequence[str] = (), skip: Sequence[str] = (),
              overrides: Overrides | None = None, notes: tuple[str, ...] = (),
              pack_warnings: tuple[str, ...] = ()) -> Prepared:
    """A configuration already read (`raw`) applied to the loaded checks: validated, checks
    selected and re-weighted, options built. Apart from `prepare`, `history` uses it once per
    commit, with the configuration read from that commit's tree and the checks loaded once.
    Raises UsageError for an invalid configuration or an unknown check id."""
    from prodready.config import load
    from prodready.engine import select

    config, errors = load(root, {c.meta.id: c.meta.category for c in found}, raw=raw)
    if errors:
        raise UsageError(*(f"config error: {error}" for error in errors))
    try:
        checks = select(found, split_ids(only) or list(config.enable), split_ids(skip) + list(config.disable))
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    checks = [replace(c, meta=replace(c.meta, severity=config.severity[c.meta.id])) if c.meta.id in config.severity else c
              for c in checks]
    return Prepared(config, tuple(checks), options_for(config, overrides or Overrides()), notes, pack_warnings,
                    tuple(found))


def options_for(config: Config, given: Overrides) -> AuditOptions:
    """Audit options: the command line wins over the configuration, which wins over defaults."""
    from prodready.facts import AuditOptions
    from prodready.scanning.cache import default_directory
    from prodready.scanning.files import DEFAULT_MAX_FILE_BYTES

    limits = config.thresholds

    def pick(value, key: str, default):
        return value if value is not None else limits.get(key, default)

    return AuditOptions(
        coverage_files=tuple(given.coverage_files),
        coverage_threshold=pick(given.coverage_threshold, "coverage", 80.0),
        max_complexity=int(pick(given.max_complexity, "max_complexity", 15)),
        min_maintainability=pick(given.min_maintainability, "min_maintainability", 20.0),
        exclude=config.exclude,
        exclude_sources=config.exclude_sources,
        max_file_bytes=given.max_file_bytes or config.max_file_bytes or DEFAULT_MAX_FILE_BYTES,
        profile=given.profile,
        services=config.services,
        profiles=config.profiles,
        jobs=given.jobs or min(os.cpu_count() or 1, 8),
        cache_dir=None if given.no_cache else (given.cache_dir or default_directory()),
    )


def policy_for(config: Config, known: frozenset[str] | None = None, baseline_file: str = "") -> Policy:
    """The waiver policy of the configuration, with the --baseline findings if given."""
    from prodready.waivers import Policy

    return Policy(rules=config.waivers, inline_allowed=config.inline_waivers, score_waived=config.score_waived,
                  baseline=known, baseline_file=baseline_file)


def run(root: Path, prepared: Prepared, shown_path: str | None = None, progress: Callable[[str], None] | None = None,
        policy: Policy | None = None, index: FileIndex | None = None) -> Scorecard:
    """Audit `root` (or the files of `index`, such as a git revision's) as prepared; the
    scorecard names the target as `shown_path` and carries the preparation's notes."""
    from prodready.engine import audit

    card = audit(root, prepared.checks, prepared.options, progress=progress,
                 policy=policy or policy_for(prepared.config), index=index)
    return replace(card, target_path=shown_path if shown_path is not None else str(root),
                   config_source=prepared.config.source, notes=prepared.notes + card.notes)
