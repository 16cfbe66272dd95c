"""A synthetic monorepo of a given size, so anyone can run the benchmark without a big checkout.

Mixed services (Python/FastAPI, Node/Express, Go, Java/Spring), configuration files, a vendored
tree, binary files and a few planted secrets; deterministic for a given seed.

    python bench/synth.py OUT --mb 60
"""

from __future__ import annotations

import argparse
import random
import subprocess
from pathlib import Path

PY = '''from fastapi import FastAPI, HTTPException

app = FastAPI()


@app.get("/items/{{item_id}}")
def read_item_{n}(item_id: int, q: str | None = None):
    if item_id < 0:
        raise HTTPException(status_code=400, detail="negative id")
    total = 0
    for i in range(item_id):
        if i % 3 == 0:
            total += i
        elif i % 5 == 0:
            total -= i
    return {{"item_id": item_id, "q": q, "total": total}}
'''
JS = '''const express = require('express');
const router = express.Router();

router.get('/orders/:id', async (req, res) => {{
  const id = Number(req.params.id);
  if (Number.isNaN(id)) {{ return res.status(400).json({{ error: 'bad id' }}); }}
  let sum = 0;
  for (let i = 0; i < id; i += 1) {{ if (i % 2) {{ sum += i; }} else {{ sum -= 1; }} }}
  res.json({{ id, sum, handler: {n} }});
}});

module.exports = router;
'''
GO = '''package svc

import (
	"fmt"
	"net/http"
)

func Handler{n}(w http.ResponseWriter, r *http.Request) {{
	id := r.URL.Query().Get("id")
	if id == "" {{
		http.Error(w, "missing id", http.StatusBadRequest)
		return
	}}
	for i := 0; i < 10; i++ {{
		if i%2 == 0 {{
			fmt.Fprintf(w, "%d", i)
		}}
	}}
}}
'''
JAVA = '''package com.example.svc;

import org.springframework.web.bind.annotation.*;

@RestController
public class Controller{n} {{
    @GetMapping("/things/{{id}}")
    public String thing(@PathVariable int id) {{
        int total = 0;
        for (int i = 0; i < id; i++) {{ if (i % 2 == 0) {{ total += i; }} else {{ total -= 1; }} }}
        return "thing " + id + " " + total;
    }}
}}
'''
SECRETS = ['AWS_KEY = "AKIA' + 'Q2XW7RZ4T5Y6U8I9"\n', 'token: "ghp_' + 'aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5"\n']


def generate(out: Path, megabytes: float, seed: int = 7) -> tuple[int, int]:
    rng = random.Random(seed)
    target = int(megabytes * 1024 * 1024)
    written = files = 0
    out.mkdir(parents=True, exist_ok=True)

    def put(rel: str, data: str | bytes) -> None:
        nonlocal written, files
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        raw = data.encode() if isinstance(data, str) else data
        path.write_bytes(raw)
        written += len(raw)
        files += 1

    service = 0
    while written < target:
        stack = ("python", "node", "go", "java")[service % 4]
        base = f"services/{stack}-{service}"
        if stack == "python":
            put(f"{base}/requirements.txt", "fastapi==0.110.0\nuvicorn==0.29.0\nsqlalchemy==2.0\n")
            put(f"{base}/Dockerfile", "FROM python:3.12-slim\nCOPY . /app\nCMD [\"uvicorn\", \"app.main:app\"]\n")
            for n in range(40):
                put(f"{base}/app/mod_{n}.py", PY.format(n=n) * rng.randint(2, 12))
            for n in range(10):
                put(f"{base}/tests/test_mod_{n}.py", "def test_ok():\n    assert 1 + 1 == 2\n" * 5)
        elif stack == "node":
            put(f"{base}/package.json", '{"name": "svc%d", "scripts": {"start": "node index.js"}, "dependencies": {"express": "^4.19.0"}}\n' % service)
            put(f"{base}/index.js", "const app = require('express')();\napp.listen(3000);\n")
            for n in range(40):
                put(f"{base}/src/route_{n}.js", JS.format(n=n) * rng.randint(2, 12))
            for n in range(60):  # a vendored tree: counted, read, left out of the audit
                put(f"{base}/node_modules/dep{n}/index.js", JS.format(n=n) * 4)
        elif stack == "go":
            put(f"{base}/go.mod", f"module example.com/svc{service}\n\ngo 1.22\n")
            put(f"{base}/main.go", 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":8080", nil)\n}\n')
            for n in range(40):
                put(f"{base}/internal/svc/h_{n}.go", GO.format(n=n) + "".join(GO.format(n=f"{n}_{k}").split("\n", 6)[6] for k in range(rng.randint(1, 10))))
            for n in range(60):
                put(f"{base}/vendor/github.com/x/dep{n}/d.go", GO.format(n=n) * 3)
        else:
            put(f"{base}/pom.xml", "<project><modelVersion>4.0.0</modelVersion><groupId>g</groupId><artifactId>svc</artifactId>"
                "<dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency></dependencies></project>\n")
            for n in range(40):
                put(f"{base}/src/main/java/com/example/svc/Controller{n}.java", JAVA.format(n=n) * rng.randint(1, 6))
        put(f"{base}/config/app.yaml", "server:\n  port: 8080\nlogging:\n  level: info\n" * 20)
        put(f"{base}/config/settings.json", '{"feature": true, "limit": 10}\n')
        put(f"{base}/assets/logo.png", bytes(rng.getrandbits(8) for _ in range(20_000)))
        if service % 7 == 0:
            put(f"{base}/config/local.py", SECRETS[service % 2])
        service += 1
    put("README.md", "# Synthetic monorepo\n")
    subprocess.run(["git", "init", "-q", str(out)], check=True)
    subprocess.run(["git", "-C", str(out), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(out), "-c", "user.name=bench", "-c", "user.email=bench@example.invalid",
                    "commit", "-q", "-m", "synthetic"], check=True)
    return files, written


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--mb", type=float, default=60.0)
    args = parser.parse_args()
    files, size = generate(args.out, args.mb)
    print(f"{files} files, {size / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
