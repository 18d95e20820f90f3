"""Language detection with lang_dev_v5 (issue 10): the conversation's language and what a message says itself.

Written for these tests, apart from the development, check and blind sets' lines.
"""
from __future__ import annotations

import pytest

from bot.conversation.pipeline import choose_reply_language
from bot.nlu.language import detect_language
from bot.nlu.language.detect import _cue_scores
from bot.nlu.language.tokens import tokenise

# Long Arabic-script messages with no dialect word either way: MSA, which every Arabic reader reads.
LONG_NEUTRAL = [
    "أنا مهاجر من غينيا وصاحب العمل يحتفظ بجوازي",
    "عملت في مطعم في طنجة سنة كاملة",
    "صاحب المزرعة ضربني أمام العمال",
]


@pytest.mark.parametrize("text", LONG_NEUTRAL)
def test_a_long_message_with_no_dialect_word_is_msa_after_a_darija_greeting(text: str) -> None:
    # The conversation is Darija only because its first message was a bare greeting (ARABIC_SCRIPT_PRIOR).
    greeting = choose_reply_language("السلام عليكم", None, False, default="fr")
    assert greeting.form == "ary"
    assert choose_reply_language(text, greeting.form, False, default="fr").form == "ar"
    assert detect_language(text, previous="ary").language == "ar"


@pytest.mark.parametrize(("text", "language"), [
    ("من بعد هو هنا", "ary"),              # four neutral words: too few to leave the conversation's language
    ("شكرا بزاف", "ary"),
    ("أنا مهاجر من غينيا والمعلم كيحتفظ بالباسبور ديالي", "ary"),  # a long message with Darija words
])
def test_a_darija_conversation_keeps_darija_without_a_long_clear_message(text: str, language: str) -> None:
    assert detect_language(text, previous="ary").language == language


def test_and_before_a_negation_written_as_one_word_is_still_darija() -> None:
    # و + ما...ش glued together: the negation is read inside it, as without the و.
    assert detect_language("وماخلصنيش صاحب العمل").language == "ary"
    assert detect_language("ومقدرتش نرجع").language == "ary"
    assert detect_language("ولم يدفع لي صاحب العمل").language == "ar"


def test_each_latin_word_is_scored_once_for_the_code_switching_count() -> None:
    # The Darija words counted for code-switching come from the same pass that scores them (no second scoring
    # that could disagree with the first): "la la" is Darija's "no, no" in both.
    scores, darija_words = _cue_scores(tokenise("la la ma bghitch"), "la la ma bghitch")
    assert darija_words == 3
    assert scores["ary"] > scores["fr"]
    assert _cue_scores(tokenise("je ne veux pas"), "je ne veux pas")[1] == 0


@pytest.mark.parametrize(("text", "language"), [
    # Short Darija replies that had no cue and fell to MSA, the fallback for Arabic script.
    ("اه", "ary"), ("زيدني", "ary"), ("الله يجازيكم", "ary"), ("فهمتك", "ary"), ("خليوني نرتاح", "ary"),
    # ...and their MSA twins.
    ("نعم", "ar"), ("زدني", "ar"), ("جزاكم الله خيرا", "ar"), ("فهمتكم جيدا", "ar"),
    # نحتاج is Darija's "I need" as much as MSA's "we need": Darija's دابا now outweighs it.
    ("نحتاج طبيب دابا", "ary"), ("نحتاج إلى طبيب الآن", "ar"),
    # Sudanese داير "want" before an أ- imperfect is not Darija's داير "doing".
    ("داير أرجع بلدي", "ar"), ("آش داير انتا؟", "ary"), ("كيف داير مع الخدمة", "ary"),
])
def test_short_darija_replies_and_their_msa_twins(text: str, language: str) -> None:
    assert detect_language(text).language == language


@pytest.mark.parametrize(("text", "language"), [
    ("نهار السبت", "ary"), ("خليها لشي وقت", "ary"),   # Darija's "day" and "for some"
    ("يوم السبت", "ar"), ("عملت ليل نهار", "ar"),       # MSA's "day"; "day and night" is MSA too
])
def test_darija_day_and_for_some(text: str, language: str) -> None:
    assert detect_language(text).language == language
