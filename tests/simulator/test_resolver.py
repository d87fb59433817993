"""The resolver against a small model of our own (tests/simulator/models/garden.json) and the project's."""
from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from skill.simulator.model import ModelError, load_model, parse_model
from skill.simulator.phrases import DATA_DIR, load_phrases
from skill.simulator.classifier import OUT_OF_DOMAIN, Guess
from skill.simulator.resolver import CATCH_ALL_LEAD, CATCH_ALL_LEAD_OVER_A_SLOT, FALLBACK_INTENT, URGENT_LEAD, Resolver

GARDEN = Path(__file__).parent / "models" / "garden.json"


@pytest.fixture(scope="module")
def garden() -> Resolver:
    return Resolver(load_model(GARDEN), load_phrases("en-US"))


def test_exact_sample_without_slots(garden: Resolver) -> None:
    found = garden.understand("Will it rain today?")
    assert (found.intent, found.method, found.launch, found.slots) == ("RainIntent", "sample", False, ())


def test_slot_value_resolves_to_canonical_name_and_id(garden: Resolver) -> None:
    slot = garden.understand("when should I water tomato").slot("plant")
    assert slot is not None
    assert (slot.value, [(m.name, m.id) for m in slot.matches]) == ("tomato", [("tomato", "TOMATO")])


def test_synonym_keeps_what_was_said_and_resolves_to_the_canonical_value(garden: Resolver) -> None:
    found = garden.understand("how often do I water my love apple")
    slot = found.slot("plant")
    assert found.intent == "WaterIntent" and slot is not None
    assert (slot.value, [(m.name, m.id) for m in slot.matches]) == ("love apple", [("tomato", "TOMATO")])


def test_value_without_id_gets_a_stable_invented_id(garden: Resolver) -> None:
    first = garden.understand("does my mint need water").slot("plant")
    again = garden.understand("when should i water mint").slot("plant")
    assert first is not None and again is not None
    assert first.matches[0].name == "mint" and first.matches[0].id == again.matches[0].id != ""


def test_unknown_slot_value_is_er_success_no_match_with_the_said_value(garden: Resolver) -> None:
    found = garden.understand("when should i water the cactus")
    slot = found.slot("plant")
    assert found.intent == "WaterIntent" and slot is not None
    assert (slot.value, slot.matches, slot.resolved) == ("the cactus", (), False)


def test_misspelt_slot_value_in_an_exact_sample_resolves_to_the_nearest_name(garden: Resolver) -> None:
    slot = garden.understand("when should i water tomatos").slot("plant")
    assert slot is not None and [m.id for m in slot.matches] == ["TOMATO"]


def test_two_slots_each_resolve(garden: Resolver) -> None:
    found = garden.understand("compare sweet basil and tomatoes")
    first, second = found.slot("first"), found.slot("second")
    assert found.intent == "CompareIntent" and first is not None and second is not None
    assert (first.value, first.matches[0].id, second.value, second.matches[0].id) == (
        "sweet basil", "BASIL", "tomatoes", "TOMATO")


def test_built_in_slot_type_has_value_and_no_resolutions(garden: Resolver) -> None:
    slot = garden.understand("sow 3 seeds").slot("count")
    assert slot is not None and (slot.value, slot.custom, slot.matches) == ("three", False, ())


def test_empty_slots_are_listed_without_a_value(garden: Resolver) -> None:
    found = garden.understand("yes")
    assert found.intent == "AMAZON.YesIntent" and found.slots == ()
    found = garden.understand("how deep do i sow seeds")
    slot = found.slot("count")
    assert found.intent == "SowIntent" and slot is not None and slot.value is None


@pytest.mark.parametrize("said, intent", [
    ("when shuld i water tomato", "WaterIntent"),
    ("how often should i water my tomato", "WaterIntent"),
    ("stopp", "AMAZON.StopIntent"),
])
def test_near_misses_find_the_nearest_sample(garden: Resolver, said: str, intent: str) -> None:
    found = garden.understand(said)
    assert (found.intent, found.method) == (intent, "near")
    assert garden.near_cutoff <= found.score < 100


