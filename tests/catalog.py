"""The catalog ids of CHECKLIST.md (the product's readiness checklist), in sorted order."""

CATALOG = sorted("""
api.openapi api.versioning api.validation api.errors api.pagination api.cors api.rate-limit
sec.secrets sec.env-files sec.authn sec.authz sec.headers sec.sql-injection sec.debug sec.supply-chain
data.migrations data.pooling data.indexes data.transactions data.backups
obs.health obs.logging obs.metrics obs.tracing obs.errors
qa.tests qa.coverage qa.complexity qa.lint qa.format qa.types qa.load-tests
ops.dockerfile ops.compose ops.ci ops.config ops.shutdown ops.k8s ops.lockfile
docs.readme docs.architecture docs.runbook docs.changelog
""".split())
