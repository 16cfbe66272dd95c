"""Shared fixtures: minimal real services for each stack prodready claims to understand."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from prodready.testing import write_repo


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """Audits run by the tests use a cache of their own, never the developer's ~/.cache."""
    import os

    previous = os.environ.get("PRODREADY_CACHE_DIR")
    os.environ["PRODREADY_CACHE_DIR"] = str(tmp_path_factory.mktemp("prodready-cache"))
    yield
    if previous is None:
        os.environ.pop("PRODREADY_CACHE_DIR", None)
    else:
        os.environ["PRODREADY_CACHE_DIR"] = previous

POM = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>3.2.0</version>
  </parent>
  <groupId>com.example</groupId>
  <artifactId>demo</artifactId>
  <dependencies>
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter-web</artifactId>
    </dependency>
{extra}
  </dependencies>
</project>
"""

GO_MOD = "module example.com/svc\n\ngo 1.22\n\nrequire (\n{requires}\n)\n"

# A minimal service per framework: files that make prodready detect an HTTP API of that kind.
STACKS: dict[str, dict[str, str]] = {
    "fastapi": {
        "requirements.txt": "fastapi==0.110.0\nuvicorn==0.29.0\n",
        "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get('/items')\ndef items():\n    return []\n",
    },
    "flask": {
        "requirements.txt": "flask==3.0.0\n",
        "app.py": "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.route('/items')\ndef items():\n    return []\n",
    },
    "django": {
        "requirements.txt": "django==5.0\ndjangorestframework==3.15\n",
        "manage.py": "import os\nimport sys\n",
        "proj/settings.py": "INSTALLED_APPS = ['rest_framework', 'shop']\n",
        "proj/urls.py": "from django.urls import path\n\nurlpatterns = [\n    path('items/', views.items),\n]\n",
    },
    "express": {
        "package.json": '{"name": "svc", "scripts": {"start": "node server.js"}, "dependencies": {"express": "^4.19.0"}}\n',
        "server.js": "const express = require('express');\nconst app = express();\napp.get('/items', (req, res) => res.json([]));\napp.listen(3000);\n",
    },
    "nestjs": {
        "package.json": '{"name": "svc", "dependencies": {"@nestjs/core": "^10.0.0", "@nestjs/common": "^10.0.0"}}\n',
        "src/main.ts": "import { NestFactory } from '@nestjs/core';\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  await app.listen(3000);\n}\nbootstrap();\n",
        "src/items.controller.ts": "import { Controller, Get } from '@nestjs/common';\n\n@Controller('items')\nexport class ItemsController {\n  @Get()\n  list() { return []; }\n}\n",
    },
    "fastify": {
        "package.json": '{"name": "svc", "dependencies": {"fastify": "^4.0.0"}}\n',
        "server.js": "const fastify = require('fastify')();\nfastify.get('/items', async () => []);\nfastify.listen({ port: 3000 });\n",
    },
    "nethttp": {
        "go.mod": "module example.com/svc\n\ngo 1.22\n",
        "main.go": 'package main\n\nimport "net/http"\n\nfunc main() {\n\tmux := http.NewServeMux()\n\tmux.HandleFunc("/items", items)\n\thttp.ListenAndServe(":8080", mux)\n}\n',
    },
    "gin": {
        "go.mod": GO_MOD.format(requires="\tgithub.com/gin-gonic/gin v1.9.1"),
        "main.go": 'package main\n\nimport "github.com/gin-gonic/gin"\n\nfunc main() {\n\tr := gin.Default()\n\tr.GET("/items", items)\n\tr.Run()\n}\n',
    },
    "echo": {
        "go.mod": GO_MOD.format(requires="\tgithub.com/labstack/echo/v4 v4.11.0"),
        "main.go": 'package main\n\nimport "github.com/labstack/echo/v4"\n\nfunc main() {\n\te := echo.New()\n\te.GET("/items", items)\n\te.Start(":8080")\n}\n',
    },
    "chi": {
        "go.mod": GO_MOD.format(requires="\tgithub.com/go-chi/chi/v5 v5.0.12"),
        "main.go": 'package main\n\nimport (\n\t"net/http"\n\t"github.com/go-chi/chi/v5"\n)\n\nfunc main() {\n\tr := chi.NewRouter()\n\tr.Get("/items", items)\n\thttp.ListenAndServe(":8080", r)\n}\n',
    },
    "spring": {
        "pom.xml": POM.format(extra=""),
        "src/main/java/com/example/App.java": "package com.example;\n\n@SpringBootApplication\npublic class App {\n  public static void main(String[] args) { SpringApplication.run(App.class, args); }\n}\n",
        "src/main/java/com/example/ItemController.java": 'package com.example;\n\n@RestController\n@RequestMapping("/api")\npublic class ItemController {\n  @GetMapping("/items")\n  public List<Item> items() { return List.of(); }\n}\n',
    },
}
STACK_OF = {"fastapi": "python", "flask": "python", "django": "python", "express": "node", "nestjs": "node",
            "fastify": "node", "nethttp": "go", "gin": "go", "echo": "go", "chi": "go", "spring": "java"}
LIBRARIES: dict[str, dict[str, str]] = {
    "python": {"pyproject.toml": '[project]\nname = "lib"\nversion = "1.0"\ndependencies = ["attrs"]\n', "src/lib/__init__.py": "def add(a, b):\n    return a + b\n"},
    "node": {"package.json": '{"name": "lib", "main": "index.js", "dependencies": {"lodash": "^4"}}\n', "index.js": "module.exports = (a, b) => a + b;\n"},
    "go": {"go.mod": "module example.com/lib\n\ngo 1.22\n", "lib.go": "package lib\n\nfunc Add(a, b int) int { return a + b }\n"},
    "java": {"pom.xml": '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion><groupId>g</groupId><artifactId>lib</artifactId></project>\n',
             "src/main/java/g/Lib.java": "package g;\npublic class Lib { public int add(int a, int b) { return a + b; } }\n"},
}


@pytest.fixture
def make_repo(tmp_path):
    """Write files into a fresh directory (git-initialised unless git=False) and return it."""
    counter = {"n": 0}

    def make(files: dict[str, str | bytes], git: bool = True, base: str | None = None) -> Path:
        counter["n"] += 1
        merged = {**(STACKS[base] if base else {}), **files}
        return write_repo(tmp_path / f"repo{counter['n']}", merged, git_init=git)

    return make


@pytest.fixture(scope="session")
def python_exe() -> str:
    return sys.executable
