"""`audit --blame`: for each failing check, the commit that made it fail.

The commit blamed is the first failing commit after the last passing one: from HEAD, a check's
walk steps to a parent where the check also fails (the first parent first; at a merge whose
first parent passes, the failure came in through another parent, which is followed), and stops
at the commit all of whose parents pass, or at the repository's first commit. Each walk
examines at most `last` commits (HEAD included); beyond that the commit is unknown and the
entry says so. The work tree is what the audit judged: a check failing there but passing at
HEAD fails only in uncommitted changes.

Commits are audited from the object store as `history` does, with the audit's own
configuration (the question is when today's verdict began), and only for the checks still
being walked; every check walks in step, so a commit is audited once for all the checks that
reach it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Generator

from prodready.history.gitrepo import Commit, HistoryError, describe, is_repository_error
from prodready.model import Blame, BlameReport, Scorecard, Status

if TYPE_CHECKING:
    import git

    from prodready.history.audit import CommitAuditor
    from prodready.runner import Prepared

BLAMED = (Status.FAIL, Status.PARTIAL)
Progress = Callable[[str], None]
# a check's walk: yields the sha of the commit it needs the check's status at, gets that status
# (None: the commit cannot be read), returns its Blame
CheckWalk = Generator[str, "Status | None", Blame]


@dataclass
class _Commits:
    """Commits met by the walks: described once (parents), audited once per set of checks."""

    repo: git.Repo
    auditor: CommitAuditor
    progress: Progress
    known: dict[str, Commit]
    statuses: dict[str, dict[str, Status | None]]

    def commit(self, sha: str) -> Commit | None:
        """The commit `sha` (None: its object cannot be read, as past a shallow clone's end)."""
        if sha not in self.known:
            try:
                self.known[sha] = describe(self.repo.commit(sha), {})
            except Exception as exc:  # noqa: BLE001 - git's failures only
                if not is_repository_error(exc):
                    raise
                return None
        return self.known[sha]

    def fill(self, wanted: dict[str, set[str]]) -> None:
        """Audit each commit of `wanted` for the checks it is asked about and does not know yet."""
        for number, (sha, ids) in enumerate(sorted(wanted.items()), 1):
            missing = sorted(ids - set(self.statuses.get(sha, {})))
            if not missing:
                continue
            commit = self.commit(sha)
            found: dict[str, Status | None] = dict.fromkeys(missing)
            if commit is not None:
                self.progress(f"blame: {commit.ref.short} ({len(missing)} check(s))")
                try:
                    card = self.auditor.card(commit, only=tuple(missing))
                    found.update({r.id: r.status for r in card.results if r.id in found})
                except OSError:
                    pass  # unreadable: every check's status stays None
            self.statuses.setdefault(sha, {}).update(found)


def blame(root: Path, card: Scorecard, prepared: Prepared, last: int, progress: Progress | None = None) -> BlameReport:
    """The BlameReport of `card` (an audit of the work tree at `root`); HistoryError when
    `root` is not a git repository."""
    from prodready.history.audit import CommitAuditor
    from prodready.history.config import Settings
    from prodready.history.gitrepo import close_repo, head, open_repo

    failing = [r.id for r in card.results if r.status in BLAMED]
    repo = open_repo(root)
    try:
        try:
            tip = head(repo)
        except HistoryError:
            return BlameReport(last, None, tuple(Blame(i, None, "the repository has no commit yet") for i in failing))
        if not failing:
            return BlameReport(last, tip, ())
        with CommitAuditor(root, Settings(prepared.checks, fixed=prepared)) as auditor:
            commits = _Commits(repo, auditor, progress or (lambda _m: None), {}, {})
            walks = {check_id: _walk(check_id, tip, last, commits) for check_id in failing}
            return BlameReport(last, tip, _run(walks, commits))
    finally:
        close_repo(repo)


def _run(walks: dict[str, CheckWalk], commits: _Commits) -> tuple[Blame, ...]:
    """Step every walk together: each round audits every commit asked for once."""
    asked = {check_id: next(walk) for check_id, walk in walks.items()}
    done: dict[str, Blame] = {}
    while asked:
        wanted: dict[str, set[str]] = {}
        for check_id, sha in asked.items():
            wanted.setdefault(sha, set()).add(check_id)
        commits.fill(wanted)
        following = {}
        for check_id, sha in asked.items():
            try:
                following[check_id] = walks[check_id].send(commits.statuses[sha][check_id])
            except StopIteration as stop:
                done[check_id] = stop.value
        asked = following
    return tuple(done[check_id] for check_id in walks)


def _walk(check_id: str, tip: str, last: int, commits: _Commits) -> CheckWalk:
    """One check's walk back from HEAD (see the module's docstring)."""
    status = yield tip
    if status is None:
        return Blame(check_id, None, "HEAD could not be read from the object store")
    if status not in BLAMED:
        return Blame(check_id, None, f"fails only in uncommitted changes (it is {status.value} at HEAD {tip[:7]})")
    current, examined = tip, 1
    while True:
        commit = commits.commit(current)
        if commit is None:
            return Blame(check_id, None, f"commit {current[:7]} could not be read")
        if not commit.parents:
            return Blame(check_id, commit.ref, "failing since the repository's first commit")
        step = None
        for parent in commit.parents:
            if examined >= last:
                return Blame(check_id, None, f"failing in each of the {last} commits examined (--last {last})")
            examined += 1
            status = yield parent
            if status is None:
                return Blame(check_id, None, f"the history before {current[:7]} could not be read "
                                             "(a shallow clone, or a missing object)")
            if status in BLAMED:
                step = parent
                break
        if step is None:
            return Blame(check_id, commit.ref)
        current = step
