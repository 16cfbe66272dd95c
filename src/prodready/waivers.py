"""Waivers and baselines: accepted results stay visible, marked, with their reason.

A waiver from the configuration names a check (or category) and optionally a path glob and a
finding fingerprint; without either it waives the whole check. An inline waiver is a comment
on a finding's line or the line above it: `prodready: ignore[sec.secrets] reason="..."`.
Waived findings are never dropped: reports show them as waived, with reason, owner and expiry.
A result whose every finding is waived becomes `waived`, and leaves the score unless the
configuration says `score_waived: true`. Expired waivers stop applying and are reported;
configured waivers that match nothing are reported as unused.

The baseline marks findings already known (by fingerprint) so reports can show only new ones.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Sequence

from prodready.fingerprints import result_fingerprint, with_fingerprints
from prodready.model import CheckResult, Evidence, Outcome, Status, WaiverNote, WaiverState
from prodready.redact import scrub

INLINE = re.compile(r"prodready:[ \t]*ignore\[([A-Za-z0-9_.,\- \t]{1,200})\](?:[ \t]*reason[ \t]*=[ \t]*\"([^\"\n]{0,500})\")?")
LinesOf = Callable[[str], Sequence[str]]


@dataclass(frozen=True)
class WaiverRule:
    """One `waivers:` entry of the configuration, validated."""

    check: str  # a check id or a category
    reason: str
    source: str  # "file:line" of the entry
    path: str | None = None
    fingerprint: str | None = None
    owner: str | None = None
    expires: _dt.date | None = None

    def covers(self, check_id: str) -> bool:
        return self.check == check_id or check_id.split(".", 1)[0] == self.check

    def note(self) -> WaiverNote:
        return WaiverNote(self.reason, self.source, False, self.owner,
                          self.expires.isoformat() if self.expires else None)


@dataclass
class _Use:
    matches: int = 0


@dataclass
class Policy:
    """Waivers and baseline applied to each result as the engine produces it; remembers what
    each waiver did, for the report."""

    rules: Sequence[WaiverRule] = ()
    inline_allowed: bool = True
    score_waived: bool = False
    today: _dt.date = field(default_factory=lambda: _dt.datetime.now(_dt.timezone.utc).date())
    baseline: frozenset[str] | None = None
    baseline_file: str = ""
    _uses: dict[int, _Use] = field(default_factory=dict)
    _inline: dict[str, WaiverState] = field(default_factory=dict)
    _seen: set[str] = field(default_factory=set)
    _known: set[str] = field(default_factory=set)
    _new: set[str] = field(default_factory=set)
    _globs: dict[str, Any] = field(default_factory=dict)  # path pattern -> ExcludeSpec

    # -- matching ----------------------------------------------------------------------------
    def _glob(self, pattern: str, source: str):
        """The waiver's path pattern, compiled once by the bounded gitignore matcher (a pattern
        from the repository's configuration meets its paths only there); a refused pattern
        matches nothing and says so in the waiver's state."""
        if pattern not in self._globs:
            from prodready.scanning.ignore import ExcludeSpec

            spec = ExcludeSpec([pattern], "waivers", where=[source])
            self._globs[pattern] = spec
        return self._globs[pattern]

    def _path_matches(self, rule: WaiverRule, path: str) -> bool:
        return rule.path is None or self._glob(rule.path, rule.source).match(path)

    def _expired(self, rule: WaiverRule) -> bool:
        return rule.expires is not None and rule.expires < self.today

    def _use(self, index: int) -> None:
        self._uses.setdefault(index, _Use()).matches += 1

    def _inline_waiver(self, check_id: str, e: Evidence, lines_of: LinesOf) -> WaiverNote | None:
        if not e.line:
            return None
        lines = lines_of(e.path)
        for number in (e.line, e.line - 1):
            if not 1 <= number <= len(lines) or "prodready:" not in lines[number - 1]:
                continue
            match = INLINE.search(lines[number - 1])
            if not match:
                continue
            ids = {part.strip() for part in match.group(1).split(",") if part.strip()}
            if check_id not in ids and check_id.split(".", 1)[0] not in ids:
                continue
            source = f"{e.path}:{number}"
            reason = scrub((match.group(2) or "").strip())
            if not self.inline_allowed:
                self._inline[source] = WaiverState(check_id, source, reason, "refused", 0, inline=True,
                                                   detail="inline waivers are switched off (inline_waivers: false)")
                return None
            if not reason:
                self._inline[source] = WaiverState(check_id, source, "", "refused", 0, inline=True,
                                                   detail='no reason="..." given')
                return None
            state = self._inline.get(source)
            self._inline[source] = WaiverState(check_id, source, reason, "applied", (state.matches if state else 0) + 1, inline=True)
            return WaiverNote(reason, source, inline=True)
        return None

    # -- applying ----------------------------------------------------------------------------
    def apply(self, result: CheckResult, service_path: str | None, read_lines: LinesOf) -> CheckResult:
        """The result with fingerprints, waivers and baseline marks applied."""
        if result.status not in (Status.FAIL, Status.PARTIAL):
            return result
        lines_of = _once(read_lines)  # each file split into lines once, for all its findings
        evidence = with_fingerprints(result.id, result.outcome.evidence, lines_of)
        findings = [e for e in evidence if e.is_finding]
        live = [(i, r) for i, r in enumerate(self.rules) if r.covers(result.id) and not self._expired(r)]
        whole = self._rule_for_result(result, findings, live, service_path)
        if whole is not None:
            note = whole.note()
            return self._waived(result, tuple(replace(e, waiver=note) if e.is_finding else e for e in evidence), note)
        marked = tuple(self._mark(result.id, e, live, lines_of) if e.is_finding else e for e in evidence)
        waived = sum(1 for e in marked if e.is_finding and e.waiver is not None)
        if findings and waived == len(findings):
            return self._waived(result, marked, _joined([e.waiver for e in marked if e.waiver is not None]))
        return self._with_marks(result, marked, len(findings), waived)

    def _rule_for_result(self, result: CheckResult, findings: list[Evidence], live: list[tuple[int, WaiverRule]],
                         service_path: str | None) -> WaiverRule | None:
        """The first live rule that waives the whole result (and counts its use): one without a
        path or fingerprint; one whose path covers this service when the result has no
        findings; or one whose fingerprint is the result's own."""
        for index, rule in live:
            if rule.fingerprint is None:
                whole = rule.path is None or (not findings and bool(service_path)
                                              and self._glob(rule.path, rule.source).covers_directory(service_path))
            else:
                whole = not findings and rule.path is None and result_fingerprint(result).startswith(rule.fingerprint)
            if whole:
                self._use(index)
                return rule
        return None

    def _mark(self, check_id: str, e: Evidence, live: list[tuple[int, WaiverRule]], lines_of: LinesOf) -> Evidence:
        """One finding waived by a configured rule (path or fingerprint) or an inline comment,
        else marked when it is in the baseline."""
        note = self._rule_note(e, live) or self._inline_waiver(check_id, e, lines_of)
        return replace(e, waiver=note) if note is not None else self._mark_baseline(e)

    def _rule_note(self, e: Evidence, live: list[tuple[int, WaiverRule]]) -> WaiverNote | None:
        for index, rule in live:
            if rule.path is None and rule.fingerprint is None:
                continue
            if self._path_matches(rule, e.path) and (rule.fingerprint is None or e.fingerprint.startswith(rule.fingerprint)):
                self._use(index)
                return rule.note()
        return None

    def _with_marks(self, result: CheckResult, marked: tuple[Evidence, ...], findings: int, waived: int) -> CheckResult:
        """The result with its findings marked, some waived: the message counts them, and the
        result is baselined when every open finding (or the result itself) is known."""
        message = result.outcome.message + (f" ({waived} of {findings} findings waived)" if waived else "")
        fingerprint = "" if findings else result_fingerprint(result)
        if fingerprint:
            baselined = self._is_known(fingerprint)
        else:
            open_findings = [e for e in marked if e.is_finding and e.waiver is None]
            baselined = bool(open_findings) and all(e.baselined for e in open_findings)
        return replace(result, outcome=replace(result.outcome, message=message, evidence=marked),
                       fingerprint=fingerprint, baselined=baselined)

    def _waived(self, result: CheckResult, evidence: tuple[Evidence, ...], note: WaiverNote) -> CheckResult:
        score = result.score if self.score_waived else None
        outcome = Outcome(Status.WAIVED, score, result.outcome.message, evidence)
        return replace(result, outcome=outcome, waiver=note, original_status=result.status)

    def _mark_baseline(self, e: Evidence) -> Evidence:
        return replace(e, baselined=True) if self._is_known(e.fingerprint) else e

    def _is_known(self, fingerprint: str) -> bool:
        if self.baseline is None or not fingerprint:
            return False
        self._seen.add(fingerprint)
        if fingerprint in self.baseline:
            self._known.add(fingerprint)
            return True
        self._new.add(fingerprint)
        return False

    # -- reporting ---------------------------------------------------------------------------
    def states(self) -> tuple[WaiverState, ...]:
        out = []
        for index, rule in enumerate(self.rules):
            matches = self._uses.get(index, _Use()).matches
            expires = rule.expires.isoformat() if rule.expires else None
            state, detail = self._state(rule, matches, expires)
            out.append(WaiverState(rule.check, rule.source, rule.reason, state, matches, rule.path, rule.fingerprint,
                                   rule.owner, expires, False, detail))
        out.extend(self._inline[key] for key in sorted(self._inline))
        return tuple(out)

    def _state(self, rule: WaiverRule, matches: int, expires: str | None) -> tuple[str, str]:
        refused = self._globs.get(rule.path).notes if rule.path in self._globs else []
        if refused:
            return "refused", refused[0]
        if self._expired(rule):
            return "expired", f"expired on {expires}: no longer applied"
        if matches:
            return "applied", ""
        return "unused", "matches nothing in this audit: remove it or fix its check, path or fingerprint"

    def baseline_counts(self) -> tuple[int, int, int]:
        """(known, new, fixed) fingerprints; fixed ones are in the baseline but were not seen."""
        if self.baseline is None:
            return 0, 0, 0
        return len(self._known), len(self._new), len(self.baseline - self._seen)


