"""Guesses the language (fr, en, ar, ary) of one user message from its script, cue words and langdetect."""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from bot.nlu.language.lexicon import cue_lists
from bot.nlu.language.tokens import (
    ARABIC,
    DIGITS,
    LATIN,
    OTHER,
    Token,
    clean,
    is_arabic_char,
    is_latin_char,
    tokenise,
)

SUPPORTED = ("fr", "en", "ar", "ary")
FOREIGN = "xx"  # score key for languages Amane does not speak


@dataclass(frozen=True)
class LanguageGuess:
    language: str  # always one of SUPPORTED
    recognised: bool  # False for another language or no language at all; language is then the fallback
    reason: str  # short machine-readable reason

    @property
    def foreign(self) -> bool:
        """Written in a language we do not read (not merely digits, emoji or an empty text)."""
        return not self.recognised and self.reason.startswith(("foreign", "short:foreign"))


# Fewer word tokens than this is a "short" message: too little evidence to leave the current language.
SHORT_WORDS = 3
# From this many word tokens an Arabic-script message with no cue either way decides the language itself (MSA)
# rather than keep the conversation's. Over the development conversations, 4 moved a Darija turn of four neutral
# words ("من بعد هو هنا") to MSA; from 5 on only MSA turns after a Darija greeting moved.
LONG_WORDS = 5
# A short message switches language only with more cue points than this over the current one.
SWITCH_MARGIN = 2.0
# Points given to ar and ary when Arabic script dominates: the script alone says "Arabic".
ARABIC_SCRIPT_POINTS = 1.0
# A first message in Arabic script that is only a greeting, thanks or blessing ("السلام عليكم", "شكرا") is most
# likely from a Moroccan on a Moroccan help line: it is answered in Darija unless the operator's default is
# Arabic. Any other Arabic-script message with no dialect word is MSA, which every Arabic reader reads (_best).
ARABIC_SCRIPT_PRIOR = "ary"
# langdetect's probability is worth this many cue points; cue words carry most of the decision
# because langdetect is unreliable on short SMS-style text.
LANGDETECT_WEIGHT = 1.5
# langdetect is consulted only when cues leave fr/en/ary undecided or the text may be foreign.
LANGDETECT_CLEAR_SCORE = 3.0
LANGDETECT_CLEAR_MARGIN = 2.0
# Foreign evidence needed, and more than any supported language has, to say "not recognised".
FOREIGN_MIN = 1.5
# Below this a language has no real evidence and the fallback is used.
MIN_EVIDENCE = 0.5
# The opening of a message says its language; reading a pasted novel would only cost time.
MAX_CHARS = 2000

# Code-switching in Latin letters goes one way: Moroccans write Darija with French and English nouns and clauses
# ("ils ont pris mon passeport w galou lia ..."), while a French or English writer borrows a greeting or a form of
# address, not Darija's verbs and pronouns. So when two or more words of a Latin-script message are Darija and
# weigh at least CODE_SWITCH_MIN_SCORE, Darija's evidence counts CODE_SWITCH_WEIGHT times against French and
# English words. Over the training lines this moved 10 lines, all to Darija: code-switched lines with Darija's
# grammar (the French folder's "wach kayn un avocat gratuit" among them, Darija by the label policy of the lang
# sets); one Darija word ("merci beaucoup khouya", "marrakech" read as ma...ch) is not enough.
CODE_SWITCH_MIN_WORDS = 2
CODE_SWITCH_MIN_SCORE = 1.5
CODE_SWITCH_WEIGHT = 2.0

# Cue lists a Latin-script word is looked up in, and the language each one counts for.
LATIN_TABLES = (("fr", "fr"), ("en", "en"), ("ary", "ary_latin"), ("ar", "ar_latin"), (FOREIGN, "foreign"))

_FR_ELISIONS = frozenset(["j", "l", "d", "c", "qu", "n", "s", "m", "t",
                          "jusqu", "lorsqu", "puisqu", "quelqu", "aujourd", "presqu"])
