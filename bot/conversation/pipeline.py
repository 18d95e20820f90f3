"""The path of every inbound message, whatever its channel: dedupe, pseudonymise, language, then Rasa.

Risk and intent are computed inside Rasa's NLU graph (bot.nlu.annotator), so that
`python -m bot parse` and the live server share them.
"""
from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.conversation import cases, control, events
from bot.conversation.content import content_for, form_language, form_script, reply_form
from bot.conversation.erasure import delete_conversation_rows
from bot.conversation.events import CaseChanged, CaseOpened
from bot.conversation.fresh_start import FRESH_START, append_events
from bot.conversation.messages import IncomingMessage, language_evidence
from bot.conversation.privacy import pseudonymise_sender
from bot.conversation.records import ensure_conversation, record_delivery
from bot.nlu.language import LanguageGuess, detect_language, requested_language
from bot.nlu.language.script import SCRIPT_ARABIC, SCRIPT_LATIN, message_script, requested_script
from bot.nlu.spelling import normalise
from bot.settings import Settings
from bot.store import Conversation, OutboundMessage, session_scope
from bot.store.duty import someone_on_duty
from bot.store.models import utcnow
from bot.store.sealing import Sealer, sealer_for
from bot.store.tracker_store import erase_conversation

logger = logging.getLogger(__name__)


# A duress word means danger the user cannot show: urgent, whatever the text says.
DURESS_RISK = {"escalate": True, "priority": "urgent", "indicators": [], "danger": False}


class DuplicateDelivery(Exception):
    """The channel's message id was recorded before: a retry, already answered."""


@dataclass(frozen=True)
class Outcome:
    status: str                 # processed | duplicate
    conversation_id: str
    language: str               # the form replies took: a language, or "ary_latn" (Darija in Latin letters)


@dataclass(frozen=True)
class LanguageChoice:
    reply_language: str     # fr, en, ar or ary: what is counted and shown as the conversation's language
    detected: LanguageGuess
    locked: bool
    script: str | None = None  # for Darija, the script replies are written in ("latn" or "arab"); else None

    @property
    def form(self) -> str:
        """The content form replies take ("ary_latn" for Darija in Latin letters), kept as the conversation's."""
        return reply_form(self.reply_language, self.script)


@dataclass(frozen=True)
class TurnStart:
    """What the turn needs from the database, read in one transaction as the message is noted."""

    language: LanguageChoice
    held_by_officer: bool   # an officer took the chat over: the bot stays silent
    officer_on_duty: bool   # someone is at the desk: the bot may say a person will answer soon
    fresh_start: bool = False   # the chat just came back from an officer: forget the bot's pending question


def choose_reply_language(text: str, current: str | None, locked: bool, default: str) -> LanguageChoice:
    """An explicit request switches for good; otherwise replies follow the message's language, and Darija the
    script of the person's last Darija message. `current` is the conversation's form (a language, or "ary_latn")."""
    current_language, current_script = form_language(current), form_script(current)
    if text.startswith("/"):
        # A button's payload ("/ask_rights") says nothing about the language the person reads: the conversation's,
        # or before any (the web chat's menu on open) the default, which is the page's language when it tells one.
        kept = current or default
        return LanguageChoice(form_language(kept) or kept, LanguageGuess(form_language(kept) or kept, True,
                                                                          "payload:kept-previous"),
                              locked and bool(current), form_script(kept))
    # The default may be a form too: the web chat page's "ary_latn".
    default_language, default_script = form_language(default) or default, form_script(default)
    detected = detect_language(text, previous=current_language, default=default_language)
    requested = requested_language(text)
    script_request = requested_script(text)
    written = message_script(text)
    if requested == "ar" and detected.language == "ary" and written == SCRIPT_LATIN and script_request is None:
        # "ktb b l3arbiya": someone who writes Darija in Latin letters and asks for Arabic asks for its letters.
        requested, script_request = None, SCRIPT_ARABIC
    if script_request and requested in (None, "ary") and "ary" in (requested, detected.language, current_language):
        return LanguageChoice("ary", detected, True, script_request)
    if requested:
        script = (written or current_script or SCRIPT_ARABIC) if requested == "ary" else None
        return LanguageChoice(requested, detected, True, script)
    if locked and current_language:
        return LanguageChoice(current_language, detected, True, current_script)
    if few_words_of_darija_after_msa(detected, current_language, written):
        return LanguageChoice("ar", detected, False)
    if detected.language != "ary":
        return LanguageChoice(detected.language, detected, False)
    # Only a message read as Darija by its own words changes the script: "ok" or "😢" in a Darija conversation
    # keeps the script it had.
    told = detected.recognised and not detected.reason.endswith(("kept-previous", "default"))
    script = (written if told else None) or current_script or default_script or written or SCRIPT_ARABIC
    return LanguageChoice("ary", detected, False, script)


