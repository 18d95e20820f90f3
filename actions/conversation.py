"""Conversation control: yes and no to a pending question, language changes, deleting data."""
from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions.base import STICKY_QUESTIONS, AmaneAction, offer_screening, start_screening
from actions.children import say_disclosure
from actions.context import answer_risk, away_now, followed_up, safe_now, says_later, understood_first
from actions.escalation import confirm_danger
from actions.named_questions import understood_by_words
from actions.subquestions import CLEAR_SUB_QUESTION, RUNNER_UP, Asked
from actions.thanks_words import thanks_not_no
from actions.told_more import hear_more_told
from actions.topics import answer_asked
from actions.turn import Turn
from bot.conversation import control
from bot.conversation.control import ERASE_CONVERSATION
from bot.nlu.language.script import requested_script
from bot.nlu.language.switch import names_a_language, requested_language
from bot.nlu.language.tokens import tokenise
from bot.nlu.risk.framing import negates

# What "yes" and "no" answer, by pending question; without one they get the short small talk.
YES_ANSWERS = {"offer_human": "human_accepted", "delete_confirm": "deleted"}
NO_ANSWERS = {"offer_human": "human_declined", "delete_confirm": "delete_cancelled", "safe_to_talk": "safe_later",
              "screening_offer": "screening.declined", "danger_check": "danger_check_no"}
# Questions a yes or no is never taken for when the message also tells of exploitation, danger or a
# child: deleting everything, or "no, I am not in danger" said with words that show danger.
NOT_TAKEN_WITH_RISK = frozenset({"delete_confirm", "danger_check"})
# Below this, a yes or no that also tells of exploitation is no answer to a question about talking.
UNSURE_YES_NO = 0.5
# "Yes, I'd like to talk to a person" read as a yes: a person is what is asked when the request is this likely.
PERSON_RUNNER_UP = 0.3
# "Ok delete now" read as a yes at 0.55, deleting at 0.41: deleting is asked about when guessed this much.
DELETE_RUNNER_UP = 0.3
# Below this, a guess of deleting is unsure ("rajli kay9ra lmessages dyali", my husband reads my messages, read as
# deleting at 0.36 beside the safety question at 0.33): a clearer question of a topic is what the message says.
UNSURE_DELETE = 0.5
# The rights' sub-question that answers about interpreters (and lawyers).
INTERPRETER = ("ask_rights", "lawyer")
# A yes or no guessed this unsure, with words, is no answer at all ("ما عندوش الكارط", he has no card, read as a
# no at 0.18 while "is it safe to write now?" waits): a follow-up it asks is answered even without a question mark.
BARELY_YES_NO = 0.3
# "No, she never goes to school" has words beyond the no; "no", "no no" and "la" alone answer the question.
CHILD_WORDS = 3


def risk_understood_first(turn: Turn, pending: str | None) -> bool:
    """A yes or no that also tells of exploitation, danger or a child ("yes he took my passport").

    The message is answered as the disclosure it is, first. The yes or no still answers a question about
    talking (is it safe to write, a person, the questions), but never deletes the conversation nor
    says "no danger" (the question is dropped). Returns True when nothing is left to answer.
    """
    if not turn.risky:
        return False
    if pending is None or pending in NOT_TAKEN_WITH_RISK or turn.intent_confidence < UNSURE_YES_NO:
        # An unsure yes or no with words of exploitation ("and they beat her when she breaks something" read as a
        # no at 0.3) answers nothing: the disclosure alone is answered, and a question about talking stays open.
        if pending and pending not in STICKY_QUESTIONS:
            turn.events.append(SlotSet("pending_question", None))
            turn.pending_question = None
        answer_risk(turn)
        return True
    answer_risk(turn, offer=False)
    return False


def question_not_answer(turn: Turn) -> bool:
    """A question read as a yes or a no ("how long does it take?" as a yes at 0.48, "and if they don't pay her?" as a
    no at 0.65) while a question waits: the sub-question classifier is surer of a topic's question than the intent
    classifier of the yes or no. Without a question mark, only a yes or no guessed under BARELY_YES_NO that does not
    say "later" ("ما عندوش الكارط" after legal aid). Its answer; a question about talking stays open (its buttons are
    still there), another is dropped. True if answered."""
    best = turn.best_sub_question
    if turn.risky or best is None:
        return False
    if turn.asks:
        if not surer_of_the_question(turn, best):
            return False
    elif turn.intent_confidence >= BARELY_YES_NO or turn.word_count < 2 or says_later(turn):
        return False
    if not followed_up(turn):
        return False
    if turn.pending_question and turn.pending_question not in STICKY_QUESTIONS:
        turn.events.append(SlotSet("pending_question", None))
        turn.pending_question = None
    return True


