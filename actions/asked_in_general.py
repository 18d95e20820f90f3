"""Sub-questions asked in words the classifiers miss (found on conversations_dev_v17, en, fr and arabizi, written in
other words here): going home asked by someone nobody harmed ("nobody did anything to me, I just want to go home":
going home is for anyone), unpaid wages asked of a worker in general ("if a boss does not pay a worker, what can the
worker do?": the rights' unpaid wages, not the whole rights block), and papers missing as well after going home was
answered ("my wife has no papers either": going home without papers, not a "no").

Each is a class of wording (nobody did a thing to the writer; a negation with paying, in a question about rights; a
negation or "without" with papers, after going home), in every language we read. Compared on the lowercased words,
punctuation removed, as whole words (actions/phrases.py); a negation is bot/nlu/risk/framing.negates, glued Darija
included ("makhllsch", "ماعنديش").
"""
from __future__ import annotations

import re

from actions.phrases import padded_forms, says_phrase, says_phrase_in_either_form
from actions.subquestions import Asked
from actions.topic_words import asks_in_words, fears_punishment, names_loss
from actions.turn import Turn
from bot.nlu.language.tokens import tokenise
from bot.nlu.risk.framing import negates

RETURN = "ask_voluntary_return"
RIGHTS = "ask_rights"

# Nobody did anything to the writer, nothing happened to them: no victim, going home for anyone (a negated force is
# actions/worded_questions.NOT_FORCED_PHRASES).
NOT_HARMED_PHRASES = (
    "nobody did anything to me", "no one did anything to me", "nobody did nothing to me", "no one did nothing to me",
    "nobody did me anything", "nobody hurt me", "no one hurt me", "nobody harmed me", "no one harmed me",
    "nobody has hurt me", "nobody has done anything to me", "no one has done anything to me",
    "nothing happened to me", "nothing bad happened to me",
    "personne ne m a rien fait", "personne m a rien fait", "personne ne m a fait de mal", "personne m a fait de mal",
    "personne ne m a fait du mal", "personne m a fait du mal", "on ne m a rien fait", "on m a rien fait",
    "il ne m est rien arrivé", "il ne m est rien arrive", "il m est rien arrivé", "il m est rien arrive",
    "rien ne m est arrivé", "rien ne m est arrive",
    "لم يفعل لي أحد شيئا", "لم يفعل لي احد شيئا", "لم يؤذني أحد", "لم يؤذني احد", "لا أحد آذاني", "لا احد اذاني",
    "لم يحدث لي شيء", "لم يحدث لي شيئ", "لم يصبني شيء",
    "ما دار ليا حتى حاجة", "ما دار ليا شي حاجة", "ما دار ليا والو", "ما دار لي والو", "ما داروا ليا والو",
    "ما دارو ليا والو", "ما وقع ليا والو", "ما وقع ليا حتى حاجة", "حتى حد ما ضرني", "حتى واحد ما ضرني",
    "ma dar lia chi 7aja", "ma dar liya chi 7aja", "ma dar lia walo", "ma dar liya walo", "ma dar li walo",
    "ma dar lia 7ta 7aja", "ma dar liya 7ta 7aja", "madar lia walo", "madar liya walo", "ma daro lia walo",
    "ma daro liya walo", "ma w9e3 lia walo", "ma w9a3 lia walo", "ma w9e3 liya walo", "ma w9a3 liya walo",
    "7ta 7ed ma darrni", "7ta wa7d ma dorni", "7ta wa7d ma dorrni",
    # Also told of no harm (conversations_dev_v17, Darija): the others from there.
    "حتى واحد ما دار ليا", "حتى حد ما دار ليا", "حد ما دار ليا", "ما دار ليا حتى واحد", "ما دار ليا حد",
    "حتى واحد ما داير ليا", "ما حد ضرني", "7ta wa7d ma dar lia", "7ta wa7d ma dar liya", "7ta 7ed ma dar lia",
    "7ed ma dar lia", "ma dar lia 7ta wa7d", "ma dar liya 7ta wa7d", "7ta wa7d ma darr lia",
)
# Darija's "did nothing to me", words between its verb and "nothing" ("ma dar lia 7ta wa7d walo", "ما دار ليا حتى واحد
# شي حاجة"): a negated "did to me" with "nothing" or "a thing" at most three words on.
NOT_DONE_TO_ME = re.compile(
    r" (?:ma |ما )?(?:madar|madaro|ma dar|ma daro|ma darou|مادار|مادارو|ما دار|ما دارو|ما داروا) "
    r"(?:lia|liya|li|ليا|لي)(?: \S+){0,3} (?:walo|walou|7aja|والو|حاجة) ")
