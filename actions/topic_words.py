"""The words that name a topic of the same question ("is it free?", "without papers?", "with my children?" are asked
of going home, legal aid, health and shelter alike): "how much does it cost" right after the pregnancy's answer is
health's cost, though the intent classifier reads legal aid surely (its cost words are legal aid's in training); "is the
lawyer free?" after health names legal aid in its words. "He is afraid to complain, he has no papers" is legal aid's
question without papers, not the victim's protection.

Compared on the lowercased words, punctuation removed, as whole words or phrases (actions/phrases.py). Stems that
vary with a Darija prefix or a French article are listed in their forms.
"""
from __future__ import annotations

from actions.phrases import padded_words, says_phrase, says_phrase_in_either_form
from actions.turn import Turn

TOPIC_PHRASES = {
    "ask_legal_aid": (
        # English
        "lawyer", "lawyers", "attorney", "legal aid", "legal help", "court", "judge", "complain", "complaint",
        "complaints", "file a case", "sue", "tribunal", "prosecutor",
        # French
        "avocat", "avocats", "avocate", "plainte", "porter plainte", "tribunal", "juge", "justice", "procès", "proces",
        "aide juridique", "juridique", "procureur",
        # Arabic and Darija, Arabic script
        "محامي", "محامية", "المحامي", "محام", "شكوى", "شكاية", "الشكاية", "نشكي", "يشكي", "تشكي", "المحكمة", "محكمة",
        "القاضي", "قاضي", "دعوى", "مساعدة قانونية", "الوكيل",
        # Darija, Latin letters
        "mo7ami", "mohami", "m7ami", "lmo7ami", "lmohami", "l mo7ami", "avoca", "chki", "nchki", "ychki", "tchki",
        "chikaya", "chekaya", "chkaya", "lma7kama", "ma7kama", "mahkama", "lmahkama", "9adi", "l9adi", "tribunal",
    ),
    "ask_health": (
        # English
        "doctor", "doctors", "doc", "clinic", "hospital", "nurse", "medicine", "medicines", "pills", "treatment",
        "treated", "sick", "ill", "health", "fever", "pain", "pregnant", "pregnancy", "dentist", "vaccine",
        # French
        "médecin", "medecin", "docteur", "clinique", "hôpital", "hopital", "infirmier", "infirmière", "médicament",
        "medicament", "médicaments", "medicaments", "soins", "soigner", "malade", "santé", "sante", "fièvre",
        "enceinte", "grossesse", "urgences", "dentiste", "vaccin",
        # Arabic and Darija, Arabic script
        "طبيب", "الطبيب", "طبيبة", "مستشفى", "المستشفى", "مصحة", "عيادة", "دواء", "الدواء", "علاج", "العلاج", "مريض",
        "مريضة", "صحة", "الصحة", "حامل", "الحمل", "سبيطار", "السبيطار", "الدوا", "الطبيبة", "الفرملي",
        # Darija, Latin letters
        "tbib", "tbiba", "ttbib", "sbitar", "lsbitar", "dwa", "ddwa", "dwaya", "mrid", "mrida",
        "mred", "mreda", "s7a", "sse7a", "7amla", "7amel", "lfermli", "fermli", "doctor", "docteur",
    ),
    "ask_voluntary_return": (
        # English
        "go home", "going home", "go back", "return", "ticket", "flight", "plane", "iom", "my country", "travel home",
        "fly",
        # French
        "rentrer", "retour", "retourner", "billet", "avion", "vol", "oim", "mon pays", "au pays",
        # Arabic and Darija, Arabic script
        "العودة", "الرجوع", "نرجع", "نرجع لبلادي", "بلدي", "بلادي", "تذكرة", "الطيارة", "الطائرة",
        "المنظمة الدولية للهجرة", "البلاد",
        # Darija, Latin letters
        "nrje3", "nrj3", "nrjea", "rjo3", "rjou3", "bladi", "lbladi", "l bladi", "tikiya", "tiket", "billet", "tiyara",
        "ttiyara", "avion", "oim", "iom",
    ),
    "ask_shelter": (
        # English
        "shelter", "sleep", "bed", "place to stay", "stay tonight", "roof", "housing",
        # French
        "foyer", "dormir", "dors", "hébergement", "hebergement", "logement", "abri", "lit", "loger",
        # Arabic and Darija, Arabic script
        "مأوى", "ماوى", "مبيت", "المبيت", "ننعس", "نبات", "أنام", "انام", "ننام", "نبيت",
        "سكن", "السكن", "مركز إيواء", "إيواء", "ايواء",
        # Darija, Latin letters
        "nbat", "nbato", "mbit", "lmbit", "n3es", "nn3es", "n3so", "sokna", "foyer",
    ),
}


