"""The checklist as a user hears it: whole conversations through lambda_handler.

Expected words come from the checklist and prompt data, so the tests pin behaviour (which step,
which level, whether the session stays open), not one phrasing. Levels come from the revised research
(shared/research/medical-facts.md, 2026-11-30), written out in tests/checklist/conftest.py.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from skill.checklist import Answer, Level, Outcome, Question, load_checklist
from skill.checklist.rules import load_rules
from skill.dialogue.step import red_flag_id, red_flag_intent_name
from skill.knowledge import load_knowledge
from skill.dialogue.replies import load_prompts
from tests.alexa import Conversation, slot
from tests.checklist.conftest import ALL_NO_ORDER, EXPECTED_RED_FLAGS

CHECKLIST = load_checklist("en-US")
PROMPTS = load_prompts("en-US")
KB = load_knowledge("en-US")
MODEL = Path(__file__).parents[1] / "interaction_models" / "en-US.json"
ANSWER_INTENTS = {Answer.YES: "AMAZON.YesIntent", Answer.NO: "AMAZON.NoIntent", Answer.UNSURE: "NotSureIntent"}
# Every red flag the research names has its intent, RedFlag<CamelCaseId>Intent.
RED_FLAG_INTENTS = {red_flag_intent_name(flag_id): flag_id for flag_id in EXPECTED_RED_FLAGS}
EMERGENCY_ADVICE = "Call nine one one now. This could be an emergency."
SAME_DAY_ADVICE = "Please get medical help today or tonight."
SAFETY_LINE = "If this could be an emergency, call nine one one."


def spoken(step: Question | Outcome) -> str:
    """What the skill says for a step: a question after its preface; an outcome's first turn."""
    if isinstance(step, Outcome):
        return step.speech
    return " ".join(part for part in (step.preface, step.text) if part)


def expected(*answers: Answer) -> Question | Outcome:
    """Run the pure machine with these answers and return its last step."""
    state, step = CHECKLIST.start()
    for answer in answers:
        state, step = CHECKLIST.answer(state, answer)
    return step


def started() -> Conversation:
    talk = Conversation()
    first = talk.say("CheckSymptomsIntent")
    _, question = CHECKLIST.start()
    assert isinstance(question, Question) and question.id == "chest"
    assert first.speech == spoken(question)
    assert first.ends is False and first.reprompt
    return talk


def answer_all_no(talk: Conversation):
    turn = None
    for _ in range(len(ALL_NO_ORDER)):
        turn = talk.say("AMAZON.NoIntent")
        if talk.attributes.get("checklist", {}).get("at") == "done":
            break
    return turn


def test_red_flag_intents_in_the_model_are_exactly_the_research_red_flags() -> None:
    language = json.loads(MODEL.read_text(encoding="utf-8"))["interactionModel"]["languageModel"]
    in_model = {intent["name"] for intent in language["intents"] if red_flag_id(intent["name"])}
    assert in_model == set(RED_FLAG_INTENTS)
    assert {flag.id for flag in load_rules().red_flags} == set(EXPECTED_RED_FLAGS)
    for intent, flag_id in RED_FLAG_INTENTS.items():
        assert red_flag_id(intent) == flag_id


def test_all_no_ends_in_self_care_with_tips_and_an_offer() -> None:
    talk = started()
    turn = answer_all_no(talk)
    outcome = expected(*[Answer.NO] * len(ALL_NO_ORDER))
    assert isinstance(outcome, Outcome) and outcome.level is Level.SELF_CARE
    assert turn.speech.startswith(outcome.speech)
    assert turn.speech.startswith("None of the warning signs I asked about came up.")
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
    advice = answer_all_no(talk)
    assert talk.say("AMAZON.RepeatIntent").speech == advice.speech


def test_declining_the_tips_goes_to_the_offer_of_questions() -> None:
    talk = started()
    answer_all_no(talk)
    declined = talk.say("AMAZON.NoIntent")
    outcome = expected(*[Answer.NO] * len(ALL_NO_ORDER))
    assert declined.speech.endswith(outcome.follow_up) and outcome.tips[0] not in declined.speech
    assert talk.say("AMAZON.YesIntent").speech.endswith("?")


