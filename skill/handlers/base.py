"""A request handler base that matches by intent name, so each handler states what it answers."""
from __future__ import annotations

from typing import ClassVar

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput


class IntentHandler(AbstractRequestHandler):
    """Fires for any of ``intents``; subclasses implement ``handle``."""

    intents: ClassVar[tuple[str, ...]] = ()

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return intent_name(handler_input) in self.intents


def intent_name(handler_input: HandlerInput) -> str | None:
    """The intent's name, or None when the request is not an intent request."""
    request = handler_input.request_envelope.request
    if getattr(request, "object_type", None) != "IntentRequest":
        return None
    return getattr(getattr(request, "intent", None), "name", None)
