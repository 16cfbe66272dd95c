"""ops.config: configuration comes from the environment, is validated at start-up, and nothing is hard-coded."""

from __future__ import annotations

from prodready.facts import CheckContext, evidence
from prodready.facts.environment import ENV_READS
from prodready.facts.usage import Usage
from prodready.model import Outcome, Severity
from prodready.registry import check
from prodready.verdicts import needs_deployable

VALIDATED = (
    Usage("pydantic-settings", "python", ("pydantic-settings",), r"class \w+\((\w+\.)?BaseSettings\)"),
    Usage("environs / django-environ / decouple", "python", ("environs", "django-environ", "python-decouple", "dynaconf"), r"\bEnv\(\)|environ\.Env\(|\bconfig\(\s*['\"][A-Z_]+['\"]|Dynaconf\("),
    Usage("envalid / zod / joi env schema", "node", ("envalid", "env-var", "@t3-oss/env-core", "convict"), r"cleanEnv\(|\benv\.get\(['\"]\w+['\"]\)\.required|createEnv\(|convict\("),
    Usage("validated env schema", "node", (), r"\.parse\(\s*process\.env\s*\)|\b\w*(?:[vV]alidate|Schema\.parse)\w*\(\s*process\.env\b|validationSchema\s*:|validate\s*:\s*validate\w*|ConfigModule\.forRoot\(\s*\{[\s\S]{0,200}(validationSchema|validate)"),
    Usage("envconfig / env / viper", "go", ("github.com/kelseyhightower/envconfig", "github.com/caarlos0/env*", "github.com/spf13/viper", "github.com/knadh/koanf*", "github.com/sethvargo/go-envconfig", "github.com/ilyakaznacheev/cleanenv"),
          r"envconfig\.(Process|MustProcess)\(|env\.Parse\(|viper\.(AutomaticEnv|Unmarshal)\(|cleanenv\.ReadEnv\(|koanf\.New\("),
    Usage("@ConfigurationProperties + @Validated", "java", (), r"@Validated\b[\s\S]{0,200}@ConfigurationProperties|@ConfigurationProperties[\s\S]{0,200}@Validated", suffixes=(".java", ".kt")),
)
HARD_CODED = r"""["'`](postgres(ql)?|mysql|mongodb(\+srv)?|redis|amqp)://[^"'`$\s{]*(localhost|127\.0\.0\.1|[a-z0-9-]+\.(internal|local|svc)|\d+\.\d+\.\d+\.\d+)[^"'`]*["'`]|\bhost\s*=\s*["'](localhost|127\.0\.0\.1|\d+\.\d+\.\d+\.\d+)["']"""


@check(
    id="ops.config",
    blind_spots="Validation written by hand at start-up is not recognised; hard-coded hosts are matched in URLs and host= assignments only.",
    title="Configuration from the environment, validated",
    severity="medium",
    why="""
    The same artefact must run in every environment; only configuration differs (twelve-factor).
    Hard-coded hosts and ports tie a build to one environment, and configuration read lazily
    fails at 3 a.m. on the first request that needs a missing variable instead of at start-up.
    """,
    fix="Read all configuration from the environment into one typed settings object validated at start-up, and remove hard-coded hosts, ports and URLs.",
    fix_by_stack={
        "python": "Define `class Settings(BaseSettings)` (pydantic-settings) with typed fields, instantiate it once at start-up, and use it everywhere.",
        "node": "Validate `process.env` once at start-up with envalid (`cleanEnv`) or a zod schema (`Env.parse(process.env)`); Nest: `ConfigModule.forRoot({ validationSchema })`.",
        "go": "Load a config struct with envconfig or caarlos0/env (`env.Parse(&cfg)`) in main and exit on error.",
        "java": "Bind properties to a `@ConfigurationProperties` class annotated `@Validated` with Bean Validation constraints.",
    },
    references=("https://12factor.net/config", "https://docs.pydantic.dev/latest/concepts/pydantic_settings/",
                "https://docs.spring.io/spring-boot/reference/features/external-config.html#features.external-config.typesafe-configuration-properties.validation"),
)
def config(ctx: CheckContext) -> Outcome:
    skip = needs_deployable(ctx, "configuration")
    if skip:
        return skip
    validated = ctx.usage(VALIDATED)
    reads = ctx.grep(ENV_READS.get(ctx.stack, r"$^"), tuple(f.suffix for f in ctx.code_files()) or None, limit=3)
    hard = ctx.repo.grep(HARD_CODED, ctx.code_files(), limit=10)  # env and config files are where hosts belong
    ev = [evidence(h.path, h.line, h.text, note=f"{h.usage.name}: validated at start-up") for h in validated.wired]
    ev += [evidence(h.path, h.line, h.text, note="hard-coded host", severity=Severity.MEDIUM) for h in hard]
    hard_note = f"; {len(hard)} hard-coded host(s)" if hard else ""
    if validated.wired:
        if hard:
            return Outcome.partial(7, f"configuration validated ({', '.join(validated.names)}){hard_note}", ev)
        return Outcome.passed(f"configuration from the environment, validated by {', '.join(validated.names)}", ev)
    if reads:
        ev += [evidence(h.path, h.line, h.text, note="read from the environment, not validated") for h in reads]
        return Outcome.partial(5 if not hard else 3, f"configuration read from the environment but never validated at start-up{hard_note}", ev)
    return Outcome.failed(f"configuration is not read from the environment{hard_note}", ev)
