"""A child in the message (the writer or someone else): words fit for a child and the children's line.

The risk cues flag a child with the indicator `minor` (bot/nlu/risk). Whatever the action, the children's line is
said once in that turn (Turn.say_child_line): after the emergency numbers on danger, inside the child's disclosure
answer, before the question that ends an answer (is it safe to write now?, a person?), or else after the answer.
"""
from __future__ import annotations

from actions.someone_else import about_someone_else
from actions.turn import Turn

CHILD_DISCLOSURE = "child.disclosure"
SOMEONE_ELSE = "disclosure_someone_else"


def say_disclosure(turn: Turn) -> None:
    """After someone tells of exploitation: for a child, short and simple words with the children's line."""
    if not turn.minor and turn.child_continues:
        # More about the child just spoken of: the children's line again, not the words for the writer's own
        # situation ("I believe you, it is not your fault") nor the same block twice in a row.
        turn.say("child.line")
        turn.child_line_said = True
        return
    if not turn.minor and turn.messages("disclosure")[0] in turn.previous_texts:
        # Told more right after the disclosure's words ("no, he took my phone" to "is it safe to write now?"): one
        # short line, never the same block twice in a row.
        turn.say("disclosure_more")
        return
    if not turn.minor:
        # Another person's case ("my friend in Libya, they keep her passport"): words for the one asking for them.
        turn.say(SOMEONE_ELSE if about_someone_else(turn) else "disclosure")
        return
    messages = turn.messages(CHILD_DISCLOSURE)
    # Its last message is the children's line: not twice when the emergency numbers already brought it.
    turn.say_texts(messages[:-1] if turn.child_line_said else messages)
    turn.child_line_said = True
