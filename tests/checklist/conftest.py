"""Fixtures and a tiny driver shared by the checklist tests (domain only: no Alexa)."""
from __future__ import annotations

import itertools
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from skill.checklist import Answer, Checklist, Level, Outcome, Question, State, load_checklist
from skill.checklist.rules import RULES_PATH

# The safety contract from shared/research/medical-facts.md ("Red flags and referral levels"), written
# out here rather than read from the data, so a data edit that weakens a red flag fails the tests.
EXPECTED_YES_LEVEL = {
    "chest_heart": Level.EMERGENCY,
    "leg_clot": Level.URGENT_TODAY,
    "long_cramp": Level.URGENT_TODAY,
    "fluid_loss": Level.URGENT_TODAY,
    "after_medicine": Level.CONTACT_SOON,
    "nerve_signs": Level.APPOINTMENT,
    "b12_risk": Level.SELF_CARE,
    "frequent": Level.APPOINTMENT,
}
RED_FLAG_QUESTIONS = ("chest_heart", "leg_clot", "long_cramp", "fluid_loss")
EXPECTED_RED_FLAGS = {
    "emergency_symptoms": Level.EMERGENCY,
    "leg_clot_signs": Level.URGENT_TODAY,
    "long_cramp": Level.URGENT_TODAY,
    "fluid_loss": Level.URGENT_TODAY,
    "sudden_weakness": Level.URGENT_TODAY,
}
RAW_RULES: dict[str, Any] = tomllib.loads(RULES_PATH.read_text(encoding="utf-8"))
QUESTION_IDS: tuple[str, ...] = tuple(q["id"] for q in RAW_RULES["questions"])
ANSWER_ORDER = (Answer.NO, Answer.UNSURE, Answer.YES)  # least to most worrying


@pytest.fixture(scope="session")
def checklist() -> Checklist:
    return load_checklist("en-US")


@dataclass(frozen=True)
class Run:
    """One walk through the checklist with a fixed answer for every question."""

    outcome: Outcome
    asked: tuple[str, ...]
    questions: tuple[Question, ...]
    states: tuple[State, ...]


def run(checklist: Checklist, answers: dict[str, Answer]) -> Run:
    """Answer each question the machine asks from ``answers`` until it gives an outcome."""
    state, step = checklist.start()
    states, questions = [state], []
    for _ in range(len(QUESTION_IDS) + 1):
        if not isinstance(step, Question):
            break
        questions.append(step)
        state, step = checklist.answer(state, answers[step.id])
        states.append(state)
    assert isinstance(step, Outcome), "the checklist must end within one answer per question"
    return Run(step, tuple(q.id for q in questions), tuple(questions), tuple(states))


def all_assignments() -> Iterator[dict[str, Answer]]:
    """Every combination of yes / no / not sure over every question (3 ** questions of them)."""
    for combo in itertools.product(ANSWER_ORDER, repeat=len(QUESTION_IDS)):
        yield dict(zip(QUESTION_IDS, combo))


def key(assignment: dict[str, Answer]) -> tuple[Answer, ...]:
    return tuple(assignment[qid] for qid in QUESTION_IDS)
