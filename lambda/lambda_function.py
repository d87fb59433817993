"""AWS Lambda entry point. Configure the function's handler as ``lambda_function.lambda_handler``."""
from skill.app import default_skill, lambda_handler

# Build the skill (and so load and validate all content) now, in Lambda's init phase: a bad data
# file then fails the deployment's smoke test and the function's init, never a user's first request.
default_skill()

__all__ = ["lambda_handler"]
