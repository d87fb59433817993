"""Moving around inside the checklist: start, not sure, back, repeat, why, help, misses, stop, red flags."""
from __future__ import annotations

from collections.abc import Callable

import pytest

from skill.checklist import (
    Answer,
    Checklist,
    InvalidState,
    Level,
    Outcome,
    Question,
    State,
    UnknownRedFlag,
    UnsupportedLocale,
    load_checklist,
)
from skill.checklist.rules import load_rules
from skill.checklist.text import load_texts
from tests.checklist.conftest import EXPECTED_RED_FLAGS, QUESTION_IDS

NO, YES, UNSURE = Answer.NO, Answer.YES, Answer.UNSURE


@pytest.fixture(scope="module")
def say() -> Callable[..., str]:
    texts = load_texts(("en", "en-US"), load_rules())
    return texts.say


def walk(checklist: Checklist, *answers: Answer) -> tuple[State, Question | Outcome]:
    state, step = checklist.start()
    for answer in answers:
        state, step = checklist.answer(state, answer)
    return state, step


def test_start_says_what_this_is_and_how_many_questions(checklist: Checklist) -> None:
    state, step = checklist.start()
    assert isinstance(step, Question)
    assert step.id == "chest_heart" and step.number == 1 and step.total == 8
    assert "eight" in step.preface and "yes or no" in step.preface and "not a diagnosis" in step.preface
    assert step.speech == f"{step.preface} {step.text}"
    assert step.reprompt == "Please say yes, no, or not sure."
    assert len(step.reprompt) < len(step.text)
    assert state.answers == () and state.at == "chest_heart" and state.misses == 0 and not state.finished


def test_yes_and_no_move_on_without_preface(checklist: Checklist) -> None:
    state, step = walk(checklist, NO)
    assert isinstance(step, Question) and step.id == "leg_clot" and step.number == 2 and step.preface == ""


def test_not_sure_is_acknowledged_as_cautious_in_turn(checklist: Checklist, say: Callable[..., str]) -> None:
    _, step = walk(checklist, NO, NO, NO, NO, UNSURE)
    assert isinstance(step, Question) and step.id == "nerve_signs"
    assert step.preface == "Not sure is fine. I'll play it safe."
    _, step = walk(checklist, NO, NO, NO, NO, UNSURE, UNSURE)
    assert step.preface == "Okay, I'll take the careful view."


def test_not_sure_that_reaches_urgent_stops_with_the_acknowledgement(checklist: Checklist) -> None:
    state, step = walk(checklist, NO, UNSURE)
    assert isinstance(step, Outcome) and step.level == Level.URGENT_TODAY and state.finished
    assert step.cautious and step.reason_ids == ("leg_clot",)
    assert step.speech.startswith("Please see a doctor today.")
    assert "you weren't sure about a swollen, warm or painful leg" in step.because


def test_total_shrinks_when_the_b12_risk_question_is_not_needed(checklist: Checklist) -> None:
    _, step = walk(checklist, NO, NO, NO, NO, NO)
    assert step.id == "nerve_signs" and step.total == 8
    _, step = walk(checklist, NO, NO, NO, NO, NO, NO)
    assert step.id == "frequent" and (step.number, step.total) == (7, 7)
    _, step = walk(checklist, NO, NO, NO, NO, NO, YES)
    assert step.id == "b12_risk" and (step.number, step.total) == (7, 8)


def test_all_no_is_self_care_with_tips_and_an_offer(checklist: Checklist) -> None:
    state, step = walk(checklist, *[NO] * 7)
    assert isinstance(step, Outcome) and step.level == Level.SELF_CARE
    assert step.reason_ids == () and step.because == "" and not step.cautious and not step.ask_b12_test
    assert len(step.tips) == 3 and step.tips_intro == "Meanwhile, three things can help."
    assert step.follow_up.endswith("?") and not step.ends_session
    assert state.to_session()["at"] == "done"


def test_nerve_signs_and_a_risk_factor_ask_for_a_b12_test(checklist: Checklist, say: Callable[..., str]) -> None:
    _, step = walk(checklist, NO, NO, NO, NO, NO, YES, YES, NO)
    assert step.level == Level.APPOINTMENT and step.ask_b12_test
    assert step.advice == f"{say('levels.appointment.advice')} {say('b12_test.with_risk')}"
    assert step.because == ("That's because you mentioned tingling, numbness or balance trouble "
                            "and something that makes low B12 more likely.")
    assert step.reason_ids == ("nerve_signs", "b12_risk")
    _, step = walk(checklist, NO, NO, NO, NO, NO, YES, NO, NO)
    assert step.ask_b12_test and step.advice == f"{say('levels.appointment.advice')} {say('b12_test.suggest')}"
    assert step.reason_ids == ("nerve_signs",)


