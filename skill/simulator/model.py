"""The parts of an ASK interaction model (``interaction_models/<locale>.json``) the simulator reads.

Kept apart from the resolver so that the resolver works on plain typed records and can be tested
with any skill's model, not only this project's.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any


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


def _value_id(type_name: str, value: dict[str, Any]) -> str:
    """Alexa invents a stable id for values the model gives none; a hash of type and name does the same."""
    given = value.get("id")
    if given:
        return str(given)
    return hashlib.md5(f"{type_name}:{value['name']['value']}".encode()).hexdigest()


def parse_model(document: dict[str, Any]) -> InteractionModel:
    """Read the language model out of an ASK interaction model document."""
    try:
        language_model = document["interactionModel"]["languageModel"]
        intents = tuple(
            Intent(
                name=intent["name"],
                samples=tuple(intent.get("samples", ())),
                slots={slot["name"]: slot["type"] for slot in intent.get("slots", ())},
            )
            for intent in language_model["intents"]
        )
        slot_types = {
            slot_type["name"]: tuple(
                SlotValue(
                    id=_value_id(slot_type["name"], value),
                    name=value["name"]["value"],
                    synonyms=tuple(value["name"].get("synonyms", ())),
                )
                for value in slot_type.get("values", ())
            )
            for slot_type in language_model.get("types", ())
        }
        return InteractionModel(language_model["invocationName"], intents, slot_types)
    except (KeyError, TypeError) as error:
        raise ModelError(f"not an ASK interaction model: missing or malformed {error}") from error


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
