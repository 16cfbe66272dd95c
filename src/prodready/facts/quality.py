"""Code-quality facts: test files and test functions per stack, and function complexity.

Complexity comes from radon for Python (cyclomatic complexity and maintainability index) and
from lizard for JavaScript/TypeScript, Go and Java. Both analyse source text in-process; nothing
is imported or executed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from prodready.scanning.files import FileEntry
from prodready.scanning.memo import TextSource

TEST_FUNCTION = {
    ".py": re.compile(r"^\s*(async\s+)?def test_\w*\(|^\s*class Test\w*[:(]", re.M),
    ".js": re.compile(r"^\s*(it|test)(\.each\([^)]*\))?\(\s*['\"`]", re.M),
    ".go": re.compile(r"^func (Test|Benchmark|Fuzz)\w*\(\w+ \*testing\.[TBF]\)", re.M),
    ".java": re.compile(r"@(Test|ParameterizedTest|RepeatedTest)\b"),
}
for _ext in (".ts", ".mjs", ".cjs", ".jsx", ".tsx"):
    TEST_FUNCTION[_ext] = TEST_FUNCTION[".js"]
TEST_FUNCTION[".kt"] = TEST_FUNCTION[".java"]
CODE_SUFFIXES = frozenset(TEST_FUNCTION)
LIZARD_SUFFIXES = frozenset({".js", ".ts", ".mjs", ".cjs", ".jsx", ".tsx", ".go", ".java", ".kt"})


@dataclass(frozen=True)
class TestStats:
    test_files: int
    test_functions: int
    test_lines: int
    source_files: int
    source_lines: int
    examples: tuple[str, ...]  # a few test files, for evidence

    @property
    def ratio(self) -> float:
        return round(self.test_lines / self.source_lines, 2) if self.source_lines else 0.0


# a code line after a newline, and the first line: a pattern that starts with the literal `\n`
# lets re jump from newline to newline (twice as fast as `^` under MULTILINE, tried everywhere)
_CODE_LINE = re.compile(r"\n[^\S\n]*(?![#*]|/[/*])\S")
_FIRST_CODE_LINE = re.compile(r"\A[^\S\n]*(?![#*]|/[/*])\S")


def count_lines(text: str) -> int:
    """Lines that are neither blank nor a comment (`#`, `//`, `/*`, `*`): one C-speed count."""
    return len(_CODE_LINE.findall(text)) + (1 if _FIRST_CODE_LINE.match(text) else 0)


def sizes_of_test_file(text: str, suffix: str) -> list[int]:
    """[test functions, code lines] of one test file."""
    return [len(TEST_FUNCTION[suffix].findall(text)), count_lines(text)]


def test_stats(files: list[FileEntry], repo: TextSource) -> TestStats:
    """Test and source sizes of `files`, each file counted once across audits (repo.per_file)."""
    test_files = test_functions = test_lines = source_files = source_lines = 0
    examples = []
    for entry in files:
        if entry.suffix not in CODE_SUFFIXES:
            continue
        if entry.role == "test":
            found, lines = repo.per_file(entry.path, sizes_of_test_file, entry.suffix) or (0, 0)
            if found or entry.name.startswith("test_") or "_test." in entry.name or ".test." in entry.name or ".spec." in entry.name:
                test_files += 1
                test_functions += found
                test_lines += lines
                if len(examples) < 3:
                    examples.append(entry.path)
        elif entry.role == "source":
            source_files += 1
            source_lines += repo.per_file(entry.path, count_lines) or 0
    return TestStats(test_files, test_functions, test_lines, source_files, source_lines, tuple(examples))


@dataclass(frozen=True)
class FunctionComplexity:
    path: str
    name: str
    line: int
    complexity: int
    rank: str  # radon's A-F rank, computed the same way for every language


@dataclass(frozen=True)
class FileMaintainability:
    path: str
    index: float
    rank: str


def cc_rank(complexity: int) -> str:
    """radon's rank: A 1-5, B 6-10, C 11-20, D 21-30, E 31-40, F 41+."""
    for limit, rank in ((5, "A"), (10, "B"), (20, "C"), (30, "D"), (40, "E")):
        if complexity <= limit:
            return rank
    return "F"


def python_complexity(path: str, tree) -> tuple[list[FunctionComplexity], None]:
    """Cyclomatic complexity of every function, from the already-parsed tree (radon)."""
    from radon.complexity import cc_visit_ast

    if tree is None:
        return [], None
    try:
        blocks = cc_visit_ast(tree)
    except (ValueError, RecursionError, MemoryError, AttributeError):
        return [], None
    # radon lists every method twice: as a Function block of its own and in its Class's
    # `methods`; the Function blocks alone are each function once
    return [FunctionComplexity(path, block.fullname, block.lineno, block.complexity, cc_rank(block.complexity))
            for block in blocks if type(block).__name__ == "Function"], None


def maintainability(path: str, text: str) -> FileMaintainability | None:
    """radon's maintainability index. It re-tokenizes line by line (slow on big trees), so the
    check asks for it only on the files with the most complex code."""
    from radon.metrics import mi_rank, mi_visit

    try:
        index = mi_visit(text, multi=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    return FileMaintainability(path, round(index, 1), mi_rank(index))


def lizard_complexity(path: str, text: str) -> list[FunctionComplexity]:
    from prodready.scanning.lizard_run import analyze

    try:
        found = analyze(path, text)
    except Exception:  # noqa: BLE001 - lizard's tokenizers raise many kinds on odd input
        return []
    return [FunctionComplexity(path, name, line, cc, cc_rank(cc)) for name, line, cc in found]
