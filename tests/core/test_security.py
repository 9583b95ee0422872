"""Security baseline: headers, redirects, secrets, error pages, size limits."""

import pytest

from participa import ConfigurationError, create_app
from participa.config import TestConfig
from participa.core.security import is_safe_next


def test_security_headers(client):
    response = client.get("/healthz")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in response.headers


def test_hsts_over_https(client):
    response = client.get("/healthz", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


@pytest.mark.parametrize(
    "target,ok",
    [
        ("/m/x/", True),
        ("/account/?tab=1", True),
        ("https://evil.example/", False),
        ("//evil.example/", False),
        ("/\\evil.example", False),
        ("javascript:alert(1)", False),
        ("", False),
        (None, False),
        ("/ok\r\nLocation: https://evil", False),
    ],
)
def test_is_safe_next(target, ok):
    assert is_safe_next(target) is ok


class ProductionConfig(TestConfig):
    ENV_NAME = "production"
    TESTING = False


@pytest.mark.parametrize("key", [None, "", "dev-only-insecure-secret-key", "short"])
def test_production_refuses_weak_secret(key):
    config = type("P", (ProductionConfig,), {"SECRET_KEY": key})
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        create_app(config)


def test_production_accepts_strong_secret():
    config = type("P", (ProductionConfig,), {"SECRET_KEY": "x" * 40})
    assert create_app(config).config["SESSION_COOKIE_HTTPONLY"] is True


def test_session_cookie_flags():
    from participa.config import Config

    assert Config.SESSION_COOKIE_HTTPONLY is True
    assert Config.SESSION_COOKIE_SAMESITE == "Lax"


def test_404_page_is_friendly_and_translated(client):
    response = client.get("/no-such-page", headers={"Accept-Language": "es"})
    assert response.status_code == 404
    assert "<h1>" in response.text


def test_405_page(client):
    response = client.get("/language")
    assert response.status_code == 405


def test_bad_language_is_400(client):
    assert client.post("/language", data={"locale": "xx"}).status_code == 400


def test_language_switch_ignores_external_next(client):
    response = client.post("/language", data={"locale": "en", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_oversize_body_is_413(client):
    response = client.post("/language", data={"locale": "en", "x": "a" * (6 * 1024 * 1024)})
    assert response.status_code == 413


def test_pagination_garbage_is_400(client):
    assert client.get("/?page=abc").status_code == 400
    assert client.get("/?page=99").status_code == 404


def test_unknown_upload_is_404(client):
    assert client.get("/uploads/nope").status_code == 404
