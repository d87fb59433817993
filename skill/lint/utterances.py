"""Text handling shared by the sample and example-phrase rules: slot references, normalising, matching."""
from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping

from skill.lint.documents import Intent, Model

SLOT_REF = re.compile(r"\{([^{}]*)\}")
SLOT_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
# Example phrases are written like prose; these marks carry no words.
PROSE_MARKS = re.compile(r"[,?!:;\"“”]|\.(?=\s|$)(?<!\b\w\.)")


def normalise(text: str) -> str:
    """Case and spacing do not change what Alexa hears."""
    return " ".join(text.casefold().split())


def slot_refs(sample: str) -> list[str]:
    return SLOT_REF.findall(sample)


def without_slot_refs(sample: str) -> str:
    return SLOT_REF.sub(" ", sample)


def malformed_slot_refs(sample: str) -> list[str]:
    """Braces that do not form ``{name}`` with a plain identifier inside."""
    bad = [f"{{{name}}}" for name in slot_refs(sample) if not SLOT_NAME.match(name)]
    leftover = without_slot_refs(sample)
    bad += [brace for brace in leftover if brace in "{}"]
    return bad


def tokens(sample: str) -> list[str]:
    return normalise(sample).split()


def word_bag(tokens: list[str], fillers: frozenset[str]) -> tuple[str, ...]:
    """The words that matter, in sorted order: two samples with the same bag say the same thing."""
    return tuple(sorted(t for t in tokens if t not in fillers))


def near_duplicate(a: list[str], b: list[str], fillers: frozenset[str], ratio: float,
                   bags: tuple[tuple[str, ...], tuple[str, ...]] | None = None) -> bool:
    """Same words apart from fillers and order, or a token-level similarity at or above ``ratio``.

    ``bags`` are the two samples' ``word_bag``s when the caller has them already (it compares each
    sample with many others, and sorting them again for every pair dominated the linter's time)."""
    bag_a, bag_b = bags or (word_bag(a, fillers), word_bag(b, fillers))
    if bag_a == bag_b:
        return True
    if not a or not b or 2 * min(len(a), len(b)) / (len(a) + len(b)) < ratio:
        return False  # cannot reach the ratio: skip the quadratic work
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.quick_ratio() >= ratio and matcher.ratio() >= ratio  # quick_ratio: a cheap upper bound


def phrase_text(phrase: str) -> str:
    """An example phrase as words: prose punctuation dropped, periods of abbreviations kept."""
    return normalise(PROSE_MARKS.sub(" ", phrase))


def _slot_alternatives(model: Model, intent: Intent) -> Mapping[str, str]:
    """Regex alternatives per slot: listed values and synonyms for custom types, any words otherwise."""
    alternatives: dict[str, str] = {}
    for slot in intent.slots:
        slot_type = model.slot_type(slot.type)
        if slot_type is None or slot.type.startswith("AMAZON."):
            alternatives[slot.name] = r".+?"
            continue
        words = {normalise(v.value) for v in slot_type.values}
        words |= {normalise(s) for v in slot_type.values for s in v.synonyms}
        words.discard("")
        ordered = sorted(words, key=len, reverse=True)
        alternatives[slot.name] = "(?:" + "|".join(re.escape(w) for w in ordered) + ")" if ordered else r"(?!)"
    return alternatives


def sample_pattern(model: Model, intent: Intent, sample: str) -> re.Pattern[str]:
    """A regex matching what a user may say for ``sample``: slot references become their values."""
    alternatives = _slot_alternatives(model, intent)
    parts = []
    position = 0
    for match in SLOT_REF.finditer(sample):
        parts.append(re.escape(normalise(sample[position:match.start()])))
        parts.append(alternatives.get(match.group(1), r".+?"))
        position = match.end()
    parts.append(re.escape(normalise(sample[position:])))
    # Normalising the pieces separately loses the spaces next to a slot; allow any spacing there.
    return re.compile(r"\s*".join(p for p in parts if p))


def matching_sample(model: Model, request: str) -> tuple[str, str] | None:
    """(intent name, sample) of the first sample the request words match, or None."""
    for intent in model.intents:
        for _, sample in intent.samples:
            if sample_pattern(model, intent, sample).fullmatch(request):
                return intent.name, sample
    return None


def template_pattern(template: str, invocation_name: str, prefixes: Iterable[str]) -> re.Pattern[str]:
    """Regex for one way of saying the invocation name, with an optional polite prefix."""
    body = re.escape(template)
    body = body.replace(re.escape("{name}"), re.escape(normalise(invocation_name)))
    body = body.replace(re.escape("{request}"), "(?P<request>.+)")
    prefix = "|".join(re.escape(p) for p in prefixes)
    return re.compile(rf"(?:(?:{prefix}) )?{body}" if prefix else body)
