"""Which intent a sentence no sample matches most likely means: a small statistical classifier.

Alexa's NLU is trained on a skill's samples and generalises to sentences it never saw; nearest-sample
matching does not. This is a linear support vector machine (scikit-learn's liblinear) over the words, word
pairs and character groups of the samples with their slot values taken out (so it learns carrier
phrases, not values), plus one token per slot value heard ("=CAUSE:b12"), so "what is b twelve" and
"what is {topic}" stay apart. Character groups let "cramping", "cramped" and "crampy" share what
"cramp" taught. Classes are weighed equally: how many samples an intent has says nothing about how
often it is asked.

A discriminative model, not naive Bayes: it learns which tokens tell two intents apart ("how do i
treat {cause}" from "can {cause} cause cramps") rather than how often each intent uses each word, so a
small intent whose few samples share most words with a large one is not favoured for that alone.

Out-of-domain speech is a class of its own, trained on sentences no skill like this one handles
(``out_of_domain`` in the simulator's phrases), as Alexa's fallback is trained on out-of-domain
requests.
"""
from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

import numpy
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

OUT_OF_DOMAIN = "<out of domain>"
# How sharply margins become probabilities: a softmax over (margin x SHARPNESS), so a margin ahead by
# one unit is about e^3 = 20 times likelier. Margins are not probabilities; this only ranks and scales
# them for the resolver's cutoff.
SHARPNESS = 3.0
CHARACTER_GROUP = 4  # letters per character group, with a space marking each word's edges


@dataclass(frozen=True)
class Guess:
    intent: str
    confidence: float  # the probability of ``intent`` among the classes considered, 0..1
    margin: float = 0.0  # the classifier's raw decision value for ``intent``: gaps between two compare


class IntentClassifier:
    """Trained once on (class, tokens) pairs; ``ranked`` orders the classes for a new token list."""

    def __init__(self, examples: Iterable[tuple[str, Sequence[str]]]) -> None:
        pairs = list(examples)
        labels = [label for label, _ in pairs]
        token_lists = [list(found) for _, found in pairs]
        self._vectoriser = TfidfVectorizer(analyzer=_features, sublinear_tf=True, lowercase=False)
        matrix = self._vectoriser.fit_transform(token_lists)
        # liblinear trains in about a second on a whole model; logistic regression took ten times longer.
        self._model = LinearSVC(class_weight="balanced")
        self._model.fit(matrix, labels)
        self._labels: tuple[str, ...] = tuple(self._model.classes_)

    @property
    def labels(self) -> tuple[str, ...]:
        return self._labels

    def ranked(self, tokens: Sequence[str], exclude: Collection[str] = ()) -> list[Guess]:
        """Every class outside ``exclude``, likeliest first, each with its probability among those
        classes; empty when nothing was said."""
        if not tokens:
            return []
        margins = self._model.decision_function(self._vectoriser.transform([tokens]))[0]
        allowed = [index for index, label in enumerate(self._labels) if label not in exclude]
        if not allowed:
            return []
        sharp = margins[allowed] * SHARPNESS
        probabilities = numpy.exp(sharp - sharp.max())
        probabilities /= probabilities.sum()
        order = numpy.argsort(-probabilities, kind="stable")
        return [Guess(self._labels[allowed[i]], float(probabilities[i]), float(margins[allowed[i]])) for i in order]


def tokens(words: Sequence[str], values: Iterable[str] = ()) -> list[str]:
    """Words, adjacent word pairs (with sentence edges, so "how" at the start counts), and value tokens."""
    padded = ["<s>", *words, "</s>"]
    return [*words, *(f"{a} {b}" for a, b in zip(padded, padded[1:])), *values]


def _features(token_list: Sequence[str]) -> list[str]:
    """The tokens, plus the character groups of each plain word (not of pairs, value tokens or markers)."""
    found = list(token_list)
    for token in token_list:
        if " " in token or not token[:1].isalpha():
            continue
        padded = f" {token} "
        found += [padded[start:start + CHARACTER_GROUP] for start in range(len(padded) - CHARACTER_GROUP + 1)]
    return found
