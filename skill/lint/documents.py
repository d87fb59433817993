"""Reading lint inputs: JSON files of any shape become typed models, or precise structure problems.

Rules downstream work on the typed view only, so a malformed file yields ``model-structure`` errors
for the broken parts and the rest is still checked, never a crash.

``parse_model`` is the project's one reader of interaction-model JSON: the simulator
(``skill.simulator.model``) and the tests read models through it too.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from skill.lint.catalog import problem
from skill.lint.problems import Problem

LOCALE_FILE = re.compile(r"^[a-z]{2,3}-[A-Z]{2}$")
MODEL_ROOT = "interactionModel.languageModel"


@dataclass(frozen=True)
class Document:
    """A parsed JSON file; ``kind`` is "model", "manifest" or "unknown"."""

    file: str
    data: Any
    size_bytes: int

    @property
    def kind(self) -> str:
        if isinstance(self.data, dict) and "interactionModel" in self.data:
            return "model"
        if isinstance(self.data, dict) and "manifest" in self.data:
            return "manifest"
        return "unknown"

    @property
    def locale(self) -> str | None:
        """Locale from an ASK-style file name (``en-US.json``); None when the name does not say."""
        stem = Path(self.file).stem
        return stem if LOCALE_FILE.match(stem) else None


def read_document(path: Path, shown_as: str) -> Document | Problem:
    """Parse one file; a ``json-invalid`` problem instead when it is not UTF-8 JSON."""
    raw = path.read_bytes()
    try:
        return Document(shown_as, json.loads(raw.decode("utf-8")), len(raw))
    except UnicodeDecodeError as exc:
        return problem(shown_as, "$", "json-invalid", f"not UTF-8: {exc.reason} at byte {exc.start}")
    except json.JSONDecodeError as exc:
        return problem(shown_as, "$", "json-invalid", f"{exc.msg} at line {exc.lineno} column {exc.colno}")


@dataclass(frozen=True)
class Slot:
    name: str
    type: str
    samples: tuple[tuple[str, str], ...]  # (node, text)
    node: str


@dataclass(frozen=True)
class Intent:
    name: str
    samples: tuple[tuple[str, str], ...]  # (node, text)
    slots: tuple[Slot, ...]
    node: str

    @property
    def is_builtin(self) -> bool:
        return self.name.startswith("AMAZON.")


@dataclass(frozen=True)
class SlotValue:
    id: str | None
    value: str
    synonyms: tuple[str, ...]
    node: str

    @property
    def key(self) -> str:
        """The id when given, else the value: what identifies it across locales."""
        return self.id if self.id else self.value


@dataclass(frozen=True)
class SlotType:
    name: str
    values: tuple[SlotValue, ...]
    node: str


@dataclass(frozen=True)
class Model:
    file: str
    locale: str | None
    size_bytes: int
    invocation_name: str | None
    intents: tuple[Intent, ...]
    types: tuple[SlotType, ...]
    fallback_level: object  # whatever the file says; checked by a rule
    has_fallback_level: bool

    def intent(self, name: str) -> Intent | None:
        return next((intent for intent in self.intents if intent.name == name), None)

    def slot_type(self, name: str) -> SlotType | None:
        return next((slot_type for slot_type in self.types if slot_type.name == name), None)


class _Reader:
    """Collects structure problems while picking typed values out of untrusted JSON."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def bad(self, node: str, message: str) -> None:
        self.problems.append(problem(self.file, node, "model-structure", message))

    def obj(self, value: Any, node: str, required: bool = True) -> dict[str, Any]:
        if isinstance(value, dict):
            return value
        if value is not None or required:
            self.bad(node, f"expected an object, found {_json_type(value)}")
        return {}

    def items(self, value: Any, node: str) -> list[Any]:
        if value is None:
            return []
        if isinstance(value, list):
            return value
        self.bad(node, f"expected a list, found {_json_type(value)}")
        return []

    def text(self, value: Any, node: str, required: bool = True) -> str | None:
        if isinstance(value, str):
            return value
        if value is not None or required:
            self.bad(node, f"expected a string, found {_json_type(value)}")
        return None

    def texts(self, value: Any, node: str) -> tuple[tuple[str, str], ...]:
        found = []
        for index, item in enumerate(self.items(value, node)):
            text = self.text(item, f"{node}[{index}]")
            if text is not None:
                found.append((f"{node}[{index}]", text))
        return tuple(found)


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")


