"""One turn of the conversation as a pure function: what was said and what the session remembers in,
what to say and what to remember out.

    reply, memory = step(memory, "CauseIntent", {"cause": Slot("b12", "b twelve")}, "en-US")

Every conversational decision lives here, in the order it is taken: a red flag first (from anywhere),
then stop and "go home" (which work anywhere), the checklist (which claims every other intent while a
question waits), then questions the knowledge answers and moving around the conversation. No Alexa
import: the handler translates the request into these arguments and the Reply into a response.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import cached_property
from typing import NamedTuple

from skill.content import DEFAULT_LOCALE, LOCALES
from skill.dialogue.memory import Memory, Pending, Ref
from skill.dialogue.replies import Replies, Reply

# --- the names the step understands: Alexa's built-ins, the skill's own intents, the red-flag rule ------
# Names only, so the interaction model (``make models``) and the step agree on them.
LAUNCH = "LaunchRequest"  # not an intent: the skill was opened without a question

YES = "AMAZON.YesIntent"
NO = "AMAZON.NoIntent"
STOP = "AMAZON.StopIntent"
CANCEL = "AMAZON.CancelIntent"
HELP = "AMAZON.HelpIntent"
REPEAT = "AMAZON.RepeatIntent"
PREVIOUS = "AMAZON.PreviousIntent"
NEXT = "AMAZON.NextIntent"
START_OVER = "AMAZON.StartOverIntent"
NAVIGATE_HOME = "AMAZON.NavigateHomeIntent"
FALLBACK = "AMAZON.FallbackIntent"

CHECK_SYMPTOMS = "CheckSymptomsIntent"
NOT_SURE = "NotSureIntent"
WHY_ASK = "WhyAskIntent"
MORE = "TellMeMoreIntent"
SOURCE = "SourceIntent"
TOPIC = "TopicIntent"
CAUSE = "CauseIntent"
TREATMENT = "TreatmentIntent"
COMPARE = "CompareCausesIntent"
REMEDY = "RemedyIntent"

#: Intents that always answer the same knowledge entry.
FIXED_TOPICS: dict[str, str] = {
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


class Slot(NamedTuple):
    """What the user said for one slot: the resolved value's id, if it resolved, and the words heard."""

    id: str | None = None
    heard: str | None = None

    @property
    def empty(self) -> bool:
        return self.id is None and self.heard is None


NO_SLOT = Slot()
# The language a locale the skill does not serve is refused in: its default locale's.
REFUSAL_LANGUAGE = DEFAULT_LOCALE.partition("-")[0]


def step(memory: Memory, intent: str, slots: Mapping[str, Slot], locale: str, seed: str = "") -> tuple[Reply, Memory]:
    """The reply to ``intent`` (an intent name, or ``LAUNCH``) and the memory to keep after it.

    ``seed`` picks among a prompt's phrasings (the request id, so a replayed request hears the same words).
    """
    if locale not in LOCALES:  # no model, and no emergency number the skill can vouch for
        return Replies(REFUSAL_LANGUAGE, seed).unsupported_locale(), Memory()
    reply, memory = _Decisions(memory, slots, Replies(locale, seed)).answer(intent)
    if reply.ref is not None:
        return reply, memory.answered(reply.ref, reply.pending)
    return reply, memory._replace(pending=reply.pending)


# What each intent means while a checklist question waits for an answer; anything else is a miss.
_CHECKLIST_MOVES: dict[str, Callable] = {
    YES: lambda checklist, state: checklist.answer(state, "yes"),
    NO: lambda checklist, state: checklist.answer(state, "no"),
    NOT_SURE: lambda checklist, state: checklist.answer(state, "unsure"),
    WHY_ASK: lambda checklist, state: checklist.why(state),
    REPEAT: lambda checklist, state: checklist.repeat(state),
    PREVIOUS: lambda checklist, state: checklist.back(state),
    START_OVER: lambda checklist, state: checklist.start_over(),
    HELP: lambda checklist, state: checklist.help(state),
}


