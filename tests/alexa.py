"""Request envelopes shaped like Alexa's, and a conversation driver that carries the session.

Tests use these to run the skill exactly as Alexa does: JSON in through ``lambda_handler``,
JSON out, with session attributes handed back on the next turn. The envelopes themselves are built
by the project's one builder, ``skill.simulator.envelope``; this module fixes the ids and the time
so that test envelopes are stable.
"""
from __future__ import annotations

import copy
import itertools
import json
from pathlib import Path
from typing import Any

from skill.app import lambda_handler
from skill.simulator.envelope import Device, Session, intent_body, request_envelope, slot_json
from skill.speech.ssml import to_plain

FIXTURES = Path(__file__).parent / "fixtures" / "requests"
SKILL_ID = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"
_ids = itertools.count(1)
AUTHORITY = "amzn1.er-authority.echo-sdk.amzn1.ask.skill.test.CAUSE"
DEVICE = Device(application_id=SKILL_ID, device_id="amzn1.ask.device.test", user_id="amzn1.ask.account.test",
                audio=False)


def fixture(name: str) -> dict[str, Any]:
    """A captured-style request envelope from tests/fixtures/requests/."""
    return json.loads((FIXTURES / f"{name}.json").read_text())


def slot(name: str, value: str | None = None, resolved_id: str | None = None,
         resolved_name: str | None = None, matched: bool | None = None) -> dict[str, Any]:
    """A slot as Alexa fills it: value plus an entity-resolution block (match or no match)."""
    if matched is None:
        matched = resolved_id is not None
    matches = [(resolved_id, resolved_name or value)] if matched and value is not None else []
    return slot_json(name, value, authority=AUTHORITY, matches=matches)


def envelope(request: dict[str, Any], *, new: bool, attributes: dict[str, Any] | None = None,
             session_id: str = "amzn1.echo-api.session.test", locale: str = "en-US") -> dict[str, Any]:
    return request_envelope(DEVICE, Session(session_id, new, attributes or {}), request, locale,
                            timestamp="2026-11-24T12:00:00Z", request_id=f"amzn1.echo-api.request.{next(_ids)}")


def intent_request(name: str, *slots: dict[str, Any]) -> dict[str, Any]:
    return intent_body(name, slots, dialog_state="COMPLETED")


class Turn:
    """One response, with the parts tests look at."""

    def __init__(self, response: dict[str, Any]) -> None:
        self.envelope = response
        body = response.get("response", {})
        self.ssml = body.get("outputSpeech", {}).get("ssml", "")
        self.speech = to_plain(self.ssml)
        self.reprompt = to_plain(body.get("reprompt", {}).get("outputSpeech", {}).get("ssml", ""))
        self.card = body.get("card") or {}
        self.ends = body.get("shouldEndSession")
        self.attributes = response.get("sessionAttributes") or {}


class Conversation:
    """A session as Alexa runs it: the first request is new, later ones carry the attributes back."""

    def __init__(self, locale: str = "en-US") -> None:
        self.locale = locale
        self.attributes: dict[str, Any] = {}
        self.turns: list[Turn] = []
        self.session = f"amzn1.echo-api.session.{next(_ids)}"

    def send(self, request: dict[str, Any]) -> Turn:
        event = envelope(request, new=not self.turns, attributes=copy.deepcopy(self.attributes),
                         session_id=self.session, locale=self.locale)
        turn = Turn(lambda_handler(json.loads(json.dumps(event)), None))
        self.turns.append(turn)
        self.attributes = turn.attributes
        return turn

    def launch(self) -> Turn:
        return self.send({"type": "LaunchRequest"})

    def say(self, intent: str, *slots: dict[str, Any]) -> Turn:
        return self.send(intent_request(intent, *slots))

    def end(self, reason: str = "USER_INITIATED") -> Turn:
        return self.send({"type": "SessionEndedRequest", "reason": reason})
