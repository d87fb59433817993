"""What the skill remembers within one session, and how it survives the round trip through Alexa.

Alexa hands session attributes back on every turn; they are user-controlled input as far as the
skill is concerned. ``Memory.restore`` accepts only the exact shape ``Memory.to_session`` writes and
falls back to a fresh memory otherwise, so a tampered or stale session can never crash a turn.
Nothing here is stored beyond the session.
"""
from __future__ import annotations

from enum import Enum
from functools import lru_cache
from typing import Any, NamedTuple

SCHEMA_VERSION = 2
HISTORY_LIMIT = 5
MAX_STEP = 50
PROMPT_REFS = frozenset({"welcome", "home", "help"})
FACETS = frozenset({"about", "treatment"})
KINDS = frozenset({"entry", "compare", "prompt", "checklist"})
MAX_REF_LENGTH = 200


class Pending(str, Enum):
    """What the skill just offered, so that the next "yes" or "no" means accepting or declining it."""

    MORE = "more"  # the rest of the last answer
    CHECKLIST = "checklist"  # the symptom checklist
    ANOTHER = "another"  # another question
    TIPS = "tips"  # the self-care tips after the checklist's advice


class Ref(NamedTuple):
    """A replayable answer: enough to say it again, go back to it, name its sources or continue it.

    kind ``entry``: a knowledge entry's ``facet`` at ``step`` (0 = short answer, n = n-th follow-up).
    kind ``compare``: two causes side by side (``id`` and ``other``).
    kind ``prompt``: one of the skill's own turns (``id`` is welcome, home or help).
    kind ``checklist``: the checklist's current step (also a red flag's advice), rebuilt from ``Memory.checklist``.
    """

    kind: str
    id: str
    facet: str = "about"
    step: int = 0
    other: str = ""

    def to_session(self) -> str:
        """A compact string ("entry|b12|about|1|"): session attributes travel on every turn."""
        return f"{self.kind}|{self.id}|{self.facet}|{self.step}|{self.other}"

    @classmethod
    def restore(cls, raw: Any) -> Ref | None:
        """The Ref that ``raw`` describes, or None if it is not exactly a valid one."""
        if type(raw) is not str or len(raw) > MAX_REF_LENGTH:
            return None
        return _ref_from(raw)

    @classmethod
    def _parse(cls, raw: str) -> Ref | None:
        parts = raw.split("|")
        if len(parts) != 5:
            return None
        kind, ident, facet, step, other = parts
        if kind not in KINDS or facet not in FACETS or not (step.isascii() and step.isdigit()) or int(step) > MAX_STEP:
            return None
        if kind == "prompt" and ident not in PROMPT_REFS:
            return None
        return cls(kind=kind, id=ident, facet=facet, step=int(step), other=other)


@lru_cache(maxsize=1024)
def _ref_from(raw: str) -> Ref | None:
    """Refs are immutable and the same few strings come back every turn (the last answer and its
    history), so each is parsed once; the cache is bounded, and keys are at most MAX_REF_LENGTH long."""
    return Ref._parse(raw)


class Memory(NamedTuple):
    """Session memory: the last answer, earlier answers, what yes/no means, and the checklist."""

    last: Ref | None = None
    history: tuple[Ref, ...] = ()
    pending: Pending | None = None
    checklist: Any = None  # the checklist's own session value, validated by skill.checklist

    def answered(self, ref: Ref, pending: Pending | None) -> Memory:
        """Remember a new answer; the previous one moves onto the go-back history."""
        history = self.history
        if self.last is not None and self.last != ref:
            history = (*history, self.last)[-HISTORY_LIMIT:]
        return self._replace(last=ref, history=history, pending=pending)

    def went_back(self) -> tuple[Memory, Ref | None]:
        """Step back to the answer before the last one."""
        if not self.history:
            return self, None
        previous = self.history[-1]
        return self._replace(last=previous, history=self.history[:-1]), previous

    def with_checklist(self, checklist_session: Any) -> Memory:
        """Remember the checklist's own session value (None forgets the checklist)."""
        return self._replace(checklist=checklist_session)

    def to_session(self) -> dict[str, Any]:
        return {
            "v": SCHEMA_VERSION,
            "last": self.last.to_session() if self.last else None,
            "history": [ref.to_session() for ref in self.history],
            "pending": self.pending.value if self.pending else None,
            "checklist": self.checklist,
        }

    @classmethod
    def restore(cls, attributes: Any) -> Memory:
        """Memory from session attributes; anything malformed gives a fresh memory, never an error.

        Every attribute's type is checked before its value is used (a list is unhashable, so even a
        set-membership test on an unchecked value can raise). The checklist's value is kept as it came:
        the checklist type-checks it when restored, so that a bad one restarts the checklist politely.
        """
        if not isinstance(attributes, dict) or type(attributes.get("v")) is not int or attributes["v"] != SCHEMA_VERSION:
            return cls()
        last = Ref.restore(attributes.get("last"))
        raw_history = attributes.get("history")
        history: tuple[Ref, ...] = ()
        if type(raw_history) is list and len(raw_history) <= HISTORY_LIMIT:
            restored = [Ref.restore(item) for item in raw_history]
            history = tuple(ref for ref in restored if ref is not None)
        pending = attributes.get("pending")
        return cls(
            last=last,
            history=history,
            pending=_PENDING.get(pending) if type(pending) is str else None,
            checklist=attributes.get("checklist"),  # any JSON value: the checklist type-checks it on restore
        )


_PENDING = {pending.value: pending for pending in Pending}