_EN_CONTRACTIONS = frozenset(["s", "t", "m", "re", "ve", "ll", "d"])
_ARABIZI_CLITICS = frozenset("bflw")
_ARABIC_CLITICS = frozenset("وبفل")
_FR_ACCENTS = frozenset("éèêàâîûùç")
_FOREIGN_ACCENTS = frozenset("ñáíóúãõ¿¡")
# Letters of Persian/Urdu keyboards that Arabic and Moroccan keyboards do not produce.
_PERSIAN_URDU = frozenset("کیےٹڈڑںہۀژ")

# Arabizi: the digits 2 3 5 6 7 8 9 stand for Arabic letters inside words (3afak, n9der, l7o9o9).
_DIGIT_WORD = re.compile(r"^(?=.*[a-z])(?=.*[2356789])[a-z0-9]+$")
# ...but not French/English numbers with units or ordinals (14h, 2ans, 3eme, 5min, 3am, 4g, mp3).
_NOT_ARABIZI = re.compile(
    r"^\d+(?:e|er|ere|eme|em|h|hr|hrs|min|mn|ans?|km|kg|dh|dhs|mad|eur|euros?|am|pm|st|nd|rd|th|x|k|m|g|s|j|"
    r"jours?|mois|yrs?|years?|days?)$|^(?:mp\d|covid\d*|[a-z]\d{1,2})$|^\d+x\d+$"
)
# Darija verb and noun morphology in Latin script.
_ARABIZI_PATTERNS: tuple[tuple[re.Pattern, float], ...] = (
    (re.compile(r"^ma[a-z0-9]{2,}(?:ch|sh)$"), 1.5),  # negation ma...ch: ma3ndich, mabghach
    (re.compile(r"^ka[ntyw][a-z0-9]{3,}$"), 1.0),  # present prefix: kankhdem, kay9ol, katdorni
    (re.compile(r"^l[bcdfghjkmnpqrstvwxz2356789][a-z0-9]{2,}$"), 1.0),  # article l- fused: lbolis, lpatron
    (re.compile(r"^n[bcdfghjklmpqrstvwxz2356789][a-z0-9]{2,}$"), 0.7),  # 1st person n-: nrje3, nmchi
    (re.compile(r"kh"), 0.5),  # خ, rare in French and English words
)
# Darija present-tense prefixes كن/كت/كي in Arabic script, minus common MSA words that start the same way.
_ARABIC_KA_VERB = re.compile(r"^(?:كن|كت|كي)..+$")
# MSA words of the roots k-t-b (write), k-w-n (be), k-y-f (how) and a few nouns start the same way.
_ARABIC_KA_EXCEPTIONS = re.compile(
    r"^(?:كتب(?:ت|ته|تها|تهم|ه|ها|هم|نا|وا|تم)?|كتاب\w*|كتف|كتله|كتيب|كن(?:ت|ا|تم|تي|تما)|كنز|كنيسه|"
    r"كيف\w*|كيلو\w*|كيس|كيان|كيمياء|كيميا|كندا|كينيا)$"
)
# Darija imperfect plural ends in و (نهضرو, يقولو, تنساوني); MSA ends in ون or وا.
_ARABIC_PLURAL_VERB = re.compile(r"^[نتي]..+و(?:ك|كم|ني|نا|ه|ها|هم)?$")
_ARABIC_PLURAL_EXCEPTIONS = frozenset(
    ["نحو", "نمو", "نرجو", "ندعو", "نرجوك", "نرجوكم", "تدعو", "ترجو", "تلو", "يبدو", "يدعو", "يرجو",
     "يعلو", "يسمو", "يشكو", "يغزو", "يلهو", "ينمو", "يمحو", "يتلو", "يحلو"]
)
# تلفوني "my phone" is a noun, not a verb in -و + ني.
_PHONE_STEMS = ("تلفو", "تليفو", "تيليفو")
# MSA plural imperfect: yaf3alun(a), taf3alun; Darija drops the final nun.
_ARABIC_MSA_PLURAL = re.compile(r"^[يت]..+(?:ون|ونني|ونه|ونها|ونك|وننا|ونهم|ونكم)$")
_ARABIC_MSA_PLURAL_EXCEPTIONS = frozenset(["تلفون", "تليفون", "تيليفون"])
# Egyptian and Levantine mark the present with b- (بيهددني, بتاخد, بنشتغل) and the future with h- in Egypt
# (هيبلغ, هتاخد); Darija marks the present with ka- and the future with غادي, so both count for ar.
_ARABIC_B_PRESENT = re.compile(r"^ب[يتن]...+$")
_ARABIC_B_PRESENT_EXCEPTIONS = frozenset(["بيبان", "بنين", "بنينه", "بيناتنا", "بيناتهم", "بيناتكم"])
_ARABIC_H_FUTURE = re.compile(r"^ه[يتن]...+$")
# MSA (and Mashreqi) past and imperative plurals are spelt with the "protective alif" (قالوا، أخذوا، أرسلوا);
# Darija writers drop it (قالو، داو، خداو). Nouns in -وا after a long a (شنوا is listed) and دوا "medicine" excepted.
_ARABIC_ALIF_PLURAL = re.compile(r"^(?!ال)..+[^ا]وا$")
_ARABIC_ALIF_PLURAL_EXCEPTIONS = re.compile(r"دوا$")
# MSA drops the nun of the plural imperfect after لم، لن، أن، كي (لم يعطوني، لن يتركوني، أن يدفعوا), so a verb in -و
# after them is MSA grammar, not Darija's plural (which never follows these particles: Darija says ما...ش، باش).
_MSA_JUSSIVE_PARTICLES = frozenset(["لم", "لن", "ان", "كي", "لكي", "ولم", "ولن", "وان"])
# Darija demonstratives before a definite noun: ديك الدار "that house", فداك الوقت. لديك alone is MSA "you have".
# MSA spelling habit, weak alone: the third-person suffix ـه after a consonant (عنده، جوازه، أخذته); Darija
# writes عندو، الباسبور ديالو. Counted over the training and development lines in Arabic script: 280 against 11.
# (An initial hamza, أخي، أوراقي, was tried too: it outweighed the conversation's own variety on lines with no
# dialect word, for one line gained, so it was left out.)
_MSA_H_SUFFIX = re.compile(r"^(?!ال)..+[^اىيوهة]ه$")
MSA_SPELLING_POINTS = 0.4
UNMARKED_ILA_POINTS = 0.3
_WORD_PAIR = re.compile(r"([^\W\d_]+)[ \t]+(?=([^\W\d_]+))")
# As typed: وأحد "and one" folds to واحد.
_ARY_INDEFINITE = frozenset(["واحد", "فواحد", "لواحد", "بواحد", "وواحد"])
# Darija future: the prefix غا- on an imperfect verb (غانمشي, غاتقتلني, غايجي); not غايات, غايته "aim".
_ARY_GHA_FUTURE = re.compile(r"^غا[نتي][^ا].+$")
_ARY_GHA_EXCEPTIONS = re.compile(r"^غايت")
_SUDANESE_WANT = frozenset(["داير", "دايره", "دايرين"])
_ARABIC_PRONOUNS = frozenset(["انا", "انت", "انتا", "انتي", "انتم", "انتوما", "اني"])
_ARY_DEMONSTRATIVES = frozenset(["ديك", "داك", "لديك", "لداك", "فديك", "فداك", "بديك", "بداك"])
# A hamza on a ya or waw seat (جئت، هادئ، مسؤول) is MSA spelling that folds away before lookup: جئت "I came"
# folds to Darija جيت. A Darija cue word is never spelt with one, so such a token gives Darija nothing.
_HAMZA_SEAT = re.compile("[ئؤء]|.[أإآ]")
# Punctuation only an Arabic keyboard types: the question mark, comma and semicolon.
_ARABIC_PUNCTUATION = re.compile("[؟،؛]")
# MSA future: سـ on an imperfect verb (سأنتظر، سيقتلني، ستدفع, 133 training lines against 0 in Darija, which
# says غادي or غا-). With a hamza (سأ) it cannot be anything else; سي/ست/سن also start nouns and French loans.
_MSA_SA_FUTURE = re.compile(r"^س(?:أ..|[يتن]...)")
_MSA_SA_EXCEPTIONS = re.compile(
    r"^س(?:يار|ياق|ياس|يدي?$|يدة|يدت|يري?$|يرو$|يفط|يمان|يجور|يبر|ينا|نين|نو|نت|ناني?$|تين|تاش|تيلو|تاج|توري)"
)
MSA_FUTURE_POINTS = 0.7
# "ما هي المدة", "ما هو الحل": the MSA question "what is the ..." (17 training lines against 0; Darija says
# شنو هي، اشنو هو). Darija's ما هي negation is not followed by a definite noun.
_MSA_WHAT_IS = frozenset(["هي", "هو"])
# Darija past "she did" keeps its -at before an object pronoun: عطاتني، ضرباتو، صيفطاتني (18 training lines
# against 0); MSA drops the alif (أعطتني، ضربته), and no MSA noun ends in -اتني or -اتو.
_ARY_SHE_DID_TO = re.compile(r"^..+ات(?:ني|و)$")
# Maghrebi "not a single ...": حتى before an indefinite noun beside a negation (ما عندي حتى ريال، ما شفت حتى درهم،
# حتى واحد ما ضربني: 154 training and development lines in Darija against 2 Algerian ones labelled MSA). MSA says
# لا أملك أي درهم، لا أحد; the Mashreq says ولا ليرة، ولا حدا. حتى "until, even" before a definite noun (حتى منتصف
# الليل), a verb (حتى تخلص، حتى أرجع) or ل (حتى لشراء) is every Arabic's and proves nothing.
NOT_A_SINGLE_POINTS = 1.0
EGYPTIAN_WHAT_POINTS = 1.0
NOT_A_SINGLE_WINDOW = 3  # words either side of حتى where the negation may stand
_NOT_A_SINGLE_NOUN = re.compile(r"^(?!ال)[^يتناىل\W\d_]\w{2,}$|^شي$")
_MSA_MA_WORDS = frozenset(["ماذا", "مازال", "مازالت", "مازلت", "مازلنا", "مادام", "ماعدا", "مادة", "مادي"])


