"""Every Alexa request check through the real app: what passes, and each way a request is refused.

A refusal must be HTTP 400 with a generic body, and leave exactly one log line naming the reason.
"""
from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta, timezone
from collections.abc import Callable
from typing import Any

import pytest

from skill.web.config import WebConfig
from tests.web.conftest import PREFIX, AppFactory, RecordingFetcher, Pki
from tests.web.envelopes import (
    CERT_URL,
    OTHER_SKILL_ID,
    SKILL_ID,
    body_of,
    intent,
    launch,
    signed_headers,
    skill_event,
)

GENERIC_400 = {"error": "Bad Request"}


def now() -> datetime:
    return datetime.now(timezone.utc)


def post(client: Any, body: bytes, headers: dict[str, str]) -> Any:
    return client.post("/", data=body, headers=headers)


def assert_refused(response: Any, caplog: pytest.LogCaptureFixture, reason: str) -> None:
    """400, a body that says nothing internal, and one log line that says why."""
    assert response.status_code == 400
    assert response.get_json() == GENERIC_400
    lines = [r for r in caplog.records if r.levelno >= logging.INFO]
    assert len(lines) == 1, [r.getMessage() for r in lines]
    assert lines[0].name == "skill.web" and lines[0].levelno == logging.WARNING
    assert lines[0].getMessage().startswith("request rejected: ")
    assert reason in lines[0].getMessage()
    assert lines[0].exc_info is None and lines[0].exc_text is None


# --- accepted -------------------------------------------------------------------------------

def test_signed_launch_request_is_answered(client: Any, pki: Pki) -> None:
    body = body_of(launch(now()))
    response = post(client, body, signed_headers(body, pki.signing_key))
    assert response.status_code == 200
    answer = response.get_json()
    assert answer["version"] == "1.0"
    assert answer["response"]["outputSpeech"]["type"] == "SSML"
    assert answer["response"]["shouldEndSession"] is False


def test_signed_intent_request_is_answered_and_session_attributes_come_back(client: Any, pki: Pki) -> None:
    body = body_of(intent("BTwelveFoodsIntent", now()))
    response = post(client, body, signed_headers(body, pki.signing_key))
    assert response.status_code == 200
    assert response.get_json()["sessionAttributes"]["last"].split("|")[1] == "b12_foods"


def test_header_names_are_case_insensitive(client: Any, pki: Pki) -> None:
    body = body_of(launch(now()))
    headers = {name.lower(): value for name, value in signed_headers(body, pki.signing_key).items()}
    assert post(client, body, headers).status_code == 200


def test_equivalent_url_forms_are_accepted_and_share_one_fetch(client: Any, pki: Pki,
                                                               fetcher: RecordingFetcher) -> None:
    forms = [CERT_URL, "https://S3.AmazonAWS.com/echo.api/echo-api-cert-test.pem",
             "https://s3.amazonaws.com:443/echo.api/echo-api-cert-test.pem",
             "https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert-test.pem"]
    for url in forms:
        body = body_of(launch(now()))
        assert post(client, body, signed_headers(body, pki.signing_key, url)).status_code == 200, url
    assert fetcher.fetched == [CERT_URL]


def test_skill_event_up_to_an_hour_old_is_accepted(client: Any, pki: Pki) -> None:
    body = body_of(skill_event("AlexaSkillEvent.SkillEnabled", now() - timedelta(minutes=50)))
    assert post(client, body, signed_headers(body, pki.signing_key)).status_code == 200


def test_several_skill_ids_can_be_allowed(make_app: AppFactory, pki: Pki) -> None:
    client = make_app(WebConfig(skill_ids=frozenset({SKILL_ID, OTHER_SKILL_ID}))).test_client()
    body = body_of(launch(now(), skill_id=OTHER_SKILL_ID))
    assert post(client, body, signed_headers(body, pki.signing_key)).status_code == 200


