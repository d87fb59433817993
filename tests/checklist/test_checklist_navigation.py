"""Moving around inside the checklist: start, not sure, follow-ups, back, repeat, why, help, misses, stop,
red flags. Levels and question order come from the revised research (see conftest), not from the data."""
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
from tests.checklist.conftest import ALL_NO_ORDER, EMERGENCY_QUESTIONS, EXPECTED_RED_FLAGS, run

NO, YES, UNSURE = Answer.NO, Answer.YES, Answer.UNSURE
EMERGENCY_ADVICE = "Call nine one one now. This could be an emergency."
SAME_DAY_ADVICE = "Please get medical help today or tonight."


@pytest.fixture(scope="module")
def say() -> Callable[..., str]:
    texts = load_texts("en-US", load_rules())
    return texts.say


@pytest.fixture(scope="module")
def unsure() -> tuple[str, ...]:
    """The phrasings of the "not sure" acknowledgement, used in turn."""
    phrasings = load_texts("en-US", load_rules()).values["answers.unsure"]
    assert isinstance(phrasings, tuple) and len(phrasings) >= 2
    return phrasings


def walk(checklist: Checklist, *answers: Answer) -> tuple[State, Question | Outcome]:
    state, step = checklist.start()
    for answer in answers:
        state, step = checklist.answer(state, answer)
    return state, step


def to(question_id: str) -> tuple[Answer, ...]:
    """The "no" answers that lead to a question."""
    return (NO,) * ALL_NO_ORDER.index(question_id)


def test_start_says_what_this_is_and_asks_the_chest_question_first(checklist: Checklist, say: Callable[..., str]) -> None:
    state, step = checklist.start()
    assert isinstance(step, Question)
    assert step.id == "chest" and step.text == say("questions.chest.ask")
    assert step.preface == say("intro.start")
    assert "yes or no" in step.preface and "not a diagnosis" in step.preface and "most urgent first" in step.preface
    # an emergency question: going quiet gets the safety line
    assert step.reprompt == say("answers.reprompt_emergency") and "call nine one one now" in step.reprompt
    assert state.answers == () and state.at == "chest" and state.misses == 0 and state.flag == ""
    assert not state.finished


def test_all_no_asks_every_question_emergencies_first(checklist: Checklist) -> None:
    result = run(checklist, {})
    assert result.asked == ALL_NO_ORDER
    assert result.asked[:len(EMERGENCY_QUESTIONS)] == EMERGENCY_QUESTIONS
    assert "b12_risk" not in result.asked  # asked only after a nerve sign


def test_yes_and_no_move_on_without_preface(checklist: Checklist, say: Callable[..., str]) -> None:
    _, step = walk(checklist, NO)
    assert isinstance(step, Question) and step.id == "stroke" and step.preface == ""
    _, step = walk(checklist, *to("medicine"))
    # not an emergency question: the plain reprompt
    assert step.id == "medicine" and step.reprompt == say("answers.reprompt")


def test_not_sure_gets_the_clarifying_question_once(
    checklist: Checklist, say: Callable[..., str], unsure: tuple[str, ...]
) -> None:
    state, step = walk(checklist, UNSURE)
    assert isinstance(step, Question) and step.id == "chest.clarify" and state.at == "chest.clarify"
    assert step.text == say("questions.chest.clarify") and step.preface == unsure[0]
    assert step.reprompt == say("answers.reprompt_emergency")
    # "no" to the clarifying question is a no
    _, step = walk(checklist, UNSURE, NO)
    assert step.id == "stroke" and step.preface == ""


def test_not_sure_twice_to_the_chest_question_is_an_emergency(checklist: Checklist) -> None:
    """Issue 10: "not sure" to the chest question must never give less than "yes"."""
    state, step = walk(checklist, UNSURE, UNSURE)
    assert isinstance(step, Outcome) and step.level is Level.EMERGENCY and state.finished
    assert step.speech.startswith(EMERGENCY_ADVICE)  # the number first, nothing before it
    assert step.reason_ids == ("chest",)
    assert "you weren't sure about chest pain" in step.because
    assert step.level == walk(checklist, YES)[1].level


