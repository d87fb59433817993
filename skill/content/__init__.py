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

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from skill.content import policy

CONTENT_DIR = Path(__file__).resolve().parent
LOCALE_FILE = "locale.toml"
DEFAULT_LOCALE = "en-US"
# Every locale the skill serves: a folder that holds a locale.toml.
LOCALES: tuple[str, ...] = tuple(sorted(path.parent.name for path in CONTENT_DIR.glob(f"*/{LOCALE_FILE}")))

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


@dataclass(frozen=True, slots=True)
class Locale:
    """The facts of one locale the text refers to (``{emergency_number}``)."""

    code: str
    emergency_spoken: str  # "nine one one": speech never holds digits
    emergency_written: str  # "911": for cards
    sources: tuple[str, ...]  # source ids the facts were checked against


@lru_cache(maxsize=None)
def load_locale(locale: str = DEFAULT_LOCALE, root: Path = CONTENT_DIR) -> Locale:
    """The facts of a served locale, validated; raises UnknownLocale for a locale without a locale.toml."""
    code = canonical(locale)
    path = root / code / LOCALE_FILE
    if not path.is_file():
        raise UnknownLocale(f"no {LOCALE_FILE} for locale {code!r}: not a locale the skill serves")
    where = f"{code}/{LOCALE_FILE}"
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as problem:
        raise ContentError(f"{where}: cannot read: {problem}") from problem
    emergency = table.get("emergency")
    if set(table) != {"emergency"} or not isinstance(emergency, dict):
        raise ContentError(f"{where}: needs exactly one [emergency] table")
    if set(emergency) != {"spoken", "written", "sources"}:
        raise ContentError(f"{where}: emergency: needs spoken, written and sources, got {sorted(emergency)}")
    spoken, written, sources = emergency["spoken"], emergency["written"], emergency["sources"]
    for key, value, problem in (("spoken", spoken, policy.spoken_number_problem(spoken)),
                                ("written", written, policy.written_number_problem(written))):
        if problem:
            raise ContentError(f"{where}: emergency.{key}: {problem}, got {value!r}")
    if not isinstance(sources, list) or not sources or not all(isinstance(s, str) for s in sources):
        raise ContentError(f"{where}: emergency.sources: must be a non-empty list of source ids")
    unknown = policy.unknown_sources(sources, source_ids(layers(code, root)[0], root))
    if unknown:
        raise ContentError(f"{where}: emergency.sources: unknown source ids {unknown}")
    return Locale(code=code, emergency_spoken=spoken, emergency_written=written, sources=tuple(sources))


@lru_cache(maxsize=None)
def source_ids(language: str, root: Path = CONTENT_DIR) -> frozenset[str]:
    """The ids of a language's sources (``<language>/knowledge/sources.toml``), for checking citations."""
    found = read_layers("knowledge/sources.toml", (language,), root)
    table = found[0][1].get("sources") if found else None
    if not isinstance(table, dict) or not table:
        raise ContentError(f"{language}/knowledge/sources.toml: needs a [sources.ID] table per source")
    return frozenset(table)
