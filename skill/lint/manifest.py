"""Skill manifest (``skill.json``) rules: store listing, privacy, endpoint, health policy, example phrases."""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from skill.lint import utterances
from skill.lint.catalog import problem
from skill.lint.documents import MODEL_ROOT, Document, Model
from skill.lint.problems import Problem
from skill.lint.rulebook import LanguageRules, Rulebook

PUB = "manifest.publishingInformation"
PRIVACY = "manifest.privacyAndCompliance"
SSL_TYPES = frozenset({"Trusted", "Wildcard", "SelfSigned"})
LAMBDA_ARN = re.compile(r"^arn:aws:lambda:[a-z]{2}(-gov)?-[a-z]+-\d:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]+)?$")
PLACEHOLDER_PART = re.compile(r"^[A-Z][A-Z_]*$")
WORD = re.compile(r"[^\W\d_]+")


class _Checker:
    """Walks one manifest, collecting problems, tolerant of any JSON shape."""

    def __init__(self, document: Document, rulebook: Rulebook) -> None:
        self.file = document.file
        self.rulebook = rulebook
        self.found: list[Problem] = []

    def add(self, node: str, rule: str, message: str) -> None:
        self.found.append(problem(self.file, node, rule, message))

    def obj(self, parent: Mapping[str, Any], key: str, node: str) -> dict[str, Any] | None:
        value = parent.get(key)
        if value is None:
            self.add(node, "manifest-required-field", f"add {key}")
            return None
        if not isinstance(value, dict):
            self.add(node, "manifest-structure", f"{key} must be an object")
            return None
        return value

    def text(self, parent: Mapping[str, Any], key: str, node: str) -> str | None:
        value = parent.get(key)
        if not isinstance(value, str) or not value.strip():
            self.add(node, "manifest-required-field", f"add a non-empty {key}")
            return None
        return value


def check_manifest(document: Document, models: Mapping[str, Model], rulebook: Rulebook,
                   models_given: bool) -> list[Problem]:
    """``models`` maps locale to model for this skill; ``models_given`` says whether any model was linted."""
    check = _Checker(document, rulebook)
    manifest = check.obj(document.data, "manifest", "manifest")
    if manifest is None:
        return check.found
    check.text(manifest, "manifestVersion", "manifest.manifestVersion")
    publishing = check.obj(manifest, "publishingInformation", PUB)
    locales: dict[str, Any] = {}
    if publishing is not None:
        locales = check.obj(publishing, "locales", f"{PUB}.locales") or {}
        if publishing.get("locales") == {}:
            check.add(f"{PUB}.locales", "manifest-required-field", "add at least one locale")
        _publishing(check, publishing)
    health = _is_health_skill(publishing or {}, locales, rulebook)
    for locale, listing in locales.items():
        node = f"{PUB}.locales.{locale}"
        if not isinstance(listing, dict):
            check.add(node, "manifest-structure", "a locale's listing must be an object")
            continue
        _listing(check, node, listing)
        language = rulebook.language(locale)
        model = models.get(locale)
        _example_phrases(check, node, locale, listing.get("examplePhrases"), model, language, models_given)
        _health_text(check, node, locale, listing, language, health, model)
    _privacy(check, manifest, locales)
    _endpoint(check, manifest)
    if models_given:
        for locale in sorted(set(locales) - set(models)):
            check.add(f"{PUB}.locales.{locale}", "manifest-locale-model", f"no interaction model for {locale}")
        for locale in sorted(set(models) - set(locales)):
            check.add(f"{PUB}.locales", "manifest-locale-model",
                      f"an interaction model exists for {locale} but the manifest does not list it")
    return check.found


def _publishing(check: _Checker, publishing: dict[str, Any]) -> None:
    check.text(publishing, "category", f"{PUB}.category")
    check.text(publishing, "testingInstructions", f"{PUB}.testingInstructions")
    countries = publishing.get("distributionCountries")
    if publishing.get("isAvailableWorldwide") is not True and not (isinstance(countries, list) and countries):
        check.add(f"{PUB}.distributionCountries", "manifest-required-field",
                  "set isAvailableWorldwide to true or list distributionCountries")


