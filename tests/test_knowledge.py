"""The knowledge module: data loads, covers what the article covers, and bad data fails loudly."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from skill.knowledge import REQUIRED_CAUSES, REQUIRED_TOPICS, Cause, KnowledgeError, load_knowledge
from skill.content import read_layers
from skill.knowledge.loader import read_entries, read_sources

KB = load_knowledge("en-US")
ENTRIES = [*KB.causes, *KB.topics]


def test_every_required_entry_is_present() -> None:
    assert {c.id for c in KB.causes} >= set(REQUIRED_CAUSES)
    assert {t.id for t in KB.topics} >= set(REQUIRED_TOPICS)


def test_locale_falls_back_to_language() -> None:
    # en-GB and en-AU differ from their language in neither knowledge files nor spelling: one shared copy.
    assert load_knowledge("en-GB") is load_knowledge("en-AU") is load_knowledge("en-NZ") is load_knowledge("en")
    assert load_knowledge("en-GB").language == "en"
    # en-US has its own quinine answer and spelling, so its own copy, still of the English knowledge.
    assert load_knowledge("en-US") is not load_knowledge("en-GB") and load_knowledge("en-US").language == "en"


def test_claims_are_hedged_as_the_evidence_allows() -> None:
    """The verdict table: low B12 *may* play a part; extra oral B12 is *very unlikely* to cause cramps."""
    assert "may" in KB.cause("b12_deficiency").answer.short.lower()
    overall = KB.cause("b12").answer.short.lower()
    assert "may play a part" in overall and "very unlikely" in overall and "rarely" in overall
    assert "unlikely" in KB.cause("b12_supplements").answer.short.lower()
    assert "rare" in KB.cause("b12_injections").answer.short.lower()


def _answers(entry) -> list:
    return [entry.answer, *([entry.treatment] if isinstance(entry, Cause) else [])]


def _spoken(entry) -> str:
    return " ".join(t for a in _answers(entry) for t in (a.short, *a.more)).lower()


def _everything(entry) -> str:
    """Spoken text and card text, since cards are read too."""
    return " ".join(t for a in _answers(entry) for t in (a.short, *a.more, a.card)).lower()


ALL_TEXT = " ".join(_everything(e) for e in ENTRIES)


def test_no_fixed_b12_schedule_and_lifelong_only_when_the_cause_stays() -> None:
    """Research: schedules differ by country, so the doctor sets it; lifelong only when the cause can't be fixed."""
    assert not re.search(r"every (few|two|three|\w+ to \w+) (weeks|months)|\bmonthly\b|\bthree months\b", ALL_TEXT)
    lifelong = KB.topic("b12_lifelong").answer.short.lower()
    assert "only" in lifelong and "pernicious anemia" in lifelong and "doctor" in lifelong


def test_why_extra_oral_b12_is_unlikely_to_harm_is_absorption_not_the_kidneys() -> None:
    assert "kidney" not in ALL_TEXT
    assert "absorb" in _spoken(KB.cause("b12_supplements"))


def test_vegans_are_told_they_need_a_reliable_b12_source() -> None:
    """Research: plants have none unless fortified; vegans need fortified foods or a supplement."""
    answers = [KB.topic("b12_foods").answer, KB.topic("b12_daily_amount").answer,
               KB.cause("b12").treatment, KB.cause("b12_deficiency").treatment]
    for answer in answers:
        spoken = " ".join((answer.short, *answer.more)).lower()
        assert "vegan" in spoken and "fortified" in spoken and "supplement" in spoken, spoken
    assert "may need a supplement" not in ALL_TEXT


def test_b12_risks_include_recreational_nitrous_oxide() -> None:
    assert "nitrous oxide" in _spoken(KB.topic("b12_risk"))


def test_no_country_specific_wording() -> None:
    """The skill serves several countries; "in the UK" facts do not hold for all of them."""
    assert not re.search(r"\b(in|across) the (uk|us|united kingdom|united states)\b", ALL_TEXT)


def test_causes_overview_leads_with_no_clear_cause() -> None:
    """Research: most night cramps have no clear cause; say so first (AAFP12, AAFP17)."""
    first_sentence = KB.topic("causes_overview").answer.short.split(". ")[0].lower()
    assert "no clear cause" in first_sentence


