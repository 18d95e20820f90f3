"""The outbox: replies to WhatsApp and Telegram are stored, sealed, then sent in order with retries.

A reply is never lost when the provider or this process fails: it stays pending until the provider
accepts it or says that retrying cannot help. Rows of one conversation go out in order.
"""
from __future__ import annotations

import asyncio
import itertools
import json
import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Protocol

from sqlalchemy import and_, bindparam, func, or_, update
from sqlalchemy.orm import Session

from bot.conversation import events
from bot.conversation.cases import officer_may_write
from bot.conversation.events import CaseChanged
from bot.messaging import claims, leases, undelivered
from bot.messaging.messages import OutgoingMessage, SendResult
from bot.messaging.refs import provider_ref
from bot.settings import Settings
from bot.store import Case, Conversation, OutboundMessage, session_scope
from bot.store.models import utcnow
from bot.store.sealing import Sealer

WINDOW_CLOSED = undelivered.WINDOW_CLOSED
logger = logging.getLogger(__name__)

# 429s and 5xx are retried this long after the reply was queued, then it fails and an officer sees it.
GIVE_UP_AFTER = timedelta(hours=24)
MAX_BACKOFF_SECONDS = 300
MAX_RETRY_AFTER_SECONDS = 3600   # a provider asking for more is asked again after an hour
# Conversations sent to at once per channel (each one's rows stay in order, back to back).
SENDERS_PER_CHANNEL = 16
# A run's parts go out without a database step in between for this long after the claim: well within the lease
# (leases.LEASE, renewed by the heartbeat), so no other worker can have taken them back meanwhile.
CONFIRM_AFTER = leases.LEASE.total_seconds() / 3


# One claimed row and what to do with it: ("send", the provider request), ("refused", None), ("window", None).
Prepared = tuple[claims.Claim, str, dict | None]


@dataclass(frozen=True)
class PreparedRun:
    """What prepare_in claimed, and the refusals to log once its transaction is committed."""

    rows: list[Prepared]
    refusals: list[str]


class ChannelAdapter(Protocol):
    """What the outbox needs of a channel."""

    name: str
    # Hours after the user's last message during which free-form replies are allowed (None: no limit).
    window_hours: int | None

    def build(self, address: str, message: OutgoingMessage) -> list[dict]:
        """The provider requests that carry one reply."""

    async def send(self, request: dict) -> SendResult:
        """Send one request."""

    def reengagement(self, address: str) -> dict | None:
        """The neutral template allowed outside the window, or None when none is configured."""


def enqueue(session: Session, sealer: Sealer, adapter: ChannelAdapter, conversation_id: str, address: str,
            replies: Iterable[OutgoingMessage], reply_to: int) -> int:
    """Queue the answer to one received message (`reply_to`, its inbound row id)."""
    count = 0
    # Due from now, set here rather than by the column's default at the flush: a claim later in the same
    # transaction (prepare_in, whose "now" comes before that flush) must find them due.
    now = utcnow()
    for reply in replies:
        for request in adapter.build(address, reply):
            session.add(OutboundMessage(channel=adapter.name, conversation_id=conversation_id, reply_to=reply_to,
                                        sealed_message=sealer.seal(json.dumps(request)), created_at=now,
                                        next_attempt_at=now))
            count += 1
    return count


def enqueue_officer_reply(session: Session, sealer: Sealer, requests: Iterable[dict], conversation_id: str,
                          channel: str, case: Case) -> list[OutboundMessage]:
    """Queue an officer's message in the case's conversation (for the web chat, the page collects it).

    The rows carry the case, and never_first checks it again when each one goes out.
    """
    if never_first_officer(case) is not None:
        raise PermissionError("the officer may not write in this conversation")
    rows = [OutboundMessage(channel=channel, conversation_id=conversation_id, officer_case_id=case.id,
                            sealed_message=sealer.seal(json.dumps(request))) for request in requests]
    session.add_all(rows)
    session.flush()
    return rows


