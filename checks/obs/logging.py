"""obs.logging: logs are structured (machine-parseable), not bare prints."""

from __future__ import annotations

from prodready.facts import CheckContext, evidence
from prodready.facts.usage import Usage
from prodready.model import Outcome, Severity
from prodready.registry import check
from prodready.verdicts import needs_deployable

STRUCTURED = (
    Usage("structlog", "python", ("structlog",), r"structlog\.(configure|get_logger)\("),
    Usage("python-json-logger", "python", ("python-json-logger",), r"JsonFormatter\b"),
    Usage("loguru (serialized)", "python", ("loguru",), r"logger\.add\([^)]*serialize\s*=\s*True"),
    Usage("json formatter in logging config", "python", (), r"['\"](\(\))?['\"]\s*:\s*['\"][\w.]*(JsonFormatter|JSONFormatter|jsonlogger)"),
    Usage("pino", "node", ("pino", "pino-http", "nestjs-pino", "fastify"), r"\bpino\(|require\(['\"]pino['\"]\)\(|pinoHttp\(|LoggerModule\.forRoot|logger\s*:\s*(true|\{)"),
    Usage("winston (json)", "node", ("winston",), r"format\.json\(\)"),
    Usage("bunyan", "node", ("bunyan",), r"bunyan\.createLogger\("),
    Usage("zap", "go", ("go.uber.org/zap",), r"zap\.(NewProduction|New)\(|zap\.Config\{"),
    Usage("zerolog", "go", ("github.com/rs/zerolog",), r"zerolog\.New\(|\blog\.(Info|Error|Debug|Warn)\(\)\."),
    Usage("slog (JSON)", "go", (), r"slog\.NewJSONHandler\("),
    Usage("logrus (JSON)", "go", ("github.com/sirupsen/logrus",), r"JSONFormatter\{"),
    Usage("logback JSON encoder", "java", ("net.logstash.logback:logstash-logback-encoder",), r"LogstashEncoder|LoggingEventCompositeJsonEncoder",
          suffixes=(".xml",)),
    Usage("Spring Boot structured logging", "java", (), r"^\s*logging\.structured\.format\.(console|file)\s*[=:]", suffixes=(".properties", ".yml", ".yaml")),
    Usage("log4j2 JSON layout", "java", ("org.apache.logging.log4j:log4j-layout-template-json",), r"JsonTemplateLayout|JsonLayout", suffixes=(".xml", ".json", ".yml")),
)
PLAIN = (
    Usage("logging", "python", (), r"logging\.getLogger\(|logging\.basicConfig\(|dictConfig\("),
    Usage("winston", "node", ("winston",), r"winston\.createLogger\("),
    Usage("nest Logger", "node", ("@nestjs/common",), r"new Logger\("),
    Usage("log/slog", "go", (), r"\bslog\.(Info|Error|New)\(|\blog\.(Printf|Println|Fatal)"),
    Usage("logrus", "go", ("github.com/sirupsen/logrus",), r"logrus\.(New|Info|WithFields)\("),
    Usage("SLF4J", "java", (), r"LoggerFactory\.getLogger\(|@Slf4j\b", suffixes=(".java", ".kt")),
)
BARE = {"python": r"^\s*print\(", "node": r"\bconsole\.(log|info|warn|error|debug)\(", "go": r"\bfmt\.Print(ln|f)?\(",
        "java": r"\bSystem\.(out|err)\.print(ln|f)?\("}


@check(
    id="obs.logging",
    blind_spots="A custom JSON formatter not built on a known library is not recognised.",
    title="Logging is structured",
    severity="medium",
    why="""
    In production, logs are searched, filtered and aggregated by machines. Structured (JSON)
    logs keep fields such as request id, user and latency queryable; bare prints lose levels,
    timestamps and context, and are often not captured at all.
    """,
    fix="Log through a structured logger that writes JSON with level, timestamp and request context; replace bare prints.",
    fix_by_stack={
        "python": "Use structlog (`structlog.configure(processors=[..., structlog.processors.JSONRenderer()])`) or python-json-logger's `JsonFormatter` in your logging config.",
        "node": "Use pino (`const logger = require('pino')()`; pino-http for Express, nestjs-pino for Nest; Fastify has it built in with `logger: true`).",
        "go": "Use log/slog with `slog.New(slog.NewJSONHandler(os.Stdout, nil))` (or zap's NewProduction / zerolog).",
        "java": "Set `logging.structured.format.console=ecs` (Spring Boot 3.4+) or add logstash-logback-encoder's LogstashEncoder to logback-spring.xml.",
    },
    references=("https://www.structlog.org/", "https://getpino.io/", "https://pkg.go.dev/log/slog",
                "https://docs.spring.io/spring-boot/reference/features/logging.html#features.logging.structured"),
)
def logging(ctx: CheckContext) -> Outcome:
    skip = needs_deployable(ctx, "logging")
    if skip:
        return skip
    structured = ctx.usage(STRUCTURED)
    bare = ctx.repo.grep(BARE[ctx.stack], _service_code(ctx), limit=200) if ctx.stack in BARE else []
    bare_ev = [evidence(h.path, h.line, h.text, note="bare print instead of a logger", severity=Severity.LOW) for h in bare[:20]]
    count = f"{len(bare)}{'+' if len(bare) >= 200 else ''} bare print(s)"
    if structured.wired:
        ev = [evidence(h.path, h.line, h.text, note=f"{h.usage.name}: structured logs") for h in structured.wired] + bare_ev
        if len(bare) > 10:
            return Outcome.partial(7, f"structured logging ({', '.join(structured.names)}), but {count} bypass it", ev)
        return Outcome.passed(f"structured logging: {', '.join(structured.names)}" + (f"; {count}" if bare else ""), ev)
    plain = ctx.usage(PLAIN)
    if plain.wired:
        ev = [evidence(h.path, h.line, h.text, note=f"{h.usage.name}: plain-text logs") for h in plain.wired] + bare_ev
        return Outcome.partial(5 if len(bare) <= 10 else 3, f"logging with {', '.join(plain.names)}, but not structured" + (f"; {count}" if bare else ""), ev)
    if structured.listed_only:
        usage, dep = structured.listed_only[0]
        ev = [evidence(dep.path, dep.line, note=f"{usage.name} is a dependency but is never configured")] + bare_ev
        return Outcome.partial(3, f"{usage.name} listed but never configured", ev)
    return Outcome.failed(f"no logger configured ({count})" if bare else "no logging found", bare_ev)


def _service_code(ctx: CheckContext) -> list:
    """The service's code without its command-line scripts (a file that starts with `#!`, such
    as a package's `bin/create-app.js`): what a script prints is its output, not a log line."""
    return [f for f in ctx.code_files() if not (ctx.repo.files.text(f.path) or "").startswith("#!")]
