"""Fixtures and a tiny driver shared by the checklist tests (domain only: no Alexa)."""
from __future__ import annotations

import itertools
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from skill.checklist import Answer, Checklist, Level, Outcome, Question, State, load_checklist
from skill.checklist.rules import RULES_PATH

E, SD, CS, AP, SC = Level.EMERGENCY, Level.URGENT_TODAY, Level.CONTACT_SOON, Level.APPOINTMENT, Level.SELF_CARE

# The safety contract from shared/research/medical-facts.md ("Red flags and referral levels" and "A starting
# point for the spoken checklist", revised 2026-11-30), written out here rather than read from the data, so
# a data edit that weakens a warning sign fails the tests. Question id -> the level a "yes" reaches alone.
EXPECTED_YES_LEVEL = {
    "chest": E,          # chest pain, breathing trouble, fainting, coughing up blood
    "stroke": E,         # sudden stroke signs
    "cold_leg": E,       # a leg or foot suddenly cold, pale or numb
    "severe_pain": E,    # severe worsening pain after an injury; back pain with numbness around the bottom
    "heartbeat": SD,     # a racing or fluttering heartbeat on its own
    "leg_clot": SD,      # one leg swollen, warm, red, painful
    "dark_urine": SD,    # dark pee with muscle pain
    "fluid_loss": SD,    # heavy vomiting, diarrhoea, sweating, cramps in the heat
    "wound": SD,         # a wound with no muscle symptoms
    "medicine": CS,      # cramps after a new medicine
    "pregnancy": AP,     # cramps in pregnancy: mention at the antenatal check
    "leg_pain": AP,      # calf pain on walking that eases with rest
    "nerve_signs": AP,   # gradual tingling, numbness, balance trouble
    "b12_risk": SC,      # a risk factor alone changes nothing
    "frequent": AP,      # frequent or night cramps
}
# Follow-up id -> (its question, the level its "yes" reaches).
EXPECTED_FOLLOW_LEVEL = {
    "heartbeat_dizzy": ("heartbeat", E),  # racing heartbeat with dizziness or fainting
    "little_pee": ("dark_urine", E),      # dark pee with little or no pee
    "fluid_danger": ("fluid_loss", E),    # no pee all day, confusion, dizziness that does not pass, heatstroke
    "wound_spasms": ("wound", E),         # a stiff jaw or painful spasms after a wound: tetanus
    "medicine_urgent": ("medicine", SD),  # first days of B12 injections for anaemia, or lead or mercury
    "pre_eclampsia": ("pregnancy", SD),   # sudden swelling with headache or vision problems
    "rest_pain": ("leg_pain", SD),        # leg pain at rest that eases when the leg hangs down
    "long_cramp": ("frequent", SD),       # a cramp over ten minutes that stretching does not ease
}
EMERGENCY_QUESTIONS = ("chest", "stroke", "cold_leg", "severe_pain")
# Red flags said at any time -> the level the research gives them.
EXPECTED_RED_FLAGS = {
    "chest": E, "stroke": E, "cold_leg": E, "injury_pain": E, "back_numbness": E, "tetanus": E,
    "little_pee": E, "heatstroke": E, "heart_dizzy": E, "injection_heartbeat": E,
    "leg_clot": SD, "long_cramp": SD, "dark_urine": SD, "fluid_loss": SD, "injection_cramps": SD,
    "racing_heart": SD, "dirty_wound": SD, "toxic": SD, "pre_eclampsia": SD, "rest_pain": SD,
}
RAW_RULES: dict[str, Any] = tomllib.loads(RULES_PATH.read_text(encoding="utf-8"))
QUESTION_IDS: tuple[str, ...] = tuple(q["id"] for q in RAW_RULES["questions"])
# What "no" to everything asks, in order (b12_risk is only asked after a nerve sign).
ALL_NO_ORDER = ("chest", "stroke", "cold_leg", "severe_pain", "heartbeat", "leg_clot", "dark_urine", "fluid_loss",
                "wound", "medicine", "pregnancy", "leg_pain", "nerve_signs", "frequent")
ANSWER_ORDER = (Answer.NO, Answer.UNSURE, Answer.YES)  # least to most worrying
# Each question asks at most three prompts (question, clarifying question, follow-up).
MAX_PROMPTS = 3 * len(QUESTION_IDS)


@pytest.fixture(scope="session")
def checklist() -> Checklist:
    return load_checklist("en-US")


@dataclass(frozen=True)
class Run:
    """One walk through the checklist, answering every prompt it asks."""

    outcome: Outcome
    asked: tuple[str, ...]  # prompt ids: "leg_clot", "chest.clarify", "wound.follow"
    questions: tuple[Question, ...]
    states: tuple[State, ...]


def run(checklist: Checklist, reply: Callable[[str], Answer] | dict[str, Answer],
        start: tuple[State, Question | Outcome] | None = None) -> Run:
    """Answer each prompt from ``reply`` (a function of the prompt id, or a dict with "no" as default)
    until the checklist gives an outcome."""
    answer_for = reply if callable(reply) else (lambda prompt_id: reply.get(prompt_id, Answer.NO))
    state, step = start or checklist.start()
    states, questions = [state], []
    for _ in range(MAX_PROMPTS + 1):
        if not isinstance(step, Question):
            break
        questions.append(step)
        state, step = checklist.answer(state, answer_for(step.id))
        states.append(state)
    assert isinstance(step, Outcome), "the checklist must end within three prompts per question"
    return Run(step, tuple(q.id for q in questions), tuple(questions), tuple(states))


def answer_sequences(max_length: int) -> Iterator[tuple[Answer, ...]]:
    """Every sequence of answers up to ``max_length`` long (the empty one included)."""
    for length in range(max_length + 1):
        yield from itertools.product(ANSWER_ORDER, repeat=length)
