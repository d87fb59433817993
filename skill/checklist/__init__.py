"""The referral checklist: a short yes/no checklist ending in one referral level, as a pure state machine.

No Alexa imports: the dialogue step turns intents into ``Checklist`` calls and speaks the returned steps.
The rules (``skill/content/rules.toml``) and words (``skill/content/<layer>/checklist.toml``) are validated once per locale
and cached, so a bad edit fails at start-up, never in a conversation.

    checklist = load_checklist("en-US")
    state, step = checklist.start()
    state, step = checklist.answer(state, Answer.NO)
    session["checklist"] = state.to_session()          # next turn: checklist.restore(session["checklist"])
"""
from __future__ import annotations

from functools import lru_cache

from skill.checklist.machine import Checklist
from skill.checklist.values import (
    Answer,
    ChecklistDataError,
    ChecklistError,
    InvalidState,
    Level,
    Outcome,
    Question,
    State,
    Step,
    UnknownRedFlag,
    UnsupportedLocale,
)
from skill.checklist.rules import load_rules
from skill.checklist.text import load_texts
from skill.content import ContentError, canonical

__all__ = [
    "Answer", "Checklist", "ChecklistDataError", "ChecklistError", "InvalidState", "Level", "Outcome",
    "Question", "State", "Step", "UnknownRedFlag", "UnsupportedLocale", "load_checklist",
]


@lru_cache(maxsize=32)
def load_checklist(locale: str) -> Checklist:
    """The checklist for a served locale: the ``en`` words, overlaid by the locale's own, and its emergency number.

    Raises UnsupportedLocale for a locale without a complete text, ChecklistDataError for broken data.
    Cached per locale string (bounded), so a warm request never touches the file system.
    """
    try:
        code = canonical(locale)
    except ContentError as error:
        raise UnsupportedLocale(str(error)) from error
    return _checklist_for(code)


@lru_cache(maxsize=None)
def _checklist_for(code: str) -> Checklist:
    # Keyed by the canonical code, not the raw locale string, so en_US and en-us share one checklist.
    rules = load_rules()
    return Checklist(rules, load_texts(code, rules))
