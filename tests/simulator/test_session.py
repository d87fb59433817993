"""Sessions run as Alexa runs them, against a small recording skill built with the real ASK SDK.

The recording skill answers from the garden test model's intents and keeps every request it got,
so the tests can see exactly what the simulator sent on each turn.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.skill_builder import SkillBuilder
from ask_sdk_core.utils import is_intent_name, is_request_type
from ask_sdk_model import Response

from skill.simulator.envelope import Device
from skill.simulator.model import load_model
from skill.simulator.phrases import load_phrases
from skill.simulator.resolver import Resolver
from skill.simulator.session import Conversation
from skill.simulator.transport import InProcessTransport

GARDEN = Path(__file__).parent / "models" / "garden.json"


class RecordingSkill:
    """Launch and RainIntent count turns in a session attribute; Yes answers without attributes;
    No ends the session; Help fails and is caught (logged) by a catch-all; Cancel fails uncaught."""

    def __init__(self, catch_errors: bool = True) -> None:
        self.received: list[dict[str, Any]] = []
        builder = SkillBuilder()

        def counted(handler_input: HandlerInput, text: str) -> Response:
            attributes = handler_input.attributes_manager.session_attributes
            attributes["turns"] = attributes.get("turns", 0) + 1
            return handler_input.response_builder.speak(f"{text} {attributes['turns']}, again?").ask("again?").response

        @builder.request_handler(can_handle_func=is_request_type("LaunchRequest"))
        def launch(handler_input: HandlerInput) -> Response:
            return counted(handler_input, "launched")

        @builder.request_handler(can_handle_func=is_intent_name("RainIntent"))
        def rain(handler_input: HandlerInput) -> Response:
            return counted(handler_input, "rain")

        @builder.request_handler(can_handle_func=is_intent_name("AMAZON.YesIntent"))
        def forgetful(handler_input: HandlerInput) -> Response:
            handler_input.attributes_manager.session_attributes = {}
            return handler_input.response_builder.speak("forgot, again?").ask("again?").response

        @builder.request_handler(can_handle_func=is_intent_name("AMAZON.NoIntent"))
        def goodbye(handler_input: HandlerInput) -> Response:
            return handler_input.response_builder.speak("<emphasis>bye</emphasis>").set_should_end_session(True).response

        @builder.request_handler(can_handle_func=is_intent_name("AMAZON.StopIntent"))
        def silent(handler_input: HandlerInput) -> Response:
            return handler_input.response_builder.speak("no decision").response

        @builder.request_handler(can_handle_func=is_request_type("SessionEndedRequest"))
        def ended(handler_input: HandlerInput) -> Response:
            return handler_input.response_builder.response

        @builder.request_handler(can_handle_func=lambda handler_input: is_intent_name("AMAZON.HelpIntent")(handler_input)
                                 or is_intent_name("AMAZON.CancelIntent")(handler_input))
        def broken(handler_input: HandlerInput) -> Response:
            raise RuntimeError("handler bug")

        if catch_errors:
            @builder.exception_handler(can_handle_func=lambda handler_input, exception: not is_intent_name(
                "AMAZON.CancelIntent")(handler_input))
            def catch_all(handler_input: HandlerInput, exception: Exception) -> Response:
                logging.getLogger("recording.skill").error("failed", exc_info=exception)
                return handler_input.response_builder.speak("sorry, again?").ask("again?").response

        self.handler = builder.lambda_handler()

    def __call__(self, event: dict[str, Any], context: Any) -> dict[str, Any]:
        self.received.append(event)
        return self.handler(event, context)


@pytest.fixture
def skill() -> RecordingSkill:
    return RecordingSkill()


def conversation(skill: RecordingSkill, screen: bool = False) -> Conversation:
    return Conversation(Resolver(load_model(GARDEN), load_phrases("en-US")), InProcessTransport(skill), "en-US",
                        Device(screen=screen))


def test_attributes_carry_across_turns_of_one_session(skill: RecordingSkill) -> None:
    talk = conversation(skill)
    turns = [talk.say(said) for said in ("open garden helper", "will it rain today", "is it going to rain")]
    assert [turn.speech for turn in turns] == ["launched 1, again?", "rain 2, again?", "rain 3, again?"]
    sessions = [event["session"] for event in skill.received]
    assert [s["new"] for s in sessions] == [True, False, False]
    assert "attributes" not in sessions[0]
    assert [s.get("attributes") for s in sessions[1:]] == [{"turns": 1}, {"turns": 2}]
    assert len({s["sessionId"] for s in sessions}) == 1
    assert all(turn.session_open and turn.failure is None for turn in turns)


def test_attributes_a_response_leaves_out_are_gone_next_turn(skill: RecordingSkill) -> None:
    talk = conversation(skill)
    for said in ("open garden helper", "yes", "will it rain today"):
        talk.say(said)
    assert skill.received[2]["session"]["attributes"] == {}
    assert talk.say("will it rain today").speech == "rain 2, again?"


def test_a_new_session_starts_after_the_skill_ends_one(skill: RecordingSkill) -> None:
    talk = conversation(skill)
    talk.say("open garden helper")
    talk.say("will it rain today")
    bye = talk.say("no")
    assert (bye.speech, bye.session_open) == ("bye", False)
    again = talk.say("will it rain today")
    first, last = skill.received[0]["session"], skill.received[-1]["session"]
    assert last["new"] is True and last["sessionId"] != first["sessionId"] and "attributes" not in last
    assert again.speech == "rain 1, again?"


def test_a_launch_phrase_mid_session_starts_a_new_session(skill: RecordingSkill) -> None:
    talk = conversation(skill)
    talk.say("open garden helper")
    talk.say("will it rain today")
    assert talk.say("open garden helper").speech == "launched 1, again?"
    assert skill.received[-1]["session"]["new"] is True


def test_leaving_an_open_session_sends_session_ended_request(skill: RecordingSkill) -> None:
    talk = conversation(skill)
    talk.say("open garden helper")
    ended = talk.end()
    assert ended is not None and ended.request_type == "SessionEndedRequest"
    request = skill.received[-1]
    assert request["request"]["reason"] == "USER_INITIATED" and request["session"]["attributes"] == {"turns": 1}
    assert talk.end() is None and len(skill.received) == 2


@pytest.mark.skip_response_checks  # leaves shouldEndSession out on purpose
def test_no_should_end_session_ends_on_a_speaker_and_stays_open_on_a_screen(skill: RecordingSkill) -> None:
    speaker = conversation(skill)
    speaker.say("open garden helper")
    assert speaker.say("stop").session_open is False
    screen = conversation(skill, screen=True)
    screen.say("open garden helper")
    assert screen.say("stop").session_open is True


def test_an_error_the_skill_catches_and_logs_is_reported_with_its_apology(skill: RecordingSkill) -> None:
    talk = conversation(skill)
    talk.say("open garden helper")
    turn = talk.say("help")
    assert turn.speech == "sorry, again?"
    assert turn.failure is not None and "RuntimeError: handler bug" in turn.failure
    assert turn.session_open


def test_an_uncaught_error_is_reported_and_the_session_ends_in_error() -> None:
    skill = RecordingSkill(catch_errors=False)
    talk = conversation(skill)
    talk.say("open garden helper")
    turn = talk.say("cancel")
    assert turn.reply.envelope is None and turn.failure is not None and "RuntimeError" in turn.failure
    assert not turn.session_open
    ended = skill.received[-1]["request"]
    assert (ended["type"], ended["reason"], ended["error"]["type"]) == ("SessionEndedRequest", "ERROR",
                                                                        "INVALID_RESPONSE")


def test_outside_a_session_anything_said_is_a_one_shot(skill: RecordingSkill) -> None:
    turn = conversation(skill).say("will it rain today")
    assert turn.request["session"]["new"] is True and turn.request_type == "IntentRequest"
    assert turn.speech == "rain 1, again?"
