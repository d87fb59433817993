"""``python -m skill models [--check]``: writes ``interaction_models/<locale>.json`` for every locale.

Every part of a model is generated; nothing in ``interaction_models/`` is edited by hand:

- the skeleton (invocation name, fallback sensitivity, which built-in intents exist, intent order) from
  ``templates/model.toml``;
- every intent's samples, expanded from compact sentence templates in ``templates/*.toml`` with hassil,
  Home Assistant's template library (a build-time tool only: the Lambda package never imports it);
- the slot types, from the knowledge data, the one source of truth for what people call each cause,
  topic and remedy, so the names a handler resolves are always the names Alexa was trained on.

Templates are read along the content layers (``skill.content.layers``): ``en/templates/x.toml`` overlaid
by ``en-GB/templates/x.toml`` when that exists, so a locale overrides or adds named rules and lists
("<doctor>" = "(doctor|gp|surgery)") and inherits the rest. Rules from every template file share one
namespace, so carrier phrases and fillers are written once.

``--check`` writes nothing and fails when a committed model is out of date, which is what CI and the
tests run.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
import random
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from skill.cliargs import ArgumentParser
from skill.content import CONTENT_DIR, LOCALES, layers, read_layered
from skill.dialogue.step import red_flag_intent_name  # one naming rule, both ways
from skill.knowledge import load_knowledge

MODELS_DIR = Path(__file__).resolve().parent.parent / "interaction_models"
TEMPLATES = "templates"
SKELETON = "model.toml"
SLOT_REFERENCE = re.compile(r"\{[^{}]*\}")

JsonObject = dict[str, Any]


class TemplateError(ValueError):
    """A template file is invalid; the message names the file and the intent or rule."""


class NamedEntry(Protocol):
    """What the generator needs from a knowledge entry: a stable id and what people say for it."""

    @property
    def id(self) -> str: ...

    @property
    def names(self) -> Sequence[str]: ...


# Slot type name -> how to get its entries from the knowledge base, in the order they are written.
# TOPIC holds every entry, causes included, so "tell me about dehydration" resolves too. REMEDY holds
# the topics marked `remedy = true` (things people take or do for cramps: "does quinine help?"). CAUSE and
# REMEDY add the names only their slot uses.
SLOT_TYPES: dict[str, Callable[[Any], Sequence[NamedEntry]]] = {
    "CAUSE": lambda kb: tuple(_SlotNames(cause.id, (*cause.names, *cause.cause_names)) for cause in kb.causes),
    "TOPIC": lambda kb: (*kb.topics, *kb.causes),
    "REMEDY": lambda kb: tuple(_SlotNames(topic.id, (*topic.names, *topic.remedy_names))
                               for topic in kb.topics if topic.remedy),
}


@dataclass(frozen=True)
class _SlotNames:
    """An entry as one slot type lists it: its names, then the names only that slot uses (a remedy's
    ``remedy_names``, a cause's ``cause_names``)."""

    id: str
    names: tuple[str, ...]


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


# --- templates ----------------------------------------------------------------------------------------

def template_names(locale: str) -> list[str]:
    """The template files a locale has (``questions.toml``...), from any of its layers, sorted."""
    names = {path.name for folder in layers(locale) for path in (CONTENT_DIR / folder / TEMPLATES).glob("*.toml")}
    return sorted(names)


def read_templates(locale: str) -> dict[str, dict[str, Any]]:
    """File stem -> that template file read along the locale's layers and overlaid (``read_layered``)."""
    return {name.removesuffix(".toml"): read_layered(f"{TEMPLATES}/{name}", locale, error=TemplateError)
            for name in template_names(locale)}


def _one_line(template: str) -> str:
    """Templates may wrap their alternatives over several lines; hassil wants one."""
    return re.sub(r"\s*\n\s*", "", template.strip())


def _tidy(sample: str) -> str:
    return " ".join(sample.split())


def shared_rules(files: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Every file's ``[rules]``, parsed, in one namespace: a rule is written once and used anywhere."""
    from hassil import parse_sentence  # build-time only

    rules: dict[str, Any] = {}
    owner: dict[str, str] = {}
    for stem, data in files.items():
        for name, text in data.get("rules", {}).items():
            if name in owner:
                raise TemplateError(f"{TEMPLATES}/{stem}.toml: rule <{name}> is also defined in {owner[name]}.toml")
            owner[name] = stem
            rules[name] = parse_sentence(_one_line(text))
    return rules


def _say(expression: Any, rules: dict[str, Any], rng: random.Random) -> str:
    """One random way of saying a parsed hassil template: a random walk through its alternatives.

    Drawing samples this way costs the same however large the grammar is; expanding every
    combination of a rich template would run to millions. A slot list (``{cause}``) is said as
    itself, the slot reference Alexa's samples carry."""
    from hassil.expression import Alternative, Group, ListReference, RuleReference, TextChunk  # build-time only

    if isinstance(expression, TextChunk):
        return expression.text
    if isinstance(expression, ListReference):
        return "{" + expression.slot_name + "}"
    if isinstance(expression, RuleReference):
        return _say(rules[expression.rule_name].expression, rules, rng)
    if isinstance(expression, Alternative):
        return _say(rng.choice(expression.items), rules, rng)
    if isinstance(expression, Group):
        return "".join(_say(item, rules, rng) for item in expression.items)
    raise ValueError(f"unsupported template part {type(expression).__name__}")


def _count(expression: Any, rules: dict[str, Any]) -> int:
    """How many ways a template can be said (an upper bound on its distinct samples)."""
    from hassil.expression import Alternative, Group, RuleReference  # build-time only

    if isinstance(expression, RuleReference):
        return _count(rules[expression.rule_name].expression, rules)
    if isinstance(expression, Alternative):
        return sum(_count(item, rules) for item in expression.items)
    if isinstance(expression, Group):
        total = 1
        for item in expression.items:
            total *= _count(item, rules)
        return total
    return 1


def _every_way(expression: Any, rules: dict[str, Any]) -> Iterator[str]:
    """Every way of saying a template; only used when ``_count`` says there are few."""
    from hassil.expression import Alternative, Group, ListReference, RuleReference, TextChunk  # build-time only

    if isinstance(expression, TextChunk):
        yield expression.text
    elif isinstance(expression, ListReference):
        yield "{" + expression.slot_name + "}"
    elif isinstance(expression, RuleReference):
        yield from _every_way(rules[expression.rule_name].expression, rules)
    elif isinstance(expression, Alternative):
        for item in expression.items:
            yield from _every_way(item, rules)
    elif isinstance(expression, Group):
        heads = [""]
        for item in expression.items:
            heads = [head + tail for head in heads for tail in _every_way(item, rules)]
        yield from heads
    else:
        raise ValueError(f"unsupported template part {type(expression).__name__}")


def _ways(expression: Any, rules: dict[str, Any], limit: int, rng: random.Random) -> Iterator[str]:
    """Ways of saying one template, in a seeded random order: all of them when there are at most
    ``limit``, otherwise random walks (a bounded number, in case the grammar says fewer things)."""
    if _count(expression, rules) <= limit:
        every = sorted({_tidy(way) for way in _every_way(expression, rules)})
        rng.shuffle(every)
        yield from every
        return
    for _ in range(20 * limit):
        yield _tidy(_say(expression, rules, rng))


def carrier(sample: str) -> str:
    """A sample as Alexa compares it: case, spacing and slot names do not matter."""
    return SLOT_REFERENCE.sub("{}", " ".join(sample.casefold().split()))


class SlotClashGuard:
    """Keeps a slot sample, filled with a known value, from saying another intent's plain sample.

    "can {cause} cause leg cramps" filled with "b twelve injections" is a sample of CauseIntent that
    BTwelveInjectionsIntent must then not have word for word (and the other way round): Alexa could
    route the sentence either way. ``forms`` maps a slot name to every value and synonym it may take."""

    def __init__(self) -> None:
        self._literals: list[tuple[str, str]] = []  # (sample, intent)
        self._patterns: list[tuple[_SlotPattern, str]] = []  # (pattern, intent)

    def clashes(self, intent: str, sample: str, forms: dict[str, Sequence[str]]) -> bool:
        if "{" not in sample:
            return any(other != intent and pattern.says(sample) for pattern, other in self._patterns)
        pattern = _SlotPattern(sample, forms)
        return any(other != intent and pattern.says(literal) for literal, other in self._literals)

    def add(self, intent: str, sample: str, forms: dict[str, Sequence[str]]) -> None:
        if "{" not in sample:
            self._literals.append((sample, intent))
        else:
            self._patterns.append((_SlotPattern(sample, forms), intent))


class _SlotPattern:
    """A slot sample as a test for plain sentences: its words around captures for the slot places, and
    each capture must be a value or synonym of its slot. Captures are tried short and long, so two
    adjacent places split both ways. (One alternation of every synonym per place was exact too, but
    compiling it took a tenth of a second per sample once the names ran to thousands.)"""

    def __init__(self, sample: str, forms: dict[str, Sequence[str]]) -> None:
        parts = re.split(r"\{([^{}]*)\}", sample)
        self.prefix, self.suffix = parts[0], parts[-1]
        self._allowed = [frozenset(form.casefold() for form in forms.get(name, ())) for name in parts[1::2]]
        self._regexes = []
        for capture in ("(.+?)", "(.+)"):
            pieces = [capture if index % 2 else re.escape(part) for index, part in enumerate(parts)]
            self._regexes.append(re.compile("".join(pieces)))

    def says(self, sentence: str) -> bool:
        if not (sentence.startswith(self.prefix) and sentence.endswith(self.suffix)):
            return False
        for regex in self._regexes:
            match = regex.fullmatch(sentence)
            if match and all(value in allowed for value, allowed in zip(match.groups(), self._allowed)):
                return True
        return False


def expand_intent(name: str, templates: Sequence[str], rules: dict[str, Any], limit: int,
                  taken: dict[str, str], guard: SlotClashGuard | None = None,
                  forms: dict[str, Sequence[str]] | None = None) -> list[str]:
    """Up to ``limit`` samples for one intent, drawn round-robin across its templates.

    Each round takes one new sample from every template, so a template that says one thing (a
    store example phrase, say) is always kept and a rich template cannot crowd out the others.
    ``taken`` maps the carrier of every sample kept so far to its intent; a sample another intent
    already has is skipped (and this intent's samples are added), so no sample is in two intents.
    ``guard`` (with ``forms``, slot name -> what it may be filled with) also skips a sample that,
    slots filled, says another intent's sample."""
    from hassil import parse_sentence  # build-time only

    streams = []
    for template in templates:
        try:
            expression = parse_sentence(_one_line(template)).expression
        except Exception as problem:  # hassil raises several kinds; name the template
            raise TemplateError(f"{name}: cannot parse {template!r}: {problem}") from problem
        # Each template walks with its own seed, so adding or editing one template leaves the ways
        # drawn from the others as they were: a template change is then measured on its own.
        streams.append(_ways(expression, rules, limit, random.Random(f"{name}\n{template}")))
    samples: list[str] = []
    while streams and len(samples) < limit:
        alive = []
        for stream in streams:
            if len(samples) >= limit:
                break
            for sample in stream:
                key = carrier(sample)
                if key and key not in taken and not (guard and guard.clashes(name, sample, forms or {})):
                    taken[key] = name
                    if guard:
                        guard.add(name, sample, forms or {})
                    samples.append(sample)
                    alive.append(stream)
                    break
        streams = alive
    return samples


def red_flag_intents(data: dict[str, Any], rules: dict[str, Any], taken: dict[str, str],
                     guard: SlotClashGuard | None = None) -> list[JsonObject]:
    """One intent per red flag, its samples drawn from the red-flag templates.

    Every frame is applied to each way of saying the sign (each line of ``signs``). Samples are
    drawn round-robin across those (way, frame) pairs by seeded random walks, so the output is the
    same on every run: half of ``max_samples`` from the first frame (the sign said alone, which the
    others build on), the rest from every pair, so each way and each frame keeps its share."""
    from hassil import parse_sentence  # build-time only

    limit = int(data["max_samples"])
    frames = data["frames"]["templates"]
    intents: list[JsonObject] = []
    for flag_id, flag in data["red_flags"].items():
        name = red_flag_intent_name(flag_id)
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
                        samples.setdefault(_tidy(_say(expression, pair_rules, rng)), None)
        for sample in samples:
            taken.setdefault(carrier(sample), name)
            if guard:
                guard.add(name, sample, {})
        intents.append({"name": name, "slots": [], "samples": list(samples)})
    return intents


def _intent(name: str, spec: dict[str, Any], samples: list[str]) -> JsonObject:
    intent: JsonObject = {"name": name}
    slots = spec.get("slots", {})
    if slots:
        intent["slots"] = [{"name": slot, "type": slot_type_name} for slot, slot_type_name in slots.items()]
    intent["samples"] = samples
    return intent


def build(locale: str) -> JsonObject:
    """The whole interaction model of one locale, from its templates and knowledge data."""
    files = read_templates(locale)
    skeleton = files.pop(SKELETON.removesuffix(".toml"), None)
    if skeleton is None:
        raise TemplateError(f"no {TEMPLATES}/{SKELETON} for locale {locale!r}")
    rules = shared_rules(files)
    types = generated_types(locale)
    forms_of_type = {t["name"]: [form for value in t["values"]
                                 for form in (value["name"]["value"], *value["name"].get("synonyms", []))]
                     for t in types}
    taken: dict[str, str] = {}
    guard = SlotClashGuard()
    # Red flags first: safety comes before questions when a phrasing could be both.
    flags = [intent for data in files.values() if "red_flags" in data
             for intent in red_flag_intents(data, rules, taken, guard)]
    custom: list[JsonObject] = []
    builtin: dict[str, JsonObject] = {}
    for stem in skeleton["template_files"]:
        if stem not in files:
            raise TemplateError(f"{TEMPLATES}/{SKELETON}: no template file {stem}.toml")
        for name, spec in files[stem].get("intents", {}).items():
            limit = int(spec.get("max_samples", files[stem].get("max_samples", 0)))
            if limit <= 0:
                raise TemplateError(f"{TEMPLATES}/{stem}.toml: {name} needs max_samples")
            forms = {slot: forms_of_type.get(type_name, []) for slot, type_name in spec.get("slots", {}).items()}
            samples = expand_intent(name, spec.get("templates", []), rules, limit, taken, guard, forms)
            target = builtin if name.startswith("AMAZON.") else None
            if target is not None:
                target[name] = _intent(name, spec, samples)
            else:
                custom.append(_intent(name, spec, samples))
    unknown = set(builtin) - set(skeleton["builtin_intents"])
    if unknown:
        raise TemplateError(f"templates give samples to built-in intents {sorted(unknown)} "
                            f"that {SKELETON} does not list")
    builtins = [builtin.get(name, {"name": name, "samples": []}) for name in skeleton["builtin_intents"]]
    return {"interactionModel": {"languageModel": {
        "invocationName": skeleton["invocation_name"],
        "modelConfiguration": {"fallbackIntentSensitivity": {"level": skeleton["fallback_sensitivity"]}},
        "intents": [*custom, *flags, *builtins],
        "types": types,
    }}}


def render(model: JsonObject) -> str:
    """The on-disk form: 2-space indent, UTF-8 text as is, one trailing newline (stable diffs)."""
    return json.dumps(model, indent=2, ensure_ascii=False) + "\n"


def model_files(directory: Path) -> list[Path]:
    """The interaction models in ``directory``, one per locale, in a stable order."""
    return sorted(directory.glob("*.json"))


def model_path(locale: str, directory: Path | None = None) -> Path:
    return (directory or MODELS_DIR) / f"{locale}.json"


@lru_cache(maxsize=None)
def _generated_text(locale: str) -> str:
    """``build`` rendered, once per process: the red-flag walks take seconds, and the tests ask often."""
    return render(build(locale))


def expected_text(path: Path) -> str:
    """What ``path`` (``<locale>.json``) should contain: the model generated for its locale."""
    return _generated_text(path.stem)


def _display(path: Path) -> str:
    """A path relative to the repository when possible, so messages are short and copyable."""
    try:
        return str(path.relative_to(MODELS_DIR.parent))
    except ValueError:
        return str(path)


def main(command: str, argv: list[str]) -> int:
    """Regenerate (or with ``--check`` verify) the interaction model of every locale."""
    parser = ArgumentParser(
        prog=f"python -m skill {command}",
        description="Write interaction_models/<locale>.json for every locale from the templates and knowledge data.",
    )
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if any file is out of date")
    args = parser.parse_args(argv)

    paths = [model_path(locale) for locale in LOCALES]
    stale: list[Path] = []
    for path in paths:
        text = expected_text(path)
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"updated {_display(path)}")
    extra = [path for path in model_files(MODELS_DIR) if path.stem not in LOCALES]
    for path in extra:
        print(f"{_display(path)} is for a locale the skill does not serve (no locale.toml): remove it",
              file=sys.stderr)
    if args.check and stale:
        for path in stale:
            print(
                f"{_display(path)} is out of date with the templates or knowledge data: run `make models`",
                file=sys.stderr,
            )
        return 1
    if not stale:
        print(f"{len(paths)} interaction model(s) up to date")
    return 1 if extra else 0
