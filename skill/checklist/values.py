"""Values the checklist hands to its callers: levels, answers, steps, state and errors.

Everything here is immutable, so a handler can keep, compare or replay them freely. The words inside
steps come from the data files; this module only fixes their shape.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, IntEnum
from typing import Any, Union

# Bump when the shape written by ``State.to_session`` changes; older shapes are then rejected as stale.
SESSION_SCHEMA = 2
# ``State.at`` once the checklist has reached its outcome (no question id may take this name).
DONE = "done"
# Misses after which re-asks stop escalating: the second miss offers to stop or start over.
MAX_MISSES = 2


class Level(IntEnum):
    """Referral levels, lowest to highest; comparing them compares urgency."""

    SELF_CARE = 0
    APPOINTMENT = 1
    CONTACT_SOON = 2
    URGENT_TODAY = 3
    EMERGENCY = 4

    @property
    def id(self) -> str:
        """The name the data files use (``urgent_today``)."""
        return self.name.lower()

    @classmethod
    def from_id(cls, level_id: str) -> Level:
        """The level a data file names; raises KeyError for an unknown name."""
        by_id = {level.id: level for level in cls}
        return by_id[level_id]


class Answer(str, Enum):
    """What the user can answer to a question. "Not sure" is asked again once, then counts as yes."""

    YES = "yes"
    NO = "no"
    UNSURE = "unsure"

    @property
    def positive(self) -> bool:
        """Yes and "not sure" both count towards combined advice (such as the B12 test)."""
        return self is not Answer.NO


@dataclass(frozen=True, slots=True)
class Question:
    """Ask this question next. Say ``preface`` (if any) first, then ``text``; reprompt with ``reprompt``.

    ``id`` names the prompt: a question id, or ``<id>.clarify`` / ``<id>.follow`` for its clarifying
    and follow-up questions.
    """

    id: str
    text: str
    preface: str = ""  # intro, advice already reached, acknowledgement, why/help/re-ask text, or "going back"
    reprompt: str = ""
    misses: int = 0  # consecutive unrecognised replies to this question (0..MAX_MISSES)


@dataclass(frozen=True, slots=True)
class Outcome:
    """The checklist's result: one referral level with its reasons, tips and card.

    Speak ``speech`` first (the emergency advice always comes first), then ``tips_speech`` and
    ``follow_up`` when they are not empty. End the session when ``ends_session`` is true.
    """

    level: Level
    advice: str  # the level's advice, plus the B12 test sentence when the answers call for one
    reason_ids: tuple[str, ...]  # question (or red flag) ids that decided the level or the B12 advice
    because: str  # the first few reasons as one spoken sentence, "" when there are none (the card has all)
    notes: str  # what to do beyond the level's advice ("call even if the signs go away"), "" when none
    tips: tuple[str, ...]  # two or three fitting self-care tips; none at urgent levels
    tips_intro: str  # "Meanwhile, three things can help.", "" when there are no tips
    follow_up: str  # offer to answer questions, "" when the session ends
    card_title: str
    card_text: str
    ends_session: bool
    preface: str = ""  # "not sure" acknowledgement when the last answer was "not sure"

    @property
    def speech(self) -> str:
        """The first turn of the outcome: emergency advice leads with nothing before it."""
        if self.level is Level.EMERGENCY:
            return _join(self.advice, self.because, self.notes)
        return _join(self.preface, self.advice, self.because, self.notes)

    @property
    def tips_speech(self) -> str:
        """The tips as one turn, or "" when there are none."""
        return _join(self.tips_intro, *self.tips) if self.tips else ""


Step = Union[Question, Outcome]


@dataclass(frozen=True, slots=True)
class State:
    """Where a checklist run stands: the answers so far, in the order asked.

    Only ``Checklist`` creates states; they ride in session attributes via ``to_session`` and come back
    through ``Checklist.restore``, which rejects anything it did not write.
    """

    fingerprint: str  # of the rules the answers were given under
    answers: tuple[Answer, ...] = ()
    at: str = ""  # id of the prompt being asked, or DONE
    misses: int = 0
    flag: str = ""  # the red flag the user said, when the run started from one (not from "check my symptoms")

    @property
    def finished(self) -> bool:
        return self.at == DONE

    def to_session(self) -> dict[str, Any]:
        """A JSON-safe dict for session attributes (nothing is kept beyond the session)."""
        return {
            "v": SESSION_SCHEMA,
            "rules": self.fingerprint,
            "answers": [answer.value for answer in self.answers],
            "at": self.at,
            "misses": self.misses,
            "flag": self.flag,
        }


class ChecklistError(Exception):
    """Base of every error the checklist raises."""


class ChecklistDataError(ChecklistError):
    """A data file is missing, malformed or breaks a content rule; the message names file and entry."""


class UnsupportedLocale(ChecklistError, LookupError):
    """No complete checklist text (with an emergency number) exists for this locale."""


class UnknownRedFlag(ChecklistError, LookupError):
    """``red_flag`` was given an id that the rules do not define."""


class InvalidState(ChecklistError, ValueError):
    """A session state is malformed, tampered with or stale; restart the checklist.

    The message says what was wrong with the shape, never which answers were given.
    """


def _join(*parts: str) -> str:
    return " ".join(part for part in parts if part)
