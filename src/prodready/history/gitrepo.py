"""The audited repository's history through GitPython, with the protections every git call has.

GitPython is imported here, inside functions, so `prodready --version`, `checks` and a plain
`audit` never pay for it (its import took 0.11 s). The Repo is opened without searching parent
directories; every git command it runs gets SAFE_GIT_OPTIONS (no fsmonitor, hooks from
/dev/null), `protocol.allow=never` (a partial clone must fail a read, not fetch), no system
config, no prompt, no lazy fetch. GitPython reads refs and config files itself (parsing, never
running anything) and reads objects through `git cat-file --batch`; nothing is checked out.
Revisions reach it only after refs.py accepted them, and git only as resolved shas.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from prodready.history.refs import RefError, Revision
from prodready.model import CommitRef
from prodready.redact import scrub
from prodready.scanning.git import GIT_ENV, SAFE_GIT_OPTIONS

if TYPE_CHECKING:
    import git

NO_FETCH = ("protocol.allow=never",)
ENV = {**GIT_ENV, "GIT_NO_LAZY_FETCH": "1", "GIT_OPTIONAL_LOCKS": "0"}
MAX_SUBJECT = 120


class HistoryError(ValueError):
    """The history cannot be read at all (not a repository, unknown ref, empty range): one
    line for the user, and exit 2."""


@dataclass(frozen=True)
class Commit:
    """A commit chosen for the history: how reports name it, its parents and its tags."""

    ref: CommitRef
    parents: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    @property
    def sha(self) -> str:
        return self.ref.sha


def _config_values() -> list[str]:
    """SAFE_GIT_OPTIONS (`-c key=value` pairs) and NO_FETCH as the values of `-c`."""
    pairs = [SAFE_GIT_OPTIONS[i + 1] for i in range(0, len(SAFE_GIT_OPTIONS), 2) if SAFE_GIT_OPTIONS[i] == "-c"]
    return pairs + list(NO_FETCH)


def open_repo(root: Path) -> git.Repo:
    """The repository at `root` itself (never a parent's), every git call made safe; HistoryError
    when `root` is not the top of a git work tree or GitPython cannot read it."""
    try:
        import git
    except ImportError as exc:  # GitPython refuses to load without a git executable
        raise HistoryError(f"git is not installed or not runnable, so the history cannot be read ({exc})") from exc

    if not (root / ".git").exists():
        raise HistoryError(f"{root} is not a git repository (no .git at its top), so its history cannot be read")
    try:
        repo = git.Repo(root, search_parent_directories=False)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, OSError, ValueError) as exc:
        raise HistoryError(f"{root} is not a readable git repository: {type(exc).__name__}") from exc
    repo.git.set_persistent_git_options(c=_config_values())
    repo.git.update_environment(**ENV)
    return repo


def close_repo(repo: git.Repo) -> None:
    """End GitPython's cat-file processes."""
    repo.close()


def resolve(repo: git.Repo, revision: Revision, what: str) -> str:
    """The sha of the commit `revision` names (annotated tags peeled), or HistoryError."""
    obj = _object(repo, revision, what)
    for _ in range(10):  # a tag of a tag of ...: peeled a bounded number of times
        if obj.type != "tag":
            break
        obj = obj.object
    if obj.type != "commit":
        raise HistoryError(f"{what} {revision.spec!r} is a {obj.type}, not a commit")
    return obj.hexsha


def _object(repo: git.Repo, revision: Revision, what: str):
    import git
    from gitdb.exc import BadName, BadObject

    try:
        return repo.rev_parse(revision.spec)
    except (BadName, BadObject, ValueError, IndexError, git.GitCommandError) as exc:
        raise HistoryError(f"{what} {revision.spec!r} is not a revision in this repository") from exc
    except (OSError, AttributeError, TypeError) as exc:  # a damaged ref file, a missing object
        raise HistoryError(f"{what} {revision.spec!r} could not be read: {type(exc).__name__}") from exc


def head(repo: git.Repo) -> str:
    """The sha HEAD names, or HistoryError (a repository without commits)."""
    try:
        return resolve(repo, Revision("HEAD"), "HEAD")
    except HistoryError:
        raise HistoryError("the repository has no commit at HEAD, so there is no history to read") from None


def shallow_boundary(repo: git.Repo) -> frozenset[str]:
    """The commits a shallow clone ends at (their parents were not fetched); empty otherwise."""
    path = Path(repo.common_dir) / "shallow"
    try:
        with open(path, "rb") as handle:
            text = handle.read(1_000_000).decode("ascii", "replace")
    except OSError:
        return frozenset()
    return frozenset(line.strip() for line in text.splitlines() if len(line.strip()) in (40, 64))


def tags_by_commit(repo: git.Repo) -> dict[str, tuple[str, ...]]:
    """{commit sha: its tag names, sorted}, annotated tags peeled; tags of anything but a commit
    are left out. One `git for-each-ref` (GitPython's own tag objects re-read packed-refs once
    per tag: 9 s for saleor's 1,647 tags)."""
    try:
        listed = repo.git.for_each_ref("--format=%(objecttype) %(objectname) %(*objecttype) %(*objectname) %(refname:strip=2)",
                                       "refs/tags", kill_after_timeout=60)
    except Exception as exc:  # noqa: BLE001 - git's failures only: no tags then
        if not is_repository_error(exc):
            raise
        return {}
    found: dict[str, list[str]] = {}
    for line in listed.splitlines()[:100_000]:
        fields = line.split(" ", 4)
        if len(fields) != 5:
            continue
        kind, sha, peeled_kind, peeled, name = fields
        commit = peeled if kind == "tag" else sha
        if (peeled_kind if kind == "tag" else kind) == "commit":
            found.setdefault(commit, []).append(scrub(name)[:100])
    return {sha: tuple(sorted(names)) for sha, names in found.items()}


def iter_commits(repo: git.Repo, rev: str, first_parent: bool, since: str | None, topo: bool = True) -> Iterator[git.Commit]:
    """Commits reachable from `rev` (a sha, or `sha..sha`), newest first (in topological order
    unless `topo` is False: git then streams commits as it reads them, so a walk that meets a
    missing commit still gives the ones before it), as git rev-list lists them."""
    options: dict[str, object] = {"topo_order": topo}
    if first_parent:
        options["first_parent"] = True
    if since:
        options["since"] = since
    return repo.iter_commits(rev, **options)


def describe(commit: git.Commit, tags: dict[str, tuple[str, ...]]) -> Commit:
    """How reports name `commit`: sha, author date, author, subject (scrubbed), parents, tags."""
    when = _dt.datetime.fromtimestamp(commit.authored_date, _dt.timezone(_dt.timedelta(seconds=-commit.author_tz_offset)))
    subject = commit.message.split("\n", 1)[0] if isinstance(commit.message, str) else ""
    author = commit.author.name or ""
    ref = CommitRef(commit.hexsha, when.isoformat(), scrub(author)[:80], scrub(subject)[:MAX_SUBJECT])
    return Commit(ref, tuple(p.hexsha for p in commit.parents), tags.get(commit.hexsha, ()))


def is_repository_error(exc: BaseException) -> bool:
    """Whether `exc` is git or GitPython failing to read the repository (not a bug of ours)."""
    import git
    from gitdb.exc import ODBError

    return isinstance(exc, (git.GitCommandError, ODBError, ValueError, OSError))

