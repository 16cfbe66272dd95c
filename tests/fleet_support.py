"""A small real fleet for the fleet tests: four repositories (one a monorepo of two services),
audited by the real CLI into the JSON reports the GitHub Action would upload.

What the fixtures are built to show, service by service (five services):
- payments (FastAPI): a hard-coded Stripe key (sec.secrets fails), a README with setup, run
  and test (docs.readme passes), a /healthz route (obs.health passes), pinned requirements;
  owned by @acme/payments in .github/CODEOWNERS.
- orders (Express): package-lock.json (ops.lockfile passes); CODEOWNERS at the root lists a
  person then a team: the team is the owner.
- search (Gin): no go.sum (ops.lockfile fails), no CODEOWNERS.
- shop/api (FastAPI) and shop/web (Express, no lockfile): a monorepo owned by @acme/shop
  (docs/CODEOWNERS).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from prodready.testing import git, write_repo
from tests.conftest import STACKS

README = "# svc\n\n## Setup\n\npip install -r requirements.txt\n\n## Run\n\nuvicorn app.main:app\n\n## Test\n\npytest\n"
SECRET_LINE = "STRIPE_KEY = 'sk_live_" + "51HxAbCdEfGhIjKlMnOpQrStUv'\n"
PAYMENTS_MAIN = ("from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get('/healthz')\ndef health():\n    return {}\n\n\n"
                 "@app.get('/items')\ndef items():\n    return []\n")
REPOS: dict[str, dict[str, str]] = {
    "payments": {**STACKS["fastapi"], ".github/CODEOWNERS": "# owners\n* @acme/payments\n/docs/ @acme/writers\n",
                 "app/settings.py": SECRET_LINE, "README.md": README, "app/main.py": PAYMENTS_MAIN},
    "orders": {**STACKS["express"], "CODEOWNERS": "* @alice @acme/orders\n",
               "package-lock.json": '{"name": "svc", "lockfileVersion": 3, "packages": {}}\n'},
    "search": dict(STACKS["gin"]),
    "shop": {**{f"api/{k}": v for k, v in STACKS["fastapi"].items()}, **{f"web/{k}": v for k, v in STACKS["express"].items()},
             "docs/CODEOWNERS": "* @acme/shop\n"},
}
SERVICES = [("orders", "."), ("payments", "."), ("search", "."), ("shop", "api"), ("shop", "web")]
WEIGHTS = {"critical": 10.0, "high": 7.5, "medium": 5.0, "low": 2.5}  # docs/scoring.md
SCHEMA = Path(__file__).resolve().parents[1] / "src" / "prodready" / "schema" / "fleet.schema.json"


def prodready(*args: str, cwd: Path | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    """The real command line, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "prodready", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=timeout, check=False)


def audit(repo: Path, report: Path) -> dict:
    """`prodready audit REPO --format json --output REPORT`, the Action's JSON report."""
    out = prodready("audit", str(repo), "-q", "-f", "json", "-o", str(report))
    assert out.returncode == 0, out.stderr
    return json.loads(report.read_text())


def build(root: Path) -> tuple[Path, Path]:
    """The four repositories under root/repos, and their reports as the fleet workflow lays
    them out: root/reports/<name>/prodready.json."""
    for name, files in REPOS.items():
        write_repo(root / "repos" / name, files, git_init=True)
        audit(root / "repos" / name, root / "reports" / name / "prodready.json")
    return root / "repos", root / "reports"


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", message)


def report_paths(reports: Path) -> list[str]:
    return [str(reports / name / "prodready.json") for name in REPOS]


def fleet_json(*args: str, cwd: Path | None = None) -> tuple[dict, subprocess.CompletedProcess]:
    """Run `prodready fleet ... --format json` and parse what it printed."""
    out = prodready("fleet", *args, "-f", "json", cwd=cwd)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout), out


def validate(data: dict) -> None:
    import jsonschema

    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)
