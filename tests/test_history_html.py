"""The history page in real headless Chromium: it draws the score and level chart and fetches nothing,
even when a commit's subject and author carry markup."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from tests.history_support import commit, prodready, story

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


def test_history_page_renders_offline_and_requests_nothing(browser, tmp_path):
    root = tmp_path / "svc"
    story(root)
    commit(root, 'docs <img src=x onerror=alert(1)> "quoted"', "Eve <script>alert(2)</script>", 6,
           {"README.md": "# svc\n"})
    out = prodready("history", str(root), "-f", "html,json", "-o", str(tmp_path / "out"))
    assert out.returncode == 0, out.stderr
    data = json.loads((tmp_path / "out" / "history.json").read_text())
    page_file = tmp_path / "out" / "history.html"
    assert "<script" not in page_file.read_text().lower()

    page = browser.new_page(viewport={"width": 1200, "height": 900})
    requests, dialogs, errors = [], [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(page_file.as_uri())
    page.wait_for_load_state("networkidle")

    assert requests == [page_file.as_uri()]  # the document itself, nothing else
    assert dialogs == [] and errors == []
    assert page.locator("img").count() == 0 and page.locator("script").count() == 0
    assert page.text_content("#score") == str(data["summary"]["latest"]["score"])
    assert page.locator("#history-chart").count() == 1
    assert page.locator("#history-chart circle.point").count() == len(data["points"]) == 6
    assert page.locator("#history-chart rect.level").count() == 6
    assert len(page.get_attribute("#score-line", "points").split()) == 6
    assert page.locator("#changes li").count() == sum(
        max(1, len(c["newly_failing"]) + len(c["fixed"]) + len(c["changed"])) for c in data["changes"])
    assert 'docs <img src=x onerror=alert(1)> "quoted"' in page.text_content("#commits")
    box = page.locator("#history-chart").bounding_box()
    assert box and box["width"] > 500 and box["height"] > 150
    page.screenshot(path=str(tmp_path / "history.png"), full_page=True)
    assert (tmp_path / "history.png").stat().st_size > 10_000
