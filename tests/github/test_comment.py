"""`prodready github comment` against a local GitHub held to GitHub's published API description."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from prodready.github.comment import MARKER, MAX_BODY
from tests.github.fake_api import FakeGitHub, Spec, load_spec

TOKEN = "ghs_" + "FAKEtokenFORtests0123456789abcdefghij"


@pytest.fixture(scope="module")
def spec():
    return Spec(load_spec())


@pytest.fixture
def github(spec):
    fake = FakeGitHub(spec)
    yield fake
    fake.close()


@pytest.fixture
def report(make_repo, tmp_path):
    root = make_repo({"Dockerfile": "FROM python:latest\n"}, base="flask")
    out = tmp_path / "report.json"
    subprocess.run([sys.executable, "-m", "prodready", "audit", str(root), "-f", "json", "-o", str(out)], check=True)
    return out


def comment(github, report, tmp_path, *extra, event=None):
    event_path = tmp_path / "event.json"
    event_path.write_text(json.dumps(event or {"pull_request": {"number": 7}}))
    env = {**os.environ, "GITHUB_TOKEN": TOKEN, "GITHUB_REPOSITORY": "octo/shop", "GITHUB_API_URL": github.url,
           "GITHUB_EVENT_PATH": str(event_path)}
    return subprocess.run([sys.executable, "-m", "prodready", "github", "comment", str(report), *extra],
                          capture_output=True, text=True, env=env, timeout=120)


def test_first_comment_is_created(github, report, tmp_path):
    out = comment(github, report, tmp_path)
    assert out.returncode == 0, out.stderr
    assert [(m, p) for m, p, _, _ in github.requests] == [("GET", "/repos/octo/shop/issues/7/comments"), ("POST", "/repos/octo/shop/issues/7/comments")]
    assert github.comments[7][0]["body"].startswith(MARKER + "\n## prodready scorecard")
    assert TOKEN not in out.stdout + out.stderr


def test_existing_comment_is_updated_and_others_left_alone(github, report, tmp_path):
    human = github.comment(7, MARKER + " quoting the bot", "alice", "User")
    ours = github.comment(7, MARKER + "\nold scorecard", "github-actions[bot]")
    out = comment(github, report, tmp_path)
    assert out.returncode == 0, out.stderr
    assert github.requests[-1][0] == "PATCH" and github.requests[-1][1] == f"/repos/octo/shop/issues/comments/{ours['id']}"
    assert human["body"] == MARKER + " quoting the bot"
    assert ours["body"].startswith(MARKER + "\n## prodready scorecard")
    assert len(github.comments[7]) == 2


def test_comments_are_paginated(github, report, tmp_path):
    github.page_size = 2
    for i in range(5):
        github.comment(7, f"chatter {i}", "bob", "User")
    ours = github.comment(7, MARKER + "\nold", "github-actions[bot]")
    out = comment(github, report, tmp_path)
    assert out.returncode == 0, out.stderr
    pages = [q.get("page", ["1"])[0] for m, _, q, _ in github.requests if m == "GET"]
    assert pages == ["1", "2", "3"]
    assert github.requests[-1][1].endswith(f"/comments/{ours['id']}")


def test_read_only_fork_token_is_a_notice_not_a_failure(github, report, tmp_path):
    github.read_only = True
    out = comment(github, report, tmp_path)
    assert out.returncode == 0
    assert out.stdout.startswith("::notice title=prodready::the token cannot write comments")


def test_missing_pull_request_fails_clearly(github, report, tmp_path):
    out = comment(github, report, tmp_path, event={"pull_request": {"number": 404}})
    assert out.returncode == 1
    assert out.stderr.strip() == "prodready: GitHub API error 404: pull request not found (or the token cannot see it)"
    assert TOKEN not in out.stderr


def test_secondary_rate_limit_is_retried_after_the_given_delay(github, report, tmp_path):
    github.rate_limited = 2
    out = comment(github, report, tmp_path)
    assert out.returncode == 0, out.stderr
    assert [m for m, *_ in github.requests] == ["GET", "GET", "GET", "POST"]


def test_a_body_that_would_be_too_long_is_folded(github, make_repo, tmp_path):
    files = {f"m{i}.py": "\n".join(f'password_{j} = "Zx9-{i}-{j}-Qw7!abc"' for j in range(40)) for i in range(60)}
    files.update({f"svc{i}/requirements.txt": "fastapi\nsqlalchemy\n" for i in range(30)})
    files.update({f"svc{i}/main.py": "from fastapi import FastAPI\napp = FastAPI()\n" for i in range(30)})
    root = make_repo(files)
    report = tmp_path / "big.json"
    subprocess.run([sys.executable, "-m", "prodready", "audit", str(root), "-f", "json", "-o", str(report)], check=True)
    out = comment(github, report, tmp_path)
    assert out.returncode == 0, out.stderr
    body = github.comments[7][0]["body"]
    assert len(body) <= MAX_BODY


def test_client_never_shows_the_token():
    from prodready.github.client import GitHubClient

    client = GitHubClient(TOKEN, "http://127.0.0.1:9")
    assert TOKEN not in repr(client)
    with pytest.raises(Exception) as info:
        client.request("GET", "/repos/o/r/issues/1/comments")
    assert TOKEN not in str(info.value)
