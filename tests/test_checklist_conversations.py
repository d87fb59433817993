"""The checklist as a user hears it: whole conversations through lambda_handler.

Expected words come from the checklist and prompt data, so the tests pin behaviour (which step,
which level, whether the session stays open), not one phrasing.
"""
from __future__ import annotations

import pytest

from skill.checklist import Answer, Level, Outcome, load_checklist
from skill.handlers.checklist import RED_FLAG_INTENTS
from skill.knowledge import load_knowledge
from skill.speech.prompts import load_prompts
from tests.alexa import Conversation, slot

CHECKLIST = load_checklist("en-US")
PROMPTS = load_prompts("en-US")
KB = load_knowledge("en-US")
ANSWER_INTENTS = {Answer.YES: "AMAZON.YesIntent", Answer.NO: "AMAZON.NoIntent", Answer.UNSURE: "NotSureIntent"}


def expected(*answers: Answer):
    """Run the pure machine with these answers and return its last step."""
    state, step = CHECKLIST.start()
    for answer in answers:
        state, step = CHECKLIST.answer(state, answer)
    return step


def started() -> Conversation:
    talk = Conversation()
    first = talk.say("CheckSymptomsIntent")
    _, question = CHECKLIST.start()
    assert first.speech == question.speech
    assert first.ends is False and first.reprompt
    return talk


def test_all_no_ends_in_self_care_with_tips_and_an_offer() -> None:
    talk = started()
    turn = None
    for _ in range(len(CHECKLIST.question_ids)):
        turn = talk.say("AMAZON.NoIntent")
        if talk.attributes.get("checklist", {}).get("at") == "done":
            break
    outcome = expected(*[Answer.NO] * len(CHECKLIST.question_ids))
    assert isinstance(outcome, Outcome) and outcome.level is Level.SELF_CARE
    assert turn.speech.startswith(outcome.speech)
    assert turn.card["title"] == outcome.card_title and "not a diagnosis" in turn.card["content"]
    assert all(tip in turn.card["content"] for tip in outcome.tips) and 2 <= len(outcome.tips) <= 3
    # tips are their own short turn, offered after the advice
    assert turn.ends is False and turn.speech.endswith("?")
    tips = talk.say("AMAZON.YesIntent")
    assert tips.speech == f"{outcome.tips_speech} {outcome.follow_up}"
    # the offer of questions: no ends politely
    assert talk.say("AMAZON.NoIntent").ends is True


def test_repeat_after_the_advice_repeats_it_with_the_tips_offer() -> None:
    talk = started()
    for _ in range(len(CHECKLIST.question_ids)):
        advice = talk.say("AMAZON.NoIntent")
        if talk.attributes.get("checklist", {}).get("at") == "done":
            break
    assert talk.say("AMAZON.RepeatIntent").speech == advice.speech


def test_declining_the_tips_goes_to_the_offer_of_questions() -> None:
    talk = started()
    for _ in range(len(CHECKLIST.question_ids)):
        talk.say("AMAZON.NoIntent")
        if talk.attributes.get("checklist", {}).get("at") == "done":
            break
    declined = talk.say("AMAZON.NoIntent")
    outcome = expected(*[Answer.NO] * len(CHECKLIST.question_ids))
    assert declined.speech.endswith(outcome.follow_up) and outcome.tips[0] not in declined.speech
    assert talk.say("AMAZON.YesIntent").speech.endswith("?")


def test_first_question_yes_is_an_emergency_said_first_and_ends() -> None:
    talk = started()
    turn = talk.say("AMAZON.YesIntent")
    outcome = expected(Answer.YES)
    assert outcome.level is Level.EMERGENCY
    assert turn.speech.startswith(outcome.advice)
    assert "nine one one" in turn.speech and "911" in turn.card["content"]
    assert turn.ends is True
    assert "call you" not in turn.speech.lower() and "shall i call" not in turn.speech.lower()


