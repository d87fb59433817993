"""The SAM template: the settings the deployment depends on (cfn-lint checks the schema in CI)."""
from __future__ import annotations

from typing import Any

import pytest
import yaml

import build_lambda

pytestmark = pytest.mark.package  # slow (builds or unpacks the zip): `make package-smoke` runs these, `make test` skips them


class CloudFormationLoader(yaml.SafeLoader):
    """Reads CloudFormation's short-form tags (!Ref, !GetAtt, ...) as {"Ref": ...}-style mappings."""


def _tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    name = "Ref" if suffix == "Ref" else f"Fn::{suffix}"
    if isinstance(node, yaml.ScalarNode):
        return {name: loader.construct_scalar(node)}
    if isinstance(node, yaml.SequenceNode):
        return {name: loader.construct_sequence(node, deep=True)}
    return {name: loader.construct_mapping(node, deep=True)}


CloudFormationLoader.add_multi_constructor("!", _tag)


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    return yaml.load(build_lambda.TEMPLATE.read_text(encoding="utf-8"), Loader=CloudFormationLoader)


@pytest.fixture(scope="module")
def function(template: dict[str, Any]) -> dict[str, Any]:
    functions = [r for r in template["Resources"].values() if r["Type"] == "AWS::Serverless::Function"]
    assert len(functions) == 1
    return functions[0]["Properties"]


def test_function_runs_the_zip_on_a_current_python_on_arm64(function: dict[str, Any]) -> None:
    major, minor = map(int, function["Runtime"].removeprefix("python").split("."))
    assert (major, minor) >= (3, 12)
    assert function["Architectures"] == ["arm64"]
    assert function["Handler"] == "lambda_function.lambda_handler"
    assert function["CodeUri"] == "dist/lambda.zip"


def test_function_answers_before_alexa_gives_up_on_modest_memory(function: dict[str, Any]) -> None:
    assert 1 <= function["Timeout"] < 8
    assert 128 <= function["MemorySize"] <= 512


def test_only_the_skill_may_invoke_it(template: dict[str, Any], function: dict[str, Any]) -> None:
    (event,) = function["Events"].values()
    assert event["Type"] == "AlexaSkill"
    assert event["Properties"]["SkillId"] == {"Ref": "SkillId"}
    assert template["Parameters"]["SkillId"]["Type"] == "String"


def test_logs_are_kept_for_a_limited_time(template: dict[str, Any], function: dict[str, Any]) -> None:
    group = template["Resources"][function["LoggingConfig"]["LogGroup"]["Ref"]]
    assert group["Type"] == "AWS::Logs::LogGroup"
    retention = group["Properties"]["RetentionInDays"]
    days = template["Parameters"][retention["Ref"]]["Default"] if isinstance(retention, dict) else retention
    assert 1 <= days <= 90