def test_back_goes_to_the_previous_question_and_forgets_its_answer(checklist: Checklist, say: Callable[..., str]) -> None:
    state, _ = walk(checklist, NO, NO)
    state, step = checklist.back(state)
    assert isinstance(step, Question) and step.id == "leg_clot" and step.preface == say("back.done")
    assert state.answers == (NO,) and state.at == "leg_clot"
    state, step = checklist.answer(state, NO)
    assert step.id == "long_cramp"


def test_back_at_the_first_question_stays_there(checklist: Checklist, say: Callable[..., str]) -> None:
    state, _ = checklist.start()
    again, step = checklist.back(state)
    assert again == state and step.id == "chest_heart" and step.preface == say("back.at_start")


def test_back_skips_a_question_that_was_not_asked(checklist: Checklist) -> None:
    state, step = walk(checklist, NO, NO, NO, NO, NO, NO)
    assert step.id == "frequent"
    state, step = checklist.back(state)
    assert step.id == "nerve_signs" and state.answers == (NO,) * 5


def test_back_from_an_outcome_reopens_the_last_question(checklist: Checklist) -> None:
    state, step = walk(checklist, *[NO] * 7)
    assert isinstance(step, Outcome)
    state, step = checklist.back(state)
    assert isinstance(step, Question) and step.id == "frequent" and not state.finished


def test_repeat_says_the_same_question_without_preface(checklist: Checklist) -> None:
    state, first = walk(checklist, NO, NO, NO, NO, UNSURE)
    again, step = checklist.repeat(state)
    assert again == state and step.id == first.id and step.text == first.text and step.preface == ""


def test_repeat_after_the_outcome_gives_the_outcome_again(checklist: Checklist) -> None:
    state, outcome = walk(checklist, NO, NO, YES)
    again, step = checklist.repeat(state)
    assert again == state and isinstance(step, Outcome) and step.level == outcome.level == Level.URGENT_TODAY


@pytest.mark.parametrize("position", range(5))
def test_why_explains_the_current_question_then_asks_it_again(checklist: Checklist, say: Callable[..., str], position: int) -> None:
    state, question = walk(checklist, *[NO] * position)
    again, step = checklist.why(state)
    assert again == state and step.id == question.id == QUESTION_IDS[position]
    assert step.preface == say(f"questions.{question.id}.why") and step.text == question.text


def test_help_names_the_answers_then_asks_again(checklist: Checklist, say: Callable[..., str]) -> None:
    state, question = walk(checklist, NO)
    again, step = checklist.help(state)
    assert again == state and step.id == question.id
    assert step.preface == say("help.text") and "yes, no, or not sure" in step.preface


def test_misses_escalate_then_offer_to_stop_or_start_over(checklist: Checklist, say: Callable[..., str]) -> None:
    state, _ = walk(checklist, NO)
    state, step = checklist.miss(state)
    assert step.preface == say("miss.first") and step.misses == 1 and state.misses == 1
    assert "yes" in step.preface and "no" in step.preface and step.id == "leg_clot"
    state, step = checklist.miss(state)
    assert step.preface == say("miss.second") and step.misses == 2
    assert "start over" in step.preface and "stop" in step.preface
    state, step = checklist.miss(state)
    assert step.preface == say("miss.second") and state.misses == 2
    assert checklist.restore(state.to_session()) == state


@pytest.mark.parametrize("action", ["answer", "repeat", "why", "help", "back"])
def test_any_understood_reply_resets_the_misses(checklist: Checklist, action: str) -> None:
    state, _ = walk(checklist, NO, NO)
    state, _ = checklist.miss(state)
    state, _ = checklist.miss(state)
    if action == "answer":
        state, _ = checklist.answer(state, NO)
    else:
        state, _ = getattr(checklist, action)(state)
    assert state.misses == 0


def test_start_over_forgets_everything(checklist: Checklist, say: Callable[..., str]) -> None:
    state, step = checklist.start_over()
    assert state == checklist.start()[0] and step.id == "chest_heart" and step.preface == say("intro.again")


