"""Send e-mail through SMTP when configured; always keep a copy in the outbox."""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from typing import Any

from flask import current_app, has_request_context, render_template
from sqlalchemy import select

from participa.core.jobs import Job, TryAgain, enqueue
from participa.core.models import OutboxMessage
from participa.db import utcnow
from participa.extensions import db

logger = logging.getLogger(__name__)


def send_mail(
    recipient: str,
    subject: str,
    template: str,
    *,
    headers: dict[str, str] | None = None,
    **context: Any,
) -> OutboxMessage:
    """Render ``email/<template>.txt`` (and ``.html`` if present) and send it to one person.

    ``headers`` adds message headers such as List-Unsubscribe (RFC 8058).
    """
    text = render_template(f"email/{template}.txt", **context)
    try:
        html = render_template(f"email/{template}.html", **context)
    except Exception:
        html = None
    message = OutboxMessage(
        recipient=recipient,
        subject=subject,
        body_text=text,
        body_html=html,
        headers=dict(headers or {}) or None,
    )
    db.session.add(message)
    db.session.flush()
    if current_app.config.get("MAIL_SERVER"):
        # With a queue the worker delivers it (retrying an unreachable server); without one,
        # right after the request's commit, or at once in a command.
        enqueue("mail.deliver", message_id=message.id)
    else:
        logger.info("mail to %s in outbox: %s\n%s", recipient, subject, text)
    return message


def _deliver(message: OutboxMessage) -> None:
    cfg = current_app.config
    email = EmailMessage()
    email["From"] = cfg["MAIL_DEFAULT_SENDER"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    for name, value in (message.headers or {}).items():
        email[name] = value
    email.set_content(message.body_text)
    if message.body_html:
        email.add_alternative(message.body_html, subtype="html")
    smtp_cls = smtplib.SMTP_SSL if cfg["MAIL_USE_SSL"] else smtplib.SMTP
    try:
        with smtp_cls(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=10) as smtp:
            if cfg["MAIL_USE_TLS"] and not cfg["MAIL_USE_SSL"]:
                smtp.starttls()
            if cfg["MAIL_USERNAME"]:
                smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"] or "")
            smtp.send_message(email)
        message.sent_at = utcnow()
    except (OSError, smtplib.SMTPException) as exc:
        # A mail server outage must not lose the user's action; the outbox keeps the message.
        logger.warning("SMTP delivery to %s failed: %s", message.recipient, exc)
        message.error = str(exc)[:500]


def deliver(message_id: int) -> None:
    """Send one outbox message through SMTP unless it was sent already (safe to run twice)."""
    # The row lock keeps two workers from sending the same message at once (PostgreSQL).
    message = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.id == message_id).with_for_update()
    ).first()
    if message is None or message.sent_at is not None:
        return
    _deliver(message)
    db.session.flush()
    if message.sent_at is None:
        raise TryAgain(message.error or "not sent")


# A mail server outage lasts minutes to hours: retry after 1 min, 5 min, 30 min and 2 h.
DELIVER = Job("mail.deliver", deliver, retry_delays=(60, 300, 1800, 7200), timeout=60)


@contextmanager
def url_context() -> Iterator[None]:
    """Build absolute links in requests and in commands (SERVER_NAME or PUBLIC_BASE_URL)."""
    if has_request_context():
        yield
        return
    config = current_app.config
    if config.get("SERVER_NAME"):
        base = f"{config.get('PREFERRED_URL_SCHEME', 'http')}://{config['SERVER_NAME']}"
    else:
        base = config.get("PUBLIC_BASE_URL") or "http://localhost"
    with current_app.test_request_context(base_url=base):
        yield