def words_not_answer(turn: Turn) -> bool:
    """A question or news its words name, read as a yes or a no ("can I leave?" as a yes while "is it safe to write
    now?" waits; actions/named_questions.py): its answer; a question about talking stays open, another is dropped.
    True if answered."""
    if turn.risky:
        return False
    before = len(turn.events)
    if not understood_by_words(turn):
        return False
    if turn.pending_question and turn.pending_question not in STICKY_QUESTIONS:
        # Before the answer's own events: "are you in danger right now?" may be the new pending question.
        turn.events.insert(before, SlotSet("pending_question", None))
        turn.pending_question = None
    return True


def surer_of_the_question(turn: Turn, best: tuple[str, float]) -> bool:
    """The sub-question classifier's best guess is clear, and surer than the intent classifier of its own guess."""
    return best[1] >= CLEAR_SUB_QUESTION and best[1] > turn.intent_confidence


def wants_a_person(turn: Turn) -> bool:
    """A yes that asks for a person too ("oui je veux bien parler à quelqu'un"): the classifier's runner-up. Not
    when the words show exploitation or danger (they are answered first) nor when the questions were asked for."""
    if turn.danger or turn.risk.get("indicators") or turn.screening_requested:
        return False
    return guessed(turn, "request_human", PERSON_RUNNER_UP)


def more_about_the_child(turn: Turn) -> bool:
    """A "no" with words right after a child was spoken of, that does not say "later" ("no, she does not go to
    school"): more about the child, not an answer to the question that waits (it stays)."""
    return turn.child_continues and turn.word_count >= CHILD_WORDS and not says_later(turn)


def guessed(turn: Turn, intent: str, minimum: float) -> bool:
    """The intent classifier gives this intent at least `minimum` (first or not)."""
    return any(name == intent and confidence >= minimum for name, confidence in turn.intent_ranking)


class ActionAffirm(AmaneAction):
    action_name = "action_affirm"

    answers_pending = True

    def respond(self, turn: Turn) -> None:
        pending = turn.pending_question
        if pending == "danger_check":
            # Yes, danger now (whatever else the words say): the numbers and an urgent case.
            turn.events.append(SlotSet("pending_question", None))
            confirm_danger(turn)
            return
        if words_not_answer(turn) or question_not_answer(turn):
            return
        if pending != "delete_confirm" and not turn.risky and guessed(turn, "delete_my_data", DELETE_RUNNER_UP):
            # "ok delete now" read as a yes (to "is it safe to write now?"): the deletion is asked, and confirmed first.
            ask_to_delete(turn)
            return
        if pending in (None, "safe_to_talk") and wants_a_person(turn):
            # "Yes, I'd like to talk to someone": safe now, and the offer that would come next is accepted already.
            turn.safe_to_talk = True
            turn.events += [SlotSet("safe_to_talk", True), SlotSet("human_offered", True)]
            pending = "offer_human"
        elif risk_understood_first(turn, pending) or (pending is None and understood_first(turn)):
            return
        elif pending == "safe_to_talk":
            safe_now(turn)
            return
        if pending == "screening_offer":
            if turn.danger:  # never a questionnaire while someone is in danger
                turn.events.append(SlotSet("pending_question", None))
            else:
                start_screening(turn)
            return
        if pending or not turn.danger:
            # After the emergency numbers, a bare "all right" would read as if nothing was heard.
            answer = YES_ANSWERS.get(pending or "", "affirm")
            if answer == "human_accepted" and not turn.officer_on_duty:
                answer = "human_accepted_off_duty"  # no promise of an answer soon when nobody is at the desk
            turn.say(answer)
        turn.events.append(SlotSet("pending_question", None))
        if pending == "offer_human":
            turn.dispatcher.utter_message(json_message=control.consent("yes"))
            # While they wait for the person: a few optional questions help the person understand.
            offer_screening(turn)
        if pending == "delete_confirm":
            # The pipeline keeps this payload back and erases the conversation after the turn.
            turn.dispatcher.utter_message(json_message=ERASE_CONVERSATION)


