"""The command line: parse arguments, call the engine, write reports, choose the exit code.

Exit codes: 0 done; 1 the score is under --fail-under; 2 bad usage or an unreadable target
(one line on stderr, never a traceback); 3 an internal error (a bug: set PRODREADY_DEBUG=1 to
see the traceback).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import List, Optional

import typer

from prodready import __version__

from prodready.cli_support import EXIT_BELOW_THRESHOLD, EXIT_OK, EXIT_USAGE, fail as _fail  # noqa: F401 - re-exported

app = typer.Typer(
    name="prodready",
    help="Audit a backend repository for production readiness, with evidence.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"prodready {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """Audit a backend repository for production readiness, with evidence."""


def _split(values: Optional[List[str]]) -> list[str]:
    return [v.strip() for value in values or [] for v in value.split(",") if v.strip()]


class _Progress:
    """A one-line progress indicator on a TTY (stderr); silent otherwise."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.width = 0

    def __call__(self, message: str) -> None:
        if self.enabled:
            from prodready.redact import clean

            line = clean(message, 70)
            sys.stderr.write("\r" + line.ljust(self.width))
            sys.stderr.flush()
            self.width = len(line)

    def done(self) -> None:
        if self.enabled and self.width:
            sys.stderr.write("\r" + " " * self.width + "\r")
            sys.stderr.flush()


_CHECKS_DIR_HELP = "A directory of extra check modules (repeatable)."
_TRUST_HELP = "Load checks_paths named by a configuration inside the audited repository (runs its code)."