def detect_language(text: str, previous: str | None = None, default: str = "fr") -> LanguageGuess:
    """The message's language; `previous` (the conversation's language) is kept when evidence is thin."""
    default = default if default in SUPPORTED else "fr"
    previous = previous if previous in SUPPORTED else None
    fallback = previous or default
    kept = "kept-previous" if previous else "default"

    text = (text or "")[:MAX_CHARS]
    tokens = tokenise(text)
    words = [t for t in tokens if t.script != DIGITS]
    # Greetings and blessings are written whatever the language ("salam, I need help"): they do not make a
    # message long enough to leave the conversation's language.
    telling = [t for t in words if t.norm.replace("'", "") not in cue_lists()["formulae"]]
    letters = _letter_counts(text)
    if not words:
        if not previous and _ARABIC_PUNCTUATION.search(text):
            # A first "؟" or "،": typed on an Arabic keyboard, so read in Arabic letters, not in the default French.
            return LanguageGuess(default if default in ("ar", "ary") else ARABIC_SCRIPT_PRIOR, False,
                                 "no-text:arabic-punctuation")
        return LanguageGuess(fallback, False, f"no-text:{kept}")
    if letters[OTHER] > letters[LATIN] + letters[ARABIC]:
        return LanguageGuess(fallback, False, "foreign:script")

    arabic_script = letters[ARABIC] > letters[LATIN]
    scores, darija_words = _cue_scores(tokens, text)
    if not arabic_script and scores["ary"] >= CODE_SWITCH_MIN_SCORE and darija_words >= CODE_SWITCH_MIN_WORDS:
        scores["ary"] *= CODE_SWITCH_WEIGHT
    if arabic_script:
        if _looks_persian_or_urdu(text, scores):
            return LanguageGuess(fallback, False, "foreign:fa-ur")
        scores["ar"] += ARABIC_SCRIPT_POINTS
        scores["ary"] += ARABIC_SCRIPT_POINTS

    # langdetect knows no Darija, so it only separates French from English (and spots foreign
    # languages); it must not lift French over a Darija sentence full of French nouns.
    detected: dict[str, float] = {}
    latin_words = [t.raw for t in words if t.script == LATIN]
    if not arabic_script and len(telling) >= SHORT_WORDS and _undecided(scores):
        detected = langdetect_probabilities(" ".join(latin_words))
        if detected:
            others = [p for lang, p in detected.items() if lang not in ("fr", "en")]
            scores[FOREIGN] += LANGDETECT_WEIGHT * max(others, default=0.0)

    # A long Arabic-script message with no dialect word either way is read as MSA, as it is alone, whatever the
    # conversation's language: after a bare "السلام عليكم" (Darija by ARABIC_SCRIPT_PRIOR) it is the person's
    # first words of their own.
    no_cue_either_way = scores["ar"] == scores["ary"] == ARABIC_SCRIPT_POINTS
    long_and_clear = arabic_script and len(telling) >= LONG_WORDS and no_cue_either_way
    best = _best(scores, detected, None if long_and_clear else previous, arabic_script)
    best_score = scores[best] + (LANGDETECT_WEIGHT * detected.get(best, 0.0) if best in ("fr", "en") else 0.0)
    foreign = scores[FOREIGN] >= FOREIGN_MIN and scores[FOREIGN] > best_score
    used_langdetect = bool(detected)

    if len(telling) < SHORT_WORDS:
        if foreign:
            return LanguageGuess(fallback, False, "short:foreign")
        if previous:
            if best != previous and best_score - scores[previous] > SWITCH_MARGIN:
                return LanguageGuess(best, True, "short:cues")
            return LanguageGuess(previous, True, "short:kept-previous")
        if _script_only(scores, best) and not telling:
            return LanguageGuess(default if default in ("ar", "ary") else ARABIC_SCRIPT_PRIOR, True, "short:greeting")
        if best_score >= MIN_EVIDENCE:
            return LanguageGuess(best, True, "short:script" if _script_only(scores, best) else "short:cues")
        return LanguageGuess(default, True, "short:default")

    if foreign:
        return LanguageGuess(fallback, False, "foreign:langdetect" if used_langdetect else "foreign:cues")
    if best_score < MIN_EVIDENCE:
        return LanguageGuess(fallback, True, f"fallback:{kept}")
    if _script_only(scores, best):
        return LanguageGuess(best, True, "script")
    return LanguageGuess(best, True, "script+cues+langdetect" if used_langdetect else "script+cues")


