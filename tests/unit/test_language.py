"""Language detection and switch requests: behaviour tables and accuracy over tests/data/language_samples.tsv."""
from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from bot.nlu.language import SUPPORTED, LanguageGuess, detect_language, requested_language

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "language_samples.tsv"


def _samples() -> list[tuple[str, str]]:
    with SAMPLES.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [(row["text"], row["language"]) for row in reader]


def _is_arabic_script(text: str) -> bool:
    arabic = sum(1 for ch in text if "\u0600" <= ch <= "\u06ff")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return arabic > latin


# --- short or contentless messages --------------------------------------------------------

KEEP_PREVIOUS = [
    ("ok", "en"),
    ("ok", "ary"),
    ("okk", "ar"),
    ("merci", "ary"),
    ("merci", "en"),
    ("thanks", "fr"),
    ("thank you", "fr"),
    ("oui", "en"),
    ("yes", "fr"),
    ("salam", "en"),
    ("salam", "fr"),
    ("Tanger", "en"),
    ("السلام عليكم", "ary"),
    ("السلام عليكم", "ar"),
    ("سلام", "ary"),
    ("شكرا", "fr"),
    ("inchallah", "fr"),
]


@pytest.mark.parametrize("text,previous", KEEP_PREVIOUS)
def test_short_message_keeps_previous_language(text: str, previous: str) -> None:
    guess = detect_language(text, previous=previous)
    assert guess == LanguageGuess(previous, True, "short:kept-previous")


NO_TEXT = ["", "   ", "1", "2", "?", "???", "😭😭", "👍", "0612", "...", "!!!"]


@pytest.mark.parametrize("text", NO_TEXT)
def test_message_without_words_is_not_recognised_and_keeps_previous(text: str) -> None:
    assert detect_language(text, previous="ary") == LanguageGuess("ary", False, "no-text:kept-previous")
    assert detect_language(text) == LanguageGuess("fr", False, "no-text:default")
    assert detect_language(text, default="en").language == "en"


@pytest.mark.parametrize(
    "text,previous,expected",
    [
        # A short message switches only on strong, unambiguous cues.
        ("bghit nrje3", "fr", "ary"),
        ("je veux", "en", "fr"),
        ("بغيت نرجع", "fr", "ary"),
        ("أريد المساعدة", "en", "ar"),
    ],
)
def test_short_message_with_strong_cues_switches(text: str, previous: str, expected: str) -> None:
    guess = detect_language(text, previous=previous)
    assert (guess.language, guess.recognised) == (expected, True)


@pytest.mark.parametrize(
    "text,default,expected",
    [
        ("ok", "fr", "fr"),
        ("ok", "en", "en"),
        ("merci", "en", "fr"),
        ("thanks", "fr", "en"),
        ("slt", "en", "fr"),
        ("واش", "fr", "ary"),
        # A first greeting goes to its likeliest writer on a Moroccan line: arabizi and Arabic-script
        # greetings with no dialect word are Darija, French SMS is French.
        ("salam", "fr", "ary"),
        ("slm", "en", "ary"),
        ("slm cv", "fr", "ary"),
        ("salam labas", "fr", "ary"),
        ("ahlan", "fr", "ary"),
        ("marhaban", "fr", "ary"),   # the Arabic greeting in Latin letters, alone: Darija in Latin letters
        ("mar7ba", "en", "ary"),
        ("slt cv", "en", "fr"),
        ("cv?", "fr", "fr"),
        ("السلام عليكم", "fr", "ary"),
        ("السلام عليكم ورحمة الله وبركاته", "fr", "ary"),
        ("شكرا", "en", "ary"),
        ("السلام عليكم", "ar", "ar"),  # ...unless the operator's default is Arabic
        # ...but a dialect word in the greeting decides.
        ("السلام عليكم، بدي مساعدة", "fr", "ar"),
        ("السلام عليكم، بغيت مساعدة", "fr", "ary"),
        ("مرحبا، كيف حالك؟", "fr", "ar"),
        ("عتقوني", "fr", "ary"),  # Darija "save me"
    ],
)
def test_short_message_without_previous(text: str, default: str, expected: str) -> None:
    guess = detect_language(text, default=default)
    assert (guess.language, guess.recognised) == (expected, True)


# --- languages Amane does not speak -------------------------------------------------------

