"""Invocation-name rules: what Amazon's certification rejects before anyone hears the skill."""
from __future__ import annotations

import re

from skill.lint.catalog import problem
from skill.lint.problems import Problem
from skill.lint.rulebook import InvocationRules

POSSESSIVE = re.compile(r"^(?P<stem>[^\W\d_]+)(?:'s|s')$")
ABBREVIATION_LETTER = re.compile(r"^[^\W\d_]\.$")
PLAIN_WORD = re.compile(r"^[^\W\d_]+$")


def _stem(word: str) -> str:
    """The word without a possessive ending or an abbreviation's period."""
    possessive = POSSESSIVE.match(word)
    if possessive:
        return possessive.group("stem") if word.endswith("'s") else word[:-1]
    return word.rstrip(".")


def _bad_characters(name: str) -> list[str]:
    """Words that are not plain lower-case words, possessives, or one-letter abbreviations."""
    bad = []
    for word in name.split(" "):
        if word == "":
            bad.append("doubled or edge space")
        elif word != word.lower():
            bad.append(f"'{word}' is not lower case")
        elif not (PLAIN_WORD.match(word) or POSSESSIVE.match(word) or ABBREVIATION_LETTER.match(word)):
            if not any(ch.isdigit() for ch in word):
                bad.append(f"'{word}'")
    return bad


def check_invocation_name(file: str, node: str, name: str | None, rules: InvocationRules) -> list[Problem]:
    if name is None or not name.strip():
        return [problem(file, node, "invocation-name-missing", "set languageModel.invocationName")]
    found: list[Problem] = []
    words = name.split()
    if len(words) < 2:
        found.append(problem(file, node, "invocation-name-words",
                             f"'{name}' has one word; use at least two (one only for a brand you own)"))
    bad = _bad_characters(name)
    if bad:
        found.append(problem(file, node, "invocation-name-characters",
                             "use lower-case letters, spaces, possessive apostrophes and periods in spelled "
                             f"abbreviations only; found {', '.join(bad)}"))
    if any(ch.isdigit() for ch in name):
        found.append(problem(file, node, "invocation-name-digits", f"'{name}' has digits; spell numbers out"))
    for word in words:
        stem = _stem(word.lower())
        for kind, listed in (("launch word", rules.launch_words), ("wake word", rules.wake_words),
                             ("word naming the platform", rules.skill_words)):
            if stem in listed:
                found.append(problem(file, node, "invocation-name-forbidden-word", f"'{word}' is a {kind}"))
    if len(words) == 2:
        for word in words:
            if word.lower() in rules.two_word_forbidden:
                found.append(problem(file, node, "invocation-name-article",
                                     f"a two-word name must not include '{word}'"))
    return found
