"""data.pooling: the database connection pool is sized on purpose."""

from __future__ import annotations

from prodready.facts import CheckContext
from prodready.facts.usage import Usage
from prodready.model import Outcome
from prodready.registry import check
from prodready.verdicts import needs_sql, usage_outcome

USAGES = (
    Usage("SQLAlchemy pool", "python", (), r"\b(pool_size|max_overflow|pool_recycle|pool_pre_ping)\s*="),
    Usage("Django persistent connections", "python", (), r"['\"]?CONN_MAX_AGE['\"]?\s*[:=]|['\"]CONN_HEALTH_CHECKS['\"]|['\"]pool['\"]\s*:"),
    Usage("asyncpg / psycopg pool", "python", ("asyncpg", "psycopg-pool"), r"create_pool\([^)]*(max_size|min_size)|(Async)?ConnectionPool\([^)]*(max_size|min_size)"),
    Usage("pg / mysql2 pool", "node", (), r"new Pool\(\s*\{[\s\S]{0,300}?\bmax\s*:|createPool\(\s*\{[\s\S]{0,300}?connectionLimit|\b(pool|extra)\s*:\s*\{[\s\S]{0,160}?\b(max|min|connectionLimit)\s*:|poolSize\s*:|connection_limit="),
    Usage("database/sql pool", "go", (), r"\.(SetMaxOpenConns|SetMaxIdleConns|SetConnMaxLifetime|SetConnMaxIdleTime)\(|\bMaxConns\s*=|pool_max_conns="),
    Usage("HikariCP", "java", (), r"hikari\.(maximum-pool-size|maximumPoolSize|minimum-idle)|setMaximumPoolSize\(|maximum-pool-size", suffixes=(".properties", ".yml", ".yaml", ".java", ".kt")),
)


@check(
    id="data.pooling",
    blind_spots="Pool sizes passed only through environment variables or a DSN in deployment config are not seen.",
    title="Connection pool is configured",
    severity="medium",
    why="""
    Default pool sizes are guesses. Too small and requests queue for a connection under load;
    too large (times every replica) and the database runs out of connections; without a
    maximum lifetime, connections dropped by a proxy or failover break requests at random.
    """,
    fix="Set the pool's maximum size (per replica, within the database's connection limit), a connection lifetime and a health check, from configuration.",
    fix_by_stack={
        "python": "SQLAlchemy: `create_engine(url, pool_size=10, max_overflow=5, pool_pre_ping=True, pool_recycle=1800)`; Django: `CONN_MAX_AGE = 60` and `CONN_HEALTH_CHECKS = True`.",
        "node": "pg: `new Pool({ max: 10, idleTimeoutMillis: 30000 })`; Prisma: `?connection_limit=10` in DATABASE_URL; TypeORM/Knex/Sequelize: `pool: { max: 10 }`.",
        "go": "`db.SetMaxOpenConns(10); db.SetMaxIdleConns(5); db.SetConnMaxLifetime(30 * time.Minute)` (or pgxpool `MaxConns`).",
        "java": "`spring.datasource.hikari.maximum-pool-size=10` and `max-lifetime` below the database's idle timeout.",
    },
    references=("https://docs.sqlalchemy.org/en/20/core/pooling.html", "https://github.com/brettwooldridge/HikariCP/wiki/About-Pool-Sizing",
                "https://go.dev/doc/database/manage-connections"),
)
def pooling(ctx: CheckContext) -> Outcome:
    skip = needs_sql(ctx, "connection pooling")
    if skip:
        return skip
    return usage_outcome(ctx.usage(USAGES), "pool configured", "database pool left at library defaults (no size or lifetime set)")