def _letter_counts(text: str) -> dict[str, int]:
    counts = {LATIN: 0, ARABIC: 0, OTHER: 0}
    for ch in clean(text):
        if not ch.isalpha():
            continue
        if is_arabic_char(ch):
            counts[ARABIC] += 1
        elif is_latin_char(ch):
            counts[LATIN] += 1
        else:
            counts[OTHER] += 1
    return counts


def _cue_scores(tokens: list[Token], text: str = "") -> tuple[dict[str, float], int]:
    """Each language's cue points, and how many Latin-script words count more for Darija than for French or
    English (each word is scored once, on its own, then added)."""
    cues = cue_lists()
    scores = _no_scores()
    darija_words = 0
    # Two words read as a phrase only when nothing but a space parts them ("بيت واحد، السمسار" is not one).
    adjacent = set(_WORD_PAIR.findall(clean(text).lower()))
    previous_norm = previous_raw = ""
    lone_word = sum(token.script != DIGITS for token in tokens) == 1
    for index, token in enumerate(tokens):
        if token.script == LATIN:
            nxt = tokens[index + 1] if index + 1 < len(tokens) else None
            alone = _no_scores()
            if token.raw == "la" and ("la" in (previous_norm, nxt.raw if nxt is not None else "") or lone_word):
                # "la la" is Darija (and Arabic) "no, no"; French repeats no article ("là là" has its accent),
                # and never sends an article alone: a bare "la" is the Darija "no".
                alone["ary"] += cues["fr"].get("la", 0.0)
            else:
                _score_latin(token, previous_norm, alone, cues)
            for language, points in alone.items():
                scores[language] += points
            darija_words += alone["ary"] > max(alone["fr"], alone["en"])
        elif token.script == ARABIC:
            nxt = tokens[index + 1] if index + 1 < len(tokens) else None
            following = nxt.norm if nxt is not None and (token.raw, nxt.raw) in adjacent else ""
            if token.raw in _ARY_INDEFINITE and following.startswith("ال") and len(following) >= 4:
                scores["ary"] += 1.0  # واحد الراجل "a man": Darija's indefinite article (56 lines against 1)
            elif token.norm == "الي" and token.raw != "إلى" and not following.startswith("ال"):
                # الى without a hamza is Darija "if" as often as MSA "to" (الى كانت، الى مشيت: 62 of 142 lines);
                # MSA "to" is told by its hamza (إلى: 183 against 7) or a definite noun after it (93 against 4).
                scores["ar"] += UNMARKED_ILA_POINTS
            elif (token.norm in _MSA_WHAT_IS and previous_norm == "ما" and following.startswith("ال")
                  and len(following) >= 4):
                scores["ar"] += 1.0
            elif (token.norm in _SUDANESE_WANT and following[:1] == "ا" and not following.startswith("ال")
                  and following not in _ARABIC_PRONOUNS and len(following) >= 3):
                # داير أرجع "I want to go back": Sudanese "want" before an imperfect in أ- (Darija's first person
                # says ن-: بغيت نرجع; its داير "doing" is followed by a noun: كيف داير الحال).
                scores["ar"] += 1.0
            elif (token.norm == "ايه" and (previous_raw, token.raw) in adjacent
                  and previous_norm not in ("", "ايه")):
                # ايه after a word is Egyptian "what" (اعمل ايه، حقوقي ايه: 23 lines against 0); Darija's ايه
                # "yes" opens a reply, or is said twice (ايه ايه).
                scores["ar"] += EGYPTIAN_WHAT_POINTS
            elif (token.norm == "حتي" and _NOT_A_SINGLE_NOUN.match(following)
                  and _negation_near(tokens, index)):
                scores["ary"] += NOT_A_SINGLE_POINTS
            elif token.norm in _ARY_DEMONSTRATIVES and following.startswith("ال") and len(following) >= 4:
                # ديك الدار, فداك الوقت are Darija; لديك الحق is MSA "you have the right" as much as
                # Darija "to that right", so it proves nothing either way.
                scores["ary"] += 0.0 if token.norm == "لديك" else 1.0
            else:
                _score_arabic(token, previous_norm, scores, cues)
        previous_norm = token.norm
        previous_raw = token.raw
    return scores, darija_words