@pytest.mark.parametrize("said, intent", [
    ("is it going to rain today", "RainIntent"),
    ("do you think it'll rain later", "RainIntent"),
])
def test_paraphrases_no_sample_is_near_go_to_the_likeliest_intent(garden: Resolver, said: str, intent: str) -> None:
    """A sentence no sample is close to in spelling still means something: the classifier trained on
    the samples picks the intent, as Alexa's statistical NLU would."""
    found = garden.understand(said)
    assert (found.intent, found.method) == (intent, "likely")


def test_near_miss_fills_the_slot_of_the_nearest_sample(garden: Resolver) -> None:
    slot = garden.understand("how often should i water my tomato").slot("plant")
    assert slot is not None and [m.id for m in slot.matches] == ["TOMATO"]


@pytest.mark.parametrize("said", ["what's the capital of peru", "play some jazz", "asdf qwerty", ""])
def test_nothing_close_is_the_fallback_intent(garden: Resolver, said: str) -> None:
    found = garden.understand(said)
    assert (found.intent, found.method) == (FALLBACK_INTENT, "fallback")
    assert found.score < garden.near_cutoff


def test_without_a_fallback_intent_the_closest_sample_wins_as_on_alexa() -> None:
    document = json.loads(GARDEN.read_text())
    intents = document["interactionModel"]["languageModel"]["intents"]
    document["interactionModel"]["languageModel"]["intents"] = [i for i in intents if i["name"] != FALLBACK_INTENT]
    found = Resolver(parse_model(document), load_phrases("en-US")).understand("is it sunny")
    assert found.method in {"closest", "likely"} and found.intent != FALLBACK_INTENT


@pytest.mark.parametrize("said", [
    "open garden helper", "Alexa, open garden helper", "launch garden helper", "start garden helper",
    "talk to garden helper", "open the garden helper", "begin garden helper",
])
def test_launch_phrases_start_a_session_with_a_launch_request(garden: Resolver, said: str) -> None:
    found = garden.understand(said)
    assert (found.launch, found.intent, found.method) == (True, None, "launch")


@pytest.mark.parametrize("said, intent, method", [
    ("ask garden helper will it rain today", "RainIntent", "sample"),
    ("ask garden helper whether it is going to rain", "RainIntent", "near"),
    ("tell garden helper to compare basil and mint", "CompareIntent", "sample"),
    ("open garden helper and ask when should i water basil", "WaterIntent", "near"),
    ("ask garden helper for help", "AMAZON.HelpIntent", "built-in"),
    ("ask garden helper about something else entirely", FALLBACK_INTENT, "fallback"),
])
def test_launch_with_a_request_is_a_one_shot_intent(garden: Resolver, said: str, intent: str, method: str) -> None:
    found = garden.understand(said)
    assert (found.launch, found.intent, found.method) == (True, intent, method)


def test_other_invocation_names_are_not_launches(garden: Resolver) -> None:
    assert garden.understand("open kitchen helper").launch is False


