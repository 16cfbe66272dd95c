"""qa.types: mypy/pyright for Python, strict TypeScript; not applicable to Go and Java."""

import pytest

from tests.checks.helpers import FAIL, NA, PARTIAL, PASS, check_case, ids

CASES = [
    ("mypy", "fastapi", {"pyproject.toml": "[tool.mypy]\nstrict = true\n"}, PASS, ["pyproject.toml:1"]),
    ("pyright", "flask", {"pyrightconfig.json": "{}\n"}, PASS, ["pyrightconfig.json"]),
    ("ts-strict", "nestjs", {"tsconfig.json": '{\n  "compilerOptions": {\n    "strict": true\n  }\n}\n'}, PASS, ["tsconfig.json:3"]),
    ("ts-not-strict", "nestjs", {"tsconfig.json": '{"compilerOptions": {}}\n'}, PARTIAL, ["tsconfig.json"]),
    ("plain-js", "express", {}, FAIL, []),
    ("python-none", "django", {}, FAIL, []),
    ("python-listed-only", "fastapi", {"requirements-dev.txt": "mypy\n"}, PARTIAL, ["requirements-dev.txt:1"]),
    ("go", "gin", {}, NA, None),
    ("java", "spring", {}, NA, None),
    ("trap-tsconfig-in-tests", "express", {"test/tsconfig.json": '{"compilerOptions": {"strict": true}}\n'}, FAIL, []),
]


@pytest.mark.parametrize("name, base, files, status, where", CASES, ids=ids(CASES))
def test_types(make_repo, name, base, files, status, where):
    check_case(make_repo, "qa.types", base, files, status, where)
