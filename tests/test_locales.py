"""The five English locales (issue 14): each names its own emergency number and health services, in its own spelling.

Expectations are written from issue 14 and shared/research/locales.md, not read back from the content files:
whole conversations go through ``skill.app.lambda_handler`` with real request envelopes in each locale.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from skill.content import LOCALES, load_locale
from skill.dialogue.replies import load_prompts
from tests.alexa import Conversation, slot

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Expected:
    spoken: str  # the emergency number as people say it
    written: str  # as a card writes it
    services: tuple[str, ...]  # what the "get help today" outcome must name, in speech (spoken forms)
    written_services: tuple[str, ...]  # the same on the card
    family_doctor: str  # how "contact your ... soon" names the family doctor
    british: bool  # anaemia, diarrhoea (else anemia, diarrhea)
    also: str | None = None  # said with the emergency number (India: the ambulance)
    also_written: str | None = None
    country: str = ""


EXPECTED = {
    "en-US": Expected("nine one one", "911", ("urgent care", "emergency room", "doctor"),
                      ("urgent care", "emergency room"), "doctor", british=False, country="US"),
    "en-CA": Expected("nine one one", "911", ("eight one one where it's available", "family doctor",
                                              "emergency department"),
                      ("811 where it's available", "family doctor", "emergency department"), "family doctor",
                      british=False, country="CA"),
    "en-GB": Expected("nine nine nine", "999", ("one one one", "GP", "A and E"), ("111", "GP"), "GP", british=True,
                      country="GB"),
    "en-AU": Expected("triple zero", "000", ("GP", "nurse advice line", "emergency department"),
                      ("GP", "nurse advice line"), "GP", british=True, country="AU"),
    "en-IN": Expected("one one two", "112", ("doctor", "emergency", "one oh eight for an ambulance"),
                      ("108 for an ambulance",), "doctor", british=True, also="one oh eight for an ambulance",
                      also_written="108 for an ambulance", country="IN"),
}
NORTH_AMERICA = {"en-US", "en-CA"}
US_NUMBER = re.compile(r"\b(911|nine one one)\b", re.IGNORECASE)
URGENT_CARE = re.compile(r"\burgent care\b", re.IGNORECASE)
US_SPELLING = re.compile(r"\b(anemia|diarrhea|colored|celiac|fibers|water pills?)\b", re.IGNORECASE)
BRITISH_MEDICAL = re.compile(r"\b(anaemia|diarrhoea|coeliac|water tablets?)\b", re.IGNORECASE)
ORDER_TO_LEG_CLOT = 5  # chest, stroke, cold leg, severe pain, heartbeat; then the swollen painful leg (same day)


def test_the_skill_serves_the_five_english_locales() -> None:
    assert set(LOCALES) == set(EXPECTED)


@pytest.mark.parametrize("locale", sorted(EXPECTED))
def test_locale_facts_match_the_research(locale: str) -> None:
    place, want = load_locale(locale), EXPECTED[locale]
    assert (place.emergency_spoken, place.emergency_written) == (want.spoken, want.written)
    assert place.family_doctor == want.family_doctor
    assert place.sources, "every locale fact is checked against a source"
    if locale == "en-GB":
        assert place.urgent is not None and "111" in place.urgent.written and "GP" in place.urgent.written
        assert "112" in place.also_works
    if locale == "en-CA":
        assert place.urgent is not None and place.urgent.written.startswith("811 where it's available")
    if locale in {"en-US", "en-IN", "en-AU"}:
        assert place.urgent is None  # no national line to name (the AU one changed; US 811 is not health)
    if locale == "en-IN":
        assert place.ambulance is not None and (place.ambulance.spoken, place.ambulance.written) == ("one oh eight", "108")


@pytest.mark.parametrize("locale", sorted(EXPECTED))
def test_a_red_flag_names_the_local_number_and_ends_the_session(locale: str) -> None:
    want = EXPECTED[locale]
    turn = Conversation(locale).say("RedFlagChestIntent")
    assert f"call {want.spoken} now" in turn.speech.lower()
    assert want.written not in turn.speech, "speech says numbers in words"
    assert turn.ends is True
    assert want.written in turn.card["title"] and want.written in turn.card["content"]
    if want.also:
        assert want.also in turn.speech and want.also_written in turn.card["content"]


@pytest.mark.parametrize("locale", sorted(EXPECTED))
def test_the_checklist_outcome_names_the_local_services(locale: str) -> None:
    want = EXPECTED[locale]
    talk = Conversation(locale)
    talk.say("CheckSymptomsIntent")
    for _ in range(ORDER_TO_LEG_CLOT):
        talk.say("AMAZON.NoIntent")
    turn = talk.say("AMAZON.YesIntent")  # one leg swollen, warm and painful: medical help today
    for _ in range(20):
        if talk.attributes.get("checklist", {}).get("at") == "done":
            break
        turn = talk.say("AMAZON.NoIntent")
    assert talk.attributes.get("checklist", {}).get("at") == "done"
    assert "medical help today" in turn.speech
    for service in want.services:
        assert service in turn.speech, (service, turn.speech)
    for service in want.written_services:
        assert service in turn.card["content"], (service, turn.card)
    assert f"call {want.spoken}" in turn.speech and f"call {want.written}" in turn.card["content"]


@pytest.mark.parametrize("locale", sorted(EXPECTED))
def test_contact_your_doctor_soon_names_the_family_doctor(locale: str) -> None:
    want = EXPECTED[locale]
    talk = Conversation(locale)
    turn = talk.say("CheckSymptomsIntent")
    for _ in range(30):
        if talk.attributes.get("checklist", {}).get("at") == "done":
            break
        # yes only to the new medicine question: a doctor within days
        turn = talk.say("AMAZON.YesIntent" if "new medicine" in turn.speech else "AMAZON.NoIntent")
    assert f"contact your {want.family_doctor} or care team" in turn.speech
    assert f"Contact your {want.family_doctor} soon" in turn.card["title"]


@pytest.mark.parametrize("locale", sorted(EXPECTED))
def test_the_fallback_safety_line_names_the_local_number(locale: str) -> None:
    want = EXPECTED[locale]
    turn = Conversation(locale).say("AMAZON.FallbackIntent")
    assert f"If this could be an emergency, call {want.spoken}" in turn.speech
    if want.also:
        assert want.also in turn.speech
    assert turn.ends is False


@pytest.mark.parametrize("locale", sorted(EXPECTED))
def test_cards_carry_the_written_number(locale: str) -> None:
    want = EXPECTED[locale]
    help_card = Conversation(locale).launch().card
    assert f"call {want.written}" in help_card["content"]
    answer = Conversation(locale).say("CausesOverviewIntent").card
    assert f"call {want.written}" in answer["content"]
    assert want.spoken not in help_card["content"] + answer["content"]


def _conversation_texts(locale: str) -> list[str]:
    """Speech and cards of a handful of whole conversations in one locale."""
    turns = [Conversation(locale).launch(), Conversation(locale).say("RedFlagChestIntent"),
             Conversation(locale).say("RedFlagLegClotIntent"), Conversation(locale).say("AMAZON.FallbackIntent"),
             Conversation(locale).say("SeeDoctorIntent"), Conversation(locale).say("TopicIntent",
                                                                                   slot("topic", "quinine", "quinine"))]
    talk = Conversation(locale)
    turn = talk.say("CheckSymptomsIntent")
    turns.append(turn)
    for _ in range(30):
        if talk.attributes.get("checklist", {}).get("at") == "done":
            break
        turn = talk.say("AMAZON.NoIntent")
        turns.append(turn)
    texts = []
    for turn in turns:
        texts += [turn.speech, turn.reprompt, turn.card.get("title", ""), turn.card.get("content", "")]
    return texts


@pytest.mark.parametrize("locale", sorted(EXPECTED))
def test_nothing_us_specific_is_said_in_another_locale(locale: str) -> None:
    said = "\n".join(_conversation_texts(locale))
    if locale not in NORTH_AMERICA:
        assert not US_NUMBER.search(said), US_NUMBER.search(said)
    if locale != "en-US":
        assert not URGENT_CARE.search(said)
        # the FDA is cited, never spoken of as if it were the listener's own regulator
        assert "The US Food and Drug Administration warns" not in said
        assert "Medicines regulators, such as the US Food and Drug Administration, warn" in said


def _every_text(locale: str) -> str:
    """Every phrase a locale can say or show, from each loader (prompts, checklist, knowledge)."""
    from skill.checklist.rules import load_rules
    from skill.checklist.text import load_texts
    from skill.knowledge import load_knowledge

    texts = [text for phrasings in load_prompts(locale).phrasings.values() for text in phrasings]
    words = load_texts(locale, load_rules())
    for key, value in words.values.items():
        if isinstance(value, str):
            texts += [value, words.write(key, **_blank(value)), words.say(key, **_blank(value))]
        else:
            texts += list(value)
    knowledge = load_knowledge(locale)
    for entry in (*knowledge.causes, *knowledge.topics):
        answers = [entry.answer] + ([entry.treatment] if hasattr(entry, "treatment") else [])
        texts += [entry.title, *(text for a in answers for text in (a.short, a.card, *a.more))]
    texts += [source.spoken for source in knowledge.sources.values()]
    return "\n".join(texts)


def _blank(template: str) -> dict[str, str]:
    """Values for the checklist's own fields ({count}, {topics}...), so the locale's facts get filled."""
    own = set(re.findall(r"\{([a-z_]+)\}", template)) - {"emergency_number", "ambulance_number", "urgent_service",
                                                          "family_doctor", "emergency_department"}
    return {name: "x" for name in own}


@pytest.mark.parametrize("locale", sorted(EXPECTED))
def test_no_text_of_a_locale_holds_another_countrys_number_or_services(locale: str) -> None:
    text = _every_text(locale)
    if locale not in NORTH_AMERICA:
        assert not US_NUMBER.search(text), US_NUMBER.search(text)
    if locale != "en-US":
        assert not URGENT_CARE.search(text), URGENT_CARE.search(text)
    for other, want in EXPECTED.items():
        if want.written != EXPECTED[locale].written:
            assert not re.search(rf"\b({want.written}|{want.spoken})\b", text, re.IGNORECASE), (locale, other)


@pytest.mark.parametrize("locale", sorted(EXPECTED))
def test_spelling_follows_the_locale(locale: str) -> None:
    want = EXPECTED[locale]
    text = _every_text(locale)
    if want.british:
        assert not US_SPELLING.search(text), US_SPELLING.search(text)
    else:  # US and Canada: anemia, diarrhea (Canada keeps colour and centre)
        assert not BRITISH_MEDICAL.search(text), BRITISH_MEDICAL.search(text)
    anaemia = "anaemia" if want.british else "anemia"
    lifelong = Conversation(locale).say("TopicIntent", slot("topic", "pernicious anaemia", "b12_lifelong"))
    assert f"pernicious {anaemia}" in lifelong.speech and f"pernicious {anaemia}" in lifelong.card["content"]
    talk = Conversation(locale)
    turn = talk.say("CheckSymptomsIntent")
    for _ in range(7):  # up to the question about losing fluid
        turn = talk.say("AMAZON.NoIntent")
    assert ("diarrhoea" if want.british else "diarrhea") in turn.speech


def test_a_locale_the_skill_does_not_serve_has_a_refusal_that_names_no_number() -> None:
    refusal = load_prompts("en").say("locale.unsupported")
    assert "isn't available in your country or language" in refusal
    assert "If this could be an emergency, call your local emergency number." in refusal
    assert not re.search(r"\d", refusal)
    for want in EXPECTED.values():
        assert want.spoken not in refusal


@pytest.mark.parametrize("locale", ["de-DE", "en-NZ", "fr-CA", "xx"])
@pytest.mark.parametrize("said", [("LaunchRequest",), ("RedFlagChestIntent",), ("CheckSymptomsIntent",),
                                  ("AMAZON.HelpIntent",)])
def test_a_locale_the_skill_does_not_serve_is_refused_politely_whatever_is_said(locale: str, said: tuple) -> None:
    """Issue 14: refused in English, naming no number the skill cannot vouch for, never answered with
    another country's number; the session ends and carries nothing."""
    talk = Conversation(locale)
    turn = talk.launch() if said[0] == "LaunchRequest" else talk.say(said[0])
    assert turn.speech == load_prompts("en").say("locale.unsupported")
    assert turn.ends is True and not turn.attributes and not turn.reprompt
    assert not re.search(r"\d|nine one one|nine nine nine|triple zero|one one two", turn.speech)