# Paying, said of a worker: with a negation in a question about rights, the unpaid wages.
PAY_WORDS = (
    "pay", "pays", "paid", "paying", "salary", "wage", "wages",
    "paye", "payé", "paie", "payer", "payent", "paient", "salaire", "salaires",
    "يدفع", "يدفعون", "دفع", "أجر", "اجر", "الأجر", "الاجر", "أجره", "اجره", "راتب", "الراتب", "راتبه",
    # Darija's wage ("الخلاص", "lkhlas"), not its bare "خلاص" (enough, done).
    "خلص", "يخلص", "كيخلص", "خلصش", "يخلصش", "كيخلصش", "خلصوش", "الخلاص",
    "khlls", "khlles", "khles", "ykhlls", "ykhlles", "kaykhlls", "kaykhlles", "khllsch", "khllesch", "khlsch",
    "ykhllsch", "kaykhllsch", "kaykhllesch", "lkhlas", "lkhlass", "salir",
)
# Papers or documents, with a negation or "without": none at all.
PAPER_WORDS = (
    "papers", "paper", "documents", "document", "id",
    "papiers", "papier", "pièces", "pieces",
    "أوراق", "اوراق", "الأوراق", "الاوراق", "وثائق", "الوثائق", "ورقة", "وراق", "الوراق", "لوراق",
    "wra9", "lwra9", "wr9a", "wara9", "lwara9", "wraq", "lwraq",
)
# "Without", "none", "either" said with papers (French's "aucun" and "sans" are no negation of framing's).
# Having, negated: papers not had ("I don't know which papers" asks going home's documents, conversations_dev_v17).
HAVE_WORDS = (
    "have", "has", "got", "ai", "a", "as", "ont", "avons", "avez",
    "عندي", "عندها", "عنده", "عندو", "عندنا", "عندهم", "ماعنديش", "ماعندهاش", "ماعندوش", "ماعندناش", "لدي", "لديه",
    "لديها", "لدينا", "أملك", "املك", "يملك", "تملك", "نملك",
    "3ndi", "3endi", "3ndha", "3endha", "3ndo", "3endo", "3ndna", "3endna", "ma3ndi", "ma3ndich", "ma3endich",
    "3ndich", "3ndhach", "ma3ndhach", "3ndouch", "ma3ndouch",
)
# Negations that are other words outside Darija (French "ma", my).
DARIJA_ONLY = frozenset({"ma", "mat"})
NONE_WORDS = ("without", "aucun", "aucune", "aucuns", "sans", "بدون", "بلا", "bla", "bdoun")


def negated(turn: Turn) -> bool:
    """A negation among the words; Darija's "ma" and "mat" only in Darija ("faut quels papiers, j'ai juste ma carte
    consulaire": French's "ma" is "my")."""
    return any(negates(token.norm) and (turn.language.startswith("ary") or token.norm not in DARIJA_ONLY)
               for token in tokenise(turn.text))


def says_word(turn: Turn, words: tuple[str, ...]) -> bool:
    return any(says_phrase(padded, words) for padded in padded_forms(turn.text))


def not_harmed(turn: Turn) -> bool:
    """Nobody did anything to the writer, in NOT_HARMED_PHRASES or in Darija's "ma dar lia (7ta wa7d) walo" with words
    between the verb and its "nothing"."""
    if says_phrase_in_either_form(turn.text, NOT_HARMED_PHRASES):
        return True
    return any(NOT_DONE_TO_ME.search(padded) for padded in padded_forms(turn.text))


def not_harmed_return(turn: Turn, about_return: bool) -> Asked | None:
    """"Nobody did anything to me, I just want to go home": going home for anyone."""
    if about_return and not_harmed(turn):
        return Asked(RETURN, "not_victim")
    return None


def unpaid_wages_asked(turn: Turn) -> Asked | None:
    """"If a boss does not pay a worker for months, what can the worker do?": in a question about rights (the intent
    or the topic answered last), a negation with paying. A writer who tells of their own wages is heard by the risk
    cues first (turn.risky): not here."""
    if turn.risky or not (turn.intent == RIGHTS or turn.last_topic == RIGHTS) or not asks_in_words(turn):
        return None
    if negated(turn) and says_word(turn, PAY_WORDS):
        return Asked(RIGHTS, "unpaid_wages")
    return None


def no_papers_after_return(turn: Turn) -> Asked | None:
    """"My wife has no papers either" right after going home was answered: going home without papers (papers not had,
    or "without" them; "no, which papers?" asks the documents). Not a loss
    ("I lost my passport" is its own question) nor a fear of arrest (actions/worded_questions' office rule)."""
    if turn.last_topic != RETURN or turn.risky or names_loss(turn) or fears_punishment(turn):
        return None
    none = says_word(turn, NONE_WORDS) or (negated(turn) and says_word(turn, HAVE_WORDS))
    if none and says_word(turn, PAPER_WORDS):
        return Asked(RETURN, "no_papers")
    return None


def asked_in_general(turn: Turn, about_return: bool) -> Asked | None:
    """The sub-question these words name (see the module's docstring), or None."""
    return not_harmed_return(turn, about_return) or unpaid_wages_asked(turn) or no_papers_after_return(turn)
