"""The vocabulary of the risk package: indicator codes, internal cue labels, cue statuses, framing kinds, and the
two records (Cue, Frame) that the matching, framing and decision steps pass to each other."""
from __future__ import annotations

from dataclasses import dataclass

# The indicator codes of the product contract (PRODUCT.md), in its order.
INDICATORS: tuple[str, ...] = (
    "abuse_of_vulnerability",
    "deception",
    "restriction_of_movement",
    "isolation",
    "physical_sexual_violence",
    "intimidation_threats",
    "retention_of_documents",
    "withholding_of_wages",
    "debt_bondage",
    "abusive_conditions",
    "excessive_overtime",
    "minor",
    "sexual_exploitation",
    "forced_begging",
    "self_harm",
)
DANGER = "danger"
SELF_HARM = "self_harm"
# Pattern labels that are not contract codes: each stands for a code, and keeps its own name on the cue so the
# decision can weigh it (being sold is graver than most signs of abuse of vulnerability).
INTERNAL_LABELS: dict[str, str] = {
    "sale": "abuse_of_vulnerability",  # "the man who sold me to this family", "باعني", "chrani"
    "medical": DANGER,                 # "bleeding and won't wake up", "not breathing", "overdose"
    "kin_age": "minor",                # "my son is 12": a relative's age, a sign only beside another
    "child_work": "minor",             # "(my son) is 12 and works all day": an age, then work
    # Being moved to another place by others ("they are taking us to another farm"): a restriction of movement,
    # and danger now when the message says it is happening now or tonight (assess.py).
    "transfer": "restriction_of_movement",
    # Shut in by others ("محبوسين", "sdo 3lina"): a restriction of movement, and danger now when the message says it is
    # happening now, as for being moved (assess.py held_now). The Arabic and Darija sets' label; English and French
    # have "confinement" below, read within its sentence (confined_now). Two helpers of session 16 wrote them apart,
    # each measured on its own languages; making them one rule is left to do.
    "confined": "restriction_of_movement",
    # A threat of harm to the writer ("tonight you will see what I do to you"): danger now beside "tonight" (assess.py).
    "threat_harm": "intimidation_threats",
    # Being followed or chased ("a man is following me"): danger now, unless told as a habit ("whenever I leave
    # work"), which is a safety question (assess.py).
    "chase": DANGER,
    # Being shut in a place by others ("locked inside the farm", "il nous enferme"): a restriction of movement, and
    # danger now when the same sentence says it is so now ("now", "since yesterday", "maintenant"; assess.py). dev_v16.
    "confinement": "restriction_of_movement",
}
TRANSFER = "transfer"
CONFINED = "confined"
THREAT_HARM = "threat_harm"
CHASE = "chase"
CONFINEMENT = "confinement"
KIN_AGE = "kin_age"
CUE_LABELS = frozenset(INDICATORS) | {DANGER} | set(INTERNAL_LABELS)

# What a cue means in its message, decided by bot/nlu/risk/framing.py. Only "asserted" cues count.
ASSERTED = "asserted"          # the writer states it: "he keeps my passport"
NEGATED = "negated"            # denied: "nobody took my passport"
HYPOTHETICAL = "hypothetical"  # "what if my boss takes my passport?"
GENERAL = "general"            # a question about the law or people in general: "is it legal for an employer to ..."
PREVENTION = "prevention"      # checking an offer or an agency before leaving, often for someone else
JOKING = "joking"              # "my boss will kill me if I'm late lol"
SPAM = "spam"                  # a forwarded advert or scam: "win an iPhone, click this link"
IDIOM = "idiom"                # words that look like a cue but are a figure of speech: "I'm dying of boredom"
STATUSES = (ASSERTED, NEGATED, HYPOTHETICAL, GENERAL, PREVENTION, JOKING, SPAM, IDIOM)