def _listing(check: _Checker, node: str, listing: dict[str, Any]) -> None:
    for field in check.rulebook.manifest.required_locale_fields:
        check.text(listing, field, f"{node}.{field}")
    for field, limit in check.rulebook.manifest.field_max_chars.items():
        value = listing.get(field)
        if isinstance(value, str) and len(value) > limit:
            check.add(f"{node}.{field}", "manifest-field-length", f"{len(value)} characters; the limit is {limit}")


def _invocation_forms(model: Model, language: LanguageRules) -> list[re.Pattern[str]]:
    if not model.invocation_name:
        return []
    return [utterances.template_pattern(t, model.invocation_name, language.optional_prefixes)
            for t in language.invocation_templates]


def example_phrase_problem(phrase: str, model: Model, language: LanguageRules) -> str | None:
    """Why ``phrase`` would not reach the skill as written, or None when it would."""
    text = utterances.phrase_text(phrase)
    rest, has_wake_word = text, False
    for wake in language.wake_words:
        if text == wake or text.startswith(wake + " "):
            rest, has_wake_word = text[len(wake):].strip(), True
    requests = [] if has_wake_word else [rest]
    names_skill = False
    for pattern in _invocation_forms(model, language):
        match = pattern.fullmatch(rest)
        if match is None:
            continue
        names_skill = True
        if "request" not in pattern.groupindex:
            return None  # a launch phrase: opens the skill with no request
        requests.append(match.group("request"))
    if any(utterances.matching_sample(model, request) for request in requests):
        return None
    if names_skill:
        return f"the request in '{phrase}' matches no sample utterance"
    if has_wake_word:
        return f"'{phrase}' does not say the invocation name '{model.invocation_name}' in a supported way"
    return f"'{phrase}' matches no sample utterance"


def _example_phrases(check: _Checker, node: str, locale: str, raw: Any, model: Model | None,
                     language: LanguageRules | None, models_given: bool) -> None:
    node = f"{node}.examplePhrases"
    limit = check.rulebook.manifest.max_example_phrases
    if not isinstance(raw, list) or not all(isinstance(p, str) for p in raw) or not 1 <= len(raw) <= limit:
        check.add(node, "manifest-example-phrases", f"give a list of 1 to {limit} example phrases")
        return
    if language is None:
        check.add(node, "manifest-unchecked", f"no wording rules for the language of {locale}")
        return
    if model is None:
        if not models_given:
            check.add(node, "manifest-unchecked", f"no interaction model for {locale} was linted with the manifest")
        return
    first = utterances.phrase_text(raw[0])
    starts_with_wake = any(first.startswith(w + " ") for w in language.wake_words)
    name = utterances.normalise(model.invocation_name or "")
    if not starts_with_wake or not name or name not in first:
        check.add(f"{node}[0]", "manifest-example-phrase-first",
                  f"'{raw[0]}': start with the wake word and say the invocation name "
                  f"('{language.wake_words[0].capitalize()}, open {name}')")
    for index, phrase in enumerate(raw):
        reason = example_phrase_problem(phrase, model, language)
        if reason:
            check.add(f"{node}[{index}]", "manifest-example-phrase-match", reason)


def _is_health_skill(publishing: Mapping[str, Any], locales: Mapping[str, Any], rulebook: Rulebook) -> bool:
    category = publishing.get("category")
    if isinstance(category, str) and category in rulebook.manifest.health_categories:
        return True
    for locale, listing in locales.items():
        language = rulebook.language(locale)
        if language is None or not isinstance(listing, dict):
            continue
        text = " ".join(str(listing.get(k, "")) for k in ("name", "summary", "description")).casefold()
        if set(WORD.findall(text)) & language.health_terms:
            return True
    return False