def never_first(row: OutboundMessage, case: Case | None = None) -> str | None:
    """The one guard every outgoing message passes: None to send, or why it may not go.

    The bot only answers: a row must answer a received message, or be the neutral template that
    stands in for such an answer outside WhatsApp's window. An officer's message goes out only in
    the case's own conversation, with the user's consent or when the case is urgent (`case` is the
    row's officer_case_id). The WhatsApp window applies to officers' messages too (Outbox._send_one).
    """
    if row.is_template or row.reply_to is not None:
        return None
    if row.officer_case_id is not None:
        if case is None or case.id != row.officer_case_id or case.conversation_id != row.conversation_id:
            return "not_the_case_conversation"
        return never_first_officer(case)
    return "not_a_reply"


def officer_case_of(session: Session, row: OutboundMessage) -> Case | None:
    """The case an officer's row was written for (what never_first checks it against), or None."""
    return session.get(Case, row.officer_case_id) if row.officer_case_id is not None else None


def never_first_officer(case: Case) -> str | None:
    # A case closed after the officer wrote still lets that message (and the closing one) go out.
    return None if officer_may_write(case, written_before_close=True) else "no_consent"


def take_webchat_messages(session: Session, sealer: Sealer, conversation_id: str, after: int) -> list[dict]:
    """The web chat page collects officers' messages: rows up to `after` were received and are cleared.

    Returns [{"id", "text"}] of the pending rows after `after`, each passed through never_first.
    A row stays until the page confirms it (by asking again with a higher `after`): nothing is lost
    when a phone drops the connection mid-answer.
    """
    rows = (session.query(OutboundMessage)
            .filter(OutboundMessage.channel == "webchat", OutboundMessage.conversation_id == conversation_id,
                    OutboundMessage.status == "pending")
            .order_by(OutboundMessage.id).all())
    messages = []
    for row in rows:
        if row.id <= after:
            row.status, row.sent_at, row.sealed_message = "sent", utcnow(), ""
            continue
        refusal = never_first(row, officer_case_of(session, row))
        if refusal:
            row.status, row.last_error = "failed", refusal
            logger.warning("outbox refused a web chat message reason=%s", refusal)
            continue
        messages.append({"id": row.id, "text": json.loads(sealer.open(row.sealed_message))["text"]})
    return messages


def backoff(attempts: int, retry_after: float | None) -> timedelta:
    """How long to wait before the next try: the provider's Retry-After when it gave one (up to an hour), otherwise
    doubling from 2 seconds up to 5 minutes (a 24-hour outage is then tried about 300 times)."""
    if retry_after is not None:
        return timedelta(seconds=max(0.0, min(float(retry_after), MAX_RETRY_AFTER_SECONDS)))
    return timedelta(seconds=min(2 ** min(attempts, 16), MAX_BACKOFF_SECONDS))


_OUTBOX = OutboundMessage.__table__
# A send the provider took, stored by the attempt that holds the row (compare-and-set). Built once: see
# bot/messaging/inbox_claims.py on why. Without a provider id the row keeps its provider_ref.
_SENT = (update(_OUTBOX)
         .where(_OUTBOX.c.id == bindparam("row_id"), _OUTBOX.c.attempt_id == bindparam("attempt"),
                _OUTBOX.c.status == "sending")
         .values(status="sent", sent_at=bindparam("sent_at", type_=_OUTBOX.c.sent_at.type), last_error=None,
                 sealed_message="", provider_message_ids=bindparam("ids", type_=_OUTBOX.c.provider_message_ids.type),
                 worker_id=None, lease_until=None,
                 provider_ref=func.coalesce(bindparam("ref", type_=_OUTBOX.c.provider_ref.type),
                                            _OUTBOX.c.provider_ref)))


