"""How hard the fuzzers push: CI runs every fuzzer at full strength, ``make test`` at a fraction.

Two hypothesis profiles are registered in tests/conftest.py: ``ci`` (the counts written in the tests)
and ``dev`` (the default: a fifth of them). Choose one with ``HYPOTHESIS_PROFILE=ci`` or pytest's
``--hypothesis-profile ci``. Hypothesis tests and the seeded fuzz loops ask ``examples(n)`` for
their budget, so one switch scales both kinds alike; every run stays derandomized, so a failure
seen at the dev budget reproduces, and CI still sees every case it saw before.
"""
from __future__ import annotations

from hypothesis import settings

#: max_examples of the two profiles; a test's budget is its CI count scaled by the loaded one.
CI_EXAMPLES = 100
DEV_EXAMPLES = 20


def examples(ci_count: int) -> int:
    """``ci_count`` under the ci profile, a proportional share (at least 10) under dev."""
    loaded = settings.default.max_examples
    return ci_count if loaded >= CI_EXAMPLES else max(10, ci_count * loaded // CI_EXAMPLES)
