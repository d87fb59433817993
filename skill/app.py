"""The Alexa side of the skill: Lambda's entry point, the SDK's handlers, and the one skill object.

A request goes ``lambda_handler`` -> the SDK -> ``ConversationHandler``, which reads the request into
the dialogue step's arguments (intent, slots, locale, session memory), calls
``skill.dialogue.step.step`` and renders the Reply it returns. Every decision about what to say is in
the step; this module only translates, and answers the requests that get no speech and any failure.
"""
from __future__ import annotations

import json
import logging
import re
from itertools import accumulate
from functools import lru_cache
from typing import Any

from ask_sdk_core.dispatch_components import (
    AbstractExceptionHandler,
    AbstractRequestHandler,
    AbstractRequestInterceptor,
    AbstractResponseInterceptor,
)
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import SkillBuilder
from ask_sdk_model import RequestEnvelope, Response
from ask_sdk_model.ui import SimpleCard, SsmlOutputSpeech

from skill.content import DEFAULT_LOCALE
from skill.dialogue.memory import Memory
from skill.dialogue.replies import Reply
from skill.dialogue.step import LAUNCH, Slot, step
from skill.speech import ssml

log = logging.getLogger(__name__)
requests_log = logging.getLogger("skill.requests")
_serializer = DefaultSerializer()
#: Alexa's envelopes nest about ten levels and this skill's session attributes four; the SDK copies
#: and deserialises recursively, so a forged envelope nested hundreds deep would exhaust the stack.
MAX_EVENT_DEPTH = 64
MAX_ECHO = 60  # characters of a heard slot value the skill may say back
#: Spoken when anything fails. The one sentence in Python, on purpose: the catch-all runs when something
#: already failed, possibly loading data or reading the session, so it must not load prompts, read the
#: locale or touch session state, any of which could fail the same way again. English, because every
#: locale the skill serves is; a plain statement that ends the session, so a state that caused the
#: failure is not carried on.
STATIC_APOLOGY_SSML = "<speak>Sorry, something went wrong on my side. Please try again in a moment.</speak>"



def load_content() -> None:
    """Read and validate every data file the skill speaks from, for every locale it serves.

    A bad edit must fail before any user hears the skill: the Lambda package build runs this on the
    staged package and refuses to write a zip that fails it, and the web server runs it at start. Lambda
    itself loads each file on first use (the zip it runs was checked whole), which keeps cold starts
    near hello-world's. Each loader caches what it read, so requests never touch the file system.
    """
    from skill.checklist import load_checklist
    from skill.content import LOCALES
    from skill.dialogue.replies import load_prompts
    from skill.knowledge import load_knowledge

    for locale in LOCALES:
        load_prompts(locale)
        load_knowledge(locale)
        load_checklist(locale)


def build_skill(skill_id: str | None = None) -> CustomSkill:
    """Register every handler in one ordered list. With ``skill_id`` set, the SDK refuses requests
    addressed to any other skill."""
    builder = SkillBuilder()
    if skill_id:
        builder.skill_id = skill_id
    # Order is dispatch order: the first handler whose can_handle is true answers.
    for request_handler in (SessionEndedHandler(), ConversationHandler(), UnhandledHandler()):
        builder.add_request_handler(request_handler)
    builder.add_exception_handler(CatchAllExceptionHandler())
    builder.add_global_request_interceptor(RequestLogger())
    builder.add_global_response_interceptor(ResponseLogger())
    return builder.create()


@lru_cache(maxsize=1)
def default_skill() -> CustomSkill:
    """The skill, built once per process (a warm Lambda container reuses it)."""
    return build_skill()


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """AWS Lambda entry: request envelope JSON in, response envelope JSON out.

    An event that is not a request envelope at all gets a short spoken apology rather than a
    Lambda error, so nothing internal ever reaches the device. The skill's own catch-all answers
    for failures inside handlers; anything that escapes the SDK itself gets the same apology.
    """
    try:
        payload = json.dumps(event)
        if nested_too_deep(payload):
            raise ValueError(f"envelope nested deeper than {MAX_EVENT_DEPTH} levels")
        envelope = _serializer.deserialize(payload=payload, obj_type=RequestEnvelope)
        if envelope is None or envelope.request is None:
            raise ValueError("no request in envelope")
    except Exception as error:  # any malformed input: refuse politely, never crash
        log.warning("unreadable request envelope: %s", type(error).__name__)
        return _unreadable_request_response()
    try:
        response = default_skill().invoke(request_envelope=envelope, context=context)
        return _serializer.serialize(response)
    except Exception as error:
        log.error("request failed outside the handlers: %s", type(error).__name__, exc_info=error)
        return _unreadable_request_response()


def nested_too_deep(payload: str) -> bool:
    """Whether arrays and objects in a JSON text nest deeper than MAX_EVENT_DEPTH, counted from its
    brackets with the strings taken out: linear in its length and without recursion. A text that
    opens no more brackets than the limit, as every real envelope does, is answered by counting them."""
    if payload.count("[") + payload.count("{") <= MAX_EVENT_DEPTH:
        return False
    brackets = _BRACKET.findall(_JSON_STRING.sub("", payload))
    return max(accumulate(map(_BRACKET_STEP.__getitem__, brackets)), default=0) > MAX_EVENT_DEPTH


_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_BRACKET = re.compile(r"[\[\]{}]")
_BRACKET_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def _unreadable_request_response() -> dict[str, Any]:
    """The catch-all's static apology: this path must not depend on loading anything."""
    return {
        "version": "1.0",
        "response": {"outputSpeech": {"type": "SSML", "ssml": STATIC_APOLOGY_SSML}, "shouldEndSession": True},
    }


