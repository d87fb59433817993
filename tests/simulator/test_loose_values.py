"""Slot values said in other word forms (issue 11: the simulator tolerates how people really say a value)."""
from __future__ import annotations

import pytest

from skill.simulator.loose_values import LooseValues

FUNCTION_WORDS = ["a", "an", "the", "my", "i", "i'm", "at", "on", "for", "and", "of", "to", "be"]
FORMS = ["sitting at a desk", "twelve hour shifts", "taking metformin", "pernicious anaemia", "b twelve",
         "standing all day", "water pills", "a mum to be", "dehydration"]


@pytest.fixture(scope="module")
def values() -> LooseValues:
    return LooseValues(FORMS, FUNCTION_WORDS)


@pytest.mark.parametrize("said,form", [
    ("i sit at my desk all day", "sitting at a desk"),
    ("i'm on my feet twelve hours a shift", "twelve hour shifts"),
    ("i take metformin every morning", "taking metformin"),
    ("i stand all day at work", "standing all day"),
    ("i think i'm dehydrated", "dehydration"),  # a one-word name in another form
])
def test_a_value_said_in_other_word_forms_is_found(values: LooseValues, said: str, form: str) -> None:
    found = values.find(said.split())
    assert found is not None and found.form == form


@pytest.mark.parametrize("said", [
    "my desk is a mess and i keep sitting on the floor",  # "sitting" and "desk" too far apart
    "i stand up and my calf cramps",  # only part of "standing all day"
    "what is twelve times eight",  # "b twelve" needs its "b"
    "my mum gets cramps at night",  # "a mum to be" is a pregnancy, not any mum
])
def test_part_of_a_value_or_words_far_apart_are_no_value(values: LooseValues, said: str) -> None:
    assert values.find(said.split()) is None


def test_the_value_with_most_content_words_wins_and_positions_taken_are_skipped(values: LooseValues) -> None:
    words = "i take metformin and water pills".split()
    found = values.find(words)
    assert found is not None and (found.form, found.start, found.end) in {("taking metformin", 1, 2), ("water pills", 4, 5)}
    other = values.find(words, range(found.start, found.end + 1))
    assert other is not None and other.form != found.form
