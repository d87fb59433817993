"""Typed view of ``invocation_phrases.toml``: wake words and the ways a skill is opened or asked.

The simulator's resolver and the linter's invocation-name and example-phrase checks both read these,
so what the simulator understands and what the linter accepts cannot drift apart.
"""
from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from importlib import resources

NAME = "{name}"
REQUEST = "{request}"


@dataclass(frozen=True)
class LanguagePhrases:
    """One language's invocation phrasings."""

    optional_prefixes: tuple[str, ...]
    invocation_templates: tuple[str, ...]

    @property
    def launch_verbs(self) -> tuple[str, ...]:
        """What comes before the name in the templates that start with a verb: "open", "talk to"."""
        verbs = (t.split(f" {NAME}", 1)[0] for t in self.invocation_templates
                 if not t.startswith(("{", NAME)) and f" {NAME}" in t)
        return tuple(dict.fromkeys(verbs))

    @property
    def launch_connectors(self) -> tuple[str, ...]:
        """Words between the name and the request after a verb: "ask {name} whether {request}"."""
        between = (t.split(NAME, 1)[1].split(REQUEST, 1)[0].strip() for t in self.invocation_templates
                   if not t.startswith("{") and REQUEST in t.split(NAME, 1)[1])
        return tuple(dict.fromkeys(word for word in between if word))


@dataclass(frozen=True)
class InvocationPhrases:
    wake_words: tuple[str, ...]
    name_forbidden_launch_words: tuple[str, ...]
    languages: dict[str, LanguagePhrases]

    @property
    def default_wake_word(self) -> str:
        return self.wake_words[0]

    def language(self, locale: str) -> LanguagePhrases | None:
        """Phrasings for a locale's language (``en-GB`` uses ``en``), or None when there are none."""
        return self.languages.get(locale.replace("_", "-").split("-", 1)[0].lower())


@functools.cache
def load_invocation_phrases() -> InvocationPhrases:
    raw = tomllib.loads(resources.files("skill").joinpath("invocation_phrases.toml").read_text(encoding="utf-8"))
    return InvocationPhrases(
        wake_words=tuple(raw["wake_words"]),
        name_forbidden_launch_words=tuple(raw["name_forbidden_launch_words"]),
        languages={code: LanguagePhrases(optional_prefixes=tuple(lang["optional_prefixes"]),
                                         invocation_templates=tuple(lang["invocation_templates"]))
                   for code, lang in raw["languages"].items()},
    )
