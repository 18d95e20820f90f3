"""Risk rules after the dev_v12 round (evaluation/dev_v12, issue 10: false escalations, measured for carry-over on its
twin check_v12). Mechanisms: a work complaint made good after a "but" ("no day off this week, but he pays double",
"late, but it came this morning") is resolved; a film, an article, the news or a tale told as long past is a story
about others, unless the writer says it is theirs ("that's me", "hada ana", "rani..."); the punishment "for someone
who" keeps a passport is a question about the law; SMS French "personne m'a pris" denies; a passport at the embassy
for a visa, a photocopy for a file, a phone taken by a little sister to play, the household money kept by a spouse by
agreement are everyday life. Contrast pairs both ways; the messages are written for this test (close variants of
dev_v12's kinds), never from check_v12 or a blind set.

Rules only, as in tests/nlu/risk/test_dev_v10.py.
"""
from __future__ import annotations

import pytest

from bot.nlu.risk import assess_risk
from tests.nlu.risk.test_dev_v10 import test_escalate_or_calm as escalates_with_priority_or_stays_calm
from tests.nlu.risk.test_dev_v11 import test_guess_cancelled_on_calm_kept_on_told as guess_cancelled_or_kept

# (message that escalates with this priority, calm message with most of the same words, language, priority)
ESCALATE_OR_CALM: list[tuple[str, str, str, str]] = [
    # A work complaint, then what made it good after a "but"; the same complaint with no pay.
    ("no day off this month because of the fair, and the boss never pays me",
     "no day off this month because of the fair, but the boss pays double for it", "en", "high"),
    ("pas de jour de repos ce mois a cause des soldes, et le patron me paye pas",
     "pas de jour de repos ce mois a cause des soldes, mais le patron paye double", "fr", "high"),
    ("لا يوم راحة هذا الشهر بسبب الطلبيات، والمدير لا يدفع لي",
     "لا يوم راحة هذا الشهر بسبب الطلبيات، لكن المدير يدفع الضعف", "ar", "high"),
    ("ماكاينش الراحة هاد الشهر بسبب الكوموند، والمعلم ما كيخلصنيش",
     "ماكاينش الراحة هاد الشهر بسبب الكوموند، ولكن المعلم كيخلص دوبل", "ary", "high"),
    ("makaynch ra7a had chhar 7it lcommande, o lm3lem makaykhlesnich",
     "makaynch ra7a had chhar 7it lcommande, walakin lm3lem kaykhles double", "ary", "high"),
    # A story about maids locked in, then "that's me"; the same story with nothing of the writer.
    ("I saw a documentary about maids locked in houses, that's me, madam locks me in every night",
     "I saw a documentary about maids locked in houses, so sad", "en", "normal"),
    ("j'ai vu un reportage sur des bonnes enfermees, c'est moi, madame m'enferme chaque soir",
     "j'ai vu un reportage sur des bonnes enfermees, c'est triste", "fr", "normal"),
    # "For someone who" keeps a passport is the law's question; "my boss took my passport" is a case.
    ("my boss took my passport, what is the punishment for him?",
     "what is the punishment for someone who keeps a maid's passport?", "en", "normal"),
    ("mon patron a pris mon passeport, c'est quoi la peine pour lui ?",
     "c'est quoi la peine pour quelqu'un qui garde le passeport d'une bonne ?", "fr", "normal"),
    ("أخذ مشغلي جوازي، ما هي العقوبة؟", "ما هي العقوبة لمن يحتفظ بجواز خادمة؟", "ar", "normal"),
    ("المعلم داليا الپاسبور، شنو هي العقوبة؟", "شنو هي العقوبة للي كيشد الپاسبور ديال شي خدامة؟", "ary", "normal"),
    ("lm3lem dda liya lpassport, chno hiya l3o9oba?", "chno hiya l3o9oba lli kaychd lpassport dyal chi khddama?",
     "ary", "normal"),
    ("the boss does not pay me, what is the penalty?", "what is the penalty for an employer who does not pay workers?",
     "en", "normal"),
    # SMS French "personne" opening the clause denies; "la personne" is someone.
    ("la personne chez qui je travaille m'a pris mon passeport", "personne m'a pris mon passeport, je l'ai perdu",
     "fr", "normal"),
    # A phone taken by the employer; by a little sister, to play.
    ("أخذت السيدة هاتفي ولا أستطيع الاتصال بأهلي", "أخذت أختي الصغيرة هاتفي لتلعب", "ar", "normal"),
    ("المدام خدات ليا التيليفون وما نقدرش نعيط لدارنا", "ختي الصغيرة دات ليا التيليفون باش تلعب", "ary", "normal"),
    ("madame dat liya tilifon o man9derch n3iyet l darna", "khti sghira dat liya tilifon bach tl3eb", "ary", "normal"),
    # The money kept by the man who brought me; by a spouse, for the household, by agreement.
    ("the man who brought me here keeps all my money", "my husband keeps the money for the household, we agreed on it",
     "en", "normal"),
    ("l'homme qui m'a amenee garde tout mon argent", "mon mari garde l'argent de la maison, on l'a decide ensemble",
     "fr", "normal"),
]

