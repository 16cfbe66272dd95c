"""The fleet dashboard in real headless Chromium: it draws the fleet and fetches nothing."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from tests.fleet_support import build, prodready, report_paths

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


def test_dashboard_renders_offline_and_requests_nothing(browser, tmp_path, make_repo):
    _repos, reports = build(tmp_path / "fleet")
    hostile = make_repo({"svc<img src=x onerror=alert(1)>/requirements.txt": "fastapi\n",
                         "svc<img src=x onerror=alert(1)>/main.py": "from fastapi import FastAPI\napp = FastAPI()\n"})
    out = prodready("audit", str(hostile), "-q", "-f", "json", "-o", str(reports / "hostile" / "prodready.json"))
    assert out.returncode == 0, out.stderr
    sources = [*report_paths(reports), str(reports / "hostile" / "prodready.json")]
    db = tmp_path / "fleet.sqlite"
    assert prodready("fleet", *sources, "--db", str(db), "-q").returncode == 0  # a first run: trends and changes
    out = prodready("fleet", *sources, "--db", str(db), "-f", "html,json", "-o", str(tmp_path / "out"))
    assert out.returncode == 0, out.stderr
    data = json.loads((tmp_path / "out" / "fleet.json").read_text())
    page_file = tmp_path / "out" / "fleet.html"

    page = browser.new_page(viewport={"width": 1400, "height": 900})
    requests, dialogs, errors = [], [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(page_file.as_uri())
    page.wait_for_load_state("networkidle")

    assert requests == [page_file.as_uri()]  # the document itself, nothing else
    assert dialogs == [] and errors == []
    assert page.locator("script").count() == 0 and page.locator("img").count() == 0
    services, checks = len(data["services"]), len(data["checks"])
    assert services == 6 and checks == 43
    assert page.text_content("#average") == str(data["summary"]["average"])
    assert page.text_content("#service-count") == "6"
    # the heat-map: one row per service, one coloured cell per service and check
    assert page.locator("#heatmap tr").count() == services + 1
    assert page.locator("#heatmap th.check").count() == checks
    assert page.locator("#heatmap td.k, #heatmap td.p, #heatmap td.f, #heatmap td.n, #heatmap td.e, "
                        "#heatmap td.w, #heatmap td.x").count() == services * checks
    secret = page.locator('#heatmap td[title="payments · sec.secrets: fail 0"]')
    assert secret.count() == 1
    assert secret.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(207, 34, 46)"
    failing = sum(1 for s in data["services"] for status in s["statuses"].values() if status == "fail")
    assert page.locator("#heatmap td.f").count() == failing
    # the spread, the ranking, the teams, the change since the first run, the trends
    assert page.locator("#score-chart rect").count() == 10 and page.locator("#level-chart rect").count() == 4
    fixes = page.locator("#fixes li")
    assert fixes.count() == min(10, len(data["ranked"]))
    first = next(c for c in data["checks"] if c["id"] == data["ranked"][0])
    assert fixes.first.text_content().startswith(
        f"fix {first['id']} in {first['failing']} services: +{first['gain']:.1f} average")
    assert page.locator("#teams tr").count() == len(data["teams"]) + 1
    assert "No service changed since" in page.text_content("#changes")
    assert page.locator("svg.trend polyline").count() == services
    assert "svc<img src=x onerror=alert(1)>" in page.text_content("#heatmap")  # shown as text, not markup
    box = page.locator("#heatmap").bounding_box()
    assert box and box["height"] > services * 12
    page.screenshot(path=str(tmp_path / "fleet.png"), full_page=True)
    assert (tmp_path / "fleet.png").stat().st_size > 10_000
