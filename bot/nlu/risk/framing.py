"""The framing step: decides for each cue whether the writer states it, or only asks, imagines, jokes, forwards
spam or uses a figure of speech, from the framing spans found around it; and sums up the message's framing.

Scopes, and why:
- idiom      the cue inside it only ("I'm dying of boredom" says nothing about the rest of the message).
- spam       the whole message: a forwarded advert is one block, nobody's disclosure.
- joke       its sentence, and the sentence before when the laughter stands alone ("... late again. 😂"); but not
             what follows a "but" after the laughter ("lol I know, but he really took my passport"), and never the
             plain facts people tell with a nervous laugh: documents held, wages withheld, a debt (JOKE_PROOF).
- rights     ("can the police deport me?") a question about what the State may do to the writer: the cues after it in
             its sentence are general, even about the writer (it is no employer's threat).
- over       ("I bled a lot last week, now I'm fine") the whole message: its danger and medical cues are past
             (status IDIOM, figurative of a danger now), unless a word of distress says otherwise.
- condition  a cue starting within a few words after "if" (si, ila, إذا, لو), before any comma, in a sentence that
             asks ("if my boss takes my passport, can I complain?"): hypothetical, like "what if". Not in a
             statement ("if I don't finish he beats me"), nor with "again" / "every time".
- hypothetical, general   their sentence: "what if my boss takes my passport? He already took my phone." asks
             about one thing and tells the other; a hypothetical only from where it starts ("I'm locked in, I'm
             scared of what happens when they come back" tells first).
- prevention the whole message: "My cousin has an offer in Dubai. They keep the passports. Is it safe?".
- story      from where it starts to the end of the message, when the rest never speaks of the writer: a film, an
             article, the news, a tale told as long past ("she told us about a girl sent to work years ago, now she is
             married"). "That's me", "I", "my", "rani" after it make it the writer's own story (dev_v12).
- repaid     a debt told before "I paid it all back" / "j'ai tout rembourse" / "raddeytha kamla": settled (dev_v15).
- compensated a work complaint (no day off, pay late) followed by "but" and the making good ("but he pays double",
             "mais il est arrivé hier"): resolved, not a complaint (dev_v12).
- assertion  ("but seriously", "bjed") its sentence and what follows: the writer says it is meant, whatever the
             laughter or the link; recurrence ("again") does the same for hypothetical and general questions.
General and prevention questions never cancel a cue about the writer ("is it legal for my boss to keep my
passport?" is a disclosure asked as a question), so only questions about "an employer", "workers" or "someone" are
set aside. For a general question, a first-person object or possessive anywhere in the sentence, or a first-person
subject inside the cue ("do I legally owe the agency"), keeps it. For prevention, only the cue's own words and the
two after it count ("my cousin has an offer ... they keep her passport" is about the cousin; "they took my
passport" is not).
The framing also decides whether the classifier's escalating guess can be trusted (Framing.cancels_intent).
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from bot.nlu.risk.labels import (
    ASSERTED,
    GENERAL,
    HYPOTHETICAL,
    IDIOM,
    JOKING,
    KIN_AGE,
    NEGATED,
    PREVENTION,
    SPAM,
    Cue,
    Frame,
)
from bot.nlu.risk.markers import LINK

_SENTENCE_END = re.compile(r"[.!?؟;…\n]+")
# An ellipsis ending a sentence: a pause before a punchline (_before_a_punchline).
_PAUSE = re.compile(r"(?:\.{2,}|…+)\s*$")
# Two hints make spam ("a link" + "we are hiring"); one alone is often a real message (a location link).
_SPAM_HINTS = 2
_SHORT_DENIAL_WORDS = 8
# From this many words a question about no one ("what is the meaning of life") says what it is about.
_IMPERSONAL_WORDS = 3
# Frames whose presence makes an escalating intent guess unsafe when no cue is stated (see Framing).
_INTENT_CANCELLERS = frozenset({
    "hypothetical", "prevention", "joke", "idiom", "reassurance", "denial", "dosage",
})
# Complaints that paying makes good: "no day off this week, but he pays double" (dev_v12). Not documents, not threats.
_MADE_GOOD = frozenset({"excessive_overtime", "withholding_of_wages"})
_LIFE_AT_STAKE = frozenset({"danger", "self_harm"})
_SET_ASIDE = frozenset({HYPOTHETICAL, GENERAL, PREVENTION, JOKING, SPAM, IDIOM})
# Cues that need someone to do them: a threat to kill, violence now. Self-harm is left out (the writer does it).
_THREAT_BY_SOMEONE = frozenset({"danger", "intimidation_threats"})
# The thing that "will kill me" stands at most this many words before the threat ("الحر اليوم سيقتلني").
_SUBJECT_REACH = 2
_AND = frozenset({"and", "et", "w", "o", "u", "و", "ou", "or", "then", "puis"})
# Facts nobody makes up for a laugh: said with "lol" or "hhhh" they are nervous laughter, not a joke. Threats, death,
# slavery and prison are the words of hyperbole ("my boss will kill me lol"), so they stay joking.
JOKE_PROOF = frozenset({"retention_of_documents", "withholding_of_wages", "debt_bondage"})
# Being locked in and working day and night are told with a laugh too ("he locks me in every night hhh"): facts as
# well, unless the sentence gives a trivial cause ("locked the door so I don't eat the sweets 😂").
JOKE_PROOF_UNLESS_TRIVIAL = frozenset({"restriction_of_movement", "excessive_overtime"})
# A cue this many words or fewer after "if" is the condition itself ("if my boss takes", "ila khda lia").
_CONDITION_REACH = 3
# Words of perceiving do not count in that reach: "ila 7ssit b chi wa7ed tab3ni" (if I feel someone follows me) is as
# much a condition as "if someone follows me".
_PERCEIVING = frozenset({
    "feel", "see", "notice", "think", "that", "sens", "vois", "remarque", "crois", "que", "qu'", "7ssit", "hssit",
    "7esit", "hesit", "chft", "cheft", "b", "bli", "belli", "حسيت", "شعرت", "لاحظت", "شفت", "بلي", "ب", "ان",
})
_QUESTION_MARK = re.compile("[?؟]")
_NEGATORS = frozenset({
    "not", "never", "no", "dont", "doesnt", "didnt", "ne", "n'", "pas", "jamais", "ma", "machi", "mach", "mat",
    "ما", "لا", "لم", "لن", "ماشي", "مش",
})

# "just", "only": "nobody holds my passport, I just want to go home" denies in order to ask something else.
_ONLY = frozenset({
    "just", "only", "simply", "juste", "seulement", "simplement", "ghir", "gher", "ghi", "ri", "bss",
    "فقط", "بس", "غير", "برك",
})

# First-person objects and possessives: "my passport", "took me", "lia", "dyali", "جوازي". Subjects ("I", "je",
# "ana") are left out on purpose: "how can I tell if an agency is legit" asks about others.
_LATIN_FIRST_PERSON = frozenset({
    # French "ma" is left out: in Darija it is the negation ("ma khlesnich").
    "me", "my", "mine", "myself", "us", "our", "ours", "m'", "moi", "mon", "mes", "nous", "nos", "notre",
    "lia", "liya", "lya", "liyya", "3lia", "3liya", "3liyya", "3lina", "lina", "dyali", "diali", "dyalna",
    "dialna", "bia", "biya", "m3aya", "m3ana", "3andi", "3ndi", "mni", "menni",
    # Kin with the possessive "-i" ("my wife", "my son"), as "راجلي" is in Arabic script: a spouse or a parent who
    # writes for the other tells of their own family, not a general question (conversations_dev_v10).
    "mrati", "mraty", "mrti", "rajli", "rajeli", "zawji", "zawjti", "wldi", "weldi", "benti", "bnti", "khoya",
    "khouya", "khti", "okhti", "ukhti", "sa7bi", "sa7bti", "mmi", "ommi", "wlidati",
})
_ARABIC_FIRST_PERSON = frozenset({
    "لي", "لنا", "علي", "علينا", "بي", "بنا", "عندي", "عندنا", "ديالي", "ديالنا", "ليا", "لينا", "عليا", "معايا",
    "معي", "مني", "منا", "بيا", "بينا",
})
# Words ending like a first-person suffix (-i, -ni, -na) that are not: adjectives, particles, common nouns.
_ARABIC_NOT_FIRST_PERSON = frozenset({
    "قانوني", "قانونيه", "شرعي", "رسمي", "عادي", "طبيعي", "كافي", "الذي", "التي", "حالي", "اجنبي", "مغربي",
    "عربي", "دولي", "وطني", "يعني", "هادي", "هاذي", "هادشي", "هذي", "داكشي",
    # The Darija negation "ماشي" (not): "انا ماشي ضحية، غير بغيت نعرف واش الباطرون..." asks in general (dev_v15).
    "ماشي",
    "باقي", "كاين", "فين", "كيفاش", "اللي", "علاش", "اشنا", "دراري",
    "شنا", "حنا", "هنا", "احنا", "معنا", "ايضا", "يعطي", "يكفي",
    # Verbs of the second or third person ending in "ي" ("واش ممنوع تخلي الدراري يطلبو": may one let the children
    # beg?): they speak of "you" or "one", not of the writer.
    "تخلي", "يخلي", "نخلي", "تمشي", "يمشي", "تبقي", "يبقي", "تعطي", "تشري", "يشري", "تكري", "يكري", "تقري", "يقري",
    "تلقي", "يلقي", "تجري", "يجري",
    # Numbers: "طفل عمره اثنا عشر عاما" (a child of twelve) is nobody's "our" (dev_v17).
    "اثنا", "اثني", "ثماني",
})
# Latin words ending like a Darija object suffix (-ni, -na) that are not one.
_LATIN_NOT_FIRST_PERSON = frozenset({
    "9anouni", "qanouni", "9anoni", "qanoni", "kayna", "kaynin", "lmadina", "madina", "sbania", "lmania", "alemania",
    "daba", "tani", "chwiya", "zwina", "mzyana", "m9ada", "tanya", "ghana", "lwakala",
    # English "wanna", "gonna": "i just wanna know if an employer can..." asks in general (dev_v15).
    "wanna", "gonna",
})
# First-person subjects, counted only inside a cue ("do I legally owe the agency"): elsewhere they start questions
# about others ("how can I tell if an agency is legit").
_SUBJECTS = frozenset({"i", "we", "je", "j'", "nous", "ana", "7na", "انا", "نحن", "حنا"})
# A word, with the apostrophe of an elided French pronoun kept ("m'" of "m'a pris").
_WORD = re.compile(r"[^\W_]+'?")


@dataclass(frozen=True)
class Framing:
    """Every cue with its status, and what the message as a whole is framed as."""

    cues: tuple[Cue, ...]
    # The classifier's escalating guess (exploitation, danger, a person) is not to be trusted: the message jokes,
    # imagines, asks in general, checks an offer, reassures or denies, and states no cue.
    cancels_intent: bool
    spam: bool
    request_person: bool   # an explicit request for a person, not in a joke or spam
    bot_challenge: bool    # "am I talking to a bot?": not a request for a person
    # help, scared, hurt...: evidence behind a danger guess. Words inside a stated indicator other than danger do not
    # count: "he hit me with a belt because I was late" tells of violence, not of a danger now.
    distress: bool
    urgency: bool          # everyday haste (now, urgent, daba) and nothing else to go on
    # "last week", "daba labas": what the message tells is over, so its "tonight" or "at night" is no danger now.
    past: bool = False
    # The state of a person now (screaming, bleeding, swollen, "he is downstairs"), not in a joke or a hypothesis.
    peril: bool = False
    # Only questions, about no one ("what is the meaning of life?"): a danger guess on it is not asked about.
    impersonal_question: bool = False
    # "every two weeks", "kol lila": what is told happens again and again, so its "at night" is no danger now.
    habitual: bool = False
    # "now", "daba", "الآن": the message tells of this very moment, not tonight or at night (assess.py held_now).
    present: bool = False
    # The sentences (start, end) that say what they tell is so now ("locked inside the farm now", "enfermee depuis
    # hier"), not in a joke or a hypothesis: a cue in one of them is happening at this moment (Framing.said_now).
    now_sentences: tuple[tuple[int, int], ...] = ()

    @property
    def asserted(self) -> list[Cue]:
        return [cue for cue in self.cues if cue.status == ASSERTED]

    def said_now(self, cue: Cue) -> bool:
        """The cue lies in a sentence that says it is so now: "they took my phone. we are locked in now", not "they
        locked me in for two days. now I'm at my cousin's"."""
        return any(start <= cue.start < end for start, end in self.now_sentences)


