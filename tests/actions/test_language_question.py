"""A question that names a language without asking to be answered in it ("et si je ne parle pas arabe ?", read as a
change of language) is a question about being understood (an interpreter), not a request: the interpreter's answer,
not "all right, I write to you in French". A real request still changes the language. No model: the real action."""
from __future__ import annotations

import pytest

from actions.conversation import ActionChangeLanguage
from bot.conversation.content import content_for
from bot.settings import get_settings
from tests.actions.test_context import run, say, tracker


def interpreter(language: str) -> list[str]:
    return content_for(get_settings()).messages("questions.ask_rights.lawyer.answer", language)


@pytest.mark.parametrize(("language", "text"), [
    ("fr", "et si je ne parle pas arabe ?"),
    ("en", "if i don't speak arabic?"),
    ("en", "and if i don’t speak arabic?"),  # the phone's typographic apostrophe
    ("ar", "وإذا كنت لا أتكلم العربية؟"),
    ("ary", "ila ma kanhderch l3arbiya?"),
])
async def test_a_question_about_not_speaking_a_language_gets_the_interpreter_answer(language: str, text: str) -> None:
    texts, _, _, _ = await run(ActionChangeLanguage(), tracker(text, "change_language", language=language))
    assert texts == interpreter(language)


@pytest.mark.parametrize(("language", "text"), [
    ("fr", "vous pouvez parler français ?"),  # a request, asked as a question
    ("fr", "vous pouvez me répondre en arabe dialectal marocain svp ?"),  # a request, whether or not the switch reads it
    ("en", "english please"),
    ("fr", "je ne parle pas bien français"),  # no question: kept as before
    ("fr", "/change_language"),  # the menu's button
])
async def test_a_request_for_a_language_still_changes_it(language: str, text: str) -> None:
    texts, _, _, _ = await run(ActionChangeLanguage(), tracker(text, "change_language", language=language))
    assert texts == say("language_changed", language)
