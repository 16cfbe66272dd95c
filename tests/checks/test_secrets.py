"""sec.secrets on real little repos: each detector, placeholders, test code, redaction."""

from __future__ import annotations

import pytest

from prodready.model import Severity, Status
from prodready.testing import run_check

# (file, content, secret value that must be found and never shown). Values are built at run
# time so this test file itself does not look like it holds credentials.
AWS_ID = "AKIA" + "Q2XW7RZ4T5Y6U8I9"
GH = "ghp_" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5"
CASES = {
    "aws-access-key-id": ("app/config.py", f'AWS_KEY_ID = "{AWS_ID}"\n', AWS_ID),
    "aws-secret-access-key": ("deploy/aws.ini", "[default]\naws_secret_access_key = " + "wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "1234567890\n", "wJalrXUtnFEMI/K7MDENG/bPxRfiCY1234567890"),
    "private-key": ("certs/key.pem", "-----BEGIN RSA " + "PRIVATE KEY-----\nMIIEowIBAAKCAQEA7bq9fZ2kW1xH4nTq8sVy3mPc\n-----END RSA PRIVATE KEY-----\n", "MIIEowIBAAKCAQEA7bq9fZ2kW1xH4nTq8sVy3mPc"),
    "gcp-service-account": ("sa.json", '{"type": "service_account", "private_key_id": "' + "0123456789abcdef" * 2 + '01234567",\n "private_key": "-----BEGIN ' + 'PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----\\n"}\n', "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"),
    "github-token": ("scripts/release.sh", f"export GH_TOKEN={GH}\n", GH),
    "gitlab-token": ("ci.env", "GITLAB=glpat-" + "x1Y2z3A4b5C6d7E8f9G0\n", "glpat-x1Y2z3A4b5C6d7E8f9G0"),
    "slack-token": ("notify.js", "const slack = 'xoxb-" + "123456789012-abcdefABCDEF';\n", "xoxb-123456789012-abcdefABCDEF"),
    "slack-webhook": ("notify.py", 'URL = "https://hooks.slack.com/services/' + 'T0000AAAA/B1111BBBB/abcdefghijklmnop"\n', "https://hooks.slack.com/services/T0000AAAA/B1111BBBB/abcdefghijklmnop"),
    "stripe-live-key": ("billing.ts", "const stripe = new Stripe('sk_" + "live_51HxAbCdEfGhIjKlMnOpQrStUv');\n", "sk_live_51HxAbCdEfGhIjKlMnOpQrStUv"),
    "jwt": ("client.go", 'const token = "eyJhbGciOiJIUzI1NiJ9.' + 'eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"\n', "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"),
    "url-credentials": ("config/app.yml", "database:\n  url: postgres://app:" + "Kx9mQ2vL7pR4@db.internal:5432/app\n", "Kx9mQ2vL7pR4"),
    "env-fallback-node": ("src/db.js", "const pass = process.env.DB_PASSWORD || 'Tr0ub4dor" + "Horse';\n", "Tr0ub4dorHorse"),
    "env-fallback-python": ("svc/settings.py", 'KEY = os.environ.get("API_KEY", "a8f5f167f4' + '4f4964e6c998dee827110c")\n', "a8f5f167f44f4964e6c998dee827110c"),
    "env-fallback-getenv": ("svc/conf.py", 'TOKEN = os.getenv("AUTH_TOKEN", "Zq8#' + 'pL2!vX9m")\n', "Zq8#pL2!vX9m"),
    "go-getenv-default": ("internal/config.go", 'secret := getEnv("JWT_SECRET", "s3cr3t-' + 'Sign1ng-Key")\n', "s3cr3t-Sign1ng-Key"),
    "spring-default": ("src/main/resources/application.properties", "spring.datasource.password=${DB_PASSWORD:" + "Pr0dPassw0rd}\n", "Pr0dPassw0rd"),
    "django-secret-key": ("proj/settings.py", "SECRET_KEY = 'django-insecure-" + "8k#2h@x!q9z$w1m'\n", "django-insecure-8k#2h@x!q9z$w1m"),
    "flask-secret-key": ("app.py", "app.config['SECRET_KEY'] = 'f3a9c1" + "e7b2d84'\n", "f3a9c1e7b2d84"),
    "generic-assignment": ("settings.yaml", "smtp:\n  password: \"M4il" + "S3rv3r!pw\"\n", "M4ilS3rv3r!pw"),
    "committed-env": (".env", "DATABASE_PASSWORD=n0t-a-pl4ce" + "holder-9\nDEBUG=false\n", "n0t-a-pl4ceholder-9"),
}


# weak defaults and fallbacks, and a committed development .env, are medium: partial, not fail
MEDIUM = {"env-fallback-node", "env-fallback-python", "env-fallback-getenv", "go-getenv-default", "spring-default",
          "committed-env"}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_detector_finds_and_redacts(make_repo, case):
    path, content, secret = CASES[case]
    run = run_check(make_repo({path: content}, base="flask"), "sec.secrets")
    assert run.status is (Status.PARTIAL if case in MEDIUM else Status.FAIL), run.message
    found = [e for e in run.repo.outcome.evidence if e.path == path]
    assert found, run.locations()
    assert found[0].severity is (Severity.MEDIUM if case in MEDIUM else Severity.CRITICAL)
    line = content[: content.index(secret.splitlines()[0])].count("\n") + 1
    if case in ("private-key", "gcp-service-account"):
        line = content[: content.index("-----BEGIN")].count("\n") + 1  # a private key is reported at its BEGIN line
    assert found[0].line == line
    for e in run.repo.outcome.evidence:
        assert secret not in e.snippet and secret not in e.note
        assert "chars]" in e.note  # the masked form: a few characters and the length
    assert secret not in run.message


@pytest.mark.parametrize("value", [
    "changeme", "your-api-key-here", "xxxxxxxxxxxx", "<password>", "${DB_PASSWORD}", "example-secret",
    "AKIAIOSFODNN7EXAMPLE", "{{ .Values.password }}", "********",
])
def test_placeholders_are_not_findings(make_repo, value):
    root = make_repo({"config.yaml": f'password: "{value}"\napi_key: "{value}"\n'}, base="flask")
    run = run_check(root, "sec.secrets")
    assert run.status is Status.PASS, run.locations()


def test_values_read_from_the_environment_are_not_findings(make_repo):
    code = ('import os\nPASSWORD = os.environ["DB_PASSWORD"]\nTOKEN = os.getenv("TOKEN")\n'
            'api_key = settings.API_KEY\nSECRET_KEY = os.environ.get("SECRET_KEY")\n'
            'PORT = os.environ.get("PORT", "8000")\n')
    run = run_check(make_repo({"app/settings.py": code}, base="flask"), "sec.secrets")
    assert run.status is Status.PASS
    assert run.repo.outcome.evidence == ()


def test_secrets_in_test_code_are_low_severity_and_do_not_fail(make_repo):
    root = make_repo({"tests/test_login.py": 'PASSWORD = "Sup3r-s3cret-for-tests"\n',
                      "tests/fixtures/key.pem": "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBq4h2kW9xT3mPc7vNfZ2\n"}, base="flask")
    run = run_check(root, "sec.secrets")
    assert run.status is Status.PASS
    assert sorted(run.locations()) == ["tests/fixtures/key.pem:1", "tests/test_login.py:1"]
    assert {e.severity for e in run.repo.outcome.evidence} == {Severity.LOW}


def test_commented_out_is_still_a_secret_and_vendored_code_is_not_scanned(make_repo):
    root = make_repo({"app.py": "# old_token = 'ghp_" + "0123456789abcdefghijABCDEFGHIJ012345'\n",
                      "node_modules/pkg/index.js": "const k = 'sk_live_" + "0123456789abcdefghijklmn';\n"}, base="flask")
    run = run_check(root, "sec.secrets")
    assert run.locations() == ["app.py:1"]


def test_ignored_files_are_not_scanned(make_repo):
    root = make_repo({".gitignore": ".env\n", ".env": "DB_PASSWORD=R3al-l00king-pw\n"}, base="flask")
    run = run_check(root, "sec.secrets")
    assert run.status is Status.PASS


def test_lockfiles_are_not_scanned(make_repo):
    root = make_repo({"package-lock.json": '{"integrity": "sha512-' + "A" * 40 + '", "token": "abcdefgh12345"}\n'}, base="express")
    assert run_check(root, "sec.secrets").status is Status.PASS


def test_not_a_git_repo_is_scanned_by_walking(make_repo):
    root = make_repo({"app.py": f'KEY = "{AWS_ID}"\n', "node_modules/x/out.py": f'KEY = "{AWS_ID}"\n'}, git=False, base="flask")
    assert run_check(root, "sec.secrets").locations() == ["app.py:1"]


def test_committed_build_output_is_scanned_but_third_party_trees_are_not(make_repo):
    """dist/ and build/ are left out of first-party code, but what is committed there is pushed."""
    key = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dq"
    root = make_repo({"dist/config.js": f'exports.stripe = "{key}";\n', "web/build/static/main.js": f'var k="{key}"\n',
                      "node_modules/pkg/dist/index.js": f'var k="{key}"\n', "app.min.js": f'var s={{k:"{key}"}}\n'},
                     base="express")
    run = run_check(root, "sec.secrets")
    assert run.status is Status.FAIL
    assert sorted(run.locations()) == ["app.min.js:1", "dist/config.js:1", "web/build/static/main.js:1"]


def test_empty_tree_is_not_applicable(make_repo):
    run = run_check(make_repo({}, git=False), "sec.secrets")
    assert run.status is Status.NOT_APPLICABLE
    assert run.message == "no readable files to scan"


def test_clean_service_passes_with_count(make_repo):
    run = run_check(make_repo({}, base="gin"), "sec.secrets")
    assert run.status is Status.PASS
    assert run.message == "no hard-coded secrets in 2 scanned files"


@pytest.mark.parametrize("line", [
    'INVALID_PASSWORD = "invalid_password"',
    'ACCOUNT_SET_STAFF_PASSWORD = "account_set_staff_password"',
    'RESET_LOCK = os.environ.get("RESET_PASSWORD_LOCK_TIME", "15 minutes")',
    'TOKEN_TYPE = "ACCESS_TOKEN"',
    "secret: process.env.JWT_SECRET,",
])
def test_enum_constants_and_settings_knobs_are_not_secrets(make_repo, line):
    run = run_check(make_repo({"svc/codes.py": line + "\n"}, base="flask"), "sec.secrets")
    assert run.status is Status.PASS, run.locations()


def test_the_configuration_exclude_leaves_out_build_output_too(make_repo):
    key = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dq"
    root = make_repo({"dist/config.js": f'exports.stripe = "{key}";\n', ".prodready.yml": "exclude:\n  - dist/\n"},
                     base="express")
    from prodready.runner import Overrides, prepare, run

    assert run_check(root, "sec.secrets").status is Status.FAIL  # without the configuration
    card = run(root, prepare(root, only=["sec.secrets"], overrides=Overrides(jobs=1, no_cache=True)))
    assert card.results[0].status is Status.PASS


# shapes seen on real repositories (grafana/loki, saleor/saleor, prodready itself) that are not secrets
REAL_REPOSITORY_TRAPS = [
    (".github/workflows/release.yml", "permissions:\n  id-token: write\n  contents: read\n"),
    (".github/workflows/call.yml", "jobs:\n  release:\n    uses: ./.github/workflows/x.yml\n    secrets: inherit\n"),
    (".github/workflows/vault.yml", "steps:\n  - with:\n      repo_secrets: |\n        ANTHROPIC_API_KEY=anthropic:api-key\n"),
    ("pkg/ring/ring.go", 'package ring\n\nconst (\n\tringKey   = "compactor"\n\tStreamsKey = "streams"\n)\n'),
    ("pkg/store/mysql.go", 'package store\n\nfunc dsn() string {\n\treturn fmt.Sprintf("%s:%s@tcp(%s:%d)/%s?parseTime=true", u, p, h, port, db)\n}\n'),
    ("k8s/canary.yaml", "env:\n  - name: USER\n    valueFrom:\n      secretKeyRef:\n        name: canary\n        key: username\n"),
    ("tools/kafka/kafka.jaas.conf", 'KafkaServer {\n  username="admin"\n  password="adminsecret";\n};\n'),
    ("operator/api/types.go", 'package api\n\nconst ReasonMissingTokenCCOAuthSecret Reason = "MissingTokenCCOAuthSecret"\n'),
    ("src/prodready/notes.py", "# Spring `${DB_PASSWORD:literal}` sets a default\nX = 1\n"),
    ("Makefile", "secrets: secrets/grafana.jwt secrets/gel.jwt\n\top read secrets\n"),
]


@pytest.mark.parametrize("path, content", REAL_REPOSITORY_TRAPS, ids=[p for p, _c in REAL_REPOSITORY_TRAPS])
def test_shapes_seen_on_real_repositories_are_not_secrets(make_repo, path, content):
    run = run_check(make_repo({path: content}, base="gin"), "sec.secrets")
    assert run.status is Status.PASS and run.repo.outcome.evidence == (), run.locations()


def test_a_ci_jobs_service_container_credentials_are_listed_low(make_repo):
    workflow = ("env:\n  DATABASE_URL: postgres://saleor:s4leorPw@postgres:5432/saleor\njobs:\n  test:\n"
                "    services:\n      postgres:\n        env:\n          POSTGRES_PASSWORD: s4leorPw\n")
    run = run_check(make_repo({".github/workflows/tests.yml": workflow}, base="flask"), "sec.secrets")
    assert run.status is Status.PASS
    assert [(e.location(), e.severity) for e in run.repo.outcome.evidence] == [(".github/workflows/tests.yml:2", Severity.LOW)]


def test_configuration_for_a_developer_machine_is_medium(make_repo):
    files = {"deploy/overlays/development/minio.yaml": "access_key_id: minio\naccess_key_secret: minio123\n",
             "tools/dev.values.yaml": "adminPassword: w0rkstation\n"}
    run = run_check(make_repo(files, base="flask"), "sec.secrets")
    assert run.status is Status.PARTIAL
    assert sorted((e.location(), e.severity) for e in run.repo.outcome.evidence) == [
        ("deploy/overlays/development/minio.yaml:2", Severity.MEDIUM), ("tools/dev.values.yaml:1", Severity.MEDIUM)]