def test_not_sure_again_counts_as_yes_and_says_so(checklist: Checklist, say: Callable[..., str]) -> None:
    state, step = walk(checklist, *to("leg_clot"), UNSURE, UNSURE)
    assert isinstance(step, Question) and step.preface == say("answers.counted_yes")
    assert step.preface == "I'll count that as a yes, to be safe."
    # stopping now: the same-day advice, then the emergency line for the question waiting (dark pee)
    assert checklist.stop(state) == (
        "One thing before you go. " + say("levels.urgent_today.advice") + " " + say("stop.emergency_question"))
    outcome = run(checklist, {}, start=(state, step)).outcome
    assert outcome.level is Level.URGENT_TODAY and "leg_clot" in outcome.reason_ids


def test_a_second_not_sure_in_another_question_uses_the_other_phrasing(
    checklist: Checklist, unsure: tuple[str, ...]
) -> None:
    _, step = walk(checklist, UNSURE, NO, UNSURE)
    assert step.id == "stroke.clarify" and step.preface == unsure[1]


def test_yes_gets_the_follow_up_that_sorts_it_into_a_level(checklist: Checklist, say: Callable[..., str]) -> None:
    state, step = walk(checklist, *to("wound"), YES)
    assert isinstance(step, Question) and step.id == "wound.follow" and state.at == "wound.follow"
    assert step.text == say("questions.wound.follow")
    assert step.reprompt == say("answers.reprompt_emergency")  # a yes here is tetanus: an emergency
    _, outcome = checklist.answer(state, YES)
    assert isinstance(outcome, Outcome) and outcome.level is Level.EMERGENCY
    assert "wound_spasms" in outcome.reason_ids
    # "no" to the follow-up: a wound without muscle symptoms is same day
    assert run(checklist, {"wound": YES}).outcome.level is Level.URGENT_TODAY


def test_not_sure_to_a_follow_up_counts_as_yes(checklist: Checklist, say: Callable[..., str]) -> None:
    state, step = walk(checklist, *to("heartbeat"), YES)
    assert step.id == "heartbeat.follow"
    _, outcome = checklist.answer(state, UNSURE)
    assert isinstance(outcome, Outcome) and outcome.level is Level.EMERGENCY  # racing heartbeat with dizziness
    assert outcome.speech.startswith(EMERGENCY_ADVICE)
    state, step = walk(checklist, *to("frequent"), YES, UNSURE)  # a long cramp, not sure: counted as yes
    assert isinstance(step, Outcome) and step.level is Level.URGENT_TODAY


def test_after_same_day_only_what_could_still_be_an_emergency_is_asked(checklist: Checklist) -> None:
    """A racing heartbeat alone is same day; then only the questions that can still reach an emergency."""
    result = run(checklist, {"heartbeat": YES})
    assert result.asked == (*ALL_NO_ORDER[:5], "heartbeat.follow", "dark_urine", "fluid_loss",
                            "wound", "medicine")
    assert result.outcome.level is Level.URGENT_TODAY and result.outcome.reason_ids == ("heartbeat",)
    assert result.outcome.speech.startswith(SAME_DAY_ADVICE)
    assert result.outcome.tips == () and not result.outcome.ends_session


def test_a_racing_heartbeat_in_the_first_days_of_injections_is_an_emergency(checklist: Checklist) -> None:
    result = run(checklist, {"heartbeat": YES, "medicine": YES, "medicine.follow": YES})
    assert result.outcome.level is Level.EMERGENCY
    assert {"heartbeat", "medicine_urgent"} <= set(result.outcome.reason_ids)


