"""Production refuses per-process rate-limit counters and starts with Redis, no server needed."""

from __future__ import annotations

import importlib.util

import pytest
from flask import Flask

from participa import ConfigurationError, create_app
from participa.config import TestConfig
from participa.extensions import limiter


class ProductionConfig(TestConfig):
    ENV_NAME = "production"
    TESTING = False
    SECRET_KEY = "x" * 40
    RATELIMIT_ENABLED = True


@pytest.fixture(autouse=True)
def _give_the_limiter_back(app):
    # The limiter is one object shared by every app: leave it counting in memory (never in a
    # Redis that is not there) and switched as the suite's app wants it.
    yield
    scratch = Flask(__name__)
    scratch.config.update(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")
    limiter.init_app(scratch)
    limiter.init_app(app)


def _config(**settings):
    return type("P", (ProductionConfig,), settings)


@pytest.mark.parametrize("uri", ["memory://", "", None])
def test_production_refuses_per_process_rate_limit_storage(uri):
    with pytest.raises(ConfigurationError) as info:
        create_app(_config(RATELIMIT_STORAGE_URI=uri))
    message = str(info.value)
    assert "RATELIMIT_STORAGE_URI=redis://" in message and "participa[redis]" in message


def test_development_still_accepts_memory_storage():
    config = type("D", (TestConfig,), {"RATELIMIT_ENABLED": True})
    assert create_app(config).config["RATELIMIT_STORAGE_URI"] == "memory://"


def test_production_starts_with_redis_without_reaching_a_server(tmp_path):
    # Port 1 on the loopback: nothing listens there, so any connection attempt would fail.
    app = create_app(
        _config(
            RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0",
            SQLALCHEMY_DATABASE_URI="sqlite:///" + str(tmp_path / "prod.sqlite"),
        )
    )
    assert type(limiter.storage).__name__ == "RedisStorage"
    assert app.config["RATELIMIT_ENABLED"] is True


def test_redis_storage_without_the_library_says_how_to_install_it(monkeypatch):
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *args: None if name == "redis" else real_find_spec(name, *args),
    )
    with pytest.raises(ConfigurationError, match=r"pip install 'participa\[redis\]'"):
        create_app(_config(RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0"))


def test_production_without_rate_limits_needs_no_storage():
    app = create_app(_config(RATELIMIT_ENABLED=False))
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"
