"""Which sub-question a message asks ("who pays the ticket?" after the voluntary return answer), and its buttons.

Two sources: a tapped button carries its sub-question as an entity (`/ask_voluntary_return{"sub_question":
"who_pays"}`); a typed message has the NLU's sub-question ranking (bot/nlu/subquestions.py). A follow-up often
drops the topic's words ("how long does it take?", "is it free?"), so the topic answered last weighs more.
"""
from __future__ import annotations

from dataclasses import dataclass

from actions.cost_words import names_cost
from actions.topic_words import names_detail, names_expiry, names_in_words, names_loss
from actions.turn import Turn, content
from bot.conversation.content import Button

MORE = "more"            # the topic's details, on request
MORE_LABEL = "ask_menu/more"   # "more", "tell me more" typed: a sub-question of the menu in nlu_data
NONE = "none"
# "Not now, later": the sub-question classifier's label for an answer about talking (actions/context.py says_later),
# no topic's question. It is left out of the shares below: "w mn b3d?" (and after?) split between "later" and "more"
# after a topic asks for more.
LATER = "deny/later"
# A question of another topic than the intent's, this sure, in a message that asks ("?"): "a woman offered me a job
# as a maid, do I need a contract?" is read as safety (job offers) and asks the domestic workers' contract.
SURE_SUB_QUESTION = 0.9
# The last topic's sub-questions count this many times more: "is it free?" after legal aid is about legal aid.
CONTEXT_WEIGHT = 3.0
# A message is about no sub-question when the classifier gives "none" this much (a general question, small talk).
NONE_MAX = 0.5
# The classifier's own confidence the answered sub-question needs: general questions ("what are my rights",
# "where can I see a doctor") share words with sub-questions and get up to about a third.
MIN_CONFIDENCE = 0.4
# Among the sub-questions (weighted), the share the best one needs to be answered rather than the topic's short
# answer. Measured on the scripted conversations of bench/conversation_replay.py.
MIN_SHARE = 0.55
# The same question asked of different topics ("is it free?", "without papers?", "with my children?"): right
# after one of them it is about that one, unless the words name another topic (the intent classifier this sure).
SAME_QUESTION = (
    frozenset({"ask_voluntary_return/who_pays", "ask_legal_aid/free", "ask_health/free_care"}),
    frozenset({"ask_voluntary_return/no_papers", "ask_legal_aid/no_papers", "ask_health/no_papers"}),
    frozenset({"ask_voluntary_return/family", "ask_shelter/with_children"}),
)
NAMED_TOPIC = 0.9
# After someone told of their own situation, rights are what their questions are about, as the topic answered last
# is ("does she have the right to keep my passport?" is not the lost passport of going home): this topic counts as
# context too. The papers asked about then are the victim's protection, unless the conversation is about going home,
# legal aid or health ("will the police arrest me, I have no papers?").
TOLD_CONTEXT = "ask_rights"
PAPERS = SAME_QUESTION[1]
PROTECTION = "ask_rights/protection"
# Whether to call the police, asked for fear of one's papers right after a topic with a question without papers.
CALL_POLICE = "ask_safety/call_police"
# The rights' lawyer (and interpreter) asked with its cost: legal aid's "is it free?".
LAWYER_COST = ("ask_rights/lawyer", "ask_legal_aid/free")
# A topic named this surely with one of its details: the detail is answered when "none" stays under DETAIL_NONE_MAX
# and the detail gets at least DETAIL_MIN.
DETAIL_NONE_MAX = 0.7
DETAIL_MIN = 0.3
# Below this, the intent classifier is unsure of the topic ("mazal, if I complain will they jail me, I have no
# papers?" read as rights at 0.43): a sub-question of another topic this clear is what the message asks.
UNSURE_TOPIC = 0.5
CLEAR_SUB_QUESTION = 0.6
# The intent classifier's second guess this high, with a clear sub-question of that topic: that sub-question.
RUNNER_UP = 0.2
# A rights question right after the person told of their own situation ("does he have the right to do that?"): the
# indicator just told, when it has a rights answer of its own, is what "that" is.
TOLD_RIGHTS = {"withholding_of_wages": "unpaid_wages", "retention_of_documents": "passport_kept"}
# Going home right after telling that the passport is kept ("can I still go back without it?"): the documents' answer
# (IOM gets a travel document from the consulate), not the short answer that leaves "without it" open.
TOLD_DETAILS = {TOLD_CONTEXT: TOLD_RIGHTS, "ask_voluntary_return": {"retention_of_documents": "documents"}}
# A passport kept by someone is not lost: going home's documents' answer, not the lost passport's ("tell them at the
# first interview that it is lost" would be untrue).
LOST_PASSPORT = ("ask_voluntary_return", "lost_passport")
KEPT_DOCUMENTS = "retention_of_documents"
# A bed asked for after a child was spoken of ("is there a place for me and him?"): the answer with the children, unless
# the words clearly ask for a man (the sub-question classifier at CLEAR_SUB_QUESTION).
WITH_THE_CHILD = {"ask_shelter": ("with_children", "for_men")}
# Intents that, guessed for a question, say the classifier did not understand it ("how many hours" as a greeting): a
# sub-question of another topic than the conversation's needs the intent classifier's support then (guessed_topic).
# Not a yes, a no or thanks, which often carry the question ("لا نملك جوازات سفر", we have no passports, as a no).
SMALL_TALK = frozenset({"greet", "goodbye", "out_of_scope", "bot_challenge"})
# WhatsApp shows at most 10 choices in a list.
MAX_BUTTONS = 10


