"""How a request envelope reaches the skill: in this process, or over HTTP to a running endpoint.

Both return the response envelope and say whether the skill *failed* while answering. A skill with
a catch-all exception handler still answers (with an apology) when it fails, so failure is read
from signals beneath the words:

- in-process: an exception escapes the Lambda handler, or the skill logs at ERROR level while
  handling the request (the catch-all handler logs every exception it turns into an apology);
- over HTTP: a status other than 200, a body that is not JSON, or no response envelope at all.
"""
from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

JsonObject = dict[str, Any]
LambdaHandler = Callable[[JsonObject, Any], JsonObject]

HTTP_TIMEOUT_SECONDS = 10.0


@dataclass(frozen=True)
class Reply:
    """The skill's response envelope (None when there was none) and what went wrong, if anything."""

    envelope: JsonObject | None
    failure: str | None = None


class Transport(Protocol):
    """Sends one request envelope and returns the skill's reply."""

    description: str

    def send(self, request: JsonObject) -> Reply: ...


class _ErrorRecords(logging.Handler):
    """Collects ERROR records logged anywhere while one request is handled."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        detail = f" ({record.exc_info[0].__name__}: {record.exc_info[1]})" if record.exc_info and record.exc_info[1] else ""
        self.messages.append(f"{record.name}: {record.getMessage()}{detail}")


@contextmanager
def _errors_logged() -> Iterator[_ErrorRecords]:
    records = _ErrorRecords()
    root = logging.getLogger()
    root.addHandler(records)
    try:
        yield records
    finally:
        root.removeHandler(records)


def _response_envelope(payload: Any) -> Reply:
    if isinstance(payload, dict) and isinstance(payload.get("response"), dict):
        return Reply(payload)
    return Reply(None, "the reply is not a response envelope (no 'response' object)")


class InProcessTransport:
    """Calls a Lambda-style handler in this process: the project's own ``lambda_handler`` by default."""

    description = "in-process"

    def __init__(self, handler: LambdaHandler | None = None) -> None:
        if handler is None:
            from skill.app import lambda_handler as handler
        self.handler = handler

    def send(self, request: JsonObject) -> Reply:
        with _errors_logged() as errors:
            try:
                # A JSON round trip hands the skill exactly what Lambda would, never our own objects.
                payload = json.loads(json.dumps(self.handler(json.loads(json.dumps(request)), None)))
            except Exception as error:  # the simulator reports any failure of the skill, whatever its kind
                return Reply(None, f"the skill raised {type(error).__name__}: {error}")
        reply = _response_envelope(payload)
        if errors.messages and reply.failure is None:
            return Reply(reply.envelope, "the skill logged an error: " + "; ".join(errors.messages))
        return reply


class HttpTransport:
    """POSTs envelopes to a running endpoint (the web server in development mode: no signatures)."""

    def __init__(self, url: str, timeout: float = HTTP_TIMEOUT_SECONDS) -> None:
        self.url = url
        self.timeout = timeout
        self.description = url

    def send(self, request: JsonObject) -> Reply:
        http_request = urllib.request.Request(
            self.url,
            data=json.dumps(request).encode("utf-8"),
            headers={"Content-Type": "application/json; charset=utf-8"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(http_request, timeout=self.timeout) as http_response:
                body = http_response.read()
        except urllib.error.HTTPError as error:
            return Reply(None, f"HTTP {error.code} {error.reason} from {self.url}")
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            return Reply(None, f"cannot reach {self.url}: {reason}")
        try:
            return _response_envelope(json.loads(body))
        except (json.JSONDecodeError, UnicodeDecodeError):
            return Reply(None, f"the reply from {self.url} is not JSON")
