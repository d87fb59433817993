"""SSML from the skill -> SSML espeak-ng reads aloud. Reading it as plain text is
``skill.speech.ssml.to_plain``, the project's one SSML-to-text, which this module's parsing shares."""
from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from xml.sax.saxutils import escape, quoteattr

from skill.speech.ssml import SsmlError, parse

__all__ = ["SsmlError", "to_espeak"]

_AMAZON = "{urn:amazon:ssml}"

# Tags espeak-ng renders (breaks, emphasis, prosody...); the others are read as their text.
_ESPEAK_TAGS = frozenset({"speak", "break", "emphasis", "prosody", "say-as", "p", "s", "sub"})


def _espeak_markup(element: ElementTree.Element) -> str:
    tag = element.tag.replace(_AMAZON, "amazon:")
    inner = escape(element.text or "") + "".join(_espeak_markup(child) + escape(child.tail or "") for child in element)
    if tag == "audio":
        return ""
    if tag not in _ESPEAK_TAGS:
        return inner
    attributes = "".join(f" {name}={quoteattr(value)}" for name, value in element.attrib.items())
    return f"<{tag}{attributes}>{inner}</{tag}>" if inner or tag != "break" else f"<{tag}{attributes}/>"


def to_espeak(ssml: str) -> str:
    """SSML espeak-ng can read with ``-m``: its own tags kept, Alexa-only tags reduced to their text."""
    markup = _espeak_markup(parse(ssml))
    return markup if markup.startswith("<speak") else f"<speak>{markup}</speak>"
