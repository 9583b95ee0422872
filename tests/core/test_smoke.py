def test_home_lists_municipalities(client, municipality, other_municipality):
    response = client.get("/")
    assert response.status_code == 200
    assert "Villa Norte" in response.text and "Otra Ciudad" in response.text


def test_home_filters_by_country(client, municipality, other_municipality):
    response = client.get("/?country=CL")
    assert "Otra Ciudad" in response.text and "Villa Norte" not in response.text


def test_municipality_home_and_unknown_404(client, municipality):
    assert client.get("/m/villa-norte/").status_code == 200
    assert client.get("/m/nowhere/").status_code == 404


def test_navigation_offers_only_registered_features(app):
    from participa.core import nav

    nav.add_item(nav.NavItem("municipality", "missing.feature", "Missing"))
    with app.test_request_context("/"):
        endpoints = [item.endpoint for item in nav.items("municipality")]
    assert "missing.feature" not in endpoints
    assert endpoints == sorted(
        endpoints, key=lambda e: next(i.order for i in nav._items if i.endpoint == e)
    )


def test_smtp_delivery_carries_headers(app, monkeypatch):
    from participa.core import mail

    sent = []

    class FakeSMTP:
        def __init__(self, host, port, timeout):
            sent.append((host, port))

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def starttls(self):
            sent.append("tls")

        def login(self, user, password):
            sent.append(("login", user))

        def send_message(self, email):
            sent.append(email)

    monkeypatch.setattr(mail.smtplib, "SMTP", FakeSMTP)
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.example.org")
    monkeypatch.setitem(app.config, "MAIL_USERNAME", "bot")
    outbox = mail.OutboxMessage(
        recipient="a@example.org",
        subject="S",
        body_text="B",
        headers={"List-Unsubscribe": "<https://x/u>"},
    )
    with app.test_request_context():
        mail._deliver(outbox)
    email = sent[-1]
    assert email["List-Unsubscribe"] == "<https://x/u>" and email["To"] == "a@example.org"
    assert "tls" in sent and ("login", "bot") in sent and outbox.sent_at is not None


def test_smtp_failure_keeps_the_message(app, monkeypatch):
    from participa.core import mail

    def broken(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(mail.smtplib, "SMTP", broken)
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.example.org")
    outbox = mail.OutboxMessage(recipient="a@example.org", subject="S", body_text="B")
    with app.test_request_context():
        mail._deliver(outbox)
    assert outbox.sent_at is None and "connection refused" in outbox.error


def test_radio_fields_render_as_a_labelled_group(app):
    from flask import render_template_string
    from flask_wtf import FlaskForm
    from wtforms import RadioField
    from wtforms.validators import DataRequired

    class Choice(FlaskForm):
        decision = RadioField(
            "Decision", choices=[("a", "Accept"), ("r", "Reject")], validators=[DataRequired()]
        )

    with app.test_request_context("/"):
        html = render_template_string(
            '{% from "macros/forms.html" import field %}{{ field(form.decision) }}', form=Choice()
        )
    assert "<fieldset" in html and "<legend>Decision" in html
    assert html.count('type="radio"') == 2 and '<label for="decision-0">Accept</label>' in html
    assert "<ul" not in html
