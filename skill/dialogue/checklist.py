"""Turns the checklist's steps into replies, and keeps its state in the session memory.

The checklist itself (``skill.checklist``) decides what to ask and what to advise; this module only
decides how that is spoken, so handlers stay a line or two each.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from skill.checklist import Checklist, InvalidState, Outcome, State, Step, UnknownRedFlag
from skill.dialogue.replies import Card, Replies, Reply
from skill.dialogue.state import Memory, Ref

STEP_REF = Ref(kind="checklist", id="step")


@dataclass(frozen=True)
class ChecklistTurn:
    """The checklist as this session left it: running, finished, or unusable (so restarted)."""

    checklist: Checklist
    replies: Replies
    state: State | None
    lost: bool = False  # the session held a checklist state that was tampered, stale or malformed

    @classmethod
    def of(cls, checklist: Checklist, replies: Replies, memory: Memory) -> ChecklistTurn:
        if memory.checklist is None:
            return cls(checklist, replies, None)
        try:
            return cls(checklist, replies, checklist.restore(memory.checklist))
        except InvalidState:
            return cls(checklist, replies, None, lost=True)

    @property
    def running(self) -> bool:
        return (self.state is not None and not self.state.finished) or self.lost

    def start(self) -> tuple[State, Reply]:
        state, question = self.checklist.start()
        return state, self.speak(question)

    def resume_or_restart(self) -> tuple[State, Reply] | None:
        """When the saved state was unusable: say so politely and start again. Else None."""
        if not self.lost:
            return None
        state, question = self.checklist.start()
        return state, self.speak(question, lead=self.replies.say("checklist.lost_place"))

    def speak(self, step: Step, lead: str | None = None) -> Reply:
        """A question keeps the session open for the answer; an outcome gives advice, then either
        offers to answer questions or (emergency) ends the session."""
        if isinstance(step, Outcome):
            return self._outcome(step)
        return Reply(
            sentences=tuple(s for s in (lead, step.preface) if s),
            question=step.text,
            reprompt=step.reprompt or step.text,
            ref=STEP_REF,
        )

    def _outcome(self, outcome: Outcome) -> Reply:
        """The advice and its reasons first. Tips, when there are any, are offered as a separate
        turn so each turn stays short; the card carries everything either way."""
        card = Card(title=outcome.card_title, text=outcome.card_text)
        if not outcome.follow_up:  # emergency: say it and end the session
            return Reply(sentences=(outcome.speech,), card=card)
        if outcome.tips:
            question = self.replies.say("checklist.tips_offer", count=self.replies.say(f"numbers.n{len(outcome.tips)}"))
            return Reply(sentences=(outcome.speech,), question=question,
                         reprompt=self.replies.say("checklist.tips_reprompt"),
                         card=card, pending="tips", ref=STEP_REF)
        return Reply(sentences=(outcome.speech,), question=outcome.follow_up,
                     reprompt=self.replies.say("followup.another_reprompt"),
                     card=card, pending="another", ref=STEP_REF)

    def tips(self, wanted: bool) -> Reply | None:
        """After the outcome: the tips ("yes") or straight to the offer of questions ("no")."""
        if self.state is None or not self.state.finished:
            return None
        outcome = self.checklist.repeat(self.state)[1]
        if not isinstance(outcome, Outcome) or not outcome.follow_up:
            return None
        lead = outcome.tips_speech if wanted else self.replies.say("followup.moving_on")
        return Reply(sentences=(lead,), question=outcome.follow_up,
                     reprompt=self.replies.say("followup.another_reprompt"), pending="another")

    def stop(self) -> Reply:
        """Goodbye, with one line of safety advice first if a red flag was already answered yes."""
        line = self.checklist.stop(self.state) if self.state is not None else None
        goodbye = self.replies.goodbye()
        return replace(goodbye, sentences=(line, *goodbye.sentences) if line else goodbye.sentences)

    def red_flag(self, flag_id: str) -> tuple[State, Reply] | None:
        """Urgent advice for a red flag said at any point, and the run it starts (which asks what could
        still make it an emergency); None for an id the checklist doesn't know."""
        try:
            state, step = self.checklist.red_flag(flag_id)
        except UnknownRedFlag:
            return None
        return state, self.speak(step)

