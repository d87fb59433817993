"""The dialogue step driven directly: no envelopes, no SDK, just memory in and memory out.

The envelope-level tests (tests/test_conversations.py and friends) check the same behaviour through
``lambda_handler``; these show the step is usable, and pure, on its own.
"""
from __future__ import annotations

from skill.dialogue.memory import Memory, Pending
from skill.dialogue.replies import load_prompts
from skill.dialogue.step import LAUNCH, Slot, step
from skill.knowledge import load_knowledge

LOCALE = "en-US"
PROMPTS = load_prompts(LOCALE)
KB = load_knowledge(LOCALE)


def said(reply) -> str:
    return " ".join([*reply.sentences, *([reply.question] if reply.question else [])])


def test_the_step_is_pure_the_same_input_gives_the_same_output() -> None:
    memory = Memory()
    first = step(memory, "CauseIntent", {"cause": Slot("dehydration", "dehydration")}, LOCALE, seed="x")
    second = step(memory, "CauseIntent", {"cause": Slot("dehydration", "dehydration")}, LOCALE, seed="x")
    assert first == second and memory == Memory()


def test_an_answer_offers_more_and_yes_continues_it() -> None:
    entry = KB.cause("b12")
    reply, memory = step(Memory(), "CauseIntent", {"cause": Slot("b12", "b twelve")}, LOCALE)
    assert said(reply).startswith(entry.answer.short.replace("{emergency_number}", "nine one one"))
    assert memory.pending is Pending.MORE and memory.last is not None and memory.last.id == "b12"
    reply, memory = step(memory, "AMAZON.YesIntent", {}, LOCALE)
    assert said(reply).startswith(entry.answer.more[0].replace("{emergency_number}", "nine one one"))
    assert memory.last.step == 1


def test_a_red_flag_wins_in_the_middle_of_the_checklist() -> None:
    reply, memory = step(Memory(), "CheckSymptomsIntent", {}, LOCALE)
    assert reply.question and memory.checklist is not None
    reply, memory = step(memory, "RedFlagChestIntent", {}, LOCALE)
    assert said(reply).startswith("Call nine one one now") and reply.ends_session


def test_mid_checklist_a_question_is_a_miss_not_an_answer() -> None:
    _, memory = step(Memory(), "CheckSymptomsIntent", {}, LOCALE)
    asked = memory.checklist
    reply, memory = step(memory, "CauseIntent", {"cause": Slot("b12", "b twelve")}, LOCALE)
    assert reply.question and memory.checklist["answers"] == asked["answers"] == []
    assert "B12" not in " ".join(reply.sentences)  # not the knowledge answer


def test_go_back_returns_to_the_answer_before_and_says_so_when_there_is_none() -> None:
    reply, memory = step(Memory(), "AMAZON.PreviousIntent", {}, LOCALE)
    assert reply.sentences[0] in PROMPTS.variants("back.nothing")
    _, memory = step(memory, "PreventionIntent", {}, LOCALE)
    _, memory = step(memory, "BTwelveFoodsIntent", {}, LOCALE)
    reply, memory = step(memory, "AMAZON.PreviousIntent", {}, LOCALE)
    assert memory.last.id == "prevention" and said(reply).startswith(KB.topic("prevention").answer.short)


def test_no_to_another_question_says_goodbye_and_ends() -> None:
    _, memory = step(Memory(), LAUNCH, {}, LOCALE)
    reply, _ = step(memory, "AMAZON.NoIntent", {}, LOCALE)
    assert reply.ends_session and reply.sentences[0] in PROMPTS.variants("goodbye.speech")
