"""What the skill knows about leg cramps and vitamin B12: data files plus a small typed API.

Nothing here imports Alexa code, so the same knowledge serves the skill, the model generator,
the simulator and the tests. Data is read and validated once per language, then cached.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from skill.knowledge.loader import DATA_DIR, KnowledgeError, read_entries, read_sources
from skill.knowledge.model import Answer, Cause, Entry, Source
from skill.locales import fallback_chain

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

    def spoken_sources(self, source_ids: tuple[str, ...]) -> tuple[Source, ...]:
        return tuple(self.sources[source_id] for source_id in source_ids)


@lru_cache(maxsize=None)
def load_knowledge(locale: str = "en-US") -> Knowledge:
    """Load and validate the knowledge for a locale, falling back to its language, then to English."""
    for folder_name in fallback_chain(locale):
        folder = DATA_DIR / folder_name
        if folder.is_dir():
            return _load_folder(folder_name)
    raise KnowledgeError(f"no knowledge data for locale {locale!r}")


@lru_cache(maxsize=None)
def _load_folder(folder_name: str) -> Knowledge:
    folder = DATA_DIR / folder_name
    sources = read_sources(folder)
    source_ids = frozenset(sources)
    causes = read_entries(folder, "causes", source_ids)
    topics = read_entries(folder, "topics", source_ids)
    _check_unique(folder_name, [*causes, *topics])
    knowledge = Knowledge(
        language=folder_name,
        causes=tuple(c for c in causes if isinstance(c, Cause)),
        topics=tuple(topics),
        sources=sources,
    )
    _check_required(folder_name, knowledge)
    return knowledge


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


def _check_required(folder_name: str, knowledge: Knowledge) -> None:
    missing = [c for c in REQUIRED_CAUSES if knowledge.cause(c) is None]
    missing += [t for t in REQUIRED_TOPICS if knowledge.topic(t) is None]
    if missing:
        raise KnowledgeError(f"{folder_name}: required entries missing: {', '.join(missing)}")
