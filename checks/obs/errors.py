"""obs.errors: unhandled errors reach an error tracker, not only a log file."""

from __future__ import annotations

from prodready.facts import CheckContext
from prodready.facts.usage import Usage
from prodready.model import Outcome
from prodready.registry import check
from prodready.verdicts import needs_deployable, usage_outcome

USAGES = (
    Usage("sentry", "python", ("sentry-sdk", "raven"), r"sentry_sdk\.init\(|raven\.Client\("),
    Usage("rollbar", "python", ("rollbar", "pyrollbar"), r"rollbar\.init\("),
    Usage("bugsnag", "python", ("bugsnag",), r"bugsnag\.configure\("),
    Usage("honeybadger", "python", ("honeybadger",), r"honeybadger\.configure\("),
    Usage("sentry", "node", ("@sentry/node", "@sentry/nestjs", "@sentry/nextjs"), r"Sentry\.init\("),
    Usage("rollbar", "node", ("rollbar",), r"new Rollbar\("),
    Usage("bugsnag", "node", ("@bugsnag/js", "@bugsnag/node"), r"Bugsnag\.start\("),
    Usage("honeybadger", "node", ("@honeybadger-io/js",), r"Honeybadger\.configure\("),
    Usage("sentry", "go", ("github.com/getsentry/sentry-go",), r"sentry\.Init\("),
    Usage("rollbar", "go", ("github.com/rollbar/rollbar-go",), r"rollbar\.SetToken\("),
    Usage("bugsnag", "go", ("github.com/bugsnag/bugsnag-go*",), r"bugsnag\.Configure\("),
    Usage("sentry", "java", ("io.sentry:sentry-spring-boot-starter*", "io.sentry:sentry"), r"^\s*sentry\.dsn\s*[=:]|Sentry\.init\(",
          suffixes=(".properties", ".yml", ".yaml", ".java", ".kt")),
    Usage("rollbar", "java", ("com.rollbar:rollbar-spring-boot-webmvc", "com.rollbar:rollbar-java"), r"RollbarSpringConfigBuilder|Rollbar\.init\("),
)


@check(
    id="obs.errors",
    blind_spots="Trackers initialised through environment-only auto-configuration are not seen.",
    title="Errors go to an error tracker",
    severity="medium",
    why="""
    Logs tell you an error happened if you look. An error tracker groups them, keeps the stack
    trace and request context, tells the team on the first occurrence, and shows whether a
    deploy made things better or worse.
    """,
    fix="Initialise an error tracker (Sentry, Rollbar, Bugsnag, Honeybadger) at start-up with its DSN read from the environment.",
    fix_by_stack={
        "python": "Add sentry-sdk and call `sentry_sdk.init(dsn=os.environ[\"SENTRY_DSN\"], environment=..., traces_sample_rate=0.1)` before creating the app (it auto-detects FastAPI, Django and Flask).",
        "node": "Add @sentry/node and call `Sentry.init({ dsn: process.env.SENTRY_DSN })` first, then `Sentry.setupExpressErrorHandler(app)` (Express) or SentryModule (Nest).",
        "go": "Add sentry-go: `sentry.Init(sentry.ClientOptions{Dsn: os.Getenv(\"SENTRY_DSN\")})` and the sentrygin/sentryecho/sentryhttp middleware.",
        "java": "Add `io.sentry:sentry-spring-boot-starter-jakarta` and set `sentry.dsn=${SENTRY_DSN}`.",
    },
    references=("https://docs.sentry.io/platforms/", "https://docs.rollbar.com/docs"),
)
def errors(ctx: CheckContext) -> Outcome:
    skip = needs_deployable(ctx, "error tracking")
    if skip:
        return skip
    return usage_outcome(ctx.usage(USAGES), "errors reported", f"no error tracker initialised in this {ctx.stack} service")