@pytest.mark.parametrize("said, intent", [
    ("yes", "AMAZON.YesIntent"), ("yeah", "AMAZON.YesIntent"), ("yep", "AMAZON.YesIntent"),
    ("sure", "AMAZON.YesIntent"), ("okay", "AMAZON.YesIntent"), ("Yes, please!", "AMAZON.YesIntent"),
    ("no", "AMAZON.NoIntent"), ("nope", "AMAZON.NoIntent"), ("no thanks", "AMAZON.NoIntent"),
    ("help", "AMAZON.HelpIntent"), ("what can I say", "AMAZON.HelpIntent"),
    ("stop", "AMAZON.StopIntent"), ("quit", "AMAZON.StopIntent"), ("exit", "AMAZON.StopIntent"),
    ("shut up", "AMAZON.StopIntent"), ("stop please", "AMAZON.StopIntent"),
    ("cancel", "AMAZON.CancelIntent"), ("never mind", "AMAZON.CancelIntent"),
    ("repeat", "AMAZON.RepeatIntent"), ("say that again", "AMAZON.RepeatIntent"),
    ("go back", "AMAZON.PreviousIntent"), ("previous", "AMAZON.PreviousIntent"),
    ("next", "AMAZON.NextIntent"), ("skip", "AMAZON.NextIntent"),
    ("start over", "AMAZON.StartOverIntent"), ("restart", "AMAZON.StartOverIntent"),
    ("let's start again", "AMAZON.StartOverIntent"), ("okay stop now", "AMAZON.StopIntent"),
    ("go home", "AMAZON.NavigateHomeIntent"), ("main menu", "AMAZON.NavigateHomeIntent"),
])
def test_common_phrasings_of_built_in_intents(garden: Resolver, said: str, intent: str) -> None:
    found = garden.understand(said)
    assert (found.intent, found.method) == (intent, "built-in")


def test_a_models_own_sample_for_a_built_in_takes_precedence(garden: Resolver) -> None:
    found = garden.understand("what was that")
    assert (found.intent, found.method) == ("AMAZON.RepeatIntent", "sample")


def test_built_ins_the_model_does_not_declare_are_not_matched(garden: Resolver) -> None:
    assert garden.understand("pause").intent != "AMAZON.PauseIntent"


def test_each_built_in_phrase_belongs_to_one_intent() -> None:
    for path in DATA_DIR.glob("*/phrases.toml"):
        builtins = tomllib.loads(path.read_text(encoding="utf-8"))["builtins"]
        phrases = [phrase for said in builtins.values() for phrase in said]
        assert len(phrases) == len(set(phrases)), f"{path.parent.name}/{path.name}: a phrase is listed under two built-in intents"


def test_unreadable_models_are_reported_with_the_file_name(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"interactionModel": {}}')
    with pytest.raises(ModelError, match="broken.json"):
        load_model(broken)
    with pytest.raises(ModelError, match="missing.json"):
        load_model(tmp_path / "missing.json")


# ---- the project's own model ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def project() -> Resolver:
    return Resolver(load_model(Path(__file__).parents[2] / "interaction_models" / "en-US.json"),
                    load_phrases("en-US"))


def test_every_sample_of_the_project_model_resolves_to_its_own_intent(project: Resolver) -> None:
    """With slots filled by each slot type's canonical values, every sample is understood exactly."""
    model = project.model
    for intent in model.intents:
        for sample in intent.samples:
            said = sample
            for slot_name, slot_type in intent.slots.items():
                said = said.replace("{" + slot_name + "}", model.slot_types[slot_type][0].name)
            found = project.understand(said)
            assert (found.intent, found.method) == (intent.name, "sample"), f"{sample!r} -> {found}"


def test_project_one_shot_with_a_synonym(project: Resolver) -> None:
    found = project.understand("ask leg cramp helper can water pills cause leg cramps")
    slot = found.slot("cause")
    assert found.launch and found.intent == "CauseIntent" and slot is not None
    assert slot.value == "water pills" and [m.id for m in slot.matches] == ["medications"]


def test_headline_one_shot_with_a_connector_keeps_the_words_heard(project: Resolver) -> None:
    """"whether b twelve" must not drift to the near spelling "extra b twelve" when the reading
    without the connector matches a value exactly."""
    found = project.understand("ask leg cramp helper whether b twelve can cause this")
    slot = found.slot("cause")
    assert found.launch and found.intent == "CauseIntent" and slot is not None
    assert slot.value == "b twelve" and [m.id for m in slot.matches] == ["b12"] and not slot.near