@dataclass(frozen=True)
class Asked:
    topic: str
    sub: str            # a key of questions.<topic>, or MORE


def sub_questions(topic: str, language: str) -> list[str]:
    """The topic's sub-questions, in the content's order (none for a topic without)."""
    node = content().raw("questions", language).get(topic) or {}
    return list(node)


def if_offered(turn: Turn, topic: str, sub: str) -> Asked | None:
    """The question (topic, sub), when the topic has that sub-question in the turn's language; else None."""
    return Asked(topic, sub) if sub in sub_questions(topic, turn.language) else None


def tapped(turn: Turn, topic: str | None) -> Asked | None:
    """A sub-question button (or "More") tapped for a topic."""
    topic = topic or turn.last_topic
    if not turn.sub_question_entity or not topic:
        return None
    if turn.sub_question_entity == MORE or turn.sub_question_entity in sub_questions(topic, turn.language):
        return Asked(topic, turn.sub_question_entity)
    return None


def asked(turn: Turn, topic: str | None) -> Asked | None:
    """The sub-question the turn asks, for a topic intent (`topic`) or for another intent (None), or None.

    For a topic intent, only that topic's sub-questions and the last topic's count (the intent classifier
    knows the topic better than a guess about the details); for another intent (not understood, small talk
    with a question), any sub-question that clear.
    """
    button = tapped(turn, topic)
    if button:
        return button
    ranking = same_question_together(turn, dict(turn.sub_question_ranking))
    if ranking.get(NONE, 0.0) >= NONE_MAX:
        # No sub-question, as a rule: the context decides only which one, never whether. But a message sure of its
        # topic may name a detail too ("I want to go home but I lost my passport"): that detail was asked.
        detail = detail_of_sure_topic(turn, topic, ranking) or detail_of_last_topic(turn, ranking)
        return kept_not_lost(turn, detail) if detail else None
    if topic and topic != turn.last_topic and names_topic(turn, topic) and not sub_questions(topic, turn.language):
        ranking = own_sub_questions(ranking, topic)
    context = context_topics(turn, topic)
    scores = {label: confidence * (CONTEXT_WEIGHT if label.partition("/")[0] in context else 1.0)
              for label, confidence in ranking.items() if label not in (NONE, LATER)}
    total = sum(scores.values())
    if not total:
        return None
    best = max(scores, key=lambda label: scores[label])
    # The same question of several topics ("faut payer combien ?" after health) splits the classifier's
    # confidence between them: together they say whether it is asked; the context says which one.
    group = same_question_group(best)
    if best in PAPERS and TOLD_CONTEXT in context:
        # The papers asked about in rights' context are the victim's protection (in_context): one question with it.
        group = group | {PROTECTION}
    needed = DETAIL_MIN if guessed_in_context(turn, best.partition("/")[0], context) else MIN_CONFIDENCE
    if (sum(scores[label] for label in group if label in scores) / total < MIN_SHARE
            or sum(ranking.get(label, 0.0) for label in group) < needed):
        return None
    if best == MORE_LABEL:
        about = topic or turn.last_topic
        if about and about != turn.last_topic:
            # "More" of a topic not answered yet ("wach hadchi mzyan?", is that all right?, read as "more" with rights
            # guessed among the topics, after safety): its short answer first, the details on request, never four
            # messages of details as a first answer.
            return Asked(about, "")
        return Asked(about, MORE) if about else None
    guessed_owner = best.partition("/")[0]
    best = police_over_papers(turn, lawyer_cost(turn, in_context(turn, best, context)))
    owner, _, sub = best.partition("/")
    certainty = ranking.get(best, 0.0)
    if topic and not {owner, guessed_owner} & {topic, *context} and not (
            (topic_unsure(turn) or second_guess(turn, owner)) and certainty >= CLEAR_SUB_QUESTION) and not (
            turn.asks and certainty >= SURE_SUB_QUESTION):
        return None
    if (topic is None and turn.intent in SMALL_TALK and context and not {owner, guessed_owner} & context
            and not guessed_topic(turn, owner)):
        return None
    if sub not in sub_questions(owner, turn.language):
        return None
    return kept_not_lost(turn, Asked(owner, sub))