def _once(read_lines: LinesOf) -> LinesOf:
    """`read_lines`, remembered per path for one result."""
    split: dict[str, Sequence[str]] = {}

    def lines_once(path: str) -> Sequence[str]:
        if path not in split:
            split[path] = read_lines(path)
        return split[path]

    return lines_once


def _joined(notes: list[WaiverNote]) -> WaiverNote:
    """One note for a result whose every finding is waived: the note itself when they share one."""
    reasons = list(dict.fromkeys(notes))
    if len(reasons) == 1:
        return reasons[0]
    return WaiverNote("; ".join(dict.fromkeys(n.reason for n in reasons)), ", ".join(n.source for n in reasons))


# -- baseline files ----------------------------------------------------------------------------
BASELINE_FORMAT = "prodready-baseline/1"
MAX_BASELINE_BYTES = 50 * 1024 * 1024


class BaselineError(ValueError):
    """The baseline file cannot be used; the message says why."""


def baseline_entries(results: Sequence[CheckResult]) -> list[dict[str, object]]:
    """Every finding of failing results (waived ones are left out: the waiver covers them)."""
    entries: dict[str, dict[str, object]] = {}
    for result in results:
        if result.status not in (Status.FAIL, Status.PARTIAL):
            continue
        if result.fingerprint:
            entries[result.fingerprint] = {"check": result.id, "fingerprint": result.fingerprint,
                                           "service": result.service, "note": result.outcome.message[:200]}
        for e in result.outcome.evidence:
            if e.is_finding and e.fingerprint and e.waiver is None:
                entries[e.fingerprint] = {"check": result.id, "fingerprint": e.fingerprint, "path": e.path,
                                          "line": e.line, "note": e.note[:200]}
    return sorted(entries.values(), key=lambda d: (str(d["check"]), str(d.get("path", "")), str(d["fingerprint"])))


def write_baseline(path: Path, results: Sequence[CheckResult], tool_version: str) -> int:
    entries = baseline_entries(results)
    document = {"format": BASELINE_FORMAT, "tool_version": tool_version, "findings": entries}
    path.write_text(json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return len(entries)


def read_baseline(path: Path) -> frozenset[str]:
    try:
        if path.stat().st_size > MAX_BASELINE_BYTES:
            raise BaselineError(f"baseline {path} is larger than {MAX_BASELINE_BYTES // (1024 * 1024)} MiB")
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BaselineError(f"cannot read baseline {path}: {exc.strerror}") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BaselineError(f"baseline {path} is not JSON: {exc}") from exc
    if not isinstance(data, dict) or data.get("format") != BASELINE_FORMAT or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path} is not a prodready baseline (format {BASELINE_FORMAT}); write one with `prodready baseline`")
    prints = [f.get("fingerprint") for f in data["findings"] if isinstance(f, dict)]
    return frozenset(p for p in prints if isinstance(p, str) and p)
