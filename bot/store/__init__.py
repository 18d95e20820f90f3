"""The project's own tables (SQLAlchemy 1.4: SQLite by default, PostgreSQL in production)."""
from bot.store import desk_models  # noqa: F401  (registers the desk tables on Base for create_schema)
from bot.store.db import create_schema, session_scope
from bot.store.models import Case, CaseMessage, Conversation, InboundMessage, OutboundMessage

__all__ = ["Case", "CaseMessage", "Conversation", "InboundMessage", "OutboundMessage", "create_schema", "session_scope"]
