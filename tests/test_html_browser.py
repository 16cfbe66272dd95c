"""The HTML report in real headless Chromium: it renders the scorecard and fetches nothing."""

from __future__ import annotations

import os
import shutil

import pytest

from prodready.reporters import render
from prodready.testing import run_audit

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is required in CI (.ci/run installs Debian's chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic"])
        yield browser
        browser.close()


def test_report_renders_offline_and_requests_nothing(browser, make_repo, tmp_path):
    root = make_repo({"Dockerfile": "FROM python:latest\n", "evil<img src=x onerror=alert(1)>.py": "x = 1\n"}, base="flask")
    card = run_audit(root)
    page_file = tmp_path / "report.html"
    page_file.write_text(render(card, "html"), encoding="utf-8")

    page = browser.new_page()
    requests, dialogs, errors = [], [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(page_file.as_uri())
    page.wait_for_load_state("networkidle")

    assert requests == [page_file.as_uri()]  # the document itself, nothing else
    assert dialogs == [] and errors == []
    assert page.text_content("#score").startswith(str(card.score))
    assert page.text_content("#grade") == card.grade
    bars = page.locator("#category-chart rect").count()
    assert bars == 2 * len(card.categories)
    assert page.locator("details.check").count() == len(card.results)
    assert page.locator("#check-ops\\.dockerfile[open]").count() == 1  # failing checks open
    assert page.locator("img").count() == 0  # the file name did not become markup
    box = page.locator("#summary").bounding_box()
    assert box and box["height"] > 50
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    assert (tmp_path / "report.png").stat().st_size > 10_000
