"""Speaking the skill's answers aloud with espeak-ng, or writing them to WAV files.

espeak-ng reads SSML with ``-m``, so breaks and emphasis are heard. It is an optional system
program (Debian: ``apt-get install espeak-ng``); without it ``--speak`` stops with a clear message.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from skill.simulator.espeak import to_espeak

ESPEAK = "espeak-ng"
INSTALL_HINT = (
    "--speak needs espeak-ng, which is not installed. Install it (Debian/Ubuntu: "
    "sudo apt-get install espeak-ng; macOS: brew install espeak-ng) or chat without --speak."
)
SPEAK_TIMEOUT_SECONDS = 120


class VoiceUnavailable(RuntimeError):
    """espeak-ng is missing or failed; the message says what to do."""


def espeak_voice(locale: str) -> str:
    """espeak-ng names voices by lower-case language and region: en-US -> en-us, de-DE -> de."""
    language, _, region = locale.lower().partition("-")
    return f"{language}-{region}" if language == "en" and region in {"us", "gb"} else language


class Voice:
    """Speaks SSML through the speakers, or into numbered WAV files when given a folder."""

    def __init__(self, locale: str, audio_dir: Path | None = None) -> None:
        executable = shutil.which(ESPEAK)
        if executable is None:
            raise VoiceUnavailable(INSTALL_HINT)
        self.executable = executable
        self.voice = espeak_voice(locale)
        self.audio_dir = audio_dir
        self.count = 0
        if audio_dir is not None:
            audio_dir.mkdir(parents=True, exist_ok=True)

    def speak(self, ssml: str) -> Path | None:
        """Say one answer; returns the WAV file written, if writing to a folder."""
        self.count += 1
        command = [self.executable, "-m", "-v", self.voice]
        wav = None
        if self.audio_dir is not None:
            wav = self.audio_dir / f"turn-{self.count:03d}.wav"
            command += ["-w", str(wav)]
        try:
            result = subprocess.run(command + ["--", to_espeak(ssml)], check=True, capture_output=True,
                                    timeout=SPEAK_TIMEOUT_SECONDS)
        except subprocess.CalledProcessError as error:
            message = error.stderr.decode(errors="replace").strip() or f"exit status {error.returncode}"
            raise VoiceUnavailable(f"espeak-ng failed: {message}") from error
        except subprocess.TimeoutExpired as error:
            raise VoiceUnavailable("espeak-ng took too long and was stopped") from error
        complaint = result.stderr.decode(errors="replace").strip()
        if wav is None and complaint:
            # With no sound device espeak-ng still exits 0, having only complained on stderr.
            raise VoiceUnavailable(f"espeak-ng could not play the answer ({complaint.splitlines()[-1]}); "
                                   "--audio-dir DIR writes WAV files instead")
        return wav
