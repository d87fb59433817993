"""The interaction models: generated slot types are current, and the samples follow the certification rules.

Rules come from shared research (alexa-certification.md). A broader offline linter lives in
``skill.lint``; these tests pin what the model itself must hold.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from skill import models
from skill.checklist.rules import load_rules
from skill.content import LOCALES
from skill.dialogue.step import red_flag_id
from skill.invocation_phrases import load_invocation_phrases
from skill.knowledge import load_knowledge
from skill.lint.documents import Document, Intent, Model, parse_model, read_document

MODEL_PATHS = models.model_files(models.MODELS_DIR)

# Handlers are wired to these names; renaming one breaks routing silently.
CUSTOM_INTENTS = {
    "CausesOverviewIntent", "CauseIntent", "TopicIntent", "BTwelveSymptomsIntent", "BTwelveRoleIntent",
    "BTwelveExcessIntent", "BTwelveInjectionsIntent", "TreatmentIntent", "PreventionIntent",
    "DuringCrampIntent", "BTwelveFoodsIntent", "RestlessLegsIntent", "SeeDoctorIntent",
    "CompareCausesIntent", "RemedyIntent", "SourceIntent", "TellMeMoreIntent", "CheckSymptomsIntent",
    "NotSureIntent", "WhyAskIntent",
    # One per warning sign in the revised research (shared/research/medical-facts.md, 2026-11-30); the
    # handler reads the red flag id back from the name (RedFlagLegClotIntent -> leg_clot).
    "RedFlagChestIntent", "RedFlagStrokeIntent", "RedFlagColdLegIntent", "RedFlagInjuryPainIntent",
    "RedFlagBackNumbnessIntent", "RedFlagTetanusIntent", "RedFlagLittlePeeIntent", "RedFlagHeatstrokeIntent",
    "RedFlagHeartDizzyIntent", "RedFlagInjectionHeartbeatIntent", "RedFlagLegClotIntent", "RedFlagLongCrampIntent",
    "RedFlagDarkUrineIntent", "RedFlagFluidLossIntent", "RedFlagInjectionCrampsIntent", "RedFlagRacingHeartIntent",
    "RedFlagDirtyWoundIntent", "RedFlagToxicIntent", "RedFlagPreEclampsiaIntent", "RedFlagRestPainIntent",
}
BUILT_IN_INTENTS = {
    f"AMAZON.{name}Intent"
    for name in (
        "Help", "Stop", "Cancel", "Fallback", "NavigateHome", "Repeat", "StartOver",
        "Yes", "No", "Previous", "Next",
    )
}
MIN_SAMPLES = 15
SLOT_REFERENCE = re.compile(r"\{([^{}]*)\}")
WORD = re.compile(r"^(?:[a-z]+(?:'[a-z]+)?|[a-z]'|(?:[a-z]\.)+)$")  # words, possessives, "r. l. s."
# Amazon's lists (skill/invocation_phrases.toml, shared with the simulator and the linter).
LAUNCH_WORDS = set(load_invocation_phrases().name_forbidden_launch_words)
WAKE_WORDS = set(load_invocation_phrases().wake_words)


def language_model(path: Path) -> Model:
    """The model as the project's one reader sees it; a structure problem fails the test."""
    document = read_document(path, path.name)
    assert isinstance(document, Document), document
    model, problems = parse_model(document)
    assert not problems, problems
    return model


def normalise(sample: str) -> str:
    """How Alexa compares samples: case and spacing do not matter."""
    return " ".join(sample.lower().split())


def slot_names(intent: Intent) -> set[str]:
    return {slot.name for slot in intent.slots}


def samples(intent: Intent) -> list[str]:
    return [text for _, text in intent.samples]


def custom_intents(path: Path) -> list[Intent]:
    return [i for i in language_model(path).intents if not i.is_builtin]


def all_samples(path: Path) -> list[tuple[str, str]]:
    """(intent name, sample) for every sample in the model, built-ins included."""
    return [(i.name, s) for i in language_model(path).intents for s in samples(i)]


def spoken_forms(language: Model) -> dict[str, list[str]]:
    """Slot type name -> every value and synonym Alexa was given for it."""
    return {slot_type.name: [form for value in slot_type.values for form in (value.value, *value.synonyms)]
            for slot_type in language.types}


def test_there_is_an_en_us_model() -> None:
    assert models.MODELS_DIR / "en-US.json" in MODEL_PATHS


@pytest.mark.parametrize("path", MODEL_PATHS, ids=lambda p: p.name)
def test_committed_model_is_generated_from_the_knowledge_data(path: Path) -> None:
    assert path.read_text(encoding="utf-8") == models.expected_text(path), (
        f"{path.name} is out of date with the knowledge data: run `make models`"
    )