@app.command()
def audit(
    path: Path = typer.Argument(Path("."), help="Repository or directory to audit."),
    formats: Optional[List[str]] = typer.Option(None, "--format", "-f", help="term, md, html, json or sarif (repeatable)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="File for one format, directory for several."),
    only: Optional[List[str]] = typer.Option(None, "--only", help="Run only these check ids or categories (comma-separated)."),
    skip: Optional[List[str]] = typer.Option(None, "--skip", help="Skip these check ids or categories (comma-separated)."),
    fail_under: Optional[float] = typer.Option(None, "--fail-under", min=0, max=100, help="Exit 1 when the score is below this."),
    coverage: Optional[List[Path]] = typer.Option(None, "--coverage", help="A coverage report to read (repeatable)."),
    coverage_threshold: Optional[float] = typer.Option(None, "--coverage-threshold", min=0, max=100, help="Line coverage that passes (default 80)."),
    max_complexity: Optional[int] = typer.Option(None, "--max-complexity", min=1, help="Cyclomatic complexity above which a function is flagged (default 15)."),
    min_maintainability: Optional[float] = typer.Option(None, "--min-maintainability", min=0, max=100, help="Maintainability index below which a file is flagged (default 20)."),
    max_file_bytes: Optional[int] = typer.Option(None, "--max-file-bytes", min=1024, help="Skip (with a note) files larger than this (default 2 MiB)."),
    profile: bool = typer.Option(False, "--profile", help="Report wall time per fact and per check (terminal and JSON)."),
    config_file: Optional[Path] = typer.Option(None, "--config", help="Configuration file (default: .prodready.yml, else [tool.prodready] in pyproject.toml)."),
    base: Optional[str] = typer.Option(None, "--base", help="Also audit this git revision and report the change against it."),
    baseline_file: Optional[Path] = typer.Option(None, "--baseline", help="Findings file from `prodready baseline`: report only new findings."),
    fail_on_new: bool = typer.Option(False, "--fail-on-new", help="With --baseline: exit 1 when there is any new finding."),
    checks_dirs: Optional[List[Path]] = typer.Option(None, "--checks-dir", help=_CHECKS_DIR_HELP),
    trust_repo_checks: bool = typer.Option(False, "--trust-repo-checks", help=_TRUST_HELP),
    jobs: int = typer.Option(0, "--jobs", "-j", min=0, max=64, help="Processes for secret scanning and complexity (0: one per core)."),
    cache_dir: Optional[Path] = typer.Option(None, "--cache-dir", help="Cache of per-file facts (default: $PRODREADY_CACHE_DIR or ~/.cache/prodready)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Neither read nor write the cache."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress and no terminal report."),
    blame: bool = typer.Option(False, "--blame", help="Name the commit that made each failing check fail (git history)."),
    blame_last: Optional[int] = typer.Option(None, "--last", "--blame-last", min=1, max=1000,
                                             help="With --blame: look back at most this many commits (default 50)."),
) -> None:
    """Audit PATH and print or write the scorecard."""
    from prodready.runner import Overrides, policy_for, run

    chosen = _formats(formats)
    root = _target(path)
    given = Overrides(tuple(coverage or ()), coverage_threshold, max_complexity, min_maintainability, max_file_bytes,
                      profile, jobs, cache_dir, no_cache)
    prepared = _prepare(root, config_file, checks_dirs, trust_repo_checks, only, skip, given)
    known = _read_baseline(baseline_file) if baseline_file is not None else None
    progress = _Progress(sys.stderr.isatty() and not quiet)
    try:
        card = run(root, prepared, str(path), progress,
                   policy_for(prepared.config, known, str(baseline_file) if baseline_file else ""))
    except PermissionError as exc:
        progress.done()
        _fail(f"cannot read {path}: {exc.strerror}")
    progress.done()
    if base:
        card = _with_base(card, root, path, base, prepared, progress, (only, skip), given, config_file is not None)
    if blame or blame_last is not None:
        card = _with_blame(card, root, prepared, blame, blame_last, progress)
    _write(card, chosen, output, sys.stdout.isatty(), quiet)
    _exit_code(card, fail_under, fail_on_new, baseline_file, quiet)


def _with_base(card, root: Path, path: Path, base: str, prepared, progress: "_Progress",
               selection: tuple[Optional[List[str]], Optional[List[str]]], given, fixed_config: bool):
    """`card` with its change against the git revision `base` (read from the object store),
    judged as an audit of that commit would be (prodready.base_audit): with its own
    configuration unless --config named one (`fixed_config`), with the command line's
    --only/--skip `selection` and overrides (`given`)."""
    from dataclasses import replace

    from prodready.base_audit import audit_base
    from prodready.delta import attach
    from prodready.scanning.revision import BaseRevisionError

    only, skip = selection
    try:
        progress(f"auditing base {base}")
        base_card = audit_base(root, base, prepared, (only or (), skip or ()), given, fixed_config, progress)
    except BaseRevisionError as exc:
        progress.done()
        _fail(str(exc))
    progress.done()
    return attach(card, replace(base_card, target_path=str(path)), base)


def _with_blame(card, root: Path, prepared, blame: bool, last: Optional[int], progress: "_Progress"):
    """`card` with the commit that made each failing check fail (prodready.history.blame)."""
    from prodready.history.command import Refused, with_blame

    if not blame:
        _fail("--last goes with --blame (how many commits back to look)")
    try:
        return with_blame(card, root, prepared, last or 50, progress)
    except Refused as exc:
        _fail(str(exc))
    finally:
        progress.done()


def _exit_code(card, fail_under: Optional[float], fail_on_new: bool, baseline_file: Optional[Path], quiet: bool) -> None:
    """Exit 1 under --fail-under, or with --fail-on-new when a finding is not in the baseline."""
    if fail_under is not None and (card.score is None or card.score < fail_under):
        if not quiet:
            typer.echo(f"prodready: score {card.score} is below --fail-under {fail_under:g}", err=True)
        raise typer.Exit(EXIT_BELOW_THRESHOLD)
    if fail_on_new and card.baseline is not None and card.baseline.new:
        if not quiet:
            typer.echo(f"prodready: {card.baseline.new} new finding(s) not in the baseline {baseline_file}", err=True)
        raise typer.Exit(EXIT_BELOW_THRESHOLD)


@app.command()
def baseline(
    path: Path = typer.Argument(Path("."), help="Repository or directory to audit."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Where to write it (default: PATH/.prodready-baseline.json)."),
    only: Optional[List[str]] = typer.Option(None, "--only", help="Run only these check ids or categories (comma-separated)."),
    skip: Optional[List[str]] = typer.Option(None, "--skip", help="Skip these check ids or categories (comma-separated)."),
    config_file: Optional[Path] = typer.Option(None, "--config", help="Configuration file."),
    checks_dirs: Optional[List[Path]] = typer.Option(None, "--checks-dir", help=_CHECKS_DIR_HELP),
    trust_repo_checks: bool = typer.Option(False, "--trust-repo-checks", help=_TRUST_HELP),
) -> None:
    """Write today's findings to a baseline file; `audit --baseline FILE` then shows only new ones."""
    from prodready.delta import scoped_results
    from prodready.runner import Overrides, run
    from prodready.waivers import write_baseline

    root = _target(path)
    prepared = _prepare(root, config_file, checks_dirs, trust_repo_checks, only, skip, Overrides())
    card = run(root, prepared)
    target = output or root / ".prodready-baseline.json"
    count = write_baseline(target, scoped_results(card), card.tool_version)
    typer.echo(f"wrote {count} finding(s) to {target}")


def _target(path: Path) -> Path:
    root = path.expanduser()
    if not root.exists():
        _fail(f"{path} does not exist")
    if not root.is_dir():
        _fail(f"{path} is not a directory")
    if not os.access(root, os.R_OK | os.X_OK):
        _fail(f"{path} is not readable")
    return root


def _prepare(root: Path, config_file, checks_dirs, trust_repo_checks: bool, only, skip, given=None):
    """The configuration applied (runner.Prepared), or exit 2 with every error, one per line;
    refused check-pack checks are warned about on stderr."""
    from prodready.runner import UsageError, prepare

    try:
        prepared = prepare(root, config_file, tuple(checks_dirs or ()), trust_repo_checks, only or (), skip or (), given)
    except UsageError as exc:
        for line in exc.lines:
            typer.echo(f"prodready: {line}" if line.startswith("config error") else f"prodready: error: {line}", err=True)
        raise typer.Exit(EXIT_USAGE)
    for note in prepared.pack_warnings:
        typer.echo(f"prodready: warning: {note}", err=True)
    return prepared


def _read_baseline(path: Path):
    from prodready.waivers import BaselineError, read_baseline

    try:
        return read_baseline(path)
    except BaselineError as exc:
        _fail(str(exc))


def _formats(formats: Optional[List[str]]) -> list[str]:
    from prodready.reporters import FORMATS

    chosen = _split(formats) or ["term"]
    bad = [f for f in chosen if f not in FORMATS]
    if bad:
        _fail(f"unknown format {bad[0]!r}; choose from {', '.join(FORMATS)}")
    return list(dict.fromkeys(chosen))


def _write(card, chosen: list[str], output: Optional[Path], tty: bool, quiet: bool) -> None:
    """One format to stdout or a file; several into a directory (prodready.<ext>)."""
    from prodready.reporters import EXTENSIONS, render

    if output is None:
        for fmt in chosen:
            if fmt == "term" and quiet:
                continue
            sys.stdout.write(render(card, fmt, tty=tty))
    elif len(chosen) == 1:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(render(card, chosen[0], tty=False), encoding="utf-8")
    else:
        output.mkdir(parents=True, exist_ok=True)
        for fmt in chosen:
            (output / f"prodready.{EXTENSIONS[fmt]}").write_text(render(card, fmt, tty=False), encoding="utf-8")


@app.command()
def diff(
    base_report: Path = typer.Argument(..., help="JSON report of the base revision."),
    head_report: Path = typer.Argument(..., help="JSON report of the head revision."),
    formats: Optional[List[str]] = typer.Option(None, "--format", "-f", help="md, json, html, sarif or term (repeatable)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="File for one format, directory for several."),
) -> None:
    """Compare two saved JSON reports: the head report with its change against the base."""
    from prodready.delta import attach
    from prodready.report_io import ReportError, load

    try:
        base_card, head_card = load(base_report), load(head_report)
    except ReportError as exc:
        _fail(str(exc))
    card = attach(head_card, base_card, base_card.commit)
    _write(card, _formats(formats or ["md"]), output, sys.stdout.isatty(), False)


@app.command()
def fleet(
    sources: Optional[List[Path]] = typer.Argument(None, help="Checkouts to audit and saved JSON reports to read."),
    manifest: Optional[Path] = typer.Option(None, "--manifest", help="YAML list of sources with name, team, tier, kind."),
    db: Path = typer.Option(Path(".prodready/fleet.sqlite"), "--db", help="SQLite history of the runs (trend, changes)."),
    no_db: bool = typer.Option(False, "--no-db", help="Neither read nor store the history."),
    formats: Optional[List[str]] = typer.Option(None, "--format", "-f", help="term, md, html or json (repeatable)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="File for one format, directory for several."),
    jobs: int = typer.Option(0, "--jobs", "-j", min=0, max=64, help="Processes auditing checkouts and reading reports (0: one per core)."),
    cache_dir: Optional[Path] = typer.Option(None, "--cache-dir", help="Cache of per-file facts shared by the audits."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Neither read nor write the cache."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress and no terminal report."),
) -> None:
    """One readiness view of many services: audit checkouts, read saved reports, keep the history."""
    from prodready.fleet import Options
    from prodready.fleet.command import main as fleet_main

    raise typer.Exit(fleet_main(sources or (), manifest, None if no_db else db, formats or (), output,
                                Options(jobs, cache_dir, no_cache), quiet))


@app.command()
def history(
    path: Path = typer.Argument(Path("."), help="Git repository whose history to audit."),
    last: Optional[int] = typer.Option(None, "--last", min=1, max=1000, help="The newest N points (default 20)."),
    since: Optional[str] = typer.Option(None, "--since", help="Commits since a date: 2026-03-01, or '3 weeks ago'."),
    commit_range: Optional[str] = typer.Option(None, "--range", help="Commits in A..B (after A, up to and including B)."),
    every: Optional[int] = typer.Option(None, "--every", min=1, max=10_000, help="Every Nth commit only."),
    tags: bool = typer.Option(False, "--tags", help="Tagged commits only."),
    first_parent: bool = typer.Option(False, "--first-parent", help="Follow only the first parent of merges."),
    formats: Optional[List[str]] = typer.Option(None, "--format", "-f", help="term, md, html or json (repeatable)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="File for one format, directory for several."),
    config_file: Optional[Path] = typer.Option(None, "--config", help="One configuration for every commit (default: each commit's own)."),
    only: Optional[List[str]] = typer.Option(None, "--only", help="Run only these check ids or categories (comma-separated)."),
    skip: Optional[List[str]] = typer.Option(None, "--skip", help="Skip these check ids or categories (comma-separated)."),
    checks_dirs: Optional[List[Path]] = typer.Option(None, "--checks-dir", help=_CHECKS_DIR_HELP),
    jobs: int = typer.Option(0, "--jobs", "-j", min=0, max=64, help="Processes for secret scanning and complexity (0: one per core)."),
    cache_dir: Optional[Path] = typer.Option(None, "--cache-dir", help="Cache of per-file facts (shared by the commits)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Neither read nor write the cache."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress and no terminal report."),
) -> None:
    """Readiness over past commits (read from git's object store): when it got worse, and which commit did it."""
    from prodready.history.command import Choice, HowToAudit, main as history_main

    how = HowToAudit(config_file, tuple(checks_dirs or ()), tuple(_split(only)), tuple(_split(skip)), jobs, cache_dir, no_cache)
    raise typer.Exit(history_main(path, Choice(last, since, commit_range, every, tags, first_parent), how, formats or (),
                                  output, quiet))


from prodready.github.commands import github_app  # noqa: E402 - the `github` group lives with the integration

app.add_typer(github_app, name="github")


config_app = typer.Typer(help="Work with the configuration file.", no_args_is_help=True)
app.add_typer(config_app, name="config")


@config_app.command("validate")
def config_validate(
    path: Path = typer.Argument(Path("."), help="Repository whose configuration to check."),
    config_file: Optional[Path] = typer.Option(None, "--config", help="A configuration file to check instead."),
    checks_dirs: Optional[List[Path]] = typer.Option(None, "--checks-dir", help=_CHECKS_DIR_HELP),
    trust_repo_checks: bool = typer.Option(False, "--trust-repo-checks", help=_TRUST_HELP),
) -> None:
    """Check a configuration without auditing: exit 0 when valid, 2 with every error otherwise."""
    prepared = _prepare(path.expanduser(), config_file, checks_dirs, trust_repo_checks, None, None)
    config = prepared.config
    for note in prepared.load_notes[:1] if not checks_dirs else []:
        typer.echo(f"note: {note}")
    if config.source is None:
        typer.echo("no configuration found (.prodready.yml or [tool.prodready] in pyproject.toml)")
    else:
        typer.echo(f"ok: {config.source}" + "".join(f" ({name} ignored)" for name in config.ignored))


@app.command("init")
def init_command(
    path: Path = typer.Argument(Path("."), help="Repository to write .prodready.yml into."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing .prodready.yml."),
) -> None:
    """Write a commented starter .prodready.yml for the detected services, listing every check."""
    from prodready.facts import RepoFacts
    from prodready.init_config import starter_config

    root = _target(path)
    target = root / ".prodready.yml"
    if (target.exists() or target.is_symlink()) and not force:
        _fail(f"{target} already exists (use --force to overwrite)")
    if target.is_symlink():
        target.unlink()
    facts = RepoFacts(root)
    checks, _notes = _all_checks(None)
    target.write_text(starter_config(facts.services, facts.other_packages, checks), encoding="utf-8")
    typer.echo(f"wrote {target}: {len(facts.services)} service(s), {len(checks)} checks listed")
    typer.echo("check it with: prodready config validate " + str(path))


@app.command("facts")
def facts_command(
    path: Path = typer.Argument(Path("."), help="Repository or directory to describe."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of text."),
) -> None:
    """Show what prodready believes about a repository: services, stacks, CI, containers."""
    from prodready.facts import RepoFacts
    from prodready.facts_report import collect, render_json, render_text

    root = path.expanduser()
    if not root.is_dir():
        _fail(f"{path} is not a directory" if root.exists() else f"{path} does not exist")
    data = collect(RepoFacts(root))
    sys.stdout.write(render_json(data) if as_json else render_text(data))


def _all_checks(checks_dirs: Optional[List[Path]]):
    """Built-in checks and packs (--checks-dir), and the notes about pack checks that were
    refused (also printed as warnings)."""
    from prodready.runner import UsageError, all_checks

    try:
        found, notes = all_checks(tuple(checks_dirs or ()))
    except UsageError as exc:
        _fail(str(exc))
    for note in notes:
        typer.echo(f"prodready: warning: {note}", err=True)
    return found, notes


@app.command("checks")
def list_checks(checks_dirs: Optional[List[Path]] = typer.Option(None, "--checks-dir", help=_CHECKS_DIR_HELP)) -> None:
    """List every check: id, severity, title, and the pack of checks that do not ship with prodready."""
    from prodready.registry import check_lines

    for line in check_lines(_all_checks(checks_dirs)[0]):
        typer.echo(line)


@app.command()
def explain(
    check_id: str = typer.Argument(..., help="A check id, for example sec.secrets."),
    checks_dirs: Optional[List[Path]] = typer.Option(None, "--checks-dir", help=_CHECKS_DIR_HELP),
) -> None:
    """Explain a check: why it matters, how it is judged, how to fix it."""
    checks = {c.meta.id: c for c in _all_checks(checks_dirs)[0]}
    if check_id not in checks:
        import difflib

        close = difflib.get_close_matches(check_id, list(checks), n=1)
        _fail(f"no check {check_id!r}" + (f"; did you mean {close[0]!r}?" if close else ""))
    meta = checks[check_id].meta
    typer.echo(f"{meta.id}: {meta.title}")
    origin = checks[check_id].origin
    typer.echo(f"category {meta.category} · severity {meta.severity.value} · scope {meta.scope}"
               + ("" if origin == "built-in" else f" · from {origin}") + "\n")
    typer.echo(f"Why it matters:\n  {' '.join(meta.why.split())}\n")
    typer.echo(f"How to fix:\n  {' '.join(meta.fix.split())}")
    for stack, fix in sorted(meta.fix_by_stack.items()):
        typer.echo(f"  {stack}: {fix}")
    if meta.references:
        typer.echo("\nReferences:")
        for ref in meta.references:
            typer.echo(f"  {ref}")


def main() -> None:
    """Entry point of the `prodready` script and `python -m prodready`."""
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        sys.stderr.write("interrupted\n")
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - a bug must not print a traceback with repo text
        if os.environ.get("PRODREADY_DEBUG"):
            raise
        from prodready.redact import scrub

        sys.stderr.write(f"prodready: internal error: {type(exc).__name__}: {scrub(str(exc))[:300]}\n")
        sys.exit(3)
