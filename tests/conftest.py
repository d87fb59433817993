"""Shared pytest configuration. Plugins are listed here so every test in the suite gets them.

Hypothesis profiles (see tests/fuzzing.py): ``dev`` unless HYPOTHESIS_PROFILE names another;
pytest's ``--hypothesis-profile`` overrides both. ``make test`` uses dev, ``make ci`` uses ci.
"""
import os

from hypothesis import settings

from tests.fuzzing import CI_EXAMPLES, DEV_EXAMPLES

pytest_plugins: list[str] = ["pytester", "tests.response_checks"]

settings.register_profile("ci", max_examples=CI_EXAMPLES, derandomize=True, database=None, deadline=None)
settings.register_profile("dev", max_examples=DEV_EXAMPLES, derandomize=True, database=None, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
