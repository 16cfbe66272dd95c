"""api.pagination: list endpoints return pages, not whole tables."""

from __future__ import annotations

from prodready.facts import CheckContext
from prodready.facts.usage import Usage
from prodready.model import Outcome
from prodready.registry import check
from prodready.verdicts import needs_http_service, usage_outcome

USAGES = (
    Usage("DRF pagination", "python", (), r"['\"]DEFAULT_PAGINATION_CLASS['\"]\s*:|pagination_class\s*=|(PageNumber|LimitOffset|Cursor)Pagination\b"),
    Usage("Django Paginator", "python", (), r"\bPaginator\("),
    Usage("fastapi-pagination", "python", ("fastapi-pagination",), r"add_pagination\(|\bPage\[|\bpaginate\("),
    Usage("limit/offset parameters", "python", (), r"\b(limit|offset|page_size|per_page|cursor)\s*:\s*(int|str|Optional)"),
    Usage("flask-sqlalchemy paginate", "python", (), r"\.paginate\("),
    Usage("limit/offset/cursor query", "node", (), r"req\.query\.(limit|offset|page|cursor|perPage|pageSize)|\b(take|skip)\s*:|\.limit\(\s*\w+\s*\)\s*\.offset\(|@Query\(['\"](limit|page|offset|cursor)"),
    Usage("pagination library", "node", ("mongoose-paginate-v2", "express-paginate", "nestjs-paginate", "typeorm-pagination"), r"paginate\("),
    Usage("limit/offset/cursor query", "go", (), r"Query(\(\))?\.Get\(\"(limit|offset|page|cursor|page_size|per_page)\"\)|\.(Query|DefaultQuery|QueryParam)\(\"(limit|offset|page|cursor|page_size|per_page)\"|\.(Limit|Offset)\(\w+\)"),
    Usage("Spring Pageable", "java", (), r"\bPageable\b|\bPageRequest\.of\(|\bPage<", suffixes=(".java", ".kt")),
    Usage("limit/offset request parameters", "java", (), r"@RequestParam\(\s*(value\s*=\s*)?\"(limit|offset|page|size|cursor|pageSize|perPage)\"", suffixes=(".java", ".kt")),
)


@check(
    id="api.pagination",
    blind_spots="Detects pagination mechanisms, not that every list endpoint uses them.",
    title="List endpoints paginate",
    severity="medium",
    why="""
    An endpoint that returns every row works in development and falls over in production: the
    response, the memory and the query time all grow with the table. Pagination bounds them.
    """,
    fix="Give every list endpoint a bounded page size (limit/offset or cursor) with a maximum, and return the next-page link or cursor.",
    fix_by_stack={
        "fastapi": "Add `limit: int = Query(50, le=200), offset: int = 0` to list routes, or fastapi-pagination's `Page[Item]` with `add_pagination(app)`.",
        "django": "Set `REST_FRAMEWORK['DEFAULT_PAGINATION_CLASS'] = 'rest_framework.pagination.CursorPagination'` and a `PAGE_SIZE`.",
        "flask": "Use `query.paginate(page=..., per_page=..., max_per_page=100)` (Flask-SQLAlchemy) in list views.",
        "express": "Read `limit`/`cursor` from req.query with a maximum and pass them to the query (`take`/`skip` or a keyset `where id > cursor`).",
        "nestjs": "Accept a `PaginationQueryDto` (`@Max(100) limit`, `offset`) and pass it to the repository (`take`, `skip`), or nestjs-paginate.",
        "go": "Read `limit` and `cursor` query parameters with a maximum and use them in the SQL (`LIMIT $1` with a keyset condition).",
        "java": "Take a `Pageable` parameter in controllers and return `Page<T>` from Spring Data repositories; cap `spring.data.web.pageable.max-page-size`.",
    },
    references=("https://www.django-rest-framework.org/api-guide/pagination/", "https://docs.spring.io/spring-data/commons/reference/repositories/query-methods-details.html#repositories.paging-and-sorting"),
)
def pagination(ctx: CheckContext) -> Outcome:
    skip = needs_http_service(ctx, "pagination")
    if skip:
        return skip
    return usage_outcome(ctx.usage(USAGES), "list endpoints paginate", "no pagination found: list endpoints return everything")
