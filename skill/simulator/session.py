"""A conversation with the skill, run the way Alexa runs one.

Alexa keeps a session open while the skill asks for one; it copies the ``sessionAttributes`` of each
response into the next request (attributes a response leaves out are gone); a launch phrase or any
request after the skill ended the session starts a new one; and when the user walks away from an
open session the skill gets a ``SessionEndedRequest``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from skill.simulator import envelope
from skill.simulator.envelope import Device, Session
from skill.simulator.resolver import Resolver, Understanding
from skill.speech.ssml import SsmlError, to_plain
from skill.simulator.transport import Reply, Transport

JsonObject = dict[str, Any]


@dataclass(frozen=True)
class Turn:
    """One request and what came back, with the parts a listener notices pulled out."""

    said: str | None
    understanding: Understanding | None
    request: JsonObject
    reply: Reply
    session_open: bool

    @property
    def response(self) -> JsonObject:
        return (self.reply.envelope or {}).get("response") or {}

    @property
    def failure(self) -> str | None:
        return self.reply.failure

    @property
    def request_type(self) -> str:
        return str(self.request["request"]["type"])

    @property
    def speech_ssml(self) -> str | None:
        return _ssml(self.response.get("outputSpeech"))

    @property
    def speech(self) -> str | None:
        """What Alexa says, as plain text."""
        return _plain(self.response.get("outputSpeech"))

    @property
    def reprompt(self) -> str | None:
        return _plain((self.response.get("reprompt") or {}).get("outputSpeech"))

    @property
    def card(self) -> JsonObject | None:
        return self.response.get("card")

    @property
    def session_attributes(self) -> JsonObject | None:
        return (self.reply.envelope or {}).get("sessionAttributes")


def _ssml(speech: JsonObject | None) -> str | None:
    if not speech:
        return None
    if speech.get("type") == "SSML":
        return str(speech.get("ssml", ""))
    return f"<speak>{escape(str(speech.get('text', '')))}</speak>"


def _plain(speech: JsonObject | None) -> str | None:
    if not speech:
        return None
    if speech.get("type") != "SSML":
        return str(speech.get("text", ""))
    try:
        return to_plain(str(speech.get("ssml", "")))
    except SsmlError as error:
        return f"[{error}] {speech.get('ssml')}"


class Conversation:
    """Turns typed or spoken words into requests, keeping the session as Alexa keeps it."""

    def __init__(self, resolver: Resolver, transport: Transport, locale: str, device: Device | None = None) -> None:
        self.resolver = resolver
        self.transport = transport
        self.locale = locale
        self.device = device or Device()
        self.session: Session | None = None

    @property
    def session_open(self) -> bool:
        return self.session is not None

    def say(self, utterance: str) -> Turn:
        """One user turn. Outside a session anything said is taken as a one-shot ('ask NAME ...')."""
        understanding = self.resolver.understand(utterance)
        if understanding.launch or self.session is None:
            self.session = Session()
        if understanding.intent is None:
            request = envelope.launch_request(self.device, self.session, self.locale)
        else:
            request = envelope.intent_request(self.device, self.session, self.locale, understanding)
        return self._send(utterance, understanding, request)

    def end(self, reason: str = "USER_INITIATED") -> Turn | None:
        """Tell the skill the user left an open session; nothing to do when none is open."""
        if self.session is None:
            return None
        request = envelope.session_ended_request(self.device, self.session, self.locale, reason)
        self.session = None
        return self._send(None, None, request)

    def _send(self, said: str | None, understanding: Understanding | None, request: JsonObject) -> Turn:
        reply = self.transport.send(request)
        session = self.session
        if session is not None:
            if reply.envelope is None or self._ends_session(reply.envelope):
                self.session = None
            else:
                session.new = False
                session.attributes = reply.envelope.get("sessionAttributes")
        if reply.failure is not None and reply.envelope is None and session is not None:
            # Alexa tells the skill its session ended in error when a response could not be used.
            error = {"type": "INVALID_RESPONSE", "message": reply.failure}
            self.transport.send(envelope.session_ended_request(self.device, session, self.locale, "ERROR", error))
        return Turn(said, understanding, request, reply, self.session is not None)

    def _ends_session(self, reply: JsonObject) -> bool:
        """True ends it; absent ends it on a voice-only device, and leaves it open (mic closed) on a screen."""
        should_end = (reply.get("response") or {}).get("shouldEndSession")
        if should_end is None:
            return not self.device.screen
        return bool(should_end)
