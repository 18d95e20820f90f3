"""Cases: opened quietly when a message shows risk, asks for a person or shows danger; the rules officers work by."""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import unicodedata
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from bot.conversation.content import form_language
from bot.settings import Settings
from bot.store import Case, CaseMessage, CaseNote, Referral, audit, session_scope
from bot.store.models import utcnow
from bot.store.sealing import Sealer

logger = logging.getLogger(__name__)

PRIORITY_RANK = {"none": 0, "normal": 1, "high": 2, "urgent": 3}
CONSENT_VALUES = ("unknown", "yes", "no", "later")


@dataclass(frozen=True)
class CaseSource:
    """Where the message being handled came from, when its channel can tell (the web chat: its client's
    address): cases it opens from one source with the same text within `burst_minutes` are one burst."""

    ref: str              # keyed hash of the source (never the address itself)
    fingerprint: str      # message_fingerprint of the message
    burst_minutes: int


# Set by the channel for the turn it is handling (each request runs in its own task, so it never leaks to
# another); the pipeline between them stays unaware of it.
case_source: ContextVar[CaseSource | None] = ContextVar("case_source", default=None)


def message_fingerprint(text: str, key: bytes) -> str:
    """A keyed hash of the text's letters only, case folded: "HELP me 1!!" and "help me 2" are the same
    message sent by a script. Keyed, so that the fingerprint of a short text cannot be looked up."""
    letters = "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalpha())
    return hmac.new(key, b"case-fingerprint:" + letters.encode("utf-8", "replace"), hashlib.sha256).hexdigest()[:32]


def link_to_burst(session: Session, case: Case, source: CaseSource) -> None:
    """Join a just-opened case to the burst of an earlier case of the same source and text, if recent.

    The first case of a burst leads it (one alert, one group notification with a count); every case is
    still a case of its own. Sources are forgotten once older than a burst can be: an address's hash is
    kept for minutes, not for the life of the case.
    """
    since = forget_old_sources(session, source.burst_minutes)
    leader = (session.query(Case.id)
              .filter(Case.source_ref == source.ref, Case.fingerprint == source.fingerprint,
                      Case.burst_of.is_(None), Case.created_at >= since, Case.id != case.id)
              .order_by(Case.id).first())
    case.source_ref, case.fingerprint = source.ref, source.fingerprint
    if leader is not None:
        case.burst_of = leader.id
        logger.info("case id=%s joins the burst of case id=%s", case.id, leader.id)


def forget_old_sources(session: Session, burst_minutes: int) -> datetime:
    """Clear the source and fingerprint of cases older than a burst can be; returns that limit."""
    since = utcnow() - timedelta(minutes=burst_minutes)
    (session.query(Case).filter(Case.source_ref.isnot(None), Case.created_at < since)
     .update({Case.source_ref: None, Case.fingerprint: None}, synchronize_session=False))
    return since


def forget_case_sources(settings: Settings) -> None:
    """For the periodic purge: a quiet day opens no case to sweep the last burst's address hashes away."""
    with session_scope(settings.database_url) as session:
        forget_old_sources(session, settings.webchat.burst_minutes)


def burst_size(session: Session, leader_id: int, up_to: int | None = None) -> int:
    """How many cases the burst led by `leader_id` holds (itself included), counting those up to `up_to`."""
    query = session.query(Case.id).filter(Case.burst_of == leader_id)
    if up_to is not None:
        query = query.filter(Case.id <= up_to)
    return query.count() + 1


def current_case(session: Session, conversation_id: str) -> Case | None:
    return (session.query(Case)
            .filter(Case.conversation_id == conversation_id, Case.status != "closed")
            .order_by(Case.id.desc()).first())


def escalate(session: Session, sealer: Sealer, conversation_id: str, channel: str, language: str,
             risk: dict[str, Any], intent: str | None, text: str, reason: str | None = None) -> Case:
    """Open a case for the conversation, or raise the open one; keep the message that triggered it.

    `language` may be the conversation's form ("ary_latn"): the case records its language ("ary")."""
    language = form_language(language) or language
    case = current_case(session, conversation_id)
    priority = risk.get("priority") or "normal"
    if PRIORITY_RANK.get(priority, 0) < PRIORITY_RANK["normal"]:
        priority = "normal"  # escalated at all means an officer should see it
    reasons = {"danger"} if risk.get("danger") else set()
    reasons.add(reason or ("request_human" if intent == "request_human" else "risk"))
    if case is None:
        case = Case(conversation_id=conversation_id, channel=channel, language=language, priority=priority,
                    indicators="[]", reasons="[]")
        session.add(case)
        session.flush()
        source = case_source.get()
        if source is not None:
            link_to_burst(session, case, source)
        case.just_opened = True  # not a column: tells the caller to notify the officers' group
        logger.info("case opened id=%s priority=%s channel=%s", case.id, priority, channel)
    elif PRIORITY_RANK[priority] > PRIORITY_RANK[case.priority]:
        logger.info("case raised id=%s priority=%s", case.id, priority)
        case.priority = priority
    case.indicators = json.dumps(sorted(set(json.loads(case.indicators)) | set(risk.get("indicators") or [])))
    case.reasons = json.dumps(sorted(set(json.loads(case.reasons)) | reasons))
    if intent == "request_human":
        # Asking for a person is agreeing that one writes: the bot has just said one will answer here.
        case.consent = "yes"
    case.language, case.updated_at = language, utcnow()
    session.add(CaseMessage(case_id=case.id, sealed_text=sealer.seal(text)))
    return case


def record_consent(session: Session, conversation_id: str, value: str) -> Case | None:
    """The user's answer to the offer of a confidential conversation with a trained person."""
    if value not in CONSENT_VALUES:
        raise ValueError(f"unknown consent value {value!r}")
    case = current_case(session, conversation_id)
    if case is not None:
        case.consent, case.updated_at = value, utcnow()
    return case


def officer_may_write(case: Case, written_before_close: bool = False) -> bool:
    """The one rule of when an officer may write: with the user's consent, or when there is danger or a
    child (urgent), in an open case. A message already written before the case closed (and the closing
    message itself) may still go out: the outbox checks again at send time with `written_before_close`."""
    if case.status == "closed" and not written_before_close:
        return False
    return case.consent == "yes" or case.priority == "urgent"


def officer_holds(session: Session, conversation_id: str) -> bool:
    """The one place that decides whether the bot or an officer answers a conversation: an officer took
    the chat over in its open case. While true, the bot says nothing in it (not even to a "/restart")."""
    case = current_case(session, conversation_id)
    return bool(case is not None and case.taken_over)


def strip_content(session: Session, conversation_id: str, reason: str) -> None:
    """After the conversation was erased: its cases keep only content-free fields, and an audit line says why.

    `reason` is a code: user_request (delete my data), exit_word, or retention.
    """
    for case in session.query(Case).filter(Case.conversation_id == conversation_id).all():
        session.query(CaseMessage).filter(CaseMessage.case_id == case.id).delete()
        # Officers' notes are about the person (where they stay, who they fear): they go too. A referral
        # keeps its service and status, for content-free figures, but not its free-text details.
        session.query(CaseNote).filter(CaseNote.case_id == case.id).delete()
        session.query(Referral).filter(Referral.case_id == case.id).update({Referral.sealed_note: None})
        case.conversation_id, case.updated_at = None, utcnow()
        case.source_ref = case.fingerprint = None   # derived from the address and the words
        audit.record(session, None, "conversation_erased", case_id=case.id, detail=reason)
