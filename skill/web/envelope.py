"""Reading the request envelope so that a body the SDK cannot read is a 400, not a 500.

``WebserviceSkillHandler`` deserializes the body before any verifier runs and reports failures as
``AskSdkException``, which ``SkillAdapter`` answers with 500. A malformed body is the client's fault,
so this serializer reports it as a failed verification instead, which ``SkillAdapter`` answers with 400.
"""
from __future__ import annotations

from typing import Any

from ask_sdk_core.exceptions import SerializationException
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope
from ask_sdk_webservice_support.verifier import VerificationException

from skill.web.verifier import shown


class EnvelopeSerializer(DefaultSerializer):
    """The SDK's serializer, except that an unreadable or empty request envelope fails verification."""

    def deserialize(self, payload: str | None, obj_type: Any) -> Any:
        """Deserialize as the SDK does; for request envelopes, refuse anything without a request."""
        if obj_type is not RequestEnvelope:
            return super().deserialize(payload, obj_type)
        try:
            envelope = super().deserialize(payload, obj_type)
        except SerializationException as error:
            raise VerificationException(f"body is not a readable request envelope: {_first_line(error)}") from None
        if not isinstance(envelope, RequestEnvelope) or envelope.request is None:
            raise VerificationException("body is not a request envelope (no request object)")
        return envelope


def _first_line(error: Exception, limit: int = 120) -> str:
    """The parser's message as one short, escaped line: it may quote the body, which the client wrote."""
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    return shown(text, limit)
