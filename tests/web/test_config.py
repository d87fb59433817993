"""Settings: verification on unless explicitly off, a loud warning when off, strict parsing."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from skill.web import cli
from skill.web.config import ConfigError, WebConfig
from tests.web.conftest import AppFactory
from tests.web.envelopes import OTHER_SKILL_ID, SKILL_ID, body_of, launch


def test_default_config_verifies_and_needs_a_skill_id() -> None:
    with pytest.raises(ConfigError, match="SKILL_ID"):
        WebConfig()
    assert WebConfig(skill_ids=frozenset({SKILL_ID})).verify is True


def test_from_env_reads_allow_list_flag_and_limit() -> None:
    config = WebConfig.from_env({"SKILL_ID": f" {SKILL_ID}, ,{OTHER_SKILL_ID},", "SKILL_MAX_BODY_BYTES": "2048"})
    assert config.skill_ids == {SKILL_ID, OTHER_SKILL_ID} and config.verify and config.max_body_bytes == 2048
    assert WebConfig.from_env({"SKILL_INSECURE_DEV_MODE": "yes"}).verify is False
    assert WebConfig.from_env({"SKILL_ID": SKILL_ID, "SKILL_INSECURE_DEV_MODE": "0"}).verify is True


@pytest.mark.parametrize("environ", [
    {},
    {"SKILL_ID": " , "},
    {"SKILL_ID": SKILL_ID, "SKILL_INSECURE_DEV_MODE": "maybe"},
    {"SKILL_ID": SKILL_ID, "SKILL_MAX_BODY_BYTES": "lots"},
    {"SKILL_ID": SKILL_ID, "SKILL_MAX_BODY_BYTES": "0"},
])
def test_bad_or_missing_settings_are_errors(environ: dict[str, str]) -> None:
    with pytest.raises(ConfigError):
        WebConfig.from_env(environ)


def test_insecure_mode_warns_loudly_at_start_and_accepts_unsigned_requests(
        make_app: AppFactory, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        client = make_app(WebConfig(verify=False)).test_client()
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "INSECURE DEVELOPMENT MODE" in warnings[0] and "NOT checked" in warnings[0]
    stale = body_of(launch(datetime.now(timezone.utc) - timedelta(days=1)))
    assert client.post("/", data=stale).status_code == 200


def test_insecure_mode_still_applies_a_configured_allow_list(make_app: AppFactory) -> None:
    client = make_app(WebConfig(verify=False, skill_ids=frozenset({SKILL_ID}))).test_client()
    now = datetime.now(timezone.utc)
    assert client.post("/", data=body_of(launch(now))).status_code == 200
    assert client.post("/", data=body_of(launch(now, skill_id=OTHER_SKILL_ID))).status_code == 400


def test_verifying_mode_says_nothing_at_start(make_app: AppFactory, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO):
        make_app()
    assert [r.getMessage() for r in caplog.records] == []


def test_cli_refuses_to_start_without_a_skill_id(monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("SKILL_ID", raising=False)
    monkeypatch.delenv("SKILL_INSECURE_DEV_MODE", raising=False)
    assert cli.main("serve", ["--port", "8000"]) == 2
    assert "serve: no skill ID configured" in capsys.readouterr().err


def test_cli_flags_override_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SKILL_ID", OTHER_SKILL_ID)
    args: Any = cli.build_parser().parse_args(["--skill-id", SKILL_ID, "--insecure-dev-mode"])
    config = cli.load_config(args)
    assert config.skill_ids == {SKILL_ID} and config.verify is False
    monkeypatch.delenv("SKILL_ID")
    assert cli.load_config(cli.build_parser().parse_args(["--skill-id", "a", "--skill-id", "b"])).skill_ids == {"a", "b"}


def test_cli_rejects_a_bad_port_from_the_environment(monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PORT", "eighty")
    assert cli.main("serve", ["--skill-id", SKILL_ID]) == 2
    assert "PORT must be a whole number" in capsys.readouterr().err
