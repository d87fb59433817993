"""Web endpoint settings, read once at start from flags or environment variables."""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

#: Comma-separated skill IDs this endpoint answers for (the allow-list).
ENV_SKILL_ID = "SKILL_ID"
#: Set to 1/true/yes to turn off signature, certificate and timestamp checks (development only).
ENV_INSECURE_DEV_MODE = "SKILL_INSECURE_DEV_MODE"
#: Largest request body accepted, in bytes.
ENV_MAX_BODY_BYTES = "SKILL_MAX_BODY_BYTES"

_TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
_FALSE_WORDS = frozenset({"", "0", "false", "no", "off"})


class ConfigError(ValueError):
    """A setting is missing or malformed; the message says which and how to fix it."""


@dataclass(frozen=True)
class WebConfig:
    """Everything the app factory needs to know that is not code.

    ``verify`` is on unless explicitly turned off: an endpoint that forgot its settings must not
    quietly accept unsigned requests.
    """

    skill_ids: frozenset[str] = frozenset()
    verify: bool = True
    max_body_bytes: int = 128 * 1024
    cert_fetch_timeout_seconds: float = 3.0
    cert_cache_seconds: float = 3600.0
    cert_cache_entries: int = 16
    cert_failure_cache_seconds: float = 10.0

    def __post_init__(self) -> None:
        if self.verify and not self.skill_ids:
            raise ConfigError(
                f"no skill ID configured: set the environment variable {ENV_SKILL_ID} to your skill's ID "
                f"(from the Alexa developer console; comma-separated for several)"
            )
        if self.max_body_bytes <= 0:
            raise ConfigError(f"{ENV_MAX_BODY_BYTES} must be a positive number of bytes")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> WebConfig:
        """Read the settings from environment variables (``os.environ`` by default); ``overrides`` win."""
        env = os.environ if environ is None else environ
        options: dict[str, object] = {
            "skill_ids": parse_skill_ids(env.get(ENV_SKILL_ID, "")),
            "verify": not parse_flag(ENV_INSECURE_DEV_MODE, env.get(ENV_INSECURE_DEV_MODE, "")),
        }
        if env.get(ENV_MAX_BODY_BYTES):
            options["max_body_bytes"] = parse_positive_int(ENV_MAX_BODY_BYTES, env[ENV_MAX_BODY_BYTES])
        options.update(overrides)
        return cls(**options)  # type: ignore[arg-type]


def parse_skill_ids(text: str) -> frozenset[str]:
    """Split a comma-separated allow-list, ignoring blanks and surrounding spaces."""
    return frozenset(part.strip() for part in text.split(",") if part.strip())


def parse_flag(name: str, text: str) -> bool:
    """Read a yes/no setting; anything unrecognised is an error rather than a guess."""
    word = text.strip().lower()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    raise ConfigError(f"{name} must be one of 1/0, true/false, yes/no, on/off (got {text!r})")


def parse_port(name: str, text: str) -> int:
    """Read a TCP port setting: a whole number from 1 to 65535."""
    value = parse_positive_int(name, text)
    if value > 65535:
        raise ConfigError(f"{name} must be a port from 1 to 65535 (got {value})")
    return value


def parse_positive_int(name: str, text: str) -> int:
    """Read a positive whole number setting."""
    try:
        value = int(text)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number (got {text!r})") from None
    if value <= 0:
        raise ConfigError(f"{name} must be positive (got {value})")
    return value
