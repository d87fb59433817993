"""Request envelopes shaped like the ones Alexa sends, so what passes here passes on a device.

Field for field they follow the request JSON reference: ``version``, ``session`` (new, sessionId,
application, user, attributes), ``context.System`` (application, user, device with its supported
interfaces, apiEndpoint; ``context.Viewport`` on a screen device) and ``request``. Slots carry
``value``, ``resolutions.resolutionsPerAuthority`` and the newer ``slotValue`` form, as Alexa fills them.

This is the project's one envelope builder: the simulator, the test suite (tests/alexa.py,
tests/web/envelopes.py) and the Lambda harness (scripts/lambda_harness.py) all build through
``request_envelope`` and ``slot_json``, choosing their own fixed ids and timestamps where a test
needs them to be stable.
"""
from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from skill.simulator.resolver import FilledSlot, Understanding

JsonObject = dict[str, Any]

DEFAULT_APPLICATION_ID = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"
API_ENDPOINT = "https://api.amazonalexa.com"
APL_MAX_VERSION = "2023.3"


def _amazon_id(kind: str) -> str:
    return f"amzn1.{kind}.{uuid.uuid4()}"


@dataclass(frozen=True)
class Device:
    """One simulated Echo and its user: the ids stay the same for a whole run, as a real device's do."""

    application_id: str = DEFAULT_APPLICATION_ID
    screen: bool = False
    device_id: str = field(default_factory=lambda: _amazon_id("ask.device"))
    user_id: str = field(default_factory=lambda: _amazon_id("ask.account"))
    #: False for a device that declares no interfaces at all (the test suites' envelopes).
    audio: bool = True
    #: ``context.System.apiAccessToken``, which Alexa sends for the skill to call Alexa's APIs.
    api_access_token: str | None = None

    def supported_interfaces(self) -> JsonObject:
        """An Echo Dot plays audio; an Echo Show also renders APL."""
        interfaces: JsonObject = {"AudioPlayer": {}} if self.audio else {}
        if self.screen:
            interfaces["Alexa.Presentation.APL"] = {"runtime": {"maxVersion": APL_MAX_VERSION}}
        return interfaces


@dataclass
class Session:
    """What Alexa keeps between turns of one session: its id, and the attributes the skill returned."""

    session_id: str = field(default_factory=lambda: _amazon_id("echo-api.session"))
    new: bool = True
    attributes: JsonObject | None = None
    #: The skill id the session names, when it differs from the device context's (a misrouted request).
    application_id: str | None = None


def _timestamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _viewport() -> JsonObject:
    """An Echo Show 5-sized landscape screen, the smallest common APL viewport."""
    return {
        "experiences": [{"arcMinuteWidth": 246, "arcMinuteHeight": 144, "canRotate": False, "canResize": False}],
        "mode": "HUB",
        "shape": "RECTANGLE",
        "pixelWidth": 960,
        "pixelHeight": 480,
        "dpi": 160,
        "currentPixelWidth": 960,
        "currentPixelHeight": 480,
        "touch": ["SINGLE"],
    }


def _context(device: Device) -> JsonObject:
    context: JsonObject = {
        "System": {
            "application": {"applicationId": device.application_id},
            "user": {"userId": device.user_id},
            "device": {"deviceId": device.device_id, "supportedInterfaces": device.supported_interfaces()},
            "apiEndpoint": API_ENDPOINT,
        }
    }
    if device.api_access_token is not None:
        context["System"]["apiAccessToken"] = device.api_access_token
    if device.screen:
        context["Viewport"] = _viewport()
    return context


def request_envelope(device: Device, session: Session, request: JsonObject, locale: str, *,
                     timestamp: str | None = None, request_id: str | None = None) -> JsonObject:
    """The whole envelope around ``request`` (its ``type`` and type-specific fields); ``requestId``,
    ``timestamp`` and ``locale`` are added unless ``request`` gives them. Ids are fresh and the time
    is now unless given."""
    session_block: JsonObject = {
        "new": session.new,
        "sessionId": session.session_id,
        "application": {"applicationId": session.application_id or device.application_id},
        "user": {"userId": device.user_id},
    }
    if session.attributes is not None:
        session_block["attributes"] = session.attributes
    request = {"requestId": request_id or _amazon_id("echo-api.request"), "timestamp": timestamp or _timestamp(),
               "locale": locale, **request}
    return {"version": "1.0", "session": session_block, "context": _context(device), "request": request}


def slot_json(name: str, value: str | None = None, *, authority: str | None = None,
              matches: Sequence[tuple[str, str]] = ()) -> JsonObject:
    """One slot as Alexa fills it. With an entity-resolution ``authority`` (custom slot types) it carries
    a resolution block: ER_SUCCESS_MATCH with ``matches`` as (id, name) pairs, or ER_SUCCESS_NO_MATCH."""
    filled: JsonObject = {"name": name, "confirmationStatus": "NONE"}
    if value is None:
        return filled
    filled.update(value=value, source="USER")
    slot_value: JsonObject = {"type": "Simple", "value": value}
    if authority is not None:
        def resolutions() -> JsonObject:
            block: JsonObject = {"authority": authority,
                                 "status": {"code": "ER_SUCCESS_MATCH" if matches else "ER_SUCCESS_NO_MATCH"}}
            if matches:
                block["values"] = [{"value": {"name": match_name, "id": match_id}} for match_id, match_name in matches]
            return {"resolutionsPerAuthority": [block]}
        filled["resolutions"], slot_value["resolutions"] = resolutions(), resolutions()
    filled["slotValue"] = slot_value
    return filled


def authority(application_id: str, slot_type: str) -> str:
    """The entity-resolution authority Alexa names for a custom slot type of a skill."""
    return f"amzn1.er-authority.echo-sdk.{application_id}.{slot_type}"


def intent_body(name: str, slots: Iterable[JsonObject] | None = None, dialog_state: str | None = None) -> JsonObject:
    """An IntentRequest's own fields; ``slots`` None sends no ``slots`` key, as Alexa does for slotless intents."""
    body: JsonObject = {"type": "IntentRequest"}
    if dialog_state is not None:
        body["dialogState"] = dialog_state
    intent: JsonObject = {"name": name, "confirmationStatus": "NONE"}
    if slots is not None:
        intent["slots"] = {slot["name"]: slot for slot in slots}
    return body | {"intent": intent}


def slot_of(slot: FilledSlot, application_id: str) -> JsonObject:
    """A resolver's filled slot; custom types get an entity-resolution block, whether it matched or not."""
    return slot_json(slot.name, slot.value, authority=authority(application_id, slot.type) if slot.custom else None,
                     matches=[(match.id, match.name) for match in slot.matches])


def launch_request(device: Device, session: Session, locale: str) -> JsonObject:
    return request_envelope(device, session, {"type": "LaunchRequest", "shouldLinkResultBeReturned": False}, locale)


def intent_request(device: Device, session: Session, locale: str, understanding: Understanding) -> JsonObject:
    """An IntentRequest; slotless intents send no ``slots`` key, as Alexa does."""
    slots = [slot_of(slot, device.application_id) for slot in understanding.slots] or None
    return request_envelope(device, session, intent_body(understanding.intent, slots), locale)


def session_ended_request(device: Device, session: Session, locale: str, reason: str,
                          error: JsonObject | None = None) -> JsonObject:
    """Sent when the user leaves (USER_INITIATED) or Alexa gives up on the skill (ERROR)."""
    request: JsonObject = {"type": "SessionEndedRequest", "reason": reason}
    if error is not None:
        request["error"] = error
    return request_envelope(device, session, request, locale)
