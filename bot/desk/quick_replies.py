"""Quick replies: short texts an officer inserts into a reply and edits before sending, per language of the
person (fr, en, ar, ary). The shipped ones are data files (bot/desk/quick_replies/<lang>.yml); supervisors add
their own in the desk, kept in the quick_replies table. Neither is about a person.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml
from sqlalchemy.orm import Session

from bot.desk.casework import MAX_CASE_ID, CaseError
from bot.store import audit
from bot.store.desk_models import Officer, QuickReply

FOLDER = Path(__file__).resolve().parent / "quick_replies"
LANGUAGES = ("fr", "en", "ar", "ary")
MAX_CHARS = 1000


@dataclass(frozen=True)
class QuickReplyView:
    id: int | None        # None: shipped in a data file (cannot be removed in the desk)
    language: str
    text: str


@functools.cache
def shipped(language: str) -> tuple[str, ...]:
    path = FOLDER / f"{language}.yml"
    if language not in LANGUAGES or not path.is_file():
        return ()
    with path.open(encoding="utf-8") as handle:
        return tuple(str(entry).strip() for entry in (yaml.safe_load(handle) or []) if str(entry).strip())


def for_language(session: Session, language: str) -> list[QuickReplyView]:
    """The shipped quick replies of a language, then the supervisors' ones, oldest first."""
    added = (session.query(QuickReply).filter(QuickReply.language == language, QuickReply.active.is_(True))
             .order_by(QuickReply.id).all())
    return [QuickReplyView(None, language, text) for text in shipped(language)] + [
        QuickReplyView(row.id, row.language, row.text) for row in added]


def add(session: Session, supervisor: Officer, language: str, text: str) -> QuickReply:
    if supervisor.role != "supervisor":
        raise CaseError("supervisor_only")
    if language not in LANGUAGES:
        raise CaseError("unknown_language")
    text = (text or "").strip()
    if not text:
        raise CaseError("empty_quick_reply")
    if len(text) > MAX_CHARS:
        raise CaseError("reply_too_long")
    row = QuickReply(language=language, text=text, officer_id=supervisor.id, active=True)
    session.add(row)
    session.flush()
    audit.record(session, supervisor.id, "quick_reply_added", detail=f"{language} id={row.id}")
    return row


def remove(session: Session, supervisor: Officer, reply_id: int) -> None:
    if supervisor.role != "supervisor":
        raise CaseError("supervisor_only")
    row = session.get(QuickReply, reply_id) if 0 < reply_id <= MAX_CASE_ID else None
    if row is None or not row.active:
        raise CaseError("no_such_quick_reply")
    row.active = False
    audit.record(session, supervisor.id, "quick_reply_removed", detail=f"{row.language} id={row.id}")


__all__ = ["LANGUAGES", "MAX_CHARS", "QuickReplyView", "add", "for_language", "remove", "shipped"]