def test_medicines_include_inhalers_and_nifedipine_and_statin_evidence_is_weaker() -> None:
    medicines = KB.cause("medications")
    spoken = _spoken(medicines)
    assert "inhaler" in spoken and "nifedipine" in spoken
    statin_sentences = [s for s in re.split(r"(?<=[.:;])\s+", spoken) if "statin" in s and "cramp" in s]
    assert statin_sentences and all("weaker" in s for s in statin_sentences), statin_sentences
    assert "prescribed" in medicines.answer.short.lower()


MEDICINE_ACTION = re.compile(r"(?<!starting or )\b(stop|stopping|change|changing)\b (it|them|the medicine|a medicine|treatment|prescribed)",
                             re.IGNORECASE)


def test_never_says_to_stop_or_change_a_medicine() -> None:
    """Research: never say to stop or change a medicine; say to talk to the prescriber."""
    for entry in ENTRIES:
        for answer in _answers(entry):
            for text in (answer.short, *answer.more, answer.card):
                for sentence in re.split(r"(?<=[.:;!?])\s+", text):
                    if MEDICINE_ACTION.search(sentence):
                        assert re.search(r"\b(don't|never|rather than|unless)\b", sentence, re.I), (entry.id, sentence)


def _chunks(entry) -> list[str]:
    """Each piece said or shown on its own: a short answer, a follow-up, a card."""
    return [t for a in _answers(entry) for t in (a.short, *a.more, a.card)]


def _sentences(text: str) -> list[str]:
    return [s.lower() for s in re.split(r"(?<=[.:;!?])\s+|\n+", text) if s.strip()]


def test_knowledge_never_hard_codes_an_emergency_number() -> None:
    """Knowledge text is shared by every English locale; the number differs (911, 999, 000, 112)."""
    for entry in ENTRIES:
        for text in _chunks(entry):
            assert not re.search(r"\b(911|999|000|112|108|nine one one|nine nine nine|triple zero)\b", text), (entry.id, text)
            if "emergency" in text.lower():
                assert "{emergency_number}" in text, (entry.id, text)


def test_a_racing_or_fluttering_heartbeat_is_never_contact_soon() -> None:
    """Research: with B12 injections starting, emergency; with chest pain, breathlessness, fainting or
    dizziness, emergency; on its own, same day. Never "contact your doctor soon"."""
    for entry in ENTRIES:
        for text in _chunks(entry):
            for sentence in _sentences(text):
                if "heartbeat" in sentence:
                    assert "soon" not in sentence, (entry.id, sentence)
            lowered = text.lower()
            if re.search(r"(racing|fluttering|flutters|races).*heartbeat|heartbeat (races|flutters)", lowered) \
                    and "injection" in lowered:
                assert "{emergency_number} now" in lowered, (entry.id, text)


def test_injections_starting_severe_anaemia_treatment_new_weakness_or_cramps_same_day() -> None:
    injections = KB.cause("b12_injections")
    assert "rare" in injections.answer.short.lower() and "potassium" in injections.answer.short.lower()
    first_days = [s for t in _chunks(injections) for s in _sentences(t) if "first days" in s or "those days" in s]
    assert any("same day" in s and ("weakness" in s or "cramps" in s) for s in first_days), first_days
    assert any("{emergency_number}" in s and "heartbeat" in s for s in first_days), first_days


def test_pregnancy_cramps_common_and_one_sided_swelling_same_day() -> None:
    pregnancy = KB.cause("pregnancy")
    short = pregnancy.answer.short.lower()
    assert "common" in short and "harmless" in short and "check" in short
    swelling = [s for s in _sentences(" ".join(pregnancy.answer.more)) if "one leg swells" in s]
    assert swelling and all("same day" in s for s in swelling), swelling


def test_nothing_recommends_quinine_or_diagnoses() -> None:
    for entry in ENTRIES:
        text = " ".join([entry.answer.short, *entry.answer.more]).lower()
        assert "you have" not in text
        if entry.id != "quinine":
            assert "take quinine" not in text


