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



def escape(text: str) -> str:
    """Escape text for SSML: drop characters XML forbids; escape &, < and > always, and quotes too so
    text can never break an attribute."""
    return _NOT_XML.sub("", text).translate(_ESCAPES)


def body(*sentences: str) -> str:
    """Escaped SSML content for plain-text sentences; the SDK wraps it in <speak>."""
    return escape(" ".join(" ".join(sentences).split()))


def speak(*sentences: str) -> str:
    """A whole <speak> document for plain-text sentences."""
    return f"<speak>{body(*sentences)}</speak>"


class SsmlError(ValueError):
    """SSML that is not well formed; Alexa would refuse the response."""


#: Alexa's SSML uses ``amazon:`` tags without declaring the namespace, which a strict XML parser
#: refuses; parsing inside a wrapper that declares it keeps the stdlib parser usable.
_WRAPPER = '<ssml xmlns:amazon="urn:amazon:ssml">{}</ssml>'


def parse(ssml: str):  # -> xml.etree.ElementTree.Element
    """The ``<speak>`` element (or the wrapper around bare content), or SsmlError when the markup is broken.

    ElementTree is imported here, not at module level: only tests, the simulator and the linter read
    SSML back, and the Lambda's cold start should not pay for the parser.
    """
    from xml.etree import ElementTree

    try:
        wrapper = ElementTree.fromstring(_WRAPPER.format(ssml))
    except ElementTree.ParseError as error:
        raise SsmlError(f"SSML is not well formed: {error}") from error
    return wrapper[0] if len(wrapper) == 1 and not (wrapper.text or "").strip() else wrapper


def _spoken_parts(element) -> list[str]:
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


def to_plain(ssml: str) -> str:
    """What a listener hears, as text with single spaces: tags dropped, entities decoded, ``sub`` read
    as its alias, ``audio`` as ``[audio]``, breaks and paragraphs as spaces. SsmlError when the
    markup is not well formed (Alexa would refuse it, so nobody would hear anything).

    The one SSML-to-text of the project: the tests, the simulator, the package smoke test and the
    virtual-alexa expectations all read speech through it.
    """
    return " ".join("".join(_spoken_parts(parse(ssml))).split())
