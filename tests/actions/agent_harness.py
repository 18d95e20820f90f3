"""Drives the trained agent through bot.conversation.pipeline.Pipeline, with the real actions run in this process.

The action server's HTTP hop is the only thing replaced: Rasa's RemoteAction calls `request()` on its
endpoint, and this endpoint hands the same JSON (round-tripped, as over the wire) to rasa_sdk's own
executor with the `actions` package registered, so every form, validation and action runs for real.
"""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rasa.core.agent import Agent
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.utils.endpoints import EndpointConfig
from rasa_sdk.executor import ActionExecutor

from bot.conversation.content import content_for
from bot.conversation.messages import IncomingMessage
from bot.conversation.pipeline import Pipeline
from bot.settings import get_settings
from bot.store import Case, create_schema, session_scope
from bot.store.sealing import Sealer, new_key
from bot.store.tracker_store import AmaneTrackerStore


class InProcessActions(EndpointConfig):
    """An action endpoint that runs the actions here instead of over HTTP."""

    def __init__(self) -> None:
        super().__init__(url="http://in-process.invalid/webhook")
        self.executor = ActionExecutor()
        self.executor.register_package("actions")

    async def request(self, method: str = "post", subpath: Any = None, content_type: Any = "application/json",
                      compress: bool = False, **kwargs: Any) -> Any:
        call = json.loads(json.dumps(kwargs["json"]))
        return json.loads(json.dumps(await self.executor.run(call)))


def load_agent(model: Path, data_dir: Path) -> Agent:
    """The trained model, the real actions, and the sealed SQL tracker store the server uses."""
    data_dir.mkdir(parents=True, exist_ok=True)
    store = AmaneTrackerStore(dialect="sqlite", db=str(data_dir / "trackers.db"), sealer=Sealer([new_key()]))
    return Agent.load(str(model), action_endpoint=InProcessActions(), tracker_store=store)


@dataclass
class Conversation:
    """One person writing through the pipeline, as a channel would pass their messages."""

    agent: Agent
    channel: str = "webchat"
    sender: str = field(default_factory=lambda: "scr" + uuid.uuid4().hex)

    def __post_init__(self) -> None:
        create_schema(get_settings().database_url)
        self.pipeline = Pipeline(get_settings(), self.agent)
        self.conversation_id = self.pipeline.conversation_id(self._inbound(""))

    def _inbound(self, text: str) -> IncomingMessage:
        return IncomingMessage(self.channel, self.sender, text, external_id=None)

    async def say(self, text: str) -> list[dict[str, Any]]:
        """The replies the person sees (control payloads are kept back by the pipeline)."""
        output = CollectingOutputChannel()
        await self.pipeline.handle(self._inbound(text), output)
        return output.messages

    async def tracker(self) -> Any:
        return await self.agent.tracker_store.retrieve(self.conversation_id)

    def case(self) -> dict[str, Any]:
        """The conversation's case as officers see it, or {} when none was opened."""
        with session_scope(get_settings().database_url) as session:
            case = (session.query(Case).filter(Case.conversation_id == self.conversation_id)
                    .order_by(Case.id.desc()).first())
            if case is None:
                return {}
            return {"priority": case.priority, "indicators": json.loads(case.indicators),
                    "consent": case.consent, "status": case.status}


def texts(messages: list[dict[str, Any]]) -> list[str]:
    return [m["text"] for m in messages if m.get("text")]


def buttons(messages: list[dict[str, Any]]) -> list[str]:
    """The payloads of the last message's buttons."""
    with_text = [m for m in messages if m.get("text")]
    return [b["payload"] for b in (with_text[-1].get("buttons") or [])] if with_text else []


def say(key: str, language: str) -> list[str]:
    """What the content says for a key, in a language (or "ary_latn"): what a reply is compared with."""
    return content_for(get_settings()).messages(key, language)
