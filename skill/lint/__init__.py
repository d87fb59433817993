"""Offline Alexa certification checks: interaction models, skill manifest and response envelopes.

``python -m skill lint`` runs the file checks; ``check_response`` checks one response envelope.
"""
from skill.lint.problems import Problem, Severity
from skill.lint.responses import check_response
from skill.lint.runner import Target, lint_targets

__all__ = ["Problem", "Severity", "Target", "check_response", "lint_targets"]