class ActionDeny(AmaneAction):
    """No, not now, and also "skip" or "stop" typed outside the screening: no to the pending question."""

    action_name = "action_deny"

    answers_pending = True

    def respond(self, turn: Turn) -> None:
        pending = turn.pending_question
        if risk_understood_first(turn, pending):
            return
        if thanks_not_no(turn):
            # "Merci d'être là" read as a no: a thanks; the question that waits is not answered by it.
            turn.say("thank")
            return
        if pending is None and understood_first(turn):
            return
        if pending != "danger_check" and (words_not_answer(turn) or question_not_answer(turn) or away_now(turn)):
            return
        if pending == "safe_to_talk" and more_about_the_child(turn):
            # "لا تذهب إلى المدرسة" (she does not go to school) right after a child was spoken of: not "not safe".
            say_disclosure(turn)
            return
        # "Not now" to the offer of a person is a later, not a no: the offer waits for them.
        later = pending == "safe_to_talk" or (pending == "offer_human" and says_later(turn))
        if pending == "offer_human" and later:
            turn.say("human_later")
        elif pending or not turn.danger:
            turn.say(NO_ANSWERS.get(pending or "", "deny"), None if later else turn.menu())
        if pending in ("offer_human", "safe_to_talk"):
            turn.dispatcher.utter_message(json_message=control.consent("later" if later else "no"))
        turn.events.append(SlotSet("pending_question", None))
        if pending == "danger_check":
            turn.events.append(SlotSet("danger_seen", False))  # "no, I am not in danger": no follow-ups of danger
        if later and turn.screening_requested:
            turn.events.append(SlotSet("screening_requested", False))  # asked again when they come back


class ActionChangeLanguage(AmaneAction):
    """The pipeline already switched the reply language; confirm it, or list what we read."""

    action_name = "action_change_language"

    def respond(self, turn: Turn) -> None:
        if asks_about_a_language(turn):
            # "Et si je ne parle pas arabe ?": whether someone will translate, not which language to write in (the
            # pipeline switched nothing); the interpreter's answer, which says honestly what is not confirmed.
            answer_asked(turn, Asked(INTERPRETER[0], INTERPRETER[1]))
            return
        turn.say("language_changed", turn.menu())


def asks_about_a_language(turn: Turn) -> bool:
    """A question that names a language the person does not speak ("if I don't speak Arabic?"): a request for a
    language is never negated, while a request the switch does not recognise ("can you answer in French?") is asked
    without a negation and stays a change of language."""
    text = turn.text
    return (not text.startswith("/") and turn.asks and names_a_language(text)
            and any(negates(token.norm) for token in tokenise(text))
            and requested_language(text) is None and requested_script(text) is None)


class ActionDeleteMyData(AmaneAction):
    action_name = "action_delete_my_data"

    def respond(self, turn: Turn) -> None:
        if not_a_deletion(turn):
            return
        if turn.intent_confidence < UNSURE_DELETE and hear_more_told(turn, ""):
            return   # "then he comes to my room every night" right after a disclosure, read as deleting at 0.38
        ask_to_delete(turn)


def not_a_deletion(turn: Turn) -> bool:
    """An unsure guess of deleting whose words the sub-question classifier clearly reads as a topic's question ("my
    husband reads my messages": what to do when the phone is checked), that topic the intent classifier's other guess
    or the one answered last: that question's answer, not "delete everything?". Deleting is asked for in its own
    words ("delete this chat"), which the classifier reads surely. True if answered."""
    best = turn.best_sub_question
    if turn.intent_confidence >= UNSURE_DELETE or best is None or not surer_of_the_question(turn, best):
        return False
    owner = best[0].partition("/")[0]
    if not (owner == turn.last_topic or guessed(turn, owner, RUNNER_UP)):
        return False
    return followed_up(turn)


def ask_to_delete(turn: Turn) -> None:
    """Delete the whole conversation? (yes / no): nothing is erased before the yes."""
    turn.say("delete_confirm", turn.yes_no())
    turn.events.append(SlotSet("pending_question", "delete_confirm"))