@pytest.mark.parametrize("question, follow, level, follow_level", [
    ("dark_urine", "dark_urine.follow", Level.URGENT_TODAY, Level.EMERGENCY),
    ("fluid_loss", "fluid_loss.follow", Level.URGENT_TODAY, Level.EMERGENCY),
    ("wound", "wound.follow", Level.URGENT_TODAY, Level.EMERGENCY),
    ("heartbeat", "heartbeat.follow", Level.URGENT_TODAY, Level.EMERGENCY),
    ("medicine", "medicine.follow", Level.CONTACT_SOON, Level.URGENT_TODAY),
    ("pregnancy", "pregnancy.follow", Level.APPOINTMENT, Level.URGENT_TODAY),
    ("leg_pain", "leg_pain.follow", Level.APPOINTMENT, Level.URGENT_TODAY),
    ("frequent", "frequent.follow", Level.APPOINTMENT, Level.URGENT_TODAY),
])
def test_each_follow_up_sorts_a_yes_as_the_research_says(
    checklist: Checklist, question: str, follow: str, level: Level, follow_level: Level
) -> None:
    without = run(checklist, {question: YES})
    assert follow in without.asked and without.asked[without.asked.index(question) + 1] == follow
    assert without.outcome.level is level
    assert run(checklist, {question: YES, follow: YES}).outcome.level is follow_level


def test_all_no_is_self_care_without_reassurance(checklist: Checklist) -> None:
    state, step = walk(checklist, *[NO] * len(ALL_NO_ORDER))
    assert isinstance(step, Outcome) and step.level == Level.SELF_CARE
    assert step.speech.startswith("None of the warning signs I asked about came up.")
    assert "you are fine" not in step.speech.lower()
    assert step.reason_ids == () and step.because == "" and "B12" not in step.advice
    assert len(step.tips) == 3 and step.tips_intro == "Meanwhile, three things can help."
    assert step.follow_up.endswith("?") and not step.ends_session
    assert state.to_session()["at"] == "done"


def test_nerve_signs_and_a_risk_factor_ask_for_a_b12_test(checklist: Checklist, say: Callable[..., str]) -> None:
    result = run(checklist, {"nerve_signs": YES, "b12_risk": YES})
    assert result.asked[-3:] == ("nerve_signs", "b12_risk", "frequent")
    step = result.outcome
    assert step.level == Level.APPOINTMENT
    assert step.advice == f"{say('levels.appointment.advice')} {say('b12_test.with_risk')}"
    assert step.because == ("That's because you mentioned tingling, numbness or balance trouble "
                            "and something that makes low B12 more likely.")
    assert step.reason_ids == ("nerve_signs", "b12_risk")
    step = run(checklist, {"nerve_signs": YES}).outcome
    assert step.advice == f"{say('levels.appointment.advice')} {say('b12_test.suggest')}"
    assert step.reason_ids == ("nerve_signs",)


def test_notes_say_what_to_do_beyond_the_level(checklist: Checklist) -> None:
    stroke = run(checklist, {"stroke": YES}).outcome
    assert stroke.speech.startswith(EMERGENCY_ADVICE) and stroke.ends_session and stroke.follow_up == ""
    assert "even if the signs go away" in stroke.notes and "don't drive yourself" in stroke.notes
    medicine = run(checklist, {"medicine": YES}).outcome
    assert medicine.level is Level.CONTACT_SOON and "Don't stop a medicine on your own" in medicine.notes
    pregnancy = run(checklist, {"pregnancy": YES}).outcome
    assert pregnancy.level is Level.APPOINTMENT and "antenatal check" in pregnancy.notes
    frequent = run(checklist, {"frequent": YES}).outcome
    assert frequent.level is Level.APPOINTMENT and "before bed" in frequent.tips[0]


def test_back_goes_to_the_previous_question_and_forgets_its_answer(checklist: Checklist, say: Callable[..., str]) -> None:
    state, _ = walk(checklist, NO, NO)
    state, step = checklist.back(state)
    assert isinstance(step, Question) and step.id == "stroke" and step.preface == say("back.done")
    assert state.answers == (NO,) and state.at == "stroke"
    state, step = checklist.answer(state, NO)
    assert step.id == "cold_leg"


