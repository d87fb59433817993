"""Files and responses of any shape get problems, never a crash: each node of a valid example is
replaced in turn by values of every JSON type, and the linter must report only catalogued rules."""
from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from skill.lint.catalog import RULES
from skill.lint.responses import check_response
from skill.lint.runner import Target, lint_targets

CASES = Path(__file__).parent / "cases"
REPLACEMENTS: tuple[Any, ...] = (None, 7, "", "x{", [], {}, [None], {"a": None}, True)


def _paths(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, path + (index,))


def _replaced(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return copy.deepcopy(value)
    changed = copy.deepcopy(document)
    parent = changed
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = copy.deepcopy(value)
    return changed


def _variants(document: Any) -> Iterator[Any]:
    for path in _paths(document):
        for value in REPLACEMENTS:
            yield _replaced(document, path, value)


@pytest.mark.parametrize("case", ["manifest-unchecked/pass"])
def test_every_broken_model_or_manifest_gets_catalogued_problems(case: str, tmp_path: Path) -> None:
    folder = CASES / case
    model = json.loads((folder / "en-US.json").read_text(encoding="utf-8"))
    manifest = json.loads((folder / "skill.json").read_text(encoding="utf-8"))
    checked = 0
    for broken_model, broken_manifest in [(v, manifest) for v in _variants(model)] + \
                                         [(model, v) for v in _variants(manifest)]:
        (tmp_path / "en-US.json").write_text(json.dumps(broken_model), encoding="utf-8")
        (tmp_path / "skill.json").write_text(json.dumps(broken_manifest), encoding="utf-8")
        found = lint_targets([Target(tmp_path / name, name, explicit=True) for name in ("en-US.json", "skill.json")])
        assert {p.rule for p in found} <= set(RULES)
        checked += 1
    assert checked > 500  # every node of both files, times every replacement


def test_every_broken_response_gets_catalogued_problems() -> None:
    case = json.loads((CASES / "card-length" / "pass" / "response.json").read_text(encoding="utf-8"))
    envelope = case["envelope"]
    envelope["response"]["reprompt"] = {"outputSpeech": {"type": "PlainText", "text": "More?"}}
    for variant in _variants(envelope):
        for request_type in ("IntentRequest", "SessionEndedRequest", None):
            assert {p.rule for p in check_response(variant, request_type)} <= set(RULES)


def test_a_file_that_is_not_utf8_json_is_reported(tmp_path: Path) -> None:
    for name, raw in (("latin.json", '{"a": "caf\xe9"}'.encode("latin-1")), ("cut.json", b'{"interactionModel": ')):
        (tmp_path / name).write_bytes(raw)
        found = lint_targets([Target(tmp_path / name, name, explicit=True)])
        assert [(p.file, p.rule) for p in found] == [(name, "json-invalid")]
