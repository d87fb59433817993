"""Rules for one locale's interaction model: what the cloud build or certification would reject."""
from __future__ import annotations

import re

from skill.lint import utterances
from skill.lint.catalog import problem
from skill.lint.documents import MODEL_ROOT, Intent, Model
from skill.lint.invocation import check_invocation_name
from skill.lint.problems import Problem
from skill.lint.rulebook import ModelRules, Rulebook

# SMAPI's InvalidIntentName / InvalidSlotTypeName: begin with a letter, then letters or underscores.
CUSTOM_NAME = re.compile(r"^[A-Za-z][A-Za-z_]*$")
BUILTIN_NAME = re.compile(r"^AMAZON\.[A-Za-z][A-Za-z_]*$")


def _valid_name(name: str) -> bool:
    return bool(CUSTOM_NAME.match(name) or BUILTIN_NAME.match(name))


def check_model(model: Model, rulebook: Rulebook) -> list[Problem]:
    rules = rulebook.model
    found = check_invocation_name(model.file, f"{MODEL_ROOT}.invocationName", model.invocation_name,
                                  rulebook.invocation_name)
    found += _size_and_counts(model, rules)
    found += _intents(model, rules)
    for intent in model.intents:
        found += _samples_of(model, intent, rules)
        found += _slots_of(model, intent)
    found += _duplicate_samples(model)
    found += _near_duplicate_samples(model, rules)
    found += _slot_types(model, rules)
    return found


def _size_and_counts(model: Model, rules: ModelRules) -> list[Problem]:
    found = []
    if model.size_bytes > rules.max_model_bytes:
        found.append(problem(model.file, "$", "model-size",
                             f"{model.size_bytes} bytes; the limit is {rules.max_model_bytes}"))
    if len(model.intents) > rules.max_intents:
        found.append(problem(model.file, f"{MODEL_ROOT}.intents", "intent-count",
                             f"{len(model.intents)} intents; the limit is {rules.max_intents}"))
    if model.has_fallback_level and not (isinstance(model.fallback_level, str)
                                         and model.fallback_level in rules.fallback_levels):
        found.append(problem(model.file, f"{MODEL_ROOT}.modelConfiguration.fallbackIntentSensitivity.level",
                             "fallback-sensitivity-level",
                             f"{model.fallback_level!r} is not one of {', '.join(sorted(rules.fallback_levels))}"))
    return found


def _intents(model: Model, rules: ModelRules) -> list[Problem]:
    found = []
    seen: set[str] = set()
    for intent in model.intents:
        if intent.name in seen:
            found.append(problem(model.file, intent.node, "intent-name-duplicate", f"{intent.name} is declared twice"))
        seen.add(intent.name)
        if not _valid_name(intent.name):
            found.append(problem(model.file, intent.node, "intent-name-characters",
                                 f"'{intent.name}': begin with a letter and use letters and underscores only "
                                 "(no digits: spell numbers out)"))
        if not intent.is_builtin and len(intent.samples) < rules.min_samples_per_custom_intent:
            found.append(problem(model.file, intent.node, "intent-samples-few",
                                 f"{len(intent.samples)} samples; give at least {rules.min_samples_per_custom_intent} "
                                 "varied phrasings"))
    intents_node = f"{MODEL_ROOT}.intents"
    for name in rules.required_intents:
        if name not in seen:
            found.append(problem(model.file, intents_node, "required-intent-missing", f"add {name}"))
    for name in rules.expected_intents:
        if name not in seen:
            found.append(problem(model.file, intents_node, "fallback-intent-missing",
                                 f"add {name} so that out-of-domain requests do not land on a real intent"))
    return found


def _sample_text_problems(model: Model, intent: Intent, node: str, sample: str, rules: ModelRules) -> list[Problem]:
    """Characters, digits and slot references of one sample (intent-level or slot elicitation)."""
    found = []
    malformed = utterances.malformed_slot_refs(sample)
    if malformed:
        found.append(problem(model.file, node, "sample-slot-syntax",
                             f"'{sample}': malformed slot reference {' '.join(malformed)}; write {{slotName}}"))
    words = utterances.without_slot_refs(sample)
    bad = sorted({ch for ch in words if not (ch.isalpha() or ch.isspace() or ch.isdigit() or ch in "{}"
                                            or ch in rules.sample_punctuation)})
    if not sample.strip():
        found.append(problem(model.file, node, "sample-characters", "empty sample"))
    elif bad:
        found.append(problem(model.file, node, "sample-characters",
                             f"'{sample}': remove {' '.join(repr(ch) for ch in bad)}"))
    if any(ch.isdigit() for ch in words):
        found.append(problem(model.file, node, "sample-digits", f"'{sample}': spell numbers out"))
    declared = {slot.name for slot in intent.slots}
    for name in utterances.slot_refs(sample):
        if utterances.SLOT_NAME.match(name) and name not in declared:
            near = [d for d in declared if d.lower() == name.lower()]
            hint = f" (did you mean {{{near[0]}}}? slot names are case-sensitive)" if near else ""
            found.append(problem(model.file, node, "sample-slot-undeclared",
                                 f"'{sample}': {intent.name} declares no slot {{{name}}}{hint}"))
    return found