def resolve(text: str, cues: Iterable[Cue], frames: Iterable[Frame]) -> Framing:
    """Gives each cue its status (labels.STATUSES) and sums up the framing of `text`."""
    frames = _drop_overruled(list(frames))
    sentences = _sentences(text)
    ends = [end for _, end in sentences]

    def sentence_of(offset: int) -> int:
        return min(bisect.bisect_right(ends, offset), len(sentences) - 1)

    by_kind: dict[str, list[Frame]] = {}
    for frame in frames:
        by_kind.setdefault(frame.kind, []).append(frame)

    def sentences_with(kind: str) -> set[int]:
        return {sentence_of(frame.start) for frame in by_kind.get(kind, [])}

    # Distinct hints: the same link pasted twice is still one, and so are all the advert emoji. A price is a hint only
    # in a message that never speaks of the writer: "they say I owe 5000 dh for the free visa" is a debt, not an ad.
    hints = {text[f.start:f.end].lower() for f in by_kind.get("spam_hint", [])}
    hints |= {"(advert emoji)"} if by_kind.get("spam_emoji") else set()
    if by_kind.get("spam_price") and not _about_someone(text):
        hints.add("(price)")
    spam = bool(by_kind.get("spam")) or len(hints) >= _SPAM_HINTS
    joked = _joke_scope(text, sentences, by_kind.get("joke", []), sentence_of)
    first_assertion = min(sentences_with("assertion"), default=len(sentences))
    questions = sentences_with("question") | {
        index for index, (start, end) in enumerate(sentences) if _QUESTION_MARK.search(text[start:end])
    }
    general = sentences_with("general")
    dosage = sentences_with("dosage")

    def imagined(offset: int) -> bool:
        """A "what if" reaches forward in its sentence only: "I'm locked in, I'm scared of what happens when they
        come back" tells, then wonders; "what if my boss takes my passport" wonders."""
        where = sentence_of(offset)
        return any(sentence_of(f.start) == where and f.start <= offset for f in by_kind.get("hypothetical", []))
    recurrent = sentences_with("recurrence")
    # "I want to die lol this exam": a wish to die, or a threat, with a laugh or a figure of speech AND a trivial
    # cause in the same sentence (an exam, traffic, boredom, hunger) is hyperbole. A laugh alone is not enough.
    trivial = sentences_with("trivial")
    # "help I'm locked in... in the family WhatsApp group 😂": the laugh and its trivial cause come after the pause, and
    # reach back over it (dev_v16).
    punchlines = _before_a_punchline(text, sentences, joked)
    joked |= punchlines
    trivial |= {index for index in punchlines if index + 1 in trivial}
    hyperbole = trivial & (joked | sentences_with("idiom"))
    prevention = bool(by_kind.get("prevention"))
    # A statement after the question that checks an offer answers it from the writer's life: "how do I know if an
    # agency is legit? the boss took the passport" tells; "My cousin has an offer. They keep the passports. Is it
    # safe?" describes the offer before asking.
    told_after = max((sentence_of(f.start) for f in by_kind.get("prevention", [])), default=len(sentences))
    # A story about others (the news, a film, a neighbour's tale) starts at its first frame; "about a girl from her
    # village... now she is fine" says nothing of the writer, "the same for me, they took my passport" does.
    stories = sorted(by_kind.get("story", []), key=lambda f: f.start)
    story_start = stories[0].start if stories else len(text)
    # "told us about" is the frame's own "us": only what it tells counts, and "that's me", "I", "ana" in it make it
    # the writer's own story.
    story_about_others = bool(stories) and not _tells_of_writer(text[stories[0].end:]) and not any(
        f.start >= story_start for f in by_kind.get("assertion", [])
    )
    made_good = [
        contrast for contrast in by_kind.get("contrast", [])
        if any(f.start >= contrast.end for f in by_kind.get("compensated", []))
    ]
    # An emergency told as over: only when nothing in the message cries for help now.
    cues = list(cues)
    dangers = [cue for cue in cues if cue.indicator == "danger"]
    overs = by_kind.get("over", [])

    def inside(frame: Frame, spans: Iterable[Cue | Frame]) -> bool:
        return any(span.start <= frame.start and frame.end <= span.end for span in spans)

    # "now" inside "now I'm fine" is no haste; "bleeding" inside the medical cue is what is over.
    over = bool(overs) and not any(not inside(f, overs) for f in by_kind.get("urgency", [])) and not any(
        not inside(f, dangers) for f in by_kind.get("distress", [])
    )

    def status(cue: Cue) -> str:
        if cue.status == NEGATED:
            return NEGATED
        # "personne m'a pris mon passeport" (SMS French, no "ne"): a denial that opens its clause and holds the cue
        # negates it ("la personne m'a pris" does not open it).
        if any(f.start < cue.start < f.end and _opens_clause(text, f.start) for f in by_kind.get("denial", [])):
            return NEGATED
        if any(_figurative(text, cue, idiom) for idiom in by_kind.get("idiom", [])):
            return IDIOM
        if cue.indicator == "danger" and over:
            return IDIOM
        if cue.indicator == "debt_bondage" and _owed_to_kin(text[cue.start:cue.end]):
            return IDIOM
        # "I owed my cousin 3000 dh for the ticket, I paid it all back": a debt told as settled is no bondage, even for
        # the journey (dev_v15). Only a debt told before the paying back, or in it ("j'ai tout rembourse l'argent"): "I
        # paid back 3000, he says I still owe 5000" is not settled.
        if cue.indicator == "debt_bondage" and any(cue.start < f.end for f in by_kind.get("repaid", [])):
            return IDIOM
        if cue.indicator in _MADE_GOOD and any(contrast.start >= cue.end for contrast in made_good):
            return IDIOM
        where = sentence_of(cue.start)
        # "the doctor gave me 10 pills, should I take them all at once or one a day?" asks how to take a medicine:
        # the words of an overdose inside a question on the dose are no self-harm (dev_v11).
        if cue.indicator in _LIFE_AT_STAKE and where in questions and where in dosage:
            return GENERAL
        meant = where >= first_assertion
        if spam and not meant:
            return SPAM
        if cue.indicator in _LIFE_AT_STAKE and where in hyperbole and not meant:
            return IDIOM
        # "this heat will kill me", "ce boulot va me tuer", "هاد السخانة غادي تقتلني": the one who would kill is a thing
        # (a trivial cause right before the threat), not a person: a figure of speech, with or without a laugh.
        if cue.indicator in _THREAT_BY_SOMEONE and cue.label != "medical" and any(
            _thing_does_it(text, cue, frame) for frame in by_kind.get("trivial", [])
        ):
            return IDIOM
        # A wish to die said with a laugh is still a wish to die ("I want to end it all lol"): a missed self-harm
        # costs a life, a false alarm an officer's minute.
        laughed_off = cue.indicator not in JOKE_PROOF | {"self_harm"} and (
            cue.indicator not in JOKE_PROOF_UNLESS_TRIVIAL or where in trivial
        )
        if where in joked and not meant and laughed_off and not _after_a_but(cue, by_kind):
            return JOKING
        if imagined(cue.end - 1) and not (meant or where in recurrent):
            return HYPOTHETICAL
        about_writer = _first_person(text[slice(*sentences[where])]) or _subject(text[cue.start:cue.end])
        if where in general and not (about_writer or where in recurrent):
            return GENERAL
        if where in questions and any(
            sentence_of(f.start) == where and f.start <= cue.start for f in by_kind.get("rights", [])
        ):
            return GENERAL
        # Checking an offer is often for someone else ("my cousin got an offer"): only the cue's own words, and the
        # two after it ("took my passport", "أخذ جواز سفري"), tell whether it happened to the writer.
        told = where > told_after and where not in questions
        if prevention and not told and not _first_person(text[cue.start:_two_words_after(text, cue.end)]):
            return PREVENTION
        # Only a story the writer keeps out of: "...rani f flouka o makaykhliwnach" makes it theirs.
        if story_about_others and cue.start >= story_start and not meant and not _first_person(
            text[cue.start:_two_words_after(text, cue.end)]
        ):
            return GENERAL
        # Last: "how do I know if the agency that takes passports is real?" is prevention, not a condition.
        conditional = where in questions and any(
            _in_condition(text, cue, condition) for condition in by_kind.get("condition", [])
        )
        # A question about nobody in particular ("what should a girl do if the family she works for takes her
        # phone?", "si le patron de quelqu'un refuse de le payer, ...?") imagines whatever follows its "if", however
        # far: with no "I", "me" or "my" in it, there is no one whose story it tells.
        sentence = text[slice(*sentences[where])]
        conditional = conditional or (
            where in questions and not _about_someone(sentence) and any(
                sentence_of(c.start) == where and c.end <= cue.start for c in by_kind.get("condition", [])
            )
        )
        if conditional and not (meant or where in recurrent):
            return HYPOTHETICAL
        return ASSERTED

    framed = tuple(replace(cue, status=status(cue)) for cue in cues)
    # A relative's age ("my sister is 15") tells of no exploitation: alone, it leaves the framing its say. So do the
    # plain age cues inside it ("brother is 13" in "my little brother is 13 and starts school").
    kin_ages = [cue for cue in framed if cue.status == ASSERTED and cue.label == KIN_AGE]
    stated = any(
        cue.status == ASSERTED and cue.label != KIN_AGE and not _within(cue, kin_ages) for cue in framed
    )
    # A general question cancels a guess only when it is not about the writer: "my boss makes me work at night,
    # is it legal?" and "I don't know if it's normal, but we work until 2 am" are disclosures the rules may miss.
    general_question = bool(general) and not _first_person(text) and not by_kind.get("contrast")
    # A denied cue ("nobody took my passport") is the whole story of a short message without a "but"; in a longer
    # one the negation may be part of a complaint the rules misread ("des mois que je vois pas la couleur...").
    # A "but" that only leads to a question ("he doesn't keep our passports, but must the contract be in my
    # language?") adds no complaint either.
    contrasts = by_kind.get("contrast", [])
    asks_after_but = bool(contrasts) and all(
        _QUESTION_MARK.search(text[c.end:]) or any(f.start >= c.end for f in by_kind.get("question", []))
        for c in contrasts
    )
    # A longer denial counts too when the writer then says they "just" want something else ("nobody threatens me,
    # I just want the number", "ma 7bes lia walo ghir bghit n3ref..."): the negation is the point, not a complaint.
    negated = [c for c in framed if c.status == NEGATED]
    only_asks = bool(negated) and _says_only(text[negated[0].end:])
    denied = bool(negated) and (
        asks_after_but or (not contrasts and (len(text.split()) <= _SHORT_DENIAL_WORDS or only_asks))
    )
    # A cue the framing set aside (imagined, asked in general, joked...) tells what the whole message is about.
    set_aside = any(cue.status in _SET_ASIDE for cue in framed)
    # "ila 7bes lia lkhlas, chkoun n3iyet lih?": a condition in a question the rules found no cue in is still a
    # hypothesis, not a disclosure.
    conditional_question = any(sentence_of(f.start) in questions for f in by_kind.get("condition", []))
    cancels = not stated and (
        spam or general_question or denied or set_aside or conditional_question or story_about_others
        # "my salary was late, but it came yesterday": only after a "but" (not "they arrived yesterday, I'm scared").
        or bool(made_good)
        or any(by_kind.get(kind) for kind in _INTENT_CANCELLERS)
    )

    def live_frames(kind: str) -> list[Frame]:
        """The frames of a kind that count: not inside spam, a joke or a hypothesis."""
        return [
            f for f in by_kind.get(kind, [])
            if not spam and sentence_of(f.start) not in joked and not imagined(f.start)
        ]

    def live(kind: str) -> bool:
        """A frame that counts: not inside spam, a joke or a hypothesis."""
        return bool(live_frames(kind))

    # "je peux faire quoi maintenant ?" asks what to do next: a "now" in the clause that asks says nothing of the
    # moment ("we are locked in now, what do we do?" says it in the clause before).
    asking = by_kind.get("question", [])
    now_sentences = tuple(sorted({
        sentences[sentence_of(f.start)] for f in live_frames("present") if not _in_question_clause(text, f, asking)
    }))
    told = [cue for cue in framed if cue.status == ASSERTED and cue.indicator not in _LIFE_AT_STAKE]
    # "can the police deport me?" names the police without calling for them.
    rights = sentences_with("rights") & questions
    distress = any(
        not spam and sentence_of(f.start) not in joked | rights and not imagined(f.start)
        and not any(cue.start <= f.start and f.end <= cue.end for cue in told)
        for f in by_kind.get("distress", [])
    )

    # A short fragment ("wach daba?", "now?") may be part of the writer's own story: it is still asked about.
    impersonal_question = (
        len(text.split()) >= _IMPERSONAL_WORDS and not stated and not distress and len(questions) == len(sentences)
        and not _about_someone(text)
    )
    return Framing(
        impersonal_question=impersonal_question,
        cues=framed,
        cancels_intent=cancels,
        spam=spam,
        request_person=live("request_person"),
        bot_challenge=bool(by_kind.get("bot_challenge")),
        distress=distress,
        urgency=bool(by_kind.get("urgency")),
        # "c'est fini pour moi" is a threat (a cue), not "it's over".
        past=any(not any(c.start < f.end and f.start < c.end for c in cues) for f in overs),
        peril=live("peril"),
        habitual=bool(by_kind.get("habitual")),
        present=live("present"),
        now_sentences=now_sentences,
    )


