"""AWS Lambda entry point: the handler name configured on the function is ``lambda_function.lambda_handler``."""
from skill.app import build_skill

lambda_handler = build_skill().lambda_handler()
