"""`audit --base REF`: the base commit judged as an audit of that commit would judge it.

The base score is the one a reviewer compares with: what `prodready audit` said, or would have
said, on the base commit. So the base is audited with the configuration of its own tree (its
waivers, severities, excludes and thresholds), read from git's object store the way `history`
reads each commit's (history/config.py): never written to disk, `checks_paths` never loaded, an
invalid one replaced by none with a note. A change to `.prodready.yml` is then part of the
change, as it is in the pull request. What the command line sets (`--only`, `--skip`, the
thresholds, `--checks-dir`) applies to both sides, and so does `--config FILE`, chosen from
outside the tree by whoever runs prodready (as for `history`). The base audit's notes are kept
with its scorecard, and reach the report through the delta.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

if TYPE_CHECKING:
    from prodready.model import Scorecard
    from prodready.runner import Overrides, Prepared


def audit_base(root: Path, ref: str, head: Prepared, selection: tuple[Sequence[str], Sequence[str]],
               overrides: Overrides, fixed: bool, progress: Callable[[str], None] | None = None) -> Scorecard:
    """The scorecard of commit `ref` of the repository at `root`, judged with its own
    configuration (with `head`'s when `fixed`, for --config FILE), the checks `head` loaded and
    the command line's (`--only`, `--skip`) `selection` and `overrides`; its `notes` start with
    those about its configuration. BaseRevisionError when the commit cannot be read."""
    from prodready.history.config import Settings, prepared_for
    from prodready.runner import run
    from prodready.scanning.revision import BaseRevisionError, open_commit

    only, skip = selection
    settings = Settings(head.loaded, tuple(only), tuple(skip), overrides, head if fixed else None)
    with open_commit(root, ref) as revision:
        try:
            prepared, notes = prepared_for(settings, revision.listing, revision.read, revision.stand_in)
        except OSError as exc:
            raise BaseRevisionError(f"--base {ref!r}: its configuration could not be read from this clone ({exc})") from None
        card = run(revision.stand_in, prepared, str(root), progress, index=revision.index(prepared.options.max_file_bytes, root))
    return replace(card, commit=revision.sha, notes=tuple(notes) + card.notes)
