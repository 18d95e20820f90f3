"""Another person's case told ("my friend in Libya, they keep her passport"): the disclosure's words fit the one asking.

The disclosure's words speak to the victim ("I believe you, it is not your fault"); someone asking for a friend or a
relative needs words about that person, and help for them. The message names another person (a friend, a relative,
a neighbour) and, once those words are set aside, nothing of the writer's own: no "me", "my", "I", "ديالي", "liya"
(then the writer may be the one held: "my friend took my passport" is the writer's case). A worry or a wish to help
("I'm worried about my sister, ...") is asking for them, not telling of oneself. Compared on the lowercased words,
punctuation removed, as whole words (actions/phrases.py).
"""
from __future__ import annotations

from actions.phrases import padded_words, says_phrase
from actions.turn import Turn

OTHER_PERSON_PHRASES = (
    # English
    "my friend", "my friends", "a friend", "a friend of mine", "my sister", "my brother", "my cousin", "my neighbour",
    "my neighbor", "my wife", "my husband", "my mother", "my mom", "my mum", "my father", "my aunt", "my uncle",
    "my niece", "my nephew", "my colleague", "my roommate", "a woman i know", "a girl i know", "someone i know",
    # French
    "mon ami", "mon amie", "mes amis", "mes amies", "un ami", "une amie", "ma copine", "mon copain", "mon pote",
    "ma soeur", "ma sœur", "mon frère", "mon frere", "mon cousin", "ma cousine", "ma voisine", "mon voisin",
    "ma femme", "mon mari", "ma mère", "ma mere", "ma tante", "mon oncle", "ma collègue", "ma collegue",
    "mon collègue", "mon collegue", "une femme que je connais", "quelqu un que je connais",
    # Arabic
    "صديقتي", "صديقي", "أختي", "اختي", "أخي", "اخي", "ابن عمي", "بنت عمي", "جارتي", "جاري", "زوجتي", "زوجي",
    "أمي", "خالتي", "عمتي", "خالي", "عمي", "زميلتي", "زميلي",
    # Darija, Arabic script
    "صاحبتي", "صاحبي", "ختي", "خويا", "ولد عمي", "بنت خالتي", "مراتي", "راجلي", "مي", "واحد صاحبي", "وحدة صاحبتي",
    # Darija, Latin letters
    "sa7bti", "sa7bi", "sahbti", "sahbi", "khti", "khoya", "khouya", "wld 3mi", "bnt 3mi", "ould 3mi", "bent 3mi",
    "jarti", "jari", "mrati", "rajli", "mmi", "khalti", "3mti", "wa7d sa7bi", "we7da sa7bti", "wa7da sa7bti",
)
# Asking for them, not telling of oneself: these words of the writer do not make the case theirs.
FOR_THEM_PHRASES = (
    "i am worried about", "im worried about", "i m worried about", "i want to help", "how can i help", "can i help",
    "what can i do", "i need help for", "je m inquiète pour", "je m inquiete pour", "je veux aider", "comment aider",
    "que puis je faire", "أريد مساعدة", "اريد مساعدة", "كيف أساعد", "كيف اساعد", "أنا قلق على", "انا قلق على",
    "بغيت نعاون", "كيفاش نعاون", "bghit n3awen", "bghit n3awn", "kifach n3awen", "kifach n3awn",
)
# The writer's own words (subject, object, possessive), by reply language: with one of them the case may be the
# writer's. By language, since one spelling means another thing elsewhere (Darija's "ma" is "not", French's "my").
FIRST_PERSON_WORDS = {
    "en": frozenset({"i", "me", "my", "mine", "myself", "im", "ive", "id", "we", "us", "our", "ours"}),
    "fr": frozenset({"je", "j", "me", "m", "moi", "mon", "ma", "mes", "nous", "notre", "nos"}),
    "ar": frozenset({"أنا", "انا", "نحن", "لي", "علي", "معي", "عندي", "لدي", "إلي"}),
    "ary": frozenset({"أنا", "انا", "ديالي", "ليا", "عليا", "معايا", "راني", "حنا", "ديالنا", "لينا", "علينا", "عندي"}),
    "ary_latn": frozenset({"ana", "dyali", "liya", "lia", "3liya", "3lia", "m3aya", "rani", "7na", "dyalna", "lina",
                           "3lina", "3ndi", "3andi"}),
}
# Words of Arabic script ending in "ي" that are not "my" / "me".
NOT_MINE_ARABIC = frozenset({"في", "التي", "الذي", "اللي", "حتى", "شي", "ماشي", "كي", "غي", "هي", "الي", "فاش"})


def about_someone_else(turn: Turn) -> bool:
    """The message tells of another person's situation, not the writer's (the module's rule)."""
    padded = padded_words(turn.text, " ")
    if not says_phrase(padded, OTHER_PERSON_PHRASES):
        return False
    for phrase in sorted((*FOR_THEM_PHRASES, *OTHER_PERSON_PHRASES), key=len, reverse=True):
        padded = padded.replace(f" {phrase} ", " ")
    mine = FIRST_PERSON_WORDS.get(turn.language, frozenset())
    return not any(word in mine or ends_as_mine(word) for word in padded.split())


def ends_as_mine(word: str) -> bool:
    """An Arabic-script word that ends in "me"/"my"/"us" ("يضربني", "جوازي", "أوراقنا"), or a Darija one in Latin
    letters that ends in "me" ("dorbni", "khdmouni")."""
    if any("\u0600" <= char <= "\u06ff" for char in word):
        return len(word) > 3 and (word.endswith(("ني", "نا")) or (word.endswith("ي") and word not in NOT_MINE_ARABIC))
    return len(word) > 4 and word.endswith("ni")
