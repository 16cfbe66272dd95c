"""obs.metrics: the service exposes metrics a monitoring system can scrape or receive."""

from __future__ import annotations

from prodready.facts import CheckContext, evidence
from prodready.facts.usage import Usage
from prodready.model import Outcome
from prodready.registry import check
from prodready.verdicts import needs_deployable, usage_outcome

USAGES = (
    Usage("prometheus_client", "python", ("prometheus-client",), r"\b(start_http_server|make_asgi_app|make_wsgi_app|generate_latest)\(|\b(Counter|Histogram|Gauge|Summary)\(\s*['\"]"),
    Usage("prometheus-fastapi-instrumentator", "python", ("prometheus-fastapi-instrumentator",), r"Instrumentator\(\)[\s\S]{0,80}\.(instrument|expose)\("),
    Usage("django-prometheus", "python", ("django-prometheus",), r"['\"]django_prometheus['\"]"),
    Usage("starlette-exporter", "python", ("starlette-exporter",), r"PrometheusMiddleware|handle_metrics"),
    Usage("opentelemetry metrics", "python", ("opentelemetry-sdk",), r"\bMeterProvider\(|set_meter_provider\("),
    Usage("statsd/datadog", "python", ("statsd", "datadog"), r"\bStatsClient\(|\bstatsd\.(increment|gauge|timing)\("),
    Usage("prom-client", "node", ("prom-client",), r"collectDefaultMetrics\(|\bregister\.metrics\(\)|new (client\.)?(Counter|Histogram|Gauge)\("),
    Usage("express-prom-bundle", "node", ("express-prom-bundle",), r"promBundle\(|require\(['\"]express-prom-bundle['\"]\)\("),
    Usage("nestjs-prometheus", "node", ("@willsoto/nestjs-prometheus",), r"PrometheusModule\.register"),
    Usage("fastify-metrics", "node", ("fastify-metrics",), r"register\(\s*(require\(['\"]fastify-metrics['\"]\)|fastifyMetrics|metricsPlugin)"),
    Usage("opentelemetry metrics", "node", ("@opentelemetry/sdk-metrics",), r"new MeterProvider\(|PeriodicExportingMetricReader\("),
    Usage("prometheus client_golang", "go", ("github.com/prometheus/client_golang",), r"promhttp\.Handler\(|prometheus\.(MustRegister|NewCounter|NewHistogram|NewGauge)|promauto\."),
    Usage("opentelemetry metrics", "go", ("go.opentelemetry.io/otel/sdk/metric",), r"metric\.NewMeterProvider\("),
    Usage("micrometer prometheus", "java", ("io.micrometer:micrometer-registry-prometheus", "io.micrometer:micrometer-registry-*"), autoconfigured=True),
    Usage("micrometer", "java", ("io.micrometer:micrometer-core",), r"\bMeterRegistry\b|@Timed\b|@Counted\b", suffixes=(".java", ".kt")),
)


@check(
    id="obs.metrics",
    blind_spots="Metrics exported by a sidecar or agent configured outside the repo are not seen.",
    title="Metrics are exposed",
    severity="medium",
    why="""
    Without metrics you learn about saturation, error rates and latency from your users. Request
    rate, error rate and duration per route (RED) are what alerts and autoscaling are built on.
    """,
    fix="Expose Prometheus metrics (or OpenTelemetry metrics) with request rate, errors and latency per route, and scrape them.",
    fix_by_stack={
        "fastapi": "Add prometheus-fastapi-instrumentator: `Instrumentator().instrument(app).expose(app)` serves /metrics.",
        "django": "Add django-prometheus: `'django_prometheus'` in INSTALLED_APPS, its two middlewares, and `path('', include('django_prometheus.urls'))`.",
        "flask": "Add prometheus-flask-exporter: `PrometheusMetrics(app)` serves /metrics.",
        "express": "Add express-prom-bundle: `app.use(promBundle({ includeMethod: true, includePath: true }))` serves /metrics.",
        "nestjs": "Add @willsoto/nestjs-prometheus: `PrometheusModule.register()` in AppModule serves /metrics.",
        "fastify": "Register fastify-metrics: `await app.register(require('fastify-metrics'), { endpoint: '/metrics' })`.",
        "go": "Use prometheus/client_golang: `mux.Handle(\"/metrics\", promhttp.Handler())` and instrument handlers with promhttp.InstrumentHandler*.",
        "java": "Add `io.micrometer:micrometer-registry-prometheus` with Actuator and expose `management.endpoints.web.exposure.include=health,prometheus`.",
    },
    references=("https://prometheus.io/docs/practices/instrumentation/", "https://opentelemetry.io/docs/concepts/signals/metrics/",
                "https://docs.spring.io/spring-boot/reference/actuator/metrics.html"),
)
def metrics(ctx: CheckContext) -> Outcome:
    skip = needs_deployable(ctx, "metrics")
    if skip:
        return skip
    report = ctx.usage(USAGES)
    if ctx.stack == "java" and report.wired and not ctx.service.depends_on("org.springframework.boot:spring-boot-starter-actuator"):
        hit = report.wired[0]
        return Outcome.partial(4, "Micrometer is present but spring-boot-starter-actuator is not, so no metrics endpoint is served",
                               [evidence(hit.path, hit.line, hit.text, note=f"{hit.usage.name} without Actuator")])
    return usage_outcome(report, "metrics exposed", f"no metrics library wired in this {ctx.stack} service")
