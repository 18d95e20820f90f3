"""Sub-questions their own words name, in every language we read, whatever the sub-question classifier ranked
first (found on conversations_dev_v15, written in words other than its lines): "nobody forced me, I just want to go
home" (going home without being a victim), "where is the office?" after going home (IOM's offices), "her driver
followed me" (being followed), "I can't phone, we sleep ten in the room" (cannot call), "will the man go to jail?"
(what happens to traffickers), "may he keep my card?" (papers kept); later (conversations_dev_v16) "personne me force"
(spoken French drops the "ne") and "9ddach dyal lwa9t?" (how long, going home's duration); later still
(conversations_dev_v17) "حتى واحد ما دار ليا والو" (nobody did anything to me: no victim either, in
actions/asked_in_general.NOT_HARMED_PHRASES) and having no papers
told right after a topic with a question without papers (actions/papers_told.py).

Each is a class of wording (a negated force, a duration, an office, a verb of following, a negated call, a punishment
of someone else, a verb of keeping with papers), not one message. Compared on the lowercased words, punctuation
removed, as whole words (actions/phrases.py).
"""
from __future__ import annotations

from actions.asked_in_general import asked_in_general, not_harmed
from actions.papers_told import papers_of_topic_told
from actions.phrases import says_phrase_in_either_form
from actions.subquestions import Asked, names_topic
from actions.topic_words import asks_in_words, fears_punishment, names_detail, names_in_words
from actions.turn import Turn

RETURN = "ask_voluntary_return"
RIGHTS = "ask_rights"
SAFETY = "ask_safety"

