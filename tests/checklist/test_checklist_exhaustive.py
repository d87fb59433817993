"""Every combination of yes / no / not sure over all questions, run through the state machine.

The expected level comes from an oracle that reads rules.toml directly and never stops early, so these
tests also prove that stopping at the first urgent answer never hides a higher level.
"""
from __future__ import annotations

import json
import re
from typing import Any

import pytest

from skill.checklist import Answer, Checklist, Level, Outcome
from skill.checklist.rules import load_rules
from skill.checklist.text import load_texts
from tests.checklist.conftest import (
    ANSWER_ORDER,
    EXPECTED_YES_LEVEL,
    QUESTION_IDS,
    RAW_RULES,
    RED_FLAG_QUESTIONS,
    Run,
    all_assignments,
    key,
    run,
)

STOP_AT = Level.from_id(RAW_RULES["stop_at"])
B12_SIGNS = set(RAW_RULES["b12_test"]["signs"])
B12_RISKS = set(RAW_RULES["b12_test"]["risks"])
SPOKEN_REASONS = RAW_RULES["spoken_reasons"]
# The project's one-breath limit for a spoken answer (docs/content.md: `short` at most 300 characters).
ONE_BREATH = 300


def raw_level(question: dict[str, Any], answer: Answer) -> Level:
    if answer is Answer.NO:
        return Level.SELF_CARE
    return Level.from_id(question["yes" if answer is Answer.YES else "unsure"])


def oracle_level(assignment: dict[str, Answer]) -> Level:
    """The highest level over every question that would be asked, without ever stopping early."""
    positives: set[str] = set()
    level = Level.SELF_CARE
    for question in RAW_RULES["questions"]:
        condition = set(question.get("ask_if_any", []))
        if condition and not condition & positives:
            continue
        answer = assignment[question["id"]]
        level = max(level, raw_level(question, answer))
        if answer is not Answer.NO:
            positives.add(question["id"])
    return level


@pytest.fixture(scope="module")
def runs(checklist: Checklist) -> dict[tuple[Answer, ...], tuple[dict[str, Answer], Run]]:
    return {key(assignment): (assignment, run(checklist, assignment)) for assignment in all_assignments()}


@pytest.fixture(scope="module")
def topics() -> dict[str, str]:
    texts = load_texts(("en", "en-US"), load_rules())
    return {qid: texts.say(f"questions.{qid}.topic") for qid in QUESTION_IDS}


def test_every_combination_is_covered(runs: dict[tuple[Answer, ...], Any]) -> None:
    assert len(QUESTION_IDS) == 8
    assert len(runs) == 3 ** 8 == 6561


def test_each_run_ends_in_exactly_one_level_matching_the_oracle(runs: dict[tuple[Answer, ...], Any]) -> None:
    for assignment, result in runs.values():
        assert isinstance(result.outcome, Outcome)
        assert result.outcome.level in Level
        assert result.outcome.level == oracle_level(assignment), assignment
        assert result.states[-1].finished
        assert not any(state.finished for state in result.states[:-1])


def test_single_yes_gives_the_level_in_medical_facts(checklist: Checklist) -> None:
    for qid, expected in EXPECTED_YES_LEVEL.items():
        answers = {q: Answer.NO for q in QUESTION_IDS} | {qid: Answer.YES}
        assert run(checklist, answers).outcome.level == expected, qid


def test_any_red_flag_yes_dominates(runs: dict[tuple[Answer, ...], Any]) -> None:
    for assignment, result in runs.values():
        level = result.outcome.level
        if assignment["chest_heart"] is Answer.YES:
            assert level == Level.EMERGENCY
        elif any(assignment[qid] is Answer.YES for qid in RED_FLAG_QUESTIONS):
            assert level == Level.URGENT_TODAY, assignment


def test_the_checklist_stops_at_the_first_urgent_answer(runs: dict[tuple[Answer, ...], Any]) -> None:
    questions = {q["id"]: q for q in RAW_RULES["questions"]}
    for assignment, result in runs.values():
        urgent = [qid for qid in result.asked if raw_level(questions[qid], assignment[qid]) >= STOP_AT]
        if urgent:
            assert urgent == [result.asked[-1]], "nothing is asked after an urgent answer"
            assert result.outcome.level == raw_level(questions[urgent[0]], assignment[urgent[0]])
        else:
            expected = [q["id"] for q in RAW_RULES["questions"]
                        if not q.get("ask_if_any") or any(assignment[r] is not Answer.NO for r in q["ask_if_any"])]
            assert list(result.asked) == expected


def test_red_flags_are_asked_first(runs: dict[tuple[Answer, ...], Any]) -> None:
    _, all_no = runs[tuple(Answer.NO for _ in QUESTION_IDS)]
    assert all_no.asked[: len(RED_FLAG_QUESTIONS)] == RED_FLAG_QUESTIONS


def test_monotone_no_unsure_yes_never_lowers_the_level(runs: dict[tuple[Answer, ...], Any]) -> None:
    compared = 0
    for combo, (assignment, result) in runs.items():
        for index, answer in enumerate(combo):
            if answer is Answer.YES:
                continue
            raised = combo[:index] + (ANSWER_ORDER[ANSWER_ORDER.index(answer) + 1],) + combo[index + 1:]
            assert runs[raised][1].outcome.level >= result.outcome.level, (assignment, QUESTION_IDS[index])
            compared += 1
    assert compared == 6561 * 8 * 2 // 3  # each answer that is not yet "yes" gets raised once


