"""The fleet's pure parts on a fleet small enough to compute by hand: gains, shares, groups,
changes, and the Markdown report compared whole."""

from __future__ import annotations

from prodready.fleet.aggregate import build_view, service_gains
from prodready.fleet.model import (
    Cell,
    CheckInfo,
    History,
    PastService,
    RunInfo,
    ServiceRow,
    TrendPoint,
)
from prodready.fleet.render import render_md
from prodready.model import Severity, Status

CRITICAL, HIGH, MEDIUM = Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM
CATALOG = {"sec.secrets": CheckInfo("sec.secrets", "No hard-coded secrets", "sec", CRITICAL),
           "api.rate-limit": CheckInfo("api.rate-limit", "Requests are rate limited", "api", HIGH),
           "docs.readme": CheckInfo("docs.readme", "README explains setup, run and test", "docs", MEDIUM)}


def _row(repo: str, service: str, team: str | None, tier: str | None, score: int, level: str,
         verdicts: dict[str, tuple[Status, float | None]]) -> ServiceRow:
    cells = tuple(Cell(i, status, value, CATALOG[i].severity) for i, (status, value) in sorted(verdicts.items()))
    return ServiceRow(repo, service, team, tier, "api", "python", f"reports/{repo}/prodready.json", "report",
                      None, "2026-12-01T04:40:00+00:00", score, "F", level, cells, service_gains(cells))


P, F, N = Status.PASS, Status.FAIL, Status.NOT_APPLICABLE
# weights 10 / 7.5 / 5 (docs/scoring.md); every score below is worked out by hand
ROWS = [
    # (10*10 + 7.5*0 + 5*5) / 22.5 * 10 = 55.6 -> 56; rate limit passing: 200/22.5 -> 89 (+33); README: 150/22.5 -> 67 (+11)
    _row("alpha", ".", "@acme/one", None, 56, "bronze",
         {"sec.secrets": (P, 10.0), "api.rate-limit": (F, 0.0), "docs.readme": (Status.PARTIAL, 5.0)}),
    # (0 + 75 + 50) / 22.5 -> 56; secrets passing: 225/22.5 -> 100 (+44)
    _row("beta", ".", "@acme/one", "1", 56, "none",
         {"sec.secrets": (F, 0.0), "api.rate-limit": (P, 10.0), "docs.readme": (P, 10.0)}),
    # README not applicable: (100 + 0) / 17.5 -> 57; rate limit passing: 175/17.5 -> 100 (+43)
    _row("shop", "api", "a|b <team>", "1", 57, "bronze",
         {"sec.secrets": (P, 10.0), "api.rate-limit": (F, 0.0), "docs.readme": (N, None)}),
]
HISTORY = History(
    runs=(RunInfo(3, "2026-11-29T04:30:00+00:00", 3, 55.0), RunInfo(4, "2026-11-30T04:30:00+00:00", 3, 58.7)),
    past=(PastService("alpha", ".", 50, "none", ("api.rate-limit", "docs.readme", "sec.secrets")),
          PastService("beta", ".", 56, "none", ("sec.secrets",)),
          PastService("gamma", ".", 70, "bronze", ("api.rate-limit",))),
    trends=((("alpha", "."), (TrendPoint(3, "2026-11-29T04:30:00+00:00", 45), TrendPoint(4, "2026-11-30T04:30:00+00:00", 50))),),
)


def _view():
    return build_view(ROWS, CATALOG, 4, ["gamma: reports/gamma/prodready.json does not exist"],
                      "2026-12-01T05:00:00+00:00", "0.1.0", HISTORY, "fleet.sqlite")


def test_gains_shares_and_groups_worked_out_by_hand():
    assert dict(ROWS[0].gains) == {"api.rate-limit": 33, "docs.readme": 11}
    assert dict(ROWS[1].gains) == {"sec.secrets": 44}
    assert dict(ROWS[2].gains) == {"api.rate-limit": 43}
    view = _view()
    checks = {c.id: c for c in view.checks}
    rate, secrets, readme = checks["api.rate-limit"], checks["sec.secrets"], checks["docs.readme"]
    assert (rate.failing, rate.applicable, rate.share, rate.gain, rate.fleet_gain) == (2, 3, 0.6667, 38.0, 25.33)
    assert (secrets.failing, secrets.share, secrets.gain, secrets.fleet_gain) == (1, 0.3333, 44.0, 14.67)
    assert (readme.failing, readme.partial, readme.not_applicable, readme.applicable, readme.share, readme.gain,
            readme.fleet_gain) == (1, 1, 1, 2, 0.5, 11.0, 3.67)
    assert [c.id for c in view.ranked] == ["api.rate-limit", "sec.secrets", "docs.readme"]
    assert (view.average, view.median) == (56.3, 56.0)
    assert [(t.name, t.services, t.average, t.lowest, t.top_failing) for t in view.teams] == [
        ("@acme/one", 2, 56.0, 56, (("api.rate-limit", 1), ("docs.readme", 1), ("sec.secrets", 1))),
        ("a|b <team>", 1, 57.0, 57, (("api.rate-limit", 1),))]
    assert [(t.name, t.services) for t in view.tiers] == [("1", 2), (None, 1)]
    assert dict(view.distribution.levels) == {"none": 1, "bronze": 2, "silver": 0, "gold": 0}
    assert dict(view.distribution.buckets)["50-59"] == 3


