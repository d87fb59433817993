"""The sample templates and what `make models` builds from them (issue 11: understand people as they talk).

Written from the issue's failure patterns, not from the held-out corpus in tests/nlu/: general words are
never a cause, no sample is a slot alone, situation-first statements and brand names reach the cause,
"does X help" reaches RemedyIntent, and every locale's model has the same shape.
"""
from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

import pytest

from skill import models
from skill.content import LOCALES
from skill.knowledge import load_knowledge

MODEL_PATHS = [models.model_path(locale) for locale in LOCALES]
SLOT_REFERENCE = re.compile(r"\{[^{}]*\}")
# What people call the complaint itself: never a cause (issue 11, "the cause slot taking a general word").
GENERAL_WORDS = {
    "leg cramps", "leg cramp", "cramps", "cramp", "my legs", "my leg", "legs", "charley horses", "charley horse",
    "muscle cramps", "night cramps", "calf cramps", "cramping", "my cramps", "nocturnal leg cramps",
}
# Each stays under the linter's O(n^2) near-duplicate pass and Alexa's 1.5 MB model limit.
MAX_SAMPLES_PER_INTENT = 300
MAX_SAMPLES_PER_MODEL = 8500
# Alexa documents no per-value synonym limit we could confirm (research: alexa-certification.md);
# this is a ceiling so a value does not become a dumping ground. Issue 11 asks for the brand, generic
# and everyday names people use, and a drug class or a family of sports runs past a hundred of them
# (medications: diuretics, statins, inhalers and nifedipine by their US, UK, Australian and Indian
# names), so the ceiling is 250, not the 60 that held when a value had a dozen names.
MAX_SYNONYMS_PER_VALUE = 250


def language_model(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))["interactionModel"]["languageModel"]


def intents_of(path: Path) -> dict[str, dict[str, Any]]:
    return {intent["name"]: intent for intent in language_model(path)["intents"]}


def forms_of(path: Path, type_name: str) -> dict[str, str]:
    """Every value and synonym of a slot type -> the id it resolves to."""
    types = {t["name"]: t for t in language_model(path)["types"]}
    return {form: value["id"] for value in types[type_name]["values"]
            for form in (value["name"]["value"], *value["name"].get("synonyms", []))}


def filled(sample: str, value: str) -> str:
    return SLOT_REFERENCE.sub(value, sample)


@pytest.mark.parametrize("path", MODEL_PATHS, ids=lambda p: p.name)
def test_no_sample_is_a_slot_alone(path: Path) -> None:
    bare = [f"{name}: {sample!r}" for name, intent in intents_of(path).items() for sample in intent.get("samples", [])
            if not SLOT_REFERENCE.sub(" ", sample).strip()]
    assert not bare


@pytest.mark.parametrize("path", MODEL_PATHS, ids=lambda p: p.name)
def test_general_words_are_never_a_cause(path: Path) -> None:
    assert not GENERAL_WORDS & set(forms_of(path, "CAUSE"))


def test_general_words_are_not_in_the_knowledge_names_of_a_cause() -> None:
    for locale in LOCALES:
        for cause in load_knowledge(locale).causes:
            assert not GENERAL_WORDS & set(cause.names), cause.id


@pytest.mark.parametrize("path", MODEL_PATHS, ids=lambda p: p.name)
def test_general_questions_have_samples_of_their_own_without_a_cause(path: Path) -> None:
    intents = intents_of(path)
    treatment = set(intents["TreatmentIntent"]["samples"])
    assert {"how are leg cramps treated", "what should i do for leg cramps"} <= treatment
    assert "what is vitamin b twelve" in intents["BTwelveRoleIntent"]["samples"]


@pytest.mark.parametrize("path", MODEL_PATHS, ids=lambda p: p.name)
def test_every_intent_is_built_from_templates(path: Path) -> None:
    files = models.read_templates(path.stem)
    skeleton = files.pop("model")
    templated = {name for data in files.values() for name, spec in data.get("intents", {}).items()
                 if spec.get("templates")}
    flags = {name for name in intents_of(path) if name.startswith("RedFlag")}
    custom = {name for name in intents_of(path) if not name.startswith("AMAZON.")}
    assert custom - flags == {name for name in templated if not name.startswith("AMAZON.")}
    assert [name for name in intents_of(path) if name.startswith("AMAZON.")] == skeleton["builtin_intents"]


