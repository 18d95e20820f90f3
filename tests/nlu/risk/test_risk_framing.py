"""The framing step (bot/nlu/risk/framing.py, markers.py): each cue's status, per language and script, the scopes
of the frames, and the markers found on the raw text."""
from __future__ import annotations

import pytest

from bot.nlu.risk import frame_cues
from bot.nlu.risk.framing import _first_person, _sentences
from bot.nlu.risk.labels import (
    ASSERTED,
    GENERAL,
    HYPOTHETICAL,
    IDIOM,
    JOKING,
    NEGATED,
    PREVENTION,
    SPAM,
    STATUSES,
)
from bot.nlu.risk.markers import find_markers

# (language, text, indicator, status of its cue)
STATUS_CASES = [
    # negated
    ("en", "nobody holds my documents", "retention_of_documents", NEGATED),
    ("fr", "personne ne m'a pris mon passeport", "retention_of_documents", NEGATED),
    ("ar", "لا أحد يحتفظ بجوازي", "retention_of_documents", NEGATED),
    ("ary", "ما شد ليا حد الباسبور", "retention_of_documents", NEGATED),
    ("ary", "ma khda lia 7ed lpaspor", "retention_of_documents", NEGATED),
    # hypothetical
    ("en", "what if my boss takes my passport?", "retention_of_documents", HYPOTHETICAL),
    ("fr", "et si le patron garde mon passeport ?", "retention_of_documents", HYPOTHETICAL),
    ("ar", "ماذا لو أخذ صاحب العمل جواز سفري؟", "retention_of_documents", HYPOTHETICAL),
    ("ary", "واش إلا شد ليا الباطرون الباسبور؟", "retention_of_documents", HYPOTHETICAL),
    ("ary", "wach ila lpatron chedd lia lpaspor?", "retention_of_documents", HYPOTHETICAL),
    # a condition in a question ("if ..., can I ...?") imagines, like "what if"
    ("en", "if my employer takes my passport, can I go to the police?", "retention_of_documents", HYPOTHETICAL),
    ("fr", "si mon patron prend mon passeport, je peux porter plainte ?", "retention_of_documents", HYPOTHETICAL),
    ("ar", "إذا أخذ الكفيل جواز سفري، هل يمكنني أن أشتكي؟", "retention_of_documents", HYPOTHETICAL),
    ("ary", "ila khda lia lpatron lpaspor, wach n9der nchki?", "retention_of_documents", HYPOTHETICAL),
    ("ary", "إلا خدا ليا الباطرون الباسبور شنو ندير", "retention_of_documents", HYPOTHETICAL),
    # ... but not in a statement, nor when it happened before, nor when the cue is the main clause
    ("en", "if I ask for my salary he beats me", "physical_sexual_violence", ASSERTED),
    ("en", "if he takes my passport again, what do I do?", "retention_of_documents", ASSERTED),
    ("ary", "lpatron kaydrbni ila ma kmeltch lkhedma, chno ndir?", "physical_sexual_violence", ASSERTED),
    ("fr", "il m'a pris mon passeport, si je pars il appelle la police ?", "retention_of_documents", ASSERTED),
    ("en", "if I don't finish he beats me, what do I do?", "physical_sexual_violence", ASSERTED),
    ("ary", "ila ma khdmtch kaydrbni, chno ndir?", "physical_sexual_violence", ASSERTED),
    # the writer's rights before the State are a general question; an emergency that is over is no danger now
    ("ar", "هل يحق للشرطة أن ترحلني؟", "intimidation_threats", GENERAL),
    ("ary", "wach lbolis y9der yr7lni?", "intimidation_threats", GENERAL),
    ("en", "I was bleeding a lot last week, now I'm fine", "danger", IDIOM),
    # laughter does not cancel plain facts, nor what follows a "but"
    ("en", "lol he hasn't paid me for 3 months", "withholding_of_wages", ASSERTED),
    ("ary", "lol lpatron chd lia lwra9", "retention_of_documents", ASSERTED),
    ("ar", "ههههه أعرف أنه غريب لكنه يضربني", "physical_sexual_violence", ASSERTED),
    ("fr", "mdr je sais c'est fou mais il me frappe", "physical_sexual_violence", ASSERTED),
    # general
    ("en", "is it legal for an employer to hold the passports of workers?", "retention_of_documents", GENERAL),
    ("fr", "est-ce légal qu'un employeur garde les passeports ?", "retention_of_documents", GENERAL),
    ("ar", "هل يحق لصاحب العمل أن يحتفظ بجواز سفر العامل؟", "retention_of_documents", GENERAL),
    ("ary", "واش قانوني الباطرون يشد الباسبور ديال الخدامة؟", "retention_of_documents", GENERAL),
    ("ary", "wach 9anouni lpatron ychedd lpaspor dyal lkhddama?", "retention_of_documents", GENERAL),
    # general, but about the writer: stated
    ("en", "is it legal for my employer to keep my passport?", "retention_of_documents", ASSERTED),
    ("fr", "mon patron a-t-il le droit de garder mon passeport ?", "retention_of_documents", ASSERTED),
    ("ar", "هل يحق لصاحب العمل أن يحتفظ بجواز سفري؟", "retention_of_documents", ASSERTED),
    ("ary", "wach 9anouni lpatron ychedd lia lpaspor dyali?", "retention_of_documents", ASSERTED),
    # prevention
    ("en", "my cousin has a job offer in Dubai, they will keep her passport, is it safe?", "retention_of_documents",
     PREVENTION),
    ("fr", "ma cousine a une offre d'emploi, ils gardent les passeports, c'est fiable ?", "retention_of_documents",
     PREVENTION),
    ("ar", "كيف أعرف إذا كانت الوكالة التي تأخذ الجوازات حقيقية؟", "retention_of_documents", PREVENTION),
    ("ary", "kifach n3ref wach lwakala li kaychedo lpaspor m9ada?", "retention_of_documents", PREVENTION),
    # joking
    ("en", "my boss is gonna kill me lol", "danger", JOKING),
    ("fr", "mon patron va me tuer mdr", "danger", JOKING),
    ("ar", "مديري سيقتلني هههه", "danger", JOKING),
    ("ary", "الباطرون غادي يقتلني ههههه", "danger", JOKING),
    ("ary", "lpatron ghadi y9telni hhhh", "danger", JOKING),
    # spam
    ("en", "they will take your passport!! forward this to 10 people", "retention_of_documents", SPAM),
    ("fr", "ils prennent vos passeports, partagez à tous vos groupes", "retention_of_documents", SPAM),
    # idiom
    ("en", "I would die for my kids", "self_harm", IDIOM),
    ("fr", "il m'a vendu un téléphone cassé", "abuse_of_vulnerability", IDIOM),
    ("ar", "الرجل باعني هاتفا مكسورا", "abuse_of_vulnerability", IDIOM),
    ("ary", "غادي نموت بالضحك", "self_harm", IDIOM),
    ("ary", "ghadi nmout bdl7k", "self_harm", IDIOM),
]