def guessed_topic(turn: Turn, topic: str) -> bool:
    """The intent classifier guesses this topic first or second, at RUNNER_UP or more. A message of small talk ("how
    many hours", read as a greeting) in a conversation about another topic (rights) asks that topic's question only
    with the intent classifier's support: the sub-question classifier alone reads "how many" as going home's "how
    long" (2 to 8 weeks), a wrong answer to a question about working hours. A disclosure or danger keeps its own
    rules (a question of another topic in a disclosure is still answered)."""
    return topic in [name for name, confidence in turn.intent_ranking[:2] if confidence >= RUNNER_UP]


def with_the_child(turn: Turn, topic: str | None, question: Asked | None) -> Asked | None:
    """A topic's general question (or its look-alike for a man, unsure) after a child was spoken of in this
    conversation: the child's question of that topic. A clear other question of the topic keeps its own answer; one of
    another topic does only when the intent classifier is unsure of this one ("we have no place", read as no papers,
    in a message read surely as asking for a bed)."""
    sub, look_alike = WITH_THE_CHILD.get(topic or "", ("", ""))
    if not sub or topic is None or not turn.child_told:
        return question
    bed_asked_surely = turn.intent == topic and not topic_unsure(turn)
    if question is not None and question.sub not in ("", look_alike) and (
            question.topic == topic or not bed_asked_surely):
        return question
    if question is not None and dict(turn.sub_question_ranking).get(f"{topic}/{look_alike}", 0.0) >= CLEAR_SUB_QUESTION:
        return question
    return Asked(topic, sub)


def kept_not_lost(turn: Turn, question: Asked) -> Asked:
    """The lost passport's question, when this message or the one before told that the passport is kept, or its words
    say it expired: the documents' answer of going home instead; not when the words say it was lost or stolen
    ("سرق جوازي", which the risk cues may read as a passport taken)."""
    if (question.topic, question.sub) != LOST_PASSPORT or names_loss(turn):
        return question
    told = {*(turn.risk.get("indicators") or []), *turn.previous_indicators}
    if KEPT_DOCUMENTS in told or names_expiry(turn):
        # Kept by someone, or out of date ("my passport expired"): neither is a loss to report.
        return Asked(question.topic, "documents")
    return question


def about_what_was_told(turn: Turn, topic: str | None, told_here: bool = False) -> Asked | None:
    """A rights question that names no detail, right after a message that told of unpaid wages or documents kept (one
    of the two, or both when this message's words name one of them: "can he get his passport back?"): that detail's
    answer, rather than the rights' general answer that leaves "that" open. The same for going home right after telling
    that the passport is kept (TOLD_DETAILS). With `told_here`, the message itself told it ("my wife's boss keeps her
    passport, has he the right?"): its own indicators, not the previous."""
    details = TOLD_DETAILS.get(topic or "")
    if topic is None or not details:
        return None
    indicators = (turn.risk.get("indicators") or []) if told_here else turn.previous_indicators
    told = {details[code] for code in indicators if code in details}
    if len(told) > 1 and not told_here:
        told = {sub for sub in told if names_detail(turn, sub)}
    if len(told) != 1:
        return None
    return if_offered(turn, topic, told.pop())