def _no_scores() -> dict[str, float]:
    return {"fr": 0.0, "en": 0.0, "ar": 0.0, "ary": 0.0, FOREIGN: 0.0}


def _score_latin(token: Token, previous_norm: str, scores: dict[str, float], cues: dict[str, dict[str, float]]) -> None:
    parts = token.norm.split("'")
    word = "".join(parts)
    if len(parts) > 1:
        if parts[0] in _FR_ELISIONS:
            scores["fr"] += 0.7
        elif parts[-1] in _EN_CONTRACTIONS:
            scores["en"] += 0.7
    for key, table in LATIN_TABLES:
        scores[key] += cues[table].get(word, 0.0)
    known = any(word in cues[table] for key, table in LATIN_TABLES if key != FOREIGN)
    if not known and word[:1] in _ARABIZI_CLITICS and len(word) >= 4:
        # b/f/l/w glued to a Darija word: bchhal, fdar, wdaba
        glued = cues["ary_latin"].get(word[1:], 0.0)
        if glued >= 1.0:
            scores["ary"] += glued
            return
    if any(ch in _FR_ACCENTS for ch in token.raw):
        scores["fr"] += 0.5
    if any(ch in _FOREIGN_ACCENTS for ch in token.raw):
        scores[FOREIGN] += 0.5
    if known:
        return
    if previous_norm == "ma" and len(word) >= 4 and word.endswith(("ch", "sh")):
        scores["ary"] += 1.5  # negation written apart: ma khlsnich, ma 3reftch
        return
    # A word may show several Darija marks (ma7tajch: a digit letter and the ma...ch negation): it is worth its
    # strongest, not the first one tried.
    darija = max((weight for pattern, weight in _ARABIZI_PATTERNS if pattern.search(word)), default=0.0)
    if _DIGIT_WORD.match(word) and not _NOT_ARABIZI.match(word):
        # 2 for a qaf or hamza (7a2i2i, by2ol) is Egyptian and Levantine; Moroccans write 9 for qaf.
        if "2" in word and "9" not in word:
            scores["ar"] += 1.0
        else:
            scores["ary"] += max(1.0, darija)
        return
    scores["ary"] += darija


