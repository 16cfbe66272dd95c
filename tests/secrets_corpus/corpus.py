"""The labelled ground truth for `sec.secrets`, and a runner that scores any scanner against it.

Each case in tests/secrets_corpus/*.yaml is one file of a repository (its path decides its role:
production, test, example, docs, build output) and the findings a correct scanner reports in it:
the line where each secret value starts and its severity (critical, medium, low), or nothing.
README.md in this folder states the policy the labels encode.

Importable (stdlib and PyYAML only) and runnable:

    python tests/secrets_corpus/corpus.py write DIR        # the corpus as a one-commit git repo
    python tests/secrets_corpus/corpus.py score FINDINGS   # FINDINGS: JSON or path:line:severity lines ('-': stdin)
    python tests/secrets_corpus/corpus.py counts           # the tables pasted into README.md
    python tests/secrets_corpus/corpus.py fake KIND        # a fresh fake secret of a provider's shape

Paths in findings are relative to the repository `write_repository` creates: `cases/<id>/<path>`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import string
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import yaml

CORPUS_DIR = Path(__file__).resolve().parent
SEVERITIES = ("critical", "medium", "low")
ANY = "any"
CASE_KEYS = frozenset({"id", "path", "text", "expect", "why"})
EXPECT_KEYS = frozenset({"line", "severity"})


class CorpusError(ValueError):
    """A case file that does not follow the format."""


@dataclass(frozen=True)
class Expectation:
    line: int  # 1-based line where the secret value starts
    severity: str  # critical | medium | low


@dataclass(frozen=True)
class Case:
    id: str
    path: str  # relative to the case's folder; decides the file's role
    text: str
    expect: tuple[Expectation, ...]
    why: str
    source: str  # the YAML file that holds the case (python.yaml, ...)

    @property
    def repo_path(self) -> str:
        """Where `write_repository` puts the file, relative to the repository root."""
        return f"cases/{self.id}/{self.path}"

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


def _case(raw: object, source: str, index: int) -> Case:
    where = f"{source}[{index}]"
    if not isinstance(raw, dict):
        raise CorpusError(f"{where}: a case is a mapping, got {type(raw).__name__}")
    keys = set(raw)
    if keys != CASE_KEYS:
        raise CorpusError(f"{where}: keys must be {sorted(CASE_KEYS)}, got {sorted(keys)}")
    for key in ("id", "path", "text", "why"):
        if not isinstance(raw[key], str) or not raw[key].strip():
            raise CorpusError(f"{where}: {key} must be a non-empty string")
    if not isinstance(raw["expect"], list):
        raise CorpusError(f"{where} ({raw['id']}): expect must be a list ([] for nothing)")
    expect = []
    for item in raw["expect"]:
        if not isinstance(item, dict) or set(item) != EXPECT_KEYS:
            raise CorpusError(f"{where} ({raw['id']}): each expectation is {{line, severity}}, got {item!r}")
        line, severity = item["line"], item["severity"]
        if not isinstance(line, int) or isinstance(line, bool) or line < 1:
            raise CorpusError(f"{where} ({raw['id']}): line must be a positive integer, got {line!r}")
        if severity not in SEVERITIES:
            raise CorpusError(f"{where} ({raw['id']}): severity must be one of {SEVERITIES}, got {severity!r}")
        expect.append(Expectation(line, severity))
    lines = [e.line for e in expect]
    if len(set(lines)) != len(lines):
        raise CorpusError(f"{where} ({raw['id']}): two expectations on one line")
    return Case(raw["id"], raw["path"], raw["text"], tuple(sorted(expect, key=lambda e: e.line)),
                raw["why"].strip(), source)


def load_cases(directory: Path = CORPUS_DIR) -> list[Case]:
    """Every case of every *.yaml in `directory`, in file then case order (ids must be unique)."""
    cases: list[Case] = []
    for path in sorted(Path(directory).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, list):
            raise CorpusError(f"{path.name}: the file must be a list of cases")
        cases.extend(_case(raw, path.name, n) for n, raw in enumerate(data))
    seen: dict[str, str] = {}
    for case in cases:
        if case.id in seen:
            raise CorpusError(f"duplicate id {case.id!r} in {seen[case.id]} and {case.source}")
        seen[case.id] = case.source
    return cases


def write_repository(root: Path, cases: Sequence[Case] | None = None) -> None:
    """Write every case under `root/cases/<id>/<path>` and commit them all in a new git repo."""
    root = Path(root)
    for case in load_cases() if cases is None else cases:
        target = root / "cases" / case.id / case.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(case.text.encode("utf-8"))  # bytes: no newline translation anywhere
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    for command in (["git", "init", "-q"], ["git", "add", "-A"],
                    ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "corpus"]):
        subprocess.run(command, cwd=root, check=True, env=env)


# --- scoring -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One severity's (or, for "any", every place's) counts."""

    severity: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        """tp / (tp + fp); 1.0 when nothing was reported (no false claim was made)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn); 1.0 when nothing was expected."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass(frozen=True)
class Mismatch:
    """One difference between what was reported and what was expected."""

    kind: str  # "missed" | "unexpected" | "wrong-severity"
    path: str
    line: int
    expected: str | None  # severity expected there, or None
    reported: str | None  # severity reported there, or None
    case_id: str | None = None
    text: str = ""  # the line, for reading (it may hold a fake secret)
    why: str = ""

    def __str__(self) -> str:
        what = {
            "missed": f"missed {self.expected}",
            "unexpected": f"unexpected {self.reported}",
            "wrong-severity": f"reported {self.reported}, expected {self.expected}",
        }[self.kind]
        return f"{self.path}:{self.line}: {what}: {self.text.strip()[:120]}" + (f"  [{self.why}]" if self.why else "")


@dataclass(frozen=True)
class Scores:
    rows: dict[str, Row]  # critical, medium, low, any
    mismatches: tuple[Mismatch, ...] = field(default=())

    def __getitem__(self, severity: str) -> Row:
        return self.rows[severity]

    def table(self) -> str:
        """The scores as a Markdown table."""
        out = ["| severity | tp | fp | fn | precision | recall |", "|---|---:|---:|---:|---:|---:|"]
        for name in (*SEVERITIES, ANY):
            r = self.rows[name]
            out.append(f"| {name} | {r.tp} | {r.fp} | {r.fn} | {r.precision:.3f} | {r.recall:.3f} |")
        return "\n".join(out)


def expectations(cases: Sequence[Case] | None = None) -> dict[tuple[str, int], str]:
    """(repo path, line) -> expected severity, over the whole corpus."""
    return {(c.repo_path, e.line): e.severity for c in (load_cases() if cases is None else cases) for e in c.expect}


def _normalise(findings: Iterable[tuple[str, int, str]]) -> set[tuple[str, int, str]]:
    found = set()
    for path, line, severity in findings:
        path = str(path).replace("\\", "/")
        while path.startswith("./"):
            path = path[2:]
        severity = str(severity).lower()
        if severity not in SEVERITIES:
            raise ValueError(f"{path}:{line}: severity {severity!r} is not one of {SEVERITIES}")
        found.add((path, int(line), severity))
    return found


def score(findings: Iterable[tuple[str, int, str]], cases: Sequence[Case] | None = None) -> Scores:
    """Compare (repo path, line, severity) findings with the corpus.

    A finding matches an expectation when path, line and severity are equal. A finding at an
    expected place with another severity is a false positive of its severity and a false
    negative of the expected one. The "any" row only asks for path and line. Repeated findings
    count once.
    """
    cases = load_cases() if cases is None else list(cases)
    expected = expectations(cases)
    found = _normalise(findings)
    counts = {s: Counter() for s in SEVERITIES}
    for path, line, severity in found:
        counts[severity]["tp" if expected.get((path, line)) == severity else "fp"] += 1
    for (path, line), severity in expected.items():
        if (path, line, severity) not in found:
            counts[severity]["fn"] += 1
    places = {(p, n) for p, n, _ in found}
    rows = {s: Row(s, c["tp"], c["fp"], c["fn"]) for s, c in counts.items()}
    rows[ANY] = Row(ANY, len(places & expected.keys()), len(places - expected.keys()),
                    len(expected.keys() - places))
    return Scores(rows, tuple(mismatches(found, cases)))


def mismatches(findings: Iterable[tuple[str, int, str]], cases: Sequence[Case] | None = None) -> list[Mismatch]:
    """Every difference, in path and line order, with the case's line and reason for reading."""
    cases = load_cases() if cases is None else list(cases)
    by_path = {c.repo_path: c for c in cases}
    expected = expectations(cases)
    found = _normalise(findings)
    reported: dict[tuple[str, int], set[str]] = {}
    for path, line, severity in found:
        reported.setdefault((path, line), set()).add(severity)
    out = []

    def make(kind: str, path: str, line: int, exp: str | None, rep: str | None) -> Mismatch:
        case = by_path.get(path)
        text = case.lines[line - 1] if case and 0 < line <= len(case.lines) else ""
        return Mismatch(kind, path, line, exp, rep, case.id if case else None, text, case.why if case else "")

    for place in sorted(expected.keys() | reported.keys()):
        exp, reps = expected.get(place), reported.get(place, set())
        if exp is None:
            out.extend(make("unexpected", *place, None, r) for r in sorted(reps))
        elif not reps:
            out.append(make("missed", *place, exp, None))
        else:
            out.extend(make("wrong-severity", *place, exp, r) for r in sorted(reps) if r != exp)
    return out


