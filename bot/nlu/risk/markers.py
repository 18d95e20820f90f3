"""Framing markers that are not words, found on the raw text: laughter ("lol", "hhhh", "ههههه"), laughing emoji
and links.

They are looked for before normalisation because normalising breaks them: elongations shrink ("hhhhh" -> "h",
which is also the hour unit) and links fall apart at every padded "." and "/".
"""
from __future__ import annotations

import re

from bot.nlu.risk.labels import Frame

# Laughter as people type it in fr, en and Darija (Latin and Arabic script). Whole words only: "hh" inside a word
# is spelling ("chhal"), not laughter.
_LAUGHTER = re.compile(
    r"(?<![^\W_])(?:"
    r"l+o+l+z?|lmf?a+o+|rofl|mdr+|ptdr+|xd+"
    r"|h{2,}|(?:h+a+){2,}h*|(?:a+h+){2,}a*|(?:h+e+){2,}h*|(?:h+i+){2,}h*"
    r"|ه{2,}|(?:ها){2,}|خخخ+"
    r")(?![^\W_])",
    re.IGNORECASE,
)
# Faces that laugh or tease. Not 😅 (nervous, said with bad news too) nor 😢 (it is no joke).
_LAUGHING_EMOJI = re.compile("[\U0001F602\U0001F923\U0001F606\U0001F639\U0001F61C\U0001F61D\U0001F61B\U0001F643]+")
# A link in a forwarded message: with a scheme, "www.", or a bare domain on a common top-level domain.
LINK = re.compile(
    r"(?:https?://|www\.)\S+|(?<![\w@.])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|info|ly|me|xyz|link|click|top|"
    r"site|online|shop|ma|fr)(?:/\S*)?(?![\w])",
    re.IGNORECASE,
)


# The emoji of adverts and chain messages: loudspeaker, fire, check mark, money, pointing down, camera, plane, gift,
# star, "new", "free", megaphone, telephone. People in trouble rarely decorate; one alone is still no spam (two
# distinct hints make spam).
_ADVERT_EMOJI = re.compile("[\U0001F4E2\U0001F525\u2705\U0001F4B0\U0001F4B5\U0001F4B6\U0001F447\U0001F4F8\u2708"
                           "\U0001F381\u2B50\U0001F31F\U0001F195\U0001F193\U0001F4E3\u260E\U0001F4DE]")
# A price in an offer: an amount with its currency ("2000 درهم", "300 dollars", "1000€", "$500").
_PRICE = re.compile(
    r"(?:[$€£]\s?\d[\d.,\s]*\d|\d)(?:[\d.,\s]*\d)?\s?(?:[$€£]|dh|dhs|mad|dirhams?|euros?|eur|dollars?|usd|"
    r"درهم|دراهم|دولار|يورو|اورو|أورو)?(?![\w])",
    re.IGNORECASE,
)


# Darija "haha" / "ha hiya" also means "here he / she is": "haha jaya b mous" (here she comes with a knife) is no laugh.
_DARIJA_HERE = re.compile(r"\s+(?:jay|jaya|jayya|jayin|jaw|howa|hiya|hia|huwa|hwa|hiy)(?![^\W_])", re.IGNORECASE)


def find_markers(text: str) -> list[Frame]:
    """Laughter and laughing emoji as "joke" frames, links as "spam_hint" frames, advert emoji as "spam_emoji" and
    prices as "spam_price" frames (each kind one hint at most: see framing.resolve), by offsets in `text`."""
    frames = [
        Frame("joke", m.start(), m.end()) for m in _LAUGHTER.finditer(text)
        if not (m.group().lower() == "haha" and _DARIJA_HERE.match(text, m.end()))
    ]
    frames += [Frame("joke", m.start(), m.end()) for m in _LAUGHING_EMOJI.finditer(text)]
    frames += [Frame("spam_hint", m.start(), m.end()) for m in LINK.finditer(text)]
    frames += [Frame("spam_emoji", m.start(), m.end()) for m in _ADVERT_EMOJI.finditer(text)]
    frames += [Frame("spam_price", m.start(), m.end()) for m in _PRICE.finditer(text) if _has_currency(m.group())]
    return frames


def _has_currency(amount: str) -> bool:
    return any(not (char.isdigit() or char in " .,") for char in amount)
