"""What secrets look like in text: provider key formats, secret-named assignments, credentials
in URLs, and the values that only look like secrets (placeholders, interpolations, words).

Two users, one definition: the secret scanner (facts/secrets.py), which adds what a line alone
cannot tell (the file's role, the name a value is given), and the redactor (redact.py), which
masks anything of these shapes in every text prodready shows. This module needs neither.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import PurePosixPath

SECRET_NAME = r"(?:passw(?:or)?d|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|auth[_-]?key|credentials?)"
_PLACEHOLDER = re.compile(
    r"(?ix)^(?:|changeme|change[_-]?me|change[_-]?this|example|sample|dummy|test|testing|fake|mock|"
    r"secret|password|passwd|token|todo|tbd|none|null|nil|undefined|redacted|xxx+|\*+|\.+|-+|"
    r"your[_-].*|.*[_-]here|replace[_-]?me|placeholder|<[^>]*>|\$\{[^}]*\}|\$[A-Z_]+|\{\{.*\}\}|"
    r"%\(.*\)s|.*example.*|.*changeme.*|.*dummy.*|.*placeholder.*|.*xxxx.*|(.)\1{5,})$"
)
PUBLIC_EXAMPLES = frozenset(
    {"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx"}
)


@dataclass(frozen=True)
class Detector:
    id: str
    title: str
    keywords: tuple[str, ...]  # lower-case literals; one must be on the line
    pattern: re.Pattern[str]
    group: int = 0  # which regex group is the secret
    generic: bool = False  # generic detectors skip placeholders and need some entropy
    suffixes: tuple[str, ...] = ()  # only files with these suffixes (empty: every file)


def _d(id: str, title: str, keywords: tuple[str, ...], pattern: str, group: int = 0, generic: bool = False,
       suffixes: tuple[str, ...] = ()) -> Detector:
    return Detector(id, title, keywords, re.compile(pattern), group, generic, suffixes)


# provider formats: a match is a credential whatever it is called (the scanner's strong evidence)
PROVIDERS: tuple[Detector, ...] = (
    _d("aws-access-key-id", "AWS access key id", ("akia", "asia"), r"\b((?:AKIA|ASIA)[0-9A-Z]{16})\b", 1),
    _d("private-key", "private key block", ("private key",),
       r"(-----BEGIN (?:(?:RSA|EC|DSA|OPENSSH|PGP|ENCRYPTED) )?PRIVATE KEY(?: BLOCK)?-----)(?:\\r|\\n|\s)+[A-Za-z0-9+/=:-]{20,}", 1),
    _d("github-token", "GitHub token", ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
       r"\b((?:gh[pousr]_[A-Za-z0-9]{36})|(?:github_pat_[A-Za-z0-9_]{60,90}))\b", 1),
    _d("gitlab-token", "GitLab token", ("glpat-",), r"\b(glpat-[A-Za-z0-9_\-]{20,})", 1),
    _d("slack-token", "Slack token", ("xox",), r"\b(xox[abposr]-[A-Za-z0-9-]{10,})", 1),
    _d("slack-webhook", "Slack webhook URL", ("hooks.slack.com",),
       r"(https://hooks\.slack\.com/services/T[A-Za-z0-9_]+/B[A-Za-z0-9_]+/[A-Za-z0-9_]+)", 1),
    _d("stripe-secret-key", "Stripe secret key", ("sk_live_", "rk_live_", "sk_test_"),
       r"\b((?:sk|rk)_live_[0-9a-zA-Z]{20,}|sk_test_[0-9a-zA-Z]{20,})", 1),
    _d("stripe-webhook-secret", "Stripe webhook signing secret", ("whsec_",), r"\b(whsec_[A-Za-z0-9]{24,})", 1),
    _d("sendgrid-key", "SendGrid API key", ("sg.",), r"\b(SG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{30,64})", 1),
    _d("mailgun-key", "Mailgun API key", ("key-",), r"\b(key-[0-9a-f]{32})\b", 1),
    _d("google-api-key", "Google API key", ("aiza",), r"\b(AIza[0-9A-Za-z_-]{35})(?![0-9A-Za-z_-])", 1),
    _d("google-oauth-secret", "Google OAuth client secret", ("gocspx-",), r"\b(GOCSPX-[A-Za-z0-9_-]{28})", 1),
    _d("openai-key", "OpenAI API key", ("t3blbkfj",), r"\b(sk-(?:proj-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,})", 1),
    _d("npm-token", "npm access token", ("npm_",), r"\b(npm_[A-Za-z0-9]{36})\b", 1),
    _d("vault-token", "HashiCorp Vault token", ("hvs.", "hvb."), r"\b(hv[sb]\.[A-Za-z0-9_-]{24,})", 1),
    _d("azure-storage-key", "Azure storage account key", ("accountkey=",),
       r"AccountKey=([A-Za-z0-9+/]{80,90}={0,2})", 1),
)
DETECTORS: tuple[Detector, ...] = PROVIDERS + (
    _d("aws-secret-access-key", "AWS secret access key", ("aws", "secret_access"),
       r"(?i)aws.{0,20}secret.{0,20}?[\"'=:\s]+([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])", 1),
    _d("gcp-service-account", "GCP service-account key", ("private_key_id",),
       r"\"private_key_id\"\s*:\s*\"([0-9a-f]{40})\"", 1),
    _d("jwt", "JSON Web Token", ("eyj",), r"\b(eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,})", 1),
    _d("url-credentials", "credentials in a connection URL", ("://",),
       r"\b[a-zA-Z][a-zA-Z0-9+.-]{1,20}://[^\s:/@\"'`]{1,64}:([^\s:/@\"'`]{3,128})@[^\s\"'`]+", 1, True),
    _d("env-fallback", "hard-coded fallback for a secret variable", ("process.env", "environ", "getenv", "env("),
       r"(?i)(?:process\.env\.\w*" + SECRET_NAME + r"\w*\s*(?:\|\||\?\?)\s*|"
       r"(?:os\.environ\.get|os\.getenv|environ\.get|getenv|env)\(\s*[\"']\w*" + SECRET_NAME + r"\w*[\"']\s*,\s*(?:default\s*=\s*)?)"
       r"[\"'`]([^\"'`]{4,})[\"'`]", 1, True),
    _d("go-getenv-default", "hard-coded fallback for a secret variable", ("env",),
       r"(?i)\b\w*env\w*\(\s*\"\w*" + SECRET_NAME + r"\w*\"\s*,\s*\"([^\"]{4,})\"\s*\)", 1, True),
    # Spring `${DB_PASSWORD:literal}`; shell `${VAR:+x}` / `${VAR:-x}` are not this, hence the suffixes
    _d("spring-default", "hard-coded fallback for a secret property", ("${",),
       r"(?i)\$\{[\w.-]*" + SECRET_NAME + r"[\w.-]*:([^}\s+?=-][^}\s]{3,})\}", 1, True,
       (".properties", ".yml", ".yaml", ".java", ".kt", ".xml")),
    _d("framework-secret-key", "framework SECRET_KEY set in code", ("secret_key",),
       r"(?i)(?:\bSECRET_KEY\s*=|\bsecret_key\s*=|\[[\"']SECRET_KEY[\"']\]\s*=)\s*[rbu]?[\"']([^\"']{6,})[\"']", 1, True),
    _d("generic-assignment", "hard-coded secret in an assignment", ("pass", "pwd", "secret", "token", "key", "credential"),
       r"(?i)[\"']?\b[\w.-]{0,64}" + SECRET_NAME + r"(?:_\d+|_(?:prod|production|dev|staging|live|test|old|new))?[\"']?\s*(?::=|=>|[:=])\s*[rbu]?[\"'`]([^\"'`\s]{6,})[\"'`]", 1, True),
)
_GENERIC_IDS = {"generic-assignment", "framework-secret-key"}
CONFIG_KEYVALUE = _d("config-value", "secret in a config value", ("pass", "pwd", "secret", "token", "key"),
                      r"(?i)^\s*(?:(?:export|env|arg|set)\s+)?[\w.-]*" + SECRET_NAME + r"[\w.-]*\s*[=:]\s*[\"']?([^\"'\s#]{6,})", 1, True)
CONFIG_SUFFIXES = {".env", ".properties", ".ini", ".cfg", ".conf", ".yaml", ".yml", ".toml"}


_INTERPOLATION = re.compile(r"^(\$\{|\$\(|\$[A-Za-z_]|\{\{|%\(|#\{|@\{|<%)")
# bounded quantifiers: these only ever see one value, but must stay linear on any input
_WORDS = re.compile(r"[a-z]{1,40}(?:[_.:-][a-z]{1,40}){1,12}|[A-Z]{1,40}(?:[_.:-][A-Z]{1,40}){1,12}")
_CODE_REFERENCE = re.compile(r"[A-Za-z_]\w{0,63}(\.[A-Za-z_]\w{0,63}){1,12}(\(\))?|\w{1,64}\(\)")


def is_placeholder(value: str) -> bool:
    """Values that are not literal secrets: placeholders, interpolations, code references."""
    if value in PUBLIC_EXAMPLES or _PLACEHOLDER.match(value) or _INTERPOLATION.match(value):
        return True
    if re.search(r"\s", value.strip()) or _WORDS.fullmatch(value):
        return True  # "15 minutes", "invalid_password", "ACCOUNT_SET_PASSWORD": words, not keys
    if _CODE_REFERENCE.fullmatch(value) and not re.search(r"\d{4,}", value):
        return True  # `process.env.JWT_SECRET`, `settings.API_KEY`: read from elsewhere
    return len(set(value)) < 4


def _looks_random(value: str) -> bool:
    """Generic matches need a little entropy: at least two character classes and 8 chars."""
    classes = sum(bool(re.search(p, value)) for p in (r"[a-z]", r"[A-Z]", r"\d", r"[^A-Za-z0-9]"))
    return len(value) >= 8 and classes >= 2 or len(value) >= 16


def is_config(path: str) -> bool:
    name = PurePosixPath(path).name
    return name.startswith(".env") or PurePosixPath(path).suffix.lower() in CONFIG_SUFFIXES


def candidates(line: str, detectors) -> list[tuple[Detector, str]]:
    found = []
    for detector in detectors:
        for match in detector.pattern.finditer(line):
            value = match.group(detector.group)
            if not value or "…[" in value:
                continue  # empty, or already a mask made by redact.mask
            if detector.generic and (is_placeholder(value) or not _looks_random(value)):
                continue
            if not detector.generic and value in PUBLIC_EXAMPLES:
                continue
            found.append((detector, value))
    return found


def _lower_same_length(text: str) -> str:
    """Lower-case `text` keeping offsets (a few Unicode letters lower to two characters)."""
    lower = text.lower()
    if len(lower) == len(text):
        return lower
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def lines_to_check(text: str, detectors) -> dict[int, list[Detector]]:
    """0-based line index -> detectors whose keywords occur on that line.

    Keywords are found with `str.find` (C fast search) on a lower-cased copy, jumping to the
    next line after each hit; only lines hit reach a detector's (much slower) regex. Python's
    `re` cannot use literal prefixes across an alternation, so this is what keeps the scan
    near the cost of reading the text.
    """
    lower = _lower_same_length(text)
    starts: list[int] | None = None
    by_line: dict[int, list[Detector]] = {}
    for detector in detectors:
        hit_lines: set[int] = set()
        for keyword in detector.keywords:
            position = lower.find(keyword)
            while position != -1:
                if starts is None:
                    starts = [0] + [m.end() for m in re.finditer("\n", text)]
                hit_lines.add(bisect_right(starts, position) - 1)
                line_end = lower.find("\n", position)
                if line_end == -1:
                    break
                position = lower.find(keyword, line_end)
        for index in hit_lines:
            by_line.setdefault(index, []).append(detector)
    return by_line


def find_secret_values(text: str) -> list[str]:
    """Every value in `text` a detector would report; used by `redact.scrub`."""
    lines = text.split("\n")
    values = []
    for index, detectors in lines_to_check(text, DETECTORS + (CONFIG_KEYVALUE,)).items():
        values.extend(value for _, value in candidates(lines[index][:4096], detectors))
    return values