def test_stop_without_a_red_flag_says_nothing(checklist: Checklist) -> None:
    assert checklist.stop(checklist.start()[0]) is None
    assert checklist.stop(walk(checklist, NO, NO, NO, NO, YES)[0]) is None  # after_medicine: not a red flag
    assert checklist.stop(walk(checklist, *[NO] * 7)[0]) is None


def test_stop_after_a_red_flag_gives_one_safety_line(checklist: Checklist, say: Callable[..., str]) -> None:
    state, _ = walk(checklist, NO, NO, UNSURE)  # a long cramp, not sure: contact soon, checklist goes on
    assert not state.finished
    assert checklist.stop(state) == "One thing before you go. " + say("levels.contact_soon.advice")
    state, _ = walk(checklist, NO, YES)
    line = checklist.stop(state)
    assert line == "One thing before you go. " + say("levels.urgent_today.advice")
    assert "nine one one" in line
    state, _ = walk(checklist, YES)
    assert "Please call nine one one now." in checklist.stop(state)


def test_answering_a_finished_checklist_repeats_its_outcome(checklist: Checklist) -> None:
    state, outcome = walk(checklist, YES)
    for answer in Answer:
        again, step = checklist.answer(state, answer)
        assert again == state and step == outcome
    for method in (checklist.miss, checklist.why, checklist.help):
        again, step = method(state)
        assert again == state and isinstance(step, Outcome) and step.level == Level.EMERGENCY


def test_answers_may_be_given_as_their_names(checklist: Checklist) -> None:
    state, _ = checklist.start()
    assert checklist.answer(state, "no") == checklist.answer(state, Answer.NO)
    with pytest.raises(ValueError):
        checklist.answer(state, "maybe")


@pytest.mark.parametrize("flag_id, level", sorted(EXPECTED_RED_FLAGS.items()))
def test_red_flags_from_anywhere_escalate_immediately(checklist: Checklist, flag_id: str, level: Level) -> None:
    outcome = checklist.red_flag(flag_id)
    assert outcome.level == level and outcome.reason_ids == (flag_id,)
    assert outcome.tips == () and outcome.because.startswith("That's because you mentioned")
    assert outcome.ends_session == (level == Level.EMERGENCY)
    assert "nine one one" in outcome.speech and "911" in outcome.card_text
    if level == Level.EMERGENCY:
        assert outcome.speech.startswith("Please call nine one one now.") and outcome.follow_up == ""
    assert set(checklist.red_flag_ids) == set(EXPECTED_RED_FLAGS)


@pytest.mark.parametrize("flag_id", ["", "chest_heart", "EMERGENCY_SYMPTOMS", None, 3, ["emergency_symptoms"]])
def test_unknown_red_flags_raise_a_specific_error(checklist: Checklist, flag_id: object) -> None:
    with pytest.raises(UnknownRedFlag):
        checklist.red_flag(flag_id)  # type: ignore[arg-type]


def test_states_the_checklist_did_not_make_are_rejected(checklist: Checklist) -> None:
    good, _ = walk(checklist, NO, NO)
    forged = [
        State("0" * 16, good.answers, good.at, 0),
        State(good.fingerprint, good.answers, "chest_heart", 0),
        State(good.fingerprint, (YES, NO), "leg_clot", 0),
        State(good.fingerprint, good.answers, good.at, 3),
        State(good.fingerprint, ("no", "no"), good.at, 0),  # type: ignore[arg-type]
        State(good.fingerprint, (YES,), "done", 1),
    ]
    for state in forged:
        for method in (checklist.back, checklist.repeat, checklist.why, checklist.help, checklist.miss):
            with pytest.raises(InvalidState):
                method(state)
        with pytest.raises(InvalidState):
            checklist.answer(state, NO)
        with pytest.raises(InvalidState):
            checklist.stop(state)


def test_locales_fall_back_to_english_words_with_their_own_number(checklist: Checklist) -> None:
    assert load_checklist("en-US") is checklist
    assert load_checklist("en_US") is checklist and load_checklist("en-us") is checklist
    assert checklist.locale == "en-US"
    state, _ = walk(checklist, NO, NO, NO)
    assert "diarrhea" in checklist.repeat(state)[1].text  # en-US override
    assert "diarrhoea" not in checklist.repeat(state)[1].text


@pytest.mark.parametrize("locale", ["en", "en-GB", "fr-FR", "", "../en-US", "en-US/../../x", "e", "x" * 500])
def test_locales_without_an_emergency_number_are_refused(locale: str) -> None:
    with pytest.raises(UnsupportedLocale):
        load_checklist(locale)
