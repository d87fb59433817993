"""Alexa request envelopes built as Alexa sends them (by ``skill.simulator.envelope``, the project's
one builder), and the headers that sign them.

Bodies are serialised once and signed as bytes: the signature covers exactly what goes on the wire.
"""
from __future__ import annotations

import itertools
import json
from datetime import datetime, timezone
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa

from skill.simulator.envelope import Device, Session, intent_body, request_envelope
from tests.web.pki import sign

SKILL_ID = "amzn1.ask.skill.5f0c2a8e-7d41-4b6e-9a3c-1e2f3a4b5c6d"
OTHER_SKILL_ID = "amzn1.ask.skill.99999999-aaaa-4bbb-8ccc-dddddddddddd"
CERT_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-test.pem"
USER_ID = "amzn1.ask.account.AGWEBTESTUSER"
_ids = itertools.count(1)


def alexa_timestamp(moment: datetime) -> str:
    """Alexa's timestamp format: UTC, whole seconds, trailing Z."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def envelope(request: dict[str, Any], *, at: datetime, new: bool = True, attributes: dict[str, Any] | None = None,
             session_id: str | None = None, skill_id: str = SKILL_ID,
             session_skill_id: str | None = None) -> dict[str, Any]:
    """A custom-skill request envelope with session and context, timestamped ``at``."""
    device = Device(application_id=skill_id, device_id="amzn1.ask.device.AGWEBTESTDEVICE", user_id=USER_ID,
                    audio=False, api_access_token="eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.web-test")
    session = Session(session_id or f"amzn1.echo-api.session.web-{next(_ids)}", new, attributes or {},
                      application_id=session_skill_id)
    return request_envelope(device, session, request, "en-US", timestamp=alexa_timestamp(at),
                            request_id=f"amzn1.echo-api.request.web-{next(_ids)}")


def launch(at: datetime, **options: Any) -> dict[str, Any]:
    return envelope({"type": "LaunchRequest", "shouldLinkResultBeReturned": False}, at=at, **options)


def intent(name: str, at: datetime, slots: dict[str, Any] | None = None, **options: Any) -> dict[str, Any]:
    return envelope(intent_body(name, (slots or {}).values(), dialog_state="COMPLETED"), at=at, **options)


def skill_event(event_type: str, at: datetime, skill_id: str = SKILL_ID) -> dict[str, Any]:
    """A skill lifecycle event (no session), e.g. ``AlexaSkillEvent.SkillEnabled``."""
    return {
        "version": "1.0",
        "context": {"System": {
            "application": {"applicationId": skill_id},
            "user": {"userId": USER_ID},
            "apiEndpoint": "https://api.amazonalexa.com",
        }},
        "request": {
            "type": event_type,
            "requestId": f"amzn1.echo-api.request.web-{next(_ids)}",
            "timestamp": alexa_timestamp(at),
            "eventCreationTime": alexa_timestamp(at),
            "eventPublishingTime": alexa_timestamp(at),
        },
    }


def body_of(envelope_: dict[str, Any]) -> bytes:
    """The wire bytes of an envelope."""
    return json.dumps(envelope_, separators=(",", ":")).encode("utf-8")


def signed_headers(body: bytes, key: rsa.RSAPrivateKey, url: str = CERT_URL) -> dict[str, str]:
    """The headers Alexa adds: the chain URL and the body's signature."""
    return {"Content-Type": "application/json; charset=utf-8", "SignatureCertChainUrl": url,
            "Signature-256": sign(key, body)}