def test_captured_request_verifies_at_the_moment_it_was_signed(make_app: AppFactory, pki: Pki,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    """With the clock injected, an old capture verifies as of its own time, and only then."""
    signed_at = pki.made_at - timedelta(days=10)
    url = PREFIX + "echo-api-cert-expired-at-signing.pem"
    body = body_of(launch(signed_at))
    headers = signed_headers(body, pki.signing_key, url)
    then = make_app(clock=lambda: signed_at + timedelta(seconds=2)).test_client()
    assert post(then, body, headers).status_code == 200
    caplog.clear()
    later = make_app(clock=lambda: signed_at + timedelta(days=6)).test_client()  # after the leaf expired
    assert_refused(post(later, body, headers), caplog, "s old")  # the cheaper check refuses it first
    caplog.clear()
    skewed = make_app(clock=lambda: signed_at + timedelta(days=6)).test_client()
    body = body_of(launch(signed_at + timedelta(days=6)))
    assert_refused(post(skewed, body, signed_headers(body, pki.signing_key, url)), caplog,
                   "signing certificate is not valid at")


# --- refused: signature and headers ---------------------------------------------------------

def test_bad_signature(client: Any, pki: Pki, caplog: pytest.LogCaptureFixture) -> None:
    body = body_of(launch(now()))
    headers = signed_headers(body_of(launch(now())), pki.signing_key)  # a valid signature of another body
    assert_refused(post(client, body, headers), caplog, "Signature-256 does not match the body")


def test_tampered_body(client: Any, pki: Pki, caplog: pytest.LogCaptureFixture) -> None:
    original = launch(now())
    headers = signed_headers(body_of(original), pki.signing_key)
    original["session"]["attributes"] = {"v": 1, "checklist": None}
    assert_refused(post(client, body_of(original), headers), caplog, "Signature-256 does not match the body")


def test_signature_by_another_key(client: Any, pki: Pki, caplog: pytest.LogCaptureFixture) -> None:
    from tests.web.pki import new_key

    body = body_of(launch(now()))
    assert_refused(post(client, body, signed_headers(body, new_key())), caplog, "does not match the body")


def test_signature_not_base64(client: Any, pki: Pki, caplog: pytest.LogCaptureFixture) -> None:
    body = body_of(launch(now()))
    headers = {**signed_headers(body, pki.signing_key), "Signature-256": "not*base64!"}
    assert_refused(post(client, body, headers), caplog, "Signature-256 header is not base64")


@pytest.mark.parametrize("missing", ["SignatureCertChainUrl", "Signature-256"])
def test_missing_header(client: Any, pki: Pki, caplog: pytest.LogCaptureFixture, missing: str) -> None:
    body = body_of(launch(now()))
    headers = signed_headers(body, pki.signing_key)
    del headers[missing]
    assert_refused(post(client, body, headers), caplog, f"missing {missing} header")


@pytest.mark.parametrize("empty", ["SignatureCertChainUrl", "Signature-256"])
def test_empty_header(client: Any, pki: Pki, caplog: pytest.LogCaptureFixture, empty: str) -> None:
    body = body_of(launch(now()))
    headers = {**signed_headers(body, pki.signing_key), empty: ""}
    assert_refused(post(client, body, headers), caplog, f"missing {empty} header")


def test_unsigned_request_is_refused_by_default(client: Any, caplog: pytest.LogCaptureFixture) -> None:
    body = body_of(launch(now()))
    assert_refused(post(client, body, {"Content-Type": "application/json"}), caplog, "missing")


# --- refused: the certificate chain URL ------------------------------------------------------

BAD_URLS = {
    "http": "http://s3.amazonaws.com/echo.api/echo-api-cert-test.pem",
    "other host": "https://notamazon.com/echo.api/echo-api-cert-test.pem",
    "lookalike host": "https://s3.amazonaws.com.evil.example/echo.api/echo-api-cert-test.pem",
    "other path": "https://s3.amazonaws.com/EcHo.aPi/echo-api-cert-test.pem",
    "no path": "https://s3.amazonaws.com",
    "bare prefix": "https://s3.amazonaws.com/echo.api/",
    "other file": "https://s3.amazonaws.com/echo.api/anything.pem",
    "too long": "https://s3.amazonaws.com/echo.api/echo-api-cert-" + "1" * 300 + ".pem",
    "dot-dot": "https://s3.amazonaws.com/echo.api/../echo-api-cert-test.pem",
    "dot-dot deeper": "https://s3.amazonaws.com/echo.api/../../invalid.pem",
    "encoded dot-dot": "https://s3.amazonaws.com/echo.api/%2e%2e/echo-api-cert-test.pem",
    "other port": "https://s3.amazonaws.com:563/echo.api/echo-api-cert-test.pem",
    "bad port": "https://s3.amazonaws.com:https/echo.api/echo-api-cert-test.pem",
    "credentials": "https://user@s3.amazonaws.com/echo.api/echo-api-cert-test.pem",
    "not a url": "echo-api-cert-test.pem",
}
URL_REASONS = {"http": "scheme is not https", "other host": "host is not", "lookalike host": "host is not",
               "other path": "path is not under", "no path": "path is not under", "bare prefix": "path is not under",
               "other file": "file is not named echo-api-cert-*.pem", "too long": "is longer than 256 characters",
               "dot-dot": "path is not under", "dot-dot deeper": "path is not under",
               "encoded dot-dot": "path has escapes", "other port": "port is not 443", "bad port": "is not a URL",
               "credentials": "carries credentials", "not a url": "scheme is not https"}


@pytest.mark.parametrize("form", sorted(BAD_URLS))
def test_bad_certificate_url_is_refused_without_fetching(client: Any, pki: Pki, fetcher: RecordingFetcher,
                                                         caplog: pytest.LogCaptureFixture, form: str) -> None:
    body = body_of(launch(now()))
    response = post(client, body, signed_headers(body, pki.signing_key, BAD_URLS[form]))
    assert_refused(response, caplog, f"SignatureCertChainUrl {URL_REASONS[form]}")
    assert fetcher.fetched == []


# --- refused: the certificate chain ---------------------------------------------------------

CHAIN_CASES = {
    "wrong SAN": ("echo-api-cert-wrong-san.pem", "do not include echo-api.amazon.com"),
    "wildcard SAN only": ("echo-api-cert-wildcard-san.pem", "do not include echo-api.amazon.com"),
    "expired leaf": ("echo-api-cert-expired.pem", "signing certificate is not valid at"),
    "not yet valid leaf": ("echo-api-cert-not-yet-valid.pem", "signing certificate is not valid at"),
    "untrusted root": ("echo-api-cert-untrusted-root.pem", "certificate chain does not verify"),
    "not PEM": ("echo-api-cert-garbage.pem", "certificate chain is not valid PEM"),
    "cannot fetch": ("echo-api-cert-absent.pem", "could not fetch certificate chain"),
}


@pytest.mark.parametrize("case", sorted(CHAIN_CASES))
def test_bad_certificate_chain(client: Any, pki: Pki, caplog: pytest.LogCaptureFixture, case: str) -> None:
    name, reason = CHAIN_CASES[case]
    body = body_of(launch(now()))
    assert_refused(post(client, body, signed_headers(body, pki.signing_key, PREFIX + name)), caplog, reason)


def test_chain_is_checked_against_the_injected_roots_only(make_app: AppFactory, pki: Pki,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    """The default roots (certifi) do not include the test root, so the same request fails there."""
    client = make_app(trust_roots=None).test_client()
    body = body_of(launch(now()))
    assert_refused(post(client, body, signed_headers(body, pki.signing_key)), caplog, "does not verify")


class MovableClock:
    """A clock the test sets; requests are stamped with the same moment, so only certificate time moves."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


def test_remembered_chain_validation_ends_when_the_path_stops_being_valid(
        make_app: AppFactory, pki: Pki, caplog: pytest.LogCaptureFixture) -> None:
    """A chain validated once is not trusted past its intermediate's expiry, though its leaf lives on."""
    clock = MovableClock(now())
    client = make_app(clock=clock).test_client()
    url = PREFIX + "echo-api-cert-intermediate-expires-first.pem"
    for _ in range(2):
        body = body_of(launch(clock.moment))
        assert post(client, body, signed_headers(body, pki.signing_key, url)).status_code == 200
    clock.moment += timedelta(days=2)
    caplog.clear()
    body = body_of(launch(clock.moment))
    assert_refused(post(client, body, signed_headers(body, pki.signing_key, url)), caplog,
                   "certificate chain does not verify")


# --- refused: timestamp and skill ID --------------------------------------------------------

@pytest.mark.parametrize("offset, reason", [(-151, "s old"), (151, "s in the future"), (-3600, "s old")])
def test_stale_or_future_timestamp(client: Any, pki: Pki, caplog: pytest.LogCaptureFixture,
                                   offset: int, reason: str) -> None:
    body = body_of(launch(now() + timedelta(seconds=offset)))
    assert_refused(post(client, body, signed_headers(body, pki.signing_key)), caplog, reason)


def test_timestamp_inside_the_window_is_accepted(client: Any, pki: Pki) -> None:
    for offset in (-140, 140):
        body = body_of(launch(now() + timedelta(seconds=offset)))
        assert post(client, body, signed_headers(body, pki.signing_key)).status_code == 200


def test_skill_event_over_an_hour_old(client: Any, pki: Pki, caplog: pytest.LogCaptureFixture) -> None:
    body = body_of(skill_event("AlexaSkillEvent.SkillDisabled", now() - timedelta(minutes=70)))
    assert_refused(post(client, body, signed_headers(body, pki.signing_key)), caplog, "s old (limit 3600 s)")


def test_missing_timestamp(client: Any, pki: Pki, caplog: pytest.LogCaptureFixture) -> None:
    envelope = launch(now())
    del envelope["request"]["timestamp"]
    body = body_of(envelope)
    assert_refused(post(client, body, signed_headers(body, pki.signing_key)), caplog, "request has no timestamp")


def test_wrong_skill_id(client: Any, pki: Pki, caplog: pytest.LogCaptureFixture) -> None:
    body = body_of(launch(now(), skill_id=OTHER_SKILL_ID))
    assert_refused(post(client, body, signed_headers(body, pki.signing_key)), caplog, "is not on the allow-list")


def test_session_naming_another_skill(client: Any, pki: Pki, caplog: pytest.LogCaptureFixture) -> None:
    body = body_of(launch(now(), session_skill_id=OTHER_SKILL_ID))
    assert_refused(post(client, body, signed_headers(body, pki.signing_key)), caplog, "is not on the allow-list")


def test_no_skill_id(client: Any, pki: Pki, caplog: pytest.LogCaptureFixture) -> None:
    envelope = launch(now())
    del envelope["session"]["application"], envelope["context"]["System"]["application"]
    body = body_of(envelope)
    assert_refused(post(client, body, signed_headers(body, pki.signing_key)), caplog, "request names no skill ID")


# --- refused: the body itself ---------------------------------------------------------------

def fresh(request: dict[str, Any], **envelope_fields: Any) -> bytes:
    """A body with the envelope's usual session and context around ``request``, stamped now."""
    envelope = launch(now())
    envelope["request"] = {"timestamp": envelope["request"]["timestamp"], **request}
    envelope.update(envelope_fields)
    return body_of(envelope)


@pytest.mark.parametrize("body, reason", [
    (b"", "body is empty"),
    (b"this is not json", "body is not JSON"),
    (b'{"version": "1.0", "request": ', "body is not JSON"),
    (b"[" * 60_000 + b"]" * 60_000, "body is not JSON"),
    (b'"just a string"', "no request object"),
    (b"[]", "no request object"),
    (b"{}", "no request object"),
    (b"null", "no request object"),
    (b'{"request": "LaunchRequest"}', "no request object"),
    (b'{"request": {"timestamp": "2026-01-01T00:00:00Z"}}', "no request type"),
    (b'{"request": {"type": "LaunchRequest"}}', "request has no timestamp"),
    (b'{"request": {"type": "LaunchRequest", "timestamp": "yesterday-ish"}}', "timestamp is not ISO-8601"),
    (b'{"request": {"type": "LaunchRequest", "timestamp": 1700000000}}', "timestamp is not an ISO-8601 string"),
    (b'{"request": {"type": "LaunchRequest", "timestamp": "' + b"1." * 30_000 + b'"}}', "not an ISO-8601 string"),
    (b'{"request": {"type": "LaunchRequest", "timestamp": "2026-13-45T00:00:00Z"}}', "not a real time"),
    # Stamped when the test runs, not when it is collected: a full run takes longer than the 150 s limit.
    (lambda: fresh({"type": "NoSuchRequest"}), "not a readable request envelope"),
    (lambda: fresh({"type": "LaunchRequest"}, session={"attributes": "x", "application": {"applicationId": SKILL_ID}}),
     "not a readable request envelope"),
])
def test_body_that_is_not_an_envelope(client: Any, pki: Pki, caplog: pytest.LogCaptureFixture,
                                      body: bytes | Callable[[], bytes], reason: str) -> None:
    body = body() if callable(body) else body
    assert_refused(post(client, body, signed_headers(body, pki.signing_key)), caplog, reason)


def test_a_refused_body_is_never_logged_raw(client: Any, pki: Pki, caplog: pytest.LogCaptureFixture) -> None:
    """Terminal escapes and line breaks in a client's body reach the log escaped, never as themselves."""
    hostile = "\x1b[2J\x1b[31mFAKE LOG LINE\nINFO all good\r\x07"
    bodies = [hostile.encode(),
              json.dumps({"request": {"type": "LaunchRequest", "timestamp": hostile}}).encode(),
              fresh({"type": "LaunchRequest", "timestamp": "2026-01-01T00:00:00Z"}).replace(b"2026-01-01T00:00:00Z", hostile.encode()),
              fresh({"type": hostile}),
              fresh({"type": "LaunchRequest"}, session={"attributes": hostile, "application": {"applicationId": SKILL_ID}})]
    for body in bodies:
        post(client, body, signed_headers(body, pki.signing_key))
        header = hostile.replace("\n", " ").replace("\r", " ")  # HTTP itself forbids line breaks in headers
        post(client, body, {"SignatureCertChainUrl": CERT_URL + header, "Signature-256": header})
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 2 * len(bodies)
    for message in messages:
        assert message.startswith("request rejected: ")
        assert not any(ord(character) < 0x20 or ord(character) == 0x7f for character in message), repr(message)


def test_hostile_bodies_never_reach_a_fetch(client: Any, pki: Pki, fetcher: RecordingFetcher) -> None:
    """Stale, unreadable or foreign-skill bodies are refused on what they say, before any chain is fetched."""
    bodies = [b"not json", body_of(launch(now() - timedelta(hours=1))), body_of(launch(now(), skill_id=OTHER_SKILL_ID)),
              b'{"request": {"type": "LaunchRequest", "timestamp": "' + b"1." * 30_000 + b'"}}']
    for body in bodies:
        assert post(client, body, signed_headers(body, pki.signing_key)).status_code == 400
    assert fetcher.fetched == []


@pytest.mark.parametrize("signature, reason", [
    ("QUJD", "3 bytes, not an RSA signature's length"),
    ("A" * 4000, "longer than 2048 characters"),
])
def test_signature_of_the_wrong_shape_is_refused_before_a_fetch(client: Any, fetcher: RecordingFetcher,
                                                                caplog: pytest.LogCaptureFixture,
                                                                signature: str, reason: str) -> None:
    body = body_of(launch(now()))
    assert_refused(post(client, body, {"SignatureCertChainUrl": CERT_URL, "Signature-256": signature}), caplog, reason)
    assert fetcher.fetched == []


def test_junk_chain_urls_do_not_evict_the_real_chain(make_app: AppFactory, pki: Pki,
                                                     fetcher: RecordingFetcher) -> None:
    """Forged requests naming many chains that do not verify leave the real chain cached (one fetch in all)."""
    client = make_app().test_client()
    body = body_of(launch(now()))
    assert post(client, body, signed_headers(body, pki.signing_key)).status_code == 200
    for n in range(40):
        url = f"{PREFIX}echo-api-cert-junk-{n}.pem"
        fetcher.chains[url] = pki.chains[PREFIX + "echo-api-cert-untrusted-root.pem"]
        for _ in range(2):  # the second is refused from the failure list, without a fetch
            assert post(client, body, signed_headers(body, pki.signing_key, url)).status_code == 400
    body = body_of(launch(now()))
    assert post(client, body, signed_headers(body, pki.signing_key)).status_code == 200
    assert fetcher.fetched.count(CERT_URL) == 1
    assert len(fetcher.fetched) == 41


def test_body_that_is_not_utf8(client: Any, pki: Pki, caplog: pytest.LogCaptureFixture) -> None:
    body = body_of(launch(now())).replace(b"LaunchRequest", b"Launch\xffRequest")
    assert_refused(post(client, body, signed_headers(body, pki.signing_key)), caplog, "body is not UTF-8")


def test_oversize_body_is_refused_before_it_is_read(make_app: AppFactory, pki: Pki, fetcher: RecordingFetcher,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    client = make_app(WebConfig(skill_ids=frozenset({SKILL_ID}), max_body_bytes=4096)).test_client()
    envelope = launch(now())
    envelope["session"]["attributes"] = {"padding": "x" * 5000}
    body = body_of(envelope)
    assert_refused(post(client, body, signed_headers(body, pki.signing_key)), caplog, "body larger than 4096 bytes")
    assert fetcher.fetched == []


def test_oversize_chunked_body_is_refused(make_app: AppFactory, pki: Pki, caplog: pytest.LogCaptureFixture) -> None:
    """No Content-Length to trust: the limit applies while reading (gunicorn marks chunked input terminated)."""
    import io

    client = make_app(WebConfig(skill_ids=frozenset({SKILL_ID}), max_body_bytes=4096)).test_client()
    body = b"{" + b" " * 10000 + b"}"
    response = client.post("/", input_stream=io.BytesIO(body), environ_overrides={"wsgi.input_terminated": True},
                           headers={**signed_headers(body, pki.signing_key), "Transfer-Encoding": "chunked"})
    assert_refused(response, caplog, "body larger than 4096 bytes")


# --- other routes ---------------------------------------------------------------------------

def test_get_root_is_405(client: Any) -> None:
    response = client.get("/")
    assert response.status_code == 405
    assert response.get_json() == {"error": "Method Not Allowed"}
    assert "POST" in response.headers["Allow"]


def test_healthz(client: Any) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_unknown_path_is_a_bare_404(client: Any) -> None:
    response = client.get("/admin")
    assert response.status_code == 404 and response.get_json() == {"error": "Not Found"}


def test_refusals_never_reveal_the_reason(client: Any, pki: Pki) -> None:
    """The body of every refusal is the same few bytes, whatever went wrong."""
    body = body_of(launch(now()))
    bodies = {
        post(client, body, {}).get_data(),
        post(client, b"nonsense", signed_headers(b"nonsense", pki.signing_key)).get_data(),
        post(client, body, signed_headers(body, pki.signing_key, PREFIX + "echo-api-cert-expired.pem")).get_data(),
        post(client, body, signed_headers(body, pki.signing_key, BAD_URLS["dot-dot"])).get_data(),
    }
    assert len(bodies) == 1 and json.loads(bodies.pop()) == GENERIC_400


@pytest.mark.parametrize("text, expected", [
    ("2026-11-30T21:00:05Z", datetime(2026, 11, 30, 21, 0, 5, tzinfo=timezone.utc)),
    ("2026-11-30T21:00:05.123Z", datetime(2026, 11, 30, 21, 0, 5, 123000, tzinfo=timezone.utc)),
    ("2026-11-30T21:00:05.123456789Z", datetime(2026, 11, 30, 21, 0, 5, 123456, tzinfo=timezone.utc)),
    ("2026-11-30T22:00:05+01:00", datetime(2026, 11, 30, 21, 0, 5, tzinfo=timezone.utc)),
])
def test_timestamps_in_alexas_iso_8601_forms_are_read(text: str, expected: datetime) -> None:
    from skill.web.verifier import parse_timestamp

    assert parse_timestamp(text) == expected


def test_insecure_mode_still_reads_the_envelope_but_needs_no_timestamp(make_app: AppFactory,
                                                                       caplog: pytest.LogCaptureFixture) -> None:
    client = make_app(WebConfig(skill_ids=frozenset({SKILL_ID}), verify=False)).test_client()
    envelope = launch(now())
    del envelope["request"]["timestamp"]
    assert post(client, body_of(envelope), {}).status_code == 200
    caplog.clear()
    assert_refused(post(client, body_of(launch(now(), skill_id=OTHER_SKILL_ID)), {}), caplog, "not on the allow-list")
    caplog.clear()
    assert_refused(post(client, b"[" * 60_000, {}), caplog, "body is not JSON")


def test_the_sdk_parses_only_bodies_whose_signature_verified(client: Any, pki: Pki,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Forged, stale or malformed requests are refused before the SDK's deserialiser sees their bodies."""
    from skill.web.envelope import EnvelopeSerializer

    parsed: list[str | None] = []
    original = EnvelopeSerializer.deserialize

    def recording(self: Any, payload: str | None, obj_type: Any) -> Any:
        parsed.append(payload)
        return original(self, payload, obj_type)

    monkeypatch.setattr(EnvelopeSerializer, "deserialize", recording)
    body = body_of(launch(now()))
    other = body_of(launch(now()))
    refused = [
        (body, signed_headers(other, pki.signing_key)),  # a real signature, of another body
        (body, {**signed_headers(body, pki.signing_key), "Signature-256": "A" * 344}),  # right length, forged
        (body_of(launch(now() - timedelta(hours=2))), signed_headers(body, pki.signing_key)),
        (b'{"request": {"type": "LaunchRequest", "timestamp": "' + b"1." * 30_000 + b'"}}', signed_headers(body, pki.signing_key)),
    ]
    for refused_body, headers in refused:
        assert post(client, refused_body, headers).status_code == 400
    assert parsed == []
    assert post(client, body, signed_headers(body, pki.signing_key)).status_code == 200
    assert parsed == [body.decode("utf-8")]
