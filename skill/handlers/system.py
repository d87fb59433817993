"""Requests that get no speech: the session ending, and request types the skill has nothing to say to."""
from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

log = logging.getLogger(__name__)


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
