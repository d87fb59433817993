"""Every handler, in the order dispatch tries them: the first whose can_handle is true answers.

Order is behaviour: session end and launch first, then stop/cancel (they must work anywhere),
then the specific questions, then navigation, and the catch-alls last.
"""
from __future__ import annotations

from skill.handlers.errors import CatchAllExceptionHandler
from skill.handlers.logging import RequestLogger, ResponseLogger
from skill.handlers.navigation import (
    FallbackHandler,
    HelpHandler,
    HomeHandler,
    LaunchHandler,
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
    StopHandler(),
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
    FallbackHandler(),
    UnhandledHandler(),
]
EXCEPTION_HANDLERS = [CatchAllExceptionHandler()]
REQUEST_INTERCEPTORS = [RequestLogger()]
RESPONSE_INTERCEPTORS = [ResponseLogger()]