def test_back_from_a_clarifying_question_or_follow_up_goes_to_its_question(checklist: Checklist) -> None:
    state, _ = walk(checklist, UNSURE)
    state, step = checklist.back(state)
    assert step.id == "chest" and state.answers == ()
    state, _ = walk(checklist, *to("wound"), YES)
    state, step = checklist.back(state)
    assert step.id == "wound" and state.at == "wound"


def test_back_at_the_first_question_stays_there(checklist: Checklist, say: Callable[..., str]) -> None:
    state, _ = checklist.start()
    again, step = checklist.back(state)
    assert again == state and step.id == "chest" and step.preface == say("back.at_start")


def test_back_skips_a_question_that_was_not_asked(checklist: Checklist) -> None:
    state, step = walk(checklist, *to("frequent"))
    assert step.id == "frequent"
    state, step = checklist.back(state)
    assert step.id == "nerve_signs" and state.answers == to("nerve_signs")


def test_back_from_an_outcome_reopens_the_last_question(checklist: Checklist) -> None:
    state, step = walk(checklist, *[NO] * len(ALL_NO_ORDER))
    assert isinstance(step, Outcome)
    state, step = checklist.back(state)
    assert isinstance(step, Question) and step.id == "frequent" and not state.finished


def test_repeat_says_the_same_question_without_preface(checklist: Checklist) -> None:
    state, first = walk(checklist, NO, UNSURE)
    again, step = checklist.repeat(state)
    assert again == state and step.id == first.id == "stroke.clarify" and step.text == first.text
    assert step.preface == ""


def test_repeat_after_the_outcome_gives_the_outcome_again(checklist: Checklist) -> None:
    state, outcome = walk(checklist, *to("wound"), YES, NO, NO)  # wound, no spasms; medicine no: same day
    assert isinstance(outcome, Outcome)
    again, step = checklist.repeat(state)
    assert again == state and isinstance(step, Outcome) and step.level == outcome.level == Level.URGENT_TODAY


@pytest.mark.parametrize("position", range(6))
def test_why_explains_the_current_question_then_asks_it_again(checklist: Checklist, say: Callable[..., str], position: int) -> None:
    state, question = walk(checklist, *[NO] * position)
    again, step = checklist.why(state)
    assert again == state and step.id == question.id == ALL_NO_ORDER[position]
    assert step.preface == say(f"questions.{question.id}.why") and step.text == question.text


def test_why_at_a_follow_up_explains_its_question(checklist: Checklist, say: Callable[..., str]) -> None:
    state, question = walk(checklist, *to("frequent"), YES)
    again, step = checklist.why(state)
    assert again == state and step.id == "frequent.follow" and step.text == question.text
    assert step.preface == say("questions.frequent.why")


def test_help_names_the_answers_then_asks_again(checklist: Checklist, say: Callable[..., str]) -> None:
    state, question = walk(checklist, NO)
    again, step = checklist.help(state)
    assert again == state and step.id == question.id
    assert step.preface == say("help.text") and "yes, no, or not sure" in step.preface


def test_misses_escalate_with_the_safety_line_then_offer_to_stop_or_start_over(
    checklist: Checklist, say: Callable[..., str]
) -> None:
    state, _ = walk(checklist, NO)
    state, step = checklist.miss(state)
    assert step.preface == say("miss.first") and step.misses == 1 and state.misses == 1
    assert "yes" in step.preface and "no" in step.preface and step.id == "stroke"
    assert step.preface.endswith("If this could be an emergency, call nine one one.")
    state, step = checklist.miss(state)
    assert step.preface == say("miss.second") and step.misses == 2
    assert "stop" in step.preface and step.preface.endswith("If this could be an emergency, call nine one one.")
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
    assert state == checklist.start()[0] and step.id == "chest" and step.preface == say("intro.again")


