"""A small GitHub REST client (stdlib only) with the behaviour CI needs.

Retries secondary rate limits (403/429 with Retry-After or the documented message), follows
`Link: rel="next"` pagination, and never puts the token in an exception, a log line or output.
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any, Callable

API_VERSION = "2022-11-28"
MAX_RETRIES = 3
MAX_WAIT_SECONDS = 60


class GitHubError(Exception):
    """An API call failed; `status` is the HTTP status (0 when the request never completed)."""

    def __init__(self, status: int, message: str):
        super().__init__(f"GitHub API {status}: {message}")
        self.status = status
        self.message = message


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: Any


class GitHubClient:
    def __init__(self, token: str, api_url: str = "https://api.github.com", sleep: Callable[[float], None] = time.sleep,
                 user_agent: str = "prodready"):
        self._token = token
        self.api_url = api_url.rstrip("/")
        self._sleep = sleep
        self.user_agent = user_agent

    def __repr__(self) -> str:  # never show the token
        return f"GitHubClient(api_url={self.api_url!r})"

    def request(self, method: str, path: str, body: Any = None) -> Response:
        url = path if path.startswith("http") else f"{self.api_url}{path}"
        data = json.dumps(body).encode() if body is not None else None
        for attempt in range(MAX_RETRIES + 1):
            req = urllib.request.Request(url, data=data, method=method, headers={
                "Accept": "application/vnd.github+json",
                "Authorization": f"Bearer {self._token}",
                "X-GitHub-Api-Version": API_VERSION,
                "User-Agent": self.user_agent,
                **({"Content-Type": "application/json"} if data is not None else {}),
            })
            try:
                with urllib.request.urlopen(req, timeout=30) as resp:  # noqa: S310 - https API base from config
                    raw = resp.read()
                    return Response(resp.status, {k.lower(): v for k, v in resp.headers.items()}, json.loads(raw) if raw else None)
            except urllib.error.HTTPError as exc:
                raw = exc.read()
                headers = {k.lower(): v for k, v in (exc.headers or {}).items()}
                try:
                    payload = json.loads(raw) if raw else {}
                except json.JSONDecodeError:
                    payload = {"message": raw[:200].decode("utf-8", "replace")}
                message = str(payload.get("message", "")) if isinstance(payload, dict) else ""
                wait = _retry_after(exc.code, headers, message)
                if wait is not None and attempt < MAX_RETRIES:
                    self._sleep(min(wait, MAX_WAIT_SECONDS))
                    continue
                raise GitHubError(exc.code, self._clean(message) or exc.reason) from None
            except urllib.error.URLError as exc:
                raise GitHubError(0, self._clean(str(exc.reason))) from None
        raise GitHubError(429, "secondary rate limit: gave up after retries")  # pragma: no cover

    def paginate(self, path: str) -> list[Any]:
        """All items of a list endpoint, following Link rel="next"."""
        items: list[Any] = []
        url: str | None = path + ("&" if "?" in path else "?") + "per_page=100"
        while url:
            response = self.request("GET", url)
            items.extend(response.body or [])
            match = re.search(r'<([^>]+)>;\s*rel="next"', response.headers.get("link", ""))
            url = match.group(1) if match else None
        return items

    def _clean(self, text: str) -> str:
        return text.replace(self._token, "***") if self._token else text


def _retry_after(status: int, headers: dict[str, str], message: str) -> float | None:
    """Seconds to wait before retrying, for secondary rate limits; None when not retryable."""
    if status not in (403, 429):
        return None
    if "retry-after" in headers:
        try:
            return float(headers["retry-after"])
        except ValueError:
            return 60.0
    if "secondary rate limit" in message.lower() or (status == 429):
        if headers.get("x-ratelimit-remaining") == "0" and headers.get("x-ratelimit-reset"):
            return max(0.0, float(headers["x-ratelimit-reset"]) - time.time())
        return 60.0
    return None
