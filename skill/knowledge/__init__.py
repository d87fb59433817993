"""What the skill knows about leg cramps and vitamin B12: data files plus a small typed API.

Nothing here imports Alexa code, so the same knowledge serves the skill, the model generator,
the simulator and the tests. Data is read and validated once per language, then cached.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from skill.content import (
    CONTENT_DIR,
    ContentError,
    UnknownLocale,
    layers,
    load_locale,
    overlay,
    read_layers,
    respell as respell_text,
)
from skill.knowledge.loader import KnowledgeError, read_entries, read_sources
from skill.knowledge.entries import Answer, Cause, Entry, Source

__all__ = ["Answer", "Cause", "Entry", "Knowledge", "KnowledgeError", "Source", "load_knowledge"]

# Ids the skill's intents are wired to; the data must define each of them.
REQUIRED_CAUSES = (
    "b12_deficiency", "b12_supplements", "b12_injections", "dehydration", "electrolyte_imbalance",
    "overexertion", "long_standing_sitting", "medications", "underlying_conditions",
)
REQUIRED_TOPICS = (
    "causes_overview", "b12_symptoms", "b12_role", "treatment_general", "b12_lifelong", "prevention",
    "during_cramp", "b12_foods", "restless_legs", "see_doctor", "nerve_damage", "compare_causes",
)


@dataclass(frozen=True)
class Knowledge:
    """All entries of one language, looked up by id."""

    language: str
    causes: tuple[Cause, ...]
    topics: tuple[Entry, ...]
    sources: dict[str, Source]
    general_words: frozenset[str] = frozenset()  # knowledge/general.toml: words for leg cramps in general
    _by_id: dict[str, Entry] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {e.id: e for e in (*self.causes, *self.topics)})

    def entry(self, entry_id: str) -> Entry | None:
        """Any entry (cause or topic) by id, or None."""
        return self._by_id.get(entry_id)

    def cause(self, cause_id: str) -> Cause | None:
        found = self.entry(cause_id)
        return found if isinstance(found, Cause) else None

    def topic(self, topic_id: str) -> Entry | None:
        found = self.entry(topic_id)
        return None if found is None or isinstance(found, Cause) else found

    def is_general(self, heard: str) -> bool:
        """Whether words a slot heard name leg cramps in general ("my leg cramps"), not a value at all."""
        words = heard.lower().split()
        return bool(words) and all(word in self.general_words for word in words)

    def spoken_sources(self, source_ids: tuple[str, ...]) -> tuple[Source, ...]:
        return tuple(self.sources[source_id] for source_id in source_ids)


@lru_cache(maxsize=None)
def load_knowledge(locale: str = "en-US", root: Path = CONTENT_DIR) -> Knowledge:
    """Load and validate the knowledge for a locale: its language's files, overlaid by any the locale has."""
    try:
        folders = layers(locale, root)
    except ContentError as error:
        raise KnowledgeError(str(error)) from error
    try:
        spelling = load_locale(locale, root).spelling
    except UnknownLocale:  # a language ("en") or an unserved locale: the language's own spelling
        spelling = ()
    except ContentError as error:
        raise KnowledgeError(str(error)) from error
    # Keyed by the layers that hold knowledge and the spelling, so locales that differ in neither share one copy.
    return _load(tuple(folder for folder in folders if (root / folder / "knowledge").is_dir()), root, spelling)


@lru_cache(maxsize=None)
def _load(folders: tuple[str, ...], root: Path, spelling: tuple[tuple[str, str], ...]) -> Knowledge:
    knowledge = _load_layers(folders, root)
    return _respelled(knowledge, spelling) if spelling else knowledge


def _respelled(knowledge: Knowledge, spelling: tuple[tuple[str, str], ...]) -> Knowledge:
    """The knowledge in a locale's spelling: every spoken or shown text, but not the names people say (slot
    values and synonyms, which the interaction models hold) and not source titles (the publishers' own words)."""
    respell = partial(respell_text, spelling=spelling)

    def answer(value: Answer) -> Answer:
        return Answer(short=respell(value.short), more=tuple(map(respell, value.more)), card=respell(value.card),
                      sources=value.sources)

    def entry(value: Entry) -> Entry:
        changes: dict[str, Any] = dict(title=respell(value.title), answer=answer(value.answer))
        if isinstance(value, Cause):
            changes.update(spoken_name=respell(value.spoken_name), signs=respell(value.signs),
                           treatment=answer(value.treatment))
        return dataclasses.replace(value, **changes)

    return Knowledge(
        language=knowledge.language,
        causes=tuple(entry(cause) for cause in knowledge.causes),  # type: ignore[misc]
        topics=tuple(entry(topic) for topic in knowledge.topics),
        sources={key: dataclasses.replace(source, spoken=respell(source.spoken))
                 for key, source in knowledge.sources.items()},
        general_words=knowledge.general_words,
    )


