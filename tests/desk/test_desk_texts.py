"""The desk's labels: French, English and Arabic have the same keys, and every label the desk asks for exists."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.conversation.cases import CONSENT_VALUES, PRIORITY_RANK
from bot.desk.accounts import ROLES
from bot.desk.casework import (
    CHANNEL_FILTERS,
    CLOSED_ERASED,
    LANGUAGE_FILTERS,
    OWNER_FILTERS,
    PRIORITY_FILTERS,
    REFERRAL_SERVICES,
    REFERRAL_STATUSES,
    SORTS,
    STATUS_FILTERS,
)
from bot.desk.screening import ANSWERS
from bot.desk.web import views
from bot.desk.web.texts import LANGUAGES, table
from bot.nlu.risk.cues import INDICATORS
from bot.settings import ROOT
from bot.store.audit import REFUSAL_REASONS, REFUSED_LOGINS

WEB_DIR = ROOT / "bot" / "desk" / "web"
TEMPLATES = sorted((WEB_DIR / "templates").glob("*.html"))
WEB_CODE = sorted(WEB_DIR.glob("*.py"))


def keys_called(paths, pattern: str) -> set[str]:
    found: set[str] = set()
    for path in paths:
        found |= set(re.findall(pattern, Path(path).read_text(encoding="utf-8")))
    return found


def test_every_language_has_the_same_keys_and_no_empty_label() -> None:
    assert set(LANGUAGES) == {"fr", "en", "ar"}
    french = table("fr")
    for language in LANGUAGES:
        other = table(language)
        assert set(french) == set(other), (language, set(french) ^ set(other))
        assert all(text.strip() for text in other.values()), language
        # The same placeholders everywhere, or one language would crash where another works.
        for key in french:
            assert set(re.findall(r"{(\w+)}", french[key])) == set(re.findall(r"{(\w+)}", other[key])), (language, key)


def test_every_label_a_template_or_route_names_exists() -> None:
    assert TEMPLATES and WEB_CODE
    static = keys_called(TEMPLATES, r"""\bt\(\s*["']([a-z_.]+)["']\s*[,)]""")
    static |= keys_called(WEB_CODE, r"""texts\(\s*["']([a-z_.]+)["']\s*[,)]""")
    assert len(static) > 50   # the patterns did find the calls
    groups = keys_called(TEMPLATES, r"""\bt\.label\(\s*["']([a-z_]+)["']""")
    assert groups   # every group used by a template is checked code by code below
    for language in LANGUAGES:
        assert static - set(table(language)) == set(), language


def codes_in_source(pattern: str, *paths: Path) -> set[str]:
    return keys_called(paths, pattern)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_code_the_desk_shows_has_a_label(language: str) -> None:
    labels = table(language)
    expected = {
        "indicator": set(INDICATORS),
        "priority": set(PRIORITY_RANK),
        "consent": set(CONSENT_VALUES),
        "consent_mark": set(CONSENT_VALUES),
        "status": {"new", "claimed", "closed"},
        "channel": {"webchat", "whatsapp", "telegram"},
        "language": {"fr", "en", "ar", "ary"},
        "reason": {"risk", "request_human", "danger", "desk"},
        "service": set(REFERRAL_SERVICES),
        "referral_status": set(REFERRAL_STATUSES),
        "delivery": {"pending", "sent", "failed"},
        "case": {"who_user", "who_bot", "who_officer"},
        "nav": {f"role_{role}" for role in ROLES} | {f"lang_{code}" for code in LANGUAGES},
        "filter_priority": set(PRIORITY_FILTERS), "filter_status": set(STATUS_FILTERS),
        "filter_language": set(LANGUAGE_FILTERS), "filter_channel": set(CHANNEL_FILTERS),
        "filter_owner": set(OWNER_FILTERS), "filter_sort": set(SORTS), "language_short": set(LANGUAGE_FILTERS),
        "erased_reason": {"user_request", "exit_word", "retention"},
        "screening": {f"answer_{answer}" for answer in ANSWERS},
        # Refusals of the case rules, the hand-over and the desk itself, read from their source.
        "error": codes_in_source(r'CaseError\("([a-z_]+)"\)', ROOT / "bot" / "desk" / "casework.py",
                                 ROOT / "bot" / "desk" / "handoff.py", ROOT / "bot" / "desk" / "quick_replies.py",
                                 *WEB_CODE)
        | codes_in_source(r'PeriodError\("([a-z_]+)"\)', ROOT / "bot" / "desk" / "figures.py")
        | set(views.parse_filters({"priority": "x", "q": "x", "page": "x"})[1])
        | codes_in_source(r'errors\.append\("([a-z_]+)"\)', WEB_DIR / "audit_view.py")
        | codes_in_source(r'error_page\([^)]*?"([a-z_]+)"', *WEB_CODE),
        "done": codes_in_source(r'done="([a-z_]+)"', *WEB_CODE) | codes_in_source(r"[?]done=([a-z_]+)", *WEB_CODE),
        # Audit actions anyone records, for the history and the audit log.
        "action": codes_in_source(r'audit\.record\([^)]*?"([a-z_]+)"', *sorted((ROOT / "bot").rglob("*.py")))
        | {views.ACKNOWLEDGED, views.TRANSCRIPT_VIEWED, views.QUEUE_VIEWED, CLOSED_ERASED, "login", "login_failed",
           "logout", "duty_on", "duty_off", REFUSED_LOGINS},
        "refusal": set(REFUSAL_REASONS),
    }
    assert len(expected["error"]) >= 15 and len(expected["action"]) >= 10
    missing = {f"{group}.{code}" for group, codes in expected.items() for code in codes} - set(labels)
    assert missing == set()
