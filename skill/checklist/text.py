"""The checklist's words (``skill/content/<layer>/checklist.toml``), overlaid along the locale's layers, validated once.

``en/checklist.toml`` holds every sentence; a locale folder such as ``en-US`` overrides only what differs, and
its ``locale.toml`` gives the emergency number. Every key is known in advance (from the rules' ids), so a typo,
a missing sentence, a digit, SSML, diagnosing wording or an over-long turn fails at load, naming file and key.
"""
from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from skill.checklist.values import ChecklistDataError, Level, UnsupportedLocale
from skill.checklist.rules import Rules
from skill.content import (
    CONTENT_DIR,
    LOCALE_FIELDS,
    ContentError,
    Locale,
    UnknownLocale,
    layers,
    load_locale,
    overlay,
    policy,
    read_layers,
    source_ids,
)

TEXT_FILE = "checklist.toml"
_FIELD = re.compile(r"[a-z_]+")
_NUMBER_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")


@dataclass(frozen=True, slots=True)
class _Spec:
    """What one key must hold: its kind, length limit and the placeholders it may use."""

    kind: str  # sentence, question, phrase, title, heading, separator, variants, numbers
    max_len: int = 220
    fields: frozenset[str] = frozenset()
    optional: bool = False


def _spec(kind: str, max_len: int = 220, *fields: str) -> _Spec:
    return _Spec(kind, max_len, frozenset(fields))


def _note() -> _Spec:
    """Extra advice spoken with a reason when it decides the level ("call even if the signs go away")."""
    return _Spec("sentence", 130, optional=True)


_FIXED: dict[str, _Spec] = {
    "words.numbers": _spec("numbers"),
    "intro.start": _spec("sentence", 160),
    "intro.again": _spec("sentence", 80),
    "answers.unsure": _spec("variants", 80),
    "answers.counted_yes": _spec("sentence", 80),
    "answers.reprompt": _spec("sentence", 80),
    "answers.reprompt_emergency": _spec("sentence", 110),
    "miss.first": _spec("sentence", 110),
    "miss.second": _spec("sentence", 130),
    "help.text": _spec("sentence", 160),
    "back.at_start": _spec("sentence", 80),
    "back.done": _spec("sentence", 80),
    "reasons.mentioned": _spec("phrase", 40, "topics"),
    "reasons.unsure": _spec("phrase", 40, "topics"),
    "reasons.because": _spec("sentence", 40, "reasons"),
    "reasons.because_more": _spec("sentence", 80, "reasons"),
    "reasons.separator": _spec("separator", 8),
    "reasons.last_separator": _spec("separator", 8),
    "reasons.clause_separator": _spec("separator", 8),
    "b12_test.suggest": _spec("sentence", 110),
    "b12_test.with_risk": _spec("sentence", 110),
    "tips.intro": _spec("sentence", 60, "count"),
    "stop.safety": _spec("sentence", 60, "advice"),
    "stop.emergency_question": _spec("sentence", 110),
    "follow_up.text": _spec("question", 100),
    "card.title": _spec("title", 60, "level_title"),
    "card.tips_heading": _spec("heading", 40),
    "card.disclaimer": _spec("sentence", 260),
}
# Kinds whose text is spoken as (part of) a sentence and so gets the content rules.
_PROSE = {"sentence", "question", "phrase", "title", "heading", "variants"}


def key_specs(rules: Rules) -> dict[str, _Spec]:
    """Every key a complete locale must define, derived from the rules' ids."""
    specs = dict(_FIXED)
    for question in rules.questions:
        table = f"questions.{question.id}"
        specs[f"{table}.ask"] = _spec("question", 130)
        specs[f"{table}.clarify"] = _spec("question", 130)
        specs[f"{table}.why"] = _spec("sentence", 130)
        specs[f"{table}.topic"] = _spec("phrase", 70)
        specs[f"{table}.note"] = _note()
        if question.follow is not None:
            specs[f"{table}.follow"] = _spec("question", 130)
            specs[f"{table}.follow_topic"] = _spec("phrase", 70)
            specs[f"{table}.follow_note"] = _note()
    for flag in rules.red_flags:
        specs[f"red_flags.{flag.id}.topic"] = _spec("phrase", 70)
        specs[f"red_flags.{flag.id}.note"] = _note()
    for level in Level:
        specs[f"levels.{level.id}.title"] = _spec("title", 40)
        specs[f"levels.{level.id}.advice"] = _spec("sentence", 220)
    for tip in rules.tips:
        specs[f"tips.text.{tip.id}"] = _spec("sentence", 110)
    return specs