@pytest.mark.parametrize("path", MODEL_PATHS, ids=lambda p: p.name)
def test_slot_types_carry_every_cause_and_topic(path: Path) -> None:
    kb = load_knowledge(path.stem)
    types = {t.name: t.values for t in language_model(path).types}
    remedies = tuple(topic for topic in kb.topics if topic.remedy)
    for type_name, entries in (("CAUSE", kb.causes), ("TOPIC", (*kb.topics, *kb.causes)), ("REMEDY", remedies)):
        by_id = {value.id: value for value in types[type_name]}
        assert list(by_id) == [entry.id for entry in entries]
        for entry in entries:
            # a remedy's REMEDY-only names ("b twelve tablets", also a cause's name) follow its own names, and
            # a cause's CAUSE-only names ("pernicious anaemia", also a topic's name) follow its own
            extra = {"REMEDY": getattr(entry, "remedy_names", ()), "CAUSE": getattr(entry, "cause_names", ())}.get(type_name, ())
            assert by_id[entry.id].value == entry.names[0]
            assert list(by_id[entry.id].synonyms) == [*entry.names[1:], *extra]


def test_check_reports_a_stale_model_and_regeneration_fixes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    generated = models.expected_text(models.MODELS_DIR / "en-US.json")
    models_dir = tmp_path / "interaction_models"
    models_dir.mkdir()
    stale_path = models_dir / "en-US.json"
    shutil.copy(models.MODELS_DIR / "en-US.json", stale_path)
    stale = json.loads(stale_path.read_text(encoding="utf-8"))
    stale["interactionModel"]["languageModel"]["types"][0]["values"] = []
    stale_path.write_text(json.dumps(stale), encoding="utf-8")
    monkeypatch.setattr(models, "MODELS_DIR", models_dir)

    stale_text = stale_path.read_text(encoding="utf-8")
    assert models.main("models", ["--check"]) == 1
    message = capsys.readouterr().err
    assert "en-US.json" in message and "make models" in message
    assert stale_path.read_text(encoding="utf-8") == stale_text, "--check must write nothing"

    assert models.main("models", []) == 0
    assert stale_path.read_text(encoding="utf-8") == generated
    assert models.main("models", ["--check"]) == 0


def test_there_is_a_model_for_every_locale_and_no_other() -> None:
    assert sorted(path.stem for path in MODEL_PATHS) == sorted(LOCALES)


@pytest.mark.parametrize("path", MODEL_PATHS, ids=lambda p: p.name)
def test_intents_are_exactly_the_ones_handlers_expect(path: Path) -> None:
    names = [intent.name for intent in language_model(path).intents]
    assert len(names) == len(set(names))
    assert set(names) == CUSTOM_INTENTS | BUILT_IN_INTENTS
    flags = {flag.id for flag in load_rules().red_flags}
    for name in names:
        if name.startswith("RedFlag"):
            assert red_flag_id(name) in flags, f"{name} names no red flag of the checklist rules"


@pytest.mark.parametrize("path", MODEL_PATHS, ids=lambda p: p.name)
def test_every_custom_intent_has_enough_samples(path: Path) -> None:
    short = {i.name: len(i.samples) for i in custom_intents(path) if len(i.samples) < MIN_SAMPLES}
    assert not short, f"fewer than {MIN_SAMPLES} samples: {short}"


@pytest.mark.parametrize("path", MODEL_PATHS, ids=lambda p: p.name)
def test_no_sample_is_repeated_within_or_across_intents(path: Path) -> None:
    owners: dict[str, list[str]] = {}
    for intent_name, sample in all_samples(path):
        # Slot names do not matter to Alexa: "{cause_a}" and "{cause}" are the same carrier phrase.
        owners.setdefault(SLOT_REFERENCE.sub("{}", normalise(sample)), []).append(intent_name)
    repeated = {sample: names for sample, names in owners.items() if len(names) > 1}
    assert not repeated


