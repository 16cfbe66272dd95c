"""What the scanning layer knows of languages: how their comments start.

Only lexical facts that hold for every file of a kind: no framework or library knowledge.
"""

from __future__ import annotations

from prodready.scanning.files import FileEntry

_HASH_COMMENTS = {".py", ".sh", ".yaml", ".yml", ".toml", ".properties", ".conf", ".ini", ".cfg", ".rb", ".tf", ".env", ""}
_SLASH_COMMENTS = {".js", ".ts", ".mjs", ".cjs", ".jsx", ".tsx", ".go", ".java", ".kt", ".kts", ".scala", ".gradle", ".c", ".rs", ".prisma"}


def comment_prefixes(entry: FileEntry) -> tuple[str, ...]:
    """Line-comment starts for a file's language (none for prose such as Markdown)."""
    if entry.suffix in _SLASH_COMMENTS:
        return ("//", "/*", "* ")
    if entry.suffix == ".sql":
        return ("--", "/*")
    if entry.suffix in _HASH_COMMENTS:
        return ("#",)
    return ()
