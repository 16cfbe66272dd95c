"""Running git on an untrusted repository: the one way every git call is made.

A hostile repository's own configuration must not run programs (fsmonitor hooks run on index
refresh, hooks on many commands), must not prompt, and must not fetch; git's messages are kept
untranslated so they can be shown as they are.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

# Git options that stop a hostile repository's own config from running programs:
# fsmonitor hooks run on index refresh, and safe.directory only matters for ownership checks.
SAFE_GIT_OPTIONS = (
    "-c", "core.fsmonitor=false",
    "-c", "core.hooksPath=/dev/null",
    "-c", "safe.directory=*",
    "-c", "core.untrackedCache=false",
)


# every git call runs with these: no system config, never a prompt, messages not translated
GIT_ENV = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "LANGUAGE": "C"}


def run_git(root: Path, *args: str, timeout: float = 120, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`git <SAFE_GIT_OPTIONS> args` in `root`, output as bytes; the exit status is the
    caller's to read, and subprocess.TimeoutExpired past `timeout` seconds (a default that fits
    most calls; a caller whose work needs more or less says so): a hostile repository can make
    git itself slow, and an audit must finish. A plain subprocess: GitPython's import alone took 0.11 s, more than the
    whole budget from start to the first file read, to wrap the same call."""
    return subprocess.run(["git", *SAFE_GIT_OPTIONS, *args], cwd=root, env={**os.environ, **GIT_ENV, **(env or {})},
                          capture_output=True, timeout=timeout, check=False)