@pytest.mark.parametrize("said", [
    "i'm a glazier and my calves cramp up every evening after work",
    "honestly my thighs keep cramping and i have no clue what's going on",
])
def test_a_sentence_about_cramps_is_never_out_of_domain(project: Resolver, said: str) -> None:
    """Words the model never saw ("glazier") do not make a cramp question out-of-domain speech: a cramp
    word keeps it inside the skill's subject, as Alexa's model trained on cramp samples would."""
    found = project.understand(said)
    assert found.intent != "AMAZON.FallbackIntent", found


@pytest.mark.parametrize("said", ["what causes hiccups", "what helps with a migraine", "can stress cause acne"])
def test_the_same_shapes_about_another_subject_still_fall_back(project: Resolver, said: str) -> None:
    """The question shapes the skill answers ("what causes ...") are not enough on their own: with no
    word about cramps or a value the model knows, it is the fallback, never a medical answer."""
    assert project.understand(said).intent == "AMAZON.FallbackIntent"


@pytest.mark.parametrize(("said", "intent", "slot"), [
    ("any remedies for calf cramps in late pregnancy", "TreatmentIntent", ("cause", "pregnancy")),
    ("after five a side my calves always cramp", "CauseIntent", ("cause", "overexertion")),
    ("why does my heart pound since my b twelve injection", "RedFlagInjectionHeartbeatIntent", None),
])
def test_the_catch_all_topic_intent_gives_way_to_a_close_intent_made_for_the_question(
        project: Resolver, said: str, intent: str, slot: tuple[str, str] | None) -> None:
    """TopicIntent answers "tell me about X" for anything the skill knows, so a value it shares with the
    other intents pulls sentences towards it; when it is only just ahead, the intent made for that kind
    of question wins (issue 11: prefer a dedicated intent whenever one fits)."""
    found = project.understand(said)
    assert found.intent == intent, found
    if slot is not None:
        filled = found.slot(slot[0])
        assert filled is not None and [match.id for match in filled.matches] == [slot[1]], found


@pytest.mark.parametrize("said", ["what can i take for really bad stomach cramps", "are period cramps worse if you drink coffee"])
def test_cramps_of_another_kind_are_not_the_skills_subject(project: Resolver, said: str) -> None:
    """Stomach or period cramps are not leg cramps: the word "cramps" inside them does not keep the
    sentence from the fallback, and it gets no leg-cramp treatment advice."""
    assert project.understand(said).intent == "AMAZON.FallbackIntent"


def test_a_domain_phrase_with_s_written_into_it_is_still_on_subject(project: Resolver) -> None:
    """Speech to text writes "my hamstring's locked up" for "hamstring is locked up", a cramp in other words."""
    assert project._subject(project.normalise("my hamstring's locked up what do i do"))
    assert not project._subject(project.normalise("my tummy's cramping after lunch"))


def test_leg_cramps_said_beside_cramps_of_another_kind_stay_on_subject(project: Resolver) -> None:
    found = project.understand("i get stomach cramps and now leg cramps too what causes that")
    assert found.intent != "AMAZON.FallbackIntent", found


@pytest.mark.parametrize("said", ["what are the best cycling shorts", "what's the rugby score"])
def test_a_sport_said_off_subject_is_no_topic(project: Resolver, said: str) -> None:
    """Cycling and rugby are names of overexertion, and "what are {topic}" or "what's {topic}" is near;
    but shorts and a score are no question about cramps: the fallback, not the exercise answer."""
    assert project.understand(said).intent == "AMAZON.FallbackIntent"


@pytest.mark.parametrize("said", ["tell me about the french revolution",
                                  "what's the difference between a crocodile and an alligator"])
def test_a_samples_shape_with_nothing_the_skill_knows_in_it_is_the_fallback(project: Resolver, said: str) -> None:
    """"Tell me about {topic}" and "what's the difference between {cause_a} and {cause_b}" match word for
    word, but with no known value and no word about cramps the user asked something else entirely."""
    assert project.understand(said).intent == "AMAZON.FallbackIntent"


