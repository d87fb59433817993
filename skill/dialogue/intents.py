"""The names the dialogue understands: Alexa's built-in intents, the skill's own, and the red-flag rule.

Names only, no Alexa import: the interaction model (``make models``) and the dialogue step agree on
these strings, and nothing else in the skill spells them.
"""
from __future__ import annotations

import re

LAUNCH = "LaunchRequest"  # not an intent: the skill was opened without a question

YES = "AMAZON.YesIntent"
NO = "AMAZON.NoIntent"
STOP = "AMAZON.StopIntent"
CANCEL = "AMAZON.CancelIntent"
HELP = "AMAZON.HelpIntent"
REPEAT = "AMAZON.RepeatIntent"
PREVIOUS = "AMAZON.PreviousIntent"
NEXT = "AMAZON.NextIntent"
START_OVER = "AMAZON.StartOverIntent"
NAVIGATE_HOME = "AMAZON.NavigateHomeIntent"
FALLBACK = "AMAZON.FallbackIntent"

CHECK_SYMPTOMS = "CheckSymptomsIntent"
NOT_SURE = "NotSureIntent"
WHY_ASK = "WhyAskIntent"
MORE = "TellMeMoreIntent"
SOURCE = "SourceIntent"
TOPIC = "TopicIntent"
CAUSE = "CauseIntent"
TREATMENT = "TreatmentIntent"
COMPARE = "CompareCausesIntent"

#: Intents that always answer the same knowledge entry.
FIXED_TOPICS: dict[str, str] = {
    "CausesOverviewIntent": "causes_overview",
    "BTwelveSymptomsIntent": "b12_symptoms",
    "BTwelveRoleIntent": "b12_role",
    "BTwelveExcessIntent": "b12_supplements",
    "BTwelveInjectionsIntent": "b12_injections",
    "PreventionIntent": "prevention",
    "DuringCrampIntent": "during_cramp",
    "BTwelveFoodsIntent": "b12_foods",
    "RestlessLegsIntent": "restless_legs",
    "SeeDoctorIntent": "see_doctor",
}

RED_FLAG_PREFIX = "RedFlag"


def red_flag_intent_name(flag_id: str) -> str:
    """``leg_clot`` -> ``RedFlagLegClotIntent``: the name `make models` gives a red flag's intent."""
    return RED_FLAG_PREFIX + "".join(part.title() for part in flag_id.split("_")) + "Intent"


def red_flag_id(intent: str | None) -> str | None:
    """The checklist red flag a RedFlag intent reports, ``red_flag_intent_name`` read backwards.

    Named by rule rather than listed, so a red flag added to the rules and the model needs no code."""
    if not intent or not intent.startswith(RED_FLAG_PREFIX) or not intent.endswith("Intent"):
        return None
    camel = intent[len(RED_FLAG_PREFIX):-len("Intent")]
    return re.sub(r"(?<!^)(?=[A-Z])", "_", camel).lower() or None