@pytest.mark.parametrize("path", MODEL_PATHS, ids=lambda p: p.name)
def test_sample_counts_stay_within_the_budget(path: Path) -> None:
    counts = {name: len(intent.get("samples", [])) for name, intent in intents_of(path).items()}
    assert max(counts.values()) <= MAX_SAMPLES_PER_INTENT
    assert sum(counts.values()) <= MAX_SAMPLES_PER_MODEL


@pytest.mark.parametrize("path", MODEL_PATHS, ids=lambda p: p.name)
def test_slot_values_keep_their_synonyms_in_bounds(path: Path) -> None:
    for slot_type in language_model(path)["types"]:
        for value in slot_type["values"]:
            assert len(value["name"].get("synonyms", [])) <= MAX_SYNONYMS_PER_VALUE, value["id"]


def test_every_locale_model_has_the_same_intents_slots_and_slot_ids() -> None:
    def shape(path: Path) -> Any:
        language = language_model(path)
        return (
            language["invocationName"],
            [(i["name"], [(s["name"], s["type"]) for s in i.get("slots", [])]) for i in language["intents"]],
            {t["name"]: [v["id"] for v in t["values"]] for t in language["types"]},
        )

    shapes = {path.stem: shape(path) for path in MODEL_PATHS}
    first = shapes[models.model_path(LOCALES[0]).stem]
    assert all(other == first for other in shapes.values()), sorted(shapes)


@pytest.mark.parametrize("name, cause_id", [
    ("water pill", "medications"), ("water pills", "medications"), ("furosemide", "medications"),
    ("lasix", "medications"), ("hydrochlorothiazide", "medications"), ("lipitor", "medications"),
    ("crestor", "medications"), ("simvastatin", "medications"), ("atorvastatin", "medications"),
    ("prilosec", "b12_deficiency"), ("omeprazole", "b12_deficiency"), ("nexium", "b12_deficiency"),
    ("low thyroid", "underlying_conditions"), ("neuropathy", "underlying_conditions"),
    ("not enough calcium", "electrolyte_imbalance"), ("desk job", "long_standing_sitting"),
    ("standing job", "long_standing_sitting"), ("soccer", "overexertion"), ("football", "overexertion"),
    ("running", "overexertion"), ("yard work", "overexertion"), ("gardening", "overexertion"),
    ("pregnant", "pregnancy"), ("expecting", "pregnancy"), ("in my eighties", "ageing"), ("seventy", "ageing"),
])
def test_everyday_and_brand_names_reach_their_cause(name: str, cause_id: str) -> None:
    for path in MODEL_PATHS:
        assert forms_of(path, "CAUSE").get(name) == cause_id


@pytest.mark.parametrize("path", MODEL_PATHS, ids=lambda p: p.name)
def test_situation_first_statements_carry_the_cause(path: Path) -> None:
    samples = intents_of(path)["CauseIntent"]["samples"]
    for opening in ("since ", "i'm {cause}", "i have {cause}", "i take {cause}", "i {cause}"):
        assert any(s.startswith(opening) and "{cause}" in s for s in samples), opening
    assert any(re.match(r"(after|during|whenever i go|every time i go)( a day of| a lot of)? \{cause\} ", s)
               for s in samples)


@pytest.mark.parametrize("path", MODEL_PATHS, ids=lambda p: p.name)
def test_no_cramp_statement_ends_in_an_open_cause(path: Path) -> None:
    """"my legs cramp after {cause}" would hear any story told after the cramps ("... after i fell and
    the pain keeps getting worse") as a cause, where a warning sign is meant."""
    samples = intents_of(path)["CauseIntent"]["samples"]
    assert not [s for s in samples if re.match(r"(my (legs|calves)|i) .*cramp\w* (after|during|when) \{cause\}$", s)]


