"""The data files are validated at load: a bad edit fails with the file and entry named, never in a talk."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from skill.checklist import ChecklistDataError, UnsupportedLocale
from skill.checklist.rules import RULES_PATH, load_rules
from skill.checklist.text import DATA_DIR, load_texts

RULES_TEXT = RULES_PATH.read_text(encoding="utf-8")


def question_blocks(text: str) -> tuple[str, list[str], str]:
    """Split rules.toml into its head, the [[questions]] blocks and the rest."""
    head, _, rest = text.partition("[[questions]]")
    body, marker, tail = rest.partition("# Ask about a B12 blood test")
    blocks = ["[[questions]]" + block for block in body.split("[[questions]]")]
    return head, blocks, marker + tail


def reordered(order: list[int]) -> str:
    head, blocks, tail = question_blocks(RULES_TEXT)
    return head + "".join(blocks[i] for i in order) + tail


def replaced(old: str, new: str) -> str:
    assert RULES_TEXT.count(old) == 1, old
    return RULES_TEXT.replace(old, new)


RULE_CASES = {
    "unknown level": (replaced('id = "chest_heart"\nyes = "emergency"', 'id = "chest_heart"\nyes = "emergent"'),
                      "questions[0] (chest_heart): yes: unknown level 'emergent'"),
    "not sure above yes": (replaced('id = "frequent"\nyes = "appointment"\nunsure = "appointment"',
                                    'id = "frequent"\nyes = "appointment"\nunsure = "contact_soon"'),
                           "questions[7] (frequent): 'not sure' must not rank above 'yes'"),
    "red flag after a lower question": (reordered([1, 2, 3, 4, 5, 6, 7, 0]), "(chest_heart): a red flag must come before"),
    "lower red flag first": (reordered([1, 0, 2, 3, 4, 5, 6, 7]), "(chest_heart): reaches emergency but comes after 'leg_clot'"),
    "duplicate id": (replaced('id = "frequent"', 'id = "nerve_signs"'), "duplicate id 'nerve_signs'"),
    "id named done": (replaced('id = "frequent"', 'id = "done"'), "questions[7]: id must be snake_case"),
    "unknown key": (replaced('id = "frequent"\n', 'id = "frequent"\nyess = "x"\n'), "questions[7]: unknown key yess"),
    "condition on a later question": (replaced('ask_if_any = ["nerve_signs"]', 'ask_if_any = ["frequent"]'),
                                      "(b12_risk): ask_if_any names 'frequent', which is not an earlier question"),
    "too few questions": (reordered([0, 1, 2, 3, 4]), "questions: need 6 to 8, got 5"),
    "tips at emergency": (replaced('no_tips_at = ["urgent_today", "emergency"]', 'no_tips_at = ["urgent_today"]'),
                          "no_tips_at: must include emergency"),
    "urgent question without red flag": (replaced('red_flag = "fluid_loss"\n', ""),
                                         "red_flags[3] (fluid_loss): question 'fluid_loss' must name this flag"),
    "tip for an unknown question": (replaced('when = ["frequent"]', 'when = ["often"]'),
                                    "tips[0] (bedtime_stretch): unknown question 'often'"),
    "undocumented not sure": (re.sub(r'unsure_because = """A clot.*?"""', 'unsure_because = "Clot."', RULES_TEXT,
                                     count=1, flags=re.DOTALL),
                              "questions[1] (leg_clot): unsure_because must be a string of at least 40 characters"),
    "schema": (replaced("schema = 1", "schema = 2"), "schema: expected 1"),
    "syntax": (RULES_TEXT + "\n[[questions]\n", "rules.toml: cannot read"),
    "b12 sign unknown": (replaced('signs = ["nerve_signs"]', 'signs = ["nerves"]'), "b12_test: unknown question 'nerves'"),
    "flag level differs": (replaced('level = "urgent_today"\nquestion = "leg_clot"', 'level = "emergency"\nquestion = "leg_clot"'),
                           "red_flags[1] (leg_clot_signs): question 'leg_clot' must name this flag and have the same level"),
}


@pytest.mark.parametrize("case", sorted(RULE_CASES))
def test_broken_rules_fail_naming_file_and_entry(tmp_path: Path, case: str) -> None:
    text, expected = RULE_CASES[case]
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ChecklistDataError) as error:
        load_rules(path)
    message = str(error.value)
    assert message.startswith("rules.toml: ")
    assert expected in message, message


def test_shipped_rules_load_with_a_short_fingerprint() -> None:
    rules = load_rules()
    assert re.fullmatch(r"[0-9a-f]{16}", rules.fingerprint)
    assert [q.id for q in rules.questions][:4] == ["chest_heart", "leg_clot", "long_cramp", "fluid_loss"]
    assert all(q.cautious for q in rules.questions)


WHY = 'why = "Those can be signs of an emergency, so I always check them first."'
TEXT_CASES = {
    "ssml": ("en", WHY, 'why = "Those can be signs of an emergency. <break/> I check them first."',
             "en/text.toml: questions.chest_heart.why: plain text only"),
    "digits": ("en", "more than ten minutes, even", "more than 10 minutes, even",
               "en/text.toml: questions.long_cramp.ask: write numbers in words"),
    "diagnosing": ("en", WHY, 'why = "It sounds like you have a blood clot."',
                   "questions.chest_heart.why: diagnosing wording"),
    "you've got": ("en", WHY, 'why = "You\'ve got an emergency."', "diagnosing wording ('you've got')"),
    "quinine": ("en", 'stretch = "During a cramp', 'stretch = "Quinine can help. During a cramp',
                "tips.text.stretch: quinine or magnesium"),
    "magnesium": ("en", 'fluids = "Drinking enough', 'fluids = "Magnesium and drinking enough',
                  "tips.text.fluids: quinine or magnesium"),
    "offer to call": ("en", 'text = "Would you like to ask me anything about leg cramps or vitamin B12?"',
                      'text = "Shall I call a doctor for you?"', "follow_up.text: an offer to call someone"),
    "offer to call, emergency": ("en", 'advice = "Please call {emergency_number} now.',
                                 'advice = "Want me to call {emergency_number} now?',
                                 "levels.emergency.advice: an offer to call someone"),
    "missing key": ("en", 'done = "Okay, going back."\n', "", "en/text.toml, en-US/text.toml: missing back.done"),
    "typo in a key": ("en", "[questions.frequent]", "[questions.frequnet]",
                      "en/text.toml: questions.frequnet.ask: unknown key"),
    "too long": ("en", 'ask = "Do you get cramps often, or do they wake you at night?"',
                 'ask = "Do you get cramps often, or do they wake you at night, or in the morning, or in the '
                 'afternoon, or in the evening?"', "questions.frequent.ask: 113 characters, at most 110"),
    "unknown placeholder": ("en", "up to {count} quick", "up to {total} quick",
                            "intro.start: unknown placeholder total"),
    "format spec": ("en", "up to {count} quick", "up to {count:^9} quick", "intro.start: placeholders are plain"),
    "conversion": ("en", "up to {count} quick", "up to {count!r} quick", "intro.start: placeholders are plain"),
    "attribute access": ("en", "up to {count} quick", "up to {count.__class__} quick",
                         "intro.start: placeholders are plain"),
    "unbalanced brace": ("en", "up to {count} quick", "up to {count} {quick", "intro.start: unbalanced braces"),
    "placeholder dropped": ("en", "up to {count} quick", "up to a few quick", "intro.start: must use count"),
    "question mark": ("en", "wake you at night?", "wake you at night.", "questions.frequent.ask: must end with"),
    "capitalised topic": ("en", 'topic = "frequent or night-time cramps"', 'topic = "Frequent cramps"',
                          "questions.frequent.topic: a phrase used mid-sentence"),
    "number in a language folder": ("en", "[answers]", '[emergency]\nnumber = "999"\nspoken = "nine nine nine"\n\n[answers]',
                                    "en/text.toml: emergency.number: the emergency number belongs in a country folder"),
    "number not digits": ("en-US", 'number = "911"', 'number = "9l1"', "en-US/text.toml: emergency.number: digits only"),
    "spoken number with digits": ("en-US", 'spoken = "nine one one"', 'spoken = "9 one one"',
                                  "en-US/text.toml: emergency.spoken: the number in lower-case words"),
    "not a list": ("en", "numbers = [", 'numbers = "one" #', "words.numbers: must be a non-empty list"),
    "wrong type": ("en", 'at_start = "That\'s the first question."', "at_start = 1", "back.at_start: must be a non-empty string"),
}


@pytest.mark.parametrize("case", sorted(TEXT_CASES))
def test_broken_text_fails_naming_file_and_key(tmp_path: Path, case: str) -> None:
    folder, old, new, expected = TEXT_CASES[case]
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / folder / "text.toml"
    original = path.read_text(encoding="utf-8")
    assert original.count(old) >= 1, old
    path.write_text(original.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ChecklistDataError) as error:
        load_texts(("en", "en-US"), load_rules(), data_dir=data)
    assert expected in str(error.value), str(error.value)


def test_a_locale_without_an_emergency_number_is_unsupported() -> None:
    with pytest.raises(UnsupportedLocale, match="no emergency number"):
        load_texts(("en",), load_rules())


def test_shipped_text_loads_and_every_value_is_plain() -> None:
    texts = load_texts(("en", "en-US"), load_rules())
    assert texts.say("levels.emergency.title") == "Call nine one one now"
    assert texts.write("levels.emergency.title") == "Call 911 now"
    for key, value in texts.values.items():
        for item in (value if isinstance(value, tuple) else (value,)):
            assert "<" not in item and ">" not in item, key
            if key != "emergency.number":
                assert not re.search(r"\d", item.replace("B12", "")), key