def _manifest() -> dict:
    return json.loads((ROOT / "skill-package" / "skill.json").read_text(encoding="utf-8"))["manifest"]


@pytest.mark.parametrize("locale", sorted(EXPECTED))
def test_the_store_listing_of_each_locale_names_its_own_number(locale: str) -> None:
    want = EXPECTED[locale]
    listing = _manifest()["publishingInformation"]["locales"][locale]
    description = listing["description"]
    assert f"In an emergency, call {want.written}" in description or \
        (locale == "en-AU" and "call triple zero (000)" in description)
    for other in EXPECTED.values():
        if other.written != want.written:
            assert not re.search(rf"\b{other.written}\b", description), (locale, other.written)
    if locale not in NORTH_AMERICA:
        assert "charley horse" not in json.dumps(listing)
    assert locale in _manifest()["privacyAndCompliance"]["locales"]


def test_the_skill_is_distributed_in_the_five_markets() -> None:
    countries = set(_manifest()["publishingInformation"]["distributionCountries"])
    assert countries == {want.country for want in EXPECTED.values()}


@pytest.mark.parametrize("locale", sorted(EXPECTED))
def test_each_locales_example_phrases_match_its_own_model(locale: str) -> None:
    from skill.lint.documents import Document, parse_model, read_document
    from skill.lint.manifest import example_phrase_problem
    from skill.lint.rulebook import load_rulebook

    rulebook = load_rulebook()
    document = read_document(ROOT / "interaction_models" / f"{locale}.json", f"interaction_models/{locale}.json")
    assert isinstance(document, Document)
    model, _ = parse_model(document)
    assert model.locale == locale
    for phrase in _manifest()["publishingInformation"]["locales"][locale]["examplePhrases"]:
        assert example_phrase_problem(phrase, model, rulebook.language(locale)) is None, phrase