FOREIGN = [
    "hola necesito ayuda por favor",
    "quiero volver a mi país",
    "preciso de ajuda por favor",
    "ciao ho bisogno di aiuto",
    "ich brauche hilfe bitte",
    "Nanga def? Maangi fi rekk",
    "mbote ndeko nazali na mosala te",
    "Привет мне нужна помощь",
    "ሰላም እርዳታ እፈልጋለሁ",
    "من کار میکنم و پول ندارم",
    "gracias",
]


@pytest.mark.parametrize("text", FOREIGN)
def test_other_language_is_not_recognised_and_falls_back(text: str) -> None:
    guess = detect_language(text, previous="en")
    assert (guess.language, guess.recognised) == ("en", False)
    assert guess.reason.startswith(("foreign", "short:foreign"))
    assert detect_language(text).language == "fr"


# --- script, dialect and code-switching ---------------------------------------------------

CODE_SWITCHING = [
    # Darija grammar with French nouns is Darija (the matrix language decides).
    ("kifach ndir la carte de sejour", "ary"),
    ("bghit n9dm plainte contre lpatron", "ary"),
    ("wach kayn chi association li t3awni f les papiers", "ary"),
    ("salut, bghit nswlk wach l'oim kat3tina le billet", "ary"),
    ("wakha merci ghadi nfker", "ary"),
    ("merci bzaf", "ary"),
    ("بغيت نمشي l'ambassade واش خاصني rendez-vous", "ary"),
    ("wach n9der nmchi l'ambassade demain", "ary"),
    # French or English with a Darija greeting or blessing stays French or English.
    ("salam je veux rentrer au pays inchallah", "fr"),
    ("salam alikoum, je cherche un foyer à rabat", "fr"),
    ("hamdoulah ça va, mais j'ai besoin d'un avocat", "fr"),
    ("salam brother i need help with my papers", "en"),
    ("marhaban, my boss does not pay me", "en"),   # a greeting, then the language the person writes in
    ("marhba, je cherche un avocat", "fr"),
    # French/English mixes go by the language of the grammar words.
    ("please help me i dont have papiers", "en"),
    ("j'ai besoin d'aide please", "fr"),
    # MSA with one Darija word, and Darija with an MSA phrase.
    ("بغيت نعرف ما هي الحقوق ديالي", "ary"),
    ("أريد أن أعرف حقوقي من فضلكم", "ar"),
    ("هل يمكنني العودة إلى بلدي بدون جواز سفر", "ar"),
    ("واش نقدر نرجع لبلادي بلا باسبور", "ary"),
]


@pytest.mark.parametrize("text,expected", CODE_SWITCHING)
def test_code_switching_goes_by_matrix_language(text: str, expected: str) -> None:
    guess = detect_language(text)
    assert (guess.language, guess.recognised) == (expected, True), guess


SMS_STYLE = [
    ("slt jsp koi faire stp", "fr"),
    ("pk vs repondez pa", "fr"),
    ("g besoin d1 avocat", "fr"),
    ("jveux rentrer chez moi bcp de pb ici", "fr"),
    ("pls i wanna go home", "en"),
    ("u there? idk wat to do", "en"),
    ("abeg wetin i go do", "en"),
    ("3afak 3tini numero dyal lbolis", "ary"),
    ("bghit nrje3 l bladi", "ary"),
    ("ma3ndich lflous o ma3reftch fin nmchi", "ary"),
    ("salam khouya kidayr labas", "ary"),
    ("راني مقلق بزاف", "ary"),
    ("انا محتاجة مساعدة عاجلة", "ar"),
]


@pytest.mark.parametrize("text,expected", SMS_STYLE)
def test_sms_spelling(text: str, expected: str) -> None:
    assert detect_language(text).language == expected


GREETINGS = [
    "السلام عليكم ورحمة الله وبركاته",
    "السلام عليكم",
    "صباح الخير",
    "salam alaykoum wa rahmatullah",
    "slm",
    "salam inchallah",
    "marhaba",
    "marhaban",
]


@pytest.mark.parametrize("text", GREETINGS)
@pytest.mark.parametrize("previous", SUPPORTED)
def test_greeting_never_flips_the_conversation_language(text: str, previous: str) -> None:
    # However long, a greeting or blessing is written whatever language comes next.
    assert detect_language(text, previous=previous) == LanguageGuess(previous, True, "short:kept-previous")


# --- other Arabic dialects are answered in MSA, only Moroccan Darija in Darija -----------------

