"""``python -m skill lint``: output format, exit status, default files, folders and bad input."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from skill.lint.catalog import RULES
from skill.lint.cli import main

CASES = Path(__file__).parent / "cases"
REPO = Path(__file__).resolve().parents[2]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], str]:
    status = main("lint", list(argv))
    out, err = capsys.readouterr()
    return status, out.splitlines(), err


def test_each_line_is_file_node_rule_severity_message(capsys: pytest.CaptureFixture[str]) -> None:
    path = CASES / "sample-duplicate" / "fail" / "en-US.json"
    status, lines, err = run(capsys, str(path))
    assert status == 1
    assert lines == [
        f"{path}: interactionModel.languageModel.intents[OverviewIntent].samples[0]: sample-duplicate: error: "
        "'what causes cramps' is also in CauseIntent "
        "(interactionModel.languageModel.intents[CauseIntent].samples[3])"
    ]
    assert "1 files, 1 errors, 0 warnings" in err


def test_warnings_pass_unless_strict(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(CASES / "sample-near-duplicate" / "fail" / "en-US.json")
    status, lines, _ = run(capsys, path)
    assert status == 0 and len(lines) == 1 and ": sample-near-duplicate: warning: " in lines[0]
    status, _, _ = run(capsys, "--strict", path)
    assert status == 1


def test_clean_files_print_nothing_and_pass(capsys: pytest.CaptureFixture[str]) -> None:
    folder = CASES / "manifest-endpoint" / "pass"
    status, lines, err = run(capsys, str(folder / "en-US.json"), str(folder / "skill.json"))
    assert (status, lines) == (0, [])
    assert "2 files, 0 errors, 0 warnings" in err


def test_a_folder_is_searched_and_unrelated_json_in_it_is_skipped(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    package = tmp_path / "skill-package"
    shutil.copytree(CASES / "locale-slot-values" / "fail", package / "interactionModels" / "custom")
    (tmp_path / "ask-resources.json").write_text(json.dumps({"askcliResourcesVersion": "2020-03-31"}))
    status, lines, _ = run(capsys, str(tmp_path))
    assert status == 1
    assert [line.split(": ")[2] for line in lines] == ["locale-slot-values"]
    assert lines[0].startswith(str(package / "interactionModels" / "custom" / "en-US.json"))


def test_a_named_file_that_is_neither_model_nor_manifest_is_an_error(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "ask-resources.json"
    other.write_text("{}")
    status, lines, _ = run(capsys, str(other))
    assert status == 1 and lines == [f"{other}: $: document-kind: error: expected an interaction model "
                                     "(interactionModel) or a skill manifest (manifest)"]


def test_a_missing_path_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, lines, err = run(capsys, str(tmp_path / "nope.json"))
    assert (status, lines) == (2, [])
    assert "no such file or folder" in err and "nope.json" in err


def test_without_paths_it_checks_the_models_folder_and_the_manifest(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "interaction_models").mkdir()
    (tmp_path / "skill-package").mkdir()
    case = CASES / "manifest-example-phrase-match" / "fail"
    shutil.copy(case / "en-US.json", tmp_path / "interaction_models" / "en-US.json")
    shutil.copy(case / "skill.json", tmp_path / "skill-package" / "skill.json")
    monkeypatch.chdir(tmp_path)
    status, lines, err = run(capsys)
    assert status == 1
    assert lines == ["skill-package/skill.json: manifest.publishingInformation.locales.en-US.examplePhrases[1]: "
                     "manifest-example-phrase-match: error: the request in "
                     "'Alexa, ask cramp helper what causes headaches' matches no sample utterance"]
    assert "2 files" in err


def test_rules_lists_every_catalogued_rule(capsys: pytest.CaptureFixture[str]) -> None:
    status, lines, _ = run(capsys, "--rules")
    assert status == 0
    assert [line.split(": ")[0] for line in lines] == list(RULES)


def test_runs_as_a_skill_command() -> None:
    completed = subprocess.run([sys.executable, "-m", "skill", "lint", str(CASES / "invocation-name-words" / "fail")],
                               cwd=REPO, capture_output=True, text=True, timeout=60)
    assert completed.returncode == 1
    assert ": invocation-name-words: error: 'cramps' has one word" in completed.stdout
