"""Bad bytes and names: encodings, control characters, names that try to inject markup."""

from __future__ import annotations

import json
import subprocess
import sys

from prodready.testing import write_repo

NAMES = ["we|ird.py", "new\nline.py", "quote\"'.py", "<script>alert(1)<%2Fscript>.py", "[link](http:%2F%2Fx).py",
         "$(touch x).py", "CON.py", "tab\tname.py", "\x1b[31mred.py"]


def test_every_output_survives_hostile_names_and_encodings(tmp_path):
    files = {name: "password = 'Zq9-h0stile-Value!'\n" for name in NAMES}
    files.update({
        "requirements.txt": "flask\n", "app.py": "from flask import Flask\n",
        "latin1.py": "# caf\xe9\n".encode("latin-1") + b"token = 'Kx9-latin-S3cret!'\n",
        "utf16.py": "token = 'Utf16-S3cret-value!'\n".encode("utf-16"),
        "nul.py": b"x = 1\x00\x00binary",
        "crlf.py": b"a = 1\r\nb_password = 'CrLf-S3cret-val!'\r\n",
        "cr.py": b"a = 1\rlone_password = 'Cr-0nly-S3cret!'\r",
        "fake.png.py": bytes(range(256)) * 10,
    })
    root = write_repo(tmp_path / "r", files, git_init=True)
    out_dir = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "prodready", "audit", str(root), "-f", "term,md,html,json,sarif", "-o", str(out_dir)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    html = (out_dir / "prodready.html").read_text()
    assert "<script>alert" not in html
    md = (out_dir / "prodready.md").read_text()
    assert "<script>" not in md and "](http" not in md.replace("](https://", "")
    for line in md.splitlines():
        if line.startswith("| ") and "hard-coded secret" in line:
            assert line.count("|") == 3, line  # no name breaks a table row
    term = (out_dir / "prodready.txt").read_text()
    assert "\x1b" not in term
    report = json.loads((out_dir / "prodready.json").read_text())
    paths = {e["path"] for c in report["checks"] for e in c["evidence"]}
    assert "utf16.py" in paths and "latin1.py" in paths and "crlf.py" in paths
    crlf = next(e for c in report["checks"] for e in c["evidence"] if e["path"] == "crlf.py")
    assert crlf["line"] == 2 and "\r" not in crlf["snippet"]
    sarif = json.loads((out_dir / "prodready.sarif").read_text())
    assert sarif["version"] == "2.1.0"
    everything = "".join(p.read_text() for p in out_dir.iterdir()) + proc.stdout + proc.stderr
    for secret in ("Zq9-h0stile-Value!", "Kx9-latin-S3cret!", "Utf16-S3cret-value!", "CrLf-S3cret-val!", "Cr-0nly-S3cret!"):
        assert secret not in everything
