"""Questions and news that their own words name, whatever the classifiers guessed (issue 11, found by the lead in the
web chat): "can I leave?" after a disclosure, read as a yes; "how many hours?" after rights, read as a greeting;
"bghit nsowl 3la l'oim" (I want to ask about IOM), read as the menu; "he comes back tonight" after telling of being
locked in, read as a bed for tonight; "and the wages he still owes me" after rights, read as a new disclosure.

Compared on the lowercased words, punctuation removed, as whole words (actions/phrases.py).
"""
from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions.base import ask_about_danger
from actions.children import say_disclosure
from actions.phrases import padded_forms, says_phrase_in_either_form
from actions.subquestions import LATER, TOLD_CONTEXT, Asked, names_topic, sub_questions
from actions.topics import TOPIC_CONTACTS, answer_asked, answer_topic
from actions.turn import Turn
from actions.worded_questions import worded_question

RETURN = "ask_voluntary_return"
LEAVING = Asked(TOLD_CONTEXT, "leaving")
WORKING_HOURS = Asked(TOLD_CONTEXT, "working_hours")
UNPAID_WAGES = Asked(TOLD_CONTEXT, "unpaid_wages")
IOM_OFFICES = Asked(RETURN, "offices")

# "Can I leave?" asks about leaving only when nothing follows the verb but "now" (or the job, the house): "can I leave
# Morocco?", "wach n9der nmchi l sbitar?" go somewhere, which their topics answer.
LEAVING_AT_END = (
    "can i leave", "can i go", "may i leave", "may i go", "am i allowed to leave", "am i free to leave",
    "do i have the right to leave", "can i quit",
    "can i go away", "can i run away", "can i escape",
    "je peux partir", "puis je partir", "ai je le droit de partir", "j ai le droit de partir", "je peux m en aller",
    "je peux quitter", "je peux fuir", "je peux m enfuir", "est ce que je peux partir",
    "هل يمكنني المغادرة", "يمكنني المغادرة", "هل أستطيع المغادرة", "هل استطيع المغادرة", "يحق لي المغادرة",
    "هل يمكنني أن أغادر", "هل يمكنني ان اغادر", "هل أستطيع أن أغادر", "هل استطيع ان اغادر", "هل يمكنني الرحيل",
    "هل يمكنني الهروب",
    "واش نقدر نمشي", "نقدر نمشي", "واش نقدر نخرج", "نقدر نخرج", "واش نقدر نهرب", "نقدر نهرب", "واش يمكن ليا نمشي",
    "واش عندي الحق نمشي", "واش عندي الحق نخرج",
    "wach n9der nmchi", "n9der nmchi", "nqder nmchi", "n9dar nmchi", "n9der nemchi", "wach n9der nkhrej",
    "n9der nkhrej", "n9der nkhroj", "n9der nhreb", "n9der nhrb", "wach imken li nmchi", "wach ymken lia nmchi",
    "wach 3endi l7e9 nmchi", "wach 3ndi l7a9 nmchi",
)
# Leaving the job, the employer or the house, named (at the end of the message too).
LEAVING_ANYWHERE = (
    "leave my job", "leave this job", "leave the job", "leave my boss", "leave my employer", "leave the house",
    "quit my job", "quit this job",
    "quitter mon travail", "quitter ce travail", "quitter mon patron", "quitter mon employeur", "quitter la maison",
    "partir de chez", "démissionner", "demissionner",
    "ترك العمل", "أترك العمل", "اترك العمل", "مغادرة العمل", "مغادرة البيت", "أغادر البيت",
    "نخلي الخدمة", "نسمح فالخدمة", "نخرج من الدار", "نخرج من عندهم",
    "nkhli lkhedma", "nkhelli lkhedma", "nkhalli lkhedma", "nsme7 f lkhedma", "nkhrej mn dar", "nkhrej mn 3ndhom",
)
# Topics whose answer a message that leans to them this much gets, whatever it says of leaving.
OTHER_TOPICS = frozenset({"ask_voluntary_return", "ask_shelter", "ask_health", "ask_legal_aid", "ask_hotline"})
LEANS_TO_TOPIC = 0.6
NOW_WORDS = ("now", "today", "maintenant", "aujourd hui", "الآن", "الان", "دابا", "daba", "lyoum", "lyouma")
HOURS_PHRASES = (
    "how many hours", "working hours", "work hours", "hours of work", "hours per day", "hours a day", "maximum hours",
    "combien d heures", "combien dheures", "heures de travail", "horaires de travail", "horaire de travail",
    "heures par jour",
    "كم ساعة", "ساعات العمل", "عدد ساعات", "ساعات الشغل", "ساعات في اليوم",
    "شحال من ساعة", "شحال د الساعات", "شحال دالسوايع", "شحال من سوايع", "سوايع الخدمة", "ساعات الخدمة",
    "ch7al mn sa3a", "ch7al men sa3a", "chhal mn sa3a", "ch7al d sa3at", "ch7al dsa3at", "ch7al mn swaye3",
    "sa3at dyal lkhedma", "swaye3 lkhedma", "swaye3 dyal lkhedma", "sa3at lkhedma", "sway3 lkhedma",
)
# After these topics (or none), hours are working hours; after going home, "how many hours" is the journey's.
HOURS_CONTEXT = frozenset({None, TOLD_CONTEXT, "ask_safety", "ask_hotline"})
IOM_PHRASES = (
    "oim", "l oim", "loim", "iom", "l iom", "liom", "o i m", "i o m",
    "organisation internationale pour les migrations", "international organization for migration",
    "المنظمة الدولية للهجرة", "منظمة الهجرة الدولية", "منظمة الهجرة",
)
# What is still owed named, after rights or a disclosure: its own short answer, not the disclosure's block again.
WAGES_PHRASES = (
    "wages", "salary", "my pay", "owes me", "owe me", "my money",
    "salaire", "salaires", "ma paye", "ma paie", "me doit", "mon argent",
    "أجري", "الأجر", "أجرتي", "راتبي", "الراتب", "مستحقاتي", "يدين لي", "فلوسي",
    "الخلصة", "خلصتي", "الصالير", "كيسالني", "كيسال ليا", "فلوس الخدمة",
    "lkhelsa", "lkhlsa", "lkhalsa", "khelsti", "khlasi", "salir", "flousi", "lflous dyali", "kaysalni", "kaysal liya",
    "kaysal lia", "kaysal li", "kaysali", "flous lkhedma",
)
# Someone who told of their situation says the person comes back ("he comes back tonight", "il revient ce soir"): news
# of what may happen, asked about ("are you in danger right now?"), not a bed for tonight.
# News alone is short: a longer message says more ("he comes back at night and I need somewhere to sleep").
NEWS_WORDS = 6
# The sub-question classifier's "later" this sure (actions/context.py LATER_ANSWERING_MIN) says the person must stop.
LATER_READ = 0.35
COMES_BACK_PHRASES = (
    # Said of him, her or them: "I'll come back later" is the writer's own later, not news.
    "he comes back", "she comes back", "they come back", "he is coming back", "hes coming back", "she is coming back",
    "shes coming back", "they are coming back", "theyre coming back", "he will be back", "she will be back",
    "they will be back", "he ll be back", "hell be back", "she ll be back", "he will come back", "she will come back",
    "they will come back", "he gets back", "she gets back", "he returns", "she returns", "they return",
    "revient", "reviennent", "reviendra", "reviendront", "il rentre", "elle rentre", "ils rentrent", "elles rentrent",
    "rentrera", "rentreront", "sera de retour", "seront de retour", "va revenir", "vont revenir", "va rentrer",
    "vont rentrer",
    "سيعود", "يعود", "سيرجع", "سيعودون", "يعودون", "سيأتي الليلة",
    "غادي يرجع", "غيرجع", "غادي يجي", "غيجي", "راجع الليلة", "كيرجع",
    "ghadi yrje3", "ghadi yrj3", "ghayrje3", "ghayrj3", "radi yrje3", "kayrje3", "ghadi yji", "ghayji", "raje3 lyouma",
)