# The same classifier guess on a calm message and on a told one. (calm, told, language, intent, confidence)
GUESS_CANCELLED_OR_KEPT: list[tuple[str, str, str, str, float]] = [
    # A passport at the embassy for a visa, against a passport an employer will not give back.
    ("my passport is at the embassy for the visa, can I travel with a copy?",
     "my passport is with the lady I work for and she will not give it back", "en", "disclose_exploitation", 0.8),
    ("mon passeport est a l'ambassade pour le visa, je peux voyager avec une copie ?",
     "mon passeport est chez ma patronne et elle refuse de me le rendre", "fr", "disclose_exploitation", 0.8),
    ("جوازي في السفارة من أجل التأشيرة، متى يكون جاهزا؟", "جوازي عند مشغلتي وترفض أن ترده لي", "ar",
     "disclose_exploitation", 0.8),
    # A photocopy for a lease, against the passport itself kept.
    ("the landlord wants a photocopy of my passport for the lease, is that ok?",
     "the landlord took my passport for the rent and will not give it back", "en", "disclose_exploitation", 0.8),
    # The news about others; the same news, then the writer's own story.
    ("saw on the news that the police freed girls from a network in Tangier",
     "saw on the news that the police freed girls from a network, it is the same for me, they took my papers", "en",
     "disclose_exploitation", 0.9),
    ("شفت فالأخبار البوليس حررو بنات من شبكة فطنجة", "شفت فالأخبار البوليس حررو بنات من شبكة، هادشي لي واقع ليا، داو ليا الوراق",
     "ary", "disclose_exploitation", 0.9),
    # A tale told as long past; a tale of the writer now ("rani": I am).
    ("jaratna 7kat lina 3la bent sifetouha tkhdem f casa hadi snin, daba hiya labas",
     "chft documentaire 3la drari kaykhdmo f lb7er bla khlsa, rani f flouka o makaykhliwnach nhbto", "ary",
     "disclose_exploitation", 0.9),
    # A film about maids, then "me too" in Arabic; the film alone. Kids begging in a video are no one's kids here.
    ("شاهدت فيلما عن خادمات لا يخرجن من البيوت، شيء محزن", "شاهدت فيلما عن خادمات، وأنا أيضا لا أخرج من البيت منذ سنة",
     "ar", "disclose_exploitation", 0.9),
    ("شفت فيديو على دراري كيطلبو فالزنقة، حشومة", "شفت فيديو على دراري كيطلبو فالزنقة، وولدي حتى هو كيصيفطوه يطلب",
     "ary", "disclose_exploitation", 0.9),
    # A late salary that came, after a "but"; a late salary kept for a debt.
    ("mon salaire etait en retard mais il est arrive ce matin",
     "mon salaire est en retard depuis 4 mois, il dit que je lui dois le billet", "fr", "disclose_exploitation", 0.9),
    ("تأخر راتبي لكنه وصل اليوم", "تأخر راتبي أربعة أشهر ويقول إنني مدين له بثمن التذكرة", "ar",
     "disclose_exploitation", 0.9),
    ("lkhlsa t3atlat walakin jat lyoum", "lkhlsa m3atla 4 chhour o kay9ol khask tkhles lbillet", "ary",
     "disclose_exploitation", 0.9),
]


@pytest.mark.parametrize("alarm, calm, language, priority", ESCALATE_OR_CALM)
def test_escalate_or_calm(alarm: str, calm: str, language: str, priority: str) -> None:
    escalates_with_priority_or_stays_calm(alarm, calm, language, priority)


@pytest.mark.parametrize("calm, told, language, intent, confidence", GUESS_CANCELLED_OR_KEPT)
def test_guess_cancelled_on_calm_kept_on_told(calm: str, told: str, language: str, intent: str,
                                              confidence: float) -> None:
    guess_cancelled_or_kept(calm, told, language, intent, confidence)


@pytest.mark.parametrize("text, language", [
    ("they arrived yesterday and I am scared, please help", "en"),
    ("ils sont arrives hier soir, j'ai peur", "fr"),
])
def test_an_arrival_without_a_but_is_no_making_good(text: str, language: str) -> None:
    """"It came yesterday" makes a complaint good only after a "but": people arriving are no salary."""
    assert assess_risk(text, language, "immediate_danger", 0.9).escalate, text
