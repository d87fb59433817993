"""SSML built from plain text in one place, so every response is well formed and escaped."""
from __future__ import annotations

import html
import re
from xml.sax.saxutils import escape as _xml_escape

_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<break\b[^>]*/>")


def escape(text: str) -> str:
    """Escape text for SSML: &, < and > always, quotes too so text can never break an attribute."""
    return _xml_escape(text, {'"': "&quot;", "'": "&apos;"})


def body(*sentences: str) -> str:
    """Escaped SSML content for plain-text sentences; the SDK wraps it in <speak>."""
    return " ".join(escape(" ".join(s.split())) for s in sentences if s and s.strip())


def speak(*sentences: str) -> str:
    """A whole <speak> document for plain-text sentences."""
    return f"<speak>{body(*sentences)}</speak>"


def to_plain(ssml: str) -> str:
    """What a listener hears, as text: tags dropped, entities decoded, breaks as spaces."""
    text = _BREAK.sub(" ", ssml)
    text = _TAG.sub("", text)
    return " ".join(html.unescape(text).split())
