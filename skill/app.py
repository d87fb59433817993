"""Builds the one skill object that Lambda, the web server and the simulator all serve."""
from __future__ import annotations

import json
import logging
from functools import lru_cache
from typing import Any

from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import SkillBuilder
from ask_sdk_model import RequestEnvelope

from skill import handlers
from skill.speech import ssml
from skill.speech.prompts import load_prompts

log = logging.getLogger(__name__)
_serializer = DefaultSerializer()


def build_skill(skill_id: str | None = None) -> CustomSkill:
    """Register every handler in one ordered list. With ``skill_id`` set, the SDK refuses
    requests addressed to any other skill."""
    builder = SkillBuilder()
    if skill_id:
        builder.skill_id = skill_id
    for request_handler in handlers.REQUEST_HANDLERS:
        builder.add_request_handler(request_handler)
    for exception_handler in handlers.EXCEPTION_HANDLERS:
        builder.add_exception_handler(exception_handler)
    for interceptor in handlers.REQUEST_INTERCEPTORS:
        builder.add_global_request_interceptor(interceptor)
    for interceptor in handlers.RESPONSE_INTERCEPTORS:
        builder.add_global_response_interceptor(interceptor)
    return builder.create()


@lru_cache(maxsize=1)
def default_skill() -> CustomSkill:
    """The skill, built once per process (a warm Lambda container reuses it)."""
    return build_skill()


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """AWS Lambda entry: request envelope JSON in, response envelope JSON out.

    An event that is not a request envelope at all gets a short spoken apology rather than a
    Lambda error, so nothing internal ever reaches the device.
    """
    try:
        envelope = _serializer.deserialize(payload=json.dumps(event), obj_type=RequestEnvelope)
        if envelope is None or envelope.request is None:
            raise ValueError("no request in envelope")
    except Exception as error:  # any malformed input: refuse politely, never crash
        log.warning("unreadable request envelope: %s", type(error).__name__)
        return _unreadable_request_response()
    response = default_skill().invoke(request_envelope=envelope, context=context)
    return _serializer.serialize(response)


def _unreadable_request_response() -> dict[str, Any]:
    prompts = load_prompts("en-US")
    return {
        "version": "1.0",
        "response": {
            "outputSpeech": {"type": "SSML", "ssml": ssml.speak(prompts.say("error.apology"))},
            "shouldEndSession": True,
        },
    }
