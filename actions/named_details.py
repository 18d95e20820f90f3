"""A topic's detail named in the words of a message that the sub-question classifier read as the topic's general
question, or as a look-alike detail: "we are a family with two children, we sleep outside" asks for a bed with the
children; "I am pregnant and have no papers, can I see a doctor?" asks about the pregnancy first (the papers' answer
says nothing of it, the pregnancy's gives the women's line and a person to find a doctor); "do I have the right to go
out on Sunday?" after rights asks about leaving. A detail read whose own words the message names (the papers:
actions/topic_words.py) keeps its answer.

Compared on the lowercased words, punctuation removed, as whole words (actions/phrases.py).
"""
from __future__ import annotations

from actions.phrases import padded_words, says_phrase
from actions.subquestions import Asked, sub_questions
from actions.topic_words import names_detail, names_in_words
from actions.turn import Turn

CHILDREN_PHRASES: tuple[str, ...] = (
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
# Arabic glues "and", "for" and both to the word ("شكرا، وهل يوجد مأوى لي ولابني؟", for me and for my son:
# conversations_dev_v17): those forms of the Arabic-script words.
CHILDREN_PHRASES += tuple(f"{clitic}{word}" for word in CHILDREN_PHRASES if not word.isascii() and " " not in word
                          for clitic in ("و", "ل", "ول"))
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
# Going out or leaving asked as a right ("do I have the right to go out on Sunday?"), anywhere in the message: the
# leaving question of rights, not rights' general answer again.
GOING_OUT_PHRASES = (
    "right to go out", "allowed to go out", "can i go out", "may i go out", "right to leave", "allowed to leave",
    "droit de sortir", "le droit de partir", "je peux sortir", "puis je sortir", "autorisée à sortir",
    "autorisee a sortir", "autorisé à sortir", "autorise a sortir",
    "يحق لي الخروج", "يحق لي ان اخرج", "يحق لي أن أخرج", "حقي في الخروج", "يمكنني الخروج", "استطيع الخروج",
    "أستطيع الخروج", "مسموح لي بالخروج", "يحق لي المغادرة",
    "عندي الحق نخرج", "عندي الحق باش نخرج", "من حقي نخرج", "نقدر نخرج", "يمكن ليا نخرج", "عندي الحق نمشي",
    "3andi l7a9 nkhrej", "3ndi l7a9 nkhrej", "3endi l7e9 nkhrej", "3ndi l7e9 nkhrej", "3andi l7aq nkhrej",
    "3ndi l7a9 nkhroj", "mn 7a9i nkhrej", "n9der nkhrej", "n9dar nkhrej", "nqder nkhrej", "n9der nkhroj",
)
# Pay held back or late, named in a rights question that the sub-question classifier read as general ("in general,
# what does a worker do when his salary is months late?", conversations_dev_v17): the unpaid wages' own answer.
UNPAID_PHRASES = (
    "not paid", "unpaid", "salary is late", "wages are late", "pay is late", "late salary", "late wages",
    "hasnt been paid", "has not been paid", "havent been paid", "have not been paid", "doesnt get paid",
    "pas payé", "pas paye", "pas été payé", "pas ete paye", "salaire en retard", "retard de salaire", "impayé",
    "impaye", "impayés", "impayes", "salaires impayés", "salaires impayes",
    "تاخر راتبه", "تأخر راتبه", "تاخر راتبي", "تأخر راتبي", "تاخر الراتب", "تأخر الراتب", "تاخر اجره", "تأخر أجره",
    "تاخر الاجر", "تأخر الأجر", "تاخرت الرواتب", "تأخرت الرواتب", "لم يدفع له", "لا يدفع له", "لم يتقاض", "لم يتقاضى",
    "لم يستلم راتبه", "لا يتقاضى", "راتبه متاخر", "راتبه متأخر", "بدون اجر", "بدون أجر", "بلا اجر", "بلا أجر",
    "ما تخلصش", "ماتخلصش", "ما خلصوهش", "ماخلصوهش", "ما كيخلصوهش", "ما كيتخلصش", "تعطلات الخلصة", "الخلصة تعطلات",
    "بلا خلصة",
    "ma tkhlsch", "matkhlsch", "ma tkhellsch", "ma khlsouhch", "ma kaykhlsouhch", "ma kaytkhlsch", "bla khlsa",
    "lkhlsa t3tlat",
)
# A bed for today or tonight ("fin nbat lyoum", where do I sleep today, read as the shelter's general question,
# conversations_dev_v16): tonight's answer.
TONIGHT_PHRASES = (
    "tonight", "today", "this night", "this evening",
    "ce soir", "cette nuit", "aujourd hui", "aujourdhui", "ce jour",
    "الليلة", "هذه الليلة", "اليوم", "هذا المساء",
    "هاد الليلة", "هاذ الليلة", "ليوم", "ليوما", "اليوما", "لليلة",
    "lyoum", "lyouma", "lyoma", "lyom", "llila", "lila", "had llila", "had lila",
)
# (topic, detail) -> the details (sub-questions; "" for none) it is named over, and the words that name it.
NAMED = {
    ("ask_shelter", "with_children"): (frozenset({""}), CHILDREN_PHRASES),
    ("ask_shelter", "tonight"): (frozenset({""}), TONIGHT_PHRASES),
    ("ask_health", "pregnancy"): (frozenset({"", "no_papers"}), PREGNANCY_PHRASES),
    # Read as the wages' or the passport's question with none of them told ("I am a domestic worker, what are my
    # rights?" read as unpaid wages): the contract's.
    ("ask_rights", "domestic_contract"): (frozenset({"", "unpaid_wages", "passport_kept"}), DOMESTIC_PHRASES),
    # Read as rights' general question (said again: "that is just above"), or as the working hours' that share the day.
    ("ask_rights", "leaving"): (frozenset({"", "working_hours"}), GOING_OUT_PHRASES),
    ("ask_rights", "unpaid_wages"): (frozenset({""}), UNPAID_PHRASES),
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


SHELTER = "ask_shelter"
WITH_CHILDREN = "with_children"
# A message this long says more than who comes along: the classifiers' reading stands.
CHILD_FOR_THE_BED_WORDS = 8


def child_for_the_bed(turn: Turn, topic: str | None = None) -> Asked | None:
    """"My daughter is 3" right after a place to stay was answered, read as health's or not understood: the bed with
    the children (the children's line follows by itself when the risk cues count a minor). Only in a short message
    that names one's child (CHILDREN_PHRASES) with nothing told of danger or exploitation, and whose topic, if the
    classifier guessed one, is not named in the words ("my son is 3 and has a fever" is health's)."""
    if turn.last_topic != SHELTER or topic == SHELTER or turn.danger or turn.risk.get("indicators"):
        return None
    if turn.word_count > CHILD_FOR_THE_BED_WORDS or WITH_CHILDREN not in sub_questions(SHELTER, turn.language):
        return None
    if topic is not None and names_in_words(turn, topic):
        return None
    return Asked(SHELTER, WITH_CHILDREN) if says_phrase(padded_words(turn.text), CHILDREN_PHRASES) else None

