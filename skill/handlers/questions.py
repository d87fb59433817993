"""Handlers for questions the knowledge answers: topics, a named cause, treatment, comparisons."""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from skill.handlers.base import IntentHandler, intent_name
from skill.handlers.slots import read_slot
from skill.handlers.turn import Turn

# Intents that always answer the same knowledge entry.
TOPIC_INTENTS: dict[str, str] = {
    "CausesOverviewIntent": "causes_overview",
    "BTwelveSymptomsIntent": "b12_symptoms",
    "BTwelveRoleIntent": "b12_role",
    "BTwelveExcessIntent": "b12_supplements",
    "BTwelveInjectionsIntent": "b12_injections",
    "PreventionIntent": "prevention",
    "DuringCrampIntent": "during_cramp",
    "BTwelveFoodsIntent": "b12_foods",
    "RestlessLegsIntent": "restless_legs",
    "SeeDoctorIntent": "see_doctor",
}


class FixedTopicHandler(IntentHandler):
    """Questions with one answer each: "what are the signs of low B12", "which foods have B12"."""

    intents = tuple(TOPIC_INTENTS)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        return turn.respond(turn.replies.entry(TOPIC_INTENTS[intent_name(handler_input) or ""]))


class NamedTopicHandler(IntentHandler):
    """ "Tell me about restless legs": any knowledge entry by name, causes included."""

    intents = ("TopicIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        slot = read_slot(handler_input, "topic")
        entry = turn.replies.knowledge.entry(slot.id) if slot.id else None
        if entry is None:
            return turn.respond(turn.replies.unknown_slot("topic", slot.said))
        return turn.respond(turn.replies.entry(entry.id))


class CauseHandler(IntentHandler):
    """ "Can dehydration cause leg cramps?" — one cause, or a re-ask when it isn't one we know."""

    intents = ("CauseIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        slot = read_slot(handler_input, "cause")
        cause = turn.replies.knowledge.cause(slot.id) if slot.id else None
        if cause is None:
            if slot.empty:
                return turn.respond(turn.replies.entry("causes_overview"))
            return turn.respond(turn.replies.unknown_slot("cause", slot.said))
        return turn.respond(turn.replies.entry(cause.id))


class TreatmentHandler(IntentHandler):
    """ "How do I treat cramps from dehydration?" — or treatment in general without a cause."""

    intents = ("TreatmentIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        slot = read_slot(handler_input, "cause")
        if slot.empty:
            return turn.respond(turn.replies.entry("treatment_general"))
        cause = turn.replies.knowledge.cause(slot.id) if slot.id else None
        if cause is None:
            return turn.respond(turn.replies.unknown_slot("cause", slot.said))
        return turn.respond(turn.replies.entry(cause.id, facet="treatment"))


class CompareHandler(IntentHandler):
    """ "What's the difference between low B12 and dehydration?" — or the comparison overview."""

    intents = ("CompareCausesIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        first, second = read_slot(handler_input, "cause_a"), read_slot(handler_input, "cause_b")
        if first.empty and second.empty:
            return turn.respond(turn.replies.entry("compare_causes"))
        if first.id is not None and first.id == second.id and turn.replies.knowledge.cause(first.id):
            return turn.respond(turn.replies.entry(first.id))
        reply = turn.replies.compare(first.id or "", second.id or "")
        if reply is None:
            unknown = second if turn.replies.knowledge.cause(first.id or "") else first
            return turn.respond(turn.replies.unknown_slot("cause", unknown.said))
        return turn.respond(reply)
