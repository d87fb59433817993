"""``python -m skill models [--check]``: slot types in ``interaction_models/*.json`` from the knowledge data.

The knowledge data is the one source of truth for what people call each cause and topic. This
command rewrites only the generated slot types of every interaction model (one file per locale,
named ``<locale>.json``) and leaves intents and settings as they are, so the names a handler
resolves are always the names Alexa was trained on. ``--check`` writes nothing and fails when a
committed model is out of date, which is what CI and the tests run.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from skill.cliargs import ArgumentParser
from skill.knowledge import load_knowledge

MODELS_DIR = Path(__file__).resolve().parent.parent / "interaction_models"

JsonObject = dict[str, Any]


class NamedEntry(Protocol):
    """What the generator needs from a knowledge entry: a stable id and what people say for it."""

    @property
    def id(self) -> str: ...

    @property
    def names(self) -> Sequence[str]: ...


# Slot type name -> how to get its entries from the knowledge base, in the order they are written.
# TOPIC holds every entry, causes included, so "tell me about dehydration" resolves too.
SLOT_TYPES: dict[str, Callable[[Any], Sequence[NamedEntry]]] = {
    "CAUSE": lambda kb: kb.causes,
    "TOPIC": lambda kb: (*kb.topics, *kb.causes),
}


def slot_type(name: str, entries: Sequence[NamedEntry]) -> JsonObject:
    """One ASK slot type: the id resolves to the entry, the first name is the canonical value."""
    values: list[JsonObject] = []
    for entry in entries:
        value: JsonObject = {"value": entry.names[0]}
        if len(entry.names) > 1:
            value["synonyms"] = list(entry.names[1:])
        values.append({"id": entry.id, "name": value})
    return {"name": name, "values": values}


def generated_types(locale: str) -> list[JsonObject]:
    """Every generated slot type for a locale, in a fixed order."""
    kb = load_knowledge(locale)
    return [slot_type(name, entries_of(kb)) for name, entries_of in SLOT_TYPES.items()]


def regenerate(model: JsonObject, locale: str) -> JsonObject:
    """A copy of ``model`` whose generated types are rebuilt in place; other types stay where they are."""
    fresh = {slot["name"]: slot for slot in generated_types(locale)}
    updated = json.loads(json.dumps(model))
    language_model = updated["interactionModel"]["languageModel"]
    types: list[JsonObject] = []
    for existing in language_model.get("types", []):
        types.append(fresh.pop(existing.get("name"), existing))
    types.extend(fresh.values())
    language_model["types"] = types
    return updated


def render(model: JsonObject) -> str:
    """The on-disk form: 2-space indent, UTF-8 text as is, one trailing newline (stable diffs)."""
    return json.dumps(model, indent=2, ensure_ascii=False) + "\n"


def model_files(directory: Path) -> list[Path]:
    """The interaction models in ``directory``, one per locale, in a stable order."""
    return sorted(directory.glob("*.json"))


def expected_text(path: Path) -> str:
    """What ``path`` should contain once its slot types are regenerated for its locale."""
    model = json.loads(path.read_text(encoding="utf-8"))
    return render(regenerate(model, locale=path.stem))


def _display(path: Path) -> str:
    """A path relative to the repository when possible, so messages are short and copyable."""
    try:
        return str(path.relative_to(MODELS_DIR.parent))
    except ValueError:
        return str(path)


def main(command: str, argv: list[str]) -> int:
    """Regenerate (or with ``--check`` verify) the slot types of every interaction model."""
    parser = ArgumentParser(
        prog=f"python -m skill {command}",
        description="Regenerate slot types in interaction_models/*.json from the knowledge data.",
    )
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if any file is out of date")
    args = parser.parse_args(argv)

    paths = model_files(MODELS_DIR)
    if not paths:
        print(f"no interaction models found in {_display(MODELS_DIR)}", file=sys.stderr)
        return 1
    stale: list[Path] = []
    for path in paths:
        text = expected_text(path)
        if path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path)
        if not args.check:
            path.write_text(text, encoding="utf-8")
            print(f"updated {_display(path)}")
    if args.check and stale:
        for path in stale:
            print(
                f"{_display(path)} is out of date with the knowledge data: run `make models`",
                file=sys.stderr,
            )
        return 1
    if not stale:
        print(f"{len(paths)} interaction model(s) up to date")
    return 0
