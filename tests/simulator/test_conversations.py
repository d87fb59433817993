"""Conversation scripts in tests/simulator/conversations/*.toml, run through the simulator against the skill.

Each turn says what the user types and what must hold of the answer. Expected words are named by
key, never copied: ``knowledge`` entries ("medications.short", "causes_overview.more.0",
"medications.treatment.short"), ``prompts`` keys (any phrasing of the key counts), ``checklist``
keys of the checklist's text file ("questions.leg_clot.ask"), ``sources``
(the entry's first source, as spoken), ``says`` (literal words). Also: ``request``, ``intent``,
``slots`` (slot -> resolved id), ``unmatched`` (slots with ER_SUCCESS_NO_MATCH), ``new_session``,
and ``session`` = "open" | "ended", which every turn must state.
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from skill.checklist.rules import load_rules
from skill.checklist.text import load_texts
from skill.content import load_locale
from skill.knowledge import Cause, load_knowledge
from skill.simulator.model import load_model
from skill.simulator.phrases import load_phrases
from skill.simulator.resolver import Resolver
from skill.simulator.session import Conversation, Turn
from skill.simulator.transport import InProcessTransport
from skill.dialogue.replies import load_prompts

SCRIPTS = sorted((Path(__file__).parent / "conversations").glob("*.toml"))
MODEL = Path(__file__).parents[2] / "interaction_models" / "en-US.json"
LOCALE = "en-US"
FIELD = re.compile(r"\{[^{}]*\}")


def _flat(text: str) -> str:
    return " ".join(text.lower().split())


def knowledge_text(reference: str) -> str:
    """'medications.short', 'medications.more.1', 'medications.treatment.short' -> the data's text."""
    entry_id, *path = reference.split(".")
    entry = load_knowledge(LOCALE).entry(entry_id)
    assert entry is not None, f"no knowledge entry {entry_id!r}"
    answer = entry.answer
    if path[0] == "treatment":
        assert isinstance(entry, Cause), f"{entry_id} is not a cause"
        answer, path = entry.treatment, path[1:]
    return answer.short if path == ["short"] else answer.more[int(path[1])]


def template_heard(template: str, speech: str) -> bool:
    """Every fixed part of the template is in the speech; its {fields} may be anything."""
    return all(_flat(piece) in speech for piece in FIELD.split(template) if piece.strip())


def prompt_heard(key: str, speech: str) -> bool:
    """Some phrasing of the prompt is in the speech."""
    return any(template_heard(variant, speech) for variant in load_prompts(LOCALE).variants(key))


def checklist_heard(key: str, speech: str) -> bool:
    """The checklist's words for the key (with the locale's spoken emergency number) are in the speech."""
    number = load_locale(LOCALE).emergency_spoken
    return template_heard(str(load_texts(LOCALE, load_rules()).values[key]).replace("{emergency_number}", number), speech)


def check_turn(turn: Turn, expected: dict[str, Any], where: str) -> None:
    assert turn.failure is None, f"{where}: the skill failed: {turn.failure}"
    speech = _flat(turn.speech or "")
    understanding = turn.understanding
    assert understanding is not None
    if "request" in expected:
        assert turn.request_type == expected["request"], where
    if "intent" in expected:
        assert understanding.intent == expected["intent"], f"{where}: understood as {understanding}"
    for slot_name, value_id in expected.get("slots", {}).items():
        slot = understanding.slot(slot_name)
        assert slot is not None and [m.id for m in slot.matches] == [value_id], f"{where}: slot {slot_name}: {slot}"
        sent = turn.request["request"]["intent"]["slots"][slot_name]["resolutions"]["resolutionsPerAuthority"][0]
        assert sent["status"]["code"] == "ER_SUCCESS_MATCH", where
    for slot_name in expected.get("unmatched", []):
        sent = turn.request["request"]["intent"]["slots"][slot_name]["resolutions"]["resolutionsPerAuthority"][0]
        assert sent["status"]["code"] == "ER_SUCCESS_NO_MATCH", where
    for reference in expected.get("knowledge", []):
        assert _flat(knowledge_text(reference)) in speech, f"{where}: {reference} not in {turn.speech!r}"
    for key in expected.get("prompts", []):
        assert prompt_heard(key, speech), f"{where}: no phrasing of {key} in {turn.speech!r}"
    for key in expected.get("checklist", []):
        assert checklist_heard(key, speech), f"{where}: checklist {key} not in {turn.speech!r}"
    for entry_id in expected.get("sources", []):
        entry = load_knowledge(LOCALE).entry(entry_id)
        assert entry is not None
        first = load_knowledge(LOCALE).spoken_sources(entry.answer.sources)[0]
        assert _flat(first.spoken) in speech, f"{where}: source {first.id} not named in {turn.speech!r}"
    for words in expected.get("says", []):
        assert _flat(words) in speech, f"{where}: {words!r} not in {turn.speech!r}"
    if "new_session" in expected:
        assert turn.request["session"]["new"] is expected["new_session"], where
    assert expected["session"] in {"open", "ended"}, f"{where}: session must be 'open' or 'ended'"
    assert turn.session_open is (expected["session"] == "open"), f"{where}: session should be {expected['session']}"
    if turn.session_open:
        assert turn.reprompt, f"{where}: an open session needs a reprompt"


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver(load_model(MODEL), load_phrases(LOCALE))


@pytest.mark.parametrize("script", SCRIPTS, ids=[path.stem for path in SCRIPTS])
def test_conversation_script(script: Path, resolver: Resolver) -> None:
    turns = tomllib.loads(script.read_text(encoding="utf-8"))["turns"]
    conversation = Conversation(resolver, InProcessTransport(), LOCALE)
    for number, expected in enumerate(turns, start=1):
        turn = conversation.say(expected["say"])
        check_turn(turn, expected, f"{script.name} turn {number} ({expected['say']!r})")
    ended = conversation.end()
    assert ended is None or ended.failure is None


def test_there_are_conversation_scripts() -> None:
    assert len(SCRIPTS) >= 3