@dataclass(frozen=True)
class Texts:
    """One locale's words. ``say`` renders for speech, ``write`` for the card (they differ only in numbers)."""

    locale: Locale
    values: Mapping[str, str | tuple[str, ...]]

    def has(self, key: str) -> bool:
        """Whether an optional key (a note) is set."""
        return key in self.values

    def say(self, key: str, **fields: str) -> str:
        return self._render(key, False, fields)

    def write(self, key: str, **fields: str) -> str:
        return self._render(key, True, fields)

    def variant(self, key: str, index: int) -> str:
        """One of several phrasings, chosen by ``index`` so tests stay repeatable."""
        options = self.values[key]
        assert isinstance(options, tuple)
        return options[index % len(options)]

    def number(self, count: int) -> str:
        """A small number in words (speech never contains digits)."""
        words = self.values["words.numbers"]
        assert isinstance(words, tuple)
        return words[count]

    def _render(self, key: str, written: bool, fields: dict[str, str]) -> str:
        template = self.values[key]
        assert isinstance(template, str)
        return template.format(**self.locale.fields(written), **fields)


def load_texts(locale: str, rules: Rules, root: Path = CONTENT_DIR) -> Texts:
    """The checklist words of a served locale: its layers' checklist.toml overlaid, validated against the rules.

    Raises UnsupportedLocale for a locale the skill does not serve (no locale.toml, so no emergency number).
    """
    try:
        place = load_locale(locale, root)
    except UnknownLocale as error:
        raise UnsupportedLocale(str(error)) from error
    except ContentError as error:
        raise ChecklistDataError(str(error)) from error
    folders = layers(locale, root)
    unknown = policy.unknown_sources(rules.cited, source_ids(folders[0], root))
    if unknown:
        raise ChecklistDataError(f"rules.toml: cites source ids {unknown}, not in {folders[0]}/knowledge/sources.toml")
    files = read_layers(TEXT_FILE, folders, root, ChecklistDataError)
    specs = key_specs(rules)
    merged = overlay(_checked_file(table, where, specs) for where, table in files)
    names = ", ".join(where for where, _ in files)
    missing = sorted(key for key, spec in specs.items() if key not in merged and not spec.optional)
    if missing:
        raise ChecklistDataError(f"{names}: missing {', '.join(missing)}")
    _check_whole(merged, rules, names)
    _check_locale_fields(merged, place, names)
    respelled = {key: (place.respell(value) if isinstance(value, str) else tuple(map(place.respell, value)))
                 for key, value in merged.items()}
    return Texts(locale=place, values=MappingProxyType(respelled))


def _checked_file(raw: dict[str, Any], name: str, specs: dict[str, _Spec]) -> dict[str, str | tuple[str, ...]]:
    values: dict[str, str | tuple[str, ...]] = {}
    for key, value in _flatten(raw):
        spec = specs.get(key)
        if spec is None:
            hint = " (the emergency number belongs in locale.toml)" if key.startswith("emergency.") else ""
            raise ChecklistDataError(f"{name}: {key}: unknown key{hint}")
        values[key] = _checked(value, spec, f"{name}: {key}")
    return values


