"""French risk cues and framing added in the dev_v3 round of issue 10 (Moroccan, West and Central African French,
SMS spelling): one table per direction, each line a class of fix in its own words (none is a development or
measuring line)."""
from __future__ import annotations

import pytest

from bot.nlu.risk import assess_risk

# (text, indicators that must be among those found, urgent): the rules alone must escalate them, whatever the
# classifier says.
ESCALATE: list[tuple[str, set[str], bool]] = [
    # SMS "ma" / "mont" for "m'a" / "m'ont" before a participle, after its subject.
    ("le patron ma frappee hier soir devant les clients", {"physical_sexual_violence"}, False),
    ("ils mont pris les passeports a la descente du bus", {"retention_of_documents"}, False),
    ("la gerante ma enfermee dans la reserve", {"restriction_of_movement"}, False),
    # Agents met in these stories: a driver, a broker, a ghetto chairman, an "agent".
    ("le chauffeur a pris nos passeports a l'arrivee", {"retention_of_documents"}, False),
    ("le chairman garde toutes nos cartes de sejour", {"retention_of_documents"}, False),
    # Wages kept "for me", paid in food, sent straight to the boss.
    ("mon salaire elle le garde pour moi depuis un an", {"withholding_of_wages"}, False),
    ("il nous paye en repas seulement", {"withholding_of_wages"}, False),
    ("mon salaire va directement au patron de l'agence", {"withholding_of_wages"}, False),
    # Held somewhere until the family pays; paying to go out; a debt to give back.
    ("ils nous gardent dans un local a tanger jusqu'a ce que les familles paient le reste",
     {"restriction_of_movement", "debt_bondage"}, False),
    ("faut payer 100 dh au gardien pour sortir de la ferme", {"restriction_of_movement"}, False),
    # "before leaving" is no check of an offer when it ends a debt.
    ("je dois leur rendre 3000 euros avant de partir", {"debt_bondage"}, False),
    ("sinon il nous vend a un autre reseau", {"intimidation_threats"}, False),
    ("quand je demande mon argent il parle de la police", {"intimidation_threats"}, False),
    # Sleeping out by order, eating last, papers refused back.
    ("elle me fait dormir dehors sur la terrasse", {"abusive_conditions"}, False),
    ("il a encore mes papiers et refuse de les rendre", {"retention_of_documents"}, False),
    # Danger now: abandoned in the desert, a child taken just now, a move announced for tonight, a boat sinking.
    ("le passeur nous a laisses dans le desert sans rien", set(), True),
    ("un homme vient d'enlever ma niece devant la maison", set(), True),
    ("le chef dit qu'on part dans un autre camp cette nuit", set(), True),
    ("le bateau coule, on est loin de la plage", set(), True),
    # Injuries said the SMS way ("il repond plus"), poison and farewells.
    ("il est tombe de l'echafaudage et il repond plus", set(), True),
    ("il a ete poignarde, il est par terre", set(), True),
    ("la bouteille de javel est la, je vais la boire", {"self_harm"}, True),
    ("adieu a tous, pardonnez moi, demain je serai plus la", {"self_harm"}, True),
    # A request for a person in other words.
    ("passez-moi une conseillere svp", set(), False),
    ("un conseiller peut me rappeler cet apres-midi ?", set(), False),
    ("une vraie personne pour parler svp", set(), False),
    # A denial does not hide the disclosure after "mais".
    ("je suis pas en danger mais le patron garde mon passeport", {"retention_of_documents"}, False),
]

# (text, intent the classifier might guess, its confidence): calm, even when the classifier leans to an escalating
# intent.
CALM: list[tuple[str, str, float]] = [
    # "ma" as the possessive, before a word that could be a participle.
    ("ma frappe au foot hier etait magnifique", "out_of_scope", 0.6),
    ("elle ma dit bonjour ce matin", "greet", 0.7),
    # Injuries' words in everyday use.
    ("il est tombe amoureux et elle repond plus a ses messages", "out_of_scope", 0.6),
    ("il tombe la pluie depuis hier et le telephone repond pas", "out_of_scope", 0.6),
    # Football despair is an idiom, not self-harm.
    ("si le raja perd encore je me jette du balcon mdr", "immediate_danger", 0.7),
    ("ce match va me tuer, encore un penalty rate", "immediate_danger", 0.8),
    # Warning others is prevention, whatever words of deception it uses.
    ("comment prevenir les jeunes du quartier contre les faux contrats en europe", "disclose_exploitation", 0.7),
    # Denials: of danger, of a debt, of anyone holding the writer.
    ("je suis pas en danger, je veux juste des infos sur le retour", "immediate_danger", 0.85),
    ("je dois rien a personne, j'ai paye mon billet moi-meme", "disclose_exploitation", 0.6),
    ("j'ai paye mon voyage seul, je veux rentrer", "disclose_exploitation", 0.6),
    # Forwarded adverts: recruiting, fees, "no experience".
    ("TR: on recrute des jeunes filles comme hotesses, pas besoin d'experience", "disclose_exploitation", 0.7),
    ("bourse pour l'europe, frais de dossier 100 euros, inscription gratuite", "disclose_exploitation", 0.7),
    # Everyday words near the new cues.
    ("ce sirop me fait dormir toute la journee", "ask_health", 0.7),
    ("le chauffeur du bus a pris mon ticket", "out_of_scope", 0.6),
    ("je dois lui rendre son telephone demain", "out_of_scope", 0.6),
    ("on part a marrakech ce soir pour le mariage", "out_of_scope", 0.6),
]


@pytest.mark.parametrize("text, indicators, urgent", ESCALATE)
def test_escalates(text: str, indicators: set[str], urgent: bool) -> None:
    assessment = assess_risk(text, "fr", None, 0.0)
    assert assessment.escalate, text
    assert indicators <= set(assessment.indicators), assessment.indicators
    assert (assessment.priority == "urgent") == urgent, assessment.priority


@pytest.mark.parametrize("text, intent, confidence", CALM)
def test_stays_calm(text: str, intent: str, confidence: float) -> None:
    assessment = assess_risk(text, "fr", intent, confidence)
    assert not assessment.escalate, assessment
    assert assessment.priority == "none"
