"""SSML as a listener hears it, and as espeak-ng is given it."""
from __future__ import annotations

import pytest

from skill.simulator.espeak import to_espeak
from skill.speech.ssml import SsmlError, to_plain


def test_plain_text_keeps_words_and_spacing_only() -> None:
    ssml = "<speak>Hello.<break time='300ms'/>Drink <emphasis level='strong'>water</emphasis> &amp; rest.</speak>"
    assert to_plain(ssml) == "Hello. Drink water & rest."


def test_sub_is_heard_as_its_alias_and_audio_is_marked() -> None:
    ssml = '<speak><sub alias="vitamin B twelve">B12</sub> <audio src="https://example.com/a.mp3"/> done</speak>'
    assert to_plain(ssml) == "vitamin B twelve [audio] done"


def test_undeclared_amazon_tags_are_read_as_their_text() -> None:
    ssml = '<speak><amazon:emotion name="excited" intensity="low">Great</amazon:emotion><p>Next</p></speak>'
    assert to_plain(ssml) == "Great Next"
    assert to_espeak(ssml) == "<speak>Great<p>Next</p></speak>"


def test_espeak_markup_keeps_breaks_and_emphasis_and_escapes_text() -> None:
    ssml = "<speak>A &lt; B<break time=\"1s\"/><emphasis level=\"moderate\">now</emphasis><audio src='x'/></speak>"
    assert to_espeak(ssml) == '<speak>A &lt; B<break time="1s"/><emphasis level="moderate">now</emphasis></speak>'


@pytest.mark.parametrize("broken", ["<speak>unclosed", "<speak>a & b</speak>", "<speak><b></speak>"])
def test_malformed_ssml_is_reported(broken: str) -> None:
    with pytest.raises(SsmlError):
        to_plain(broken)