def _flatten(table: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    items: list[tuple[str, Any]] = []
    for key, value in table.items():
        if isinstance(value, dict):
            items += _flatten(value, f"{prefix}{key}.")
        else:
            items.append((f"{prefix}{key}", value))
    return items


def _checked(value: Any, spec: _Spec, where: str) -> str | tuple[str, ...]:
    """Validate one value against its spec; returns it (lists as tuples)."""
    if spec.kind in {"variants", "numbers"}:
        if not isinstance(value, list) or not value or not all(isinstance(item, str) for item in value):
            raise ChecklistDataError(f"{where}: must be a non-empty list of strings")
        for index, item in enumerate(value):
            if spec.kind == "numbers":
                if not _NUMBER_WORD.fullmatch(item):
                    raise ChecklistDataError(f"{where}[{index}]: a number in lower-case words, got {item!r}")
            else:
                _check_prose(item, spec, f"{where}[{index}]")
        return tuple(value)
    if not isinstance(value, str) or not value:
        raise ChecklistDataError(f"{where}: must be a non-empty string")
    if problem := policy.length_problem(value, spec.max_len):
        raise ChecklistDataError(f"{where}: {problem}")
    if spec.kind == "separator":
        if any(ch.isdigit() or ch in "<>{}" or ch in "\n\t" for ch in value):
            raise ChecklistDataError(f"{where}: a short plain joining text, got {value!r}")
    else:
        _check_prose(value, spec, where)
    return value


def _check_prose(text: str, spec: _Spec, where: str) -> None:
    if problem := policy.length_problem(text, spec.max_len):
        raise ChecklistDataError(f"{where}: {problem}")
    if policy.markup_problem(text) or text != text.strip() or "  " in text or any(ch in text for ch in "\n\t\r"):
        raise ChecklistDataError(f"{where}: plain text only: no SSML, no line breaks, no extra spaces")
    fields = _fields(text, where)
    allowed = spec.fields | LOCALE_FIELDS if spec.kind != "phrase" else spec.fields
    if not fields <= allowed:
        raise ChecklistDataError(f"{where}: unknown placeholder {', '.join(sorted(fields - allowed))}")
    if not spec.fields <= fields:
        raise ChecklistDataError(f"{where}: must use {', '.join(sorted(spec.fields - fields))}")
    if problem := policy.digits_problem(text):
        raise ChecklistDataError(f"{where}: {problem}")
    if problem := policy.tip_wording_problem(re.sub(r"\{[a-z_]+\}", "", text)):
        raise ChecklistDataError(f"{where}: {problem} is not allowed")
    ending = {"question": "?", "sentence": ".?", "heading": ":"}.get(spec.kind)
    if spec.kind == "variants":
        ending = ".?"
    if ending and text[-1] not in ending and not text.endswith("}"):  # a closing placeholder brings its own
        raise ChecklistDataError(f"{where}: must end with one of {' '.join(ending)}")
    if spec.kind == "phrase" and (not text[0].islower() or text[-1] in ".?!,"):
        raise ChecklistDataError(f"{where}: a phrase used mid-sentence: lower-case start, no end punctuation")


def _fields(text: str, where: str) -> set[str]:
    """Placeholder names in a template; rejects format specs, conversions and attribute access."""
    fields: set[str] = set()
    try:
        for _, name, format_spec, conversion in string.Formatter().parse(text):
            if name is None:
                continue
            if not _FIELD.fullmatch(name) or format_spec or conversion:
                raise ChecklistDataError(f"{where}: placeholders are plain names like {{count}}, got {{{name}}}")
            fields.add(name)
    except ValueError as error:
        raise ChecklistDataError(f"{where}: unbalanced braces ({error})") from error
    return fields


def _check_whole(values: Mapping[str, str | tuple[str, ...]], rules: Rules, files: str) -> None:
    """Checks that need the merged text: enough number words for every count the checklist says."""
    numbers = values["words.numbers"]
    needed = rules.max_tips
    if len(numbers) <= needed:
        raise ChecklistDataError(f"{files}: words.numbers must reach {needed}")


def _check_locale_fields(values: Mapping[str, str | tuple[str, ...]], place: Locale, files: str) -> None:
    """A locale fact placeholder ({urgent_service}, {ambulance_number}) only where the locale has that fact."""
    for key, value in values.items():
        for text in (value,) if isinstance(value, str) else value:
            missing = place.missing_facts(text)
            if missing:
                raise ChecklistDataError(f"{files}: {key}: {', '.join(missing)} is not a fact of "
                                         f"{place.code} (its locale.toml has no such table)")
