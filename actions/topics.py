"""The topic answers of the menu: short first, a sub-question's own answer, details on request, never twice in a row."""
from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions.base import offer_human
from actions.children import say_disclosure
from actions.cost import cost_asked, cost_of_last_topic
from actions.family import family_asked
from actions.named_details import child_for_the_bed, named_detail
from actions.phone_taken import phone_answer_key
from actions.return_documents import return_papers_named
from actions.subquestions import (
    MORE,
    NONE,
    PROTECTION,
    TOLD_CONTEXT,
    Asked,
    about_what_was_told,
    asked,
    buttons,
    if_offered,
    sub_questions,
    told_over_unsure,
    topic_unsure,
    with_the_child,
)
from actions.topic_words import TOPIC_PHRASES, asks_in_words, fears_punishment, names_in_words
from actions.turn import Turn, content
from actions.women import place_for_women
from actions.worded_questions import says_cant_call
from bot.conversation.content import Button

# Topic -> the operator contacts worth adding to its answers when the operator configured them.
TOPIC_CONTACTS = {
    "ask_rights": (),
    "ask_safety": (),
    "ask_voluntary_return": ("iom_contact",),
    "ask_shelter": ("shelter_contact",),
    "ask_legal_aid": ("legal_aid_contact",),
    "ask_health": ("health_contact",),
    "ask_hotline": (),
}
# Answers about a person's own situation end with the tip on deleting the chat (the safety
# answer already says it).
SENSITIVE_TOPICS = {"ask_rights", "ask_voluntary_return", "ask_shelter", "ask_legal_aid"}


# The phone's question of safety ("he checks my phone"): told in answer to "is it safe to write now?", it tells too.
PHONE_CHECKED = ("ask_safety", "phone_checked")
CANT_CALL = ("ask_safety", "cant_call")
# Topics whose general answer would leave open a fear of arrest told after the situation (protection_feared).
FEAR_TOPICS = frozenset({"ask_rights", "ask_safety"})
# Topics whose first message is the numbers themselves: asked again, that message is said again.
NUMBERS_TOPICS = frozenset({"ask_hotline"})
# An unsure topic guess that the topic answered last ties with, this close ("I have no residence card, does it
# matter?" split between going home, legal aid and health, right after health): the conversation's topic.
TIE = 0.05


def conversation_topic(turn: Turn, topic: str) -> str:
    """The topic to answer: the intent's, unless the classifier is unsure and the topic answered last ties with it."""
    last = turn.last_topic
    if not last or last == topic or not topic_unsure(turn):
        return topic
    close = [name for name, confidence in turn.intent_ranking[:3] if confidence >= turn.intent_confidence - TIE]
    return last if last in close else topic


def exploitation_shown(turn: Turn) -> bool:
    """The words themselves show exploitation (a risk cue other than a child's age), not only the classifier's guess."""
    return not turn.danger and any(code != "minor" for code in turn.risk.get("indicators") or [])


def answer_topic(turn: Turn, topic: str) -> None:
    """The topic's answer, or the sub-question the message asks; if it also showed risk, the offer of a person.

    Words that show exploitation come first ("she doesn't let me go out, even on Sundays" taken for a safety
    question): with no sub-question asked, the message is answered as the disclosure it is, and the topic's
    short answer follows only when the message asks something ("?"). A sub-question asked with a first
    disclosure ("my boss keeps my passport, is that legal?") gets the disclosure's words, then its own answer.
    """
    read = told_over_unsure(turn, topic, named_detail(turn, topic, with_the_child(turn, topic, asked(turn, topic))))
    question = (cant_call_told(turn, topic) or return_papers_named(turn, topic) or cost_of_last_topic(turn, topic)
                or child_for_the_bed(turn, topic) or read)
    question = question or protection_feared(turn, topic)
    if not exploitation_shown(turn) and place_for_women(turn, topic, question.sub if question else ""):
        answer_for_women(turn, topic)
        return
    if question is None and not exploitation_shown(turn):
        # "Is that allowed?": what the message before told; "... I have no money, is the doctor free?" read as asking
        # nothing: the cost its words name.
        question = about_what_was_told(turn, topic) or cost_asked(turn, topic)
        if question is None:
            question = family_asked(turn, topic)
            if question is not None and turn.last_topic != topic:
                # Going home with a relative named, going home new in the conversation: its short answer first (what
                # the programme is), since the family's alone says little.
                turn.say_texts(_block(turn, topic, "")[0])
    elif question is None and topic == TOLD_CONTEXT and (turn.asks or turn.classifier_intent == TOLD_CONTEXT):
        # "My wife's boss keeps her passport, has he the right?" (a "?", or the classifier's own guess was a rights
        # question before the risk decision made it the disclosure): what this message tells is what it asks about.
        question = about_what_was_told(turn, topic, told_here=True)
    if question is None and exploitation_shown(turn):
        say_disclosure(turn)
        if turn.asks:
            # "My boss keeps my passport, can I still go home?" read as asking a detail, of another topic (the rights'
            # passport kept): what the message tells decides which detail (going home's documents). Read as asking
            # none, the topic's short answer.
            detail = about_what_was_told(turn, topic, told_here=True) if asks_a_detail(turn) else None
            answer_asked(turn, detail or Asked(topic, ""))
        else:
            offer_human(turn)
        return
    if question is not None and exploitation_shown(turn) and (not turn.situation_told or turn.child_continues):
        # More about a child just spoken of ("she may not go out or call us") is heard as that, before any answer.
        say_disclosure(turn)
    elif question is not None and ((exploitation_shown(turn) and turn.tells_more) or phone_told(turn, question)):
        # Told of their situation already, the person tells something new with a question ("no, he took my phone,
        # this is a friend's", read as "he checks my phone"): heard in one short line before the answer (not the
        # first disclosure's words again).
        turn.say("disclosure_more")
    answer_asked(turn, question or Asked(topic, ""))


