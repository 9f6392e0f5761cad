"""Issue 16, layer 14: a strict Content-Security-Policy, Permissions-Policy and
Cross-Origin-Resource-Policy on every kind of answer, and the endpoint browsers report
violations to. (The browser tests fail on any violation: tests/e2e/conftest.py.)"""

import gzip
import json
import logging
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def assert_strict_policy(response):
    policy = directives(response)
    assert policy["default-src"] == ["'none'"]
    for directive in ("script-src", "style-src"):
        assert policy[directive][0] == "'self'"
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "data:", "https:"} & set(
            policy[directive]
        ), policy[directive]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["report-uri"] == ["/csp-report/"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    return policy


def signed_in(user):
    browser = Client()
    browser.force_login(user)
    return browser


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/action-lines/",
        "/ar/action-lines/",
        "/stocktaking/",
        "/documents/",
        "/accounts/login/",
        "/accounts/register/",
        "/api/v1/",
        "/api/v1/action-lines/?format=csv",
        "/api/schema/",
        "/healthz",
        "/.well-known/security.txt",
        "/static/css/portal.css",
        "/no-such-page/",
        "/api/v1/no-such-list/",
    ],
)
def test_every_public_answer_carries_the_strict_policy(client, path):
    response = client.get(path)
    assert response.status_code in (200, 404, 503), response.status_code
    assert_strict_policy(response)


#: What the Permissions-Policy turns off: every feature the portal does not use that Chromium
#: knows. A name Chromium does not know ("ambient-light-sensor", "bluetooth") only earns an
#: "Unrecognized feature" error in the console of every page.
FEATURES_OFF = {
    "accelerometer",
    "autoplay",
    "browsing-topics",
    "camera",
    "display-capture",
    "encrypted-media",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
}


def test_the_permissions_policy_names_only_features_chromium_knows(client):
    header = client.get("/")["Permissions-Policy"]
    allowlists = dict(item.strip().split("=", 1) for item in header.split(","))
    assert "ambient-light-sensor" not in allowlists and "bluetooth" not in allowlists
    assert {name for name, allowed in allowlists.items() if allowed == "()"} == FEATURES_OFF
    assert allowlists["clipboard-write"] == allowlists["fullscreen"] == "(self)"
    assert len(allowlists) == len(FEATURES_OFF) + 2


def test_the_signed_in_workspace_carries_the_strict_policy(facilitator, line):
    browser = signed_in(facilitator)
    for path in (
        reverse("actionlines:my-action-lines"),
        reverse("actionlines:page-edit", args=[line.slug]),
        reverse("actionlines:roadmap", args=[line.slug]),
    ):
        response = browser.get(path)
        assert response.status_code == 200, path
        assert_strict_policy(response)


def test_the_admin_carries_the_strict_policy(admin_user):
    # The admin's sign-in is the portal's (accounts.admin_site).
    assert_strict_policy(Client().get("/admin/login/", follow=True))
    browser = signed_in(admin_user)
    for path in ("/admin/", "/admin/auth/user/", "/admin/auth/user/add/"):
        response = browser.get(path)
        assert response.status_code == 200, path
        assert_strict_policy(response)


def test_error_pages_carry_the_strict_policy(stakeholder, settings):
    assert_strict_policy(signed_in(stakeholder).get(reverse("actionlines:my-action-lines")))
    assert_strict_policy(Client().get("/", HTTP_HOST="evil.example"))
    settings.ROOT_URLCONF = "tests.support.failing_urls"
    for path in ("/boom/", "/api/v1/boom/"):
        response = Client(raise_request_exception=False).get(path)
        assert response.status_code == 500
        assert_strict_policy(response)


