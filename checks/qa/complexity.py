"""qa.complexity: functions stay simple enough to change safely."""

from __future__ import annotations

from prodready.facts import CheckContext, evidence
from prodready.facts.quality import FileMaintainability, FunctionComplexity
from prodready.model import Outcome, Severity
from prodready.registry import check
from prodready.scanning.files import FileEntry

SUFFIXES = (".py", ".js", ".ts", ".mjs", ".cjs", ".jsx", ".tsx", ".go", ".java", ".kt")
WORST = 10
MI_FILES = 10  # maintainability index for the Python files with the most total complexity


@check(
    id="qa.complexity",
    prefetch=("complexity",),  # start its batch on the workers when the audit begins
    blind_spots="Maintainability index is computed for the 10 most complex Python files only (radon's MI is slow); generated code that is not marked as such is measured.",
    title="Functions are not too complex",
    severity="low",
    why="""
    Cyclomatic complexity counts the paths through a function; past 15 or so, nobody can test
    or review every path, and changes there are where regressions come from. A low
    maintainability index flags files that are both long and tangled.
    """,
    fix="Split the functions listed into smaller ones (extract branches into named helpers, replace conditionals with lookup tables or polymorphism), worst first.",
    references=("https://radon.readthedocs.io/en/latest/intro.html", "https://github.com/terryyin/lizard"),
)
def complexity(ctx: CheckContext) -> Outcome:
    limit = ctx.options.max_complexity
    floor = ctx.options.min_maintainability
    files = [f for f in ctx.files() if f.suffix in SUFFIXES]
    if not files:
        return Outcome.not_applicable("no source code to measure")
    functions, totals = _measure(ctx, files)
    low_mi = _below_maintainability(ctx, totals, floor)
    if not functions:
        return Outcome.not_applicable(f"no functions found in {len(files)} file(s)")
    return _judge(functions, low_mi, limit, floor)


def _measure(ctx: CheckContext, files: list[FileEntry]) -> tuple[list[FunctionComplexity], list[tuple[int, str]]]:
    """Every function's complexity, and (minus total complexity, path) of each Python file
    with functions, so that sorting puts the most complex first."""
    functions: list[FunctionComplexity] = []
    totals: list[tuple[int, str]] = []
    ctx.repo.complexities(files)  # one batch: cached by content, spread over --jobs processes
    for entry in files:
        found, _ = ctx.repo.complexity(entry)
        functions.extend(found)
        if found and entry.suffix == ".py":
            totals.append((-sum(f.complexity for f in found), entry.path))
    return functions, totals


def _below_maintainability(ctx: CheckContext, totals: list[tuple[int, str]], floor: float) -> list[FileMaintainability]:
    """Files under the maintainability floor, among the MI_FILES most complex Python files only
    (radon's MI is slow)."""
    worst_files = [ctx.repo.files.get(path) for _, path in sorted(totals)[:MI_FILES]]
    found = ctx.repo.maintainabilities(e for e in worst_files if e is not None).values()
    return [mi for mi in found if mi is not None and mi.index < floor]


def _judge(functions: list[FunctionComplexity], low_mi: list[FileMaintainability], limit: int, floor: float) -> Outcome:
    """Passed with nothing over the limit and no file under the floor; partial while at most 5%
    of the functions are over the limit (a score that drops with that share); failed beyond."""
    over = sorted((f for f in functions if f.complexity > limit), key=lambda f: (-f.complexity, f.path, f.line))
    worst = sorted(functions, key=lambda f: (-f.complexity, f.path, f.line))[:WORST]
    ev = [evidence(f.path, f.line, note=f"{f.name}: complexity {f.complexity} (rank {f.rank})",
                   severity=Severity.MEDIUM if f.complexity > limit else None) for f in worst]
    ev += [evidence(m.path, None, note=f"maintainability index {m.index} (rank {m.rank}) below {floor:g}", severity=Severity.LOW)
           for m in sorted(low_mi, key=lambda m: m.index)[:5]]
    share = len(over) / len(functions)
    summary = (f"{len(over)} of {len(functions)} functions above complexity {limit}; worst {worst[0].name} "
               f"({worst[0].complexity}, rank {worst[0].rank})" + (f"; {len(low_mi)} file(s) with maintainability below {floor:g}" if low_mi else ""))
    if not over and not low_mi:
        return Outcome.passed(summary, ev)
    if share <= 0.05:
        return Outcome.partial(round(10 - 100 * share, 1) if over else 8, summary, ev)
    return Outcome.failed(summary, ev)