# Framing kinds, written in the `framing:` section of the pattern files (and found by bot/nlu/risk/markers.py for
# laughter, emoji and links). They never raise an indicator: they say how the rest of the message is meant.
FRAME_KINDS = frozenset({
    "hypothetical",    # "what if", "et si", "ماذا لو", "wach ila"
    "general",         # "what does the law say", "is it legal for an employer", "هل يحق", "wach 9anouni"
    "prevention",      # "how can I tell if an agency is legit", "job offer abroad, is it safe"
    "joke",            # "lol", "mdr", "hhhh", "😂", "just kidding", "je rigole"
    "trivial",         # an exam, traffic, boredom: with a laugh, a wish to die about it is hyperbole
    "idiom",           # "dying of boredom", "je meurs de faim", "ghadi nmout bdl7k", "sold me a fake phone"
    "spam",            # "click here", "congratulations you won", "forward this to 10 people"
    "spam_hint",       # a link, "free", "we are hiring": spam only when two come together
    "assertion",       # "but seriously", "sérieusement", "bjed", "بجد": what follows is meant
    "recurrence",      # "again", "encore", "3awtani": it has happened before, so "what if" is no hypothesis
    "reassurance",     # "everything is fine", "he pays me on time", "he gave me back my passport"
    "denial",          # "I lost my passport", "j'ai perdu mes papiers", "daya3t lpaspor"
    "bot_challenge",   # "am I talking to a bot?", "t'es un robot ?", "wach nta robot"
    "request_person",  # "I want to talk to a person", "bghit nhder m3a chi bnadem"
    "distress",        # help, scared, hurt, police, ambulance: evidence behind a danger guess
    "urgency",         # now, urgent, daba, dghya, 9rib: everyday haste, no evidence of danger by itself
    "present",         # "now", "right now", "since yesterday", "maintenant", "depuis ce matin": what the sentence tells
                       # is so at this moment (not "tonight" or "tomorrow"): beside confinement, danger now (assess.py)
    "peril",           # the state of a person now: screaming, bleeding, swollen, can't breathe, he is downstairs,
                       # on his way, I hear them: beside a grave indicator, danger now (assess.py grave_now). Not
                       # "crying": "my aunt calls crying, her employer locks her in" is told, not happening now.
    "contrast",        # but, mais, walakin, لكن: a denial followed by "but" is not the whole story
    "condition",       # if, si, ila, إذا, لو: a cue right after it, in a question, is imagined ("if he takes my...?")
    "question",        # what should I do, can I, wach, chno, هل: a sentence asking, even without "?"
    "rights",          # "can the police deport me?", "wach lbolis y9der yr7lni": the writer's rights before the State
    "over",            # "last week", "now I'm fine", "daba labas": an emergency that is over
    "habitual",        # "every two weeks", "kol lila": it happens again and again, so its "at night" is no danger now
    "dosage",          # "should I take them all at once or one a day?": a question on a medicine, not self-harm
    "story",           # "I watched a documentary about", "aux infos", "حكت لنا عن": told about others (dev_v12)
    "compensated",     # "but he pays double", "il est arrivé hier", "جات البارح": the work complaint was made good
    "repaid",          # "I paid it all back", "j'ai tout rembourse", "raddeytha kamla": the debt told before is settled
})


@dataclass(frozen=True)
class Cue:
    """A piece of the user's text that signals an indicator (or "danger"), by character offsets in that text.

    `label` is the pattern label when it differs from the code (an INTERNAL_LABELS key), else "".
    """

    indicator: str
    start: int
    end: int
    status: str = ASSERTED
    label: str = ""


@dataclass(frozen=True)
class Frame:
    """A span of the user's text that frames the message (a FRAME_KINDS kind), by character offsets in that text."""

    kind: str
    start: int
    end: int


def code_of(label: str) -> str:
    """The contract code (or "danger") a pattern label stands for."""
    return INTERNAL_LABELS.get(label, label)
