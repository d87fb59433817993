"""The built zip answers from an empty directory in a fresh isolated interpreter, as on AWS Lambda."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

import build_lambda
import lambda_harness
from skill.knowledge import load_knowledge
from skill.speech.ssml import to_plain

pytestmark = pytest.mark.package  # slow (builds or unpacks the zip): `make package-smoke` runs these, `make test` skips them

EVENTS = [lambda_harness.launch_request(), lambda_harness.intent_request("CausesOverviewIntent")]


def spoken(response: dict[str, Any], part: str = "outputSpeech") -> str:
    """The words of an SSML answer, tags dropped and entities decoded."""
    holder = response["response"] if part == "outputSpeech" else response["response"]["reprompt"]
    return to_plain(holder["outputSpeech"]["ssml"])


@pytest.fixture(scope="module")
def packaged(unpacked: Path, runtime: build_lambda.Runtime) -> tuple[dict[str, Any], ...]:
    """Launch, then one question, through the packaged handler with the session carried over."""
    return lambda_harness.invoke(unpacked, EVENTS, python=runtime.interpreter, carry_session=True).responses


@pytest.fixture(scope="module")
def from_source() -> tuple[dict[str, Any], ...]:
    """The same turns through lambda/lambda_function.py in this interpreter, from the source tree."""
    spec = importlib.util.spec_from_file_location("source_lambda_function", build_lambda.SKILL_ENTRY)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    responses, attributes = [], {}
    for turn, template in enumerate(EVENTS):
        event = json.loads(json.dumps(template))
        event["session"].update(new=turn == 0, attributes=attributes)
        response = module.lambda_handler(event, None)
        attributes = dict(response.get("sessionAttributes") or {})
        responses.append(response)
    return tuple(responses)


def test_launch_welcomes_by_name_and_waits_for_a_question(packaged: tuple[dict[str, Any], ...]) -> None:
    manifest = json.loads(build_lambda.MANIFEST_SOURCE.read_text(encoding="utf-8"))
    name = manifest["manifest"]["publishingInformation"]["locales"]["en-US"]["name"]
    launch = packaged[0]
    assert name in spoken(launch)
    assert spoken(launch).endswith("?")
    assert launch["response"]["shouldEndSession"] is False
    assert spoken(launch, "reprompt").endswith("?")


def test_causes_question_gets_the_causes_overview_from_the_knowledge_data(
        packaged: tuple[dict[str, Any], ...]) -> None:
    overview = load_knowledge("en-US").topic("causes_overview")
    answer = packaged[1]
    assert overview.answer.short in spoken(answer)
    assert answer["response"]["card"]["title"] == overview.title
    assert answer["response"]["shouldEndSession"] is False
    assert spoken(answer).endswith("?")


def test_package_answers_exactly_as_the_source_tree_does(
        packaged: tuple[dict[str, Any], ...], from_source: tuple[dict[str, Any], ...]) -> None:
    """Nothing the answers depend on was left out of the zip (userAgent names the Python version)."""
    strip = lambda response: {key: value for key, value in response.items() if key != "userAgent"}  # noqa: E731
    assert [strip(r) for r in packaged] == [strip(r) for r in from_source]


DATA_FILES = ["skill/content/en/knowledge/causes.toml", "skill/content/en/knowledge/sources.toml",
              "skill/content/rules.toml", "skill/content/en/checklist.toml", "skill/content/en-US/checklist.toml",
              "skill/content/en/prompts.toml", "skill/content/en-US/locale.toml"]


@pytest.mark.parametrize("damage", ["syntax", "content"])
@pytest.mark.parametrize("data_file", DATA_FILES)
def test_a_bad_data_file_is_never_zipped(unpacked: Path, runtime: build_lambda.Runtime,
                                         tmp_path: Path, data_file: str, damage: str) -> None:
    """The build checks the staged package's content in the function's own interpreter before zipping
    it, so a bad edit fails the build (naming the file), never a user's request."""
    import shutil

    copy = tmp_path / "task"
    shutil.copytree(unpacked, copy)
    target = copy / data_file
    if damage == "syntax":
        target.write_text(target.read_text(encoding="utf-8") + "\n[[[ not toml\n", encoding="utf-8")
    else:  # valid TOML that the loader must refuse: every table emptied of its keys
        target.write_text("[broken]\nunexpected = 1\n", encoding="utf-8")
    with pytest.raises(build_lambda.BuildError, match="nothing was zipped") as failed:
        build_lambda.check_content(copy, runtime)
    assert Path(data_file).name in str(failed.value) or Path(data_file).parent.name in str(failed.value), \
        str(failed.value)[-2000:]


def test_the_undamaged_copy_passes_the_check_and_answers(unpacked: Path, runtime: build_lambda.Runtime,
                                                        tmp_path: Path) -> None:
    """The control for the test above: the same copy, undamaged, passes the check, imports and answers."""
    import shutil

    copy = tmp_path / "task"
    shutil.copytree(unpacked, copy)
    build_lambda.check_content(copy, runtime)
    assert lambda_harness.invoke(copy, EVENTS[:1], python=runtime.interpreter).responses[0]["response"]