# Contrast pairs: the same message in another Arabic dialect (ar) and in Moroccan Darija (ary).
DIALECT_PAIRS = [
    # Egyptian
    ("صاحب الشغل واخد الباسبور بتاعي ومش راضي يرجعه", "الباطرون شد ليا الباسبور ديالي وما بغاش يرجعو"),
    ("أنا عايز أرجع بلدي دلوقتي بس معيش فلوس", "بغيت نرجع لبلادي دابا ولكن ما عنديش الفلوس"),
    ("الراجل ده بيهددني لو مشيت هيبلغ عني البوليس", "هاد الراجل كيهددني إلا مشيت غادي يبلغ عليا البوليس"),
    ("ازاي أطلع ورق الإقامة هنا؟", "كيفاش نخرج الوراق ديال الإقامة هنا؟"),
    ("بقالي تلات شهور بشتغل ومحدش بيدفعلي", "هادي تلت شهور وانا كنخدم وحتى واحد ما خلصني"),
    # Levantine
    ("بدي ارجع عبلدي بس ما معي مصاري", "بغيت نرجع لبلادي ولكن ما عندي فلوس"),
    ("هلق انا بالشارع وما عندي وين نام", "دابا انا فالزنقة وما عندي فين نبات"),
    ("انا كتير خايفة منو عم يهددني", "انا خايفة منو بزاف كيهددني"),
    # Gulf and Iraqi
    ("الكفيل ماخذ جوازي وما يبي يعطيني اياه", "الباطرون داي ليا الباسبور وما بغاش يعطيهولي"),
    ("الحين انا بروحي وخايف وايد", "دابا انا بوحدي وخايف بزاف"),
    ("شلون اكدر ارجع لبلدي؟ ما عندي جواز", "كيفاش نقدر نرجع لبلادي؟ ما عنديش الباسبور"),
    # Algerian and Tunisian: they share much Moroccan vocabulary, their own words decide
    ("كيفاش نخرج الوراق تاعي؟ الباترون داهم", "كيفاش نخرج الوراق ديالي؟ الباطرون داهم"),
    ("نحب نروح لبلادي بصح ما عنديش الدراهم", "بغيت نمشي لبلادي ولكن ما عنديش الدراهم"),
    ("توة أنا خايف برشا ونحب نحكي مع حد", "دابا أنا خايف بزاف وبغيت نهضر مع شي حد"),
    ("الباترون خذا الباسبور متاعي", "الباطرون خدا الباسبور ديالي"),
]


@pytest.mark.parametrize("other_dialect,darija", DIALECT_PAIRS)
def test_other_arabic_dialects_get_msa_and_darija_gets_darija(other_dialect: str, darija: str) -> None:
    assert detect_language(other_dialect).language == "ar"
    assert detect_language(darija).language == "ary"
    # The conversation's language does not hold a long message in another variety.
    assert detect_language(other_dialect, previous="ary").language == "ar"
    assert detect_language(darija, previous="ar").language == "ary"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("momken a7ki ma3 insan 7a2i2i?", "ar"),  # Levantine arabizi: 2 for qaf, a- for "I"
        ("ana mesh 3ayez a7ki ma3 el boss", "ar"),  # Egyptian arabizi
        ("wach n9der nhder m3a chi wa7ed 7a9i9i?", "ary"),
        ("bghit nrje3 l bladi walakin ma3ndich lflous", "ary"),
    ],
)
def test_arabizi_of_other_dialects_is_not_darija(text: str, expected: str) -> None:
    assert detect_language(text).language == expected


def test_previous_breaks_ties_between_arabic_and_darija() -> None:
    # No dialect cue either way in a few words: the conversation's own variety is kept.
    text = "أنا هنا مع أختي"
    assert detect_language(text, previous="ary").language == "ary"
    assert detect_language(text, previous="ar").language == "ar"
    assert detect_language(text).language == "ar"
    # A long message with no cue either way decides itself: MSA (LONG_WORDS; tests/unit/test_language_v5.py).
    assert detect_language("أنا في الدار البيضاء مع أختي", previous="ary").language == "ar"


def test_invalid_previous_and_default_are_ignored() -> None:
    assert detect_language("ok", previous="es", default="de") == LanguageGuess("fr", True, "short:default")


def test_guess_is_deterministic_and_always_supported() -> None:
    texts = [text for text, _ in _samples()] + FOREIGN + NO_TEXT
    first = [detect_language(text) for text in texts]
    assert first == [detect_language(text) for text in texts]
    assert {guess.language for guess in first} <= set(SUPPORTED)
    assert all(guess.reason for guess in first)


