"""Reading custom slots the way Alexa fills them: resolved id, unmatched value, or nothing."""
from __future__ import annotations

from dataclasses import dataclass

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_slot
from ask_sdk_model.slu.entityresolution import StatusCode

MAX_ECHO = 60


@dataclass(frozen=True)
class SlotValue:
    """What the user said for a slot: the resolved canonical id (if any) and the words heard."""

    id: str | None
    said: str | None

    @property
    def empty(self) -> bool:
        return self.id is None and self.said is None


def read_slot(handler_input: HandlerInput, name: str) -> SlotValue:
    """The slot's resolved id when entity resolution matched, else only what was heard."""
    try:
        slot = get_slot(handler_input, name)
    except (TypeError, AttributeError):  # not an intent request, or no slots at all
        return SlotValue(None, None)
    if slot is None:
        return SlotValue(None, None)
    said = " ".join(str(slot.value).split())[:MAX_ECHO] if slot.value else None
    resolutions = getattr(slot, "resolutions", None)
    for authority in getattr(resolutions, "resolutions_per_authority", None) or []:
        status = getattr(getattr(authority, "status", None), "code", None)
        if status == StatusCode.ER_SUCCESS_MATCH and authority.values:
            resolved = authority.values[0].value
            if resolved is not None and resolved.id:
                return SlotValue(str(resolved.id), said)
    return SlotValue(None, said or None)
