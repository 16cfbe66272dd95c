"""Is this a secret? What a name and a value say on their own, before the file's role is known.

A name is secret-like when what it names is a credential (`jwtSecret`, `DB_PASSWORD`, `apiKey`),
not something about one (`PASSWORD_MIN_LENGTH`, `API_KEY_HEADER`, `TOKEN_URL`). A value is a
secret unless it is empty, a reference to somewhere else (`${X}`, `process.env.X`), a placeholder
(`changeme`, `<your-key>`, `test-secret`), public documentation (AWS's example key), a hash, or an
identifier that only names something (`incorrectPassword`, `auth.token.expired`, `X-Api-Key`,
`Invalid token`, a value equal to its own key). The rules read the shape of the text; they never
look a value up anywhere.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter

SECRET, EMPTY, REFERENCE, PLACEHOLDER, PUBLIC, HASH, IDENTIFIER = (
    "secret", "empty", "reference", "placeholder", "public", "hash", "identifier")

_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
SECRET_WORDS = frozenset({"password", "passwd", "pwd", "pass", "passphrase", "secret", "secrets", "token",
                          "credential", "credentials", "apikey", "passcode", "requirepass", "masterauth"})
# `secret_key_base`, `password_salt`: a last word that only qualifies the secret before it
_QUALIFYING_LAST = frozenset({"base", "salt", "pepper", "seed"})
# the last word of a name that is about a secret, not one: a path, a header, a length, an id...
NOT_SECRET_LAST = frozenset({
    "file", "files", "path", "dir", "directory", "url", "uri", "endpoint", "header", "headers", "name", "type", "id", "ids",
    "sid", "arn", "length", "len", "min", "max", "size", "expiry", "expires", "expiration", "expire", "ttl",
    "timeout", "lifetime", "duration", "age", "hash", "hashed", "digest", "regex", "regexp", "pattern", "format",
    "prefix", "suffix", "field", "column", "label", "placeholder", "hint", "message", "msg", "error", "code",
    "policy", "validator", "validators", "hasher", "hashers", "algorithm", "algo", "alg", "rounds", "strength",
    "bytes", "encoder", "count", "enabled", "required", "issuer", "audience", "scope", "scopes", "cookie",
    "limit", "version", "mode", "method", "provider", "store", "storage", "manager", "region", "host", "port",
    "user", "username", "email", "location", "ref", "env", "var", "variable", "flag", "keys", "strategy",
    "status", "salt", "source", "template", "generator", "sanitize", "confirmation", "confirm", "reset",
    "mismatch", "revoked", "expired", "invalid", "missing", "required", "short", "weak", "endpoint", "tag",
    "route", "link", "title", "description", "example", "examples", "encrypted", "query", "param", "params",
    "filename", "args", "arguments", "namespace", "subject", "time", "minutes", "seconds", "days", "hours", "delay",
    "interval", "attempts", "retries", "count", "body", "text", "template", "kind", "class",
})
# "key" is a credential after these words (api key, signing key, APP_KEY) unless one of _NOT_KEY precedes
_NOT_KEY = frozenset({
    "public", "storage", "cache", "sort", "partition", "primary", "foreign", "idempotency", "translation",
    "i18n", "ctx", "context", "lookup", "map", "group", "routing", "shard", "hash", "object", "bucket",
    "cursor", "page", "event", "queue", "topic", "metric", "label", "tag", "feature", "field", "header",
    "request", "trace", "dedup", "unique", "index", "row", "column", "table", "prefix", "namespace",
    "password", "token", "secret", "pref", "preference", "extra", "access", "kms", "registry", "s3", "cdn",
    "publishable", "site", "recaptcha",
})
KIND_WORDS = frozenset({"password", "passwd", "pass", "pwd", "secret", "token", "key", "api", "apikey", "test",
                        "testing", "fake", "mock", "dummy", "sample", "example", "placeholder", "value", "here",
                        "your", "my", "the", "a", "access", "auth", "bearer"})
PUBLIC_VALUES = frozenset({
    "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    # the Azurite / Storage Emulator account key, published by Microsoft
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
    "sk_test_4eC39HqLyjWDarjtT1zdp7dc", "pk_test_TYooMQauvdEDq54NiTphI7jx",  # Stripe's documented test keys
    "ThisTokenIsNotSoSecretChangeIt",  # Symfony's .env.dist default
})
_REFERENCE = re.compile(
    r"^(\$\{|\$\(|\$[A-Za-z_]|\{\{|%\(|<%|#\{|@\{|ENC\(|ENC\[|vault:|op://|arn:|\$ANSIBLE_VAULT|"
    r"(process\.env|os\.environ|os\.getenv|settings|config|env|ENV|secrets|var|local|data|module)[.\[(])")
_ASSIGNMENTS = re.compile(r"[A-Z][A-Z0-9_]{1,100}=")
_FORMAT_ONLY = re.compile(r"(?:%[-+#0 ]*\d*[sdvqxf]|\{[\w.]*\}|\?)+")  # printf verbs and {} holes: filled at run time
# bcrypt, Spring's {bcrypt}/{pbkdf2} (not {noop}: that is the password in clear), Django's
# algorithm$iterations$salt$hash, integrity and go.sum hashes
_HASH = re.compile(r"^(\$2[abxy]?\$\d\d\$|\{(bcrypt|pbkdf2|scrypt|argon2|sha256)\}|(sha(1|256|384|512)|md5)[-:]|h1:|"
                   r"(pbkdf2_sha\d+|argon2|bcrypt|scrypt|sha1|md5)\$)")
_MARKER = re.compile(
    r"(?i)(change[_\-. ]?(me|this)\b|replace[_\-. ]?(me|with)|placeholder|\btodo\b|\btbd\b|\byour[_\-. ]|"
    r"[_\-. ]here$|example|sample|dummy|redacted|<[^>]*>|^x{4,}$|^\*{3,}$|(?P<run>.)(?P=run){5,})")
_CAMEL = re.compile(r"\A(?:[a-z]+(?:[A-Z][a-z0-9]+)+|[A-Z][a-z]+(?:[A-Z][a-z0-9]+)+)\Z")
_LETTERS_WORDS = re.compile(r"\A[A-Za-z]{2,64}\Z")  # `MissingTokenCCOAuthSecret`: words, acronyms included
_JOINED_WORDS = re.compile(r"\A[A-Za-z][a-z0-9]*(?:[_.\-/:][A-Za-z][a-z0-9]*)+\Z")
_CONSTANT = re.compile(r"\A[A-Z][A-Z0-9]*(?:[_.][A-Z0-9]+)+\Z")
# anchored (\A...\Z): only ever asked of a whole value, and a search over any text stays linear
# a dotted name made of words (a class path, `com.acme.EXTRA_TOKEN`): no digits scattered in it
_DOTTED = re.compile(r"\A[A-Za-z][A-Za-z_]*\d{0,2}(?:\.[A-Za-z][A-Za-z_]*\d{0,2})+\Z")
_HEADER = re.compile(r"\A(?:(?:[A-Z][a-zA-Z]*-)+[A-Z][a-zA-Z]*|Bearer ?|Basic ?|Token ?)\Z")
_SQL = re.compile(r"(?i)^\s*(select|insert|update|delete|with|create|alter|drop)\s")
_MESSAGE_WORDS = frozenset({"invalid", "incorrect", "missing", "required", "expired", "wrong", "not", "please",
                            "failed", "must", "enter", "your", "does", "has", "have", "is", "are", "cannot",
                            "should", "match", "too", "forgot", "reset", "new", "old", "confirm"})


def words(name: str) -> list[str]:
    """The words of an identifier or a key path, lower-cased: `jwtSecretKey` -> jwt, secret, key."""
    return [w.lower() for w in _WORD.findall(name)]


def name_is_secret(name: str) -> bool:
    """Whether `name` names a credential: its last word is a secret word (password, token,
    secret...), or `key` (api key, signing key, `ringKey`; see name_strength)."""
    return name_strength(name) > NOT_SECRET_NAME


NOT_SECRET_NAME, WEAK_NAME, STRONG_NAME = 0, 1, 2
# the words that make a `key` a credential rather than the name of something (`ringKey`,
# `cacheKey`, a bare `key:` in a Kubernetes secretKeyRef)
_KEY_QUALIFIERS = frozenset({
    "api", "secret", "private", "signing", "sign", "encryption", "encrypt", "jwt", "session", "master", "app", "auth",
    "client", "hmac", "cookie", "webhook", "license", "account", "consumer", "deploy", "ssh", "gpg", "pgp", "aes",
    "cipher", "shared", "secure", "security", "rsa", "ecdsa", "stripe", "sendgrid", "mailgun", "twilio", "google",
    "maps", "openai", "aws", "gcp", "azure", "github", "slack", "firebase", "algolia", "pusher", "django", "flask",
    "rails", "laravel", "crypto", "decryption", "signature", "access",
})


def name_strength(name: str) -> int:
    """STRONG_NAME when `name` says it holds a credential (`DB_PASSWORD`, `jwtSecret`,
    `STRIPE_API_KEY`); WEAK_NAME for another `...Key` (a value under it is a secret only when
    it looks generated); NOT_SECRET_NAME for names about a secret (`PASSWORD_MIN_LENGTH`,
    `API_KEY_HEADER`, `TOKEN_URL`) and everything else."""
    found = [w for w in words(name) if not w.isdigit()]
    while found and found[-1] in ("prod", "production", "dev", "staging", "live", "old", "new", "value", "string"):
        found.pop()
    if not found or found[-1] in NOT_SECRET_LAST:
        return NOT_SECRET_NAME
    if found[-1] in SECRET_WORDS:
        return STRONG_NAME
    if found[-1] != "key":
        qualified = found[-1] in _QUALIFYING_LAST and bool(set(found[:-1]) & {"secret", "password", "passwd"})
        return STRONG_NAME if qualified else NOT_SECRET_NAME
    before = found[:-1]
    if before and before[-1] in _NOT_KEY and "secret" not in before and "private" not in before:
        return NOT_SECRET_NAME
    return STRONG_NAME if set(before) & _KEY_QUALIFIERS else WEAK_NAME


_PASSWORD_WORDS = frozenset({"password", "passwd", "pwd", "pass", "passphrase", "requirepass", "masterauth"})


def names_password(name: str) -> bool:
    """A connection password (`DB_PASSWORD`, `requirepass`), as opposed to a signing secret or
    an API key: only a password opens the host beside it."""
    found = words(name)
    return bool(found) and found[-1] in _PASSWORD_WORDS


def judge(value: str, name: str = "") -> str:
    """What `value` (given to `name`) is: SECRET, or why not (EMPTY, REFERENCE, PLACEHOLDER,
    PUBLIC, HASH, IDENTIFIER)."""
    text = value.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        text = text[1:-1].strip()  # a YAML value quoted twice: '"${X:default}"'
    if not text or text.lower() in ("null", "none", "nil", "undefined", "~", "''", '""'):
        return EMPTY
    if text in PUBLIC_VALUES or text.lower() == "testing" or text.startswith(("pk_live_", "pk_test_")):
        return PUBLIC  # documentation keys, moto's test credentials, Stripe publishable keys
    if _REFERENCE.match(text) or "{{" in text or _FORMAT_ONLY.fullmatch(text):
        return REFERENCE
    if _HASH.match(text):
        return HASH
    if is_placeholder(text, name):
        return PLACEHOLDER
    if is_identifier(text, name):
        return IDENTIFIER
    return SECRET


def is_placeholder(text: str, name: str = "") -> bool:
    """Fill-me-in markers, runs of one character, and values made only of kind words
    (`test-secret`, `fake-token`, `password`)."""
    body = _without_provider_prefix(text)
    if _MARKER.search(body) or (len(set(body)) <= 2 and len(body) >= 6) or _ELIDED.fullmatch(body):
        return True
    if text.isdigit() and (text in "01234567890123456789" or text in "98765432109876543210"):
        return True  # 123456, 1234567890
    parts = words(text)
    if bool(parts) and all(p in KIND_WORDS or p.isdigit() and len(p) < 3 for p in parts) and not _has_symbols(text):
        return True
    return _kind_word_joined(text)


# `...`, `…`, `***`, `xxx`, `<...>`: a value left out on purpose
_ELIDED = re.compile(r"<?(\.{2,}|…+|\*+|[xX]{2,}|_+)>?")
_FILLERS = ("super", "my", "very", "the", "your", "some", "top", "admin", "dev", "local", "test", "default", "this")


def _kind_word_joined(text: str) -> bool:
    """`supersecret`, `adminsecret`, `supersecretpassword`: kind words run together with a
    filler word, the value a demo or a default sets, not a generated secret."""
    rest = text.lower()
    if not rest.isalpha() or len(rest) > 40:
        return False
    for word in sorted(KIND_WORDS | set(_FILLERS), key=len, reverse=True):
        rest = rest.replace(word, "")
    return not rest and any(w in text.lower() for w in ("secret", "password", "passwd", "token"))


def is_identifier(text: str, name: str = "") -> bool:
    """Values that name something instead of being a secret: the key itself in another case,
    camelCase and snake/kebab/dotted joins of words, CONSTANT_NAMES, header names, route and
    file paths, URLs, SQL, regular expressions, and messages."""
    if "PRIVATE KEY-----" in text:
        return False
    if _normal(text) and (_normal(text) == _normal(name) or _normal(text) == _normal(words(name)[-1] if words(name) else "")):
        return True
    if _has_a_known_form(text):
        return True
    if _CAMEL.fullmatch(text) or _JOINED_WORDS.fullmatch(text) or _LETTERS_WORDS.fullmatch(text) and len(words(text)) >= 2:
        return _names_a_thing(text, name)
    if " " in text:
        return _is_message(text) or any("/" in token for token in text.split())
    return _natural_language(text)


_SWITCHES = frozenset({"true", "false", "yes", "no", "on", "off", "read", "write", "none", "required", "optional",
                       "inherit"})


def _has_a_known_form(text: str) -> bool:
    """A value whose form alone says it is no credential: a CONSTANT_NAME, a header name, a
    dotted name, SQL, a data: URI (an embedded image), a switch or permission level (GitHub's
    `id-token: write`), several lines of structured text or `NAME=...` settings, a path, a URL
    or a regular expression."""
    if _CONSTANT.fullmatch(text) or _HEADER.fullmatch(text) or _DOTTED.fullmatch(text) or _SQL.match(text):
        return True
    if text.startswith("data:") or text.lower() in _SWITCHES:
        return True
    if "\n" in text and "-----BEGIN" not in text or _ASSIGNMENTS.match(text):
        return True
    return text.startswith(("/", "./", "../", "~/", "http://", "https://", "^", "(?")) or "(?=" in text


def _names_a_thing(text: str, name: str) -> bool:
    """A join of words is an identifier when its pieces are words (not `s3cret`, not a long
    run of digits): `invalid_password`, `auth.token.expired`, `thanos-minio`."""
    pieces = [p for p in re.split(r"[_.\-/:]", text) if p]
    if any(re.search(r"[A-Za-z]", p) and re.search(r"\d", p) and not re.fullmatch(r"[A-Za-z]+\d", p) for p in pieces):
        return False  # letters and digits mixed inside a word: chosen to be hard to guess
    parts = words(text)
    return not (any(p.isdigit() and len(p) > 2 for p in parts) or any(len(p) > 24 for p in parts))


def _is_message(text: str) -> bool:
    """A sentence for people (`Invalid token`, `The client secret does not match`, a message in
    any language), not a passphrase (`my super secret key!@#`, `this is my very secret flask
    key 2023`)."""
    if _natural_language(text):
        return True  # words of another script: a translated message
    if _has_symbols(text.rstrip(".!?")) or any(c.isdigit() for c in text):
        return False
    parts = text.split()
    if text[0].isupper() or text.isupper():
        return True
    return any(p.lower().strip(".,!?") in _MESSAGE_WORDS for p in parts)


def _natural_language(text: str) -> bool:
    """Text in a script other than Latin, made of letters, marks, spaces and punctuation only
    (`पासवर्ड रीसेट करें`, `重置密码`): a message, whatever it says."""
    if text.isascii() or any(c.isascii() and c.isalnum() for c in text):
        return False
    return all(unicodedata.category(c)[0] in "LMPZ" for c in text)


def _has_symbols(text: str) -> bool:
    """Characters a passphrase mixes in: anything but letters, digits, spaces and punctuation
    of prose (any script's: `’`, `«`, `。`)."""
    return any(not (c.isalnum() or c in " _-.,'\"?!" or unicodedata.category(c).startswith("P") and c not in "#%&*@\\")
               for c in text)


def _normal(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


_PROVIDER_PREFIX = re.compile(r"^(sk_live_|sk_test_|rk_live_|pk_live_|gh[pousr]_|github_pat_|glpat-|xox[abposr]-|AIzaSy|AIza|SG\.|npm_|hvs\.|key-)")


def _without_provider_prefix(text: str) -> str:
    return _PROVIDER_PREFIX.sub("", text)


def entropy(text: str) -> float:
    """Shannon entropy in bits per character."""
    if not text:
        return 0.0
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


# segments start only where no segment character precedes, and never give characters back: linear
_PATH = re.compile(r"(?<![a-z0-9_.\-/])(?:[a-z0-9][a-z0-9_.\-]*+/++)+[a-z0-9][a-z0-9_.\-]*+/?")


def looks_random(value: str) -> bool:
    """Whether a value looks generated rather than chosen: a hex or base64-like run of 16 or
    more with letters and digits mixed, or a password-like 12+ characters of three character
    classes digits included; words, dotted names and paths are not."""
    text = value.strip()
    if re.fullmatch(r"[0-9a-f]{32,}", text) or re.fullmatch(r"[0-9A-F]{32,}", text):
        return True
    if "/" in text and _PATH.fullmatch(text):
        return False  # an import path or a route of lower-case words (`github.com/org/loki/v3/pkg/config`)
    for segment in re.split(r"[./:@\s]", text):
        if len(segment) >= 16 and re.fullmatch(r"[A-Za-z0-9+=_\-]+", segment) and re.search(r"\d", segment) \
                and re.search(r"[A-Za-z]", segment) and (re.search(r"[A-Z]", segment) and re.search(r"[a-z]", segment)
                                                        or re.fullmatch(r"[0-9a-f_\-]+", segment)):
            return entropy(segment) >= 3.0
    classes = sum(bool(re.search(p, text)) for p in (r"[a-z]", r"[A-Z]", r"\d", r"[^A-Za-z0-9\s]"))
    return len(text) >= 12 and " " not in text and classes >= 3 and bool(re.search(r"\d", text))


LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "0.0.0.0", "::1", "[::1]", "host.docker.internal"})


def is_local_host(host: str | None, service_names_count: bool) -> bool:
    """Whether `host` is the developer's machine: loopback, or (in a compose file or a .env,
    `service_names_count`) a compose service name such as `db`."""
    if not host:
        return False
    host = host.lower().strip("[]")
    if host in LOCAL_HOSTS or host.startswith("127.") or host == "::1":
        return True
    return service_names_count and re.fullmatch(r"[a-z][a-z0-9_-]{0,62}", host) is not None
