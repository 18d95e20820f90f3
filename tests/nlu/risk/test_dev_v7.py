"""Risk rules after the dev_v7 round (evaluation/dev_v7, issue 10), written to carry to wordings nobody tested: rules
about framing and scope that hold for every cue (being moved + "tonight" anywhere in the message, a "what if" that
reaches forward only, a question about nobody that imagines what follows its "if", a negation one pattern set knows
and another does not, a family loan, a question about life itself) and concept cues for danger told indirectly
(self-harm that soothes, a fall with no answer, a threat to make someone vanish). Contrast pairs: the same words with
the opposite meaning. The messages are written for this test, not taken from the development set.

Rules only, as in tests/nlu/risk/test_dev_v6.py; a calm message that its framing sets aside (a question about
nobody, a family loan, "is it a crime") is also checked with a confident disclosure guess.
"""
from __future__ import annotations

import pytest

from bot.nlu.risk import assess_risk

# (stated: must be urgent, calm: must not escalate, language)
URGENT_OR_CALM: list[tuple[str, str, str]] = [
    # Being moved by others, with "tonight" before or after: one rule, whatever the word order.
    ("pack your bags tonight, the truck is taking us to another farm",
     "pack your bags tonight, the truck is taking us to our new house in Fes", "en"),
    ("ce soir, on nous emmène dans une autre ferme", "ce soir, mon frère nous emmène dans notre nouvel appartement",
     "fr"),
    ("الليلة، سينقلوننا إلى مدينة أخرى", "الليلة سننتقل إلى بيتنا الجديد مع أخي", "ar"),
    ("lyla ghadi y7wlona l ferma khra", "lyla ghadi nmchiw l dar jdida m3a khouya", "ary"),
    # Self-harm that soothes or comes back, against an accident while cooking.
    ("je me suis encore coupée cette nuit, ça me calme", "je me suis coupé le doigt en cuisinant, ça saigne un peu",
     "fr"),
    ("جرحت نفسي مرة أخرى البارحة", "جرحت إصبعي وأنا أطبخ، هل أحتاج غرزا؟", "ar"),
    ("jr7t rasi 3awtani lbar7, ghir hakka kan n3s", "jr7t sba3i f lkouzina, wach khasni ngraz?", "ary"),
    ("ce soir je saute du pont", "ce soir on saute en parachute avec le club", "fr"),
    # A fall, then no answer: a medical emergency; a fall, then fine.
    ("سقط أخي من السطح ولا يجيب عندما نناديه", "سقط أخي من الدراجة الشهر الماضي وهو بخير الآن", "ar"),
    ("elle est tombée de l'escalier et elle répond plus", "elle est tombée amoureuse et elle répond plus à mes messages",
     "fr"),
    # A threat to make someone vanish, against the same words in a joke.
    ("my boss says he'll make me disappear if I talk to anyone",
     "my boss says he'll make me disappear from the rota if I'm late again lol", "en"),
    ("il a dit qu'il va me faire disparaître si je parle", "il a dit qu'il va me faire disparaître du planning mdr", "fr"),
    # Locked in and afraid, however long the sentence between.
    ("I'm locked in the storeroom, she took the key and went out with her friends, I'm so scared",
     "I locked my bike outside the store, my friend took the key and went out with her friends", "en"),
]