# A debt owed to one's own family or a friend ("I owe my cousin 400 dirhams for the phone", "كنسال ولد عمي 400 درهم")
# is a family loan, not bondage, unless the debt is for the journey or the papers (a relative can be the smuggler).
_KIN_CREDITOR = re.compile(
    r"(?<![^\W_])(?:cousin|cousine|brother|sister|uncle|aunt|friend|frere|frère|soeur|sœur|oncle|tante|ami|amie|"
    r"weld\s?3mi|bent\s?3mi|weld\s?khali|khouya|khoya|khti|sa7bi|sahbi|sa7bti|"
    # Arabic glues "to" (ل) to the creditor: "مدين لابن عمي".
    r"ل?(?:ابن عمي|ابن خالي|اخي|أخي|اختي|أختي|صديقي|صديقتي|ولد عمي|بنت عمي|ولد خالي|خويا|ختي|صاحبي|صاحبتي))(?![^\W_])",
    re.IGNORECASE,
)
_JOURNEY = re.compile(
    r"road|trip|journey|crossing|boat|visa|ticket|passage|voyage|route|billet|passeur|bateau|tri9|tri2|l7rig|lbato|"
    r"طريق|تذكر|فيزا|تاشير|تأشير|الحريك|الحراك|البطو|المهرب",
    re.IGNORECASE,
)


