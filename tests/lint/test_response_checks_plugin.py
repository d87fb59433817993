"""The response-checks plugin fails a test that makes the skill produce a bad response, naming the turn.

Runs a small pytest session in a subprocess (so the plugin under test wraps a fresh ``CustomSkill``)
against a throwaway skill whose intents return good or deliberately bad responses.
"""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

INNER_TESTS = '''
import pytest
from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.skill_builder import SkillBuilder

SPEECH = {
    "GoodIntent": ("Goodbye.", True),
    "AmpersandIntent": ("Salt & water.", True),
    "UnsetIntent": ("Cramps are common.", None),
}


class Handler(AbstractRequestHandler):
    def can_handle(self, handler_input):
        return True

    def handle(self, handler_input):
        speech, end = SPEECH[handler_input.request_envelope.request.intent.name]
        builder = handler_input.response_builder.speak(speech)
        if end is not None:
            builder.set_should_end_session(end)
        return builder.response


builder = SkillBuilder()
builder.add_request_handler(Handler())
handler = builder.lambda_handler()


def ask(intent):
    return handler({
        "version": "1.0",
        "session": {"new": False, "sessionId": "s", "application": {"applicationId": "a"}, "user": {"userId": "u"}},
        "context": {"System": {"application": {"applicationId": "a"}, "user": {"userId": "u"}}},
        "request": {"type": "IntentRequest", "requestId": "r", "timestamp": "2024-01-01T00:00:00Z",
                    "locale": "en-US", "intent": {"name": intent, "confirmationStatus": "NONE"}},
    }, None)


def test_good():
    assert ask("GoodIntent")["response"]["shouldEndSession"] is True


def test_bad_second_turn():
    ask("GoodIntent")
    ask("AmpersandIntent")


@pytest.mark.skip_response_checks
def test_opted_out():
    ask("AmpersandIntent")


@pytest.mark.skip_response_checks("session-end-explicit")
def test_opted_out_of_one_rule():
    ask("UnsetIntent")


@pytest.mark.skip_response_checks("ssml-root")
def test_opted_out_of_another_rule():
    ask("UnsetIntent")


@pytest.fixture
def launched():
    ask("AmpersandIntent")


def test_bad_in_fixture(launched):
    pass


def test_fails_anyway():
    ask("AmpersandIntent")
    assert False, "own failure"
'''


@pytest.fixture
def outcome(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.RunResult:
    monkeypatch.setenv("PYTHONPATH", str(REPO))
    pytester.makeconftest('pytest_plugins = ["tests.response_checks"]\n')
    pytester.makepyfile(test_inner=INNER_TESTS)
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", "-rA")


def test_good_and_opted_out_tests_pass(outcome: pytest.RunResult) -> None:
    outcome.stdout.fnmatch_lines([
        "PASSED test_inner.py::test_good",
        "PASSED test_inner.py::test_opted_out",
        "PASSED test_inner.py::test_opted_out_of_one_rule",
    ])


def test_bad_response_fails_its_test_naming_the_turn(outcome: pytest.RunResult) -> None:
    outcome.stdout.fnmatch_lines([
        "*test_inner.py::test_bad_second_turn: the skill produced 1 response problem(s):*",
        "*turn 2 (IntentRequest AmpersandIntent): response.outputSpeech.ssml: ssml-well-formed: *",
    ])


def test_opting_out_of_one_rule_keeps_the_others(outcome: pytest.RunResult) -> None:
    outcome.stdout.fnmatch_lines([
        "*test_inner.py::test_opted_out_of_another_rule: the skill produced 1 response problem(s):*",
        "*turn 1 (IntentRequest UnsetIntent): response.shouldEndSession: session-end-explicit: *",
    ])


def test_responses_from_fixtures_count_and_own_failures_keep_their_message(outcome: pytest.RunResult) -> None:
    outcome.stdout.fnmatch_lines(["*test_inner.py::test_bad_in_fixture: the skill produced 1 response problem(s):*"])
    outcome.stdout.fnmatch_lines(["*AssertionError: own failure*", "*response checks*", "*ssml-well-formed*"])
    outcome.assert_outcomes(passed=3, failed=4)