@pytest.mark.parametrize("position", range(1, 4))
def test_each_urgent_red_flag_question_stops_the_checklist_today(position: int) -> None:
    talk = started()
    for _ in range(position):
        talk.say("AMAZON.NoIntent")
    turn = talk.say("AMAZON.YesIntent")
    outcome = expected(*[Answer.NO] * position, Answer.YES)
    assert outcome.level is Level.URGENT_TODAY
    assert turn.speech.startswith(outcome.speech)
    assert turn.ends is False and turn.speech.endswith("?")


def test_not_sure_is_treated_cautiously_and_said_so() -> None:
    talk = started()
    talk.say("AMAZON.NoIntent")
    talk.say("AMAZON.NoIntent")
    turn = talk.say("NotSureIntent")
    step = expected(Answer.NO, Answer.NO, Answer.UNSURE)
    assert step.preface and turn.speech.startswith(step.preface)
    assert turn.speech == step.speech and turn.ends is False


def test_why_repeat_help_keep_the_place() -> None:
    talk = started()
    talk.say("AMAZON.NoIntent")
    state, _ = CHECKLIST.start()
    state, question = CHECKLIST.answer(state, Answer.NO)
    why = talk.say("WhyAskIntent")
    assert why.speech == CHECKLIST.why(state)[1].speech
    assert talk.say("AMAZON.RepeatIntent").speech == question.text
    assert talk.say("AMAZON.HelpIntent").speech == CHECKLIST.help(state)[1].speech
    # the answer still goes to the same question
    assert talk.say("AMAZON.NoIntent").speech == expected(Answer.NO, Answer.NO).speech


def test_go_back_reasks_the_previous_question() -> None:
    talk = started()
    talk.say("AMAZON.NoIntent")
    talk.say("AMAZON.NoIntent")
    back = talk.say("AMAZON.PreviousIntent")
    state, _ = CHECKLIST.start()
    state, _ = CHECKLIST.answer(state, Answer.NO)
    state, _ = CHECKLIST.answer(state, Answer.NO)
    assert back.speech == CHECKLIST.back(state)[1].speech


def test_start_over_mid_checklist_restarts_it() -> None:
    talk = started()
    talk.say("AMAZON.NoIntent")
    again = talk.say("AMAZON.StartOverIntent")
    assert again.speech == CHECKLIST.start_over()[1].speech
    assert talk.attributes["checklist"]["answers"] == []


def test_stop_mid_way_without_red_flags_just_says_goodbye() -> None:
    talk = started()
    talk.say("AMAZON.NoIntent")
    turn = talk.say("AMAZON.StopIntent")
    assert turn.speech in PROMPTS.variants("goodbye.speech") and turn.ends is True


def test_stop_after_an_unsure_red_flag_gives_one_safety_line() -> None:
    """Unsure about a long cramp raises the level without ending the checklist; stopping then
    still leaves the user with the advice that answer called for."""
    talk = started()
    talk.say("AMAZON.NoIntent")
    talk.say("AMAZON.NoIntent")
    talk.say("NotSureIntent")
    turn = talk.say("AMAZON.CancelIntent")
    state, _ = CHECKLIST.start()
    for answer in (Answer.NO, Answer.NO, Answer.UNSURE):
        state, step = CHECKLIST.answer(state, answer)
    assert not state.finished
    line = CHECKLIST.stop(state)
    assert line and turn.speech.startswith(line)
    assert turn.ends is True and not turn.attributes


def test_two_misses_then_offer_to_stop_or_start_over() -> None:
    talk = started()
    first = talk.say("BTwelveFoodsIntent")
    state, _ = CHECKLIST.start()
    state, reask = CHECKLIST.miss(state)
    assert first.speech == reask.speech and first.ends is False
    second = talk.say("AMAZON.FallbackIntent")
    assert second.speech == CHECKLIST.miss(state)[1].speech
    assert "start over" in second.speech and "stop" in second.speech
    # still on the first question: yes is still an emergency
    assert talk.say("AMAZON.YesIntent").ends is True


