"""Typed view of ``rules.toml``: the word lists and limits the checks compare against."""
from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources

from skill.invocation_phrases import InvocationPhrases, load_invocation_phrases


@dataclass(frozen=True)
class InvocationRules:
    launch_words: frozenset[str]
    wake_words: frozenset[str]
    skill_words: frozenset[str]
    two_word_forbidden: frozenset[str]


@dataclass(frozen=True)
class ModelRules:
    required_intents: tuple[str, ...]
    expected_intents: tuple[str, ...]
    fallback_levels: frozenset[str]
    min_samples_per_custom_intent: int
    max_intents: int
    max_model_bytes: int
    max_slot_value_chars: int
    sample_punctuation: frozenset[str]
    filler_words: frozenset[str]
    near_duplicate_ratio: float


@dataclass(frozen=True)
class ManifestRules:
    max_example_phrases: int
    required_locale_fields: tuple[str, ...]
    required_privacy_flags: tuple[str, ...]
    field_max_chars: dict[str, int]
    health_categories: frozenset[str]


@dataclass(frozen=True)
class ResponseRules:
    supported_ssml_tags: frozenset[str]
    max_speech_chars: int
    max_card_chars: int
    max_response_bytes: int


@dataclass(frozen=True)
class LanguageRules:
    """Wording checks for one language; a language without an entry gets those checks skipped."""

    health_terms: frozenset[str]
    disclaimer_patterns: tuple[re.Pattern[str], ...]
    health_claim_patterns: tuple[re.Pattern[str], ...]
    wake_words: tuple[str, ...]
    optional_prefixes: tuple[str, ...]
    invocation_templates: tuple[str, ...]
    one_shot_patterns: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class Rulebook:
    invocation_name: InvocationRules
    model: ModelRules
    manifest: ManifestRules
    response: ResponseRules
    languages: dict[str, LanguageRules]

    def language(self, locale: str) -> LanguageRules | None:
        """Rules for a locale's language (``en-GB`` uses ``en``), or None when there are none."""
        return self.languages.get(locale.split("-", 1)[0].lower())

    def one_shot_patterns(self) -> tuple[re.Pattern[str], ...]:
        """All languages' patterns: a response does not say which language it is in."""
        return tuple(p for lang in self.languages.values() for p in lang.one_shot_patterns)


def _patterns(items: list[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(item, re.IGNORECASE) for item in items)


def _one_shot_pattern(wake_words: tuple[str, ...], verbs: tuple[str, ...]) -> re.Pattern[str]:
    """A full one-shot phrase ("Alexa, ask ..."), which certification says an open session must not suggest."""
    def either(words: tuple[str, ...]) -> str:
        return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"\b(?:{either(wake_words)}),? (?:{either(verbs)}) ", re.IGNORECASE)


def _language(code: str, raw: dict, invocation: InvocationPhrases) -> LanguageRules:
    phrases = invocation.languages[code]
    return LanguageRules(
        health_terms=frozenset(raw["health_terms"]),
        disclaimer_patterns=_patterns(raw["disclaimer_patterns"]),
        health_claim_patterns=_patterns(raw["health_claim_patterns"]),
        # The store's example phrases are written with the default wake word ("Alexa, open ...").
        wake_words=(invocation.default_wake_word,),
        optional_prefixes=phrases.optional_prefixes,
        invocation_templates=phrases.invocation_templates,
        one_shot_patterns=(_one_shot_pattern(invocation.wake_words, phrases.launch_verbs),),
    )


@functools.cache
def load_rulebook() -> Rulebook:
    """Read the packaged ``rules.toml`` once; it ships with the package so linting needs no checkout."""
    raw = tomllib.loads(resources.files("skill.lint").joinpath("rules.toml").read_text(encoding="utf-8"))
    inv, model, manifest, response = raw["invocation_name"], raw["model"], raw["manifest"], raw["response"]
    invocation = load_invocation_phrases()
    return Rulebook(
        invocation_name=InvocationRules(
            launch_words=frozenset(invocation.name_forbidden_launch_words),
            wake_words=frozenset(invocation.wake_words),
            skill_words=frozenset(inv["skill_words"]),
            two_word_forbidden=frozenset(inv["two_word_forbidden"]),
        ),
        model=ModelRules(
            required_intents=tuple(model["required_intents"]),
            expected_intents=tuple(model["expected_intents"]),
            fallback_levels=frozenset(model["fallback_levels"]),
            min_samples_per_custom_intent=int(model["min_samples_per_custom_intent"]),
            max_intents=int(model["max_intents"]),
            max_model_bytes=int(model["max_model_bytes"]),
            max_slot_value_chars=int(model["max_slot_value_chars"]),
            sample_punctuation=frozenset(model["sample_punctuation"]),
            filler_words=frozenset(model["filler_words"]),
            near_duplicate_ratio=float(model["near_duplicate_ratio"]),
        ),
        manifest=ManifestRules(
            max_example_phrases=int(manifest["max_example_phrases"]),
            required_locale_fields=tuple(manifest["required_locale_fields"]),
            required_privacy_flags=tuple(manifest["required_privacy_flags"]),
            field_max_chars={k: int(v) for k, v in manifest["field_max_chars"].items()},
            health_categories=frozenset(manifest["health_categories"]),
        ),
        response=ResponseRules(
            supported_ssml_tags=frozenset(response["supported_ssml_tags"]),
            max_speech_chars=int(response["max_speech_chars"]),
            max_card_chars=int(response["max_card_chars"]),
            max_response_bytes=int(response["max_response_bytes"]),
        ),
        languages={code: _language(code, lang, invocation) for code, lang in raw["languages"].items()},
    )
