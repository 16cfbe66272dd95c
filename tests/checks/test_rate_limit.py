"""api.rate-limit per stack, and at a gateway configured in the repo."""

import pytest

from tests.checks.helpers import FAIL, NA, PARTIAL, PASS, check_case, ids

CASES = [
    ("slowapi", "fastapi", {"requirements.txt": "fastapi\nslowapi\n", "app/limits.py": "limiter = Limiter(key_func=get_remote_address)\n"}, PASS, ["app/limits.py:1"]),
    ("drf-throttle", "django", {"proj/settings.py": "REST_FRAMEWORK = {\n    'DEFAULT_THROTTLE_CLASSES': ['rest_framework.throttling.AnonRateThrottle'],\n}\n"}, PASS, ["proj/settings.py:2"]),
    ("express-rate-limit", "express", {"server.js": "app.use(rateLimit({ windowMs: 60000, limit: 100 }));\n"}, PASS, ["server.js:1"]),
    ("nest-throttler", "nestjs", {"src/app.module.ts": "imports: [ThrottlerModule.forRoot([{ ttl: 60000, limit: 10 }])]\n"}, PASS, ["src/app.module.ts:1"]),
    ("go-httprate", "chi", {"limits.go": 'package main\n\nfunc m(r chi.Router) {\n\tr.Use(httprate.LimitByIP(100, time.Minute))\n}\n'}, PASS, ["limits.go:4"]),
    ("java-bucket4j", "spring", {"src/main/java/com/example/Limit.java": "package com.example;\n\nclass Limit { Bucket b = Bucket.builder().build(); }\n"}, PASS, ["src/main/java/com/example/Limit.java:3"]),
    ("nginx-gateway", "flask", {"deploy/nginx.conf": "http {\n  limit_req_zone $binary_remote_addr zone=api:10m rate=10r/s;\n}\n"}, PASS, ["deploy/nginx.conf:2"]),
    ("listed-only", "fastify", {"package.json": '{"name": "s", "dependencies": {"fastify": "4", "@fastify/rate-limit": "9"}}\n'}, PARTIAL, ["package.json:1"]),
    ("missing-flask", "flask", {}, FAIL, []),
    ("missing-go", "echo", {}, FAIL, []),
    ("library", "lib-node", {}, NA, None),
    ("trap-test-only", "express", {"test/limit.test.js": "app.use(rateLimit({}));\n"}, FAIL, []),
    ("missing-spring", "spring", {}, FAIL, []),
]


@pytest.mark.parametrize("name, base, files, status, where", CASES, ids=ids(CASES))
def test_rate_limit(make_repo, name, base, files, status, where):
    check_case(make_repo, "api.rate-limit", base, files, status, where)