@lru_cache(maxsize=None)
def _load_layers(folders: tuple[str, ...], root: Path) -> Knowledge:
    sources_name, sources_raw = _read("sources", folders, root)
    sources = read_sources(sources_name, sources_raw)
    source_ids = frozenset(sources)
    causes = read_entries(*_read("causes", folders, root), "causes", source_ids)
    topics = read_entries(*_read("topics", folders, root), "topics", source_ids)
    language = folders[0]
    _check_unique(language, [*causes, *topics])
    knowledge = Knowledge(
        language=language,
        causes=tuple(c for c in causes if isinstance(c, Cause)),
        topics=tuple(topics),
        sources=sources,
        general_words=_general_words(folders, root),
    )
    _check_required(language, knowledge)
    return knowledge


def _read(kind: str, folders: tuple[str, ...], root: Path) -> tuple[str, dict[str, Any]]:
    """One knowledge file along the layers: the names of the files read (for errors) and the overlaid table.

    A locale's ``[[causes]]`` or ``[[topics]]`` entry names an ``id`` of its language's file and holds only the
    keys that differ (``treatment`` merged key by key too), so a locale never copies a whole file.
    """
    found = read_layers(f"knowledge/{kind}.toml", folders, root, KnowledgeError)
    if not found:
        raise KnowledgeError(f"{kind}.toml: missing file (looked in {', '.join(folders)})")
    (first_name, first), *later = found
    merged = dict(first)
    if kind in merged and isinstance(merged[kind], list):
        entries = list(merged[kind])
        index = {table.get("id"): i for i, table in enumerate(entries) if isinstance(table, dict)}
        for name, table in later:
            for override in table.get(kind, []):
                if not isinstance(override, dict) or override.get("id") not in index:
                    raise KnowledgeError(f"{name}: {kind}: each entry must name the id of an entry in {first_name}")
                position = index[override["id"]]
                entries[position] = overlay([entries[position], override])
        merged[kind] = entries
    return ", ".join(name for name, _ in found), merged


def _general_words(folders: tuple[str, ...], root: Path) -> frozenset[str]:
    """``knowledge/general.toml``'s words, the locale's file replacing its language's when it has one."""
    found = read_layers("knowledge/general.toml", folders, root, KnowledgeError)
    if not found:
        return frozenset()
    name, table = found[-1]
    words = table.get("words")
    if not isinstance(words, list) or not all(isinstance(word, str) and word and " " not in word for word in words):
        raise KnowledgeError(f"{name}: words must be a list of single lower-case words")
    return frozenset(word.lower() for word in words)


def _check_unique(folder_name: str, entries: list[Entry]) -> None:
    seen_ids: set[str] = set()
    owner_of_name: dict[str, str] = {}
    for entry in entries:
        if entry.id in seen_ids:
            raise KnowledgeError(f"{folder_name}: entry '{entry.id}' is defined twice")
        seen_ids.add(entry.id)
        for name in entry.names:
            other = owner_of_name.setdefault(name, entry.id)
            if other != entry.id:
                raise KnowledgeError(f"{folder_name}: entry '{entry.id}': name {name!r} already belongs to '{other}'")
    # A CAUSE-only name may be a topic's, never another cause's: the CAUSE slot must resolve it to one id.
    cause_of_name = {name: entry.id for entry in entries if isinstance(entry, Cause) for name in entry.names}
    for entry in entries:
        for name in getattr(entry, "cause_names", ()):
            other = cause_of_name.setdefault(name, entry.id)
            if other != entry.id:
                raise KnowledgeError(f"{folder_name}: cause '{entry.id}': cause name {name!r} already belongs to '{other}'")


def _check_required(folder_name: str, knowledge: Knowledge) -> None:
    missing = [c for c in REQUIRED_CAUSES if knowledge.cause(c) is None]
    missing += [t for t in REQUIRED_TOPICS if knowledge.topic(t) is None]
    if missing:
        raise KnowledgeError(f"{folder_name}: required entries missing: {', '.join(missing)}")
