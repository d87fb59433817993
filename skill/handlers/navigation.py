"""Handlers that move around the conversation: launch, help, more, repeat, back, yes/no, stop."""
from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import Response

from skill.dialogue.state import Memory
from skill.handlers.base import IntentHandler
from skill.handlers.turn import Turn

log = logging.getLogger(__name__)


class LaunchHandler(AbstractRequestHandler):
    """ "Open leg cramp helper": name, disclaimer, what you can ask, a question."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("LaunchRequest")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        turn.remember(Memory())
        return turn.respond(turn.replies.welcome())


class SessionEndedHandler(AbstractRequestHandler):
    """Alexa closed the session (timeout, error, user left): say nothing, keep nothing."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("SessionEndedRequest")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        request = handler_input.request_envelope.request
        reason = getattr(getattr(request, "reason", None), "value", None)
        log.info("session ended: %s", reason)
        if handler_input.request_envelope.session is not None:
            handler_input.attributes_manager.session_attributes = {}  # never echo what the request carried
        return handler_input.response_builder.response


class StopHandler(IntentHandler):
    """Stop and cancel end the skill at any point with a short goodbye."""

    intents = ("AMAZON.StopIntent", "AMAZON.CancelIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        return turn.respond(turn.replies.goodbye())


class HelpHandler(IntentHandler):
    """Help that fits where the user is: at the start, after an answer, or after an offer."""

    intents = ("AMAZON.HelpIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        return turn.respond(turn.replies.help(turn.memory.last, turn.memory.pending))


class HomeHandler(IntentHandler):
    """ "Start over" outside the checklist (and "go home"): forget the conversation, offer the menu."""

    intents = ("AMAZON.NavigateHomeIntent", "AMAZON.StartOverIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        turn.remember(Memory())
        return turn.respond(turn.replies.home())


class NavigateHomeHandler(HomeHandler):
    """ "Go home" leaves even a running checklist, so it is registered ahead of the checklist."""

    intents = ("AMAZON.NavigateHomeIntent",)


class MoreHandler(IntentHandler):
    """ "Tell me more" and "next": the next part of the last answer."""

    intents = ("TellMeMoreIntent", "AMAZON.NextIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        return turn.respond(turn.replies.more(turn.memory.last))


class RepeatHandler(IntentHandler):
    """ "Repeat": the last answer again, exactly where the user was."""

    intents = ("AMAZON.RepeatIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        return turn.respond(turn.replay(turn.memory.last) or turn.replies.nothing("repeat.nothing"))


class PreviousHandler(IntentHandler):
    """ "Go back": the answer before the last one."""

    intents = ("AMAZON.PreviousIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        memory, previous = turn.memory.went_back()
        reply = turn.replay(previous)
        if reply is None:
            return turn.respond(turn.replies.nothing("back.nothing"))
        turn.remember(memory)
        return turn.respond(reply)


class SourceHandler(IntentHandler):
    """ "Where does that come from?": the sources behind the last answer."""

    intents = ("SourceIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        return turn.respond(turn.replies.source(turn.memory.last))


class YesHandler(IntentHandler):
    """ "Yes" means whatever the skill just offered: more, another question, or a retry."""

    intents = ("AMAZON.YesIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        if turn.memory.pending == "more":
            return turn.respond(turn.replies.more(turn.memory.last))
        return turn.respond(turn.replies.ask_away())


class NoHandler(IntentHandler):
    """ "No": decline the offer; declining another question ends the session politely."""

    intents = ("AMAZON.NoIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        if turn.memory.pending in {"more", "checklist"}:
            return turn.respond(turn.replies.another())
        return turn.respond(turn.replies.goodbye())


class FallbackHandler(IntentHandler):
    """Out-of-domain speech: say what the skill can do and ask again."""

    intents = ("AMAZON.FallbackIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        return turn.respond(turn.replies.fallback())


class UnhandledHandler(AbstractRequestHandler):
    """Last in the list: an unknown intent gets the fallback answer; other request types
    (such as System.ExceptionEncountered) expect no speech, so they get an empty response that
    carries no session attributes back."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return True

    def handle(self, handler_input: HandlerInput) -> Response:
        request = handler_input.request_envelope.request
        log.info("unhandled request: %s", getattr(request, "object_type", type(request).__name__))
        if not is_request_type("IntentRequest")(handler_input):
            if handler_input.request_envelope.session is not None:  # never echo what the request carried
                handler_input.attributes_manager.session_attributes = {}
            return handler_input.response_builder.response
        turn = Turn.of(handler_input)
        return turn.respond(turn.replies.fallback())
