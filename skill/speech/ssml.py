"""SSML built from plain text in one place, so every response is well formed and escaped.

Escaping is a translate table rather than xml.sax.saxutils or html: those pull in urllib, http and
email at import, about 12 ms of every Lambda cold start.
"""
from __future__ import annotations

import re

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;"})
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'"}
_ENTITY = re.compile("|".join(_ENTITIES))
_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<break\b[^>]*/>")


def escape(text: str) -> str:
    """Escape text for SSML: &, < and > always, quotes too so text can never break an attribute."""
    return text.translate(_ESCAPES)


def body(*sentences: str) -> str:
    """Escaped SSML content for plain-text sentences; the SDK wraps it in <speak>."""
    return " ".join(escape(" ".join(s.split())) for s in sentences if s and s.strip())


def speak(*sentences: str) -> str:
    """A whole <speak> document for plain-text sentences."""
    return f"<speak>{body(*sentences)}</speak>"


def to_plain(ssml: str) -> str:
    """What a listener hears, as text: tags dropped, the entities ``escape`` writes decoded."""
    text = _TAG.sub("", _BREAK.sub(" ", ssml))
    return " ".join(_ENTITY.sub(lambda match: _ENTITIES[match.group(0)], text).split())