def told_over_unsure(turn: Turn, topic: str | None, question: Asked | None) -> Asked | None:
    """"Is that legal?" right after telling that the passport is kept, read unsure as the unpaid wages' question (the
    two share the words of the law): what was just told decides between the told details (TOLD_RIGHTS), unless this
    message tells the other one itself. Only for a guess under MIN_CONFIDENCE, which the context's lower bar let
    through (guessed_in_context): a wages question the classifier reads at 0.4 or more keeps its answer."""
    if question is None or topic != TOLD_CONTEXT or question.topic != TOLD_CONTEXT:
        return question
    codes = {sub: code for code, sub in TOLD_RIGHTS.items()}
    if question.sub not in codes or codes[question.sub] in (turn.risk.get("indicators") or []):
        return question
    if dict(turn.sub_question_ranking).get(f"{topic}/{question.sub}", 0.0) >= MIN_CONFIDENCE:
        return question
    told = about_what_was_told(turn, topic)
    return told if told is not None else question


def detail_of_sure_topic(turn: Turn, topic: str | None, ranking: dict[str, float]) -> Asked | None:
    """A message that names its topic surely (the intent classifier at NAMED_TOPIC) and one of the topic's details,
    which the sub-question classifier ranks clearly though below "none" (the topic's general question shares the
    words): the detail's answer, rather than the topic's short answer that leaves the question open."""
    if not topic or not names_topic(turn, topic) or ranking.get(NONE, 0.0) >= DETAIL_NONE_MAX:
        return None
    detail = clear_detail(turn, topic, ranking)
    if detail is not None and f"{detail.topic}/{detail.sub}" in SAME_QUESTION[0] and not names_cost(turn):
        # "Bad cough since a week, where can I see a doctor?": the health words pull the cost detail up, but a message
        # read as asking nothing asks the cost only in words that name it (actions/cost_words.py): where to go.
        return None
    return detail


def detail_of_last_topic(turn: Turn, ranking: dict[str, float]) -> Asked | None:
    """A short follow-up of the topic answered last ("even without a residence card?" after health), which the intent
    classifier guesses too (first or second, at RUNNER_UP) and the sub-question classifier ranks clearly though below
    "none" (its confidence split between the topics that share the question, merged by same_question_together)."""
    last = turn.last_topic
    if not last or ranking.get(NONE, 0.0) >= DETAIL_NONE_MAX:
        return None
    if last not in [name for name, confidence in turn.intent_ranking[:2] if confidence >= RUNNER_UP]:
        return None
    return clear_detail(turn, last, ranking)


def clear_detail(turn: Turn, topic: str, ranking: dict[str, float]) -> Asked | None:
    """The topic's likeliest detail in the ranking, when it gets at least DETAIL_MIN."""
    details = [(confidence, label) for label, confidence in ranking.items() if label.partition("/")[0] == topic]
    if not details:
        return None
    confidence, label = max(details)
    sub = label.partition("/")[2]
    return Asked(topic, sub) if confidence >= DETAIL_MIN and sub in sub_questions(topic, turn.language) else None


def own_sub_questions(ranking: dict[str, float], topic: str) -> dict[str, float]:
    """The words name a new topic that has no details of its own ("who can I call for her?" after the safety answer,
    the classifier this sure of the numbers to call): the last topic's look-alikes ("I can't call") do not count, only
    the same question of other topics (SAME_QUESTION). A topic with details is not filtered so: neighbours are
    confused ("how do I claim my money?" after rights, guessed surely as legal aid, is rights' unpaid wages)."""
    return {label: confidence for label, confidence in ranking.items()
            if label in (NONE, MORE_LABEL)
            or any(other.partition("/")[0] == topic for other in same_question_group(label))}


def guessed_in_context(turn: Turn, topic: str, context: set[str]) -> bool:
    """The topic is the context's and the intent classifier's first or second guess too (at RUNNER_UP): when the
    two classifiers and the conversation agree, a detail needs only DETAIL_MIN ("does she have the right to keep
    my passport?" after telling that she keeps it, rights second at 0.38, its passport question at 0.32)."""
    return topic in context and guessed_topic(turn, topic)


def same_question_group(label: str) -> frozenset[str]:
    """The label and the same question of the other topics (a group of SAME_QUESTION), or the label alone."""
    return next((group for group in SAME_QUESTION if label in group), frozenset({label}))


def topic_unsure(turn: Turn) -> bool:
    """The intent classifier's best guess is this unsure (no guesses: as sure as a tapped button)."""
    return turn.intent_confidence < UNSURE_TOPIC


def second_guess(turn: Turn, topic: str) -> bool:
    """The intent classifier's runner-up is this topic, at RUNNER_UP or more ("can I get a lawyer?" as legal aid
    0.7, rights 0.3): with a clear sub-question of that topic, the two classifiers agree on it."""
    ranking = turn.intent_ranking
    return len(ranking) > 1 and ranking[1][0] == topic and ranking[1][1] >= RUNNER_UP


