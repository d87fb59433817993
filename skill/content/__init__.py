"""The skill's one content tree: which locales exist, the one fallback rule, and the one layered TOML reader.

    skill/content/
      rules.toml                 the checklist's rules (no words, so no language)
      en/                        a language: everything spoken, shared by every English locale
        knowledge/*.toml, checklist.toml, prompts.toml, templates/ (build time only: `make models`)
      en-US/                     a locale: locale.toml (its facts), and only the files and keys that differ

A folder with a ``locale.toml`` is a locale the skill serves, so adding one touches no code. A file is read
from each layer of ``layers(locale)``, general first, and a later layer overlays an earlier one key by key.
Nothing here imports Alexa code.
"""
from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from skill.content import policy

CONTENT_DIR = Path(__file__).resolve().parent
LOCALE_FILE = "locale.toml"
DEFAULT_LOCALE = "en-US"
# Every locale the skill serves: a folder that holds a locale.toml.
LOCALES: tuple[str, ...] = tuple(sorted(
    name for name in os.listdir(CONTENT_DIR) if os.path.isfile(os.path.join(CONTENT_DIR, name, LOCALE_FILE))))

_LOCALE = re.compile(r"([A-Za-z]{2,3})(?:[-_]([A-Za-z]{2}|[0-9]{3}))?")


class ContentError(ValueError):
    """A content file is missing or invalid; the message names the file (and the key when there is one)."""


class UnknownLocale(ContentError, LookupError):
    """Not a locale code, or a locale the skill does not serve (its folder has no locale.toml)."""


def canonical(locale: str) -> str:
    """``en_us`` and ``en-us`` as ``en-US``; raises ContentError for anything that is not a locale code."""
    match = _LOCALE.fullmatch(locale) if isinstance(locale, str) else None
    if match is None:
        raise UnknownLocale(f"not a locale: {str(locale)[:40]!r}")
    language, region = match.group(1).lower(), match.group(2)
    return f"{language}-{region.upper()}" if region else language


def layers(locale: str, root: Path = CONTENT_DIR) -> tuple[str, ...]:
    """The content folders for a locale, general first: ``("en", "en-US")``, or ``("en",)`` for a language.

    Only folders that exist are returned; a locale whose language has no folder raises ContentError.
    """
    code = canonical(locale)
    language = code.partition("-")[0]
    if not (root / language).is_dir():
        raise UnknownLocale(f"no content for language {language!r} (locale {locale!r})")
    return (language, code) if code != language and (root / code).is_dir() else (language,)


def read_layers(name: str, folders: Iterable[str], root: Path = CONTENT_DIR,
                error: type[Exception] = ContentError) -> list[tuple[str, dict[str, Any]]]:
    """``name`` (e.g. ``"checklist.toml"``) as parsed from each folder that has it, general first.

    Each item is (``"en/checklist.toml"``, table), so a loader can name the file a bad key came from.
    """
    found: list[tuple[str, dict[str, Any]]] = []
    for folder in folders:
        path = root / folder / name
        if not path.is_file():
            continue
        where = f"{folder}/{name}"
        try:
            found.append((where, tomllib.loads(path.read_text(encoding="utf-8"))))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as problem:
            raise error(f"{where}: cannot read: {problem}") from problem
    return found