def _owed_to_kin(cue_text: str) -> bool:
    return bool(_KIN_CREDITOR.search(cue_text)) and not _JOURNEY.search(cue_text)


_CLAUSE_BREAK = re.compile(r"[,.;:!?؟،\n]")
# Words that may come before a denial without making it part of a longer phrase: "non personne m'a pris...".
_OPENERS = frozenset({"", "non", "no", "nan", "nn"})


def _opens_clause(text: str, start: int) -> bool:
    """Nothing but "no" between the last clause break and `start`."""
    before = _CLAUSE_BREAK.split(text[:start])[-1]
    return before.strip().lower() in _OPENERS


def _in_question_clause(text: str, frame: Frame, questions: list[Frame]) -> bool:
    """The frame lies in a clause (between commas or sentence ends) that asks: a question word in it, or a "?" at its
    end."""
    start = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, frame.start)), default=0)
    following = _CLAUSE_BREAK.search(text, frame.end)
    end = following.start() if following else len(text)
    asks_here = following is not None and following.group() in "?؟"
    return asks_here or any(start <= q.start and q.end <= end for q in questions)


def _says_only(text: str) -> bool:
    """"just" / "only" / "ghir" / "فقط" in `text`."""
    return any(word in _ONLY for word in _WORD.findall(text.lower()))