# Nobody forces the writer, they are no victim: going home for anyone.
NOT_FORCED_PHRASES = (
    "nobody is forcing me", "nobody forces me", "nobody forced me", "no one is forcing me", "no one forces me",
    "no one forced me", "nobody force me", "not forced", "i am not a victim", "im not a victim", "not a victim",
    "personne ne me force", "personne m a force", "personne m a forcé", "personne ne m a force",
    "personne ne m a forcé", "pas force", "pas forcé", "pas forcée", "pas une victime", "pas victime",
    # Spoken French drops the "ne" ("personne me force"); the choice said as one's own.
    "personne me force", "personne me forcé", "personne m oblige", "personne ne m oblige", "c est moi qui decide",
    "c est moi qui décide", "c est mon choix", "my own choice", "my own decision", "i decided myself",
    "لم يجبرني احد", "لم يجبرني أحد", "لا أحد يجبرني", "لا احد يجبرني", "لم يرغمني احد", "لم يرغمني أحد",
    "لست ضحية", "لست مجبرا", "لست مجبرة",
    "حتى حد ما جبرني", "حد ما جبرني", "ما حد جبرني", "حتى واحد ما جبرني", "ماشي ضحية", "ما مجبورش", "ماشي مجبور",
    "ماشي مجبورة",
    "7ta 7ed ma jbrni", "7ta 7ad ma jbrni", "7ed ma jbrni", "7ta wa7d ma jbrni", "ma 7ed jbrni", "machi d7iya",
    "machi mjbour", "machi mjboura",
)
# How long it takes, asked in going home's context: its duration (the journey's steps), whatever the classifier read.
DURATION_PHRASES = (
    "how long", "how many weeks", "how many days", "how many months", "how much time",
    "combien de temps", "combien de semaines", "combien de jours", "combien de mois", "ca prend combien",
    "ça prend combien",
    "كم من الوقت", "كم يستغرق", "كم من أسبوع", "كم من اسبوع", "كم أسبوع", "كم اسبوع", "كم شهر",
    "شحال من وقت", "شحال د الوقت", "شحال ديال الوقت", "قداش د الوقت", "قداش من وقت", "قداش ديال الوقت",
    "شحال من سيمانة", "شحال من شهر",
    "ch7al dyal lwa9t", "ch7al d lwa9t", "ch7al mn wa9t", "ch7al men wa9t", "chhal mn wa9t", "9ddach dyal lwa9t",
    "9ddach d lwa9t", "9ddach mn wa9t", "9dach dyal lwa9t", "9dach mn wa9t", "ch7al mn simana", "ch7al mn chhar",
)
# A yes or a no with a duration ("yes how long does it take?" to the offer of a person) keeps its own rules for a
# question read as one (actions/conversation.py question_not_answer).
YES_NO = frozenset({"affirm", "deny"})
# An office asked where, after going home was answered: where IOM is met.
OFFICE_PHRASES = (
    "office", "offices", "their office", "the office",
    "bureau", "bureaux", "leur bureau", "le bureau", "agence",
    "مكتب", "المكتب", "مكاتب", "المكاتب", "مقر", "المقر", "البيرو", "بيرو",
    "lbiro", "biro", "lbureau", "lmaktab", "maktab",
)
# Topics with a question without papers of their own (the same question as going home's).
PAPERS_TOPICS = frozenset({"ask_health", "ask_legal_aid"})
# Where something is.
WHERE_PHRASES = (
    "where", "address", "où", "ou est", "ou se trouve", "adresse",
    "أين", "اين", "عنوان", "العنوان", "فين", "وين", "فاين",
    "fin", "fen", "win", "l3onwan",
)
# Being followed, told or asked.
FOLLOWED_PHRASES = (
    "followed me", "follows me", "following me", "follow me", "is following", "was following",
    "me suit", "me suivait", "m a suivi", "m a suivie", "me suivent", "me suivaient", "m ont suivi", "m ont suivie",
    "يتبعني", "تبعني", "يلاحقني", "لاحقني", "يتعقبني", "تتبعني",
    "كيتبعني", "تبعني", "كيتبعوني", "تبعوني", "كتبعني",
    "kaytb3ni", "tb3ni", "tab3ni", "kaytab3ni", "kaytb3ouni", "tb3ouni", "kaytba3ni",
)
# Calling is impossible, said in the words (no danger in the message: after danger its follow-ups answer).
CANT_CALL_PHRASES = (
    "cant call", "cannot call", "can not call", "cant phone", "cannot phone", "can not phone", "unable to call",
    "peux pas appeler", "peux pas telephoner", "peux pas téléphoner", "peux pas passer d appel",
    "لا أستطيع الاتصال", "لا استطيع الاتصال", "لا يمكنني الاتصال", "لا أقدر أتصل", "لا اقدر اتصل",
    "ما نقدرش نعيط", "ما نقدرش نتاصل", "ماقدراش نعيط", "ما قادراش نعيط", "ما قادرش نعيط", "مانقدرش نعيط",
    "ma n9derch n3yt", "man9derch n3yt", "ma n9drch n3yt", "ma 9adrach n3yt", "ma 9adrch n3yt", "ma n9derch n3ayt",
    # Darija's "I can't" without its ن (ماقدرش, the past used for the present), and with a final ي (نعيطي).
    "ماقدرش نعيط", "ما قدرش نعيط", "ماقدرتش نعيط", "ما قدرتش نعيط", "ماقدرش نتاصل", "ما قدرش نتاصل",
    "ma9derch n3yt", "ma 9derch n3yt", "ma9drch n3yt", "ma 9drch n3yt", "ma9dertch n3yt",
    # No credit on the phone: no call either ("I have no credit" after the numbers).
    "no credit", "no airtime", "pas de credit", "pas de crédit", "plus de credit", "plus de crédit",
    "ليس عندي رصيد", "ليس لدي رصيد", "لا يوجد رصيد", "لا رصيد", "ما عندي رصيد", "ماعندي رصيد", "ما فيه رصيد",
    "ماعنديش الصولد", "ما عنديش الصولد", "ماعنديش صولد", "ما عنديش صولد", "ماعنديش الرصيد", "ما عنديش الرصيد",
    "ma3ndich solde", "ma 3ndich solde", "ma3ndich sold", "ma 3ndich sold", "ma3endich solde", "ma 3endich solde",
)
CANT_CALL_WITH_AND = tuple(f"و{phrase}" for phrase in CANT_CALL_PHRASES if not phrase.isascii())
# Someone else punished (not the writer): the words of punishment with none of the writer's own.
SELF_WORDS = (
    "me", "i", "im", "moi", "je", "j", "m",
    "أنا", "انا", "ana",
)
# A punishment asked about in words that name no victim (the writer's own fears are actions/topic_words.py's).
PUNISHED_PHRASES = (
    "go to jail", "go to prison", "be punished", "get punished", "be arrested", "be jailed", "pay for this",
    "pay for what",
    "sera puni", "seront punis", "aller en prison", "ira en prison",
    "سيعاقب", "يعاقب", "سيعاقبون", "يعاقبون", "سيسجن", "يسجن", "سيدخل السجن",
    "غادي يتعاقب", "غيتعاقب", "غادي يدخل الحبس", "غيدخل الحبس", "يتشد", "غادي يتشد",
    "ghadi yt3a9b", "ghayt3a9b", "ghadi ydkhol l7bs", "ghaydkhol l7bs", "ytched", "ghadi ytched",
)
# Keeping, holding or taking: with papers named, the papers kept.
KEEP_PHRASES = (
    "keep", "keeps", "kept", "keeping", "hold", "holds", "holding", "take my", "took my", "takes my",
    "garder", "garde", "gardé", "gardee", "gardée", "confisquer", "confisqué", "confisque", "prendre", "pris",
    "يحتفظ", "تحتفظ", "الاحتفاظ", "يحجز", "تحجز", "حجز", "يأخذ", "ياخذ", "أخذ", "اخذ",
    "يشد", "تشد", "شد", "شدات", "خدا", "خدات", "ياخد", "تاخد",
    "ychd", "tchd", "chad", "chdat", "chdd", "ykhbi", "khda", "khdat", "yakhd", "takhd",
)