def test_the_api_docs_get_only_what_their_viewers_need(client):
    swagger = assert_strict_policy(client.get("/api/docs/"))
    assert swagger["img-src"] == ["'self'", "data:"]
    assert "<style" not in client.get("/api/docs/").content.decode()
    script = client.get("/api/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()

    response = client.get("/api/docs/redoc/")
    redoc = assert_strict_policy(response)
    assert redoc["worker-src"] == ["blob:"]
    page = response.content.decode()
    # Redoc's styles carry the page's nonce: the one in the header.
    nonce = re.search(r'nonce="([^"]+)"', page).group(1)
    assert f"'nonce-{nonce}'" in redoc["style-src"]
    assert "<style" not in page and "<script>" not in page
    assert (
        client.get("/api/docs/redoc/")["Content-Security-Policy"]
        != response["Content-Security-Policy"]
    ), "a nonce is used once"


def test_redoc_loads_its_bundle_from_the_portal_without_the_vendors_logo(client):
    """Redoc's bundle drew its vendor's logo from the vendor's site, which the policy blocked on
    every visit: the portal's copy asks for no outside address, and the policy stays as
    narrow (images from the portal and data: only)."""
    page = client.get("/api/docs/redoc/")
    assert directives(page)["img-src"] == ["'self'", "data:"]
    src = re.search(r'<script src="([^"]+)"></script>', page.content.decode()).group(1)
    assert src == "/api/docs/redoc/redoc.standalone.js"
    bundle = client.get(src)
    assert bundle.status_code == 200
    assert bundle["Content-Type"] == "text/javascript; charset=utf-8"
    code = bundle.content.decode()
    assert "Redoc" in code and "API docs by Redocly" in code
    assert "cdn.redoc.ly" not in code
    again = client.get(src, HTTP_IF_NONE_MATCH=bundle["ETag"])
    assert again.status_code == 304
    packed = client.get(src, HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content) == bundle.content
    assert packed["ETag"] != bundle["ETag"]
    assert client.post(src).status_code == 405


def test_the_browsable_api_allows_drfs_fixed_style_attributes_only(client):
    response = client.get("/api/v1/action-lines/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    policy = assert_strict_policy(response)
    assert policy["style-src-attr"][0] == "'unsafe-hashes'"
    assert all(source.startswith("'sha256-") for source in policy["style-src-attr"][1:])
    assert "<style>" not in response.content.decode()


def test_uploaded_media_keeps_its_sandbox(client, settings, tmp_path):
    settings.SERVE_MEDIA = True
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    response = client.get("/media/logo.png")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


def test_no_template_holds_inline_script_style_or_handler():
    """Pages the browser tests do not visit are held to the policy too: no template of the
    portal has an inline <script>, a <style> element, a style attribute or an on…= handler."""
    inline = re.compile(
        r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=|javascript:", re.I
    )
    offenders = [
        f"{template.relative_to(ROOT)}: {match.group(0)}"
        for folder in (ROOT / "templates", *ROOT.glob("*/templates"))
        for template in folder.rglob("*.html")
        for match in inline.finditer(template.read_text())
    ]
    assert offenders == []


# --- the report endpoint ------------------------------------------------------------------

REPORT = {
    "csp-report": {
        "document-uri": "https://portal.example.org/stocktaking/?q=my+private+search",
        "referrer": "",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "original-policy": "default-src 'none'",
        "disposition": "enforce",
        "blocked-uri": "inline",
        "line-number": 12,
        "source-file": "https://portal.example.org/stocktaking/?q=my+private+search",
        "status-code": 200,
        "script-sample": "alert(1)",
    }
}
REPORTING_API = [
    {
        "type": "csp-violation",
        "age": 10,
        "url": "https://portal.example.org/",
        "user_agent": "Mozilla/5.0",
        "body": {
            "documentURL": "https://portal.example.org/",
            "effectiveDirective": "img-src",
            "blockedURL": "https://tracker.example/pixel.gif?id=1",
            "disposition": "enforce",
            "statusCode": 200,
        },
    }
]


def post_report(client, body, content_type="application/csp-report", **extra):
    data = body if isinstance(body, bytes | str) else json.dumps(body)
    return client.post("/csp-report/", data, content_type=content_type, **extra)


def test_a_browsers_report_is_logged_without_query_strings(client, caplog):
    with caplog.at_level(logging.WARNING, logger="wsis_portal.csp"):
        response = post_report(client, REPORT)
    assert response.status_code == 202
    assert response.json() == {"logged": 1}
    [record] = [r for r in caplog.records if r.name == "wsis_portal.csp"]
    message = record.getMessage()
    assert "script-src-elem" in message and "alert(1)" in message
    assert "https://portal.example.org/stocktaking/" in message
    assert "my+private+search" not in message


def test_a_reporting_api_batch_is_logged(client, caplog):
    with caplog.at_level(logging.WARNING, logger="wsis_portal.csp"):
        response = post_report(client, REPORTING_API, content_type="application/reports+json")
    assert (response.status_code, response.json()) == (202, {"logged": 1})
    message = caplog.records[-1].getMessage()
    assert "https://tracker.example/pixel.gif" in message and "id=1" not in message


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"\xff\xfe\x00",
        b"[" * 5_000 + b"]" * 5_000,
        "null",
        "42",
        '"csp-report"',
        "[]",
        "[1, 2]",
        '{"csp-report": "inline"}',
        '{"csp-report": null}',
        '[{"type": "csp-violation", "body": "x"}]',
        '[{"type": "deprecation", "body": {}}]',
        '{"report": {"blocked-uri": "x"}}',
        '{"csp-report": "\' OR 1=1 --"}',
    ],
)
def test_junk_is_refused_in_json_and_never_a_server_error(client, body):
    response = post_report(client, body)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_report"


def test_odd_field_values_are_logged_as_one_line(client, caplog):
    odd = {
        "csp-report": {
            "document-uri": "javascript:alert(1)\nFAKE LOG LINE",
            "blocked-uri": "<script>alert(1)</script>",
            "line-number": {"nested": ["object"]},
            "script-sample": "x" * 10_000,
            "disposition": True,
        }
    }
    with caplog.at_level(logging.WARNING, logger="wsis_portal.csp"):
        assert post_report(client, odd).status_code == 202
    message = caplog.records[-1].getMessage()
    assert "\n" not in message and "nested" not in message and "x" * 301 not in message


def test_an_oversized_report_is_refused_unread(client):
    big = {"csp-report": {"blocked-uri": "inline", "script-sample": "x" * 20_000}}
    response = post_report(client, big)
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
)
def test_another_content_type_is_refused(client, content_type):
    assert post_report(client, REPORT, content_type=content_type).status_code == 415


def test_only_a_post_with_a_body_is_accepted(client):
    assert client.get("/csp-report/").status_code == 405
    assert client.post("/csp-report/").status_code == 415


def test_a_flood_of_reports_is_throttled(client, settings):
    settings.STOCKTAKING_RATE_LIMITS = {"csp-report": (3, 600)}
    assert [post_report(client, REPORT).status_code for _ in range(4)] == [202, 202, 202, 429]
    refused = post_report(client, REPORT)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "600"
    assert refused.json()["code"] == "throttled"
    # Another client is counted apart.
    assert post_report(client, REPORT, REMOTE_ADDR="192.0.2.7").status_code == 202