def test_the_same_sport_said_about_cramps_is_the_topic(project: Resolver) -> None:
    found = project.understand("what are cramps from cycling")
    slot = found.slot("topic")
    assert found.intent == "TopicIntent" and slot is not None and [m.id for m in slot.matches] == ["overexertion"], found


@pytest.mark.parametrize(("said", "cause"), [
    ("my husband drives lorries for a living and gets cramp in his legs", "long_standing_sitting"),
])
def test_an_unsure_reading_gives_way_to_an_intent_with_a_slot_for_a_cause_said_in_other_words(
        project: Resolver, said: str, cause: str) -> None:
    """A statement about cramps that names a cause in its own words ("drives lorries", not the listed
    "driving a lorry") leaves the classifier without a clear reading; the cause said is the better
    evidence, so the question is taken as a cause question about it."""
    found = project.understand(said)
    slot = found.slot("cause")
    assert found.intent == "CauseIntent" and slot is not None and [m.id for m in slot.matches] == [cause], found


def test_an_urgent_reading_is_never_traded_for_a_cause_however_unsure(project: Resolver) -> None:
    """"Won't stop cramping" after a trek may be a cramp that will not ease (a red flag): the resolver's
    rules never swap the classifier's urgent reading for a calmer one."""
    found = project.understand("we trekked for three days in nepal and now my calves won't stop cramping")
    assert found.intent == "RedFlagLongCrampIntent", found


def test_two_causes_keep_the_order_they_were_said_in(project: Resolver) -> None:
    """"Hiked" is found in other words (after "dehydrated", said word for word), yet it was said first,
    so it is cause_a: the answer compares them in the order the user put them."""
    found = project.understand("hiked or dehydrated which one gave me these cramps")
    first, second = found.slot("cause_a"), found.slot("cause_b")
    assert found.intent == "CompareCausesIntent", found
    assert first is not None and [m.id for m in first.matches] == ["overexertion"], found
    assert second is not None and [m.id for m in second.matches] == ["dehydration"], found


@pytest.mark.parametrize("said", [
    "are my calves cramping from overdoing it at the gym or from being dehydrated",  # the classifier's reading
    "is it the long runs at the gym or not drinking enough that gives me cramps",  # a sample's reading
])
def test_two_names_for_one_cause_are_one_side_of_a_comparison(project: Resolver, said: str) -> None:
    """"Overdoing it at the gym" names exercise twice; the other side of "X or Y" is still dehydration,
    so the answer compares two causes, not exercise with itself."""
    found = project.understand(said)
    first, second = found.slot("cause_a"), found.slot("cause_b")
    assert found.intent == "CompareCausesIntent", found
    assert first is not None and [m.id for m in first.matches] == ["overexertion"], found
    assert second is not None and [m.id for m in second.matches] == ["dehydration"], found


def test_a_cause_inside_a_longer_value_of_another_type_fills_the_cause_slot(project: Resolver) -> None:
    """"My b twelve levels" is a topic (the B12 test); asked whether cramps have to do with it, the
    question is about B12 as a cause, and the slot takes the cause it holds rather than staying empty."""
    found = project.understand("are these cramps something to do with my b twelve levels")
    slot = found.slot("cause")
    assert found.intent == "CauseIntent" and slot is not None and [m.id for m in slot.matches] == ["b12"], found


def test_of_two_topics_said_for_one_slot_the_narrower_one_is_asked_about(project: Resolver) -> None:
    """"B twelve", "treatment" and "for life" are all topics; the question is whether B12 treatment is
    lifelong, the topic whose names hold the others ("lifelong b twelve treatment")."""
    found = project.understand("is my b twelve treatment going to be for life")
    slot = found.slot("topic")
    assert found.intent == "TopicIntent" and slot is not None, found
    assert [m.id for m in slot.matches] == ["b12_lifelong"], found


