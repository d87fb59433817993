"""The catch-all: any exception is logged and the user hears a short, safe apology.

The apology is the one spoken sentence in Python, on purpose: this handler runs when something
already failed, possibly loading data or reading the session, so it must not load prompts, read
the locale or touch session state, any of which could fail the same way again and let the error
escape ``lambda_handler``. It is English because every locale the skill serves is English; it is
a plain statement and ends the session, so a state that caused the failure is not carried on.
"""
from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components import AbstractExceptionHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response
from ask_sdk_model.ui import SsmlOutputSpeech

log = logging.getLogger(__name__)

#: Spoken when anything fails; see the module docstring for why it is not in a prompts file.
STATIC_APOLOGY_SSML = "<speak>Sorry, something went wrong on my side. Please try again in a moment.</speak>"


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
