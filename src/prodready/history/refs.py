"""What `history` and `audit --blame` accept as a revision, a range or a date, checked before
any git call.

A ref comes from the command line, and in CI often from a pull request (a branch name the
author chose): a name starting with `-` would be read by git as an option (`--upload-pack=...`,
`--output=...`), and a revision expression can reach further than a commit (`@{-1}`,
`HEAD:path`, `:/message`). So only the shapes a tech lead types are accepted: a refname as
`git check-ref-format --allow-onelevel` allows it, or a hexadecimal object name, optionally
followed by `~N` and `^N` steps; a range is exactly `A..B` (or `A..`, up to HEAD); a date is
ISO 8601 or "N units ago". Everything else is refused with the reason, and what reaches git
afterwards is a resolved sha, never the text given.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

MAX_REF_LENGTH = 256
_FORBIDDEN = re.compile(r"[\x00-\x20\x7f~^:?*\[\\]")  # check-ref-format rule 4 and 5, and space
_STEPS = re.compile(r"((?:[~^][0-9]{0,6})*)$")
_HEX = re.compile(r"[0-9a-fA-F]{4,64}")
_DATE_ONLY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_AGO = re.compile(r"([0-9]{1,6}) +(second|minute|hour|day|week|month|year)s? +ago")


class RefError(ValueError):
    """A ref, range or date that is refused: the message says which and why."""


@dataclass(frozen=True)
class Revision:
    """A checked revision: a refname or hex name, and its `~N`/`^N` steps."""

    name: str
    steps: str = ""

    @property
    def spec(self) -> str:
        """What GitPython's rev_parse is given."""
        return self.name + self.steps


def refname_problem(name: str) -> str | None:
    """Why `name` is not a valid refname (check-ref-format --allow-onelevel), or None."""
    if not name:
        return "it is empty"
    if name.startswith("-"):
        return "it starts with '-' (git would read it as an option)"
    if _FORBIDDEN.search(name):
        return "it holds a space, a control character or one of ~ ^ : ? * [ \\"
    if ".." in name or "@{" in name or name == "@":
        return "it holds '..' or '@{', or is '@'"
    if name.endswith(("/", ".")) or "//" in name or name.startswith("/"):
        return "it starts or ends with '/', ends with '.', or holds '//'"
    if any(part.startswith(".") or part.endswith(".lock") for part in name.split("/")):
        return "a component starts with '.' or ends with '.lock'"
    return None


def parse_revision(text: str, what: str = "ref") -> Revision:
    """`text` as a Revision, or RefError naming `what` and the reason."""
    if len(text) > MAX_REF_LENGTH:
        raise RefError(f"{what} is longer than {MAX_REF_LENGTH} characters")
    if text.startswith("-"):
        raise RefError(f"{what} {text[:40]!r} is refused: it starts with '-' (git would read it as an option)")
    steps = _STEPS.search(text)
    name = text[: steps.start()] if steps else text
    problem = refname_problem(name)
    if problem is not None and not _HEX.fullmatch(name):
        raise RefError(f"{what} {text[:80]!r} is refused: {problem}")
    return Revision(name, steps.group(1) if steps else "")


def parse_range(text: str) -> tuple[Revision, Revision]:
    """`A..B` (or `A..`, meaning A..HEAD) as two revisions; `A...B` and `..B` are refused."""
    if text.count("..") != 1 or "..." in text or text.startswith(".."):
        raise RefError(f"--range {text[:80]!r} is refused: write it as A..B (commits after A, up to and including B)")
    start, end = text.split("..")
    return parse_revision(start, "--range start"), parse_revision(end or "HEAD", "--range end")


def parse_since(text: str) -> str:
    """`text` if it is a date git and a reader agree on: ISO 8601 (2026-03-01,
    2026-03-01T12:00:00+01:00) or "N units ago"; RefError otherwise."""
    cleaned = text.strip()
    if _AGO.fullmatch(cleaned):
        return cleaned
    try:
        _dt.datetime.fromisoformat(cleaned.replace("Z", "+00:00"))
    except ValueError:
        raise RefError(f"--since {text[:40]!r} is not a date: use 2026-03-01, 2026-03-01T12:00:00+01:00 "
                       "or '3 weeks ago'") from None
    return cleaned


def git_date(since: str) -> str:
    """What git's --since is given for an accepted date: a bare date starts at midnight (git
    alone would read it as that day at the current time of day)."""
    cleaned = since.strip()
    return f"{cleaned} 00:00:00" if _DATE_ONLY.fullmatch(cleaned) else cleaned
