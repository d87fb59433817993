"""Request envelopes: shaped like Alexa's, and readable by the ASK SDK's own model classes."""
from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import IntentRequest, LaunchRequest, RequestEnvelope, SessionEndedRequest
from ask_sdk_model.slu.entityresolution import StatusCode

from skill.simulator import envelope
from skill.simulator.envelope import Device, Session
from skill.simulator.model import load_model
from skill.simulator.phrases import load_phrases
from skill.simulator.resolver import Resolver

GARDEN = Path(__file__).parent / "models" / "garden.json"
APP_ID = "amzn1.ask.skill.11111111-2222-3333-4444-555555555555"


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver(load_model(GARDEN), load_phrases("en-US"))


def sdk(document: dict[str, Any]) -> RequestEnvelope:
    """Parse as the SDK does in lambda_handler: any field it does not know would be dropped or fail."""
    return DefaultSerializer().deserialize(payload=json.dumps(document), obj_type=RequestEnvelope)


def test_launch_request_has_every_part_alexa_sends() -> None:
    device = Device(application_id=APP_ID)
    document = envelope.launch_request(device, Session(), "en-US")
    parsed = sdk(document)
    assert isinstance(parsed.request, LaunchRequest)
    assert parsed.version == "1.0"
    assert parsed.session.new is True and parsed.session.attributes is None
    assert re.fullmatch(r"amzn1\.echo-api\.session\.[0-9a-f-]{36}", parsed.session.session_id)
    assert parsed.session.application.application_id == APP_ID == parsed.context.system.application.application_id
    assert parsed.session.user.user_id == parsed.context.system.user.user_id == device.user_id
    assert parsed.context.system.device.device_id == device.device_id
    assert parsed.context.system.api_endpoint == "https://api.amazonalexa.com"
    assert parsed.context.system.device.supported_interfaces.alexa_presentation_apl is None
    assert parsed.request.locale == "en-US"
    assert re.fullmatch(r"amzn1\.echo-api\.request\.[0-9a-f-]{36}", parsed.request.request_id)
    sent = datetime.strptime(document["request"]["timestamp"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    assert abs((datetime.now(timezone.utc) - sent).total_seconds()) < 5


def test_screen_device_supports_apl_and_sends_a_viewport() -> None:
    parsed = sdk(envelope.launch_request(Device(screen=True), Session(), "en-US"))
    assert parsed.context.system.device.supported_interfaces.alexa_presentation_apl.runtime.max_version
    assert parsed.context.viewport.pixel_width > 0


def test_session_attributes_and_new_flag_are_sent_as_given(resolver: Resolver) -> None:
    session = Session(new=False, attributes={"count": 2, "nested": {"a": [1]}})
    parsed = sdk(envelope.intent_request(Device(), session, "en-GB", resolver.understand("will it rain today")))
    assert parsed.session.new is False
    assert parsed.session.attributes == {"count": 2, "nested": {"a": [1]}}
    assert parsed.request.locale == "en-GB"


def test_matched_slot_carries_value_and_er_success_match(resolver: Resolver) -> None:
    document = envelope.intent_request(Device(application_id=APP_ID), Session(), "en-US",
                                       resolver.understand("how often do i water my love apple"))
    parsed = sdk(document)
    assert isinstance(parsed.request, IntentRequest)
    intent = parsed.request.intent
    assert intent.name == "WaterIntent" and intent.confirmation_status.value == "NONE"
    slot = intent.slots["plant"]
    assert slot.value == "love apple"
    authority = slot.resolutions.resolutions_per_authority[0]
    assert authority.authority == f"amzn1.er-authority.echo-sdk.{APP_ID}.PLANT"
    assert authority.status.code == StatusCode.ER_SUCCESS_MATCH
    assert [(v.value.name, v.value.id) for v in authority.values] == [("tomato", "TOMATO")]
    assert slot.slot_value.value == "love apple"
    assert slot.slot_value.resolutions.resolutions_per_authority[0].status.code == StatusCode.ER_SUCCESS_MATCH


def test_unmatched_slot_is_er_success_no_match_without_values(resolver: Resolver) -> None:
    document = envelope.intent_request(Device(), Session(), "en-US", resolver.understand("when should i water cactus"))
    raw = document["request"]["intent"]["slots"]["plant"]
    assert raw["value"] == "cactus"
    assert raw["resolutions"]["resolutionsPerAuthority"][0]["status"] == {"code": "ER_SUCCESS_NO_MATCH"}
    assert "values" not in raw["resolutions"]["resolutionsPerAuthority"][0]
    parsed = sdk(document).request.intent.slots["plant"]
    assert parsed.resolutions.resolutions_per_authority[0].status.code == StatusCode.ER_SUCCESS_NO_MATCH


def test_empty_and_built_in_type_slots(resolver: Resolver) -> None:
    empty = envelope.intent_request(Device(), Session(), "en-US", resolver.understand("how deep do i sow seeds"))
    assert empty["request"]["intent"]["slots"] == {"count": {"name": "count", "confirmationStatus": "NONE"}}
    number = envelope.intent_request(Device(), Session(), "en-US", resolver.understand("sow twelve seeds"))
    slot = number["request"]["intent"]["slots"]["count"]
    assert slot["value"] == "twelve" and "resolutions" not in slot


def test_slotless_intent_sends_no_slots_key(resolver: Resolver) -> None:
    document = envelope.intent_request(Device(), Session(), "en-US", resolver.understand("yes"))
    assert document["request"]["intent"] == {"name": "AMAZON.YesIntent", "confirmationStatus": "NONE"}


def test_session_ended_request_with_reason_and_error() -> None:
    session = Session(new=False, attributes={"k": "v"})
    quit_request = sdk(envelope.session_ended_request(Device(), session, "en-US", "USER_INITIATED"))
    assert isinstance(quit_request.request, SessionEndedRequest)
    assert quit_request.request.reason.value == "USER_INITIATED"
    assert quit_request.session.attributes == {"k": "v"}
    error = {"type": "INVALID_RESPONSE", "message": "bad"}
    failed = sdk(envelope.session_ended_request(Device(), session, "en-US", "ERROR", error))
    assert failed.request.reason.value == "ERROR" and failed.request.error.object_type.value == "INVALID_RESPONSE"


def test_each_request_gets_its_own_id_and_the_device_keeps_its_own() -> None:
    device, session = Device(), Session()
    first = envelope.launch_request(device, session, "en-US")
    second = envelope.launch_request(device, session, "en-US")
    assert first["request"]["requestId"] != second["request"]["requestId"]
    assert first["context"]["System"]["device"] == second["context"]["System"]["device"]
    assert Device().device_id != device.device_id
