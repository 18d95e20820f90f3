"""Having no papers, told right after going home, health or legal aid ("and I have no other paper"): that topic's
question without papers (conversations_dev_v17: read as a bed after going home's lost passport). The words:
actions/papers_words.py.
"""
from __future__ import annotations

from actions.papers_words import says_no_papers
from actions.subquestions import CLEAR_SUB_QUESTION, Asked, sub_questions
from actions.topic_words import TOPIC_PHRASES, names_in_words
from actions.turn import Turn

# Topics with a question without papers of their own (the same question: actions/subquestions.SAME_QUESTION).
PAPERS_TOPICS = frozenset({"ask_voluntary_return", "ask_health", "ask_legal_aid"})
NO_PAPERS = "no_papers"
# "He has no card" read as a no while "is it safe to write now?" waits: a no this sure answers that question.
YES_NO = frozenset({"affirm", "deny"})


def papers_of_topic_told(turn: Turn) -> Asked | None:
    """"And I have no other paper" right after going home, health or legal aid: that topic's question without papers;
    "is there a lawyer for one who has no papers?" names legal aid in its words: legal aid's. Not when the words name a
    topic without such a question ("I have no papers and nowhere to sleep"), nor when the sub-question classifier
    clearly reads another question of the topic ("I have no passport, which documents do I bring?")."""
    if turn.intent in YES_NO:
        return None   # a yes or a no keeps its own rules for a question read as one (actions/conversation.py)
    owner = papers_topic(turn)
    if owner is None or NO_PAPERS not in sub_questions(owner, turn.language) or not says_no_papers(turn):
        return None
    best = turn.best_sub_question
    if best is not None and best[0].startswith(f"{owner}/") and best[0] != f"{owner}/{NO_PAPERS}" \
            and best[1] >= CLEAR_SUB_QUESTION:
        return None
    return Asked(owner, NO_PAPERS)


def papers_topic(turn: Turn) -> str | None:
    """The topic whose question without papers is asked: the one the words name; else, when the intent classifier read
    a topic without such a question (a bed, rights, the menu), the one answered last. A topic with such a question read
    by the intent classifier keeps the usual choice (actions/topics.py conversation_topic) and its sub-questions."""
    named = [topic for topic in TOPIC_PHRASES if names_in_words(turn, topic)]
    if any(topic not in PAPERS_TOPICS for topic in named) or len(named) > 1:
        return None
    if named:
        return named[0]
    if turn.intent in PAPERS_TOPICS:
        return None
    return turn.last_topic if turn.last_topic in PAPERS_TOPICS else None
