"""The safety contract: every warning sign in the research reaches its level, wherever it is said.

Every expectation here is written out from shared/research/medical-facts.md ("Red flags and referral
levels" and "A starting point for the spoken checklist", revised 2026-11-30), never read from the
skill's rules, so a data edit that weakens a warning sign fails this file. Phrasings go through the
local simulator's resolver (standing in for Alexa's NLU) and then through ``lambda_handler`` as full
request envelopes, with session attributes carried between turns as Alexa carries them.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skill.checklist import Answer, Level, Outcome, Question, load_checklist
from skill.simulator.model import load_model
from skill.simulator.phrases import load_phrases
from skill.simulator.resolver import Resolver
from skill.simulator.session import Conversation, Turn
from skill.simulator.transport import InProcessTransport
from tests.fuzzing import examples

LOCALE = "en-US"
NUMBER = "nine one one"
MODEL = Path(__file__).parents[2] / "interaction_models" / f"{LOCALE}.json"
E, SD, CS, AP, SC = Level.EMERGENCY, Level.URGENT_TODAY, Level.CONTACT_SOON, Level.APPOINTMENT, Level.SELF_CARE

# Warning signs said in the user's own words, the level the research gives each, and several phrasings:
# the sign alone and mixed with cramp talk. (The blind, held-out corpus that measures understanding is
# tests/safety/heldout_red_flags.toml, run by `make safety-eval`; these are the contract's own cases.)
SIGNS: dict[str, tuple[Level, tuple[str, ...]]] = {
    "chest pain, trouble breathing, fainting": (E, (
        "my chest hurts and i've got leg cramps", "i can't breathe", "i passed out",
        "i'm coughing up blood")),
    "stroke signs": (E, (
        "my calf is cramping and my arm went weak", "half my face has gone droopy",
        "i'm slurring my words", "i suddenly can't feel my leg")),
    "a suddenly cold, pale leg": (E, (
        "my leg is cold and pale and numb", "my foot has turned blue", "my leg has gone cold")),
    "spasms or a stiff jaw after a wound": (E, (
        "i cut my foot on a rusty nail and now my jaw is stiff", "i have lockjaw")),
    "serious fluid loss or heatstroke": (E, (
        "i haven't peed all day", "i think i have heatstroke")),
    "dark pee with little or no pee": (E, ("i'm hardly peeing at all",)),
    "racing heartbeat with dizziness": (E, ("my heart is racing and i feel dizzy",)),
    "racing heartbeat in early B12 injections": (E, (
        "since i started b twelve injections my heart is racing",)),
    "sudden severe pain after an injury": (E, ("my leg pain is getting worse and worse",)),
    "back pain with numbness around the bottom": (E, (
        "my bottom has gone numb", "i've lost control of my bladder")),
    "a swollen warm leg": (SD, ("one leg is swollen and red", "i think i have a blood clot in my leg")),
    "a long cramp": (SD, ("my cramp won't stop even when i stretch",)),
    "dark pee with muscle pain": (SD, ("my pee is dark brown and my muscles hurt",)),
    "heavy vomiting, diarrhoea or sweating": (SD, (
        "i've been throwing up all day", "i've had bad diarrhea")),
    "cramps in the first days of B12 injections": (SD, (
        "since i started b twelve injections i've been cramping",)),
    "a racing heartbeat on its own": (SD, ("my heart is racing", "i have palpitations")),
    "a dirty wound without muscle symptoms": (SD, ("i stepped on a rusty nail",)),
    "contact with a toxic substance": (SD, ("i've been exposed to lead",)),
    "pre-eclampsia signs": (SD, ("i'm pregnant and my face suddenly swelled up",)),
    "rest pain in the leg": (SD, (
        "i have to hang my leg over the bed to ease the pain",)),
}
CASES = [(sign, level, phrase) for sign, (level, phrases) in SIGNS.items() for phrase in phrases]
PLACES = {
    "one-shot": (),
    "after an answer": ("what causes leg cramps",),
    "mid-checklist": ("check my symptoms", "no"),
    "mid-checklist, at a follow-up": ("check my symptoms", "no", "no", "no", "no", "yes"),
}
# No reply may offer to place a call: Alexa cannot, and certification forbids the offer.
CALL_OFFER = re.compile(r"\b(shall i|should i|want me to|i can|i could|i'll|i will|let me)\s+(call|dial|phone|ring)\b",
                        re.IGNORECASE)


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver(load_model(MODEL), load_phrases(LOCALE))


def level_heard(turn: Turn) -> Level | None:
    """Emergency when the very first sentence tells the user to call the number; same day when the
    reply says to get help today; otherwise None."""
    speech = (turn.speech or "").strip()
    first = re.split(r"(?<=[.!?])\s", speech, maxsplit=1)[0].lower()
    if first.startswith("call") and NUMBER in first:
        return E
    if re.search(r"\btoday\b", speech.lower()):
        return SD
    return None


def converse(resolver: Resolver, *said: str) -> list[Turn]:
    conversation = Conversation(resolver, InProcessTransport(), LOCALE)
    return [conversation.say(text) for text in said]


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize(("sign", "level", "phrase"), CASES, ids=[c[2] for c in CASES])
def test_every_warning_sign_reaches_its_level_wherever_it_is_said(
        resolver: Resolver, place: str, sign: str, level: Level, phrase: str) -> None:
    turns = converse(resolver, *PLACES[place], phrase)
    before, turn = turns[:-1], turns[-1]
    assert all(t.session_open for t in before), f"the lead-in must keep the session open ({place})"
    heard = level_heard(turn)
    assert heard is not None and heard >= level, (
        f"{sign!r} said as {phrase!r} ({place}) must reach {level.name}; heard: {turn.speech!r}")
    if level is E:
        assert not turn.session_open, "after emergency advice the user needs to act: the session ends"
        assert turn.card and "911" in turn.card["content"], "the card names the number too"
    else:
        assert turn.reprompt, "a same-day reply that keeps the session open asks something and reprompts"
    assert not CALL_OFFER.search(turn.speech or "")


def test_stroke_advice_says_call_even_if_signs_go_away_and_not_to_drive(resolver: Resolver) -> None:
    speech = (converse(resolver, "half my face has gone droopy")[-1].speech or "").lower()
    assert speech.startswith(f"call {NUMBER} now")
    assert "even if" in speech and "go away" in speech
    assert "don't drive" in speech


def test_same_day_flag_then_asks_what_could_make_it_an_emergency(resolver: Resolver) -> None:
    """A swollen leg with chest symptoms can be a clot in the lung [NHS-DVT]."""
    swollen, chest = converse(resolver, "one leg is swollen and red", "yes")
    assert level_heard(swollen) is SD and swollen.session_open
    assert level_heard(chest) is E and not chest.session_open
    dark, little = converse(resolver, "my pee is dark brown and my muscles hurt", "yes")
    assert level_heard(dark) is SD and level_heard(little) is E


def test_fallback_and_checklist_re_ask_carry_the_safety_line(resolver: Resolver) -> None:
    fallback = converse(resolver, "what's the capital of peru")[-1]
    assert fallback.understanding and fallback.understanding.intent == "AMAZON.FallbackIntent"
    assert f"if this could be an emergency, call {NUMBER}" in (fallback.speech or "").lower()
    assert (fallback.speech or "").rstrip().endswith("?"), "the safety line comes before the question"
    miss = converse(resolver, "check my symptoms", "purple monkey dishwasher")[-1]
    assert f"if this could be an emergency, call {NUMBER}" in (miss.speech or "").lower()


def test_stopping_at_an_emergency_question_carries_the_safety_line(resolver: Resolver) -> None:
    goodbye = converse(resolver, "check my symptoms", "stop")[-1]
    assert NUMBER in (goodbye.speech or "") and not goodbye.session_open
    quiet = converse(resolver, "check my symptoms")[-1]
    assert NUMBER in (quiet.reprompt or ""), "if the user goes quiet, the reprompt carries the safety line"


# --- the checklist, as a pure state machine -----------------------------------------------------------

# Level of a "yes" to each checklist question and follow-up, from the research's question list.
QUESTION_LEVEL = {
    "chest": E, "stroke": E, "cold_leg": E, "severe_pain": E,
    "heartbeat": SD, "leg_clot": SD, "dark_urine": SD, "fluid_loss": SD, "wound": SD,
    "medicine": CS, "pregnancy": AP, "leg_pain": AP, "nerve_signs": AP, "b12_risk": SC, "frequent": AP,
}
FOLLOW_LEVEL = {
    "heartbeat": E,  # with dizziness or fainting
    "dark_urine": E,  # little or no pee
    "fluid_loss": E,  # no pee all day, confusion, dizziness that does not pass, unwell after cooling
    "wound": E,  # stiff jaw or painful spasms
    "medicine": SD,  # injections started in the last few days, or lead or mercury
    "pregnancy": SD,  # pre-eclampsia signs
    "leg_pain": SD,  # rest pain easing when the leg hangs down
    "frequent": SD,  # a cramp lasting more than ten minutes
}
COMBINED = [({"chest", "leg_clot"}, E), ({"heartbeat", "medicine.follow"}, E)]
EMERGENCY_FIRST = {"chest", "stroke", "cold_leg", "severe_pain"}


def required_level(yes: set[str]) -> Level:
    """The level the research requires for these "yes" findings (question ids, "<id>.follow")."""
    levels = [QUESTION_LEVEL[f] if "." not in f else FOLLOW_LEVEL[f.split(".")[0]] for f in yes]
    levels += [level for together, level in COMBINED if together <= yes]
    return max(levels, default=SC)


def walk(answers: list[Answer]) -> tuple[Outcome, list[str], set[str]]:
    """Answer the checklist's prompts in order (then "no"); return the outcome, the prompts asked, and
    the findings the research says those answers mean (a second "not sure", or one to a follow-up, is yes)."""
    checklist = load_checklist(LOCALE)
    state, step = checklist.start()
    asked: list[str] = []
    yes: set[str] = set()
    for index in range(60):
        if isinstance(step, Outcome):
            return step, asked, yes
        assert isinstance(step, Question)
        prompt = step.id
        asked.append(prompt)
        answer = answers[index] if index < len(answers) else Answer.NO
        question, _, kind = prompt.partition(".")
        if kind == "follow" and answer is not Answer.NO:
            yes.add(f"{question}.follow")
        elif kind == "clarify" and answer is not Answer.NO:
            yes.add(question)
        elif not kind and answer is Answer.YES:
            yes.add(question)
        state, step = checklist.answer(state, answer)
    raise AssertionError("the checklist must end")


@settings(max_examples=examples(300), deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(list(Answer)), max_size=40))
def test_every_checklist_path_reaches_the_level_its_answers_require(answers: list[Answer]) -> None:
    outcome, asked, yes = walk(answers)
    assert outcome.level == required_level(yes), (asked, answers)
    main = [prompt for prompt in asked if "." not in prompt]
    assert set(main[:len(EMERGENCY_FIRST)]) <= EMERGENCY_FIRST, "every emergency question comes first"
    assert not CALL_OFFER.search(" ".join([outcome.speech, outcome.card_text]))


@pytest.mark.parametrize("question", QUESTION_LEVEL)
@pytest.mark.parametrize("how", ["yes", "not sure twice", "not sure then yes"])
def test_every_question_reaches_its_level_through_the_checklist(question: str, how: str) -> None:
    """Reaching each sign: "no" until the question comes, then a yes (or a not-sure counted as yes)."""
    checklist = load_checklist(LOCALE)
    state, step = checklist.start()
    for _ in range(40):
        assert isinstance(step, Question), f"{question} was never asked"
        if step.id == question:
            break
        state, step = checklist.answer(state, Answer.YES if step.id in {"nerve_signs"} and question == "b12_risk"
                                       else Answer.NO)
    replies = {"yes": [Answer.YES], "not sure twice": [Answer.UNSURE, Answer.UNSURE],
               "not sure then yes": [Answer.UNSURE, Answer.YES]}[how]
    for reply in replies:
        state, step = checklist.answer(state, reply)
    if how == "not sure twice" and isinstance(step, Question):
        assert "yes" in step.preface.lower(), "a second 'not sure' counts as yes, and the skill says so"
    while isinstance(step, Question):
        state, step = checklist.answer(state, Answer.NO)
    expected = max(QUESTION_LEVEL[question], AP if question == "b12_risk" else SC)
    assert step.level == expected


@pytest.mark.parametrize("question", FOLLOW_LEVEL)
def test_every_follow_up_reaches_its_level(question: str) -> None:
    checklist = load_checklist(LOCALE)
    state, step = checklist.start()
    while isinstance(step, Question) and step.id != question:
        state, step = checklist.answer(state, Answer.NO)
    state, step = checklist.answer(state, Answer.YES)
    assert isinstance(step, Question) and step.id == f"{question}.follow"
    state, step = checklist.answer(state, Answer.UNSURE)  # "not sure" to a follow-up counts as yes
    while isinstance(step, Question):
        state, step = checklist.answer(state, Answer.NO)
    assert step.level == FOLLOW_LEVEL[question]


def test_self_care_never_reassures() -> None:
    outcome, _, _ = walk([])
    assert outcome.level is SC
    assert "none of the warning signs i asked about came up" in outcome.speech.lower()
    assert not re.search(r"\byou('re| are) (fine|ok|okay|healthy)\b", outcome.speech, re.IGNORECASE)


def test_every_checklist_rule_cites_sources_the_skill_can_name() -> None:
    """Each rule traces to a health authority the skill can name on "where does that come from?"."""
    import tomllib

    from skill.checklist.rules import RULES_PATH
    from skill.content import CONTENT_DIR

    rules = tomllib.loads(RULES_PATH.read_text(encoding="utf-8"))
    known = tomllib.loads((CONTENT_DIR / "en" / "knowledge" / "sources.toml").read_text(encoding="utf-8"))["sources"]
    for table in ("questions", "combinations", "red_flags", "tips"):
        for rule in rules[table]:
            assert rule["sources"], f"{table}: {rule} has no source"
            assert set(rule["sources"]) <= set(known) - {"article"}, f"{table}: {rule['sources']}"
