"""The fact layer: file index, roles, manifests, services in monorepos."""

from __future__ import annotations

import os

from prodready.facts import RepoFacts
from prodready.scanning.files import classify_role
from prodready.testing import git


def test_git_index_lists_tracked_and_untracked_not_ignored(make_repo):
    root = make_repo({".gitignore": "secret.txt\nout/\n", "a.py": "", "out/x.py": ""})
    (root / "new.py").write_text("")
    (root / "secret.txt").write_text("x")
    paths = [e.path for e in RepoFacts(root).files]
    assert paths == [".gitignore", "a.py", "new.py"]


def test_walk_honours_nested_gitignore_and_negation(make_repo):
    root = make_repo({".gitignore": "*.log\n!keep.log\n", "sub/.gitignore": "/local.py\n", "sub/local.py": "",
                      "sub/deep/local.py": "", "a.log": "", "keep.log": ""}, git=False)
    paths = [e.path for e in RepoFacts(root).files]
    assert paths == [".gitignore", "keep.log", "sub/.gitignore", "sub/deep/local.py"]


def test_vendored_and_generated_files_are_not_first_party(make_repo):
    root = make_repo({"vendor/x.go": "", "node_modules/a/i.js": "", "static/app.min.js": "", "api.pb.go": "",
                      "third_party/lib.py": "", "src/app.py": ""})
    facts = RepoFacts(root)
    assert [e.path for e in facts.files] == ["src/app.py"]
    assert sum(facts.files.excluded.values()) == 5


