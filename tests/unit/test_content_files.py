"""Checks the four user-facing content files (content/<lang>.yml) against the key schema and
writing rules of content/README.md, without importing any project code."""
import os
import re
import string
from pathlib import Path

import pytest
import yaml

from bot.settings import ROOT

CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"
# The reply forms: the four languages, and Darija in Latin letters (arabizi) for people who write it so.
LANGUAGES = ("fr", "en", "ar", "ary", "ary_latn")
ARABIC_SCRIPT_LANGUAGES = ("ar", "ary")

MENU_INTENTS = ["ask_rights", "ask_safety", "ask_voluntary_return", "ask_shelter", "ask_legal_aid", "ask_health", "ask_hotline", "request_human"]
ANSWER_INTENTS = ["ask_rights", "ask_safety", "ask_voluntary_return", "ask_shelter", "ask_legal_aid", "ask_health", "ask_hotline"]
OPERATOR_CONTACTS = ["iom_contact", "shelter_contact", "legal_aid_contact", "health_contact"]
SCREENING_QUESTIONS = ["documents", "wages", "debt", "free_to_leave", "threats", "minor"]
# The next questions behind each topic (issue 11): each has a button title and its own short answer.
SUB_QUESTIONS = {
    "ask_rights": ["passport_kept", "unpaid_wages", "domestic_contract", "traffickers", "protection", "lawyer", "leaving",
                   "working_hours"],
    "ask_safety": ["cant_call", "phone_checked", "followed", "where_to_go", "call_police"],
    "ask_voluntary_return": ["who_pays", "how_long", "documents", "lost_passport", "no_papers", "family",
                             "after_return", "offices", "not_victim"],
    "ask_shelter": ["tonight", "with_children", "for_men"],
    "ask_legal_aid": ["free", "no_papers"],
    "ask_health": ["free_care", "no_papers", "pregnancy"],
}
# A child (issue 11 item 5) and what follows danger (item 6): actions/children.py, actions/danger_followup.py.
CHILD_KEYS = ["disclosure", "line", "numbers_first"]
DANGER_FOLLOWUP_KEYS = ["cant_call", "where_to_go", "call_police", "on_duty", "off_duty", "numbers"]
# Answers fitted to what a follow-up tells or asks (actions/shelter_followups.py, actions/told_in_words.py).
FOLLOWUP_KEYS = ["shelter_safe", "work_no_papers", "crossing_offer", "crossing_unpaid"]

# Hard-coded from the table in content/README.md on purpose: a key added to one file only, or a
# README change not carried into the files, must fail here rather than at run time.
EXPECTED_KEYS = frozenset(
    [
        "persona_name",
        "language_name",
        "greet",
        "menu_prompt",
        *(f"menu.{i}" for i in MENU_INTENTS),
        *(f"answers.{i}" for i in ANSWER_INTENTS),
        *(f"details.{i}" for i in ANSWER_INTENTS),
        *(f"questions.{topic}.{sub}.{part}" for topic, subs in SUB_QUESTIONS.items() for sub in subs
          for part in ("button", "answer")),
        "answer_again",
        "shelter_for_women",
        "emergency",
        "danger_check",
        "danger_check_child",
        "danger_check_no",
        "self_harm",
        *(f"child.{k}" for k in CHILD_KEYS),
        *(f"danger_followup.{k}" for k in DANGER_FOLLOWUP_KEYS),
        "human_requested_off_duty",
        "human_accepted_off_duty",
        "disclosure",
        "disclosure_more",
        "disclosure_someone_else",
        *(f"followups.{k}" for k in FOLLOWUP_KEYS),
        "questions.ask_safety.phone_checked.answer_taken",
        "women_line",
        "what_now",
        "safe_to_talk",
        "safe_later",
        "offer_human",
        "human_requested",
        "human_accepted",
        "human_declined",
        "human_later",
        "bot_challenge",
        "goodbye",
        "thank",
        "affirm",
        "deny",
        "fallback",
        "out_of_scope",
        "delete_confirm",
        "deleted",
        "delete_cancelled",
        "language_changed",
        "unsupported_language",
        "unsupported_media",
        "exit_reply",
        "safe_phone_tip",
        "too_many_messages",
        "screening.offer",
        "screening.intro",
        "screening.declined",
        "screening.not_understood",
        *(f"screening.questions.{q}" for q in SCREENING_QUESTIONS),
        "screening.stopped",
        "screening.done",
        "officer_closed",
        "buttons.yes",
        "buttons.no",
        "buttons.later",
        "buttons.skip",
        "buttons.stop",
        "buttons.list_menu",
        "buttons.list_choose",
        "buttons.more",
        *(f"operator.{c}" for c in OPERATOR_CONTACTS),
    ]
)

