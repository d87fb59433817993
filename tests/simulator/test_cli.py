"""``python -m skill chat`` and ``ask`` as a user runs them: piped scripts, replays, JSON, HTTP, audio."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
import wave
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from skill.knowledge import load_knowledge
from skill.simulator.cli import main
from skill.dialogue.replies import load_prompts
from skill.web.app import create_app
from skill.web.config import WebConfig

ROOT = Path(__file__).parents[2]
REPLAY = Path(__file__).parent / "replays" / "leg-cramps.json"


def flat(text: str) -> str:
    """Words only: the transcript wraps long answers over several indented lines."""
    return " ".join(text.split())


def short(entry_id: str) -> str:
    entry = load_knowledge("en-US").entry(entry_id)
    assert entry is not None
    return flat(entry.answer.short)


def run_chat(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "skill", "chat", *args], input=script, capture_output=True,
                          text=True, cwd=ROOT, timeout=120)


def json_blocks(output: str, label: str) -> list[dict[str, object]]:
    """The envelopes printed after each 'request:' or 'response:' line by --json."""
    decoder = json.JSONDecoder()
    blocks = []
    for part in output.split(f"\n{label}:\n")[1:]:
        blocks.append(decoder.raw_decode(part)[0])
    return blocks


@contextmanager
def serving(config: WebConfig) -> Iterator[str]:
    """The project's web endpoint on a free loopback port, for the length of a test."""
    server = make_server("127.0.0.1", 0, create_app(config), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture
def dev_server() -> Iterator[str]:
    """Development mode: no signature checks, as --endpoint expects."""
    with serving(WebConfig(verify=False)) as url:
        yield url


@pytest.fixture
def verifying_server() -> Iterator[str]:
    """The endpoint as deployed: unsigned requests get HTTP 400."""
    with serving(WebConfig(skill_ids=frozenset({"amzn1.ask.skill.00000000-0000-0000-0000-000000000000"}))) as url:
        yield url


def test_piped_script_reads_as_a_dialogue_and_ends_with_the_skill() -> None:
    result = run_chat("# a comment line is skipped\nopen leg cramp helper\n\nwhat causes leg cramps\nstop\n")
    assert result.returncode == 0, result.stderr
    out = flat(result.stdout)
    assert "you> open leg cramp helper -> LaunchRequest [new session]" in out
    assert flat(load_prompts("en-US").say("launch.disclaimer")) in out
    assert "you> what causes leg cramps -> IntentRequest CausesOverviewIntent" in out
    assert short("causes_overview") in out
    assert out.endswith("(session ended)")
    assert "comment" not in out and "SessionEndedRequest" not in out


def test_leaving_an_open_session_sends_session_ended_request() -> None:
    result = run_chat("ask leg cramp helper what foods have b twelve\n")
    assert result.returncode == 0, result.stderr
    out = flat(result.stdout)
    assert short("b12_foods") in out and "(session open;" in out
    assert out.endswith("-> SessionEndedRequest USER_INITIATED")


def test_replay_file_runs_every_user_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert main("chat", ["--replay", str(REPLAY)]) == 0
    out = flat(capsys.readouterr().out)
    for said in json.loads(REPLAY.read_text())["userInput"]:
        assert f"you> {said} ->" in out
    assert short("causes_overview") in out and short("b12_deficiency") in out
    assert out.endswith("(session ended)")


def test_replay_exits_non_zero_when_the_skill_fails(verifying_server: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main("chat", ["--replay", str(REPLAY), "--endpoint", verifying_server]) == 1
    assert "!! skill error: HTTP 400" in capsys.readouterr().out


@pytest.mark.parametrize("content, message", [
    ("not json", "not valid JSON"),
    ('{"userInput": "open leg cramp helper"}', "a list of strings"),
    ('{"type": "voice", "userInput": []}', '"type": "text"'),
    ('{"locale": 7, "userInput": []}', "must be strings"),
    ('{"locale": "../../etc/passwd", "userInput": []}', "not a locale"),
])
def test_bad_replay_files_are_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str,
                                           message: str) -> None:
    replay = tmp_path / "replay.json"
    replay.write_text(content)
    assert main("chat", ["--replay", str(replay)]) == 2
    assert message in capsys.readouterr().err


def test_ask_prints_the_answer(capsys: pytest.CaptureFixture[str]) -> None:
    assert main("ask", ["what", "causes", "leg", "cramps"]) == 0
    out = flat(capsys.readouterr().out)
    assert out.startswith("-> IntentRequest CausesOverviewIntent [new session] alexa> ")
    assert short("causes_overview") in out


def test_json_shows_the_exact_envelopes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main("ask", ["--json", "--screen", "--skill-id", "amzn1.ask.skill.sim", "can water pills cause cramps"]) == 0
    out = capsys.readouterr().out
    requests, responses = json_blocks(out, "request"), json_blocks(out, "response")
    assert [r["request"]["type"] for r in requests] == ["IntentRequest", "SessionEndedRequest"]  # type: ignore[index]
    first = requests[0]
    assert first["session"]["application"]["applicationId"] == "amzn1.ask.skill.sim"  # type: ignore[index]
    assert "Alexa.Presentation.APL" in first["context"]["System"]["device"]["supportedInterfaces"]  # type: ignore[index]
    slot = first["request"]["intent"]["slots"]["cause"]  # type: ignore[index]
    assert slot["resolutions"]["resolutionsPerAuthority"][0]["values"][0]["value"]["id"] == "medications"
    assert responses[0]["response"]["shouldEndSession"] is False  # type: ignore[index]
    assert requests[1]["session"]["attributes"] == responses[0]["sessionAttributes"]  # type: ignore[index]


def test_endpoint_gets_the_same_answers_over_http(dev_server: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main("chat", ["--replay", str(REPLAY), "--endpoint", dev_server]) == 0
    over_http = capsys.readouterr().out
    assert main("chat", ["--replay", str(REPLAY)]) == 0
    in_process = capsys.readouterr().out
    assert short("causes_overview") in flat(over_http) and short("b12_deficiency") in flat(over_http)

    def understood(transcript: str) -> list[str]:
        return [line for line in transcript.splitlines() if line.lstrip().startswith("-> ")]

    assert len(understood(over_http)) == 6 and understood(over_http) == understood(in_process)
    assert "skill error" not in over_http


def test_unreachable_endpoint_is_a_failure(capsys: pytest.CaptureFixture[str]) -> None:
    assert main("ask", ["--endpoint", "http://127.0.0.1:9/", "what causes leg cramps"]) == 1
    assert "cannot reach http://127.0.0.1:9/" in capsys.readouterr().out


def test_unknown_locale_says_it_has_no_model_and_is_still_sent(capsys: pytest.CaptureFixture[str]) -> None:
    """A locale with no model is understood with the default one, so a developer hears the skill's
    refusal for it; what is printed says so. A string that is no locale at all is a usage error."""
    assert main("ask", ["--locale", "xx-XX", "hello"]) == 0
    captured = capsys.readouterr()
    assert "no interaction model for xx-XX" in captured.err and "isn't available" in captured.out
    assert main("ask", ["--locale", "en-US/../../x", "hello"]) == 2
    assert "not a locale" in capsys.readouterr().err


def test_speak_without_espeak_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert main("ask", ["--speak", "what causes leg cramps"]) == 2
    err = capsys.readouterr().err
    assert "espeak-ng" in err and "apt-get install espeak-ng" in err


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed (.ci/run installs it)")
def test_audio_dir_gets_one_valid_wav_per_answer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    audio = tmp_path / "audio"
    assert main("chat", ["--replay", str(REPLAY), "--audio-dir", str(audio)]) == 0
    files = sorted(audio.glob("turn-*.wav"))
    assert len(files) == len(json.loads(REPLAY.read_text())["userInput"])
    for path in files:
        with wave.open(str(path)) as sound:
            assert sound.getnchannels() == 1 and sound.getframerate() > 0
            assert sound.getnframes() / sound.getframerate() > 0.5  # at least half a second of speech
    assert f"(audio: {files[0]})" in capsys.readouterr().out


@pytest.mark.parametrize("locale, number", [("en-US", "nine one one"), ("en-GB", "nine nine nine"),
                                            ("en-CA", "nine one one"), ("en-AU", "triple zero"),
                                            ("en-IN", "one one two")])
def test_chat_in_each_locale_names_its_emergency_number(locale: str, number: str) -> None:
    """Issue 14: `printf 'i have chest pain\\n' | python -m skill chat --locale LOCALE`."""
    result = run_chat("i have chest pain\n", "--locale", locale)
    assert result.returncode == 0, result.stderr
    assert f"Call {number} now" in flat(result.stdout)


def test_chat_in_a_locale_the_skill_does_not_serve_hears_the_refusal() -> None:
    result = run_chat("i have chest pain\n", "--locale", "de-DE")
    assert result.returncode == 0, result.stderr
    out = flat(result.stdout)
    assert "isn't available in your country or language yet" in out and "(session ended)" in out
    assert "no interaction model for de-DE" in result.stderr