def _after_a_but(cue: Cue, by_kind: dict[str, list[Frame]]) -> bool:
    """A "but" between the laughter and the cue: "haha I know it sounds crazy, but he took my passport"."""
    return any(
        joke.end <= contrast.start and contrast.end <= cue.start
        for joke in by_kind.get("joke", []) for contrast in by_kind.get("contrast", [])
    )


def _in_condition(text: str, cue: Cue, condition: Frame) -> bool:
    """The cue starts at most _CONDITION_REACH words after "if", with no comma between, and no negation between
    either: "if I don't finish, he beats me" / "ila ma khdmtch kaydrbni" puts the cue in the main clause."""
    if cue.start < condition.end:  # a cue that holds the "if" itself is a threat ("si je parle, il appelle...")
        return False
    between = text[condition.end:cue.start]
    words = _WORD.findall(between.lower().replace("’", "'"))
    # A negation right before the cue is the cue's own ("ila ma khlsnich": if he doesn't pay me).
    if words and words[-1] in _NEGATORS:
        words = words[:-1]
    counted = [word for word in words if word not in _PERCEIVING]
    return not re.search("[,،;]", between) and len(counted) <= _CONDITION_REACH and not any(map(negates, words))


def _thing_does_it(text: str, cue: Cue, trivial: Frame) -> bool:
    """A trivial cause (heat, this job, the exam) ends right before the threat, in its clause: it is the subject."""
    if trivial.end > cue.start:
        return False
    between = text[trivial.end:cue.start]
    words = _WORD.findall(between.lower())
    # "الدري عندو السخانة و كيتشنج" (a fever, and he is convulsing): after "and" comes another clause.
    return not re.search(r"[,،;.!?؟\n]", between) and len(words) <= _SUBJECT_REACH and not _AND.intersection(words)