class Outbox:
    """Sends the outbox's rows: each conversation's due rows back to back, in order; conversations concurrently,
    at most SENDERS_PER_CHANNEL at once per channel (a slow provider holds up only its own channel)."""

    def __init__(self, settings: Settings, sealer: Sealer, adapters: dict[str, ChannelAdapter],
                 worker_id: str | None = None) -> None:
        self.settings = settings
        self.sealer = sealer
        self.adapters = adapters
        self.worker_id = worker_id or leases.process_worker_id()
        self._senders = {channel: asyncio.Semaphore(SENDERS_PER_CHANNEL) for channel in adapters}
        # Blocking sends (_send_parts): a thread for each sender that may run at once, apart from asyncio's own
        # (there the database steps of 20 conversations' turns would hold them up).
        self._send_threads = ThreadPoolExecutor(max_workers=max(1, SENDERS_PER_CHANNEL * len(adapters)),
                                                thread_name_prefix="outbox-send")
        self.interrupted_sends = 0   # rows taken back from a worker that died mid-send (at-least-once)

    def due_conversations(self) -> list[tuple[str, str]]:
        """(conversation id, channel) of each conversation with a row to send now."""
        with session_scope(self.settings.database_url) as session:
            return claims.due_conversations(session, list(self.adapters), utcnow())

    async def send_due(self) -> int:
        """Send what is due now, every conversation drained concurrently; returns how many rows were sent."""
        counts = await asyncio.gather(*(self.drain(conversation_id, channel)
                                        for conversation_id, channel in self.due_conversations()))
        return sum(counts)

    async def drain(self, conversation_id: str, channel: str, claimed: list[Prepared] | None = None) -> int:
        """Send one conversation's due rows back to back, in order, until none is due or one must wait for a retry;
        returns how many were sent. The rows due at once (a multi-part reply) are claimed in one transaction; the
        database steps run in a thread: a commit never stalls other sends. `claimed`: the first run, claimed
        already (prepare_in, then prepared)."""
        sent = 0
        async with self._senders[channel]:
            while True:
                run = claimed or await asyncio.to_thread(self._prepare, conversation_id)
                claimed = None
                if not run:
                    return sent
                try:
                    count, outcome = await self._send_run(run)
                except Exception:
                    # An unforeseen failure (not a provider's answer: those are recorded): the rows this attempt
                    # still holds go back to pending for the next pass. Held, they would be renewed by this worker's
                    # heartbeat and never sent while it lives. (A send it interrupted may go twice: at-least-once.)
                    await asyncio.to_thread(self._give_back, [claim for claim, _, _ in run])
                    raise
                sent += count
                if outcome == "retry" or (outcome != "stop" and len(run) < claims.RUN_LIMIT):
                    # All of the run went, and nothing was left behind it: done, without a transaction to find that
                    # out. Rows queued meanwhile start a sender of their own (the worker runs it after this one:
                    # DeliveryWorker._again), or are found by the worker's scan.
                    return sent
                # Otherwise claimed afresh: the rows behind a full run, or the template that replaced a closed window.

    async def _send_run(self, run: list[Prepared]) -> tuple[int, str]:
        """Send a claimed run in order, back to back; returns how many were sent and the last outcome.

        Nothing waits for the database between two parts: the parts the provider took are stored together, in one
        transaction, after the run (a store a part, each behind SQLite's one write lock while other conversations'
        turns wrote: 26 ms at the median, up to 0.2 s, measured with 20 at once; the part after next waited for it).
        A part the provider did not take, or one that is not sent (refused, outside the window), is stored after
        those taken before it, and decides whether the rest goes. That holds only while this worker's lease on the
        rows certainly holds: once CONFIRM_AFTER has passed since the claim (a slow provider), what was taken is
        stored and the lease of the rest renewed before the next part goes; a lease found lost stops the run. A
        crash mid-run sends again the parts taken but not yet stored (at-least-once, as the README says)."""
        sent, outcome = 0, "done"
        taken: list[tuple[claims.Claim, SendResult]] = []
        held_since = min((claim.taken_at for claim, _, _ in run), default=time.monotonic())

        async def store_taken(rest: list[claims.Claim]) -> bool:
            """Store the parts taken so far as sent, and renew the lease of `rest`; False when the lease was lost."""
            nonlocal sent, taken, held_since
            confirmed_at = time.monotonic()   # before the renewal: the lease holds at least LEASE after this
            batch, taken = taken, []
            try:
                count, held = await asyncio.to_thread(self._record_taken, batch, rest)
            except asyncio.CancelledError:
                raise   # the thread stores them all the same: not stored a second time below
            except BaseException:
                taken = batch + taken   # not stored: tried once more below
                raise
            sent, held_since = sent + count, confirmed_at
            return held

        try:
            index = 0
            while index < len(run):
                claim, verdict, request = run[index]
                behind = [later for later, _, _ in run[index + 1:]]
                must_store = verdict != "send" or request is None or not _lease_sure(held_since)
                if taken and must_store and not await store_taken([claim, *behind]):
                    return sent, "retry"   # another worker holds the rest now
                if verdict != "send" or request is None:
                    outcome = await self._send_claimed(claim, verdict, request, behind)
                    index += 1
                else:
                    adapter = self.adapters[claim.channel]
                    # This part and the plain sends right behind it (not a refusal, not outside the window)
                    parts = list(itertools.takewhile(lambda part: part[1] == "send" and part[2] is not None,
                                                     run[index:]))
                    requests = [part_request for _, _, part_request in parts if part_request is not None]
                    results, error = await self._send_parts(adapter, requests, held_since)
                    taken += [(part[0], result) for part, result in zip(parts, results, strict=False) if result.ok]
                    if error is not None:
                        raise error
                    index += len(results)
                    if results[-1].ok:
                        outcome = "sent"   # counted once stored
                        continue
                    claim, behind = parts[len(results) - 1][0], [later for later, _, _ in run[index:]]
                    if taken and not await store_taken([claim, *behind]):
                        return sent, "retry"
                    outcome = await self._stored(asyncio.to_thread(self._record, claim, adapter, results[-1], behind))
                sent += outcome == "sent"
                if outcome in ("retry", "stop"):
                    break
            if taken and not await store_taken([]):
                outcome = "retry"
        except BaseException:
            # (Cancelled, the server stopping, while a thread sends: what that thread sends is not known here; those
            # rows stay claimed and are sent again by the next start, as after a crash.)
            if taken:   # what the provider took is stored as sent, never given back to be sent again
                await asyncio.to_thread(self._record_taken, taken, [])
            raise
        return sent, outcome

    async def _send_parts(self, adapter: ChannelAdapter, requests: list[dict], held_since: float
                          ) -> tuple[list[SendResult], BaseException | None]:
        """Send requests in order, back to back, until one is not taken or CONFIRM_AFTER has passed since
        `held_since` (the lease is then confirmed before the next); returns the results (at least one) and the
        exception that stopped them, if one did. An adapter that cannot send blocking sends the first only.

        An adapter that can send blocking (WhatsApp) sends them from a thread of this outbox's own: on the event
        loop each await of a send waited behind the other conversations' work (Rasa answering them), so that with
        20 conversations at once a send to a provider that answers at once took 55 ms at the median, up to 450 ms,
        and the parts of a reply spread over up to 0.7 s. A thread waits only for Python's lock (a few ms)."""
        blocking = getattr(adapter, "send_blocking", None)
        if blocking is not None:
            return await asyncio.get_running_loop().run_in_executor(self._send_threads, _send_in_order, blocking,
                                                                    requests, held_since)
        return [await adapter.send(requests[0])], None   # one at a time: _send_run's loop decides on the next

    async def _stored(self, recording: Awaitable[tuple[str, list[Any]]]) -> str:
        """The outcome of a _record under way; its desk events are published here, in the loop (the desk's
        listeners are not thread-safe)."""
        outcome, found = await recording
        for event in found:
            events.publish(event)
        return outcome

    def _give_back(self, run: list[claims.Claim]) -> None:
        with session_scope(self.settings.database_url) as session:
            given = claims.release(session, run)
        logger.error("outbox send failed unexpectedly: %s rows given back channel=%s", given, run[0].channel)

    def _prepare(self, conversation_id: str) -> list[Prepared]:
        """Claim the conversation's due rows and read what to send, in a transaction of its own."""
        with session_scope(self.settings.database_url) as session:
            run = self.prepare_in(session, conversation_id)
        return self.prepared(run)

    def prepare_in(self, session: Session, conversation_id: str) -> PreparedRun:
        """Claim the conversation's due rows (the next one and those right behind it) and read what to send, in the
        caller's transaction: per row (the claim, "send" with the request, or "refused" by never_first (failed
        here), or "window": outside WhatsApp's window). Hand the result to `prepared` once committed.

        The inbox claims a turn's replies this way in the transaction that stores them (bot/messaging/worker.py):
        the first part goes out without a transaction of its own in between."""
        prepared: list[Prepared] = []
        refusals: list[str] = []
        run = claims.claim_run(session, conversation_id, list(self.adapters), self.worker_id)
        if not run:
            return PreparedRun([], [])
        conversation = session.get(Conversation, conversation_id)
        window_hours = self.adapters[run[0].channel].window_hours
        for claim in run:
            row = session.get(OutboundMessage, claim.row_id)
            # A conversation wiped by its exit word is gone, but its "OK." answers a message just received.
            last_user_message = _aware(conversation.last_message_at if conversation else row.created_at)
            refusal = never_first(row, officer_case_of(session, row))
            if refusal:
                (session.query(OutboundMessage).filter(OutboundMessage.id == claim.row_id)
                 .update({"status": "failed", "last_error": refusal, "worker_id": None, "lease_until": None},
                         synchronize_session=False))
                refusals.append(refusal)
                prepared.append((claim, "refused", None))
            elif not row.is_template and past_window(last_user_message, window_hours, utcnow()):
                prepared.append((claim, "window", None))
            else:
                prepared.append((claim, "send", json.loads(self.sealer.open(row.sealed_message))))
        return PreparedRun(prepared, refusals)

    def queue_claimed(self, session: Session, adapter: ChannelAdapter, conversation_id: str, address: str,
                      replies: list[OutgoingMessage], reply_to: int) -> PreparedRun:
        """enqueue the answer to a received message and claim it for sending, in the caller's transaction (the
        inbox's, which also ends the message's work): what prepare_in would claim once the rows were stored, without
        reading them back. When a row of the conversation waits already, or the conversation is outside the
        channel's window, the rows are queued and claimed the ordinary way (prepare_in). Hand the result to
        `prepared` once committed."""
        now = utcnow()
        if (adapter.name not in self.adapters or claims.has_unfinished(session, conversation_id)
                or not self._within_window(session, adapter, conversation_id, now)):
            enqueue(session, self.sealer, adapter, conversation_id, address, replies, reply_to)
            return self.prepare_in(session, conversation_id)
        requests = [request for reply in replies for request in adapter.build(address, reply)]
        # As claims.claim_run would take them: the send intent (status, worker, lease, attempt) stored with the rows.
        attempt_id, until = claims.new_attempt_id(), leases.lease_until(now)
        rows = []
        for index, request in enumerate(requests):
            row = OutboundMessage(channel=adapter.name, conversation_id=conversation_id, reply_to=reply_to,
                                  sealed_message=self.sealer.seal(json.dumps(request)), created_at=now,
                                  next_attempt_at=now, status="pending", attempts=0)
            if index < claims.RUN_LIMIT:   # a longer answer's rest is claimed after these, as claim_run does
                row.status, row.worker_id, row.lease_until = "sending", self.worker_id, until
                row.attempt_id, row.attempts = attempt_id, 1
            rows.append(row)
        session.add_all(rows)
        session.flush()
        # A reply to a received message passes never_first (it answers one), inside the window checked above.
        return PreparedRun([(claims.Claim(row.id, conversation_id, adapter.name, attempt_id, False), "send", request)
                            for row, request in zip(rows[:claims.RUN_LIMIT], requests, strict=False)], [])

    def _within_window(self, session: Session, adapter: ChannelAdapter, conversation_id: str, now: datetime) -> bool:
        """Free-form replies are allowed now (prepare_in's test, for rows created now)."""
        if adapter.window_hours is None:
            return True
        conversation = session.get(Conversation, conversation_id)
        # Wiped by its exit word: the "OK." answers a message just received.
        return conversation is None or not past_window(_aware(conversation.last_message_at), adapter.window_hours, now)

    def prepared(self, run: PreparedRun) -> list[Prepared]:
        """A run claimed by prepare_in, its transaction committed: noted and logged, ready for drain."""
        self.interrupted_sends += sum(claim.interrupted for claim, _, _ in run.rows)
        for refusal in run.refusals:
            logger.warning("outbox refused a message channel=%s reason=%s", run.rows[0][0].channel, refusal)
        return run.rows

    async def _send_claimed(self, claim: claims.Claim, verdict: str, request: dict | None,
                            behind: list[claims.Claim] | None = None) -> str:
        """One claimed row: "sent", "done" (it will not be sent: refused, failed for good), "stop" (the window
        closed: the neutral template replaces it and the rows behind) or "retry" (it waits; the rows behind it too).
        `behind`: the rows claimed with it that come after it; given back unless this one was sent or done."""
        adapter = self.adapters[claim.channel]
        if verdict == "refused":
            return "done"
        if verdict == "window" or request is None:   # outside the window: the neutral template instead
            await asyncio.to_thread(self._close_window, claim.row_id, adapter, claim.conversation_id, None,
                                    behind or [])
            return "stop"
        result = await adapter.send(request)
        outcome, found = await asyncio.to_thread(self._record, claim, adapter, result, behind or [])
        for event in found:   # in the loop: the desk's listeners are not thread-safe
            events.publish(event)
        return outcome

    def _record(self, claim: claims.Claim, adapter: ChannelAdapter, result: SendResult,
                behind: list[claims.Claim] | None = None) -> tuple[str, list[Any]]:
        """Store the provider's answer (only the attempt that holds the row may); returns the outcome and the
        desk events to publish. Unless the row was sent or is done, the rows claimed `behind` it are given back in
        the same transaction (they wait with it, or the window's handling takes them)."""
        if result.ok:
            return self._record_sent(claim, adapter, result, behind or []), []
        found: list[Any] = []
        with session_scope(self.settings.database_url) as session:
            row = session.get(OutboundMessage, claim.row_id)
            if row is None or row.attempt_id != claim.attempt_id or row.status != "sending":
                # Our lease ran out mid-send and another worker took the row: its outcome is the one kept.
                logger.warning("outbox send outcome dropped: lease lost channel=%s ok=%s", adapter.name, result.ok)
                claims.release(session, behind or [])
                return "retry", []
            row.worker_id, row.lease_until = None, None
            if result.error_code == "131047":
                row.status, row.last_error = "pending", WINDOW_CLOSED   # _close_window below fails it
                outcome = "stop"
            elif result.permanent or utcnow() - _aware(row.created_at) >= GIVE_UP_AFTER:
                # Permanent, or a day of 429s and 5xx: failed, and shown to an officer (never dropped silently).
                row.status = "failed"
                row.last_error = (result.error_code or "permanent")[:64] if result.permanent else "gave_up"
                found = undelivered.report(session, self.sealer, row, self.settings.default_language)
                outcome = "done"
            else:
                # 429 and 5xx (and network errors) wait and try again, for up to a day; so do the rows behind it.
                row.status, row.last_error = "pending", (result.error_code or "retry")[:64]
                row.next_attempt_at = utcnow() + backoff(row.attempts, result.retry_after)
                outcome = "retry"
            if outcome in ("retry", "stop"):
                claims.release(session, behind or [])
            last_error = row.last_error if row.status == "failed" else None
        # Channel and outcome only, never the content or the address.
        logger.info("outbox send channel=%s ok=%s error=%s", adapter.name, result.ok, result.error_code)
        if last_error is not None:
            logger.error("outbox reply not delivered channel=%s error=%s", adapter.name, last_error)
        if result.error_code == "131047":
            self._close_window(claim.row_id, adapter, claim.conversation_id)
        return outcome, found

    def _record_sent(self, claim: claims.Claim, adapter: ChannelAdapter, result: SendResult,
                     behind: list[claims.Claim]) -> str:
        """The provider took it: "sent", or "retry" when the lease was lost (the rows `behind` it are given back)."""
        count, held = self._record_taken([(claim, result)], [])
        if not held:
            with session_scope(self.settings.database_url) as session:
                claims.release(session, behind)
        return "sent" if count else "retry"

    def _record_taken(self, taken: list[tuple[claims.Claim, SendResult]], rest: list[claims.Claim]) -> tuple[int, bool]:
        """Parts the provider took, stored in one transaction (compare-and-set each: only the attempt that holds the
        row may, the sealing done before the transaction), and the lease of `rest` (the run's parts still to go)
        renewed in it. Returns how many were stored, and whether this worker still holds them all; when it does
        not (its lease ran out mid-run and another worker took the rows back), the rows of `rest` it still holds
        are given back."""
        updates = []
        for claim, result in taken:
            channel = claim.channel
            # Sent: the content is no longer needed. The provider's id is kept (sealed: a WhatsApp id encodes the
            # number) so the bot's messages can be deleted from a Telegram chat later.
            ids = [result.provider_message_id] if result.provider_message_id else []
            # A status webhook may still report it failed (outside the window): it finds the row by provider_ref.
            ref = (provider_ref(channel, result.provider_message_id, self.settings.pseudonym_key)
                   if result.provider_message_id else None)
            updates.append({"row_id": claim.row_id, "attempt": claim.attempt_id, "sent_at": utcnow(),
                            "ids": self.sealer.seal(json.dumps(ids)), "ref": ref})
        with session_scope(self.settings.database_url) as session:
            won = sum(session.execute(_SENT, values).rowcount for values in updates)
            renewed = claims.renew(session, rest)
            held = won == len(taken) and renewed == len(rest)
            if not held:
                claims.release(session, rest)
        for claim, _ in taken:   # channel and outcome only, never the content or the address
            logger.info("outbox send channel=%s ok=True error=None", claim.channel)
        if won < len(taken):
            # Our lease ran out mid-send and another worker took the rows: its outcome is the one kept.
            logger.warning("outbox send outcome dropped: lease lost channel=%s ok=True", taken[0][0].channel)
        return won, held

    def closed_window_reported(self, channel: str, provider_message_id: str) -> bool:
        """A status webhook says one of our sent messages failed because the 24-hour window had closed (131047):
        handled as that answer to the send would have been. The row fails (an officer's message shows as not
        delivered in the desk); the neutral template takes the place of it and of what waits behind it.
        True when a template was queued. A repeated report, or one about a message we do not hold, does nothing."""
        adapter = self.adapters.get(channel)
        if adapter is None or not provider_message_id:
            return False
        ref = provider_ref(channel, provider_message_id, self.settings.pseudonym_key)
        with session_scope(self.settings.database_url) as session:
            row = (session.query(OutboundMessage)
                   .filter(OutboundMessage.channel == channel, OutboundMessage.provider_ref == ref).first())
            if row is None or row.last_error == WINDOW_CLOSED:
                logger.info("outbox late window-closed report ignored channel=%s known=%s", channel, row is not None)
                return False
            row.status, row.last_error = "failed", WINDOW_CLOSED
            row_id, conversation_id, answered = row.id, row.conversation_id, row.reply_to
            is_template, case_id = row.is_template, row.officer_case_id
        if case_id is not None:
            events.publish(CaseChanged(case_id))   # the desk shows the officer that it did not arrive
        if is_template:
            logger.warning("outbox template reported undelivered channel=%s", channel)
            return False
        return self._close_window(row_id, adapter, conversation_id, answered)

    def _close_window(self, row_id: int, adapter: ChannelAdapter, conversation_id: str,
                      answered: int | None = None, behind: list[claims.Claim] | None = None) -> bool:
        """Outside the window: this conversation's pending free-form rows fail; the neutral template replaces them
        (once: not when one is already waiting, or was sent, from `row_id` on). True when a template was queued.
        `behind`: rows claimed with `row_id`, given back first so that they are handled like the others."""
        with session_scope(self.settings.database_url) as session:
            claims.release(session, behind or [])
            rows = (session.query(OutboundMessage)
                    .filter(OutboundMessage.conversation_id == conversation_id, OutboundMessage.id >= row_id,
                            # the row that met the closed window is still held by its sender
                            or_(OutboundMessage.status == "pending",
                                and_(OutboundMessage.id == row_id, OutboundMessage.status == "sending"))).all())
            conversation = session.get(Conversation, conversation_id)
            for row in rows:
                if not row.is_template:
                    row.status, row.last_error, row.worker_id, row.lease_until = "failed", WINDOW_CLOSED, None, None
            later_template = (session.query(OutboundMessage.id)
                              .filter(OutboundMessage.conversation_id == conversation_id, OutboundMessage.is_template,
                                      OutboundMessage.id >= row_id, OutboundMessage.status != "failed").first())
            template = None
            if conversation is not None and conversation.sealed_address and later_template is None:
                template = adapter.reengagement(self.sealer.open(conversation.sealed_address))
            if template is not None:
                if answered is None:
                    answered = next((r.reply_to for r in rows if r.reply_to is not None), None)
                session.add(OutboundMessage(channel=adapter.name, conversation_id=conversation_id, is_template=True,
                                            reply_to=answered, sealed_message=self.sealer.seal(json.dumps(template))))
        logger.info("outbox window closed channel=%s template=%s", adapter.name, template is not None)
        return template is not None


