"""End to end: the real server (Rasa + action server) answers through the local web chat, in each language."""
from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.conversation.content import load_content
from bot.settings import ROOT
from tests.conftest import TEST_CONFIG
from tests.e2e.server import RunningServer, start_server, stop_server

pytestmark = [pytest.mark.model, pytest.mark.server]
CONTENT = load_content(ROOT / "content", ROOT / "content" / "contacts.yml", "0000")  # the defaults


@pytest.fixture(scope="module")
def server(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    running = start_server(tmp_path_factory.mktemp("server"), TEST_CONFIG,
                           extra_env={"AMANE_DURESS_WORD": "oranges"})
    yield running
    stop_server(running)


def new_sender() -> str:
    return uuid.uuid4().hex


def texts(reply: dict) -> list[str]:
    return [m["text"] for m in reply["messages"] if m.get("text")]


@pytest.mark.parametrize(
    "language, message, key",
    [
        ("en", "what number can I call to report someone", "answers.ask_hotline"),
        ("fr", "comment faire pour rentrer chez moi avec l'OIM", "answers.ask_voluntary_return"),
        ("ar", "أريد العودة إلى بلدي، كيف يمكنني ذلك", "answers.ask_voluntary_return"),
        ("ary_latn", "bghit nrje3 l bladi", "answers.ask_voluntary_return"),   # arabizi: Latin letters
        ("ary", "فين نقدر نبات الليلة؟ ما عنديش فين نمشي", "questions.ask_shelter.tonight.answer"),
        ("fr", "quels sont mes droits ici au maroc", "answers.ask_rights"),
    ],
)
def test_answers_in_the_users_language(server: RunningServer, language: str, message: str, key: str) -> None:
    reply = server.say(new_sender(), message)
    assert reply["language"] == language
    expected = CONTENT.messages(key, language)
    assert texts(reply)[: len(expected)] == expected


def test_greeting_offers_the_menu(server: RunningServer) -> None:
    reply = server.say(new_sender(), "hello")
    assert texts(reply)[0] == CONTENT.messages("greet", "en")[0]
    payloads = [b["payload"] for b in reply["messages"][-1]["buttons"]]
    assert payloads[:3] == ["/ask_rights", "/ask_safety", "/ask_voluntary_return"]


def test_immediate_danger_gets_emergency_numbers_first(server: RunningServer) -> None:
    reply = server.say(new_sender(), "au secours il me frappe en ce moment, il a un couteau")
    assert reply["language"] == "fr"
    first = texts(reply)[0]
    assert first == CONTENT.messages("emergency", "fr")[0]
    assert "19" in first and "177" in first


def test_disclosure_is_met_calmly_with_an_offer(server: RunningServer) -> None:
    sender = new_sender()
    reply = server.say(sender, "my boss took my passport and he has not paid me for three months")
    assert texts(reply) == CONTENT.messages("disclosure", "en") + CONTENT.messages("safe_to_talk", "en")
    reply = server.say(sender, "/affirm")  # safe to write now
    assert texts(reply) == CONTENT.messages("offer_human", "en")
    reply = server.say(sender, "/affirm")
    # Then, optionally, a few short screening questions (the user may decline). Nobody is on duty in this
    # server's desk: no promise of an answer soon.
    assert texts(reply) == CONTENT.messages("human_accepted_off_duty", "en") + CONTENT.messages("screening.offer", "en")
    # Quietly, a case was opened with the indicators found, and the user's consent recorded.
    with sqlite3.connect(server.data_dir / "amane.db") as db:
        rows = db.execute("select c.priority, c.indicators, c.consent, c.status, c.channel from cases c "
                          "join conversations v on v.id = c.conversation_id").fetchall()
    assert ("high", '["retention_of_documents", "withholding_of_wages"]', "yes", "new", "webchat") in rows
    assert all("custom" not in m for m in reply["messages"])


def test_explicit_language_request_holds_and_short_messages_keep_the_language(server: RunningServer) -> None:
    sender = new_sender()
    assert server.say(sender, "salam, bghit n3ref l7ou9o9 dyali")["language"] == "ary_latn"
    assert server.say(sender, "ok")["language"] == "ary_latn"
    switched = server.say(sender, "English please")
    assert switched["language"] == "en"
    assert texts(switched)[0] == CONTENT.messages("language_changed", "en")[0]
    # Written in French afterwards, the answer stays in the language the user asked for.
    later = server.say(sender, "je veux rentrer dans mon pays")
    assert later["language"] == "en"
    assert texts(later)[0] == CONTENT.messages("answers.ask_voluntary_return", "en")[0]


def test_darija_is_answered_in_the_letters_it_is_written_in_and_the_case_says_darija(server: RunningServer) -> None:
    sender = new_sender()
    reply = server.say(sender, "bghit nrje3 l bladi")
    assert (reply["language"], texts(reply)[0]) == ("ary_latn", CONTENT.messages("answers.ask_voluntary_return",
                                                                                 "ary_latn")[0])
    # A request for Arabic letters holds, though the person keeps writing in Latin letters.
    reply = server.say(sender, "ktb liya b l7rouf l3arbiya 3afak")
    assert (reply["language"], texts(reply)[0]) == ("ary", CONTENT.messages("language_changed", "ary")[0])
    reply = server.say(sender, "chkoun kaykhelles lbillet?")
    assert reply["language"] == "ary"
    # Officers see the case's language as Darija, whichever letters the person writes in.
    other = new_sender()
    reply = server.say(other, "lpatron khda liya lpaspor w ma kaykhlesnich 3 chhor hadi")
    assert reply["language"] == "ary_latn"
    assert texts(reply)[0] == CONTENT.messages("disclosure", "ary_latn")[0]
    with sqlite3.connect(server.data_dir / "amane.db") as db:
        rows = db.execute("select c.language, v.language from cases c join conversations v "
                          "on v.id = c.conversation_id where v.language = 'ary_latn'").fetchall()
    assert rows and all(case_language == "ary" for case_language, _ in rows)


def test_a_retried_message_is_processed_once(server: RunningServer) -> None:
    sender, message_id = new_sender(), "retry-" + uuid.uuid4().hex
    first = server.say(sender, "bonjour", message_id=message_id)
    again = server.say(sender, "bonjour", message_id=message_id)
    assert first["status"] == "processed" and first["messages"]
    assert again == {"status": "duplicate", "language": "", "messages": []}


@pytest.mark.parametrize(
    "body, status, code",
    [
        (b"{not json", 400, "invalid_json"),
        (b"[]", 400, "invalid_json"),
        (json.dumps({"sender": "short", "message": "hi"}).encode(), 400, "invalid_sender"),
        (json.dumps({"sender": "a" * 16, "message": "   "}).encode(), 400, "empty_message"),
        (json.dumps({"sender": "a" * 16, "message": 42}).encode(), 400, "invalid_message"),
        (json.dumps({"sender": "a" * 16, "message": ["hi"]}).encode(), 400, "invalid_message"),
        (json.dumps({"sender": "a" * 16, "message": "x" * 5000}).encode(), 413, "message_too_long"),
        # A lone surrogate is legal JSON but no character: it once failed deep in the pipeline (500).
        (b'{"sender": "aaaaaaaaaaaaaaaa", "message": "help \\ud800"}', 400, "invalid_text"),
        (b'{"sender": "aaaaaaaaaaaaaaaa", "message": ' + b"[" * 20000 + b"]" * 20000 + b"}", 400, "invalid_json"),
        (b'{"sender": "aaaaaaaaaaaaaaaa", "message": "' + b"x" * 70000 + b'"}', 413, "body_too_large"),
    ],
)
def test_bad_input_gets_a_clear_answer(server: RunningServer, body: bytes, status: int, code: str) -> None:
    got_status, reply = server.post("/webhooks/webchat/webhook", body)
    assert (got_status, reply["error"]) == (status, code)
    assert reply["detail"]


@pytest.mark.parametrize(
    "body, code",
    [
        (b"{not json", "invalid_json"),
        (json.dumps({"sender": "short"}).encode(), "invalid_sender"),
        (json.dumps({"sender": "a" * 16, "after": "12"}).encode(), "invalid_after"),
        (json.dumps({"sender": "a" * 16, "after": -1}).encode(), "invalid_after"),
        (json.dumps({"sender": "a" * 16, "after": True}).encode(), "invalid_after"),
    ],
)
def test_bad_requests_for_officers_messages_get_a_clear_answer(server: RunningServer, body: bytes, code: str) -> None:
    status, reply = server.post("/webhooks/webchat/updates", body)
    assert (status, reply["error"]) == (400, code) and reply["detail"]


def test_the_page_refuses_framing_and_sniffing(server: RunningServer) -> None:
    import urllib.request

    for path in ("/webhooks/webchat/", "/webhooks/webchat/static/app.js"):
        with urllib.request.urlopen(server.base_url + path, timeout=30) as reply:
            headers = reply.headers
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Content-Security-Policy"].startswith("default-src 'self';")
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert (headers["X-Content-Type-Options"], headers["Referrer-Policy"]) == ("nosniff", "no-referrer")


def test_without_an_officer_there_is_nothing_to_collect(server: RunningServer) -> None:
    sender = new_sender()
    server.say(sender, "bonjour")
    body = json.dumps({"sender": sender, "after": 0, "wait": False}).encode()
    assert server.post("/webhooks/webchat/updates", body) == (200, {"messages": []})


def test_deleting_my_data_erases_the_conversation(server: RunningServer) -> None:
    sender = new_sender()
    server.say(sender, "bonjour")
    asked = server.say(sender, "je veux effacer toutes mes données")
    assert texts(asked) == CONTENT.messages("delete_confirm", "fr")
    database = server.data_dir / "amane.db"
    with sqlite3.connect(database) as db:
        (before,) = db.execute("select count(*) from events").fetchone()
        assert before > 0
    done = server.say(sender, "/affirm")
    assert texts(done) == CONTENT.messages("deleted", "fr")
    assert all("custom" not in m for m in done["messages"])  # the control payload stays internal
    with sqlite3.connect(database) as db:
        conversations = db.execute("select count(*) from conversations where channel='webchat'").fetchone()[0]
        left = db.execute("select id from conversations").fetchall()
        assert before > db.execute("select count(*) from events").fetchone()[0]
    assert conversations == len(left)


def test_no_message_text_or_sender_id_in_the_logs(server: RunningServer) -> None:
    sender = "canary" + uuid.uuid4().hex[:20]
    canary = "zebracanary" + uuid.uuid4().hex[:8]
    server.say(sender, f"my boss keeps my passport {canary}")
    logs = server.logs()
    assert "message handled channel=webchat language=en" in logs  # the server's real log, at INFO
    assert canary not in logs
    assert sender not in logs


def test_message_text_is_not_readable_in_the_database(server: RunningServer) -> None:
    sender, canary = new_sender(), "zebracanary" + uuid.uuid4().hex[:8]
    reply = server.say(sender, f"the boss keeps my passport {canary}")
    assert reply["messages"]
    with sqlite3.connect(server.data_dir / "amane.db") as db:
        dump = "\n".join(db.iterdump())
        events = db.execute("select count(*) from events").fetchone()[0]
    assert events > 0
    assert canary not in dump and "keeps my passport" not in dump and sender not in dump


def test_exit_word_wipes_everything_and_answers_innocuously(server: RunningServer) -> None:
    sender, canary = new_sender(), "exitcanary" + uuid.uuid4().hex[:8]
    server.say(sender, "bonjour")
    server.say(sender, f"mon patron garde mon passeport {canary}")
    reply = server.say(sender, "0000")
    assert reply["status"] == "wiped"
    assert texts(reply) == CONTENT.messages("exit_reply", "fr")
    conversation_id = reply["messages"][0]["recipient_id"]
    with sqlite3.connect(server.data_dir / "amane.db") as db:
        assert db.execute("select count(*) from events where sender_id = ?", (conversation_id,)).fetchone()[0] == 0
        assert db.execute("select count(*) from conversations where id = ?", (conversation_id,)).fetchone()[0] == 0
        assert db.execute("select count(*) from cases where conversation_id = ?", (conversation_id,)).fetchone()[0] == 0
    # The greeting tells people the exit word.
    assert "0000" in " ".join(texts(server.say(new_sender(), "hello")))


def test_duress_word_gets_an_ordinary_reply_and_an_urgent_case(server: RunningServer) -> None:
    sender = new_sender()
    plain = server.say(new_sender(), "je voudrais acheter des pommes au marché")
    reply = server.say(sender, "je voudrais acheter des oranges au marché")
    assert texts(reply) == texts(plain)  # nothing in the answer shows the alarm
    assert CONTENT.messages("emergency", "fr")[0] not in texts(reply)
    conversation_id = reply["messages"][0]["recipient_id"]
    with sqlite3.connect(server.data_dir / "amane.db") as db:
        rows = db.execute("select priority, reasons from cases where conversation_id = ?",
                          (conversation_id,)).fetchall()
    assert rows == [("urgent", '["duress"]')]


def test_a_person_is_promised_soon_only_while_someone_is_on_duty(server: RunningServer) -> None:
    """Nobody at the desk: no promise of an answer soon, the numbers instead. An officer on duty and logged
    in: "they will answer here as soon as they can"."""
    from bot.desk.accounts import create_officer
    from bot.desk.sessions import open_session
    from bot.store import session_scope

    reply = server.say(new_sender(), "I want to talk to a real person please")
    assert texts(reply) == CONTENT.messages("human_requested_off_duty", "en")
    database = f"sqlite:///{server.data_dir / 'amane.db'}"
    with session_scope(database) as session:
        amina = create_officer(session, "amina-on-duty", "a long enough password")
        amina.on_duty = True
        open_session(session, amina)
    reply = server.say(new_sender(), "I want to talk to a real person please")
    assert texts(reply) == CONTENT.messages("human_requested", "en")
    with session_scope(database) as session:
        from bot.store.desk_models import Officer

        session.query(Officer).filter(Officer.username == "amina-on-duty").update({"on_duty": False})
    reply = server.say(new_sender(), "I want to talk to a real person please")
    assert texts(reply) == CONTENT.messages("human_requested_off_duty", "en")