def names_topic(turn: Turn, topic: str) -> bool:
    """The words name this topic: the intent classifier gives it at least NAMED_TOPIC."""
    return turn.intent == topic and bool(turn.intent_ranking) and turn.intent_confidence >= NAMED_TOPIC


def context_topics(turn: Turn, topic: str | None = None) -> set[str]:
    """The topics a follow-up is likely about: the one answered last, and rights once the person told of their
    own situation, unless the words name another topic this surely ("I want to complain, is there a lawyer?" is
    legal aid's)."""
    told = turn.situation_told and not (topic and topic != TOLD_CONTEXT and names_topic(turn, topic))
    return {name for name in (turn.last_topic, TOLD_CONTEXT if told else None) if name}


def same_question_together(turn: Turn, ranking: dict[str, float]) -> dict[str, float]:
    """Right after a topic, "is it free?" split between "free" of legal aid, of health and of the ticket is one
    question of the topic answered last: its confidence is the group's, before any threshold. Not when the words
    name another topic of the group ("is the doctor free?" after legal aid): in words (actions/topic_words.py), not
    the intent classifier's sureness alone ("how much it cost" after the pregnancy's answer is read surely as legal
    aid, whose training holds the cost words)."""
    if not turn.last_topic:
        return ranking
    merged = dict(ranking)
    for group in SAME_QUESTION:
        mine = next((label for label in group if label.startswith(turn.last_topic + "/")), None)
        if mine is None or any(names_in_words(turn, label.partition("/")[0]) for label in group if label != mine):
            continue
        merged[mine] = sum(merged.pop(label, 0.0) for label in group if label != mine) + merged.get(mine, 0.0)
    return merged


def in_context(turn: Turn, label: str, context: set[str]) -> str:
    """The same question of the topic answered last, unless the message names its own topic, or another topic of the
    question in its words ("he is afraid to complain, he has no papers" is legal aid's, read as going home's); the
    papers, in the context of rights (`context`, from context_topics), are the victim's protection."""
    owner = label.partition("/")[0]
    if owner == turn.last_topic or names_topic(turn, owner):
        return label
    group = same_question_group(label)
    worded = [other for other in group if names_in_words(turn, other.partition("/")[0])]
    if len(worded) == 1:
        return worded[0]
    mine = next((other for other in group if turn.last_topic and other.startswith(turn.last_topic + "/")), None)
    if mine:
        return mine
    if label in PAPERS and TOLD_CONTEXT in context:
        return PROTECTION
    return label


def lawyer_cost(turn: Turn, label: str) -> str:
    """A lawyer asked about with the cost in words ("and the lawyer, do we have to pay him?"): legal aid's question of
    its cost, not the rights' lawyer and interpreter (LAWYER_COST)."""
    return LAWYER_COST[1] if label == LAWYER_COST[0] and names_cost(turn) else label


def police_over_papers(turn: Turn, label: str) -> str:
    """"Will they call the police, my papers are finished?" right after health, legal aid or going home (no danger in
    this conversation): that topic's question without papers, not whether to call the police (the words name papers:
    actions/topic_words.DETAIL_PHRASES)."""
    mine = next((other for other in PAPERS if turn.last_topic and other.startswith(turn.last_topic + "/")), None)
    if label != CALL_POLICE or mine is None or turn.danger_seen or not names_detail(turn, "passport_kept"):
        return label
    return mine


def buttons(turn: Turn, topic: str, answered: str | None = None, more: bool = True) -> list[Button]:
    """The topic's other sub-questions, "More" (unless the details were just sent) and a person, as buttons.

    Payloads are `/<intent>{"sub_question": "<key>"}` (under Telegram's 64 bytes: tests/unit/test_content_questions.py).
    """
    raw = content().raw
    chosen = [Button(raw(f"questions.{topic}.{sub}.button", turn.language), payload(topic, sub))
              for sub in sub_questions(topic, turn.language) if sub != answered]
    if more:
        chosen.append(Button(raw("buttons.more", turn.language), payload(topic, MORE)))
    if len(chosen) < MAX_BUTTONS:
        chosen.append(Button(raw("menu.request_human", turn.language), "/request_human"))
    return chosen[:MAX_BUTTONS]


def payload(topic: str, sub: str) -> str:
    return f'/{topic}{{"sub_question":"{sub}"}}'