def test_a_slot_that_heard_a_value_and_the_broader_one_it_narrows_takes_the_narrower(project: Resolver) -> None:
    """A sample's slot heard "the recommended intake of vitamin b twelve for an adult": two values, but
    one question, about the daily amount, whose names hold "b twelve"; not B12 in general."""
    found = project.understand("what's the recommended intake of vitamin b twelve for an adult")
    slot = found.slot("topic")
    assert found.method == "sample" and slot is not None, found
    assert [m.id for m in slot.matches] == ["b12_daily_amount"], found


@pytest.mark.parametrize(("runner_up", "lead", "said", "chosen"), [
    ("BTwelveSymptomsIntent", CATCH_ALL_LEAD / 2, "how can i tell", "BTwelveSymptomsIntent"),
    ("BTwelveSymptomsIntent", CATCH_ALL_LEAD * 2, "how can i tell", "TopicIntent"),
    ("CauseIntent", (CATCH_ALL_LEAD + CATCH_ALL_LEAD_OVER_A_SLOT) / 2, "is it my water pills", "CauseIntent"),
    ("CauseIntent", CATCH_ALL_LEAD_OVER_A_SLOT * 2, "is it my water pills", "TopicIntent"),
])
def test_how_far_ahead_the_catch_all_must_be(project: Resolver, runner_up: str, lead: float, said: str,
                                             chosen: str) -> None:
    """The catch-all wins only when clearly ahead, and must be further ahead of an intent with a slot for
    a value heard ("water pills" fills CauseIntent's slot; "how can i tell" names no value)."""
    ranked = [Guess("TopicIntent", 0.6, 0.5), Guess(runner_up, 0.3, 0.5 - lead)]
    assert project._prefer_dedicated(ranked, project.spot(said)).intent == chosen


@pytest.mark.parametrize(("runner_up", "lead", "chosen"), [
    ("RedFlagHeatstrokeIntent", URGENT_LEAD / 2, "RedFlagHeatstrokeIntent"),
    ("RedFlagHeatstrokeIntent", URGENT_LEAD * 2, OUT_OF_DOMAIN),
    ("CauseIntent", URGENT_LEAD / 2, OUT_OF_DOMAIN),
])
def test_a_warning_sign_close_behind_out_of_domain_speech_is_taken(project: Resolver, runner_up: str, lead: float,
                                                                   chosen: str) -> None:
    """Only an urgent intent, and only when close, overrules the out-of-domain reading: a needless warning
    costs less than a missed one, but an ordinary answer to out-of-domain speech is no safer."""
    ranked = [Guess(OUT_OF_DOMAIN, 0.5, 0.4), Guess(runner_up, 0.4, 0.4 - lead)]
    found = project._prefer_urgent(ranked, ranked[0])
    assert found is not None and found.intent == chosen


@pytest.mark.parametrize(("confidence", "chosen"), [(0.01, "RedFlagFluidLossIntent"), (0.15, "RedFlagFluidLossIntent")])
def test_an_unsure_urgent_reading_stands_beside_a_cause_said_word_for_word(
        project: Resolver, confidence: float, chosen: str) -> None:
    """However unsure, a warning sign read is not swapped for the cause the sentence names ("stomach
    surgery" lowers B12): a needless warning costs less than a missed one."""
    said = "my husband had stomach surgery and now his legs cramp"
    ranked = [Guess("RedFlagFluidLossIntent", confidence, -0.5), Guess("CauseIntent", confidence * 0.9, -0.55)]
    found = project._prefer_a_slot_for_what_was_said(ranked, ranked[0], project.spot(project.normalise(said)))
    assert found.intent == chosen


