"""How the checklist's steps are spoken: a question keeps the session open, an outcome gives advice.

The checklist itself (``skill.checklist``) decides what to ask and what to advise; the dialogue step
decides when. This module only turns a ``Step`` into a ``Reply``.
"""
from __future__ import annotations

from skill.checklist import Checklist, Outcome, State, Step
from skill.dialogue.replies import Card, Replies, Reply
from skill.dialogue.memory import Pending, Ref

STEP_REF = Ref(kind="checklist", id="step")


def speak(replies: Replies, step: Step, lead: str | None = None) -> Reply:
    """A question waits for its answer; an outcome gives advice, then offers tips or questions, or
    (an emergency) ends the session."""
    if isinstance(step, Outcome):
        return _outcome(replies, step)
    return Reply(
        sentences=tuple(s for s in (lead, step.preface) if s),
        question=step.text,
        reprompt=step.reprompt or step.text,
        ref=STEP_REF,
    )


def _outcome(replies: Replies, outcome: Outcome) -> Reply:
    """The advice and its reasons first. Tips, when there are any, are offered as a separate turn so
    each turn stays short; the card carries everything either way."""
    card = Card(title=outcome.card_title, text=outcome.card_text)
    if outcome.ends_session:  # emergency: say it and end the session
        return Reply(sentences=(outcome.speech,), card=card)
    if outcome.tips:
        question = replies.say("checklist.tips_offer", count=replies.say(f"numbers.n{len(outcome.tips)}"))
        return Reply(sentences=(outcome.speech,), question=question,
                     reprompt=replies.say("checklist.tips_reprompt"),
                     card=card, pending=Pending.TIPS, ref=STEP_REF)
    return Reply(sentences=(outcome.speech,), question=outcome.follow_up,
                 reprompt=replies.say("followup.another_reprompt"),
                 card=card, pending=Pending.ANOTHER, ref=STEP_REF)


def tips(replies: Replies, checklist: Checklist, state: State, wanted: bool) -> Reply | None:
    """After the outcome: the tips ("yes") or straight to the offer of questions ("no")."""
    if not state.finished:
        return None
    outcome = checklist.repeat(state)[1]
    if not isinstance(outcome, Outcome) or outcome.ends_session:
        return None
    lead = outcome.tips_speech if wanted else replies.say("followup.moving_on")
    return Reply(sentences=(lead,), question=outcome.follow_up,
                 reprompt=replies.say("followup.another_reprompt"), pending=Pending.ANOTHER)
