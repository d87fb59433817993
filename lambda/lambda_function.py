"""AWS Lambda entry point. Configure the function's handler as ``lambda_function.lambda_handler``."""
from skill.app import lambda_handler

__all__ = ["lambda_handler"]