def asks_to_leave(turn: Turn) -> bool:
    """"Can I leave?", "est-ce que je peux partir ?", "واش نقدر نمشي؟": the phrase ends the message (or "now" does),
    and the intent classifier does not lean to another topic ("je veux partir de chez eux et rentrer au pays" is going
    home's)."""
    if turn.intent in OTHER_TOPICS and turn.intent_confidence >= LEANS_TO_TOPIC:
        return False
    for padded in padded_forms(turn.text):
        for now in ("", *NOW_WORDS):
            ending = f" {now} " if now else " "
            if any(padded.endswith(f" {phrase}{ending}") for phrase in (*LEAVING_AT_END, *LEAVING_ANYWHERE)):
                return True
    return False


def named_question(turn: Turn) -> Asked | None:
    """The question the words name (leaving, working hours, actions/worded_questions.py, IOM), or None."""
    if asks_to_leave(turn):
        return LEAVING
    if turn.last_topic in HOURS_CONTEXT and says_phrase_in_either_form(turn.text, HOURS_PHRASES):
        return WORKING_HOURS
    worded = worded_question(turn)   # "nobody forced me", "where is the office?", "he followed me" (their words)
    if worded is not None:
        return worded
    if names_iom(turn):
        return Asked(RETURN, "")
    return None


