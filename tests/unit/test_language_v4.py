"""Language detection with lang_dev_v4 (issue 10): how evidence is weighed, tested with contrast pairs.

Written for these tests, apart from the development, check and blind sets' lines. In each pair the first line was
read as the wrong language before the change it tests; its twin says the same in the other language.
"""
from __future__ import annotations

import pytest

from bot.nlu.language import detect_language

# Code-switching in Latin letters goes one way: a Darija clause in a French or English message makes it Darija
# (two or more Darija words count double); the same message said in French or English alone keeps its language.
# The MSA jussive: a verb in -و after أن/لم/لن is MSA grammar, not Darija's plural. A Latin word is worth its
# strongest Darija mark (ma7tajtch: a digit letter and the ma...ch negation).
CONTRASTS = {
    "fr-clause": (("mon patron a gardé mon passeport w ma bghach yred lia", "ary"),
                  ("mon patron a gardé mon passeport et il ne veut pas me le rendre", "fr")),
    "fr-go-home": (("je veux rentrer chez moi bghit nrje3 l bladi", "ary"),
                   ("je veux rentrer chez moi, je ne veux plus rester", "fr")),
    "en-go-home": (("I want to go home bghit nrje3 l bladi", "ary"), ("I want to go home, I can't stay here", "en")),
    "jussive": (("أخاف أن يطردوني من العمل", "ar"), ("خايفة يطردوني من الخدمة", "ary")),
    "strongest-mark": (("sorry, ma7tajtch", "ary"), ("sorry, I don't need it", "en")),
}


@pytest.mark.parametrize("pair", CONTRASTS.values(), ids=CONTRASTS.keys())
def test_each_line_of_a_contrast_pair_gets_its_own_language(pair: tuple[tuple[str, str], tuple[str, str]]) -> None:
    assert [detect_language(text).language for text, _ in pair] == [language for _, language in pair]


@pytest.mark.parametrize(("text", "language"), [
    ("merci pour tout khouya", "fr"),  # one Darija word, a form of address: not code-switching
    ("la clinique de marrakech est fermée", "fr"),  # a place that looks like ma...ch
    ("salam, je cherche un avocat pour mon frère", "fr"),  # a greeting
    ("merci bzaf khouya 3la kolchi", "ary"),
])
def test_one_darija_word_does_not_make_a_french_message_darija(text: str, language: str) -> None:
    assert detect_language(text).language == language


@pytest.mark.parametrize(("text", "language"), [
    ("لن يتركوني أغادر البيت", "ar"),
    ("يخليوني نخرج غير نهار الأحد", "ary"),  # the Darija plural with no particle before it
])
def test_the_plural_after_an_msa_particle(text: str, language: str) -> None:
    assert detect_language(text).language == language
