"""One shape for every finding, so model, manifest and response checks print and test alike."""
from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(enum.Enum):
    """An error fails the build or certification; a warning is a likely mistake worth a look."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """A rule broken at one node of one document.

    ``node`` is a dotted path into the JSON (``interactionModel.languageModel.intents[HelpIntent]``):
    named list items are selected by name, other list items by index.
    """

    file: str
    node: str
    rule: str
    message: str
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self) -> str:
        """``file: path.to.node: rule: severity: message``, one grep-able line per problem."""
        return f"{self.file}: {self.node}: {self.rule}: {self.severity.value}: {self.message}"

