"""Post or update the ONE prodready comment on a pull request.

The comment is found again by a hidden marker at the start of its body, written by the same
account; anyone else's comment, even one quoting the marker, is left alone. A read-only token
(GitHub gives one to pull requests from forks) gets a clear notice, not a failed build.
"""

from __future__ import annotations

from dataclasses import dataclass

from prodready.github.client import GitHubClient, GitHubError

MARKER = "<!-- prodready-scorecard -->"
MAX_BODY = 65_536


@dataclass(frozen=True)
class CommentResult:
    action: str  # created | updated | skipped
    url: str | None
    message: str


def body_for(markdown: str) -> str:
    """The comment body: marker first, scorecard after, within GitHub's size limit."""
    text = f"{MARKER}\n{markdown}"
    if len(text) > MAX_BODY:
        cut = MAX_BODY - 200
        text = text[:cut] + "\n\n… scorecard cut to fit GitHub's comment limit; see the job summary or the HTML report.\n"
    return text


def upsert(client: GitHubClient, repository: str, number: int, markdown: str, author: str | None = None) -> CommentResult:
    owner, _, repo = repository.partition("/")
    body = body_for(markdown)
    try:
        comments = client.paginate(f"/repos/{owner}/{repo}/issues/{number}/comments")
        mine = [c for c in comments if str(c.get("body", "")).startswith(MARKER)
                and (author is None or (c.get("user") or {}).get("login") == author)]
        if mine:
            target = mine[-1]
            response = client.request("PATCH", f"/repos/{owner}/{repo}/issues/comments/{target['id']}", {"body": body})
            return CommentResult("updated", (response.body or {}).get("html_url"), f"updated comment {target['id']}")
        response = client.request("POST", f"/repos/{owner}/{repo}/issues/{number}/comments", {"body": body})
        return CommentResult("created", (response.body or {}).get("html_url"), "created the scorecard comment")
    except GitHubError as exc:
        if exc.status == 403 and "rate limit" not in exc.message.lower():
            return CommentResult("skipped", None, "the token cannot write comments (a pull request from a fork gets a "
                                 "read-only token); the scorecard is in the job summary instead. "
                                 "See docs/github-action.md for the fork-safe workflow pair.")
        raise