def _lease_sure(held_since: float) -> bool:
    """The run's lease certainly still holds: CONFIRM_AFTER has not passed since it was taken or confirmed."""
    return time.monotonic() - held_since <= CONFIRM_AFTER


def _go_on(result: SendResult, held_since: float) -> bool:
    """The next part of a run may go now: this one was taken, and the lease certainly holds."""
    return result.ok and _lease_sure(held_since)


def _send_in_order(send: Callable[[dict], SendResult], requests: list[dict], held_since: float
                   ) -> tuple[list[SendResult], BaseException | None]:
    """Outbox._send_parts, in a thread: the same stops."""
    results: list[SendResult] = []
    try:
        for request in requests:
            results.append(send(request))
            if not _go_on(results[-1], held_since):
                break
    except Exception as error:   # handed back: the parts taken before it are stored first
        if not results:
            raise
        return results, error
    return results, None


def past_window(last_user_message: datetime, window_hours: int | None, now: datetime) -> bool:
    """Free-form replies are no longer allowed: the channel's window since the user's last message has passed."""
    return window_hours is not None and now - last_user_message > timedelta(hours=window_hours)


def _aware(moment: datetime | None) -> datetime:
    """SQLite returns naive datetimes for timezone-aware columns; they were stored in UTC."""
    if moment is None:
        return datetime.min.replace(tzinfo=timezone.utc)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