def _score_arabic(
    token: Token, previous_norm: str, scores: dict[str, float], cues: dict[str, dict[str, float]]
) -> None:
    word = token.norm
    if word == "نهار" and previous_norm in ("ليل", "ليلا"):
        return  # ليل نهار "day and night" is MSA as much as Darija; Darija's نهار "day" is a cue alone
    ary = cues["ary_arabic"].get(word)
    msa = cues["ar"].get(word)
    if ary and _HAMZA_SEAT.search(token.raw):
        ary = 0.0
    if ary is None and msa is None and word not in cues["arabic_shared"]:
        # Proclitics و "and", ب "with/for", ف "in", ل "to" (ودابا, بشحال, فدابا, وليس): an unknown word
        # is tried without one; و may leave three letters, the others four (بنتي is not ب + نتي).
        rest = word[1:]
        if (word[:1] == "و" and len(rest) >= 3) or (word[:1] in _ARABIC_CLITICS and len(rest) >= 4):
            ary = cues["ary_arabic"].get(rest)
            msa = cues["ar"].get(rest)
    scores["ary"] += ary or 0.0
    scores["ar"] += msa or 0.0
    if ary is not None or msa is not None or word in cues["arabic_shared"]:
        return
    if previous_norm == "لا" and word[:1] in "يتان" and not word.endswith("ش") and len(word) >= 3:
        scores["ar"] += 0.5  # la + imperfect is MSA negation (لا أعرف، لا يدفع); Darija says ما...ش
        return
    negated = _negated_stem(word, previous_norm)
    # Verb prefixes are read after "and" too: وكنخدم, وبيقولي.
    verb = word[1:] if word[:1] == "و" and len(word) >= 6 else word
    if negated is not None:
        # ma...sh is Maghrebi and Egyptian: ما عنديش, متقدرش are Darija, but a negated b- present
        # (ما بيخلونيش, مبيدفعش) is Egyptian or Levantine; Darija negates its ka- present (ما كيخلونيش).
        # A negated Darija word (ما غاديش, ما كاينش) is worth at least that word.
        if _is_b_present(negated):
            scores["ar"] += 1.0
        else:
            scores["ary"] += max(1.0, cues["ary_arabic"].get(negated[:-1], 0.0))
    elif _ARY_GHA_FUTURE.match(verb) and not _ARY_GHA_EXCEPTIONS.match(verb):
        scores["ary"] += 1.0  # غانمشي, غايقتلني
    elif _ARABIC_KA_VERB.match(verb) and not _ARABIC_KA_EXCEPTIONS.match(verb):
        scores["ary"] += 1.0  # كنخدم, كيقولو, كتخدم
    elif (_ARABIC_PLURAL_VERB.match(word) and word not in _ARABIC_PLURAL_EXCEPTIONS
          and not word.startswith(_PHONE_STEMS)):
        # نهضرو, تنساوني, يقولو: MSA would end in ون or وا, except after لم/لن/أن (لم يعطوني)
        scores["ary"] += 0.0 if previous_norm in _MSA_JUSSIVE_PARTICLES else 0.7
    elif _ARY_SHE_DID_TO.match(word):
        scores["ary"] += 0.7  # عطاتني, ضرباتو
    elif word[:1] == "ف" and word[1:] in cues["places"]:
        scores["ary"] += 0.5  # f "in" glued to a place: فطنجة, فليبيا (MSA: في طنجة)
    elif word.startswith("فال") and len(word) >= 6:
        scores["ary"] += 0.5  # f + article fused: فالدار, فالرباط
    elif _ARABIC_MSA_PLURAL.match(word) and word not in _ARABIC_MSA_PLURAL_EXCEPTIONS:
        scores["ar"] += 0.7
    elif _MSA_SA_FUTURE.match(token.raw) and not _MSA_SA_EXCEPTIONS.match(token.raw):
        scores["ar"] += MSA_FUTURE_POINTS  # سأنتظر, سيقتلني
    elif _is_b_present(verb) or _ARABIC_H_FUTURE.match(verb):
        scores["ar"] += 0.7  # بيهددني, هيبلغ
    elif _ARABIC_ALIF_PLURAL.match(word) and not _ARABIC_ALIF_PLURAL_EXCEPTIONS.search(word):
        scores["ar"] += 0.7  # قالوا, أخذوا: Darija writes قالو, خداو
    elif _MSA_H_SUFFIX.match(token.raw) and word not in cues["formulae"]:
        scores["ar"] += MSA_SPELLING_POINTS  # not in greetings, which everybody writes the same (وبركاته)


