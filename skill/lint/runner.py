"""Lint a set of files together: each model alone, locales of one skill against each other, then manifests."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from skill.lint.catalog import problem
from skill.lint.documents import Document, Model, parse_model, read_document
from skill.lint.locales import check_locales
from skill.lint.manifest import check_manifest
from skill.lint.model_rules import check_model
from skill.lint.problems import Problem
from skill.lint.rulebook import Rulebook, load_rulebook


@dataclass(frozen=True)
class Target:
    """A file to lint; ``explicit`` when named on the command line (not found by walking a folder)."""

    path: Path
    shown_as: str
    explicit: bool


def _models_for(manifest: Document, models: list[Model]) -> dict[str, Model]:
    """The manifest's own skill: models under its folder (ASK CLI layout), else every model linted."""
    home = Path(manifest.file).parent
    own = [m for m in models if home in Path(m.file).parents]
    by_locale: dict[str, Model] = {}
    for model in own or models:
        if model.locale:
            by_locale.setdefault(model.locale, model)
    return by_locale


def lint_targets(targets: list[Target], rulebook: Rulebook | None = None) -> list[Problem]:
    rulebook = rulebook or load_rulebook()
    found: list[Problem] = []
    models: list[Model] = []
    manifests: list[Document] = []
    for target in targets:
        document = read_document(target.path, target.shown_as)
        if isinstance(document, Problem):
            found.append(document)
        elif document.kind == "model":
            model, structure = parse_model(document)
            found += structure
            found += check_model(model, rulebook)
            models.append(model)
        elif document.kind == "manifest":
            manifests.append(document)
        elif target.explicit:
            found.append(problem(target.shown_as, "$", "document-kind",
                                 "expected an interaction model (interactionModel) or a skill manifest (manifest)"))
    by_folder: dict[Path, list[Model]] = defaultdict(list)
    for model in models:
        by_folder[Path(model.file).parent].append(model)
    for group in by_folder.values():
        found += check_locales(group)
    for manifest in manifests:
        found += check_manifest(manifest, _models_for(manifest, models), rulebook, models_given=bool(models))
    return found
