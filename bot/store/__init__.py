"""The project's own tables (SQLAlchemy 1.4: SQLite by default, PostgreSQL in production)."""
from bot.store import desk_models  # noqa: F401  (registers the desk tables on Base, which reseal walks)
from bot.store.db import create_schema, session_scope
from bot.store.models import Case, CaseMessage, CaseNote, Conversation, InboundMessage, OutboundMessage, Referral

__all__ = ["Case", "CaseMessage", "CaseNote", "Conversation", "InboundMessage", "OutboundMessage", "Referral",
           "create_schema", "session_scope"]
