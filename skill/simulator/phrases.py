"""What people say that no skill model lists: wake words, launch phrases, built-in intent phrasings.

Fillers, numbers and built-in phrasings are loaded from ``data/<language>/phrases.toml`` (a locale
folder beside it may overlay what differs) by the content tree's one fallback rule, so a new language is
a data file, not code. Wake words and launch phrases come from ``skill/invocation_phrases.toml``, the
list the linter checks against too.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from skill.content import ContentError, read_layered
from skill.invocation_phrases import load_invocation_phrases

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
    out_of_domain: tuple[str, ...] = ()  # requests no skill like this handles: the fallback's examples
    function_words: tuple[str, ...] = ()  # words that carry no meaning of their own in a slot value
    domain_words: frozenset[str] = frozenset()  # words or phrases that put what was said on the skill's subject
    off_subject_phrases: tuple[str, ...] = ()  # a domain word inside one of these is about something else
    catch_all_intents: frozenset[str] = frozenset()  # "tell me about X" intents, which yield to a close dedicated one
    urgent_intent_prefix: str | None = None  # names the urgent intents, which the resolver never overrules


@cache
def load_phrases(locale: str) -> LocalePhrases:
    """The language's phrases overlaid by the locale's (``en/phrases.toml``, then ``en-US/phrases.toml``)."""
    invocation = load_invocation_phrases()
    language = invocation.language(locale)
    try:
        data = read_layered("phrases.toml", locale, root=DATA_DIR)
    except ContentError:  # a language the simulator has no words for
        return LocalePhrases()
    if language is None:
        return LocalePhrases()
    return LocalePhrases(
        wake_words=invocation.wake_words,
        edge_fillers=tuple(data.get("edge_fillers", ())),
        launch_verbs=language.launch_verbs,
        launch_connectors=language.launch_connectors,
        numbers=dict(data.get("numbers", {})),
        builtins={intent: tuple(said) for intent, said in data.get("builtins", {}).items()},
        out_of_domain=tuple(data.get("out_of_domain", ())),
        function_words=tuple(data.get("function_words", ())),
        domain_words=frozenset(data.get("domain_words", ())),
        off_subject_phrases=tuple(data.get("off_subject_phrases", ())),
        catch_all_intents=frozenset(data.get("catch_all_intents", ())),
        urgent_intent_prefix=data.get("urgent_intent_prefix") or None,
    )
