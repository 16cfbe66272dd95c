"""Table-driven check cases: (name, base stack, extra files, expected status, evidence locations)."""

from __future__ import annotations

from prodready.model import Status
from prodready.testing import run_check

PASS, PARTIAL, FAIL, NA = Status.PASS, Status.PARTIAL, Status.FAIL, Status.NOT_APPLICABLE


def check_case(make_repo, check_id: str, base: str | None, files: dict, status: Status, where: list[str] | None):
    """Run one check on a repo made of `base` plus `files`; assert the status and locations."""
    from tests.conftest import LIBRARIES

    if base and base.startswith("lib-"):
        files = {**LIBRARIES[base[4:]], **files}
        base = None
    run = run_check(make_repo(files, base=base), check_id)
    assert run.status is status, f"{run.status.value}: {run.message} {run.locations()}"
    if where is not None:
        assert run.locations()[: len(where)] == where, run.locations()
    return run


def ids(cases) -> list[str]:
    return [c[0] for c in cases]
