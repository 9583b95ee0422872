"""Times shown to people are in the zone of the municipality they belong to, also on pages that
lie outside any municipality (notifications, profiles, account, platform admin, network pages)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from participa.core.i18n import local_date, local_datetime
from participa.extensions import db
from participa.moderation.models import ParticipationBlock
from participa.moderation.rules import block_message
from participa.municipalities.models import ResidencyRequest
from tests import factories
from tests.english import _english  # noqa: F401 - an autouse fixture

# 01:30 UTC on 10 May is still 9 May (22:30) in Buenos Aires and (20:30) in Bogotá.
LATE = datetime(2024, 5, 10, 1, 30, tzinfo=UTC)


def test_filters_take_a_zone_name_or_an_object_with_a_timezone(app):
    bogota = factories.MunicipalityFactory(timezone="America/Bogota")
    with app.test_request_context():
        assert local_datetime(LATE, "short", "America/Bogota").endswith("8:30\u202fPM")
        by_name = local_datetime(LATE, "short", "America/Bogota")
        assert local_datetime(LATE, "short", bogota) == by_name
        assert local_date(LATE, "medium", bogota) == "May 9, 2024"
        # Without a zone: the page's zone (here the platform default, UTC).
        assert local_date(LATE) == "May 10, 2024"
        assert local_datetime(LATE, "short").endswith("1:30\u202fAM")
        # An unknown zone falls back instead of failing; plain dates are left alone.
        assert local_date(LATE, "medium", "Mars/Olympus") == "May 10, 2024"
        assert local_date(date(2024, 5, 10), "medium", bogota) == "May 10, 2024"
        assert local_datetime(None) == "" and local_date(None) == ""


def test_block_message_uses_the_municipality_zone_outside_its_pages(app):
    bogota = factories.MunicipalityFactory(timezone="America/Bogota")
    person = factories.UserFactory()
    block = ParticipationBlock(municipality_id=bogota.id, user_id=person.id, until=LATE,
                               reason="spam")  # fmt: skip
    db.session.add(block)
    db.session.commit()
    with app.test_request_context():
        message = block_message(block)
    assert "May 9, 2024" in message and "8:30" in message


def test_admin_sees_the_archive_date_in_the_municipality_zone(client, login, platform_admin):
    archived = factories.MunicipalityFactory(timezone="America/Bogota", archived_at=LATE)
    login(platform_admin)
    html = client.get(f"/admin/municipalities/{archived.id}").text
    assert "Archived on May 9, 2024." in html


def test_account_page_shows_residency_requests_in_their_municipality_zone(client, login, user):
    bogota = factories.MunicipalityFactory(timezone="America/Bogota")
    db.session.add(ResidencyRequest(user_id=user.id, municipality_id=bogota.id, created_at=LATE))
    db.session.commit()
    login(user)
    html = client.get("/account/").text
    assert "May 9, 2024" in html and "May 10, 2024" not in html


def test_review_queue_shows_submission_dates_in_the_municipality_zone(client, login):
    from participa.indicators.framework import load_framework, read_framework_file
    from tests.indicators.helpers import make_assessment

    load_framework(read_framework_file(), make_current=True)
    db.session.commit()
    bogota = factories.MunicipalityFactory(timezone="America/Bogota")
    assessment = make_assessment(bogota, status="submitted")
    assessment.submitted_at = LATE
    db.session.commit()
    login(factories.UserFactory(is_platform_admin=True))
    html = client.get("/indicators/review").text
    assert "submitted on May 9, 2024" in html


def test_iso_text_dates_are_read_and_shown_in_the_zone(app):
    with app.test_request_context():
        assert local_date("2024-05-10T01:30:00Z", "medium", "America/Bogota") == "May 9, 2024"
        assert local_date("2024-05-10T01:30:00-05:00", "medium", "America/Bogota") == (
            "May 10, 2024"
        )
        assert local_date("2024-05-10", "medium", "America/Bogota") == "May 10, 2024"
        assert local_date("sometime in May") == "sometime in May"


def test_contracting_dates_are_localized_in_the_municipality_zone(app):
    from flask import g, render_template_string

    bogota = factories.MunicipalityFactory(timezone="America/Bogota")
    with app.test_request_context():
        g.municipality = bogota
        html = render_template_string(
            '{% from "contracting/_macros.html" import when %}{{ when(moment) }}',
            moment="2024-05-10T01:30:00Z",
        )
    assert html == '<time datetime="2024-05-10T01:30:00Z">May 9, 2024</time>'
