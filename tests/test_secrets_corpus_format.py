"""The secrets corpus itself (tests/secrets_corpus): its format, its balance, the policy its labels
must keep, and the scoring helper. Running prodready against it is another test's job."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
import yaml

from prodready.scanning.files import EXAMPLE_DIRS, TEST_DIRS, VENDORED_DIRS, classify_role
from tests.secrets_corpus import corpus
from tests.secrets_corpus.corpus import Case, Expectation

CASES = corpus.load_cases()
BY_ID = {c.id: c for c in CASES}
YAML_FILES = sorted(corpus.CORPUS_DIR.glob("*.yaml"))


# --- format --------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: p.name)
def test_each_file_is_a_list_of_cases_for_safe_load(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, list) and data
    for raw in data:
        assert set(raw) == {"id", "path", "text", "expect", "why"}, raw.get("id")
        assert isinstance(raw["text"], str) and raw["text"].endswith("\n"), raw["id"]


def test_the_files_named_by_the_issue_exist():
    names = {p.name for p in YAML_FILES}
    assert {"python.yaml", "node.yaml", "go.yaml", "java_kotlin.yaml", "config.yaml", "env.yaml",
            "docs.yaml", "build.yaml", "providers.yaml"} <= names


def test_ids_are_unique_slugs_that_name_no_role_directory():
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
    role_dirs = TEST_DIRS | EXAMPLE_DIRS | VENDORED_DIRS
    for case in CASES:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", case.id), case.id
        assert case.id not in role_dirs, case.id


def test_paths_are_clean_relative_posix_paths():
    for case in CASES:
        assert not case.path.startswith("/") and "\\" not in case.path, case.id
        assert all(part not in ("", ".", "..") for part in case.path.split("/")), case.id


def test_ids_keep_the_case_folder_neutral():
    """The folder `cases/<id>/` must not change a file's role: only the case's own path does."""
    for case in CASES:
        assert classify_role(case.repo_path) == classify_role(case.path), case.id


def test_expectations_point_at_a_line_holding_a_value():
    value = re.compile(
        r"-----BEGIN [A-Z ]*PRIVATE KEY-----"  # a PEM block starts here
        r"|[=:(,]\s*\[?\s*[\"'`]?[^\s\"'`,;)]{4,}"  # an assigned or passed value
        r"|[\"'`][^\"'`]{4,}[\"'`]"  # a quoted string
        r"|\b[a-z][a-z0-9+.-]*://[^\s/@]+@"  # a URL with user information
    )
    for case in CASES:
        lines = case.lines
        for e in case.expect:
            assert 1 <= e.line <= len(lines), (case.id, e.line, len(lines))
            text = lines[e.line - 1]
            assert text.strip(), (case.id, e.line)
            assert value.search(text), (case.id, e.line, text)


def test_severities_are_valid_and_lines_distinct():
    for case in CASES:
        assert all(e.severity in corpus.SEVERITIES for e in case.expect), case.id
        assert len({e.line for e in case.expect}) == len(case.expect), case.id
        assert case.why and len(case.why) > 10, case.id


def test_every_pem_private_key_block_is_expected_at_its_begin_line():
    for case in CASES:
        begins = [n for n, line in enumerate(case.lines, 1) if re.match(r"\s*-----BEGIN [A-Z ]*PRIVATE KEY-----\s*$", line)]
        for n in begins:  # a whole PEM block (not a header in a string) is a finding where it begins
            assert n in {e.line for e in case.expect}, (case.id, n)


# --- balance -------------------------------------------------------------------------------------


def test_counts_meet_the_minimums():
    severities = Counter(e.severity for c in CASES for e in c.expect)
    positive = sum(1 for c in CASES if c.expect)
    assert len(CASES) >= 180
    assert severities["critical"] >= 35 and severities["medium"] >= 20 and severities["low"] >= 20, severities
    assert 0.35 <= positive / len(CASES) <= 0.45, positive / len(CASES)  # about 40% true, 60% traps
    assert sum(1 for c in CASES if len(c.expect) > 1) >= 10


@pytest.mark.parametrize("pattern", [
    r"(^|/)dist/", r"(^|/)build/", r"\.min\.js$", r"(^|/)\.env$", r"(^|/)\.env\.local$", r"(^|/)\.env\.example$",
    r"(^|/)env-example-[^/]+$", r"(^|/)\.env\.(sample|template)$", r"application[^/]*\.properties$",
    r"application[^/]*\.ya?ml$", r"bootstrap[^/]*\.yml$", r"\.kt$", r"\.java$", r"\.go$", r"\.py$", r"\.ts$",
    r"\.js$", r"\.toml$", r"\.ini$", r"\.json$", r"(^|/)(docker-)?compose[^/]*\.ya?ml$", r"\.md$", r"(^|/)\.npmrc$",
    r"(^|/)(tests?|testdata|fixtures|__mocks__|e2e|testing)/", r"(^|/)examples?/",
])
def test_every_form_is_covered(pattern):
    assert any(re.search(pattern, c.path) for c in CASES), pattern


@pytest.mark.parametrize("needle", [
    "kind: Secret", "stringData:", "@swagger", "@openapi", "os.environ.get(", "getEnv(", "static final", "const val",
    "||", "??", "${", "-----BEGIN RSA PRIVATE KEY-----", "-----BEGIN OPENSSH PRIVATE KEY-----", '"type": "service_account"',
    "AKIA", "ghp_", "github_pat_", "glpat-", "xoxb-", "hooks.slack.com/services/T", "sk_live_", "sk_test_", "AIza", "SG.",
    "npm_", "AKIAIOSFODNN7EXAMPLE", "devstoreaccount1",
])
def test_every_kind_of_value_is_present(needle):
    assert any(needle in c.text for c in CASES), needle


# the cases seen on real repositories that the issue lists: each must stay in the corpus
ISSUE_CASES = {
    "node-nestjs-exception-error-codes": [],
    "node-token-types-object": [],
    "docs-openapi-components-sample-jwts": [],
    "docs-jsdoc-swagger-block": [],
    "env-example-placeholders": [],
    "jvm-test-resources-minio": ["low"],
    "go-const-jwt-phrase": ["critical"],
    "py-environ-get-fallback-app-secret": ["medium"],
    "node-or-fallback-supersecret": ["medium"],
    "build-dist-config-js": ["critical"],
    "env-committed-database-url": ["medium"],
}


@pytest.mark.parametrize("case_id", sorted(ISSUE_CASES))
def test_the_issues_real_world_cases_are_labelled_as_decided(case_id):
    assert [e.severity for e in BY_ID[case_id].expect] == ISSUE_CASES[case_id]


# --- the policy the labels keep ------------------------------------------------------------------

DOCS = re.compile(r"(\.md|\.rst|\.asc)$|(^|/)(openapi|swagger|asyncapi|components)[^/]*\.(ya?ml|json)$")
TEMPLATE_ENV = re.compile(r"(^|/)(\.env\.(example|sample|template|dist)|env-example-[^/]+)$")


def test_tests_examples_and_templates_are_never_above_low():
    for case in CASES:
        if classify_role(case.path) != "source" or TEMPLATE_ENV.search(case.path):
            assert {e.severity for e in case.expect} <= {"low"}, case.id


def test_documentation_is_at_most_low():
    for case in CASES:
        if DOCS.search(case.path):
            assert {e.severity for e in case.expect} <= {"low"}, case.id


def test_low_only_where_the_role_or_name_says_test_example_template_or_docs():
    for case in CASES:
        if any(e.severity == "low" for e in case.expect):
            assert (classify_role(case.path) != "source" or TEMPLATE_ENV.search(case.path)
                    or DOCS.search(case.path) or re.search(r"(^|/)\.env\.test(ing)?$", case.path)), case.id


def test_public_documentation_keys_are_never_findings():
    public = ("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
              "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==")
    for case in CASES:
        for e in case.expect:
            assert not any(key in case.lines[e.line - 1] for key in public), case.id


def test_fake_provider_keys_have_their_real_shape():
    shapes = {
        "AKIA": r"\bAKIA[A-Z2-7]{16}\b", "ghp_": r"\bghp_[A-Za-z0-9]{36}\b", "glpat-": r"\bglpat-[A-Za-z0-9_-]{20}\b",
        "xoxb-": r"\bxoxb-\d{10,13}-\d{10,13}-[A-Za-z0-9]{24}\b", "AIza": r"\bAIza[A-Za-z0-9_-]{35}\b",
        "SG.": r"\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b", "npm_": r"\bnpm_[A-Za-z0-9]{36}\b",
        "sk_live_": r"\bsk_live_[A-Za-z0-9]{24,}\b",
    }
    for case in CASES:
        for e in case.expect:
            line = case.lines[e.line - 1]
            for prefix, shape in shapes.items():
                if re.search(r"(?<![A-Za-z0-9])" + re.escape(prefix), line) and "EXAMPLE" not in line:
                    assert re.search(shape, line), (case.id, prefix, line)


# --- writing the repository ----------------------------------------------------------------------


def test_write_repository_commits_every_case_once(tmp_path):
    corpus.write_repository(tmp_path)
    listed = subprocess.run(["git", "ls-files"], cwd=tmp_path, check=True, capture_output=True, text=True).stdout.split()
    assert sorted(listed) == sorted(c.repo_path for c in CASES)
    commits = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=tmp_path, check=True,
                             capture_output=True, text=True).stdout.strip()
    assert commits == "1"
    case = BY_ID["go-const-jwt-phrase"]
    assert (tmp_path / case.repo_path).read_bytes() == case.text.encode("utf-8")
    status = subprocess.run(["git", "status", "--porcelain"], cwd=tmp_path, check=True, capture_output=True, text=True)
    assert status.stdout == ""


# --- scoring -------------------------------------------------------------------------------------


def _case(id: str, *expect: tuple[int, str]) -> Case:
    return Case(id, "app/x.py", "a = 1\n" * 10, tuple(Expectation(n, s) for n, s in expect), "why", "t.yaml")


SMALL = [
    _case("one", (2, "critical"), (5, "medium")),
    _case("two", (3, "low")),
    _case("three"),
]


def _row(scores, severity):
    r = scores[severity]
    return (r.tp, r.fp, r.fn)


def test_score_of_a_perfect_scanner():
    found = [("cases/one/app/x.py", 2, "critical"), ("cases/one/app/x.py", 5, "medium"), ("cases/two/app/x.py", 3, "low")]
    s = corpus.score(found, SMALL)
    assert [_row(s, k) for k in ("critical", "medium", "low", "any")] == [(1, 0, 0), (1, 0, 0), (1, 0, 0), (3, 0, 0)]
    assert all(s[k].precision == 1.0 and s[k].recall == 1.0 for k in ("critical", "medium", "low", "any"))
    assert s.mismatches == ()


def test_score_of_a_silent_scanner():
    s = corpus.score([], SMALL)
    assert [_row(s, k) for k in ("critical", "medium", "low", "any")] == [(0, 0, 1), (0, 0, 1), (0, 0, 1), (0, 0, 3)]
    assert s["critical"].precision == 1.0 and s["critical"].recall == 0.0
    assert [m.kind for m in s.mismatches] == ["missed", "missed", "missed"]


def test_right_place_wrong_severity_is_a_false_positive_and_a_false_negative():
    found = [("cases/one/app/x.py", 2, "medium"), ("cases/one/app/x.py", 5, "medium"), ("cases/two/app/x.py", 3, "low")]
    s = corpus.score(found, SMALL)
    assert _row(s, "critical") == (0, 0, 1)
    assert _row(s, "medium") == (1, 1, 0)
    assert _row(s, "low") == (1, 0, 0)
    assert _row(s, "any") == (3, 0, 0)
    assert s["medium"].precision == 0.5 and s["critical"].recall == 0.0
    (m,) = s.mismatches
    assert (m.kind, m.path, m.line, m.expected, m.reported, m.case_id) == (
        "wrong-severity", "cases/one/app/x.py", 2, "critical", "medium", "one")


def test_findings_on_traps_and_on_unlisted_lines_are_false_positives():
    found = [
        ("cases/one/app/x.py", 2, "critical"),
        ("cases/three/app/x.py", 1, "critical"),  # a trap
        ("cases/one/app/x.py", 3, "low"),  # a line with no expectation
        ("elsewhere/file.py", 1, "medium"),  # not a corpus file at all
    ]
    s = corpus.score(found, SMALL)
    assert _row(s, "critical") == (1, 1, 0)
    assert _row(s, "medium") == (0, 1, 1)
    assert _row(s, "low") == (0, 1, 1)
    assert _row(s, "any") == (1, 3, 2)
    assert s["any"].precision == 0.25 and s["any"].recall == pytest.approx(1 / 3)
    kinds = Counter(m.kind for m in s.mismatches)
    assert kinds == {"unexpected": 3, "missed": 2}


def test_repeated_findings_count_once_and_paths_are_normalised():
    found = [("./cases/one/app/x.py", 2, "CRITICAL"), ("cases/one/app/x.py", 2, "critical"),
             ("cases\\one\\app\\x.py", 2, "critical")]
    s = corpus.score(found, SMALL)
    assert _row(s, "critical") == (1, 0, 0)
    assert _row(s, "any") == (1, 0, 2)


def test_two_severities_at_one_place():
    s = corpus.score([("cases/one/app/x.py", 2, "critical"), ("cases/one/app/x.py", 2, "low")], SMALL)
    assert _row(s, "critical") == (1, 0, 0)
    assert _row(s, "low") == (0, 1, 1)
    assert _row(s, "any") == (1, 0, 2)


def test_unknown_severity_is_refused():
    with pytest.raises(ValueError):
        corpus.score([("cases/one/app/x.py", 2, "high")], SMALL)


def test_score_of_the_whole_corpus_when_the_expectations_are_reported():
    found = [(c.repo_path, e.line, e.severity) for c in CASES for e in c.expect]
    s = corpus.score(found)
    total = Counter(e.severity for c in CASES for e in c.expect)
    for severity in corpus.SEVERITIES:
        assert _row(s, severity) == (total[severity], 0, 0)
    assert _row(s, "any") == (sum(total.values()), 0, 0)
    everything_critical = corpus.score([(p, n, "critical") for p, n, _ in found])
    assert _row(everything_critical, "critical") == (total["critical"], total["medium"] + total["low"], 0)
    assert _row(everything_critical, "medium") == (0, 0, total["medium"])


def test_mismatches_carry_the_line_and_the_reason():
    case = BY_ID["go-const-jwt-phrase"]
    (m,) = corpus.mismatches([], [case])
    assert m.kind == "missed" and m.case_id == case.id and "jwtKey" in m.text and m.why == case.why
    assert str(m).startswith(f"{case.repo_path}:5: missed critical: const jwtKey")


def test_the_command_line_reads_findings_and_prints_the_table(tmp_path, capsys):
    findings = tmp_path / "found.txt"
    findings.write_text("cases/go-const-jwt-phrase/internal/auth/jwt.go:5:critical\n", encoding="utf-8")
    assert corpus.main(["score", str(findings), "--mismatches"]) == 0
    out = capsys.readouterr().out
    assert "| critical | 1 | 0 |" in out and "missed" in out
    as_json = tmp_path / "found.json"
    as_json.write_text('[{"path": "cases/go-const-jwt-phrase/internal/auth/jwt.go", "line": 5, "severity": "critical"}]')
    assert corpus.main(["score", str(as_json)]) == 0
    assert "| critical | 1 | 0 |" in capsys.readouterr().out


def test_readme_counts_are_current():
    readme = (corpus.CORPUS_DIR / "README.md").read_text(encoding="utf-8")
    assert corpus.counts() in readme, "run: python tests/secrets_corpus/corpus.py counts, paste into README.md"


@pytest.mark.parametrize("kind", sorted(corpus.FAKES))
def test_fake_values_are_fresh(kind):
    assert corpus.fake(kind) != corpus.fake(kind)
