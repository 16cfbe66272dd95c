"""HTTP routes declared in code, per framework, with file and line.

Patterns are per language and skip commented-out lines. Class-level prefixes (NestJS
`@Controller('x')`, Spring `@RequestMapping("/x")` on the class) are joined with method paths
in the same file. Spring Boot Actuator's health endpoint is not in code; it is inferred from the
dependency by the checks that need it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from prodready.scanning.files import FileEntry
from prodready.scanning.parsing import line_of

_STR = r"""[\"'`]([^\"'`]*)[\"'`]"""
_METHODS = r"(get|post|put|patch|delete|head|options|all|any|route|api_route|websocket)"

PATTERNS: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    ".py": [
        # FastAPI / Flask / Starlette decorators: @app.get("/x"), @router.api_route, @bp.route
        ("decorator", re.compile(rf"^\s*@\w+(?:\.\w+)*\.{_METHODS}\(\s*{_STR}", re.I)),
        # Django urls.py: path("x/", view), re_path(r"^x$", view), url(r"^x", view)
        ("django", re.compile(rf"^\s*(?:path|re_path|url)\(\s*r?{_STR}")),
        # Starlette Route("/x", ...) and Flask add_url_rule("/x", ...)
        ("call", re.compile(rf"\b(?:Route|add_url_rule|add_api_route)\(\s*{_STR}")),
    ],
    ".js": [
        ("call", re.compile(rf"\b\w+\.{_METHODS}\(\s*{_STR}", re.I)),
        ("fastify-route", re.compile(rf"\burl\s*:\s*{_STR}")),
        ("nest", re.compile(rf"@(Get|Post|Put|Patch|Delete|Head|Options|All)\(\s*(?:{_STR})?\s*\)")),
    ],
    ".go": [
        # net/http and gorilla: HandleFunc("/x", h); gin/echo/chi/fiber: r.GET("/x", h), r.Get
        ("call", re.compile(rf"\.(HandleFunc|Handle|GET|POST|PUT|PATCH|DELETE|Any|Get|Post|Put|Patch|Delete|Head|Options|Route|Method|Group)\(\s*(?:\"[A-Z]+\"\s*,\s*)?{_STR}")),
    ],
    ".java": [
        ("spring", re.compile(rf"@(Get|Post|Put|Patch|Delete|Request)Mapping\(\s*(?:(?:value|path)\s*=\s*)?\{{?\s*{_STR}")),
    ],
}
# Any language: a health middleware called with its path (`health_check(app, "/health/")`), or
# the request path compared with a literal (`scope["path"] == "/healthz"`, `r.URL.Path == "/ready"`).
_ANY_LANGUAGE = [
    ("health-call", re.compile(rf"\b\w*[Hh]ealth\w*\([^)]*?{_STR}")),
    ("path-compare", re.compile(rf"""(?:\bpath\b|\burl\b|pathname|Path|RequestURI|getRequestURI\(\)|["']path["']\]|\.path\))\s*(?:===?|!==?|\.equals\(|\.startswith\(|\.startsWith\()\s*{_STR}""")),
]
for _suffix in (".py", ".js", ".go", ".java"):
    PATTERNS[_suffix] = PATTERNS[_suffix] + _ANY_LANGUAGE
PATTERNS[".ts"] = PATTERNS[".mjs"] = PATTERNS[".cjs"] = PATTERNS[".js"]
PATTERNS[".kt"] = PATTERNS[".java"]
_NEST_CONTROLLER = re.compile(rf"@Controller\(\s*(?:{_STR}|\{{[^}}]*path\s*:\s*{_STR})?")
_SPRING_CLASS = re.compile(rf"@RequestMapping\(\s*(?:(?:value|path)\s*=\s*)?{_STR}\s*\)\s*\n\s*(?:public\s+)?(?:class|@)")
_NEST_EMPTY = re.compile(r"@(Get|Post|Put|Patch|Delete|Head|Options|All)\(\s*\)")
_COMMENT_PREFIX = {".py": ("#",), ".go": ("//",), ".java": ("//", "*", "/*"), ".kt": ("//", "*", "/*")}
_JS_COMMENT = ("//", "*", "/*")

HEALTH_PATH = re.compile(
    r"(?i)(?:^|/|\^)(health(?:z|check|-check|_check)?|livez?|liveness|readyz?|readiness|alive|ping|startupz?)(?:/|\$|$|\b)"
)


@dataclass(frozen=True)
class Route:
    path: str
    line: int
    file: str
    snippet: str
    style: str

    @cached_property  # asked for every route by every service's health check
    def is_health(self) -> bool:
        return bool(HEALTH_PATH.search(self.path))


def _join(prefix: str, path: str) -> str:
    if not prefix:
        return path if path.startswith("/") or not path else "/" + path
    return "/" + "/".join(p.strip("/") for p in (prefix, path) if p.strip("/"))


def find_routes(entry: FileEntry, text: str) -> list[Route]:
    """Routes declared in one production source file."""
    suffix = entry.suffix
    patterns = PATTERNS.get(suffix)
    if not patterns:
        return []
    comments = _COMMENT_PREFIX.get(suffix, _JS_COMMENT)
    prefix = ""
    class_line = 0
    if suffix in (".ts", ".js"):
        controller = _NEST_CONTROLLER.search(text)
        if controller:
            prefix = controller.group(1) or controller.group(2) or ""
    elif suffix in (".java", ".kt"):
        mapping = _SPRING_CLASS.search(text)
        if mapping:
            prefix = mapping.group(1)
            class_line = line_of(text, mapping.start())
    routes: list[Route] = []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.lstrip()
        if stripped.startswith(comments) or len(line) > 1000 or number == class_line:
            continue
        if '"' not in line and "'" not in line and "`" not in line and "@" not in line:
            continue  # every route pattern captures a string literal, or is a decorator (`@Get()`)
        route = _match_line(patterns, line, suffix)
        if route is not None:
            style, path = route
            if style in ("nest", "spring"):
                path = _join(prefix, path)
            routes.append(Route(path, number, entry.path, line.strip(), style))
    return routes


def _match_line(patterns, line: str, suffix: str) -> tuple[str, str] | None:
    for style, pattern in patterns:
        for match in pattern.finditer(line):
            if style == "nest":
                return style, match.group(2) or ""
            path = match.groups()[-1] or ""
            if style in ("call", "health-call", "path-compare") and not path.startswith("/"):
                continue  # `map.get("key")` is not a route
            return style, path
    return None
