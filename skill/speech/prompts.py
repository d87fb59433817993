"""Prompt files: every phrase the skill says outside the knowledge data, keyed by meaning.

Files live in ``skill/content/<layer>/prompts.toml``. A locale's file overlays its language's
(``en-US`` over ``en``), so a new market only writes what differs, and every phrase is then written in
the locale's spelling (its ``locale.toml`` [spelling] table). A key may hold several
phrasings; the one spoken is picked from a seed (the request id), so real users hear variety
while a test that replays the same request hears the same words.
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from skill.content import (
    CONTENT_DIR,
    LOCALE_FIELDS,
    ContentError,
    Locale,
    UnknownLocale,
    layers,
    load_locale,
    policy,
    read_layers,
)

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


class PromptError(ValueError):
    """A prompt file is invalid or a key is missing; the message names the file and key."""


@dataclass(frozen=True)
class Prompts:
    """Phrasings for one locale, flattened to dotted keys such as ``launch.welcome``."""

    locale: str
    phrasings: Mapping[str, tuple[str, ...]]

    def variants(self, key: str) -> tuple[str, ...]:
        try:
            return self.phrasings[key]
        except KeyError:
            raise PromptError(f"no prompt '{key}' for locale {self.locale}") from None

    def say(self, key: str, seed: str = "", **values: str) -> str:
        """The phrase for ``key``, one variant chosen by ``seed``, with ``{name}`` fields filled."""
        options = self.variants(key)
        if len(options) == 1:
            chosen = options[0]
        else:
            chosen = options[zlib.crc32(f"{seed}|{key}".encode()) % len(options)]
        return chosen.format(**values) if values else chosen


def _flatten(table: Mapping[str, Any], prefix: str, name: str, out: dict[str, tuple[str, ...]]) -> None:
    for key, value in table.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict):
            _flatten(value, f"{dotted}.", name, out)
            continue
        if isinstance(value, str) and value.strip():
            out[dotted] = (" ".join(value.split()),)
        elif isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
            out[dotted] = tuple(" ".join(v.split()) for v in value)
        else:
            raise PromptError(f"{name}: '{dotted}' must be text or a non-empty list of texts")
        for text in out[dotted]:
            if policy.markup_problem(text):
                raise PromptError(f"{name}: '{dotted}' must be plain text; the renderer adds SSML")
            if problem := policy.wording_problem(text):
                raise PromptError(f"{name}: '{dotted}' uses {problem}")


@lru_cache(maxsize=None)
def load_prompts(locale: str, root: Path = CONTENT_DIR) -> Prompts:
    """Prompts for a locale, read once: the language file, overlaid by the locale's own."""
    try:
        files = read_layers("prompts.toml", layers(locale, root), root, PromptError)
    except ContentError as error:
        raise PromptError(str(error)) from error
    merged: dict[str, tuple[str, ...]] = {}
    for name, table in files:
        _flatten(table, "", name, merged)
    if not merged:
        raise PromptError(f"no prompt files for locale {locale!r}")
    try:
        place = load_locale(locale, root)
    except UnknownLocale:  # a language ("en") or an unserved locale: the language's own spelling
        return Prompts(locale=locale, phrasings=merged)
    except ContentError as error:
        raise PromptError(str(error)) from error
    return Prompts(locale=locale, phrasings={key: tuple(place.respell(_filled(text, key, place)) for text in texts)
                                             for key, texts in merged.items()})


def _filled(text: str, key: str, place: Locale) -> str:
    """The locale's facts filled in at load, except ``{emergency_number}``, which the skill fills when it speaks.

    A key with a part named ``card...`` (``card.disclaimer``, ``help.card``) is shown, so it gets the written form.
    """
    written = any(part.startswith("card") for part in key.split("."))
    for name, value in place.fields(written).items():
        if name != "emergency_number":
            text = text.replace(f"{{{name}}}", value)
    missing = sorted((set(_PLACEHOLDER.findall(text)) & LOCALE_FIELDS) - {"emergency_number"})
    if missing:
        raise PromptError(f"{key}: {', '.join(missing)} is not a fact of {place.code} (its locale.toml has no such table)")
    return text
