"""Provider replays: how old a delivery may be, and the content-free fingerprints that outlive an erasure.

A WhatsApp body is signed but carries no nonce, and Telegram's secret is a fixed header: a captured delivery can
be sent again at will. Within a provider's redelivery window the inbox's unique key refuses a repeat, but the exit
word erases the inbox rows; so, at erasure, each row's keyed message-id hash (channel and id only: no sender, no
text) is kept here until the provider could no longer deliver that message, and a delivery older than its window
is never accepted at all.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

from sqlalchemy.orm import Session

from bot.conversation.privacy import fingerprint_message_id
from bot.store.models import DeliveryFingerprint, InboundMessage, utcnow

logger = logging.getLogger(__name__)

# How long after it was sent a provider may still deliver a message to us. Meta redelivers a webhook that did not
# get a 200 for up to 7 days: a shorter window would drop a real message after a weekend's outage (someone may
# have written for help). Telegram keeps an undelivered update for at most 24 hours.
REPLAY_WINDOWS = {"whatsapp": timedelta(days=7), "telegram": timedelta(hours=24)}
# Providers' clocks and ours differ a little: a message is too old only past its window and this margin.
CLOCK_MARGIN = timedelta(minutes=10)


def too_old(channel: str, sent_at: int | None, now: datetime) -> bool:
    """True when a delivery's own timestamp (Unix seconds) is older than its channel's window: a replay or a
    delivery the provider itself would no longer make. No timestamp (a Telegram button tap): not judged here."""
    window = REPLAY_WINDOWS.get(channel)
    if window is None or sent_at is None:
        return False
    try:
        sent = datetime.fromtimestamp(sent_at, timezone.utc)
    except (OverflowError, OSError, ValueError):  # beyond the platform's dates: no provider sent that
        return True
    return sent < now - window - CLOCK_MARGIN


def seen_before(session: Session, channel: str, external_id: str, key: bytes) -> bool:
    """Whether this provider id belongs to a conversation that was erased within its window."""
    fingerprint = fingerprint_message_id(channel, external_id, key)
    return session.get(DeliveryFingerprint, fingerprint) is not None


def keep_fingerprints(session: Session, conversation_id: str, now: datetime | None = None) -> int:
    """Before a conversation's inbox rows go: keep, for each row still within its window, the row's own keyed hash
    of the provider id (inbound_messages.external_id). Returns how many were kept."""
    now = now or utcnow()
    kept = 0
    rows = (session.query(InboundMessage.channel, InboundMessage.external_id, InboundMessage.received_at)
            .filter(InboundMessage.conversation_id == conversation_id,
                    InboundMessage.channel.in_(list(REPLAY_WINDOWS))))
    for channel, fingerprint, received_at in rows:
        # The provider sent it before we received it: received_at + window + margin is a safe end for its life.
        expires_at = _aware(received_at) + REPLAY_WINDOWS[channel] + CLOCK_MARGIN
        if expires_at <= now or session.get(DeliveryFingerprint, fingerprint) is not None:
            continue
        session.add(DeliveryFingerprint(fingerprint=fingerprint, channel=channel, expires_at=expires_at))
        kept += 1
    session.flush()
    return kept


def purge_fingerprints(session: Session, now: datetime | None = None) -> int:
    """Fingerprints whose message no provider could deliver any more: a repeat would be refused as too old."""
    purged = (session.query(DeliveryFingerprint).filter(DeliveryFingerprint.expires_at <= (now or utcnow()))
              .delete(synchronize_session=False))
    if purged:
        logger.info("replay fingerprints purged: %s", purged)
    return int(purged)


def _aware(moment: datetime) -> datetime:
    # SQLite gives back naive datetimes (stored as UTC).
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)
