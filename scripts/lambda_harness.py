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


def envelope(request: dict[str, Any], *, locale: str = "en-US", new: bool = True,
             attributes: dict[str, Any] | None = None) -> dict[str, Any]:
    """A request envelope shaped like Alexa's, around one request object."""
    application = {"applicationId": SKILL_ID}
    user = {"userId": USER_ID}
    request = {"requestId": "amzn1.echo-api.request.harness", "timestamp": "2026-01-01T00:00:00Z",
               "locale": locale, **request}
    return {
        "version": "1.0",
        "session": {"new": new, "sessionId": "amzn1.echo-api.session.harness", "application": application,
                    "user": user, "attributes": dict(attributes or {})},
        "context": {"System": {"application": application, "user": user,
                               "device": {"deviceId": DEVICE_ID, "supportedInterfaces": {}},
                               "apiEndpoint": "https://api.amazonalexa.com"}},
        "request": request,
    }


def launch_request(**kwargs: Any) -> dict[str, Any]:
    return envelope({"type": "LaunchRequest"}, **kwargs)


def intent_request(name: str, slots: dict[str, str] | None = None,
                   resolved: dict[str, str | None] | None = None, **kwargs: Any) -> dict[str, Any]:
    """An IntentRequest with slots as heard; ``resolved`` gives entity resolution's id per slot
    (``None`` for a value Alexa heard but could not match)."""
    slot_objects: dict[str, Any] = {}
    for slot, value in (slots or {}).items():
        slot_objects[slot] = {"name": slot, "value": value, "confirmationStatus": "NONE"}
        if resolved and slot in resolved:
            slot_objects[slot]["resolutions"] = _resolutions(slot, value, resolved[slot])
    intent = {"name": name, "confirmationStatus": "NONE", "slots": slot_objects}
    return envelope({"type": "IntentRequest", "dialogState": "COMPLETED", "intent": intent}, **kwargs)


def _resolutions(slot: str, value: str, canonical_id: str | None) -> dict[str, Any]:
    authority = f"amzn1.er-authority.echo-sdk.{SKILL_ID}.{slot}"
    if canonical_id is None:
        return {"resolutionsPerAuthority": [{"authority": authority, "status": {"code": "ER_SUCCESS_NO_MATCH"}}]}
    return {"resolutionsPerAuthority": [{"authority": authority, "status": {"code": "ER_SUCCESS_MATCH"},
                                         "values": [{"value": {"name": value, "id": canonical_id}}]}]}


def resolve_slots(language_model: dict[str, Any], intent: str, slots: dict[str, str]) -> dict[str, str | None]:
    """Entity resolution as Alexa does it for custom types: a value or synonym, any case, gives its id."""
    slot_types = {slot["name"]: slot["type"] for i in language_model["intents"] if i["name"] == intent
                  for slot in i.get("slots", [])}
    ids: dict[str, dict[str, str]] = {}
    for slot_type in language_model.get("types", []):
        for value in slot_type.get("values", []):
            for word in (value["name"]["value"], *value["name"].get("synonyms", [])):
                ids.setdefault(slot_type["name"], {})[word.lower()] = value.get("id") or value["name"]["value"]
    return {slot: ids.get(slot_types.get(slot, ""), {}).get(heard.lower()) for slot, heard in slots.items()
            if slot_types.get(slot) in ids}


def conversation(turns: list[dict[str, Any]], language_model: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Envelopes from a scripted conversation: ``{"launch": true}`` or ``{"intent": NAME, "slots": {...}}``.

    With the interaction model given, custom slot values are resolved against it as Alexa would.
    """
    events = []
    for turn in turns:
        if turn.get("launch"):
            events.append(launch_request())
            continue
        slots = turn.get("slots") or {}
        resolved = resolve_slots(language_model, turn["intent"], slots) if language_model else None
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