@pytest.mark.parametrize("language, text, indicator, status", STATUS_CASES)
def test_cue_status(language: str, text: str, indicator: str, status: str) -> None:
    statuses = {cue.status for cue in frame_cues(text, language).cues if cue.indicator == indicator}
    assert statuses == {status}, frame_cues(text, language).cues


def test_every_status_is_exercised() -> None:
    assert {status for *_, status in STATUS_CASES} == set(STATUSES)


@pytest.mark.parametrize(
    "text, stated",
    [
        # A joke covers its own sentence, and the one before when the laughter stands alone.
        ("my boss is a tyrant lol. He took my passport and keeps it", True),
        ("he said he will kill me if I'm late. 😂", False),
        ("he said he will kill me if I'm late. I'm so dead 😂", True),
        # A hypothesis covers its sentence only.
        ("what if he takes my passport? he already took my phone", True),
        # "seriously" and what follows are meant.
        ("hahaha seriously he beats me", True),
        # A link alone is no spam (a location sent with a call for help); a link and "free" are.
        ("he is beating me, come https://maps.google.com/?q=34.6,-1.9", True),
        ("he keeps the passports, free visa, www.jobs.com", False),
    ],
)
def test_scopes(text: str, stated: bool) -> None:
    assert bool(frame_cues(text, "en").asserted) is stated


@pytest.mark.parametrize(
    "text, kinds",
    [
        ("lol", {"joke"}), ("loooool", {"joke"}), ("mdrrr", {"joke"}), ("ptdr", {"joke"}), ("hhhhhh", {"joke"}),
        ("hahaha", {"joke"}), ("HAHA", {"joke"}), ("ههههه", {"joke"}), ("xD", {"joke"}), ("😂🤣", {"joke"}),
        ("go to bit.ly/abc", {"spam_hint"}), ("https://x.org/a?b=c", {"spam_hint"}), ("www.example.com", {"spam_hint"}),
        ("chhal", set()), ("ha", set()), ("hello", set()), ("😢", set()), ("وجهه", set()), ("16h", set()),
    ],
)
def test_markers(text: str, kinds: set[str]) -> None:
    assert {frame.kind for frame in find_markers(text)} == kinds


def test_sentences_ignore_the_dots_of_links() -> None:
    text = "see www.site.com/a.b now. Then go!"
    assert [text[s:e].strip() for s, e in _sentences(text)] == ["see www.site.com/a.b now.", "Then go!"]


@pytest.mark.parametrize(
    "text, first_person",
    [
        ("they took my passport", True), ("il m'a pris", True), ("chedd lia lpaspor", True), ("kaydrbni", True),
        ("جواز سفري", True), ("خلصني", True), ("how can I tell if an agency is legit", False),
        ("is it legal for an employer", False), ("هل هذا قانوني", False), ("wach 9anouni", False),
        ("ma khlesch lkhddama", False),
    ],
)
def test_first_person(text: str, first_person: bool) -> None:
    assert _first_person(text) is first_person