def overlay(tables: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """The one merge rule: later tables overlay earlier ones key by key, tables merged deeply, lists replaced."""
    merged: dict[str, Any] = {}
    for table in tables:
        _overlay_into(merged, table)
    return merged


def _overlay_into(target: dict[str, Any], table: Mapping[str, Any]) -> None:
    """Merge ``table`` into ``target``, copying tables on the way so no input is changed later."""
    for key, value in table.items():
        if isinstance(value, Mapping):
            if not isinstance(target.get(key), dict):
                target[key] = {}
            _overlay_into(target[key], value)
        else:
            target[key] = value


def read_layered(name: str, locale: str, root: Path = CONTENT_DIR,
                 error: type[Exception] = ContentError) -> dict[str, Any]:
    """``name`` read along ``layers(locale)`` and overlaid; raises ``error`` when no layer has it."""
    found = read_layers(name, layers(locale, root), root, error)
    if not found:
        raise error(f"no {name} for locale {locale!r}")
    return overlay(table for _, table in found)


class Number(NamedTuple):
    """A phone number as said (``"nine one one"``: speech never holds digits) and as written on cards (``"911"``)."""

    spoken: str
    written: str


class Service(NamedTuple):
    """A health service named in a sentence, as said and as written (they differ only where a number is in it)."""

    spoken: str
    written: str


class Locale(NamedTuple):
    """The facts of one locale the text refers to, each checked against a source (``locale.toml``).

    Text refers to them by placeholder, filled in speech with the spoken form and on cards with the written one:
    ``{emergency_number}`` everywhere; in the checklist also ``{ambulance_number}``, ``{urgent_service}``,
    ``{family_doctor}`` and ``{emergency_department}`` (a locale that lacks a fact must not use its placeholder).
    """

    code: str
    emergency_spoken: str  # "nine one one": speech never holds digits
    emergency_written: str  # "911": for cards
    sources: tuple[str, ...]  # source ids the facts were checked against
    also_works: tuple[str, ...] = ()  # other emergency numbers that work (written); facts only, never spoken
    ambulance: Number | None = None  # a separate ambulance number said with the emergency number (India: 108)
    urgent: Service | None = None  # urgent help that is not an emergency ("NHS one one one, or your GP")
    family_doctor: str = "doctor"  # "GP", "family doctor"
    emergency_department: str = "emergency room"  # "A and E", "emergency department"
    spelling: tuple[tuple[str, str], ...] = ()  # (language's spelling, this locale's), applied to all its text

    def fields(self, written: bool = False) -> dict[str, str]:
        """The placeholders this locale can fill, spoken (or written, for cards)."""
        values = {
            "emergency_number": self.emergency_written if written else self.emergency_spoken,
            "family_doctor": self.family_doctor,
            "emergency_department": self.emergency_department,
        }
        if self.ambulance is not None:
            values["ambulance_number"] = self.ambulance.written if written else self.ambulance.spoken
        if self.urgent is not None:
            values["urgent_service"] = self.urgent.written if written else self.urgent.spoken
        return values

    def missing_facts(self, text: str) -> list[str]:
        """The locale placeholders ``text`` uses that this locale has no fact for ({ambulance_number}
        outside India), sorted: each loader refuses such text, naming them."""
        return sorted((set(_FACT_PLACEHOLDER.findall(text)) & LOCALE_FIELDS) - self.fields().keys())

    def respell(self, text: str) -> str:
        """``text`` in this locale's spelling (see ``respell``)."""
        return respell(text, self.spelling)


_FACT_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
# Every placeholder a locale may fill; text may use no other locale placeholder.
LOCALE_FIELDS = frozenset({"emergency_number", "ambulance_number", "urgent_service", "family_doctor",
                           "emergency_department"})


def respell(text: str, spelling: tuple[tuple[str, str], ...]) -> str:
    """``text`` in a locale's spelling: each whole word of the map replaced, keeping a capital letter."""
    if not spelling:
        return text
    table = dict(spelling)
    pattern = _spelling_pattern(tuple(table))

    def replace(match: re.Match[str]) -> str:
        word = match.group(0)
        local = table[word.lower()]
        return local[0].upper() + local[1:] if word[0].isupper() else local

    return pattern.sub(replace, text)


@lru_cache(maxsize=None)
def _spelling_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


_LOCALE_TABLES = {"emergency", "ambulance", "urgent", "services", "spelling"}
_SPELLING_WORD = re.compile(r"[a-z]+(?:[- ][a-z]+)*")  # a word, or a few ("water tablets")


def load_locale(locale: str = DEFAULT_LOCALE, root: Path = CONTENT_DIR) -> Locale:
    """The facts of a served locale, validated; raises UnknownLocale for a locale without a locale.toml.

    Read once per locale: the cache is keyed by the canonical code and the root, however it was asked
    for (``load_locale("en-US")`` and ``load_locale("en_us", CONTENT_DIR)`` share one reading)."""
    return _load_locale(canonical(locale), root)


@lru_cache(maxsize=None)
def _load_locale(code: str, root: Path) -> Locale:
    path = root / code / LOCALE_FILE
    if not path.is_file():
        raise UnknownLocale(f"no {LOCALE_FILE} for locale {code!r}: not a locale the skill serves")
    where = f"{code}/{LOCALE_FILE}"
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as problem:
        raise ContentError(f"{where}: cannot read: {problem}") from problem
    emergency = table.get("emergency")
    if not isinstance(emergency, dict) or not set(table) <= _LOCALE_TABLES \
            or not all(isinstance(value, dict) for value in table.values()):
        raise ContentError(f"{where}: needs exactly one [emergency] table, and only the tables "
                           f"{sorted(_LOCALE_TABLES - {'emergency'})} besides, got {sorted(table)}")
    known = source_ids(layers(code, root)[0], root)
    if not {"spoken", "written", "sources"} <= set(emergency) <= {"spoken", "written", "sources", "also"}:
        raise ContentError(f"{where}: emergency: needs spoken, written and sources (and optionally also), "
                           f"got {sorted(emergency)}")
    spoken, written = _number(emergency, "emergency", where)
    sources = _sources(emergency, "emergency", where, known)
    also = emergency.get("also", [])
    if not isinstance(also, list) or any(policy.written_number_problem(number) for number in also):
        raise ContentError(f"{where}: emergency.also: a list of numbers in digits, got {also!r}")
    ambulance = urgent = None
    if "ambulance" in table:
        _keys(table["ambulance"], "ambulance", where, {"spoken", "written", "sources"})
        ambulance = Number(*_number(table["ambulance"], "ambulance", where))
        sources += _sources(table["ambulance"], "ambulance", where, known)
    if "urgent" in table:
        _keys(table["urgent"], "urgent", where, {"spoken", "written", "sources"})
        urgent = Service(*(_phrase(table["urgent"], key, "urgent", where, written=key == "written")
                           for key in ("spoken", "written")))
        sources += _sources(table["urgent"], "urgent", where, known)
    services = table.get("services")
    if not isinstance(services, dict):
        raise ContentError(f"{where}: needs a [services] table: family_doctor, emergency_department, sources")
    if not {"family_doctor", "emergency_department"} <= set(services) <= {"family_doctor", "emergency_department",
                                                                          "sources"}:
        raise ContentError(f"{where}: services: needs family_doctor and emergency_department (and optionally "
                           f"sources), got {sorted(services)}")
    family_doctor = _phrase(services, "family_doctor", "services", where)
    department = _phrase(services, "emergency_department", "services", where)
    if "sources" in services:  # what people call a service is usage, not a checkable fact: a source is optional
        sources += _sources(services, "services", where, known)
    spelling = table.get("spelling", {})
    for general, local in spelling.items():
        if not _SPELLING_WORD.fullmatch(general) or not isinstance(local, str) or not _SPELLING_WORD.fullmatch(local):
            raise ContentError(f"{where}: spelling.{general}: lower-case words on both sides, got {local!r}")
    return Locale(code=code, emergency_spoken=spoken, emergency_written=written,
                  sources=tuple(dict.fromkeys(sources)), also_works=tuple(also), ambulance=ambulance, urgent=urgent,
                  family_doctor=family_doctor, emergency_department=department,
                  spelling=tuple(sorted(spelling.items())))


def _keys(table: dict[str, Any], name: str, where: str, expected: set[str]) -> None:
    if set(table) != expected:
        raise ContentError(f"{where}: {name}: needs {', '.join(sorted(expected))}, got {sorted(table)}")


def _number(table: dict[str, Any], name: str, where: str) -> tuple[str, str]:
    spoken, written = table["spoken"], table["written"]
    for key, value, problem in (("spoken", spoken, policy.spoken_number_problem(spoken)),
                                ("written", written, policy.written_number_problem(written))):
        if problem:
            raise ContentError(f"{where}: {name}.{key}: {problem}, got {value!r}")
    return spoken, written


def _phrase(table: dict[str, Any], key: str, name: str, where: str, written: bool = False) -> str:
    """A service's name, said mid-sentence: plain words (digits only in its written form), at most 60 characters."""
    value = table[key]
    problem = None
    if not isinstance(value, str) or not value or value != value.strip() or len(value) > 60:
        problem = "plain text of at most 60 characters"
    elif policy.markup_problem(value) or any(ch in value for ch in "{}\n"):
        problem = "plain text: no markup, braces or line breaks"
    elif not written and policy.digits_problem(value):
        problem = "numbers in words (speech never holds digits)"
    if problem:
        raise ContentError(f"{where}: {name}.{key}: {problem}, got {value!r}")
    return value


def _sources(table: dict[str, Any], name: str, where: str, known: frozenset[str]) -> tuple[str, ...]:
    sources = table["sources"]
    if not isinstance(sources, list) or not sources or not all(isinstance(s, str) for s in sources):
        raise ContentError(f"{where}: {name}.sources: must be a non-empty list of source ids")
    unknown = policy.unknown_sources(sources, known)
    if unknown:
        raise ContentError(f"{where}: {name}.sources: unknown source ids {unknown}")
    return tuple(sources)


@lru_cache(maxsize=None)
def source_ids(language: str, root: Path = CONTENT_DIR) -> frozenset[str]:
    """The ids of a language's sources (``<language>/knowledge/sources.toml``), for checking citations."""
    found = read_layers("knowledge/sources.toml", (language,), root)
    table = found[0][1].get("sources") if found else None
    if not isinstance(table, dict) or not table:
        raise ContentError(f"{language}/knowledge/sources.toml: needs a [sources.ID] table per source")
    return frozenset(table)
