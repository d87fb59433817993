"""The content tree: one fallback rule, one place naming the locales, the emergency number written once
per locale, and one content policy that every loader applies."""
from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from skill.checklist import ChecklistDataError
from skill.checklist.rules import load_rules
from skill.checklist.text import load_texts
from skill.content import (
    CONTENT_DIR,
    DEFAULT_LOCALE,
    LOCALES,
    ContentError,
    UnknownLocale,
    canonical,
    layers,
    load_locale,
    overlay,
)
from skill.knowledge import KnowledgeError, load_knowledge
from skill.dialogue.replies import PromptError, load_prompts

ROOT = Path(__file__).resolve().parent.parent


def test_the_served_locales_are_the_folders_with_a_locale_file_and_each_has_a_model() -> None:
    assert LOCALES == tuple(sorted(p.parent.name for p in CONTENT_DIR.glob("*/locale.toml")))
    assert DEFAULT_LOCALE in LOCALES
    manifest = json.loads((ROOT / "skill-package" / "skill.json").read_text(encoding="utf-8"))
    assert set(LOCALES) == set(manifest["manifest"]["publishingInformation"]["locales"])
    for locale in LOCALES:
        assert (ROOT / "interaction_models" / f"{locale}.json").is_file(), locale


@pytest.mark.parametrize(("locale", "expected"), [
    ("en-US", ("en", "en-US")), ("en_us", ("en", "en-US")), ("EN-us", ("en", "en-US")),
    ("en-GB", ("en", "en-GB")), ("en-NZ", ("en",)),  # no folder of its own: its language's words
    ("en", ("en",)),
])
def test_layers_are_general_first_and_only_existing_folders(locale: str, expected: tuple[str, ...]) -> None:
    assert layers(locale) == expected


@pytest.mark.parametrize("locale", ["fr-FR", "", "../en-US", "en-US/../../x", "e", "x" * 500, None])
def test_unknown_languages_and_non_locales_have_no_layers(locale: str) -> None:
    with pytest.raises(UnknownLocale):
        layers(locale)


def test_canonical_locale_codes() -> None:
    assert canonical("en_us") == "en-US" and canonical("EN") == "en" and canonical("es-419") == "es-419"


def test_a_later_layer_overlays_key_by_key_and_replaces_lists() -> None:
    general = {"a": {"x": 1, "y": {"deep": 1, "keep": 2}}, "list": [1, 2], "only_general": True}
    specific = {"a": {"y": {"deep": 3}}, "list": [9], "only_specific": True}
    merged = overlay([general, specific])
    assert merged == {"a": {"x": 1, "y": {"deep": 3, "keep": 2}}, "list": [9], "only_general": True,
                      "only_specific": True}
    assert general["a"]["y"] == {"deep": 1, "keep": 2}  # the inputs are left as they were


def test_a_locale_folder_holds_only_what_differs_from_its_language() -> None:
    """Every key of a locale's checklist.toml or prompts.toml exists in its language's file too."""
    import tomllib

    def keys(table: dict, prefix: str = "") -> set[str]:
        found: set[str] = set()
        for key, value in table.items():
            found |= keys(value, f"{prefix}{key}.") if isinstance(value, dict) else {f"{prefix}{key}"}
        return found

    for locale in LOCALES:
        language = layers(locale)[0]
        for name in ("checklist.toml", "prompts.toml"):
            path = CONTENT_DIR / locale / name
            if path.is_file():
                own = keys(tomllib.loads(path.read_text(encoding="utf-8")))
                general = keys(tomllib.loads((CONTENT_DIR / language / name).read_text(encoding="utf-8")))
                assert own <= general, (locale, name, sorted(own - general))


def test_the_emergency_number_is_written_once_per_locale_in_its_locale_file() -> None:
    for locale in LOCALES:
        place = load_locale(locale)
        said = re.compile(rf"\b({re.escape(place.emergency_written)}|{re.escape(place.emergency_spoken)})\b", re.I)
        for path in CONTENT_DIR.rglob("*.toml"):
            if path.name != "locale.toml":
                text = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines()  # not comments,
                                 if not line.lstrip().startswith(("#", "url = ")))  # nor addresses (112.gov.in)
                assert not said.search(text), f"{path.relative_to(CONTENT_DIR)} writes the number for {locale}"


