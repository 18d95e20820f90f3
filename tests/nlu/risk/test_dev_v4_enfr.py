"""English and French risk cues added against evaluation/dev_v4 (en, fr): one contrast pair per class of fix, in
both directions (the same words, or nearly, with the opposite meaning).

The examples are written for this file, not copied from the development set. Disclosures and dangers must be found by
the rules alone (no intent); calm messages must stay calm with no intent, and the reassured or denied ones also when
the classifier wrongly guesses an escalating intent.
"""
from __future__ import annotations

import pytest

from bot.nlu.risk import assess_risk

# (language, text, expected, indicators the assessment must include). expected: "urgent", "escalate" (normal or high,
# not urgent) or "calm".
PAIRS: list[tuple[str, str, str, frozenset[str]]] = [
    # A threat to call the police, said after "if we complain" / "if I ask", is intimidation; being offered a call is not.
    ("en", "if i ask for my pay the foreman say he call immigration", "escalate",
     frozenset({"intimidation_threats"})),
    ("en", "my neighbour said he call the police station for me to ask about my lost bag", "calm", frozenset()),
    # ... and a plea for the police stays a danger.
    ("en", "please call the police for me, someone is kicking the door", "urgent", frozenset()),
    # Veiled threats: what happened to the one who tried.
    ("en", "she reminded us what happened to the boy who ran away from the farm", "escalate",
     frozenset({"intimidation_threats"})),
    ("en", "he reminded me what time the bus leaves for Rabat", "calm", frozenset()),
    ("fr", "il nous a rappelé ce qui est arrivé au garçon qui a essayé de partir", "escalate",
     frozenset({"intimidation_threats"})),
    ("fr", "il m'a rappelé ce que je dois acheter au marché", "calm", frozenset()),
    # Lent or rented out to the employer's friends: a person handed over like a thing; lending an object is not.
    ("en", "the madam rents me out to her sisters to clean their villas", "escalate",
     frozenset({"abuse_of_vulnerability"})),
    ("en", "my neighbour lent me money to pay the rent", "calm", frozenset()),
    ("fr", "la patronne me prête à ses amies pour faire le ménage", "escalate", frozenset({"abuse_of_vulnerability"})),
    ("fr", "ma voisine me prête sa machine à coudre le samedi", "calm", frozenset()),
    # Locked in with the phone taken, or with a plea: now, not a past complaint.
    ("en", "they locked me in the back room and took my phone", "urgent", frozenset()),
    ("en", "i locked myself out and my phone died lol", "calm", frozenset()),
    ("fr", "elle m'a enfermée dans la cuisine et a pris mon portable", "urgent", frozenset()),
    ("fr", "elle m'a prêté son portable et elle a fermé la cuisine", "calm", frozenset()),
    # Locked in with smoke or fire.
    ("en", "we are locked in the workshop and there is smoke everywhere", "urgent", frozenset()),
    ("en", "the workshop has a fire exit and we can go out any time", "calm", frozenset()),
    ("fr", "on est enfermés dans l'atelier et il y a de la fumée", "urgent", frozenset()),
    ("fr", "il y a de la fumée dans la cuisine, le tajine a brûlé mdr", "calm", frozenset()),
    # Driven away: in a vehicle and not knowing where one is.
    ("en", "they drove us all night in a truck, i don't know where we are", "urgent", frozenset()),
    ("en", "the van is late again, i don't know where the driver is", "calm", frozenset()),
    ("fr", "ils nous ont mis dans un camion, je sais pas où on va", "urgent", frozenset()),
    ("fr", "le camion de livraison est en retard, je sais pas pourquoi", "calm", frozenset()),
    # Being sold tonight.
    ("en", "tonight he is selling me to some other men", "urgent", frozenset()),
    ("en", "tonight he is selling his car to some other man", "calm", frozenset()),
    ("fr", "cette nuit ils nous vendent à un autre réseau", "urgent", frozenset()),
    ("fr", "ce soir ils nous vendent des beignets au marché", "calm", frozenset()),
    # "le soir" is every evening, "ce soir" is tonight.
    ("fr", "ce soir le chauffeur nous emmène ailleurs, j'ai peur", "urgent", frozenset()),
    ("fr", "le soir le chauffeur nous emmène au foyer", "calm", frozenset()),
    # A child taken by a stranger now; a parent taking a child somewhere.
    ("en", "a man just grabbed my little girl into a taxi", "urgent", frozenset()),
    ("en", "my husband just took our son to the dentist by car", "calm", frozenset()),
    # Self-harm in pidgin; the same words about work.
    ("en", "i wan end am today, i don tire for this life", "urgent", frozenset({"self_harm"})),
    ("en", "i wan end this work early today, tire don catch me", "calm", frozenset()),
    ("fr", "j'en peux plus, la corde est dans mon sac", "urgent", frozenset({"self_harm"})),
    ("fr", "j'en peux plus de ce rhume, je prends des cachets", "calm", frozenset()),
    # Sports hyperbole with jumping; the same jump said for real.
    ("en", "if chelsea lose tonight i am jumping off the roof 😂", "calm", frozenset()),
    ("en", "i am jumping off the roof tonight, nobody cares", "urgent", frozenset({"self_harm"})),
    # Poisoning.
    ("en", "my friend drank the cleaning acid, he is coughing blood", "urgent", frozenset()),
    ("en", "i drank too much coffee and i am coughing a bit", "calm", frozenset()),
    # A request for a person in other words.
    ("en", "can you connect me to a counsellor please", "escalate", frozenset()),
    ("en", "is there a staff member i can chat with", "escalate", frozenset()),
    ("en", "abeg i wan yarn with a human", "escalate", frozenset()),
    ("en", "my friend and i dey yarn about football", "calm", frozenset()),
    ("fr", "je voudrais échanger avec quelqu'un de votre équipe", "escalate", frozenset()),
    ("fr", "un responsable svp", "escalate", frozenset()),
    ("fr", "le responsable il est où ?", "calm", frozenset()),
    # A debt repaid by work, not a price paid.
    ("en", "i work in his shop until i repay 2000 euros for the crossing", "escalate", frozenset({"debt_bondage"})),
    ("en", "i will stay in rabat until i pay the 300 dirham for the course", "calm", frozenset()),
    ("fr", "je dois encore le billet d'avion à la dame qui m'a fait venir", "escalate", frozenset({"debt_bondage"})),
    ("fr", "je dois acheter un billet d'avion pour rentrer à Dakar", "calm", frozenset()),
    ("fr", "je travaille 3 mois gratuit pour payer le passeur", "escalate", frozenset({"withholding_of_wages"})),
    ("fr", "le transport pour le travail est gratuit", "calm", frozenset()),
    # Documents held, written "ID cards".
    ("en", "the owner has our ID cards since we came", "escalate", frozenset({"retention_of_documents"})),
    ("en", "i have our ID cards with me in my bag", "calm", frozenset()),
    # Phones held by the employer's family.
    ("en", "her husband has my phone since last week", "escalate", frozenset({"isolation"})),
    ("en", "her husband has my phone number, he will call me", "calm", frozenset()),
    # Deductions and fines as punishment.
    ("en", "if i break a plate they cut 200 dirham from my pay", "escalate", frozenset({"withholding_of_wages"})),
    ("en", "they cut my hair too short at the salon lol", "calm", frozenset()),
    ("en", "they fine us 50 dirham when we are late", "escalate", frozenset({"intimidation_threats"})),
    ("en", "they are fine, we are fine, thanks", "calm", frozenset()),
    ("fr", "ils enlèvent 300 dh de ma paie pour la chambre", "escalate", frozenset({"debt_bondage"})),
    ("fr", "ils enlèvent les ordures de la rue chaque matin", "calm", frozenset()),
    # A journey paid by someone who is then worked for.
    ("en", "the man who paid for my trip says i work for him for free now", "escalate", frozenset({"debt_bondage"})),
    ("en", "my uncle paid for my trip and i work for a bank now", "calm", frozenset()),
    ("fr", "l'homme qui a payé mon voyage dit que je travaille pour lui", "escalate", frozenset({"debt_bondage"})),
    ("fr", "mon oncle a payé mon voyage et je travaille pour une banque", "calm", frozenset()),
    ("fr", "je dois encore au passeur pour la traversée", "escalate", frozenset({"debt_bondage"})),
    ("fr", "je dois encore au coiffeur pour la coupe mdr", "calm", frozenset()),
    # A relative sold; an object sold to a relative.
    ("en", "she sold my sister to a man in the north", "escalate", frozenset({"abuse_of_vulnerability"})),
    ("en", "she sold my sister a fake phone", "calm", frozenset()),
    # A child's age said another way.
    ("en", "a girl of 12 cleans for the neighbours every day", "escalate", frozenset({"minor"})),
    ("en", "a girl of 22 cleans for the neighbours every day", "calm", frozenset()),
    ("fr", "le petit qui fait la vaisselle au café a peut-être 9 ans", "escalate", frozenset({"minor"})),
    ("fr", "le petit chat du café a peut-être 2 ans", "calm", frozenset()),
    # Locked in a container; tools locked in a container.
    ("en", "they locked us inside a container, no air", "urgent", frozenset()),
    ("en", "we locked the tools inside a container for the night", "calm", frozenset()),
    ("fr", "ils nous ont enfermés dans un conteneur", "urgent", frozenset()),
    ("fr", "on a enfermé les outils dans un conteneur", "calm", frozenset()),
    # Pills taken; taken away by force tonight.
    ("fr", "j'ai pris tous les cachets", "urgent", frozenset({"self_harm"})),
    ("fr", "j'ai pris tous les papiers pour le rendez-vous", "calm", frozenset()),
    ("fr", "ils viennent nous chercher ce soir de force", "urgent", frozenset()),
    ("fr", "ils viennent nous chercher ce soir pour la fête", "calm", frozenset()),
]

