"""``make safety-eval``: how many held-out red-flag phrasings reach their level, in three places.

Two corpora, each written from the research alone by someone who had not read the interaction model,
and never copied into the samples: ``heldout_red_flags.toml`` (written first; its misses later taught
the templates new words, so its figure is no longer a clean measure) and ``heldout_red_flags_2.toml``
(written after the templates were tuned, and never used to tune them). Each phrasing is said through
the local simulator (its resolver plays Alexa's NLU, the skill runs in process):

- one-shot: the first thing said in a new session;
- after an answer: after "what causes leg cramps";
- mid-checklist: after "check my symptoms" and a "no" to the first question.

The level each sign must reach comes from shared/research/medical-facts.md and is written out here,
not read from the skill's rules. A reply counts as emergency when its first sentence tells the user
to call the emergency number, and as same day when it says to get help today.
"""
from __future__ import annotations

import argparse
import re
import sys
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

from skill.simulator.model import load_model
from skill.simulator.phrases import load_phrases
from skill.simulator.resolver import Resolver
from skill.simulator.session import Conversation
from skill.simulator.transport import InProcessTransport

ROOT = Path(__file__).resolve().parent.parent
CORPORA = sorted((ROOT / "tests" / "safety").glob("heldout_red_flags*.toml"))
EMERGENCY = {"chest", "stroke", "cold_leg", "tetanus", "little_pee", "heatstroke", "injury_pain",
             "back_numbness", "injection_heartbeat", "heart_dizzy"}
SAME_DAY = {"leg_clot", "long_cramp", "dark_urine", "fluid_loss", "injection_cramps", "racing_heart",
            "dirty_wound", "toxic", "pre_eclampsia", "rest_pain"}
PLACES = {
    "one-shot": (),
    "after an answer": ("what causes leg cramps",),
    "mid-checklist": ("check my symptoms", "no"),
}


def level_of(speech: str, number: str) -> str:
    """emergency, same_day or none, from what a listener hears."""
    first = re.split(r"(?<=[.!?])\s", speech.strip(), maxsplit=1)[0].lower()
    if "call" in first and number in first:
        return "emergency"
    if re.search(r"\btoday\b", speech.lower()):
        return "same_day"
    return "none"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="scripts/safety_eval.py", description=__doc__.splitlines()[0])
    parser.add_argument("--locale", default="en-US")
    parser.add_argument("--number", default="nine one one", help="the emergency number as spoken")
    parser.add_argument("--misses", action="store_true", help="list every miss")
    parser.add_argument("corpus", nargs="*", type=Path, default=CORPORA, help="corpus files (default: both)")
    args = parser.parse_args(argv)
    resolver = Resolver(load_model(ROOT / "interaction_models" / f"{args.locale}.json"), load_phrases(args.locale))
    for corpus in args.corpus:
        phrasings = tomllib.loads(corpus.read_text(encoding="utf-8"))["phrasing"]
        print(f"== {corpus.name}")
        evaluate(phrasings, resolver, args)
    return 0


def evaluate(phrasings: list[dict[str, str]], resolver: Resolver, args: argparse.Namespace) -> None:
    """Say every phrasing in every place; print how many reach their level (and the misses)."""
    transport = InProcessTransport()
    results: dict[str, Counter[str]] = defaultdict(Counter)
    misses: list[str] = []
    for place, before in PLACES.items():
        for item in phrasings:
            sign, text = item["sign"], item["text"]
            wanted = "emergency" if sign in EMERGENCY else "same_day"
            conversation = Conversation(resolver, transport, args.locale)
            for said in before:
                conversation.say(said)
            turn = conversation.say(text)
            got = level_of(turn.speech or "", args.number)
            ok = got == "emergency" or got == wanted
            results[place]["right" if ok else "wrong"] += 1
            if not ok:
                intent = turn.understanding.intent if turn.understanding else None
                misses.append(f"{place:16} {sign:20} {got:10} {intent!s:28} {text}")
    total = len(phrasings)
    print(f"{total} held-out phrasings, {len(EMERGENCY | SAME_DAY)} signs, locale {args.locale}")
    for place in PLACES:
        right = results[place]["right"]
        print(f"{place:16} {right:4}/{total} reach their level ({100 * right / total:.1f}%)")
    if args.misses:
        print("\nmisses (place, sign, level reached, intent, phrasing):")
        print("\n".join(misses))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