# --- the handlers -----------------------------------------------------------------------------------




class ConversationHandler(AbstractRequestHandler):
    """Answers every launch and every intent request."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return getattr(handler_input.request_envelope.request, "object_type", None) in _SPOKEN_TO

    def handle(self, handler_input: HandlerInput) -> Response:
        envelope = handler_input.request_envelope
        request = envelope.request
        session = envelope.session
        memory = Memory.restore(session.attributes if session is not None else None)
        reply, memory = step(memory, intent_name(handler_input) or LAUNCH, read_slots(request),
                             _locale(request), seed=str(getattr(request, "request_id", "") or ""))
        return render(handler_input, reply, memory)


_SPOKEN_TO = frozenset({"LaunchRequest", "IntentRequest"})


def intent_name(handler_input: HandlerInput) -> str | None:
    """The intent's name, or None when the request is not an intent request."""
    request = handler_input.request_envelope.request
    if getattr(request, "object_type", None) != "IntentRequest":
        return None
    return getattr(getattr(request, "intent", None), "name", None)


def _locale(request: Any) -> str:
    """The request's locale as sent (the step refuses one the skill does not serve); the default only
    when a request carries none at all."""
    locale = getattr(request, "locale", None)
    return locale if isinstance(locale, str) and locale else DEFAULT_LOCALE


def read_slots(request: Any) -> dict[str, Slot]:
    """Each filled slot as the step reads it: the resolved id when entity resolution matched, and the
    words heard (trimmed, since the skill may say them back)."""
    slots = getattr(getattr(request, "intent", None), "slots", None)
    if not isinstance(slots, dict):
        return {}
    return {name: _slot(filled) for name, filled in slots.items() if isinstance(name, str) and filled is not None}


def _slot(filled: Any) -> Slot:
    value = getattr(filled, "value", None)
    heard = " ".join(str(value).split())[:MAX_ECHO] if value else ""
    resolutions = getattr(filled, "resolutions", None)
    for authority in getattr(resolutions, "resolutions_per_authority", None) or []:
        status = getattr(getattr(authority, "status", None), "code", None)
        if getattr(status, "value", None) == "ER_SUCCESS_MATCH" and authority.values:
            resolved = authority.values[0].value
            if resolved is not None and resolved.id:
                return Slot(str(resolved.id), heard or None)
    return Slot(None, heard or None)


def render(handler_input: HandlerInput, reply: Reply, memory: Memory) -> Response:
    """Speech, reprompt and card from the reply; the memory goes into the session only while it stays
    open, so nothing about the user outlives the session."""
    builder = handler_input.response_builder
    spoken = [*reply.sentences, *([reply.question] if reply.question else [])]
    if spoken:
        builder.speak(ssml.body(*spoken))
    if reply.card is not None:
        builder.set_card(SimpleCard(title=reply.card.title, content=reply.card.text))
    in_session = handler_input.request_envelope.session is not None
    if reply.ends_session:
        builder.set_should_end_session(True)
        if in_session:
            handler_input.attributes_manager.session_attributes = {}
    else:
        builder.ask(ssml.body(reply.reprompt or reply.question or ""))
        builder.set_should_end_session(False)
        if in_session:
            handler_input.attributes_manager.session_attributes = memory.to_session()
    return builder.response


class SessionEndedHandler(AbstractRequestHandler):
    """Alexa closed the session (timeout, error, user left): say nothing, keep nothing."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return getattr(handler_input.request_envelope.request, "object_type", None) == "SessionEndedRequest"

    def handle(self, handler_input: HandlerInput) -> Response:
        reason = getattr(getattr(handler_input.request_envelope.request, "reason", None), "value", None)
        log.info("session ended: %s", reason)
        return _silent(handler_input)


class UnhandledHandler(AbstractRequestHandler):
    """Last in the list: other request types (such as System.ExceptionEncountered) expect no speech,
    so they get an empty response."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return True

    def handle(self, handler_input: HandlerInput) -> Response:
        request = handler_input.request_envelope.request
        log.info("unhandled request: %s", getattr(request, "object_type", type(request).__name__))
        return _silent(handler_input)


def _silent(handler_input: HandlerInput) -> Response:
    """An empty response that carries no session attributes back (never echo what the request carried)."""
    if handler_input.request_envelope.session is not None:
        handler_input.attributes_manager.session_attributes = {}
    return handler_input.response_builder.response




def apology_response() -> Response:
    """A fresh response holding only the apology: nothing a failed handler half-built survives."""
    return Response(output_speech=SsmlOutputSpeech(ssml=STATIC_APOLOGY_SSML), should_end_session=True)


class CatchAllExceptionHandler(AbstractExceptionHandler):
    """Never let an error reach the user as silence or a stack trace."""

    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return True

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        log.error("request failed: %s", type(exception).__name__, exc_info=exception)
        if getattr(handler_input.request_envelope.request, "object_type", None) == "SessionEndedRequest":
            return Response()  # Alexa allows no speech here: the session is already over
        return apology_response()


class RequestLogger(AbstractRequestInterceptor):
    def process(self, handler_input: HandlerInput) -> None:
        request = handler_input.request_envelope.request
        requests_log.info("request %s %s", getattr(request, "object_type", "?"), intent_name(handler_input) or "")


class ResponseLogger(AbstractResponseInterceptor):
    def process(self, handler_input: HandlerInput, response: Response | None) -> None:
        ends = getattr(response, "should_end_session", None) if response is not None else None
        requests_log.info("response should_end_session=%s", ends)
