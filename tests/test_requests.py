"""Single requests through lambda_handler: every intent, every knowledge entry, bad slots and bad input."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from skill.app import lambda_handler
from skill.knowledge import load_knowledge
from skill.dialogue.replies import load_prompts
from skill.simulator.model import load_model
from tests.alexa import Conversation, Turn, envelope, fixture, intent_request, slot

KB = load_knowledge("en-US")
PROMPTS = load_prompts("en-US")
MODEL_INTENTS = [intent.name for intent in load_model(Path(__file__).parent.parent / "interaction_models" / "en-US.json").intents]



def spoken(text: str) -> str:
    """Knowledge text as an en-US listener hears it: the placeholder becomes 911, said as words."""
    return text.replace("{emergency_number}", "nine one one")

def one_shot(intent: str, *slots: dict) -> Turn:
    return Conversation().say(intent, *slots)


def variants(key: str) -> tuple[str, ...]:
    return PROMPTS.variants(key)


def is_fallback(turn: Turn) -> bool:
    return any(turn.speech.startswith(v) for v in variants("fallback.speech"))


@pytest.mark.parametrize("intent", MODEL_INTENTS)
def test_every_model_intent_gets_its_own_answer_not_the_fallback(intent: str) -> None:
    """Said at the start of a session, every intent in the model is understood (only the fallback
    intent itself gets the fallback); the built-ins that end the session say goodbye."""
    turn = one_shot(intent)
    assert is_fallback(turn) is (intent == "AMAZON.FallbackIntent")
    assert turn.speech


def test_launch_names_the_skill_disclaims_and_asks() -> None:
    turn = Turn(lambda_handler(fixture("launch"), None))
    assert "Leg Cramp Helper" in turn.speech
    assert PROMPTS.say("launch.disclaimer") in turn.speech
    assert turn.speech.endswith("?") and turn.reprompt.endswith("?")
    assert turn.ends is False


def test_one_shot_cause_from_a_captured_request() -> None:
    turn = Turn(lambda_handler(fixture("one_shot_cause_b12"), None))
    assert turn.speech.startswith(spoken(KB.cause("b12").answer.short))
    assert turn.card["title"] == KB.cause("b12").title
    assert turn.ends is False and turn.reprompt


def test_session_ended_gets_an_empty_response() -> None:
    response = lambda_handler(fixture("session_ended_error"), None)
    assert response["response"] == {}


# What each fixed-topic intent of the interaction model asks about (its samples), and the entry that answers it.
FIXED_TOPIC_QUESTIONS = {
    "CausesOverviewIntent": "causes_overview",  # "what causes leg cramps"
    "BTwelveSymptomsIntent": "b12_symptoms",  # "what are the signs of low b twelve"
    "BTwelveRoleIntent": "b12_role",  # "what does b twelve do"
    "BTwelveExcessIntent": "b12_supplements",  # "can too much b twelve cause cramps"
    "BTwelveInjectionsIntent": "b12_injections",  # "can b twelve shots cause cramps"
    "PreventionIntent": "prevention",  # "how can i prevent leg cramps"
    "DuringCrampIntent": "during_cramp",  # "what helps during a cramp"
    "BTwelveFoodsIntent": "b12_foods",  # "which foods have b twelve"
    "RestlessLegsIntent": "restless_legs",  # "is it restless legs or a cramp"
    "SeeDoctorIntent": "see_doctor",  # "when should i see a doctor about leg cramps"
}


@pytest.mark.parametrize(("intent", "entry_id"), sorted(FIXED_TOPIC_QUESTIONS.items()))
def test_each_topic_intent_answers_its_entry_one_shot(intent: str, entry_id: str) -> None:
    turn = one_shot(intent)
    entry = KB.entry(entry_id)
    assert turn.speech.startswith(spoken(entry.answer.short))
    assert turn.card["title"] == entry.title
    assert "not medical advice" in turn.card["content"]
    assert turn.ends is False and turn.speech.endswith("?") and turn.reprompt.endswith("?")


@pytest.mark.parametrize("entry", [*KB.causes, *KB.topics], ids=lambda e: e.id)
def test_every_entry_is_reachable_by_name(entry) -> None:
    turn = one_shot("TopicIntent", slot("topic", entry.names[-1], entry.id, entry.names[0]))
    assert turn.speech.startswith(spoken(entry.answer.short))
    # the locale's number, written, on the card: never the placeholder (en-US: 911)
    assert "{" not in turn.card["content"]
    assert "911" in turn.card["content"]  # the disclaimer always names it
    if "{emergency_number}" in entry.answer.card:
        assert entry.answer.card.replace("{emergency_number}", "911") in turn.card["content"]


@pytest.mark.parametrize("cause", KB.causes, ids=lambda c: c.id)
def test_every_cause_and_its_treatment(cause) -> None:
    about = one_shot("CauseIntent", slot("cause", cause.names[0], cause.id))
    assert about.speech.startswith(spoken(cause.answer.short))
    treatment = one_shot("TreatmentIntent", slot("cause", cause.names[0], cause.id))
    assert treatment.speech.startswith(spoken(cause.treatment.short))
    assert treatment.card["title"].startswith(cause.title)


def test_treatment_without_a_cause_is_general() -> None:
    turn = one_shot("TreatmentIntent", slot("cause"))
    assert turn.speech.startswith(spoken(KB.topic("treatment_general").answer.short))


def test_compare_two_causes_names_both_signs() -> None:
    first, second = KB.cause("b12"), KB.cause("dehydration")
    turn = one_shot("CompareCausesIntent", slot("cause_a", "low b twelve", first.id),
                    slot("cause_b", "dehydration", second.id))
    assert first.signs in turn.speech and second.signs in turn.speech
    assert first.title in turn.card["title"] and second.title in turn.card["title"]
    assert first.treatment.short in turn.card["content"]


def test_compare_without_slots_gives_the_overview() -> None:
    turn = one_shot("CompareCausesIntent", slot("cause_a"), slot("cause_b"))
    assert turn.speech.startswith(spoken(KB.topic("compare_causes").answer.short))


@pytest.mark.parametrize("intent,slot_name", [("CauseIntent", "cause"), ("TreatmentIntent", "cause"),
                                              ("TopicIntent", "topic"), ("CompareCausesIntent", "cause_a")])
def test_unmatched_slot_value_gets_a_helpful_reask(intent: str, slot_name: str) -> None:
    turn = one_shot(intent, slot(slot_name, "moon dust", matched=False), slot("cause_b", "dehydration", "dehydration"))
    kind = "topic" if slot_name == "topic" else "cause"
    assert PROMPTS.say(f"slots.{kind}_unknown", value="moon dust") in turn.speech
    assert turn.speech.endswith(PROMPTS.say(f"slots.{kind}_choices"))
    assert turn.ends is False and turn.reprompt


@pytest.mark.parametrize("intent,slot_name,general_answer", [
    ("TreatmentIntent", "cause", "treatment_general"), ("CauseIntent", "cause", "causes_overview"),
    ("RemedyIntent", "remedy", "treatment_general")])
@pytest.mark.parametrize("heard", ["leg cramps", "my leg cramps usually", "these muscle cramps in the legs"])
def test_general_words_in_a_slot_get_the_general_answer(intent: str, slot_name: str, general_answer: str,
                                                        heard: str) -> None:
    """Issue 11: general words ("how are leg cramps treated") never stand for a cause; Alexa may still send
    them in the slot, unmatched, and the skill answers in general rather than "I don't know leg cramps"."""
    turn = one_shot(intent, slot(slot_name, heard, matched=False))
    assert turn.speech.startswith(spoken(KB.topic(general_answer).answer.short))
    assert PROMPTS.say(f"slots.{'remedy' if slot_name == 'remedy' else 'cause'}_unknown", value=heard) not in turn.speech


def test_a_general_word_beside_an_unknown_one_is_still_unknown() -> None:
    turn = one_shot("CauseIntent", slot("cause", "moon dust cramps", matched=False))
    assert PROMPTS.say("slots.cause_unknown", value="moon dust cramps") in turn.speech


def test_resolved_id_the_skill_never_listed_is_treated_as_unknown() -> None:
    turn = one_shot("CauseIntent", slot("cause", "gravity", "gravity_id"))
    assert PROMPTS.say("slots.cause_unknown", value="gravity") in turn.speech


def test_missing_cause_value_gives_the_overview() -> None:
    turn = one_shot("CauseIntent", slot("cause"))
    assert turn.speech.startswith(spoken(KB.topic("causes_overview").answer.short))


def test_echoed_slot_values_are_escaped_in_ssml() -> None:
    turn = one_shot("CauseIntent", slot("cause", "salt & <b>pepper</b> \"quoted\"", matched=False))
    assert "&amp;" in turn.ssml and "&lt;b&gt;" in turn.ssml and "<b>" not in turn.ssml
    assert "salt & <b>pepper</b>" in turn.speech


def test_slotless_intent_request_is_handled() -> None:
    event = envelope({"type": "IntentRequest", "intent": {"name": "CauseIntent"}}, new=True)
    turn = Turn(lambda_handler(event, None))
    assert turn.speech.startswith(spoken(KB.topic("causes_overview").answer.short))


def test_an_unknown_intent_gets_the_fallback() -> None:
    turn = one_shot("SomeRetiredIntent")
    assert any(v in turn.speech for v in variants("fallback.speech"))
    assert turn.ends is False


def test_fallback_says_what_you_can_ask() -> None:
    turn = one_shot("AMAZON.FallbackIntent")
    assert PROMPTS.say("fallback.offer") in turn.speech and turn.speech.endswith("?")


@pytest.mark.parametrize("intent", ["AMAZON.StopIntent", "AMAZON.CancelIntent"])
def test_stop_and_cancel_say_goodbye_and_end(intent: str) -> None:
    turn = one_shot(intent)
    assert turn.speech in variants("goodbye.speech")
    assert turn.ends is True and not turn.attributes


def test_help_at_the_start_explains_and_asks() -> None:
    turn = one_shot("AMAZON.HelpIntent")
    assert turn.speech.startswith(PROMPTS.say("help.start")) and turn.ends is False


def test_system_exception_request_gets_no_speech() -> None:
    event = envelope({"type": "System.ExceptionEncountered",
                      "error": {"type": "INVALID_RESPONSE", "message": "bad"},
                      "cause": {"requestId": "amzn1.echo-api.request.x"}}, new=False)
    assert lambda_handler(event, None)["response"] == {}


def apology_of(response: dict) -> str:
    """The apology's words: the catch-all's speech, as a listener hears it."""
    from skill.speech.ssml import to_plain

    return to_plain(response["response"]["outputSpeech"]["ssml"])


def test_catch_all_exception_handler_apologises(monkeypatch: pytest.MonkeyPatch, caplog) -> None:
    """A fault inside a handler is logged and the user hears a short apology, not silence; the session ends."""
    from skill.dialogue.replies import Replies

    def broken(self, entry_id, facet="about"):
        raise RuntimeError("knowledge store unavailable")

    monkeypatch.setattr(Replies, "entry", broken)
    turn = one_shot("BTwelveFoodsIntent")
    assert turn.speech.startswith("Sorry")
    assert "knowledge store" not in turn.speech and "Traceback" not in turn.speech
    assert turn.ends is True and not turn.reprompt
    assert any("request failed: RuntimeError" in r.getMessage() for r in caplog.records)


def test_catch_all_needs_neither_session_state_nor_prompts_nor_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """Its apology is static: it answers the same when reading the session or the prompts is what failed."""
    import skill.dialogue.replies as replies_module
    from skill.dialogue.memory import Memory

    event = envelope(intent_request("AMAZON.HelpIntent"), new=False, attributes={"v": 2, "pending": "more"})
    normal = lambda_handler(event, None)
    assert not apology_of(normal).startswith("Sorry")

    def unreadable(cls, attributes):
        raise TypeError("session attributes exploded")

    def no_prompts(locale):
        raise OSError("prompts.toml is gone")

    answers = []
    with monkeypatch.context() as patch:
        patch.setattr(Memory, "restore", classmethod(unreadable))
        answers.append(lambda_handler(event, None))
    with monkeypatch.context() as patch:
        patch.setattr(replies_module, "load_prompts", no_prompts)
        answers.append(lambda_handler(envelope(intent_request("AMAZON.HelpIntent"), new=True, locale="en-GB"), None))
        answers.append(lambda_handler(envelope(intent_request("AMAZON.HelpIntent"), new=True, locale="de-DE"), None))
    assert len({json.dumps(answer["response"], sort_keys=True) for answer in answers}) == 1
    assert apology_of(answers[0]).startswith("Sorry") and answers[0]["response"]["shouldEndSession"] is True


@pytest.mark.parametrize("event", [{}, {"version": "1.0"}, {"request": "nonsense"}, [], "text", None,
                                   {"version": "1.0", "request": {"type": "LaunchRequest"}, "session": 7}])
def test_unreadable_events_get_a_safe_spoken_refusal(event) -> None:
    response = lambda_handler(event, None)
    assert response["response"]["shouldEndSession"] is True
    assert apology_of(response).startswith("Sorry")


@pytest.mark.parametrize("attributes", [
    {"v": 2, "last": "entry|../../etc|about|0|"},
    {"v": 2, "last": "entry|dehydration|about|999|"},
    {"v": 2, "last": "entry|dehydration|about|²|"},
    {"v": 2, "last": "entry|dehydration|about|1"},
    {"v": 2, "last": "red_flag|no_such_flag|about|0|"},
    {"v": 2, "last": "checklist|step|about|0|", "checklist": {"v": 1}},
    {"v": 2, "last": {"kind": "entry"}, "history": "x", "pending": 5, "misses": True},
    {"v": 2, "last": "x" * 10_000, "pending": "more"},
    {"v": 99, "last": None},
    {"v": 2, "history": ["prompt|rm -rf|x|-1|3"] * 50},
    {"v": 2, "history": [["nested"], None, 7, "compare|b12|about|0|nonsense"]},
    {"v": 2, "pending": []},
    {"v": 2, "pending": {"more": 1}, "last": ["entry"], "misses": [], "history": {"a": 1}},
    {"v": 2, "checklist": [], "misses": 3.5, "last": 7},
    {"v": True, "pending": "more"},
    {"v": 2.0, "pending": "more"},
])
@pytest.mark.parametrize("intent", ["AMAZON.RepeatIntent", "AMAZON.PreviousIntent", "TellMeMoreIntent",
                                    "SourceIntent", "AMAZON.YesIntent", "AMAZON.HelpIntent"])
def test_tampered_session_memory_never_crashes(attributes: dict, intent: str) -> None:
    event = envelope(intent_request(intent), new=False, attributes=attributes)
    turn = Turn(lambda_handler(event, None))
    assert turn.speech and not turn.speech.startswith("Sorry, something went wrong")
    assert turn.ends is False and turn.reprompt


def test_every_prompt_key_named_in_the_code_exists() -> None:
    """A missing key would only surface as an apology at run time; catch it here instead."""
    import re

    package = Path(__file__).parent.parent / "skill"
    users = [package / "app.py", *(package / "dialogue").glob("*.py"), *(package / "handlers").glob("*.py")]
    source = "\n".join(path.read_text() for path in users)
    named = set(re.findall(r'say\(\s*"([a-z_]+\.[a-z_0-9]+)"', source))
    assert named, "the pattern found no prompt keys at all"
    missing = sorted(key for key in named if key not in PROMPTS.phrasings)
    assert not missing


def test_nesting_is_measured_by_brackets_outside_strings() -> None:
    """The depth guard before the SDK's recursive deserialiser: brackets inside strings don't count,
    many shallow brackets are fine, one level past the limit is refused."""
    from skill.app import MAX_EVENT_DEPTH, nested_too_deep

    deep = MAX_EVENT_DEPTH + 1
    assert not nested_too_deep(json.dumps({"said": "[" * 500 + "\"{{" * 100}))
    assert not nested_too_deep(json.dumps([[0]] * 500))
    assert not nested_too_deep("[" * MAX_EVENT_DEPTH + "]" * MAX_EVENT_DEPTH)
    assert nested_too_deep("[" * deep + "]" * deep)
    assert nested_too_deep(json.dumps({"s": "\\\"]]", "d": json.loads("[" * deep + "]" * deep)}))
    response = lambda_handler({"version": "1.0", "session": {"attributes": json.loads("[" * deep + "]" * deep)},
                               "request": {"type": "LaunchRequest"}}, None)
    assert apology_of(response).startswith("Sorry") and response["response"]["shouldEndSession"] is True