ALLOWED_PLACEHOLDERS = frozenset(
    ["police", "police_mobile", "gendarmerie", "civil_protection", "cnclt_line", "women_line", "children_line", "iom_contact", "shelter_contact", "legal_aid_contact", "health_contact", "organisation_name", "exit_word", "persona_name"]
)

MAX_BUTTON_TITLE = 20  # WhatsApp's limit for reply-button titles and the list's opening button (rows allow 24)
MAX_MESSAGE = 700  # README asks for about 600; the margin avoids failing on a few words
MAX_FIRST_MESSAGE = 320  # the first message of an answer, and a sub-question's answer: one phone screen
# Placeholders as they show: a number or the exit word is shorter than its name.
SHOWN = {"police": "19", "police_mobile": "112", "gendarmerie": "177", "civil_protection": "15",
         "cnclt_line": "0800 00 47 47", "women_line": "8350", "children_line": "2511", "exit_word": "0000",
         "persona_name": "Amane"}
ARABIC_LETTER = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
# \d is Unicode-aware, so Arabic-Indic digits written by hand are caught too.
LONG_NUMBER = re.compile(r"\d{3,}")


def _flatten(node, prefix=""):
    """Yield (dotted key, value) for every leaf of a nested mapping."""
    for key, value in node.items():
        # YAML 1.1 reads a bare yes/no key as a boolean; such a key would never be found by name.
        assert isinstance(key, str), f"key {key!r} under {prefix or 'top level'} is not a string"
        dotted = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from _flatten(value, dotted + ".")
        else:
            yield dotted, value


