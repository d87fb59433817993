"""Request envelopes shaped like the ones Alexa sends, so what passes here passes on a device.

Field for field they follow the request JSON reference: ``version``, ``session`` (new, sessionId,
application, user, attributes), ``context.System`` (application, user, device with its supported
interfaces, apiEndpoint; ``context.Viewport`` on a screen device) and ``request``. Slots carry
``value``, ``resolutions.resolutionsPerAuthority`` and the newer ``slotValue`` form, as Alexa fills them.
"""
from __future__ import annotations

import uuid
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

    def supported_interfaces(self) -> JsonObject:
        """An Echo Dot plays audio; an Echo Show also renders APL."""
        interfaces: JsonObject = {"AudioPlayer": {}}
        if self.screen:
            interfaces["Alexa.Presentation.APL"] = {"runtime": {"maxVersion": APL_MAX_VERSION}}
        return interfaces


@dataclass
class Session:
    """What Alexa keeps between turns of one session: its id, and the attributes the skill returned."""

    session_id: str = field(default_factory=lambda: _amazon_id("echo-api.session"))
    new: bool = True
    attributes: JsonObject | None = None


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
    if device.screen:
        context["Viewport"] = _viewport()
    return context


def _envelope(device: Device, session: Session, request: JsonObject) -> JsonObject:
    session_block: JsonObject = {
        "new": session.new,
        "sessionId": session.session_id,
        "application": {"applicationId": device.application_id},
        "user": {"userId": device.user_id},
    }
    if session.attributes is not None:
        session_block["attributes"] = session.attributes
    return {"version": "1.0", "session": session_block, "context": _context(device), "request": request}


def _request(request_type: str, locale: str) -> JsonObject:
    return {
        "type": request_type,
        "requestId": _amazon_id("echo-api.request"),
        "timestamp": _timestamp(),
        "locale": locale,
    }


def slot_json(slot: FilledSlot, application_id: str) -> JsonObject:
    """One slot; custom types get an entity-resolution block, whether it matched or not."""
    filled: JsonObject = {"name": slot.name, "confirmationStatus": "NONE"}
    if slot.value is None:
        return filled
    filled.update(value=slot.value, source="USER")
    slot_value: JsonObject = {"type": "Simple", "value": slot.value}
    if slot.custom:
        authority: JsonObject = {
            "authority": f"amzn1.er-authority.echo-sdk.{application_id}.{slot.type}",
            "status": {"code": "ER_SUCCESS_MATCH" if slot.matches else "ER_SUCCESS_NO_MATCH"},
        }
        if slot.matches:
            authority["values"] = [{"value": {"name": match.name, "id": match.id}} for match in slot.matches]
        filled["resolutions"] = slot_value["resolutions"] = {"resolutionsPerAuthority": [authority]}
    filled["slotValue"] = slot_value
    return filled


def launch_request(device: Device, session: Session, locale: str) -> JsonObject:
    request = _request("LaunchRequest", locale) | {"shouldLinkResultBeReturned": False}
    return _envelope(device, session, request)


def intent_request(device: Device, session: Session, locale: str, understanding: Understanding) -> JsonObject:
    """An IntentRequest; slotless intents send no ``slots`` key, as Alexa does."""
    intent: JsonObject = {"name": understanding.intent, "confirmationStatus": "NONE"}
    if understanding.slots:
        intent["slots"] = {slot.name: slot_json(slot, device.application_id) for slot in understanding.slots}
    return _envelope(device, session, _request("IntentRequest", locale) | {"intent": intent})


def session_ended_request(device: Device, session: Session, locale: str, reason: str,
                          error: JsonObject | None = None) -> JsonObject:
    """Sent when the user leaves (USER_INITIATED) or Alexa gives up on the skill (ERROR)."""
    request = _request("SessionEndedRequest", locale) | {"reason": reason}
    if error is not None:
        request["error"] = error
    return _envelope(device, session, request)
