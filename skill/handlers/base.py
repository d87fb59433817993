"""A request handler base that matches by intent name, so each handler states what it answers."""
from __future__ import annotations

from typing import ClassVar

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name


class IntentHandler(AbstractRequestHandler):
    """Fires for any of ``intents``; subclasses implement ``handle``."""

    intents: ClassVar[tuple[str, ...]] = ()

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return any(is_intent_name(name)(handler_input) for name in self.intents)


def intent_name(handler_input: HandlerInput) -> str | None:
    """The intent's name, or None when the request is not an intent request."""
    intent = getattr(handler_input.request_envelope.request, "intent", None)
    return getattr(intent, "name", None)
