"""The catch-all: any exception is logged and the user hears a short, safe apology."""
from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components import AbstractExceptionHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from skill.handlers.turn import Turn

log = logging.getLogger(__name__)


class CatchAllExceptionHandler(AbstractExceptionHandler):
    """Never let an error reach the user as silence or a stack trace."""

    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return True

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        log.error("request failed: %s", type(exception).__name__, exc_info=exception)
        turn = Turn.of(handler_input)
        handler_input.response_builder.response.card = None
        return turn.respond(turn.replies.apology())