def _health_text(check: _Checker, node: str, locale: str, listing: Mapping[str, Any],
                 language: LanguageRules | None, health: bool, model: Model | None) -> None:
    if not health:
        return
    if language is None:
        check.add(f"{node}.description", "manifest-unchecked", f"no disclaimer wording known for {locale}")
        return
    description = listing.get("description")
    if isinstance(description, str) and description.strip():
        text = " ".join(description.split())
        missing = [p.pattern for p in language.disclaimer_patterns if not p.search(text)]
        if missing:
            check.add(f"{node}.description", "manifest-health-disclaimer",
                      "say it is general information for education only, not a substitute for professional "
                      "medical advice, diagnosis or treatment, and to call the local emergency number in an "
                      f"emergency (missing: {'; '.join(missing)})")
    texts = [(check.file, f"{node}.{k}", listing.get(k)) for k in ("name", "summary", "description")]
    if model is not None:
        texts.append((model.file, f"{MODEL_ROOT}.invocationName", model.invocation_name))
    for file, where, value in texts:
        if not isinstance(value, str):
            continue
        for pattern in language.health_claim_patterns:
            claim = pattern.search(value)
            if claim:
                check.found.append(problem(file, where, "manifest-health-claim",
                                           f"'{claim.group(0)}' claims more than general information"))


def _privacy(check: _Checker, manifest: Mapping[str, Any], locales: Mapping[str, Any]) -> None:
    privacy = check.obj(manifest, "privacyAndCompliance", PRIVACY)
    if privacy is None:
        return
    for flag in check.rulebook.manifest.required_privacy_flags:
        if not isinstance(privacy.get(flag), bool):
            check.add(f"{PRIVACY}.{flag}", "manifest-required-field", f"set {flag} to true or false")
    if privacy.get("usesPersonalInfo") is True:
        policy_locales = privacy.get("locales") if isinstance(privacy.get("locales"), dict) else {}
        for locale in locales:
            entry = policy_locales.get(locale)
            url = entry.get("privacyPolicyUrl") if isinstance(entry, dict) else None
            if not (isinstance(url, str) and url.startswith("https://")):
                check.add(f"{PRIVACY}.locales.{locale}.privacyPolicyUrl", "manifest-privacy-policy",
                          "usesPersonalInfo is true: give an https privacy policy URL")


def _is_placeholder_arn(uri: str) -> bool:
    """A template ARN (``arn:aws:lambda:REGION:ACCOUNT_ID:function:NAME``) kept for a build to fill in."""
    parts = uri.split(":")
    return len(parts) >= 7 and bool(PLACEHOLDER_PART.match(parts[3]) and PLACEHOLDER_PART.match(parts[4]))


def _endpoint(check: _Checker, manifest: Mapping[str, Any]) -> None:
    """The endpoint may be absent (ASK CLI deployers fill it in); when present it must be usable."""
    apis = check.obj(manifest, "apis", "manifest.apis")
    custom = check.obj(apis, "custom", "manifest.apis.custom") if apis is not None else None
    endpoint = custom.get("endpoint") if custom is not None else None
    if endpoint is None:
        return
    node = "manifest.apis.custom.endpoint"
    if not isinstance(endpoint, dict):
        check.add(node, "manifest-structure", "endpoint must be an object")
        return
    uri = endpoint.get("uri")
    if uri is None and isinstance(endpoint.get("sourceDir"), str):
        return
    if isinstance(uri, str) and uri.startswith("arn:"):
        if _is_placeholder_arn(uri):
            check.add(f"{node}.uri", "manifest-endpoint-placeholder",
                      f"{uri!r} is a placeholder: the build or `ask deploy` must replace it before upload")
        elif not LAMBDA_ARN.match(uri):
            check.add(f"{node}.uri", "manifest-endpoint",
                      f"{uri!r} is not a complete Lambda function ARN (region, 12-digit account, function name); "
                      "fill it in, or leave the endpoint out for the ASK CLI deployer to set")
        return
    if isinstance(uri, str) and uri.startswith("https://"):
        certificate = endpoint.get("sslCertificateType")
        if not (isinstance(certificate, str) and certificate in SSL_TYPES):
            check.add(f"{node}.sslCertificateType", "manifest-endpoint",
                      f"an HTTPS endpoint needs sslCertificateType, one of {', '.join(sorted(SSL_TYPES))}")
        return
    check.add(f"{node}.uri", "manifest-endpoint", f"{uri!r} is neither a Lambda ARN nor an https:// URL")
