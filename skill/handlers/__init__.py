"""Every handler, in the order dispatch tries them: the first whose can_handle is true answers.

Order is behaviour: session end and launch first; red flags next, so they escalate from any
point; then stop/cancel and "go home", which work anywhere; then the checklist, which claims every
other intent while a question waits; then the questions, navigation, and the catch-alls last.
"""
from __future__ import annotations

from skill.handlers.checklist import (
    ChecklistStepHandler,
    ChecklistStopHandler,
    ChecklistTipsHandler,
    OutOfChecklistHandler,
    RedFlagHandler,
    StartChecklistHandler,
)
from skill.handlers.errors import CatchAllExceptionHandler
from skill.handlers.logging import RequestLogger, ResponseLogger
from skill.handlers.navigation import (
    FallbackHandler,
    HelpHandler,
    HomeHandler,
    LaunchHandler,
    NavigateHomeHandler,
    MoreHandler,
    NoHandler,
    PreviousHandler,
    RepeatHandler,
    SessionEndedHandler,
    SourceHandler,
    StopHandler,
    UnhandledHandler,
    YesHandler,
)
from skill.handlers.questions import (
    CauseHandler,
    CompareHandler,
    FixedTopicHandler,
    NamedTopicHandler,
    TreatmentHandler,
)

REQUEST_HANDLERS = [
    SessionEndedHandler(),
    LaunchHandler(),
    RedFlagHandler(),
    ChecklistStopHandler(),
    StopHandler(),
    NavigateHomeHandler(),
    StartChecklistHandler(),
    ChecklistStepHandler(),
    ChecklistTipsHandler(),
    FixedTopicHandler(),
    NamedTopicHandler(),
    CauseHandler(),
    TreatmentHandler(),
    CompareHandler(),
    MoreHandler(),
    RepeatHandler(),
    PreviousHandler(),
    SourceHandler(),
    HelpHandler(),
    HomeHandler(),
    YesHandler(),
    NoHandler(),
    OutOfChecklistHandler(),
    FallbackHandler(),
    UnhandledHandler(),
]
EXCEPTION_HANDLERS = [CatchAllExceptionHandler()]
REQUEST_INTERCEPTORS = [RequestLogger()]
RESPONSE_INTERCEPTORS = [ResponseLogger()]