def test_stop_at_an_emergency_question_gives_the_safety_line(checklist: Checklist, say: Callable[..., str]) -> None:
    """The research: stopping during an emergency question, the goodbye carries the safety line."""
    line = say("stop.emergency_question")
    assert line == "If any of those signs are happening, call nine one one now."
    for question in EMERGENCY_QUESTIONS:
        assert checklist.stop(walk(checklist, *to(question))[0]) == line, question
    assert checklist.stop(walk(checklist, UNSURE)[0]) == line  # the clarifying question of one
    # at the tetanus follow-up the wound has already made it same day: that advice, then the emergency
    # line, because the follow-up left unanswered could itself mean an emergency
    at_follow = checklist.stop(walk(checklist, *to("wound"), YES)[0])
    assert at_follow == "One thing before you go. " + say("levels.urgent_today.advice") + " " + line


def test_stop_without_a_red_flag_says_nothing(checklist: Checklist) -> None:
    assert checklist.stop(walk(checklist, *to("pregnancy"))[0]) is None
    state, step = walk(checklist, *to("medicine"), YES, NO)  # contact soon: not urgent, at pregnancy
    assert step.id == "pregnancy" and checklist.stop(state) is None
    assert checklist.stop(walk(checklist, *[NO] * len(ALL_NO_ORDER))[0]) is None


def test_stop_after_a_red_flag_gives_one_safety_line(checklist: Checklist, say: Callable[..., str]) -> None:
    state, step = walk(checklist, *to("heartbeat"), YES, NO)  # a racing heartbeat: same day, checklist goes on
    assert not state.finished
    line = checklist.stop(state)
    assert line is not None and line.startswith("One thing before you go. " + say("levels.urgent_today.advice"))
    assert "nine one one" in line
    # the question now waiting (dark pee) could still mean an emergency, so its line follows
    assert step.id == "dark_urine" and line.endswith(say("stop.emergency_question"))
    state, _ = walk(checklist, YES)
    assert EMERGENCY_ADVICE in checklist.stop(state)


def test_answering_a_finished_checklist_repeats_its_outcome(checklist: Checklist) -> None:
    state, outcome = walk(checklist, YES)
    for answer in Answer:
        again, step = checklist.answer(state, answer)
        assert again == state and step == outcome
    for method in (checklist.miss, checklist.why, checklist.help, checklist.repeat):
        again, step = method(state)
        assert again == state and isinstance(step, Outcome) and step.level == Level.EMERGENCY


def test_answers_may_be_given_as_their_names(checklist: Checklist) -> None:
    state, _ = checklist.start()
    assert checklist.answer(state, "no") == checklist.answer(state, Answer.NO)
    assert checklist.answer(state, "unsure") == checklist.answer(state, Answer.UNSURE)
    with pytest.raises(ValueError):
        checklist.answer(state, "maybe")


@pytest.mark.parametrize("flag_id, level", sorted(EXPECTED_RED_FLAGS.items()))
def test_red_flags_from_anywhere_give_their_level_at_once(checklist: Checklist, flag_id: str, level: Level) -> None:
    state, step = checklist.red_flag(flag_id)
    assert state.flag == flag_id and state.answers == ()
    if level is Level.EMERGENCY:
        assert isinstance(step, Outcome) and step.level is Level.EMERGENCY and state.finished
        assert step.speech.startswith(EMERGENCY_ADVICE) and step.follow_up == "" and step.ends_session
        assert step.reason_ids[0] == flag_id and step.tips == ()
        assert "911" in step.card_text
        return
    # same day: the advice at once; then what could still make it an emergency, if anything
    if isinstance(step, Outcome):
        assert step.level is Level.URGENT_TODAY and state.finished and not step.ends_session
        assert step.speech.startswith(SAME_DAY_ADVICE) and step.reason_ids[0] == flag_id and step.tips == ()
        return
    assert step.preface.startswith(SAME_DAY_ADVICE) and "That's because you mentioned" in step.preface
    assert step.reprompt.endswith("call nine one one now.")
    assert run(checklist, {}, start=(state, step)).outcome.level is Level.URGENT_TODAY
    assert run(checklist, lambda prompt: YES, start=(state, step)).outcome.level is Level.EMERGENCY


