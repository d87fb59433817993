"""The parts of an ASK interaction model (``interaction_models/<locale>.json``) the simulator reads.

The JSON is read by the project's one interaction-model reader, ``skill.lint.documents.parse_model``
(which the linter and the tests use too); this module only keeps what the resolver matches
against, as plain records, so the resolver can be tested with any skill's model.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from skill.lint.documents import Document
from skill.lint.documents import parse_model as read_model


class ModelError(ValueError):
    """The interaction model file is missing or not shaped like an ASK interaction model."""


@dataclass(frozen=True)
class SlotValue:
    """One value of a custom slot type: the id and canonical name Alexa resolves to, and every name said for it."""

    id: str
    name: str
    synonyms: tuple[str, ...]

    @property
    def spoken_forms(self) -> tuple[str, ...]:
        return (self.name, *self.synonyms)


@dataclass(frozen=True)
class Intent:
    """An intent with its sample utterances and its slots (slot name -> slot type name)."""

    name: str
    samples: tuple[str, ...]
    slots: dict[str, str]


@dataclass(frozen=True)
class InteractionModel:
    """One locale's language model: what the resolver matches against."""

    invocation_name: str
    intents: tuple[Intent, ...]
    slot_types: dict[str, tuple[SlotValue, ...]]

    def intent(self, name: str) -> Intent | None:
        return next((intent for intent in self.intents if intent.name == name), None)

    @property
    def intent_names(self) -> frozenset[str]:
        return frozenset(intent.name for intent in self.intents)


def _value_id(type_name: str, given: str | None, name: str) -> str:
    """Alexa invents a stable id for values the model gives none; a hash of type and name does the same."""
    return given or hashlib.md5(f"{type_name}:{name}".encode()).hexdigest()


def parse_model(document: dict[str, Any], file: str = "<model>") -> InteractionModel:
    """Read the language model out of an ASK interaction model document; ModelError when it is not one."""
    if not isinstance(document, dict):
        raise ModelError("not an ASK interaction model: the document is not a JSON object")
    model, problems = read_model(Document(file, document, 0))
    if model.invocation_name is None:
        raise ModelError("not an ASK interaction model: missing or malformed languageModel.invocationName")
    if problems:
        raise ModelError(f"not an ASK interaction model: {problems[0].node}: {problems[0].message}")
    intents = tuple(
        Intent(name=intent.name, samples=tuple(text for _, text in intent.samples),
               slots={slot.name: slot.type for slot in intent.slots})
        for intent in model.intents
    )
    slot_types = {
        slot_type.name: tuple(SlotValue(id=_value_id(slot_type.name, value.id, value.value), name=value.value,
                                        synonyms=value.synonyms) for value in slot_type.values)
        for slot_type in model.types
    }
    return InteractionModel(model.invocation_name, intents, slot_types)


def load_model(path: Path) -> InteractionModel:
    """Load and parse a model file, with a message naming the file when it cannot be used."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ModelError(f"{path}: cannot read interaction model ({error.strerror})") from error
    except json.JSONDecodeError as error:
        raise ModelError(f"{path}: not valid JSON ({error})") from error
    try:
        return parse_model(document)
    except ModelError as error:
        raise ModelError(f"{path}: {error}") from error