def _item_node(parent: str, index: int, name: str | None) -> str:
    """Named list items are addressed by name (stable across edits), others by index."""
    return f"{parent}[{name}]" if name else f"{parent}[{index}]"


def parse_model(document: Document) -> tuple[Model, list[Problem]]:
    reader = _Reader(document.file)
    root = reader.obj(document.data.get("interactionModel"), "interactionModel")
    language = reader.obj(root.get("languageModel"), MODEL_ROOT)
    intents = tuple(_parse_intents(reader, language.get("intents")))
    types = tuple(_parse_types(reader, language.get("types")))
    config = reader.obj(language.get("modelConfiguration"), f"{MODEL_ROOT}.modelConfiguration", required=False)
    sensitivity = reader.obj(config.get("fallbackIntentSensitivity"),
                             f"{MODEL_ROOT}.modelConfiguration.fallbackIntentSensitivity", required=False)
    invocation = reader.text(language.get("invocationName"), f"{MODEL_ROOT}.invocationName", required=False)
    model = Model(
        file=document.file,
        locale=document.locale,
        size_bytes=document.size_bytes,
        invocation_name=invocation,
        intents=intents,
        types=types,
        fallback_level=sensitivity.get("level"),
        has_fallback_level="level" in sensitivity,
    )
    return model, reader.problems


def _parse_intents(reader: _Reader, raw: Any) -> list[Intent]:
    parent = f"{MODEL_ROOT}.intents"
    if raw is None:
        reader.bad(parent, "the model declares no intents")
    intents = []
    for index, item in enumerate(reader.items(raw, parent)):
        entry = reader.obj(item, f"{parent}[{index}]")
        name = reader.text(entry.get("name"), f"{parent}[{index}].name") if entry else None
        if not name:
            continue
        node = _item_node(parent, index, name)
        slots = []
        for slot_index, slot_item in enumerate(reader.items(entry.get("slots"), f"{node}.slots")):
            slot_entry = reader.obj(slot_item, f"{node}.slots[{slot_index}]")
            slot_name = reader.text(slot_entry.get("name"), f"{node}.slots[{slot_index}].name") if slot_entry else None
            if not slot_name:
                continue
            slot_node = _item_node(f"{node}.slots", slot_index, slot_name)
            slot_type = reader.text(slot_entry.get("type"), f"{slot_node}.type")
            if slot_type is None:
                continue
            slots.append(Slot(slot_name, slot_type, reader.texts(slot_entry.get("samples"), f"{slot_node}.samples"), slot_node))
        intents.append(Intent(name, reader.texts(entry.get("samples"), f"{node}.samples"), tuple(slots), node))
    return intents


def _parse_types(reader: _Reader, raw: Any) -> list[SlotType]:
    parent = f"{MODEL_ROOT}.types"
    types = []
    for index, item in enumerate(reader.items(raw, parent)):
        entry = reader.obj(item, f"{parent}[{index}]")
        name = reader.text(entry.get("name"), f"{parent}[{index}].name") if entry else None
        if not name:
            continue
        node = _item_node(parent, index, name)
        values = []
        for value_index, value_item in enumerate(reader.items(entry.get("values"), f"{node}.values")):
            value_entry = reader.obj(value_item, f"{node}.values[{value_index}]")
            name_entry = reader.obj(value_entry.get("name"), f"{node}.values[{value_index}].name") if value_entry else {}
            text = reader.text(name_entry.get("value"), f"{node}.values[{value_index}].name.value") if name_entry else None
            if text is None:
                continue
            value_id = reader.text(value_entry.get("id"), f"{node}.values[{value_index}].id", required=False)
            value_node = _item_node(f"{node}.values", value_index, value_id or text)
            synonyms = tuple(text for _, text in reader.texts(name_entry.get("synonyms"), f"{value_node}.name.synonyms"))
            values.append(SlotValue(value_id, text, synonyms, value_node))
        types.append(SlotType(name, tuple(values), node))
    return types
