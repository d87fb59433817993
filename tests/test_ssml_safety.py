"""Whatever a user says, every response is SSML that an XML parser accepts.

Slot values are the user's words, echoed back in answers ("I don't know about ..."): they can carry
any Unicode Alexa passes on, including characters XML 1.0 forbids outright (C0 controls other than
tab, line feed and carriage return; U+FFFE and U+FFFF; lone surrogates, which JSON can encode).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skill.app import lambda_handler
from skill.lint.responses import check_ssml
from skill.simulator.model import load_model
from skill.speech import ssml
from tests.fuzzing import examples
from tests.alexa import envelope, intent_request, slot

MODEL = load_model(Path(__file__).parent.parent / "interaction_models" / "en-US.json")
SLOTTED_INTENTS = [(intent.name, tuple(intent.slots)) for intent in MODEL.intents if intent.slots]
#: Every code point, surrogates and controls included (hypothesis leaves out surrogates by default).
ANY_CHARACTER = st.characters(codec=None, categories=None, exclude_categories=())
FORBIDDEN = ([chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"] + ["\ufffe", "\uffff"]
             + [chr(c) for c in (0xD800, 0xDBFF, 0xDC00, 0xDFFF)])


def parses(document: str) -> ElementTree.Element:
    """Parse as an XML parser receiving UTF-8 would: a lone surrogate cannot even be encoded."""
    return ElementTree.fromstring(document.encode("utf-8"))


def spoken_documents(response: dict[str, Any]) -> list[str]:
    body = response["response"]
    speeches = [body.get("outputSpeech"), (body.get("reprompt") or {}).get("outputSpeech")]
    return [speech["ssml"] for speech in speeches if speech]


@pytest.mark.parametrize("character", FORBIDDEN, ids=lambda c: f"U+{ord(c):04X}")
def test_escape_removes_each_character_xml_forbids(character: str) -> None:
    escaped = ssml.escape(f"cramp{character}s")
    assert escaped == "cramps"
    assert parses(f"<speak>{escaped}</speak>").text == "cramps"


def test_escape_keeps_what_xml_allows() -> None:
    text = "tab\there, line\nthere, \u00e9t\u00e9, \U0001F600, \ufffd, \u2028 & <b> \"q\" 'a'"
    assert parses(f"<speak>{ssml.escape(text)}</speak>").text == text


@settings(max_examples=examples(300), deadline=None, derandomize=True)
@given(text=st.text(alphabet=ANY_CHARACTER, max_size=60))
def test_any_text_becomes_a_well_formed_speak_document(text: str) -> None:
    document = ssml.speak(text)
    assert parses(document).tag == "speak"
    assert check_ssml(document, "test", "ssml").problems == []


def test_the_response_checker_reports_a_lone_surrogate_instead_of_crashing() -> None:
    problems = check_ssml("<speak>a\ud800b</speak>", "test", "ssml").problems
    assert [p.rule for p in problems] == ["ssml-well-formed"]


@settings(max_examples=examples(250), deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(case=st.sampled_from(SLOTTED_INTENTS), value=st.text(alphabet=ANY_CHARACTER, min_size=1, max_size=40),
       resolution=st.sampled_from(["none", "no match", "match"]), in_session=st.booleans())
def test_every_response_to_any_slot_value_parses(case: tuple[str, tuple[str, ...]], value: str, resolution: str,
                                                 in_session: bool) -> None:
    intent, slot_names = case
    if resolution == "match":  # a resolved id Alexa would never send: the skill must still cope
        slots = [slot(name, value, resolved_id=value, resolved_name=value) for name in slot_names]
    else:
        slots = [slot(name, value, matched=False if resolution == "no match" else None) for name in slot_names]
    response = lambda_handler(envelope(intent_request(intent, *slots), new=not in_session), None)
    documents = spoken_documents(response)
    assert documents, "every answer to a question speaks"
    for document in documents:
        assert parses(document).tag == "speak"
