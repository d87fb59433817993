"""Alexa request envelopes built as Alexa sends them, and the headers that sign them.

Bodies are serialised once and signed as bytes: the signature covers exactly what goes on the wire.
"""
from __future__ import annotations

import itertools
import json
from datetime import datetime, timezone
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa

from tests.web.pki import sign

SKILL_ID = "amzn1.ask.skill.5f0c2a8e-7d41-4b6e-9a3c-1e2f3a4b5c6d"
OTHER_SKILL_ID = "amzn1.ask.skill.99999999-aaaa-4bbb-8ccc-dddddddddddd"
CERT_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-test.pem"
_ids = itertools.count(1)


def alexa_timestamp(moment: datetime) -> str:
    """Alexa's timestamp format: UTC, whole seconds, trailing Z."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def envelope(request: dict[str, Any], *, at: datetime, new: bool = True, attributes: dict[str, Any] | None = None,
             session_id: str | None = None, skill_id: str = SKILL_ID,
             session_skill_id: str | None = None) -> dict[str, Any]:
    """A custom-skill request envelope with session and context, timestamped ``at``."""
    user = {"userId": "amzn1.ask.account.AGWEBTESTUSER"}
    return {
        "version": "1.0",
        "session": {
            "new": new,
            "sessionId": session_id or f"amzn1.echo-api.session.web-{next(_ids)}",
            "application": {"applicationId": session_skill_id or skill_id},
            "attributes": attributes or {},
            "user": user,
        },
        "context": {
            "System": {
                "application": {"applicationId": skill_id},
                "user": user,
                "device": {"deviceId": "amzn1.ask.device.AGWEBTESTDEVICE", "supportedInterfaces": {}},
                "apiEndpoint": "https://api.amazonalexa.com",
                "apiAccessToken": "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.web-test",
            },
            "Viewports": [],
        },
        "request": {
            "requestId": f"amzn1.echo-api.request.web-{next(_ids)}",
            "timestamp": alexa_timestamp(at),
            "locale": "en-US",
            **request,
        },
    }


def launch(at: datetime, **options: Any) -> dict[str, Any]:
    return envelope({"type": "LaunchRequest", "shouldLinkResultBeReturned": False}, at=at, **options)


def intent(name: str, at: datetime, slots: dict[str, Any] | None = None, **options: Any) -> dict[str, Any]:
    request = {"type": "IntentRequest", "dialogState": "COMPLETED",
               "intent": {"name": name, "confirmationStatus": "NONE", "slots": slots or {}}}
    return envelope(request, at=at, **options)


def skill_event(event_type: str, at: datetime, skill_id: str = SKILL_ID) -> dict[str, Any]:
    """A skill lifecycle event (no session), e.g. ``AlexaSkillEvent.SkillEnabled``."""
    return {
        "version": "1.0",
        "context": {"System": {
            "application": {"applicationId": skill_id},
            "user": {"userId": "amzn1.ask.account.AGWEBTESTUSER"},
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
