"""The ASK CLI project: the skill.json manifest, the assembled skill package and ask-resources.json."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

import build_lambda
from skill.simulator.model import InteractionModel, load_model

pytestmark = pytest.mark.package  # slow (builds or unpacks the zip): `make package-smoke` runs these, `make test` skips them

ROOT = build_lambda.ROOT
LOCALE = "en-US"
# Words Alexa accepts between the invocation name and the request in a one-shot phrase.
CONNECTORS = ("to", "about", "for", "if", "whether", "that")
LAUNCH_WORDS = ("open", "launch", "start", "begin", "load", "use")


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    return json.loads(build_lambda.MANIFEST_SOURCE.read_text(encoding="utf-8"))["manifest"]


@pytest.fixture(scope="module")
def language_model() -> InteractionModel:
    return load_model(build_lambda.INTERACTION_MODELS / f"{LOCALE}.json")


def sample_patterns(language_model: InteractionModel) -> list[re.Pattern[str]]:
    """Every sample utterance as a regex; a custom slot matches its values and synonyms."""
    slot_words = {
        name: sorted({word for value in values for word in value.spoken_forms}, key=len, reverse=True)
        for name, values in language_model.slot_types.items()
    }
    patterns = []
    for intent in language_model.intents:
        slot_types = intent.slots
        for sample in intent.samples:
            def slot(match: re.Match[str]) -> str:
                words = slot_words.get(slot_types[match.group(1)])
                return "(?:" + "|".join(map(re.escape, words)) + ")" if words else ".+"
            patterns.append(re.compile(re.sub(r"\\\{(\w+)\\\}", slot, re.escape(sample.lower())) + "$"))
    return patterns


def heard(phrase: str) -> str:
    """What Alexa hears of a written example phrase: no wake word, no punctuation, lower case."""
    words = re.sub(r"^alexa,?\s+", "", phrase.strip().lower())
    return re.sub(r"[,?!]|\.$", "", words).strip()


def test_example_phrases_are_modelled_utterances(manifest: dict[str, Any], language_model: InteractionModel) -> None:
    invocation = language_model.invocation_name
    phrases = manifest["publishingInformation"]["locales"][LOCALE]["examplePhrases"]
    assert 1 <= len(phrases) <= 3
    assert heard(phrases[0]) in {f"{word} {invocation}" for word in LAUNCH_WORDS}
    patterns = sample_patterns(language_model)
    for phrase in phrases:
        assert phrase.startswith("Alexa, "), phrase
        request = heard(phrase)
        if request in {f"{word} {invocation}" for word in LAUNCH_WORDS}:
            continue
        one_shot = re.match(rf"^(?:ask|tell) {re.escape(invocation)} (.+)$", request)
        assert one_shot, phrase
        rest = one_shot.group(1)
        candidates = {rest} | {rest.removeprefix(f"{word} ") for word in CONNECTORS}
        assert any(pattern.match(candidate) for pattern in patterns for candidate in candidates), phrase


def test_store_listing_carries_the_health_disclaimer(manifest: dict[str, Any]) -> None:
    from skill.content import load_locale

    for locale, listing in manifest["publishingInformation"]["locales"].items():
        description = " ".join(listing["description"].lower().split())
        for part in ("general information for education only",
                     "not a substitute for professional medical advice, diagnosis or treatment",
                     "in an emergency, call "):  # each listing names its own locale's number
            assert part in description, locale
        assert load_locale(locale).emergency_written in description.partition("in an emergency, call ")[2], locale
        assert listing["name"] == "Leg Cramp Helper"
        assert len(listing["summary"]) <= 160 and len(listing["description"]) <= 4000
        assert listing["keywords"]
    assert manifest["publishingInformation"]["category"] == "HEALTH_AND_FITNESS"


def test_privacy_and_compliance(manifest: dict[str, Any]) -> None:
    privacy = manifest["privacyAndCompliance"]
    assert privacy["allowsPurchases"] is False
    assert privacy["usesPersonalInfo"] is False
    assert privacy["isChildDirected"] is False
    assert privacy["isExportCompliant"] is True
    assert privacy["containsAds"] is False
    assert privacy["locales"][LOCALE]["privacyPolicyUrl"].startswith("https://")


def test_source_manifest_holds_the_endpoint_placeholder(manifest: dict[str, Any]) -> None:
    assert manifest["apis"]["custom"]["endpoint"]["uri"] == build_lambda.ENDPOINT_PLACEHOLDER


def test_skill_package_gets_the_given_endpoint_and_every_model(tmp_path: Path) -> None:
    arn = "arn:aws:lambda:us-east-1:123456789012:function:leg-cramp-helper"
    package = build_lambda.assemble_skill_package(tmp_path / "skill-package", arn)
    built = json.loads((package / "skill.json").read_text(encoding="utf-8"))["manifest"]
    assert built["apis"]["custom"]["endpoint"]["uri"] == arn
    model = package / "interactionModels" / "custom" / f"{LOCALE}.json"
    assert model.read_bytes() == (build_lambda.INTERACTION_MODELS / f"{LOCALE}.json").read_bytes()


def test_skill_package_without_endpoint_leaves_it_to_the_ask_cli(tmp_path: Path) -> None:
    package = build_lambda.assemble_skill_package(tmp_path / "skill-package")
    built = json.loads((package / "skill.json").read_text(encoding="utf-8"))["manifest"]
    assert "endpoint" not in built["apis"]["custom"]


def test_skill_package_refuses_what_is_not_a_lambda_arn(tmp_path: Path) -> None:
    with pytest.raises(build_lambda.BuildError):
        build_lambda.assemble_skill_package(tmp_path / "skill-package", "https://example.com/alexa")


def test_ask_resources_point_at_the_build_and_match_the_template() -> None:
    resources = json.loads((ROOT / "ask-resources.json").read_text(encoding="utf-8"))["profiles"]["default"]
    assert (ROOT / resources["skillMetadata"]["src"]).resolve() == build_lambda.BUILD / "skill-package"
    assert (ROOT / resources["code"]["default"]["src"]).resolve() == build_lambda.BUILD / "stage" / "lambda"
    config = resources["skillInfrastructure"]["userConfig"]
    assert config["runtime"] == f"python{build_lambda.template_runtime_version()}"
    assert config["handler"] == "lambda_function.lambda_handler"
    assert int(config["lambda"]["timeout"]) < 8
    hook = ROOT / "hooks" / "build.sh"
    assert os.access(hook, os.X_OK)


def test_icons_named_in_the_manifest_ship_in_the_skill_package_at_store_sizes(
        manifest: dict[str, Any], tmp_path: Path) -> None:
    package = build_lambda.assemble_skill_package(tmp_path / "skill-package")
    listing = manifest["publishingInformation"]["locales"][LOCALE]
    for field, size in (("smallIconUri", 108), ("largeIconUri", 512)):
        uri = listing[field]
        assert uri.startswith("file://assets/"), uri
        data = (package / uri.removeprefix("file://")).read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR"
        assert (int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")) == (size, size)