@pytest.mark.parametrize("path", MODEL_PATHS, ids=lambda p: p.name)
def test_remedy_questions_have_their_own_intent_and_slot_type_from_the_data(path: Path) -> None:
    remedy = intents_of(path)["RemedyIntent"]
    assert remedy["slots"] == [{"name": "remedy", "type": "REMEDY"}]
    kb = load_knowledge(path.stem)
    expected = {topic.id for topic in kb.topics if topic.remedy}
    assert {"quinine", "magnesium"} <= expected
    assert set(forms_of(path, "REMEDY").values()) == expected
    openings = {" ".join(s.split()[:1]) for s in remedy["samples"]}
    assert {"does", "will", "should", "would", "is", "can"} <= openings


@pytest.mark.parametrize("path", MODEL_PATHS, ids=lambda p: p.name)
def test_telling_restless_legs_from_cramps_is_not_a_comparison_of_causes(path: Path) -> None:
    intents = intents_of(path)
    compare = intents["CompareCausesIntent"]["samples"]
    assert not [s for s in compare if re.search(r"\btell \{cause_a\} from\b", s)]
    assert any(s.startswith("is it {cause_a} or") or s.startswith("is it my {cause_a} or") for s in compare)
    restless = intents["RestlessLegsIntent"]["samples"]
    assert any(re.search(r"\btell (restless legs|restless leg syndrome) from\b", s) for s in restless)


def test_a_slot_list_is_said_as_a_slot_reference() -> None:
    from hassil import parse_sentence

    expression = parse_sentence("(can|could) {cause} cause cramps").expression
    said = models._say(expression, {}, random.Random(0))
    assert said in {"can {cause} cause cramps", "could {cause} cause cramps"}


def test_a_rule_overridden_by_a_locale_layer_changes_its_samples() -> None:
    from hassil import parse_sentence

    template = ["when should i see a <doctor>"]
    general = models.expand_intent("X", template, {"doctor": parse_sentence("(doctor|nurse)")}, 10, {})
    local = models.expand_intent("X", template, {"doctor": parse_sentence("(doctor|gp|surgery)")}, 10, {})
    assert sorted(general) == ["when should i see a doctor", "when should i see a nurse"]
    assert sorted(local) == ["when should i see a doctor", "when should i see a gp", "when should i see a surgery"]


def test_a_sample_another_intent_already_has_is_not_repeated() -> None:
    taken: dict[str, str] = {}
    first = models.expand_intent("A", ["how are you", "what is {cause}"], {}, 10, taken)
    second = models.expand_intent("B", ["how are you", "what is {topic}", "who are you"], {}, 10, taken)
    assert first == ["how are you", "what is {cause}"]
    assert second == ["who are you"]


@pytest.mark.parametrize("path", MODEL_PATHS, ids=lambda p: p.name)
def test_the_store_example_phrases_are_samples(path: Path) -> None:
    intents = intents_of(path)
    assert "what causes leg cramps" in intents["CausesOverviewIntent"]["samples"]
    assert "what helps during a cramp" in intents["DuringCrampIntent"]["samples"]


def test_a_slot_sample_that_says_another_intents_sample_is_skipped() -> None:
    guard = models.SlotClashGuard()
    forms = {"cause": ["b twelve shots", "statins"]}
    plain = models.expand_intent("Shots", ["can b twelve shots cause cramps"], {}, 10, {}, guard, {})
    slotted = models.expand_intent("Cause", ["can {cause} cause cramps", "do {cause} cause cramps"], {}, 10,
                                   {}, guard, forms)
    assert plain == ["can b twelve shots cause cramps"]
    assert slotted == ["do {cause} cause cramps"]


def test_a_plain_sample_a_slot_sample_already_says_is_skipped_even_with_two_places() -> None:
    """The other order, and two slot places: "is it {a} or {b}" filled with known values is said."""
    guard = models.SlotClashGuard()
    forms = {"a": ["statins", "b twelve shots"], "b": ["sitting", "low b twelve"]}
    slotted = models.expand_intent("Compare", ["is it {a} or {b}", "{a} {b} cramps"], {}, 10, {}, guard, forms)
    plain = models.expand_intent("Other", ["is it b twelve shots or low b twelve", "is it moon dust or sitting",
                                           "statins low b twelve cramps"], {}, 10, {}, guard, {})
    assert slotted == ["is it {a} or {b}", "{a} {b} cramps"]
    assert plain == ["is it moon dust or sitting"]