@pytest.mark.parametrize("path", MODEL_PATHS, ids=lambda p: p.name)
def test_no_slot_sample_filled_with_a_known_value_equals_another_intents_sample(path: Path) -> None:
    """"can {cause} cause cramps" said with any cause must not be another intent's own sample.

    Read backwards, so it scales with thousands of synonyms: each sample without slots is matched against
    each slot sample (a regular expression, its slot places as captures, tried with short and long
    captures so two adjacent places split both ways), and a match counts when every capture is a
    value or synonym of its slot's type."""
    language = language_model(path)
    forms = {slot_type: {normalise(form) for form in values} for slot_type, values in spoken_forms(language).items()}
    plain: dict[str, list[tuple[str, str]]] = {}
    for name, sample in all_samples(path):
        if "{" not in sample:
            said = normalise(sample)
            plain.setdefault(said.split(" ", 1)[0], []).append((name, said))
    clashes = []
    for intent in language.intents:
        slot_type_of = {slot.name: slot.type for slot in intent.slots}
        for sample in samples(intent):
            parts = SLOT_REFERENCE.split(sample)
            if len(parts) == 1:
                continue
            names = parts[1::2]
            literals = [normalise(part) for part in parts[0::2]]
            first = literals[0].split(" ", 1)[0] if literals[0] else None
            candidates = plain.get(first, []) if first else [item for group in plain.values() for item in group]
            for capture in (r"(.+?)", r"(.+)"):
                pieces = [re.escape(literals[0])] if literals[0] else []
                for literal in literals[1:]:
                    pieces += [capture, re.escape(literal)] if literal else [capture]
                pattern = re.compile("^" + " ".join(pieces) + "$")
                for other, said in candidates:
                    match = pattern.match(said)
                    if match and other != intent.name and all(
                            value in forms.get(slot_type_of[name], ()) for name, value in zip(names, match.groups())):
                        clashes.append(f"{intent.name} '{sample}' = {other} '{said}'")
    assert not sorted(set(clashes))


@pytest.mark.parametrize("path", MODEL_PATHS, ids=lambda p: p.name)
def test_slots_are_declared_used_and_typed(path: Path) -> None:
    language = language_model(path)
    declared_types = {t.name for t in language.types}
    for intent in language.intents:
        declared = slot_names(intent)
        used = {name for s in samples(intent) for name in SLOT_REFERENCE.findall(s)}
        assert used <= declared, f"{intent.name} uses undeclared slots {used - declared}"
        assert declared <= used, f"{intent.name} declares slots no sample uses {declared - used}"
        for slot in intent.slots:
            assert slot.type.startswith("AMAZON.") or slot.type in declared_types


@pytest.mark.parametrize("path", MODEL_PATHS, ids=lambda p: p.name)
def test_samples_use_only_allowed_characters(path: Path) -> None:
    bad = []
    for intent_name, sample in all_samples(path):
        words = SLOT_REFERENCE.sub("", sample).split()
        if sample != " ".join(sample.split()) or not all(WORD.match(word) for word in words):
            bad.append(f"{intent_name}: {sample!r}")
    assert not bad, "samples must be lower case letters, spaces, apostrophes, abbreviation periods"


@pytest.mark.parametrize("path", MODEL_PATHS, ids=lambda p: p.name)
def test_samples_are_not_launch_phrases(path: Path) -> None:
    invocation = language_model(path).invocation_name
    assert not [s for _, s in all_samples(path) if invocation in s or set(s.split()) & WAKE_WORDS]


@pytest.mark.parametrize("path", MODEL_PATHS, ids=lambda p: p.name)
def test_invocation_name_passes_the_certification_rules(path: Path) -> None:
    name = language_model(path).invocation_name
    words = name.split()
    assert name == " ".join(words) and len(words) >= 2
    assert all(WORD.match(word) for word in words)
    assert not set(words) & (LAUNCH_WORDS | WAKE_WORDS | {"skill", "app"})
    if len(words) == 2:
        assert not set(words) & {"the", "a", "an", "for", "to", "of"}


@pytest.mark.parametrize("path", MODEL_PATHS, ids=lambda p: p.name)
def test_fallback_sensitivity_is_set(path: Path) -> None:
    level = language_model(path).fallback_level
    assert level in {"LOW", "MEDIUM"}


@pytest.mark.parametrize("path", MODEL_PATHS, ids=lambda p: p.name)
def test_pernicious_anaemia_is_low_b12_as_a_cause_and_lifelong_treatment_as_a_topic(path: Path) -> None:
    """The research lists pernicious anaemia as a common cause of low B12 and as the case where B12
    treatment is lifelong: "can pernicious anaemia cause cramps" is about low B12, "tell me about
    pernicious anaemia" about lifelong treatment."""
    types = {t.name: t.values for t in language_model(path).types}

    def ids_naming(type_name: str, name: str) -> list[str]:
        return [value.id for value in types[type_name] if name in (value.value, *value.synonyms)]

    for name in ("pernicious anaemia", "pernicious anemia"):
        assert ids_naming("CAUSE", name) == ["b12_deficiency"]
        assert ids_naming("TOPIC", name) == ["b12_lifelong"]
