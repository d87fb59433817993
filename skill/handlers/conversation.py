"""The one handler that talks: Alexa's request in, the dialogue step, Alexa's response out.

It only translates. ``read`` turns the SDK's request into the step's arguments (intent name, slots,
locale, session memory); ``render`` turns the step's Reply into SSML, a card and session attributes.
Every decision about what to say is in ``skill.dialogue.step``.
"""
from __future__ import annotations

from typing import Any

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response
from ask_sdk_model.slu.entityresolution import StatusCode
from ask_sdk_model.ui import SimpleCard

from skill.content import DEFAULT_LOCALE, LOCALES
from skill.dialogue import intents
from skill.dialogue.replies import Reply
from skill.dialogue.state import Memory
from skill.dialogue.step import Slot, step
from skill.speech import ssml

MAX_ECHO = 60  # characters of a heard slot value the skill may say back


class ConversationHandler(AbstractRequestHandler):
    """Answers every launch and every intent request."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return getattr(handler_input.request_envelope.request, "object_type", None) in _SPOKEN_TO

    def handle(self, handler_input: HandlerInput) -> Response:
        envelope = handler_input.request_envelope
        request = envelope.request
        session = envelope.session
        memory = Memory.restore(session.attributes if session is not None else None)
        reply, memory = step(memory, intent_name(handler_input) or intents.LAUNCH, read_slots(request),
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
    locale = getattr(request, "locale", None)
    return locale if locale in LOCALES else DEFAULT_LOCALE


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
        if status == StatusCode.ER_SUCCESS_MATCH and authority.values:
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