def test_an_unsure_reading_gives_way_for_a_cause_said_in_other_words(project: Resolver) -> None:
    """"My salt is always low" names "my salt is low" in other words; an unsure reading without a cause
    slot gives way to the likeliest intent with one. (Said whole, this sentence's reading moves around
    the unsure line as samples change, so the rule is shown on a fixed ranking.)"""
    said = project.spot(project.normalise("my salt is always low and i get cramps"))
    ranked = [Guess("BTwelveSymptomsIntent", 0.15, -0.3), Guess("CauseIntent", 0.1, -0.4)]
    assert project._prefer_a_slot_for_what_was_said(ranked, ranked[0], said).intent == "CauseIntent"


def test_an_unsure_calm_reading_gives_way_to_an_intent_with_a_slot_for_the_cause_said(project: Resolver) -> None:
    """An unsure reading without a slot for the cause named word for word ("stomach surgery") gives way
    to the likeliest intent that has one, unless that reading's own samples name the cause."""
    said = project.spot(project.normalise("my husband had stomach surgery and now his legs cramp"))
    ranked = [Guess("DuringCrampIntent", 0.12, -0.5), Guess("CauseIntent", 0.11, -0.55)]
    assert project._prefer_a_slot_for_what_was_said(ranked, ranked[0], said).intent == "CauseIntent"
    ranked = [Guess("BTwelveSymptomsIntent", 0.12, -0.5), Guess("CauseIntent", 0.11, -0.55)]
    assert project._prefer_a_slot_for_what_was_said(ranked, ranked[0], said).intent == "BTwelveSymptomsIntent"


@pytest.mark.parametrize(("second", "chosen"), [("RedFlagStrokeIntent", True), ("AMAZON.YesIntent", False)])
def test_two_warning_signs_read_first_are_sure_enough_together(project: Resolver, second: str, chosen: bool) -> None:
    """"I just fainted" reads as fainting (chest) or a stroke sign, each under the cutoff alone: together
    they say a warning sign, and the first is taken. An urgent reading with a calm one behind it is not."""
    ranked = [Guess("RedFlagChestIntent", 0.15, -0.3), Guess(second, 0.12, -0.35), Guess(OUT_OF_DOMAIN, 0.1, -0.4)]
    assert project._a_warning_sign(ranked, ranked[0]) is chosen


def test_a_faint_said_in_three_words_is_the_emergency(project: Resolver) -> None:
    assert project.understand("i just fainted").intent == "RedFlagChestIntent"


@pytest.mark.parametrize(("said", "intent", "contradicted"), [
    ("since i started my statins my legs cramp", "RedFlagInjectionCrampsIntent", True),
    ("since i started b twelve injections my legs cramp", "RedFlagInjectionCrampsIntent", False),
    ("my wife is on her water tablets and her face is puffy", "RedFlagPreEclampsiaIntent", True),
    ("since i started my statins my pee is dark and my muscles ache", "RedFlagDarkUrineIntent", False),
])
def test_a_sign_tied_to_one_cause_is_not_read_into_a_sentence_naming_another(
        project: Resolver, said: str, intent: str, contradicted: bool) -> None:
    """The injection warning signs are about B12 injections and pre-eclampsia about a pregnancy, as
    every sample of theirs says; a sentence that names only another cause is not that sign. Signs not
    tied to a cause (dark pee with aching muscles) are never ruled out this way."""
    assert project._contradicted(intent, project.spot(project.normalise(said))) is contradicted


def test_of_two_values_as_long_the_one_with_more_words_of_its_own_is_spotted(project: Resolver) -> None:
    assert project.spot("my heart is pounding since my b twelve shot").values == ("b twelve shot",)


@pytest.mark.parametrize(("word", "read"), [("urine's", "urine"), ("urine", "urine"), ("gazebo's", "_unknown_"),
                                            ("gazebo", "_unknown_")])
def test_a_known_word_with_s_after_it_is_read_as_the_word(word: str, read: str) -> None:
    """"My urine's really dark" says "urine": speech to text writes "is" and "has" into the word before,
    and the classifier, which knows only the words its samples use, would otherwise hear nothing."""
    assert Resolver._known_form(word, frozenset({"urine", "dark"})) == read
