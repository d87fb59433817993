"""Slot values said in other word forms or with words between: "i sit at a desk all day" names the
synonym "sitting at a desk", "i'm on my feet twelve hours a shift" names "twelve hour shifts".

Alexa's slot filling is statistical and its entity resolution forgives more than an exact lookup; the
resolver's spotter finds only values said word for word. This is the resolver's second look, used only
to fill a slot the chosen intent left empty: each value's content words, stemmed (Snowball), must all
be said, close together, in any order.
"""
from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

import snowballstemmer

# At most this many other words may stand among a value's content words ("sitting" ... "desk").
SLACK = 3


@dataclass(frozen=True)
class LooseMatch:
    form: str  # the value or synonym as the model lists it
    start: int  # the positions of its first and last content word in what was said
    end: int


class LooseValues:
    """One slot type's values and synonyms, indexed by their stemmed content words."""

    def __init__(self, forms: Iterable[str], function_words: Iterable[str], language: str = "english") -> None:
        self._stemmer = snowballstemmer.stemmer(language)
        self._function = frozenset(self._stemmer.stemWords(list(function_words)))
        self._forms: list[tuple[str, frozenset[str], int]] = []
        for form in forms:
            words = form.split()
            content = frozenset(self._content(words))
            # A name of several words with only one content word means what its small words make of
            # it ("a mum to be" is not any "mum"): only the spotter, hearing it whole, may take it.
            if content and (len(content) > 1 or len(words) == 1):
                self._forms.append((form, content, len(words)))

    def _content(self, words: Sequence[str]) -> list[str]:
        return [stem for stem in self._stemmer.stemWords(list(words)) if stem not in self._function]

    def find(self, words: Sequence[str], taken: Collection[int] = ()) -> LooseMatch | None:
        """The value whose content words were all said close together (the one with most content
        words, then the longest), ignoring words at positions already ``taken`` by another value."""
        stems = self._stemmer.stemWords(list(words))
        places: dict[str, list[int]] = {}
        for position, stem in enumerate(stems):
            if position in taken:
                continue
            places.setdefault(stem, []).append(position)
        best: tuple[tuple[int, int], LooseMatch] | None = None
        for form, content, length in self._forms:
            if not all(stem in places for stem in content):
                continue
            span = _tightest(places, content)
            if span is None or span[1] - span[0] + 1 > length + SLACK:
                continue
            rank = (len(content), length)
            if best is None or rank > best[0]:
                best = (rank, LooseMatch(form, *span))
        return best[1] if best else None


def _tightest(places: Mapping[str, list[int]], content: frozenset[str]) -> tuple[int, int] | None:
    """The shortest stretch of positions that holds every content stem once (first such, left to right)."""
    events = sorted((position, stem) for stem in content for position in places[stem])
    need = len(content)
    count: dict[str, int] = {}
    best: tuple[int, int] | None = None
    left = 0
    for right, (position, stem) in enumerate(events):
        count[stem] = count.get(stem, 0) + 1
        while len(count) == need:
            start = events[left][0]
            if best is None or position - start < best[1] - best[0]:
                best = (start, position)
            left_stem = events[left][1]
            count[left_stem] -= 1
            if not count[left_stem]:
                del count[left_stem]
            left += 1
    return best