# --- counts for the README ----------------------------------------------------------------------


def counts(cases: Sequence[Case] | None = None) -> str:
    """Cases and expectations per file and severity, as the Markdown pasted into README.md."""
    cases = load_cases() if cases is None else list(cases)
    files = sorted({c.source for c in cases})
    out = ["| file | cases | with findings | traps (nothing) | critical | medium | low |",
           "|---|---:|---:|---:|---:|---:|---:|"]

    def row(name: str, group: list[Case]) -> str:
        sev = Counter(e.severity for c in group for e in c.expect)
        positive = sum(1 for c in group if c.expect)
        return (f"| {name} | {len(group)} | {positive} | {len(group) - positive} | "
                f"{sev['critical']} | {sev['medium']} | {sev['low']} |")

    for name in files:
        out.append(row(name, [c for c in cases if c.source == name]))
    out.append(row("**total**", cases))
    positive = sum(1 for c in cases if c.expect)
    multi = sum(1 for c in cases if len(c.expect) > 1)
    total = sum(len(c.expect) for c in cases)
    out.append("")
    out.append(f"{len(cases)} cases: {positive} with findings ({positive / len(cases):.0%}), "
               f"{len(cases) - positive} traps that must produce nothing ({(len(cases) - positive) / len(cases):.0%}); "
               f"{total} expected findings; {multi} cases expect more than one finding.")
    return "\n".join(out)