def _samples_of(model: Model, intent: Intent, rules: ModelRules) -> list[Problem]:
    found = []
    for node, sample in intent.samples:
        found += _sample_text_problems(model, intent, node, sample, rules)
    for slot in intent.slots:
        for node, sample in slot.samples:
            found += _sample_text_problems(model, intent, node, sample, rules)
    return found


def _slots_of(model: Model, intent: Intent) -> list[Problem]:
    found = []
    seen: set[str] = set()
    used = {name for _, sample in intent.samples for name in utterances.slot_refs(sample)}
    for slot in intent.slots:
        if slot.name in seen:
            found.append(problem(model.file, slot.node, "slot-name-duplicate",
                                 f"{intent.name} declares slot {slot.name} twice"))
        seen.add(slot.name)
        if slot.name not in used and not slot.samples:
            found.append(problem(model.file, slot.node, "slot-unused",
                                 f"no sample of {intent.name} says {{{slot.name}}}, so Alexa can never fill it"))
        if not slot.type.startswith("AMAZON.") and model.slot_type(slot.type) is None:
            found.append(problem(model.file, f"{slot.node}.type", "slot-type-undeclared",
                                 f"slot type {slot.type} is not declared in languageModel.types"))
    return found


def _duplicate_samples(model: Model) -> list[Problem]:
    """Exact duplicates after normalising: within an intent they are noise, across intents a conflict."""
    first: dict[str, tuple[str, str]] = {}
    found = []
    for intent in model.intents:
        for node, sample in intent.samples:
            key = utterances.normalise(sample)
            if not key:
                continue
            if key in first:
                other_intent, other_node = first[key]
                where = "again in the same intent" if other_intent == intent.name else f"also in {other_intent}"
                found.append(problem(model.file, node, "sample-duplicate",
                                     f"'{sample}' is {where} ({other_node})"))
            else:
                first[key] = (intent.name, node)
    return found


def _near_duplicate_samples(model: Model, rules: ModelRules) -> list[Problem]:
    """Pairs across intents that Alexa may route either way; a warning, since some are intended."""
    entries = [(intent.name, node, sample, tokens, utterances.word_bag(tokens, rules.filler_words))
               for intent in model.intents for node, sample in intent.samples
               for tokens in [utterances.tokens(sample)]]
    found = []
    reported: set[str] = set()
    for i, (intent_a, node_a, sample_a, tokens_a, bag_a) in enumerate(entries):
        for intent_b, node_b, sample_b, tokens_b, bag_b in entries[i + 1:]:
            if intent_a == intent_b or tokens_a == tokens_b or node_b in reported:
                continue  # same intent is harmless; identical ones are sample-duplicate errors
            if utterances.near_duplicate(tokens_a, tokens_b, rules.filler_words, rules.near_duplicate_ratio,
                                         bags=(bag_a, bag_b)):
                reported.add(node_b)
                found.append(problem(model.file, node_b, "sample-near-duplicate",
                                     f"'{sample_b}' ({intent_b}) is close to '{sample_a}' ({intent_a} {node_a})"))
    return found


def _slot_types(model: Model, rules: ModelRules) -> list[Problem]:
    found = []
    used_types = {slot.type for intent in model.intents for slot in intent.slots}
    for slot_type in model.types:
        if not _valid_name(slot_type.name):
            found.append(problem(model.file, slot_type.node, "slot-type-name-characters",
                                 f"'{slot_type.name}': begin with a letter and use letters and underscores only"))
        if slot_type.name not in used_types:
            found.append(problem(model.file, slot_type.node, "slot-type-unused",
                                 f"no slot uses type {slot_type.name}"))
        owners: dict[str, str] = {}
        ids: dict[str, str] = {}
        for value in slot_type.values:
            if value.id:
                if value.id in ids:
                    found.append(problem(model.file, value.node, "slot-value-id-duplicate",
                                         f"id {value.id} is also used by {ids[value.id]}"))
                ids.setdefault(value.id, value.node)
            for index, text in enumerate((value.value, *value.synonyms)):
                node = f"{value.node}.name.value" if index == 0 else f"{value.node}.name.synonyms[{index - 1}]"
                if not text.strip() or len(text) > rules.max_slot_value_chars:
                    found.append(problem(model.file, node, "slot-value-length",
                                         f"{len(text)} characters; use 1 to {rules.max_slot_value_chars}"))
                key = utterances.normalise(text)
                if key and key in owners and owners[key] != value.node:
                    found.append(problem(model.file, node, "slot-value-duplicate",
                                         f"'{text}' also belongs to {owners[key]}; Alexa cannot tell which value was meant"))
                owners.setdefault(key, value.node)
    return found
