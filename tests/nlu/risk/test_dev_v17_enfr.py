"""Risk rules after the dev_v17 round in English and French (evaluation/dev_v17, which was blind_v5; issue 10).
Classes: despair beside the means or a farewell letter; a person pushed into a vehicle and driven off; a key hidden,
never out alone; wages never seen, paid half, half kept for the room; night visits to the worker's room; the men's
money taken, sleeping with someone's friends to pay; begging money collected; deprived of food; moved at night or
by truck; the one who locked her in coming back tonight, tied with a rope; and on the calm side a child's schooling
asked about, office and sofa jokes, "every 2 or 3 weeks" as a habit, an advert's hints only when close together.
Contrast pairs both ways; the messages are written for this test, never copied from a set.

Rules only, as in tests/nlu/risk/test_dev_v10.py.
"""
from __future__ import annotations

import pytest

from bot.nlu.risk import assess_risk


@pytest.mark.parametrize("told, calm, language", [
    ("the rope is in my hand now, i am sick of everything, tell my sister goodbye",
     "i have the pills from the clinic in my hand, is it one a day?", "en"),
    ("there is no reason to go on, i wrote a goodbye letter to my parents",
     "there is no reason to go to the police, they took nothing from me", "en"),
    ("i wrote a letter to my children, i know how i will do it tonight",
     "i wrote a letter to my children, they are fine in lagos", "en"),
])
def test_despair_beside_the_means_or_a_farewell_is_self_harm(told: str, calm: str, language: str) -> None:
    risk = assess_risk(told, language, None, 0.0)
    assert risk.priority == "urgent" and risk.danger, (told, risk)
    assert not assess_risk(calm, language, None, 0.0).escalate, calm


@pytest.mark.parametrize("taken, ordinary, language", [
    ("two men pushed my cousin into a white van and drove off toward the port",
     "i put my daughter in a taxi to her school this morning", "en"),
    ("a man just pulled the little girl into his car",
     "a man just parked his car in front of the shop", "en"),
    ("ils l ont trainee dans une camionnette devant le marche, aidez moi",
     "mon frere m a emmenee en voiture a la gare", "fr"),
    ("un homme vient d enlever le petit de la voisine", "un homme vient de reparer la voiture de la voisine", "fr"),
])
def test_a_person_pushed_into_a_vehicle_is_danger_now(taken: str, ordinary: str, language: str) -> None:
    risk = assess_risk(taken, language, None, 0.0)
    assert risk.priority == "urgent", (taken, risk)
    assert assess_risk(ordinary, language, None, 0.0).priority != "urgent", ordinary


@pytest.mark.parametrize("told, calm, language, indicator", [
    ("my employer hides the front door keys from us", "i hid the keys from my little brother", "en",
     "restriction_of_movement"),
    ("i never go out alone, her brother accompanies me even to the bakery", "i never go out alone at night, it is dark",
     "en", "restriction_of_movement"),
    ("a year now and i never see my wages, the owner says he saves them", "i never see my family, they live in accra",
     "en", "withholding_of_wages"),
    ("the contract said 400 dollars but they pay us half", "my cousin and i share the rent, i pay half", "en",
     "withholding_of_wages"),
    ("madam's brother comes into my room when everyone is asleep", "my son comes into my room when he cannot sleep",
     "en", "physical_sexual_violence"),
    ("the woman who brought us takes the money from the men", "the shop owner takes my coat at the door", "en",
     "sexual_exploitation"),
    ("le logeur veut que je couche avec ses amis", "je dors avec mes amies dans la meme chambre", "fr",
     "sexual_exploitation"),
    ("les enfants mendient au feu rouge et le soir un homme recupere l argent",
     "les enfants jouent au parc et le soir un homme ferme le portail", "fr", "forced_begging"),
    ("le gerant nous prive de manger quand on arrive en retard", "je me prive de manger pour envoyer de l argent", "fr",
     "abusive_conditions"),
])
def test_indirect_words_of_exploitation(told: str, calm: str, language: str, indicator: str) -> None:
    risk = assess_risk(told, language, None, 0.0)
    assert risk.escalate and indicator in risk.indicators, (told, risk)
    assert not assess_risk(calm, language, None, 0.0).escalate, calm


@pytest.mark.parametrize("now, later, language", [
    ("son frere m a enfermee dans la buanderie, il revient cette nuit",
     "le mois dernier son frere m enfermait dans la buanderie, il revenait la nuit", "fr"),
    ("ils ont ligote mon collegue avec des cordes et ils le frappent",
     "il y a un an ils ont ligote mon collegue avec des cordes et ils l ont frappe, il va bien maintenant", "fr"),
])
def test_peril_beside_a_grave_indicator_is_urgent_unless_over(now: str, later: str, language: str) -> None:
    assert assess_risk(now, language, None, 0.0).priority == "urgent", now
    told = assess_risk(later, language, None, 0.0)
    assert told.escalate and told.priority != "urgent", (later, told)


@pytest.mark.parametrize("moved, language", [
    ("le passeur nous a transferes de nuit de fes a tanger", "fr"),
    ("ils nous reveillent a 3h et on monte sans savoir ou on va", "fr"),
])
def test_moved_by_others_at_night_is_a_disclosure(moved: str, language: str) -> None:
    risk = assess_risk(moved, language, None, 0.0)
    assert risk.escalate and "restriction_of_movement" in risk.indicators, (moved, risk)


@pytest.mark.parametrize("asked, told, language", [
    ("could a 9 year old girl from mali join a school in rabat?",
     "a 9 year old girl from mali cleans the house all day and never goes to school", "en"),
    ("est ce qu un garcon de 12 ans peut aller au college sans papiers ?",
     "un garcon de 12 ans travaille au garage toute la journee, il va pas a l ecole", "fr"),
])
def test_a_childs_schooling_asked_about_is_no_case(asked: str, told: str, language: str) -> None:
    assert not assess_risk(asked, language, "disclose_exploitation", 0.9).escalate, asked
    assert assess_risk(told, language, None, 0.0).escalate, told


@pytest.mark.parametrize("joke, meant, language", [
    ("my manager will make me jump off the balcony lol 4 meetings before lunch 😂",
     "my manager will make me jump off the balcony, i am on it now and i cannot anymore", "en"),
    ("mon mari m a enferme a la maison pour la peinture du couloir 😂",
     "mon mari m a enferme a la maison depuis hier, il a pris mon telephone", "fr"),
])
def test_trivial_causes_make_a_laugh_a_joke(joke: str, meant: str, language: str) -> None:
    assert not assess_risk(joke, language, None, 0.0).escalate, joke
    assert assess_risk(meant, language, None, 0.0).escalate, meant


def test_a_habit_of_every_few_weeks_is_not_danger_now() -> None:
    text = "every 3 or 4 weeks they take us to another farm, now i do not know where i am"
    risk = assess_risk(text, "en", None, 0.0)
    assert risk.escalate and risk.priority != "urgent", risk


@pytest.mark.parametrize("debt, advert", [
    ("le patron dit que je dois le voyage et je travaille gratuit", "TR: voyage gratuit, logement offert, postulez vite"),
])
def test_advert_hints_count_only_close_together(debt: str, advert: str) -> None:
    assert assess_risk(debt, "fr", None, 0.0).escalate, debt
    assert not assess_risk(advert, "fr", "disclose_exploitation", 0.9).escalate, advert