def negates(word: str) -> bool:
    """A negation word in fr, en, ar or Darija, alone or glued (ماخدمتش, makhdmtch, don't)."""
    if word in _NEGATORS or word.endswith("n't"):
        return True
    glued = word.startswith("ma") and word.endswith("ch") or word.startswith("ما") and word.endswith("ش")
    return len(word) > 4 and glued


def _figurative(text: str, cue: Cue, idiom: Frame) -> bool:
    """The cue lies in the idiom: they overlap and the cue goes at most one word past its end ("sold me" in "sold me
    a phone", but not "sells girls to clients" after "sells girls")."""
    if not (idiom.start < cue.end and cue.start < idiom.end):
        return False
    return len(text[idiom.end:cue.end].split()) <= 1


def _drop_overruled(frames: list[Frame]) -> list[Frame]:
    """A frame inside a stronger one of another meaning goes: "je rigole pas" is an assertion, not a joke; "dying
    of boredom" is an idiom, not distress; "am I talking to a real person" challenges, it does not ask."""
    overrules = {"assertion": {"joke"}, "idiom": {"distress", "urgency", "joke"}, "bot_challenge": {"request_person"}}
    strong = [frame for frame in frames if frame.kind in overrules]
    kept = []
    for frame in frames:
        beaten = any(
            frame.kind in overrules[other.kind] and other.start < frame.end and frame.start < other.end
            for other in strong
        )
        if not beaten:
            kept.append(frame)
    return kept