# The seed article is where the topics came from, not a medical authority: "where does that come
# from?" must name a health authority for every claim (medical-facts.md, "never cite `article`").
SEED_ARTICLE = "article"


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_no_answer_cites_the_seed_article(entry) -> None:
    answers = {"about": entry.answer, **({"treatment": entry.treatment} if isinstance(entry, Cause) else {})}
    for facet, answer in answers.items():
        assert SEED_ARTICLE not in answer.sources, f"{entry.id} ({facet}) cites the seed article"


def test_every_source_is_an_authority_with_an_address() -> None:
    assert SEED_ARTICLE not in KB.sources
    for source in KB.sources.values():
        assert source.url.startswith("https://"), f"{source.id} has no address to check"
        assert "article" not in source.spoken.lower(), f"{source.id} is spoken as an article"


def _read_topics(root: Path, topics: str) -> list:
    """The topics of a content tree holding only ``en/knowledge/sources.toml`` and ``topics.toml``."""
    folder = root / "en" / "knowledge"
    folder.mkdir(parents=True)
    (folder / "sources.toml").write_text(SOURCES)
    (folder / "topics.toml").write_text(topics)
    [(sources_name, sources)] = read_layers("knowledge/sources.toml", ("en",), root, KnowledgeError)
    [(topics_name, raw)] = read_layers("knowledge/topics.toml", ("en",), root, KnowledgeError)
    return read_entries(topics_name, raw, "topics", frozenset(read_sources(sources_name, sources)))


SOURCES = '[sources.NHS-LC]\nspoken = "the NHS page"\ntitle = "NHS: Leg cramps"\nurl = "https://www.nhs.uk/"\n'
GOOD_TOPIC = '''[[topics]]
id = "night_cramps"
title = "Night cramps"
names = ["night cramps"]
short = "Night cramps are common."
more = ["They usually pass in minutes."]
card = "Night cramps are common."
sources = ["NHS-LC"]
'''


def test_a_valid_file_loads(tmp_path: Path) -> None:
    [entry] = _read_topics(tmp_path, GOOD_TOPIC)
    assert entry.id == "night_cramps" and entry.answer.more == ("They usually pass in minutes.",)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("short = \"Night cramps are common.\"", "short = \"\""), "'short' must be non-empty text"),
        (("sources = [\"NHS-LC\"]", "sources = [\"WIKI\"]"), "unknown source ids"),
        (("short = \"Night cramps are common.\"", "short = \"You have night cramps.\""), "diagnosing"),
        (("short = \"Night cramps are common.\"", "short = \"<b>bold</b>\""), "plain text"),
        (("names = [\"night cramps\"]", "names = [\"night cramps two\", \"B12\"]"), "lower-case"),
        (("short = \"Night cramps are common.\"", f"short = \"{'word ' * 80}\""), "one breath"),
        (("id = \"night_cramps\"", "id = \"Night Cramps\""), "snake_case"),
        (("card = ", "colour = \"red\"\ncard = "), "unknown keys"),
    ],
)
def test_invalid_data_names_file_and_entry(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    with pytest.raises(KnowledgeError) as error:
        _read_topics(tmp_path, GOOD_TOPIC.replace(*change))
    assert str(error.value).startswith("en/knowledge/topics.toml: ")
    assert message in str(error.value)


def test_broken_toml_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match="en/knowledge/topics.toml: cannot read"):
        _read_topics(tmp_path, "[[topics]\n")


def test_no_name_people_say_is_only_general_cramp_words() -> None:
    """Issue 11: "leg cramps", "charley horses" or "muscle cramps" never stand for one cause, remedy or
    topic, or "does magnesium help my leg cramps" would hear two values and "how are leg cramps treated"
    a cause. The general words are the list the skill answers in general for (knowledge/general.toml)."""
    general = [(entry.id, name) for entry in (*KB.causes, *KB.topics)
               for name in (*entry.names, *getattr(entry, "remedy_names", ()), *getattr(entry, "cause_names", ()))
               if KB.is_general(name)]
    assert general == []


def test_kidney_disease_is_no_name_of_a_cause_the_research_does_not_list() -> None:
    """The research names diabetes, thyroid, liver and nerve problems and poor circulation as conditions
    behind cramps, not kidney disease; a user who says it hears that the skill has nothing on it."""
    names = {name for cause in KB.causes for name in cause.names}
    assert not {name for name in names if "kidney" in name or "dialysis" in name}