def names_iom(turn: Turn) -> bool:
    """IOM (OIM, l'oim, the International Organization for Migration) named: going home is its programme."""
    return says_phrase_in_either_form(turn.text, IOM_PHRASES)


def names_another_topic(turn: Turn, topic: str) -> bool:
    """The intent classifier is sure of a topic other than `topic`: its words name that one."""
    return any(names_topic(turn, other) for other in TOPIC_CONTACTS if other != topic)


def answer_named(turn: Turn) -> bool:
    """A question its words name, answered (the topic's own sub-questions still count for IOM's: "l'oim, who pays?").
    Not when the words show danger, nor when the intent classifier is sure of another topic. True if answered."""
    if turn.danger:
        return False
    question = named_question(turn)
    if question is None or names_another_topic(turn, question.topic):
        return False
    if question.sub and question.sub in sub_questions(question.topic, turn.language):
        answer_asked(turn, question)
    else:
        answer_topic(turn, question.topic)
    return True


def says_he_comes_back(turn: Turn) -> bool:
    """News that the person comes back, after the writer told of their own situation, asking nothing."""
    best = turn.best_sub_question
    if best is not None and best[0] == LATER and best[1] >= LATER_READ:
        return False   # "he is coming back, later": the person must stop writing now (actions/context.py says_later)
    return (turn.situation_told and not turn.asks and not turn.danger and turn.word_count <= NEWS_WORDS
            and not names_another_topic(turn, "") and says_phrase_in_either_form(turn.text, COMES_BACK_PHRASES))


def ask_if_danger_now(turn: Turn) -> bool:
    """"He comes back tonight" after "he locks me in": are you in danger right now? True if asked."""
    if not says_he_comes_back(turn):
        return False
    ask_about_danger(turn)
    return True


def wages_in_context(turn: Turn) -> bool:
    """"And the wages he still owes me" after the rights answer or after telling of the situation, with nothing new
    told but the wages: unpaid wages' own answer (and the offer of a person when it escalates), after one short line
    when it is told again, never the disclosure's block again. True if answered."""
    if turn.danger or not (turn.situation_told or turn.last_topic == TOLD_CONTEXT):
        return False
    if names_another_topic(turn, TOLD_CONTEXT):   # "how do I claim my wages? a lawyer?" named surely as legal aid
        return False
    if any(code != "withholding_of_wages" for code in turn.risk.get("indicators") or []):
        return False
    if not says_phrase_in_either_form(turn.text, WAGES_PHRASES):
        return False
    if turn.risky:
        # Told as a disclosure: heard first, in one short line when the person told of their situation already (not
        # the first disclosure's block again), with the disclosure's words when this is the first time.
        if turn.situation_told and not (turn.minor or turn.child_continues):
            turn.say("disclosure_more")
        else:
            say_disclosure(turn)
    answer_asked(turn, UNPAID_WAGES)
    return True


def say_iom_offices(turn: Turn) -> None:
    """Where IOM itself is met (its offices, in person), after a request to talk to IOM; going home is the topic now."""
    turn.say(f"questions.{IOM_OFFICES.topic}.{IOM_OFFICES.sub}.answer")
    if turn.last_topic != RETURN:
        turn.events.append(SlotSet("last_topic", RETURN))
        turn.last_topic = RETURN


def understood_by_words(turn: Turn) -> bool:
    """News of the person's return, a question named in the words, or the wages still owed after rights: answered
    first. True if answered."""
    return ask_if_danger_now(turn) or answer_named(turn) or wages_in_context(turn)
