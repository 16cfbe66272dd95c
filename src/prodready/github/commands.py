"""`prodready github ...`: the commands a GitHub Actions workflow runs after `audit`: post the
one pull-request comment, write the job summary, print annotations, set step outputs. Each reads
a saved JSON report, so the audit and its publication are separate steps (a fork's pull request
can audit without the token that posting needs).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

import typer

from prodready.cli_support import fail

github_app = typer.Typer(help="GitHub Actions integration: PR comment, job summary, annotations, outputs.", no_args_is_help=True)
def _load_report(report: Path):
    from prodready.report_io import ReportError, load

    try:
        return load(report)
    except ReportError as exc:
        fail(str(exc))


@github_app.command("comment")
def github_comment(
    report: Path = typer.Argument(..., help="JSON report (from `audit --format json`, with --base for a delta)."),
    pr: Optional[int] = typer.Option(None, "--pr", help="Pull request number (default: from GITHUB_EVENT_PATH)."),
    repository: Optional[str] = typer.Option(None, "--repo", help="owner/name (default: GITHUB_REPOSITORY)."),
    author: str = typer.Option("github-actions[bot]", "--author", envvar="PRODREADY_COMMENT_AUTHOR",
                               help="Login that owns the comment; others' comments are never edited."),
) -> None:
    """Post or update the one scorecard comment on the pull request."""
    from prodready.github.actions import ActionsEnvError, pull_request_number
    from prodready.github.client import GitHubClient, GitHubError
    from prodready.github.comment import upsert
    from prodready.reporters import render

    card = _load_report(report)
    token = os.environ.get("GITHUB_TOKEN", "")
    if not token:
        fail("GITHUB_TOKEN is not set")
    repo = repository or os.environ.get("GITHUB_REPOSITORY", "")
    if "/" not in repo:
        fail("repository unknown: set GITHUB_REPOSITORY or pass --repo owner/name")
    try:
        number = pr or pull_request_number(os.environ.get("GITHUB_EVENT_PATH"))
    except ActionsEnvError as exc:
        fail(str(exc))
    client = GitHubClient(token, os.environ.get("GITHUB_API_URL", "https://api.github.com"))
    try:
        result = upsert(client, repo, number, render(card, "md", max_chars=60_000), author)
    except GitHubError as exc:
        what = "pull request not found (or the token cannot see it)" if exc.status == 404 else exc.message
        typer.echo(f"prodready: GitHub API error {exc.status}: {what}", err=True)
        raise typer.Exit(1)
    if result.action == "skipped":
        typer.echo(f"::notice title=prodready::{result.message}")
    else:
        typer.echo(f"prodready: {result.message}" + (f" ({result.url})" if result.url else ""))


@github_app.command("summary")
def github_summary(report: Path = typer.Argument(..., help="JSON report.")) -> None:
    """Append the Markdown scorecard to $GITHUB_STEP_SUMMARY (works on fork pull requests)."""
    from prodready.github.actions import append_summary
    from prodready.reporters import render

    if not append_summary(render(_load_report(report), "md", max_chars=900_000)):
        fail("GITHUB_STEP_SUMMARY is not set")


@github_app.command("annotations")
def github_annotations(
    report: Path = typer.Argument(..., help="JSON report."),
    limit: int = typer.Option(50, "--limit", min=0, help="At most this many annotations."),
) -> None:
    """Print findings as workflow annotations (::error file=...,line=...::...)."""
    from prodready.github.actions import annotations

    for line in annotations(_load_report(report), limit):
        typer.echo(line)


@github_app.command("outputs")
def github_outputs(report: Path = typer.Argument(..., help="JSON report.")) -> None:
    """Write score, grade, level and delta to $GITHUB_OUTPUT."""
    from prodready.github.actions import set_outputs

    card = _load_report(report)
    change = card.delta.score_change if card.delta else None
    values = {"score": "" if card.score is None else str(card.score), "grade": card.grade, "level": card.level,
              "delta": "" if change is None else f"{change:+d}"}
    if not set_outputs(values):
        fail("GITHUB_OUTPUT is not set")