def test_changes_since_the_previous_run():
    view = _view()
    assert [(c.label, c.state, c.score_before, c.score_after, c.newly_failing, c.fixed) for c in view.changes] == [
        ("alpha", "changed", 50, 56, (), ("sec.secrets",)),
        ("shop/api", "new", None, 57, ("api.rate-limit",), ()),
        ("gamma", "gone", 70, None, (), ())]
    assert view.previous == HISTORY.runs[-1]
    assert [p.score for p in view.services[0].trend] == [45, 50] and view.services[1].trend == ()


EXPECTED_MARKDOWN = """\
## prodready fleet: 3 services · average **56.3** · median 56.0

4 sources · prodready 0.1.0 · 2026-12-01T05:00:00+00:00

| Level | none | bronze | silver | gold |
|---|---:|---:|---:|---:|
| Services | 1 | 2 | 0 | 0 |

### Fix first

Checks ranked by how much the fleet's average score would rise if each passed in every service it fails in (recomputed with prodready's scoring, not estimated).

1. fix `api.rate-limit` in 2 services: +38.0 average (fleet average +25.3) · high · fails in 2 of the 3 services it applies to
2. fix `sec.secrets` in 1 service: +44.0 average (fleet average +14.7) · critical · fails in 1 of the 3 services it applies to
3. fix `docs.readme` in 1 service: +11.0 average (fleet average +3.7) · medium · fails in 1 of the 2 services it applies to

### Since run 4 (2026-11-30T04:30:00+00:00)

| Service | Score | Level | Newly failing | Fixed |
|---|---|---|---|---|
| alpha | 50 → 56 (+6) | none → bronze | | `sec.secrets` |
| shop/api (new) | - → 57 | - → bronze | `api.rate-limit` | |
| gamma (gone) | 70 → - | bronze → - | | |

### Teams

| Team | Services | Average | Lowest | none | bronze | silver | gold | Fails most |
|---|---:|---:|---:|---:|---:|---:|---:|---|
| &#64;acme/one | 2 | 56.0 | 56 | 1 | 1 | 0 | 0 | `api.rate-limit` (1), `docs.readme` (1), `sec.secrets` (1) |
| a&#124;b &lt;team&gt; | 1 | 57.0 | 57 | 0 | 1 | 0 | 0 | `api.rate-limit` (1) |

### Tiers

| Tier | Services | Average | Lowest | none | bronze | silver | gold | Fails most |
|---|---:|---:|---:|---:|---:|---:|---:|---|
| 1 | 2 | 56.5 | 56 | 1 | 1 | 0 | 0 | `api.rate-limit` (1), `sec.secrets` (1) |
| (no tier) | 1 | 56.0 | 56 | 0 | 1 | 0 | 0 | `api.rate-limit` (1), `docs.readme` (1) |

### Services

| Service | Team | Tier | Score | Grade | Level | Change | Trend | Failing |
|---|---|---|---:|---|---|---:|---|---:|
| alpha | &#64;acme/one | - | 56 | F | bronze | +6 | 45 → 50 → 56 | 2 |
| beta | &#64;acme/one | 1 | 56 | F | none |  |  | 1 |
| shop/api | a&#124;b &lt;team&gt; | 1 | 57 | F | bronze | new |  | 1 |

### Checks

| Check | Severity | Failing | Share | fail | partial | pass | n/a | error |
|---|---|---:|---:|---:|---:|---:|---:|---:|
| `api.rate-limit` Requests are rate limited | high | 2 | 67% | 2 | 0 | 1 | 0 | 0 |
| `docs.readme` README explains setup, run and test | medium | 1 | 50% | 0 | 1 | 1 | 1 | 0 |
| `sec.secrets` No hard-coded secrets | critical | 1 | 33% | 1 | 0 | 2 | 0 | 0 |

### Notes

- gamma: reports/gamma/prodready.json does not exist
"""


def test_markdown_report_whole():
    assert render_md(_view()) == EXPECTED_MARKDOWN
