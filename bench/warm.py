"""Warm latency: per-request time through ``lambda_handler`` once the function is loaded.

Usage: python bench/warm.py [--repeat N]   (make bench-warm)

The skill runs the scripted conversation in bench/conversation.json (launch, questions, follow-ups,
a source, a comparison, the symptom checklist, stop), with session attributes carried from each
response to the next request as Alexa does and slot values resolved against the interaction model.
The hello-world skill answers the same number of launch requests. Each runs in its own isolated
process from its unpacked zip; the first pass is a warm-up and is not counted.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

import variants
from variants import build_lambda, lambda_harness, ms, percentile

TARGET = 1.3
CONVERSATION = Path(__file__).resolve().parent / "conversation.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200, help="conversations to time (default 200)")
    args = parser.parse_args(argv)
    runtime = build_lambda.find_runtime()
    variants.prepare([variants.SKILL, variants.HELLO], runtime)
    turns = json.loads(CONVERSATION.read_text(encoding="utf-8"))["turns"]
    model = json.loads((build_lambda.INTERACTION_MODELS / "en-US.json").read_text(encoding="utf-8"))
    events = lambda_harness.conversation(turns, model["interactionModel"]["languageModel"])
    passes = args.repeat + 1
    skill = lambda_harness.invoke(variants.SKILL.unpacked, events, python=runtime.interpreter,
                                  carry_session=True, repeat=passes, timeout=600)
    check_conversation(turns, skill.responses)
    hello = lambda_harness.invoke(variants.HELLO.unpacked, [lambda_harness.launch_request()] * len(events),
                                  python=runtime.interpreter, repeat=passes, timeout=600)
    skill_times = list(skill.request_seconds[len(events):])
    hello_times = list(hello.request_seconds[len(events):])

    print(f"warm requests: {len(turns)}-turn conversation x {args.repeat} (skill) "
          f"vs as many launch requests (hello-world)")
    print(f"machine: {variants.machine(runtime)}")
    print(f"{'variant':<14}{'requests':>10}{'median':>12}{'p99':>12}")
    for name, times in (("skill", skill_times), ("hello-world", hello_times)):
        print(f"{name:<14}{len(times):>10}{ms(statistics.median(times)):>12}{ms(percentile(times, 0.99)):>12}")
    median_ratio = statistics.median(skill_times) / statistics.median(hello_times)
    p99_ratio = percentile(skill_times, 0.99) / percentile(hello_times, 0.99)
    print(f"skill / hello-world: median {median_ratio:.2f}x, p99 {p99_ratio:.2f}x "
          f"(target <= {TARGET:.1f}x: {'met' if median_ratio <= TARGET else 'missed'} on the median)")
    slowest = max(range(len(events)), key=lambda turn: statistics.median(skill.request_seconds[turn::len(events)]))
    print(f"slowest turn: {describe(turns[slowest])} "
          f"({ms(statistics.median(skill.request_seconds[slowest::len(events)])).strip()} median)")
    return 0


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