class _Decisions:
    """The decisions of one turn. Methods return the reply and the memory before the reply is noted."""

    def __init__(self, memory: Memory, slots: Mapping[str, Slot], replies: Replies) -> None:
        self.memory = memory
        self.slots = slots
        self.replies = replies

    def answer(self, intent: str) -> tuple[Reply, Memory]:
        if intent == LAUNCH:
            return self.replies.welcome(), Memory()
        flag_id = red_flag_id(intent)
        if flag_id is not None:
            return self._red_flag(flag_id)
        if intent in (STOP, CANCEL):
            return self._stop(), self.memory
        if intent == NAVIGATE_HOME:
            return self.replies.home(), Memory()
        if intent == CHECK_SYMPTOMS or (intent == YES and self.memory.pending is Pending.CHECKLIST):
            return self._start_checklist()
        if self._checklist_running:
            return self._checklist_move(intent)
        if self.memory.pending is Pending.TIPS and intent in (YES, NO):
            return self._tips(wanted=intent == YES), self.memory
        if intent in FIXED_TOPICS:
            return self.replies.entry(FIXED_TOPICS[intent]), self.memory
        if intent == PREVIOUS:
            return self._go_back()
        if intent == START_OVER:
            return self.replies.home(), Memory()
        return self._ANSWERS.get(intent, _Decisions._fallback)(self), self.memory

    # --- the checklist ---------------------------------------------------------------------------

    @cached_property
    def _checklist(self):
        """The locale's checklist, imported and loaded only when the turn needs it (a cold start that
        begins with a plain question never pays for it)."""
        from skill.checklist import load_checklist

        return load_checklist(self.replies.locale)

    @cached_property
    def _saved(self):
        """The checklist state the session holds: a State, None when there is none, or ``LOST`` when
        the session held one that was tampered with, stale or malformed."""
        if self.memory.checklist is None:
            return None
        from skill.checklist import InvalidState

        try:
            return self._checklist.restore(self.memory.checklist)
        except InvalidState:
            return _LOST

    @property
    def _checklist_running(self) -> bool:
        saved = self._saved
        return saved is _LOST or (saved is not None and not saved.finished)

    def _with_state(self, state, reply: Reply) -> tuple[Reply, Memory]:
        return reply, self.memory.with_checklist(state.to_session())

    def _speak(self, step_, lead: str | None = None) -> Reply:
        from skill.dialogue.checklist import speak

        return speak(self.replies, step_, lead)

    def _start_checklist(self) -> tuple[Reply, Memory]:
        state, question = self._checklist.start()
        return self._with_state(state, self._speak(question))

    def _red_flag(self, flag_id: str) -> tuple[Reply, Memory]:
        """Urgent advice at once, from any point; the run it starts asks what could make it an emergency."""
        from skill.checklist import UnknownRedFlag

        try:
            state, first = self._checklist.red_flag(flag_id)
        except UnknownRedFlag:  # a RedFlag intent the rules don't know: the fallback and its safety line
            return self.replies.fallback(), self.memory
        return self._with_state(state, self._speak(first))

    def _checklist_move(self, intent: str) -> tuple[Reply, Memory]:
        """Yes, no, not sure, why, repeat, back, start over and help move the checklist; anything else
        gets a short re-ask. A state that could not be restored restarts the run, saying so."""
        saved = self._saved
        if saved is _LOST:
            state, question = self._checklist.start()
            return self._with_state(state, self._speak(question, lead=self.replies.say("checklist.lost_place")))
        move = _CHECKLIST_MOVES.get(intent, lambda checklist, state: checklist.miss(state))
        state, next_step = move(self._checklist, saved)
        return self._with_state(state, self._speak(next_step))

    def _stop(self) -> Reply:
        """Goodbye; mid-checklist, with the safety line first if an answer already called for one."""
        goodbye = self.replies.goodbye()
        saved = self._saved if self._checklist_running else None
        line = self._checklist.stop(saved) if saved is not None and saved is not _LOST else None
        return goodbye._replace(sentences=(line, *goodbye.sentences)) if line else goodbye

    def _tips(self, wanted: bool) -> Reply:
        from skill.dialogue.checklist import tips

        saved = self._saved
        reply = tips(self.replies, self._checklist, saved, wanted) if saved not in (None, _LOST) else None
        return reply or self.replies.another()

    # --- saying an answer again ------------------------------------------------------------------

    def _replay(self, ref: Ref | None) -> Reply | None:
        """A remembered answer again: a knowledge answer, one of the skill's own turns, or the
        checklist's step. None when there is nothing (valid) to replay."""
        if ref is None:
            return None
        if ref.kind == "checklist":
            saved = self._saved
            if saved is None or saved is _LOST:
                return None
            return self._speak(self._checklist.repeat(saved)[1])
        return self.replies.answer(ref)

    def _go_back(self) -> tuple[Reply, Memory]:
        memory, previous = self.memory.went_back()
        reply = self._replay(previous)
        if reply is None:
            return self.replies.nothing("back.nothing"), self.memory
        return reply, memory

    # --- questions the knowledge answers -----------------------------------------------------------

    def _slot(self, name: str) -> Slot:
        """The slot as said; words that only name leg cramps in general ("how are leg cramps treated"
        heard "leg cramps" as the cause) count as no value, so the answer is the general one."""
        slot = self.slots.get(name, NO_SLOT)
        if slot.id is None and slot.heard and self.replies.knowledge.is_general(slot.heard):
            return NO_SLOT
        return slot

    def _topic(self) -> Reply:
        """ "Tell me about restless legs": any knowledge entry by name, causes included."""
        slot = self._slot("topic")
        entry = self.replies.knowledge.entry(slot.id) if slot.id else None
        if entry is None:
            return self.replies.unknown_slot("topic", slot.heard)
        return self.replies.entry(entry.id)

    def _cause(self) -> Reply:
        """ "Can dehydration cause leg cramps?": one cause; the overview when none was named."""
        slot = self._slot("cause")
        cause = self.replies.knowledge.cause(slot.id) if slot.id else None
        if cause is not None:
            return self.replies.entry(cause.id)
        if slot.empty:
            return self.replies.entry("causes_overview")
        return self.replies.unknown_slot("cause", slot.heard)

    def _treatment(self) -> Reply:
        """ "How do I treat cramps from dehydration?", or treatment in general without a cause."""
        slot = self._slot("cause")
        if slot.empty:
            return self.replies.entry("treatment_general")
        cause = self.replies.knowledge.cause(slot.id) if slot.id else None
        if cause is None:
            return self.replies.unknown_slot("cause", slot.heard)
        return self.replies.entry(cause.id, facet="treatment")

    def _remedy(self) -> Reply:
        """ "Does stretching help?": what the knowledge says about that remedy (or non-remedy), or
        treatment in general when none was named."""
        slot = self._slot("remedy")
        if slot.empty:
            return self.replies.entry("treatment_general")
        entry = self.replies.knowledge.entry(slot.id) if slot.id else None
        if entry is None:
            return self.replies.unknown_slot("remedy", slot.heard)
        return self.replies.entry(entry.id)

    def _compare(self) -> Reply:
        """ "What's the difference between low B12 and dehydration?", or the comparison overview."""
        first, second = self._slot("cause_a"), self._slot("cause_b")
        knowledge = self.replies.knowledge
        if first.empty and second.empty:
            return self.replies.entry("compare_causes")
        if first.id is not None and first.id == second.id and knowledge.cause(first.id):
            return self.replies.entry(first.id)
        reply = self.replies.compare(first.id or "", second.id or "")
        if reply is None:
            unknown = second if knowledge.cause(first.id or "") else first
            return self.replies.unknown_slot("cause", unknown.heard)
        return reply

    # --- moving around the conversation ------------------------------------------------------------

    def _yes(self) -> Reply:
        """ "Yes" accepts what was offered: the rest of the answer, or another question."""
        if self.memory.pending is Pending.MORE:
            return self.replies.more(self.memory.last)
        return self.replies.ask_away()

    def _no(self) -> Reply:
        """ "No" to more or to the checklist moves on; "no" to another question says goodbye."""
        if self.memory.pending in (Pending.MORE, Pending.CHECKLIST):
            return self.replies.another()
        return self.replies.goodbye()

    def _help(self) -> Reply:
        return self.replies.help(self.memory.last, self.memory.pending)

    def _fallback(self) -> Reply:
        return self.replies.fallback()

    _ANSWERS: dict[str, Callable[[_Decisions], Reply]] = {
        TOPIC: _topic,
        CAUSE: _cause,
        TREATMENT: _treatment,
        REMEDY: _remedy,
        COMPARE: _compare,
        MORE: lambda self: self.replies.more(self.memory.last),
        NEXT: lambda self: self.replies.more(self.memory.last),
        REPEAT: lambda self: self._replay(self.memory.last) or self.replies.nothing("repeat.nothing"),
        SOURCE: lambda self: self.replies.source(self.memory.last),
        HELP: _help,
        NOT_SURE: _help,  # no question is waiting: say what can be answered
        WHY_ASK: _help,
        YES: _yes,
        NO: _no,
    }


_LOST = object()  # see _Decisions._saved
