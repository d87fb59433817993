"""Checks on one Alexa response envelope (the JSON dict the skill returns); pure functions, no I/O.

Used by the test suite's response-checks plugin on every response the skill produces, and usable on
any skill's responses: ``check_response(envelope, request_type)`` returns a list of problems.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

from skill.content import policy
from skill.lint.catalog import problem
from skill.lint.problems import Problem
from skill.lint.rulebook import Rulebook, load_rulebook
from skill.speech.ssml import SsmlError, to_plain

SPEAK_ROOT = re.compile(r"^<speak(?=[\s>/])")
SPEAK_END = re.compile(r"(</speak>|/>)$")
# Splits well-formed markup into comments, CDATA, tags (quoted attributes may hold '>') and text.
MARKUP_TOKEN = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<(?:[^\"'>]|\"[^\"]*\"|'[^']*')*>|[^<]+", re.DOTALL)
QUESTION_MARKS = ("?", "？")


@dataclass
class SpeechCheck:
    """What one outputSpeech says, once its markup is checked."""

    text: str | None = None
    problems: list[Problem] = field(default_factory=list)


def check_ssml(ssml: str, source: str, node: str, rules: Rulebook | None = None) -> SpeechCheck:
    """Root, well-formedness, supported tags and escaping; returns the spoken text when it parses."""
    rules = rules or load_rulebook()
    speech = SpeechCheck()
    stripped = ssml.strip()
    if not SPEAK_ROOT.match(stripped) or not SPEAK_END.search(stripped):
        speech.problems.append(problem(source, node, "ssml-root", "wrap the speech in a single <speak>...</speak>"))
        return speech
    parser = expat.ParserCreate()  # no namespace processing: amazon:effect stays one tag name
    tags: list[str] = []
    declarations: list[str] = []
    parser.StartElementHandler = lambda name, attrs: tags.append(name)
    parser.StartDoctypeDeclHandler = lambda *args: declarations.append("DOCTYPE")
    parser.EntityDeclHandler = lambda *args: declarations.append("ENTITY")
    try:
        encoded = stripped.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate: no UTF-8 (or XML) text can carry it
        speech.problems.append(problem(source, node, "ssml-well-formed",
                                       f"lone surrogate U+{ord(exc.object[exc.start]):04X} at character {exc.start}"))
        return speech
    try:
        parser.Parse(encoded, True)
    except expat.ExpatError as exc:
        speech.problems.append(problem(source, node, "ssml-well-formed",
                                       f"{expat.ErrorString(exc.code)} at line {exc.lineno} column {exc.offset}: "
                                       "escape & < > in text as &amp; &lt; &gt;"))
        return speech
    if declarations:
        speech.problems.append(problem(source, node, "ssml-well-formed",
                                       f"{', '.join(declarations)} declarations are not allowed in SSML"))
    unsupported = sorted(set(tags) - rules.response.supported_ssml_tags)
    if unsupported:
        speech.problems.append(problem(source, node, "ssml-unsupported-tag",
                                       f"Alexa does not support <{'>, <'.join(unsupported)}>"))
    raw_text = [t for t in MARKUP_TOKEN.findall(stripped) if not t.startswith("<")]
    if any(">" in t for t in raw_text):
        speech.problems.append(problem(source, node, "ssml-unescaped", "write > in text as &gt;"))
    try:
        speech.text = to_plain(stripped)  # the project's one SSML-to-text: what the listener hears
    except SsmlError:  # a declaration expat allows at the top but not inside to_plain's wrapper (reported above)
        speech.text = None
    return speech


def _check_output_speech(value: Any, source: str, node: str, rules: Rulebook) -> SpeechCheck:
    if not isinstance(value, dict):
        return SpeechCheck(problems=[problem(source, node, "response-structure", "outputSpeech must be an object")])
    kind = value.get("type")
    key = {"SSML": "ssml", "PlainText": "text"}.get(kind) if isinstance(kind, str) else None
    content = value.get(key) if key else None
    if not isinstance(content, str):
        return SpeechCheck(problems=[problem(source, node, "response-structure",
                                         "outputSpeech needs type SSML with ssml, or PlainText with text")])
    speech = check_ssml(content, source, f"{node}.ssml", rules) if key == "ssml" else SpeechCheck(text=content)
    limit = rules.response.max_speech_chars
    if len(content) > limit:
        speech.problems.append(problem(source, f"{node}.{key}", "speech-length",
                                       f"{len(content)} characters; the limit is {limit}"))
    return speech


def _asks(speech: SpeechCheck) -> bool:
    return speech.text is not None and speech.text.rstrip().endswith(QUESTION_MARKS)


def _card_problems(card: Any, source: str, rules: Rulebook) -> list[Problem]:
    if not isinstance(card, dict):
        return [problem(source, "response.card", "response-structure", "card must be an object")]
    parts = [card.get(k) for k in ("title", "content", "text")]
    if any(p is not None and not isinstance(p, str) for p in parts):
        return [problem(source, "response.card", "response-structure", "card title, content and text must be strings")]
    total = sum(len(p) for p in parts if p)
    limit = rules.response.max_card_chars
    if total > limit:
        return [problem(source, "response.card", "card-length", f"{total} characters; the limit is {limit}")]
    return []


def _wording_problems(response: dict[str, Any], speech: SpeechCheck | None, reprompt: SpeechCheck | None,
                      source: str) -> list[Problem]:
    """The content policy's wording rules, applied to what is finally said and shown."""
    card = response.get("card") if isinstance(response.get("card"), dict) else {}
    texts = [("response.outputSpeech", speech.text if speech else None),
             ("response.reprompt.outputSpeech", reprompt.text if reprompt else None),
             *((f"response.card.{key}", card.get(key)) for key in ("title", "content", "text"))]
    found = []
    for node, text in texts:
        if isinstance(text, str) and (wording := policy.wording_problem(text)):
            found.append(problem(source, node, "response-wording", f"{wording}: say what something can be a "
                                 "sign of and tell the listener to call; never diagnose or offer to call"))
    return found


