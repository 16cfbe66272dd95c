"""Generate docs/checks.md from the checks themselves, so the docs cannot drift.

Metadata comes from each `@check`; what a check looks for per stack comes from its `Usage`
tables; how it scores comes from the outcomes its own source can return (read with `ast`).
Run `python -m prodready.catalog_docs > docs/checks.md`; a test compares the two.
"""

from __future__ import annotations

import ast
import inspect
import sys
from collections import defaultdict

from prodready.facts.usage import Usage
from prodready.model import CATEGORIES
from prodready.registry import discover

_OUTCOMES = {"passed": "pass", "failed": "fail", "partial": "partial", "not_applicable": "not applicable"}


def _template(node: ast.AST) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "…" for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _template(node.left) + _template(node.right)
    return "…"


def outcomes(module) -> list[str]:
    """The verdicts a check module can return, in source order, as readable lines."""
    tree = ast.parse(inspect.getsource(module))
    lines: list[str] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "Outcome" and func.attr in _OUTCOMES:
            args = node.args
            if func.attr == "partial" and len(args) >= 2:
                score = args[0].value if isinstance(args[0], ast.Constant) else "scaled"
                lines.append((node.lineno, f"partial ({score}/10): {_template(args[1])}"))
            elif args:
                lines.append((node.lineno, f"{_OUTCOMES[func.attr]}: {_template(args[0])}"))
        elif isinstance(func, ast.Name) and func.id == "usage_outcome":
            lines.append((node.lineno, "pass (10/10) when a listed mechanism is wired in production code; partial (4/10) when its "
                                       "dependency is listed but never wired; fail otherwise" + (f": {_template(node.args[2])}" if len(node.args) > 2 else "")))
        elif isinstance(func, ast.Name) and func.id in ("needs_http_service", "needs_deployable", "needs_sql"):
            lines.append((node.lineno, {"needs_http_service": "not applicable: no HTTP API in this service",
                                        "needs_deployable": "not applicable: a library or frontend, not a deployable service",
                                        "needs_sql": "not applicable: no SQL database in the dependencies"}[func.id]))
    seen, out = set(), []
    for _, text in sorted(lines):
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out


def looks_for(module) -> dict[str, list[str]]:
    by_stack: dict[str, list[str]] = defaultdict(list)
    for value in vars(module).values():
        if isinstance(value, tuple) and value and all(isinstance(u, Usage) for u in value):
            for usage in value:
                if usage.name not in by_stack[usage.stack]:
                    by_stack[usage.stack].append(usage.name)
    return dict(by_stack)


def render() -> str:
    checks = discover()
    out = ["# Checks", "",
           "Generated from the check modules by `python -m prodready.catalog_docs`; a test keeps this file in sync.",
           "Scores and levels are explained in [scoring.md](scoring.md).", "",
           "| id | title | severity | scope |", "|---|---|---|---|"]
    out += [f"| [`{c.meta.id}`](#{c.meta.id.replace('.', '')}) | {c.meta.title} | {c.meta.severity.value} | {c.meta.scope} |" for c in checks]
    for category, title in CATEGORIES.items():
        members = [c for c in checks if c.meta.category == category]
        if not members:
            continue
        out += ["", f"## {title}"]
        for c in members:
            module = sys.modules[c.source]
            meta = c.meta
            out += ["", f"### {meta.id}", "", f"**{meta.title}** · severity {meta.severity.value} · scope {meta.scope}", "",
                    f"{(module.__doc__ or '').strip().split(': ', 1)[-1]}", "", f"*Why it matters.* {meta.why}", ""]
            stacks = looks_for(module)
            if stacks:
                out.append("*Looks for:*")
                out += [f"- {stack}: {', '.join(names)}" for stack, names in sorted(stacks.items())]
                out.append("")
            out.append("*Verdicts:*")
            out += [f"- {line}" for line in outcomes(module)]
            out += ["", f"*Fix.* {meta.fix}"]
            if meta.fix_by_stack:
                out += [""] + [f"- {stack}: {fix}" for stack, fix in sorted(meta.fix_by_stack.items())]
            if meta.blind_spots:
                out += ["", f"*Blind spots.* {meta.blind_spots}"]
            if meta.references:
                out += ["", "*References:* " + ", ".join(f"<{r}>" for r in meta.references)]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
