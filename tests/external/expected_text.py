"""Prints what the skill is expected to say, as JSON, for the virtual-alexa suite.

The Node tests name expected words by key (``knowledge.medications.short``, ``prompts['goodbye.speech']``,
``checklist['questions.leg_clot.ask']``)
instead of copying them, exactly as the Python conversation scripts do, so a content edit never
needs a test edit. Usage: ``python tests/external/expected_text.py [LOCALE] > expected.json``.
"""
from __future__ import annotations

import json
import sys

from skill.checklist.rules import load_rules
from skill.app import STATIC_APOLOGY_SSML
from skill.checklist.text import load_texts
from skill.content import load_locale
from skill.knowledge import Cause, load_knowledge
from skill.knowledge.entries import Answer
from skill.dialogue.replies import load_prompts
from skill.speech.ssml import to_plain


def _answer(answer: Answer) -> dict[str, object]:
    return {"short": answer.short, "more": list(answer.more)}


def expected_text(locale: str) -> dict[str, object]:
    knowledge = load_knowledge(locale)
    entries: dict[str, object] = {}
    for entry in (*knowledge.causes, *knowledge.topics):
        described = _answer(entry.answer) | {
            "names": list(entry.names),
            "sources": [knowledge.sources[source_id].spoken for source_id in entry.answer.sources],
        }
        if isinstance(entry, Cause):
            described["treatment"] = _answer(entry.treatment)
        entries[entry.id] = described
    texts = load_texts(locale, load_rules())
    spoken_number = load_locale(locale).emergency_spoken
    checklist = {key: str(text).replace("{emergency_number}", spoken_number)
                 for key, text in texts.values.items() if isinstance(text, str)}
    return {
        "knowledge": entries,
        "prompts": {key: list(said) for key, said in load_prompts(locale).phrasings.items()},
        "checklist": checklist,
        "apology": to_plain(STATIC_APOLOGY_SSML),  # what the catch-all says when the skill fails
    }


if __name__ == "__main__":
    json.dump(expected_text(sys.argv[1] if len(sys.argv) > 1 else "en-US"), sys.stdout, indent=1)