def check_response(envelope: Any, request_type: str | None = None, source: str = "response",
                   rules: Rulebook | None = None) -> list[Problem]:
    """Every problem in one response envelope; ``request_type`` enables the SessionEndedRequest rule."""
    rules = rules or load_rulebook()
    if not isinstance(envelope, dict):
        return [problem(source, "$", "response-structure", "the envelope must be a JSON object")]
    found: list[Problem] = []
    # surrogatepass: a lone surrogate (JSON can carry one) is counted as its three bytes, not a crash
    size = len(json.dumps(envelope, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    if size > rules.response.max_response_bytes:
        found.append(problem(source, "$", "response-size",
                             f"{size} bytes; the limit is {rules.response.max_response_bytes}"))
    response = envelope.get("response")
    session_ended = request_type == "SessionEndedRequest"
    if response is None and session_ended:
        return found
    if not isinstance(response, dict):
        return found + [problem(source, "response", "response-structure", "the envelope needs a response object")]

    speech = reprompt = None
    if "outputSpeech" in response:
        speech = _check_output_speech(response["outputSpeech"], source, "response.outputSpeech", rules)
        found += speech.problems
    raw_reprompt = response.get("reprompt")
    if raw_reprompt is not None:
        inner = raw_reprompt.get("outputSpeech") if isinstance(raw_reprompt, dict) else None
        reprompt = _check_output_speech(inner, source, "response.reprompt.outputSpeech", rules)
        found += reprompt.problems
    if "card" in response:
        found += _card_problems(response["card"], source, rules)
    found += _wording_problems(response, speech, reprompt, source)

    if session_ended:
        if speech is not None or reprompt is not None or "card" in response:
            found.append(problem(source, "response", "session-ended-silent",
                                 "a SessionEndedRequest gets an empty response: no speech, reprompt or card"))
        return found
    return found + _session_problems(response, speech, reprompt, source, rules)


def _session_problems(response: dict[str, Any], speech: SpeechCheck | None, reprompt: SpeechCheck | None,
                      source: str, rules: Rulebook) -> list[Problem]:
    """A response that asks keeps the session open with a reprompt; one that does not ask ends it."""
    end = response.get("shouldEndSession")
    node = "response.shouldEndSession"
    if end is not None and not isinstance(end, bool):
        return [problem(source, node, "response-structure", "shouldEndSession must be true, false or absent")]
    if speech is None or speech.text is None:
        return []  # no speech (directives only) or speech already reported as broken
    found = []
    asks = _asks(speech)
    if end is True:
        if asks:
            found.append(problem(source, node, "closed-session-question",
                                 "the speech asks a question but shouldEndSession is true: the user cannot answer"))
        return found
    if end is False and not asks:
        found.append(problem(source, "response.outputSpeech", "open-session-question",
                             "the session stays open, so end the speech with a question the user can answer"))
    if end is None and not asks:
        found.append(problem(source, node, "session-end-explicit",
                             "nothing is asked: set shouldEndSession to true (.speak() alone leaves it unset)"))
        return found
    if reprompt is None:
        found.append(problem(source, "response.reprompt", "open-session-reprompt",
                             "the session stays open: add a reprompt that says what to answer"))
    spoken = [s.text for s in (speech, reprompt) if s is not None and s.text]
    for pattern in rules.one_shot_patterns():
        if any(pattern.search(text) for text in spoken):
            found.append(problem(source, "response.outputSpeech", "open-session-one-shot",
                                 "while the session is open, say just the request, not 'Alexa, ask ...'"))
            break
    return found