@pytest.mark.parametrize("position", range(4))
def test_each_emergency_question_yes_is_an_emergency_said_first_and_ends(position: int) -> None:
    """Chest, stroke signs, a cold pale leg, severe pain: the four emergency questions."""
    talk = started()
    for _ in range(position):
        talk.say("AMAZON.NoIntent")
    turn = talk.say("AMAZON.YesIntent")
    outcome = expected(*[Answer.NO] * position, Answer.YES)
    assert isinstance(outcome, Outcome) and outcome.level is Level.EMERGENCY
    assert turn.speech.startswith(EMERGENCY_ADVICE) and turn.speech.startswith(outcome.advice)
    assert "911" in turn.card["content"]
    assert turn.ends is True
    assert "call you" not in turn.speech.lower() and "shall i call" not in turn.speech.lower()


def test_stroke_signs_say_call_even_if_they_go_away_and_dont_drive() -> None:
    talk = started()
    talk.say("AMAZON.NoIntent")
    turn = talk.say("AMAZON.YesIntent")
    assert turn.speech.startswith(EMERGENCY_ADVICE)
    assert "even if the signs go away" in turn.speech and "don't drive yourself" in turn.speech


def test_same_day_answer_gives_the_advice_after_the_remaining_emergency_questions() -> None:
    """A racing heartbeat alone is same day; the checklist asks what could still make it an emergency."""
    talk = started()
    for _ in range(4):
        talk.say("AMAZON.NoIntent")
    follow = talk.say("AMAZON.YesIntent")
    assert follow.speech == spoken(expected(*[Answer.NO] * 4, Answer.YES))
    assert talk.attributes["checklist"]["at"] == "heartbeat.follow"
    turn = None
    for _ in range(5):  # no dizziness; no dark pee, fluid loss, wound or medicine
        turn = talk.say("AMAZON.NoIntent")
        if talk.attributes["checklist"]["at"] == "done":
            break
    assert turn.speech.startswith(SAME_DAY_ADVICE)
    assert turn.ends is False and turn.speech.endswith("?")


def test_not_sure_gets_a_clarifying_question_then_counts_as_yes_and_says_so() -> None:
    talk = started()
    for _ in range(5):
        talk.say("AMAZON.NoIntent")
    first = talk.say("NotSureIntent")
    step = expected(*[Answer.NO] * 5, Answer.UNSURE)
    assert isinstance(step, Question) and step.id == "leg_clot.clarify"
    assert first.speech == spoken(step) and first.ends is False
    second = talk.say("NotSureIntent")
    step = expected(*[Answer.NO] * 5, Answer.UNSURE, Answer.UNSURE)
    assert second.speech.startswith("I'll count that as a yes, to be safe.")
    assert second.speech == spoken(step) and second.ends is False


def test_not_sure_twice_to_the_chest_question_is_an_emergency() -> None:
    talk = started()
    talk.say("NotSureIntent")
    turn = talk.say("NotSureIntent")
    assert turn.speech.startswith(EMERGENCY_ADVICE) and turn.ends is True


def test_a_yes_gets_its_follow_up_and_a_yes_there_is_an_emergency() -> None:
    talk = started()
    for _ in range(ALL_NO_ORDER.index("wound")):
        talk.say("AMAZON.NoIntent")
    follow = talk.say("AMAZON.YesIntent")
    step = expected(*[Answer.NO] * ALL_NO_ORDER.index("wound"), Answer.YES)
    assert isinstance(step, Question) and step.id == "wound.follow" and follow.speech == spoken(step)
    turn = talk.say("AMAZON.YesIntent")  # stiff jaw or spasms after a wound: possible tetanus
    assert turn.speech.startswith(EMERGENCY_ADVICE) and turn.ends is True


def test_why_repeat_help_keep_the_place() -> None:
    talk = started()
    talk.say("AMAZON.NoIntent")
    state, _ = CHECKLIST.start()
    state, question = CHECKLIST.answer(state, Answer.NO)
    why = talk.say("WhyAskIntent")
    assert why.speech == spoken(CHECKLIST.why(state)[1])
    assert talk.say("AMAZON.RepeatIntent").speech == question.text
    assert talk.say("AMAZON.HelpIntent").speech == spoken(CHECKLIST.help(state)[1])
    # the answer still goes to the same question
    assert talk.say("AMAZON.NoIntent").speech == spoken(expected(Answer.NO, Answer.NO))


def test_go_back_reasks_the_previous_question() -> None:
    talk = started()
    talk.say("AMAZON.NoIntent")
    talk.say("AMAZON.NoIntent")
    back = talk.say("AMAZON.PreviousIntent")
    state, _ = CHECKLIST.start()
    state, _ = CHECKLIST.answer(state, Answer.NO)
    state, _ = CHECKLIST.answer(state, Answer.NO)
    assert back.speech == spoken(CHECKLIST.back(state)[1])
    assert talk.attributes["checklist"]["at"] == "stroke"


