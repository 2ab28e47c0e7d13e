"""Exposure by default (issue 14, point 9): metrics behind a token, /docs without a CDN,
X-Forwarded-For believed only from trusted proxies, and no placeholder or unset SECRET_KEY
outside development, with every secret setting kept out of reprs and dumps."""

import re
from collections.abc import Callable
from urllib.parse import urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser
from pydantic import SecretStr, ValidationError

from amparo.settings import PLACEHOLDER_SECRETS, Settings
from tests import signing
from tests.conftest import Served, serving
from tests.people import service_of
from tests.test_console_browser import browser  # noqa: F401 - the shared Chromium fixture

METRICS_TOKEN = "metrics-token-for-tests"


def test_metrics_need_the_token(live: TestClient) -> None:
    unset = live.get("/metrics")
    assert unset.status_code == 404 and "METRICS_TOKEN" in unset.json()["detail"]
    service_of(live).settings.metrics_token = SecretStr(METRICS_TOKEN)
    for header in ({}, {"Authorization": "Bearer guess"}, {"Authorization": "Bearer é".encode()}):
        refused = live.get("/metrics", headers=header)
        assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
        assert "amparo_open_cases" not in refused.text
    shown = live.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    assert shown.status_code == 200 and "amparo_open_cases" in shown.text


def statuses(served: Served, claims: list[str]) -> list[int]:
    """/api/me from loopback once per address, each claiming to forward for that address."""
    with httpx.Client(base_url=served.url) as http:
        return [http.get("/api/me", headers={"X-Forwarded-For": a}).status_code for a in claims]


@pytest.mark.parametrize("trusted", ["", "127.0.0.1"], ids=["no-proxy", "proxy-on-loopback"])
def test_forwarded_for_counts_only_from_trusted_proxies(
    channel_settings: Settings, make_app: Callable[[Settings], TestClient], trusted: str
) -> None:
    settings = channel_settings.model_copy(
        update={"ip_limit_per_minute": 5, "trusted_proxies": trusted}
    )
    with serving(make_app(settings).app) as served:
        spoofed = statuses(served, [f"203.0.113.{n}" for n in range(8)])
        if not trusted:  # eight "clients", one real address: the limit holds
            assert spoofed == [401] * 5 + [429] * 3
        else:  # the proxy is believed: eight clients, each under its limit
            assert spoofed == [401] * 8
            assert statuses(served, ["198.51.100.7"] * 6) == [401] * 5 + [429]


def test_docs_are_served_by_the_app_itself(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert "default-src 'self'" in page.headers["content-security-policy"]
    links = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert links and all(link.startswith("/docs/assets/") for link in links), links
    assert "cdn" not in page.text and "validator.swagger.io" not in page.text
    for link in links:
        assert client.get(link).status_code == 200, link
    assert client.get("/redoc").status_code == 404  # ReDoc would need a CDN: not offered
    assert client.get("/openapi.json").status_code == 200


def test_docs_render_in_a_browser_from_this_origin_only(
    served: Served,
    browser: Browser,  # noqa: F811
) -> None:
    origin = urlsplit(served.url).netloc
    page = browser.new_page()
    requested: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto(f"{served.url}/docs")
        page.wait_for_selector(".opblock-summary-path", timeout=15_000)
        assert page.locator(".opblock-summary-path", has_text="/model/parse").count() >= 1
    finally:
        page.close()
    assert requested and all(urlsplit(url).netloc == origin for url in requested), requested
    assert errors == []  # nothing refused by the page's Content-Security-Policy


@pytest.mark.parametrize("key", [*PLACEHOLDER_SECRETS, "", "   "])
def test_production_refuses_a_placeholder_or_unset_secret_key(key: str) -> None:
    with pytest.raises(ValidationError, match="SECRET_KEY is unset or the placeholder"):
        Settings(secret_key=key, environment="production")
    assert Settings(secret_key=key or "x", environment="development")  # your own machine


def test_secrets_never_show_in_the_settings() -> None:
    settings = signing.every_channel(
        "sqlite://",
        "http://127.0.0.1:9",
        secret_key="the-real-secret-key",
        metrics_token=METRICS_TOKEN,
        smtp_host="127.0.0.1",
        smtp_from="amparo@example.org",
        smtp_username="amparo",
        smtp_password="smtp-password-for-tests",
    )
    shown = repr(settings) + str(settings) + str(settings.model_dump())
    for value in (
        "the-real-secret-key",
        METRICS_TOKEN,
        "smtp-password-for-tests",
        signing.TWILIO_TOKEN,
        signing.WHATSAPP_SECRET,
        signing.WHATSAPP_VERIFY,
        "graph-token",
        signing.TELEGRAM_TOKEN,
        signing.TELEGRAM_SECRET,
    ):
        assert value not in shown, value
