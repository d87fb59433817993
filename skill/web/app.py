"""The Flask app factory: the Lambda skill object behind ``flask_ask_sdk.SkillAdapter`` at ``POST /``.

Request path: size and encoding are checked before anything parses the body; then
:class:`~skill.web.verifier.RequestGate` verifies the raw request, cheapest checks first, in place of
the SDK's certvalidator-based verifier; only a request that passed reaches ``SkillAdapter``, which
deserializes it (:mod:`skill.web.envelope`) and dispatches to the skill. Every refusal is HTTP 400
with a generic body and exactly one log line giving the reason.
"""
from __future__ import annotations

import logging
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

import certifi
from ask_sdk_core.skill import CustomSkill
from ask_sdk_webservice_support.verifier import VerificationException
from cryptography import x509
from cryptography.utils import CryptographyDeprecationWarning
from flask import Flask, Response, abort, current_app, jsonify, request
from flask_ask_sdk.skill_adapter import (
    VERIFY_SIGNATURE_APP_CONFIG,
    VERIFY_TIMESTAMP_APP_CONFIG,
    SkillAdapter,
)
from werkzeug.exceptions import HTTPException, MethodNotAllowed, RequestEntityTooLarge

from skill.web.certs import ChainCache, Fetcher, http_fetcher
from skill.web.config import ENV_INSECURE_DEV_MODE, WebConfig
from skill.web.envelope import EnvelopeSerializer
from skill.web.verifier import Clock, RequestGate, utc_now

#: Flask endpoint name of the skill route.
SKILL_ENDPOINT = "skill"
APP_EXTENSION_KEY = "leg-cramp-helper"
GATE_EXTENSION_KEY = "leg-cramp-helper.gate"

INSECURE_MODE_WARNING = (
    "!!! INSECURE DEVELOPMENT MODE (%s): Alexa request signatures, certificate chains and timestamps "
    "are NOT checked. Anyone who can reach this server can drive the skill. Never expose it. !!!"
)


def create_app(
    config: WebConfig,
    *,
    skill: CustomSkill | None = None,
    trust_roots: Sequence[x509.Certificate] | None = None,
    fetcher: Fetcher | None = None,
    clock: Clock = utc_now,
) -> Flask:
    """Build the web app. Everything but ``config`` defaults to production; tests inject the rest.

    ``skill`` defaults to ``skill.app.build_skill()``, ``trust_roots`` to certifi's bundle and
    ``fetcher`` to an HTTPS GET with the configured timeout. A given ``skill`` gets its serializer
    replaced by :class:`~skill.web.envelope.EnvelopeSerializer`, so give each app its own skill.
    """
    app = Flask("skill.web")
    app.config["MAX_CONTENT_LENGTH"] = config.max_body_bytes
    # The SDK's own checks need certvalidator (broken here); ours below replace them.
    app.config[VERIFY_SIGNATURE_APP_CONFIG] = False
    app.config[VERIFY_TIMESTAMP_APP_CONFIG] = False
    if not any(isinstance(existing, OneLineRejections) for existing in app.logger.filters):
        app.logger.addFilter(OneLineRejections())  # the logger outlives apps; tests build many

    from skill.app import build_skill, load_content

    load_content()  # a bad data file stops the server starting, not a user's request
    if skill is None:
        skill = build_skill()
    skill.serializer = EnvelopeSerializer()

    if config.verify:
        chains = ChainCache(
            fetcher or http_fetcher(config.cert_fetch_timeout_seconds),
            ttl_seconds=config.cert_cache_seconds,
            max_entries=config.cert_cache_entries,
            failure_ttl_seconds=config.cert_failure_cache_seconds,
        )
        roots = certifi_roots() if trust_roots is None else trust_roots
        app.extensions[GATE_EXTENSION_KEY] = RequestGate(config.skill_ids, chains, roots, clock)
    else:
        app.logger.warning(INSECURE_MODE_WARNING, ENV_INSECURE_DEV_MODE)
        app.extensions[GATE_EXTENSION_KEY] = RequestGate(config.skill_ids, None)

    # SkillAdapter uses skill_id only as its key in app.extensions. It gets no verifiers: the gate
    # has checked the raw request before it runs (refuse_unverified_request).
    adapter = SkillAdapter(skill=skill, skill_id=APP_EXTENSION_KEY, verifiers=[], app=app)
    adapter.register(app=app, route="/", endpoint=SKILL_ENDPOINT)
    app.add_url_rule("/healthz", "healthz", healthz, methods=["GET"])
    app.before_request(refuse_unverified_request)
    app.register_error_handler(HTTPException, generic_error)
    return app


def certifi_roots() -> list[x509.Certificate]:
    """The Mozilla root set as packaged by certifi (the same roots requests trusts).

    One long-standing root has a non-positive serial number; cryptography warns about it on load,
    which is noise about certifi's data, not about anything this app decides.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CryptographyDeprecationWarning)
        return x509.load_pem_x509_certificates(Path(certifi.where()).read_bytes())


def healthz() -> Response:
    """Liveness: the process is up and the app was built."""
    return jsonify(status="ok")


def refuse_unverified_request() -> None:
    """Refuse an oversize, non-UTF-8 or unverified request before the SDK parses anything (it would answer 500)."""
    if request.endpoint != SKILL_ENDPOINT:
        return
    limit = request.max_content_length
    try:
        body = request.get_data(cache=True)
    except RequestEntityTooLarge:
        reject(f"body larger than {limit} bytes")
    # A streamed (chunked) body is cut off at the limit rather than refused, so reaching it means more was sent.
    if request.content_length is None and limit is not None and len(body) >= limit:
        reject(f"body larger than {limit} bytes")
    if not body:
        reject("body is empty")
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        reject("body is not UTF-8")
    try:
        current_app.extensions[GATE_EXTENSION_KEY].check(request.headers, body)
    except VerificationException as error:
        reject(str(error))


def reject(reason: str) -> NoReturn:
    """Log one line with the reason and answer a bare 400."""
    current_app.logger.warning("request rejected: %s", reason)
    abort(400)


def generic_error(error: HTTPException) -> tuple[Response, int]:
    """Every HTTP error gets its status phrase only: no stack, no SDK message, no HTML."""
    response = jsonify(error=error.name)
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response, error.code or 500


class OneLineRejections(logging.Filter):
    """Turn SkillAdapter's log of a failed verification into our one-line rejection.

    SkillAdapter logs each ``VerificationException`` at ERROR with a full traceback; a refused
    request is the client's fault and needs one WARNING line naming the reason, like ``reject``.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, VerificationException):
            record.msg, record.args = "request rejected: %s", (str(error),)
            record.exc_info, record.exc_text = None, None
            record.levelno, record.levelname = logging.WARNING, logging.getLevelName(logging.WARNING)
        return True