def test_start_over_mid_checklist_restarts_it() -> None:
    talk = started()
    talk.say("AMAZON.NoIntent")
    again = talk.say("AMAZON.StartOverIntent")
    assert again.speech == spoken(CHECKLIST.start_over()[1])
    assert talk.attributes["checklist"]["answers"] == []


def test_stop_at_a_question_that_is_no_emergency_just_says_goodbye() -> None:
    talk = started()
    for _ in range(ALL_NO_ORDER.index("pregnancy")):
        talk.say("AMAZON.NoIntent")
    turn = talk.say("AMAZON.StopIntent")
    assert turn.speech in PROMPTS.variants("goodbye.speech") and turn.ends is True


def test_stop_at_an_emergency_question_carries_the_safety_line() -> None:
    talk = started()
    talk.say("AMAZON.NoIntent")
    turn = talk.say("AMAZON.StopIntent")
    assert turn.speech.startswith("If any of those signs are happening, call nine one one now.")
    assert turn.ends is True


def test_stop_after_a_same_day_answer_gives_one_safety_line() -> None:
    """A racing heartbeat raises the level without ending the checklist; stopping then still leaves
    the user with the advice that answer called for."""
    talk = started()
    for _ in range(4):
        talk.say("AMAZON.NoIntent")
    talk.say("AMAZON.YesIntent")
    talk.say("AMAZON.NoIntent")
    turn = talk.say("AMAZON.CancelIntent")
    state, _ = CHECKLIST.start()
    for answer in (*[Answer.NO] * 4, Answer.YES, Answer.NO):
        state, _ = CHECKLIST.answer(state, answer)
    assert not state.finished
    line = CHECKLIST.stop(state)
    assert line and SAME_DAY_ADVICE in line and turn.speech.startswith(line)
    assert turn.ends is True and not turn.attributes


def test_two_misses_then_offer_to_stop_or_start_over_with_the_safety_line() -> None:
    talk = started()
    first = talk.say("BTwelveFoodsIntent")
    state, _ = CHECKLIST.start()
    state, reask = CHECKLIST.miss(state)
    assert first.speech == spoken(reask) and first.ends is False
    assert SAFETY_LINE in first.speech and first.speech.index(SAFETY_LINE) < first.speech.index(reask.text)
    second = talk.say("AMAZON.FallbackIntent")
    assert second.speech == spoken(CHECKLIST.miss(state)[1])
    assert "stop" in second.speech and SAFETY_LINE in second.speech
    # still on the first question: yes is still an emergency
    assert talk.say("AMAZON.YesIntent").ends is True


def test_fallback_outside_the_checklist_ends_with_the_safety_line_before_the_question() -> None:
    turn = Conversation().say("AMAZON.FallbackIntent")
    assert SAFETY_LINE in turn.speech and turn.speech.endswith("?")
    assert turn.speech.index(SAFETY_LINE) > 0 and turn.ends is False


@pytest.mark.parametrize("intent", sorted(RED_FLAG_INTENTS))
def test_red_flag_outside_the_checklist_escalates_at_once(intent: str) -> None:
    talk = Conversation()
    talk.say("BTwelveFoodsIntent")
    turn = talk.say(intent)
    level = EXPECTED_RED_FLAGS[RED_FLAG_INTENTS[intent]]
    _, step = CHECKLIST.red_flag(RED_FLAG_INTENTS[intent])
    assert turn.speech.startswith(spoken(step))
    if level is Level.EMERGENCY:
        assert turn.speech.startswith(EMERGENCY_ADVICE) and turn.ends is True
    else:
        assert turn.speech.startswith(SAME_DAY_ADVICE) and turn.ends is False


@pytest.mark.parametrize("intent", sorted(RED_FLAG_INTENTS))
def test_red_flag_as_a_one_shot_request(intent: str) -> None:
    turn = Conversation().say(intent)
    advice = EMERGENCY_ADVICE if EXPECTED_RED_FLAGS[RED_FLAG_INTENTS[intent]] is Level.EMERGENCY else SAME_DAY_ADVICE
    assert turn.speech.startswith(advice)


def test_repeat_after_a_same_day_red_flag_repeats_the_advice() -> None:
    talk = Conversation()
    first = talk.say("RedFlagLegClotIntent")
    assert first.speech.startswith(SAME_DAY_ADVICE)
    again = talk.say("AMAZON.RepeatIntent")
    assert again.speech == first.speech


