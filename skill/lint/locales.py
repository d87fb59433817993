"""Cross-locale rules: one skill's locales must share intents, slots and slot value ids.

The handlers are shared by every locale, so a missing intent or value id in one locale is a request
the code expects but Alexa can never send (or the reverse).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from skill.lint.catalog import problem
from skill.lint.documents import MODEL_ROOT, Model
from skill.lint.problems import Problem


def _difference(rule: str, model: Model, node: str, what: str, ours: Iterable[str], theirs: Iterable[str],
                reference: Model) -> list[Problem]:
    ours, theirs = set(ours), set(theirs)
    found = []
    missing, extra = sorted(theirs - ours), sorted(ours - theirs)
    if missing:
        found.append(problem(model.file, node, rule,
                             f"{what} {', '.join(missing)} in {reference.locale} but not in {model.locale}"))
    if extra:
        found.append(problem(model.file, node, rule,
                             f"{what} {', '.join(extra)} in {model.locale} but not in {reference.locale}"))
    return found


def check_locales(models: Sequence[Model]) -> list[Problem]:
    """Compare every locale of one skill with the first (alphabetically); problems go on the other file."""
    located = sorted((m for m in models if m.locale), key=lambda m: m.locale or "")
    if len(located) < 2:
        return []
    reference, found = located[0], []
    for model in located[1:]:
        found += _difference("locale-intents", model, f"{MODEL_ROOT}.intents", "intent",
                             (i.name for i in model.intents), (i.name for i in reference.intents), reference)
        for intent in model.intents:
            theirs = reference.intent(intent.name)
            if theirs is not None:
                found += _difference("locale-intent-slots", model, f"{intent.node}.slots", f"{intent.name} slot",
                                     (f"{s.name}:{s.type}" for s in intent.slots),
                                     (f"{s.name}:{s.type}" for s in theirs.slots), reference)
        found += _difference("locale-slot-types", model, f"{MODEL_ROOT}.types", "slot type",
                             (t.name for t in model.types), (t.name for t in reference.types), reference)
        for slot_type in model.types:
            theirs_type = reference.slot_type(slot_type.name)
            if theirs_type is not None:
                found += _difference("locale-slot-values", model, f"{slot_type.node}.values", f"{slot_type.name} value",
                                     (v.key for v in slot_type.values), (v.key for v in theirs_type.values), reference)
    return found
