"""The checklist state's round trip through session attributes, and what restore refuses.

Session attributes come back from the client, so restore treats them as untrusted input: it accepts
exactly what ``State.to_session`` writes and raises InvalidState for everything else, never crashing.
"""
from __future__ import annotations

import json
from collections import deque
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skill.checklist import Answer, Checklist, InvalidState, State, load_checklist
from skill.checklist.machine import SESSION_KEYS
from skill.checklist.rules import RULES_PATH, load_rules
from skill.checklist.text import load_texts
from tests.checklist.conftest import ALL_NO_ORDER, EXPECTED_RED_FLAGS, QUESTION_IDS, answer_sequences, run

FUZZ = settings(database=None, derandomize=True, deadline=None, max_examples=400)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=6) | st.dictionaries(st.text(max_size=8), children, max_size=6),
    max_leaves=25,
)


def moves(checklist: Checklist, state: State) -> list[State]:
    """Every state one checklist call can lead to from ``state``."""
    following = [checklist.answer(state, answer)[0] for answer in Answer]
    following += [move(state)[0] for move in (checklist.back, checklist.miss, checklist.repeat, checklist.why,
                                               checklist.help)]
    return following


def reachable_states(checklist: Checklist, max_answers: int = 4) -> list[State]:
    """A bounded walk of the states checklist calls reach: from the start and from every red flag, every
    sequence of calls while at most ``max_answers`` answers are held (with the misses, backs and repeats
    in between), plus the states along a few long runs. 3 ** 15 answer sequences would be too many."""
    roots = [checklist.start()[0], *(checklist.red_flag(flag)[0] for flag in EXPECTED_RED_FLAGS)]
    seen, queue = set(roots), deque(roots)
    while queue:
        state = queue.popleft()
        for following in moves(checklist, state):
            if following not in seen and len(following.answers) <= max_answers:
                seen.add(following)
                queue.append(following)
    long_runs: list[dict[str, Answer]] = [
        {},  # all no: every question
        {"nerve_signs": Answer.YES, "b12_risk": Answer.UNSURE, "b12_risk.clarify": Answer.NO,
         "frequent": Answer.YES, "frequent.follow": Answer.NO},
        {"heartbeat": Answer.YES, "medicine": Answer.UNSURE, "medicine.clarify": Answer.UNSURE,
         "medicine.follow": Answer.NO},
        {question: Answer.UNSURE for question in QUESTION_IDS} | {f"{q}.clarify": Answer.NO for q in QUESTION_IDS},
        {"pregnancy": Answer.YES, "leg_pain": Answer.YES, "frequent": Answer.YES},
    ]
    for answers in long_runs:
        for state in run(checklist, answers).states:
            for following in (state, *moves(checklist, state)):
                seen.add(following)
    return sorted(seen, key=lambda s: (s.flag, len(s.answers), [a.value for a in s.answers], s.misses))


@pytest.fixture(scope="module")
def states(checklist: Checklist) -> list[State]:
    return reachable_states(checklist)


def sessions_of(checklist: Checklist) -> list[dict[str, Any]]:
    return [state.to_session() for state in reachable_states(checklist)]


def test_every_reachable_state_round_trips(checklist: Checklist, states: list[State]) -> None:
    assert len(states) > 350  # answer prefixes up to four, with misses, from the start and every red flag
    for answers in answer_sequences(4):  # every answer sequence up to four long is among them
        state, _ = checklist.start()
        for answer in answers:
            state, _ = checklist.answer(state, answer)
        assert state in states, answers
    assert any(s.misses == 2 for s in states) and any(s.finished for s in states)
    assert any(s.at.endswith(".clarify") for s in states) and any(s.at.endswith(".follow") for s in states)
    assert {s.flag for s in states} == {"", *EXPECTED_RED_FLAGS}
    assert max(len(s.answers) for s in states) >= len(ALL_NO_ORDER)
    for state in states:
        session = state.to_session()
        assert set(session) == SESSION_KEYS and session["v"] == 2
        assert json.loads(json.dumps(session)) == session  # JSON-safe as written
        assert checklist.restore(json.loads(json.dumps(session))) == state