def _sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; the dots and slashes of a link end nothing."""
    masked = LINK.sub(lambda m: "x" * len(m.group()), text)
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(masked):
        spans.append((start, match.end()))
        start = match.end()
    if start < len(text) or not spans:
        spans.append((start, len(text)))
    return spans


def _joke_scope(
    text: str, sentences: list[tuple[int, int]], jokes: list[Frame], sentence_of: Callable[[int], int]
) -> set[int]:
    """Sentences a joke covers: its own, and the one before when the laughter stands alone in its sentence."""
    masked = list(text)
    for joke in jokes:
        masked[joke.start:joke.end] = " " * (joke.end - joke.start)
    covered: set[int] = set()
    for index in {sentence_of(joke.start) for joke in jokes}:
        covered.add(index)
        start, end = sentences[index]
        if index > 0 and not any(char.isalpha() for char in masked[start:end]):
            covered.add(index - 1)
    return covered


def _before_a_punchline(text: str, sentences: list[tuple[int, int]], joked: set[int]) -> set[int]:
    """Sentences that end on an ellipsis right before a joked one: the joke's set-up ("I'm locked in..." before "in
    the family group 😂")."""
    return {index - 1 for index in joked if index > 0 and _PAUSE.search(text[slice(*sentences[index - 1])])}


