"""The data files are validated at load: a bad edit fails with the file and entry named, never in a talk."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from skill.checklist import ChecklistDataError, Level, UnsupportedLocale
from skill.checklist.rules import RULES_PATH, load_rules
from skill.checklist.text import load_texts
from skill.content import CONTENT_DIR
from tests.checklist.conftest import (
    EMERGENCY_QUESTIONS,
    EXPECTED_FOLLOW_LEVEL,
    EXPECTED_RED_FLAGS,
    EXPECTED_YES_LEVEL,
    QUESTION_IDS,
)

RULES_TEXT = RULES_PATH.read_text(encoding="utf-8")


def question_blocks(text: str) -> tuple[str, list[str], str]:
    """Split rules.toml into its head, the [[questions]] blocks and the rest."""
    head, _, rest = text.partition("[[questions]]")
    body, marker, tail = rest.partition("# --- Combinations")
    blocks = ["[[questions]]" + block for block in body.split("[[questions]]")]
    return head, blocks, marker + tail


def reordered(order: list[int]) -> str:
    head, blocks, tail = question_blocks(RULES_TEXT)
    return head + "".join(blocks[i] for i in order) + tail


def replaced(old: str, new: str) -> str:
    assert RULES_TEXT.count(old) == 1, old
    return RULES_TEXT.replace(old, new)


def flag_block(flag_id: str) -> str:
    """The [[red_flags]] entry for ``flag_id``, up to the blank line that ends it."""
    start = RULES_TEXT.index(f'[[red_flags]]\nid = "{flag_id}"\n')
    return RULES_TEXT[start:RULES_TEXT.index("\n\n", start) + 1]


def flag_edited(flag_id: str, old: str, new: str) -> str:
    block = flag_block(flag_id)
    assert block.count(old) == 1, (flag_id, old)
    return replaced(block, block.replace(old, new))


LAST = len(question_blocks(RULES_TEXT)[1]) - 1  # frequent, the last question
RULE_CASES = {
    "unknown level": (replaced('id = "chest"\nyes = "emergency"', 'id = "chest"\nyes = "emergent"'),
                      "questions[0] (chest): yes: unknown level 'emergent'"),
    "follow-up not above its question": (
        replaced('follow = { id = "long_cramp", yes = "urgent_today" }', 'follow = { id = "long_cramp", yes = "appointment" }'),
        f"questions[{LAST}] (frequent).follow: a follow-up must reach a higher level than its question"),
    "emergency question after a lower one": (reordered([*range(1, LAST + 1), 0]),
                                             "questions (chest): must come before 'frequent': emergencies first"),
    "emergency follow-up after a lower question": (
        reordered([0, 1, 2, 3, 10, 4, 5, 6, 7, 8, 9, *range(11, LAST + 1)]),
        "questions (heartbeat): must come before 'pregnancy': emergencies first"),
    "duplicate id": (replaced('id = "frequent"', 'id = "nerve_signs"'), "duplicate id 'nerve_signs'"),
    "follow-up id taken by a question": (replaced('{ id = "long_cramp"', '{ id = "chest"'), "duplicate id 'chest'"),
    "id named done": (replaced('id = "frequent"', 'id = "done"'), f"questions[{LAST}]: id must be snake_case"),
    "unknown key": (replaced('id = "frequent"\n', 'id = "frequent"\nyess = "x"\n'), f"questions[{LAST}]: unknown key yess"),
    "no source": (replaced('id = "cold_leg"\nyes = "emergency"\nsources = ["NHS-PAD"]\n', 'id = "cold_leg"\nyes = "emergency"\n'),
                  "questions[2]: missing sources"),
    "empty sources": (replaced('id = "cold_leg"\nyes = "emergency"\nsources = ["NHS-PAD"]', 'id = "cold_leg"\nyes = "emergency"\nsources = []'),
                      "questions[2] (cold_leg): sources must not be empty"),
    "condition on a later question": (replaced('ask_if_any = ["nerve_signs"]', 'ask_if_any = ["frequent"]'),
                                      "(b12_risk): ask_if_any names 'frequent', which no earlier question finds"),
    "too few questions": (reordered([0, 1, 2, 3, 4, 5, 6]), "questions: need 8 to 16, got 7"),
    "tips at emergency": (replaced('no_tips_at = ["urgent_today", "emergency"]', 'no_tips_at = ["urgent_today"]'),
                          "no_tips_at: must include emergency"),
    "urgent follow-up without a red flag": (
        replaced(flag_block("rest_pain"), ""),
        "questions (leg_pain): 'rest_pain' is urgent: a red flag must find it"),
    "tip for an unknown finding": (replaced('when = ["frequent"]', 'when = ["often"]'),
                                   "tips[0] (bedtime_stretch): unknown finding 'often'"),
    "schema": (replaced("schema = 2", "schema = 1"), "schema: expected 2"),
    "syntax": (RULES_TEXT + "\n[[questions]\n", "rules.toml: cannot read"),
    "b12 sign unknown": (replaced('signs = ["nerve_signs"]', 'signs = ["nerves"]'), "b12_test: unknown finding 'nerves'"),
    "combination with an unknown finding": (replaced('all = ["leg_clot", "chest"]', 'all = ["leg_clot", "chest_pain"]'),
                                            "combinations[0]: needs two or more known findings (unknown: chest_pain)"),
    "flag level differs": (flag_edited("leg_clot", 'level = "urgent_today"', 'level = "emergency"'),
                           "red_flags[10] (leg_clot): its findings reach urgent_today, not emergency"),
    "flag asks an unknown question": (
        flag_edited("leg_clot", 'then_ask = ["chest"]', 'then_ask = ["chest_heart"]'),
        "red_flags[10] (leg_clot): unknown finding or question chest_heart"),
    "flag below same day": (flag_edited("long_cramp", 'finds = ["frequent", "long_cramp"]\nlevel = "urgent_today"',
                                        'finds = ["frequent"]\nlevel = "appointment"'),
                            "red_flags[11] (long_cramp): a red flag must reach at least urgent_today"),
    "duplicate flag": (replaced('id = "toxic"', 'id = "fluid_loss"'), "duplicate id 'fluid_loss'"),
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
    assert [q.id for q in rules.questions][:4] == list(EMERGENCY_QUESTIONS)


def test_shipped_rules_give_the_levels_the_research_gives() -> None:
    """Levels written out from the revised research (tests/checklist/conftest.py), not read from the data."""
    rules = load_rules()
    assert {q.id: q.yes for q in rules.questions} == EXPECTED_YES_LEVEL
    assert {q.follow.id: (q.id, q.follow.yes) for q in rules.questions if q.follow} == EXPECTED_FOLLOW_LEVEL
    assert {flag.id: flag.level for flag in rules.red_flags} == EXPECTED_RED_FLAGS
    # chest symptoms with a painful swollen leg: a possible clot in the lung [NHS-DVT]
    assert rules.level_of(["leg_clot", "chest"]) is Level.EMERGENCY
    # a racing heartbeat in the first days of B12 injections: possible low potassium [LABEL]
    assert rules.level_of(["heartbeat", "medicine_urgent"]) is Level.EMERGENCY
    # a risk factor alone changes nothing; it is only asked after a nerve sign
    assert rules.level_of(["b12_risk"]) is Level.SELF_CARE
    assert rules.question("b12_risk").ask_if_any == ("nerve_signs",)
    # every question that can lead to an emergency (alone, by its follow-up or combined) comes first
    can_reach_emergency = {*EMERGENCY_QUESTIONS, "heartbeat", "leg_clot", "dark_urine", "fluid_loss", "wound", "medicine"}
    assert set(QUESTION_IDS[:len(can_reach_emergency)]) == can_reach_emergency


WHY = 'why = "Those can be signs of an emergency, such as a clot in the lung, so I always check them first."'
LONG_ASK = "Do you get cramps often, or do they wake you at night, or in the morning, or in the afternoon, or in the evening, or at lunch time, or after a long walk?"
TEXT_CASES = {
    "ssml": ("en", WHY, 'why = "Those can be signs of an emergency. <break/> I check them first."',
             "en/checklist.toml: questions.chest.why: plain text only"),
    "digits": ("en", "more than ten minutes, even", "more than 10 minutes, even",
               "en/checklist.toml: questions.frequent.follow: write numbers in words"),
    "diagnosing": ("en", WHY, 'why = "It sounds like you have a blood clot."',
                   "questions.chest.why: diagnosing wording"),
    "you've got": ("en", WHY, 'why = "You\'ve got an emergency."', "diagnosing wording ('you've got')"),
    "quinine": ("en", 'stretch = "During a cramp', 'stretch = "Quinine can help. During a cramp',
                "tips.text.stretch: quinine or magnesium"),
    "magnesium": ("en", 'fluids = "Drinking enough', 'fluids = "Magnesium and drinking enough',
                  "tips.text.fluids: quinine or magnesium"),
    "offer to call": ("en", 'text = "Would you like to ask me anything about leg cramps or vitamin B12?"',
                      'text = "Shall I call a doctor for you?"', "follow_up.text: an offer to call someone"),
    "offer to call, emergency": ("en", 'advice = "Call {emergency_number} now.',
                                 'advice = "Want me to call {emergency_number} now.',
                                 "levels.emergency.advice: an offer to call someone"),
    "offer to call, red flag note": ("en", 'note = "Call even if the signs go away, and don\'t drive yourself."',
                                     'note = "I can call an ambulance if the signs go away."',
                                     "questions.stroke.note: an offer to call someone"),
    "missing key": ("en", 'done = "Okay, going back."\n', "", "en/checklist.toml, en-US/checklist.toml: missing back.done"),
    "missing clarifying question": ("en", 'clarify = "Does your chest hurt or feel tight, or is it hard to catch your '
                                    'breath, right now?"\n', "", "missing questions.chest.clarify"),
    "missing follow-up": ("en", 'follow = "Do you also feel dizzy or faint with it?"\n', "",
                          "missing questions.heartbeat.follow"),
    "missing follow-up topic": ("en", 'follow_topic = "a racing heartbeat with dizziness"\n', "",
                                "missing questions.heartbeat.follow_topic"),
    "missing red flag topic": ("en", 'topic = "leg pain at rest that eases when the leg hangs down"\n\n[answers]',
                               "[answers]", "missing red_flags.rest_pain.topic"),
    "missing counted yes": ("en", 'counted_yes = "I\'ll count that as a yes, to be safe."\n', "",
                            "missing answers.counted_yes"),
    "follow-up on a question without one": ("en", "[questions.stroke]\n", '[questions.stroke]\nfollow = "Is it bad?"\n',
                                            "en/checklist.toml: questions.stroke.follow: unknown key"),
    "unknown red flag": ("en", "[red_flags.chest]", "[red_flags.chest_heart]",
                         "en/checklist.toml: red_flags.chest_heart.topic: unknown key"),
    "typo in a key": ("en", "[questions.frequent]", "[questions.frequnet]",
                      "en/checklist.toml: questions.frequnet.ask: unknown key"),
    "too long": ("en", 'ask = "Do you get cramps often, or do they wake you at night?"', f'ask = "{LONG_ASK}"',
                 f"questions.frequent.ask: {len(LONG_ASK)} characters, at most 130"),
    "unknown placeholder": ("en", "Meanwhile, {count} things", "Meanwhile, {total} things",
                            "tips.intro: unknown placeholder total"),
    "format spec": ("en", "Meanwhile, {count} things", "Meanwhile, {count:^9} things", "tips.intro: placeholders are plain"),
    "conversion": ("en", "Meanwhile, {count} things", "Meanwhile, {count!r} things", "tips.intro: placeholders are plain"),
    "attribute access": ("en", "Meanwhile, {count} things", "Meanwhile, {count.__class__} things",
                         "tips.intro: placeholders are plain"),
    "unbalanced brace": ("en", "Meanwhile, {count} things", "Meanwhile, {count} {things", "tips.intro: unbalanced braces"),
    "placeholder dropped": ("en", "Meanwhile, {count} things", "Meanwhile, a few things", "tips.intro: must use count"),
    "placeholder in the intro": ("en", "I'll ask some quick", "I'll ask {count} quick", "intro.start: unknown placeholder count"),
    "question mark": ("en", "wake you at night?", "wake you at night.", "questions.frequent.ask: must end with"),
    "capitalised topic": ("en", 'topic = "frequent or night-time cramps"', 'topic = "Frequent cramps"',
                          "questions.frequent.topic: a phrase used mid-sentence"),
    "number in the language's text": ("en", "[answers]", '[emergency]\nnumber = "999"\nspoken = "nine nine nine"\n\n[answers]',
                                      "en/checklist.toml: emergency.number: unknown key (the emergency number belongs in locale.toml)"),
    "number in the locale's text": ("en-US", "[levels.urgent_today]", '[emergency]\nspoken = "nine one one"\n\n[levels.urgent_today]',
                                    "en-US/checklist.toml: emergency.spoken: unknown key (the emergency number belongs in locale.toml)"),
    "not a list": ("en", "numbers = [", 'numbers = "one" #', "words.numbers: must be a non-empty list"),
    "wrong type": ("en", 'at_start = "That\'s the first question."', "at_start = 1", "back.at_start: must be a non-empty string"),
}


@pytest.mark.parametrize("case", sorted(TEXT_CASES))
def test_broken_text_fails_naming_file_and_key(tmp_path: Path, case: str) -> None:
    folder, old, new, expected = TEXT_CASES[case]
    data = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, data, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    path = data / folder / "checklist.toml"
    original = path.read_text(encoding="utf-8")
    assert original.count(old) >= 1, old
    path.write_text(original.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ChecklistDataError) as error:
        load_texts("en-US", load_rules(), root=data)
    assert expected in str(error.value), str(error.value)


def test_a_locale_without_an_emergency_number_is_unsupported() -> None:
    with pytest.raises(UnsupportedLocale, match="not a locale the skill serves"):
        load_texts("en", load_rules())


def test_speech_says_the_number_in_words_and_the_card_writes_it() -> None:
    texts = load_texts("en-US", load_rules())
    assert texts.say("levels.emergency.title") == "Call nine one one now"
    assert texts.write("levels.emergency.title") == "Call 911 now"


def test_shipped_text_says_what_the_research_asks() -> None:
    """Wording the revised research fixes: the number first in an emergency, today or tonight for same
    day, no reassurance at self-care, a safety line in every re-ask, stroke notes, "not sure" counted as yes."""
    texts = load_texts("en-US", load_rules())
    assert texts.say("levels.emergency.advice").startswith("Call nine one one now.")
    assert texts.say("levels.urgent_today.advice").startswith("Please get medical help today or tonight.")
    assert "urgent care or an emergency room" in texts.say("levels.urgent_today.advice")  # en-US
    self_care = texts.say("levels.self_care.advice")
    assert self_care.startswith("None of the warning signs I asked about came up.")
    assert "you are fine" not in self_care.lower() and "you're fine" not in self_care.lower()
    for key in ("miss.first", "miss.second"):
        assert texts.say(key).endswith("If this could be an emergency, call nine one one."), key
    assert "call nine one one now" in texts.say("answers.reprompt_emergency")
    assert texts.say("stop.emergency_question") == "If any of those signs are happening, call nine one one now."
    assert texts.say("answers.counted_yes") == "I'll count that as a yes, to be safe."
    for key in ("questions.stroke.note", "red_flags.stroke.note"):
        assert "even if the signs go away" in texts.say(key) and "don't drive yourself" in texts.say(key)
    assert "{count}" not in str(texts.values["intro.start"])
    for question in QUESTION_IDS:
        assert texts.say(f"questions.{question}.clarify") != texts.say(f"questions.{question}.ask")
