"""Pytest plugin: every response the skill produces during a test run is checked for certification rules.

Every way of running the skill in-process (``lambda_handler``, the flask-ask-sdk adapter, the
simulator) ends in ``CustomSkill.invoke``; this plugin wraps that method for the session, checks each
returned envelope with ``skill.lint.responses.check_response`` and fails the test that produced a bad
one, naming the turn (its number within the test, request type and intent).

Responses produced in a subprocess or by a server in another process are not seen.

Opt out with ``@pytest.mark.skip_response_checks`` (all rules) or
``@pytest.mark.skip_response_checks("rule-id", ...)`` (those rules only), for tests that produce
bad responses on purpose.
"""
from __future__ import annotations

import functools
import threading
from dataclasses import dataclass, field
from typing import Any

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_core.skill import CustomSkill

from skill.lint.responses import check_response

MARKER = "skip_response_checks"
OUTSIDE_TESTS = "(outside any test)"


@dataclass
class _TestRecord:
    """What one test (or the time outside tests) produced: a turn count and problem lines."""

    skipped_rules: frozenset[str] | None = frozenset()  # None: skip every rule
    turns: int = 0
    problems: list[str] = field(default_factory=list)
    reported: int = 0


class ResponseRecorder:
    """Receives every response from the wrapped ``invoke`` and files its problems under the running test."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._serializer = DefaultSerializer()
        self.current: str = OUTSIDE_TESTS
        self.records: dict[str, _TestRecord] = {OUTSIDE_TESTS: _TestRecord()}
        self.checked = 0
        self.tests_with_responses: set[str] = set()

    def start(self, nodeid: str, skipped_rules: frozenset[str] | None) -> None:
        with self._lock:
            self.current = nodeid
            self.records[nodeid] = _TestRecord(skipped_rules=skipped_rules)

    def finish(self, nodeid: str) -> None:
        with self._lock:
            self.records.pop(nodeid, None)
            self.current = OUTSIDE_TESTS

    def record(self, request_envelope: Any, response_envelope: Any) -> None:
        request = getattr(request_envelope, "request", None)
        request_type = getattr(request, "object_type", None)
        intent = getattr(getattr(request, "intent", None), "name", None)
        with self._lock:
            record = self.records[self.current]
            record.turns += 1
            turn = record.turns
            skipped = record.skipped_rules
        if skipped is None:
            return
        envelope = self._serializer.serialize(response_envelope)
        problems = [p for p in check_response(envelope, request_type) if p.is_error and p.rule not in skipped]
        label = " ".join(part for part in (request_type, intent) if part)
        with self._lock:
            self.checked += 1
            self.tests_with_responses.add(self.current)
            record.problems += [f"turn {turn} ({label}): {p.node}: {p.rule}: {p.message}" for p in problems]

    def new_problems(self, nodeid: str) -> list[str]:
        """Problems not yet reported for this test (setup and call are reported separately from teardown)."""
        with self._lock:
            record = self.records.get(nodeid)
            if record is None:
                return []
            fresh = record.problems[record.reported:]
            record.reported = len(record.problems)
            return fresh


_KEY = pytest.StashKey[ResponseRecorder]()
_ORIGINAL = pytest.StashKey[Any]()


def _skipped_rules(item: pytest.Item) -> frozenset[str] | None:
    marker = item.get_closest_marker(MARKER)
    if marker is None:
        return frozenset()
    return frozenset(marker.args) if marker.args else None


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(*rule_ids): do not fail this test on bad Alexa responses (all rules, or the rule ids given)",
    )
    recorder = ResponseRecorder()
    original = CustomSkill.invoke

    @functools.wraps(original)
    def invoke(self: CustomSkill, request_envelope: Any, context: Any) -> Any:
        response_envelope = original(self, request_envelope, context)
        recorder.record(request_envelope, response_envelope)
        return response_envelope

    config.stash[_KEY] = recorder
    config.stash[_ORIGINAL] = original
    CustomSkill.invoke = invoke


def pytest_unconfigure(config: pytest.Config) -> None:
    if _ORIGINAL in config.stash:
        CustomSkill.invoke = config.stash[_ORIGINAL]


def _failure(item: pytest.Item, problems: list[str]) -> str:
    lines = "\n".join(f"  {line}" for line in problems)
    return (f"{item.nodeid}: the skill produced {len(problems)} response problem(s):\n{lines}\n"
            f"(mark the test @pytest.mark.{MARKER} only if it produces bad responses on purpose)")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Any:
    item.config.stash[_KEY].start(item.nodeid, _skipped_rules(item))
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Any:
    recorder = item.config.stash[_KEY]
    try:
        result = yield
    except BaseException:
        problems = recorder.new_problems(item.nodeid)
        if problems:
            item.add_report_section("call", "response checks", _failure(item, problems))
        raise
    problems = recorder.new_problems(item.nodeid)
    if problems:
        pytest.fail(_failure(item, problems), pytrace=False)
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    recorder = item.config.stash[_KEY]
    try:
        result = yield
    finally:
        problems = recorder.new_problems(item.nodeid)
        recorder.finish(item.nodeid)
    if problems:
        pytest.fail(_failure(item, problems), pytrace=False)
    return result


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    recorder = config.stash[_KEY]
    terminalreporter.write_line(f"response checks: {recorder.checked} responses checked from "
                                f"{len(recorder.tests_with_responses)} tests")
    stray = recorder.new_problems(OUTSIDE_TESTS)
    if stray:
        terminalreporter.section("response checks outside tests", red=True)
        for line in stray:
            terminalreporter.line(line)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    recorder = session.config.stash.get(_KEY, None)
    if recorder is not None and recorder.records[OUTSIDE_TESTS].problems and exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