def cant_call_told(turn: Turn, topic: str) -> Asked | None:
    """"I can't call the police, I have no papers" in a question of rights or safety: safety's answer for not being able
    to call (silent ways to reach help), which the classifiers read as the victim's protection. Not after danger (its
    follow-ups answer, actions/danger_followup.py)."""
    if topic not in FEAR_TOPICS or turn.danger_seen or turn.danger or not says_cant_call(turn):
        return None
    return if_offered(turn, *CANT_CALL)


def protection_feared(turn: Turn, topic: str) -> Asked | None:
    """After the person told of their own situation, a question of rights or safety that asks nothing the classifier
    places and fears arrest, prison or punishment ("na true say police no go arrest me if i talk?", "est-ce que je
    serai puni pour les appels ?"): the victim's protection, not the topic's general answer. Not after danger (its
    follow-ups answer), nor with words of another topic that has its own question without papers."""
    if (topic not in FEAR_TOPICS or not turn.situation_told or turn.danger_seen or not asks_in_words(turn)
            or not fears_punishment(turn) or any(names_in_words(turn, other) for other in TOPIC_PHRASES)):
        return None
    owner, _, sub = PROTECTION.partition("/")
    return if_offered(turn, owner, sub)


def answer_for_women(turn: Turn, topic: str) -> None:
    """A place for women asked (actions/women.py): no confirmed list, the women's line, then the shelter's short answer;
    right after that answer, the line alone with the shelter's questions as buttons (not "see above")."""
    texts, offered = _block(turn, topic, "")
    if texts[0] in turn.previous_texts:
        turn.say("shelter_for_women", buttons(turn, topic))
    else:
        turn.say("shelter_for_women")
        turn.say_texts(texts, offered or None)
    answered(turn, topic)


def asks_a_detail(turn: Turn) -> bool:
    """The sub-question classifier's best guess is a question, of whichever topic (not "none")."""
    best = turn.best_sub_question
    return best is not None and best[0] != NONE


def phone_told(turn: Turn, question: Asked) -> bool:
    """"No, he took my phone, this is a friend's" (or "he checks my phone") told, not asked, in answer to "is it safe
    to write now?" right after it was asked: what the phone tells of the person's situation is heard too, though no
    risk cue named it (a phone taken is isolation)."""
    return ((question.topic, question.sub) == PHONE_CHECKED and not turn.asks
            and turn.pending_question == "safe_to_talk" and turn.messages("safe_to_talk")[0] in turn.previous_texts)


def answer_asked(turn: Turn, question: Asked) -> None:
    """Say one block: the topic's short answer (sub ""), a sub-question's answer, or the details (MORE).

    A block that was the previous answer is not sent again: a short line offers the topic's sub-questions
    instead (or the menu, for a topic without any).
    """
    topic, sub = question.topic, question.sub
    texts, offered = _block(turn, topic, sub)
    if topic in NUMBERS_TOPICS and not sub and (turn.child_told or turn.child_continues) and not turn.child_line_said:
        # "Who do I call for her?" after a child was spoken of: the children's line first, then all the numbers. Its
        # own words, not child.line's: what follows is not taken for more about the child (Turn.child_continues).
        turn.say("child.numbers_first")
        turn.child_line_said = True
    if texts[0] in turn.previous_texts and not turn.risky and topic in NUMBERS_TOPICS:
        # A number asked for right after the numbers ("is there one for women?"): the numbers are the answer, so
        # their message again, alone (not the whole block), rather than "see above" with the menu.
        turn.say_texts(texts[:1])
    elif texts[0] in turn.previous_texts and not turn.risky:
        # Its line names "Talk to a person": that button, rather than "More", when ten are too few.
        again = (buttons(turn, topic, answered=sub if sub != MORE else None, more=False)
                 if sub_questions(topic, turn.language) else turn.menu())
        turn.say("answer_again", again)
    else:
        turn.say_texts(texts, offered or None)
    answered(turn, topic)


def answered(turn: Turn, topic: str) -> None:
    """The topic is the one answered last (a follow-up often drops its words); a message that showed risk gets the offer
    of a person after the answer."""
    if turn.last_topic != topic:
        turn.events.append(SlotSet("last_topic", topic))
        turn.last_topic = topic
    if turn.escalate:
        offer_human(turn)


def _block(turn: Turn, topic: str, sub: str) -> tuple[list[str], list[Button]]:
    """The texts of one block and the buttons that follow it."""
    c, language = content(), turn.language
    contacts = c.operator_lines(language, TOPIC_CONTACTS[topic])
    has_questions = bool(sub_questions(topic, language))
    if sub == MORE:
        return c.messages(f"details.{topic}", language) + contacts, buttons(turn, topic, more=False)
    if sub:
        # The phone taken, not checked: the tip for someone writing from another phone (actions/phone_taken.py).
        return (c.messages(phone_answer_key(turn, topic, sub), language) + contacts,
                buttons(turn, topic, answered=sub))
    texts = c.messages(f"answers.{topic}", language) + contacts
    if topic in SENSITIVE_TOPICS:
        texts += c.messages("safe_phone_tip", language)
    return texts, buttons(turn, topic) if has_questions else []
