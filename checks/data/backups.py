"""data.backups: backup and restore are described and automated somewhere in the repo."""

from __future__ import annotations

import re

from prodready.facts import CheckContext, Hit, evidence
from prodready.model import Outcome
from prodready.registry import check
from prodready.scanning.files import FileEntry

_BACKUP = re.compile(r"(?i)\b(back(ed)?[ -]?ups?|pg_dump|pg_basebackup|mysqldump|mongodump|wal-g|pgbackrest|barman|velero|snapshot(s)?)\b")
_RESTORE = re.compile(r"(?i)\b(restor(e|es|ing|ation)|pg_restore|mongorestore|point[- ]in[- ]time recovery|PITR|disaster recovery)\b")
_MANAGED = re.compile(r"(?i)backup_retention_period|point_in_time_recovery|backup_configuration|deletion_protection|automated_backup|backupRetentionDays|backup_window")
_DOCS = re.compile(r"(?i)\.(md|rst|txt|adoc)$")
_INFRA_SUFFIXES = (".tf", ".yaml", ".yml", ".json")  # where managed-service backup settings live


@check(
    id="data.backups",
    blind_spots="Backups configured in a cloud console are invisible; mentions in prose are taken at their word.",
    title="Backups and restores are described",
    severity="medium",
    why="""
    Every database is eventually lost or corrupted: a bad migration, a deleted table, a region
    outage. A backup nobody has restored is a hope, not a plan; the procedure has to be written
    down and, ideally, automated and tested.
    """,
    fix="Describe (and script) how the database is backed up, how often, where copies go, and how to restore one; enable managed backups and point-in-time recovery where available.",
    references=("https://www.postgresql.org/docs/current/backup.html", "https://sre.google/sre-book/data-integrity/"),
)
def backups(ctx: CheckContext) -> Outcome:
    if ctx.service is None:
        return Outcome.not_applicable("no service")
    db = ctx.repo.database(ctx.service)
    if not db.uses_sql and not db.document_stores:
        return Outcome.not_applicable("no database in the dependencies: backups do not apply")
    files = [f for f in ctx.repo.files if f.role != "test"]
    procedures = [f for f in files if _may_describe_procedure(f)]
    backup_hits = ctx.repo.grep(_BACKUP, procedures, limit=5)
    restore_hits = ctx.repo.grep(_RESTORE, procedures, limit=5)
    managed = ctx.repo.grep(_MANAGED, [f for f in files if f.suffix in _INFRA_SUFFIXES], limit=3)
    return _judge(backup_hits, restore_hits, managed)


def _judge(backup_hits: list[Hit], restore_hits: list[Hit], managed: list[Hit]) -> Outcome:
    """A backup (scripted, described or a managed setting) needs a restore procedure too: a
    backup nobody knows how to restore is half a plan."""
    ev = [evidence(h.path, h.line, h.text, note="backup") for h in backup_hits[:3]]
    ev += [evidence(h.path, h.line, h.text, note="restore") for h in restore_hits[:3]]
    ev += [evidence(h.path, h.line, h.text, note="managed-service backup setting") for h in managed]
    if (backup_hits or managed) and restore_hits:
        return Outcome.passed("backup and restore are described", ev)
    if backup_hits or managed:
        return Outcome.partial(5, "backups are mentioned, but no restore procedure", ev)
    return Outcome.failed("no backup or restore procedure in docs, scripts or infrastructure config", ev)


def _may_describe_procedure(entry: FileEntry) -> bool:
    """Documentation, shell scripts and files named for backups: where a backup or restore
    procedure is written down."""
    return bool(_DOCS.search(entry.path)) or "backup" in entry.path.lower() or entry.suffix == ".sh"
