"""Builds the one skill object that Lambda, the web server and the simulator all serve."""
from __future__ import annotations

from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import SkillBuilder

from skill import handlers


def build_skill(skill_id: str | None = None) -> CustomSkill:
    """Register every handler in one ordered list: dispatch takes the first whose can_handle is true."""
    builder = SkillBuilder()
    if skill_id:
        builder.skill_id = skill_id
    for request_handler in handlers.REQUEST_HANDLERS:
        builder.add_request_handler(request_handler)
    for exception_handler in handlers.EXCEPTION_HANDLERS:
        builder.add_exception_handler(exception_handler)
    for interceptor in handlers.REQUEST_INTERCEPTORS:
        builder.add_global_request_interceptor(interceptor)
    for interceptor in handlers.RESPONSE_INTERCEPTORS:
        builder.add_global_response_interceptor(interceptor)
    return builder.create()