def _negated_stem(word: str, previous_norm: str) -> str | None:
    """The verb inside a ma...sh negation (ما عنديش, متقدرش, ما + يخلصنيش), or None when it is not one."""
    if not word.endswith("ش"):
        return None
    if previous_norm in ("ما", "وما"):
        return word
    if word.startswith("وم") and len(word) >= 6:
        word = word[1:]  # "and" before a negation written as one word: وماعنديش, ومقدرتش
    if word.startswith("ما") and len(word) >= 5:
        return word[2:]
    if word.startswith("م") and len(word) >= 6:
        return word[1:]
    return None


def _negation_near(tokens: list[Token], index: int) -> bool:
    """A Darija-style negation (ما، وما، ماعندي، ما...ش) within NOT_A_SINGLE_WINDOW words of tokens[index]."""
    window = tokens[max(0, index - NOT_A_SINGLE_WINDOW) : index] + tokens[index + 2 : index + 2 + NOT_A_SINGLE_WINDOW]
    for token in window:
        word = token.norm
        if word in ("ما", "وما") or _negated_stem(word, "") is not None:
            return True
        if word.startswith(("ما", "وما")) and len(word) >= 5 and word not in _MSA_MA_WORDS:
            return True  # ما fused to its verb: ماعندي، ماشفت، مايخلصوش
    return False