def says(turn: Turn, phrases: tuple[str, ...]) -> bool:
    return says_phrase_in_either_form(turn.text, phrases)


def says_cant_call(turn: Turn) -> bool:
    """Calling is impossible, in the message's words ("I can't call", "I have no credit"), with Arabic's "and" glued
    to them too ("وماقدرش نعيط")."""
    return says(turn, CANT_CALL_PHRASES) or says(turn, CANT_CALL_WITH_AND)


def denies_harm(turn: Turn) -> bool:
    """The words say nobody harmed or forced the writer ("nobody did anything to me, I just want to go home",
    conversations_dev_v17): a guess of danger that nothing in the words shows gives way to the question they ask
    (actions/escalation.ActionEmergency), however sure the guess."""
    return says(turn, NOT_FORCED_PHRASES) or not_harmed(turn)


def about_return(turn: Turn) -> bool:
    """Going home is the intent, the topic answered last, or named in the words."""
    return turn.intent == RETURN or turn.last_topic == RETURN or names_in_words(turn, RETURN)


def punished_someone_else(turn: Turn) -> bool:
    """"Will the man go to jail?", "وهل سيعاقب من شغلها؟": a punishment asked about, of someone other than the writer
    ("will they arrest me?" is the writer's fear: the victim's protection)."""
    if not asks_in_words(turn) or not says(turn, PUNISHED_PHRASES):
        return False
    return not says(turn, SELF_WORDS) and not any(word.endswith("ني") or word.endswith("ni")
                                                  for word in turn.text.split())


def papers_of_the_last_topic(turn: Turn) -> Asked | None:
    """"Thanks, and do they ask for papers?" right after health or legal aid, read unsure as going home's documents:
    the question without papers of the topic answered last, unless the words name going home."""
    last = turn.last_topic
    if last not in PAPERS_TOPICS or turn.intent != RETURN or names_in_words(turn, RETURN) or not turn.asks:
        return None
    return Asked(last, "no_papers") if names_detail(turn, "passport_kept") else None


def worded_question(turn: Turn) -> Asked | None:
    """The sub-question the words name (see the module's docstring), or None."""
    if about_return(turn) and says(turn, NOT_FORCED_PHRASES):
        return Asked(RETURN, "not_victim")
    general = asked_in_general(turn, about_return(turn))   # "nobody did anything to me", "if a boss does not pay"
    if general is not None:
        return general
    if about_return(turn) and turn.intent not in YES_NO and says(turn, DURATION_PHRASES) and not fears_punishment(turn):
        return Asked(RETURN, "how_long")
    if turn.last_topic == RETURN and says(turn, WHERE_PHRASES) and says(turn, OFFICE_PHRASES) \
            and not fears_punishment(turn):
        # "Will they arrest me if I come to the office?" asks about having no papers, not where the office is.
        return Asked(RETURN, "offices")
    papers = papers_of_the_last_topic(turn) or papers_of_topic_told(turn)
    if papers is not None:
        return papers
    if turn.danger_seen:
        return None   # after danger, its own follow-ups answer being followed or not calling
    if says(turn, FOLLOWED_PHRASES):
        return Asked(SAFETY, "followed")
    if says_cant_call(turn):
        return Asked(SAFETY, "cant_call")
    if punished_someone_else(turn):
        return Asked(RIGHTS, "traffickers")
    if (turn.intent == RIGHTS or turn.last_topic == RIGHTS) and turn.asks and names_detail(turn, "passport_kept") \
            and says(turn, KEEP_PHRASES) and not names_topic(turn, RETURN):
        return Asked(RIGHTS, "passport_kept")
    return None
