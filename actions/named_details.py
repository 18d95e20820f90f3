"""A topic's detail named in the words of a message that the sub-question classifier read as the topic's general
question, or as a look-alike detail: "we are a family with two children, we sleep outside" asks for a bed with the
children; "I am pregnant and have no papers, can I see a doctor?" asks about the pregnancy first (the papers' answer
says nothing of it, the pregnancy's gives the women's line and a person to find a doctor). A detail read whose own
words the message names (the papers: actions/topic_words.py) keeps its answer.

Compared on the lowercased words, punctuation removed, as whole words (actions/phrases.py).
"""
from __future__ import annotations

from actions.phrases import padded_words, says_phrase
from actions.subquestions import Asked, sub_questions
from actions.topic_words import names_detail
from actions.turn import Turn

CHILDREN_PHRASES = (
    "children", "kids", "child", "baby", "babies",
    "enfants", "enfant", "bébé", "bebe", "bébés", "bebes",
    "أطفال", "اطفال", "أطفالي", "اطفالي", "طفل", "طفلي", "رضيع",
    "الدراري", "دراري", "ولادي", "وليداتي", "البيبي",
    "drari", "ddrari", "wladi", "wlidati", "lwlad", "bebe",
    # One's own son or daughter ("fin nbat lyoum, ana o bnti": where do I sleep today, me and my daughter).
    "my son", "my daughter", "mon fils", "ma fille",
    "ابني", "إبني", "ابنتي", "بنتي", "ولدي", "وليدي",
    "bnti", "binti", "weldi", "wldi", "wlidi",
)
PREGNANCY_PHRASES = (
    "pregnant", "pregnancy",
    "enceinte", "grossesse",
    "حامل", "حاملة", "الحمل",
    "7amla", "hamla", "7amel", "l7aml", "7aml",
)
# "What are my rights as a domestic worker?": the domestic workers' contract (Law 19-12), not rights in general.
DOMESTIC_PHRASES = (
    "domestic worker", "domestic workers", "domestic work", "maid", "housemaid", "house maid", "nanny",
    "cleaning lady",
    "travailleuse domestique", "travailleur domestique", "travailleuses domestiques", "travail domestique",
    "employée de maison", "employee de maison", "femme de ménage", "femme de menage", "une bonne", "comme bonne",
    "aide ménagère", "aide menagere",
    "عاملة منزلية", "عامل منزلي", "العمال المنزليين", "العاملات المنزليات", "العمل المنزلي", "خادمة", "خادمات",
    "كعاملة منزلية", "كعامل منزلي", "خدامة فالدار", "خدامة فالديور", "الخدمة فالديور", "خدامة ف الدار", "كخدامة فالدار",
    "كخدامة فالديور", "بونية",
    "khdama f dar", "khdama fdar", "khedama f dar", "khddama f dar", "khdamat f ddyour", "lkhedma f ddyour",
    "khedma f ddyour", "bonniya",
)
# (topic, detail) -> the details (sub-questions; "" for none) it is named over, and the words that name it.
NAMED = {
    ("ask_shelter", "with_children"): (frozenset({""}), CHILDREN_PHRASES),
    ("ask_health", "pregnancy"): (frozenset({"", "no_papers"}), PREGNANCY_PHRASES),
    # Read as the wages' or the passport's question with none of them told ("I am a domestic worker, what are my
    # rights?" read as unpaid wages): the contract's.
    ("ask_rights", "domestic_contract"): (frozenset({"", "unpaid_wages", "passport_kept"}), DOMESTIC_PHRASES),
}


def named_detail(turn: Turn, topic: str, question: Asked | None) -> Asked | None:
    """The detail the words name (NAMED), instead of the topic's general question or the look-alike read; otherwise
    the question as it was read."""
    read = question.sub if question is not None and question.topic == topic else ("" if question is None else None)
    if read and turn.risk.get("indicators"):
        return question   # a detail the words show (wages kept, a passport held) keeps its own answer
    if read and names_detail(turn, read):
        return question   # "is it legal to keep the nanny's passport?": the papers named keep their own answer
    padded = padded_words(turn.text)
    for (owner, detail), (over, phrases) in NAMED.items():
        if (owner == topic and read in over and detail in sub_questions(topic, turn.language)
                and says_phrase(padded, phrases)):
            return Asked(topic, detail)
    return question