def test_us_emergency_number_spoken_in_words_and_written_in_digits() -> None:
    place = load_locale("en-US")
    assert (place.emergency_spoken, place.emergency_written) == ("nine one one", "911")
    assert place.sources and load_locale("en_us") is not None


def test_a_language_or_an_unserved_locale_has_no_locale_facts() -> None:
    for locale in ("en", "en-NZ", "fr-FR"):
        with pytest.raises(UnknownLocale):
            load_locale(locale)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the content tree to break."""
    root = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, root, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return root


def _edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


LOCALE_CASES = {
    "digits spoken": ('spoken = "nine one one"', 'spoken = "9 one one"', "emergency.spoken: the number in lower-case words"),
    "words written": ('written = "911"', 'written = "nine"', "emergency.written: digits only"),
    "no source": ('sources = ["CDC-STROKE"]', "sources = []", "emergency.sources: must be a non-empty list"),
    "unknown source": ('sources = ["CDC-STROKE"]', 'sources = ["WIKI"]', "unknown source ids ['WIKI']"),
    "missing written": ('written = "911"\n', "", "needs spoken, written and sources"),
    "extra table": ("[emergency]", '[doctor]\nname = "doctor"\n\n[emergency]', "needs exactly one [emergency] table"),
}


@pytest.mark.parametrize("case", sorted(LOCALE_CASES))
def test_broken_locale_facts_fail_naming_the_file(tree: Path, case: str) -> None:
    old, new, message = LOCALE_CASES[case]
    _edit(tree, "en-US/locale.toml", old, new)
    with pytest.raises(ContentError) as error:
        load_locale("en-US", tree)
    assert str(error.value).startswith("en-US/locale.toml: ") and message in str(error.value), str(error.value)


# One content policy: each loader refuses the same wording, wherever it is written.
NEVER_SAID = {  # wording: (text, what the error says)
    "you have": ("It sounds like you have a blood clot.", "diagnosing wording ('you have')"),
    "you've got": ("You've got a blood clot.", "diagnosing wording ('you've got')"),
    "you are suffering": ("You're suffering from cramps.", "diagnosing wording ('you are suffering')"),
    "an offer to call": ("Shall I call a doctor for you?", "an offer to call someone"),
    "markup": ("Hello <break/> there.", "plain text"),
}
LOADERS: dict[str, tuple[str, str, Callable[[Path], object], type[Exception]]] = {
    "knowledge": ("en/knowledge/topics.toml", 'short = "Most leg cramps, especially at night,',
                  lambda root: load_knowledge("en-US", root), KnowledgeError),
    "checklist": ("en/checklist.toml", 'start = "I\'ll ask some quick yes or no questions,',
                  lambda root: load_texts("en-US", load_rules(), root), ChecklistDataError),
    "prompts": ("en/prompts.toml", 'disclaimer = "I share general information, not medical advice.',
                lambda root: load_prompts("en-US", root), PromptError),
}


@pytest.mark.parametrize("loader", sorted(LOADERS))
@pytest.mark.parametrize("wording", sorted(NEVER_SAID))
def test_every_loader_refuses_what_the_policy_forbids(tree: Path, loader: str, wording: str) -> None:
    name, anchor, load, error = LOADERS[loader]
    text, problem = NEVER_SAID[wording]
    _edit(tree, name, anchor, anchor.replace('= "', f'= "{text} ', 1))
    with pytest.raises(error) as raised:
        load(tree)
    assert name in str(raised.value) and problem in str(raised.value), str(raised.value)


@pytest.mark.parametrize("loader", sorted(LOADERS))
def test_an_unbroken_copy_loads(tree: Path, loader: str) -> None:
    """The control for the test above: the same copy, unedited, loads."""
    LOADERS[loader][2](tree)


def test_a_question_asking_what_the_listener_has_is_not_diagnosing(tree: Path) -> None:
    _edit(tree, "en/prompts.toml", 'disclaimer = "I share', 'disclaimer = "Do you have a question? I share')
    load_prompts("en-US", tree)


MORE_LOCALE_CASES = {  # (locale, old, new, what the error says)
    "digits in a spoken service": ("en-GB", 'spoken = "one one one, or your GP"', 'spoken = "111, or your GP"',
                                   "urgent.spoken: numbers in words"),
    "words for the ambulance": ("en-IN", 'written = "108"', 'written = "one oh eight"', "ambulance.written: digits only"),
    "no family doctor": ("en-US", 'family_doctor = "doctor"\n', "", "services: needs family_doctor"),
    "a bad spelling": ("en-US", 'anaemia = "anemia"', 'anaemia = "Anemia!"', "spelling.anaemia: lower-case words"),
    "an unknown table": ("en-CA", "[spelling]", "[colours]", "needs exactly one [emergency] table"),
    "an urgent source unknown": ("en-GB", 'written = "111, or your GP"\nsources = ["NHS-111"]',
                                 'written = "111, or your GP"\nsources = ["NHS-999"]', "unknown source ids ['NHS-999']"),
}


@pytest.mark.parametrize("case", sorted(MORE_LOCALE_CASES))
def test_broken_locale_services_fail_naming_the_file(tree: Path, case: str) -> None:
    locale, old, new, message = MORE_LOCALE_CASES[case]
    _edit(tree, f"{locale}/locale.toml", old, new)
    with pytest.raises(ContentError) as error:
        load_locale(locale, tree)
    assert str(error.value).startswith(f"{locale}/locale.toml: ") and message in str(error.value), str(error.value)


def test_text_may_use_a_locale_fact_only_where_the_locale_has_it(tree: Path) -> None:
    """en-US has no ambulance number or urgent line: text that names one fails at load, naming the key."""
    (tree / "en-US" / "checklist.toml").write_text(
        '[levels.emergency]\nadvice = "Call {emergency_number} now, or {ambulance_number} for an ambulance."\n',
        encoding="utf-8")
    with pytest.raises(ChecklistDataError, match="levels.emergency.advice: ambulance_number is not a fact of en-US"):
        load_texts("en-US", load_rules(), tree)
    (tree / "en-US" / "prompts.toml").write_text('[fallback]\nsafety = "Call {urgent_service}."\n', encoding="utf-8")
    with pytest.raises(PromptError, match="fallback.safety: urgent_service is not a fact of en-US"):
        load_prompts("en-US", tree)


def test_a_locale_knowledge_file_overrides_entries_of_its_language_by_id(tree: Path) -> None:
    (tree / "en-US" / "knowledge" / "topics.toml").write_text('[[topics]]\nid = "no_such_topic"\nshort = "x"\n',
                                                              encoding="utf-8")
    with pytest.raises(KnowledgeError, match="each entry must name the id of an entry"):
        load_knowledge("en-US", tree)


def test_spelling_replaces_whole_words_and_keeps_a_capital() -> None:
    place = load_locale("en-US")
    assert place.respell("Anaemia, anaemia and anaemias; diarrhoea.") == "Anemia, anemia and anaemias; diarrhea."
    assert load_locale("en-GB").respell("Anaemia") == "Anaemia"  # British is the English text's own spelling


def test_a_cause_only_name_may_be_a_topics_but_never_another_causes(tree: Path) -> None:
    """The CAUSE slot must resolve every name to one cause; a topic may share it, as "pernicious anaemia"
    is the lifelong-treatment topic when asked about and low B12 when said as a cause."""
    _edit(tree, "en/knowledge/causes.toml", 'cause_names = ["pernicious anaemia", "pernicious anemia"]',
          'cause_names = ["pernicious anaemia", "dehydration"]')
    with pytest.raises(KnowledgeError, match="cause name 'dehydration' already belongs to 'dehydration'"):
        load_knowledge("en-US", tree)
