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
    assert "new\\nline.py" in term or "line.py" not in term  # written out when listed (5 are listed)
    assert not any(line.startswith("line.py") for line in term.splitlines())
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


def test_the_terminal_report_writes_names_out_on_one_line(tmp_path):
    files = {"new\nline.py": "password = 'Zq9-h0stile-Value!'\n", "\x1b[31mred.py": "password = 'Zq9-h0stile-Value!'\n",
             "requirements.txt": "flask\n"}
    root = write_repo(tmp_path / "r", files, git_init=True)
    proc = subprocess.run([sys.executable, "-m", "prodready", "audit", str(root), "--only", "sec.secrets", "-f", "term"],
                          capture_output=True, text=True, timeout=300)
    assert "    new\\nline.py:1  hard-coded secret" in proc.stdout
    assert "    \\x1b[31mred.py:1  hard-coded secret" in proc.stdout
    assert "\x1b" not in proc.stdout and not any(line.startswith("line.py") for line in proc.stdout.splitlines())


def test_facts_text_shows_control_characters_in_repository_names_and_never_emits_them(tmp_path):
    """`prodready facts` prints names the repository chose (directories, manifests, dependency
    names, CI jobs, image names, compose services): each one reaches the terminal with its
    control characters written out (\\x1b), never as the escape itself, and a newline in a
    name cannot start a line of its own."""
    red, clear, rtl = "\x1b[31m", "\x1b[2J", "\u202e"
    flask = "from flask import Flask\n\napp = Flask(__name__)\n"
    files = {
        f"svc{red}/requirements.txt": "flask\n",
        f"svc{red}/app.py": flask,
        "web\nservices: forged/requirements.txt": "flask\n",
        "web\nservices: forged/app.py": flask,
        "node/package.json": json.dumps({"name": "n", "dependencies": {f"expr{clear}ess": "^4", "express": "^4"}}),
        "node/server.js": "const express = require('express');\nconst app = express();\napp.listen(3000);\n",
        ".github/workflows/ci.yml": 'on: push\njobs:\n  "te\\u001b[31mst":\n    runs-on: x\n    steps:\n      - run: pytest\n',
        "Dockerfile": f"FROM python:3.12 AS bu{clear}ild\nFROM scratch\n",
        "compose.yaml": f"services:\n  \"db{rtl}x\":\n    image: postgres\n",
    }
    root = write_repo(tmp_path / "r", files, git_init=True)
    proc = subprocess.run([sys.executable, "-m", "prodready", "facts", str(root)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    for raw in ("\x1b", "\u202e", "\x9b"):
        assert raw not in out, (raw, out)
    assert "  svc\\x1b[31m: python api (audited)" in out
    assert "manifests: svc\\x1b[31m/requirements.txt;" in out
    assert "  web\\nservices: forged: python api (audited)" in out
    assert not any(line.startswith("services: forged") for line in out.splitlines())
    assert "expr\\x1b[2jess" in out  # dependency names are normalised to lower case
    assert "    job te\\x1b[31mst: test" in out
    assert "  Dockerfile: python:3.12 AS bu\\x1b[2Jild -> scratch" in out
    assert "  compose.yaml: db\\u202ex" in out
    # JSON keeps the names as they are: json.dumps escapes the control characters itself
    data = json.loads(subprocess.run([sys.executable, "-m", "prodready", "facts", str(root), "--json"],
                                     capture_output=True, text=True, timeout=120).stdout)
    assert f"svc{red}" in [s["path"] for s in data["services"]]