def _is_b_present(word: str) -> bool:
    return bool(_ARABIC_B_PRESENT.match(word)) and word not in _ARABIC_B_PRESENT_EXCEPTIONS


def _looks_persian_or_urdu(text: str, scores: dict[str, float]) -> bool:
    arabic_letters = sum(1 for ch in text if "\u0600" <= ch <= "\u06ff")
    marked = sum(1 for ch in text if ch in _PERSIAN_URDU)
    if marked < 2 or marked * 12 < arabic_letters:
        return False
    # Someone typing Darija or MSA on a Persian keyboard still uses Arabic grammar words.
    return scores["ar"] + scores["ary"] < 2.0


def _undecided(scores: dict[str, float]) -> bool:
    ranked = sorted((scores["fr"], scores["en"], scores["ary"]), reverse=True)
    return ranked[0] < LANGDETECT_CLEAR_SCORE or ranked[0] - ranked[1] < LANGDETECT_CLEAR_MARGIN


def _best(scores: dict[str, float], detected: dict[str, float], previous: str | None, arabic_script: bool) -> str:
    # Ties go to the conversation's language, then to MSA for Arabic script (every Arabic reader
    # understands it), then to French (the help line's default).
    order = ("ar", "ary", "fr", "en") if arabic_script else ("fr", "en", "ary", "ar")

    def rank(lang: str, extra: float = 0.0) -> tuple[float, bool, int]:
        return (-(scores[lang] + extra), lang != previous, order.index(lang))

    french_or_english = min(("fr", "en"), key=lambda lang: rank(lang, LANGDETECT_WEIGHT * detected.get(lang, 0.0)))
    return min((french_or_english, "ary", "ar"), key=rank)


def _script_only(scores: dict[str, float], best: str) -> bool:
    return best in ("ar", "ary") and scores["ar"] == scores["ary"] == ARABIC_SCRIPT_POINTS


_factory_lock = threading.Lock()
_factory = None


def _detector_factory():  # type: ignore[no-untyped-def]
    """langdetect's profiles are large: loaded once, seeded so the same text always gets the same answer."""
    global _factory
    if _factory is None:
        with _factory_lock:
            if _factory is None:
                from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

                factory = DetectorFactory()
                factory.load_profile(PROFILES_DIRECTORY)
                factory.seed = 0
                _factory = factory
    return _factory


def preload() -> None:
    """Load cue lists and langdetect's profiles now (about a second) rather than on the first message."""
    cue_lists()
    langdetect_probabilities("preload")  # the first detection also builds langdetect's lookup tables


def langdetect_probabilities(text: str) -> dict[str, float]:
    """langdetect's language probabilities for `text`, or {} when it finds no features."""
    from langdetect.lang_detect_exception import LangDetectException

    detector = _detector_factory().create()
    detector.append(text)
    try:
        return {item.lang: item.prob for item in detector.get_probabilities()}
    except LangDetectException:
        return {}
