"""Two framing rules: an advert shows itself by its emoji and its prices (bot/nlu/risk/markers.py), and a denial
followed by "I just want..." is the point of a longer message (bot/nlu/risk/framing.py)."""
from __future__ import annotations

import pytest

from bot.nlu.risk import assess_risk, frame_cues
from bot.nlu.risk.markers import find_markers

# (language, an advert nobody writes about themselves): with the classifier sure it is a disclosure, still no case.
ADVERTS = [
    ("en", "🔥 Jobs in Poland 🔥 warehouse packers, salary 1200€, register today 👇"),
    ("fr", "📢 recrutement urgent serveuses pour Doha, salaire 900 dollars, visa offert ✅"),
    ("ar", "📢 مطلوب سائقين للعمل في قطر براتب 3000 درهم ✅ التسجيل مفتوح"),
    ("ary", "📢 khdma f spania f fraise lkhlss 1000 euros ✅ sifto smiytkom"),
]
# The same prices, told by someone about themselves: the debt counts.
DEBTS = [
    ("en", "they said my visa was free but now I owe them 3000 dirhams and they keep my passport"),
    ("fr", "ils disent que je leur dois 5000 euros pour le voyage et je dois travailler pour payer"),
    ("ary", "galo lia l visa fabor w daba kaygolo khassek tkhelles 20000 dh 3ad tkhrej"),
]


@pytest.mark.parametrize(("language", "text"), ADVERTS)
def test_an_advert_with_its_emoji_and_price_is_spam_and_opens_no_case(language: str, text: str) -> None:
    assert frame_cues(text, language).spam
    risk = assess_risk(text, language, "disclose_exploitation", 0.95)
    assert not risk.escalate


@pytest.mark.parametrize(("language", "text"), DEBTS)
def test_a_price_in_a_message_about_the_writer_is_no_advert(language: str, text: str) -> None:
    assert not frame_cues(text, language).spam
    assert assess_risk(text, language, "disclose_exploitation", 0.9).escalate


def test_each_kind_of_advert_marker_counts_once() -> None:
    # Two amounts are one hint, and so are three fire emoji: neither alone makes an advert.
    prices = "3000 dh for the road, then 2000 dh more"
    assert [f.kind for f in find_markers(prices)].count("spam_price") == 2
    assert not frame_cues(prices, "en").spam
    emoji = "🔥🔥🔥 the boss again 🔥"
    assert [f.kind for f in find_markers(emoji)].count("spam_emoji") == 4
    assert not frame_cues(emoji, "en").spam
    # Told about the writer, the price does not count: the emoji alone are one hint.
    assert not frame_cues("he says i owe 3000 dh for the road, then 2000 dh more 🔥🔥🔥", "en").spam


def test_a_number_without_a_currency_is_no_price() -> None:
    assert not [f for f in find_markers("ana 3ndi 17 3am w khdama 12 sa3a") if f.kind == "spam_price"]


# A longer denial, then "just"/"only": the classifier's guess of a disclosure is not trusted.
DENIALS_THEN_A_QUESTION = [
    ("en", "nobody took my passport and nobody threatens me, i just want to know how to renew my residence card"),
    ("fr", "personne ne m'a pris mon passeport, je veux juste savoir comment renouveler ma carte de séjour"),
    ("ar", "لا أحد أخذ جواز سفري ولا أحد يهددني، فقط أريد أن أعرف كيف أجدد بطاقة الإقامة"),
    ("ary", "ma khda lia 7ed lpaspor w 7ta wa7ed ma kayhededni ghir bghit n3ref kifach njded lkarta"),
]
# The same shape with a stated fact: it escalates.
STATED_THEN_JUST = [
    ("en", "my boss took my passport last month and he threatens me, i just want it back"),
    ("fr", "mon patron m'a pris mon passeport, je veux juste le récupérer"),
    ("ary", "lpatron khda lia lpaspor ghir bghit nrje3o"),
]


@pytest.mark.parametrize(("language", "text"), DENIALS_THEN_A_QUESTION)
def test_a_denial_followed_by_just_a_question_opens_no_case(language: str, text: str) -> None:
    assert frame_cues(text, language).cancels_intent
    assert not assess_risk(text, language, "disclose_exploitation", 0.9).escalate


@pytest.mark.parametrize(("language", "text"), STATED_THEN_JUST)
def test_a_stated_fact_followed_by_just_still_escalates(language: str, text: str) -> None:
    assert assess_risk(text, language, "disclose_exploitation", 0.9).escalate
