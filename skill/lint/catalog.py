"""Every rule the linter knows, with its stable id and severity, in one place.

Ids are part of the output format (scripts grep for them), so never rename one; add a new id instead.
"""
from __future__ import annotations

from dataclasses import dataclass

from skill.lint.problems import Problem, Severity

E = Severity.ERROR
W = Severity.WARNING


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    scope: str  # "file", "model", "locales", "manifest" or "response"
    summary: str


_RULES: tuple[Rule, ...] = (
    Rule("json-invalid", E, "file", "the file is not UTF-8 JSON"),
    Rule("document-kind", E, "file", "a file given by name is neither an interaction model nor a skill manifest"),
    # Interaction model
    Rule("model-structure", E, "model", "a part of the model is missing or has the wrong JSON type"),
    Rule("model-size", E, "model", "the model file is larger than 1.5 MB"),
    Rule("invocation-name-missing", E, "model", "the model has no invocation name"),
    Rule("invocation-name-words", E, "model", "the invocation name has fewer than two words"),
    Rule("invocation-name-characters", E, "model",
         "the invocation name has characters other than lower-case letters, spaces, possessive "
         "apostrophes and periods in spelled abbreviations"),
    Rule("invocation-name-digits", E, "model", "the invocation name has digits (spell numbers out)"),
    Rule("invocation-name-forbidden-word", E, "model",
         "the invocation name has a launch word, a wake word, or 'skill'/'app'"),
    Rule("invocation-name-article", E, "model", "a two-word invocation name has an article or preposition"),
    Rule("intent-count", E, "model", "the model has more than 250 intents"),
    Rule("intent-name-duplicate", E, "model", "two intents have the same name"),
    Rule("intent-name-characters", E, "model",
         "an intent name does not begin with a letter or has characters other than letters and underscores"),
    Rule("required-intent-missing", E, "model", "a required built-in intent (Help, Stop, Cancel, NavigateHome) is missing"),
    Rule("fallback-intent-missing", W, "model", "AMAZON.FallbackIntent is missing"),
    Rule("fallback-sensitivity-level", E, "model", "the fallback sensitivity is not LOW, MEDIUM or HIGH"),
    Rule("intent-samples-few", E, "model", "a custom intent has fewer sample utterances than the minimum"),
    Rule("sample-characters", E, "model", "a sample utterance has punctuation Alexa does not accept, or is empty"),
    Rule("sample-digits", E, "model", "a sample utterance has digits (spell numbers out)"),
    Rule("sample-slot-syntax", E, "model", "a sample utterance has a malformed {slot} reference"),
    Rule("sample-slot-undeclared", E, "model", "a sample utterance refers to a slot the intent does not declare (case-sensitive)"),
    Rule("sample-duplicate", E, "model", "the same sample (ignoring case and spacing) appears twice, in one intent or two"),
    Rule("sample-near-duplicate", W, "model", "samples of two intents differ only in filler words, word order or one small word"),
    Rule("slot-name-duplicate", E, "model", "an intent declares two slots with the same name"),
    Rule("slot-unused", W, "model", "a declared slot appears in none of its intent's samples"),
    Rule("slot-type-undeclared", E, "model", "a slot's custom type is not declared in the model"),
    Rule("slot-type-name-characters", E, "model",
         "a custom slot type name does not begin with a letter or has characters other than letters and underscores"),
    Rule("slot-type-unused", W, "model", "a declared slot type is used by no slot"),
    Rule("slot-value-length", E, "model", "a slot value or synonym is empty or longer than 140 characters"),
    Rule("slot-value-duplicate", E, "model", "a value or synonym belongs to two values of the same slot type"),
    Rule("slot-value-id-duplicate", E, "model", "two values of one slot type have the same id"),
    # Across the locales of one skill
    Rule("locale-intents", E, "locales", "locales of one skill declare different intents"),
    Rule("locale-intent-slots", E, "locales", "an intent declares different slots in different locales"),
    Rule("locale-slot-types", E, "locales", "locales of one skill declare different slot types"),
    Rule("locale-slot-values", E, "locales", "a slot type has different value ids in different locales"),
    # Skill manifest (skill.json)
    Rule("manifest-structure", E, "manifest", "a part of the manifest has the wrong JSON type"),
    Rule("manifest-required-field", E, "manifest", "a field needed for publishing or certification is missing or empty"),
    Rule("manifest-field-length", E, "manifest", "a store listing field is longer than the store allows"),
    Rule("manifest-locale-model", E, "manifest", "the manifest's locales and the interaction models' locales differ"),
    Rule("manifest-example-phrases", E, "manifest", "a locale does not have one to three example phrases"),
    Rule("manifest-example-phrase-first", E, "manifest", "the first example phrase lacks the wake word and invocation name"),
    Rule("manifest-example-phrase-match", E, "manifest", "an example phrase matches no sample utterance of the model"),
    Rule("manifest-unchecked", W, "manifest", "a manifest check was skipped: no model for the locale, or no wording rules for its language"),
    Rule("manifest-health-disclaimer", E, "manifest", "a health skill's description lacks the medical disclaimer"),
    Rule("manifest-health-claim", W, "manifest", "store text claims a life-saving or diagnosing ability"),
    Rule("manifest-privacy-policy", E, "manifest", "the skill uses personal information but a locale has no privacy policy URL"),
    Rule("manifest-endpoint", E, "manifest", "the custom endpoint is neither a Lambda ARN nor an HTTPS URL with a certificate type"),
    Rule("manifest-endpoint-placeholder", W, "manifest",
         "the endpoint is a template ARN (REGION, ACCOUNT_ID) that a build must fill in before upload"),
    # Response envelopes
    Rule("response-structure", E, "response", "the response envelope or its speech/card has the wrong shape"),
    Rule("response-size", E, "response", "the serialized response is larger than 24 KB"),
    Rule("ssml-root", E, "response", "SSML is not a single <speak> element"),
    Rule("ssml-well-formed", E, "response", "SSML is not well-formed XML (often an unescaped & or <)"),
    Rule("ssml-unsupported-tag", E, "response", "SSML uses a tag Alexa does not support"),
    Rule("ssml-unescaped", E, "response", "SSML text has a raw > that should be &gt;"),
    Rule("speech-length", E, "response", "output speech is longer than 8000 characters"),
    Rule("card-length", E, "response", "card text (title and body) is longer than 8000 characters"),
    Rule("response-wording", E, "response",
         "speech or card diagnoses the listener or offers to place a call (the content policy, skill/content/policy.py)"),
    Rule("open-session-question", E, "response", "the session stays open but the speech does not end with a question"),
    Rule("open-session-reprompt", E, "response", "the session stays open without a reprompt"),
    Rule("open-session-one-shot", E, "response", "an open session suggests a full one-shot phrase ('Alexa, ask ...')"),
    Rule("closed-session-question", E, "response", "the speech ends with a question but the session is closed"),
    Rule("session-end-explicit", E, "response", "nothing is asked but shouldEndSession is not explicitly true"),
    Rule("session-ended-silent", E, "response", "the response to a SessionEndedRequest speaks or carries a card"),
)

RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}


def severity_of(rule_id: str) -> Severity:
    """Severity of a catalogued rule; an unknown id is a programming error, so it raises."""
    return RULES[rule_id].severity


def problem(file: str, node: str, rule_id: str, message: str) -> Problem:
    """A finding with the severity its rule is catalogued with."""
    return Problem(file, node, rule_id, message, severity_of(rule_id))