def test_symlinks_are_never_followed(make_repo, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("password = 'Zq9-outside-S3cret'\n")
    root = make_repo({"a.py": ""}, git=False)
    os.symlink(outside, root / "link.py")
    os.symlink(tmp_path, root / "linkdir")
    facts = RepoFacts(root)
    assert [e.path for e in facts.files] == ["a.py"]
    assert facts.files.notes == ["link.py: symlink not followed", "linkdir: symlink not followed"]
    assert facts.secrets == ()


def test_large_and_binary_files_are_skipped_with_a_note(make_repo):
    root = make_repo({"big.py": "x = 1\n" * 10, "bin.py": b"\x00\x01binary", "ok.py": "y = 2\n"})
    facts = RepoFacts(root)
    facts.files.max_file_bytes = 20
    assert facts.text("big.py") is None
    assert facts.text("bin.py") is None
    assert facts.text("ok.py") == "y = 2\n"
    assert facts.files.notes == ["big.py: skipped, 60 bytes is over the 20-byte limit"]


def test_roles():
    assert classify_role("tests/test_a.py") == "test"
    assert classify_role("pkg/a_test.go") == "test"
    assert classify_role("src/app.spec.ts") == "test"
    assert classify_role("src/test/java/com/x/AppTest.java") == "test"
    assert classify_role("src/main/java/com/example/App.java") == "source"
    assert classify_role("examples/demo/app.py") == "example"
    assert classify_role("app/main.py") == "source"


def test_monorepo_services_and_frontend(make_repo):
    from tests.conftest import STACKS

    files = {f"services/api/{k}": v for k, v in STACKS["fastapi"].items()}
    files.update({f"services/gw/{k}": v for k, v in STACKS["gin"].items()})
    files["frontend/package.json"] = '{"name": "web", "dependencies": {"react": "18", "vite": "5"}}\n'
    files["package.json"] = '{"name": "root", "private": true, "workspaces": ["frontend"]}\n'
    files["libs/common/pyproject.toml"] = '[project]\nname = "common"\nversion = "1"\n'
    facts = RepoFacts(make_repo(files))
    assert [(s.path, s.stack, s.kind, s.frameworks) for s in facts.services] == [
        ("services/api", "python", "api", ("fastapi",)),
        ("services/gw", "go", "api", ("gin",)),
    ]
    assert sorted((s.display, s.kind) for s in facts.other_packages) == [
        (".", "library"), ("frontend", "frontend"), ("libs/common", "library")]


def test_manifests_of_every_ecosystem(make_repo):
    from tests.conftest import POM

    files = {
        "py/pyproject.toml": '[project]\nname = "x"\nversion = "1"\ndependencies = ["FastAPI>=0.1", "SQLAlchemy[asyncio]==2"]\n[project.optional-dependencies]\ntest = ["pytest"]\n',
        "py/Pipfile": '[packages]\nflask = "*"\n[dev-packages]\nblack = "*"\n',
        "py/setup.cfg": "[options]\ninstall_requires =\n    requests>=2\n",
        "py/requirements-dev.txt": "ruff==0.4\n",
        "node/package.json": '{"dependencies": {"Express": "4"}, "devDependencies": {"jest": "29"}}\n',
        "go/go.mod": "module x\n\nrequire github.com/gin-gonic/gin v1.9.1\nrequire (\n\tgithub.com/lib/pq v1.10.9 // indirect\n)\n",
        "java/pom.xml": POM.format(extra=""),
        "java/build.gradle.kts": 'dependencies {\n    implementation("org.springframework.boot:spring-boot-starter-web:3.2.0")\n    testImplementation("org.junit.jupiter:junit-jupiter:5.10.0")\n}\n',
    }
    facts = RepoFacts(make_repo(files))
    deps = {(d.name, d.dev, d.path, d.line) for m in facts.manifests for d in m.dependencies}
    assert ("fastapi", False, "py/pyproject.toml", 4) in deps
    assert ("sqlalchemy", False, "py/pyproject.toml", 4) in deps
    assert ("pytest", True, "py/pyproject.toml", 6) in deps
    assert ("flask", False, "py/Pipfile", 2) in deps and ("black", True, "py/Pipfile", 4) in deps
    assert ("requests", False, "py/setup.cfg", 3) in deps
    assert ("ruff", True, "py/requirements-dev.txt", 1) in deps
    assert ("express", False, "node/package.json", 1) in deps and ("jest", True, "node/package.json", 1) in deps
    assert ("github.com/gin-gonic/gin", False, "go/go.mod", 3) in deps and ("github.com/lib/pq", False, "go/go.mod", 5) in deps
    assert ("org.springframework.boot:spring-boot-starter-web", False, "java/pom.xml", 14) in deps
    assert ("org.junit.jupiter:junit-jupiter", True, "java/build.gradle.kts", 3) in deps


def test_broken_manifests_are_noted_with_line(make_repo):
    root = make_repo({"pyproject.toml": "[project\nname = 1\n", "package.json": '{"a": 1,,}\n', "pom.xml": "<project><a></project>\n"})
    facts = RepoFacts(root)
    messages = sorted(e.message() for e in facts.parse_errors)
    assert messages[0].startswith("could not parse package.json: Expecting property name enclosed in double quotes, at line 1")
    assert messages[1].startswith("could not parse pom.xml: mismatched tag, at line 1")
    assert messages[2].startswith("could not parse pyproject.toml: ") and messages[2].endswith("at line 1")


def test_commit_is_read_and_absent_without_commits(make_repo):
    root = make_repo({"a.py": ""})
    assert RepoFacts(root).commit == git(root, "rev-parse", "HEAD").strip()
    empty = make_repo({}, git=False)
    git(empty, "init", "-q")
    assert RepoFacts(empty).commit is None


def test_mixed_manifests_in_one_directory_take_the_backend_stack(make_repo):
    from tests.conftest import STACKS

    files = {**STACKS["django"], "package.json": '{"name": "tooling", "devDependencies": {"prettier": "3"}}\n'}
    service = RepoFacts(make_repo(files)).services[0]
    assert (service.stack, service.kind, service.frameworks) == ("python", "api", ("django", "drf"))
    assert service.manifests == ("package.json", "requirements.txt")


def test_shared_module_used_by_services_is_a_library(make_repo):
    files = {
        "common/go.mod": "module example.com/common\n\nrequire github.com/go-chi/chi/v5 v5.0.12\n",
        "common/server.go": "package server\n\nfunc Run(r chi.Router) {}\n",
        "users/go.mod": "module example.com/users\n\nrequire (\n\texample.com/common v0.0.0\n\tgithub.com/go-chi/chi/v5 v5.0.12\n)\n",
        "users/main.go": "package main\n\nfunc main() {\n\tserver.Run(chi.NewRouter())\n}\n",
    }
    facts = RepoFacts(make_repo(files))
    assert [(s.path, s.kind) for s in facts.services] == [("users", "api")]
    assert [(s.path, s.kind) for s in facts.other_packages] == [("common", "library")]
