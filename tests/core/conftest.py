"""Fixtures of the core tests."""

from __future__ import annotations

import pytest

from participa.core import mail


class FakeSMTP:
    """An SMTP server that refuses the first ``fail`` connections, then accepts."""

    fail = 0
    sent: list = []

    def __init__(self, host, port, timeout):
        if FakeSMTP.fail > 0:
            FakeSMTP.fail -= 1
            raise OSError("connection refused")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        pass

    def login(self, user, password):
        pass

    def send_message(self, email):
        FakeSMTP.sent.append(email["To"])


@pytest.fixture
def smtp(app, monkeypatch):
    FakeSMTP.fail, FakeSMTP.sent = 0, []
    monkeypatch.setattr(mail.smtplib, "SMTP", FakeSMTP)
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.example.org")
    return FakeSMTP
