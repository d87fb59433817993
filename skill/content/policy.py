"""The content policy: what any text the skill speaks or shows may hold. Every content loader uses these checks.

Each check returns ``None`` when the text passes, else a short description of the problem; the loader adds
where it happened (file and key) and raises its own error. Limits are characters of plain text.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

# One breath: the spoken answer first, each "tell me more" part, and any text without a tighter limit.
SHORT_LIMIT = 300
MORE_LIMIT = 450
SENTENCE_LIMIT = 220

# The one placeholder shared text may hold: filled with the locale's number (locale.toml) when spoken or shown.
EMERGENCY_NUMBER = "{emergency_number}"

# Wording the skill never uses, in any text. Diagnosing: the skill says what something can be a sign of and
# who can check, never what the user has ("do you have ...?" is a question, not a diagnosis). Offering a call:
# Alexa cannot place one for a skill, so the skill only ever tells the user to call.
_NEVER: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<!\bdo )(?<!\bdid )\byou have\b", re.IGNORECASE), "diagnosing wording ('you have')"),
    (re.compile(r"\byou(?:'ve| have| 've) got\b", re.IGNORECASE), "diagnosing wording ('you've got')"),
    (re.compile(r"\byou(?:'re| are) suffering\b", re.IGNORECASE), "diagnosing wording ('you are suffering')"),
    (re.compile(r"\b(?:I|I'll|I will|I can|shall I|let me|me to)\s+(?:call|dial|phone|ring)\b", re.IGNORECASE),
     "an offer to call someone"),
)
# The checklist gives self-care tips; these two must never be among them (NICE; FDA-Q). The knowledge
# answers name them only to say they are not recommended, so this check is the checklist's alone.
_NOT_RECOMMENDED = re.compile(r"\b(?:quinine|magnesium)\b", re.IGNORECASE)

_SPOKEN_NUMBER = re.compile(r"[a-z]+(?: [a-z]+)*")
_DIGITS_ALLOWED = re.compile(r"\bB12\b")
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def markup_problem(text: str) -> str | None:
    """SSML or any angle bracket: the renderer escapes text and adds the SSML itself."""
    return "plain text only: no SSML or angle brackets" if "<" in text or ">" in text else None


def wording_problem(text: str) -> str | None:
    """Diagnosing wording or an offer to call."""
    return next((problem for pattern, problem in _NEVER if pattern.search(text)), None)


def tip_wording_problem(text: str) -> str | None:
    """What the checklist must never say: the general rules, plus naming quinine or magnesium."""
    return wording_problem(text) or ("quinine or magnesium" if _NOT_RECOMMENDED.search(text) else None)


def length_problem(text: str, limit: int) -> str | None:
    return f"{len(text)} characters, at most {limit} (one breath)" if len(text) > limit else None


def digits_problem(text: str) -> str | None:
    """Speech says numbers in words: digits only in "B12" (and in the emergency number's placeholder)."""
    bare = _DIGITS_ALLOWED.sub("", _PLACEHOLDER.sub("", text))
    if any(ch.isdigit() for ch in bare):
        return "write numbers in words (digits only in B12 and the emergency number)"
    return None


def spoken_number_problem(value: object) -> str | None:
    if not isinstance(value, str) or not _SPOKEN_NUMBER.fullmatch(value) or len(value) > 40:
        return "the number in lower-case words"
    return None


def written_number_problem(value: object) -> str | None:
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) > 4:
        return "digits only (at most four)"
    return None


def unknown_sources(ids: Iterable[str], known: Iterable[str]) -> list[str]:
    """The cited source ids that no sources file defines, sorted."""
    return sorted(set(ids) - set(known))