def _load(lang):
    with open(CONTENT_DIR / f"{lang}.yml", encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    assert isinstance(data, dict), f"{lang}.yml is not a mapping"
    return dict(_flatten(data))


def _rendered(text):
    return PLACEHOLDER.sub(lambda match: SHOWN.get(match.group()[1:-1], match.group()), text)


def _messages(value):
    """A value is a string or a list of strings; return it as a list."""
    return value if isinstance(value, list) else [value]


CONTENT = {lang: _load(lang) for lang in LANGUAGES}


def _all_texts(lang):
    for key, value in CONTENT[lang].items():
        for text in _messages(value):
            yield key, text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_keys_match_readme(lang):
    keys = set(CONTENT[lang])
    assert not EXPECTED_KEYS - keys, f"missing in {lang}: {sorted(EXPECTED_KEYS - keys)}"
    assert not keys - EXPECTED_KEYS, f"unexpected in {lang}: {sorted(keys - EXPECTED_KEYS)}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_value_empty(lang):
    for key, value in CONTENT[lang].items():
        assert isinstance(value, (str, list)), f"{lang}:{key} is neither a string nor a list"
        assert _messages(value), f"{lang}:{key} is an empty list"
        for text in _messages(value):
            assert isinstance(text, str), f"{lang}:{key} holds a non-string item"
            assert text.strip(), f"{lang}:{key} has an empty text"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_are_known_and_well_formed(lang):
    dummy = {name: "X" for name in ALLOWED_PLACEHOLDERS}
    for key, text in _all_texts(lang):
        # Formatter.parse raises on a stray brace, which str.format would hit at run time.
        fields = {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
        assert fields <= ALLOWED_PLACEHOLDERS, f"{lang}:{key} unknown {fields - ALLOWED_PLACEHOLDERS}"
        text.format(**dummy)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_literal_phone_numbers(lang):
    for key, text in _all_texts(lang):
        match = LONG_NUMBER.search(text)
        assert match is None, f"{lang}:{key} writes {match.group()!r}; use a placeholder"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_button_titles_fit_whatsapp(lang):
    content = CONTENT[lang]
    for key in [k for k in content if k.startswith(("menu.", "buttons.")) or k.endswith(".button")]:
        title = content[key]
        assert isinstance(title, str), f"{lang}:{key} must be a single string"
        assert len(title) <= MAX_BUTTON_TITLE, f"{lang}:{key} has {len(title)} characters"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_messages_are_short(lang):
    for key, text in _all_texts(lang):
        assert len(text) <= MAX_MESSAGE, f"{lang}:{key} has {len(text)} characters"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_answers_are_short_first_and_details_come_on_request(lang):
    # The first message of an answer fits a phone screen; the rest of the topic waits for "More".
    for intent in ANSWER_INTENTS:
        value = CONTENT[lang][f"answers.{intent}"]
        assert isinstance(value, list) and 1 <= len(value) <= 2, f"{lang}:answers.{intent}"
        assert len(_rendered(value[0])) <= MAX_FIRST_MESSAGE, f"{lang}:answers.{intent} is {len(_rendered(value[0]))}"
        details = CONTENT[lang][f"details.{intent}"]
        assert isinstance(details, list) and 2 <= len(details) <= 4, f"{lang}:details.{intent}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_sub_question_answer_is_one_short_message(lang):
    for topic, subs in SUB_QUESTIONS.items():
        for sub in subs:
            answer = CONTENT[lang][f"questions.{topic}.{sub}.answer"]
            assert isinstance(answer, str), f"{lang}:questions.{topic}.{sub}.answer must be one message"
            assert len(_rendered(answer)) <= MAX_FIRST_MESSAGE, f"{lang}:questions.{topic}.{sub}.answer"


def test_sub_question_buttons_fit_telegram_callback_data():
    # The payload `/ask_x{"sub_question":"key"}` must stay whole under Telegram's 64 bytes, or the tap loses its question.
    for topic, subs in SUB_QUESTIONS.items():
        for sub in [*subs, "more"]:
            assert len(f'/{topic}{{"sub_question":"{sub}"}}'.encode()) <= 64, (topic, sub)


# Every number a text writes (laws, years, durations, ages) and where CONTENT_FACTS.md (shared/, beside the
# product reference) states it. Phone numbers are placeholders (test_no_literal_phone_numbers).
FACT_NUMBERS = {
    "27-14": "Law 27-14 on trafficking in human beings",
    "19-12": "Law 19-12 requires a written contract for domestic workers",
    "18": "For a child under 18 no such \"means\" needs to be shown",
    "5": "Penalties: 5 to 10 years' prison",
    "10": "Penalties: 5 to 10 years' prison",
    "2": "Allow about 2 to 8 weeks from registration to departure",
    "8": "Allow about 2 to 8 weeks from registration to departure",
}
FACTS_FILE = ROOT.parent / "shared" / "CONTENT_FACTS.md"   # the shared folder beside the checkout
NUMBER = re.compile(r"\d+(?:[.-]\d+)?")
# In arabizi digits inside a word are letters (3afak, 7rouf, 9anoun): only a number standing alone is a number.
ARABIZI_NUMBER = re.compile(r"(?<![A-Za-z0-9])\d+(?:[.-]\d+)?(?![A-Za-z0-9])")


def _numbers(lang, text):
    return (ARABIZI_NUMBER if lang == "ary_latn" else NUMBER).findall(PLACEHOLDER.sub("", text))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_number_written_is_a_sourced_fact(lang):
    for key, text in _all_texts(lang):
        for number in _numbers(lang, text):
            assert number.replace(".", "-") in FACT_NUMBERS, f"{lang}:{key} writes {number!r}, not in the facts file"


def test_the_fact_numbers_are_those_of_the_facts_file():
    if not FACTS_FILE.exists():
        if os.environ.get("AMANE_REQUIRE_SERVICES") == "1":
            pytest.fail(f"CI has the shared facts file beside the checkout: {FACTS_FILE} is missing")
        pytest.skip("the shared facts file is not beside this checkout")
    facts = " ".join(FACTS_FILE.read_text(encoding="utf-8").split())  # lines wrap
    for number, line in FACT_NUMBERS.items():
        assert line in facts and number in line, number


# Unverified in the facts file: never stated as fact, so a text that names it also says it is not confirmed.
UNVERIFIED = {
    "en": (("residence permit",), "not confirmed"),
    "fr": (("titre de séjour",), "pas confirmé"),
    "ar": (("بطاقة الإقامة",), "غير مؤكدة"),
    "ary": (("لاكارط ديال الإقامة", "بطاقة الإقامة"), "ماشي مأكدة"),
    "ary_latn": (("carte de séjour", "la carte dyal l'i9ama", "karta dyal l'i9ama"), "machi m2akda"),
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_unverified_facts_are_said_to_be_unconfirmed(lang):
    names, caveat = UNVERIFIED[lang]
    for key, text in _all_texts(lang):
        if any(name in text for name in names):
            assert caveat in text, f"{lang}:{key} names an unverified fact without saying so"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_calm_tone_without_exclamation_marks(lang):
    for key, text in _all_texts(lang):
        assert "!" not in text and "\uff01" not in text, f"{lang}:{key} has an exclamation mark"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_emergency_gives_numbers_first(lang):
    first = _messages(CONTENT[lang]["emergency"])[0]
    for name in ("police", "police_mobile", "gendarmerie", "civil_protection"):
        assert "{" + name + "}" in first, f"{lang}: emergency's first message lacks {{{name}}}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_operator_lines_use_their_contact(lang):
    for contact in OPERATOR_CONTACTS:
        assert "{" + contact + "}" in CONTENT[lang][f"operator.{contact}"]


@pytest.mark.parametrize("lang", ARABIC_SCRIPT_LANGUAGES)
def test_arabic_script_files_are_mostly_arabic(lang):
    for key, text in _all_texts(lang):
        letters = [c for c in PLACEHOLDER.sub("", text) if c.isalpha()]
        arabic = sum(1 for c in letters if ARABIC_LETTER.match(c))
        assert letters and arabic / len(letters) >= 0.9, f"{lang}:{key} is not mostly Arabic script"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_screening_questions_are_one_short_message_each(lang):
    # Each question is sent with its buttons: one message, nothing to fill in, short enough to read at a glance.
    for question in SCREENING_QUESTIONS:
        text = CONTENT[lang][f"screening.questions.{question}"]
        assert isinstance(text, str), f"{lang}:screening.questions.{question} must be a single string"
        assert not PLACEHOLDER.search(text) and len(text) <= 200, f"{lang}:screening.questions.{question}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_officer_closed_is_neutral(lang):
    # Sent when an officer closes a case: no number to call and nothing filled in that could promise anything.
    text = CONTENT[lang]["officer_closed"]
    assert isinstance(text, str) and not PLACEHOLDER.search(text) and not _numbers(lang, text)


# -- Discreet on a shared screen (issue 11 item 7) --------------------------------------------------------------
# Someone who asked only for a bed, a doctor or a lawyer, on a phone someone else may read: the first message of
# these answers never names trafficking, in any language's word for it (each file is checked for every word, so
# a Latin-letters Darija file is covered too).
DISCREET_TOPICS = ("ask_shelter", "ask_legal_aid", "ask_health")
TRAFFICKING_WORDS = re.compile(
    r"traffick|\btraite\b|\btrafic|اتجار|تجارة (?:ف|في )?البشر|\bt+i?jar|itijar|ittijar|ttijara", re.IGNORECASE)
# Jargon, by language, and the plain words that must explain it in the same message.
JARGON = {
    "en": {"civil claim": "compensation", "exit authorisation": "permission to leave", "laissez-passer": "travel document"},
    "fr": {"action civile": "réparation", "actions civiles": "réparation", "autorisation de sortie": "permission de quitter",
           "laissez-passer": "document de voyage"},
    "ar": {"الدعاوى المدنية": "التعويض", "الدعوى المدنية": "التعويض", "إذن الخروج": "بمغادرة المغرب",
           "جواز مرور": "وثيقة سفر"},
    "ary": {"الدعوى المدنية": "التعويض", "الإذن بالخروج": "تخرج من المغرب"},
    "ary_latn": {"dda3wa lmadaniya": "tta3wid", "l'idn b lkhrouj": "tkhorjo mn lmaghrib"},
}


def _first_messages(lang):
    """The first message of each shelter, legal aid and health answer and sub-answer."""
    for topic in DISCREET_TOPICS:
        yield f"answers.{topic}", _messages(CONTENT[lang][f"answers.{topic}"])[0]
        for sub in SUB_QUESTIONS[topic]:
            yield f"questions.{topic}.{sub}.answer", CONTENT[lang][f"questions.{topic}.{sub}.answer"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_bed_a_doctor_or_a_lawyer_is_answered_without_naming_trafficking_first(lang):
    for key, text in _first_messages(lang):
        match = TRAFFICKING_WORDS.search(text)
        assert match is None, f"{lang}:{key} names trafficking first ({match.group()!r})"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_jargon_comes_with_its_plain_explanation(lang):
    for key, text in _all_texts(lang):
        for term, plain in JARGON[lang].items():
            if term in text.lower():
                assert plain in text, f"{lang}:{key} uses {term!r} without explaining it ({plain!r})"


def test_the_discretion_check_knows_each_language_word_for_trafficking():
    # The test above would pass on nothing if its words missed the files' own: each file's rights answer names it.
    for lang in LANGUAGES:
        assert TRAFFICKING_WORDS.search(" ".join(_messages(CONTENT[lang]["details.ask_rights"]))), lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_child_gets_short_words_and_the_children_s_line(lang):
    # Read by a child perhaps, in a hurry: short messages, the line named, no trafficking word nor jargon.
    for key in ("child.disclosure", "child.line"):
        for text in _messages(CONTENT[lang][key]):
            assert len(_rendered(text)) <= 200, f"{lang}:{key} is long for a child"
            assert not TRAFFICKING_WORDS.search(text), f"{lang}:{key}"
    assert "{children_line}" in _messages(CONTENT[lang]["child.disclosure"])[-1]
    assert "{children_line}" in CONTENT[lang]["child.line"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_after_danger_the_numbers_stay_in_reach_without_call_now_again(lang):
    numbers = CONTENT[lang]["danger_followup.numbers"]
    assert all("{" + name + "}" in numbers for name in ("police", "police_mobile", "gendarmerie", "civil_protection"))
    call_now = _messages(CONTENT[lang]["emergency"])[0].split("\n")[0]   # "Call now:"
    for key in DANGER_FOLLOWUP_KEYS:
        assert call_now not in CONTENT[lang][f"danger_followup.{key}"], f"{lang}:danger_followup.{key}"
    # Off duty, nobody is promised soon: the off-duty line is not the on-duty one.
    assert CONTENT[lang]["danger_followup.off_duty"] != CONTENT[lang]["danger_followup.on_duty"]


def test_latin_darija_has_every_key_of_arabic_script_darija():
    # Someone who writes arabizi gets every reply in Latin letters: a key added to ary.yml needs its Latin version.
    missing = sorted(set(CONTENT["ary"]) - set(CONTENT["ary_latn"]))
    extra = sorted(set(CONTENT["ary_latn"]) - set(CONTENT["ary"]))
    assert not missing, f"ary_latn.yml lacks {missing}"
    assert not extra, f"ary_latn.yml has keys ary.yml has not: {extra}"


def test_latin_darija_says_the_same_numbers_and_placeholders():
    # Same facts in both scripts: each text has the numbers, placeholders and number of messages of its ary.yml twin.
    for key, value in CONTENT["ary"].items():
        latin = CONTENT["ary_latn"].get(key)
        if latin is None:
            continue  # reported by the test above
        assert len(_messages(latin)) == len(_messages(value)), f"ary_latn:{key} is not as many messages as in ary"
        for arabic_text, latin_text in zip(_messages(value), _messages(latin), strict=True):
            assert sorted(PLACEHOLDER.findall(latin_text)) == sorted(PLACEHOLDER.findall(arabic_text)), key
            arabic_numbers = sorted(n.replace(".", "-") for n in _numbers("ary", arabic_text))
            assert sorted(n.replace(".", "-") for n in _numbers("ary_latn", latin_text)) == arabic_numbers, key


def test_latin_darija_is_in_latin_letters():
    for key, text in _all_texts("ary_latn"):
        letters = [c for c in PLACEHOLDER.sub("", text) if c.isalpha()]
        assert letters and not any(ARABIC_LETTER.match(c) for c in letters), f"ary_latn:{key} has Arabic letters"


# The singular masculine forms of the verbs Amane addresses people with most: written so, the text assumes a man.
# ary_latn.yml uses the polite plural (ktbo, 3iyto, t9dro), which assumes nothing.
MASCULINE_ADDRESS = re.compile(
    r"\b(?:kteb|3iyet|3eyyet|sir|khtar|t9der|tkoun|tgoul|tketeb|t3iyet|tmchi|tl9a|tdir|twsel|tb9a|tkhrej|"
    r"bghiti|kenti|9derti|ktebti|dyalek|m3ak|lik|3lik|3endek)\b", re.IGNORECASE)


def test_latin_darija_does_not_assume_a_man_is_writing():
    for key, text in _all_texts("ary_latn"):
        found = MASCULINE_ADDRESS.findall(PLACEHOLDER.sub("", text))
        assert not found, f"ary_latn:{key} addresses a man: {found}"