def test_the_session_holds_nothing_but_answers_position_and_flag(checklist: Checklist) -> None:
    state, _ = checklist.start()
    state, _ = checklist.answer(state, Answer.UNSURE)
    assert state.to_session() == {
        "v": 2, "rules": checklist.fingerprint, "answers": ["unsure"], "at": "chest.clarify", "misses": 0, "flag": "",
    }
    state, _ = checklist.red_flag("leg_clot")
    assert state.to_session() == {
        "v": 2, "rules": checklist.fingerprint, "answers": [], "at": "chest", "misses": 0, "flag": "leg_clot",
    }


def valid_session(checklist: Checklist) -> dict[str, Any]:
    state, _ = checklist.start()
    for _ in range(5):
        state, _ = checklist.answer(state, Answer.NO)
    return state.to_session()  # answers: five noes, at leg_clot


def tampered(base: dict[str, Any]) -> list[dict[str, Any] | Any]:
    """Hand-picked malformed, tampered and oversized variants of a valid session."""
    deep: Any = []
    for _ in range(100_000):
        deep = [deep]
    cases: list[Any] = [None, True, 0, 1.5, "state", [], [base], json.dumps(base)]
    cases += [{k: v for k, v in base.items() if k != key} for key in base]  # each key missing
    cases += [base | {"extra": 1}, base | {"": None}, {**base, **{str(i): i for i in range(100_000)}}]
    no5 = ["no"] * 5
    bad_values = {
        "v": [0, 1, 3, "2", True, 2.0, None, -1, 10 ** 100],
        "rules": ["", "0" * 16, base["rules"].upper(), base["rules"][:-1], 0, None, ["x"], "x" * 1_000_000],
        "answers": [
            "nonono", None, {}, {"0": "no"}, ["no"] * 4, ["no"] * 6, ["NO"] * 5, ["no"] * 4 + ["maybe"],
            ["no"] * 4 + [None], ["no"] * 4 + [True], ["no"] * 4 + [1], ["no"] * 4 + [["no"]], [deep],
            ["no"] * 20, ["no"] * 1_000_000, ["yes", "no", "no", "no", "no"], ["no", "unsure", "no", "no", "no"],
            ["no", "no", "no", "no", "yes"], no5[:4] + ["unsure"],
        ],
        "at": ["stroke", "done", "", "LEG_CLOT", None, 5, ["leg_clot"], "x" * 1_000_000, "b12_risk",
               "leg_clot.clarify", "leg_clot.follow", "chest_heart"],
        "misses": [-1, 3, True, False, 1.0, "0", None, 10 ** 1000, [0]],
        "flag": [None, 0, True, ["leg_clot"], "chest_heart", "emergency_symptoms", "leg_clot", "LEG_CLOT",
                 "x" * 1_000_000],
    }
    for key, values in bad_values.items():
        cases += [base | {key: value} for value in values]
    return cases


def test_hand_picked_tampering_is_rejected(checklist: Checklist) -> None:
    base = valid_session(checklist)
    assert checklist.restore(base).at == "leg_clot"
    cases = tampered(base)
    assert len(cases) > 60
    for case in cases:
        with pytest.raises(InvalidState):
            checklist.restore(case)


def test_misses_are_refused_on_a_finished_state(checklist: Checklist) -> None:
    state, _ = checklist.start()
    state, _ = checklist.answer(state, Answer.YES)
    with pytest.raises(InvalidState):
        checklist.restore(state.to_session() | {"misses": 1})


