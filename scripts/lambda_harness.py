"""Invokes a built Lambda zip the way AWS does, for the smoke test and the benchmarks.

The zip is unpacked into an empty directory and run by a fresh interpreter in isolated mode with
no site-packages (``-I -S``) and no bytecode writing (``-B``, as /var/task is read-only), so only
the package itself and the standard library can be imported.
"""
from __future__ import annotations

import json
import subprocess
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from skill.simulator.envelope import Device, Session, authority, intent_body, request_envelope, slot_json
from skill.simulator.model import InteractionModel

DRIVER = Path(__file__).resolve().parent / "lambda_driver.py"
SKILL_ID = "amzn1.ask.skill.00000000-0000-4000-8000-000000000000"
USER_ID = "amzn1.ask.account.HARNESS"
DEVICE_ID = "amzn1.ask.device.HARNESS"


@dataclass(frozen=True)
class Invocation:
    """What one isolated process reported, plus its wall time as seen from outside."""

    wall_seconds: float
    import_seconds: float
    first_answer_seconds: float
    request_seconds: tuple[float, ...]
    responses: tuple[dict[str, Any], ...]


def unpack(archive: Path, destination: Path) -> Path:
    """Extract into an empty directory (refusing a non-empty one, so nothing else leaks in)."""
    destination.mkdir(parents=True, exist_ok=True)
    if any(destination.iterdir()):
        raise ValueError(f"{destination} is not empty")
    with zipfile.ZipFile(archive) as package:
        package.extractall(destination)
    return destination


HARNESS_DEVICE = Device(application_id=SKILL_ID, device_id=DEVICE_ID, user_id=USER_ID, audio=False)


def envelope(request: dict[str, Any], *, locale: str = "en-US", new: bool = True,
             attributes: dict[str, Any] | None = None) -> dict[str, Any]:
    """A request envelope shaped like Alexa's, around one request object (fixed ids and time)."""
    session = Session("amzn1.echo-api.session.harness", new, dict(attributes or {}))
    return request_envelope(HARNESS_DEVICE, session, request, locale, timestamp="2026-01-01T00:00:00Z",
                            request_id="amzn1.echo-api.request.harness")


def launch_request(**kwargs: Any) -> dict[str, Any]:
    return envelope({"type": "LaunchRequest"}, **kwargs)


def intent_request(name: str, slots: dict[str, str] | None = None,
                   resolved: dict[str, tuple[str, str | None]] | None = None, **kwargs: Any) -> dict[str, Any]:
    """An IntentRequest with slots as heard; ``resolved`` gives, per slot, its type and entity
    resolution's id (``None`` for a value Alexa heard but could not match)."""
    filled = []
    for slot, value in (slots or {}).items():
        if resolved and slot in resolved:
            slot_type, canonical_id = resolved[slot]
            matches = [(canonical_id, value)] if canonical_id is not None else []
            filled.append(slot_json(slot, value, authority=authority(SKILL_ID, slot_type), matches=matches))
        else:
            filled.append(slot_json(slot, value))
    return envelope(intent_body(name, filled, dialog_state="COMPLETED"), **kwargs)


def resolve_slots(model: InteractionModel, intent: str, slots: dict[str, str]) -> dict[str, tuple[str, str | None]]:
    """Entity resolution as Alexa does it for custom types: a value or synonym, any case, gives its id."""
    declared = model.intent(intent)
    slot_types = declared.slots if declared else {}
    resolved: dict[str, tuple[str, str | None]] = {}
    for slot, heard in slots.items():
        values = model.slot_types.get(slot_types.get(slot, ""))
        if values is not None:
            ids = {form.lower(): value.id for value in values for form in value.spoken_forms}
            resolved[slot] = (slot_types[slot], ids.get(heard.lower()))
    return resolved


def conversation(turns: list[dict[str, Any]], model: InteractionModel | None = None) -> list[dict[str, Any]]:
    """Envelopes from a scripted conversation: ``{"launch": true}`` or ``{"intent": NAME, "slots": {...}}``.

    With the interaction model given, custom slot values are resolved against it as Alexa would.
    """
    events = []
    for turn in turns:
        if turn.get("launch"):
            events.append(launch_request())
            continue
        slots = turn.get("slots") or {}
        resolved = resolve_slots(model, turn["intent"], slots) if model else None
        events.append(intent_request(turn["intent"], slots, resolved))
    return events


def invoke(package_dir: Path, events: list[dict[str, Any]], *, python: Path,
           carry_session: bool = False, repeat: int = 1, timeout: float = 120) -> Invocation:
    """Run the events through ``lambda_function.lambda_handler`` in one fresh isolated process."""
    job = json.dumps({"events": events, "carry_session": carry_session, "repeat": repeat})
    began = time.perf_counter()
    completed = subprocess.run(
        [str(python), "-I", "-S", "-B", str(DRIVER), str(package_dir)],
        input=job, capture_output=True, text=True, timeout=timeout, check=False,
        env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )
    wall = time.perf_counter() - began
    if completed.returncode != 0:
        raise RuntimeError(f"handler process failed ({completed.returncode}):\n{completed.stderr}")
    result = json.loads(completed.stdout)
    return Invocation(
        wall_seconds=wall,
        import_seconds=result["import_seconds"],
        first_answer_seconds=result["first_answer_seconds"],
        request_seconds=tuple(result["request_seconds"]),
        responses=tuple(result["responses"]),
    )
