"""Security foundation of the officer desk: accounts and throttled login, sessions with CSRF, audit log."""
from bot.desk.accounts import ROLES, authenticate, create_officer, hash_password, verify_password
from bot.desk.sessions import close_session, close_sessions_of, csrf_is_valid, officer_for, open_session
from bot.store.audit import entries_for_case, record

__all__ = [
    "ROLES", "authenticate", "close_session", "close_sessions_of", "create_officer", "csrf_is_valid",
    "entries_for_case", "hash_password", "officer_for", "open_session", "record", "verify_password",
]
