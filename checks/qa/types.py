"""qa.types: static types are checked where the language leaves them optional."""

from __future__ import annotations

import re

from prodready.facts import CheckContext, evidence
from prodready.facts.usage import Usage
from prodready.model import Outcome
from prodready.registry import check
from prodready.scanning.parsing import line_of

PYTHON = (
    Usage("mypy", "python", ("mypy",), r"^\[(tool\.mypy|mypy)\]", suffixes=(".toml", ".ini", ".cfg"), files=r"(^|/)\.?mypy\.ini$", dev=True),
    Usage("pyright", "python", ("pyright", "basedpyright"), r"^\[tool\.(based)?pyright\]", suffixes=(".toml",), files=r"(^|/)pyrightconfig\.json$", dev=True),
)


@check(
    id="qa.types",
    blind_spots="Type coverage is not measured: configuration of a checker is what counts.",
    title="Static types are checked",
    severity="medium",
    why="""
    In Python and JavaScript, type errors surface at run time, in production. A type checker
    (mypy, pyright, TypeScript in strict mode) finds None dereferences, wrong arguments and
    missing fields before the code ships.
    """,
    fix="Run a type checker in strict mode in CI: mypy or pyright for Python, TypeScript with `strict: true`.",
    fix_by_stack={
        "python": "Add `[tool.mypy] strict = true` (or pyright) and a CI step `mypy .`.",
        "node": "Write TypeScript with `\"strict\": true` in tsconfig.json and run `tsc --noEmit` in CI.",
    },
    references=("https://mypy.readthedocs.io/en/stable/config_file.html", "https://www.typescriptlang.org/tsconfig#strict"),
)
def types(ctx: CheckContext) -> Outcome:
    if ctx.stack in ("go", "java"):
        return Outcome.not_applicable(f"{ctx.stack} is statically typed: the compiler checks types")
    if ctx.stack == "python":
        report = ctx.usage(PYTHON)
        ev = [evidence(h.path, h.line, h.text, note=f"{h.usage.name} configured") for h in report.wired]
        if report.wired:
            strict = any(re.search(r"strict\s*=\s*true|typeCheckingMode\s*=\s*\"strict\"|\"strict\"", ctx.repo.text(h.path) or "", re.I) for h in report.wired)
            return Outcome.passed(f"{', '.join(report.names)} configured" + (" (strict)" if strict else ""), ev)
        if report.listed_only:
            usage, dep = report.listed_only[0]
            return Outcome.partial(4, f"{usage.name} is a dependency but has no configuration", [evidence(dep.path, dep.line, note="listed only")])
        return Outcome.failed("no type checker configured for Python")
    if ctx.stack == "node":
        configs = ctx.config_files(r"(^|/)tsconfig(\.[\w-]+)?\.json$")
        if not configs:
            js = ctx.config_files(r"(^|/)jsconfig\.json$")
            if js and re.search(r"\"checkJs\"\s*:\s*true", ctx.repo.text(js[0].path) or ""):
                return Outcome.partial(5, "JavaScript checked with checkJs, not TypeScript", [evidence(js[0].path, None, note="checkJs")])
            return Outcome.failed("plain JavaScript: no TypeScript or type checking")
        for entry in configs:
            text = ctx.repo.text(entry.path) or ""
            match = re.search(r"\"strict\"\s*:\s*true", text)
            if match:
                line = line_of(text, match.start())
                return Outcome.passed(f"TypeScript in strict mode ({entry.path})", [evidence(entry.path, line, match.group(0), note="strict")])
        return Outcome.partial(5, f"TypeScript without strict mode ({configs[0].path})", [evidence(configs[0].path, None, note="no \"strict\": true")])
    return Outcome.not_applicable("no Python or JavaScript/TypeScript code")