# (stated: must escalate, calm: must not escalate, language)
ESCALATE_OR_CALM: list[tuple[str, str, str]] = [
    # A question about nobody imagines what follows its "if", however far; the writer's own story does not.
    ("the family takes my phone every night, what should I do?",
     "what should a girl do if the family she works for takes her phone every night?", "en"),
    ("العائلة تأخذ هاتفي كل ليلة، ماذا أفعل؟", "ماذا تفعل الفتاة إذا كانت العائلة التي تعمل عندها تأخذ هاتفها؟", "ar"),
    # A debt for the journey, against a loan from a brother or a cousin.
    ("I owe the man who brought me 3000 euros for the boat", "I owe my brother 300 euros for the rent", "en"),
    ("كنسال السمسار 3000 أورو ديال الطريق", "كنسال ولد عمي 400 درهم ديال التيليفون", "ary"),
    ("أنا مدين للمهرب بثلاثة آلاف يورو", "أنا مدين لأخي بثلاثمائة درهم", "ar"),
    # A denial the pattern sets find no cue for ("il m'a jamais frappé") still sets the guess aside.
    ("il m'a jamais payé et il garde mon passeport", "il m'a jamais frappé, il est sévère mais correct", "fr"),
    # "is it a crime" asks in general.
    ("the man sold my sister to a family as a maid", "is it a crime to sell girls to families as maids?", "en"),
]


@pytest.mark.parametrize("stated, calm, language", URGENT_OR_CALM)
def test_danger_is_urgent_and_its_look_alike_calm(stated: str, calm: str, language: str) -> None:
    risk = assess_risk(stated, language, None, 0.0)
    assert risk.escalate and risk.priority == "urgent", (stated, risk)
    assert not assess_risk(calm, language, None, 0.0).escalate, calm


@pytest.mark.parametrize("stated, calm, language", ESCALATE_OR_CALM)
def test_statement_escalates_and_its_look_alike_does_not(stated: str, calm: str, language: str) -> None:
    assert assess_risk(stated, language, None, 0.0).escalate, stated
    assert not assess_risk(calm, language, None, 0.0).escalate, calm
    assert not assess_risk(calm, language, "disclose_exploitation", 0.9).escalate, calm


@pytest.mark.parametrize("refusal, call, language", [
    ("I don't want the police", "call the police please", "en"),
    ("je veux pas la police", "appelez la police svp", "fr"),
    ("ma bghitch lbolis", "3iyto 3la lbolis 3afakom", "ary"),
    ("ما بغيتش البوليس", "عيطو للبوليس", "ary"),
])
def test_refusing_the_police_is_no_call_for_them(refusal: str, call: str, language: str) -> None:
    # With a danger guess, as an answer to "are you in danger now?" may get: the police refused is no evidence.
    assert not assess_risk(refusal, language, "immediate_danger", 0.9).danger, refusal
    assert assess_risk(call, language, "immediate_danger", 0.9).danger, call


@pytest.mark.parametrize("question, told, language", [
    ("what is the meaning of life?", "what is happening to me, he is hitting me", "en"),
    ("c'est quoi le sens de la vie ?", "j'ai peur, il me frappe", "fr"),
    ("ما معنى الحياة؟", "أنا خائفة، إنه يضربني", "ar"),
])
def test_a_question_about_no_one_is_not_asked_about_danger(question: str, told: str, language: str) -> None:
    asked = assess_risk(question, language, "immediate_danger", 0.9)
    assert not asked.escalate and not asked.ask_danger, question
    assert assess_risk(told, language, "immediate_danger", 0.9).danger, told


def test_a_what_if_after_the_statement_does_not_undo_it() -> None:
    told = "I'm locked in the kitchen and I'm scared of what happens when he comes back"
    asked = "what happens when a worker is locked in the kitchen?"
    assert assess_risk(told, "en", None, 0.0).escalate
    assert not assess_risk(asked, "en", None, 0.0).escalate


def test_darija_here_she_comes_is_no_laugh() -> None:
    assert assess_risk("3t9oni haha jaya b lmous", "ary", None, 0.0).priority == "urgent"


def test_years_ago_is_no_age() -> None:
    # "il y a 12 ans" is twelve years ago: no child at work.
    assert "minor" in assess_risk("ma petite sœur a 12 ans et elle fait le ménage chez une dame toute la journée", "fr",
                                  None, 0.0).indicators
    assert assess_risk("il y a 12 ans, j'ai fait le ménage chez une dame, aujourd'hui je veux rentrer au pays", "fr",
                       None, 0.0).indicators == []