def test_a_swollen_leg_with_chest_symptoms_is_an_emergency(checklist: Checklist) -> None:
    """A possible clot in the lung [NHS-DVT]: the leg_clot red flag then asks the chest question."""
    state, step = checklist.red_flag("leg_clot")
    assert isinstance(step, Question) and step.id == "chest"
    _, outcome = checklist.answer(state, YES)
    assert isinstance(outcome, Outcome) and outcome.level is Level.EMERGENCY
    assert outcome.speech.startswith(EMERGENCY_ADVICE) and outcome.reason_ids == ("leg_clot", "chest")


def test_repeat_right_after_a_same_day_red_flag_repeats_its_advice(checklist: Checklist) -> None:
    state, step = checklist.red_flag("leg_clot")
    again, repeated = checklist.repeat(state)
    assert again == state and isinstance(repeated, Question)
    assert repeated.preface == step.preface and repeated.preface.startswith(SAME_DAY_ADVICE)
    assert repeated.text == step.text
    # once the user has answered, repeat says just the question
    state, step = checklist.red_flag("long_cramp")
    state, step = checklist.answer(state, UNSURE)
    assert checklist.repeat(state)[1].preface == ""


def test_back_at_the_first_question_of_a_red_flag_run_keeps_the_flag(checklist: Checklist) -> None:
    state, step = checklist.red_flag("rest_pain")
    again, back = checklist.back(state)
    assert again == state and back.id == step.id and again.flag == "rest_pain"


@pytest.mark.parametrize("flag_id", ["", "chest_heart", "CHEST", "emergency_symptoms", "leg_clot_signs", None, 3,
                                     ["chest"]])
def test_unknown_red_flags_raise_a_specific_error(checklist: Checklist, flag_id: object) -> None:
    with pytest.raises(UnknownRedFlag):
        checklist.red_flag(flag_id)  # type: ignore[arg-type]


def test_states_the_checklist_did_not_make_are_rejected(checklist: Checklist) -> None:
    good, _ = walk(checklist, NO, NO)
    forged = [
        State("0" * 16, good.answers, good.at, 0),
        State(good.fingerprint, good.answers, "chest", 0),
        State(good.fingerprint, (YES, NO), "stroke", 0),  # an answer after the emergency ended it
        State(good.fingerprint, good.answers, good.at, 3),
        State(good.fingerprint, ("no", "no"), good.at, 0),  # type: ignore[arg-type]
        State(good.fingerprint, (YES,), "done", 1),
        State(good.fingerprint, good.answers, good.at, 0, "chest_heart"),  # unknown red flag
        State(good.fingerprint, (), "stroke", 0, "leg_clot"),  # the leg_clot run asks the chest question
        State(good.fingerprint, (), "done", 0, "leg_clot"),
        State(good.fingerprint, (UNSURE,), "stroke", 0),  # "not sure" gets the clarifying question first
        State(good.fingerprint, (UNSURE,), "chest", 0),
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
    state, step = walk(checklist, *to("fluid_loss"))
    assert step.id == "fluid_loss"
    assert "diarrhea" in checklist.repeat(state)[1].text  # en-US override
    assert "diarrhoea" not in checklist.repeat(state)[1].text
    outcome = walk(checklist, YES)[1]
    assert "nine one one" in outcome.speech and "911" in outcome.card_text and "911" not in outcome.speech


@pytest.mark.parametrize("locale", ["en", "en-NZ", "fr-FR", "", "../en-US", "en-US/../../x", "e", "x" * 500])
def test_locales_without_an_emergency_number_are_refused(locale: str) -> None:
    with pytest.raises(UnsupportedLocale):
        load_checklist(locale)
