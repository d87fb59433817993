"""AWS Lambda entry point. Configure the function's handler as ``lambda_function.lambda_handler``."""
from skill.app import default_skill, lambda_handler

# Build the skill now, in Lambda's init phase. Its content was loaded and validated when the package
# was built (scripts/build_lambda.py refuses to zip content that fails), and loads here on first use.
default_skill()

__all__ = ["lambda_handler"]
