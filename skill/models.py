"""``python -m skill models [--check]``: the generated parts of ``interaction_models/*.json``.

Two parts of every model (one file per locale, named ``<locale>.json``) are generated:

- the slot types, from the knowledge data, the one source of truth for what people call each cause
  and topic, so the names a handler resolves are always the names Alexa was trained on;
- the red-flag intents (``RedFlag<Id>Intent``), expanded from the compact sample templates in
  ``skill/content/<language>/templates/red_flags.toml`` with hassil, Home Assistant's template
  library (a build-time tool only: the Lambda package never imports it).

Other intents and settings stay as they are. ``--check`` writes nothing and fails when a committed
model is out of date, which is what CI and the tests run.
"""
from __future__ import annotations

import json
import random
import re
import sys
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from skill.cliargs import ArgumentParser
from skill.dialogue.step import RED_FLAG_PREFIX, red_flag_intent_name  # one naming rule, both ways
from skill.content import CONTENT_DIR
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


def _one_line(template: str) -> str:
    """Templates may wrap their alternatives over several lines; hassil wants one."""
    return re.sub(r"\s*\n\s*", "", template.strip())


def _say(expression: Any, rules: dict[str, Any], rng: random.Random) -> str:
    """One random way of saying a parsed hassil template: a random walk through its alternatives.

    Drawing samples this way costs the same however large the grammar is; expanding every
    combination of a rich template would run to millions."""
    from hassil.expression import Alternative, Group, RuleReference, TextChunk  # build-time only

    if isinstance(expression, TextChunk):
        return expression.text
    if isinstance(expression, RuleReference):
        return _say(rules[expression.rule_name].expression, rules, rng)
    if isinstance(expression, Alternative):
        return _say(rng.choice(expression.items), rules, rng)
    if isinstance(expression, Group):
        return "".join(_say(item, rules, rng) for item in expression.items)
    raise ValueError(f"unsupported template part {type(expression).__name__} (slot lists are not used here)")


def red_flag_intents(language: str) -> list[JsonObject]:
    """One intent per red flag, its samples drawn from the language's templates.

    Every frame is applied to each way of saying the sign (each line of ``signs``). Samples are
    drawn round-robin across those (way, frame) pairs by seeded random walks, so the output is the
    same on every run: half of ``max_samples`` from the first frame (the sign said alone, which the
    others build on), the rest from every pair, so each way and each frame keeps its share."""
    from hassil import parse_sentence  # build-time only

    path = CONTENT_DIR / language / "templates" / "red_flags.toml"
    if not path.is_file():
        return []
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    limit = int(data["max_samples"])
    frames = data["frames"]["templates"]
    rules = {name: parse_sentence(_one_line(text)) for name, text in data["rules"].items()}
    intents: list[JsonObject] = []
    for flag_id, flag in data["red_flags"].items():
        ways = [_one_line(way) for way in flag["signs"].split("\n|")]
        pairs = [(parse_sentence(frame).expression, {**rules, "signs": parse_sentence(f"({way})")})
                 for way in ways for frame in frames]
        rng = random.Random(flag_id)
        samples: dict[str, None] = {}
        for share, pool in ((limit // 2, pairs[::len(frames)]), (limit, pairs)):
            for _ in range(50 * limit):  # a bound, in case the grammar says fewer distinct things
                if len(samples) >= share:
                    break
                for expression, pair_rules in pool:
                    if len(samples) < share:
                        samples.setdefault(" ".join(_say(expression, pair_rules, rng).split()), None)
        intents.append({"name": red_flag_intent_name(flag_id), "slots": [], "samples": list(samples)})
    return intents


def regenerate(model: JsonObject, locale: str) -> JsonObject:
    """A copy of ``model`` whose generated types and red-flag intents are rebuilt; all else stays."""
    fresh = {slot["name"]: slot for slot in generated_types(locale)}
    updated = json.loads(json.dumps(model))
    language_model = updated["interactionModel"]["languageModel"]
    kept = [intent for intent in language_model["intents"] if not intent["name"].startswith(RED_FLAG_PREFIX)]
    custom = sum(1 for intent in kept if not intent["name"].startswith("AMAZON."))
    language_model["intents"] = kept[:custom] + red_flag_intents(locale.split("-")[0]) + kept[custom:]
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