def test_huge_message_is_handled() -> None:
    guess = detect_language("je veux rentrer chez moi " * 20000)
    assert (guess.language, guess.recognised) == ("fr", True)


# --- explicit switch requests -------------------------------------------------------------

REQUESTS = [
    ("English please", "en"),
    ("english pls", "en"),
    ("in english", "en"),
    ("can you speak english", "en"),
    ("hello, can you speak english please", "en"),
    ("hi i have a problem with my passport can you answer in english", "en"),
    ("English", "en"),
    ("ENGLISH?", "en"),
    ("anglais stp", "en"),
    ("هل تتكلم الإنجليزية؟", "en"),
    ("en français svp", "fr"),
    ("parle francais", "fr"),
    ("français", "fr"),
    ("Français", "fr"),
    ("parlez-vous français ?", "fr"),
    ("in french please", "fr"),
    ("الفرنسية", "fr"),
    ("bl fransawiya", "fr"),
    ("واش كتهضر بالفرنسية", "fr"),
    ("بالعربية", "ar"),
    ("بالعربية الفصحى من فضلك", "ar"),
    ("العربية", "ar"),
    ("arabic please", "ar"),
    ("b l3arbiya", "ar"),
    ("est-ce que vous parlez arabe", "ar"),
    ("أريد التحدث بالعربية", "ar"),
    ("تكلم معايا بالدارجة", "ary"),
    ("بالدارجة عافاك", "ary"),
    ("darija 3afak", "ary"),
    ("b darija", "ary"),
    ("bdarija 3afak", "ary"),
    ("darija", "ary"),
    ("wach kathder darija", "ary"),
    ("in moroccan arabic please", "ary"),
    ("tu peux me parler en arabe marocain", "ary"),
    # The last request in the message wins.
    ("je ne parle pas français, english please", "en"),
    # "to me" in Darija (lia, ليا), Levantine "speak" (تحكي), Darija's own spelling of French (فرونسي).
    ("jaweb lia bl fransawiya", "fr"),
    ("كتب ليا بالفرونسية", "fr"),
    ("بتحكي معي بالإنجليزي؟", "en"),
]


@pytest.mark.parametrize("text,expected", REQUESTS)
def test_switch_request(text: str, expected: str) -> None:
    assert requested_language(text) == expected


NOT_REQUESTS = [
    "I speak a little French but my English is bad",
    "my boss is French",
    "je suis française",
    "mon patron parle français et arabe",
    "I don't speak English",
    "pas en anglais",
    "the police speak only arabic",
    "they talk to me in french",
    "I want to learn English",
    "English or French?",
    "my madam is Moroccan",
    "change language",
    "je veux rentrer chez moi",
    "bghit nrje3 l bladi",
    "ليا صاحبي فرونسي",
    "lia khoya kaykhdem f fransa",
    "",
    "😭",
]


@pytest.mark.parametrize("text", NOT_REQUESTS)
def test_mention_is_not_a_switch_request(text: str) -> None:
    assert requested_language(text) is None


# --- accuracy over the samples file -------------------------------------------------------


def test_samples_file_is_large_enough() -> None:
    samples = _samples()
    counts = Counter(language for _, language in samples)
    assert set(counts) == set(SUPPORTED)
    assert all(counts[language] >= 60 for language in SUPPORTED), counts
    ary_scripts = Counter(_is_arabic_script(text) for text, language in samples if language == "ary")
    assert ary_scripts[True] >= 35 and ary_scripts[False] >= 35, ary_scripts
    assert len({text for text, _ in samples}) == len(samples), "duplicate samples"


def test_accuracy_over_samples() -> None:
    correct: dict[str, int] = Counter()
    total: dict[str, int] = Counter()
    errors: list[tuple[str, str, str | None]] = []
    for text, expected in _samples():
        guess = detect_language(text)
        total[expected] += 1
        if guess.recognised and guess.language == expected:
            correct[expected] += 1
        else:
            errors.append((text, expected, guess.language if guess.recognised else None))
    overall = sum(correct.values()) / sum(total.values())
    per_language = {language: correct[language] / total[language] for language in SUPPORTED}
    assert overall >= 0.95, (overall, errors)
    assert all(score >= 0.90 for score in per_language.values()), (per_language, errors)
