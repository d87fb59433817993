"""What people say that no skill model lists: wake words, launch phrases, built-in intent phrasings.

Fillers, numbers and built-in phrasings are loaded from ``data/<language>.toml`` so a new language is
a data file, not code. Wake words and launch phrases come from ``skill/invocation_phrases.toml``,
the list the linter checks against too.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from skill.invocation_phrases import load_invocation_phrases
from skill.locales import fallback_chain

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class LocalePhrases:
    """One language's words around and outside a skill's own samples."""

    wake_words: tuple[str, ...] = ()
    edge_fillers: tuple[str, ...] = ()
    launch_verbs: tuple[str, ...] = ()
    launch_connectors: tuple[str, ...] = ()
    numbers: dict[str, str] = field(default_factory=dict)
    builtins: dict[str, tuple[str, ...]] = field(default_factory=dict)


@cache
def load_phrases(locale: str) -> LocalePhrases:
    """The most specific file in the project's locale fallback order (``en-US.toml``, then ``en.toml``)."""
    invocation = load_invocation_phrases()
    language = next(filter(None, (invocation.language(name) for name in fallback_chain(locale))))
    path = next((DATA_DIR / f"{name}.toml" for name in fallback_chain(locale)
                 if (DATA_DIR / f"{name}.toml").is_file()), None)
    data = tomllib.loads(path.read_text(encoding="utf-8")) if path else {}
    return LocalePhrases(
        wake_words=invocation.wake_words,
        edge_fillers=tuple(data.get("edge_fillers", ())),
        launch_verbs=language.launch_verbs,
        launch_connectors=language.launch_connectors,
        numbers=dict(data.get("numbers", {})),
        builtins={intent: tuple(said) for intent, said in data.get("builtins", {}).items()},
    )
