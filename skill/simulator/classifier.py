"""Which intent a sentence no sample matches most likely means: a small statistical classifier.

Alexa's NLU is trained on a skill's samples and generalises to sentences it never saw; nearest-sample
matching does not. This is a multinomial naive Bayes over words and word pairs, trained on the
samples with their slot values taken out (so it learns carrier phrases, not values), plus one token
per slot value heard ("=CAUSE:b12"), so "what is b twelve" and "what is {topic}" stay apart. The
priors are equal: how many samples an intent has says nothing about how often it is asked.

Out-of-domain speech is a class of its own, trained on sentences no skill like this one handles
(``out_of_domain`` in the simulator's phrases), as Alexa's fallback is trained on out-of-domain
requests; a sentence that lands there, or where no intent is clearly likelier than the rest, is
the fallback.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

OUT_OF_DOMAIN = "<out of domain>"


@dataclass(frozen=True)
class Guess:
    intent: str
    confidence: float  # the posterior probability of ``intent`` among all classes, 0..1


class NaiveBayes:
    """Trained once on (class, tokens) pairs; ``guess`` ranks the classes for a new token list."""

    def __init__(self, examples: Iterable[tuple[str, Sequence[str]]], smoothing: float = 0.1) -> None:
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for label, tokens in examples:
            counts[label].update(tokens)
        self._vocabulary = {token for counter in counts.values() for token in counter}
        size = len(self._vocabulary) + 1  # one more for every token never seen in training
        self._log_likelihood: dict[str, dict[str, float]] = {}
        self._unseen: dict[str, float] = {}
        for label, counter in counts.items():
            total = sum(counter.values()) + smoothing * size
            self._log_likelihood[label] = {token: math.log((n + smoothing) / total) for token, n in counter.items()}
            self._unseen[label] = math.log(smoothing / total)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self._log_likelihood)

    def guess(self, tokens: Sequence[str]) -> Guess | None:
        """The likeliest class and its posterior, or None when nothing was said."""
        if not tokens or not self._log_likelihood:
            return None
        scores = {label: sum(table.get(token, self._unseen[label]) for token in tokens)
                  for label, table in self._log_likelihood.items()}
        best = max(scores, key=lambda label: (scores[label], label))
        peak = scores[best]
        total = sum(math.exp(score - peak) for score in scores.values())
        return Guess(best, 1.0 / total)


def tokens(words: Sequence[str], values: Iterable[str] = ()) -> list[str]:
    """Words, adjacent word pairs (with sentence edges, so "how" at the start counts), and value tokens."""
    padded = ["<s>", *words, "</s>"]
    return [*words, *(f"{a} {b}" for a, b in zip(padded, padded[1:])), *values]
