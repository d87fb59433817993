"""Whole conversations through lambda_handler, with session attributes carried between turns."""
from __future__ import annotations

from skill.knowledge import load_knowledge
from skill.dialogue.replies import load_prompts
from tests.alexa import Conversation, slot

KB = load_knowledge("en-US")
PROMPTS = load_prompts("en-US")
B12 = KB.cause("b12")


def test_launch_question_more_source_repeat_stop() -> None:
    talk = Conversation()
    welcome = talk.launch()
    assert "Leg Cramp Helper" in welcome.speech and welcome.ends is False

    answer = talk.say("CauseIntent", slot("cause", "b twelve", B12.id, B12.names[0]))
    assert answer.speech.startswith(B12.answer.short)
    assert answer.speech.endswith("?") and answer.ends is False

    more = talk.say("TellMeMoreIntent")
    assert more.speech.startswith(B12.answer.more[0])
    assert B12.answer.short not in more.speech

    source = talk.say("SourceIntent")
    named = [KB.sources[s].spoken for s in B12.answer.sources[:3]]
    assert all(name in source.speech for name in named)
    assert all(KB.sources[s].title in source.card["content"] for s in B12.answer.sources)

    repeat = talk.say("AMAZON.RepeatIntent")
    assert repeat.speech.startswith(B12.answer.more[0])

    goodbye = talk.say("AMAZON.StopIntent")
    assert goodbye.speech in PROMPTS.variants("goodbye.speech") and goodbye.ends is True


def test_go_back_returns_to_the_previous_answer() -> None:
    talk = Conversation()
    talk.say("BTwelveFoodsIntent")
    talk.say("RestlessLegsIntent")
    back = talk.say("AMAZON.PreviousIntent")
    assert back.speech.startswith(KB.topic("b12_foods").answer.short)
    again = talk.say("AMAZON.PreviousIntent")
    assert again.speech.startswith(PROMPTS.say("back.nothing"))


def test_yes_walks_through_every_follow_up_then_offers_another_question() -> None:
    overview = KB.topic("causes_overview")
    talk = Conversation()
    first = talk.say("CausesOverviewIntent")
    assert first.speech.startswith(overview.answer.short)
    for chunk in overview.answer.more:
        assert talk.say("AMAZON.YesIntent").speech.startswith(chunk)
    done = talk.say("TellMeMoreIntent")
    assert done.speech.startswith(PROMPTS.say("followup.no_more"))
    assert done.ends is False and done.speech.endswith("?")


def test_no_thanks_then_no_more_questions_ends_politely() -> None:
    talk = Conversation()
    talk.say("BTwelveRoleIntent")
    declined = talk.say("AMAZON.NoIntent")
    assert declined.ends is False and declined.speech.endswith("?")
    finished = talk.say("AMAZON.NoIntent")
    assert finished.ends is True and finished.speech in PROMPTS.variants("goodbye.speech")


def test_yes_to_another_question_invites_one() -> None:
    talk = Conversation()
    talk.say("SourceIntent")
    talk.say("PreventionIntent")
    talk.say("AMAZON.NoIntent")
    invite = talk.say("AMAZON.YesIntent")
    assert invite.speech.endswith("?") and invite.ends is False


def test_help_is_contextual() -> None:
    talk = Conversation()
    start = talk.say("AMAZON.HelpIntent")
    assert start.speech.startswith(PROMPTS.say("help.start"))
    talk.say("NoSuchThing")
    talk.say("BTwelveFoodsIntent")
    offer = talk.say("AMAZON.HelpIntent")
    assert offer.speech.startswith(PROMPTS.say("help.after_offer"))
    # after help, "yes" still means what the skill offered before
    more = talk.say("AMAZON.YesIntent")
    assert more.speech.startswith(KB.topic("b12_foods").answer.more[0])


def test_treatment_follow_ups_and_source_stay_on_the_treatment() -> None:
    talk = Conversation()
    cause = KB.cause("dehydration")
    talk.say("TreatmentIntent", slot("cause", "not drinking enough", cause.id))
    source = talk.say("SourceIntent")
    assert KB.sources[cause.treatment.sources[0]].spoken in source.speech


def test_start_over_and_home_reset_the_conversation() -> None:
    talk = Conversation()
    talk.say("BTwelveFoodsIntent")
    home = talk.say("AMAZON.StartOverIntent")
    assert home.speech.startswith(PROMPTS.say("home.intro"))
    assert talk.say("AMAZON.PreviousIntent").speech.startswith(PROMPTS.say("back.nothing"))
    nav = talk.say("AMAZON.NavigateHomeIntent")
    assert nav.speech.startswith(PROMPTS.say("home.intro")) and nav.ends is False


def test_nothing_to_repeat_or_source_at_the_start() -> None:
    assert Conversation().say("AMAZON.RepeatIntent").speech.startswith(PROMPTS.say("repeat.nothing"))
    assert Conversation().say("SourceIntent").speech.startswith(PROMPTS.say("source.nothing"))
    assert Conversation().say("TellMeMoreIntent").speech.startswith(PROMPTS.say("next.nothing"))


def test_repeat_after_launch_repeats_the_welcome() -> None:
    talk = Conversation()
    talk.launch()
    assert PROMPTS.say("launch.disclaimer") in talk.say("AMAZON.RepeatIntent").speech


def test_session_end_mid_conversation_is_silent() -> None:
    talk = Conversation()
    talk.say("BTwelveFoodsIntent")
    ended = talk.end("EXCEEDED_MAX_REPROMPTS")
    assert ended.envelope["response"] == {}
