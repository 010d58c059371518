"""Who may change the evidence, and the append-only trail of every researcher write.

Every write a researcher makes (a correction, clearing one, a confirmation, a note, an
off-topic mark) goes through :func:`audited`: it refuses anyone not allowed to write,
then appends one `audit_log` row (who, when, which record, the values before and after)
in the same transaction as the write. Triggers refuse any UPDATE or DELETE of that table.
A new kind of write is one call, e.g. in db.store::

    with audited(db, editor, "confirm", article_id, row_reader("confirmations", "article_id", article_id)):
        db["confirmations"].upsert(...)

Who may write is configured in ``dashboard/access.toml`` (or the file named by
$KRATOM_ACCESS): a list of emails and a list of domains, matched against the email of
someone signed in through the dashboard's OpenID Connect sign-in. A local, single-user
run (a script, a notebook, ``make run`` on loopback without sign-in) writes as the OS user.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from db.schema import migrations
from db.writes import now_iso, write_transaction

DEFAULT_ACCESS = Path(__file__).resolve().parents[1] / "dashboard" / "access.toml"
ACTIONS = ("correct", "clear_correction", "confirm", "note", "off_topic")


class WriteRefused(PermissionError):
    """A researcher write by someone who may not write; nothing was stored."""


@dataclass(frozen=True)
class Editor:
    """Who makes a write: a signed-in email, or the OS user of a local run."""

    user: str
    signed_in: bool = False

    @classmethod
    def local(cls) -> Editor:
        """The OS user running this process: who writes on a local, single-user run."""
        try:
            return cls(getpass.getuser())
        except OSError:  # no login name in the environment or the password database
            return cls("local")


LOCAL = Editor("")  # default for scripts and notebooks: resolved to Editor.local() per write


@dataclass(frozen=True)
class Policy:
    """Signed-in emails allowed to write: listed one by one, or by their domain."""

    emails: frozenset[str] = frozenset()
    domains: frozenset[str] = frozenset()

    def allows(self, email: str) -> bool:
        """True for a listed email or an address at a listed domain (case-insensitive)."""
        email = email.strip().lower()
        return email in self.emails or email.rpartition("@")[2] in self.domains


def access_file() -> Path:
    """$KRATOM_ACCESS, else dashboard/access.toml."""
    return Path(os.environ.get("KRATOM_ACCESS") or DEFAULT_ACCESS)


def load_policy(path: Path | None = None) -> Policy:
    """Read who may write; a missing file allows no signed-in user, a broken one raises."""
    path = path or access_file()
    if not path.exists():
        return Policy()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"{path}: cannot read who may write ({exc})") from exc
    write = data.get("write", {})
    unknown = set(write) - {"emails", "domains"}
    if unknown or not all(isinstance(write.get(k, []), list) for k in ("emails", "domains")):
        raise ValueError(f"{path}: [write] takes lists `emails` and `domains` only")
    return Policy(
        frozenset(str(e).strip().lower() for e in write.get("emails", [])),
        frozenset(str(d).strip().lower().lstrip("@") for d in write.get("domains", [])),
    )


def authorise(editor: Editor | None) -> Editor:
    """The editor to record, or WriteRefused: no editor, or a signed-in one not allowed."""
    if editor is None:
        raise WriteRefused(
            "this dashboard is read-only: nobody allowed to write is signed in "
            "(docs/OPERATIONS.md, 'Sign-in and who may write')"
        )
    if editor is LOCAL:
        return Editor.local()
    if editor.signed_in and not load_policy().allows(editor.user):
        raise WriteRefused(f"{editor.user} may read and export but not write ({access_file()})")
    if not editor.user:
        raise WriteRefused("a write needs the name of who makes it")
    return editor


@contextlib.contextmanager
def audited(
    db: Database,
    editor: Editor | None,
    action: str,
    article_id: int,
    read: Callable[[Database], object],
) -> Iterator[Editor]:
    """The one door for researcher writes: refuse, or write and append the audit row.

    `read(db)` returns the values the write changes (a row, or rows, as JSON-able data);
    it runs before and after the body, in one BEGIN IMMEDIATE transaction with the
    write and its audit row, so a failed write leaves neither. Yields who writes.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}; one of {ACTIONS}")
    who = authorise(editor)
    with write_transaction(db):
        before = read(db)
        yield who
        after = read(db)
        pmid = db.execute("SELECT pmid FROM records WHERE id = ?", [article_id]).fetchone()
        db["audit_log"].insert(
            {
                "at": now_iso(),
                "user": who.user,
                "signed_in": int(who.signed_in),
                "action": action,
                "article_id": article_id,
                "pmid": pmid[0] if pmid else None,
                "before": json.dumps(before, sort_keys=True, default=str),
                "after": json.dumps(after, sort_keys=True, default=str),
            }
        )


def row_reader(table: str, key: str, article_id: int) -> Callable[[Database], object]:
    """A `read` for :func:`audited`: the table's rows for one record (one dict, or None)."""

    def read(db: Database) -> object:
        rows = [dict(r) for r in db.query(f"SELECT * FROM [{table}] WHERE [{key}] = ?",
                                          [article_id])]  # fmt: skip
        return rows[0] if len(rows) == 1 else (rows or None)

    return read


def recent_changes(
    db: Database, *, user: str | None = None, article_id: int | None = None, limit: int = 500
) -> list[dict]:
    """The newest audit rows first, optionally for one user and/or one record."""
    where, params = [], []
    if user:
        where.append("user = ?")
        params.append(user)
    if article_id is not None:
        where.append("article_id = ?")
        params.append(article_id)
    sql = "SELECT * FROM audit_log" + (" WHERE " + " AND ".join(where) if where else "")
    return [dict(r) for r in db.query(sql + " ORDER BY id DESC LIMIT ?", [*params, limit])]


def editors(db: Database) -> list[str]:
    """Everyone who has written, for the filter."""
    return [r[0] for r in db.execute("SELECT DISTINCT user FROM audit_log ORDER BY user")]


@migrations()
def m007_audit_log(db: Database) -> None:
    """audit_log: one row per researcher write, never updated or deleted (triggers refuse)."""
    db["audit_log"].create(
        {
            "id": int,
            "at": str,  # UTC ISO time of the write
            "user": str,  # signed-in email, or the OS user of a local run
            "signed_in": int,  # 1: identified by the sign-in provider
            "action": str,  # correct | clear_correction | confirm | note | off_topic
            "article_id": int,
            "pmid": int,
            "before": str,  # JSON: the changed row(s) before the write (null: none)
            "after": str,  # JSON: the same after it
        },
        pk="id",
        not_null={"at", "user", "action", "article_id"},
    )
    db["audit_log"].create_index(["user", "id"])
    db["audit_log"].create_index(["article_id", "id"])
    for event in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
            f"BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: no {event}'); END"
        )
