"""Bounded work: huge and sparse files, one enormous line, bombs, deep nesting, many files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from prodready.testing import write_repo


def audit(root, *args, timeout=300):
    start = time.monotonic()
    out = subprocess.run([sys.executable, "-m", "prodready", "audit", str(root), "-f", "json", *args],
                         capture_output=True, text=True, timeout=timeout)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout), time.monotonic() - start


def test_sparse_huge_file_and_long_line_are_skipped_with_notes(tmp_path):
    root = write_repo(tmp_path / "r", {"requirements.txt": "flask\n", "app.py": "from flask import Flask\n"})
    with open(root / "huge.sql", "wb") as handle:  # 4 GB, sparse: costs no disk
        handle.truncate(4 * 1024 ** 3)
    (root / "oneline.js").write_text("a" * (50 * 1024 * 1024))
    report, _ = audit(root)
    notes = "\n".join(report["notes"])
    assert "huge.sql: skipped, 4294967296 bytes is over the 2097152-byte limit" in notes
    assert "oneline.js: skipped, 52428800 bytes is over the 2097152-byte limit" in notes


def test_yaml_bomb_and_deep_json_are_findings_not_hangs(tmp_path):
    # nine levels of nine aliases: 72 aliases, 9**9 (387 million) nodes once expanded
    levels = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8))
    bomb = levels + "services:\n  api:\n    environment: *i\n"
    workflow = "on: push\n" + levels + "jobs:\n  build:\n    steps: *i\n"
    deep = "[" * 100_000 + "]" * 100_000
    root = write_repo(tmp_path / "r", {
        "requirements.txt": "flask\n", "app.py": "from flask import Flask\n",
        "docker-compose.yml": bomb, "openapi.json": '{"openapi": "3.0.0", "x": ' + deep + "}",
        "package.json": deep, ".github/workflows/ci.yml": workflow,
    })
    report, seconds = audit(root)
    assert seconds < 60
    notes = "\n".join(report["notes"])
    assert "could not parse package.json: nested too deeply" in notes
    assert "could not parse docker-compose.yml: expands to more than 1,000,000 nodes through aliases" in notes
    assert "could not parse .github/workflows/ci.yml: expands to more than 1,000,000 nodes" in notes
    openapi = next(c for c in report["checks"] if c["id"] == "api.openapi")
    assert openapi["status"] == "fail" and "openapi.json" in json.dumps(openapi["evidence"])


def test_many_files_and_deep_directories(tmp_path):
    files = {f"pkg{i // 1000}/m{i}.py": "x = 1\n" for i in range(30_000)}  # scale, not a record: 100k took 56 s here
    files["requirements.txt"] = "flask\n"
    deep = "/".join(f"d{i}" for i in range(200))
    files[f"{deep}/deep.py"] = "KEY = 'AKIA" + "Q2XW7RZ4T5Y6U8I9'\n"
    root = write_repo(tmp_path / "r", files)
    report, seconds = audit(root, "--only", "sec,qa.complexity,obs.health")
    assert seconds < 400  # a hang detector: about 20 s on a 2-core machine
    secrets = next(c for c in report["checks"] if c["id"] == "sec.secrets")
    assert secrets["evidence"][0]["path"] == f"{deep}/deep.py"


def test_symlink_loop_and_links_out_of_the_root(tmp_path):
    root = write_repo(tmp_path / "r", {"requirements.txt": "flask\n", "app.py": "from flask import Flask\n"})
    os.symlink(root, root / "loop")
    os.symlink("/etc", root / "etc")
    os.symlink("/etc/passwd", root / "passwd.py")
    report, _ = audit(root)
    notes = report["notes"]
    for name in ("etc", "loop", "passwd.py"):
        assert f"{name}: symlink not followed" in notes
    assert "root:" not in json.dumps(report)
