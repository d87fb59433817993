"""Request and response logging in one place. Logs what kind of request came and how it ended,
never slot values or answers: those can be about someone's health."""
from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor, AbstractResponseInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from skill.handlers.conversation import intent_name

log = logging.getLogger("skill.requests")


class RequestLogger(AbstractRequestInterceptor):
    def process(self, handler_input: HandlerInput) -> None:
        request = handler_input.request_envelope.request
        log.info("request %s %s", getattr(request, "object_type", "?"), intent_name(handler_input) or "")


class ResponseLogger(AbstractResponseInterceptor):
    def process(self, handler_input: HandlerInput, response: Response | None) -> None:
        ends = getattr(response, "should_end_session", None) if response is not None else None
        log.info("response should_end_session=%s", ends)
