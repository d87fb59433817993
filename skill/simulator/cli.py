"""``python -m skill chat`` and ``python -m skill ask``: talk to the skill offline, as the Alexa simulator would.

Exit status: 0 when every turn was answered, 1 when the skill failed on any turn (an exception, an
error it logged, an HTTP error or a reply that is not a response envelope; see transport.py), 2 for
a usage problem (unknown locale, unreadable model or replay file, espeak-ng missing for --speak).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from skill.cliargs import ArgumentParser, folder, http_url
from skill.simulator.envelope import DEFAULT_APPLICATION_ID, Device
from skill.simulator.model import ModelError, load_model
from skill.simulator.phrases import load_phrases
from skill.simulator.resolver import Resolver
from skill.simulator.session import Conversation, Turn
from skill.simulator.transcript import INDENT, format_turn
from skill.simulator.transport import HttpTransport, InProcessTransport, Transport
from skill.simulator.voice import Voice, VoiceUnavailable

MODELS_DIR = Path(__file__).resolve().parents[2] / "interaction_models"
DEFAULT_LOCALE = "en-US"
LOCALE = re.compile(r"[a-z]{2,3}(-[A-Z]{2})?")
PROMPT = "you> "
REPL_HELP = """Type what you would say to Alexa, e.g. "open {name}", "ask {name} what causes leg cramps".
  /json   show or hide the request and response envelopes
  /end    leave the session (the skill gets a SessionEndedRequest)
  /quit   leave the simulator (Ctrl-D works too)"""


class UsageError(Exception):
    """Something the user asked for cannot be done; the message says why."""


def _parser(command: str) -> argparse.ArgumentParser:
    parser = ArgumentParser(
        prog=f"python -m skill {command}",
        description="Ask the skill one question and print the answer." if command == "ask"
        else "Talk to the skill in a terminal, as the Alexa simulator would (type, or pipe a script in).",
    )
    if command == "ask":
        parser.add_argument("question", nargs="+", help='what you would say, e.g. "what causes leg cramps"')
    else:
        parser.add_argument("--replay", type=Path, metavar="FILE",
                            help="run an ASK CLI 'ask dialog' replay file (its userInput list) and exit")
    parser.add_argument("--locale", help=f"request locale; picks interaction_models/LOCALE.json (default {DEFAULT_LOCALE})")
    parser.add_argument("--model", type=Path, metavar="PATH", help="interaction model file to resolve utterances with")
    parser.add_argument("--json", action="store_true", help="print the exact request and response envelopes")
    parser.add_argument("--speak", action="store_true", help="speak each answer aloud with espeak-ng")
    parser.add_argument("--audio-dir", type=folder, metavar="DIR", help="write each spoken answer to DIR/turn-NNN.wav")
    parser.add_argument("--screen", action="store_true", help="simulate a device with a screen (APL supported)")
    parser.add_argument("--endpoint", type=http_url, metavar="URL",
                        help="POST the envelopes to a running endpoint (python -m skill serve in development mode)")
    parser.add_argument("--skill-id", metavar="ID", help="application id in the envelopes (default: the replay "
                        f"file's skillId, else {DEFAULT_APPLICATION_ID})")
    return parser


def _read_replay(path: Path) -> dict[str, Any]:
    """An ``ask dialog`` replay file: {"skillId", "locale", "type": "text", "userInput": [...]}."""
    try:
        replay = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise UsageError(f"{path}: cannot read replay file ({error.strerror})") from error
    except json.JSONDecodeError as error:
        raise UsageError(f"{path}: not valid JSON ({error})") from error
    inputs = replay.get("userInput") if isinstance(replay, dict) else None
    if not isinstance(inputs, list) or not all(isinstance(said, str) for said in inputs):
        raise UsageError(f"{path}: a replay file needs \"userInput\": a list of strings")
    if replay.get("type", "text") != "text":
        raise UsageError(f"{path}: only \"type\": \"text\" replays can be run")
    if not all(isinstance(replay.get(key, ""), str) for key in ("skillId", "locale")):
        raise UsageError(f"{path}: \"skillId\" and \"locale\" must be strings")
    return replay


class _Run:
    """Everything one run needs: the conversation, output, and the optional voice."""

    def __init__(self, args: argparse.Namespace, replay: dict[str, Any] | None, out: TextIO) -> None:
        locale = args.locale or (replay or {}).get("locale") or DEFAULT_LOCALE
        if not isinstance(locale, str) or not LOCALE.fullmatch(locale):
            raise UsageError(f"not a locale: {str(locale)[:40]!r} (expected something like en-US)")
        model_path = args.model or MODELS_DIR / f"{locale}.json"
        if not args.model and not model_path.is_file():
            # A locale the skill does not serve has no model: understand the words with the default
            # locale's, and send the requested locale, to hear how the skill answers such a request.
            print(f"(no interaction model for {locale}: understanding with {DEFAULT_LOCALE}'s; "
                  f"the requests say {locale})", file=sys.stderr)
            model_path = MODELS_DIR / f"{DEFAULT_LOCALE}.json"
        try:
            model = load_model(model_path)
        except ModelError as error:
            raise UsageError(str(error)) from error
        application_id = args.skill_id or (replay or {}).get("skillId") or DEFAULT_APPLICATION_ID
        transport: Transport = HttpTransport(args.endpoint) if args.endpoint else InProcessTransport()
        self.conversation = Conversation(Resolver(model, load_phrases(locale)), transport, locale,
                                         Device(application_id=application_id, screen=args.screen))
        self.invocation_name = model.invocation_name
        self.show_json = args.json
        self.out = out
        self.failures = 0
        self.last_card: dict[str, Any] | None = None
        self.voice: Voice | None = None
        if args.speak or args.audio_dir:
            try:
                self.voice = Voice(locale, args.audio_dir)
            except VoiceUnavailable as error:
                raise UsageError(str(error)) from error

    def show(self, turn: Turn | None) -> None:
        if turn is None:
            return
        print(format_turn(turn, self.show_json, card_unchanged=turn.card is not None and turn.card == self.last_card),
              file=self.out, flush=True)
        if turn.card is not None:
            self.last_card = turn.card
        if turn.failure:
            self.failures += 1
        if self.voice is not None and turn.speech_ssml:
            self._speak(turn.speech_ssml)

    def _speak(self, ssml: str) -> None:
        assert self.voice is not None
        try:
            written = self.voice.speak(ssml)
        except VoiceUnavailable as error:
            print(f"{error}; continuing without speech", file=sys.stderr)
            self.voice = None
            return
        if written is not None:
            print(f"{INDENT}(audio: {written})", file=self.out, flush=True)

    def say(self, said: str) -> None:
        self.show(self.conversation.say(said))

    def finish(self) -> int:
        """End an open session as a user walking away would, and report any failure in the exit status."""
        self.show(self.conversation.end())
        return 1 if self.failures else 0


def _lines(source: TextIO, interactive: bool, out: TextIO) -> Iterator[str]:
    """What the user says, line by line; piped input is echoed so the transcript reads as a dialogue."""
    if interactive:
        try:
            import readline  # noqa: F401  (line editing and history for input())
        except ImportError:
            pass
        while True:
            try:
                yield input(PROMPT)
            except EOFError:
                print(file=out)
                return
    for line in source:
        line = line.strip()
        if line and not line.startswith("#"):
            print(f"{PROMPT}{line}", file=out, flush=True)
            yield line


def _chat(run: _Run, source: TextIO) -> int:
    interactive = source.isatty()
    if interactive:
        where = run.conversation.transport.description
        print(f"Simulating {run.invocation_name!r} ({run.conversation.locale}, {where}). /help for commands.",
              file=run.out)
    for line in _lines(source, interactive, run.out):
        said = line.strip()
        if not said:
            continue
        if said in {"/quit", "/exit"}:
            break
        if said == "/help":
            print(REPL_HELP.format(name=run.invocation_name), file=run.out)
        elif said == "/json":
            run.show_json = not run.show_json
        elif said == "/end":
            run.show(run.conversation.end())
        else:
            run.say(said)
    return run.finish()


def main(command: str, argv: list[str]) -> int:
    """Entry point for ``python -m skill chat|ask``."""
    args = _parser(command).parse_args(argv)
    try:
        replay = _read_replay(args.replay) if command == "chat" and args.replay else None
        run = _Run(args, replay, sys.stdout)
    except UsageError as error:
        print(f"python -m skill {command}: {error}", file=sys.stderr)
        return 2
    try:
        if command == "ask":
            run.say(" ".join(args.question))
            return run.finish()
        if replay is not None:
            for said in replay["userInput"]:
                print(f"{PROMPT}{said}", file=run.out, flush=True)
                run.say(said)
            return run.finish()
        return _chat(run, sys.stdin)
    except KeyboardInterrupt:
        print(file=run.out)
        return run.finish()
    except BrokenPipeError:
        # The reader went away (``... | head``): stop quietly, as Unix tools do.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (interpreter shutdown flushes stdout once more)
        return 0
