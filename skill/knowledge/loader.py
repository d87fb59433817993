"""Validates the knowledge tables (``skill/content/<language>/knowledge/*.toml``), naming file and entry on failure."""
from __future__ import annotations

import re
from typing import Any

from skill.content import policy
from skill.content.policy import EMERGENCY_NUMBER, MORE_LIMIT, SHORT_LIMIT
from skill.knowledge.entries import Answer, Cause, Entry, Source

NAME_PATTERN = re.compile(r"^[a-z][a-z' .]*[a-z.]$")
ENTRY_KEYS = {"id", "title", "names", "short", "more", "card", "sources", "offer_checklist"}
TOPIC_KEYS = ENTRY_KEYS | {"remedy", "remedy_names"}  # remedy = true: its names fill the REMEDY slot ("does X help?")
CAUSE_KEYS = ENTRY_KEYS | {"spoken_name", "signs", "treatment", "cause_names"}  # cause_names: the CAUSE slot only
ANSWER_KEYS = {"short", "more", "card", "sources"}


class KnowledgeError(ValueError):
    """The knowledge data is invalid; the message names the file and the entry."""


class _Reader:
    """Validates one file's tables, prefixing every error with where it happened."""

    def __init__(self, name: str, source_ids: frozenset[str]) -> None:
        self.name = name  # "en/knowledge/causes.toml"
        self.source_ids = source_ids

    def fail(self, where: str, message: str) -> KnowledgeError:
        return KnowledgeError(f"{self.name}: {where}: {message}")

    def text(self, table: dict[str, Any], key: str, where: str, limit: int | None = None) -> str:
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, f"'{key}' must be non-empty text")
        value = _tidy(value, keep_lines=(key == "card"))
        if policy.markup_problem(value):
            raise self.fail(where, f"'{key}' must be plain text (no SSML or angle brackets)")
        if problem := policy.wording_problem(value):
            raise self.fail(where, f"'{key}' uses {problem}; say what something can cause instead")
        if "{" in value.replace(EMERGENCY_NUMBER, "") or "}" in value.replace(EMERGENCY_NUMBER, ""):
            raise self.fail(where, f"'{key}' may hold no braces but {EMERGENCY_NUMBER}, the locale's number")
        if limit is not None and (problem := policy.length_problem(value, limit)):
            raise self.fail(where, f"'{key}' is {problem}")
        return value

    def texts(self, table: dict[str, Any], key: str, where: str, limit: int) -> tuple[str, ...]:
        values = table.get(key)
        if not isinstance(values, list):
            raise self.fail(where, f"'{key}' must be a list of texts")
        return tuple(self.text({key: v}, key, f"{where}.{key}[{i}]", limit) for i, v in enumerate(values))

    def sources(self, table: dict[str, Any], where: str) -> tuple[str, ...]:
        values = table.get("sources")
        if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
            raise self.fail(where, "'sources' must be a non-empty list of source ids")
        unknown = policy.unknown_sources(values, self.source_ids)
        if unknown:
            raise self.fail(where, f"unknown source ids {unknown}")
        return tuple(values)

    def answer(self, table: Any, where: str, allowed: set[str]) -> Answer:
        if not isinstance(table, dict):
            raise self.fail(where, "must be a table")
        extra = sorted(set(table) - allowed)
        if extra:
            raise self.fail(where, f"unknown keys {extra}")
        return Answer(
            short=self.text(table, "short", where, SHORT_LIMIT),
            more=self.texts(table, "more", where, MORE_LIMIT),
            card=self.text(table, "card", where),
            sources=self.sources(table, where),
        )

    def names(self, table: dict[str, Any], where: str) -> tuple[str, ...]:
        values = table.get("names")
        if not isinstance(values, list) or not values:
            raise self.fail(where, "'names' must be a non-empty list")
        names = []
        for value in values:
            if not isinstance(value, str) or not NAME_PATTERN.match(value) or "  " in value:
                raise self.fail(where, f"name {value!r} must be lower-case letters, spaces, apostrophes or periods")
            names.append(value)
        if len(set(names)) != len(names):
            raise self.fail(where, "'names' has duplicates")
        return tuple(names)

    def entry(self, table: Any, kind: str, index: int) -> Entry:
        if not isinstance(table, dict):
            raise self.fail(f"{kind}[{index}]", "must be a table")
        entry_id = table.get("id")
        if not isinstance(entry_id, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", entry_id):
            raise self.fail(f"{kind}[{index}]", "'id' must be snake_case")
        where = f"{kind} '{entry_id}'"
        allowed = CAUSE_KEYS if kind == "causes" else TOPIC_KEYS
        extra = sorted(set(table) - allowed)
        if extra:
            raise self.fail(where, f"unknown keys {extra}")
        offer = table.get("offer_checklist", False)
        if not isinstance(offer, bool):
            raise self.fail(where, "'offer_checklist' must be true or false")
        common: dict[str, Any] = dict(
            id=entry_id,
            title=self.text(table, "title", where),
            names=self.names(table, where),
            answer=self.answer({k: table.get(k) for k in ANSWER_KEYS}, where, ANSWER_KEYS),
            offer_checklist=offer,
        )
        if kind != "causes":
            remedy = table.get("remedy", False)
            if not isinstance(remedy, bool):
                raise self.fail(where, "'remedy' must be true or false")
            remedy_names: tuple[str, ...] = ()
            if "remedy_names" in table:
                if not remedy:
                    raise self.fail(where, "'remedy_names' needs 'remedy = true'")
                remedy_names = self.names({"names": table["remedy_names"]}, where)
            return Entry(**common, remedy=remedy, remedy_names=remedy_names)
        return Cause(
            **common,
            spoken_name=self.text(table, "spoken_name", where),
            signs=self.text(table, "signs", where),
            treatment=self.answer(table.get("treatment"), f"{where}.treatment", ANSWER_KEYS),
            cause_names=self.names({"names": table["cause_names"]}, where) if "cause_names" in table else (),
        )


def _tidy(text: str, keep_lines: bool) -> str:
    """Collapse runs of spaces. Cards keep their line breaks, since the Alexa app shows them."""
    if not keep_lines:
        return " ".join(text.split())
    lines = [" ".join(line.split()) for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def read_sources(name: str, raw: dict[str, Any]) -> dict[str, Source]:
    """The ``[sources.ID]`` tables of ``sources.toml`` (``name`` says which file, for errors)."""
    table = raw.get("sources")
    if not isinstance(table, dict) or not table:
        raise KnowledgeError(f"{name}: needs a [sources.ID] table per source")
    reader = _Reader(name, frozenset())
    sources = {}
    for source_id, fields in table.items():
        if not isinstance(fields, dict):
            raise reader.fail(f"source '{source_id}'", "must be a table")
        url = fields.get("url")
        if not isinstance(url, str):
            raise reader.fail(f"source '{source_id}'", "'url' must be text (may be empty)")
        sources[source_id] = Source(
            id=source_id,
            spoken=reader.text(fields, "spoken", f"source '{source_id}'"),
            title=reader.text(fields, "title", f"source '{source_id}'"),
            url=url,
        )
    return sources


def read_entries(name: str, raw: dict[str, Any], kind: str, source_ids: frozenset[str]) -> list[Entry]:
    """The ``[[causes]]`` or ``[[topics]]`` tables of one file, each checked against the content policy."""
    tables = raw.get(kind)
    if not isinstance(tables, list) or not tables:
        raise KnowledgeError(f"{name}: needs one or more [[{kind}]] tables")
    reader = _Reader(name, source_ids)
    return [reader.entry(table, kind, index) for index, table in enumerate(tables)]
