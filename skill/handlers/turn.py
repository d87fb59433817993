"""The bridge between one Alexa request and the pure dialogue layer, in both directions.

``Turn.of(handler_input)`` reads what every handler needs (locale, memory, phrasing seed) once;
``Turn.respond(reply)`` renders a Reply into the response envelope and writes the session memory.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response
from ask_sdk_model.ui import SimpleCard

from skill.content import DEFAULT_LOCALE, LOCALES
from skill.dialogue.replies import Reply, Replies
from skill.dialogue.state import Memory, Ref
from skill.speech import ssml
from skill.speech.prompts import load_prompts

if TYPE_CHECKING:  # the checklist is imported on first use, off the cold-start path
    from skill.dialogue.checklist import ChecklistTurn

TURN_KEY = "leg_cramp_turn"


@dataclass
class Turn:
    """Per-request context: the locale's knowledge and prompts, and what this session remembers."""

    handler_input: HandlerInput
    locale: str
    memory: Memory
    replies: Replies
    _checklist: tuple[Any, ChecklistTurn] | None = field(default=None, repr=False)

    @classmethod
    def of(cls, handler_input: HandlerInput) -> Turn:
        """The turn for this request, built once and shared by interceptors and handlers."""
        attributes = handler_input.attributes_manager.request_attributes
        existing = attributes.get(TURN_KEY)
        if isinstance(existing, Turn):
            return existing
        request = handler_input.request_envelope.request
        locale = getattr(request, "locale", None) or DEFAULT_LOCALE
        if locale not in LOCALES:  # only these have a model and a local emergency number
            locale = DEFAULT_LOCALE
        seed = str(getattr(request, "request_id", "") or "")
        session = handler_input.request_envelope.session
        memory = Memory.restore(session.attributes if session is not None else None)
        turn = cls(
            handler_input=handler_input,
            locale=locale,
            memory=memory,
            replies=Replies(locale, load_prompts(locale), seed),
        )
        attributes[TURN_KEY] = turn
        return turn

    def remember(self, memory: Memory) -> None:
        self.memory = memory

    def checklist(self) -> ChecklistTurn:
        """The checklist as the session left it, restored once per turn (handlers' can_handle ask
        too) and again only after the memory of it changes. Imported here, not at module level,
        so Lambda cold starts for ordinary questions don't pay for the checklist's modules."""
        from skill.checklist import load_checklist
        from skill.dialogue.checklist import ChecklistTurn

        cached = self._checklist
        if cached is None or cached[0] is not self.memory.checklist:
            cached = (self.memory.checklist,
                      ChecklistTurn.of(load_checklist(self.locale), self.replies, self.memory))
            self._checklist = cached
        return cached[1]

    def checklist_running(self) -> bool:
        """Cheap: no checklist in memory means none is running, without loading its data."""
        return self.memory.checklist is not None and self.checklist().running

    def replay(self, ref: Ref | None) -> Reply | None:
        """Say a remembered answer again: a knowledge answer, one of the skill's own turns,
        or the checklist's step. None when there is nothing (valid) to replay."""
        if ref is None:
            return None
        if ref.kind == "checklist":
            checklist = self.checklist()
            if checklist.state is None:
                return None
            return checklist.speak(checklist.checklist.repeat(checklist.state)[1])
        return self.replies.answer(ref)

    def respond(self, reply: Reply) -> Response:
        """Render the reply, remember what it means for the next turn, and build the response."""
        if reply.ref is not None:
            self.memory = self.memory.answered(reply.ref, reply.pending)
        else:
            self.memory = replace(self.memory, pending=reply.pending)
        builder = self.handler_input.response_builder
        spoken = [*reply.sentences, *([reply.question] if reply.question else [])]
        if spoken:
            builder.speak(ssml.body(*spoken))
        if reply.card is not None:
            builder.set_card(SimpleCard(title=reply.card.title, content=reply.card.text))
        in_session = self.handler_input.request_envelope.session is not None
        if reply.ends_session:
            builder.set_should_end_session(True)
            if in_session:
                self.handler_input.attributes_manager.session_attributes = {}
        else:
            builder.ask(ssml.body(reply.reprompt or reply.question or ""))
            builder.set_should_end_session(False)
            if in_session:
                self.handler_input.attributes_manager.session_attributes = self.memory.to_session()
        return builder.response
