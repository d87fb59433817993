"""SSML built from plain text in one place, so every response is well formed and escaped.

Escaping is a translate table rather than xml.sax.saxutils or html: those pull in urllib, http and
email at import, about 12 ms of every Lambda cold start.
"""
from __future__ import annotations

import re

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;"})
#: Characters XML 1.0 does not allow in a document at all, escaped or not: C0 controls other than
#: tab, line feed and carriage return; U+FFFE and U+FFFF; and surrogates, which a Python str can
#: hold alone (from JSON's \ud800 escapes) though no well-formed text contains them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'"}
_ENTITY = re.compile("|".join(_ENTITIES))
_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<break\b[^>]*/>")


def escape(text: str) -> str:
    """Escape text for SSML: drop characters XML forbids; escape &, < and > always, and quotes too so
    text can never break an attribute."""
    return _NOT_XML.sub("", text).translate(_ESCAPES)


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