def test_not_sure_lies_between_no_and_yes_for_every_question(checklist: Checklist) -> None:
    for qid in QUESTION_IDS:
        base = {q: Answer.NO for q in QUESTION_IDS}
        # b12_risk is only asked after a nerve sign, so give it one in all three runs.
        if qid == "b12_risk":
            base["nerve_signs"] = Answer.YES
        levels = [run(checklist, base | {qid: answer}).outcome.level for answer in ANSWER_ORDER]
        assert levels[0] <= levels[1] <= levels[2], qid


def test_reasons_name_exactly_the_answers_that_raised_the_level(
    runs: dict[tuple[Answer, ...], Any], topics: dict[str, str]
) -> None:
    questions = {q["id"]: q for q in RAW_RULES["questions"]}
    for assignment, result in runs.values():
        outcome = result.outcome
        level = outcome.level
        deciding = {qid for qid in result.asked
                    if Level.SELF_CARE < level == raw_level(questions[qid], assignment[qid])}
        positive = {qid for qid in result.asked if assignment[qid] is not Answer.NO}
        b12 = level < STOP_AT and bool(positive & B12_SIGNS)
        expected = deciding | (positive & B12_SIGNS if b12 else set()) | (positive & B12_RISKS if b12 else set())
        assert set(outcome.reason_ids) == expected, assignment
        assert len(outcome.reason_ids) == len(outcome.reasons)
        assert outcome.ask_b12_test == b12
        assert ("B12 blood test" in outcome.advice) == b12
        assert outcome.cautious == any(assignment[qid] is Answer.UNSURE for qid in expected)
        assert bool(outcome.because) == bool(expected) == (level > Level.SELF_CARE)
        assert set(outcome.reason_ids[: len(deciding)]) == deciding, "the answers that decided the level come first"
        spoken = outcome.reason_ids[:SPOKEN_REASONS]
        assert ("The Alexa app has the rest." in outcome.because) == (len(expected) > SPOKEN_REASONS)
        for qid in QUESTION_IDS:
            assert (topics[qid] in outcome.card_text) == (qid in expected), (assignment, qid)
            assert (topics[qid] in outcome.because) == (qid in spoken), (assignment, qid)
        for qid, phrase in zip(outcome.reason_ids, outcome.reasons):
            assert topics[qid] in phrase
            assert ("weren't sure" in phrase) == (assignment[qid] is Answer.UNSURE)


def test_tips_fit_the_level(runs: dict[tuple[Answer, ...], Any]) -> None:
    for assignment, result in runs.values():
        outcome = result.outcome
        if outcome.level >= Level.URGENT_TODAY:
            assert outcome.tips == () and outcome.tips_intro == "" and outcome.tips_speech == ""
            continue
        assert 2 <= len(outcome.tips) <= 3
        assert outcome.tips_intro and all(tip in outcome.tips_speech for tip in outcome.tips)
        assert len(set(outcome.tips)) == len(outcome.tips)
        frequent = assignment["frequent"] is not Answer.NO and "frequent" in result.asked
        assert any("before bed" in tip for tip in outcome.tips) == frequent
        for text in (*outcome.tips, outcome.card_text):
            assert "quinine" not in text.lower() and "magnesium" not in text.lower()


def test_emergency_speaks_first_names_the_number_and_ends(runs: dict[tuple[Answer, ...], Any]) -> None:
    for _, result in runs.values():
        outcome = result.outcome
        assert outcome.ends_session == (outcome.level == Level.EMERGENCY)
        assert (outcome.follow_up == "") == outcome.ends_session
        assert outcome.card_title and outcome.card_text.endswith("call 911.")
        if outcome.level == Level.EMERGENCY:
            assert outcome.speech.startswith("Please call nine one one now.")
            assert "911" in outcome.card_title and "call 911 now" in outcome.card_text
            assert "me to call" not in outcome.speech and "I can call" not in outcome.speech


def test_every_state_on_every_path_round_trips_through_the_session(
    checklist: Checklist, runs: dict[tuple[Answer, ...], Any]
) -> None:
    seen = set()
    prefixes = set()
    for assignment, result in runs.values():
        answers = tuple(assignment[qid] for qid in result.asked)
        prefixes.update(answers[:length] for length in range(len(answers) + 1))
        for state in result.states:
            if state in seen:
                continue
            seen.add(state)
            session = json.loads(json.dumps(state.to_session()))
            assert checklist.restore(session) == state
    assert len(seen) == len(prefixes)  # one state per distinct sequence of answers given, finished or not


def test_everything_spoken_is_plain_without_digits_or_diagnosis(runs: dict[tuple[Answer, ...], Any]) -> None:
    for _, result in runs.values():
        outcome = result.outcome
        spoken = [*(q.speech for q in result.questions), *(q.reprompt for q in result.questions),
                  outcome.speech, outcome.tips_speech, outcome.follow_up]
        for text in spoken:
            assert len(text) <= ONE_BREATH, text
            assert "<" not in text and ">" not in text and "{" not in text
            assert not re.search(r"\d", text.replace("B12", "")), text
            assert not re.search(r"\byou have\b", re.sub(r"\b[Dd]o you have\b", "", text)), text