def test_a_swollen_leg_then_chest_symptoms_is_an_emergency() -> None:
    """A possible clot in the lung: after the leg clot red flag the skill asks about the chest."""
    talk = Conversation()
    first = talk.say("RedFlagLegClotIntent")
    _, step = CHECKLIST.red_flag("leg_clot")
    assert isinstance(step, Question) and step.id == "chest" and first.speech.endswith(step.text)
    turn = talk.say("AMAZON.YesIntent")
    assert turn.speech.startswith(EMERGENCY_ADVICE) and turn.ends is True


def test_red_flag_mid_checklist_wins_over_the_question() -> None:
    talk = started()
    talk.say("AMAZON.NoIntent")
    turn = talk.say("RedFlagStrokeIntent")  # "half my face has gone droopy", at the stroke question or any other
    assert turn.speech.startswith(EMERGENCY_ADVICE) and turn.ends is True
    assert "I need a yes" not in turn.speech


def test_same_day_red_flag_mid_checklist_starts_its_own_run() -> None:
    talk = started()
    talk.say("AMAZON.NoIntent")
    turn = talk.say("RedFlagLegClotIntent")
    _, step = CHECKLIST.red_flag("leg_clot")
    assert turn.speech == spoken(step) and turn.speech.startswith(SAME_DAY_ADVICE)
    assert talk.attributes["checklist"]["flag"] == "leg_clot" and talk.attributes["checklist"]["answers"] == []
    # "yes" now answers the red flag's chest question, not the stroke question the checklist was at
    assert talk.say("AMAZON.YesIntent").speech.startswith(EMERGENCY_ADVICE)


def test_checklist_offered_after_a_relevant_answer_starts_on_yes() -> None:
    talk = Conversation()
    entry = KB.cause("b12")
    assert entry.offer_checklist
    talk.say("CauseIntent", slot("cause", "b twelve", entry.id))
    for _ in entry.answer.more:
        talk.say("AMAZON.YesIntent")
    offer = talk.say("TellMeMoreIntent")
    assert offer.speech.endswith(PROMPTS.say("followup.checklist"))
    assert talk.say("AMAZON.YesIntent").speech == spoken(CHECKLIST.start()[1])


@pytest.mark.parametrize("tampered", [
    {"v": 2, "rules": "0" * 16, "answers": [], "at": "chest", "misses": 0, "flag": ""},
    {"v": 2, "rules": CHECKLIST.fingerprint, "answers": ["yes", "maybe"], "at": "x", "misses": 0, "flag": ""},
    {"v": 1, "rules": CHECKLIST.fingerprint, "answers": [], "at": "chest", "misses": 0},  # an old session
    {"v": 2, "rules": CHECKLIST.fingerprint, "answers": [], "at": "chest", "misses": 0, "flag": "emergency_symptoms"},
    {"v": 2},
    "garbage",
    {"v": 2, "rules": CHECKLIST.fingerprint, "answers": ["no"] * 500, "at": "chest", "misses": 0, "flag": ""},
])
def test_tampered_checklist_state_restarts_politely(tampered) -> None:
    talk = started()
    talk.attributes["checklist"] = tampered
    turn = talk.say("AMAZON.YesIntent")
    assert turn.speech.startswith(PROMPTS.say("checklist.lost_place"))
    assert turn.speech.endswith(CHECKLIST.start()[1].text)
    assert talk.attributes["checklist"]["answers"] == [] and talk.attributes["checklist"]["flag"] == ""


def test_go_home_leaves_the_checklist() -> None:
    talk = started()
    home = talk.say("AMAZON.NavigateHomeIntent")
    assert home.speech.startswith(PROMPTS.say("home.intro"))
    assert talk.attributes.get("checklist") is None


def test_repeat_after_the_outcome_repeats_the_advice() -> None:
    talk = started()
    answers = [*[Answer.NO] * ALL_NO_ORDER.index("medicine"), Answer.YES, Answer.NO]  # medicine: contact soon
    for answer in answers:
        talk.say(ANSWER_INTENTS[answer])
    for _ in range(len(ALL_NO_ORDER)):
        if talk.attributes["checklist"]["at"] == "done":
            break
        talk.say("AMAZON.NoIntent")
        answers.append(Answer.NO)
    outcome = expected(*answers)
    assert isinstance(outcome, Outcome) and outcome.level is Level.CONTACT_SOON
    again = talk.say("AMAZON.RepeatIntent")
    assert again.speech.startswith(outcome.speech)


def test_why_outside_the_checklist_gets_help() -> None:
    turn = Conversation().say("WhyAskIntent")
    assert turn.speech.startswith(PROMPTS.say("help.start")) and turn.ends is False
