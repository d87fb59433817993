"""Typed records for the knowledge data. Plain frozen dataclasses: nothing here knows about Alexa."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Source:
    """Where a fact comes from, as said aloud and as shown on a card."""

    id: str
    spoken: str
    title: str
    url: str


@dataclass(frozen=True)
class Answer:
    """One spoken answer: a one-breath ``short``, follow-ups for "tell me more", and card text."""

    short: str
    more: tuple[str, ...]
    card: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Entry:
    """A subject people ask about (a cause of cramps or another topic)."""

    id: str
    title: str
    names: tuple[str, ...]
    answer: Answer
    offer_checklist: bool
    # Something people take or do for cramps ("does magnesium help?"): its names fill the REMEDY slot.
    # Keyword-only with a default, so entries without it (and Cause's own fields) stay as they are.
    remedy: bool = field(default=False, kw_only=True)
    # More names for the REMEDY slot only ("b twelve tablets"), which another entry may already use as
    # a topic or cause name: the REMEDY slot type is a list of its own.
    remedy_names: tuple[str, ...] = field(default=(), kw_only=True)


@dataclass(frozen=True)
class Cause(Entry):
    """A cause of leg cramps, with how it is named in a sentence, its signs and its treatment."""

    spoken_name: str
    signs: str
    treatment: Answer
    # More names for the CAUSE slot only, which a topic owns in the TOPIC slot: "pernicious anaemia" is the
    # topic of lifelong B12 treatment when asked about, and low B12 when said as a cause of cramps.
    cause_names: tuple[str, ...] = field(default=(), kw_only=True)
