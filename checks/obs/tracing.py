"""obs.tracing: requests carry a trace across services."""

from __future__ import annotations

from prodready.facts import CheckContext
from prodready.facts.usage import Usage
from prodready.model import Outcome
from prodready.registry import check
from prodready.verdicts import needs_deployable, usage_outcome

USAGES = (
    Usage("opentelemetry", "python", ("opentelemetry-sdk", "opentelemetry-distro", "opentelemetry-instrumentation*"),
          r"\bTracerProvider\(|set_tracer_provider\(|\b\w{1,40}Instrumentor\(\)\.instrument|configure_azure_monitor\("),
    Usage("opentelemetry auto-instrumentation", "any", (), r"opentelemetry-instrument\b|-javaagent:\S*opentelemetry|auto-instrumentations-node/register",
          suffixes=("", ".sh", ".yml", ".yaml", ".json", ".toml", ".cfg", ".ini", ".dockerfile")),
    Usage("ddtrace", "python", ("ddtrace",), r"\bpatch_all\(|ddtrace\.auto|from ddtrace import tracer|ddtrace-run"),
    Usage("sentry tracing", "python", ("sentry-sdk",), r"traces_sample_rate\s*=|traces_sampler\s*=|enable_tracing\s*=\s*True"),
    Usage("opentelemetry", "node", ("@opentelemetry/sdk-node", "@opentelemetry/sdk-trace-node", "@opentelemetry/api"),
          r"new NodeSDK\(|NodeTracerProvider\(|registerInstrumentations\(|trace\.getTracer\("),
    Usage("dd-trace", "node", ("dd-trace",), r"require\(['\"]dd-trace['\"]\)\.init\(|tracer\.init\("),
    Usage("opentelemetry", "go", ("go.opentelemetry.io/otel*",), r"otel\.SetTracerProvider\(|sdktrace\.NewTracerProvider\(|otelhttp\.NewHandler\(|otelgin\.Middleware\(|otelecho\.Middleware\("),
    Usage("dd-trace-go", "go", ("gopkg.in/datadog/dd-trace-go.v1", "github.com/datadog/dd-trace-go/v2"), r"tracer\.Start\("),
    Usage("micrometer tracing", "java", ("io.micrometer:micrometer-tracing-bridge-otel", "io.micrometer:micrometer-tracing-bridge-brave",
                                        "org.springframework.cloud:spring-cloud-starter-sleuth", "io.opentelemetry.instrumentation:opentelemetry-spring-boot-starter"),
          autoconfigured=True),
)


@check(
    id="obs.tracing",
    blind_spots="Tracing injected by a platform (service mesh, APM agent installed on the host) is not seen.",
    title="Distributed tracing is set up",
    severity="medium",
    why="""
    In a system of several services, a slow or failing request can only be explained by
    following it across them. Traces show where the time went and which dependency failed.
    """,
    fix="Initialise OpenTelemetry at start-up (SDK or auto-instrumentation) and export traces over OTLP to your backend.",
    fix_by_stack={
        "python": "Install opentelemetry-distro and opentelemetry-exporter-otlp, run the app as `opentelemetry-instrument uvicorn app.main:app` (or call `FastAPIInstrumentor.instrument_app(app)`).",
        "node": "Add @opentelemetry/sdk-node with auto-instrumentations: `new NodeSDK({ instrumentations: [getNodeAutoInstrumentations()] }).start()` before anything else loads.",
        "go": "Create an sdktrace TracerProvider with an OTLP exporter, `otel.SetTracerProvider(tp)`, and wrap handlers with `otelhttp.NewHandler` (or otelgin/otelecho middleware).",
        "java": "Add `io.micrometer:micrometer-tracing-bridge-otel` and `io.opentelemetry:opentelemetry-exporter-otlp` (Spring Boot 3), or run with the OpenTelemetry Java agent.",
    },
    references=("https://opentelemetry.io/docs/languages/", "https://docs.spring.io/spring-boot/reference/actuator/tracing.html"),
)
def tracing(ctx: CheckContext) -> Outcome:
    skip = needs_deployable(ctx, "tracing")
    if skip:
        return skip
    return usage_outcome(ctx.usage(USAGES), "tracing set up", f"no tracing initialised in this {ctx.stack} service")
