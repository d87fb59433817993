"""Warm latency: per-request time through ``lambda_handler`` once the function is loaded.

Usage: python bench/warm.py [--repeat N]   (make bench-warm)

The skill runs the scripted conversation in bench/conversation.json (launch, questions, follow-ups,
a source, a comparison, the symptom checklist, stop), with session attributes carried from each
response to the next request as Alexa does and slot values resolved against the interaction model.
The hello-world skill answers the same number of launch requests, and then the skill's own
envelopes, session attributes and all: what the SDK alone costs for this conversation, and the
comparison the target (issue 13: at most 1.5x) is set on, so it measures the skill's own code. Each runs in its own isolated process from its unpacked zip; the first
pass is a warm-up and is not counted.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

import variants
from variants import build_lambda, lambda_harness, ms, percentile

from skill.simulator.model import load_model

TARGET = 1.5  # skill / hello-world answering the same envelopes, median
CONVERSATION = Path(__file__).resolve().parent / "conversation.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200, help="conversations to time (default 200)")
    args = parser.parse_args(argv)
    runtime = build_lambda.find_runtime()
    variants.prepare([variants.SKILL, variants.HELLO], runtime)
    turns = json.loads(CONVERSATION.read_text(encoding="utf-8"))["turns"]
    events = lambda_harness.conversation(turns, load_model(build_lambda.INTERACTION_MODELS / "en-US.json"))
    passes = args.repeat + 1
    skill = lambda_harness.invoke(variants.SKILL.unpacked, events, python=runtime.interpreter,
                                  carry_session=True, repeat=passes, timeout=600)
    check_conversation(turns, skill.responses)
    hello = lambda_harness.invoke(variants.HELLO.unpacked, [lambda_harness.launch_request()] * len(events),
                                  python=runtime.interpreter, repeat=passes, timeout=600)
    # The same envelopes the skill got (its session attributes included), answered by hello-world:
    # what the SDK alone costs for this conversation, before any of the skill's own code.
    floor = lambda_harness.invoke(variants.HELLO.unpacked, as_received(events, skill.responses),
                                  python=runtime.interpreter, repeat=passes, timeout=600)
    rows = {"skill": skill, "hello-world": hello, "hello-world*": floor}
    times = {name: list(result.request_seconds[len(events):]) for name, result in rows.items()}

    print(f"warm requests: {len(turns)}-turn conversation x {args.repeat} (skill) "
          f"vs as many launch requests (hello-world)")
    print(f"machine: {variants.machine(runtime)}")
    print(f"{'variant':<14}{'requests':>10}{'median':>12}{'p99':>12}")
    for name, values in times.items():
        print(f"{name:<14}{len(values):>10}{ms(statistics.median(values)):>12}{ms(percentile(values, 0.99)):>12}")
    print("  * hello-world answering the skill's own conversation envelopes (SDK cost alone)")
    median_ratio = statistics.median(times["skill"]) / statistics.median(times["hello-world"])
    p99_ratio = percentile(times["skill"], 0.99) / percentile(times["hello-world"], 0.99)
    print(f"skill / hello-world on launch requests: median {median_ratio:.2f}x, p99 {p99_ratio:.2f}x")
    floor_ratio = statistics.median(times["hello-world*"]) / statistics.median(times["hello-world"])
    print(f"of which the SDK's handling of the richer envelopes: median {floor_ratio:.2f}x")
    same = statistics.median(times["skill"]) / statistics.median(times["hello-world*"])
    print(f"skill / hello-world* (same envelopes): median {same:.2f}x "
          f"(target <= {TARGET:.1f}x: {'met' if same <= TARGET else 'missed'})")
    slowest = max(range(len(events)), key=lambda turn: statistics.median(skill.request_seconds[turn::len(events)]))
    print(f"slowest turn: {describe(turns[slowest])} "
          f"({ms(statistics.median(skill.request_seconds[slowest::len(events)])).strip()} median)")
    return 0


def as_received(events: list[dict], responses: tuple[dict, ...]) -> list[dict]:
    """The envelopes as the skill received them: each carrying the previous answer's session attributes."""
    received = json.loads(json.dumps(events))
    for turn, event in enumerate(received):
        event["session"]["new"] = turn == 0
        event["session"]["attributes"] = dict(responses[turn - 1].get("sessionAttributes") or {}) if turn else {}
    return received


def describe(turn: dict) -> str:
    return "LaunchRequest" if turn.get("launch") else turn["intent"]


def check_conversation(turns: list[dict], responses: tuple[dict, ...]) -> None:
    """Time only the conversation as scripted: every turn answered, the session open until the last."""
    for number, (turn, response) in enumerate(zip(turns, responses), start=1):
        body = response["response"]
        last = number == len(turns)
        if "outputSpeech" not in body or bool(body.get("shouldEndSession")) != last:
            raise SystemExit(f"conversation went off script at turn {number} ({describe(turn)}): "
                             f"{json.dumps(body)[:400]}")


if __name__ == "__main__":
    sys.exit(main())
