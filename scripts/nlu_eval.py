"""``make nlu-eval``: how much of a held-out corpus the simulator's resolver understands.

Each phrasing in ``tests/nlu/corpus*.toml`` was written without reading the samples, templates or the
simulator's data, with the intent and slot values a listener would expect. It is never copied into
the samples: when a miss teaches a pattern, the pattern goes into a template and new phrasings are
written to measure it. A phrasing counts as right when the resolver picks its intent and resolves
exactly its slots (a slot the phrasing does not name must stay empty).

Two figures: the intent and slots exactly as labelled, and the answer: whether the skill, given what
the resolver understood, says what it says for the labelled intent and slots (the first turn of a
new session, through the dialogue step). "What are the signs of low b twelve" as TopicIntent with
topic b12_symptoms gets the same answer as BTwelveSymptomsIntent; a listener hears no difference.

Prints both, the accuracy per intent, the most frequent confusions, and every miss.
"""
from __future__ import annotations

import argparse
import sys
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

from skill.dialogue.memory import Memory
from skill.dialogue.step import LAUNCH, Slot, step
from skill.simulator.model import load_model
from skill.simulator.phrases import load_phrases
from skill.simulator.resolver import Resolver, Understanding

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "tests" / "nlu"


def resolved_slots(understanding: Understanding) -> dict[str, str]:
    """Slot name -> the id entity resolution gave, or the words heard when nothing resolved."""
    slots = {}
    for slot in understanding.slots:
        if slot.value is None:
            continue
        slots[slot.name] = slot.matches[0].id if slot.matches else f"?{slot.value}"
    return slots


def spoken(intent: str | None, slots: dict[str, str], locale: str) -> str:
    """What the skill says first for this intent and these slot ids ("?words" for a value that did not
    resolve), at the start of a session."""
    filled = {name: Slot(None, value[1:]) if value.startswith("?") else Slot(value, value) for name, value in slots.items()}
    reply, _ = step(Memory(), intent or LAUNCH, filled, locale)
    return " ".join(reply.sentences)


def evaluate(resolver: Resolver, corpus: Path, locale: str, quiet: bool) -> tuple[int, int, int]:
    """Print one corpus's figures (and, unless ``quiet``, its details); return (phrasings, right as
    labelled, right answers)."""
    phrases = tomllib.loads(corpus.read_text(encoding="utf-8"))["phrase"]
    right: Counter[str] = Counter()
    answered = 0
    total: Counter[str] = Counter()
    confusions: Counter[tuple[str, str]] = Counter()
    misses: list[str] = []
    methods: dict[bool, Counter[str]] = defaultdict(Counter)
    for item in phrases:
        expected_intent, expected_slots = item["intent"], dict(item.get("slots", {}))
        found = resolver.understand(item["text"])
        got_slots = resolved_slots(found)
        ok = found.intent == expected_intent and got_slots == expected_slots
        same_answer = ok or spoken(found.intent, got_slots, locale) == spoken(expected_intent, expected_slots, locale)
        answered += same_answer
        total[expected_intent] += 1
        right[expected_intent] += ok
        methods[ok][found.method] += 1
        if not ok:
            confusions[(expected_intent, str(found.intent))] += 1
            misses.append(f"  {item['text']!r}\n      want {expected_intent} {expected_slots or ''}"
                          f"\n      got  {found.intent} {got_slots or ''} ({found.method}, {found.score})"
                          f"{' [same answer]' if same_answer else ''}")

    count, correct = sum(total.values()), sum(right.values())
    print(f"corpus: {_name(corpus)}, {count} phrasings, locale {locale}")
    print(f"intent and slots as labelled: {correct}/{count} = {100 * correct / count:.1f}%")
    print(f"the answer the label gets: {answered}/{count} = {100 * answered / count:.1f}%")
    out_of_domain = "AMAZON.FallbackIntent"
    if total[out_of_domain]:
        medical = sum(n for (want, got), n in confusions.items() if want == out_of_domain)
        print(f"out-of-domain: {right[out_of_domain]}/{total[out_of_domain]} to the fallback, "
              f"{medical} to an answer")
    if quiet:
        return count, correct, answered
    print("\nper intent (right/total):")
    for intent in sorted(total, key=lambda name: (right[name] / total[name], name)):
        print(f"  {right[intent]:>3}/{total[intent]:<3} {100 * right[intent] / total[intent]:5.1f}%  {intent}")
    print("\nconfusions (wanted -> got, count):")
    for (want, got), n in confusions.most_common(25):
        print(f"  {n:>3}  {want} -> {got}")
    print(f"\nhow right answers were found: {dict(methods[True])}; misses: {dict(methods[False])}")
    print(f"\nmisses ({len(misses)}):")
    print("\n".join(misses))
    return count, correct, answered


def _name(corpus: Path) -> str:
    return str(corpus.relative_to(ROOT)) if corpus.is_relative_to(ROOT) else str(corpus)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="scripts/nlu_eval.py", description=__doc__.splitlines()[0])
    parser.add_argument("--locale", default="en-US")
    parser.add_argument("--corpus", type=Path, action="append",
                        help="a corpus file (repeatable); default: every tests/nlu/corpus*.toml")
    parser.add_argument("--quiet", action="store_true", help="only the totals")
    args = parser.parse_args(argv)
    corpora = args.corpus or sorted(CORPORA.glob("corpus*.toml"))
    resolver = Resolver(load_model(ROOT / "interaction_models" / f"{args.locale}.json"), load_phrases(args.locale))
    results = []
    for corpus in corpora:
        results.append((corpus, evaluate(resolver, corpus, args.locale, args.quiet)))
        print()
    if len(results) > 1:
        print("summary (as labelled / the same answer):")
        for corpus, (count, correct, answered) in results:
            print(f"  {_name(corpus):<28} {count:>4} phrasings  {100 * correct / count:5.1f}%  {100 * answered / count:5.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