def test_states_from_other_rules_are_stale(checklist: Checklist, tmp_path: Path) -> None:
    changed = tmp_path / "rules.toml"
    changed.write_text(RULES_PATH.read_text(encoding="utf-8").replace("max_tips = 3", "max_tips = 2"), "utf-8")
    other_rules = load_rules(changed)
    other = Checklist(other_rules, load_texts("en-US", other_rules))
    assert other.fingerprint != checklist.fingerprint
    for session in sessions_of(checklist)[:50]:
        with pytest.raises(InvalidState):
            other.restore(session)
    state, _ = other.start()
    with pytest.raises(InvalidState):
        checklist.restore(state.to_session())
    with pytest.raises(InvalidState):
        checklist.answer(state, Answer.NO)


def test_the_fingerprint_ignores_comments_but_not_rules(tmp_path: Path) -> None:
    commented = tmp_path / "rules.toml"
    commented.write_text("# an editor's note\n" + RULES_PATH.read_text(encoding="utf-8"), "utf-8")
    assert load_rules(commented).fingerprint == load_rules().fingerprint


@FUZZ
@given(value=JSON)
def test_any_json_value_is_refused(checklist: Checklist, value: Any) -> None:
    with pytest.raises(InvalidState):
        checklist.restore(value)


@FUZZ
@given(values=st.fixed_dictionaries({key: JSON for key in SESSION_KEYS}))
def test_the_right_keys_with_arbitrary_values_are_refused(checklist: Checklist, values: dict[str, Any]) -> None:
    with pytest.raises(InvalidState):
        checklist.restore(values)


ANSWER_LIKE = st.sampled_from(["yes", "no", "unsure", "YES", "maybe", ""]) | JSON
AT_LIKE = st.sampled_from([*QUESTION_IDS, *(f"{q}.clarify" for q in QUESTION_IDS), *(f"{q}.follow" for q in QUESTION_IDS),
                           "done", "Done", ""]) | JSON
FLAG_LIKE = st.sampled_from([*EXPECTED_RED_FLAGS, "", "chest_heart"]) | JSON


@st.composite
def mutated_sessions(draw: st.DrawFn, sessions: list[dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]]:
    """A valid session with one or more random edits, as an attacker or a bug might make them."""
    original = draw(st.sampled_from(sessions))
    session = {**original, "answers": list(original["answers"])}
    for _ in range(draw(st.integers(1, 3))):
        edit = draw(st.sampled_from(["set", "drop", "add", "answer", "append", "truncate", "at", "misses", "flag"]))
        key = draw(st.sampled_from(sorted(SESSION_KEYS)))
        if edit == "set":
            session[key] = draw(JSON)
        elif edit == "drop":
            session.pop(key, None)
        elif edit == "add":
            session[draw(st.text(max_size=8).filter(lambda k: k not in SESSION_KEYS))] = draw(JSON)
        elif edit in {"answer", "append", "truncate"} and isinstance(session.get("answers"), list):
            answers = session["answers"]
            if edit == "append":
                answers.append(draw(ANSWER_LIKE))
            elif edit == "truncate":
                del answers[draw(st.integers(0, len(answers))):]
            elif answers:
                answers[draw(st.integers(0, len(answers) - 1))] = draw(ANSWER_LIKE)
        elif edit == "at":
            session["at"] = draw(AT_LIKE)
        elif edit == "misses":
            session["misses"] = draw(st.integers(-3, 5) | st.integers() | JSON)
        elif edit == "flag":
            session["flag"] = draw(FLAG_LIKE)
    return original, session


# The bounded walk's sessions, computed once at import (a second or two).
SESSIONS = sessions_of(load_checklist("en-US"))


@FUZZ
@given(pair=mutated_sessions(SESSIONS))
def test_restore_accepts_only_what_to_session_writes(
    checklist: Checklist, pair: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    """An edited session is refused unless the edit happens to spell another valid state exactly
    (say, "no" changed to "yes" with the matching position): then it is that state, nothing else."""
    _, session = pair
    try:
        state = checklist.restore(session)
    except InvalidState:
        return
    assert state.to_session() == session
    assert json.loads(json.dumps(session)) == session