# Reassured or denied: calm even when the classifier guesses a disclosure; the same words stated stay a disclosure.
REASSURED: list[tuple[str, str, bool]] = [
    ("en", "my boss gave my passport back and pays me every friday, how do i renew my card?", False),
    ("en", "my boss never gave my passport back, how do i renew my card?", True),
    ("en", "my boss is a good man, i just want to go home to see my mother", False),
    ("fr", "on nous prend ni le passeport ni le téléphone, c'est quoi nos droits ?", False),
    ("fr", "on nous prend le passeport et le téléphone, c'est quoi nos droits ?", True),
]


def _kind(language: str, text: str) -> tuple[str, list[str]]:
    assessment = assess_risk(text, language, None, 0.0)
    if assessment.priority == "urgent":
        return "urgent", assessment.indicators
    return ("escalate" if assessment.escalate else "calm"), assessment.indicators


@pytest.mark.parametrize("language, text, expected, indicators", PAIRS)
def test_contrast_pairs_by_the_rules_alone(language: str, text: str, expected: str, indicators: frozenset[str]) -> None:
    kind, found = _kind(language, text)
    assert kind == expected
    assert indicators <= set(found)


@pytest.mark.parametrize("language, text, escalates", REASSURED)
def test_reassurance_cancels_a_wrong_disclosure_guess(language: str, text: str, escalates: bool) -> None:
    assessment = assess_risk(text, language, "disclose_exploitation", 0.9)
    assert assessment.escalate is escalates
