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
from skill.handlers.errors import STATIC_APOLOGY_SSML

log = logging.getLogger(__name__)
_serializer = DefaultSerializer()
#: Alexa's envelopes nest about ten levels and this skill's session attributes four; the SDK copies
#: and deserialises recursively, so a forged envelope nested hundreds deep would exhaust the stack.
MAX_EVENT_DEPTH = 64


def load_content() -> None:
    """Read and validate every data file the skill speaks from, for every locale it serves.

    A bad edit must fail before any user hears the skill: the Lambda package build runs this on the
    staged package and refuses to write a zip that fails it, and the web server runs it at start. Lambda
    itself loads each file on first use (the zip it runs was checked whole), which keeps cold starts
    near hello-world's. Each loader caches what it read, so requests never touch the file system.
    """
    from skill.checklist import load_checklist
    from skill.content import LOCALES
    from skill.knowledge import load_knowledge
    from skill.speech.prompts import load_prompts

    for locale in LOCALES:
        load_prompts(locale)
        load_knowledge(locale)
        load_checklist(locale)


def build_skill(skill_id: str | None = None) -> CustomSkill:
    """Register every handler in one ordered list. With ``skill_id`` set, the SDK refuses requests
    addressed to any other skill."""
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
    Lambda error, so nothing internal ever reaches the device. The skill's own catch-all answers
    for failures inside handlers; anything that escapes the SDK itself gets the same apology.
    """
    try:
        if nesting_depth(event) > MAX_EVENT_DEPTH:
            raise ValueError(f"envelope nested deeper than {MAX_EVENT_DEPTH} levels")
        envelope = _serializer.deserialize(payload=json.dumps(event), obj_type=RequestEnvelope)
        if envelope is None or envelope.request is None:
            raise ValueError("no request in envelope")
    except Exception as error:  # any malformed input: refuse politely, never crash
        log.warning("unreadable request envelope: %s", type(error).__name__)
        return _unreadable_request_response()
    try:
        response = default_skill().invoke(request_envelope=envelope, context=context)
        return _serializer.serialize(response)
    except Exception as error:
        log.error("request failed outside the handlers: %s", type(error).__name__, exc_info=error)
        return _unreadable_request_response()


def nesting_depth(value: Any) -> int:
    """How deeply lists and objects nest in ``value``, counted without recursion (so any depth is safe)."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > MAX_EVENT_DEPTH:
            return deepest
        stack.extend((child, depth + 1) for child in children)
    return deepest


def _unreadable_request_response() -> dict[str, Any]:
    """The catch-all's static apology: this path must not depend on loading anything."""
    return {
        "version": "1.0",
        "response": {"outputSpeech": {"type": "SSML", "ssml": STATIC_APOLOGY_SSML}, "shouldEndSession": True},
    }
