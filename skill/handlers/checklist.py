"""Handlers for the symptom checklist and for red flags said at any point in the conversation."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import Response

from skill.handlers.base import IntentHandler, intent_name
from skill.handlers.turn import Turn

RED_FLAG_PREFIX = "RedFlag"


def red_flag_intent_name(flag_id: str) -> str:
    """``leg_clot`` -> ``RedFlagLegClotIntent``: the name `make models` gives a red flag's intent."""
    return RED_FLAG_PREFIX + "".join(part.title() for part in flag_id.split("_")) + "Intent"


def red_flag_id(intent: str | None) -> str | None:
    """The checklist red flag a RedFlag intent reports, ``red_flag_intent_name`` read backwards.

    Named by rule rather than listed, so a red flag added to the rules and the model needs no code."""
    if not intent or not intent.startswith(RED_FLAG_PREFIX) or not intent.endswith("Intent"):
        return None
    camel = intent[len(RED_FLAG_PREFIX):-len("Intent")]
    return re.sub(r"(?<!^)(?=[A-Z])", "_", camel).lower() or None

if TYPE_CHECKING:  # the checklist package itself loads on first use (see Turn.checklist)
    from skill.checklist import Checklist, State, Step

Move = Callable[["Checklist", "State"], tuple["State", "Step"]]

# What each intent means while a checklist question is waiting for an answer.
CHECKLIST_MOVES: dict[str, Move] = {
    "AMAZON.YesIntent": lambda checklist, state: checklist.answer(state, "yes"),
    "AMAZON.NoIntent": lambda checklist, state: checklist.answer(state, "no"),
    "NotSureIntent": lambda checklist, state: checklist.answer(state, "unsure"),
    "WhyAskIntent": lambda checklist, state: checklist.why(state),
    "AMAZON.RepeatIntent": lambda checklist, state: checklist.repeat(state),
    "AMAZON.PreviousIntent": lambda checklist, state: checklist.back(state),
    "AMAZON.StartOverIntent": lambda checklist, state: checklist.start_over(),
    "AMAZON.HelpIntent": lambda checklist, state: checklist.help(state),
}


def checklist_running(handler_input: HandlerInput) -> bool:
    return Turn.of(handler_input).checklist_running()


class RedFlagHandler(IntentHandler):
    """ "My chest hurts", "half my face is drooping": urgent advice at once, from any point, even in
    the middle of the checklist (a red flag always wins over "I need a yes or a no")."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return red_flag_id(intent_name(handler_input)) is not None

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        started = turn.checklist().red_flag(red_flag_id(intent_name(handler_input)) or "")
        if started is None:  # a RedFlag intent the rules don't know: the fallback and its safety line
            return turn.respond(turn.replies.fallback())
        state, reply = started
        turn.remember(turn.memory.with_checklist(state.to_session()))
        return turn.respond(reply)


class StartChecklistHandler(IntentHandler):
    """ "Check my symptoms", or "yes" to the offer of a checklist: the intro and the first question."""

    intents = ("CheckSymptomsIntent",)

    def can_handle(self, handler_input: HandlerInput) -> bool:
        offered = Turn.of(handler_input).memory.pending == "checklist"
        return super().can_handle(handler_input) or (offered and intent_name(handler_input) == "AMAZON.YesIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        state, reply = turn.checklist().start()
        turn.remember(turn.memory.with_checklist(state.to_session()))
        return turn.respond(reply)


class ChecklistTipsHandler(IntentHandler):
    """ "Yes" or "no" to the tips offered after the checklist's advice."""

    intents = ("AMAZON.YesIntent", "AMAZON.NoIntent")

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return super().can_handle(handler_input) and Turn.of(handler_input).memory.pending == "tips"

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        reply = turn.checklist().tips(wanted=intent_name(handler_input) == "AMAZON.YesIntent")
        return turn.respond(reply or turn.replies.another())


class ChecklistStopHandler(IntentHandler):
    """Stop or cancel mid-checklist: goodbye, with a safety line if a red flag was answered yes."""

    intents = ("AMAZON.StopIntent", "AMAZON.CancelIntent")

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return super().can_handle(handler_input) and checklist_running(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        return turn.respond(turn.checklist().stop())


class ChecklistStepHandler(IntentHandler):
    """While a question waits: yes, no, not sure, why, repeat, back, start over and help move the
    checklist; anything else is a miss that gets a short re-ask."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("IntentRequest")(handler_input) and checklist_running(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        checklist = turn.checklist()
        restarted = checklist.resume_or_restart()
        if restarted is None and checklist.state is not None:
            move = CHECKLIST_MOVES.get(intent_name(handler_input) or "", lambda c, s: c.miss(s))
            state, step = move(checklist.checklist, checklist.state)
            reply = checklist.speak(step)
        else:
            state, reply = restarted or checklist.start()
        turn.remember(turn.memory.with_checklist(state.to_session()))
        return turn.respond(reply)


class OutOfChecklistHandler(IntentHandler):
    """ "I'm not sure" or "why are you asking?" when no checklist question is waiting: contextual help."""

    intents = ("NotSureIntent", "WhyAskIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        return turn.respond(turn.replies.help(turn.memory.last, turn.memory.pending))
