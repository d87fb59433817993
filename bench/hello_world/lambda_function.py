"""Hello-world ask-sdk-core skill: the baseline that bench/ compares Leg Cramp Helper against.

It does what the ASK SDK's own hello-world sample does: greet on launch, and echo the name of any
intent (the sample's "intent reflector"), packaged by the same build as the real skill so that the
comparison isolates what the skill itself adds to import and answer time. Its words live in
speech.json, as the skill's do.
"""
import json
from pathlib import Path

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.skill_builder import SkillBuilder
from ask_sdk_core.utils import get_intent_name, is_request_type
from ask_sdk_model import Response

SPEECH = json.loads((Path(__file__).parent / "speech.json").read_text(encoding="utf-8"))


class LaunchRequestHandler(AbstractRequestHandler):
    """Answers the launch with a greeting and keeps the session open for a reply."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("LaunchRequest")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return handler_input.response_builder.speak(SPEECH["launch"]).ask(SPEECH["reprompt"]).response


class IntentReflectorHandler(AbstractRequestHandler):
    """Answers any intent by naming it, so the SDK's cost for any request can be measured."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("IntentRequest")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        speech = SPEECH["reflect"].format(intent=get_intent_name(handler_input))
        return handler_input.response_builder.speak(speech).ask(SPEECH["reprompt"]).response


builder = SkillBuilder()
builder.add_request_handler(LaunchRequestHandler())
builder.add_request_handler(IntentReflectorHandler())
lambda_handler = builder.lambda_handler()
