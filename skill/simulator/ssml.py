"""SSML from the skill -> what a person hears, as plain text for the terminal or as SSML espeak-ng reads.

Alexa's SSML uses ``amazon:`` tags without declaring the namespace, which a strict XML parser
refuses; parsing inside a wrapper that declares it keeps the stdlib parser usable.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from xml.sax.saxutils import escape, quoteattr

_WRAPPER = '<ssml xmlns:amazon="urn:amazon:ssml">{}</ssml>'
_AMAZON = "{urn:amazon:ssml}"

# Tags espeak-ng renders (breaks, emphasis, prosody...); the others are read as their text.
_ESPEAK_TAGS = frozenset({"speak", "break", "emphasis", "prosody", "say-as", "p", "s", "sub"})


class SsmlError(ValueError):
    """The skill sent SSML that is not well formed; Alexa would refuse the response."""


def parse(ssml: str) -> ElementTree.Element:
    """The ``<speak>`` element, or SsmlError when the markup is broken."""
    try:
        wrapper = ElementTree.fromstring(_WRAPPER.format(ssml))
    except ElementTree.ParseError as error:
        raise SsmlError(f"SSML is not well formed: {error}") from error
    return wrapper[0] if len(wrapper) == 1 and not (wrapper.text or "").strip() else wrapper


def _spoken_parts(element: ElementTree.Element) -> list[str]:
    """Text in reading order: ``sub`` reads its alias, ``audio`` is a sound, breaks and blocks separate."""
    tag = element.tag
    if tag == "sub":
        parts = [element.get("alias", "".join(element.itertext()))]
    elif tag == "audio":
        parts = [" [audio] "]
    else:
        parts = [element.text or ""]
        for child in element:
            parts += _spoken_parts(child)
            parts.append(child.tail or "")
    if tag in {"break", "p", "s"}:
        parts = [" ", *parts, " "]
    return parts


def to_text(ssml: str) -> str:
    """What the listener hears, in plain text with single spaces."""
    return re.sub(r"\s+", " ", "".join(_spoken_parts(parse(ssml)))).strip()


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