def few_words_of_darija_after_msa(detected: LanguageGuess, current_language: str | None, written: str | None) -> bool:
    """A short Arabic-script reply that looks like Darija ("ماشي دابا", "واخا") in a conversation in MSA: whoever reads
    Darija reads MSA in the same letters, and a person who wrote MSA is answered in MSA until a message of their own
    words says otherwise. Not the other way: a Darija conversation may owe its Darija to a greeting alone
    (ARABIC_SCRIPT_PRIOR), which a short MSA reply corrects. A short message in Latin letters still brings Darija's
    Latin script (the script the person writes)."""
    return (current_language == "ar" and detected.language == "ary" and detected.reason == "short:cues"
            and written == SCRIPT_ARABIC)


class ControlAwareOutput(OutputChannel):
    """Passes replies to the channel's output, but keeps the actions' control payloads for the pipeline."""

    def __init__(self, inner: OutputChannel) -> None:
        self.inner = inner
        self.controls: list = []

    @classmethod
    def name(cls) -> str:
        return "amane"

    async def send_response(self, recipient_id: str, message: dict) -> None:
        custom = message.get("custom")
        if isinstance(custom, dict) and control.KEY in custom:
            self.controls.append(custom)
            return
        await self.inner.send_response(recipient_id, message)


class Pipeline:
    def __init__(self, settings: Settings, agent: Any) -> None:
        self.settings = settings
        self.agent = agent
        self._opened: set = set()   # ids of cases opened during this message

    def conversation_id(self, inbound: IncomingMessage) -> str:
        return pseudonymise_sender(inbound.channel, inbound.sender, self.settings.pseudonym_key)

    async def handle(self, inbound: IncomingMessage, output: OutputChannel) -> Outcome:
        """Record and process a message at once (the web chat, which answers in its HTTP response)."""
        conversation_id = self.conversation_id(inbound)
        try:
            return await self.process(inbound, conversation_id, output, note_delivery=bool(inbound.external_id))
        except DuplicateDelivery:
            logger.info("duplicate delivery ignored channel=%s", inbound.channel)
            return Outcome("duplicate", conversation_id, "")

    def is_exit_word(self, text: str) -> bool:
        return normalise(text.strip()) == normalise(self.settings.exit_word)

    def has_duress_word(self, text: str) -> bool:
        word = normalise(self.settings.duress_word.strip())
        return bool(word) and re.search(rf"(?<!\w){re.escape(word)}(?!\w)", normalise(text)) is not None

    async def process(self, inbound: IncomingMessage, conversation_id: str, output: OutputChannel,
                      note_delivery: bool = False) -> Outcome:
        """Language, then Rasa. The message was already recorded (the channels' inbox), or with `note_delivery`
        its id is recorded here, in the turn's first transaction; DuplicateDelivery when it was before."""
        if self.is_exit_word(inbound.text):
            if note_delivery and not self._first_delivery(inbound.channel, inbound.external_id or "", conversation_id):
                raise DuplicateDelivery
            return await self.exit(conversation_id, inbound.channel, output)
        start = self._start_turn(conversation_id, inbound, note_delivery)
        choice = start.language
        metadata = {
            "language": choice.reply_language,
            # Darija's script ("latn" or "arab"): the actions write in it (actions/turn.py).
            "script": choice.script,
            "detected_language": choice.detected.language,
            "foreign_language": choice.detected.foreign,
            # What the bot may promise about a person answering depends on someone being at the desk.
            "officer_on_duty": start.officer_on_duty,
        }
        guarded = ControlAwareOutput(output)
        # A pasted wall of text (WhatsApp allows 65,536 characters) is read up to the same limit as the
        # web chat: what matters is said early, and it bounds the time one message can take.
        text = inbound.text[: self.settings.max_message_chars]
        message = UserMessage(text, guarded, conversation_id, input_channel=inbound.channel, metadata=metadata)
        if start.held_by_officer:
            # An officer has the chat: the message joins the transcript and the bot says nothing.
            # log_message never predicts, so not even a "/restart" payload can wake the bot.
            async with self.agent.lock_store.lock(conversation_id):
                tracker = await self.agent.log_message(message)
            self._raise_if_danger(tracker, inbound, conversation_id, choice.reply_language)
        else:
            if start.fresh_start:
                await self._forget_pending(conversation_id)
            await self.agent.handle_message(message)
        self._finish_turn(guarded.controls, inbound, conversation_id, choice.reply_language)
        # Channel and language only: never the text, the sender or the pseudonym.
        logger.info("message handled channel=%s language=%s", inbound.channel, choice.reply_language)
        return Outcome("processed", conversation_id, choice.form)

    async def _forget_pending(self, conversation_id: str) -> None:
        """The chat came back from an officer (deactivated): drop the bot's pending question, then the mark.
        In that order, so that a crash between the two steps only repeats the first."""
        await append_events(self.agent, conversation_id, *FRESH_START)
        with session_scope(self.settings.database_url) as session:
            session.query(Conversation).filter(Conversation.id == conversation_id).update(
                {Conversation.fresh_start: False}, synchronize_session=False)

    def _raise_if_danger(self, tracker: Any, inbound: IncomingMessage, conversation_id: str, language: str) -> None:
        """While an officer holds the chat the bot is silent; danger in a message still raises the case
        to urgent, so that every officer's desk shows it if the one holding it has stepped away."""
        risk = (tracker.latest_message.parse_data or {}).get("risk") or {} if tracker.latest_message else {}
        if risk.get("danger") or risk.get("priority") == "urgent":
            with session_scope(self.settings.database_url) as session:
                cases.escalate(session, self._sealer(), conversation_id, inbound.channel, language, risk,
                               None, inbound.text)


    def _finish_turn(self, controls: list, inbound: IncomingMessage, conversation_id: str, language: str) -> None:
        """What the actions asked for (open or raise a case, record consent), the duress alarm, and the activity
        mark, in one transaction: one commit after Rasa's. A request to erase the conversation is carried out
        where it stands: what came before it first, then the erasure, then the rest of the turn."""
        kinds = [payload[control.KEY] for payload in controls]
        erase_at = kinds.index("erase_conversation") if "erase_conversation" in kinds else None
        with session_scope(self.settings.database_url) as session:
            for payload in controls[:erase_at]:
                self._apply(session, payload, inbound, conversation_id, language)
            if erase_at is None:
                activity = self._alarm_and_activity(session, inbound, conversation_id, language)
        if erase_at is not None:
            self.erase(conversation_id, reason="user_request")
            with session_scope(self.settings.database_url) as session:
                activity = self._alarm_and_activity(session, inbound, conversation_id, language)
        if activity is not None:
            # Once the turn is stored: the desk's live views refresh, the officers' group hears of a new case.
            case_id, summary = activity
            events.publish(CaseChanged(case_id))
            if case_id in self._opened:
                self._opened.discard(case_id)
                events.publish(CaseOpened(*summary))

    def _alarm_and_activity(self, session: Session, inbound: IncomingMessage, conversation_id: str, language: str
                            ) -> tuple[int, tuple] | None:
        """The duress word's alarm, then the activity mark of the open case: (case id, summary), or None."""
        if self.has_duress_word(inbound.text):
            # The reply was the ordinary one; only the case shows the alarm.
            self._note_opened(cases.escalate(session, self._sealer(), conversation_id, inbound.channel, language,
                                             DURESS_RISK, None, inbound.text, reason="duress"))
        case = cases.current_case(session, conversation_id)
        if case is None:
            return None
        case.last_activity_at = utcnow()
        return case.id, (case.id, case.priority, case.language, case.channel)

    def _apply(self, session: Session, payload: dict, inbound: IncomingMessage, conversation_id: str,
               language: str) -> None:
        """One control payload of the actions: open or raise a case, or record consent."""
        kind = payload[control.KEY]
        if kind == "escalate":
            self._note_opened(cases.escalate(session, self._sealer(), conversation_id, inbound.channel, language,
                                             payload.get("risk") or {}, payload.get("intent"), inbound.text,
                                             reason=payload.get("reason")))
        elif kind == "consent":
            cases.record_consent(session, conversation_id, payload["value"])

    def _note_opened(self, case: cases.Case) -> None:
        """Remember a case opened in this turn: officers' group is told once the turn is stored."""
        if getattr(case, "just_opened", False):
            self._opened.add(case.id)

    def _first_delivery(self, channel: str, external_id: str, conversation_id: str) -> bool:
        """Record the channel's message id; False when it was already recorded (a retry)."""
        try:
            with session_scope(self.settings.database_url) as session:
                record_delivery(session, channel, external_id, conversation_id,
                                self.settings.pseudonym_key)
            return True
        except IntegrityError:
            return False

    def _start_turn(self, conversation_id: str, inbound: IncomingMessage, note_delivery: bool = False) -> TurnStart:
        """Note the message on its conversation (reply language, last message time) and read, in the same
        transaction, whether an officer holds the chat and whether anyone is on duty.

        With `note_delivery` the message's id is recorded first in that transaction: one commit, so one wait
        for the disk, instead of two; and a turn that fails to start leaves no id behind that would make the
        client's retry look like a duplicate."""
        with session_scope(self.settings.database_url) as session:
            if note_delivery:
                try:
                    # The first write of the transaction: an IntegrityError here is the delivery's unique id.
                    record_delivery(session, inbound.channel, inbound.external_id or "", conversation_id,
                                    self.settings.pseudonym_key)
                except IntegrityError as error:
                    raise DuplicateDelivery from error
            conversation = ensure_conversation(session, conversation_id, inbound.channel)
            default = self.settings.default_language
            if conversation.language is None and inbound.client_language:
                default = inbound.client_language  # the user's app language, until a text tells one
            choice = choose_reply_language(
                language_evidence(inbound.text), conversation.language, bool(conversation.language_locked), default,
            )
            conversation.language = choice.form   # "ary_latn": Darija in Latin letters, kept for the next turn
            conversation.language_locked = choice.locked
            conversation.last_message_at = utcnow()
            held = cases.officer_holds(session, conversation_id)
            # A message the bot does not answer (an officer holds the chat again) leaves it for a later turn.
            return TurnStart(choice, held, someone_on_duty(session), bool(conversation.fresh_start) and not held)

    def touch_conversation(self, conversation_id: str, channel: str) -> str:
        """Note a message that does not go to Rasa; returns the conversation's reply language."""
        with session_scope(self.settings.database_url) as session:
            conversation = ensure_conversation(session, conversation_id, channel)
            conversation.last_message_at = utcnow()
            return conversation.language or self.settings.default_language

    async def exit(self, conversation_id: str, channel: str, output: OutputChannel) -> Outcome:
        """The exit word: an innocuous answer, and everything of the conversation wiped at once.

        Rasa never sees the word, so nothing of this turn is stored either.
        """
        with session_scope(self.settings.database_url) as session:
            conversation = session.get(Conversation, conversation_id)
            language = (conversation.language if conversation else None) or self.settings.default_language
        self.erase(conversation_id, reason="exit_word")
        for text in content_for(self.settings).messages("exit_reply", language):
            await output.send_text_message(conversation_id, text)
        logger.info("conversation wiped by the exit word channel=%s", channel)
        return Outcome("wiped", conversation_id, language)

    def sent_message_ids(self, conversation_id: str) -> list:
        """The provider ids of the bot's messages in this conversation, to delete them from the chat."""
        with session_scope(self.settings.database_url) as session:
            rows = (session.query(OutboundMessage.provider_message_ids)
                    .filter(OutboundMessage.conversation_id == conversation_id,
                            OutboundMessage.provider_message_ids.isnot(None)).all())
        return [message_id for (ids,) in rows for message_id in json.loads(self._sealer().open(ids))]

    def _sealer(self) -> Sealer:
        return sealer_for(self.settings.sealing_keys)

    def erase(self, conversation_id: str, reason: str) -> None:
        """Delete everything stored of one conversation: its tracker and its rows."""
        erase_conversation(self.agent.tracker_store, conversation_id)
        with session_scope(self.settings.database_url) as session:
            delete_conversation_rows(session, conversation_id, reason)
        logger.info("conversation erased at the user's request")