def _two_words_after(text: str, end: int) -> int:
    match = re.match(r"(?:\W*[^\W_]+){0,2}", text[end:])
    return end + (match.end() if match else 0)


def _about_someone(text: str) -> bool:
    """True if `text` speaks of the writer or of a person (a question or an offer about no one is general)."""
    return _first_person(text) or _subject(text)


# Darija "I am / we are" ("rani f flouka") and a denied object ("makaykhliwnach": they don't let us): the writer.
_DARIJA_ME = re.compile(
    r"(?<![^\W_])(?:rani|rana|raniya|راني|رانا|[a-z0-9]{3,}n(?:i|a)ch|\w{2,}(?:نيش|ناش))(?![^\W_])", re.IGNORECASE
)


def _tells_of_writer(text: str) -> bool:
    """The writer in `text`: an object, a possessive, a subject ("I", "ana"), or Darija "rani" / "...nich"."""
    return _about_someone(text) or bool(_DARIJA_ME.search(text))


def _subject(text: str) -> bool:
    return any(word in _SUBJECTS for word in _WORD.findall(text.lower().replace("’", "'")))


def _first_person(text: str) -> bool:
    """True if `text` refers to the writer as an object or possessor (my, me, lia, dyali, جوازي, خلصني)."""
    for word in _WORD.findall(text.lower().replace("’", "'")):
        if word in _LATIN_FIRST_PERSON or word in _ARABIC_FIRST_PERSON:
            return True
        if word.isascii():
            # Darija verbs carry the object: "khlesni", "drbouni", "7absna".
            suffixed = len(word) >= 5 and word.endswith(("ni", "na")) and word.isalnum()
            if suffixed and word not in _LATIN_NOT_FIRST_PERSON:
                return True
        elif (len(word) >= 4 and word.endswith(("ي", "ني", "نا")) and not word.startswith("ال")
              and word not in _ARABIC_NOT_FIRST_PERSON):
            return True
    return False


def _within(cue: Cue, spans: Iterable[Cue]) -> bool:
    """An age cue lying inside a relative's age ("brother is 13" in "my little brother is 13")."""
    return cue.indicator == "minor" and any(s.start <= cue.start and cue.end <= s.end for s in spans)