# --- fake secrets, for adding cases -------------------------------------------------------------

_B62 = string.ascii_letters + string.digits
_B64 = _B62 + "+/"
_URLSAFE = _B62 + "-_"
_UPPER32 = string.ascii_uppercase + "234567"
_HEX = "0123456789abcdef"


def _pick(alphabet: str, n: int) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(n))


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def fake_jwt(claims: dict | None = None) -> str:
    """An HS256 JWT signed with a random key nobody keeps."""
    header = _b64url(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    body = claims or {"sub": secrets.token_hex(12), "iat": 1717000000, "exp": 1717003600, "type": "access"}
    payload = _b64url(json.dumps(body, separators=(",", ":")).encode())
    signature = hmac.new(secrets.token_bytes(32), f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{_b64url(signature)}"


def fake_pem(label: str = "RSA PRIVATE KEY", body_lines: int = 6) -> str:
    """A PEM block with random base64 in it: the right frame and line width, not a usable key."""
    first = {"RSA PRIVATE KEY": "MIIEow", "PRIVATE KEY": "MIIEvQ", "EC PRIVATE KEY": "MHcCAQEE",
             "OPENSSH PRIVATE KEY": "b3BlbnNzaC1rZXktdjEAAAAA", "CERTIFICATE": "MIIDdzCCAl+g",
             "PUBLIC KEY": "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"}.get(label, "")
    width = 70 if label == "OPENSSH PRIVATE KEY" else 64
    body = [first + _pick(_B64, width - len(first))] + [_pick(_B64, width) for _ in range(body_lines - 2)]
    body.append(_pick(_B64, 40) + "==")
    return "\n".join([f"-----BEGIN {label}-----", *body, f"-----END {label}-----"])


FAKES = {
    "aws-access-key-id": lambda: "AKIA" + _pick(_UPPER32, 16),
    "aws-session-key-id": lambda: "ASIA" + _pick(_UPPER32, 16),
    "aws-secret-access-key": lambda: _pick(_B64, 40),
    "github-pat": lambda: "ghp_" + _pick(_B62, 36),
    "github-oauth": lambda: "gho_" + _pick(_B62, 36),
    "github-app": lambda: "ghs_" + _pick(_B62, 36),
    "github-fine-grained": lambda: "github_pat_11" + _pick(_UPPER32, 20) + "_" + _pick(_B62, 59),
    "gitlab-pat": lambda: "glpat-" + _pick(_URLSAFE, 20),
    "slack-bot": lambda: f"xoxb-{_pick(string.digits, 12)}-{_pick(string.digits, 13)}-{_pick(_B62, 24)}",
    "slack-user": lambda: f"xoxp-{_pick(string.digits, 12)}-{_pick(string.digits, 12)}-{_pick(string.digits, 13)}-{_pick(_HEX, 32)}",
    "slack-webhook": lambda: "https://hooks.slack.com/services/T" + _pick(string.ascii_uppercase + string.digits, 10)
    + "/B" + _pick(string.ascii_uppercase + string.digits, 10) + "/" + _pick(_B62, 24),
    "stripe-live": lambda: "sk_live_" + _pick(_B62, 24),
    "stripe-live-51": lambda: "sk_live_51" + _pick(_B62, 97),
    "stripe-restricted": lambda: "rk_live_51" + _pick(_B62, 97),
    "stripe-test": lambda: "sk_test_51" + _pick(_B62, 97),
    "stripe-publishable": lambda: "pk_live_51" + _pick(_B62, 97),
    "stripe-webhook": lambda: "whsec_" + _pick(_B62, 32),
    "google-api-key": lambda: "AIza" + _pick(_URLSAFE, 35),
    "google-oauth-secret": lambda: "GOCSPX-" + _pick(_URLSAFE, 28),
    "sendgrid": lambda: "SG." + _pick(_URLSAFE, 22) + "." + _pick(_URLSAFE, 43),
    "twilio-sid": lambda: "AC" + _pick(_HEX, 32),
    "hex32": lambda: _pick(_HEX, 32),
    "hex40": lambda: _pick(_HEX, 40),
    "hex64": lambda: _pick(_HEX, 64),
    "npm": lambda: "npm_" + _pick(_B62, 36),
    "openai": lambda: "sk-" + _pick(_B62, 20) + "T3BlbkFJ" + _pick(_B62, 20),
    "vault": lambda: "hvs." + _pick(_B62, 24),
    "mailgun": lambda: "key-" + _pick(_HEX, 32),
    "base64-32": lambda: base64.b64encode(secrets.token_bytes(32)).decode(),
    "base64-64": lambda: base64.b64encode(secrets.token_bytes(64)).decode(),
    "random24": lambda: _pick(_B62, 24),
    "password": lambda: _pick(string.ascii_letters, 1) + "".join(
        secrets.choice((_B62 * 3) + "!*-_.~") for _ in range(15)),
    "jwt": fake_jwt,
    "rsa-private-key": fake_pem,
    "private-key": lambda: fake_pem("PRIVATE KEY"),
    "ec-private-key": lambda: fake_pem("EC PRIVATE KEY", 3),
    "openssh-private-key": lambda: fake_pem("OPENSSH PRIVATE KEY", 5),
    # a PKCS#8 key as a JSON string (a GCP service account's "private_key")
    "private-key-json": lambda: fake_pem("PRIVATE KEY", 8).replace("\n", "\\n") + "\\n",
    "django-secret-key": lambda: "django-insecure-" + _pick(string.ascii_lowercase + string.digits + "!@#%^&*(-_=+)", 50),
    # public material, for traps
    "certificate": lambda: fake_pem("CERTIFICATE"),
    "public-key": lambda: fake_pem("PUBLIC KEY", 4),
}


def fake(kind: str) -> str:
    """A fresh random value shaped like `kind` (see FAKES), to paste into a new case."""
    return FAKES[kind]()


# --- command line -------------------------------------------------------------------------------


def _read_findings(source: str) -> list[tuple[str, int, str]]:
    text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    if text.lstrip().startswith(("[", "{")):
        data = json.loads(text)
        data = data.get("findings", data) if isinstance(data, dict) else data
        return [(d["path"], d["line"], d["severity"]) if isinstance(d, dict) else tuple(d) for d in data]
    out = []
    for raw in text.splitlines():
        if raw.strip():
            path, line, severity = raw.strip().rsplit(":", 2)
            out.append((path, int(line), severity))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    usage = "usage: corpus.py write DIR | score FINDINGS|- [--mismatches] | counts | fake KIND"
    if not args:
        print(usage, file=sys.stderr)
        return 2
    command, rest = args[0], args[1:]
    if command == "write" and len(rest) == 1:
        write_repository(Path(rest[0]))
        print(f"wrote {len(load_cases())} cases to {rest[0]}")
    elif command == "score" and rest:
        result = score(_read_findings(rest[0]))
        print(result.table())
        if "--mismatches" in rest:
            print()
            print("\n".join(str(m) for m in result.mismatches) or "no mismatches")
    elif command == "counts" and not rest:
        print(counts())
    elif command == "fake" and len(rest) == 1 and rest[0] in FAKES:
        print(fake(rest[0]))
    else:
        print(usage + ("\nkinds: " + ", ".join(sorted(FAKES)) if command == "fake" else ""), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
