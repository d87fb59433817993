"""A turn as the terminal shows it: what was understood, what Alexa says, the card, the session state."""
from __future__ import annotations

import json
import textwrap

from skill.simulator.resolver import FilledSlot, Understanding
from skill.simulator.session import Turn

INDENT = "       "
WIDTH = 100


def _wrap(text: str, first: str, rest: str) -> str:
    """Wrap at spaces only, so URLs and hyphenated words stay whole."""
    return textwrap.fill(text, width=WIDTH, initial_indent=first, subsequent_indent=rest,
                         break_long_words=False, break_on_hyphens=False)


def _slot_text(slot: FilledSlot) -> str:
    if slot.value is None:
        return f"{slot.name}=(empty)"
    if not slot.custom:
        return f'{slot.name}="{slot.value}"'
    if not slot.matches:
        return f'{slot.name}="{slot.value}" (ER_SUCCESS_NO_MATCH)'
    canonical = ", ".join(match.name if match.id == match.name else f"{match.name} [{match.id}]"
                          for match in slot.matches)
    return f'{slot.name}="{slot.value}" -> {canonical}'


def describe_request(turn: Turn) -> str:
    """One line: the request type, intent and slots, and how sure the resolver was."""
    request = turn.request["request"]
    parts = [request["type"]]
    understanding: Understanding | None = turn.understanding
    if request["type"] == "IntentRequest" and understanding is not None:
        parts.append(str(understanding.intent))
        parts += [_slot_text(slot) for slot in understanding.slots]
        if understanding.method == "near":
            parts.append(f'(near match {understanding.score:.0f}%: "{understanding.matched}")')
        elif understanding.method == "closest":
            parts.append(f'(closest sample {understanding.score:.0f}%: "{understanding.matched}")')
        elif understanding.method == "fallback" and understanding.matched:
            parts.append(f'(nothing close; nearest {understanding.score:.0f}%: "{understanding.matched}")')
    elif request["type"] == "SessionEndedRequest":
        parts.append(request["reason"])
    if turn.request["session"]["new"]:
        parts.append("[new session]")
    return " ".join(parts)


def _card_lines(card: dict[str, object]) -> list[str]:
    title = card.get("title")
    body = str(card.get("content") or card.get("text") or "")
    lines = [f"{INDENT}card: {title}" if title else f"{INDENT}card:"]
    lines += [_wrap(line, INDENT + "  ", INDENT + "  ") for line in body.splitlines() if line.strip()]
    return lines


def format_turn(turn: Turn, show_json: bool = False, card_unchanged: bool = False) -> str:
    """The lines printed for one turn (without the user's own words); a card shown just before is named only."""
    lines = [f"{INDENT}-> {describe_request(turn)}"]
    if show_json:
        lines += ["request:", json.dumps(turn.request, indent=2)]
        if turn.reply.envelope is not None:
            lines += ["response:", json.dumps(turn.reply.envelope, indent=2)]
    if turn.failure:
        lines.append(f"{INDENT}!! skill error: {turn.failure}")
    if turn.speech:
        lines.append(_wrap(turn.speech, "alexa> ", INDENT))
    if turn.card and card_unchanged:
        lines.append(f"{INDENT}card: {turn.card.get('title') or ''} (unchanged)")
    elif turn.card:
        lines += _card_lines(turn.card)
    if turn.request_type != "SessionEndedRequest":
        if turn.session_open:
            reprompt = f'; reprompt: "{turn.reprompt}"' if turn.reprompt else ""
            lines.append(f"{INDENT}(session open{reprompt})")
        else:
            lines.append(f"{INDENT}(session ended)")
    return "\n".join(lines)
