"""Prints what the skill is expected to say, as JSON, for the virtual-alexa suite.

The Node tests name expected words by key (``knowledge.medications.short``, ``prompts['goodbye.speech']``)
instead of copying them, exactly as the Python conversation scripts do, so a content edit never
needs a test edit. Usage: ``python tests/external/expected_text.py [LOCALE] > expected.json``.
"""
from __future__ import annotations

import json
import sys

from skill.knowledge import Cause, load_knowledge
from skill.knowledge.model import Answer
from skill.speech.prompts import load_prompts


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
    return {"knowledge": entries, "prompts": {key: list(said) for key, said in load_prompts(locale).phrasings.items()}}


if __name__ == "__main__":
    json.dump(expected_text(sys.argv[1] if len(sys.argv) > 1 else "en-US"), sys.stdout, indent=1)
