"""Every rule in the catalog has a failing and a passing example under ``cases/<rule-id>/{fail,pass}/``.

A case folder holds the files linted together: models (``en-US.json``...), a manifest (``skill.json``),
or a response (``response.json``: ``{"requestType": ..., "envelope": ...}``). ``_rulebook.json``, when
present, lowers a limit so that size rules are tested without megabyte fixtures.
The failing example must raise its rule (and only the companions listed below); the passing one
must be clean of every rule, so it also guards against false positives.
"""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from skill.lint.catalog import RULES
from skill.lint.problems import Problem
from skill.lint.responses import check_response
from skill.lint.rulebook import Rulebook, load_rulebook
from skill.lint.runner import Target, lint_targets

CASES = Path(__file__).parent / "cases"

# A few rules cannot fire alone: a slot type only one locale has is also unused there.
COMPANIONS: dict[str, set[str]] = {
    "locale-slot-types": {"slot-type-unused"},
}


def _rulebook(folder: Path) -> Rulebook:
    rulebook = load_rulebook()
    override = folder / "_rulebook.json"
    if not override.exists():
        return rulebook
    changes = {}
    for section, values in json.loads(override.read_text(encoding="utf-8")).items():
        changes[section] = dataclasses.replace(getattr(rulebook, section), **values)
    return dataclasses.replace(rulebook, **changes)


def _lint_folder(folder: Path) -> list[Problem]:
    rulebook = _rulebook(folder)
    files = sorted(p for p in folder.glob("*.json") if not p.name.startswith("_"))
    responses = [p for p in files if p.name.startswith("response")]
    if responses:
        found = []
        for path in responses:
            case = json.loads(path.read_text(encoding="utf-8"))
            found += check_response(case["envelope"], case["requestType"], str(path), rulebook)
        return found
    return lint_targets([Target(p, p.name, explicit=True) for p in files], rulebook)


def test_every_rule_has_a_failing_and_a_passing_case() -> None:
    missing = [f"{rule}/{side}" for rule in RULES for side in ("fail", "pass")
               if not any((CASES / rule / side).glob("*.json"))]
    assert missing == []


def test_every_case_folder_names_a_catalogued_rule() -> None:
    assert sorted(p.name for p in CASES.iterdir() if p.name not in RULES) == []


@pytest.mark.parametrize("rule", sorted(RULES))
def test_failing_case_raises_its_rule(rule: str) -> None:
    found = _lint_folder(CASES / rule / "fail")
    rules_found = {p.rule for p in found}
    assert rule in rules_found, [p.format() for p in found]
    assert rules_found - {rule} - COMPANIONS.get(rule, set()) == set(), [p.format() for p in found]
    assert all(p.severity is RULES[rule].severity for p in found if p.rule == rule)


@pytest.mark.parametrize("rule", sorted(RULES))
def test_passing_case_is_clean(rule: str) -> None:
    found = _lint_folder(CASES / rule / "pass")
    assert [p.format() for p in found] == []