@pytest.mark.parametrize("intent", sorted(RED_FLAG_INTENTS))
def test_red_flag_outside_the_checklist_escalates_at_once(intent: str) -> None:
    talk = Conversation()
    talk.say("BTwelveFoodsIntent")
    turn = talk.say(intent)
    outcome = CHECKLIST.red_flag(RED_FLAG_INTENTS[intent])
    assert turn.speech.startswith(outcome.speech)
    assert outcome.level >= Level.URGENT_TODAY
    assert turn.ends is (outcome.level is Level.EMERGENCY)


def test_repeat_after_a_red_flag_repeats_the_urgent_advice() -> None:
    talk = Conversation()
    first = talk.say("ClotSignsIntent")
    again = talk.say("AMAZON.RepeatIntent")
    assert again.speech == first.speech
    assert again.speech.startswith(CHECKLIST.red_flag("leg_clot_signs").speech)


def test_red_flag_mid_checklist_escalates_and_ends_the_checklist() -> None:
    talk = started()
    talk.say("AMAZON.NoIntent")
    turn = talk.say("ClotSignsIntent")
    assert turn.speech.startswith(CHECKLIST.red_flag("leg_clot_signs").speech)
    assert talk.attributes.get("checklist") is None
    assert not talk.say("AMAZON.YesIntent").speech.startswith(expected(Answer.NO, Answer.YES).speech)


def test_red_flag_as_a_one_shot_request() -> None:
    turn = Conversation().say("EmergencySymptomIntent")
    assert turn.speech.startswith(CHECKLIST.red_flag("emergency_symptoms").advice) and turn.ends is True


def test_checklist_offered_after_a_relevant_answer_starts_on_yes() -> None:
    talk = Conversation()
    entry = KB.cause("b12")
    assert entry.offer_checklist
    talk.say("CauseIntent", slot("cause", "b twelve", entry.id))
    for _ in entry.answer.more:
        talk.say("AMAZON.YesIntent")
    offer = talk.say("TellMeMoreIntent")
    assert offer.speech.endswith(PROMPTS.say("followup.checklist"))
    assert talk.say("AMAZON.YesIntent").speech == CHECKLIST.start()[1].speech


@pytest.mark.parametrize("tampered", [
    {"v": 1, "rules": "0" * 16, "answers": [], "at": "chest_heart", "misses": 0},
    {"v": 1, "rules": CHECKLIST.fingerprint, "answers": ["yes", "maybe"], "at": "x", "misses": 0},
    {"v": 2},
    "garbage",
    {"v": 1, "rules": CHECKLIST.fingerprint, "answers": ["no"] * 500, "at": "chest_heart", "misses": 0},
])
def test_tampered_checklist_state_restarts_politely(tampered) -> None:
    talk = started()
    talk.attributes["checklist"] = tampered
    turn = talk.say("AMAZON.YesIntent")
    assert turn.speech.startswith(PROMPTS.say("checklist.lost_place"))
    assert turn.speech.endswith(CHECKLIST.start()[1].text)
    assert talk.attributes["checklist"]["answers"] == []


def test_go_home_leaves_the_checklist() -> None:
    talk = started()
    home = talk.say("AMAZON.NavigateHomeIntent")
    assert home.speech.startswith(PROMPTS.say("home.intro"))
    assert talk.attributes.get("checklist") is None


def test_repeat_after_the_outcome_repeats_the_advice() -> None:
    talk = started()
    for _ in range(3):
        talk.say("AMAZON.NoIntent")
    talk.say("AMAZON.YesIntent")  # fluid loss: urgent today, checklist finished
    again = talk.say("AMAZON.RepeatIntent")
    assert again.speech.startswith(expected(Answer.NO, Answer.NO, Answer.NO, Answer.YES).speech)


def test_why_outside_the_checklist_gets_help() -> None:
    turn = Conversation().say("WhyAskIntent")
    assert turn.speech.startswith(PROMPTS.say("help.start")) and turn.ends is False
