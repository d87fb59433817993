"""The app served for real over loopback: concurrent conversations, the dev command, and gunicorn.

Bounded: a fixed number of requests, a timeout on every one, servers stopped in ``finally``.
"""
from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from werkzeug.serving import make_server

from skill.web.config import WebConfig
from tests.web.conftest import AppFactory, Pki
from tests.web.envelopes import SKILL_ID, body_of, intent, launch, signed_headers
from tests.web.stack import free_port, http_call, stop_process, wait_healthy

ROOT = Path(__file__).resolve().parents[2]
TOPIC_QUESTIONS = ["CausesOverviewIntent", "BTwelveSymptomsIntent", "BTwelveRoleIntent", "BTwelveFoodsIntent",
                   "PreventionIntent", "DuringCrampIntent", "RestlessLegsIntent", "SeeDoctorIntent"]
CONVERSATIONS = 16
WORKERS = 8


@contextmanager
def served(app: Any) -> Iterator[int]:
    """Serve ``app`` on a free loopback port in a thread; yield the port; always shut down."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


def script(index: int) -> list[str]:
    """Conversation ``index``'s questions: a distinct ordering of four topics, then "go back"."""
    orderings = list(itertools.permutations(TOPIC_QUESTIONS, 4))
    return [*orderings[(index * 97) % len(orderings)], "AMAZON.PreviousIntent"]


def run_conversation(send: Any, index: int) -> list[dict[str, Any]]:
    """Launch, ask the script, carry session attributes between turns; return every response."""
    session_id = f"amzn1.echo-api.session.concurrent-{index}"
    responses = []
    attributes: dict[str, Any] = {}
    turns = [launch] + [lambda at, name=name, **kw: intent(name, at, **kw) for name in script(index)]
    for number, make in enumerate(turns):
        envelope = make(datetime.now(timezone.utc), new=number == 0, attributes=attributes, session_id=session_id)
        response = send(envelope)
        responses.append(response)
        attributes = response.get("sessionAttributes") or {}
    return responses


def test_concurrent_conversations_keep_their_own_session(make_app: AppFactory, pki: Pki) -> None:
    """Many signed conversations at once against the served app: all answered, none sees another's state."""

    def over_http(port: int) -> Any:
        def send(envelope: dict[str, Any]) -> dict[str, Any]:
            body = body_of(envelope)
            status, payload = http_call(port, "POST", "/", body, signed_headers(body, pki.signing_key))
            assert status == 200, payload
            return json.loads(payload)
        return send

    reference_client = make_app(WebConfig(verify=False)).test_client()

    def alone(envelope: dict[str, Any]) -> dict[str, Any]:
        return reference_client.post("/", data=body_of(envelope)).get_json()

    expected = [[r.get("sessionAttributes") for r in run_conversation(alone, i)] for i in range(CONVERSATIONS)]
    finals = {json.dumps(turns[-1], sort_keys=True) for turns in expected}
    assert len(finals) == CONVERSATIONS, "conversations must differ, or a leak could not show"

    started = time.monotonic()
    with served(make_app()) as port, ThreadPoolExecutor(max_workers=WORKERS) as pool:
        results = list(pool.map(lambda i: run_conversation(over_http(port), i), range(CONVERSATIONS)))
    assert time.monotonic() - started < 60

    for index, responses in enumerate(results):
        assert [r.get("sessionAttributes") for r in responses] == expected[index], f"conversation {index}"
        assert all(r["response"]["outputSpeech"]["ssml"] for r in responses)


@contextmanager
def subprocess_server(command: list[str], port: int, env: dict[str, str]) -> Iterator[subprocess.Popen[str]]:
    """Start a server process, wait until /healthz answers, and always stop it."""
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        wait_healthy(port, process, command[-1])
        yield process
    finally:
        stop_process(process)


def test_dev_command_serves_verifying_by_default() -> None:
    port = free_port()
    command = [sys.executable, "-m", "skill", "serve", "--host", "127.0.0.1", "--port", str(port)]
    with subprocess_server(command, port, {"SKILL_ID": SKILL_ID, "SKILL_INSECURE_DEV_MODE": ""}) as process:
        body = body_of(launch(datetime.now(timezone.utc)))
        assert http_call(port, "POST", "/", body, {"Content-Type": "application/json"}) == (
            400, b'{"error":"Bad Request"}\n')
        assert http_call(port, "GET", "/")[0] == 405
    assert "request rejected: missing SignatureCertChainUrl header" in process.communicate()[1]


def test_dev_command_insecure_mode_is_explicit_and_loud() -> None:
    port = free_port()
    command = [sys.executable, "-m", "skill", "serve", "--port", str(port), "--insecure-dev-mode"]
    with subprocess_server(command, port, {"SKILL_ID": ""}) as process:
        body = body_of(launch(datetime.now(timezone.utc)))
        status, payload = http_call(port, "POST", "/", body, {"Content-Type": "application/json"})
        assert status == 200 and json.loads(payload)["response"]["outputSpeech"]
    assert "INSECURE DEVELOPMENT MODE" in process.communicate()[1]


def test_gunicorn_serves_the_wsgi_entry() -> None:
    """The documented production command (behind nginx in production), here on loopback."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "--preload", "-w", "2", "-b", f"127.0.0.1:{port}", "skill.web.wsgi:app"]
    with subprocess_server(command, port, {"SKILL_ID": SKILL_ID, "SKILL_INSECURE_DEV_MODE": ""}) as process:
        body = body_of(launch(datetime.now(timezone.utc)))
        headers = {"Content-Type": "application/json", "SignatureCertChainUrl": "http://evil.example/x.pem",
                   "Signature-256": "AAAA"}
        assert http_call(port, "POST", "/", body, headers) == (400, b'{"error":"Bad Request"}\n')
    errors = process.communicate()[1]
    assert errors.count("request rejected: ") == 1 and "scheme is not https" in errors
    assert "Traceback" not in errors