# The words of two rights' details that people tell together ("he took my passport and does not pay me"): "can I get
# my passport back?" right after asks about one of them.
DETAIL_PHRASES = {
    "passport_kept": (
        "passport", "passports", "pasport", "papers", "documents", "id", "card",
        "passeport", "passeports", "papiers", "carte", "pièces", "pieces",
        "جواز", "الجواز", "جواز السفر", "الباسبور", "باسبور", "الپاسپور", "الوثائق", "الأوراق", "الاوراق", "الوراق",
        "لوراق", "البطاقة", "الكارط",
        "paspor", "lpaspor", "passpor", "lpassport", "lpasseport", "lwra9", "lwraq", "lwara9", "wra9",
        "lkart", "lcarte",
    ),
    "unpaid_wages": (
        "salary", "wage", "wages", "pay", "paid", "money", "payment",
        "salaire", "salaires", "paye", "payé", "payer", "argent", "sous",
        "الأجر", "الاجر", "أجرتي", "راتب", "الراتب", "راتبي", "الفلوس", "فلوس", "الخلاص", "خلاص", "فلوسي",
        "lkhlas", "lkhlass", "khlas", "khlass", "lflous", "flous", "flousi", "lflouss", "salir", "salaire",
    ),
}


# A passport lost or stolen (not kept by someone): "سرق جوازي" (my passport was stolen) is the lost passport's question,
# though the risk cues may read a passport taken.
LOSS_PHRASES = (
    "lost", "lose", "stolen", "stole", "robbed",
    "perdu", "perdue", "perdus", "volé", "vole", "volée", "volee", "volés",
    "ضاع", "ضائع", "فقدت", "مفقود", "سرق", "سرقت", "سرقوا", "مسروق", "تسرق",
    "ضاع ليا", "ضيعت", "تسرق ليا", "سرقو ليا", "شفرو", "تشفر",
    "tlef", "tlef liya", "tlfli", "dya3", "dyya3t", "tsre9", "tsr9", "sr9o", "sre9", "chefro", "tchfer",
)


# A passport out of date, not lost: going home's documents' answer (the consulate's travel document), which does not
# ask the person to report a loss.
EXPIRY_PHRASES = (
    "expired", "expire", "expires", "out of date", "outdated",
    "périmé", "périmée", "perime", "perimee", "expiré", "expirée", "expiree", "plus valable",
    "منتهي", "منتهية", "انتهت صلاحيته", "انتهت صلاحية", "سالا", "فات", "مفوت",
    "sala", "salat", "mfawt", "fat lwa9t",
)


def names_expiry(turn: Turn) -> bool:
    """The message's words say a document is out of date (EXPIRY_PHRASES)."""
    return says_phrase_in_either_form(turn.text, EXPIRY_PHRASES)


def names_loss(turn: Turn) -> bool:
    """The message's words say something was lost or stolen (LOSS_PHRASES)."""
    return says_phrase_in_either_form(turn.text, LOSS_PHRASES)


def names_detail(turn: Turn, sub: str) -> bool:
    """The message's words name this detail (DETAIL_PHRASES)."""
    phrases = DETAIL_PHRASES.get(sub, ())
    return says_phrase_in_either_form(turn.text, phrases)


# Words that open a question, in the languages we read ("?" aside): "anyway where can I see a doctor for free".
QUESTION_PHRASES = (
    "where", "how", "what", "who", "when", "can i", "can we", "is there", "are there", "do i", "do you",
    "où", "ou est", "comment", "quand", "est ce que", "est ce qu", "y a", "il y a", "je peux", "on peut",
    "أين", "كيف", "متى", "هل", "واش", "فين", "كيفاش", "شنو", "اشنو", "شكون", "امتى", "وقتاش",
    "wach", "wash", "fin", "fen", "kifach", "kifash", "chno", "achno", "chkoun", "chkon", "imta", "w9tach", "waqtach",
)


# Fear of being arrested, jailed, punished or deported, in the languages we read.
PUNISHMENT_PHRASES = (
    "arrest", "arrested", "arrests", "prison", "jail", "punish", "punished", "punishment", "deport", "deported",
    "deportation", "expel", "expelled", "in trouble",
    "arrêter", "arreter", "arrêté", "arrêtée", "arrete", "prison", "puni", "punie", "punir", "punis", "sanction",
    "expulser", "expulsé", "expulsée", "expulsion", "des problèmes", "des problemes",
    "اعتقال", "يعتقلوني", "يعتقلني", "السجن", "سجن", "الحبس", "حبس", "يعاقبوني", "يعاقبني", "عقوبة", "الترحيل",
    "يرحلوني", "يرحلني", "يشدوني", "يشدني", "يحبسوني", "يحبسني",
    "ychdouni", "ychedouni", "ychdni", "y9bdo", "y9bdou", "y9bdouni", "y9bdoni", "y7bsouni", "y7bsni", "l7abs", "l7bs",
    "7abs", "yr7louni", "yr7lni", "tr7il", "y3a9bouni", "y3a9bni", "l3i9ab",
)


def fears_punishment(turn: Turn) -> bool:
    """The message names being arrested, jailed, punished or deported (PUNISHMENT_PHRASES)."""
    return says_phrase_in_either_form(turn.text, PUNISHMENT_PHRASES)


def asks_in_words(turn: Turn) -> bool:
    """The message asks something: a question mark (Latin or Arabic) or a word that opens a question."""
    return turn.asks or says_phrase(padded_words(turn.text, " "), QUESTION_PHRASES)


def names_in_words(turn: Turn, topic: str) -> bool:
    """The message's words name this topic (TOPIC_PHRASES), "l'avocat" read as "l avocat" too; a topic without a list
    is never named so."""
    phrases = TOPIC_PHRASES.get(topic, ())
    return bool(phrases) and says_phrase_in_either_form(turn.text, phrases)
