"""Example phrases are matched the way users say them: wake word, launch phrase, invocation name,
then a request that must fit a sample utterance with its slots filled by listed values."""
from __future__ import annotations

from pathlib import Path

import pytest

from skill.lint.documents import Model, parse_model, read_document
from skill.lint.manifest import example_phrase_problem
from skill.lint.rulebook import LanguageRules, load_rulebook

MODEL_FILE = Path(__file__).parent / "cases" / "manifest-unchecked" / "pass" / "en-US.json"


@pytest.fixture(scope="module")
def model() -> Model:
    document = read_document(MODEL_FILE, MODEL_FILE.name)
    assert not isinstance(document, Exception)
    parsed, problems = parse_model(document)
    assert problems == []
    return parsed


@pytest.fixture(scope="module")
def english() -> LanguageRules:
    rules = load_rulebook().language("en-US")
    assert rules is not None
    return rules


@pytest.mark.parametrize("phrase", [
    "Alexa, open cramp helper",
    "Alexa, cramp helper.",
    "Alexa, talk to cramp helper",
    "Alexa, ask cramp helper what causes cramps",
    "Alexa, ask cramp helper: what causes cramps?",
    "Alexa, please ask cramp helper why do i get cramps",
    "Alexa, tell cramp helper to list the causes",
    "Alexa, open cramp helper and list the causes",
    "Alexa, list the causes using cramp helper",
    "Alexa, ask cramp helper what about vitamin b twelve",
    "Alexa, ask cramp helper can not drinking enough cause cramps",
    "Can dehydration cause cramps?",
    "What about B twelve",
])
def test_phrases_users_can_say_match(phrase: str, model: Model, english: LanguageRules) -> None:
    assert example_phrase_problem(phrase, model, english) is None


@pytest.mark.parametrize(("phrase", "reason"), [
    ("Alexa, ask cramp helper what causes headaches", "matches no sample utterance"),
    ("Alexa, ask cramp helper can coffee cause cramps", "matches no sample utterance"),  # not a listed value
    ("Alexa, ask leg helper what causes cramps", "does not say the invocation name 'cramp helper'"),
    ("Alexa, what causes cramps", "does not say the invocation name"),
    ("what causes cramps at night", "matches no sample utterance"),
    ("can b12 cause cramps", "matches no sample utterance"),  # digits never match spelled-out samples
])
def test_phrases_that_would_not_reach_the_skill_say_why(phrase: str, reason: str, model: Model,
                                                        english: LanguageRules) -> None:
    problem = example_phrase_problem(phrase, model, english)
    assert problem is not None and reason in problem
