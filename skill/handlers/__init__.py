"""The SDK's view of the skill: which handler answers which request type.

One handler talks (``ConversationHandler``: launch and every intent, through the dialogue step); the
others answer request types that get no speech, and the catch-all answers any failure.
"""
from __future__ import annotations

from skill.handlers.conversation import ConversationHandler
from skill.handlers.errors import CatchAllExceptionHandler
from skill.handlers.logging import RequestLogger, ResponseLogger
from skill.handlers.system import SessionEndedHandler, UnhandledHandler

REQUEST_HANDLERS = [SessionEndedHandler(), ConversationHandler(), UnhandledHandler()]
EXCEPTION_HANDLERS = [CatchAllExceptionHandler()]
REQUEST_INTERCEPTORS = [RequestLogger()]
RESPONSE_INTERCEPTORS = [ResponseLogger()]
