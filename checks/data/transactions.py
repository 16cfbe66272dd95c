"""data.transactions: writes that belong together run in transactions."""

from __future__ import annotations

from prodready.facts import CheckContext
from prodready.facts.usage import Usage
from prodready.model import Outcome
from prodready.registry import check
from prodready.verdicts import needs_sql, usage_outcome

USAGES = (
    Usage("Django atomic", "python", (), r"transaction\.atomic|@atomic\b|['\"]ATOMIC_REQUESTS['\"]\s*:\s*True"),
    Usage("SQLAlchemy transaction", "python", (), r"\.begin\(\)|\.begin_nested\(\)|session\.commit\(\)|\.commit\(\)\s*$"),
    Usage("ORM transaction", "node", (), r"\$transaction\(|\.transaction\(|startTransaction\(|\bBEGIN\b|@Transactional\(|\.withTransaction\("),
    Usage("database/sql transaction", "go", (), r"\.(Begin|BeginTx|BeginTxx|Beginx)\(|\.Transaction\(func|\bpgx\.BeginFunc\("),
    Usage("@Transactional", "java", (), r"@Transactional\b|TransactionTemplate\b", suffixes=(".java", ".kt")),
)


@check(
    id="data.transactions",
    blind_spots="Detects that transactions are used, not that every multi-step write is wrapped.",
    title="Related writes run in transactions",
    severity="medium",
    why="""
    Two writes that must both happen (debit and credit, order and stock) will one day be
    interrupted between them: a timeout, a deploy, a crash. Without a transaction the data is
    left half-updated; with one, the database rolls the first write back.
    """,
    fix="Wrap each unit of work that writes more than once in a transaction, and keep it short.",
    fix_by_stack={
        "django": "Use `with transaction.atomic():` around multi-step writes (or `ATOMIC_REQUESTS = True`).",
        "python": "Use `with Session.begin():` (SQLAlchemy 2) around the unit of work.",
        "node": "Prisma `prisma.$transaction([...])`, TypeORM `dataSource.transaction(async (m) => ...)`, Sequelize `sequelize.transaction(...)`, Knex `knex.transaction(...)`.",
        "go": "`tx, err := db.BeginTx(ctx, nil)`; `defer tx.Rollback()`; ...; `tx.Commit()`.",
        "java": "Annotate service methods that write more than once with `@Transactional`.",
    },
    references=("https://docs.djangoproject.com/en/stable/topics/db/transactions/", "https://go.dev/doc/database/execute-transactions",
                "https://docs.spring.io/spring-framework/reference/data-access/transaction/declarative.html"),
)
def transactions(ctx: CheckContext) -> Outcome:
    skip = needs_sql(ctx, "transactions")
    if skip:
        return skip
    return usage_outcome(ctx.usage(USAGES), "transactions used", "no transactions: multi-step writes can be left half done")
